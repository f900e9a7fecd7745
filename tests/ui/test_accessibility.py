"""Accessibility in the window: announcements, reduced motion, the chart in words, a visible focus ring.

The same things are read from outside, over the real AT-SPI bus, in tests/accessibility/.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAccessible
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from pytestqt.qtbot import QtBot

from sciatica_timer.core.engine import EngineState
from sciatica_timer.core.plan import PhaseKind, Side
from sciatica_timer.storage.settings_file import SettingsFile
from sciatica_timer.ui.common.accessibility import STEADY_PACER_HINT, chart_summary
from sciatica_timer.ui.common.theme import THEMES, force_theme, set_role, style_sheet
from tests.ui.player_support import Asked, Harness, click
from tests.ui.settings.test_settings_dialog import look_restored, quiet_probes

__all__ = ["look_restored", "quiet_probes"]  # the settings tests' autouse fixtures apply here too


def test_phases_pauses_and_a_stop_for_pain_are_announced(harness: Harness, asked: Asked) -> None:
    harness.start()
    announcer = harness.window.announcer
    assert announcer.said[-1] == "Find the point, left side: find the point, then choose I found it"
    harness.until(PhaseKind.HOLD, Side.LEFT)
    assert announcer.said[-2:] == ["Press gently, left side", "Hold, left side"]
    focused = QApplication.focusWidget()
    harness.key(Qt.Key.Key_Space)
    assert announcer.said[-1] == "Paused"
    assert QApplication.focusWidget() is focused, "an announcement never moves the focus"
    harness.key(Qt.Key.Key_Space)
    assert announcer.said[-1] == "Resumed"
    click(harness.player.pain_button)
    assert announcer.said[-1] == "Stopped for sharp pain. Stop pressing and rest."
    assert asked.questions == [], "a stop for pain asks nothing"


def test_the_end_of_a_session_is_announced(harness: Harness) -> None:
    harness.start()
    harness.run_to_end()
    assert harness.window.announcer.said[-1] == "Session complete"


def _reduce_motion_in_the_settings(harness: Harness) -> None:
    """Ticked in Settings > Look, with the mouse, as a person would."""
    harness.window.show_settings()
    dialog = harness.window.settings_dialog
    assert dialog is not None
    harness.qtbot.waitUntil(dialog.isVisible)
    dialog.page_list.setCurrentRow(dialog.pages.index(dialog.look))
    box = dialog.look.reduce_motion
    QTest.mouseClick(
        box, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(6, box.height() // 2)
    )
    assert box.isChecked()
    click(
        dialog.findChild(QPushButton, "done")
        or next(b for b in dialog.findChildren(QPushButton) if b.text() == "Done")
    )


def test_reduced_motion_keeps_the_marker_and_ring_still_and_paces_the_breath_in_words(
    harness: Harness,
) -> None:
    _reduce_motion_in_the_settings(harness)
    assert SettingsFile(harness.paths.settings_file).load().settings.reduce_motion, "saved"
    harness.start()
    player = harness.player
    harness.until(PhaseKind.HOLD, Side.LEFT)
    harness.advance(1.2)
    assert player.picture.pulse == 0.0, "the marker does not pulse"
    reading = player.dial.reading
    assert reading.fraction_left == 1.0, "the ring stays whole and still"
    assert reading.seconds_left == pytest.approx(3.8)
    harness.until(PhaseKind.BREATHE, Side.LEFT)
    harness.advance(0.5)
    assert player.dial.reading.breath is None, "no growing and shrinking circle"
    assert player.dial.reading.caption == "breathe in"
    harness.advance(1.0)
    assert player.dial.reading.caption == "breathe out"
    assert player.hint_label.text() == STEADY_PACER_HINT
    assert "breathe out" in player.dial.accessibleDescription()
    assert harness.state() is EngineState.RUNNING


def test_without_reduced_motion_the_marker_pulses_and_the_ring_moves(harness: Harness) -> None:
    harness.start()
    player = harness.player
    harness.until(PhaseKind.HOLD, Side.LEFT)
    harness.advance(1.2)
    assert player.picture.pulse > 0.0
    assert player.dial.reading.fraction_left < 1.0
    harness.until(PhaseKind.BREATHE, Side.LEFT)
    harness.advance(0.5)
    assert player.dial.reading.breath is not None


def test_reduced_motion_applies_to_a_running_session_at_once(harness: Harness) -> None:
    harness.start()
    harness.until(PhaseKind.BREATHE, Side.LEFT)
    harness.advance(0.5)
    assert harness.player.dial.reading.breath is not None
    _reduce_motion_in_the_settings(harness)
    assert harness.player.dial.reading.breath is None
    assert harness.player.dial.reading.caption == "breathe in"


@pytest.mark.parametrize(
    ("mean", "early", "late", "expected"),
    [
        (4.2, 5.0, 3.6, "Pain before sessions over 3 months: mean 4.2, falling"),
        (4.2, 3.6, 5.0, "Pain before sessions over 3 months: mean 4.2, rising"),
        (4.2, 4.3, 4.0, "Pain before sessions over 3 months: mean 4.2, steady"),
        (4.2, None, 4.0, "Pain before sessions over 3 months: mean 4.2"),
        (None, None, None, "Pain before sessions over 3 months: no scores yet"),
    ],
)
def test_the_chart_is_summed_up_in_words(
    mean: float | None, early: float | None, late: float | None, expected: str
) -> None:
    assert chart_summary("3 months", mean, early, late) == expected


@pytest.mark.parametrize("theme", THEMES)
def test_the_keyboard_focus_is_visible_in_every_theme(qtbot: QtBot, theme: str) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    force_theme(app, theme)
    page = QWidget()
    page.setStyleSheet(style_sheet(app.palette()))
    column = QVBoxLayout(page)
    first = QPushButton("First")
    controls: list[QWidget] = [QPushButton("Secondary"), QPushButton("Primary"), QCheckBox("A box")]
    set_role(controls[0], "secondary")
    set_role(controls[1], "primary")
    column.addWidget(first)
    for control in controls:
        column.addWidget(control)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)  # the focus shows only in the active window
    for control in controls:
        first.setFocus()
        qtbot.waitUntil(first.hasFocus)
        unfocused = control.grab().toImage()
        QTest.keyClick(page.focusWidget() or page, Qt.Key.Key_Tab)  # moves on as a keyboard user does
        for _ in range(len(controls)):
            if control.hasFocus():
                break
            QTest.keyClick(page.focusWidget() or page, Qt.Key.Key_Tab)
        assert control.hasFocus()
        focused = control.grab().toImage()
        assert focused != unfocused, f"{theme}: no visible focus on {control.__class__.__name__}"


def test_the_mini_player_keeps_still_too_with_the_breath_in_words(harness: Harness) -> None:
    _reduce_motion_in_the_settings(harness)
    harness.start()
    harness.until(PhaseKind.BREATHE, Side.LEFT)
    harness.window.toggle_mini()
    mini = harness.window.mini
    assert mini is not None
    harness.qtbot.waitUntil(mini.isVisible)
    harness.advance(0.5)
    assert mini.dial.reading.breath is None
    assert mini.dial.reading.fraction_left == 1.0
    assert mini.breath_label.text() == "Breathe in"
    harness.window.toggle_mini()


def test_a_scroll_area_asked_past_its_last_child_answers_nothing(harness: Harness) -> None:
    """A screen reader counts a scroll area's children (its scroll bar among them), the scroll bar goes (as
    when the start screen replaces the checklist), then the reader asks for the child it counted last:
    nothing comes back, and the app goes on (Qt's own scroll area interface read past the end of a list)."""
    from PySide6.QtWidgets import QWidget

    from sciatica_timer.ui.common.pages import scrolling

    content = QWidget()
    content.setFixedHeight(4000)
    area = scrolling(content)
    harness.qtbot.addWidget(area)
    area.resize(300, 200)
    area.show()
    harness.qtbot.waitUntil(area.verticalScrollBar().isVisible)
    iface = QAccessible.queryAccessibleInterface(area)
    assert iface is not None
    count = iface.childCount()
    assert count >= 2, "the viewport and the scroll bar"
    content.setFixedHeight(10)  # nothing to scroll: the scroll bar leaves the tree
    harness.qtbot.waitUntil(lambda: not area.verticalScrollBar().isVisible())
    for index in (count - 1, count, count + 7, count + 4096):
        child = iface.child(index)
        assert child is None or child.object() in area.children(), index
    assert iface.childCount() <= count
