"""Settings that change only when a person means them to: the wheel scrolls the page past a field, a time
is typed whole, and counts read as English ("1 hour")."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt, QTime
from PySide6.QtGui import QWheelEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QScrollArea, QWidget

from sciatica_timer.core.settings import Minute
from sciatica_timer.storage.settings_file import SettingsFile
from sciatica_timer.ui.common.words import plural
from sciatica_timer.ui.settings.settings_dialog import SettingsDialog
from tests.ui.player_support import Harness
from tests.ui.settings.test_settings_dialog import _open as open_settings
from tests.ui.settings.test_settings_dialog import look_restored, quiet_probes

__all__ = ["look_restored", "quiet_probes"]  # their autouse fixtures apply here too


def _open(harness: Harness) -> SettingsDialog:
    dialog = open_settings(harness)
    dialog.activateWindow()
    harness.qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def _wheel(widget: QWidget, notches: int) -> None:
    """The mouse over ``widget``, its wheel turned ``notches`` (negative: towards the person)."""
    inside = QPointF(widget.width() / 2, widget.height() / 2)
    event = QWheelEvent(
        inside,
        QPointF(widget.mapToGlobal(inside.toPoint())),
        QPoint(0, 0),
        QPoint(0, 120 * notches),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(widget, event)


def _day_ends(harness: Harness) -> Minute:
    return SettingsFile(harness.paths.settings_file).load().settings.reminders.day_ends


def test_the_wheel_scrolls_past_a_time_field_without_changing_it(harness: Harness) -> None:
    dialog = _open(harness)
    page = dialog.reminders
    dialog.show_page(page)
    page.every.setChecked(True)  # the working day's fields count for "every N hours"
    dialog.resize(dialog.width(), dialog.minimumSizeHint().height())  # short: the page scrolls
    field = page.day_ends
    before = field.time()
    area = page.findChild(QScrollArea)
    assert area is not None
    harness.qtbot.waitUntil(lambda: area.verticalScrollBar().maximum() > 0)
    area.verticalScrollBar().setValue(area.verticalScrollBar().maximum())
    area.ensureWidgetVisible(field)
    scrolled = area.verticalScrollBar().value()
    assert scrolled > 0
    assert not field.hasFocus()
    for _ in range(5):
        _wheel(field, 1)  # scrolling back up the page, over the field
    assert field.time() == before
    assert not field.hasFocus(), "a wheel passing by does not take the focus"
    assert area.verticalScrollBar().value() < scrolled, "the page scrolled instead"

    # Once the person clicks into it, the wheel changes it as they expect.
    QTest.mouseClick(field.lineEdit(), Qt.MouseButton.LeftButton)
    harness.qtbot.waitUntil(field.hasFocus)
    _wheel(field, 1)
    assert field.time() != before


def test_a_time_is_typed_whole(harness: Harness) -> None:
    dialog = _open(harness)
    page = dialog.reminders
    dialog.show_page(page)
    page.every.setChecked(True)
    field = page.day_ends
    field.setFocus(Qt.FocusReason.TabFocusReason)
    harness.qtbot.waitUntil(field.hasFocus)
    QTest.keyClick(field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)  # everything selected
    assert field.lineEdit().selectedText() == field.text()
    QTest.keyClicks(field, "2330")
    QTest.keyClick(field, Qt.Key.Key_Tab)  # on to the next field: the time counts
    assert field.time() == QTime(23, 30)
    assert _day_ends(harness) == Minute(23, 30)


def test_counts_read_as_english() -> None:
    assert plural(1, "hour") == "1 hour"
    assert plural(2, "hour") == "2 hours"
    assert plural(0, "minute") == "0 minutes"
    assert plural(1200, "step") == "1,200 steps"
    assert plural(1, "person", "people") == "1 person"
    assert plural(3, "person", "people") == "3 people"


def test_the_reminder_fields_say_1_hour_not_1_hours(harness: Harness) -> None:
    dialog = _open(harness)
    page = dialog.reminders
    page.every_hours.setValue(1)
    assert page.every_hours.text() == "1 hour"
    page.every_hours.setValue(3)
    assert page.every_hours.text() == "3 hours"
    page.snooze.setValue(page.snooze.minimum())
    assert page.snooze.text() == plural(page.snooze.minimum(), "minute")
