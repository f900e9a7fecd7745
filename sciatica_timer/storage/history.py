"""The history: sessions with their phases and the pain diary, in one SQLite file kept for years.

Nothing may be lost: every write is one transaction (a crash, a kill or a full disk leaves the old state,
never half of a new one, and the caller keeps what it tried to save); a session is saved step by step as it
runs; a second running copy waits its turn instead of failing; a newer schema is refused untouched; a damaged
file is moved aside, never deleted, and the newest backup restored.

One HistoryStore per thread (SQLite connections are not shared); open another one for a worker thread.
"""

from __future__ import annotations

import contextlib
import functools
import json
import logging
import math
import os
import re
import sqlite3
import stat
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta, timezone
from enum import Enum
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, Final, Self

from sciatica_timer.core import collector
from sciatica_timer.core.diary import (
    DiaryEntry,
    HistoryView,
    PainRegion,
    PainScore,
    PainSide,
    SessionDetail,
    SessionSummary,
    optional_pain,
)
from sciatica_timer.core.global_impression import GlobalImpression, answer_words
from sciatica_timer.core.i18n import N_, _, ngettext
from sciatica_timer.core.plan import PhaseKind, Side
from sciatica_timer.core.record import PhaseOutcome, PhaseRecord, SessionStatus
from sciatica_timer.errors import UserError
from sciatica_timer.storage import history_backups as backups
from sciatica_timer.storage.atomic import write_atomic
from sciatica_timer.storage.history_schema import (
    HEADER_SIZE,
    LATEST_VERSION,
    NewerSchemaError,
    header_version,
    migrate,
    read_version,
)
from sciatica_timer.storage.locks import HeldLock, held_by_someone_alive
from sciatica_timer.storage.paths import FILE_MODE, ensure_private_dir, refuse_link

if TYPE_CHECKING:
    from sciatica_timer.core.history_format import PhaseValues  # loaded only for an import

log = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 5000  # a second copy of the app waits this long for the other's write to finish
OPEN_WAIT_S = 30.0  # how long to wait while another copy is opening (checking, upgrading) the same file
_TOKEN = re.compile(r"^[0-9a-f]{32}$")

# SQLite's primary result codes (https://sqlite.org/rescode.html), in the words a person can act on.
_PLAIN_WORDS = {
    3: N_("permission denied"),
    5: N_("another Sciatica Timer kept the file busy; try again"),
    6: N_("the file is locked; try again"),
    8: N_("the file or its folder is read-only"),
    10: N_("the disk reported an error (it may be full or failing)"),
    11: N_("the file is damaged; restart Sciatica Timer to restore the newest backup"),
    13: N_("the disk is full"),
    14: N_("the file cannot be opened"),
    23: N_("permission denied"),
    26: N_("the file is not a history database"),
}
_CORRUPTION = {11, 26}  # SQLITE_CORRUPT, SQLITE_NOTADB


class _Keep(Enum):
    KEEP = "keep"


KEEP: Final = _Keep.KEEP
"""For update_session and update_diary: leave this field as it is (None clears it)."""


@dataclass(frozen=True, slots=True)
class RecoveryReport:
    """What happened to a history file that could not be used as it was. The UI shows ``message``."""

    database: Path
    problem: str  # what was wrong, in words
    moved_to: Path | None  # where the unusable file now is (None if there was no file)
    restored_from: Path | None  # the backup put in its place; None: a new, empty history was started
    restored_day: date | None

    @property
    def message(self) -> str:
        kept = _(" It was kept as {moved_to}.").format(moved_to=self.moved_to) if self.moved_to else ""
        if self.restored_day is not None:
            then = _(
                "The backup of {isoformat} was restored: anything recorded after it is not in your history."
            ).format(isoformat=self.restored_day.isoformat())
        else:
            then = _("There was no backup, so a new, empty history was started.")
        return _("Your history {database} could not be used: {problem}.{kept} {then}").format(
            database=self.database, problem=self.problem, kept=kept, then=then
        )


@dataclass(frozen=True, slots=True)
class ImportReport:
    sessions_added: int
    sessions_present: int  # already in the history (same uid): left as they are
    diary_added: int
    diary_present: int
    # Records whose uid is here already with other content ("session <uid>", "pain score <uid>"): kept as
    # they are here, and named, so the person can look.
    differing: tuple[str, ...] = ()

    def __str__(self) -> str:
        sessions = ngettext("{count} session", "{count} sessions", self.sessions_added)
        scores = ngettext("{count} pain score", "{count} pain scores", self.diary_added)
        added = _("added {sessions} and {scores}").format(
            sessions=sessions.format(count=self.sessions_added), scores=scores.format(count=self.diary_added)
        )
        present = self.sessions_present + self.diary_present
        if not present:
            return added
        text = added + ngettext(
            "; {count} record was there already", "; {count} records were there already", present
        ).format(count=present)
        if self.differing:
            text += ngettext(
                "; {count} of them differs from the import and was left as in your history: {records}",
                "; {count} of them differ from the import and were left as in your history: {records}",
                len(self.differing),
            ).format(count=len(self.differing), records=", ".join(self.differing))
        return text


def _utc_now() -> datetime:
    return datetime.now(UTC)


# ----------------------------------------------------------------------------------------------------
# Time as stored: UTC text of one fixed shape (text order is time order) and the local offset in minutes.


def _stamp(moment: datetime) -> tuple[str, int]:
    offset = moment.utcoffset()
    if offset is None:
        raise ValueError(f"{moment!r} has no UTC offset; the history stores when things happened exactly")
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"), round(offset.total_seconds() / 60)


@functools.lru_cache(maxsize=64)
def _zone(offset_min: int) -> timezone:
    return timezone(timedelta(minutes=offset_min))


def _moment(utc_text: str, offset_min: int) -> datetime:
    return datetime.fromisoformat(utc_text).astimezone(_zone(offset_min))


def _optional_moment(utc_text: str | None, offset_min: int | None) -> datetime | None:
    return None if utc_text is None else _moment(utc_text, offset_min or 0)


def _epoch(column: str) -> str:
    """SQL for a stored UTC time as epoch seconds (REAL). unixepoch() (SQLite 3.38) is about twice as
    fast as strftime('%s'), which older SQLite libraries still need."""
    if sqlite3.sqlite_version_info >= (3, 38, 0):
        return f"CAST(unixepoch({column}) AS REAL)"
    return f"CAST(strftime('%s', {column}) AS REAL)"


def _clean_note(note: str | None) -> str | None:
    if note is None:
        return None
    note = note.strip()
    return note or None


def _tenderness(value: int | None) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 10:
        raise ValueError(f"tenderness {value!r} is not a whole number from 0 to 10")
    return value


def _plain(exc: sqlite3.Error) -> str:
    code = getattr(exc, "sqlite_errorcode", None)
    return _PLAIN_WORDS.get(code & 0xFF, str(exc)) if isinstance(code, int) else str(exc)


def _is_corruption(exc: sqlite3.Error) -> bool:
    code = getattr(exc, "sqlite_errorcode", None)
    return isinstance(code, int) and code & 0xFF in _CORRUPTION


def _newer(path: Path, version: int) -> UserError:
    return UserError(
        _(
            "{path} was written by a newer version of Sciatica Timer (schema {version}; this version "
            "reads up to {LATEST_VERSION}); nothing was changed"
        ).format(path=path, version=version, LATEST_VERSION=LATEST_VERSION)
    )


def _tighten(path: Path) -> None:
    """Health data: readable by this user only. Only removes permissions (a read-only file stays so)."""
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
        if mode & 0o177:
            path.chmod(mode & FILE_MODE)
    except FileNotFoundError:
        pass
    except OSError as exc:
        log.warning("cannot make %s private: %s", path, exc)


_SESSION_COLUMNS = (
    "id, uid, routine_id, routine_name, started_utc, started_offset_min, ended_utc, ended_offset_min, "
    "status, stop_reason, pain_before, pain_after, followup_pain, followup_utc, followup_offset_min, note, "
    "active_s, paused_s, pain_region, pain_side"
)
_PHASE_COLUMNS = (
    "phase_index, step_index, kind, point_code, side, repetition, planned_s, actual_s, skipped, outcome, "
    "waited_s, tenderness"
)
_DIARY_COLUMNS = "id, uid, at_utc, offset_min, score, region, side, note, entered_later"


def _summary(row: Sequence[Any]) -> SessionSummary:
    return SessionSummary(
        id=row[0],
        uid=row[1],
        routine_id=row[2],
        routine_name=row[3],
        started=_moment(row[4], row[5]),
        ended=_optional_moment(row[6], row[7]),
        status=SessionStatus(row[8]),
        stop_reason=row[9],
        pain_before=row[10],
        pain_after=row[11],
        followup_pain=row[12],
        followup_at=_optional_moment(row[13], row[14]),
        note=row[15],
        active_s=row[16],
        paused_s=row[17],
        pain_region=None if row[18] is None else PainRegion(row[18]),
        pain_side=None if row[19] is None else PainSide(row[19]),
    )


def _phase(row: Sequence[Any]) -> PhaseRecord:
    return PhaseRecord(
        phase_index=row[0],
        step_index=row[1],
        kind=PhaseKind(row[2]),
        point_code=row[3],
        side=None if row[4] is None else Side(row[4]),
        repetition=row[5],
        planned_s=row[6],
        actual_s=row[7],
        skipped=bool(row[8]),
        outcome=PhaseOutcome(row[9]),
        waited_s=row[10],
        tenderness=row[11],
    )


def _phase_row(session_id: int, seq: int, phase: PhaseRecord) -> tuple[Any, ...]:
    return (
        session_id,
        seq,
        phase.phase_index,
        phase.step_index,
        PhaseKind(phase.kind).value,
        phase.point_code,
        None if phase.side is None else Side(phase.side).value,
        phase.repetition,
        float(phase.planned_s),
        float(phase.actual_s),
        int(bool(phase.skipped)),
        PhaseOutcome(phase.outcome).value,
        float(phase.waited_s),
        _tenderness(phase.tenderness),
    )


def _entry(row: Sequence[Any]) -> DiaryEntry:
    return DiaryEntry(
        id=row[0],
        uid=row[1],
        at=_moment(row[2], row[3]),
        score=row[4],
        region=None if row[5] is None else PainRegion(row[5]),
        side=None if row[6] is None else PainSide(row[6]),
        note=row[7],
        entered_later=bool(row[8]),
    )


def _snapshot_json(snapshot: Mapping[str, Any]) -> str:
    if not isinstance(snapshot, Mapping):
        raise TypeError(f"the routine snapshot must be a mapping, not {type(snapshot).__name__}")
    return json.dumps(dict(snapshot), ensure_ascii=False, sort_keys=True, allow_nan=False)


_INSERT_PHASE = (
    f"INSERT INTO session_phases (session_id, seq, {_PHASE_COLUMNS}) "  # noqa: S608 - column names are constants
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


def _changed(conn: sqlite3.Connection) -> int:
    """Rows the last INSERT, UPDATE or DELETE changed, asked of SQLite itself.

    Never ``cursor.rowcount``: Python 3.11's sqlite3 decides whether a statement changes rows by reading
    its first word with the C library's case mapping, so under a Turkish locale (dotless i) every
    "INSERT" reports -1.
    """
    changed: int = conn.execute("SELECT changes()").fetchone()[0]
    return changed


_INSERT_SESSION = (
    "INSERT INTO sessions (id, uid, routine_id, routine_name, routine_snapshot, started_utc, "
    "started_offset_min, ended_utc, ended_offset_min, status, stop_reason, pain_before, pain_after, "
    "followup_pain, followup_utc, followup_offset_min, note, active_s, paused_s, writer, "
    "progress_utc, pain_region, pain_side) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?) "
    "ON CONFLICT (uid) DO NOTHING"
)
_INSERT_DIARY = (
    "INSERT INTO diary (id, uid, at_utc, offset_min, score, region, side, note, entered_later) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (uid) DO NOTHING"
)


def _session_row(detail: SessionDetail, wanted_id: int | None) -> tuple[Any, ...]:
    """The values of _INSERT_SESSION for a whole session; ``wanted_id`` None lets SQLite number it."""
    s = detail.summary
    started_utc, started_offset = _stamp(s.started)
    ended_utc, ended_offset = (None, None) if s.ended is None else _stamp(s.ended)
    followup_utc, followup_offset = (None, None) if s.followup_at is None else _stamp(s.followup_at)
    return (
        wanted_id,
        s.uid,
        s.routine_id,
        s.routine_name,
        _snapshot_json(detail.routine_snapshot),
        started_utc,
        started_offset,
        ended_utc,
        ended_offset,
        SessionStatus(s.status).value,
        s.stop_reason,
        optional_pain(s.pain_before),
        optional_pain(s.pain_after),
        optional_pain(s.followup_pain),
        followup_utc,
        followup_offset,
        s.note,
        float(s.active_s),
        float(s.paused_s),
        ended_utc or started_utc,
        None if s.pain_region is None else PainRegion(s.pain_region).value,
        None if s.pain_side is None else PainSide(s.pain_side).value,
    )


def _diary_row(entry: DiaryEntry, wanted_id: int | None) -> tuple[Any, ...]:
    """The values of _INSERT_DIARY; ``wanted_id`` None lets SQLite number the entry."""
    at_utc, offset = _stamp(entry.at)
    return (
        wanted_id,
        entry.uid,
        at_utc,
        offset,
        int(PainScore(entry.score)),
        None if entry.region is None else PainRegion(entry.region).value,
        None if entry.side is None else PainSide(entry.side).value,
        entry.note,
        1 if entry.entered_later else 0,
    )


# The text SQLite stores for each kind, side and outcome: a dictionary is quicker than ``.value``.
_TEXT: Final[dict[Enum, str]] = {
    member: member.value for choices in (PhaseKind, Side, PhaseOutcome) for member in choices
}


def _imported_phase_rows(session_id: int, phases: Sequence[PhaseValues]) -> Iterator[tuple[Any, ...]]:
    """The values of _INSERT_PHASE for phases read by ``check_document``, which has already checked every
    kind, side, outcome, number and score (so this skips ``_phase_row``'s conversions, 200,000 times over)."""
    for seq, values in enumerate(phases):
        index, step, kind, code, side, repetition, planned, actual, skipped, outcome, waited, tender = values
        yield (
            session_id,
            seq,
            index,
            step,
            _TEXT[kind],
            code,
            None if side is None else _TEXT[side],
            repetition,
            planned,
            actual,
            int(skipped),
            _TEXT[outcome],
            waited,
            tender,
        )


def _new_uid() -> str:
    """A random (version 4) UUID as 32 hex digits, as ``uuid.uuid4().hex`` gives; the uuid module would
    load platform and libuuid into every window for this one line."""
    raw = bytearray(os.urandom(16))
    raw[6] = (raw[6] & 0x0F) | 0x40  # version 4
    raw[8] = (raw[8] & 0x3F) | 0x80  # RFC 4122 variant
    return raw.hex()


class HistoryStore:
    """The history database. Open it with ``HistoryStore.open(path)``; close it (or use ``with``).

    Every write method either commits completely or raises (a UserError naming the file and the problem in
    plain words, for a full disk or a read-only file) and changes nothing, so the caller can keep its
    in-memory record and try again or export it.
    """

    def __init__(
        self,
        conn: sqlite3.Connection,
        *,
        path: Path,
        backups_dir: Path,
        writer: HeldLock | None,
        token: str,
        clock: Callable[[], datetime],
        recovery: RecoveryReport | None,
        read_only: str | None = None,
    ) -> None:
        self._conn: sqlite3.Connection | None = conn
        self.read_only = read_only
        """Why the history was opened for reading only (a full disk, a read-only folder), or None."""
        self.path = path
        self.backups_dir = backups_dir
        self._writer = writer
        self._token = token
        self._clock = clock
        self.recovery = recovery
        """Set when the file could not be used as it was and was replaced; the UI should tell the user."""

    # ------------------------------------------------------------------------------------------------
    # Opening and closing

    @classmethod
    def open(
        cls,
        path: Path,
        *,
        backups_dir: Path | None = None,
        clock: Callable[[], datetime] = _utc_now,
    ) -> HistoryStore:
        """Open (creating, checking, repairing and upgrading as needed) the history at ``path``.

        ``backups_dir`` defaults to ``backups`` beside the file. Raises UserError (one line) if the file
        is from a newer version, cannot be read, or is damaged while another running copy uses it.
        """
        path = Path(path).absolute()
        folder = ensure_private_dir(path.parent)
        for own in (path, *(Path(f"{path}{side}") for side in ("-wal", "-shm", "-journal"))):
            refuse_link(own)  # never write into, or make private, whatever a link points at
        backups_dir = Path(backups_dir) if backups_dir is not None else folder / "backups"
        try:
            # One copy at a time checks, repairs and upgrades; a second one starting meanwhile waits.
            opening = HeldLock.acquire(folder / f".{path.name}.lock", timeout_s=OPEN_WAIT_S)
        except OSError as exc:
            raise UserError(
                _("cannot open the history: {folder}: {value}").format(
                    folder=folder, value=exc.strerror or exc
                )
            ) from exc
        if opening is None:
            raise UserError(
                _(
                    "cannot open the history: {path}: another Sciatica Timer has been opening it for "
                    "{OPEN_WAIT_S:.0f} seconds; close it and try again"
                ).format(path=path, OPEN_WAIT_S=OPEN_WAIT_S)
            )
        writer: HeldLock | None = None
        conn: sqlite3.Connection | None = None
        try:
            token = _new_uid()
            try:
                writer = HeldLock.acquire(_writer_lock(path, token))
            except OSError as exc:
                raise UserError(
                    _("cannot open the history: {folder}: {value}").format(
                        folder=folder, value=exc.strerror or exc
                    )
                ) from exc
            if writer is None:  # a fresh random name: nobody else can hold it
                raise UserError(
                    _("cannot open the history: {folder}: cannot lock {name}").format(
                        folder=folder, name=path.name
                    )
                )
            others_running = _sweep_writers(path, token)
            recovery = None
            problem = _inspect(path, backups_dir)
            if problem is not None:
                if others_running:
                    raise UserError(
                        _(
                            "{path} cannot be used ({problem}) and another Sciatica Timer has it open: "
                            "close every Sciatica Timer window and start again; nothing was changed"
                        ).format(path=path, problem=problem)
                    )
                recovery = _recover(path, backups_dir, problem, clock())
            conn = _connect(path)
            _upgrade(conn, path, backups_dir, clock())
            store = cls(
                conn,
                path=path,
                backups_dir=backups_dir,
                writer=writer,
                token=token,
                clock=clock,
                recovery=recovery,
            )
        except BaseException:
            if conn is not None:
                conn.close()
            if writer is not None:
                writer.release(remove=True)
            raise
        finally:
            opening.release()
        return store

    @classmethod
    def open_for_reading(
        cls,
        path: Path,
        *,
        backups_dir: Path | None = None,
        clock: Callable[[], datetime] = _utc_now,
    ) -> HistoryStore:
        """``open``; or, when the disk is full or the file or its folder cannot be written, the history
        opened for reading only (``read_only`` says why; every write raises UserError), so the person can
        still read and export it exactly when something is wrong."""
        try:
            return cls.open(path, backups_dir=backups_dir, clock=clock)
        except UserError as exc:
            path = Path(path).absolute()
            why = _why_not_writable(path)
            if why is None or not path.is_file() or path.is_symlink():
                raise
            log.warning("%s: opened for reading only: %s (%s)", path, why, exc)
        conn = _connect_read_only(path)
        folder = path.parent
        return cls(
            conn,
            path=path,
            backups_dir=Path(backups_dir) if backups_dir is not None else folder / "backups",
            writer=None,
            token=_new_uid(),
            clock=clock,
            recovery=None,
            read_only=why,
        )

    def close(self) -> None:
        """Close the database. A session still in progress will be found as interrupted next time."""
        conn, self._conn = self._conn, None
        if conn is not None:
            conn.close()
        if self._writer is not None:
            self._writer.release(remove=True)

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    @property
    def conn(self) -> sqlite3.Connection:
        """The open connection, for tests and benchmarks; the app goes through the methods."""
        if self._conn is None:
            raise RuntimeError("the history is closed")
        return self._conn

    @contextlib.contextmanager
    def _errors(self, action: str) -> Iterator[None]:
        """Database trouble (a full disk, a read-only file) as one line naming the action and the file."""
        try:
            yield
        except sqlite3.OperationalError as exc:
            log.warning("cannot %s: %s: %s", action, self.path, exc)
            raise UserError(f"cannot {action}: {self.path}: {_plain(exc)}") from exc
        except sqlite3.DatabaseError as exc:
            if isinstance(exc, sqlite3.IntegrityError | sqlite3.ProgrammingError | sqlite3.InterfaceError):
                raise
            log.warning("cannot %s: %s: %s", action, self.path, exc)
            raise UserError(f"cannot {action}: {self.path}: {_plain(exc)}") from exc

    @contextlib.contextmanager
    def _transaction(self, action: str) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE: take the write lock first, so two writers queue instead of failing midway."""
        conn = self.conn
        with self._errors(action):
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:  # SQLite may have rolled back already (a full disk does that)
                    with contextlib.suppress(sqlite3.Error):
                        conn.execute("ROLLBACK")
                raise

    def _read(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        with self._errors(_("read the history")):
            return self.conn.execute(sql, params).fetchall()

    # ------------------------------------------------------------------------------------------------
    # A session, written as it runs

    def begin_session(
        self,
        routine_id: str,
        routine_name: str,
        snapshot: Mapping[str, Any],
        started: datetime,
        pain_before: int | None = None,
        *,
        pain_region: PainRegion | None = None,
        pain_side: PainSide | None = None,
    ) -> int:
        """Record a session that has just started (status in_progress). Returns its id.

        ``pain_region``, ``pain_side``: where the pain reached at the check before it, kept with the session.
        """
        pain = optional_pain(pain_before)
        region = None if pain_region is None else PainRegion(pain_region).value
        side = None if pain_side is None else PainSide(pain_side).value
        started_utc, offset = _stamp(started)
        snapshot_text = _snapshot_json(snapshot)
        with self._transaction(_("save the session")) as conn:
            cursor = conn.execute(
                "INSERT INTO sessions (uid, routine_id, routine_name, routine_snapshot, started_utc, "
                "started_offset_min, status, pain_before, writer, progress_utc, pain_region, pain_side) "
                "VALUES (?, ?, ?, ?, ?, ?, 'in_progress', ?, ?, ?, ?, ?)",
                (
                    _new_uid(),
                    routine_id,
                    routine_name,
                    snapshot_text,
                    started_utc,
                    offset,
                    pain,
                    self._token,
                    started_utc,
                    region,
                    side,
                ),
            )
            session_id = cursor.lastrowid
        assert session_id is not None  # noqa: S101 - an INSERT always sets it; this tells the type checker
        return session_id

    def _own_running_session(self, conn: sqlite3.Connection, session_id: int) -> None:
        row = conn.execute("SELECT status, writer FROM sessions WHERE id = ?", (session_id,)).fetchone()
        if row is None or row[0] != SessionStatus.IN_PROGRESS.value or row[1] != self._token:
            state = (
                _("no longer exists")
                if row is None
                else _("is not in progress here (it is {row})").format(row=row[0])
            )
            raise UserError(
                _("cannot save the session: {path}: session {session_id} {state}").format(
                    path=self.path, session_id=session_id, state=state
                )
            )

    def _append_phases(self, conn: sqlite3.Connection, session_id: int, rows: Sequence[PhaseRecord]) -> None:
        if not rows:
            return
        first = conn.execute(
            "SELECT COALESCE(MAX(seq) + 1, 0) FROM session_phases WHERE session_id = ?", (session_id,)
        ).fetchone()[0]
        conn.executemany(
            _INSERT_PHASE, [_phase_row(session_id, first + i, phase) for i, phase in enumerate(rows)]
        )

    def add_phases(self, session_id: int, phases: Sequence[PhaseRecord]) -> None:
        """Save the phases of a step that has just finished, all or none.

        Called as each step ends, so a kill loses at most the step that was running.
        """
        if not phases:
            return
        for phase in phases:
            _tenderness(phase.tenderness)  # refuse bad input before the transaction
        progress_utc, _offset = _stamp(self._clock())
        with self._transaction(_("save the session")) as conn:
            self._own_running_session(conn, session_id)
            self._append_phases(conn, session_id, phases)
            conn.execute(
                "UPDATE sessions SET active_s = active_s + ?, progress_utc = ? WHERE id = ?",
                (sum(float(p.actual_s) for p in phases), progress_utc, session_id),
            )

    def record_progress(self, session_id: int, active_s: float) -> None:
        """Note how long a running session has been active so far, so a crash mid-step still leaves the real
        time in the history. Only for a session this copy of the app is writing; otherwise nothing happens."""
        seconds = float(active_s)
        if not math.isfinite(seconds) or seconds < 0:
            raise ValueError(f"active seconds must be a finite number from 0 up, got {active_s!r}")
        progress_utc, _offset = _stamp(self._clock())
        with self._transaction(_("save the session")) as conn:
            conn.execute(
                "UPDATE sessions SET active_s = ?, progress_utc = ? "
                "WHERE id = ? AND status = 'in_progress' AND writer IS ?",
                (seconds, progress_utc, session_id, self._token),
            )

    def finish_session(
        self,
        session_id: int,
        status: SessionStatus,
        ended: datetime,
        *,
        active_s: float,
        paused_s: float,
        pain_after: int | None = None,
        note: str | None = None,
        stop_reason: str | None = None,
        phases: Sequence[PhaseRecord] = (),
    ) -> None:
        """Close a running session: how it ended, the pain after it, and any phases not yet saved."""
        status = SessionStatus(status)
        if status is SessionStatus.IN_PROGRESS:
            raise ValueError("a finished session needs a final status, not in_progress")
        pain = optional_pain(pain_after)
        ended_utc, offset = _stamp(ended)
        for phase in phases:
            _tenderness(phase.tenderness)
        with self._transaction(_("save the session")) as conn:
            self._own_running_session(conn, session_id)
            self._append_phases(conn, session_id, phases)
            conn.execute(
                "UPDATE sessions SET status = ?, ended_utc = ?, ended_offset_min = ?, pain_after = ?, "
                "note = ?, stop_reason = ?, active_s = ?, paused_s = ?, writer = NULL, progress_utc = ? "
                "WHERE id = ?",
                (
                    status.value,
                    ended_utc,
                    offset,
                    pain,
                    _clean_note(note),
                    stop_reason,
                    float(active_s),
                    float(paused_s),
                    ended_utc,
                    session_id,
                ),
            )

    def find_interrupted(self) -> list[SessionSummary]:
        """Sessions cut short by a crash or a kill, waiting for the person to say how it went.

        A session still in progress is interrupted when the copy of the app writing it is gone: its lock
        file is missing or can be locked. Sessions another running copy is writing are left alone.
        Found ones are marked interrupted; they are listed until complete_interrupted or discard.
        """
        rows = self._read("SELECT id, writer FROM sessions WHERE status = 'in_progress'")
        alive: dict[str | None, bool] = {self._token: True}
        dead: list[tuple[int, str | None]] = []
        for session_id, writer in rows:
            if writer not in alive:
                alive[writer] = self._writer_alive(writer)
            if not alive[writer]:
                dead.append((session_id, writer))
        if dead:
            with self._transaction(_("mark interrupted sessions")) as conn:
                for session_id, writer in dead:
                    conn.execute(
                        "UPDATE sessions SET status = 'interrupted', writer = NULL "
                        "WHERE id = ? AND status = 'in_progress' AND writer IS ?",
                        (session_id, writer),
                    )
        found = self._read(
            f"SELECT {_SESSION_COLUMNS} FROM sessions "  # noqa: S608 - column names are constants
            "WHERE status = 'interrupted' AND ended_utc IS NULL ORDER BY started_utc, id"
        )
        return [_summary(row) for row in found]

    def _writer_alive(self, token: str | None) -> bool:
        if token is None or not _TOKEN.match(token):
            return False  # not one of ours (an imported session): no copy of the app is writing it
        try:
            return held_by_someone_alive(_writer_lock(self.path, token))
        except OSError:
            return True  # cannot tell: leave the session alone rather than steal a live one

    def complete_interrupted(
        self, session_id: int, pain_after: int | None = None, note: str | None = None
    ) -> None:
        """Answer for an interrupted session: the pain afterwards and a note. It stays marked interrupted;
        its end is the last moment anything of it was saved."""
        pain = optional_pain(pain_after)
        with self._transaction(_("save the session")) as conn:
            conn.execute(
                "UPDATE sessions SET ended_utc = COALESCE(progress_utc, started_utc), "
                "ended_offset_min = started_offset_min, pain_after = ?, note = COALESCE(?, note) "
                "WHERE id = ? AND status = 'interrupted' AND ended_utc IS NULL",
                (pain, _clean_note(note), session_id),
            )
            if _changed(conn) != 1:
                raise UserError(
                    _("session {session_id} is not an interrupted session waiting for an answer").format(
                        session_id=session_id
                    )
                )

    def discard(self, session_id: int) -> SessionDetail:
        """Delete an interrupted session. Returns it, so the UI can offer undo (restore_session)."""
        with self._transaction(_("delete the session")) as conn:
            detail = self._detail(conn, session_id)
            if detail.summary.status is not SessionStatus.INTERRUPTED:
                raise UserError(
                    _("session {session_id} was not interrupted; delete it from the history instead").format(
                        session_id=session_id
                    )
                )
            conn.execute("DELETE FROM sessions WHERE id = ?", (session_id,))
        return detail

    # ------------------------------------------------------------------------------------------------
    # The diary, and editing what is stored

    def log_pain(
        self,
        score: int,
        at: datetime,
        region: PainRegion | None = None,
        side: PainSide | None = None,
        note: str | None = None,
        *,
        entered_later: bool = False,
    ) -> int:
        """Write a pain score in the diary. Returns its id. A bad score raises PainScoreError.

        ``entered_later``: the score is for an earlier moment than now; the table and report say so.
        """
        entry = DiaryEntry(
            id=0,
            uid=_new_uid(),
            at=at,
            score=PainScore(score),
            region=None if region is None else PainRegion(region),
            side=None if side is None else PainSide(side),
            note=_clean_note(note),
            entered_later=entered_later,
        )
        with self._transaction(_("save the pain score")) as conn:
            entry_id = self._insert_diary(conn, entry)
        assert entry_id is not None  # noqa: S101 - a fresh uid never collides
        return entry_id

    def add_global_impression(self, answer: int, at: datetime) -> int:
        """Store an answer to the monthly "how is it overall" question (1 very much improved .. 7 very much
        worse). Returns its id."""
        answer_words(answer)  # refuses anything off the scale with a clear message, before writing
        at_utc, offset = _stamp(at)
        with self._transaction(_("save the answer")) as conn:
            cursor = conn.execute(
                "INSERT INTO global_impressions (uid, at_utc, offset_min, answer) VALUES (?, ?, ?, ?)",
                (_new_uid(), at_utc, offset, int(answer)),
            )
        assert cursor.lastrowid is not None  # noqa: S101 - an INSERT always sets it
        return cursor.lastrowid

    def global_impressions(self) -> list[GlobalImpression]:
        """Every answer to the monthly question, oldest first."""
        rows = self._read(
            "SELECT id, uid, at_utc, offset_min, answer FROM global_impressions ORDER BY at_utc, id"
        )
        return [GlobalImpression(row[0], row[1], _moment(row[2], row[3]), row[4]) for row in rows]

    def update_session(
        self,
        session_id: int,
        *,
        pain_before: int | _Keep | None = KEEP,
        pain_after: int | _Keep | None = KEEP,
        followup_pain: int | _Keep | None = KEEP,
        followup_at: datetime | _Keep | None = KEEP,
        note: str | _Keep | None = KEEP,
    ) -> SessionSummary:
        """Change what the person said about a session. Fields left as KEEP stay; None clears one."""
        changes: dict[str, Any] = {}
        if pain_before is not KEEP:
            changes["pain_before"] = optional_pain(pain_before)
        if pain_after is not KEEP:
            changes["pain_after"] = optional_pain(pain_after)
        if followup_pain is not KEEP:
            changes["followup_pain"] = optional_pain(followup_pain)
        if followup_at is not KEEP:
            utc, offset = (None, None) if followup_at is None else _stamp(followup_at)
            changes["followup_utc"], changes["followup_offset_min"] = utc, offset
        if note is not KEEP:
            changes["note"] = _clean_note(note)
        with self._transaction(_("save the session")) as conn:
            self._update_row(conn, "sessions", session_id, changes, "session")
            row = conn.execute(
                f"SELECT {_SESSION_COLUMNS} FROM sessions WHERE id = ?",  # noqa: S608 - constant columns
                (session_id,),
            ).fetchone()
        return _summary(row)

    def _update_row(
        self, conn: sqlite3.Connection, table: str, row_id: int, changes: Mapping[str, Any], what: str
    ) -> None:
        exists = conn.execute(f"SELECT 1 FROM {table} WHERE id = ?", (row_id,)).fetchone()  # noqa: S608 - table is one of ours
        if exists is None:
            raise UserError(_("no {what} has the id {row_id}").format(what=what, row_id=row_id))
        if changes:
            assignments = ", ".join(f"{column} = ?" for column in changes)  # our own column names
            conn.execute(
                f"UPDATE {table} SET {assignments} WHERE id = ?",  # noqa: S608 - names are ours, values bound
                (*changes.values(), row_id),
            )

    def delete_session(self, session_id: int) -> SessionDetail:
        """Delete a session and its phases. Returns it whole, so the UI can undo with restore_session."""
        with self._transaction(_("delete the session")) as conn:
            detail = self._detail(conn, session_id)
            if detail.summary.status is SessionStatus.IN_PROGRESS:
                raise UserError(
                    _("session {session_id} is still running; stop it before deleting it").format(
                        session_id=session_id
                    )
                )
            conn.execute("DELETE FROM sessions WHERE id = ?", (session_id,))
        return detail

    def restore_session(self, detail: SessionDetail) -> int:
        """Put a deleted session back as it was, with the same id. Returns the id."""
        with self._transaction(_("restore the session")) as conn:
            session_id = self._insert_session(conn, detail, keep_id=True)
        if session_id is None:
            raise UserError(_("session {uid} is already in the history").format(uid=detail.summary.uid))
        return session_id

    def update_diary(
        self,
        entry_id: int,
        *,
        score: int | _Keep = KEEP,
        at: datetime | _Keep = KEEP,
        region: PainRegion | _Keep | None = KEEP,
        side: PainSide | _Keep | None = KEEP,
        note: str | _Keep | None = KEEP,
    ) -> DiaryEntry:
        """Change a diary entry. Fields left as KEEP stay; None clears region, side or note."""
        changes: dict[str, Any] = {}
        if score is not KEEP:
            changes["score"] = int(PainScore(score))
        if at is not KEEP:
            changes["at_utc"], changes["offset_min"] = _stamp(at)
        if region is not KEEP:
            changes["region"] = None if region is None else PainRegion(region).value
        if side is not KEEP:
            changes["side"] = None if side is None else PainSide(side).value
        if note is not KEEP:
            changes["note"] = _clean_note(note)
        with self._transaction(_("save the pain score")) as conn:
            self._update_row(conn, "diary", entry_id, changes, _("diary entry"))
            row = conn.execute(
                f"SELECT {_DIARY_COLUMNS} FROM diary WHERE id = ?",  # noqa: S608 - constant columns
                (entry_id,),
            ).fetchone()
        return _entry(row)

    def delete_diary(self, entry_id: int) -> DiaryEntry:
        """Delete a diary entry. Returns it, so the UI can undo with restore_diary."""
        with self._transaction(_("delete the pain score")) as conn:
            row = conn.execute(
                f"SELECT {_DIARY_COLUMNS} FROM diary WHERE id = ?",  # noqa: S608 - constant columns
                (entry_id,),
            ).fetchone()
            if row is None:
                raise UserError(_("no diary entry has the id {entry_id}").format(entry_id=entry_id))
            conn.execute("DELETE FROM diary WHERE id = ?", (entry_id,))
        return _entry(row)

    def restore_diary(self, entry: DiaryEntry) -> int:
        """Put a deleted diary entry back as it was, with the same id. Returns the id."""
        with self._transaction(_("restore the pain score")) as conn:
            entry_id = self._insert_diary(conn, entry, keep_id=True)
        if entry_id is None:
            raise UserError(_("diary entry {uid} is already in the history").format(uid=entry.uid))
        return entry_id

    def _insert_session(
        self, conn: sqlite3.Connection, detail: SessionDetail, *, keep_id: bool
    ) -> int | None:
        """Insert a whole session; None if one with its uid is there already.

        ``keep_id``: give it back its own id if that is free (undo); otherwise it gets a new one.
        """
        s = detail.summary
        wanted_id = s.id if keep_id and s.id > 0 else None
        if (
            wanted_id is not None
            and conn.execute("SELECT 1 FROM sessions WHERE id = ?", (wanted_id,)).fetchone()
        ):
            wanted_id = None
        cursor = conn.execute(_INSERT_SESSION, _session_row(detail, wanted_id))
        if _changed(conn) != 1:
            return None
        session_id = cursor.lastrowid
        assert session_id is not None  # noqa: S101 - set by the INSERT that just happened
        conn.executemany(
            _INSERT_PHASE, [_phase_row(session_id, seq, phase) for seq, phase in enumerate(detail.phases)]
        )
        return session_id

    def _insert_diary(
        self, conn: sqlite3.Connection, entry: DiaryEntry, *, keep_id: bool = False
    ) -> int | None:
        wanted_id = entry.id if keep_id and entry.id > 0 else None
        if (
            wanted_id is not None
            and conn.execute("SELECT 1 FROM diary WHERE id = ?", (wanted_id,)).fetchone()
        ):
            wanted_id = None
        cursor = conn.execute(_INSERT_DIARY, _diary_row(entry, wanted_id))
        return cursor.lastrowid if _changed(conn) == 1 else None

    # ------------------------------------------------------------------------------------------------
    # Reading

    def recent(self, limit: int = 20) -> list[SessionSummary | DiaryEntry]:
        """The newest sessions and diary entries together, newest first."""
        sessions = self._read(
            f"SELECT {_SESSION_COLUMNS} FROM sessions "  # noqa: S608 - constant columns
            "ORDER BY started_utc DESC, id DESC LIMIT ?",
            (limit,),
        )
        entries = self._read(
            f"SELECT {_DIARY_COLUMNS} FROM diary ORDER BY at_utc DESC, id DESC LIMIT ?",  # noqa: S608 - constant columns
            (limit,),
        )
        items: list[SessionSummary | DiaryEntry] = [_summary(r) for r in sessions]
        items += [_entry(r) for r in entries]
        items.sort(key=lambda item: item.when, reverse=True)
        return items[:limit]

    @staticmethod
    def _range(column: str, since: datetime | None, until: datetime | None) -> tuple[str, list[str]]:
        clauses, params = [], []
        if since is not None:
            clauses.append(f"{column} >= ?")
            params.append(_stamp(since)[0])
        if until is not None:
            clauses.append(f"{column} < ?")
            params.append(_stamp(until)[0])
        return (" WHERE " + " AND ".join(clauses) if clauses else ""), params

    def sessions(self, since: datetime | None = None, until: datetime | None = None) -> list[SessionSummary]:
        """Sessions that started in [since, until), oldest first."""
        where, params = self._range("started_utc", since, until)
        rows = self._read(
            f"SELECT {_SESSION_COLUMNS} FROM sessions{where} ORDER BY started_utc, id",  # noqa: S608 - constant columns
            params,
        )
        return [_summary(row) for row in rows]

    def awaiting_follow_up(self, ended_since: datetime) -> list[SessionSummary]:
        """Sessions that ended (completed or stopped, not interrupted) at or after ``ended_since`` and have
        not been followed up, oldest end first.

        Followed up means a follow-up score or a follow-up time: a question the person skipped keeps the
        moment it was skipped and no score, so it is not asked again after a restart.
        """
        rows = self._read(
            f"SELECT {_SESSION_COLUMNS} FROM sessions "  # noqa: S608 - constant columns
            "WHERE status IN ('completed', 'stopped', 'stopped_for_pain') AND ended_utc >= ? "
            "AND followup_pain IS NULL AND followup_utc IS NULL ORDER BY ended_utc, id",
            (_stamp(ended_since)[0],),
        )
        return [_summary(row) for row in rows]

    def diary(self, since: datetime | None = None, until: datetime | None = None) -> list[DiaryEntry]:
        """Diary entries written in [since, until), oldest first."""
        where, params = self._range("at_utc", since, until)
        rows = self._read(
            f"SELECT {_DIARY_COLUMNS} FROM diary{where} ORDER BY at_utc, id",  # noqa: S608 - constant columns
            params,
        )
        return [_entry(row) for row in rows]

    def session_detail(self, session_id: int) -> SessionDetail:
        """A session with its routine snapshot and every phase. UserError if there is none with this id."""
        with self._errors(_("read the history")):
            return self._detail(self.conn, session_id)

    def _detail(self, conn: sqlite3.Connection, session_id: int) -> SessionDetail:
        row = conn.execute(
            f"SELECT {_SESSION_COLUMNS}, routine_snapshot FROM sessions WHERE id = ?",  # noqa: S608 - constant columns
            (session_id,),
        ).fetchone()
        if row is None:
            raise UserError(_("no session has the id {session_id}").format(session_id=session_id))
        phases = conn.execute(
            f"SELECT {_PHASE_COLUMNS} FROM session_phases WHERE session_id = ? ORDER BY seq",  # noqa: S608 - constant columns
            (session_id,),
        ).fetchall()
        return SessionDetail(
            summary=_summary(row), routine_snapshot=json.loads(row[-1]), phases=tuple(map(_phase, phases))
        )

    def diary_entry(self, entry_id: int) -> DiaryEntry:
        """One diary entry. UserError if there is none with this id."""
        rows = self._read(f"SELECT {_DIARY_COLUMNS} FROM diary WHERE id = ?", (entry_id,))  # noqa: S608 - constant columns
        if not rows:
            raise UserError(_("no diary entry has the id {entry_id}").format(entry_id=entry_id))
        return _entry(rows[0])

    def pressed_points(self) -> dict[int, frozenset[str]]:
        """For each session, the points it pressed: those with at least one hold that ran to its end."""
        rows = self._read(
            "SELECT DISTINCT session_id, point_code FROM session_phases "
            "WHERE kind = 'hold' AND skipped = 0 AND point_code IS NOT NULL"
        )
        pressed: dict[int, set[str]] = {}
        for session_id, code in rows:
            pressed.setdefault(session_id, set()).add(code)
        return {session_id: frozenset(codes) for session_id, codes in pressed.items()}

    def load_for_history_view(self) -> HistoryView:
        """Everything the history charts need, in two queries, as columns.

        The rows are turned into columns by ``zip`` and the columns converted with ``map``, so ten thousand
        sessions cost no Python loop per row; SQLite gives the scores as REAL (NULL where not given).
        """
        with collector.paused():  # the rows' tuples die by reference counting at the end
            return self._history_columns()

    def _history_columns(self) -> HistoryView:
        sessions = self._read(
            f"SELECT id, {_epoch('started_utc')}, CAST(pain_before AS REAL), CAST(pain_after AS REAL), "  # noqa: S608 - constant SQL
            f"NULLIF(status, ?), routine_id, started_offset_min, {_epoch('followup_utc')}, "
            "CAST(followup_pain AS REAL), routine_name FROM sessions ORDER BY started_utc, id",
            # Most sessions are completed: NULL for those, so no string is made for each of them.
            (SessionStatus.COMPLETED.value,),
        )
        entries = self._read(
            f"SELECT id, {_epoch('at_utc')}, CAST(score AS REAL), region, offset_min FROM diary "  # noqa: S608 - constant SQL
            "ORDER BY at_utc, id"
        )
        ids, started_s, before, after, status, routine_ids, offsets, followup_s, followup, names = _columns(
            sessions, 10
        )
        diary_ids, diary_at_s, diary_score, diary_region, diary_offsets = _columns(entries, 5)
        statuses: dict[str | None, SessionStatus] = {s.value: s for s in SessionStatus}
        statuses[None] = SessionStatus.COMPLETED
        regions: dict[str | None, PainRegion | None] = {r.value: r for r in PainRegion}
        regions[None] = None
        return HistoryView(
            session_ids=list(ids),
            session_started_s=list(started_s),
            session_pain_before=_nan_for_none(before),
            session_pain_after=_nan_for_none(after),
            session_status=list(map(statuses.__getitem__, status)),
            session_routine_ids=list(routine_ids),
            diary_ids=list(diary_ids),
            diary_at_s=list(diary_at_s),
            diary_score=list(diary_score),
            diary_region=list(map(regions.__getitem__, diary_region)),
            session_offset_min=list(offsets),
            session_followup_s=_nan_for_none(followup_s),
            session_pain_followup=_nan_for_none(followup),
            diary_offset_min=list(diary_offsets),
            routine_names=dict(zip(routine_ids, names, strict=True)),  # oldest first: the latest name wins
        )

    def _everything(self) -> tuple[list[SessionDetail], list[DiaryEntry]]:
        """Every session with its phases, and the diary, read from one snapshot of the database."""
        with self._errors(_("read the history")):
            conn = self.conn
            conn.execute("BEGIN")  # another copy may write meanwhile; this read sees one moment
            try:
                rows = conn.execute(
                    f"SELECT {_SESSION_COLUMNS}, routine_snapshot FROM sessions "  # noqa: S608 - constant columns
                    "ORDER BY started_utc, id"
                ).fetchall()
                phases: dict[int, list[PhaseRecord]] = {}
                for phase_row in conn.execute(
                    f"SELECT session_id, {_PHASE_COLUMNS} FROM session_phases "  # noqa: S608 - constant columns
                    "ORDER BY session_id, seq"
                ):
                    phases.setdefault(phase_row[0], []).append(_phase(phase_row[1:]))
                entries = conn.execute(
                    f"SELECT {_DIARY_COLUMNS} FROM diary ORDER BY at_utc, id"  # noqa: S608 - constant columns
                ).fetchall()
            finally:
                conn.execute("COMMIT")
        details = [
            SessionDetail(
                summary=_summary(row),
                routine_snapshot=json.loads(row[-1]),
                phases=tuple(phases.get(row[0], ())),
            )
            for row in rows
        ]
        return details, [_entry(row) for row in entries]

    # ------------------------------------------------------------------------------------------------
    # Export and import

    def export_json(self) -> dict[str, Any]:
        """The whole history as one JSON-ready object (see core/history_format.py)."""
        details, entries = self._everything()
        from sciatica_timer.core.history_format import export_document  # only for exports

        return export_document(details, entries, self._clock())

    def csv_text(self) -> str:
        """Sessions and diary entries as one CSV table (see core/history_format.history_csv)."""
        details, entries = self._everything()
        from sciatica_timer.core.history_format import history_csv

        return history_csv([detail.summary for detail in details], entries)

    def export_csv(self, path: Path) -> None:
        """Write the CSV to ``path`` atomically, readable by this user only. UTF-8 with a byte order mark,
        which tells spreadsheet programs the encoding (otherwise accents in notes come out garbled)."""
        write_atomic(Path(path), self.csv_text().encode("utf-8-sig"), FILE_MODE)

    def import_json(self, data: object, source: str = "import") -> ImportReport:
        """Add the sessions and diary entries of an export that are not here yet, all in one transaction.

        A record whose uid is already here is left as it is, so importing a file twice adds nothing.
        Raises HistoryFormatError (a UserError) naming each problem's place, having changed nothing.
        """
        with collector.paused():  # hundreds of thousands of values, all kept until the end: none to free
            return self._import_checked(data, source)

    def _import_checked(self, data: object, source: str) -> ImportReport:
        from sciatica_timer.core.history_format import check_document

        imported = check_document(data, source)
        differing: list[str] = []
        with self._transaction(_("import the history")) as conn:
            sessions_here = {uid for (uid,) in conn.execute("SELECT uid FROM sessions")}
            added_sessions = _import_sessions(
                conn, [(d, p) for d, p in imported.sessions if d.summary.uid not in sessions_here]
            )
            for bare, values in imported.sessions:
                if bare.summary.uid not in sessions_here:
                    continue
                detail = replace(bare, phases=tuple(PhaseRecord(*v) for v in values))
                stored = self._detail(conn, _id_of(conn, "sessions", detail.summary.uid))
                if _completes(stored, detail):
                    # The whole of a session whose end could not be saved (kept in a file meanwhile).
                    conn.execute("DELETE FROM sessions WHERE id = ?", (stored.summary.id,))
                    self._insert_session(conn, detail, keep_id=False)
                    added_sessions += 1
                elif not _same_session(stored, detail):
                    differing.append(f"session {detail.summary.uid}")
            diary_here = {uid for (uid,) in conn.execute("SELECT uid FROM diary")}
            added_diary = _import_diary(conn, [e for e in imported.diary if e.uid not in diary_here])
            for entry in imported.diary:
                if entry.uid in diary_here and not _same_entry(_stored_entry(conn, entry.uid), entry):
                    differing.append(_("pain score {uid}").format(uid=entry.uid))
        return ImportReport(
            sessions_added=added_sessions,
            sessions_present=len(imported.sessions) - added_sessions,
            diary_added=added_diary,
            diary_present=len(imported.diary) - added_diary,
            differing=tuple(differing),
        )

    # ------------------------------------------------------------------------------------------------
    # Backups

    def import_preview(self, data: object, source: str = "import") -> ImportReport:
        """What import_json would add, without adding anything: how many records are new, how many here.

        Raises HistoryFormatError, as import_json does, for a file that is not a sound export.
        """
        from sciatica_timer.core.history_format import parse_document

        imported = parse_document(data, source)
        sessions_here = {row[0] for row in self._read("SELECT uid FROM sessions")}
        diary_here = {row[0] for row in self._read("SELECT uid FROM diary")}
        new_sessions = len({d.summary.uid for d in imported.sessions} - sessions_here)
        new_diary = len({e.uid for e in imported.diary} - diary_here)
        return ImportReport(
            sessions_added=new_sessions,
            sessions_present=len(imported.sessions) - new_sessions,
            diary_added=new_diary,
            diary_present=len(imported.diary) - new_diary,
        )

    def restore_backup(self, backup: Path, now: datetime | None = None) -> Path:
        """Replace the whole history with a backup's, after copying the history as it is now aside (into the
        backups folder). Returns the path of that copy, so nothing is lost: it can be restored in turn.

        Raises UserError if the backup is not a sound database this version can read, or a copy fails.
        """
        if not backups.usable_backup(backup):
            raise UserError(
                _("{name}: not a sound backup this version can read; nothing was changed").format(
                    name=backup.name
                )
            )
        stamp = (now or self._clock()).astimezone().strftime("%Y%m%d-%H%M%S")
        folder = ensure_private_dir(self.backups_dir)
        aside = folder / f"{self.path.stem}-before-restore-{stamp}{backups.SUFFIX}"
        for attempt in range(2, 1000):  # never over an earlier copy, not even one from the same second
            if not aside.exists() and aside != backup:
                break
            aside = folder / f"{self.path.stem}-before-restore-{stamp}-{attempt}{backups.SUFFIX}"
        try:
            backups.copy_database(self.conn, aside)
        except (OSError, sqlite3.Error) as exc:
            raise UserError(
                _("cannot keep the current history aside as {aside}: {exc}; nothing was changed").format(
                    aside=aside, exc=exc
                )
            ) from exc
        source = backups.open_backup(backup)
        try:
            with self._errors(_("restore the backup")):
                source.backup(self.conn)
        finally:
            source.close()
        migrate(self.conn)  # a backup from an earlier version is brought up to this one
        return aside

    def backup_now(self, backups_dir: Path | None = None, now: datetime | None = None) -> Path:
        """Write today's backup (replacing an earlier one from today). ``now`` is local time."""
        folder = ensure_private_dir(Path(backups_dir) if backups_dir is not None else self.backups_dir)
        day = now.date() if now is not None else self._clock().astimezone().date()
        dest = folder / backups.daily_name(self.path.stem, day)
        refuse_link(dest)
        try:
            backups.copy_database(self.conn, dest)
        except OSError as exc:
            raise UserError(
                _("cannot back up the history: {dest}: {value}").format(dest=dest, value=exc.strerror or exc)
            ) from exc
        except sqlite3.Error as exc:
            raise UserError(
                _("cannot back up the history: {dest}: {plain}").format(dest=dest, plain=_plain(exc))
            ) from exc
        return dest

    def backup_if_due(self, backups_dir: Path | None = None, now: datetime | None = None) -> Path | None:
        """Back up once a day, then delete old backups by the 7 daily, 4 weekly, 12 monthly rule.

        Returns the new backup, or None if there was one from today already.
        """
        folder = Path(backups_dir) if backups_dir is not None else self.backups_dir
        day = now.date() if now is not None else self._clock().astimezone().date()
        existing = backups.list_backups(folder, self.path.stem)
        if any(b.day == day and not b.before_upgrade for b in existing):
            return None
        dest = self.backup_now(folder, now)
        backups.prune_daily(folder, self.path.stem, day)
        return dest


# ----------------------------------------------------------------------------------------------------
# An import meeting a uid that is here already


def _id_of(conn: sqlite3.Connection, table: str, uid: str) -> int:
    row: tuple[int] = conn.execute(f"SELECT id FROM {table} WHERE uid = ?", (uid,)).fetchone()  # noqa: S608 - our table
    return row[0]


def _stored_entry(conn: sqlite3.Connection, uid: str) -> DiaryEntry:
    row = conn.execute(f"SELECT {_DIARY_COLUMNS} FROM diary WHERE uid = ?", (uid,)).fetchone()  # noqa: S608 - constant columns
    return _entry(row)


def _completes(stored: SessionDetail, imported: SessionDetail) -> bool:
    """Whether ``imported`` is the whole of the interrupted ``stored`` session, and not yet answered for:
    the same start and every phase the history has, then more or an end."""
    s, i = stored.summary, imported.summary
    return (
        s.status is SessionStatus.INTERRUPTED
        and s.ended is None
        and i.status is not SessionStatus.IN_PROGRESS
        and i.ended is not None
        and _same_moment(s.started, i.started)
        and imported.phases[: len(stored.phases)] == stored.phases
    )


def _same_moment(a: datetime | None, b: datetime | None) -> bool:
    return a == b and (a is None or b is None or a.utcoffset() == b.utcoffset())


def _same_session(stored: SessionDetail, imported: SessionDetail) -> bool:
    s, i = stored.summary, imported.summary
    return (
        (s.routine_id, s.routine_name, s.status, s.stop_reason, s.note)
        == (i.routine_id, i.routine_name, i.status, i.stop_reason, i.note)
        and (s.pain_before, s.pain_after, s.followup_pain) == (i.pain_before, i.pain_after, i.followup_pain)
        and all(_same_moment(a, b) for a, b in ((s.started, i.started), (s.ended, i.ended)))
        and _same_moment(s.followup_at, i.followup_at)
        and (s.active_s, s.paused_s) == (i.active_s, i.paused_s)
        and stored.phases == imported.phases
        and stored.routine_snapshot == imported.routine_snapshot
    )


def _same_entry(stored: DiaryEntry, imported: DiaryEntry) -> bool:
    return (stored.score, stored.region, stored.side, stored.note) == (
        imported.score,
        imported.region,
        imported.side,
        imported.note,
    ) and _same_moment(stored.at, imported.at)


# ----------------------------------------------------------------------------------------------------
# Opening: locks, checks, repair, upgrade


# An export of ten years holds 10,000 sessions and 200,000 phases: each table gets one statement for all its
# rows, in the import's one transaction, rather than a statement a row.


def _import_sessions(
    conn: sqlite3.Connection, sessions: Sequence[tuple[SessionDetail, Sequence[PhaseValues]]]
) -> int:
    """Insert the sessions whose uid is not here yet, with their phases; the number added."""
    last_id = conn.execute("SELECT coalesce(max(id), 0) FROM sessions").fetchone()[0]
    conn.executemany(_INSERT_SESSION, (_session_row(detail, None) for detail, _ in sessions))
    # New rows are numbered above every id there was, so these are exactly the sessions just added.
    added = dict(conn.execute("SELECT uid, id FROM sessions WHERE id > ?", (last_id,)).fetchall())
    rows = (
        row
        for detail, phases in sessions
        if detail.summary.uid in added
        for row in _imported_phase_rows(added[detail.summary.uid], phases)
    )
    # The table's CHECKs test each value against lists ("kind IN (...)") that SQLite builds anew for every
    # row: three quarters of the import's time. parse_document has checked every one of these values
    # against the same rules already, so they are not checked twice; every other write keeps them.
    conn.execute("PRAGMA ignore_check_constraints = ON")
    try:
        conn.executemany(_INSERT_PHASE, rows)
    finally:
        conn.execute("PRAGMA ignore_check_constraints = OFF")
    return len(added)


def _import_diary(conn: sqlite3.Connection, entries: Sequence[DiaryEntry]) -> int:
    """Insert the diary entries whose uid is not here yet; the number added."""
    last_id = conn.execute("SELECT coalesce(max(id), 0) FROM diary").fetchone()[0]
    conn.executemany(_INSERT_DIARY, (_diary_row(entry, None) for entry in entries))
    return int(conn.execute("SELECT count(*) FROM diary WHERE id > ?", (last_id,)).fetchone()[0])


_NONE_IS_NAN: Final[dict[None, float]] = {None: math.nan}


def _columns(rows: list[Any], width: int) -> list[tuple[Any, ...]]:
    """Rows of ``width`` values as that many columns (empty ones when there are no rows)."""
    return list(zip(*rows, strict=True)) if rows else [()] * width


def _nan_for_none(values: Sequence[float | None]) -> list[float]:
    """The numbers as they are, and NaN for each None (a score not given: a gap in the chart's line)."""
    return list(map(_NONE_IS_NAN.get, values, values))  # type: ignore[arg-type]  # get(None) is NaN, get(x, x) x


def _writer_lock(path: Path, token: str) -> Path:
    return path.with_name(f".{path.stem}-writer-{token}.lock")


def _sweep_writers(path: Path, own_token: str) -> int:
    """Delete the lock files of copies of the app that are gone; return how many others are running.

    Only called while holding the opening lock, and a copy takes its own lock inside that lock, so a file
    seen here unlocked can never be one that is about to be taken.
    """
    running = 0
    prefix = f".{path.stem}-writer-"
    try:
        names = [entry.name for entry in os.scandir(path.parent)]
    except OSError:
        return 0
    for name in names:
        if not name.startswith(prefix) or not name.endswith(".lock"):
            continue
        token = name[len(prefix) : -len(".lock")]
        if token == own_token:
            continue
        try:
            lock = HeldLock.acquire(path.parent / name, create=False)
        except OSError:
            continue  # gone meanwhile, or not ours to open
        if lock is None:
            running += 1
        else:
            lock.release(remove=True)
    return running


def _inspect(path: Path, backups_dir: Path) -> str | None:
    """Why the file at ``path`` cannot be used (damaged, empty or missing while backups exist), or None.

    Reads without writing: the header first, then a read-only connection for the schema version and
    ``PRAGMA quick_check``. Raises UserError for a newer schema or a file that cannot be read at all.
    """
    has_backups = bool(backups.list_backups(backups_dir, path.stem))
    try:
        info = path.stat()
    except FileNotFoundError:
        return _("the file was missing") if has_backups else None
    except OSError as exc:
        raise UserError(
            _("cannot open the history: {path}: {value}").format(path=path, value=exc.strerror or exc)
        ) from exc
    if not stat.S_ISREG(info.st_mode):
        raise UserError(_("cannot open the history: {path}: is not a file").format(path=path))
    if info.st_size == 0:
        return _("the file was empty") if has_backups else None
    try:
        with path.open("rb") as stream:
            header = stream.read(HEADER_SIZE)
    except OSError as exc:
        raise UserError(
            _("cannot open the history: {path}: {value}").format(path=path, value=exc.strerror or exc)
        ) from exc
    version = header_version(header)
    if version is None:
        return _("it is not a SQLite database")
    if version > LATEST_VERSION:
        raise _newer(path, version)
    try:
        conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
    except sqlite3.Error as exc:
        raise UserError(
            _("cannot open the history: {path}: {plain}").format(path=path, plain=_plain(exc))
        ) from exc
    try:
        version = read_version(conn)  # the header may be behind a write still in the WAL
        if version > LATEST_VERSION:
            raise _newer(path, version)
        problems = [row[0] for row in conn.execute("PRAGMA quick_check").fetchall()]
    except sqlite3.DatabaseError as exc:
        if _is_corruption(exc):
            return _("it is damaged ({exc})").format(exc=exc)
        raise UserError(
            _("cannot open the history: {path}: {plain}").format(path=path, plain=_plain(exc))
        ) from exc
    finally:
        conn.close()
    if problems != ["ok"]:
        return _("it is damaged ({problems})").format(problems=problems[0])
    return None


def _move_aside(path: Path, now: datetime) -> Path:
    """Rename the unusable file (and its -wal, -shm, -journal) to ``history.corrupt-YYYYmmdd-HHMMSS``."""
    stamp = now.astimezone().strftime("%Y%m%d-%H%M%S")
    sides = ("-wal", "-shm", "-journal")
    for attempt in range(1, 1000):
        name = f"{path.stem}.corrupt-{stamp}{'' if attempt == 1 else f'-{attempt}'}{path.suffix}"
        target = path.with_name(name)
        if not any(Path(f"{target}{side}").exists() for side in ("", *sides)):
            break
    try:
        # The side files first: a -wal left beside a new database would be read into it.
        for side in sides:
            with contextlib.suppress(FileNotFoundError):
                Path(f"{path}{side}").rename(f"{target}{side}")
        path.rename(target)
    except OSError as exc:
        raise UserError(
            _("cannot set the damaged history aside: {path}: {value}").format(
                path=path, value=exc.strerror or exc
            )
        ) from exc
    return target


def _recover(path: Path, backups_dir: Path, problem: str, now: datetime) -> RecoveryReport:
    moved_to = _move_aside(path, now) if path.exists() else None
    for backup in backups.list_backups(backups_dir, path.stem):
        if not backups.usable_backup(backup.path):
            continue
        try:
            backups.restore(backup.path, path)
        except (OSError, sqlite3.Error) as exc:
            raise UserError(
                _(
                    "cannot restore the backup {path} to {path2}: {exc}; the damaged file is kept as "
                    "{moved_to}"
                ).format(path=backup.path, path2=path, exc=exc, moved_to=moved_to)
            ) from exc
        report = RecoveryReport(path, problem, moved_to, backup.path, backup.day)
        log.warning("%s", report.message)
        return report
    report = RecoveryReport(path, problem, moved_to, None, None)
    log.warning("%s", report.message)
    return report


def _connect(path: Path) -> sqlite3.Connection:
    """The read-write connection: WAL, foreign keys, fsync at every commit, a wait for a busy writer."""
    try:
        # Created here with mode 0600 (whatever the umask); SQLite gives its -wal and -shm the same mode.
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE))
    except FileExistsError:
        pass
    except OSError as exc:
        raise UserError(
            _("cannot create the history: {path}: {value}").format(path=path, value=exc.strerror or exc)
        ) from exc
    _tighten(path)
    _side_files_like(path)
    try:
        conn = sqlite3.connect(path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
    except sqlite3.Error as exc:
        raise UserError(
            _("cannot open the history: {path}: {plain}").format(path=path, plain=_plain(exc))
        ) from exc
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA foreign_keys = ON")
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if mode != "wal":
            log.warning("%s: SQLite could not use WAL here (journal mode %s)", path, mode)
        conn.execute("PRAGMA synchronous = FULL")
    except sqlite3.Error as exc:
        conn.close()
        raise UserError(
            _("cannot open the history: {path}: {plain}").format(path=path, plain=_plain(exc))
        ) from exc
    for side in ("-wal", "-shm"):
        _tighten(Path(f"{path}{side}"))
    return conn


def _why_not_writable(path: Path) -> str | None:
    """Why nothing can be written to the history at ``path`` (in words), or None if it seems writable."""
    folder = path.parent
    try:
        if os.statvfs(folder).f_bavail == 0:
            return _("the disk is full")
    except (OSError, AttributeError):
        pass
    if not os.access(folder, os.W_OK):
        return _("its folder is read-only")
    if path.exists() and not os.access(path, os.W_OK):
        return _("the file is read-only")
    return None


def _connect_read_only(path: Path) -> sqlite3.Connection:
    """A connection that never writes. SQLite needs the -shm beside a WAL file even to read; where it
    cannot be made (a read-only folder), the file is read as immutable: nothing else can write it then."""
    for mode in ("mode=ro", "immutable=1"):
        conn = None
        try:
            conn = sqlite3.connect(f"{path.as_uri()}?{mode}", uri=True, isolation_level=None)
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            version = read_version(conn)
        except sqlite3.Error as exc:
            if conn is not None:
                conn.close()
            problem = exc
            continue
        if version > LATEST_VERSION:
            conn.close()
            raise _newer(path, version)
        if version < LATEST_VERSION:
            conn.close()
            raise UserError(
                _(
                    "cannot read the history: {path}: it needs an upgrade, which cannot be written now; "
                    "nothing was changed"
                ).format(path=path)
            )
        return conn
    raise UserError(_("cannot read the history: {path}: {plain}").format(path=path, plain=_plain(problem)))


def _side_files_like(path: Path) -> None:
    """Give the -wal and -shm the database's own mode, as SQLite does when it creates them.

    A read-only connection leaves them behind with the mode the file had then; once the person makes the
    file writable again, side files still read-only would keep every write failing.
    """
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except OSError:
        return
    for side in ("-wal", "-shm"):
        side_file = Path(f"{path}{side}")
        try:
            if stat.S_IMODE(side_file.stat().st_mode) != mode:
                side_file.chmod(mode)
        except OSError:
            continue  # absent (the usual case), or not ours to change: SQLite will say what it cannot do


def _upgrade(conn: sqlite3.Connection, path: Path, backups_dir: Path, now: datetime) -> None:
    """Apply the migrations, after keeping a copy of a database that holds data."""
    try:
        version = read_version(conn)
    except sqlite3.Error as exc:
        raise UserError(
            _("cannot open the history: {path}: {plain}").format(path=path, plain=_plain(exc))
        ) from exc
    if version > LATEST_VERSION:
        raise _newer(path, version)
    if version == LATEST_VERSION:
        return
    if version >= 1:
        dest = ensure_private_dir(backups_dir) / backups.upgrade_name(path.stem, version, now.astimezone())
        try:
            backups.copy_database(conn, dest)
        except (OSError, sqlite3.Error) as exc:
            raise UserError(
                _(
                    "cannot upgrade the history: {path}: could not first save a copy to {dest} ({exc}); "
                    "nothing was changed"
                ).format(path=path, dest=dest, exc=exc)
            ) from exc
    try:
        applied = migrate(conn)
    except NewerSchemaError as exc:
        raise _newer(path, exc.version) from exc
    except sqlite3.Error as exc:
        raise UserError(
            _("cannot upgrade the history: {path}: {plain}").format(path=path, plain=_plain(exc))
        ) from exc
    if applied:
        log.info("%s: upgraded the schema from %d to %d", path, version, applied[-1])
