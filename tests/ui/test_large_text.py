"""Magnification: with text at 200 % every screen still fits a 1280x800 screen, scrolling where it must.

Nothing a person needs is cut off: every visible button, field and box outside a scrolling area lies wholly
inside the window, and the window asks for no more room than the screen has.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QAbstractButton, QAbstractScrollArea, QApplication, QLineEdit, QWidget

from sciatica_timer.core.plan import PhaseKind, Side
from sciatica_timer.ui.common.appearance import apply_look
from sciatica_timer.ui.main_window import MainWindow
from tests.ui.player_support import Harness
from tests.ui.settings.test_settings_dialog import look_restored, quiet_probes

SCREEN = (1280, 800)
LARGEST_TEXT = 200  # percent: the top of Settings > Look > Text size


__all__ = ["look_restored", "quiet_probes"]  # the settings tests' autouse fixtures apply here too


def _in_scrolling_area(widget: QWidget, top: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None and parent is not top:
        if isinstance(parent, QAbstractScrollArea):
            return True
        parent = parent.parentWidget()
    return False


def cut_off(top: QWidget) -> list[str]:
    """The visible controls of ``top`` that reach outside it (those in a scrolling area can scroll)."""
    room = top.rect()
    found = []
    for widget in top.findChildren(QWidget):
        if not isinstance(widget, QAbstractButton | QLineEdit | QAbstractScrollArea):
            continue
        if not widget.isVisible() or _in_scrolling_area(widget, top):
            continue
        place = QRect(widget.mapTo(top, widget.rect().topLeft()), widget.size())
        if not room.contains(place):
            found.append(f"{widget.accessibleName() or type(widget).__name__} at {place.getRect()}")
    return found


def large(harness: Harness) -> MainWindow:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    before = app.font().pointSizeF()
    apply_look(app, "light", LARGEST_TEXT)
    assert app.font().pointSizeF() == pytest.approx(2 * before), "the text is twice its size"
    window = harness.window
    window.resize(*SCREEN)
    harness.qtbot.waitUntil(lambda: window.size().toTuple() == SCREEN)
    return window


def check_fits(harness: Harness, top: QWidget, screen: str) -> None:
    QApplication.processEvents()
    hint = top.minimumSizeHint()
    assert hint.width() <= SCREEN[0], f"{screen}: needs {hint.width()} px across"
    assert hint.height() <= SCREEN[1], f"{screen}: needs {hint.height()} px down"
    assert not cut_off(top), f"{screen}: cut off at 200 % text: {cut_off(top)}"


def test_every_screen_of_a_session_fits_1280x800_at_200_percent_text(harness: Harness) -> None:
    window = large(harness)
    check_fits(harness, window, "start screen")
    harness.choose()
    check_fits(harness, window, "pain check")
    pain_check = harness.window.pain_check
    assert pain_check is not None
    pain_check.scale.buttons[5].click()
    pain_check.continue_button.click()
    check_fits(harness, window, "get ready")
    harness.key(Qt.Key.Key_Space)
    check_fits(harness, window, "find the point")
    harness.until(PhaseKind.HOLD, Side.LEFT)
    check_fits(harness, window, "hold")
    harness.until(PhaseKind.BREATHE, Side.LEFT)
    check_fits(harness, window, "breathe")
    harness.run_to_end()
    check_fits(harness, window, "summary")


def test_the_history_and_the_settings_fit_1280x800_at_200_percent_text(harness: Harness) -> None:
    window = large(harness)
    window.show_history()
    check_fits(harness, window, "history")
    window.show_start()
    window.show_settings()
    dialog = window.settings_dialog
    assert dialog is not None
    harness.qtbot.waitUntil(dialog.isVisible)
    for row, page in enumerate(dialog.pages):
        dialog.page_list.setCurrentRow(row)
        assert dialog.width() <= SCREEN[0]
        assert dialog.height() <= SCREEN[1]
        check_fits(harness, dialog, f"settings: {page.title}")
    dialog.reject()


def test_the_cycle_collector_waits_while_every_widget_takes_a_new_text_size_or_theme(
    harness: Harness,
) -> None:
    """A new text size or theme is given to every widget by Qt in one walk; a widget's own change handler in
    Python may allocate, and the cycle collector, if it ran there, could free a closed window that the walk
    is about to reach. It is held off during the walk and on again after it."""
    import gc

    from PySide6.QtCore import QEvent

    seen: list[bool] = []

    class Watching(QWidget):
        def changeEvent(self, event: QEvent) -> None:
            if event.type() in (QEvent.Type.FontChange, QEvent.Type.PaletteChange):
                seen.append(gc.isenabled())
            super().changeEvent(event)

    watching = Watching(harness.window)
    watching.show()
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    assert gc.isenabled()
    apply_look(app, "dark", 150)
    apply_look(app, "light", 100)
    assert seen, "the widget was given the new look"
    assert not any(seen), "no collection during the walk"
    assert gc.isenabled(), "on again afterwards"
