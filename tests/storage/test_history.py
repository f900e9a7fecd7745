"""The history store: sessions saved step by step, the diary, edits with undo, reads, and private files."""

from __future__ import annotations

import gc
import math
import os
import sqlite3
import stat
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from sciatica_timer.core.diary import DiaryEntry, PainRegion, PainScoreError, PainSide, SessionSummary
from sciatica_timer.core.plan import PhaseKind, Side
from sciatica_timer.core.record import PhaseOutcome, PhaseRecord, SessionStatus
from sciatica_timer.errors import UserError
from sciatica_timer.storage.history import HistoryStore
from tests.storage.history_support import (
    BERLIN_SUMMER,
    CHICAGO_SUMMER,
    count,
    db_path,
    fill,
    integrity,
    open_store,
    step,
)

START = datetime(2024, 5, 1, 8, 30, tzinfo=BERLIN_SUMMER)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[HistoryStore]:
    with open_store(tmp_path) as opened:
        yield opened


def test_a_session_is_saved_step_by_step(store: HistoryStore) -> None:
    session = store.begin_session("quick-desk", "Quick desk", {"id": "quick-desk"}, START, pain_before=6)
    running = store.session_detail(session)
    assert running.summary.status is SessionStatus.IN_PROGRESS
    assert running.summary.pain_before == 6
    assert running.phases == ()

    store.add_phases(session, step(0))
    store.add_phases(session, step(1, "BL25"))
    assert [p.point_code for p in store.session_detail(session).phases] == ["BL23"] * 4 + ["BL25"] * 4
    assert store.session_detail(session).summary.active_s == 80.0  # what the saved steps add up to

    store.finish_session(
        session,
        SessionStatus.COMPLETED,
        START + timedelta(minutes=15),
        active_s=842.5,
        paused_s=12.0,
        pain_after=3,
        note="  better  ",
    )
    done = store.session_detail(session)
    assert done.summary.status is SessionStatus.COMPLETED
    assert done.summary.ended == START + timedelta(minutes=15)
    assert done.summary.ended.utcoffset() == timedelta(hours=2)
    assert (done.summary.pain_after, done.summary.note) == (3, "better")
    assert (done.summary.active_s, done.summary.paused_s) == (842.5, 12.0)
    assert done.routine_snapshot == {"id": "quick-desk"}
    assert done.phases == (*step(0), *step(1, "BL25"))


def test_phases_keep_every_detail(store: HistoryStore) -> None:
    session = store.begin_session("r", "R", {}, START)
    phases = [
        PhaseRecord(0, 0, PhaseKind.LOCATE, "KD1", Side.RIGHT, 1, 0.0, 0.0, False, waited_s=14.25),
        PhaseRecord(1, 0, PhaseKind.HOLD, "KD1", Side.RIGHT, 2, 30.0, 7.5, True, PhaseOutcome.RESTARTED),
        PhaseRecord(1, 0, PhaseKind.HOLD, "KD1", Side.RIGHT, 2, 30.0, 30.0, False, tenderness=8),
        PhaseRecord(2, 1, PhaseKind.ACTIVITY, None, None, 1, 60.0, 3.0, True, PhaseOutcome.STOPPED),
    ]
    store.finish_session(
        session, SessionStatus.STOPPED, START, active_s=40.5, paused_s=0, stop_reason="phone", phases=phases
    )
    assert store.session_detail(session).phases == tuple(phases)


def test_a_step_is_saved_whole_or_not_at_all(store: HistoryStore, tmp_path: Path) -> None:
    session = store.begin_session("r", "R", {}, START)
    store.add_phases(session, step(0))
    broken = [
        *step(1),
        PhaseRecord(-1, 1, PhaseKind.REST, None, None, 1, 1.0, 1.0, False),
    ]  # the DB refuses -1
    with pytest.raises(sqlite3.IntegrityError):
        store.add_phases(session, broken)
    detail = store.session_detail(session)
    assert len(detail.phases) == 4  # none of the failed step's phases
    assert detail.summary.active_s == 40.0
    store.add_phases(session, step(1))  # and the store carries on
    assert len(store.session_detail(session).phases) == 8
    assert integrity(db_path(tmp_path)) == ["ok"]


def test_bad_input_is_refused_before_anything_is_written(store: HistoryStore, tmp_path: Path) -> None:
    with pytest.raises(PainScoreError):
        store.begin_session("r", "R", {}, START, pain_before=11)
    with pytest.raises(ValueError, match="no UTC offset"):
        store.begin_session("r", "R", {}, datetime(2024, 5, 1, 8, 30))
    session = store.begin_session("r", "R", {}, START)
    with pytest.raises(ValueError, match="tenderness 11"):
        store.add_phases(
            session, [PhaseRecord(0, 0, PhaseKind.HOLD, "BL23", None, 1, 1, 1, False, tenderness=11)]
        )
    with pytest.raises(ValueError, match="final status"):
        store.finish_session(session, SessionStatus.IN_PROGRESS, START, active_s=0, paused_s=0)
    assert count(db_path(tmp_path), "sessions") == 1
    assert count(db_path(tmp_path), "session_phases") == 0


def test_a_finished_session_takes_no_more_phases(store: HistoryStore) -> None:
    session = store.begin_session("r", "R", {}, START)
    store.finish_session(session, SessionStatus.STOPPED, START, active_s=0, paused_s=0)
    with pytest.raises(UserError, match=f"session {session} is not in progress here \\(it is stopped\\)"):
        store.add_phases(session, step(0))
    with pytest.raises(UserError, match="session 999 no longer exists"):
        store.finish_session(999, SessionStatus.STOPPED, START, active_s=0, paused_s=0)


def test_pain_diary(store: HistoryStore) -> None:
    at = datetime(2024, 5, 2, 21, 0, tzinfo=CHICAGO_SUMMER)
    entry_id = store.log_pain(6, at, PainRegion.CALF, PainSide.LEFT, "after the stairs")
    store.log_pain(2, at + timedelta(hours=12), region="foot", side="both")  # type: ignore[arg-type]
    entries = store.diary()
    assert entries[0] == DiaryEntry(
        entry_id, entries[0].uid, at, 6, PainRegion.CALF, PainSide.LEFT, "after the stairs"
    )
    assert entries[0].at.utcoffset() == timedelta(hours=-5)
    assert (entries[1].region, entries[1].side, entries[1].note) == (PainRegion.FOOT, PainSide.BOTH, None)
    assert len({e.uid for e in entries}) == 2


@pytest.mark.parametrize("score", [11, -1, 7.5, "7", None])
def test_a_bad_pain_score_writes_nothing(store: HistoryStore, tmp_path: Path, score: object) -> None:
    with pytest.raises(PainScoreError, match="use a whole number from 0 \\(no pain\\) to 10"):
        store.log_pain(score, START)  # type: ignore[arg-type]
    assert count(db_path(tmp_path), "diary") == 0


def test_times_are_stored_to_the_second_and_read_back_in_their_own_offset(store: HistoryStore) -> None:
    at = datetime(2024, 5, 2, 21, 0, 5, 987654, tzinfo=BERLIN_SUMMER)
    store.log_pain(3, at)
    (entry,) = store.diary()
    assert entry.at == at.replace(microsecond=0)
    assert entry.at.tzinfo is not None
    assert entry.at.utcoffset() == timedelta(hours=2)


def test_editing_a_session(store: HistoryStore) -> None:
    session = store.begin_session("r", "R", {}, START, pain_before=7)
    store.finish_session(
        session, SessionStatus.COMPLETED, START, active_s=1, paused_s=0, pain_after=5, note="x"
    )
    later = datetime(2024, 5, 2, 7, 0, tzinfo=BERLIN_SUMMER)
    changed = store.update_session(session, pain_after=4, followup_pain=2, followup_at=later)
    assert (changed.pain_before, changed.pain_after, changed.note) == (7, 4, "x")  # untouched fields stay
    assert (changed.followup_pain, changed.followup_at) == (2, later)
    cleared = store.update_session(session, pain_before=None, note=None)
    assert (cleared.pain_before, cleared.note, cleared.pain_after) == (None, None, 4)
    with pytest.raises(PainScoreError):
        store.update_session(session, pain_after=12)
    with pytest.raises(UserError, match="no session has the id 999"):
        store.update_session(999, note="x")


def test_deleting_a_session_can_be_undone_with_the_same_id(store: HistoryStore, tmp_path: Path) -> None:
    ids = fill(store)
    before = store.session_detail(ids["completed"])
    deleted = store.delete_session(ids["completed"])
    assert deleted == before
    assert ids["completed"] not in [s.id for s in store.sessions()]
    assert (
        count(db_path(tmp_path), "session_phases") == 1
    )  # its phases went with it; the other session's stay
    newer = store.begin_session("r", "R", {}, START)  # a new session never takes a deleted one's id
    assert newer != ids["completed"]
    assert store.restore_session(deleted) == ids["completed"]
    assert store.session_detail(ids["completed"]) == before
    with pytest.raises(UserError, match="already in the history"):
        store.restore_session(deleted)


def test_a_running_session_cannot_be_deleted(store: HistoryStore) -> None:
    session = store.begin_session("r", "R", {}, START)
    with pytest.raises(UserError, match="still running"):
        store.delete_session(session)


def test_editing_deleting_and_restoring_a_diary_entry(store: HistoryStore) -> None:
    entry_id = store.log_pain(6, START, PainRegion.THIGH, PainSide.RIGHT, "sitting")
    changed = store.update_diary(entry_id, score=4, region=None, note="standing")
    assert (changed.score, changed.region, changed.side, changed.note) == (
        4,
        None,
        PainSide.RIGHT,
        "standing",
    )
    deleted = store.delete_diary(entry_id)
    assert deleted == changed
    assert store.diary() == []
    assert store.restore_diary(deleted) == entry_id
    assert store.diary() == [changed]
    with pytest.raises(UserError, match="no diary entry has the id 999"):
        store.delete_diary(999)


def test_reads_in_time_order(store: HistoryStore) -> None:
    ids = fill(store)
    sessions = store.sessions()
    assert [s.id for s in sessions] == [ids["completed"], ids["stopped_for_pain"], ids["stopped"]]
    may_3 = datetime(2024, 5, 3, tzinfo=UTC)
    assert [s.id for s in store.sessions(since=may_3)] == [ids["stopped_for_pain"], ids["stopped"]]
    assert [s.id for s in store.sessions(until=may_3)] == [ids["completed"]]
    assert [e.id for e in store.diary(since=may_3)] == [ids["diary_plain"], ids["diary_both"]]


def test_recent_mixes_sessions_and_diary_newest_first(store: HistoryStore) -> None:
    ids = fill(store)
    recent = store.recent(4)
    assert [(type(i).__name__, i.id) for i in recent] == [
        ("DiaryEntry", ids["diary_both"]),
        ("DiaryEntry", ids["diary_plain"]),
        ("SessionSummary", ids["stopped"]),
        ("SessionSummary", ids["stopped_for_pain"]),
    ]


def test_the_chart_view_holds_columns(store: HistoryStore) -> None:
    ids = fill(store)
    view = store.load_for_history_view()
    assert view.session_count == 3
    assert view.session_ids == [ids["completed"], ids["stopped_for_pain"], ids["stopped"]]
    assert view.session_started_s[0] == datetime(2024, 5, 1, 8, 30, tzinfo=BERLIN_SUMMER).timestamp()
    assert view.session_pain_before[:2] == [6.0, 5.0]
    assert math.isnan(view.session_pain_before[2])  # not asked: a gap in the line
    assert view.session_status == [
        SessionStatus.COMPLETED,
        SessionStatus.STOPPED_FOR_PAIN,
        SessionStatus.STOPPED,
    ]
    assert view.diary_score == [6.0, 0.0, 9.0]
    assert view.diary_region == [PainRegion.CALF, None, PainRegion.LOWER_BACK]
    assert view.diary_at_s[2] == datetime(2024, 5, 6, 3, 0, tzinfo=UTC).timestamp()


def test_the_chart_columns_give_each_session_its_own_status(store: HistoryStore) -> None:
    """Completed sessions are read without a word per row; every other status still comes through."""
    finished = (SessionStatus.STOPPED, SessionStatus.COMPLETED, SessionStatus.STOPPED_FOR_PAIN)
    for n, status in enumerate(finished):
        at = START + timedelta(days=n)
        session_id = store.begin_session("desk", "Desk", {}, at, pain_before=5)
        store.finish_session(session_id, status, at + timedelta(minutes=9), active_s=540, paused_s=0)
    store.begin_session("desk", "Desk", {}, START + timedelta(days=3), pain_before=4)  # still running
    view = store.load_for_history_view()
    assert view.session_status == [*finished, SessionStatus.IN_PROGRESS]
    assert view.session_status == [summary.status for summary in store.sessions()]


def test_an_empty_history(store: HistoryStore) -> None:
    assert store.recent() == []
    assert store.load_for_history_view().session_count == 0
    assert store.find_interrupted() == []


def test_the_chart_columns_keep_scores_as_typed_and_gaps_as_gaps(store: HistoryStore) -> None:
    """Every score given, 0 and 10 too, reaches the charts as the number typed; one not given is a gap."""
    scores = [(0, 10, 0), (10, 0, None), (None, None, 10), (7, None, None)]
    for n, (before, after, later) in enumerate(scores):
        session = store.begin_session("desk", "Desk", {}, START + timedelta(days=n), pain_before=before)
        ended = START + timedelta(days=n, minutes=5)
        store.finish_session(
            session, SessionStatus.COMPLETED, ended, active_s=300, paused_s=0, pain_after=after
        )
        if later is not None:
            store.update_session(session, followup_pain=later, followup_at=START + timedelta(days=n, hours=5))
    view = store.load_for_history_view()

    def as_typed(column: list[float]) -> list[int | None]:
        return [None if math.isnan(value) else int(value) for value in column]

    assert as_typed(view.session_pain_before) == [0, 10, None, 7]
    assert as_typed(view.session_pain_after) == [10, 0, None, None]
    assert as_typed(view.session_pain_followup) == [0, None, 10, None]
    assert [math.isnan(at) for at in view.session_followup_s] == [False, True, False, True]


def test_reading_for_the_charts_leaves_the_cycle_collector_as_it_was(store: HistoryStore) -> None:
    """The collector is held off during the bulk read only: on again afterwards, even after a read that
    failed; and left off when it was off before."""
    fill(store)
    assert gc.isenabled()
    assert store.load_for_history_view().session_count == 3
    assert gc.isenabled()
    gc.disable()
    try:
        store.load_for_history_view()
        assert not gc.isenabled()
    finally:
        gc.enable()
    store.conn.execute("ALTER TABLE diary RENAME TO diary_gone")  # the second query of the read fails
    with pytest.raises(UserError, match="cannot read the history"):
        store.load_for_history_view()
    assert gc.isenabled()


def test_files_and_folders_are_private_whatever_the_umask(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        with open_store(tmp_path) as store:
            fill(store)
            store.backup_now()
            store.export_csv(tmp_path / "data" / "export.csv")
            data = db_path(tmp_path).parent
            names = ["history.sqlite3", "history.sqlite3-wal", "history.sqlite3-shm", "export.csv"]
            names += [p.name for p in data.glob(".history*.lock")]
            modes = {name: stat.S_IMODE((data / name).stat().st_mode) for name in names}
            backups = list((data / "backups").iterdir())
    finally:
        os.umask(old)
    assert len(modes) == 6  # the opening lock and this store's writer lock among them
    assert set(modes.values()) == {0o600}, modes
    assert stat.S_IMODE(data.stat().st_mode) == 0o700
    assert stat.S_IMODE((data / "backups").stat().st_mode) == 0o700
    assert [stat.S_IMODE(p.stat().st_mode) for p in backups] == [0o600]


def test_an_existing_file_readable_by_others_is_made_private(tmp_path: Path) -> None:
    with open_store(tmp_path):
        pass
    db_path(tmp_path).chmod(0o644)
    with open_store(tmp_path):
        assert stat.S_IMODE(db_path(tmp_path).stat().st_mode) == 0o600


def test_closing_leaves_no_lock_of_its_own(tmp_path: Path) -> None:
    with open_store(tmp_path):
        assert len(list(db_path(tmp_path).parent.glob(".history-writer-*.lock"))) == 1
    assert list(db_path(tmp_path).parent.glob(".history-writer-*.lock")) == []


def test_the_summary_says_when_an_answer_is_awaited() -> None:
    base = {"id": 1, "uid": "u", "routine_id": "r", "routine_name": "R", "started": START, "ended": None}
    assert SessionSummary(**base, status=SessionStatus.INTERRUPTED).awaiting_answer  # type: ignore[arg-type]
    assert not SessionSummary(**base, status=SessionStatus.IN_PROGRESS).awaiting_answer  # type: ignore[arg-type]
