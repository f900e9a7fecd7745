"""Property tests: random plans, random commands and random clock jumps never break the engine's promises."""

from __future__ import annotations

import math

from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from sciatica_timer.core.engine import EngineState
from sciatica_timer.core.plan import PhaseKind, Plan
from sciatica_timer.core.record import PhaseOutcome
from sciatica_timer.core.session_events import (
    Countdown,
    PhaseEnded,
    PhaseStarted,
    SessionCompleted,
    SessionEvent,
    SessionStopped,
    StepStarted,
    WaitingForUser,
)
from tests.core.plan_factory import REST, A, B, H, L, P, R, make_plan
from tests.core.session_harness import T0, Session, session

S = EngineState
TIMED_KINDS = [P, H, R, B, A, REST]
# Dyadic durations keep sums exact; 0.1 and 1.7 make sure nothing relies on that.
DURATIONS = [0.0, 0.1, 0.5, 1.0, 1.7, 2.5, 3.0, 3.5, 4.0, 7.25, 10.0, 30.0]

timed_phase = st.tuples(st.sampled_from(TIMED_KINDS), st.sampled_from(DURATIONS))
any_phase = st.one_of(timed_phase, timed_phase, st.just((L, 0.0)))


def plans(phase: st.SearchStrategy[tuple[PhaseKind, float]] = any_phase) -> st.SearchStrategy[Plan]:
    steps = st.lists(st.lists(phase, min_size=1, max_size=4), min_size=1, max_size=4)
    return steps.map(lambda specs: make_plan(*specs))


ACTS_IN: dict[str, set[EngineState]] = {
    "start": {S.READY},
    "pause": {S.RUNNING},
    "resume": {S.PAUSED},
    "skip_phase": {S.RUNNING, S.PAUSED, S.WAITING},
    "next_step": {S.RUNNING, S.PAUSED, S.WAITING},
    "previous_step": {S.RUNNING, S.PAUSED, S.WAITING},
    "restart_step": {S.RUNNING, S.PAUSED, S.WAITING},
    "confirm_ready": {S.WAITING},
    "stop": {S.READY, S.RUNNING, S.PAUSED, S.WAITING},
    "stop_for_pain": {S.READY, S.RUNNING, S.PAUSED, S.WAITING},
}
TERMINAL = {S.COMPLETED, S.STOPPED}
TOLERANCE = 1e-6


def close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-12, abs_tol=TOLERANCE)


class EventChecker:
    """Follows the event stream and fails on the first event that breaks a promise."""

    def __init__(self, plan: Plan, countdown_from: int) -> None:
        self.plan = plan
        self.countdown_from = countdown_from
        self.last_planned = -math.inf
        self.last_actual = -math.inf
        self.open_phase: int | None = None
        self.started_in_pass: set[int] = set()
        self.last_started: int | None = None
        self.last_outcome: PhaseOutcome | None = None
        self.previous: SessionEvent | None = None
        self.last_tick: int | None = None
        self.ended: list[PhaseEnded] = []
        self.finished: SessionEvent | None = None

    def feed(self, events: list[SessionEvent], now: float) -> None:
        for event in events:
            self.check(event, now)
            self.previous = event

    def check(self, event: SessionEvent, now: float) -> None:
        assert self.finished is None, f"{event} after the session ended"
        assert event.actual_at == now, "events carry the time of the call that fired them"
        assert event.late_s >= 0, f"fired early: {event}"
        assert event.planned_at >= self.last_planned, f"out of order: {event}"
        assert event.actual_at >= self.last_actual
        self.last_planned, self.last_actual = event.planned_at, event.actual_at
        if isinstance(self.previous, StepStarted):
            assert isinstance(event, PhaseStarted)
            assert event.phase_index == self.previous.step.first_phase
        if isinstance(event, PhaseStarted):
            self.phase_started(event)
        elif isinstance(event, PhaseEnded):
            self.phase_ended(event)
        elif isinstance(event, Countdown):
            assert self.open_phase == event.phase_index
            assert event.late_s < 1, "a countdown tick is said only while it is still true"
            assert 1 <= event.seconds_left <= self.countdown_from
            assert self.last_tick is None or event.seconds_left < self.last_tick
            assert event.phase.duration_s > self.countdown_from
            self.last_tick = event.seconds_left
        elif isinstance(event, WaitingForUser):
            assert isinstance(self.previous, PhaseStarted)
            assert self.previous.phase_index == event.phase_index
            assert event.phase.kind is PhaseKind.LOCATE
        elif isinstance(event, SessionCompleted | SessionStopped):
            self.finished = event
            if isinstance(event, SessionCompleted):
                assert self.open_phase is None

    def phase_started(self, event: PhaseStarted) -> None:
        i = event.phase_index
        assert self.open_phase is None, "a phase started before the previous one ended"
        assert event.phase == self.plan.phases[i]
        if self.last_outcome is PhaseOutcome.RESTARTED:
            # The user went back: a new pass starts from here.
            assert self.last_started is not None
            assert i <= self.last_started
            self.started_in_pass = {j for j in self.started_in_pass if j < i}
        elif self.last_outcome is PhaseOutcome.DONE:
            assert self.last_started is not None
            assert i == self.last_started + 1
        elif self.last_started is not None:
            assert i > self.last_started
        else:
            assert i == 0
        assert i not in self.started_in_pass, f"phase {i} started twice in one pass"
        self.started_in_pass.add(i)
        self.open_phase = self.last_started = i
        self.last_outcome = None
        self.last_tick = None

    def phase_ended(self, event: PhaseEnded) -> None:
        assert self.open_phase == event.phase_index, "PhaseEnded without its PhaseStarted"
        assert 0 <= event.actual_s <= event.planned_s + TOLERANCE, "a phase never runs longer than planned"
        if event.phase.kind is PhaseKind.LOCATE:
            assert event.actual_s == 0
        else:
            assert event.waited_s == 0
            if event.outcome is PhaseOutcome.DONE:
                assert close(event.actual_s, event.planned_s)
        self.open_phase = None
        self.last_outcome = event.outcome
        self.ended.append(event)


class EngineMachine(RuleBasedStateMachine):
    """Random commands, clock jumps, timer wake-ups and suspends against one engine."""

    s: Session
    checker: EventChecker

    @initialize(plan=plans(), countdown_from=st.integers(0, 3))
    def make(self, plan: Plan, countdown_from: int) -> None:
        self.s = session(plan, countdown_from=countdown_from)
        self.checker = EventChecker(plan, countdown_from)
        self.synced = True  # the engine has seen the clock's current time and every suspend
        self.started_at: float | None = None

    def take(self) -> list[SessionEvent]:
        events = self.s.take()
        self.checker.feed(events, self.s.clock.now())
        return events

    @rule(seconds=st.one_of(st.sampled_from([0.0, 1e-6, 0.5, 1.0, 3.0, 7.25]), st.floats(0, 150)))
    def advance(self, seconds: float) -> None:
        self.s.clock.advance(seconds)
        self.synced = False

    @rule()
    def update(self) -> None:
        self.s.engine.update()
        self.take()
        self.synced = True

    @precondition(lambda self: self.synced)
    @rule(offset=st.sampled_from([-0.5, -1e-6, 0.0, 1e-9, 0.25, 2.0]))
    def timer_fires(self, offset: float) -> None:
        """A driver's timer fires near next_deadline(): early it fires nothing, on time something."""
        deadline = self.s.engine.next_deadline()
        if deadline is None:
            return
        target = deadline + offset
        if target < self.s.clock.now():
            return
        self.s.clock.set(target)
        self.s.engine.update()
        events = self.take()
        assert (events != []) == (offset >= 0)

    @rule(
        command=st.sampled_from(sorted(ACTS_IN)),
        update_first=st.booleans(),
    )
    def command(self, command: str, update_first: bool) -> None:
        if update_first:
            self.s.engine.update()
            self.take()
        before = self.s.engine.state
        now = self.s.clock.now()
        acted = getattr(self.s.engine, command)()
        events = self.take()
        if update_first or before in TERMINAL:
            assert acted == (before in ACTS_IN[command]), f"{command} in {before}"
        if not acted and (update_first or before in TERMINAL):
            assert events == []
        if command == "start" and acted:
            self.started_at = now
        self.synced = True

    @rule(seconds=st.sampled_from([1.0, 5.0, 5.5, 30.0, 3600.0]), clock_ran=st.booleans())
    def suspend(self, seconds: float, clock_ran: bool) -> None:
        self.s.probe.report(seconds)
        if clock_ran:
            self.s.clock.advance(seconds)
        self.synced = False

    @invariant()
    def terminal_states_are_absorbing(self) -> None:
        if self.checker.finished is not None:
            expected = S.COMPLETED if isinstance(self.checker.finished, SessionCompleted) else S.STOPPED
            assert self.s.engine.state is expected
            assert self.s.engine.next_deadline() is None

    @invariant()
    def nothing_due_is_left_after_a_sync(self) -> None:
        if not self.synced:
            return
        engine = self.s.engine
        deadline = engine.next_deadline()
        assert (deadline is not None) == (engine.state is S.RUNNING)
        if deadline is not None:
            assert deadline > self.s.clock.now()
            time_left = engine.time_left_s()
            phase = engine.current_phase
            assert time_left is not None
            assert phase is not None
            assert 0 < time_left <= phase.duration_s + TOLERANCE

    @invariant()
    def record_matches_the_events(self) -> None:
        record = self.s.engine.record()
        ended = self.checker.ended
        assert [(r.phase_index, r.outcome) for r in record.phases] == [
            (e.phase_index, e.outcome) for e in ended
        ]
        assert [r.actual_s for r in record.phases] == [e.actual_s for e in ended]
        assert all(r.skipped == (r.outcome is not PhaseOutcome.DONE) for r in record.phases)

    @invariant()
    def recorded_time_adds_up(self) -> None:
        if not self.synced or self.started_at is None:
            return
        engine = self.s.engine
        record = engine.record()
        running = engine.phase_elapsed_s() if engine.state in (S.RUNNING, S.PAUSED) else 0.0
        assert close(sum(r.actual_s for r in record.phases) + running, record.active_s)
        assert close(record.active_s, engine.elapsed_active_s())
        waiting = engine.phase_elapsed_s() if engine.state is S.WAITING else 0.0
        assert close(sum(r.waited_s for r in record.phases) + waiting, record.waiting_s)
        finished = self.checker.finished
        end = finished.planned_at if finished is not None else self.s.clock.now()
        # Every second since start is active, paused or waiting: none lost, none counted twice.
        assert close(record.active_s + record.paused_s + record.waiting_s, end - self.started_at)

    @invariant()
    def progress_stays_in_range(self) -> None:
        engine = self.s.engine
        assert 0.0 <= engine.progress() <= 1.0
        assert 0.0 <= engine.remaining_total_s() <= self.s.engine.plan.total_s + TOLERANCE


EngineMachine.TestCase.settings = settings(max_examples=300, stateful_step_count=40, deadline=None)
TestEngineMachine = EngineMachine.TestCase


@settings(max_examples=200, deadline=None)
@given(
    plan=plans(timed_phase),
    lateness=st.lists(st.floats(0, 2.0), min_size=1, max_size=20),
)
def test_lateness_never_accumulates(plan, lateness):
    """However late each timer fires, every phase starts at T0 + its plan offset, exactly."""
    s = session(plan)
    s.engine.start()
    events = s.take()
    wake = 0
    while (deadline := s.engine.next_deadline()) is not None:
        events += s.at(deadline + lateness[wake % len(lateness)])
        wake += 1
    starts = [e for e in events if isinstance(e, PhaseStarted)]
    assert [e.planned_at for e in starts] == [T0 + p.starts_at_s for p in plan.phases]
    (completed,) = [e for e in events if isinstance(e, SessionCompleted)]
    assert completed.planned_at == T0 + plan.phases[-1].ends_at_s


@settings(max_examples=200, deadline=None)
@given(
    plan=plans(timed_phase),
    pauses=st.lists(st.tuples(st.floats(0, 20), st.floats(0, 100)), max_size=6),
)
def test_pauses_move_the_end_by_exactly_the_paused_time(plan, pauses):
    s = session(plan)
    s.engine.start()
    paused_total = 0.0
    for run_s, pause_s in pauses:
        s.after(run_s)
        if s.engine.pause():
            s.clock.advance(pause_s)
            s.engine.resume()
            paused_total += pause_s
    s.after(plan.total_s + paused_total + 1)
    assert s.engine.state is S.COMPLETED
    record = s.engine.record()
    assert close(record.paused_s, paused_total)
    assert close(record.active_s, plan.total_s)
