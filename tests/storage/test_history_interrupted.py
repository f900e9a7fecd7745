"""A session cut short by a crash or a kill is found at the next start; one another copy is running is not."""

from __future__ import annotations

import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from sciatica_timer.core.record import SessionStatus
from sciatica_timer.errors import UserError
from tests.storage.history_support import (
    BERLIN_SUMMER,
    NOW,
    child,
    db_path,
    integrity,
    open_store,
    step,
)

START = datetime(2024, 5, 1, 8, 30, tzinfo=BERLIN_SUMMER)


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_a_killed_session_keeps_its_finished_steps_and_is_found(tmp_path: Path) -> None:
    db = db_path(tmp_path)
    proc = child("killed", db)
    assert proc.stdout is not None
    session = int(proc.stdout.readline())  # it has begun and saved its first step
    proc.kill()
    proc.communicate(timeout=60)

    with open_store(tmp_path) as store:
        found = store.find_interrupted()
        assert [s.id for s in found] == [session]
        assert found[0].status is SessionStatus.INTERRUPTED
        assert found[0].pain_before == 6
        assert store.session_detail(session).phases == tuple(step(0))
        assert found[0].active_s == 40.0  # the saved step
    assert integrity(db) == ["ok"]
    assert list(db.parent.glob(".history-writer-*.lock")) == []  # the dead copy's lock was cleared away


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_a_session_killed_mid_step_keeps_the_time_it_ran(tmp_path: Path) -> None:
    db = db_path(tmp_path)
    proc = child("killed-mid-step", db)
    assert proc.stdout is not None
    session = int(proc.stdout.readline())
    proc.kill()
    proc.communicate(timeout=60)
    with open_store(tmp_path) as store:
        (found,) = store.find_interrupted()
        assert store.session_detail(session).phases == ()
    assert found.id == session
    assert found.active_s == 21.5, "the time recorded before the kill, not 0 s"


def test_progress_is_written_only_for_a_session_this_copy_runs(tmp_path: Path) -> None:
    with open_store(tmp_path) as running, open_store(tmp_path) as other:
        session = running.begin_session("r", "R", {}, START)
        other.record_progress(session, 99.0)  # not its session: nothing happens
        running.record_progress(session, 12.0)
        assert other.session_detail(session).summary.active_s == 12.0
        with pytest.raises(ValueError, match="finite"):
            running.record_progress(session, float("nan"))
        running.finish_session(session, SessionStatus.COMPLETED, START, active_s=30, paused_s=0)
        running.record_progress(session, 50.0)  # finished: left as it is
        assert other.session_detail(session).summary.active_s == 30.0


def test_a_session_another_copy_is_running_is_left_alone(tmp_path: Path) -> None:
    with open_store(tmp_path) as running, open_store(tmp_path) as other:
        session = running.begin_session("r", "R", {}, START)
        running.add_phases(session, step(0))
        assert other.find_interrupted() == []
        assert other.session_detail(session).summary.status is SessionStatus.IN_PROGRESS
        running.add_phases(session, step(1))  # the running copy carries on undisturbed
        running.finish_session(session, SessionStatus.COMPLETED, START, active_s=80, paused_s=0)
        assert other.session_detail(session).summary.status is SessionStatus.COMPLETED


def test_its_own_running_session_is_not_interrupted(tmp_path: Path) -> None:
    with open_store(tmp_path) as store:
        session = store.begin_session("r", "R", {}, START)
        assert store.find_interrupted() == []
        assert store.session_detail(session).summary.status is SessionStatus.IN_PROGRESS


def test_a_session_left_running_at_close_is_found_next_time(tmp_path: Path) -> None:
    with open_store(tmp_path) as store:
        session = store.begin_session("r", "R", {}, START, pain_before=5)
        store.add_phases(session, step(0))
    with open_store(tmp_path) as store:
        (found,) = store.find_interrupted()
        assert found.id == session
        assert found.awaiting_answer
        with pytest.raises(UserError, match="not in progress here"):
            store.add_phases(session, step(1))  # nobody may write to it any more


def test_answering_for_an_interrupted_session(tmp_path: Path) -> None:
    with open_store(tmp_path) as store:
        session = store.begin_session("r", "R", {}, START)
        store.add_phases(session, step(0))  # saved at the fixed clock's NOW
    with open_store(tmp_path) as store:
        store.find_interrupted()
        store.complete_interrupted(session, pain_after=3, note="the phone rang")
        assert store.find_interrupted() == []  # answered: no longer asked about
        summary = store.session_detail(session).summary
        assert summary.status is SessionStatus.INTERRUPTED
        assert (summary.pain_after, summary.note) == (3, "the phone rang")
        assert summary.ended == NOW  # the last moment anything of it was saved
        with pytest.raises(UserError, match="not an interrupted session waiting for an answer"):
            store.complete_interrupted(session, pain_after=3)


def test_still_asked_about_until_answered(tmp_path: Path) -> None:
    with open_store(tmp_path) as store:
        session = store.begin_session("r", "R", {}, START)
    for _ in range(2):  # the app was closed again before the person answered
        with open_store(tmp_path) as store:
            assert [s.id for s in store.find_interrupted()] == [session]


def test_discarding_an_interrupted_session_can_be_undone(tmp_path: Path) -> None:
    with open_store(tmp_path) as store:
        session = store.begin_session("r", "R", {}, START)
        store.add_phases(session, step(0))
        kept = store.begin_session("r", "R", {}, START + timedelta(days=1))
        store.finish_session(kept, SessionStatus.COMPLETED, START + timedelta(days=1), active_s=1, paused_s=0)
    with open_store(tmp_path) as store:
        store.find_interrupted()
        discarded = store.discard(session)
        assert [s.id for s in store.sessions()] == [kept]
        with pytest.raises(UserError, match="was not interrupted"):
            store.discard(kept)
        store.restore_session(discarded)
        assert store.session_detail(session) == discarded


def test_an_imported_running_session_has_no_writer_and_counts_as_interrupted(tmp_path: Path) -> None:
    with open_store(tmp_path) as store:
        session = store.begin_session("r", "R", {}, START)
        exported = store.export_json()
        store.finish_session(session, SessionStatus.STOPPED, START, active_s=0, paused_s=0)
    with open_store(tmp_path / "other") as store:
        store.import_json(exported)
        (found,) = store.find_interrupted()
        assert found.uid == exported["sessions"][0]["uid"]
