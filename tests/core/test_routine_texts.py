"""The built-in routines' texts agree with the point library and with the protocol they come from."""

from __future__ import annotations

import pytest

from sciatica_timer.core.points import PointLibrary
from sciatica_timer.core.routines import PointStep, Routine, Sides
from sciatica_timer.storage.resources import load_point_library
from sciatica_timer.storage.routine_files import load_builtin_routines


@pytest.fixture(scope="module")
def points() -> PointLibrary:
    return load_point_library()


@pytest.fixture(scope="module")
def builtins(points: PointLibrary) -> dict[str, Routine]:
    return {routine.id: routine for routine in load_builtin_routines(points)[0]}


def test_every_gb30_step_locates_it_where_the_library_does(
    points: PointLibrary, builtins: dict[str, Routine]
) -> None:
    assert "one third of the way in from the hip knob" in " ".join(points.get("GB30").locate)
    gb30 = [
        step
        for r in builtins.values()
        for step in r.steps
        if isinstance(step, PointStep) and step.point_code == "GB30"
    ]
    assert len(gb30) >= 2
    for step in gb30:
        assert "a third of the way" in step.instructions
        assert "In the middle of the buttock" not in step.instructions


def test_the_quick_desk_ball_takes_part_of_the_weight_on_the_outer_buttock(
    builtins: dict[str, Routine],
) -> None:
    step = next(
        s for s in builtins["quick-desk"].steps if isinstance(s, PointStep) and s.point_code == "GB30"
    )
    text = step.instructions
    assert "outer part of one buttock" in text
    assert "never under the middle of the buttock" in text
    assert "part of your weight only" in text


def test_each_routine_says_whether_it_follows_the_protocol(builtins: dict[str, Routine]) -> None:
    assert builtins["full-protocol"].description.startswith("The routine that follows the source protocol")
    for routine_id, words in (
        ("quick-desk", "A shortened version of the protocol"),
        ("lower-back-stretches", "Adapted from the protocol"),
        ("evening-feet", "Adapted from the protocol"),
        ("acupressure-mat", "Not part of the protocol"),
    ):
        assert builtins[routine_id].description.startswith(words)


def test_kd1_holds_30_seconds_by_default_as_in_the_protocol(points: PointLibrary) -> None:
    assert points.get("KD1").hold_seconds == 30


@pytest.mark.parametrize("code", ["BL23", "BL25"])
def test_how_to_press_the_back_points_matches_the_timer_one_side_then_the_other(
    points: PointLibrary, builtins: dict[str, Routine], code: str
) -> None:
    text = points.get(code).how_to_press
    assert "then the other side when the timer switches" in text
    assert "both thumbs in together" not in text
    sides = {
        s.sides
        for r in builtins.values()
        for s in r.steps
        if isinstance(s, PointStep) and s.point_code == code
    }
    assert sides <= {Sides.BOTH, Sides.LEFT, Sides.RIGHT}, "the timer takes one side at a time"


def test_the_sole_picture_caption_describes_the_drawing(points: PointLibrary) -> None:
    sole = next(view for view in points.views if view.id == "sole")
    assert sole.orientation.startswith("Drawn like footprints seen from above, toes at the top")


def test_a_cun_is_a_thumb_width_across_the_middle_joint(points: PointLibrary) -> None:
    assert "thumb across the middle joint" in points.cun_note
