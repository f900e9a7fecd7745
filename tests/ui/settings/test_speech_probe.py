"""A speech-dispatcher that accepts a connection and never answers: Settings opens and works meanwhile.

The socket is a real one in another process (``HungSoundServer`` serves any Unix-socket protocol by saying
nothing); the speech probe really connects to it through QtTextToSpeech's speechd engine and really waits.
The dialog shows "checking…" while it waits, takes keys and saves changes, and in the end says in one line
that speech-dispatcher does not answer.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, Qt
from pytestqt.qtbot import QtBot

from sciatica_timer.audio import speech
from sciatica_timer.storage.settings_file import SettingsFile
from sciatica_timer.ui.settings import settings_dialog
from tests.audio.sound_server import HungSoundServer
from tests.ui.player_support import Harness, click, press

NO_SOUND = (False, "no sound output was found (no sound server or sound device)")
PROBE_TIMEOUT_S = 6.0  # the real probe's limit, shortened so the test does not wait 15 s for the last line


@pytest.fixture
def hung_speech_dispatcher(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[HungSoundServer]:
    server = HungSoundServer(tmp_path / "hung-speechd")
    server.start()
    monkeypatch.setenv("SPEECHD_ADDRESS", f"unix_socket:{server.socket_path}")
    monkeypatch.setattr(speech, "SPEECH_PROBE_TIMEOUT_S", PROBE_TIMEOUT_S)
    monkeypatch.setattr(settings_dialog, "sound_availability", lambda: NO_SOUND)
    try:
        yield server
    finally:
        server.stop()


@pytest.mark.slow
def test_settings_open_and_respond_while_speech_dispatcher_never_answers(
    harness: Harness, hung_speech_dispatcher: HungSoundServer, qtbot: QtBot
) -> None:
    harness.window.show_settings()
    dialog = harness.window.settings_dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    page = dialog.sounds
    qtbot.waitUntil(lambda: hung_speech_dispatcher.connections() >= 1, timeout=10_000)
    assert page.speech_line.text() == "Checking whether prompts can be spoken here…"
    assert "no sound output was found" in page.sound_line.text(), "the sound probe is not held behind it"

    # The probe is still waiting on the socket; the dialog takes keys and saves what they change.
    page.volume.setFocus()
    press(page.volume, Qt.Key.Key_PageDown)  # 80 -> 70
    assert page.volume_value.text() == "70 %"
    assert SettingsFile(harness.paths.settings_file).load().settings.cues.volume == 0.7
    press(dialog.page_list, Qt.Key.Key_Down)
    assert dialog.stack.currentWidget() is dialog.session
    assert page.speech_line.text() == "Checking whether prompts can be spoken here…", "still waiting"

    # "Play a sample" with prompts on: the prompt's engine is not opened on the window's thread while the
    # check waits (it would hang there), so the click returns at once and the check is still waiting.
    dialog.show_page(page)
    if not page.spoken.isChecked():
        page.spoken.setFocus()
        press(page.spoken, Qt.Key.Key_Space)
    assert page.spoken.isChecked()
    click(page.sample_button)
    assert dialog.findChild(QObject, "spoken-prompts") is None, "no speech engine opened"
    assert page.speech_line.text() == "Checking whether prompts can be spoken here…", "still waiting"

    qtbot.waitUntil(lambda: "Checking" not in page.speech_line.text(), timeout=round(PROBE_TIMEOUT_S * 3000))
    assert page.speech_line.text() == f"Prompts cannot be spoken here: {speech.NOT_ANSWERING}."
    click(page.sample_button)
    assert dialog.findChild(QObject, "spoken-prompts") is None, "speech does not work: none is ever opened"
