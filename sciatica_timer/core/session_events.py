"""What the session engine tells its subscribers: one small frozen dataclass per kind of event.

Every event says when it was due on the session's deadline chain (``planned_at``) and when the engine
noticed it (``actual_at``), both in the engine's clock seconds; ``late_s`` is never negative.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from sciatica_timer.core.plan import PlannedPhase, PlannedStep
from sciatica_timer.core.record import PhaseOutcome


class PauseReason(StrEnum):
    USER = "user"
    SUSPEND = "suspend"  # the machine slept; the session paused where the sleep began


@dataclass(frozen=True, slots=True, kw_only=True)
class SessionEvent:
    planned_at: float  # clock time it was due
    actual_at: float  # clock time of the update() or command that fired it

    @property
    def late_s(self) -> float:
        return self.actual_at - self.planned_at


@dataclass(frozen=True, slots=True, kw_only=True)
class PhaseEvent(SessionEvent):
    phase_index: int
    phase: PlannedPhase


@dataclass(frozen=True, slots=True, kw_only=True)
class PhaseStarted(PhaseEvent):
    pass


@dataclass(frozen=True, slots=True, kw_only=True)
class PhaseEnded(PhaseEvent):
    """``actual_s`` is active time in the phase (pauses excluded); ``waited_s`` the wait at a locate phase."""

    planned_s: float
    actual_s: float
    outcome: PhaseOutcome
    waited_s: float = 0.0

    @property
    def skipped(self) -> bool:
        return self.outcome is not PhaseOutcome.DONE


@dataclass(frozen=True, slots=True, kw_only=True)
class Countdown(PhaseEvent):
    """``seconds_left`` whole seconds remain in a timed phase (3, 2, 1), if it is longer than the count."""

    seconds_left: int


@dataclass(frozen=True, slots=True, kw_only=True)
class WaitingForUser(PhaseEvent):
    """A locate phase began: the session holds until the user confirms they found the point."""


@dataclass(frozen=True, slots=True, kw_only=True)
class StepEvent(SessionEvent):
    step: PlannedStep

    @property
    def step_index(self) -> int:
        return self.step.index


@dataclass(frozen=True, slots=True, kw_only=True)
class StepStarted(StepEvent):
    pass


@dataclass(frozen=True, slots=True, kw_only=True)
class StepCompleted(StepEvent):
    pass


@dataclass(frozen=True, slots=True, kw_only=True)
class StepSkipped(StepEvent):
    pass


@dataclass(frozen=True, slots=True, kw_only=True)
class Paused(SessionEvent):
    reason: PauseReason


@dataclass(frozen=True, slots=True, kw_only=True)
class Resumed(SessionEvent):
    paused_s: float  # how long this pause lasted on the engine's clock


@dataclass(frozen=True, slots=True, kw_only=True)
class SuspendDetected(SessionEvent):
    """The machine slept ``gap_s`` seconds; ``planned_at`` is where the engine puts the start of the sleep."""

    gap_s: float


@dataclass(frozen=True, slots=True, kw_only=True)
class SessionCompleted(SessionEvent):
    pass


@dataclass(frozen=True, slots=True, kw_only=True)
class SessionStopped(SessionEvent):
    reason: str
    for_pain: bool
