"""What a person sees on the player beyond the phases: the time left at any text size, a plain paused state,
and a banner when no cue can make a sound."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QAbstractScrollArea, QApplication, QWidget
from pytestqt.qtbot import QtBot

from sciatica_timer.core.clock import FakeClock, FakeSuspendProbe
from sciatica_timer.core.engine import EngineState
from sciatica_timer.core.plan import PhaseKind
from sciatica_timer.storage.paths import resolve_paths
from sciatica_timer.ui.common.theme import scaled_font
from sciatica_timer.ui.main_window import MainWindow
from tests.ui.player_support import SHORT_ROUTINE, Asked, Harness, click, write_routine
from tests.ui.settings.test_settings_dialog import look_restored

__all__ = ["look_restored"]  # the settings tests' fixture puts the text size back after each test here


def test_the_time_left_keeps_every_digit_when_the_text_grows(harness: Harness) -> None:
    """A text size changed during a session rescales the titles and numbers that set their own size
    (``appearance._rescale_set_fonts``): the time-left line must widen with its font."""
    harness.start("full-protocol")
    player = harness.player
    label = player.time_left_label
    text = label.text()
    assert text.endswith(" left")
    assert ":" in text, text
    normal = QFont(label.font())
    for factor in (1.5, 2.0, 1.25):
        label.setFont(scaled_font(normal, factor, bold=True))
        assert label.text() == text
        assert label.fontMetrics().horizontalAdvance(text) <= label.contentsRect().width()
        # The longest text it can show fits as well, so the line never jumps.
        assert label.fontMetrics().horizontalAdvance("0:00:00 left") <= label.contentsRect().width()


def test_paused_is_plain_and_the_buttons_stay_put(harness: Harness) -> None:
    harness.start()
    player = harness.player
    harness.key(Qt.Key.Key_Return)  # found it: pressing begins
    assert not player.paused_banner.isVisibleTo(player)
    skip_at = player.skip_button.mapTo(player, player.skip_button.rect().topLeft())
    width = player.pause_button.width()
    click(player.pause_button)
    assert harness.state() is EngineState.PAUSED
    assert player.paused_banner.isVisibleTo(player)
    assert "Paused" in player.paused_label.text()
    harness.qtbot.waitUntil(lambda: player.pause_button.text() == "Resume")
    QApplication.processEvents()
    assert player.pause_button.width() == width
    assert player.skip_button.mapTo(player, player.skip_button.rect().topLeft()) == skip_at
    harness.key(Qt.Key.Key_Space)
    assert harness.state() is EngineState.RUNNING
    assert not player.paused_banner.isVisibleTo(player)


@pytest.fixture
def silent_harness(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, asked: Asked
) -> Iterator[Harness]:
    """The app as it runs for a person (sound on), on a machine with no sound server: no cue can sound."""
    # A server address where nothing listens, and PulseAudio even where Qt would pick PipeWire: the sound
    # process finds no output at once.
    monkeypatch.setenv("PULSE_SERVER", f"unix:{tmp_path / 'no-server'}")
    monkeypatch.setenv("QT_AUDIO_BACKEND", "pulseaudio")
    paths = resolve_paths(tmp_path / "data")
    write_routine(paths, SHORT_ROUTINE)
    clock, probe = FakeClock(100.0), FakeSuspendProbe()
    window = MainWindow(paths, clock=clock, suspend_probe=probe, sound=True)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.loaded, timeout=10_000):
        window.show()
    yield Harness(qtbot, paths, clock, probe, window)
    window.close()


def test_get_ready_and_the_player_say_when_there_is_no_sound(silent_harness: Harness) -> None:
    harness = silent_harness
    harness.open_player()
    player = harness.player
    assert harness.state() is EngineState.READY
    # The sound process is started when the player opens, so "Get ready" can say it before the start.
    harness.qtbot.waitUntil(lambda: player.notice_text(player.sound_notice) != "", timeout=30_000)
    banner = player.notice_text(player.sound_notice)
    assert banner.startswith("No sound: the cues are on screen only.")
    assert "no sound output was found" in banner
    harness.key(Qt.Key.Key_Space)
    harness.key(Qt.Key.Key_Return)
    assert harness.state() is EngineState.RUNNING
    assert player.notice_text(player.sound_notice) == banner, "the banner stays through the session"


def test_no_banner_where_sound_is_off_by_design(harness: Harness) -> None:
    harness.open_player()
    assert harness.player.notice_text(harness.player.sound_notice) == ""


def test_the_player_says_when_spoken_prompts_cannot_be_spoken_this_session(harness: Harness) -> None:
    """The session's one line about prompts (from its background speech check) shows above the player."""
    harness.open_player()
    player = harness.player
    assert player.notice_text(player.speech_notice) == ""
    assert not player.speech_notice.isVisible()
    line = "No spoken prompts in this session: speech-dispatcher does not answer."
    harness.session.speech_problem.emit(line)
    assert player.notice_text(player.speech_notice) == line
    assert player.speech_notice.isVisible()


def _scrolls(widget: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QAbstractScrollArea):
            return True
        parent = parent.parentWidget()
    return False


def _picture_share(harness: Harness) -> float:
    """The picture's share of the window's height; it stands above the words, which scroll, never it."""
    QApplication.processEvents()
    player, window = harness.player, harness.window
    picture, details = player.picture, player.details_scroll
    assert picture.isVisible()
    assert not _scrolls(picture), "the picture never scrolls out of view"
    assert details.isVisible()
    picture_bottom = picture.mapTo(window, QPoint(0, picture.height())).y()
    assert picture_bottom <= details.mapTo(window, QPoint(0, 0)).y(), "the words are under the picture"
    assert player.picture_caption.isHidden() or _scrolls(player.picture_caption), "its caption scrolls"
    return picture.height() / window.height()


@pytest.mark.parametrize("percent", [150, 200])
def test_the_picture_keeps_its_share_of_a_small_screen_at_large_text(harness: Harness, percent: int) -> None:
    """At 1024x640 with large text the picture of an activity and of a point keeps 40 % of the height."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    font = QFont(app.font())
    font.setPointSizeF(max(font.pointSizeF(), 10.0) * percent / 100)  # the desktop's text, enlarged
    app.setFont(font)
    harness.window.resize(1024, 640)
    harness.qtbot.waitUntil(lambda: harness.window.size().toTuple() == (1024, 640))
    harness.start("full-protocol")
    step = harness.engine.current_step
    assert step is not None
    assert not harness.player.picture.sides_named, "the routine opens with an activity (settling in)"
    assert _picture_share(harness) >= 0.38
    harness.until(PhaseKind.LOCATE)
    assert harness.player.picture.sides_named, "a point's body view"
    assert _picture_share(harness) >= 0.38
    assert harness.player.details_scroll.verticalScrollBar().maximum() > 0, "the words scroll instead"
