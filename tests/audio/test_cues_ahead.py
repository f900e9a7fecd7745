"""Cues handed to the sound process ahead of their moment are taken back when the person pauses or stops.

The player gives the sound process every cue due in the next half second, so a busy app cannot start one
late. A pause or a stop in that half second must still silence the cue that would have come: here a real
session plays through a private PulseAudio server, is paused (or stopped) once the hold cue is with the
sound process, and the recording must hold the press cue at the start and no hold cue at its old moment.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest
from PySide6.QtCore import QTimer
from pytestqt.qtbot import QtBot

from sciatica_timer.audio.player import LOAD_TIMEOUT_MS, CuePlayer, sounds_dir
from sciatica_timer.core.clock import MonotonicClock, ScaledClock, real_delay_s
from sciatica_timer.core.engine import SessionEngine
from sciatica_timer.session.session_timer import SessionTimer
from tests.audio.sound_server import PulseServer, Recorder, cue_waveform, find_cue
from tests.core.test_cues import TWO_POINTS

SPEED = 8.0  # the press phase (2 s of plan) lasts 0.25 s: the hold cue is handed over at the start
HEARD_AFTER_S = 0.4  # how long past the hold's old moment the recording goes on


def _pause(engine: SessionEngine) -> None:
    engine.pause()


def _stop(engine: SessionEngine) -> None:
    engine.stop("stopped by the user")


@pytest.mark.slow
@pytest.mark.parametrize("command", [_pause, _stop], ids=["pause", "stop"])
def test_a_pause_or_stop_takes_back_the_cue_already_handed_to_the_sound_process(
    command: Callable[[SessionEngine], None],
    sound_server: PulseServer,
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
):
    for name, value in sound_server.client_env({}).items():
        monkeypatch.setenv(name, value)
    clock = ScaledClock(MonotonicClock(), SPEED)
    engine = SessionEngine(TWO_POINTS, clock)
    driver = SessionTimer(engine, clock)
    cues = CuePlayer(clock)
    with qtbot.waitSignal(cues.ready, timeout=LOAD_TIMEOUT_MS * 2):
        cues.load()
    assert cues.available, cues.unavailable_reason
    driver.engine_event.connect(cues.handle_event)
    cues.follow(engine)
    recorder = Recorder(sound_server)
    recorder.start()
    try:
        started = time.monotonic()
        engine.start()  # the press cue sounds, and the hold cue, 0.25 s away, goes to the sound process
        hold_moment = started + real_delay_s(clock, clock.now() + engine.plan.phases[0].duration_s)
        command(engine)
        assert time.monotonic() < hold_moment - 0.05, "the command came before the hold's moment"
        qtbot.waitUntil(lambda: time.monotonic() > hold_moment + HEARD_AFTER_S, timeout=5_000)
    finally:
        recording = recorder.stop()
        driver.shutdown()
        cues.shutdown()
    press = find_cue(recording, cue_waveform(sounds_dir() / "press.wav"), started)
    assert press is not None, "the press cue sounded: the server records what plays"
    hold = find_cue(recording, cue_waveform(sounds_dir() / "hold.wav"), hold_moment, after_s=HEARD_AFTER_S)
    assert hold is None, f"the hold cue sounded {1000 * (hold.onset - hold_moment):.0f} ms from its moment"


@pytest.mark.slow
def test_the_player_looks_ahead_only_when_the_next_cue_comes_near(
    sound_server: PulseServer, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
):
    """No polling: after the hold's cue the player sleeps until the 3-2-1 ticks before its end come within
    half a second, instead of waking four times a second to look."""
    from tests.core.plan_factory import H, make_plan

    for name, value in sound_server.client_env({}).items():
        monkeypatch.setenv(name, value)
    clock = MonotonicClock()
    engine = SessionEngine(make_plan([(H, 30)]), clock)  # ticks at 27, 28 and 29 s; the end at 30 s
    driver = SessionTimer(engine, clock)
    cues = CuePlayer(clock)
    with qtbot.waitSignal(cues.ready, timeout=LOAD_TIMEOUT_MS * 2):
        cues.load()
    assert cues.available, cues.unavailable_reason
    driver.engine_event.connect(cues.handle_event)
    cues.follow(engine)
    try:
        engine.start()
        driver.rearm()
        ahead = cues.findChild(QTimer, "cue-ahead")
        assert ahead is not None
        assert ahead.isActive(), "it looks again before the first tick"
        assert ahead.interval() > 26_000, "not before the first tick is within half a second (at 26.5 s)"
        engine.pause()
        assert not ahead.isActive(), "a paused session hands nothing over"
    finally:
        driver.shutdown()
        cues.shutdown()
