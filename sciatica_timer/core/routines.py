"""Routines: the steps a person follows, their validator, and their expansion into a timed plan.

A routine file is versioned JSON (see docs/routine-files.md). ``parse_routine`` checks it against the bounds
below and reports every problem with its place in the file; ``expand`` turns a routine into the phases a
session walks through.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from sciatica_timer.core.i18n import _
from sciatica_timer.core.json_shape import TOP_LEVEL, Bounds, Checker, got, place, show
from sciatica_timer.core.json_shape import Problem as Problem  # noqa: PLC0414 - re-exported: storage uses it
from sciatica_timer.core.plan import (
    BreathingPattern,
    PhaseKind,
    Plan,
    PlannedPhase,
    PlannedStep,
    Side,
    StepKind,
)
from sciatica_timer.core.points import PointLibrary
from sciatica_timer.errors import UserError

FORMAT_VERSION = 1


# The limits a routine file is held to. docs/routine-files.md and resources/routine.schema.json state the same
# numbers; a test keeps all three in step.
ID_PATTERN = r"^[a-z0-9][a-z0-9-]{0,63}$"
NAME_LENGTH = Bounds(1, 80)  # routine name and activity title: one line
TEXT_LENGTH = Bounds(0, 2000)  # description, point-step instructions, rest text: may span lines
ACTIVITY_INSTRUCTIONS_LENGTH = Bounds(1, 2000)  # an activity without instructions would be a bare timer
STEP_COUNT = Bounds(1, 100)
REPETITIONS = Bounds(1, 10)
PRESS_S = Bounds(0, 60)  # gradual build-up of pressure
HOLD_S = Bounds(5, 300)
RELEASE_S = Bounds(0, 60)
BREATHE_S = Bounds(0, 120)
ACTIVITY_S = Bounds(5, 3600)
REST_S = Bounds(5, 600)
BREATH_S = Bounds(1, 15)  # one inhale or one exhale; may have a fraction (5.5 s)

DEFAULT_PRESS_S = 5
DEFAULT_RELEASE_S = 5
DEFAULT_BREATHE_S = 10

# Field names in the file, in the order routine_to_dict writes them; a test compares them with the schema.
ROUTINE_FIELDS = ("format_version", "id", "name", "description", "steps")
ROUTINE_REQUIRED = ("format_version", "id", "name", "steps")
POINT_STEP_FIELDS = (
    "kind",
    "point",
    "sides",
    "repetitions",
    "press_s",
    "hold_s",
    "release_s",
    "breathe_s",
    "breathing",
    "locate_first",
    "instructions",
)
POINT_STEP_REQUIRED = ("kind", "point", "sides", "repetitions", "hold_s")
ACTIVITY_STEP_FIELDS = ("kind", "title", "instructions", "duration_s", "breathing")
ACTIVITY_STEP_REQUIRED = ("kind", "title", "instructions", "duration_s")
REST_STEP_FIELDS = ("kind", "duration_s", "text")
REST_STEP_REQUIRED = ("kind", "duration_s")
BREATHING_FIELDS = ("inhale_s", "exhale_s")
BREATHING_REQUIRED = ("inhale_s", "exhale_s")

_ID_RE = re.compile(ID_PATTERN.removeprefix("^").removesuffix("$"))


class Sides(StrEnum):
    """Which sides a point step works. ``both``: every repetition on the left, then every one on the right."""

    LEFT = "left"
    RIGHT = "right"
    BOTH = "both"
    MIDLINE = "midline"  # only for points on the spine's midline


_SIDE_ORDER: dict[Sides, tuple[Side, ...]] = {
    Sides.LEFT: (Side.LEFT,),
    Sides.RIGHT: (Side.RIGHT,),
    Sides.BOTH: (Side.LEFT, Side.RIGHT),
    Sides.MIDLINE: (Side.MIDLINE,),
}


@dataclass(frozen=True, slots=True)
class PointStep:
    """Pressure on one point: per side, ``repetitions`` × (press, hold, release, breathe)."""

    point_code: str
    sides: Sides
    repetitions: int
    hold_s: int
    press_s: int = DEFAULT_PRESS_S
    release_s: int = DEFAULT_RELEASE_S
    breathe_s: int = DEFAULT_BREATHE_S
    breathing: BreathingPattern | None = None
    locate_first: bool = False  # wait for the user to confirm they found the point, on each side
    instructions: str = ""  # how to reach the point here: a ball against the chair, a foot roller


@dataclass(frozen=True, slots=True)
class ActivityStep:
    """A timed activity: a stretch, heat or cold, lying on an acupressure mat."""

    title: str
    instructions: str
    duration_s: int
    breathing: BreathingPattern | None = None  # paced breathing while it runs


@dataclass(frozen=True, slots=True)
class RestStep:
    duration_s: int
    text: str = ""


Step = PointStep | ActivityStep | RestStep


@dataclass(frozen=True, slots=True)
class Routine:
    id: str
    name: str
    description: str
    steps: tuple[Step, ...]
    builtin: bool = False  # set by the loader for routines shipped with the app; never read from a file

    @property
    def duration_s(self) -> int:
        """Timed length in seconds; waiting for the user to find a point is not counted."""
        return sum(timing.duration_s for timing in _timings(self))


class RoutineError(UserError):
    """A routine file that cannot be used. ``str()`` gives one line per problem, each naming the file."""

    def __init__(self, problems: Sequence[Problem], source: str) -> None:
        self.problems = tuple(problems)
        self.source = source
        super().__init__(self.lines()[0] if self.problems else source)

    def lines(self) -> list[str]:
        return [f"{self.source}: {problem}" for problem in self.problems]

    def __str__(self) -> str:
        return "\n".join(self.lines())


# ----------------------------------------------------------------------------------------------------
# Expansion into a plan


@dataclass(frozen=True, slots=True)
class _Timing:
    step_index: int
    kind: PhaseKind
    duration_s: int
    side: Side | None = None
    repetition: int = 1
    repetitions: int = 1


def _timings(routine: Routine) -> Iterator[_Timing]:
    """The phases' timing without titles: ``Routine.duration_s`` and ``expand`` share it, so they agree.

    A breathe phase follows every repetition, including a step's last one: it is the time to switch side or
    move to the next point. Only at the very end of the routine is it left out: there it would be dead time.
    Phases of 0 s are left out; a locate phase (0 s, waits for the user) opens each side when asked for.
    """
    last_step = len(routine.steps) - 1
    for index, step in enumerate(routine.steps):
        if isinstance(step, ActivityStep):
            yield _Timing(index, PhaseKind.ACTIVITY, step.duration_s)
            continue
        if isinstance(step, RestStep):
            yield _Timing(index, PhaseKind.REST, step.duration_s)
            continue
        sides = _SIDE_ORDER[step.sides]
        for side_number, side in enumerate(sides, start=1):
            if step.locate_first:
                yield _Timing(index, PhaseKind.LOCATE, 0, side, 1, step.repetitions)
            for repetition in range(1, step.repetitions + 1):
                very_end = index == last_step and side_number == len(sides) and repetition == step.repetitions
                for kind, seconds in (
                    (PhaseKind.PRESS, step.press_s),
                    (PhaseKind.HOLD, step.hold_s),
                    (PhaseKind.RELEASE, step.release_s),
                    (PhaseKind.BREATHE, 0 if very_end else step.breathe_s),
                ):
                    if seconds > 0:
                        yield _Timing(index, kind, seconds, side, repetition, step.repetitions)


def step_title(step: Step, points: PointLibrary) -> str:
    """What a step is called on screen: the point's name, the activity's title, or "Rest"."""
    if isinstance(step, PointStep):
        return points.get(step.point_code).english_name
    if isinstance(step, ActivityStep):
        return step.title
    return "Rest"


def _step_instructions(step: Step) -> str:
    if isinstance(step, RestStep):
        return step.text
    return step.instructions


def expand(routine: Routine, points: PointLibrary, *, breathing: BreathingPattern | None = None) -> Plan:
    """The ordered, timed phases of ``routine``. ``Plan.total_s == routine.duration_s``.

    ``breathing`` (the person's default pattern) paces the breathe phases of a step that sets none.

    Raises KeyError for a point code ``points`` does not know (a validated routine never has one).
    """
    phases: list[PlannedPhase] = []
    starts_at = 0
    by_step: dict[int, list[int]] = {}
    for timing in _timings(routine):
        step = routine.steps[timing.step_index]
        by_step.setdefault(timing.step_index, []).append(len(phases))
        # The pattern paces every phase of its step (breathe slowly while pressing, too), but not the search.
        pattern = None
        if not isinstance(step, RestStep) and timing.kind is not PhaseKind.LOCATE:
            pattern = step.breathing
            if pattern is None and timing.kind is PhaseKind.BREATHE:
                pattern = breathing
        phases.append(
            PlannedPhase(
                index=len(phases),
                step_index=timing.step_index,
                kind=timing.kind,
                duration_s=float(timing.duration_s),
                starts_at_s=float(starts_at),
                point_code=step.point_code if isinstance(step, PointStep) else None,
                side=timing.side,
                repetition=timing.repetition,
                repetitions=timing.repetitions,
                title=step_title(step, points),
                breathing=pattern,
            )
        )
        starts_at += timing.duration_s
    steps = []
    end = 0
    for index, step in enumerate(routine.steps):
        # A validated step always has a timed phase; an unvalidated one built in code may have none.
        phase_indexes = by_step.get(index, [])
        first = phase_indexes[0] if phase_indexes else end
        end = phase_indexes[-1] + 1 if phase_indexes else end
        steps.append(
            PlannedStep(
                index=index,
                kind=_STEP_KINDS[type(step)],
                title=step_title(step, points),
                first_phase=first,
                end_phase=end,
                point_code=step.point_code if isinstance(step, PointStep) else None,
                instructions=_step_instructions(step),
            )
        )
    return Plan(routine_id=routine.id, routine_name=routine.name, phases=tuple(phases), steps=tuple(steps))


_STEP_KINDS: dict[type[Step], StepKind] = {
    PointStep: StepKind.POINT,
    ActivityStep: StepKind.ACTIVITY,
    RestStep: StepKind.REST,
}


# ----------------------------------------------------------------------------------------------------
# Writing


def _breathing_to_dict(pattern: BreathingPattern) -> dict[str, object]:
    return {"inhale_s": _plain_number(pattern.inhale_s), "exhale_s": _plain_number(pattern.exhale_s)}


def _plain_number(value: float) -> int | float:
    """4.0 as 4, so files read the way a person would write them."""
    return int(value) if float(value).is_integer() else value


def _step_to_dict(step: Step) -> dict[str, object]:
    out: dict[str, object]
    if isinstance(step, PointStep):
        out = {
            "kind": StepKind.POINT.value,
            "point": step.point_code,
            "sides": step.sides.value,
            "repetitions": step.repetitions,
            "press_s": step.press_s,
            "hold_s": step.hold_s,
            "release_s": step.release_s,
            "breathe_s": step.breathe_s,
        }
        if step.breathing is not None:
            out["breathing"] = _breathing_to_dict(step.breathing)
        out["locate_first"] = step.locate_first
        if step.instructions:
            out["instructions"] = step.instructions
        return out
    if isinstance(step, ActivityStep):
        out = {
            "kind": StepKind.ACTIVITY.value,
            "title": step.title,
            "instructions": step.instructions,
            "duration_s": step.duration_s,
        }
        if step.breathing is not None:
            out["breathing"] = _breathing_to_dict(step.breathing)
        return out
    out = {"kind": StepKind.REST.value, "duration_s": step.duration_s}
    if step.text:
        out["text"] = step.text
    return out


def routine_to_dict(routine: Routine) -> dict[str, object]:
    """The routine as the versioned JSON object ``parse_routine`` reads back (``builtin`` is not written)."""
    return {
        "format_version": FORMAT_VERSION,
        "id": routine.id,
        "name": routine.name,
        "description": routine.description,
        "steps": [_step_to_dict(step) for step in routine.steps],
    }


# ----------------------------------------------------------------------------------------------------
# Reading and validating


def _bad_character(text: str, allow_newlines: bool) -> str | None:
    for char in text:
        code = ord(char)
        if 0xD800 <= code <= 0xDFFF:
            return _("contains an invalid character (a lone surrogate U+{code})").format(code=f"{code:04X}")
        if code < 0x20 or 0x7F <= code < 0xA0:
            if allow_newlines and char in "\n\r\t":
                continue
            what = (
                _("a line break")
                if char in "\r\n"
                else _("a control character (U+{code})").format(code=f"{code:04X}")
            )
            if allow_newlines:
                return _("contains {what}").format(what=what)
            return _("must be one line; it contains {what}").format(what=what)
    return None


class _Checker(Checker):
    """Reads a routine. A field that is absent reads as its default: fields() has reported it if required."""

    def __init__(self, points: PointLibrary) -> None:
        super().__init__()
        self.points = points

    def whole_field(
        self, path: str, obj: Mapping[str, object], key: str, bounds: Bounds, default: int
    ) -> int:
        if key not in obj:
            return default
        value = obj[key]
        if isinstance(value, float) and math.isfinite(value) and value.is_integer():
            value = int(value)  # 30.0 is a whole number, as in JSON Schema
        whole = self.whole(place(path, key), value, bounds)
        return default if whole is None else whole

    def text_field(
        self, path: str, obj: Mapping[str, object], key: str, length: Bounds, *, one_line: bool
    ) -> str:
        if key not in obj:
            return ""
        where = place(path, key)
        text = self.text(where, obj[key], length)
        bad = _bad_character(text, allow_newlines=not one_line)
        if bad is not None:
            self.add(where, bad)
            return ""
        return text

    def breathing(self, path: str, obj: Mapping[str, object]) -> BreathingPattern | None:
        if "breathing" not in obj:
            return None
        where = place(path, "breathing")
        pattern = self.fields(
            where, obj["breathing"], BREATHING_FIELDS, BREATHING_REQUIRED, _("a breathing pattern")
        )
        if pattern is None:
            return None
        return BreathingPattern(
            inhale_s=self.breath(where, pattern, "inhale_s"),
            exhale_s=self.breath(where, pattern, "exhale_s"),
        )

    def breath(self, path: str, pattern: Mapping[str, object], key: str) -> float:
        """One inhale or exhale; when absent or wrong it reads as the shortest."""
        seconds = self.number(place(path, key), pattern[key], BREATH_S) if key in pattern else None
        return float(BREATH_S.minimum) if seconds is None else seconds

    # -- steps

    def step(self, path: str, value: object) -> Step | None:
        if not isinstance(value, Mapping):
            self.add(path, _("expected a step (a JSON object), got {got}").format(got=got(value)))
            return None
        if "kind" not in value:
            kinds = ", ".join(kind.value for kind in StepKind)
            self.add(
                place(path, "kind"), _("is missing; every step needs one of: {kinds}").format(kinds=kinds)
            )
            return None
        kind = self.choice(place(path, "kind"), value["kind"], StepKind)
        if kind is StepKind.POINT:
            return self.point_step(path, value)
        if kind is StepKind.ACTIVITY:
            return self.activity_step(path, value)
        if kind is StepKind.REST:
            return self.rest_step(path, value)
        return None  # an unknown kind: its other fields cannot be judged

    def point_step(self, path: str, value: object) -> PointStep | None:
        obj = self.fields(path, value, POINT_STEP_FIELDS, POINT_STEP_REQUIRED, _("a step"))
        if obj is None:
            return None
        code = self.point_code(path, obj)
        sides = self.choice(place(path, "sides"), obj["sides"], Sides) if "sides" in obj else None
        if code is not None and sides is not None:
            bilateral = self.points.get(code).bilateral
            if sides is Sides.MIDLINE and bilateral:
                self.add(
                    place(path, "sides"),
                    _(
                        "{code} is found on both sides of the body, not on the midline; "
                        "use left, right or both"
                    ).format(code=code),
                )
            elif sides is not Sides.MIDLINE and not bilateral:
                self.add(
                    place(path, "sides"), _('{code} lies on the midline; use "midline"').format(code=code)
                )
        return PointStep(
            point_code=code or "",
            sides=sides or Sides.BOTH,
            repetitions=self.whole_field(path, obj, "repetitions", REPETITIONS, REPETITIONS.minimum),
            press_s=self.whole_field(path, obj, "press_s", PRESS_S, DEFAULT_PRESS_S),
            hold_s=self.whole_field(path, obj, "hold_s", HOLD_S, HOLD_S.minimum),
            release_s=self.whole_field(path, obj, "release_s", RELEASE_S, DEFAULT_RELEASE_S),
            breathe_s=self.whole_field(path, obj, "breathe_s", BREATHE_S, DEFAULT_BREATHE_S),
            breathing=self.breathing(path, obj),
            locate_first=self.flag(place(path, "locate_first"), obj.get("locate_first", False)),
            instructions=self.text_field(path, obj, "instructions", TEXT_LENGTH, one_line=False),
        )

    def point_code(self, path: str, obj: Mapping[str, object]) -> str | None:
        if "point" not in obj:
            return None
        value = obj["point"]
        where = place(path, "point")
        if not isinstance(value, str):
            self.add(where, _("expected a point code such as BL23, got {got}").format(got=got(value)))
            return None
        if value not in self.points:
            known = ", ".join(self.points.codes())
            self.add(
                where,
                _("{value} is not a known point; known points: {known}").format(
                    value=show(value), known=known
                ),
            )
            return None
        return value

    def activity_step(self, path: str, value: object) -> ActivityStep | None:
        obj = self.fields(path, value, ACTIVITY_STEP_FIELDS, ACTIVITY_STEP_REQUIRED, _("a step"))
        if obj is None:
            return None
        return ActivityStep(
            title=self.text_field(path, obj, "title", NAME_LENGTH, one_line=True),
            instructions=self.text_field(
                path, obj, "instructions", ACTIVITY_INSTRUCTIONS_LENGTH, one_line=False
            ),
            duration_s=self.whole_field(path, obj, "duration_s", ACTIVITY_S, ACTIVITY_S.minimum),
            breathing=self.breathing(path, obj),
        )

    def rest_step(self, path: str, value: object) -> RestStep | None:
        obj = self.fields(path, value, REST_STEP_FIELDS, REST_STEP_REQUIRED, _("a step"))
        if obj is None:
            return None
        return RestStep(
            duration_s=self.whole_field(path, obj, "duration_s", REST_S, REST_S.minimum),
            text=self.text_field(path, obj, "text", TEXT_LENGTH, one_line=False),
        )

    # -- the whole routine

    def newer_format(self, data: object) -> bool:
        """True (and one problem) for a file from a newer version: its other fields cannot be judged here."""
        if not isinstance(data, Mapping):
            return False
        value = data.get("format_version")
        if isinstance(value, bool) or not isinstance(value, int) or value <= FORMAT_VERSION:
            return False
        self.add(
            "format_version",
            _(
                "{value}: this file was made by a newer version of Sciatica Timer "
                "(this version reads format {version}); update the app to use it"
            ).format(value=show(value), version=FORMAT_VERSION),
        )
        return True

    def format_version(self, obj: Mapping[str, object]) -> None:
        if "format_version" not in obj:
            return  # reported as missing by fields()
        value = obj["format_version"]
        if isinstance(value, bool) or not isinstance(value, int):
            self.add(
                "format_version",
                _("expected the number {version}, got {got}").format(version=FORMAT_VERSION, got=got(value)),
            )
        elif value != FORMAT_VERSION:
            self.add(
                "format_version",
                _("{value} is not a known format version; expected {version}").format(
                    value=show(value), version=FORMAT_VERSION
                ),
            )

    def routine_id(self, obj: Mapping[str, object]) -> str:
        if "id" not in obj:
            return ""
        value = obj["id"]
        if not isinstance(value, str):
            self.add("id", _("expected text, got {got}").format(got=got(value)))
            return ""
        if not is_valid_routine_id(value):
            self.add(
                "id",
                _(
                    "{value} is not a valid id: use 1 to 64 lowercase letters, digits and hyphens, "
                    "starting with a letter or digit"
                ).format(value=show(value)),
            )
            return ""
        return value

    def steps(self, obj: Mapping[str, object]) -> tuple[Step, ...]:
        if "steps" not in obj:
            return ()
        value = self.items("steps", obj["steps"], _("a list of steps"))
        if value is None:
            return ()
        if len(value) < STEP_COUNT.minimum:
            self.add("steps", _("must have at least one step"))
            return ()
        if len(value) > STEP_COUNT.maximum:
            self.add(
                "steps",
                _("has {count} steps; the maximum is {maximum}").format(
                    count=len(value), maximum=STEP_COUNT.maximum
                ),
            )
            return ()
        steps = (self.step(f"steps[{index}]", item) for index, item in enumerate(value))
        return tuple(step for step in steps if step is not None)

    def routine(self, data: object) -> Routine:
        if self.newer_format(data):
            return _NO_ROUTINE
        obj = self.fields(TOP_LEVEL, data, ROUTINE_FIELDS, ROUTINE_REQUIRED, _("a routine"))
        if obj is None:
            return _NO_ROUTINE
        self.format_version(obj)
        return Routine(
            id=self.routine_id(obj),
            name=self.text_field(TOP_LEVEL, obj, "name", NAME_LENGTH, one_line=True),
            description=self.text_field(TOP_LEVEL, obj, "description", TEXT_LENGTH, one_line=False),
            steps=self.steps(obj),
        )


def is_valid_routine_id(text: str) -> bool:
    """Whether ``text`` can be a routine id (and so, safely, a file name)."""
    return _ID_RE.fullmatch(text) is not None


_NO_ROUTINE = Routine(id="", name="", description="", steps=())


def parse_routine(data: object, points: PointLibrary, source: str) -> Routine:
    """A Routine from a decoded JSON value, or RoutineError listing every problem with its place.

    ``builtin`` is always False here; the loader of shipped routines sets it. A mapping with a
    ``duplicate_keys`` attribute (the file loader's JSON objects have one) gets those keys reported.
    """
    checker = _Checker(points)
    routine = checker.routine(data)
    if checker.problems:
        raise RoutineError(checker.problems, source)
    return routine


def check_routine(routine: Routine, points: PointLibrary, source: str) -> None:
    """Raise RoutineError if a routine built in code (an editor, a test) breaks the rules for files."""
    parse_routine(routine_to_dict(routine), points, source)
