"""The voice and the cues take turns: a 3-2-1 tick is held back while a prompt is spoken, and any other cue
stops the prompt and sounds once the voice has fallen silent (``VOICE_STOP_MS`` later).

The cues play through the real sound process on a PulseAudio null sink whose monitor is recorded; the
prompts go to Qt's "mock" speech engine, which says nothing but reports speaking for as long as a voice
would, so what the recording holds is the cues alone.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from sciatica_timer.audio.player import CuePlayer, sounds_dir
from sciatica_timer.audio.speech import TEST_ENGINE, VOICE_STOP_MS, SpokenPrompts
from sciatica_timer.core.clock import MonotonicClock
from sciatica_timer.core.cues import Cue
from tests.audio.sound_server import EARLIEST_S, PulseServer, Recorder, Recording, cue_waveform, find_cue

AUDIBLE_RMS = 0.01  # -40 dBFS: far above the null sink's digital silence, far below a cue
PROMPT = "Left side. Bladder 23. Press gently. Breathe slowly, and let the shoulders drop."


@pytest.fixture
def cues(sound_server: PulseServer, monkeypatch: pytest.MonkeyPatch, qtbot: QtBot) -> Iterator[CuePlayer]:
    for name, value in sound_server.client_env().items():
        monkeypatch.setenv(name, value)
    player = CuePlayer(MonotonicClock())
    with qtbot.waitSignal(player.ready, timeout=30_000):
        player.load()
    assert player.available, player.unavailable_reason
    yield player
    player.shutdown()


@pytest.fixture
def prompts(cues: CuePlayer) -> Iterator[SpokenPrompts]:
    voice = SpokenPrompts({}, engine=TEST_ENGINE)
    assert voice.start(), voice.unavailable_reason
    voice.take_turns_with(cues)
    yield voice
    voice.shutdown()


def _heard(recording: Recording, cue: Cue, at: float, within_s: float) -> float | None:
    """When ``cue`` starts in the recording, searched from ``at`` on for ``within_s``; None if not heard."""
    match = find_cue(recording, cue_waveform(sounds_dir() / f"{cue.value}.wav"), at, after_s=within_s)
    if match is None or match.level < AUDIBLE_RMS:
        return None
    return match.onset


@pytest.mark.slow
def test_a_tick_waits_out_a_prompt_and_another_cue_cuts_it_short(
    sound_server: PulseServer, cues: CuePlayer, prompts: SpokenPrompts, qtbot: QtBot
) -> None:
    shown: list[str] = []
    cues.cue_shown.connect(shown.append)
    recorder = Recorder(sound_server)
    recorder.start()
    try:
        # With no prompt spoken, a tick sounds: the recording would show one held back wrongly.
        free_tick_at = time.monotonic()
        with qtbot.waitSignal(cues.quiet, timeout=10_000):
            cues.play(Cue.TICK)

        with qtbot.waitSignal(prompts.spoken, timeout=5_000):
            prompts.say(PROMPT)
        assert prompts.speaking
        tick_at = time.monotonic()
        cues.play(Cue.TICK)
        assert shown[-1] == "tick", "the countdown still shows the tick"
        assert not cues.is_playing(), "the tick was not sent to the sound process"
        assert prompts.speaking, "a tick does not cut the prompt short"

        press_at = time.monotonic()
        with qtbot.waitSignal(cues.quiet, timeout=10_000):
            cues.play(Cue.PRESS)
            assert shown[-1] == "press"
            assert not prompts.speaking, "the press cue stopped the prompt"
        end = time.monotonic()
    finally:
        recording = recorder.stop()

    assert _heard(recording, Cue.TICK, free_tick_at, 0.5) is not None, "a tick with no prompt is heard"
    assert _heard(recording, Cue.TICK, tick_at, press_at - tick_at + 0.5) is None, "the tick was sounded"
    onset = _heard(recording, Cue.PRESS, press_at, end - press_at)
    assert onset is not None, "the press cue is heard"
    assert onset >= press_at + VOICE_STOP_MS / 1000 + EARLIEST_S, (
        f"the press cue sounded {1000 * (onset - press_at):.0f} ms after it came: over the voice"
    )
    assert recording.rms(tick_at, onset - tick_at - 0.01) < AUDIBLE_RMS, (
        "nothing sounds while the prompt is cut"
    )
