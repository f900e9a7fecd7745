"""The journal writes a running session into a real history file, step by step, and closes it as it ended."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from sciatica_timer.core.clock import FakeClock
from sciatica_timer.core.engine import SessionEngine
from sciatica_timer.core.record import PhaseRecord, SessionStatus
from sciatica_timer.core.routines import Routine, expand
from sciatica_timer.errors import UserError
from sciatica_timer.storage.history import HistoryStore
from sciatica_timer.storage.resources import load_point_library
from sciatica_timer.storage.routine_files import RoutineRepository
from sciatica_timer.storage.session_journal import SessionJournal


@pytest.fixture
def routine(tmp_path: Path) -> Routine:
    return RoutineRepository(tmp_path / "routines", load_point_library()).get("quick-desk")


@pytest.fixture
def store(tmp_path: Path) -> Iterator[HistoryStore]:
    with HistoryStore.open(tmp_path / "data" / "history.sqlite3") as opened:
        yield opened


def start(store: HistoryStore, routine: Routine, pain_before: int | None = 6):
    clock = FakeClock()
    engine = SessionEngine(expand(routine, load_point_library()), clock, countdown_from=0)
    journal = SessionJournal(store, routine, engine, pain_before=pain_before)
    engine.start()
    return clock, engine, journal


def run_step(clock: FakeClock, engine: SessionEngine) -> None:
    step = engine.current_step
    assert step is not None
    while engine.current_step == step:
        left = engine.time_left_s()
        assert left is not None
        clock.advance(left)
        engine.update()


def test_each_finished_step_is_saved_at_once(store: HistoryStore, routine: Routine) -> None:
    clock, engine, journal = start(store, routine)
    detail = store.session_detail(journal.session_id)
    assert detail.summary.status is SessionStatus.IN_PROGRESS
    assert detail.summary.pain_before == 6
    assert detail.phases == ()
    run_step(clock, engine)
    saved = store.session_detail(journal.session_id).phases
    assert {p.step_index for p in saved} == {0}
    assert list(saved) == engine.record().phases


def test_a_completed_session_is_closed_with_its_pain_after(store: HistoryStore, routine: Routine) -> None:
    clock, engine, journal = start(store, routine)
    while engine.state.value == "running":
        run_step(clock, engine)
    assert journal.closed
    journal.set_pain_after(3, "felt looser")
    summary = store.session_detail(journal.session_id).summary
    assert summary.status is SessionStatus.COMPLETED
    assert (summary.pain_before, summary.pain_after, summary.note) == (6, 3, "felt looser")
    assert summary.active_s == pytest.approx(routine.duration_s)


def test_sharp_pain_is_recorded_as_such(store: HistoryStore, routine: Routine) -> None:
    clock, engine, journal = start(store, routine)
    run_step(clock, engine)
    clock.advance(4)
    engine.stop_for_pain("sharp pain")
    detail = store.session_detail(journal.session_id)
    assert detail.summary.status is SessionStatus.STOPPED_FOR_PAIN
    assert detail.summary.stop_reason == "sharp pain"
    assert len(detail.phases) == len(engine.record().phases), "the phase in progress is kept too"


class _FailingOnce(HistoryStore):
    """A store whose next step write fails like a full disk would; everything else is the real thing."""

    fail_next = False

    def add_phases(self, session_id: int, phases: Sequence[PhaseRecord]) -> None:
        if self.fail_next:
            self.fail_next = False
            raise UserError("cannot save the session: history.sqlite3: the disk is full")
        super().add_phases(session_id, phases)


def test_a_failed_write_is_retried_with_the_next_step(tmp_path: Path, routine: Routine) -> None:
    with _FailingOnce.open(tmp_path / "h.sqlite3") as store:
        assert isinstance(store, _FailingOnce)
        clock, engine, journal = start(store, routine)
        store.fail_next = True
        run_step(clock, engine)
        assert journal.last_error is not None
        assert store.session_detail(journal.session_id).phases == ()
        run_step(clock, engine)
        saved = store.session_detail(journal.session_id).phases
        assert {p.step_index for p in saved} == {0, 1}, "the first step's phases were saved on the retry"
        assert journal.last_error is None
