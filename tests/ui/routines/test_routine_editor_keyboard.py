"""The routine editor and its point picker with the keyboard alone: Tab goes through them in reading order,
steps are reordered and a point is changed by keys, and the routine is saved by keys."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from sciatica_timer.core.routines import PointStep
from sciatica_timer.ui.routines.routine_editor import RoutineEditor
from tests.ui.player_support import Harness, type_text
from tests.ui.routines.test_routine_editor import ALT, CTRL, choose_in_picker, key, new_routine, pick
from tests.ui.test_tab_order import focus_name, from_, tab_round


def tab_to(name: str, *, limit: int = 40) -> QWidget:
    """Tab until the control called ``name`` has the focus, as a person listening to each stop would."""
    for _ in range(limit):
        widget = QApplication.focusWidget()
        if widget is not None and focus_name(widget) == name:
            return widget
        key(Qt.Key.Key_Tab)
    raise AssertionError(f"Tab never reaches {name!r}")


def points(editor: RoutineEditor) -> list[str]:
    return [step.point_code for step in editor.draft.steps if isinstance(step, PointStep)]


def two_point_routine(harness: Harness) -> RoutineEditor:
    editor = new_routine(harness)
    type_text(editor.name_edit, "Evening")
    assert QApplication.focusWidget() is editor.name_edit, "a new routine starts at its name"
    pick(harness.qtbot, editor, "BL23")
    pick(harness.qtbot, editor, "GB30")
    assert points(editor) == ["BL23", "GB30"]
    return editor


def test_the_editor_goes_header_then_name_and_steps_then_the_chosen_step(harness: Harness) -> None:
    editor = two_point_routine(harness)
    assert from_(tab_round(harness.window), "‹ Back") == [
        "‹ Back",
        "Preview",
        "Save handout as PDF…",
        "Save",
        "Name",
        "Description",
        "Steps",
        "Add point…",
        "Add locate…",
        "Add activity",
        "Add rest",
        "Move up",  # "Move down" is off: the last step is chosen
        "Remove",
        "Change point…",
        "Sides",
        "Find the point first: the timer waits until you have found it",
        "Rounds per side",
        "Press",
        "Hold",
        "Release",
        "Breathe",
        "Pace my breathing during this step",
        "Instructions",
    ]
    assert editor.isVisible()


def test_steps_are_reordered_a_point_changed_and_the_routine_saved_by_keys(harness: Harness) -> None:
    editor = two_point_routine(harness)
    steps = tab_to("Steps")
    assert steps is editor.step_list
    key(Qt.Key.Key_Up)  # the first step: BL23
    key(Qt.Key.Key_Down, ALT)
    assert points(editor) == ["GB30", "BL23"]
    assert editor.step_list.currentRow() == 1, "the moved step stays chosen"
    tab_to("Move up")
    key(Qt.Key.Key_Space)
    assert points(editor) == ["BL23", "GB30"]

    tab_to("Change point…")  # of the chosen step, BL23
    key(Qt.Key.Key_Space)
    choose_in_picker(harness.qtbot, editor, "KD1")
    assert points(editor) == ["KD1", "GB30"]
    key(Qt.Key.Key_Z, CTRL)
    assert points(editor) == ["BL23", "GB30"], "Ctrl+Z takes the change back"

    key(Qt.Key.Key_S, CTRL)
    saved = editor.draft
    assert not editor.is_new, editor.status.text()
    assert [s.point_code for s in saved.steps if isinstance(s, PointStep)] == ["BL23", "GB30"]
    assert saved.name == "Evening"


def test_the_point_picker_goes_search_list_details_then_buttons(harness: Harness) -> None:
    editor = new_routine(harness)
    key(Qt.Key.Key_P, ALT)
    picker = editor.picker
    assert picker is not None
    harness.qtbot.waitUntil(picker.isActiveWindow)
    assert tab_round(picker) == [
        "Search the points",
        "Points",
        "About the point",
        "Find the point first",
        "Cancel",
        "Add this point",
    ]
    tab_to("Points")
    key(Qt.Key.Key_Down)  # the list takes arrows once it has the focus
    chosen = picker.current_code()
    assert chosen is not None
    tab_to("Add this point")
    key(Qt.Key.Key_Space)
    harness.qtbot.waitUntil(editor.window().isActiveWindow)
    assert points(editor) == [chosen]
