"""The Routines screen as a newcomer uses it: a routine starts from there, with the same way in."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.ui.player_support import ROUTINE_ID, Harness, click
from tests.ui.routines.test_routine_editor import CTRL, key, open_routines


def test_a_routine_starts_from_the_routines_screen(harness: Harness) -> None:
    workshop = open_routines(harness)
    screen = workshop.screen
    screen.select("quick-desk")
    assert screen.start_button.isVisible()
    click(screen.start_button)
    check = harness.window.pain_check
    assert check is not None
    assert harness.window.screens.currentWidget() is check, "the pain check comes first, as from the start"
    click(check.skip_button)
    session = harness.window.session
    assert session is not None
    assert session.routine.id == "quick-desk"


def test_ctrl_enter_starts_the_chosen_routine(harness: Harness) -> None:
    workshop = open_routines(harness)
    workshop.screen.select(ROUTINE_ID)
    workshop.screen.routine_list.setFocus()
    key(Qt.Key.Key_Return, CTRL)
    assert harness.window.screens.currentWidget() is harness.window.pain_check
