"""Spoken prompts on a real voice: speech-dispatcher with espeak-ng, through QtTextToSpeech's speechd engine.

The test's own PulseAudio server (a null sink) stands in for the speakers; speech-dispatcher is started for
the child on demand (in a private runtime folder, so it speaks to this server only) and stopped by its pid.
The child plays each phase's cue through the real sound process too, as a session does, and the recording
shows that the voice and the cues take turns: every cue is heard whole and clean (a voice over it would
change its waveform), nothing sounds in the moment before it, and each prompt is heard after its cue.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from sciatica_timer.audio.player import sounds_dir
from tests.audio.sound_server import RATE, PulseServer, Recorder, cue_waveform, find_cue

CHILD = Path(__file__).with_name("speak_prompts_child.py")
SPEECH_STARTS_WITHIN_S = 1.5  # from the phase's start to the first sound of its prompt
WINDOW_S = 0.1
AUDIBLE_RMS = 0.01  # -40 dBFS: far above the null sink's digital silence
CLEAN_CUE = 0.97  # a cue recorded alone is a scaled copy of itself; a voice over it brings this well down
BEFORE_CUE_S = 0.1  # the stretch before a cue in which nothing else may sound (a prompt running into it)


@pytest.mark.slow
def test_each_spoken_prompt_is_heard_at_its_phase(sound_server: PulseServer, tmp_path: Path) -> None:
    if shutil.which("speech-dispatcher") is None:
        pytest.skip("no speech-dispatcher here (packaging/system-deps.sh test installs it)")
    runtime = tmp_path / "runtime"
    home = tmp_path / "home"
    for folder in (runtime, home):
        folder.mkdir(mode=0o700)
    env = sound_server.client_env()
    env.update(XDG_RUNTIME_DIR=str(runtime), HOME=str(home), QT_QPA_PLATFORM="offscreen")
    recorder = Recorder(sound_server)
    recorder.start()
    try:
        child = subprocess.run(
            [sys.executable, str(CHILD)], env=env, capture_output=True, text=True, timeout=120, check=False
        )
    finally:
        recording = recorder.stop()
        for pid_file in runtime.glob("speech-dispatcher/pid/*.pid"):  # the daemon the child started
            with contextlib.suppress(ValueError, ProcessLookupError):
                os.kill(int(pid_file.read_text().strip()), signal.SIGTERM)
    lines = [json.loads(line) for line in child.stdout.splitlines() if line.startswith("{")]
    assert lines, f"the child said nothing: {child.stderr[-500:]}"
    assert lines[0]["started"], f"the speechd engine did not open: {lines[0]['reason']}"
    assert lines[1]["sound"], f"the cues cannot play: {lines[1]['reason']}"
    said = [(line["said"], float(line["at"])) for line in lines[2:] if "said" in line]
    cues = [(line["cue"], float(line["at"])) for line in lines[2:] if "cue" in line]
    assert len(cues) == 3, cues
    assert [text for text, _ in said] == [
        "Left side. Bladder 23. Press gently.",
        "Hold steady.",
        "Right side. Bladder 23. Press gently.",
    ]
    first = cues[0][1]
    assert recording.rms(first - 0.4, 0.3) < AUDIBLE_RMS, "nothing is heard before the first cue"
    for text, at in said:
        windows = [at + k * WINDOW_S for k in range(round(SPEECH_STARTS_WITHIN_S / WINDOW_S))]
        heard = [start for start in windows if recording.rms(start, WINDOW_S) >= AUDIBLE_RMS]
        assert heard, f"{text!r}: not heard within {SPEECH_STARTS_WITHIN_S} s of its phase"
    for (cue, at), (text, said_at) in zip(cues, said, strict=True):
        waveform = cue_waveform(sounds_dir() / f"{cue}.wav")
        match = find_cue(recording, waveform, at, after_s=0.3)
        assert match is not None, f"{cue} at {at:.3f}: not heard"
        assert match.similarity >= CLEAN_CUE, f"{cue}: not clean ({match.similarity:.3f}): a voice over it"
        quiet_before = recording.rms(match.onset - BEFORE_CUE_S, BEFORE_CUE_S - 0.01)
        assert quiet_before < AUDIBLE_RMS, f"{cue}: something still sounds as it starts ({quiet_before:.4f})"
        end = match.onset + len(waveform) / RATE
        assert said_at >= at, f"{text!r} was handed over before its cue"
        starts = [end + k * WINDOW_S for k in range(round(SPEECH_STARTS_WITHIN_S / WINDOW_S))]
        heard = [t for t in starts if recording.rms(t, WINDOW_S) >= AUDIBLE_RMS]
        assert heard, f"{text!r}: not heard after {cue}"
    end = recording.time_of(len(recording.samples))
    assert recording.rms(end - 0.3, 0.3) < AUDIBLE_RMS, "the voice has stopped when the session is over"
