"""Edits to a routine being changed in the editor, and its problems located field by field.

Every edit is a pure function from one Routine to the next, so undo is just keeping the one before. A draft
may break the rules while it is edited; ``draft_problems`` runs the one validator that also checks files
(``routines validate``) and says, for each problem, which step and field it is in and what is allowed there.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from sciatica_timer.core.i18n import N_, _
from sciatica_timer.core.json_shape import Bounds
from sciatica_timer.core.points import PointLibrary, PressurePoint
from sciatica_timer.core.routines import (
    ACTIVITY_INSTRUCTIONS_LENGTH,
    ACTIVITY_S,
    BREATH_S,
    BREATHE_S,
    HOLD_S,
    NAME_LENGTH,
    PRESS_S,
    RELEASE_S,
    REPETITIONS,
    REST_S,
    STEP_COUNT,
    TEXT_LENGTH,
    ActivityStep,
    PointStep,
    RestStep,
    Routine,
    RoutineError,
    Sides,
    Step,
    check_routine,
    expand,
)

ID_LENGTH = 64  # the longest id ID_PATTERN allows
NEW_ROUTINE_NAME = N_("New routine")
NEW_POINT_REPETITIONS = 3
NEW_ACTIVITY_TITLE = N_("New activity")
NEW_ACTIVITY_S = 60
NEW_REST_S = 30


class EditError(ValueError):
    """An edit that cannot apply to this routine (a step that is not there, a field it does not have)."""


# ----------------------------------------------------------------------------------------------------
# New things


def blank_routine(routine_id: str, name: str | None = None) -> Routine:
    """A routine with no steps yet: it becomes valid once it has one."""
    shown = _(NEW_ROUTINE_NAME) if name is None else name
    return Routine(id=routine_id, name=shown, description="", steps=())


def new_point_step(point: PressurePoint, *, locate_first: bool = False) -> PointStep:
    """Pressure on ``point`` with sensible timings: its usual hold, three rounds, on every side it has."""
    hold = min(max(round(point.hold_seconds), HOLD_S.minimum), int(HOLD_S.maximum))
    return PointStep(
        point_code=point.code,
        sides=Sides.BOTH if point.bilateral else Sides.MIDLINE,
        repetitions=NEW_POINT_REPETITIONS,
        hold_s=hold,
        locate_first=locate_first,
    )


def new_activity_step() -> ActivityStep:
    """An activity to fill in: its instructions are still empty, which the validator points out."""
    return ActivityStep(title=_(NEW_ACTIVITY_TITLE), instructions="", duration_s=NEW_ACTIVITY_S)


def new_rest_step() -> RestStep:
    return RestStep(duration_s=NEW_REST_S)


def copy_routine(routine: Routine, new_id: str, name: str) -> Routine:
    """The same steps under a new id and name, as the user's own routine."""
    return dataclasses.replace(routine, id=new_id, name=name, builtin=False)


# ----------------------------------------------------------------------------------------------------
# Ids and names


def slug(name: str) -> str:
    """An id made from a name: "Evening feet (mine)" -> "evening-feet-mine"; "routine" if nothing is left."""
    text = re.sub(r"[^a-z0-9]+", "-", name.casefold()).strip("-")
    return text[:ID_LENGTH].rstrip("-") or "routine"


def unique_id(name: str, taken: Collection[str]) -> str:
    """An id for ``name`` that no routine in ``taken`` has: "my-routine", then "my-routine-2", ..."""
    base = slug(name)
    if base not in taken:
        return base
    number = 2
    while True:
        ending = f"-{number}"
        candidate = base[: ID_LENGTH - len(ending)].rstrip("-") + ending
        if candidate not in taken:
            return candidate
        number += 1


def copy_name(name: str, taken: Collection[str]) -> str:
    """The name of a copy: "Full protocol (copy)", then "(copy 2)", ..., kept within the name's length."""
    number = 1
    while True:
        ending = " (copy)" if number == 1 else f" (copy {number})"
        candidate = name[: int(NAME_LENGTH.maximum) - len(ending)].rstrip() + ending
        if candidate not in taken:
            return candidate
        number += 1


# ----------------------------------------------------------------------------------------------------
# Edits


def rename(routine: Routine, name: str) -> Routine:
    return dataclasses.replace(routine, name=name)


def describe(routine: Routine, description: str) -> Routine:
    return dataclasses.replace(routine, description=description)


def _checked_index(routine: Routine, index: int, *, end: bool = False) -> int:
    last = len(routine.steps) if end else len(routine.steps) - 1
    if not 0 <= index <= last:
        raise EditError(
            _("there is no step {value}; the routine has {count}").format(
                value=index + 1, count=len(routine.steps)
            )
        )
    return index


def insert_step(routine: Routine, index: int, step: Step) -> Routine:
    """``step`` placed at ``index`` (``len(steps)`` adds it at the end)."""
    _checked_index(routine, index, end=True)
    steps = list(routine.steps)
    steps.insert(index, step)
    return dataclasses.replace(routine, steps=tuple(steps))


def remove_step(routine: Routine, index: int) -> Routine:
    _checked_index(routine, index)
    return dataclasses.replace(routine, steps=routine.steps[:index] + routine.steps[index + 1 :])


def move_step(routine: Routine, index: int, to: int) -> Routine:
    """The step at ``index`` moved so that it ends up at position ``to``."""
    _checked_index(routine, index)
    _checked_index(routine, to)
    steps = list(routine.steps)
    steps.insert(to, steps.pop(index))
    return dataclasses.replace(routine, steps=tuple(steps))


def replace_step(routine: Routine, index: int, step: Step) -> Routine:
    _checked_index(routine, index)
    steps = list(routine.steps)
    steps[index] = step
    return dataclasses.replace(routine, steps=tuple(steps))


def change_step(routine: Routine, index: int, field: str, value: object) -> Routine:
    """One field of one step changed: ``change_step(r, 2, "hold_s", 45)``."""
    step = routine.steps[_checked_index(routine, index)]
    names = {f.name for f in dataclasses.fields(step)}
    if field not in names:
        raise EditError(_("a {name} has no field {field!r}").format(name=type(step).__name__, field=field))
    changes: dict[str, Any] = {field: value}
    return replace_step(routine, index, dataclasses.replace(step, **changes))


def change_point(routine: Routine, index: int, point: PressurePoint) -> Routine:
    """Another point for a point step; its sides follow the point (a midline point has only the midline)."""
    step = routine.steps[_checked_index(routine, index)]
    if not isinstance(step, PointStep):
        raise EditError(_("step {value} is not a point step").format(value=index + 1))
    sides = step.sides
    if point.bilateral and sides is Sides.MIDLINE:
        sides = Sides.BOTH
    elif not point.bilateral:
        sides = Sides.MIDLINE
    return replace_step(routine, index, dataclasses.replace(step, point_code=point.code, sides=sides))


# ----------------------------------------------------------------------------------------------------
# Lengths


def step_lengths(routine: Routine, points: PointLibrary) -> tuple[int, ...]:
    """Timed seconds of each step (finding a point is not timed); agrees with ``Routine.duration_s``."""
    plan = expand(routine, points)
    return tuple(
        round(sum(phase.duration_s for phase in plan.phases[step.first_phase : step.end_phase]))
        for step in plan.steps
    )


# ----------------------------------------------------------------------------------------------------
# Problems, field by field


@dataclass(frozen=True, slots=True)
class FieldRule:
    """What a field is called on screen and what it may hold."""

    label: str
    bounds: Bounds | None = None
    unit: str = ""

    @property
    def allowed(self) -> str:
        """ "5–300 s", "1–80 characters"; "" for a field without a range (a point, the sides)."""
        if self.bounds is None:
            return ""
        high = self.bounds.maximum
        shown = f"{self.bounds.minimum}–{int(high) if float(high).is_integer() else high}"
        return f"{shown} {self.unit}".rstrip()


_TEXT = "characters"
ROUTINE_RULES = {
    "id": FieldRule("Id"),
    "name": FieldRule("Name", NAME_LENGTH, _TEXT),
    "description": FieldRule("Description", TEXT_LENGTH, _TEXT),
    "steps": FieldRule("Steps", STEP_COUNT, "steps"),
}
_BREATHING_RULES = {
    "breathing": FieldRule(N_("Paced breathing")),
    "breathing.inhale_s": FieldRule(N_("Breathe in"), BREATH_S, "s"),
    "breathing.exhale_s": FieldRule(N_("Breathe out"), BREATH_S, "s"),
}
STEP_RULES: dict[type[Step], dict[str, FieldRule]] = {
    PointStep: {
        "kind": FieldRule("Kind"),
        "point": FieldRule("Point"),
        "sides": FieldRule("Sides"),
        "repetitions": FieldRule("Rounds", REPETITIONS, N_("per side")),
        "press_s": FieldRule("Press", PRESS_S, "s"),
        "hold_s": FieldRule("Hold", HOLD_S, "s"),
        "release_s": FieldRule("Release", RELEASE_S, "s"),
        "breathe_s": FieldRule("Breathe", BREATHE_S, "s"),
        "locate_first": FieldRule(N_("Find the point first")),
        "instructions": FieldRule("Instructions", TEXT_LENGTH, _TEXT),
        **_BREATHING_RULES,
    },
    ActivityStep: {
        "kind": FieldRule("Kind"),
        "title": FieldRule("Title", NAME_LENGTH, _TEXT),
        "instructions": FieldRule("Instructions", ACTIVITY_INSTRUCTIONS_LENGTH, _TEXT),
        "duration_s": FieldRule("Length", ACTIVITY_S, "s"),
        **_BREATHING_RULES,
    },
    RestStep: {
        "kind": FieldRule("Kind"),
        "duration_s": FieldRule("Length", REST_S, "s"),
        "text": FieldRule("Text", TEXT_LENGTH, _TEXT),
    },
}

_STEP_PATH = re.compile(r"^steps\[(\d+)\]\.(.+)$")


@dataclass(frozen=True, slots=True)
class FieldProblem:
    """One problem of a draft, placed on the form: step (None for the routine itself) and field."""

    step: int | None
    field: str  # as in the file: "hold_s", "breathing.inhale_s", "name"
    message: str  # the validator's words: "900 is above the maximum 300"
    rule: FieldRule

    @property
    def text(self) -> str:
        """Shown under the field: "Hold: 900 is above the maximum 300 (allowed: 5–300 s)"."""
        allowed = f" (allowed: {self.rule.allowed})" if self.rule.allowed else ""
        return f"{_(self.rule.label)}: {self.message}{allowed}"

    def __str__(self) -> str:
        """The problem anywhere: "Step 3, hold: 900 is above the maximum 300 (allowed: 5–300 s)"."""
        if self.step is None:
            return self.text
        return f"Step {self.step + 1}, {self.text[:1].lower()}{self.text[1:]}"


def _rule(routine: Routine, step: int | None, field: str) -> FieldRule:
    if step is None:
        return ROUTINE_RULES.get(field, FieldRule(field))
    rules = STEP_RULES[type(routine.steps[step])] if step < len(routine.steps) else {}
    return rules.get(field, FieldRule(field))


def locate(routine: Routine, path: str, message: str) -> FieldProblem:
    """A validator problem at ``path`` ("steps[2].hold_s") as a FieldProblem of ``routine``."""
    match = _STEP_PATH.match(path)
    if match is None:
        return FieldProblem(None, path, message, _rule(routine, None, path))
    step, field = int(match.group(1)), match.group(2)
    return FieldProblem(step, field, message, _rule(routine, step, field))


def draft_problems(routine: Routine, points: PointLibrary) -> tuple[FieldProblem, ...]:
    """Everything that keeps ``routine`` from being saved, as ``routines validate`` would find it."""
    try:
        check_routine(routine, points, "draft")
    except RoutineError as error:
        return tuple(locate(routine, problem.path, problem.message) for problem in error.problems)
    return ()
