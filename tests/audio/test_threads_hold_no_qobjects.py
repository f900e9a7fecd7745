"""The app's own threads (the speech check, each sound process's reader) never hold a reference to a QObject
that can be freed: if one did, and dropped the last reference as it ended, the object would be deleted on
that thread while its answer was being delivered on the UI thread, and the app would crash now and then.

Each test lets the object go while its thread still runs and checks that it is gone at once (so the thread
cannot be the one to free it), then lets the thread finish and deliver into nothing.
"""

from __future__ import annotations

import gc
import threading
import weakref

import pytest
from pytestqt.qtbot import QtBot

from sciatica_timer.audio import player, speech

WAIT_MS = 20_000


def test_a_speech_check_let_go_while_its_thread_runs_is_freed_on_the_ui_thread(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    answer_now = threading.Event()

    def slow_probe() -> tuple[bool, str]:
        answer_now.wait(WAIT_MS / 1000)
        return (True, "")

    monkeypatch.setattr(speech, "probe_speech_output", slow_probe)
    check = speech.SpeechCheck()
    check.start()
    thread = check._thread
    assert thread is not None
    gone = weakref.ref(check)
    del check
    gc.collect()
    assert gone() is None, "the checking thread keeps no reference to the check"
    answer_now.set()
    thread.join(WAIT_MS / 1000)
    # Its answer reaches the UI thread and finds nobody waiting for it.
    qtbot.waitUntil(lambda: not speech._checks_waiting, timeout=WAIT_MS)


def test_a_speech_check_still_kept_hears_its_answer(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(speech, "probe_speech_output", lambda: (False, "no speech here"))
    check = speech.SpeechCheck()
    with qtbot.waitSignal(check.answered, timeout=WAIT_MS) as answered:
        check.start()
    assert answered.args == [False, "no speech here"]
    assert check.answer == (False, "no speech here")
    assert not check.checking


def test_a_sound_process_let_go_while_its_reader_runs_is_freed_on_the_ui_thread(qtbot: QtBot) -> None:
    sound = player.SoundProcess(player.sounds_dir(), 0.0)
    process = sound._proc
    readers = [t for t in threading.enumerate() if t.name == "sound-process-reader"]
    assert readers
    sound.close()  # its end of the pipe; the process plays on until killed below
    gone = weakref.ref(sound)
    del sound
    gc.collect()
    assert gone() is None, "the reader thread keeps no reference to the sound process"
    process.kill()
    for reader in readers:
        reader.join(WAIT_MS / 1000)
    # The reader's last line ("ended") reaches the UI thread and finds nobody listening.
    qtbot.waitUntil(lambda: not player._listening, timeout=WAIT_MS)
