"""Builds Plans by hand for engine tests: steps as lists of (kind, seconds)."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import accumulate

from sciatica_timer.core.plan import PhaseKind, Plan, PlannedPhase, PlannedStep, Side, StepKind

P = PhaseKind.PRESS
H = PhaseKind.HOLD
R = PhaseKind.RELEASE
B = PhaseKind.BREATHE
L = PhaseKind.LOCATE
A = PhaseKind.ACTIVITY
REST = PhaseKind.REST

StepSpec = Sequence[tuple[PhaseKind, float]]


def make_plan(*steps: StepSpec, routine_id: str = "test-routine") -> Plan:
    """One PlannedStep per argument; phase start offsets are the running sum of durations."""
    phases: list[PlannedPhase] = []
    planned_steps: list[PlannedStep] = []
    durations = [seconds for spec in steps for _, seconds in spec]
    starts = list(accumulate(durations, initial=0.0))
    for step_index, spec in enumerate(steps):
        first = len(phases)
        is_point = any(kind is L or kind is H for kind, _ in spec)
        for kind, seconds in spec:
            index = len(phases)
            phases.append(
                PlannedPhase(
                    index=index,
                    step_index=step_index,
                    kind=kind,
                    duration_s=seconds,
                    starts_at_s=starts[index],
                    point_code=f"P{step_index}" if is_point else None,
                    side=Side.LEFT if is_point else None,
                    title=f"{kind} {index}",
                )
            )
        planned_steps.append(
            PlannedStep(
                index=step_index,
                kind=StepKind.POINT if is_point else StepKind.REST,
                title=f"step {step_index}",
                first_phase=first,
                end_phase=len(phases),
                point_code=f"P{step_index}" if is_point else None,
            )
        )
    return Plan(routine_id, "Test routine", tuple(phases), tuple(planned_steps))


def point_step(
    repetitions: int,
    *,
    locate: bool = False,
    press: float = 5,
    hold: float = 30,
    release: float = 5,
    breathe: float = 10,
) -> list[tuple[PhaseKind, float]]:
    """A pressure-point step: optionally locate, then press, hold, release, breathe per repetition."""
    spec: list[tuple[PhaseKind, float]] = [(L, 0.0)] if locate else []
    for _ in range(repetitions):
        spec += [(P, press), (H, hold), (R, release), (B, breathe)]
    return spec


def thirty_minute_plan() -> Plan:
    """12 points x 3 repetitions x (5 + 30 + 5 + 10) s = 1800 s, with no locate waits."""
    return make_plan(*(point_step(3) for _ in range(12)))
