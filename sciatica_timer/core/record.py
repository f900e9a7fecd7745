"""What a session did, phase by phase: the record the engine hands to storage."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from sciatica_timer.core.plan import PhaseKind, Side


class SessionStatus(StrEnum):
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    STOPPED = "stopped"
    STOPPED_FOR_PAIN = "stopped_for_pain"
    INTERRUPTED = "interrupted"  # the process died mid-session; found at the next start


class PhaseOutcome(StrEnum):
    """How a phase ended."""

    DONE = "done"  # ran to its deadline, or a locate phase the user confirmed
    SKIPPED = "skipped"  # the user skipped it, or the rest of its step
    RESTARTED = "restarted"  # the user went back (restart step, previous step); it runs again in a new pass
    STOPPED = "stopped"  # the session was stopped during it


@dataclass(frozen=True, slots=True)
class PhaseRecord:
    """One phase as it happened. Seconds are session (active) seconds: pauses and suspends excluded.

    A phase the user went back over appears once per pass. ``skipped`` is True whenever ``outcome`` is not
    DONE; ``waited_s`` is the time a locate phase waited for the user (never part of ``actual_s``).
    """

    phase_index: int
    step_index: int
    kind: PhaseKind
    point_code: str | None
    side: Side | None
    repetition: int
    planned_s: float
    actual_s: float
    skipped: bool
    outcome: PhaseOutcome = PhaseOutcome.DONE
    waited_s: float = 0.0
    tenderness: int | None = None  # how sore the point felt, 0–10, when the person said so; None if not asked


@dataclass(slots=True)
class SessionRecord:
    routine_id: str
    routine_name: str
    status: SessionStatus = SessionStatus.IN_PROGRESS
    phases: list[PhaseRecord] = field(default_factory=list)
    active_s: float = 0.0
    paused_s: float = 0.0
    stop_reason: str | None = None
    waiting_s: float = 0.0  # time locate phases waited for the user: neither active nor paused
