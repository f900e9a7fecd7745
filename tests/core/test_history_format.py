"""The export formats: JSON reads back to the same records, every problem in a file is named with its place,
and the CSV is one table a spreadsheet opens as it is."""

from __future__ import annotations

import copy
import csv
import io
import json
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest

from sciatica_timer.core.diary import DiaryEntry, PainRegion, PainSide, SessionDetail, SessionSummary
from sciatica_timer.core.history_format import (
    CSV_COLUMNS,
    DIARY_FIELDS,
    FORMAT_VERSION,
    PHASE_FIELDS,
    SESSION_FIELDS,
    HistoryFormatError,
    export_document,
    history_csv,
    parse_document,
)
from sciatica_timer.core.plan import PhaseKind, Side
from sciatica_timer.core.record import PhaseOutcome, PhaseRecord, SessionStatus

PLUS2 = timezone(timedelta(hours=2))
MINUS5 = timezone(timedelta(hours=-5))


def summary(**changes: Any) -> SessionSummary:
    base = SessionSummary(
        id=0,
        uid="s-1",
        routine_id="quick-desk",
        routine_name="Quick desk routine",
        started=datetime(2024, 5, 1, 8, 30, tzinfo=PLUS2),
        ended=datetime(2024, 5, 1, 8, 45, tzinfo=PLUS2),
        status=SessionStatus.COMPLETED,
        pain_before=6,
        pain_after=3,
        followup_pain=2,
        followup_at=datetime(2024, 5, 2, 7, 0, tzinfo=PLUS2),
        note="better",
        active_s=842.5,
        paused_s=15.0,
    )
    fields = {name: getattr(base, name) for name in base.__dataclass_fields__}
    return SessionSummary(**(fields | changes))


DETAIL = SessionDetail(
    summary=summary(),
    routine_snapshot={"id": "quick-desk", "steps": [{"kind": "point", "point": "BL23"}]},
    phases=(
        PhaseRecord(0, 0, PhaseKind.LOCATE, "BL23", Side.LEFT, 1, 0.0, 0.0, False, waited_s=12.5),
        PhaseRecord(1, 0, PhaseKind.HOLD, "BL23", Side.LEFT, 1, 30.0, 11.0, True, PhaseOutcome.RESTARTED),
        PhaseRecord(1, 0, PhaseKind.HOLD, "BL23", Side.LEFT, 1, 30.0, 30.0, False, tenderness=6),
    ),
)
ENTRY = DiaryEntry(
    id=0,
    uid="d-1",
    at=datetime(2024, 5, 2, 21, 0, tzinfo=MINUS5),
    score=6,
    region=PainRegion.CALF,
    side=PainSide.LEFT,
    note="stairs",
)
EXPORTED = datetime(2024, 6, 1, 10, 0, tzinfo=UTC)


def document() -> dict[str, Any]:
    return export_document([DETAIL], [ENTRY], EXPORTED)


def problems_of(data: object) -> list[str]:
    with pytest.raises(HistoryFormatError) as caught:
        parse_document(data, "export.json")
    return caught.value.lines()


def test_the_document_names_its_format_and_time() -> None:
    doc = document()
    assert list(doc) == ["format", "format_version", "exported_utc", "sessions", "diary"]
    assert doc["format_version"] == FORMAT_VERSION
    assert doc["exported_utc"] == "2024-06-01T10:00:00Z"
    assert list(doc["sessions"][0]) == list(SESSION_FIELDS)
    assert list(doc["sessions"][0]["phases"][0]) == list(PHASE_FIELDS)
    assert list(doc["diary"][0]) == list(DIARY_FIELDS)


def test_times_keep_their_local_offset() -> None:
    doc = document()
    assert doc["sessions"][0]["started"] == "2024-05-01T08:30:00+02:00"
    assert doc["diary"][0]["at"] == "2024-05-02T21:00:00-05:00"


def test_a_document_reads_back_to_the_same_records() -> None:
    text = json.dumps(document())  # through real JSON text, as a file would be
    imported = parse_document(json.loads(text), "export.json")
    assert imported.sessions == (DETAIL,)
    assert imported.diary == (ENTRY,)
    assert imported.sessions[0].summary.started.utcoffset() == timedelta(hours=2)


def test_optional_fields_may_be_left_out() -> None:
    doc = document()
    session = doc["sessions"][0]
    for key in ("ended", "stop_reason", "pain_before", "pain_after", "followup_pain", "followup_at", "note"):
        del session[key]
    for phase in session["phases"]:
        del phase["waited_s"], phase["tenderness"], phase["point_code"], phase["side"]
    del doc["diary"][0]["region"]
    imported = parse_document(doc, "export.json")
    assert imported.sessions[0].summary.pain_before is None
    assert imported.sessions[0].phases[0].waited_s == 0.0
    assert imported.diary[0].region is None


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            lambda d: d["sessions"][0]["phases"][2].update(kind="jump"),
            (
                'export.json: sessions[0].phases[2].kind: "jump" is not one of: press, hold, release, '
                "breathe, locate, activity, rest"
            ),
        ),
        (
            lambda d: d["diary"][0].update(score=11),
            (
                "export.json: diary[0].score: 11 is out of range: use a whole number from 0 (no pain) to 10 "
                "(worst imaginable)"
            ),
        ),
        (
            lambda d: d["diary"][0].update(score="6"),
            'export.json: diary[0].score: expected a whole number, got text ("6")',
        ),
        (
            lambda d: d["diary"][0].update(score=6.0),
            "export.json: diary[0].score: expected a whole number, got 6.0",
        ),
        (
            lambda d: d["sessions"][0].update(started="2024-05-01 08:30"),
            (
                'export.json: sessions[0].started: "2024-05-01 08:30" is not a date and time with a UTC '
                "offset, like 2024-05-01T08:30:00+02:00"
            ),
        ),
        (
            lambda d: d["sessions"][0].pop("uid"),
            "export.json: sessions[0].uid: is missing",
        ),
        (
            lambda d: d["sessions"][0].update(active_s=-3),
            "export.json: sessions[0].active_s: -3 is below the minimum 0",
        ),
        (
            lambda d: d["sessions"][0]["phases"][0].update(skipped="no"),
            'export.json: sessions[0].phases[0].skipped: expected true or false, got text ("no")',
        ),
        (
            lambda d: d["diary"][0].update(mood="grumpy"),
            (
                "export.json: diary[0].mood: unknown field; expected one of: uid, at, score, region, side, "
                "note, entered_later"
            ),
        ),
        (
            lambda d: d["diary"].append(copy.deepcopy(d["diary"][0])),
            'export.json: diary[1].uid: "d-1" is also the uid of diary[0]',
        ),
        (
            lambda d: d.update(sessions={}),
            "export.json: sessions: expected a list, got an object",
        ),
        (
            lambda d: d["sessions"].append(3),
            "export.json: sessions[1]: expected a session (a JSON object), got 3",
        ),
        (
            lambda d: d.update(format="something-else"),
            'export.json: format: should be "sciatica-timer-history"; is this a history export?',
        ),
    ],
)
def test_each_problem_is_named_with_its_place(change: Any, expected: str) -> None:
    doc = document()
    change(doc)
    assert problems_of(doc) == [expected]


def test_every_problem_is_reported_and_str_is_one_line() -> None:
    doc = document()
    doc["diary"][0]["score"] = 12
    doc["sessions"][0]["status"] = "paused"
    with pytest.raises(HistoryFormatError) as caught:
        parse_document(doc, "export.json")
    assert len(caught.value.lines()) == 2
    assert str(caught.value) == (
        'export.json: sessions[0].status: "paused" is not one of: in_progress, completed, stopped, '
        "stopped_for_pain, interrupted (and 1 more problem)"
    )


def test_a_newer_format_is_refused() -> None:
    doc = document()
    doc["format_version"] = FORMAT_VERSION + 1
    assert problems_of(doc) == [
        (
            f"export.json: format_version: {FORMAT_VERSION + 1} is newer than this version of Sciatica Timer "
            f"reads (up to {FORMAT_VERSION}); nothing was imported"
        )
    ]


def test_something_that_is_not_an_export() -> None:
    assert problems_of([1, 2]) == [
        "export.json: top level: expected an export file (a JSON object), got a list"
    ]


def read_csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_csv_is_one_table_in_time_order() -> None:
    later = SessionDetail(
        summary=summary(uid="s-2", started=datetime(2024, 5, 3, 7, 0, tzinfo=UTC), note=None),
        routine_snapshot={},
        phases=(),
    )
    text = history_csv([later.summary, DETAIL.summary], [ENTRY])
    assert text.splitlines()[0] == ",".join(CSV_COLUMNS)
    rows = read_csv(text)
    assert [(r["type"], r["uid"]) for r in rows] == [("session", "s-1"), ("pain", "d-1"), ("session", "s-2")]
    first, pain = rows[0], rows[1]
    assert (first["date"], first["time"], first["utc_offset"]) == ("2024-05-01", "08:30", "+02:00")
    assert (first["pain_before"], first["pain_after"], first["followup_pain"]) == ("6", "3", "2")
    assert first["active_min"] == "14.0"
    assert first["pain"] == ""
    assert (pain["date"], pain["time"], pain["utc_offset"]) == ("2024-05-02", "21:00", "-05:00")
    assert (pain["pain"], pain["region"], pain["side"], pain["note"]) == ("6", "calf", "left", "stairs")


def test_csv_text_that_would_read_as_a_formula_is_quoted() -> None:
    risky = summary(note="=1+1", stop_reason="-2 after walking", routine_name="@home")
    row = read_csv(history_csv([risky], []))[0]
    assert (row["note"], row["stop_reason"], row["routine"]) == ("'=1+1", "'-2 after walking", "'@home")


def test_csv_keeps_notes_with_commas_quotes_and_lines() -> None:
    entry = DiaryEntry(0, "d-9", datetime(2024, 5, 2, tzinfo=UTC), 3, note='sat, "long" drive\nthen walked')
    assert read_csv(history_csv([], [entry]))[0]["note"] == 'sat, "long" drive\nthen walked'


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("phase_index", True),
        ("phase_index", 2.0),
        ("phase_index", -1),
        ("phase_index", 1_000_001),
        ("repetition", 0),
        ("planned_s", float("nan")),
        ("planned_s", float("inf")),
        ("planned_s", -0.5),
        ("actual_s", False),
        ("actual_s", "30"),
        ("waited_s", -1),
        ("kind", ["hold"]),
        ("kind", "HOLD"),
        ("side", "up"),
        ("side", {"left": True}),
        ("outcome", None),
        ("skipped", 0),
        ("point_code", 23),
        ("point_code", "x" * 10_001),
        ("tenderness", 11),
        ("tenderness", True),
        ("tenderness", 5.0),
    ],
)
def test_a_wrong_value_in_any_phase_is_named(field: str, value: object) -> None:
    doc = document()
    doc["sessions"][0]["phases"][1][field] = value
    lines = problems_of(doc)
    assert len(lines) == 1
    assert lines[0].startswith(f"export.json: sessions[0].phases[1].{field}: ")


def test_a_phase_with_an_unknown_or_missing_field_is_named() -> None:
    doc = document()
    doc["sessions"][0]["phases"][0]["pressure"] = "firm"
    del doc["sessions"][0]["phases"][2]["kind"]
    assert problems_of(doc) == [
        (
            "export.json: sessions[0].phases[0].pressure: unknown field; expected one of: "
            + ", ".join(PHASE_FIELDS)
        ),
        "export.json: sessions[0].phases[2].kind: is missing",
    ]


def test_phase_numbers_read_as_the_records_hold_them() -> None:
    doc = document()
    phase = doc["sessions"][0]["phases"][1]
    phase.update(planned_s=30, actual_s=0, waited_s=None, tenderness=0, side=None, point_code=None)
    read = parse_document(doc, "export.json").sessions[0].phases[1]
    assert read == PhaseRecord(
        1, 0, PhaseKind.HOLD, None, None, 1, 30.0, 0.0, True, PhaseOutcome.RESTARTED, tenderness=0
    )
    assert type(read.planned_s) is float
    assert type(read.actual_s) is float
    assert type(read.waited_s) is float
