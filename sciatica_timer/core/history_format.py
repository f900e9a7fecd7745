"""The history's export formats: a JSON document that imports back losslessly, and a CSV for spreadsheets.

JSON (docs/history-export.md): one object with ``format``, ``format_version``, ``exported_utc``, ``sessions``
(each with its ``phases``) and ``diary``. Times are local with their UTC offset ("2024-05-01T08:30:00+02:00").
Every record has a ``uid`` that never changes, so importing the same file twice adds nothing.
``parse_document`` checks a document and reports every problem with its place in the file.

CSV: one table, one row per session or diary entry in time order, told apart by the ``type`` column.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, TypeVar

from sciatica_timer.core.diary import (
    PAIN_MAX,
    PAIN_MIN,
    PAIN_SCALE,
    DiaryEntry,
    PainRegion,
    PainSide,
    SessionDetail,
    SessionSummary,
)
from sciatica_timer.core.i18n import N_, _, ngettext
from sciatica_timer.core.json_shape import TOP_LEVEL, Bounds, Checker, got, show
from sciatica_timer.core.plan import PhaseKind, Side
from sciatica_timer.core.record import PhaseOutcome, PhaseRecord, SessionStatus
from sciatica_timer.errors import UserError

FORMAT_NAME = "sciatica-timer-history"
FORMAT_VERSION = 1
UID_MAX_LENGTH = 64
TENDERNESS_SCALE = N_("use a whole number from 0 (not sore) to 10")
TEXT_MAX_LENGTH = 10_000  # a note; far more than anyone types after a session

DOCUMENT_FIELDS = ("format", "format_version", "exported_utc", "sessions", "diary")
SESSION_FIELDS = (
    "uid",
    "routine_id",
    "routine_name",
    "routine",
    "started",
    "ended",
    "status",
    "stop_reason",
    "pain_before",
    "pain_after",
    "followup_pain",
    "followup_at",
    "note",
    "active_s",
    "paused_s",
    "phases",
    "pain_region",
    "pain_side",
)
PHASE_FIELDS = (
    "phase_index",
    "step_index",
    "kind",
    "point_code",
    "side",
    "repetition",
    "planned_s",
    "actual_s",
    "skipped",
    "outcome",
    "waited_s",
    "tenderness",
)
DIARY_FIELDS = ("uid", "at", "score", "region", "side", "note", "entered_later")

CSV_COLUMNS = (
    "type",  # "session" or "pain" (a diary entry)
    "date",  # local date, YYYY-MM-DD
    "time",  # local time, HH:MM
    "utc_offset",  # +02:00: the local time's offset from UTC when it was recorded
    "routine",
    "status",
    "pain_before",
    "pain_after",
    "followup_pain",
    "pain",  # a diary entry's score
    "region",
    "side",
    "active_min",
    "paused_min",
    "stop_reason",
    "note",
    "uid",
)

E = TypeVar("E", bound=StrEnum)


# ----------------------------------------------------------------------------------------------------
# Export


def export_document(
    sessions: Sequence[SessionDetail], diary: Sequence[DiaryEntry], exported: datetime
) -> dict[str, Any]:
    """The JSON export: everything needed to rebuild the history elsewhere, ids aside."""
    return {
        "format": FORMAT_NAME,
        "format_version": FORMAT_VERSION,
        "exported_utc": exported.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "sessions": [session_to_dict(detail) for detail in sessions],
        "diary": [diary_to_dict(entry) for entry in diary],
    }


def _moment(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat(timespec="seconds")


def session_to_dict(detail: SessionDetail) -> dict[str, Any]:
    s = detail.summary
    return {
        "uid": _cell_text(s.uid),
        "routine_id": s.routine_id,
        "routine_name": s.routine_name,
        "routine": dict(detail.routine_snapshot),
        "started": _moment(s.started),
        "ended": _moment(s.ended),
        "status": _cell_text(s.status.value),
        "stop_reason": s.stop_reason,
        "pain_before": s.pain_before,
        "pain_after": s.pain_after,
        "followup_pain": s.followup_pain,
        "followup_at": _moment(s.followup_at),
        "note": s.note,
        "active_s": s.active_s,
        "paused_s": s.paused_s,
        "phases": [phase_to_dict(phase) for phase in detail.phases],
        "pain_region": None if s.pain_region is None else s.pain_region.value,
        "pain_side": None if s.pain_side is None else s.pain_side.value,
    }


def phase_to_dict(phase: PhaseRecord) -> dict[str, Any]:
    return {
        "phase_index": phase.phase_index,
        "step_index": phase.step_index,
        "kind": phase.kind.value,
        "point_code": phase.point_code,
        "side": None if phase.side is None else phase.side.value,
        "repetition": phase.repetition,
        "planned_s": phase.planned_s,
        "actual_s": phase.actual_s,
        "skipped": phase.skipped,
        "outcome": phase.outcome.value,
        "waited_s": phase.waited_s,
        "tenderness": phase.tenderness,
    }


def diary_to_dict(entry: DiaryEntry) -> dict[str, Any]:
    return {
        "uid": entry.uid,
        "at": _moment(entry.at),
        "score": entry.score,
        "region": None if entry.region is None else entry.region.value,
        "side": None if entry.side is None else entry.side.value,
        "note": entry.note,
        "entered_later": entry.entered_later,
    }


# ----------------------------------------------------------------------------------------------------
# Import


class HistoryFormatError(UserError):
    """An export file that cannot be imported. ``str()`` is one line; ``lines()`` gives every problem."""

    def __init__(self, problems: Sequence[str], source: str) -> None:
        self.problems = tuple(problems)
        self.source = source
        super().__init__(str(self))

    def lines(self) -> list[str]:
        return [f"{self.source}: {problem}" for problem in self.problems]

    def __str__(self) -> str:
        first = (
            self.lines()[0] if self.problems else _("{source}: cannot be imported").format(source=self.source)
        )
        more = len(self.problems) - 1
        return (
            first
            if more <= 0
            else ngettext(
                "{first} (and {more} more problem)", "{first} (and {more} more problems)", more
            ).format(first=first, more=more)
        )


@dataclass(frozen=True, slots=True)
class ImportedHistory:
    """A checked export document. Ids are 0: the store numbers what it adds."""

    sessions: tuple[SessionDetail, ...]
    diary: tuple[DiaryEntry, ...]


PhaseValues = tuple[
    int, int, PhaseKind, str | None, Side | None, int, float, float, bool, PhaseOutcome, float, int | None
]
"""A phase's values in the order of PhaseRecord's fields: ``PhaseRecord(*values)`` is the phase."""


@dataclass(frozen=True, slots=True)
class CheckedExport:
    """A checked export document, its phases as plain values: what the store's import writes. Building a
    PhaseRecord for each of an export's 200,000 phases would take most of the import's time."""

    sessions: tuple[tuple[SessionDetail, tuple[PhaseValues, ...]], ...]  # each SessionDetail without phases
    diary: tuple[DiaryEntry, ...]


def parse_document(data: object, source: str) -> ImportedHistory:
    """Check an export document (as json.loads returns it) and turn it into records.

    Raises HistoryFormatError naming every problem with its place (``sessions[3].phases[2].kind``).
    """
    checked = check_document(data, source)
    sessions = tuple(
        SessionDetail(
            summary=detail.summary,
            routine_snapshot=detail.routine_snapshot,
            phases=tuple(PhaseRecord(*values) for values in phases),
        )
        for detail, phases in checked.sessions
    )
    return ImportedHistory(sessions=sessions, diary=checked.diary)


def check_document(data: object, source: str) -> CheckedExport:
    """As parse_document, with each session's phases as values rather than records."""
    checker = Checker()
    top = _Fields.of(data, TOP_LEVEL, checker, DOCUMENT_FIELDS, _("an export file"))
    if top is None:
        raise HistoryFormatError([str(problem) for problem in checker.problems], source)
    if top.has("format") and top.obj["format"] != FORMAT_NAME:
        checker.add(
            "format",
            _('should be "{FORMAT_NAME}"; is this a history export?').format(FORMAT_NAME=FORMAT_NAME),
        )
    version = top.integer("format_version", _FORMAT_VERSIONS)
    if version > FORMAT_VERSION:
        newer = _(
            "format_version: {version} is newer than this version of Sciatica Timer reads (up to "
            "{FORMAT_VERSION}); nothing was imported"
        ).format(version=version, FORMAT_VERSION=FORMAT_VERSION)
        raise HistoryFormatError([newer], source)
    sessions = tuple(_sessions(top.items("sessions"), checker))
    diary = tuple(_diary(top.items("diary"), checker))
    _no_repeated_uids([s.summary.uid for s, _ in sessions], "sessions", checker)
    _no_repeated_uids([e.uid for e in diary], "diary", checker)
    if checker.problems:
        raise HistoryFormatError([str(problem) for problem in checker.problems], source)
    return CheckedExport(sessions=sessions, diary=diary)


def _sessions(
    items: Iterator[tuple[str, object]], checker: Checker
) -> Iterator[tuple[SessionDetail, tuple[PhaseValues, ...]]]:
    for where, item in items:
        f = _Fields.of(item, where, checker, SESSION_FIELDS, _("a session"))
        if f is None:
            continue
        summary = SessionSummary(
            id=0,
            uid=f.text("uid", _UID_LENGTH),
            routine_id=f.text("routine_id"),
            routine_name=f.text("routine_name"),
            started=f.moment("started"),
            ended=f.optional_moment("ended"),
            status=f.choice("status", SessionStatus),
            stop_reason=f.optional_text("stop_reason"),
            pain_before=f.optional_integer("pain_before", _PAIN, _(PAIN_SCALE)),
            pain_after=f.optional_integer("pain_after", _PAIN, _(PAIN_SCALE)),
            followup_pain=f.optional_integer("followup_pain", _PAIN, _(PAIN_SCALE)),
            followup_at=f.optional_moment("followup_at"),
            note=f.optional_text("note"),
            active_s=f.seconds("active_s"),
            paused_s=f.seconds("paused_s"),
            pain_region=f.optional_choice("pain_region", PainRegion),
            pain_side=f.optional_choice("pain_side", PainSide),
        )
        snapshot = f.object("routine")
        phases = tuple(_phases(f, checker))
        yield SessionDetail(summary=summary, routine_snapshot=snapshot, phases=()), phases


def _phases(session: _Fields, checker: Checker) -> Iterator[PhaseValues]:
    # An export holds twenty phases or so for each session: most go through the quick reading, and only
    # one that it does not take is read field by field, which names every problem with its place.
    where, items = session.listed("phases")
    for index, item in enumerate(items):
        values = _plain_phase(item)
        if values is None:
            phase = _checked_phase(item, f"{where}[{index}]", checker)
            if phase is None:
                continue
            values = (
                phase.phase_index,
                phase.step_index,
                phase.kind,
                phase.point_code,
                phase.side,
                phase.repetition,
                phase.planned_s,
                phase.actual_s,
                phase.skipped,
                phase.outcome,
                phase.waited_s,
                phase.tenderness,
            )
        yield values


_PHASE_FIELD_SET = frozenset(PHASE_FIELDS)
_KINDS = {kind.value: kind for kind in PhaseKind}
_OUTCOMES = {outcome.value: outcome for outcome in PhaseOutcome}
_SIDES = {side.value: side for side in Side}


def _plain_phase(item: object) -> PhaseValues | None:
    """A phase whose every field is plainly right, read in one pass; None for anything else (even a
    bool where a number belongs, or a key given twice), which ``_checked_phase`` then reads and reports.

    Written out flat, without helpers: it runs for every phase of an export, 200,000 times for ten years.
    """
    if type(item) is not dict or not _PHASE_FIELD_SET.issuperset(item):
        return None
    get = item.get
    phase_index, step_index, repetition = get("phase_index"), get("step_index"), get("repetition")
    kind, outcome, skipped = get("kind"), get("outcome"), get("skipped")
    planned_s, actual_s, waited_s = get("planned_s"), get("actual_s"), get("waited_s")
    point_code, side, tenderness = get("point_code"), get("side"), get("tenderness")
    if not (
        type(phase_index) is int
        and _INDEX.minimum <= phase_index <= _INDEX.maximum
        and type(step_index) is int
        and _INDEX.minimum <= step_index <= _INDEX.maximum
        and type(repetition) is int
        and _REPETITION.minimum <= repetition <= _REPETITION.maximum
        and type(skipped) is bool
        and type(kind) is str
        and type(outcome) is str
        and (point_code is None or (type(point_code) is str and len(point_code) <= TEXT_MAX_LENGTH))
        and (tenderness is None or (type(tenderness) is int and PAIN_MIN <= tenderness <= PAIN_MAX))
    ):
        return None
    kind, outcome = _KINDS.get(kind), _OUTCOMES.get(outcome)
    if side is not None:
        side = _SIDES.get(side) if type(side) is str else None
        if side is None:
            return None
    planned_s, actual_s = _plain_seconds(planned_s), _plain_seconds(actual_s)
    waited_s = 0.0 if waited_s is None else _plain_seconds(waited_s)
    if kind is None or outcome is None or planned_s is None or actual_s is None or waited_s is None:
        return None
    return (
        phase_index,
        step_index,
        kind,
        point_code,
        side,
        repetition,
        planned_s,
        actual_s,
        skipped,
        outcome,
        waited_s,
        tenderness,
    )


def _plain_seconds(value: object) -> float | None:
    """A finite number of seconds, not below 0, as ``_Fields.seconds`` reads one; else None."""
    if type(value) is float:
        return value if 0.0 <= value < math.inf else None  # NaN fails both comparisons
    if type(value) is int and 0 <= value < _EXACT_INTEGERS:
        return float(value)
    return None


_EXACT_INTEGERS = 2**53  # larger whole numbers are left to the careful reading


def _checked_phase(item: object, where: str, checker: Checker) -> PhaseRecord | None:
    f = _Fields.of(item, where, checker, PHASE_FIELDS, _("a phase"))
    if f is None:
        return None
    return PhaseRecord(
        phase_index=f.integer("phase_index", _INDEX),
        step_index=f.integer("step_index", _INDEX),
        kind=f.choice("kind", PhaseKind),
        point_code=f.optional_text("point_code"),
        side=f.optional_choice("side", Side),
        repetition=f.integer("repetition", _REPETITION),
        planned_s=f.seconds("planned_s"),
        actual_s=f.seconds("actual_s"),
        skipped=f.boolean("skipped"),
        outcome=f.choice("outcome", PhaseOutcome),
        waited_s=f.seconds("waited_s", required=False),
        tenderness=f.optional_integer("tenderness", _PAIN, TENDERNESS_SCALE),
    )


def _diary(items: Iterator[tuple[str, object]], checker: Checker) -> Iterator[DiaryEntry]:
    for where, item in items:
        f = _Fields.of(item, where, checker, DIARY_FIELDS, _("a diary entry"))
        if f is None:
            continue
        yield DiaryEntry(
            id=0,
            uid=f.text("uid", _UID_LENGTH),
            at=f.moment("at"),
            score=f.integer("score", _PAIN, _(PAIN_SCALE)),
            region=f.optional_choice("region", PainRegion),
            side=f.optional_choice("side", PainSide),
            note=f.optional_text("note"),
            entered_later=f.optional_flag("entered_later"),
        )


def _no_repeated_uids(uids: Sequence[str], list_name: str, checker: Checker) -> None:
    first_seen: dict[str, int] = {}
    for index, uid in enumerate(uids):
        if not uid:
            continue  # already reported as missing or wrong
        if uid in first_seen:
            also = _("{uid} is also the uid of {list_name}[{first_seen}]").format(
                uid=show(uid), list_name=list_name, first_seen=first_seen[uid]
            )
            checker.add(f"{list_name}[{index}].uid", also)
        else:
            first_seen[uid] = index


_EXAMPLE_MOMENT = "2024-05-01T08:30:00+02:00"
_NOTE_LENGTH = Bounds(0, TEXT_MAX_LENGTH)
_NAME_LENGTH = Bounds(1, TEXT_MAX_LENGTH)
_UID_LENGTH = Bounds(1, UID_MAX_LENGTH)
_PAIN = Bounds(PAIN_MIN, PAIN_MAX)
_INDEX = Bounds(0, 1_000_000)
_REPETITION = Bounds(1, 1000)
_FORMAT_VERSIONS = Bounds(1, 1_000_000)
_SECONDS = Bounds(0)
_YEARS = Bounds(1900, 9998)  # a diary of a life, with room on both sides of any UTC offset


class _Fields:
    """Reads the fields of one JSON object with the shared checker. A null field counts as left out.

    A field with a problem reads as a harmless placeholder; ``parse_document`` raises before any is used.
    """

    def __init__(self, obj: Mapping[str, object], where: str, checker: Checker) -> None:
        self.obj = obj
        self._where = where
        self._checker = checker

    @classmethod
    def of(
        cls, item: object, where: str, checker: Checker, known: Sequence[str], what: str
    ) -> _Fields | None:
        obj = checker.fields(where, item, known, (), what)  # a required field is reported as it is read
        return None if obj is None else cls(obj, where, checker)

    def _place(self, key: str) -> str:
        # The keys read here are the format's own plain names: no quoting, and cheap for thousands of phases.
        return key if self._where == TOP_LEVEL else f"{self._where}.{key}"

    def has(self, key: str) -> bool:
        return self.obj.get(key) is not None

    def _get(self, key: str, required: bool) -> object:
        value = self.obj.get(key)
        if value is None and required:
            self._checker.add(
                self._place(key), _("is missing") if key not in self.obj else _("should not be null")
            )
        return value

    def listed(self, key: str) -> tuple[str, Sequence[object]]:
        """The place of a list field and its items (none if it is missing or not a list, which is noted)."""
        value = self._get(key, required=True)
        where = self._place(key)
        items = None if value is None else self._checker.items(where, value)
        return where, items or ()

    def items(self, key: str) -> Iterator[tuple[str, object]]:
        value = self._get(key, required=True)
        items = None if value is None else self._checker.items(self._place(key), value)
        for index, item in enumerate(items or ()):
            yield f"{self._place(key)}[{index}]", item

    def object(self, key: str) -> dict[str, Any]:
        value = self._get(key, required=False)
        if value is None:
            return {}
        if not isinstance(value, dict):
            self._checker.add(self._place(key), _("expected an object, got {value}").format(value=got(value)))
            return {}
        return value

    def optional_text(self, key: str) -> str | None:
        value = self._get(key, required=False)
        return None if value is None else self._checker.text(self._place(key), value, _NOTE_LENGTH)

    def text(self, key: str, length: Bounds = _NAME_LENGTH) -> str:
        value = self._get(key, required=True)
        return "" if value is None else self._checker.text(self._place(key), value, length)

    def optional_integer(self, key: str, bounds: Bounds, scale: str = "") -> int | None:
        value = self._get(key, required=False)
        return None if value is None else self._checker.whole(self._place(key), value, bounds, scale)

    def integer(self, key: str, bounds: Bounds, scale: str = "") -> int:
        value = self._get(key, required=True)
        whole = None if value is None else self._checker.whole(self._place(key), value, bounds, scale)
        return bounds.minimum if whole is None else whole

    def seconds(self, key: str, *, required: bool = True) -> float:
        value = self._get(key, required=required)
        seconds = None if value is None else self._checker.number(self._place(key), value, _SECONDS)
        return seconds or 0.0

    def boolean(self, key: str) -> bool:
        value = self._get(key, required=True)
        return value is not None and self._checker.flag(self._place(key), value)

    def optional_flag(self, key: str) -> bool:
        """A true/false field that older exports do not have (then false)."""
        value = self._get(key, required=False)
        return value is not None and self._checker.flag(self._place(key), value)

    def optional_moment(self, key: str) -> datetime | None:
        value = self._get(key, required=False)
        if value is None:
            return None
        where = self._place(key)
        if not isinstance(value, str):
            self._checker.add(
                where,
                _("expected a date and time like {EXAMPLE_MOMENT}, got {value}").format(
                    EXAMPLE_MOMENT=_EXAMPLE_MOMENT, value=got(value)
                ),
            )
            return None
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            moment = None
        if moment is None or moment.tzinfo is None:
            wrong = _("{value} is not a date and time with a UTC offset, like {EXAMPLE_MOMENT}").format(
                value=show(value), EXAMPLE_MOMENT=_EXAMPLE_MOMENT
            )
            self._checker.add(where, wrong)
            return None
        if not _storable(moment):
            self._checker.add(
                where,
                _("{value} is outside the years {minimum} to {maximum}").format(
                    value=show(value), minimum=_YEARS.minimum, maximum=_YEARS.maximum
                ),
            )
            return None
        return moment

    def moment(self, key: str) -> datetime:
        if self._get(key, required=True) is None:
            return datetime.fromtimestamp(0, UTC)
        return self.optional_moment(key) or datetime.fromtimestamp(0, UTC)

    def optional_choice(self, key: str, choices: type[E]) -> E | None:
        value = self._get(key, required=False)
        return None if value is None else self._checker.choice(self._place(key), value, choices)

    def choice(self, key: str, choices: type[E]) -> E:
        value = self._get(key, required=True)
        member = None if value is None else self._checker.choice(self._place(key), value, choices)
        return next(iter(choices)) if member is None else member


def _storable(moment: datetime) -> bool:
    """A moment the history can keep: in UTC, and back in its own offset, well inside what datetime holds
    (9999-12-31 at -05:00 is past the last day datetime has once turned into UTC)."""
    try:
        in_utc = moment.astimezone(UTC)
    except OverflowError:
        return False
    return _YEARS.minimum <= in_utc.year <= _YEARS.maximum


# ----------------------------------------------------------------------------------------------------
# CSV


_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell_text(value: str | None) -> str:
    """Text as a spreadsheet shows it: a cell starting with "=", "+", "-", "@", a tab or a carriage return
    would be read as a formula (``=HYPERLINK(...)`` in an imported uid, say)."""
    if not value:
        return ""
    return "'" + value if value.startswith(_FORMULA_STARTS) else value


def _score(value: int | None) -> str:
    return "" if value is None else str(value)


def _minutes(seconds: float) -> str:
    return f"{seconds / 60:.1f}"


def offset_text(moment: datetime) -> str:
    """The UTC offset of an aware time as +HH:MM (the form ISO 8601 and spreadsheets understand)."""
    offset = moment.utcoffset()
    minutes = 0 if offset is None else round(offset.total_seconds() / 60)
    sign = "-" if minutes < 0 else "+"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def _local_columns(moment: datetime) -> tuple[str, str, str]:
    return moment.strftime("%Y-%m-%d"), moment.strftime("%H:%M"), offset_text(moment)


def history_csv(sessions: Sequence[SessionSummary], diary: Sequence[DiaryEntry]) -> str:
    """Sessions and diary entries as one CSV table in time order (columns: CSV_COLUMNS).

    Dates and times are local as recorded, so a spreadsheet shows what the person saw on the clock.
    Phases are left out (the JSON export has them); every text cell that would read as a formula
    (=, +, -, @, a tab or a carriage return first) gets a "'" in front, uids and names included.
    """
    rows: list[tuple[datetime, int, dict[str, str]]] = []
    for s in sessions:
        day, clock, offset = _local_columns(s.started)
        rows.append(
            (
                s.started,
                0,
                {
                    "type": "session",
                    "date": day,
                    "time": clock,
                    "utc_offset": offset,
                    "routine": _cell_text(s.routine_name),
                    "status": _cell_text(s.status.value),
                    "pain_before": _score(s.pain_before),
                    "pain_after": _score(s.pain_after),
                    "followup_pain": _score(s.followup_pain),
                    "active_min": _minutes(s.active_s),
                    "paused_min": _minutes(s.paused_s),
                    "stop_reason": _cell_text(s.stop_reason),
                    "note": _cell_text(s.note),
                    "uid": _cell_text(s.uid),
                },
            )
        )
    for e in diary:
        day, clock, offset = _local_columns(e.at)
        rows.append(
            (
                e.at,
                1,
                {
                    "type": "pain",
                    "date": day,
                    "time": clock,
                    "utc_offset": offset,
                    "pain": str(e.score),
                    "region": "" if e.region is None else _cell_text(e.region.label),
                    "side": "" if e.side is None else _cell_text(e.side.value),
                    "note": _cell_text(e.note),
                    "uid": _cell_text(e.uid),
                },
            )
        )
    rows.sort(key=lambda row: (row[0], row[1]))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, restval="")
    writer.writeheader()
    writer.writerows(row for _, _, row in rows)
    return out.getvalue()
