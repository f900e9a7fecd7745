"""The routine model: the validator's messages and bounds, side rules, expansion into phases, the schema."""

from __future__ import annotations

import copy
import dataclasses
import json
import math
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sciatica_timer.core import routines as model
from sciatica_timer.core.plan import BreathingPattern, PhaseKind, Side, StepKind
from sciatica_timer.core.points import Laterality, MarkerPosition, PointLibrary
from sciatica_timer.core.routines import (
    ActivityStep,
    PointStep,
    Problem,
    RestStep,
    Routine,
    RoutineError,
    Sides,
    expand,
    parse_routine,
    routine_to_dict,
)
from sciatica_timer.errors import UserError
from sciatica_timer.storage.resources import load_point_library

SCHEMA_PATH = Path(__file__).parents[2] / "resources" / "routine.schema.json"


@pytest.fixture(scope="module")
def points() -> PointLibrary:
    """The shipped points plus a midline one (GV4): no shipped point sits on the midline yet."""
    shipped = load_point_library()
    midline = dataclasses.replace(
        shipped.get("BL23"),
        code="GV4",
        english_name="Gate of Life",
        laterality=Laterality.MIDLINE,
        markers={Side.MIDLINE: MarkerPosition(0, 0)},
    )
    return PointLibrary(points=(*shipped.points, midline), views=shipped.views)


def point_step(**fields: object) -> dict[str, object]:
    step: dict[str, object] = {
        "kind": "point",
        "point": "KD1",
        "sides": "both",
        "repetitions": 2,
        "hold_s": 30,
    }
    step.update(fields)
    return step


def routine_data(*steps: dict[str, object], **fields: object) -> dict[str, object]:
    data: dict[str, object] = {
        "format_version": 1,
        "id": "test-routine",
        "name": "Test routine",
        "steps": list(steps) or [point_step()],
    }
    data.update(fields)
    return data


def problems_of(data: object, points: Any) -> list[str]:
    with pytest.raises(RoutineError) as caught:
        parse_routine(data, points, "my.json")
    return [str(problem) for problem in caught.value.problems]


# ----------------------------------------------------------------------------------------------------
# Reading


def test_a_minimal_routine_reads_with_documented_defaults(points: Any) -> None:
    routine = parse_routine(routine_data(), points, "my.json")
    assert routine == Routine(
        id="test-routine",
        name="Test routine",
        description="",
        steps=(PointStep(point_code="KD1", sides=Sides.BOTH, repetitions=2, hold_s=30),),
    )
    step = routine.steps[0]
    assert isinstance(step, PointStep)
    assert (step.press_s, step.release_s, step.breathe_s, step.locate_first) == (5, 5, 10, False)
    assert routine.builtin is False


def test_every_step_kind_reads_and_writes_back_unchanged(points: Any) -> None:
    data = routine_data(
        point_step(
            sides="left",
            press_s=0,
            release_s=7,
            breathe_s=0,
            breathing={"inhale_s": 5.5, "exhale_s": 5.5},
            locate_first=True,
            instructions="Thumb in the hollow.\nPress firmly.",
        ),
        {"kind": "activity", "title": "Cat-cow", "instructions": "Slowly.", "duration_s": 90},
        {"kind": "rest", "duration_s": 20, "text": "Breathe."},
        description="Two lines\nof description.",
    )
    routine = parse_routine(data, points, "my.json")
    assert routine.steps == (
        PointStep(
            point_code="KD1",
            sides=Sides.LEFT,
            repetitions=2,
            hold_s=30,
            press_s=0,
            release_s=7,
            breathe_s=0,
            breathing=BreathingPattern(5.5, 5.5),
            locate_first=True,
            instructions="Thumb in the hollow.\nPress firmly.",
        ),
        ActivityStep(title="Cat-cow", instructions="Slowly.", duration_s=90),
        RestStep(duration_s=20, text="Breathe."),
    )
    written = routine_to_dict(routine)
    assert written["format_version"] == 1
    assert list(written) == list(model.ROUTINE_FIELDS)
    assert parse_routine(json.loads(json.dumps(written)), points, "again.json") == routine


def test_whole_number_written_as_float_is_accepted(points: Any) -> None:
    routine = parse_routine(routine_data(point_step(hold_s=30.0)), points, "my.json")
    step = routine.steps[0]
    assert isinstance(step, PointStep)
    assert step.hold_s == 30
    assert type(step.hold_s) is int


def test_error_text_names_file_place_and_problem(points: Any) -> None:
    data = routine_data(point_step(), point_step(), point_step(hold_s=900))
    with pytest.raises(RoutineError) as caught:
        parse_routine(data, points, "my.json")
    assert str(caught.value) == "my.json: steps[2].hold_s: 900 is above the maximum 300"
    assert isinstance(caught.value, UserError)
    assert caught.value.problems == (Problem("steps[2].hold_s", "900 is above the maximum 300"),)


def test_all_problems_are_reported_in_file_order(points: Any) -> None:
    data = routine_data(
        point_step(hold_s=1, repetitions=0),
        {"kind": "rest", "duration_s": 1},
        name="",
        id="Bad Id",
    )
    assert problems_of(data, points) == [
        (
            'id: "Bad Id" is not a valid id: use 1 to 64 lowercase letters, digits and hyphens, '
            "starting with a letter or digit"
        ),
        "name: must not be empty",
        "steps[0].repetitions: 0 is below the minimum 1",
        "steps[0].hold_s: 1 is below the minimum 5",
        "steps[1].duration_s: 1 is below the minimum 5",
    ]
    with pytest.raises(RoutineError) as caught:
        parse_routine(data, points, "my.json")
    assert str(caught.value).splitlines()[0].startswith("my.json: id: ")
    assert len(str(caught.value).splitlines()) == 5


# Each bound: how to set the value, its path, its ends. Just outside an end gives the exact message.
def _set_step(key: str) -> Any:
    def change(value: object) -> dict[str, object]:
        return routine_data(point_step(**{key: value}))

    return change


def _set_breathing(key: str) -> Any:
    def change(value: object) -> dict[str, object]:
        breathing = {"inhale_s": 4, "exhale_s": 6, key: value}
        return routine_data(point_step(breathing=breathing))

    return change


def _set_activity(value: object) -> dict[str, object]:
    return routine_data(
        {"kind": "activity", "title": "Stretch", "instructions": "Gently.", "duration_s": value}
    )


def _set_rest(value: object) -> dict[str, object]:
    return routine_data({"kind": "rest", "duration_s": value})


NUMBER_BOUNDS = [
    pytest.param(_set_step("hold_s"), "steps[0].hold_s", 5, 300, id="hold"),
    pytest.param(_set_step("press_s"), "steps[0].press_s", 0, 60, id="press"),
    pytest.param(_set_step("release_s"), "steps[0].release_s", 0, 60, id="release"),
    pytest.param(_set_step("breathe_s"), "steps[0].breathe_s", 0, 120, id="breathe"),
    pytest.param(_set_step("repetitions"), "steps[0].repetitions", 1, 10, id="repetitions"),
    pytest.param(_set_activity, "steps[0].duration_s", 5, 3600, id="activity"),
    pytest.param(_set_rest, "steps[0].duration_s", 5, 600, id="rest"),
    pytest.param(_set_breathing("inhale_s"), "steps[0].breathing.inhale_s", 1, 15, id="inhale"),
    pytest.param(_set_breathing("exhale_s"), "steps[0].breathing.exhale_s", 1, 15, id="exhale"),
]


@pytest.mark.parametrize(("change", "path", "low", "high"), NUMBER_BOUNDS)
def test_number_bounds(change: Any, path: str, low: int, high: int, points: Any) -> None:
    parse_routine(change(low), points, "my.json")
    parse_routine(change(high), points, "my.json")
    assert problems_of(change(low - 1), points) == [f"{path}: {low - 1} is below the minimum {low}"]
    assert problems_of(change(high + 1), points) == [f"{path}: {high + 1} is above the maximum {high}"]


def test_the_bounds_in_the_tests_are_the_model_constants() -> None:
    """The table above is written out by hand; this catches a constant changed without meaning to."""
    assert [(b.minimum, b.maximum) for b in (model.HOLD_S, model.PRESS_S, model.RELEASE_S)] == [
        (5, 300),
        (0, 60),
        (0, 60),
    ]
    assert (model.BREATHE_S.minimum, model.BREATHE_S.maximum) == (0, 120)
    assert (model.REPETITIONS.minimum, model.REPETITIONS.maximum) == (1, 10)
    assert (model.ACTIVITY_S.minimum, model.ACTIVITY_S.maximum) == (5, 3600)
    assert (model.REST_S.minimum, model.REST_S.maximum) == (5, 600)
    assert (model.BREATH_S.minimum, model.BREATH_S.maximum) == (1, 15)
    assert (model.NAME_LENGTH.minimum, model.NAME_LENGTH.maximum) == (1, 80)
    assert model.TEXT_LENGTH.maximum == 2000
    assert (model.STEP_COUNT.minimum, model.STEP_COUNT.maximum) == (1, 100)


def test_breathing_may_have_a_fraction(points: Any) -> None:
    routine = parse_routine(_set_breathing("inhale_s")(1.5), points, "my.json")
    step = routine.steps[0]
    assert isinstance(step, PointStep)
    assert step.breathing == BreathingPattern(1.5, 6)
    assert problems_of(_set_breathing("exhale_s")(0.5), points) == [
        "steps[0].breathing.exhale_s: 0.5 is below the minimum 1"
    ]


TEXT_BOUNDS = [
    pytest.param(lambda text: routine_data(name=text), "name", 80, id="name"),
    pytest.param(lambda text: routine_data(description=text), "description", 2000, id="description"),
    pytest.param(
        lambda text: routine_data({"kind": "activity", "title": text, "instructions": "x", "duration_s": 60}),
        "steps[0].title",
        80,
        id="title",
    ),
    pytest.param(
        lambda text: routine_data({"kind": "activity", "title": "t", "instructions": text, "duration_s": 60}),
        "steps[0].instructions",
        2000,
        id="activity-instructions",
    ),
    pytest.param(
        lambda text: routine_data(point_step(instructions=text)), "steps[0].instructions", 2000, id="point"
    ),
    pytest.param(
        lambda text: routine_data({"kind": "rest", "duration_s": 10, "text": text}),
        "steps[0].text",
        2000,
        id="rest",
    ),
]


@pytest.mark.parametrize(("change", "path", "longest"), TEXT_BOUNDS)
def test_text_lengths(change: Any, path: str, longest: int, points: Any) -> None:
    parse_routine(change("é" * longest), points, "my.json")  # characters, not bytes
    assert problems_of(change("a" * (longest + 1)), points) == [
        f"{path}: is too long: {longest + 1} characters; the maximum is {longest}"
    ]


def test_required_text_must_not_be_blank(points: Any) -> None:
    assert problems_of(routine_data(name="   "), points) == ["name: must not be empty"]
    activity = {"kind": "activity", "title": "Stretch", "instructions": "", "duration_s": 60}
    assert problems_of(routine_data(activity), points) == ["steps[0].instructions: must not be empty"]
    parse_routine(routine_data(description=""), points, "my.json")


def test_one_line_fields_refuse_line_breaks_and_text_refuses_bad_characters(points: Any) -> None:
    assert problems_of(routine_data(name="Two\nlines"), points) == [
        "name: must be one line; it contains a line break"
    ]
    assert problems_of(routine_data(description="bell\x07"), points) == [
        "description: contains a control character (U+0007)"
    ]
    assert problems_of(routine_data(description="half \ud800"), points) == [
        "description: contains an invalid character (a lone surrogate U+D800)"
    ]


def test_step_count_bounds(points: Any) -> None:
    parse_routine(routine_data(*[point_step()] * 100), points, "my.json")
    assert problems_of(routine_data(steps=[point_step()] * 101), points) == [
        "steps: has 101 steps; the maximum is 100"
    ]
    assert problems_of(routine_data(steps=[]), points) == ["steps: must have at least one step"]


@pytest.mark.parametrize("good", ["a", "0", "full-protocol", "a-", "x" * 64, "a" + "-" * 63])
def test_valid_ids(good: str, points: Any) -> None:
    assert parse_routine(routine_data(id=good), points, "my.json").id == good


@pytest.mark.parametrize("bad", ["", "-a", "A", "x" * 65, "a_b", "a b", "../etc", "a\n", "é"])
def test_invalid_ids(bad: str, points: Any) -> None:
    (problem,) = problems_of(routine_data(id=bad), points)
    assert problem.startswith(f"id: {json.dumps(bad, ensure_ascii=False)} is not a valid id")


def test_unknown_fields_are_errors_not_silently_dropped(points: Any) -> None:
    data = routine_data(point_step(hodl_s=30), colour="blue")
    assert problems_of(data, points) == [
        "colour: unknown field; expected one of: format_version, id, name, description, steps",
        (
            "steps[0].hodl_s: unknown field; expected one of: kind, point, sides, repetitions, press_s, "
            "hold_s, release_s, breathe_s, breathing, locate_first, instructions"
        ),
    ]


def test_odd_field_names_are_quoted_in_the_location(points: Any) -> None:
    assert problems_of(routine_data(**{"a b\n": 1}), points) == [
        '["a b\\n"]: unknown field; expected one of: format_version, id, name, description, steps'
    ]


def test_missing_fields(points: Any) -> None:
    assert problems_of({"format_version": 1}, points) == [
        "id: is missing",
        "name: is missing",
        "steps: is missing",
    ]
    assert problems_of(routine_data({"kind": "point"}), points) == [
        "steps[0].point: is missing",
        "steps[0].sides: is missing",
        "steps[0].repetitions: is missing",
        "steps[0].hold_s: is missing",
    ]
    assert problems_of(routine_data({"duration_s": 10}), points) == [
        "steps[0].kind: is missing; every step needs one of: point, activity, rest"
    ]
    assert problems_of(routine_data(point_step(breathing={"inhale_s": 4})), points) == [
        "steps[0].breathing.exhale_s: is missing"
    ]


def test_unknown_point_lists_the_known_ones(points: Any) -> None:
    (problem,) = problems_of(routine_data(point_step(point="BL99")), points)
    known = ", ".join(points.codes())
    assert problem == f'steps[0].point: "BL99" is not a known point; known points: {known}'
    assert "KD1" in known


def test_unknown_step_kind_and_sides(points: Any) -> None:
    assert problems_of(routine_data({"kind": "massage", "duration_s": 10}), points) == [
        'steps[0].kind: "massage" is not one of: point, activity, rest'
    ]
    assert problems_of(routine_data(point_step(sides="Left")), points) == [
        'steps[0].sides: "Left" is not one of: left, right, both, midline'
    ]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (True, "expected a whole number, got true"),
        ("30", 'expected a whole number, got text ("30")'),
        (None, "expected a whole number, got null"),
        ([30], "expected a whole number, got a list"),
        ({"s": 30}, "expected a whole number, got an object"),
        (30.5, "expected a whole number, got 30.5"),
        (math.nan, "is not a number (NaN)"),
        (math.inf, "inf is not a finite number"),
        (-math.inf, "-inf is not a finite number"),
        pytest.param(10**5000, "a number too large to show is above the maximum 300", id="huge"),
        pytest.param(-(10**5000), "a number too large to show is below the minimum 5", id="huge-negative"),
        (1e300, "a number too large to show is above the maximum 300"),
    ],
)
def test_wrong_types_and_odd_numbers_are_problems(value: object, message: str, points: Any) -> None:
    assert problems_of(routine_data(point_step(hold_s=value)), points) == [f"steps[0].hold_s: {message}"]


def test_flags_and_breathing_types(points: Any) -> None:
    assert problems_of(routine_data(point_step(locate_first=1)), points) == [
        "steps[0].locate_first: expected true or false, got 1"
    ]
    assert problems_of(routine_data(point_step(breathing=[4, 6])), points) == [
        "steps[0].breathing: expected a breathing pattern (a JSON object), got a list"
    ]
    assert problems_of(routine_data(point_step(breathing={"inhale_s": True, "exhale_s": "6"})), points) == [
        "steps[0].breathing.inhale_s: expected a number, got true",
        'steps[0].breathing.exhale_s: expected a number, got text ("6")',
    ]


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        ([], "top level: expected a routine (a JSON object), got a list"),
        ("routine", 'top level: expected a routine (a JSON object), got text ("routine")'),
        (None, "top level: expected a routine (a JSON object), got null"),
        (routine_data(steps={"0": point_step()}), "steps: expected a list of steps, got an object"),
        (routine_data(steps=[3]), "steps[0]: expected a step (a JSON object), got 3"),
        (routine_data(id=7), "id: expected text, got 7"),
        (routine_data(name=["x"]), "name: expected text, got a list"),
        (routine_data(point_step(point=23)), "steps[0].point: expected a point code such as BL23, got 23"),
    ],
)
def test_wrong_shapes(data: object, problem: str, points: Any) -> None:
    assert problems_of(data, points) == [problem]


def test_non_text_field_names_are_problems(points: Any) -> None:
    data: dict[object, object] = {}
    data.update(routine_data())
    data[3] = "x"
    assert problems_of(data, points) == ["top level: has a field name that is not text: 3"]


def test_format_version_problems(points: Any) -> None:
    data = routine_data()
    del data["format_version"]
    assert problems_of(data, points) == ["format_version: is missing"]
    assert problems_of(routine_data(format_version=0), points) == [
        "format_version: 0 is not a known format version; expected 1"
    ]
    assert problems_of(routine_data(format_version="1"), points) == [
        'format_version: expected the number 1, got text ("1")'
    ]
    assert problems_of(routine_data(format_version=True), points) == [
        "format_version: expected the number 1, got true"
    ]


def test_a_newer_format_is_reported_alone(points: Any) -> None:
    """Fields of a newer format are not errors of this one: only say that the file is newer."""
    data = routine_data(format_version=2, new_field=True, steps="changed")
    assert problems_of(data, points) == [
        (
            "format_version: 2: this file was made by a newer version of Sciatica Timer "
            "(this version reads format 1); update the app to use it"
        )
    ]


# ----------------------------------------------------------------------------------------------------
# Sides


def test_sides_follow_the_point(points: Any) -> None:
    for sides in ("left", "right", "both"):
        parse_routine(routine_data(point_step(sides=sides)), points, "my.json")
    parse_routine(routine_data(point_step(point="GV4", sides="midline")), points, "my.json")
    assert problems_of(routine_data(point_step(sides="midline")), points) == [
        "steps[0].sides: KD1 is found on both sides of the body, not on the midline; use left, right or both"
    ]
    for sides in ("left", "right", "both"):
        assert problems_of(routine_data(point_step(point="GV4", sides=sides)), points) == [
            'steps[0].sides: GV4 lies on the midline; use "midline"'
        ]


# ----------------------------------------------------------------------------------------------------
# Expansion


def phase_rows(routine: Routine, points: Any) -> list[tuple[object, ...]]:
    return [
        (
            p.step_index,
            p.kind.value,
            p.side.value if p.side else None,
            p.repetition,
            p.duration_s,
            p.starts_at_s,
        )
        for p in expand(routine, points).phases
    ]


def test_both_sides_work_every_repetition_on_the_left_then_on_the_right(points: Any) -> None:
    routine = parse_routine(
        routine_data(
            point_step(press_s=2, hold_s=10, release_s=3, breathe_s=4, locate_first=True),
            {"kind": "rest", "duration_s": 6},
        ),
        points,
        "my.json",
    )
    assert phase_rows(routine, points) == [
        (0, "locate", "left", 1, 0, 0),
        (0, "press", "left", 1, 2, 0),
        (0, "hold", "left", 1, 10, 2),
        (0, "release", "left", 1, 3, 12),
        (0, "breathe", "left", 1, 4, 15),
        (0, "press", "left", 2, 2, 19),
        (0, "hold", "left", 2, 10, 21),
        (0, "release", "left", 2, 3, 31),
        (0, "breathe", "left", 2, 4, 34),
        (0, "locate", "right", 1, 0, 38),
        (0, "press", "right", 1, 2, 38),
        (0, "hold", "right", 1, 10, 40),
        (0, "release", "right", 1, 3, 50),
        (0, "breathe", "right", 1, 4, 53),
        (0, "press", "right", 2, 2, 57),
        (0, "hold", "right", 2, 10, 59),
        (0, "release", "right", 2, 3, 69),
        (0, "breathe", "right", 2, 4, 72),  # kept: time to move on to the next step
        (1, "rest", None, 1, 6, 76),
    ]
    assert routine.duration_s == 82
    plan = expand(routine, points)
    assert plan.total_s == 82
    assert all(phase.repetitions == 2 for phase in plan.phases[:18])
    assert [phase.index for phase in plan.phases] == list(range(19))
    assert plan.phases[0].waits_for_user
    assert not plan.phases[1].waits_for_user


def test_the_breathe_after_the_very_last_repetition_is_left_out(points: Any) -> None:
    routine = parse_routine(
        routine_data(point_step(sides="right", repetitions=1, press_s=0, release_s=0, breathe_s=9)),
        points,
        "my.json",
    )
    assert phase_rows(routine, points) == [(0, "hold", "right", 1, 30, 0)]
    assert routine.duration_s == 30


def test_zero_second_phases_are_skipped_and_midline_is_one_pass(points: Any) -> None:
    routine = parse_routine(
        routine_data(
            point_step(
                point="GV4", sides="midline", repetitions=2, press_s=0, hold_s=5, release_s=0, breathe_s=3
            ),
            {"kind": "activity", "title": "Cat-cow", "instructions": "Slowly.", "duration_s": 60},
        ),
        points,
        "my.json",
    )
    assert phase_rows(routine, points) == [
        (0, "hold", "midline", 1, 5, 0),
        (0, "breathe", "midline", 1, 3, 5),
        (0, "hold", "midline", 2, 5, 8),
        (0, "breathe", "midline", 2, 3, 13),
        (1, "activity", None, 1, 60, 16),
    ]


def test_plan_titles_steps_and_breathing(points: Any) -> None:
    pattern = {"inhale_s": 4, "exhale_s": 6}
    routine = parse_routine(
        routine_data(
            point_step(
                sides="left", repetitions=1, locate_first=True, breathing=pattern, instructions="Thumb."
            ),
            {
                "kind": "activity",
                "title": "Mat",
                "instructions": "Lie down.",
                "duration_s": 60,
                "breathing": pattern,
            },
            {"kind": "rest", "duration_s": 10, "text": "Pause."},
        ),
        points,
        "my.json",
    )
    plan = expand(routine, points)
    kd1_name = points.get("KD1").english_name
    assert (plan.routine_id, plan.routine_name) == ("test-routine", "Test routine")
    assert [
        (s.index, s.kind, s.title, s.first_phase, s.end_phase, s.point_code, s.instructions)
        for s in plan.steps
    ] == [
        (0, StepKind.POINT, kd1_name, 0, 5, "KD1", "Thumb."),
        (1, StepKind.ACTIVITY, "Mat", 5, 6, None, "Lie down."),
        (2, StepKind.REST, "Rest", 6, 7, None, "Pause."),
    ]
    assert [p.title for p in plan.phases] == [kd1_name] * 5 + ["Mat", "Rest"]
    assert [p.point_code for p in plan.phases] == ["KD1"] * 5 + [None, None]
    breathing = BreathingPattern(4, 6)
    assert [p.breathing for p in plan.phases] == [None] + [breathing] * 4 + [breathing, None]
    assert plan.phases[0].kind is PhaseKind.LOCATE
    assert plan.phases[1].side is Side.LEFT
    assert plan.step_of(6).kind is StepKind.REST


def test_expand_refuses_a_point_the_library_does_not_know(points: Any) -> None:
    routine = Routine("r", "R", "", (PointStep("XX9", Sides.LEFT, 1, 10),))
    with pytest.raises(KeyError):
        expand(routine, points)
    with pytest.raises(RoutineError, match=r'^code: steps\[0\]\.point: "XX9" is not a known point'):
        model.check_routine(routine, points, "code")


# ----------------------------------------------------------------------------------------------------
# Properties


texts = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cc", "Cs")), min_size=1, max_size=20
).filter(str.strip)
breathings = st.none() | st.builds(
    BreathingPattern,
    inhale_s=st.sampled_from([1, 2.5, 4, 15]),
    exhale_s=st.sampled_from([1, 6, 7.5, 15]),
)


def point_steps() -> st.SearchStrategy[PointStep]:
    return st.builds(
        PointStep,
        point_code=st.sampled_from(["KD1", "BL23"]),
        sides=st.sampled_from([Sides.LEFT, Sides.RIGHT, Sides.BOTH]),
        repetitions=st.integers(1, 10),
        hold_s=st.integers(5, 300),
        press_s=st.integers(0, 60),
        release_s=st.integers(0, 60),
        breathe_s=st.integers(0, 120),
        breathing=breathings,
        locate_first=st.booleans(),
        instructions=st.just("") | texts,
    ) | st.builds(
        PointStep,
        point_code=st.just("GV4"),
        sides=st.just(Sides.MIDLINE),
        repetitions=st.integers(1, 10),
        hold_s=st.integers(5, 300),
    )


steps = st.one_of(
    point_steps(),
    st.builds(
        ActivityStep, title=texts, instructions=texts, duration_s=st.integers(5, 3600), breathing=breathings
    ),
    st.builds(RestStep, duration_s=st.integers(5, 600), text=st.just("") | texts),
)
routines = st.builds(
    Routine,
    id=st.from_regex(r"[a-z0-9][a-z0-9-]{0,63}", fullmatch=True),
    name=texts,
    description=st.just("") | texts,
    steps=st.lists(steps, min_size=1, max_size=8).map(tuple),
)


@given(routine=routines)
@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_any_valid_routine_survives_a_round_trip_and_its_plan_adds_up(routine: Routine, points: Any) -> None:
    data = json.loads(json.dumps(routine_to_dict(routine)))
    assert parse_routine(data, points, "x.json") == routine
    plan = expand(routine, points)
    assert plan.total_s == routine.duration_s
    assert all(p.duration_s > 0 or p.kind is PhaseKind.LOCATE for p in plan.phases)
    ends = [p.starts_at_s + p.duration_s for p in plan.phases]
    assert [p.starts_at_s for p in plan.phases[1:]] == ends[:-1]
    assert [s.first_phase for s in plan.steps[1:]] == [s.end_phase for s in plan.steps[:-1]]
    assert validate_against_schema(data, load_schema()) == []


json_scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text(max_size=10)
    | st.sampled_from(["point", "activity", "rest", "KD1", "GV4", "both", "midline", "left"])
)
json_values = st.recursive(
    json_scalars,
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from([*model.POINT_STEP_FIELDS, *model.ROUTINE_FIELDS, "duration_s", "title", "x"])
            | st.text(),
            children,
            max_size=5,
        )
    ),
    max_leaves=30,
)


def assert_parses_or_reports_places(data: object, points: Any) -> None:
    """A Routine, or a RoutineError whose every problem has a place and a one-line message; nothing else."""
    problems: tuple[Problem, ...] = ()
    try:
        parse_routine(data, points, "fuzz.json")
    except RoutineError as exc:
        problems = exc.problems or (Problem("", "a RoutineError without problems"),)
    for problem in problems:
        assert problem.path
        assert problem.message
        assert "\n" not in str(problem)


@given(data=json_values)
@settings(max_examples=300, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_any_json_value_gives_a_routine_or_located_problems(data: object, points: Any) -> None:
    assert_parses_or_reports_places(data, points)


def mutate(data: Any, draw: Any) -> Any:
    """Replace, delete or add one thing somewhere inside a valid routine."""
    target = data
    while isinstance(target, dict | list) and target and draw(st.booleans()):
        key = draw(st.sampled_from(sorted(target) if isinstance(target, dict) else range(len(target))))
        if not isinstance(target[key], dict | list):
            break
        target = target[key]
    if isinstance(target, dict) and target:
        key = draw(st.sampled_from(sorted(target)))
        action = draw(st.sampled_from(["replace", "delete", "add"]))
        if action == "replace":
            target[key] = draw(json_values)
        elif action == "delete":
            del target[key]
        else:
            target[draw(st.text(max_size=8))] = draw(json_values)
    elif isinstance(target, list) and target:
        target[draw(st.integers(0, len(target) - 1))] = draw(json_values)
    return data


@given(routine=routines, data=st.data())
@settings(max_examples=300, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_mutated_routines_give_a_routine_or_located_problems(
    routine: Routine, data: Any, points: Any
) -> None:
    mutated = mutate(copy.deepcopy(routine_to_dict(routine)), data.draw)
    assert_parses_or_reports_places(mutated, points)


def test_deep_nesting_in_data_is_just_a_wrong_type(points: Any) -> None:
    deep: object = 1
    for _ in range(50_000):
        deep = [deep]
    assert problems_of(routine_data(point_step(hold_s=deep)), points) == [
        "steps[0].hold_s: expected a whole number, got a list"
    ]


# ----------------------------------------------------------------------------------------------------
# The JSON Schema stays in step with the model


def load_schema() -> dict[str, Any]:
    schema: dict[str, Any] = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return schema


def validate_against_schema(
    value: object, schema: dict[str, Any], root: dict[str, Any] | None = None
) -> list[str]:
    """A small JSON Schema checker for the keywords routine.schema.json uses; returns what fails."""
    root = root or schema
    if "$ref" in schema:
        name = schema["$ref"].removeprefix("#/$defs/")
        return validate_against_schema(value, root["$defs"][name], root)
    failures: list[str] = []
    if "oneOf" in schema:
        matching = [sub for sub in schema["oneOf"] if not validate_against_schema(value, sub, root)]
        if len(matching) != 1:
            failures.append(f"oneOf matched {len(matching)}")
    if "const" in schema and (
        value != schema["const"] or isinstance(value, bool) != isinstance(schema["const"], bool)
    ):
        failures.append("const")
    if "enum" in schema and value not in schema["enum"]:
        failures.append("enum")
    kind = schema.get("type")
    is_number = isinstance(value, int | float) and not isinstance(value, bool)
    type_ok = {
        None: True,
        "object": isinstance(value, dict),
        "array": isinstance(value, list),
        "string": isinstance(value, str),
        "boolean": isinstance(value, bool),
        "number": is_number,
        "integer": isinstance(value, int | float) and is_number and float(value).is_integer(),
    }[kind]
    if not type_ok:
        return [*failures, f"type {kind}"]
    if isinstance(value, dict):
        for key in schema.get("required", []):
            if key not in value:
                failures.append(f"required {key}")
        properties = schema.get("properties", {})
        for key, item in value.items():
            if key in properties:
                failures += [f"{key}: {f}" for f in validate_against_schema(item, properties[key], root)]
            elif schema.get("additionalProperties") is False:
                failures.append(f"additional {key}")
    if isinstance(value, list):
        if len(value) < schema.get("minItems", 0) or len(value) > schema.get("maxItems", math.inf):
            failures.append("items count")
        for index, item in enumerate(value):
            failures += [
                f"[{index}]: {f}" for f in validate_against_schema(item, schema.get("items", {}), root)
            ]
    if isinstance(value, str):
        if len(value) < schema.get("minLength", 0) or len(value) > schema.get("maxLength", math.inf):
            failures.append("length")
        if "pattern" in schema and not re.search(schema["pattern"], value):
            failures.append("pattern")
    if (
        isinstance(value, int | float)
        and is_number
        and not schema.get("minimum", -math.inf) <= value <= schema.get("maximum", math.inf)
    ):
        failures.append("range")
    return failures


def test_schema_fields_match_the_model() -> None:
    schema = load_schema()
    defs = schema["$defs"]
    shapes = [
        (schema, model.ROUTINE_FIELDS, model.ROUTINE_REQUIRED),
        (defs["pointStep"], model.POINT_STEP_FIELDS, model.POINT_STEP_REQUIRED),
        (defs["activityStep"], model.ACTIVITY_STEP_FIELDS, model.ACTIVITY_STEP_REQUIRED),
        (defs["restStep"], model.REST_STEP_FIELDS, model.REST_STEP_REQUIRED),
        (defs["breathing"], model.BREATHING_FIELDS, model.BREATHING_REQUIRED),
    ]
    for part, fields, required in shapes:
        assert tuple(part["properties"]) == fields
        assert tuple(part["required"]) == required
        assert part["additionalProperties"] is False
    assert schema["properties"]["format_version"] == {"const": model.FORMAT_VERSION}
    assert schema["properties"]["id"]["pattern"] == model.ID_PATTERN
    assert defs["pointStep"]["properties"]["sides"]["enum"] == [s.value for s in Sides]
    kinds = [defs[name]["properties"]["kind"]["const"] for name in ("pointStep", "activityStep", "restStep")]
    assert kinds == [k.value for k in StepKind]
    point = defs["pointStep"]["properties"]
    defaults = (point["press_s"]["default"], point["release_s"]["default"], point["breathe_s"]["default"])
    assert defaults == (model.DEFAULT_PRESS_S, model.DEFAULT_RELEASE_S, model.DEFAULT_BREATHE_S)


def test_schema_bounds_match_the_model() -> None:
    schema = load_schema()
    defs = schema["$defs"]
    numbers = [
        (defs["pointStep"]["properties"]["repetitions"], model.REPETITIONS, "integer"),
        (defs["pointStep"]["properties"]["press_s"], model.PRESS_S, "integer"),
        (defs["pointStep"]["properties"]["hold_s"], model.HOLD_S, "integer"),
        (defs["pointStep"]["properties"]["release_s"], model.RELEASE_S, "integer"),
        (defs["pointStep"]["properties"]["breathe_s"], model.BREATHE_S, "integer"),
        (defs["activityStep"]["properties"]["duration_s"], model.ACTIVITY_S, "integer"),
        (defs["restStep"]["properties"]["duration_s"], model.REST_S, "integer"),
        (defs["breathing"]["properties"]["inhale_s"], model.BREATH_S, "number"),
        (defs["breathing"]["properties"]["exhale_s"], model.BREATH_S, "number"),
    ]
    for prop, bounds, kind in numbers:
        assert (prop["type"], prop["minimum"], prop["maximum"]) == (kind, bounds.minimum, bounds.maximum)
    texts_ = [
        (schema["properties"]["name"], model.NAME_LENGTH),
        (schema["properties"]["description"], model.TEXT_LENGTH),
        (defs["pointStep"]["properties"]["instructions"], model.TEXT_LENGTH),
        (defs["activityStep"]["properties"]["title"], model.NAME_LENGTH),
        (defs["activityStep"]["properties"]["instructions"], model.ACTIVITY_INSTRUCTIONS_LENGTH),
        (defs["restStep"]["properties"]["text"], model.TEXT_LENGTH),
    ]
    for prop, length in texts_:
        assert (prop.get("minLength", 0), prop["maxLength"]) == (length.minimum, length.maximum)
    steps = schema["properties"]["steps"]
    assert (steps["minItems"], steps["maxItems"]) == (model.STEP_COUNT.minimum, model.STEP_COUNT.maximum)


@pytest.mark.parametrize(
    "data",
    [
        routine_data(point_step(hold_s=301)),
        routine_data(point_step(hold_s=4.5)),
        routine_data(point_step(hold_s=True)),
        routine_data(point_step(hodl_s=30)),
        routine_data(point_step(sides="sideways")),
        routine_data({"kind": "rest", "duration_s": 601}),
        routine_data(id="Upper"),
        routine_data(format_version=2),
        routine_data(steps=[]),
        routine_data(name=""),
    ],
)
def test_the_schema_and_the_validator_both_refuse(data: dict[str, object], points: Any) -> None:
    assert validate_against_schema(data, load_schema()) != []
    assert problems_of(data, points) != []


def test_the_schema_checker_itself_accepts_a_valid_routine() -> None:
    assert validate_against_schema(routine_data(), load_schema()) == []
