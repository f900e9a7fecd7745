"""Schema upgrades: each released version upgrades with its data intact; a newer database is refused as is."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from sciatica_timer.core.diary import PainRegion, PainSide
from sciatica_timer.core.plan import PhaseKind, Side
from sciatica_timer.core.record import PhaseOutcome, SessionStatus
from sciatica_timer.errors import UserError
from sciatica_timer.storage.history import HistoryStore
from sciatica_timer.storage.history_schema import (
    LATEST_VERSION,
    MIGRATIONS,
    Migration,
    apply_migration,
    migrate,
    read_version,
)
from tests.storage.history_support import db_path, fixed_clock, integrity

FIXTURES = Path(__file__).with_name("fixtures")
PLUS1 = timezone(timedelta(hours=1))
PLUS2 = timezone(timedelta(hours=2))


def installed_fixture(version: int, tmp_path: Path) -> Path:
    """A copy of the fixture where the app would find it; the committed file is never opened for writing."""
    db = db_path(tmp_path)
    db.parent.mkdir(mode=0o700, parents=True)
    shutil.copyfile(FIXTURES / f"history-v{version}.sqlite3", db)
    return db


def schema_of(db: Path) -> list[tuple[str, str, str]]:
    conn = sqlite3.connect(db)
    try:
        rows = conn.execute("SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY name")
        return [tuple(row) for row in rows]
    finally:
        conn.close()


def test_the_ladder_is_numbered_one_by_one() -> None:
    assert [m.version for m in MIGRATIONS] == list(range(1, LATEST_VERSION + 1))
    assert LATEST_VERSION >= 2


@pytest.mark.parametrize("version", range(1, LATEST_VERSION + 1))
def test_every_released_version_has_a_fixture(version: int) -> None:
    fixture = FIXTURES / f"history-v{version}.sqlite3"
    conn = sqlite3.connect(f"{fixture.as_uri()}?mode=ro&immutable=1", uri=True)
    try:
        assert read_version(conn) == version
    finally:
        conn.close()


def test_version_1_upgrades_with_its_data_intact(tmp_path: Path) -> None:
    db = installed_fixture(1, tmp_path)
    with HistoryStore.open(db, clock=fixed_clock) as store:
        sessions = store.sessions()
        first = store.session_detail(sessions[0].id)
        stopped = store.session_detail(sessions[1].id)
        killed = store.find_interrupted()
        diary = store.diary()

    assert [s.uid for s in sessions] == ["v1-completed", "v1-stopped-for-pain", "v1-killed"]
    s = first.summary
    assert (s.routine_id, s.routine_name, s.status) == (
        "quick-desk",
        "Quick desk routine",
        SessionStatus.COMPLETED,
    )
    assert s.started == datetime(2024, 3, 1, 8, 30, tzinfo=PLUS1)
    assert s.started.utcoffset() == timedelta(hours=1)
    assert s.ended == datetime(2024, 3, 1, 8, 42, 10, tzinfo=PLUS1)
    assert (s.pain_before, s.pain_after, s.note) == (6, 3, "Nach dem Spaziergang – besser")
    assert (s.active_s, s.paused_s) == (700.5, 30.0)
    assert (s.followup_pain, s.followup_at) == (None, None)  # new in version 2: empty, not invented
    assert first.routine_snapshot["name"] == "Quick desk routine"
    assert [(p.kind, p.point_code, p.side, p.actual_s) for p in first.phases] == [
        (PhaseKind.PRESS, "BL23", Side.LEFT, 5.0),
        (PhaseKind.HOLD, "BL23", Side.LEFT, 30.2),
        (PhaseKind.RELEASE, "BL23", Side.LEFT, 1.5),
        (PhaseKind.ACTIVITY, None, None, 60.0),
    ]
    # Version 1 only knew "skipped"; the upgrade turns it into the matching outcome.
    assert [(p.skipped, p.outcome) for p in first.phases] == [
        (False, PhaseOutcome.DONE),
        (False, PhaseOutcome.DONE),
        (True, PhaseOutcome.SKIPPED),
        (False, PhaseOutcome.DONE),
    ]
    assert {p.tenderness for p in first.phases} == {None}
    assert {p.waited_s for p in first.phases} == {0.0}
    assert stopped.summary.status is SessionStatus.STOPPED_FOR_PAIN
    assert stopped.summary.stop_reason == "sharp pain at BL57"
    assert [p.outcome for p in stopped.phases] == [PhaseOutcome.DONE, PhaseOutcome.SKIPPED]

    # The session version 1 was running when it was killed is found, with its saved phase.
    assert [k.uid for k in killed] == ["v1-killed"]
    assert killed[0].active_s == 35.0

    assert [(e.uid, e.score, e.note) for e in diary] == [
        ("v1-diary-none", 0, None),
        ("v1-diary-worst", 10, "woke up, could not stand"),
        ("v1-diary-travel", 4, "after the flight"),
    ]
    assert diary[2].at == datetime(2024, 3, 4, 9, 0, tzinfo=timezone(timedelta(hours=-5)))
    assert {(e.region, e.side) for e in diary} == {(None, None)}
    assert integrity(db) == ["ok"]


def test_the_upgrade_first_keeps_a_copy_of_the_old_database(tmp_path: Path) -> None:
    db = installed_fixture(1, tmp_path)
    with HistoryStore.open(db, clock=fixed_clock):
        pass
    (copy,) = (db.parent / "backups").iterdir()
    assert copy.name.startswith("history-v1-before-upgrade-")
    conn = sqlite3.connect(f"{copy.as_uri()}?mode=ro&immutable=1", uri=True)
    try:
        assert read_version(conn) == 1
        assert conn.execute("SELECT count(*) FROM sessions").fetchone()[0] == 3
    finally:
        conn.close()


def test_version_2_reads_with_its_data_intact(tmp_path: Path) -> None:
    db = installed_fixture(2, tmp_path)
    with HistoryStore.open(db, clock=fixed_clock) as store:
        sessions = store.sessions()
        first = store.session_detail(sessions[0].id)
        waiting = store.find_interrupted()
        diary = store.diary()
    s = first.summary
    assert (s.uid, s.pain_before, s.pain_after, s.followup_pain) == ("v2-completed", 5, 2, 3)
    assert s.followup_at == datetime(2024, 6, 11, 8, 30, tzinfo=PLUS2)
    assert [(p.outcome, p.tenderness, p.waited_s) for p in first.phases] == [
        (PhaseOutcome.DONE, None, 12.5),
        (PhaseOutcome.RESTARTED, 6, 0.0),
        (PhaseOutcome.DONE, 4, 0.0),
        (PhaseOutcome.DONE, None, 0.0),
    ]
    assert [w.uid for w in waiting] == ["v2-interrupted"]
    assert [(e.score, e.region, e.side) for e in diary] == [
        (6, PainRegion.CALF, PainSide.LEFT),
        (2, None, None),
        (7, PainRegion.BUTTOCK, PainSide.BOTH),
    ]


def test_version_3_reads_with_its_data_intact(tmp_path: Path) -> None:
    db = installed_fixture(3, tmp_path)
    with HistoryStore.open(db, clock=fixed_clock) as store:
        (session,) = store.sessions()
        diary = store.diary()
    assert LATEST_VERSION > 3 or not (db.parent / "backups").exists()  # nothing to upgrade, so no copy
    assert (session.pain_before, session.pain_region, session.pain_side) == (
        7,
        PainRegion.THIGH,
        PainSide.LEFT,
    )
    assert [(e.uid, e.score, e.entered_later) for e in diary] == [
        ("v3-diary-later", 10, True),
        ("v3-diary-now", 4, False),
    ]


def _v2_with_pain_check_pairs(tmp_path: Path) -> Path:
    """A version 2 history as that release wrote it: a region on the pain check made a diary entry too."""
    db = db_path(tmp_path)
    db.parent.mkdir(mode=0o700, parents=True)
    conn = sqlite3.connect(db, isolation_level=None)
    try:
        migrate(conn, up_to=2)
        session = (
            "INSERT INTO sessions (id, uid, routine_id, routine_name, started_utc, started_offset_min, "
            "status, pain_before) VALUES (?, ?, 'full', ?, ?, 60, 'completed', ?)"
        )
        diary = (
            "INSERT INTO diary (id, uid, at_utc, offset_min, score, note, region, side) "
            "VALUES (?, ?, ?, 60, ?, ?, ?, ?)"
        )
        conn.execute(session, (1, "s1", "Full protocol", "2025-01-10T08:05:00Z", 6))
        conn.execute(session, (2, "s2", "Full protocol", "2025-01-11T08:05:00Z", 5))
        conn.execute(session, (3, "s3", "Quick desk", "2025-01-12T08:05:00Z", 4))
        # The pair made by the pain check: same score, "Before <routine>", a minute before the session.
        conn.execute(diary, (1, "d1", "2025-01-10T08:04:00Z", 6, "Before Full protocol", "calf", "left"))
        # The person changed the diary score later: not the same moment any more, kept as typed.
        conn.execute(diary, (2, "d2", "2025-01-11T08:04:30Z", 7, "Before Full protocol", "thigh", None))
        # A note the person wrote themselves, on a day with a session: kept.
        conn.execute(
            diary, (3, "d3", "2025-01-12T08:00:00Z", 4, "Before Quick desk, after the bus", "foot", None)
        )
        # Written long before the session: not the pain check's entry.
        conn.execute(diary, (4, "d4", "2025-01-12T01:00:00Z", 4, "Before Quick desk", "foot", None))
    finally:
        conn.close()
    return db


def test_pain_check_pairs_become_one_record(tmp_path: Path) -> None:
    db = _v2_with_pain_check_pairs(tmp_path)
    with HistoryStore.open(db, clock=fixed_clock) as store:
        sessions = {s.uid: s for s in store.sessions()}
        diary = store.diary()
    assert (sessions["s1"].pain_region, sessions["s1"].pain_side) == (PainRegion.CALF, PainSide.LEFT)
    assert (sessions["s2"].pain_region, sessions["s3"].pain_region) == (None, None)
    assert sorted(e.uid for e in diary) == ["d2", "d3", "d4"]
    assert (db.parent / "backups").exists(), "the upgrade keeps the old file first"


def test_an_upgraded_database_has_the_schema_of_a_new_one(tmp_path: Path) -> None:
    upgraded = installed_fixture(1, tmp_path / "old")
    with HistoryStore.open(upgraded, clock=fixed_clock):
        pass
    fresh = db_path(tmp_path / "new")
    with HistoryStore.open(fresh, clock=fixed_clock):
        pass
    assert schema_of(upgraded) == schema_of(fresh)


def test_a_newer_database_is_refused_and_left_exactly_as_it_was(tmp_path: Path) -> None:
    db = db_path(tmp_path)
    db.parent.mkdir()
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    migrate(conn)
    conn.execute(
        "INSERT INTO diary (uid, at_utc, offset_min, score) VALUES ('x', '2030-01-01T00:00:00Z', 0, 3)"
    )
    conn.execute("PRAGMA user_version = 7")
    conn.close()
    before = db.read_bytes()

    with pytest.raises(UserError) as caught:
        HistoryStore.open(db, clock=fixed_clock)
    assert str(caught.value) == (
        f"{db} was written by a newer version of Sciatica Timer (schema 7; this version reads up to "
        f"{LATEST_VERSION}); nothing was changed"
    )
    assert db.read_bytes() == before
    assert sorted(p.name for p in db.parent.iterdir() if not p.name.startswith(".")) == ["history.sqlite3"]
    assert list(db.parent.glob(".history-writer-*")) == []


def test_a_migration_that_fails_changes_nothing(tmp_path: Path) -> None:
    db = tmp_path / "h.sqlite3"
    conn = sqlite3.connect(db, isolation_level=None)
    try:
        migrate(conn, up_to=1)
        broken = Migration(2, "half of it works", ("ALTER TABLE diary ADD COLUMN region TEXT", "NOT SQL"))
        with pytest.raises(sqlite3.OperationalError):
            apply_migration(conn, broken)
        assert read_version(conn) == 1
        columns = [row[1] for row in conn.execute("PRAGMA table_info(diary)")]
        assert "region" not in columns
        assert migrate(conn) == list(range(2, LATEST_VERSION + 1))  # the real steps still apply afterwards
    finally:
        conn.close()


def test_a_step_another_copy_applied_meanwhile_is_skipped(tmp_path: Path) -> None:
    conn = sqlite3.connect(tmp_path / "h.sqlite3", isolation_level=None)
    try:
        assert migrate(conn) == list(range(1, LATEST_VERSION + 1))
        assert apply_migration(conn, MIGRATIONS[-1]) is False
        assert migrate(conn) == []
    finally:
        conn.close()


def test_the_schema_accepts_every_value_the_code_has_and_refuses_others(tmp_path: Path) -> None:
    """Adding a status, kind, side, outcome or region in the code needs a migration too; this notices."""
    conn = sqlite3.connect(tmp_path / "h.sqlite3", isolation_level=None)
    try:
        migrate(conn)
        session = (
            "INSERT INTO sessions (uid, routine_id, routine_name, started_utc, started_offset_min, status) "
            "VALUES (?, 'r', 'R', '2024-01-01T00:00:00Z', 0, ?)"
        )
        for status in [*SessionStatus, "paused"]:
            insert_or_refuse(conn, session, (f"s-{status}", str(status)), status == "paused")
        phase = (
            "INSERT INTO session_phases (session_id, seq, phase_index, step_index, kind, side, repetition, "
            "planned_s, actual_s, skipped, outcome) VALUES (1, ?, 0, 0, ?, ?, 1, 1, 1, 0, ?)"
        )
        values = [(k, None, "done") for k in [*PhaseKind, "jump"]]
        values += [("hold", s, "done") for s in [*Side, "up"]] + [
            ("hold", None, o) for o in [*PhaseOutcome, "x"]
        ]
        for seq, (kind, side, outcome) in enumerate(values):
            bad = kind == "jump" or side == "up" or outcome == "x"
            insert_or_refuse(conn, phase, (seq, str(kind), side and str(side), str(outcome)), bad)
        diary = (
            "INSERT INTO diary (uid, at_utc, offset_min, score, region, side) "
            "VALUES (?, '2024-01-01T00:00:00Z', 0, 5, ?, ?)"
        )
        for region in [*PainRegion, "knee"]:
            insert_or_refuse(conn, diary, (f"r-{region}", str(region), None), region == "knee")
        for side in [*PainSide, "middle"]:
            insert_or_refuse(conn, diary, (f"p-{side}", None, str(side)), side == "middle")
        score = "INSERT INTO diary (uid, at_utc, offset_min, score) VALUES (?, '2024-01-01T00:00:00Z', 0, ?)"
        for value in (-1, 11, 7.5, "seven"):  # ("7" would be stored as the integer 7: SQLite converts it)
            insert_or_refuse(conn, score, (f"score-{value}", value), True)
        insert_or_refuse(
            conn, "UPDATE sessions SET started_utc = '2024-01-01 00:00:00' WHERE id = 1", (), True
        )
    finally:
        conn.close()


def insert_or_refuse(conn: sqlite3.Connection, sql: str, params: tuple[object, ...], refused: bool) -> None:
    if refused:
        with pytest.raises(sqlite3.IntegrityError):
            conn.execute(sql, params)
    else:
        conn.execute(sql, params)


def test_fixture_times_are_utc_text(tmp_path: Path) -> None:
    """The fixtures store what the app stores: UTC text that sorts as time does."""
    conn = sqlite3.connect(f"{(FIXTURES / 'history-v1.sqlite3').as_uri()}?mode=ro&immutable=1", uri=True)
    try:
        (started,) = conn.execute("SELECT started_utc FROM sessions WHERE id = 1").fetchone()
    finally:
        conn.close()
    assert datetime.fromisoformat(started) == datetime(2024, 3, 1, 7, 30, tzinfo=UTC)


def test_monthly_answers_are_stored_and_a_wrong_one_refused(tmp_path: Path) -> None:
    with HistoryStore.open(db_path(tmp_path), clock=fixed_clock) as store:
        first = store.add_global_impression(2, datetime(2025, 3, 1, 9, 0, tzinfo=PLUS1))
        store.add_global_impression(4, datetime(2025, 4, 1, 9, 0, tzinfo=PLUS2))
        with pytest.raises(ValueError, match="from 1 to 7"):
            store.add_global_impression(8, datetime(2025, 5, 1, 9, 0, tzinfo=PLUS2))
        answers = store.global_impressions()
    assert (answers[0].id, answers[0].answer, answers[0].words) == (first, 2, "much improved")
    assert [a.answer for a in answers] == [2, 4]
    assert answers[1].at == datetime(2025, 4, 1, 9, 0, tzinfo=PLUS2)
