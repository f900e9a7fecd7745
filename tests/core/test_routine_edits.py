"""The editor's draft: pure edits, ids and names for new routines, and problems placed on fields."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sciatica_timer.cli import main
from sciatica_timer.core import routine_edits as edits
from sciatica_timer.core import routines as model
from sciatica_timer.core.plan import BreathingPattern, Side
from sciatica_timer.core.points import Laterality, MarkerPosition, PointLibrary
from sciatica_timer.core.routines import (
    ActivityStep,
    PointStep,
    RestStep,
    Routine,
    Sides,
    is_valid_routine_id,
)
from sciatica_timer.storage.resources import load_point_library
from sciatica_timer.storage.routine_files import routine_to_bytes


@pytest.fixture(scope="module")
def points() -> PointLibrary:
    """The shipped points plus a midline one (GV4), as in test_routines."""
    shipped = load_point_library()
    midline = dataclasses.replace(
        shipped.get("BL23"),
        code="GV4",
        english_name="Gate of Life",
        laterality=Laterality.MIDLINE,
        markers={Side.MIDLINE: MarkerPosition(0, 0)},
    )
    return PointLibrary(points=(*shipped.points, midline), views=shipped.views)


def routine(*steps: model.Step) -> Routine:
    return Routine(
        id="mine",
        name="Mine",
        description="",
        steps=steps
        or (
            PointStep("KD1", Sides.BOTH, 2, hold_s=30),
            ActivityStep("Stretch", "Reach up slowly.", 60),
            RestStep(30),
        ),
    )


# -- new things ------------------------------------------------------------------------------------


def test_a_new_routine_needs_a_step_and_says_so(points: PointLibrary) -> None:
    problems = edits.draft_problems(edits.blank_routine("new-routine"), points)
    assert [str(p) for p in problems] == ["Steps: must have at least one step (allowed: 1–100 steps)"]


def test_a_new_point_step_follows_the_point(points: PointLibrary) -> None:
    kd1 = edits.new_point_step(points.get("KD1"))
    assert (kd1.point_code, kd1.sides, kd1.locate_first) == ("KD1", Sides.BOTH, False)
    assert model.HOLD_S.minimum <= kd1.hold_s <= model.HOLD_S.maximum
    assert kd1.repetitions == edits.NEW_POINT_REPETITIONS
    gv4 = edits.new_point_step(points.get("GV4"), locate_first=True)
    assert (gv4.sides, gv4.locate_first) == (Sides.MIDLINE, True)
    for point in points:
        assert edits.draft_problems(routine(edits.new_point_step(point)), points) == ()


def test_a_new_activity_asks_for_its_instructions_and_a_rest_is_ready(points: PointLibrary) -> None:
    problems = edits.draft_problems(routine(edits.new_activity_step()), points)
    assert [str(p) for p in problems] == [
        "Step 1, instructions: must not be empty (allowed: 1–2000 characters)"
    ]
    assert edits.draft_problems(routine(edits.new_rest_step()), points) == ()


# -- edits -----------------------------------------------------------------------------------------


def test_edits_return_a_new_routine_and_leave_the_old_one_alone() -> None:
    before = routine()
    after = edits.change_step(before, 0, "hold_s", 45)
    assert before.steps[0] == PointStep("KD1", Sides.BOTH, 2, hold_s=30)
    assert after.steps[0] == PointStep("KD1", Sides.BOTH, 2, hold_s=45)
    assert after.steps[1:] == before.steps[1:]
    assert edits.rename(before, "Evening").name == "Evening"
    assert edits.describe(before, "For the evening.").description == "For the evening."


def test_insert_remove_move_and_replace() -> None:
    start = routine()
    point, activity, rest = start.steps
    assert edits.insert_step(start, 3, RestStep(60)).steps == (point, activity, rest, RestStep(60))
    assert edits.insert_step(start, 0, RestStep(60)).steps == (RestStep(60), point, activity, rest)
    assert edits.remove_step(start, 1).steps == (point, rest)
    assert edits.move_step(start, 0, 2).steps == (activity, rest, point)
    assert edits.move_step(start, 2, 0).steps == (rest, point, activity)
    assert edits.replace_step(start, 2, RestStep(90)).steps == (point, activity, RestStep(90))


@given(st.integers(0, 5), st.integers(0, 5))
def test_moving_a_step_there_and_back_changes_nothing(index: int, to: int) -> None:
    start = routine(*(RestStep(10 + n) for n in range(6)))
    moved = edits.move_step(start, index, to)
    assert moved.steps[to] == start.steps[index]
    assert sorted(map(str, moved.steps)) == sorted(map(str, start.steps))
    assert edits.move_step(moved, to, index) == start


def test_edits_refuse_steps_and_fields_that_are_not_there() -> None:
    start = routine()
    with pytest.raises(edits.EditError, match="there is no step 4"):
        edits.remove_step(start, 3)
    with pytest.raises(edits.EditError, match="there is no step 5"):
        edits.insert_step(start, 4, RestStep(30))
    with pytest.raises(edits.EditError, match="no field 'title'"):
        edits.change_step(start, 0, "title", "Feet")
    with pytest.raises(edits.EditError, match="not a point step"):
        edits.change_point(start, 1, load_point_library().get("KD1"))


def test_another_point_brings_its_sides(points: PointLibrary) -> None:
    start = routine(PointStep("KD1", Sides.LEFT, 1, hold_s=30))
    assert edits.change_point(start, 0, points.get("BL23")).steps[0] == PointStep(
        "BL23", Sides.LEFT, 1, hold_s=30
    )
    midline = edits.change_point(start, 0, points.get("GV4"))
    assert midline.steps[0] == PointStep("GV4", Sides.MIDLINE, 1, hold_s=30)
    back = edits.change_point(midline, 0, points.get("KD1"))
    assert back.steps[0] == PointStep("KD1", Sides.BOTH, 1, hold_s=30)


def test_step_lengths_add_up_to_the_routine(points: PointLibrary) -> None:
    start = routine()
    lengths = edits.step_lengths(start, points)
    assert lengths == (2 * 2 * (5 + 30 + 5 + 10), 60, 30)
    assert sum(lengths) == start.duration_s


# -- ids and names ---------------------------------------------------------------------------------


def test_ids_come_from_names_and_never_collide() -> None:
    assert edits.slug("Evening feet (mine)") == "evening-feet-mine"
    assert edits.slug("!!!") == "routine"
    assert edits.unique_id("Full protocol", {"full-protocol"}) == "full-protocol-2"
    assert edits.unique_id("Full protocol", {"full-protocol", "full-protocol-2"}) == "full-protocol-3"
    long = "x" * 80
    taken = {edits.slug(long)}
    made = edits.unique_id(long, taken)
    assert made not in taken
    assert len(made) <= edits.ID_LENGTH


@given(st.text(max_size=100), st.sets(st.text(alphabet="abc-", min_size=1, max_size=8), max_size=5))
def test_any_name_gives_a_valid_unused_id(name: str, taken: set[str]) -> None:
    made = edits.unique_id(name, taken)
    assert is_valid_routine_id(made)
    assert made not in taken


def test_copy_names_fit_and_count_up() -> None:
    assert edits.copy_name("Full protocol", set()) == "Full protocol (copy)"
    assert edits.copy_name("Full protocol", {"Full protocol (copy)"}) == "Full protocol (copy 2)"
    long = edits.copy_name("y" * 80, set())
    assert long.endswith(" (copy)")
    assert len(long) <= model.NAME_LENGTH.maximum


def test_a_copy_is_the_users_own() -> None:
    builtin = dataclasses.replace(routine(), builtin=True)
    copy = edits.copy_routine(builtin, "mine-2", "Mine (copy)")
    assert (copy.id, copy.name, copy.builtin, copy.steps) == ("mine-2", "Mine (copy)", False, builtin.steps)


# -- problems, field by field ----------------------------------------------------------------------


def test_problems_name_the_step_the_field_and_what_is_allowed(points: PointLibrary) -> None:
    draft = routine(
        PointStep("KD1", Sides.BOTH, 11, hold_s=900, press_s=61, breathing=BreathingPattern(0.5, 16)),
        ActivityStep("", "Reach up.", 4),
        RestStep(601, "x" * 2001),
    )
    draft = edits.rename(draft, " ")
    found = {(p.step, p.field): p for p in edits.draft_problems(draft, points)}
    assert {key: str(p) for key, p in found.items()} == {
        (None, "name"): "Name: must not be empty (allowed: 1–80 characters)",
        (0, "repetitions"): "Step 1, rounds: 11 is above the maximum 10 (allowed: 1–10 per side)",
        (0, "press_s"): "Step 1, press: 61 is above the maximum 60 (allowed: 0–60 s)",
        (0, "hold_s"): "Step 1, hold: 900 is above the maximum 300 (allowed: 5–300 s)",
        (0, "breathing.inhale_s"): "Step 1, breathe in: 0.5 is below the minimum 1 (allowed: 1–15 s)",
        (0, "breathing.exhale_s"): "Step 1, breathe out: 16 is above the maximum 15 (allowed: 1–15 s)",
        (1, "title"): "Step 2, title: must not be empty (allowed: 1–80 characters)",
        (1, "duration_s"): "Step 2, length: 4 is below the minimum 5 (allowed: 5–3600 s)",
        (2, "duration_s"): "Step 3, length: 601 is above the maximum 600 (allowed: 5–600 s)",
        (
            2,
            "text",
        ): "Step 3, text: is too long: 2001 characters; the maximum is 2000 (allowed: 0–2000 characters)",
    }
    assert found[(0, "hold_s")].text == "Hold: 900 is above the maximum 300 (allowed: 5–300 s)"


def test_a_side_that_does_not_fit_the_point_is_placed_without_a_range(points: PointLibrary) -> None:
    (problem,) = edits.draft_problems(routine(PointStep("KD1", Sides.MIDLINE, 1, hold_s=30)), points)
    assert (problem.step, problem.field, problem.rule.allowed) == (0, "sides", "")
    assert str(problem).startswith("Step 1, sides: KD1 is found on both sides of the body")


def test_every_range_shown_is_the_validators_own() -> None:
    pairs = [
        (edits.ROUTINE_RULES["name"], model.NAME_LENGTH),
        (edits.STEP_RULES[PointStep]["hold_s"], model.HOLD_S),
        (edits.STEP_RULES[PointStep]["repetitions"], model.REPETITIONS),
        (edits.STEP_RULES[PointStep]["breathe_s"], model.BREATHE_S),
        (edits.STEP_RULES[ActivityStep]["duration_s"], model.ACTIVITY_S),
        (edits.STEP_RULES[ActivityStep]["instructions"], model.ACTIVITY_INSTRUCTIONS_LENGTH),
        (edits.STEP_RULES[RestStep]["duration_s"], model.REST_S),
    ]
    for rule, bounds in pairs:
        assert rule.bounds == bounds
        assert rule.allowed.startswith(f"{bounds.minimum}–{int(bounds.maximum)}")
    for kind, rules in edits.STEP_RULES.items():
        fields = {
            PointStep: model.POINT_STEP_FIELDS,
            ActivityStep: model.ACTIVITY_STEP_FIELDS,
            RestStep: model.REST_STEP_FIELDS,
        }[kind]
        assert set(fields) <= set(rules), f"every field of a {kind.__name__} has a label"


def test_the_editor_and_routines_validate_find_the_same_problems(
    points: PointLibrary, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """One validator: the lines ``routines validate`` prints are the editor's problems, place for place."""
    shipped = load_point_library()
    draft = routine(PointStep("KD1", Sides.BOTH, 0, hold_s=900), ActivityStep("Stretch", "", 3), RestStep(30))
    path = tmp_path / "draft.json"
    path.write_bytes(routine_to_bytes(draft))
    assert main(["--data-dir", str(tmp_path / "data"), "routines", "validate", str(path)]) == 2
    printed = capsys.readouterr().err.splitlines()
    found = edits.draft_problems(draft, shipped)
    assert printed == [
        f"{path}: {'steps[' + str(p.step) + '].' if p.step is not None else ''}{p.field}: {p.message}"
        for p in found
    ]
    assert [(p.step, p.field) for p in found] == [
        (0, "repetitions"),
        (0, "hold_s"),
        (1, "instructions"),
        (1, "duration_s"),
    ]
