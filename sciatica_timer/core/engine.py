"""The session engine: walks a Plan phase by phase on an injected clock and tells subscribers what happened.

No Qt and no timers here: a driver asks ``next_deadline()``, arms one single-shot timer for it and calls
``update()`` when it fires.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Callable
from enum import StrEnum
from itertools import accumulate

from sciatica_timer.core.clock import Clock, SuspendProbe
from sciatica_timer.core.plan import Plan, PlannedPhase, PlannedStep
from sciatica_timer.core.record import PhaseOutcome, PhaseRecord, SessionRecord, SessionStatus
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

# previous_step within this many seconds of a step's start goes to the step before; later it restarts the step
PREVIOUS_STEP_WINDOW_S = 3.0

Listener = Callable[[SessionEvent], None]


class EngineState(StrEnum):
    READY = "ready"
    RUNNING = "running"
    PAUSED = "paused"
    WAITING = "waiting"  # at a locate phase, until the user confirms
    COMPLETED = "completed"
    STOPPED = "stopped"


_IN_SESSION = (EngineState.RUNNING, EngineState.PAUSED, EngineState.WAITING)
_TERMINAL = (EngineState.COMPLETED, EngineState.STOPPED)


class SessionEngine:
    """Runs one session of a Plan.

    The deadline chain. Time left in a phase is always ``deadline - clock.now()``; nothing counts ticks.
    Deadlines come from one anchor: the clock time ``_anchor_at`` at which the plan offset ``_anchor_offset``
    falls, so phase ``i`` ends at ``_anchor_at + (offset[i + 1] - _anchor_offset)``. A phase that ends on time
    thus hands its PLANNED end to the next phase as that phase's start, however late the update that noticed
    it: lateness never accumulates, and over a whole routine the float error is one rounding, not one per
    phase. A pause moves the anchor by exactly the paused time. Only the user moves the anchor elsewhere:
    skip, confirm or a step jump re-anchors the chain at "now" on the phase that begins.

    Updates. ``update()`` fires, in order and exactly once, everything due up to now: missed phase ends and
    starts each carry their planned time and how late they are. It never fires early: something due at ``t``
    fires only once the clock reads ``t`` or later. A countdown tick is announced only while it is still true
    (the seconds left round up to it): ticks that went by unseen during a frozen event loop are dropped, as a
    stale 3-2-1 is useless; phase events never are. Commands first do what ``update()`` does, then act at
    ``clock.now()``. Queries never fire anything.

    Suspend. Each update asks the probe how long the machine slept. Over ``suspend_threshold_s``, the session
    pauses where the sleep began: at ``now - gap`` when the clock ran on through the sleep, yet not before
    the last update (a clock that stopped during the sleep saw none of it). The sleep never counts as phase or
    session time. At a locate phase the engine only reports it; the wait goes on.

    Passes. Each phase starts at most once per pass through the plan, in plan order. ``previous_step`` and
    ``restart_step`` begin a new pass from the step they go to: its phases start again and the record gets a
    new entry for each, the interrupted one marked RESTARTED, so recorded actual seconds still add up.

    Commands in each state (True: it acted; False: a no-op where nothing changes and no event fires; none
    raises). Navigation while paused stays paused at the start of the new phase; a locate phase still waits.

    ============== ===== ======= ====== ======= =========
    command        READY RUNNING PAUSED WAITING COMPLETED
                                                / STOPPED
    ============== ===== ======= ====== ======= =========
    start          acts  False   False  False   False
    pause          False acts    False  False   False
    resume         False False   acts   False   False
    skip_phase     False acts    acts   acts    False
    next_step      False acts    acts   acts    False
    previous_step  False acts    acts   acts    False
    restart_step   False acts    acts   acts    False
    confirm_ready  False False   False  acts    False
    stop           acts  acts    acts   acts    False
    stop_for_pain  acts  acts    acts   acts    False
    ============== ===== ======= ====== ======= =========

    ``next_step`` and ``skip_phase`` past the last phase complete the session. ``previous_step`` on the first
    step restarts it.
    """

    def __init__(
        self,
        plan: Plan,
        clock: Clock,
        *,
        suspend_probe: SuspendProbe | None = None,
        countdown_from: int = 3,
        suspend_threshold_s: float = 5.0,
    ) -> None:
        _check_plan(plan)
        if countdown_from < 0:
            raise ValueError(f"countdown_from must be 0 or more, got {countdown_from}")
        if not suspend_threshold_s > 0:
            raise ValueError(f"suspend_threshold_s must be above 0, got {suspend_threshold_s}")
        self._plan = plan
        self._clock = clock
        self._probe = suspend_probe
        self._countdown_from = countdown_from
        self._suspend_threshold_s = suspend_threshold_s
        # offset[i] is where phase i starts on the plan's own timeline; offset[-1] is the timed total.
        self._offsets = tuple(accumulate((p.duration_s for p in plan.phases), initial=0.0))

        self._state = EngineState.READY
        self._listeners: list[Listener] = []
        self._outbox: deque[SessionEvent] = deque()
        self._delivering = False
        self._last_seen = -math.inf  # the latest clock time processed

        self._anchor_at = 0.0
        self._anchor_offset = 0.0
        self._index = 0  # current phase, while in session
        self._phase_started_at = 0.0  # its planned start
        self._phase_active_s = 0.0  # its active seconds before the running segment
        self._run_since = 0.0  # start of the running segment (RUNNING)
        self._paused_since = 0.0  # start of the pause (PAUSED)
        self._countdown_next = 0  # the next tick to announce in this phase; 0 for none
        self._step_began_s = 0.0  # active + waiting seconds when the current step began

        self._active_done_s = 0.0  # of ended phases
        self._paused_done_s = 0.0  # of ended pauses
        self._waiting_done_s = 0.0  # of ended waits
        self._remaining_at_stop_s = 0.0
        self._records: list[PhaseRecord] = []
        self._status = SessionStatus.IN_PROGRESS
        self._stop_reason: str | None = None

    # -- subscribing -----------------------------------------------------------------------------------------

    def subscribe(self, callback: Listener) -> Callable[[], None]:
        """Call ``callback`` with every event, in order; returns a function that unsubscribes.

        Events are delivered after the engine's state is settled, so a callback may query the engine or issue
        commands; the events those cause are delivered after the current ones.
        """
        self._listeners.append(callback)

        def unsubscribe() -> None:
            if callback in self._listeners:
                self._listeners.remove(callback)

        return unsubscribe

    # -- driving ---------------------------------------------------------------------------------------------

    def update(self) -> None:
        """Fire everything due up to ``clock.now()``, in order. Safe to call early, late, or in any state."""
        self._sync()
        self._deliver()

    def next_deadline(self) -> float | None:
        """Clock time the engine next needs an ``update()``: the next countdown tick or phase end.

        None when nothing is timed (not running). An update before this time fires nothing.
        """
        if self._state is not EngineState.RUNNING:
            return None
        deadline = self._deadline()
        return deadline - self._countdown_next if self._countdown_next else deadline

    # -- commands --------------------------------------------------------------------------------------------

    def start(self) -> bool:
        now = self._sync()
        if self._state is not EngineState.READY:
            return self._done(acted=False)
        self._state = EngineState.RUNNING
        self._anchor(now, 0)
        self._begin(0, now, now, paused=False)
        return self._done(acted=True)

    def pause(self) -> bool:
        now = self._sync()
        if self._state is not EngineState.RUNNING:
            return self._done(acted=False)
        self._pause_at(now, now, PauseReason.USER)
        return self._done(acted=True)

    def resume(self) -> bool:
        now = self._sync()
        if self._state is not EngineState.PAUSED:
            return self._done(acted=False)
        paused_s = now - self._paused_since
        self._paused_done_s += paused_s
        self._anchor_at += paused_s
        self._run_since = now
        self._state = EngineState.RUNNING
        self._emit(Resumed(planned_at=now, actual_at=now, paused_s=paused_s))
        return self._done(acted=True)

    def skip_phase(self) -> bool:
        """End the current phase now (SKIPPED) and start the next one now."""
        now = self._sync()
        if self._state not in _IN_SESSION:
            return self._done(acted=False)
        self._jump(self._index + 1, PhaseOutcome.SKIPPED, now)
        return self._done(acted=True)

    def next_step(self) -> bool:
        """Skip the rest of the current step (StepSkipped) and start the next step."""
        now = self._sync()
        if self._state not in _IN_SESSION:
            return self._done(acted=False)
        step = self._plan.step_of(self._index)
        self._jump(step.end_phase, PhaseOutcome.SKIPPED, now, step_skipped=True)
        return self._done(acted=True)

    def previous_step(self) -> bool:
        """Early in a step (PREVIOUS_STEP_WINDOW_S, pauses excluded) go to the step before; else restart it.

        The usual media-player rule: one press restarts what is playing, a quick second one goes further back.
        """
        now = self._sync()
        if self._state not in _IN_SESSION:
            return self._done(acted=False)
        step = self._plan.step_of(self._index)
        into_step_s = self._active_done_s + self._waiting_done_s + self._phase_presence_s(now)
        into_step_s -= self._step_began_s
        if step.index > 0 and into_step_s < PREVIOUS_STEP_WINDOW_S:
            step = self._plan.steps[step.index - 1]
        self._jump(step.first_phase, PhaseOutcome.RESTARTED, now)
        return self._done(acted=True)

    def restart_step(self) -> bool:
        """Go back to the first phase of the current step."""
        now = self._sync()
        if self._state not in _IN_SESSION:
            return self._done(acted=False)
        self._jump(self._plan.step_of(self._index).first_phase, PhaseOutcome.RESTARTED, now)
        return self._done(acted=True)

    def confirm_ready(self) -> bool:
        """The user found the point: end the waiting locate phase and start the next phase now."""
        now = self._sync()
        if self._state is not EngineState.WAITING:
            return self._done(acted=False)
        self._jump(self._index + 1, PhaseOutcome.DONE, now)
        return self._done(acted=True)

    def stop(self, reason: str = "stopped") -> bool:
        return self._stop(reason, for_pain=False)

    def stop_for_pain(self, reason: str = "pain") -> bool:
        """Stop at once because it hurts; the record says so (SessionStatus.STOPPED_FOR_PAIN)."""
        return self._stop(reason, for_pain=True)

    # -- queries: they read the clock but never fire events --------------------------------------------------

    @property
    def plan(self) -> Plan:
        return self._plan

    @property
    def state(self) -> EngineState:
        return self._state

    @property
    def current_phase_index(self) -> int | None:
        return self._index if self._state in _IN_SESSION else None

    @property
    def current_phase(self) -> PlannedPhase | None:
        return self._plan.phases[self._index] if self._state in _IN_SESSION else None

    @property
    def current_step(self) -> PlannedStep | None:
        return self._plan.step_of(self._index) if self._state in _IN_SESSION else None

    @property
    def upcoming_phase(self) -> PlannedPhase | None:
        """The phase after the current one in plan order (the first one before start)."""
        if self._state is EngineState.READY:
            return self._plan.phases[0] if self._plan.phases else None
        if self._state in _IN_SESSION and self._index + 1 < len(self._plan.phases):
            return self._plan.phases[self._index + 1]
        return None

    @property
    def upcoming_step(self) -> PlannedStep | None:
        """The step after the current one (the first one before start); next_step() is the command."""
        if self._state is EngineState.READY:
            return self._plan.steps[0] if self._plan.steps else None
        if self._state in _IN_SESSION:
            after = self._plan.step_of(self._index).index + 1
            return self._plan.steps[after] if after < len(self._plan.steps) else None
        return None

    def time_left_s(self) -> float | None:
        """Seconds left in the current timed phase (frozen while paused); None when no timed phase is on."""
        if self._state is EngineState.RUNNING:
            return max(0.0, self._deadline() - self._clock.now())
        if self._state is EngineState.PAUSED:
            return max(0.0, self._deadline() - self._paused_since)
        return None

    def phase_elapsed_s(self) -> float:
        """Active seconds into the current phase; at a locate phase, the seconds spent waiting so far."""
        return self._phase_presence_s(self._clock.now())

    def elapsed_active_s(self) -> float:
        """Session seconds spent in timed phases: pauses, suspends and waits at locate phases excluded."""
        return self._active_done_s + self._phase_active_elapsed_s(self._clock.now())

    def remaining_total_s(self) -> float:
        """Plan seconds still ahead (waits not counted), for the progress bar; grows after a step back."""
        if self._state is EngineState.READY:
            return self._offsets[-1]
        if self._state is EngineState.COMPLETED:
            return 0.0
        if self._state is EngineState.STOPPED:
            return self._remaining_at_stop_s
        return self._remaining_s(self._clock.now())

    def progress(self) -> float:
        """Fraction of the plan's timed total behind us, 0 to 1."""
        if self._state is EngineState.COMPLETED:
            return 1.0
        total = self._offsets[-1]
        if total <= 0:
            return 0.0
        return min(1.0, max(0.0, 1.0 - self.remaining_total_s() / total))

    def record(self) -> SessionRecord:
        """The session so far. The running phase has no entry yet; its elapsed time is in ``active_s``."""
        now = self._clock.now()
        paused_s = self._paused_done_s
        waiting_s = self._waiting_done_s
        if self._state is EngineState.PAUSED:
            paused_s += now - self._paused_since
        elif self._state is EngineState.WAITING:
            waiting_s += now - self._phase_started_at
        return SessionRecord(
            routine_id=self._plan.routine_id,
            routine_name=self._plan.routine_name,
            status=self._status,
            phases=list(self._records),
            active_s=self._active_done_s + self._phase_active_elapsed_s(now),
            paused_s=paused_s,
            waiting_s=waiting_s,
            stop_reason=self._stop_reason,
        )

    # -- the machinery ---------------------------------------------------------------------------------------

    def _sync(self) -> float:
        """Catch up to the clock: detect a suspend, fire what is due, announce a fresh countdown tick."""
        now = max(self._clock.now(), self._last_seen)  # a clock stepping back must not undo what has fired
        gap = self._probe.suspended_s() if self._probe is not None else 0.0
        if gap > self._suspend_threshold_s and self._state in (EngineState.RUNNING, EngineState.WAITING):
            began = max(self._last_seen, now - gap)
            self._fire_due(began, now)
            if self._state is EngineState.RUNNING:
                self._announce_countdown(began, say=False)
            if self._state in (EngineState.RUNNING, EngineState.WAITING):
                self._emit(SuspendDetected(planned_at=began, actual_at=now, gap_s=gap))
            if self._state is EngineState.RUNNING:
                self._pause_at(began, now, PauseReason.SUSPEND)
        else:
            self._catch_up(now)
        self._last_seen = now
        return now

    def _catch_up(self, now: float) -> None:
        self._fire_due(now, now)
        if self._state is EngineState.RUNNING:
            self._announce_countdown(now)

    def _fire_due(self, until: float, now: float) -> None:
        """End every phase due at or before ``until``; each starts the next one at its planned end."""
        while self._state is EngineState.RUNNING:
            deadline = self._deadline()
            if deadline > until:
                return
            self._end_phase(deadline, now, PhaseOutcome.DONE)
            self._begin(self._index + 1, deadline, now, paused=False)

    def _announce_countdown(self, at: float, *, say: bool = True) -> None:
        """Pass the countdown ticks due by ``at``, saying the smallest: the only one still true.

        Bigger ones went by unseen during a freeze and are dropped. Ticks due before a sleep are all stale on
        waking, so the suspend path passes them without saying any (``say=False``).
        """
        if not self._countdown_next:
            return
        deadline = self._deadline()
        for seconds_left in range(1, self._countdown_next + 1):
            if deadline - seconds_left <= at:
                self._countdown_next = seconds_left - 1
                if say:
                    self._emit(
                        Countdown(
                            planned_at=deadline - seconds_left,
                            actual_at=at,
                            phase_index=self._index,
                            phase=self._plan.phases[self._index],
                            seconds_left=seconds_left,
                        )
                    )
                return

    def _jump(self, target: int, outcome: PhaseOutcome, now: float, *, step_skipped: bool = False) -> None:
        """End the current phase now and begin phase ``target`` now, re-anchoring the deadline chain there."""
        paused = self._state is EngineState.PAUSED
        if paused:
            self._paused_done_s += now - self._paused_since
            self._paused_since = now
        self._end_phase(now, now, outcome, step_skipped=step_skipped)
        self._anchor(now, target)
        self._begin(target, now, now, paused=paused)

    def _begin(self, index: int, at: float, now: float, *, paused: bool) -> None:
        """Start phase ``index`` at planned time ``at``; past the last phase, complete the session."""
        if index >= len(self._plan.phases):
            self._state = EngineState.COMPLETED
            self._status = SessionStatus.COMPLETED
            self._emit(SessionCompleted(planned_at=at, actual_at=now))
            return
        phase = self._plan.phases[index]
        step = self._plan.step_of(index)
        self._index = index
        self._phase_started_at = at
        self._phase_active_s = 0.0
        self._countdown_next = 0
        if index == step.first_phase:
            self._step_began_s = self._active_done_s + self._waiting_done_s
            self._emit(StepStarted(planned_at=at, actual_at=now, step=step))
        self._emit(PhaseStarted(planned_at=at, actual_at=now, phase_index=index, phase=phase))
        if phase.waits_for_user:
            self._state = EngineState.WAITING
            self._emit(WaitingForUser(planned_at=at, actual_at=now, phase_index=index, phase=phase))
            return
        if phase.duration_s > self._countdown_from:
            self._countdown_next = self._countdown_from
        if paused:
            self._state = EngineState.PAUSED
            self._paused_since = at
        else:
            self._state = EngineState.RUNNING
            self._run_since = at

    def _end_phase(self, at: float, now: float, outcome: PhaseOutcome, *, step_skipped: bool = False) -> None:
        """Close the current phase at clock time ``at``: book its time, record it, tell subscribers."""
        phase = self._plan.phases[self._index]
        active_s = self._phase_active_s
        waited_s = 0.0
        if self._state is EngineState.RUNNING:
            active_s += at - self._run_since
        elif self._state is EngineState.WAITING:
            waited_s = at - self._phase_started_at
        self._active_done_s += active_s
        self._waiting_done_s += waited_s
        self._records.append(
            PhaseRecord(
                phase_index=self._index,
                step_index=phase.step_index,
                kind=phase.kind,
                point_code=phase.point_code,
                side=phase.side,
                repetition=phase.repetition,
                planned_s=phase.duration_s,
                actual_s=active_s,
                skipped=outcome is not PhaseOutcome.DONE,
                outcome=outcome,
                waited_s=waited_s,
            )
        )
        self._emit(
            PhaseEnded(
                planned_at=at,
                actual_at=now,
                phase_index=self._index,
                phase=phase,
                planned_s=phase.duration_s,
                actual_s=active_s,
                outcome=outcome,
                waited_s=waited_s,
            )
        )
        step = self._plan.step_of(self._index)
        if step_skipped:
            self._emit(StepSkipped(planned_at=at, actual_at=now, step=step))
        elif self._index == step.end_phase - 1 and outcome in (PhaseOutcome.DONE, PhaseOutcome.SKIPPED):
            self._emit(StepCompleted(planned_at=at, actual_at=now, step=step))

    def _pause_at(self, at: float, now: float, reason: PauseReason) -> None:
        self._phase_active_s += at - self._run_since
        self._paused_since = at
        self._state = EngineState.PAUSED
        self._emit(Paused(planned_at=at, actual_at=now, reason=reason))

    def _stop(self, reason: str, *, for_pain: bool) -> bool:
        now = self._sync()
        if self._state in _TERMINAL:
            return self._done(acted=False)
        if self._state in _IN_SESSION:
            self._remaining_at_stop_s = self._remaining_s(now)
            if self._state is EngineState.PAUSED:
                self._paused_done_s += now - self._paused_since
            self._end_phase(now, now, PhaseOutcome.STOPPED)
        else:
            self._remaining_at_stop_s = self._offsets[-1]
        self._state = EngineState.STOPPED
        self._status = SessionStatus.STOPPED_FOR_PAIN if for_pain else SessionStatus.STOPPED
        self._stop_reason = reason
        self._emit(SessionStopped(planned_at=now, actual_at=now, reason=reason, for_pain=for_pain))
        return self._done(acted=True)

    def _anchor(self, at: float, index: int) -> None:
        self._anchor_at = at
        self._anchor_offset = self._offsets[index] if index < len(self._plan.phases) else self._offsets[-1]

    def _deadline(self) -> float:
        """Clock time the current phase ends, as of now; paused time is added on resume."""
        return self._anchor_at + (self._offsets[self._index + 1] - self._anchor_offset)

    def _phase_active_elapsed_s(self, now: float) -> float:
        if self._state is EngineState.RUNNING:
            return self._phase_active_s + max(0.0, min(now, self._deadline()) - self._run_since)
        if self._state is EngineState.PAUSED:
            return self._phase_active_s
        return 0.0

    def _phase_presence_s(self, now: float) -> float:
        if self._state is EngineState.WAITING:
            return max(0.0, now - self._phase_started_at)
        return self._phase_active_elapsed_s(now)

    def _remaining_s(self, now: float) -> float:
        behind = self._offsets[self._index] + self._phase_active_elapsed_s(now)
        return max(0.0, self._offsets[-1] - behind)

    def _emit(self, event: SessionEvent) -> None:
        self._outbox.append(event)

    def _done(self, *, acted: bool) -> bool:
        if acted:  # a phase the command began may be due at once (0 s), or a countdown tick after a resume
            self._catch_up(self._last_seen)
        self._deliver()
        return acted

    def _deliver(self) -> None:
        if self._delivering:  # a callback issued a command: the outer loop delivers its events after these
            return
        self._delivering = True
        try:
            while self._outbox:
                event = self._outbox.popleft()
                for listener in tuple(self._listeners):
                    listener(event)
        finally:
            self._delivering = False


def _check_plan(plan: Plan) -> None:
    """A Plan from ``expand`` is always well formed; this catches a hand-built one that is not."""
    for i, phase in enumerate(plan.phases):
        if phase.index != i:
            raise ValueError(f"plan phase {i} says it is phase {phase.index}")
        if not (math.isfinite(phase.duration_s) and phase.duration_s >= 0):
            raise ValueError(f"plan phase {i} lasts {phase.duration_s} s; it must be 0 or more")
        if phase.waits_for_user and phase.duration_s != 0:
            raise ValueError(f"plan phase {i} is a locate phase: it waits for the user, so it must last 0 s")
    expected_first = 0
    for j, step in enumerate(plan.steps):
        if step.index != j or step.first_phase != expected_first or step.end_phase <= step.first_phase:
            raise ValueError(f"plan step {j} does not follow on from the step before with at least one phase")
        for i in range(step.first_phase, min(step.end_phase, len(plan.phases))):
            if plan.phases[i].step_index != j:
                raise ValueError(f"plan phase {i} says it is in step {plan.phases[i].step_index}, not {j}")
        expected_first = step.end_phase
    if expected_first != len(plan.phases):
        raise ValueError(f"plan steps cover {expected_first} phases but the plan has {len(plan.phases)}")
