"""What the history view reads from the store: local offsets, follow-ups, routine names, pressed points."""

from __future__ import annotations

import math
import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest

from sciatica_timer.core.plan import PhaseKind, Side
from sciatica_timer.core.record import PhaseOutcome, PhaseRecord, SessionStatus
from sciatica_timer.errors import UserError
from tests.storage.history_support import BERLIN_SUMMER, CHICAGO_SUMMER, START, open_store


def hold(index: int, point: str, *, skipped: bool = False) -> PhaseRecord:
    outcome = PhaseOutcome.SKIPPED if skipped else PhaseOutcome.DONE
    return PhaseRecord(
        index,
        index,
        PhaseKind.HOLD,
        point,
        Side.LEFT,
        1,
        30.0,
        30.0 if not skipped else 3.0,
        skipped,
        outcome,
    )


def test_the_chart_columns_carry_offsets_follow_ups_and_names(tmp_path: Path) -> None:
    with open_store(tmp_path) as store:
        berlin = START.astimezone(BERLIN_SUMMER)
        first = store.begin_session("desk", "Desk", {}, berlin, pain_before=6)
        store.finish_session(
            first, SessionStatus.COMPLETED, berlin + timedelta(minutes=10), active_s=600, paused_s=0
        )
        followed = berlin + timedelta(days=1)
        store.update_session(first, followup_pain=3, followup_at=followed)
        chicago = (START + timedelta(days=2)).astimezone(CHICAGO_SUMMER)
        second = store.begin_session("desk", "Desk break", {}, chicago)
        store.finish_session(
            second, SessionStatus.STOPPED, chicago + timedelta(minutes=3), active_s=180, paused_s=0
        )
        store.log_pain(4, chicago)
        view = store.load_for_history_view()
    assert view.session_offset_min == [120, -300]
    assert view.session_pain_followup[0] == 3.0
    assert math.isnan(view.session_pain_followup[1])
    assert view.session_followup_s[0] == followed.timestamp()
    assert math.isnan(view.session_followup_s[1])
    assert view.diary_offset_min == [-300]
    assert view.routine_names == {"desk": "Desk break"}, "the latest name of each routine"


def test_pressed_points_are_holds_that_ran_to_the_end(tmp_path: Path) -> None:
    with open_store(tmp_path) as store:
        session = store.begin_session("desk", "Desk", {}, START)
        store.add_phases(session, [hold(0, "BL23"), hold(1, "GB30", skipped=True), hold(2, "BL23")])
        store.finish_session(
            session, SessionStatus.COMPLETED, START + timedelta(minutes=5), active_s=300, paused_s=0
        )
        empty = store.begin_session("desk", "Desk", {}, START + timedelta(hours=1))
        assert store.pressed_points() == {session: frozenset({"BL23"})}
        assert empty not in store.pressed_points()


def test_one_diary_entry_by_its_id(tmp_path: Path) -> None:
    with open_store(tmp_path) as store:
        entry_id = store.log_pain(5, START, note="after the walk")
        assert store.diary_entry(entry_id).note == "after the walk"
        with pytest.raises(UserError, match="no diary entry has the id 999"):
            store.diary_entry(999)


def test_older_sqlite_reads_the_same_times(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """unixepoch() came with SQLite 3.38; an older library gets strftime('%s') and the same numbers."""
    with open_store(tmp_path) as store:
        session = store.begin_session("desk", "Desk", {}, START, pain_before=4)
        store.update_session(session, followup_pain=2, followup_at=START + timedelta(hours=20))
        store.log_pain(3, START + timedelta(minutes=5))
        current = store.load_for_history_view()
        monkeypatch.setattr(sqlite3, "sqlite_version_info", (3, 37, 2))
        older = store.load_for_history_view()
    assert older.session_started_s == current.session_started_s == [START.timestamp()]
    assert older.session_followup_s == current.session_followup_s
    assert older.diary_at_s == current.diary_at_s
