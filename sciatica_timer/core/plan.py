"""A routine expanded into the ordered, timed phases a session walks through."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Side(StrEnum):
    """Which side of the body a phase works on. Midline points sit on the spine."""

    LEFT = "left"
    RIGHT = "right"
    MIDLINE = "midline"


class PhaseKind(StrEnum):
    PRESS = "press"  # build pressure up gently
    HOLD = "hold"  # steady, firm: a therapeutic ache, never sharp pain
    RELEASE = "release"  # ease off slowly
    BREATHE = "breathe"  # rest with paced breathing before the next repetition
    LOCATE = "locate"  # find the point; waits for the user to confirm
    ACTIVITY = "activity"  # a stretch, heat or cold, lying on a mat
    REST = "rest"


class StepKind(StrEnum):
    POINT = "point"
    ACTIVITY = "activity"
    REST = "rest"


@dataclass(frozen=True, slots=True)
class BreathingPattern:
    """Paced breathing: seconds in, then seconds out."""

    inhale_s: float = 4.0
    exhale_s: float = 6.0

    @property
    def cycle_s(self) -> float:
        return self.inhale_s + self.exhale_s


@dataclass(frozen=True, slots=True)
class PlannedPhase:
    """One timed phase of a session.

    ``starts_at_s`` is the offset from the session start if nothing is paused, skipped or waited for;
    a locate phase has ``duration_s == 0`` and waits for the user instead of a deadline.
    """

    index: int
    step_index: int
    kind: PhaseKind
    duration_s: float
    starts_at_s: float
    point_code: str | None = None
    side: Side | None = None
    repetition: int = 1
    repetitions: int = 1
    title: str = ""
    breathing: BreathingPattern | None = None

    @property
    def waits_for_user(self) -> bool:
        return self.kind is PhaseKind.LOCATE

    @property
    def ends_at_s(self) -> float:
        return self.starts_at_s + self.duration_s


@dataclass(frozen=True, slots=True)
class PlannedStep:
    """A routine step as a range of phases: ``phases[first_phase:end_phase]``."""

    index: int
    kind: StepKind
    title: str
    first_phase: int
    end_phase: int
    point_code: str | None = None
    instructions: str = (
        ""  # how to do the step (an activity's instructions, a rest's text), shown while it runs
    )


@dataclass(frozen=True, slots=True)
class Plan:
    routine_id: str
    routine_name: str
    phases: tuple[PlannedPhase, ...]
    steps: tuple[PlannedStep, ...]

    @property
    def total_s(self) -> float:
        """Timed length of the routine; waits at locate steps are not counted."""
        return sum(p.duration_s for p in self.phases)

    def step_of(self, phase_index: int) -> PlannedStep:
        return self.steps[self.phases[phase_index].step_index]
