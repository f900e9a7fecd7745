"""The mini player, closing mid-session, keyboard paths and accessible names, type sizes from the font."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QAbstractButton, QApplication, QLineEdit, QListWidget, QWidget
from pytestqt.qtbot import QtBot

from sciatica_timer.core.engine import EngineState
from sciatica_timer.core.plan import PhaseKind
from sciatica_timer.core.record import SessionStatus
from sciatica_timer.storage.history import HistoryStore
from tests.ui.player_support import Asked, Harness, click, make_harness, press


def test_m_swaps_the_window_for_the_mini_player_and_back(harness: Harness) -> None:
    harness.start()
    harness.until(PhaseKind.HOLD, "left")
    harness.key(Qt.Key.Key_M)
    mini = harness.window.mini
    assert mini is not None
    assert mini.isVisible()
    assert not harness.window.isVisible()
    assert mini.windowFlags() & Qt.WindowType.WindowStaysOnTopHint
    assert mini.phase_label.text() == "Hold"
    assert mini.point_label.text() == "BL23 · left side · 1 of 2"
    harness.advance(2)
    assert mini.dial.reading.seconds_left == 3
    timer = harness.session.timer
    assert timer is not None
    assert timer._refresh.isActive(), "the mini player is seen: its countdown keeps moving"

    press(mini, Qt.Key.Key_Space)
    assert harness.state() is EngineState.PAUSED
    assert mini.pause_button.text() == "Resume"
    click(mini.pause_button)
    assert harness.state() is EngineState.RUNNING

    press(mini, Qt.Key.Key_M)
    assert not mini.isVisible()
    assert harness.window.isVisible()
    assert harness.window.screens.currentWidget() is harness.player


def test_hiding_the_window_stops_the_display_refresh_until_it_is_shown(harness: Harness) -> None:
    # As when the window is hidden to the tray mid-session: nobody sees the countdown.
    harness.start()
    harness.until(PhaseKind.HOLD, "left")
    timer = harness.session.timer
    assert timer is not None
    assert timer._refresh.isActive()
    harness.window.hide()
    assert not timer._refresh.isActive(), "hidden: no redraws"
    assert harness.state() is EngineState.RUNNING, "the session itself goes on"
    harness.window.show()
    assert timer._refresh.isActive()


def test_the_mini_player_confirms_a_found_point(harness: Harness) -> None:
    harness.start()
    harness.window.toggle_mini()
    mini = harness.window.mini
    assert mini is not None
    assert mini.pause_button.text() == "I found it"
    assert mini.dial.reading.word == "Find"
    click(mini.pause_button)
    assert harness.engine.current_phase is not None
    assert harness.engine.current_phase.kind is PhaseKind.PRESS


def test_closing_the_mini_player_brings_the_window_back(harness: Harness) -> None:
    harness.start()
    harness.window.toggle_mini()
    mini = harness.window.mini
    assert mini is not None
    mini.close()
    assert harness.window.isVisible()
    assert harness.state() is EngineState.WAITING, "closing the little window never ends the session"


def test_the_session_ending_in_mini_mode_opens_the_summary(harness: Harness) -> None:
    harness.start()
    harness.window.toggle_mini()
    harness.run_to_end()
    mini = harness.window.mini
    assert mini is not None
    assert not mini.isVisible()
    assert harness.window.isVisible()
    assert harness.window.screens.currentWidget() is harness.window.summary


def test_closing_mid_session_asks_and_stays_open_when_told(harness: Harness, asked: Asked) -> None:
    harness.start()
    harness.key(Qt.Key.Key_Return)
    asked.answers = [False]
    assert not harness.window.close()
    assert asked.questions == ["Stop the session and close?"]
    assert harness.window.isVisible()
    assert harness.state() is EngineState.RUNNING


def test_closing_mid_session_stops_it_and_saves_it_as_stopped(harness: Harness, asked: Asked) -> None:
    harness.start()
    harness.key(Qt.Key.Key_Return)
    harness.advance(1)
    session = harness.session
    assert harness.window.close()
    assert harness.state() is EngineState.STOPPED
    assert not session.timer_active(), "no timer is left running after the window closes"
    with HistoryStore.open(harness.paths.database) as store:
        (saved,) = store.sessions()
        assert store.find_interrupted() == []
    assert saved.status is SessionStatus.STOPPED


def test_closing_before_a_session_asks_nothing(harness: Harness, asked: Asked) -> None:
    harness.open_player()
    assert harness.window.close()
    assert asked.questions == []


def _controls(root: QWidget) -> list[QWidget]:
    kinds = (QAbstractButton, QLineEdit, QListWidget)
    return [w for w in root.findChildren(QWidget) if isinstance(w, kinds)]


def test_every_control_has_an_accessible_name_and_a_keyboard_path(harness: Harness) -> None:
    harness.start(pain=3)
    harness.key(Qt.Key.Key_Return)
    harness.window.toggle_mini()
    harness.window.toggle_mini()
    harness.run_to_end()
    screens: list[QWidget] = [harness.window]
    if harness.window.mini is not None:
        screens.append(harness.window.mini)
    controls = [control for screen in screens for control in _controls(screen)]
    assert len(controls) > 40
    unnamed = [c for c in controls if not c.accessibleName()]
    assert unnamed == []
    unreachable = [c.accessibleName() for c in controls if not c.focusPolicy() & Qt.FocusPolicy.TabFocus]
    assert unreachable == []


def test_type_sizes_follow_the_application_font(qtbot: QtBot, tmp_path: Path, asked: Asked) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    normal = QFont(app.font())
    first = make_harness(qtbot, tmp_path / "one")
    first.open_player()
    small = first.player.details.title.font().pointSizeF()
    first.window.close()
    bigger = QFont(normal)
    bigger.setPointSizeF(normal.pointSizeF() * 2)
    app.setFont(bigger)
    try:
        second = make_harness(qtbot, tmp_path / "two")
        second.open_player()
        large = second.player.details.title.font().pointSizeF()
        second.window.close()
    finally:
        app.setFont(normal)
    assert large == 2 * small
