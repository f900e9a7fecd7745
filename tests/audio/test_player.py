"""The cue player and spoken prompts inside the app: cues are always shown, and missing sound is explained.

Real sound is proven in test_audible.py; here QtMultimedia is made unavailable (as when libpulse is missing)
so the tests run the same on any machine and never touch a real sound device.
"""

from __future__ import annotations

import json
import logging
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from pytestqt.qtbot import QtBot

from sciatica_timer.audio import player as player_module
from sciatica_timer.audio import speech as speech_module
from sciatica_timer.audio.player import LOAD_TIMEOUT_MS, CuePlayer, sound_availability
from sciatica_timer.audio.speech import SpokenPrompts, speech_availability
from sciatica_timer.core.clock import FakeClock, MonotonicClock, ScaledClock
from sciatica_timer.core.cues import Cue, CueSettings
from sciatica_timer.core.engine import SessionEngine
from sciatica_timer.core.plan import Side
from sciatica_timer.core.session_events import PhaseStarted
from sciatica_timer.session.session_timer import SessionTimer
from tests.audio.sound_server import block_qtmultimedia
from tests.core.test_cues import TWO_POINTS, build_plan, side


def test_importing_the_audio_modules_loads_no_qtmultimedia() -> None:
    """The window imports them on its way up; QtMultimedia must wait until a session starts."""
    script = (
        "import json, sys; import sciatica_timer.audio.player, sciatica_timer.audio.speech; "
        "print(json.dumps(sorted(m for m in sys.modules if m.startswith('PySide6.'))))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True
    )
    loaded = json.loads(result.stdout)
    assert "PySide6.QtCore" in loaded
    assert "PySide6.QtMultimedia" not in loaded
    assert "PySide6.QtTextToSpeech" not in loaded


@pytest.fixture
def no_qtmultimedia(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Importing QtMultimedia fails in the sound process, as it does without libpulse; nothing logged yet."""
    block_qtmultimedia(monkeypatch, tmp_path)
    monkeypatch.setattr(player_module, "_reported", set())


@pytest.mark.usefixtures("no_qtmultimedia")
def test_without_sound_every_cue_is_still_shown_in_time_order(qtbot: QtBot) -> None:
    clock = ScaledClock(MonotonicClock(), 50.0)  # 54 s of plan in about a second
    engine = SessionEngine(TWO_POINTS, clock)
    driver = SessionTimer(engine, clock)
    cues = CuePlayer(clock)
    with qtbot.waitSignal(cues.ready, timeout=LOAD_TIMEOUT_MS):
        cues.load()
    assert not cues.available
    assert cues.is_ready()
    assert "QtMultimedia could not be loaded" in cues.unavailable_reason
    driver.engine_event.connect(cues.handle_event)
    shown: list[str] = []
    cues.cue_shown.connect(shown.append)
    with qtbot.waitSignal(cues.cue_shown, check_params_cb=lambda name: name == "complete", timeout=10_000):
        engine.start()
    assert shown.count("breathe_out") == 3, "breath cues come from the player's own timer"
    assert shown[:4] == ["press", "hold", "tick", "tick"]
    assert shown[-1] == "complete"
    assert {Cue(name) for name in shown} == set(Cue)
    breath_timer = cues.findChild(QTimer, "breath-cue")
    assert breath_timer is not None
    assert not breath_timer.isActive(), "no timer is left running after the session"
    driver.shutdown()
    cues.shutdown()


@pytest.mark.usefixtures("no_qtmultimedia")
def test_switched_off_cues_are_not_shown_and_muting_still_shows_them(qtbot: QtBot) -> None:
    clock = FakeClock()
    cues = CuePlayer(clock, CueSettings(muted=True, ticks=False).with_cue(Cue.HOLD, False))
    cues.load()
    engine = SessionEngine(build_plan(("BL23", side(Side.LEFT))), clock)
    engine.subscribe(cues.handle_event)
    shown: list[str] = []
    cues.cue_shown.connect(shown.append)
    engine.start()
    for _ in range(10):
        deadline = engine.next_deadline()
        if deadline is None:
            break
        clock.set(deadline)
        engine.update()
    assert shown == ["press", "release", "breathe_in", "complete"]
    cues.set_settings(CueSettings())
    cues.play(Cue.HOLD)
    assert shown[-1] == "hold", "a settings page can preview a cue"
    cues.shutdown()


@pytest.mark.usefixtures("no_qtmultimedia")
def test_the_missing_sound_is_logged_once(qtbot: QtBot, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger=player_module.__name__):
        players = [CuePlayer(FakeClock()) for _ in range(3)]
        for cues in players:
            with qtbot.waitSignal(cues.ready, timeout=LOAD_TIMEOUT_MS):
                cues.load()
    assert [r.getMessage() for r in caplog.records] == [
        f"no sound cues: {players[0].unavailable_reason}; cues are shown on screen only"
    ]


@pytest.mark.usefixtures("no_qtmultimedia")
def test_sound_availability_explains_itself(qtbot: QtBot) -> None:
    available, reason = sound_availability()
    assert not available
    assert reason.startswith("QtMultimedia could not be loaded")


def test_speech_availability_explains_a_missing_qttexttospeech(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "PySide6.QtTextToSpeech", None)
    speech_availability.cache_clear()
    try:
        assert speech_availability() == (False, speech_availability()[1])
        assert speech_availability()[1].startswith("QtTextToSpeech could not be loaded")
    finally:
        speech_availability.cache_clear()


def test_speech_availability_on_this_machine_gives_an_answer_or_a_reason() -> None:
    """In a fresh process: probing a broken engine makes Qt print errors, which fail an in-process test."""
    script = (
        "import json; from PySide6.QtCore import QCoreApplication; app = QCoreApplication([]); "
        "from sciatica_timer.audio.speech import speech_availability; "
        "print(json.dumps(speech_availability()))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True
    )
    available, reason = json.loads(result.stdout.splitlines()[-1])
    if available:
        assert reason == ""
    else:
        assert speech_module.INSTALL_HINT in reason or "QtTextToSpeech" in reason


def test_spoken_prompts_say_each_phase(qtbot: QtBot) -> None:
    prompts = SpokenPrompts({"BL23": "Bladder 23"}, engine=speech_module.TEST_ENGINE)
    assert prompts.start()
    assert prompts.available
    phase = TWO_POINTS.phases[0]
    event = PhaseStarted(planned_at=0, actual_at=0, phase_index=0, phase=phase)
    with qtbot.waitSignal(prompts.spoken, timeout=1000) as said:
        prompts.handle_event(event)
    assert said.args == ["Left side. Bladder 23. Press gently."]
    prompts.shutdown()


@pytest.mark.qt_log_ignore("Text-to-speech plug-in")
def test_spoken_prompts_without_an_engine_stay_silent_and_say_why(qtbot: QtBot) -> None:
    prompts = SpokenPrompts({}, engine="no-such-engine")
    assert not prompts.start()
    assert not prompts.available
    assert "no-such-engine" in prompts.unavailable_reason
    said: list[str] = []
    prompts.spoken.connect(said.append)
    prompts.handle_event(PhaseStarted(planned_at=0, actual_at=0, phase_index=0, phase=TWO_POINTS.phases[0]))
    assert said == []
