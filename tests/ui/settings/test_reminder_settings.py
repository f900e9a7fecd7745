"""The reminders' own switches: on and off in Settings, when they wait, and the first run's question."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import Qt, QTime
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from sciatica_timer.core.settings import Minute
from sciatica_timer.storage.paths import resolve_paths
from sciatica_timer.ui.main_window import MainWindow
from sciatica_timer.ui.start.reminder_step import ReminderStep
from tests.ui.player_support import Harness, click
from tests.ui.settings.test_settings_dialog import _open, _saved, look_restored, quiet_probes, tick

__all__ = ["look_restored", "quiet_probes"]  # their autouse fixtures apply here too


def test_settings_have_an_explicit_switch_and_the_waits(harness: Harness) -> None:
    dialog = _open(harness)
    page = dialog.reminders
    dialog.show_page(page)
    assert page.switched_on.isChecked()
    assert page.wait_dnd.isChecked(), "on by default"
    assert page.wait_full_screen.isChecked(), "on by default"
    assert page.away_after.value() == 5
    tick(page.every)
    assert _saved(harness).reminders.enabled
    page.switched_on.click()
    page.wait_dnd.click()
    page.wait_full_screen.click()
    page.away_after.setValue(12)
    saved = _saved(harness).reminders
    assert not saved.enabled, "off, though the times are kept"
    assert saved.every_hours == 2
    assert (saved.wait_in_do_not_disturb, saved.wait_while_full_screen, saved.away_after_min) == (
        False,
        False,
        12,
    )
    page.switched_on.click()
    assert _saved(harness).reminders.enabled


def open_first_run(qtbot: QtBot, tmp_path: Path) -> MainWindow:
    window = MainWindow(resolve_paths(tmp_path))
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.loaded, timeout=10_000):
        window.show()
    screen = window.safety_check
    assert screen is not None
    click(screen.next_button)  # the warning signs, then the precautions
    click(screen.continue_button)
    return window


def step_of(window: MainWindow) -> ReminderStep:
    step = window.reminder_step
    assert step is not None
    assert step.isVisible()
    return step


def test_the_first_run_asks_about_reminders_after_the_checklist(
    qtbot: QtBot, tmp_path: Path, first_run: None
) -> None:
    window = open_first_run(qtbot, tmp_path)
    assert window.screens.currentWidget() is window.start_screen, "the routines are underneath"
    selected = window.start_screen.selected_routine()
    assert selected is not None
    assert selected.name == "Quick desk break", "the first routine suits a desk"
    step = step_of(window)
    assert step.every_hours.value() == 2
    assert step.every_hours.text() == "2 hours"
    step.every_hours.setValue(1)
    assert step.every_hours.text() == "1 hour", "one hour, not 1 hours"
    assert step.day_starts.time() == QTime(9, 0)
    step.every_hours.setFocus()
    step.every_hours.selectAll()
    QTest.keyClicks(step.every_hours, "3")
    step.day_starts.setTime(QTime(8, 30))
    step.day_ends.setTime(QTime(16, 30))
    click(step.yes_button)
    assert window.reminder_step is None
    reminders = window.settings.reminders
    assert reminders.enabled
    assert (reminders.every_hours, reminders.day_starts, reminders.day_ends) == (
        3,
        Minute(8, 30),
        Minute(16, 30),
    )
    assert reminders.weekdays == frozenset(range(5))
    saved = json.loads(resolve_paths(tmp_path).settings_file.read_text(encoding="utf-8"))["reminders"]
    assert saved["every_hours"] == 3
    assert saved["on"] is True
    window.close()


def test_not_now_leaves_reminders_off(qtbot: QtBot, tmp_path: Path, first_run: None) -> None:
    window = open_first_run(qtbot, tmp_path)
    click(step_of(window).no_button)
    assert not window.settings.reminders.enabled
    assert window.settings.reminders.switched_on is False
    window.close()


def test_escape_is_not_now_and_a_day_that_ends_first_is_explained(
    qtbot: QtBot, tmp_path: Path, first_run: None
) -> None:
    window = open_first_run(qtbot, tmp_path)
    step = step_of(window)
    step.day_ends.setTime(QTime(7, 0))
    click(step.yes_button)
    assert step.problem.isVisibleTo(step)
    assert window.reminder_step is step, "still asking"
    QTest.keyClick(step, Qt.Key.Key_Escape)
    assert window.reminder_step is None
    assert not window.settings.reminders.enabled
    window.close()


def test_the_step_comes_only_on_the_first_run(harness: Harness) -> None:
    assert harness.window.reminder_step is None
