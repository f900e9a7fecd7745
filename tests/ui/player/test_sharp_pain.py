"""One sharp-pain path everywhere: F9 in the window and the mini player, the page that names the point,
and "Leave this point out of my sessions" kept as the person's own setting and applied by every player."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, QPoint, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from sciatica_timer.core import i18n
from sciatica_timer.core.engine import EngineState
from sciatica_timer.core.plan import PhaseKind
from sciatica_timer.core.record import SessionStatus
from sciatica_timer.storage.paths import resolve_paths
from sciatica_timer.storage.resources import load_point_library
from sciatica_timer.translations import install_language
from sciatica_timer.ui.common.words import SHARP_PAIN_KEY_NAME
from tests.ui.player_support import ROUTINE_ID, Asked, Harness, click, make_harness, press, write_routine
from tests.ui.settings.test_settings_dialog import look_restored

__all__ = ["look_restored"]  # the settings tests' fixture puts the text size back after each test here

TWO_POINTS = {
    "format_version": 1,
    "id": "two-points",
    "name": "Two points",
    "description": "",
    "steps": [
        {"kind": "point", "point": "BL23", "sides": "left", "repetitions": 1, "hold_s": 5},
        {"kind": "point", "point": "KD1", "sides": "left", "repetitions": 1, "hold_s": 5},
    ],
}


def saved_left_out(harness: Harness) -> list[str]:
    data = json.loads(harness.paths.settings_file.read_text(encoding="utf-8"))
    return list(data["left_out_points"])


@pytest.fixture
def large_text(request: pytest.FixtureRequest, qapp: QApplication) -> Iterator[str]:
    """The app in a language (``request.param``: "en" or "de") with the desktop's text at 150 %, as a
    person with a large-text desktop sets it; English and the usual text size again afterwards."""
    code: str = request.param
    locale, font = QLocale(), QFont(qapp.font())
    if code != "en":
        install_language(code)
        load_point_library.cache_clear()
    larger = QFont(font)
    larger.setPointSizeF(max(font.pointSizeF(), 10.0) * 1.5)
    qapp.setFont(larger)
    yield code
    qapp.setFont(font)
    i18n.reset()
    QLocale.setDefault(locale)
    load_point_library.cache_clear()


def shows_all_its_words(button: QPushButton, window: QWidget) -> bool:
    """The button is as wide as its words need and lies wholly inside the window."""
    left = button.mapTo(window, QPoint(0, 0)).x()
    right = button.mapTo(window, QPoint(button.width(), 0)).x()
    return left >= 0 and right <= window.width() and button.width() >= button.sizeHint().width()


@pytest.mark.parametrize("large_text", ["de", "en"], indirect=True)
def test_the_sharp_pain_button_keeps_all_its_words_on_a_small_screen(
    large_text: str, harness: Harness, asked: Asked
) -> None:
    """At 1024x640 with text at 150 %, German's longer words once cut the button to "…technder Schmerz:
    Stopp (F9": the one button a person must read at a glance now moves up a row, beside the next step's
    line, when the buttons' row has no room for it, and stays clickable."""
    window = harness.window
    window.resize(1024, 640)
    harness.qtbot.waitUntil(lambda: window.size().toTuple() == (1024, 640))
    harness.start()
    harness.until(PhaseKind.HOLD, "left")
    player = harness.player
    button = player.pain_button
    assert SHARP_PAIN_KEY_NAME in button.text()
    harness.qtbot.waitUntil(lambda: shows_all_its_words(button, window))
    for other in (player.back_button, player.pause_button, player.skip_button, player.stop_button):
        assert shows_all_its_words(other, window), other.text()
    if large_text == "de":
        assert player.pain_button_moved_up(), "German's words need more room"
    window.resize(1600, 900)
    harness.qtbot.waitUntil(lambda: window.size().toTuple() == (1600, 900))
    harness.qtbot.waitUntil(lambda: not player.pain_button_moved_up())
    assert shows_all_its_words(button, window), "back on the buttons' row when the window is wide again"
    window.resize(1024, 640)
    harness.qtbot.waitUntil(lambda: shows_all_its_words(button, window))
    click(button)
    assert asked.questions == []
    assert harness.session.over
    assert harness.session.outcome().status is SessionStatus.STOPPED_FOR_PAIN


@pytest.fixture
def german(qapp: QApplication) -> Iterator[None]:
    locale = QLocale()
    install_language("de")
    load_point_library.cache_clear()
    yield
    i18n.reset()
    QLocale.setDefault(locale)
    load_point_library.cache_clear()


@pytest.mark.usefixtures("german")
def test_a_larger_text_chosen_during_a_session_moves_the_sharp_pain_button_up(harness: Harness) -> None:
    """Settings > Look during a session: at 150 % the German button moves up with all its words, and back
    down where it was at the usual size; no resize of the window is needed for either."""
    window = harness.window
    window.resize(1024, 640)
    harness.qtbot.waitUntil(lambda: window.size().toTuple() == (1024, 640))
    harness.start()
    harness.until(PhaseKind.HOLD, "left")
    player, button = harness.player, harness.player.pain_button
    harness.qtbot.waitUntil(lambda: shows_all_its_words(button, window))
    usual_place = player.pain_button_moved_up()
    window.apply_settings(replace(window.settings, text_scale_percent=150))
    harness.qtbot.waitUntil(player.pain_button_moved_up)
    harness.qtbot.waitUntil(lambda: shows_all_its_words(button, window))
    window.apply_settings(replace(window.settings, text_scale_percent=100))
    harness.qtbot.waitUntil(lambda: player.pain_button_moved_up() == usual_place)
    harness.qtbot.waitUntil(lambda: shows_all_its_words(button, window))
    press(player.pause_button, Qt.Key.Key_F9)
    assert harness.session.outcome().status is SessionStatus.STOPPED_FOR_PAIN


def test_f9_stops_for_sharp_pain_at_once_without_a_question(harness: Harness, asked: Asked) -> None:
    harness.start()
    harness.until(PhaseKind.HOLD, "left")
    assert SHARP_PAIN_KEY_NAME in harness.player.pain_button.text(), "the button shows its key"
    harness.player.pause_button.setFocus()  # whatever has the focus
    press(harness.player.pause_button, Qt.Key.Key_F9)
    assert asked.questions == [], "no question first"
    assert harness.session.over
    assert harness.session.outcome().status is SessionStatus.STOPPED_FOR_PAIN
    summary = harness.window.summary
    assert summary is not None
    assert harness.window.screens.currentWidget() is summary


def test_esc_still_asks_first(harness: Harness, asked: Asked) -> None:
    asked.default = False
    harness.start()
    harness.until(PhaseKind.HOLD, "left")
    harness.key(Qt.Key.Key_Escape)
    assert len(asked.questions) == 1
    assert not harness.session.over
    asked.default = True  # the window may close when the test ends


def test_other_keys_and_letters_do_not_stop_the_session(harness: Harness, asked: Asked) -> None:
    harness.start()
    harness.until(PhaseKind.HOLD, "left")
    for key in (Qt.Key.Key_P, Qt.Key.Key_S, Qt.Key.Key_F8, Qt.Key.Key_F10):
        harness.key(key)
    assert not harness.session.over


def test_the_mini_player_has_stop_sharp_pain_and_a_readable_paused(harness: Harness, asked: Asked) -> None:
    harness.start()
    harness.until(PhaseKind.HOLD, "left")
    harness.window.toggle_mini()
    mini = harness.window.mini
    assert mini is not None
    assert mini.pain_button.text() == f"Sharp pain: stop ({SHARP_PAIN_KEY_NAME})"
    assert not mini.paused_label.isVisible()
    press(mini, Qt.Key.Key_Space)
    assert mini.paused_label.isVisible()
    assert mini.paused_label.font().pointSizeF() == mini.phase_label.font().pointSizeF()
    press(mini, Qt.Key.Key_Space)
    asked.default = False
    click(mini.stop_button)
    assert len(asked.questions) == 1, "Stop asks first, as Esc does"
    assert not harness.session.over
    asked.default = True
    click(mini.pain_button)
    assert harness.session.over
    assert harness.session.outcome().status is SessionStatus.STOPPED_FOR_PAIN
    assert len(asked.questions) == 1


def test_f9_in_the_mini_player(harness: Harness, asked: Asked) -> None:
    harness.start()
    harness.until(PhaseKind.PRESS, "right")
    harness.window.toggle_mini()
    mini = harness.window.mini
    assert mini is not None
    press(mini, Qt.Key.Key_F9)
    assert harness.session.outcome().status is SessionStatus.STOPPED_FOR_PAIN
    assert harness.session.outcome().pain_point == "BL23"
    assert harness.window.isVisible(), "the full window comes back with the advice"


def test_the_sharp_pain_page_names_the_point_and_leaves_it_out_of_later_sessions(
    qtbot: QtBot, tmp_path: Path, asked: Asked
) -> None:
    write_routine(resolve_paths(tmp_path), TWO_POINTS)
    harness = make_harness(qtbot, tmp_path)
    harness.start("two-points")
    harness.until(PhaseKind.HOLD, "left")
    harness.key(Qt.Key.Key_F9)
    summary = harness.window.summary
    assert summary is not None
    assert summary.pain_point_label.text() == "It hurt at BL23 · Kidney Shu."
    assert summary.leave_out_button.text() == "Leave this point out of my sessions"
    click(summary.leave_out_button)
    assert saved_left_out(harness) == ["BL23"]
    assert harness.window.settings.left_out_points == {"BL23"}
    assert "Settings" in summary.left_out_text.text()
    click(summary.leave_out_button)  # "Put it back": reversible at once
    assert saved_left_out(harness) == []
    click(summary.leave_out_button)
    click(summary.skip_button)

    harness.open_player("two-points")
    assert [step.point_code for step in harness.session.plan.steps] == ["KD1"]
    note = harness.player.notice_text(harness.player.safety_notice)
    assert "BL23 (Kidney Shu) is left out of this session, as you chose" in note
    harness.window.close()


def test_settings_show_the_left_out_point_and_unticking_brings_it_back(
    harness: Harness, asked: Asked, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sciatica_timer.ui.settings import settings_dialog

    # The availability lines without probing this machine's sound and speech (tested with the dialog).
    monkeypatch.setattr(settings_dialog, "sound_availability", lambda: (False, "no sound"))
    monkeypatch.setattr(settings_dialog, "speech_availability", lambda: (False, "no speech"))
    harness.window.leave_point_out("BL23")
    harness.window.show_settings()
    dialog = harness.window.settings_dialog
    assert dialog is not None
    box = dialog.session.left_out_boxes["BL23"]
    assert box.isChecked()
    box.setChecked(False)
    assert harness.window.settings.left_out_points == frozenset()
    assert saved_left_out(harness) == []
    dialog.accept()


def test_the_editor_preview_leaves_the_point_out_too(harness: Harness, asked: Asked) -> None:
    harness.window.leave_point_out("BL23")
    harness.window.show_routines()
    workshop = harness.window.routine_workshop
    assert workshop is not None
    routine = harness.window.routines[ROUTINE_ID]
    preview = workshop.start_preview(routine)
    assert preview is not None
    assert all(phase.point_code != "BL23" for phase in preview.plan.phases)
    player = workshop.preview_player
    assert player is not None
    assert "left out of this session, as you chose" in player.notice_text(player.safety_notice)
    workshop.end_preview()


def test_a_session_can_be_stopped_for_pain_only_once(qtbot: QtBot, tmp_path: Path, asked: Asked) -> None:
    harness = make_harness(qtbot, tmp_path)
    harness.start()
    harness.until(PhaseKind.HOLD, "left")
    harness.key(Qt.Key.Key_F9)
    assert harness.engine.state is EngineState.STOPPED
    harness.key(Qt.Key.Key_F9)  # the summary is on: nothing more happens
    assert harness.session.outcome().pain_point == "BL23"
    harness.window.close()
