"""Session engine tests on a fake clock: deadlines, catch-up, pauses, suspends, commands, the record."""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from dataclasses import replace
from typing import TypeVar

import pytest

from sciatica_timer.core.clock import FakeClock, ScaledClock
from sciatica_timer.core.engine import PREVIOUS_STEP_WINDOW_S, EngineState, SessionEngine
from sciatica_timer.core.plan import Plan
from sciatica_timer.core.record import PhaseOutcome, SessionStatus
from sciatica_timer.core.session_events import (
    Countdown,
    Paused,
    PauseReason,
    PhaseEnded,
    PhaseStarted,
    Resumed,
    SessionCompleted,
    SessionEvent,
    SessionStopped,
    StepCompleted,
    StepSkipped,
    StepStarted,
    SuspendDetected,
    WaitingForUser,
)
from tests.core.plan_factory import REST, B, H, L, P, R, make_plan, point_step, thirty_minute_plan
from tests.core.session_harness import T0, Session, kinds, session

# press 0-5, hold 5-35, release 35-40 | breathe 40-50
HOLD_PLAN = make_plan([(P, 5), (H, 30), (R, 5)], [(B, 10)])
# step 0: press 0-5, hold 5-15 | step 1: locate, press 15-20, hold 20-30 | step 2: rest 30-40
LOCATE_PLAN = make_plan([(P, 5), (H, 10)], [(L, 0), (P, 5), (H, 10)], [(REST, 10)])


E = TypeVar("E", bound=SessionEvent)


def of_type(events: list[SessionEvent], cls: type[E]) -> list[E]:
    return [e for e in events if isinstance(e, cls)]


# -- starting and the deadline chain -------------------------------------------------------------------------


def test_start_begins_the_first_step_and_phase_now():
    s = session(HOLD_PLAN)
    assert s.engine.start()
    events = s.take()
    assert kinds(events) == ["StepStarted", "PhaseStarted(0)"]
    assert all(e.planned_at == T0 and e.actual_at == T0 and e.late_s == 0 for e in events)
    assert s.engine.state is EngineState.RUNNING
    assert s.engine.current_phase == HOLD_PLAN.phases[0]
    assert s.engine.time_left_s() == 5.0


def test_phase_changes_land_on_the_deadline():
    s = session(HOLD_PLAN, start=True)
    s.take()
    events = s.at(T0 + 5)
    assert kinds(events) == ["PhaseEnded(0)", "PhaseStarted(1)"]
    ended, started = events
    assert isinstance(ended, PhaseEnded)
    assert (ended.planned_at, ended.actual_at, ended.late_s) == (T0 + 5, T0 + 5, 0.0)
    assert (ended.planned_s, ended.actual_s, ended.outcome) == (5, 5, PhaseOutcome.DONE)
    assert started.planned_at == T0 + 5
    assert s.engine.time_left_s() == 30.0


def test_an_update_a_microsecond_early_fires_nothing():
    s = session(HOLD_PLAN, start=True)
    s.take()
    deadline = s.engine.next_deadline()
    assert deadline == T0 + 5 - 3  # the press phase's countdown "3"
    assert s.at(deadline - 1e-6) == []
    assert s.engine.next_deadline() == deadline
    assert kinds(s.at(deadline)) == ["Countdown(3)"]
    assert s.at(T0 + 5 - 1e-6) != []  # the "1" tick at T0 + 4
    assert s.engine.current_phase_index == 0
    assert kinds(s.at(T0 + 5)) == ["PhaseEnded(0)", "PhaseStarted(1)"]


def test_next_deadline_walks_the_countdown_then_the_phase_end():
    s = session(make_plan([(H, 10)]), start=True)
    seen = []
    while (deadline := s.engine.next_deadline()) is not None:
        seen.append(deadline - T0)
        s.at(deadline)
    assert seen == [7, 8, 9, 10]
    assert s.engine.state is EngineState.COMPLETED


def test_every_wake_up_at_next_deadline_fires_something():
    s = session(thirty_minute_plan(), start=True)
    wakes = 0
    while (deadline := s.engine.next_deadline()) is not None:
        assert s.at(deadline) != []
        wakes += 1
    # 144 phases, each with a 3-2-1 countdown and an end.
    assert wakes == 144 * 4


def test_a_late_phase_end_does_not_delay_the_next_one():
    s = session(HOLD_PLAN, start=True)
    s.take()
    events = s.at(T0 + 5.4)  # the event loop was 0.4 s late
    assert [e.late_s for e in events] == pytest.approx([0.4, 0.4])
    assert events[1].planned_at == T0 + 5
    # The hold is due at its planned end (5 + 30), not 30 s after the late update.
    assert s.engine.time_left_s() == pytest.approx(29.6)
    events = s.at(T0 + 35)
    assert kinds(events) == ["PhaseEnded(1)", "PhaseStarted(2)"]
    (ended,) = of_type(events, PhaseEnded)
    assert (ended.late_s, ended.actual_s) == (0, 30)


def test_thirty_minute_routine_ends_exactly_on_time_with_jittered_updates():
    plan = thirty_minute_plan()
    assert plan.total_s == 1800
    s = session(plan)
    s.engine.start()
    events = s.take()
    rng = random.Random(20240601)  # noqa: S311  # reproducible jitter, not a secret
    while (deadline := s.engine.next_deadline()) is not None:
        # Timers fire late by up to 250 ms, and now and then a stray update comes early.
        if rng.random() < 0.2:
            early = s.at(max(s.clock.now(), deadline - rng.uniform(1e-6, 0.5)))
            assert early == []
        events += s.at(deadline + rng.uniform(0, 0.25))
    starts = of_type(events, PhaseStarted)
    assert [e.phase_index for e in starts] == list(range(len(plan.phases)))
    assert [e.planned_at for e in starts] == [T0 + p.starts_at_s for p in plan.phases]
    (completed,) = of_type(events, SessionCompleted)
    assert completed.planned_at == T0 + plan.total_s  # drift 0
    assert 0 <= completed.late_s <= 0.25
    record = s.engine.record()
    assert [r.phase_index for r in record.phases] == list(range(len(plan.phases)))
    assert all(r.actual_s == r.planned_s and r.outcome is PhaseOutcome.DONE for r in record.phases)
    assert record.status is SessionStatus.COMPLETED
    assert record.active_s == 1800
    assert record.paused_s == record.waiting_s == 0


# -- countdown -----------------------------------------------------------------------------------------------


def test_countdown_ticks_three_two_one_on_whole_seconds_before_the_end():
    s = session(make_plan([(H, 10)]), start=True)
    s.take()
    ticks = []
    for t in (6.5, 7, 7.5, 8, 9, 9.99):
        ticks += of_type(s.at(T0 + t), Countdown)
    assert [(c.seconds_left, c.planned_at - T0, c.late_s) for c in ticks] == [(3, 7, 0), (2, 8, 0), (1, 9, 0)]


@pytest.mark.parametrize(
    ("duration", "countdown_from", "expected"),
    [
        (3.0, 3, []),  # "3" would land on the phase's own start
        (3.5, 3, [3, 2, 1]),
        (2.0, 3, []),
        (10.0, 0, []),  # countdown switched off
        (10.0, 5, [5, 4, 3, 2, 1]),
    ],
)
def test_countdown_only_for_phases_longer_than_the_count(duration, countdown_from, expected):
    s = session(make_plan([(H, duration)]), start=True, countdown_from=countdown_from)
    ticks = []
    while (deadline := s.engine.next_deadline()) is not None:
        ticks += of_type(s.at(deadline), Countdown)
    assert [c.seconds_left for c in ticks] == expected


def test_countdown_ticks_missed_in_a_freeze_are_dropped_but_the_current_one_is_said():
    s = session(make_plan([(H, 10)]), start=True)
    s.take()
    events = s.at(T0 + 10 - 1.2)  # frozen from before "3" until 1.2 s before the end
    assert kinds(events) == ["Countdown(2)"]  # still true: the display shows 2
    assert events[0].late_s == pytest.approx(0.8)
    assert kinds(s.at(T0 + 9)) == ["Countdown(1)"]


def test_a_freeze_across_a_phase_end_says_no_countdown_for_it():
    s = session(make_plan([(H, 10), (R, 10)]), start=True)
    s.take()
    events = s.at(T0 + 10.5)
    assert kinds(events) == ["PhaseEnded(0)", "PhaseStarted(1)"]


def test_countdown_picks_up_after_a_pause_within_it():
    s = session(make_plan([(H, 10)]), start=True)
    s.at(T0 + 7.5)  # "3" said
    s.engine.pause()
    s.clock.advance(100)
    s.engine.resume()
    s.take()
    assert s.engine.next_deadline() == T0 + 100 + 8
    assert kinds(s.at(T0 + 108)) == ["Countdown(2)"]


# -- pause ---------------------------------------------------------------------------------------------------


def test_a_pause_shifts_the_deadlines_by_exactly_the_paused_time():
    s = session(HOLD_PLAN, start=True)
    s.at(T0 + 15)  # 10 s into the hold
    assert s.engine.pause()
    assert kinds(s.take()) == ["Paused"]
    assert s.engine.next_deadline() is None
    s.clock.advance(7.25)
    assert s.engine.time_left_s() == 20.0  # frozen while paused
    assert s.engine.resume()
    (resumed,) = s.take()
    assert isinstance(resumed, Resumed)
    assert resumed.paused_s == 7.25
    assert s.engine.next_deadline() == T0 + 35 + 7.25 - 3
    events = s.at(T0 + 35 + 7.25 - 1e-9)
    assert of_type(events, PhaseEnded) == []
    (ended,) = of_type(s.at(T0 + 35 + 7.25), PhaseEnded)
    assert ended.planned_at == T0 + 42.25
    assert ended.actual_s == 30
    record = s.engine.record()
    assert record.paused_s == 7.25
    assert record.active_s == 35


def test_pause_event_says_who_paused():
    s = session(HOLD_PLAN, start=True)
    s.take()
    s.clock.advance(1)
    s.engine.pause()
    (paused,) = s.take()
    assert isinstance(paused, Paused)
    assert paused.reason is PauseReason.USER
    assert paused.planned_at == paused.actual_at == T0 + 1


def test_several_pauses_add_up():
    s = session(HOLD_PLAN, start=True)
    for _ in range(4):
        s.clock.advance(2)
        s.engine.pause()
        s.clock.advance(1.5)
        s.engine.resume()
    record = s.engine.record()
    assert record.paused_s == 6
    assert record.active_s == 8  # 5 s press + 3 s into the hold
    assert s.engine.current_phase_index == 1
    assert s.engine.phase_elapsed_s() == 3


# -- frozen event loop ---------------------------------------------------------------------------------------


def test_a_freeze_of_three_seconds_past_a_hold_end_catches_up_on_the_chain():
    s = session(HOLD_PLAN, start=True)
    s.at(T0 + 20)
    events = s.at(T0 + 35 + 3)
    # The release (35-40) is 3 s in, so "2" is what its countdown says now; "3" went by unheard.
    assert kinds(events) == ["PhaseEnded(1)", "PhaseStarted(2)", "Countdown(2)"]
    assert [e.planned_at - T0 for e in events] == [35, 35, 38]
    assert [e.late_s for e in events] == [3, 3, 0]
    assert of_type(events, PhaseEnded)[0].actual_s == 30  # the hold lasted its planned time
    assert s.engine.time_left_s() == 2
    assert kinds(s.at(T0 + 40)) == ["PhaseEnded(2)", "StepCompleted", "StepStarted", "PhaseStarted(3)"]


def test_a_long_freeze_fires_every_missed_event_once_in_order():
    plan = make_plan(point_step(3, press=5, hold=20, release=5, breathe=10))  # 4 phases x 3, 40 s a round
    s = session(plan, start=True)
    s.take()
    s.at(T0 + 1)
    events = s.at(T0 + 101)  # frozen for 100 s
    ends = of_type(events, PhaseEnded)
    starts = of_type(events, PhaseStarted)
    assert [e.phase_index for e in ends] == list(range(9))
    assert [e.phase_index for e in starts] == list(range(1, 10))
    assert [e.planned_at - T0 for e in ends] == [p.ends_at_s for p in plan.phases[:9]]
    assert [e.planned_at - T0 for e in starts] == [p.starts_at_s for p in plan.phases[1:10]]
    assert all(e.actual_at == T0 + 101 for e in events)
    assert [e.late_s for e in ends] == [101 - p.ends_at_s for p in plan.phases[:9]]
    assert kinds(events) == [k for i in range(9) for k in (f"PhaseEnded({i})", f"PhaseStarted({i + 1})")]
    # Phase 9, the third hold, started at 85 and ends at 105: the chain carries on from there.
    assert s.engine.current_phase_index == 9
    assert s.engine.time_left_s() == 4
    assert s.engine.next_deadline() == T0 + 102
    assert kinds(s.at(T0 + 105)) == ["PhaseEnded(9)", "PhaseStarted(10)"]


def test_a_freeze_past_the_end_completes_the_session_at_its_planned_end():
    s = session(HOLD_PLAN, start=True)
    events = s.after(500)
    assert kinds(events)[-2:] == ["StepCompleted", "SessionCompleted"]
    (completed,) = of_type(events, SessionCompleted)
    assert completed.planned_at == T0 + 50
    assert completed.late_s == 450
    assert s.engine.record().active_s == 50


def test_a_freeze_stops_at_a_locate_phase_and_waits_from_its_planned_start():
    s = session(LOCATE_PLAN, start=True)
    events = s.at(T0 + 60)
    assert kinds(events)[-2:] == ["PhaseStarted(2)", "WaitingForUser(2)"]
    assert events[-1].planned_at == T0 + 15
    assert s.engine.state is EngineState.WAITING
    record = s.engine.record()
    assert record.active_s == 15
    assert record.waiting_s == 45


def test_zero_second_timed_phases_pass_in_order():
    s = session(make_plan([(P, 2), (H, 0), (R, 0), (B, 4)]), start=True)
    s.take()
    events = s.at(T0 + 2)
    assert kinds(events) == [
        "PhaseEnded(0)",
        "PhaseStarted(1)",
        "PhaseEnded(1)",
        "PhaseStarted(2)",
        "PhaseEnded(2)",
        "PhaseStarted(3)",
    ]
    assert all(e.planned_at == T0 + 2 for e in events)


# -- suspend -------------------------------------------------------------------------------------------------


def test_a_suspend_pauses_the_session_where_the_sleep_began():
    s = session(HOLD_PLAN, start=True)
    s.at(T0 + 15)  # 10 s into the 30 s hold
    s.clock.advance(2)  # 2 s more of the hold, then the lid closes
    s.clock.advance(30)  # this clock ran on during the sleep
    s.probe.report(30)
    events = s.after(0)
    assert kinds(events) == ["SuspendDetected", "Paused"]
    detected, paused = events
    assert isinstance(detected, SuspendDetected)
    assert isinstance(paused, Paused)
    assert detected.gap_s == 30
    assert paused.reason is PauseReason.SUSPEND
    assert detected.planned_at == paused.planned_at == T0 + 17
    assert paused.actual_at == T0 + 47
    assert s.engine.state is EngineState.PAUSED
    assert s.engine.time_left_s() == 18  # the sleep did not count as hold time
    assert s.engine.elapsed_active_s() == 17
    s.engine.resume()
    (ended,) = of_type(s.at(T0 + 47 + 18), PhaseEnded)
    assert ended.actual_s == 30
    assert s.engine.record().paused_s == 30


def test_a_countdown_tick_due_before_a_sleep_is_not_said_on_waking():
    s = session(make_plan([(H, 10)]), start=True)
    s.at(T0 + 5)
    s.clock.advance(3.5)  # "3" and "2" were due at 7 and 8; the sleep began at 8.5 before anyone said them
    s.clock.advance(60)
    s.probe.report(60)
    assert kinds(s.after(0)) == ["SuspendDetected", "Paused"]
    assert s.engine.time_left_s() == 1.5
    s.engine.resume()
    assert kinds(s.take()) == ["Resumed"]
    assert s.engine.next_deadline() == T0 + 68.5 + 0.5
    assert kinds(s.at(T0 + 69)) == ["Countdown(1)"]


def test_a_suspend_across_a_deadline_does_not_end_the_phase():
    s = session(HOLD_PLAN, start=True)
    s.at(T0 + 30)  # 5 s left in the hold
    s.clock.advance(60)
    s.probe.report(60)
    events = s.after(0)
    assert kinds(events) == ["SuspendDetected", "Paused"]
    assert s.engine.time_left_s() == 5


def test_a_suspend_that_began_after_a_phase_end_fires_that_end_first():
    s = session(HOLD_PLAN, start=True)
    s.at(T0 + 30)
    s.clock.advance(8)  # the hold ends at 35; the sleep begins at 38
    s.clock.advance(60)
    s.probe.report(60)
    events = s.after(0)
    assert kinds(events) == ["PhaseEnded(1)", "PhaseStarted(2)", "SuspendDetected", "Paused"]
    assert events[0].planned_at == T0 + 35
    assert events[-1].planned_at == T0 + 38
    assert s.engine.time_left_s() == 2


def test_a_suspend_the_clock_did_not_see_pauses_at_the_last_update():
    s = session(HOLD_PLAN, start=True)
    s.at(T0 + 15)
    s.clock.advance(4)  # awake time; the 30 s asleep never reached this clock
    s.probe.report(30)
    events = s.after(0)
    assert kinds(events) == ["SuspendDetected", "Paused"]
    assert events[1].planned_at == T0 + 15
    assert s.engine.time_left_s() == 20


def test_a_short_gap_is_not_a_suspend():
    s = session(HOLD_PLAN, start=True)
    s.at(T0 + 15)
    s.clock.advance(3)
    s.probe.report(3)
    assert s.after(0) == []
    assert s.engine.state is EngineState.RUNNING
    assert s.engine.time_left_s() == 17


def test_the_suspend_threshold_is_configurable():
    s = session(HOLD_PLAN, start=True, suspend_threshold_s=2.0)
    s.clock.advance(3)
    s.probe.report(3)
    assert kinds(s.after(0)) == ["SuspendDetected", "Paused"]


def test_a_suspend_while_waiting_is_reported_and_the_wait_goes_on():
    s = session(LOCATE_PLAN, start=True)
    s.at(T0 + 15)
    s.clock.advance(40)
    s.probe.report(40)
    assert kinds(s.after(0)) == ["SuspendDetected"]
    assert s.engine.state is EngineState.WAITING


def test_a_suspend_while_paused_is_absorbed():
    s = session(HOLD_PLAN, start=True)
    s.engine.pause()
    s.take()
    s.clock.advance(100)
    s.probe.report(100)
    assert s.after(0) == []
    assert s.engine.resume()
    assert kinds(s.take()) == ["Resumed"]
    assert s.engine.state is EngineState.RUNNING


def test_a_command_right_after_waking_notices_the_suspend_first():
    s = session(HOLD_PLAN, start=True)
    s.at(T0 + 10)
    s.clock.advance(60)
    s.probe.report(60)
    assert not s.engine.pause()  # the suspend already paused it
    assert kinds(s.take()) == ["SuspendDetected", "Paused"]


def test_the_probe_is_asked_on_every_update():
    s = session(HOLD_PLAN)
    s.engine.update()
    s.engine.start()
    s.engine.update()
    assert s.probe.calls == 3


# -- locate phases -------------------------------------------------------------------------------------------


def test_a_locate_phase_waits_for_the_user():
    s = session(LOCATE_PLAN, start=True)
    s.at(T0 + 14.5)
    events = s.at(T0 + 15)
    assert kinds(events) == [
        "PhaseEnded(1)",
        "StepCompleted",
        "StepStarted",
        "PhaseStarted(2)",
        "WaitingForUser(2)",
    ]
    assert s.engine.state is EngineState.WAITING
    assert s.engine.next_deadline() is None
    assert s.engine.time_left_s() is None
    assert s.after(300) == []
    assert s.engine.phase_elapsed_s() == 300
    assert s.engine.confirm_ready()
    events = s.take()
    assert kinds(events) == ["PhaseEnded(2)", "PhaseStarted(3)"]
    ended, started = events
    assert isinstance(ended, PhaseEnded)
    assert (ended.outcome, ended.actual_s, ended.waited_s) == (PhaseOutcome.DONE, 0, 300)
    assert started.planned_at == T0 + 315
    assert s.engine.next_deadline() == T0 + 315 + 5 - 3
    record = s.engine.record()
    assert record.waiting_s == 300
    assert record.active_s == 15


def test_skip_also_ends_a_wait():
    s = session(LOCATE_PLAN, start=True)
    s.at(T0 + 20)
    assert s.engine.skip_phase()
    (ended,) = of_type(s.take(), PhaseEnded)
    assert ended.outcome is PhaseOutcome.SKIPPED
    assert ended.waited_s == 5
    assert s.engine.state is EngineState.RUNNING


def test_a_plan_that_starts_with_a_locate_phase_waits_at_once():
    s = session(make_plan([(L, 0), (H, 10)]))
    s.engine.start()
    assert kinds(s.take()) == ["StepStarted", "PhaseStarted(0)", "WaitingForUser(0)"]
    assert s.engine.state is EngineState.WAITING


# -- navigation ----------------------------------------------------------------------------------------------


def test_skip_phase_ends_the_phase_now_and_starts_the_next_now():
    s = session(HOLD_PLAN, start=True)
    s.at(T0 + 12)  # 7 s into the hold
    assert s.engine.skip_phase()
    events = s.take()
    assert kinds(events) == ["PhaseEnded(1)", "PhaseStarted(2)"]
    ended, started = events
    assert isinstance(ended, PhaseEnded)
    assert (ended.outcome, ended.skipped, ended.actual_s, ended.planned_at) == (
        PhaseOutcome.SKIPPED,
        True,
        7,
        T0 + 12,
    )
    assert started.planned_at == T0 + 12
    assert s.engine.time_left_s() == 5
    assert s.engine.remaining_total_s() == 15


def test_skip_phase_on_the_last_phase_completes():
    s = session(make_plan([(H, 10)]), start=True)
    s.at(T0 + 1)
    assert s.engine.skip_phase()
    assert kinds(s.take()) == ["PhaseEnded(0)", "StepCompleted", "SessionCompleted"]
    assert s.engine.state is EngineState.COMPLETED
    assert s.engine.record().status is SessionStatus.COMPLETED


def test_next_step_skips_the_rest_of_the_step():
    s = session(HOLD_PLAN, start=True)
    s.at(T0 + 3)
    assert s.engine.next_step()
    events = s.take()
    assert kinds(events) == ["PhaseEnded(0)", "StepSkipped", "StepStarted", "PhaseStarted(3)"]
    assert of_type(events, StepSkipped)[0].step_index == 0
    assert of_type(events, StepStarted)[0].step_index == 1
    assert s.engine.current_step == HOLD_PLAN.steps[1]
    assert s.engine.time_left_s() == 10
    assert [(r.phase_index, r.actual_s, r.outcome) for r in s.engine.record().phases] == [
        (0, 3, PhaseOutcome.SKIPPED)
    ]


def test_next_step_on_the_last_step_completes():
    s = session(HOLD_PLAN, start=True)
    s.engine.next_step()
    s.take()
    assert s.engine.next_step()
    assert kinds(s.take()) == ["PhaseEnded(3)", "StepSkipped", "SessionCompleted"]


def test_previous_step_early_in_a_step_goes_to_the_step_before():
    s = session(HOLD_PLAN, start=True)
    s.at(T0 + 40)  # step 1 began
    s.clock.advance(PREVIOUS_STEP_WINDOW_S - 0.5)
    assert s.engine.previous_step()
    events = s.take()
    assert kinds(events) == ["PhaseEnded(3)", "StepStarted", "PhaseStarted(0)"]
    assert of_type(events, PhaseEnded)[0].outcome is PhaseOutcome.RESTARTED
    assert s.engine.current_step == HOLD_PLAN.steps[0]


def test_previous_step_later_in_a_step_restarts_it():
    s = session(HOLD_PLAN, start=True)
    s.at(T0 + 40)
    s.clock.advance(PREVIOUS_STEP_WINDOW_S)
    assert s.engine.previous_step()
    assert kinds(s.take()) == ["PhaseEnded(3)", "StepStarted", "PhaseStarted(3)"]


def test_previous_step_window_does_not_count_paused_time():
    s = session(HOLD_PLAN, start=True)
    s.at(T0 + 40)
    s.clock.advance(1)
    s.engine.pause()
    s.clock.advance(60)
    assert s.engine.previous_step()
    assert s.engine.current_phase_index == 0
    assert s.engine.state is EngineState.PAUSED


def test_previous_step_on_the_first_step_restarts_it():
    s = session(HOLD_PLAN, start=True)
    s.clock.advance(1)
    assert s.engine.previous_step()
    assert kinds(s.take())[-2:] == ["StepStarted", "PhaseStarted(0)"]
    assert s.engine.current_phase_index == 0


def test_restart_step_runs_the_phases_again_in_a_new_pass():
    s = session(HOLD_PLAN, start=True)
    s.at(T0 + 20)  # 15 s into the hold
    assert s.engine.restart_step()
    assert kinds(s.take()) == ["PhaseEnded(1)", "StepStarted", "PhaseStarted(0)"]
    events = []
    while (deadline := s.engine.next_deadline()) is not None:
        events += s.at(deadline)
    starts = [e.phase_index for e in of_type(events, PhaseStarted)]
    assert starts == [1, 2, 3]
    record = s.engine.record()
    assert [(r.phase_index, r.actual_s, r.outcome) for r in record.phases] == [
        (0, 5, PhaseOutcome.DONE),
        (1, 15, PhaseOutcome.RESTARTED),
        (0, 5, PhaseOutcome.DONE),
        (1, 30, PhaseOutcome.DONE),
        (2, 5, PhaseOutcome.DONE),
        (3, 10, PhaseOutcome.DONE),
    ]
    assert record.active_s == sum(r.actual_s for r in record.phases) == 70
    assert s.clock.now() == T0 + 70


def test_navigation_while_paused_stays_paused_at_the_new_phase():
    s = session(HOLD_PLAN, start=True)
    s.at(T0 + 10)
    s.engine.pause()
    s.clock.advance(5)
    assert s.engine.skip_phase()
    assert s.engine.state is EngineState.PAUSED
    assert s.engine.current_phase_index == 2
    assert s.engine.time_left_s() == 5
    s.clock.advance(20)
    s.engine.resume()
    s.take()
    assert s.engine.next_deadline() == T0 + 35 + 5 - 3
    record = s.engine.record()
    assert record.paused_s == 25
    assert record.active_s == 10


def test_navigation_while_paused_onto_a_locate_phase_waits():
    s = session(LOCATE_PLAN, start=True)
    s.engine.pause()
    assert s.engine.next_step()
    assert s.engine.state is EngineState.WAITING


def test_stop_records_the_phase_it_cut_short():
    s = session(HOLD_PLAN, start=True)
    s.at(T0 + 9)
    assert s.engine.stop()
    events = s.take()
    assert kinds(events) == ["PhaseEnded(1)", "SessionStopped"]
    stopped = events[1]
    assert isinstance(stopped, SessionStopped)
    assert (stopped.for_pain, stopped.reason) == (False, "stopped")
    record = s.engine.record()
    assert record.status is SessionStatus.STOPPED
    assert [(r.phase_index, r.actual_s, r.outcome) for r in record.phases][-1] == (1, 4, PhaseOutcome.STOPPED)
    assert record.active_s == 9
    assert s.engine.remaining_total_s() == 41
    s.clock.advance(100)
    assert s.engine.record().active_s == 9


def test_stop_for_pain_says_so_in_the_event_and_the_record():
    s = session(HOLD_PLAN, start=True)
    s.at(T0 + 9)
    s.engine.pause()
    s.clock.advance(4)
    assert s.engine.stop_for_pain("sharp pain in the calf")
    (stopped,) = of_type(s.take(), SessionStopped)
    assert (stopped.for_pain, stopped.reason) == (True, "sharp pain in the calf")
    record = s.engine.record()
    assert record.status is SessionStatus.STOPPED_FOR_PAIN
    assert record.stop_reason == "sharp pain in the calf"
    assert (record.active_s, record.paused_s) == (9, 4)


def test_stop_before_start():
    s = session(HOLD_PLAN)
    assert s.engine.stop()
    assert kinds(s.take()) == ["SessionStopped"]
    assert s.engine.record().phases == []


# -- every command in every state ----------------------------------------------------------------------------

# step 0: press 0-5, hold 5-15 | step 1: press, hold | step 2: locate, press, hold
TABLE_PLAN = make_plan([(P, 5), (H, 10)], [(P, 5), (H, 10)], [(L, 0), (P, 5), (H, 10)])


def _to_running(s: Session) -> None:
    s.engine.start()
    s.at(T0 + 7)  # 2 s into step 0's hold


def _to_paused(s: Session) -> None:
    _to_running(s)
    s.engine.pause()


def _to_waiting(s: Session) -> None:
    s.engine.start()
    s.engine.next_step()
    s.engine.next_step()


def _to_completed(s: Session) -> None:
    s.engine.start()
    for _ in range(3):
        s.engine.next_step()


def _to_stopped(s: Session) -> None:
    s.engine.start()
    s.engine.stop()


SETUPS: dict[EngineState, Callable[[Session], None]] = {
    EngineState.READY: lambda s: None,
    EngineState.RUNNING: _to_running,
    EngineState.PAUSED: _to_paused,
    EngineState.WAITING: _to_waiting,
    EngineState.COMPLETED: _to_completed,
    EngineState.STOPPED: _to_stopped,
}

COMMANDS = [
    "start",
    "pause",
    "resume",
    "skip_phase",
    "next_step",
    "previous_step",
    "restart_step",
    "confirm_ready",
    "stop",
    "stop_for_pain",
]

S = EngineState
# The state after a command that acts; commands left out are no-ops in that state.
ACTS: dict[EngineState, dict[str, tuple[EngineState, int | None]]] = {
    S.READY: {"start": (S.RUNNING, 0), "stop": (S.STOPPED, None), "stop_for_pain": (S.STOPPED, None)},
    S.RUNNING: {
        "pause": (S.PAUSED, 1),
        "skip_phase": (S.RUNNING, 2),
        "next_step": (S.RUNNING, 2),
        "previous_step": (S.RUNNING, 0),  # 2 s into step 0's hold is 7 s into the step: restart it
        "restart_step": (S.RUNNING, 0),
        "stop": (S.STOPPED, None),
        "stop_for_pain": (S.STOPPED, None),
    },
    S.PAUSED: {
        "resume": (S.RUNNING, 1),
        "skip_phase": (S.PAUSED, 2),
        "next_step": (S.PAUSED, 2),
        "previous_step": (S.PAUSED, 0),
        "restart_step": (S.PAUSED, 0),
        "stop": (S.STOPPED, None),
        "stop_for_pain": (S.STOPPED, None),
    },
    S.WAITING: {
        "skip_phase": (S.RUNNING, 5),
        "next_step": (S.COMPLETED, None),  # the last step
        "previous_step": (S.RUNNING, 2),  # just arrived: to step 1
        "restart_step": (S.WAITING, 4),
        "confirm_ready": (S.RUNNING, 5),
        "stop": (S.STOPPED, None),
        "stop_for_pain": (S.STOPPED, None),
    },
    S.COMPLETED: {},
    S.STOPPED: {},
}


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("state", list(SETUPS))
def test_every_command_in_every_state(state, command):
    s = session(TABLE_PLAN)
    SETUPS[state](s)
    assert s.engine.state is state
    s.take()
    before = (s.engine.record(), s.engine.current_phase_index, s.engine.next_deadline())
    acted = getattr(s.engine, command)()
    events = s.take()
    if command in ACTS[state]:
        expected_state, expected_phase = ACTS[state][command]
        assert acted is True
        assert events != []
        assert s.engine.state is expected_state
        assert s.engine.current_phase_index == expected_phase
    else:
        assert acted is False
        assert events == []
        assert s.engine.state is state
        assert (s.engine.record(), s.engine.current_phase_index, s.engine.next_deadline()) == before


@pytest.mark.parametrize("state", list(SETUPS))
def test_update_in_any_state_with_nothing_due_fires_nothing(state):
    s = session(TABLE_PLAN)
    SETUPS[state](s)
    s.take()
    s.engine.update()
    assert s.take() == []
    assert s.engine.state is state


@pytest.mark.parametrize("state", [S.COMPLETED, S.STOPPED])
def test_terminal_states_ignore_time_and_suspends(state):
    s = session(TABLE_PLAN)
    SETUPS[state](s)
    s.take()
    record = s.engine.record()
    s.clock.advance(10_000)
    s.probe.report(60)
    s.engine.update()
    assert s.take() == []
    assert s.engine.record() == record
    assert s.engine.next_deadline() is None


# -- queries for the UI --------------------------------------------------------------------------------------


def test_queries_before_start():
    s = session(HOLD_PLAN)
    e = s.engine
    assert (e.current_phase, e.current_step, e.time_left_s()) == (None, None, None)
    assert e.upcoming_phase == HOLD_PLAN.phases[0]
    assert e.upcoming_step == HOLD_PLAN.steps[0]
    assert (e.remaining_total_s(), e.progress(), e.elapsed_active_s()) == (50, 0, 0)


def test_queries_mid_session():
    s = session(HOLD_PLAN, start=True)
    s.at(T0 + 15)
    e = s.engine
    assert e.current_phase == HOLD_PLAN.phases[1]
    assert e.current_step == HOLD_PLAN.steps[0]
    assert e.upcoming_phase == HOLD_PLAN.phases[2]
    assert e.upcoming_step == HOLD_PLAN.steps[1]
    assert (e.time_left_s(), e.phase_elapsed_s(), e.elapsed_active_s()) == (20, 10, 15)
    assert e.remaining_total_s() == 35
    assert e.progress() == pytest.approx(15 / 50)


def test_queries_never_fire_events_even_past_a_deadline():
    s = session(HOLD_PLAN, start=True)
    s.take()
    s.clock.advance(7)
    e = s.engine
    assert (e.time_left_s(), e.phase_elapsed_s(), e.elapsed_active_s()) == (0, 5, 5)
    e.record()
    assert s.events == []
    assert e.current_phase_index == 0


def test_queries_at_the_end():
    s = session(HOLD_PLAN, start=True)
    s.after(100)
    e = s.engine
    assert (e.current_phase, e.upcoming_phase, e.upcoming_step, e.time_left_s()) == (None, None, None, None)
    assert (e.remaining_total_s(), e.progress()) == (0, 1)


def test_time_left_is_deadline_minus_now():
    s = session(HOLD_PLAN, start=True)
    s.clock.advance(1.125)
    assert s.engine.time_left_s() == 5 - 1.125


# -- subscribers ---------------------------------------------------------------------------------------------


def test_a_subscriber_may_issue_commands_and_events_stay_in_order():
    s = session(LOCATE_PLAN)

    def confirm_at_once(event: SessionEvent) -> None:
        if isinstance(event, WaitingForUser):
            assert s.engine.confirm_ready()

    s.engine.subscribe(confirm_at_once)
    s.engine.start()
    s.at(T0 + 14.5)
    events = s.at(T0 + 15)
    assert kinds(events) == [
        "PhaseEnded(1)",
        "StepCompleted",
        "StepStarted",
        "PhaseStarted(2)",
        "WaitingForUser(2)",
        "PhaseEnded(2)",
        "PhaseStarted(3)",
    ]
    assert s.engine.state is EngineState.RUNNING


def test_unsubscribe_stops_delivery():
    s = session(HOLD_PLAN)
    seen: list[SessionEvent] = []
    unsubscribe = s.engine.subscribe(seen.append)
    s.engine.start()
    unsubscribe()
    unsubscribe()  # twice is harmless
    assert len(s.after(10)) > 2
    assert kinds(seen) == ["StepStarted", "PhaseStarted(0)"]


def test_events_are_not_lost_when_a_subscriber_raises():
    s = session(HOLD_PLAN)
    calls = []

    def fails_once(event: SessionEvent) -> None:
        calls.append(event)
        if len(calls) == 1:
            raise RuntimeError("subscriber bug")

    s.engine.subscribe(fails_once)
    with pytest.raises(RuntimeError, match="subscriber bug"):
        s.engine.start()
    assert s.engine.state is EngineState.RUNNING  # the engine finished its own work first
    s.engine.update()
    assert kinds(calls) == ["StepStarted", "PhaseStarted(0)"]


# -- other clocks and odd plans ------------------------------------------------------------------------------


def test_a_scaled_clock_runs_a_preview_faster():
    base = FakeClock(0.0)
    engine = SessionEngine(HOLD_PLAN, ScaledClock(base, speed=10.0))
    engine.start()
    base.advance(3.5)  # 35 plan seconds
    engine.update()
    assert engine.current_phase_index == 2
    base.advance(1.5)
    engine.update()
    assert engine.state is EngineState.COMPLETED


def test_an_empty_plan_completes_at_start():
    s = session(Plan("empty", "Empty", (), ()))
    assert s.engine.start()
    assert kinds(s.take()) == ["SessionCompleted"]
    assert s.engine.progress() == 1


def test_without_a_probe_no_suspend_is_looked_for():
    clock = FakeClock(T0)
    engine = SessionEngine(HOLD_PLAN, clock)
    engine.start()
    clock.advance(20)
    engine.update()
    assert engine.state is EngineState.RUNNING


@pytest.mark.parametrize(
    ("plan", "message"),
    [
        (Plan("x", "x", HOLD_PLAN.phases[1:], HOLD_PLAN.steps), "says it is phase"),
        (Plan("x", "x", HOLD_PLAN.phases, HOLD_PLAN.steps[:1]), "cover 3 phases but the plan has 4"),
        (Plan("x", "x", HOLD_PLAN.phases, HOLD_PLAN.steps[1:]), "does not follow on"),
        (make_plan([(H, -1)]), "must be 0 or more"),
        (make_plan([(H, math.nan)]), "must be 0 or more"),
        (make_plan([(L, 5)]), "must last 0 s"),
        (
            Plan(
                "x",
                "x",
                (*HOLD_PLAN.phases[:2], replace(HOLD_PLAN.phases[2], step_index=1), HOLD_PLAN.phases[3]),
                HOLD_PLAN.steps,
            ),
            "says it is in step 1, not 0",
        ),
    ],
)
def test_a_malformed_plan_is_refused(plan, message):
    with pytest.raises(ValueError, match=message):
        SessionEngine(plan, FakeClock())


@pytest.mark.parametrize(("option", "value"), [("countdown_from", -1), ("suspend_threshold_s", 0.0)])
def test_bad_options_are_refused(option, value):
    with pytest.raises(ValueError, match=option):
        SessionEngine(HOLD_PLAN, FakeClock(), **{option: value})


def test_step_completed_follows_the_last_phase_of_each_step():
    s = session(HOLD_PLAN, start=True)
    events = s.after(100)
    steps = [(type(e).__name__, e.step_index) for e in events if isinstance(e, (StepStarted, StepCompleted))]
    assert steps == [("StepCompleted", 0), ("StepStarted", 1), ("StepCompleted", 1)]
