"""Every cue is heard from a real sound server, on time, while the terminal player plays a routine.

A private PulseAudio server with a null sink stands in for the speakers; its monitor is recorded while
``play --no-gui`` runs a short routine at high speed. ``tests/audio/sound_server.py`` explains how the
recording is lined up with the player's event log; by that method an onset can come out early only by the
null sink's render-ahead (``EARLIEST_S``), never more.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sciatica_timer.core.cues import Cue
from tests.audio.sound_server import EARLIEST_S, PulseServer, listen_for_cues, play_while_recording

SPEED = 8.0
LATEST_S = 0.050  # a cue must start within 50 ms of its planned time
AUDIBLE_RMS = 0.01  # -40 dBFS: far above the null sink's digital silence, far below a cue (about 0.1)


@pytest.mark.slow
def test_every_cue_is_heard_within_50_ms_of_its_planned_time(sound_server: PulseServer, tmp_path: Path):
    played = play_while_recording(sound_server, tmp_path, speed=SPEED)
    heard = listen_for_cues(played, SPEED)
    assert {h.cue for h in heard} == set(Cue), "the routine calls for every cue"
    problems = []
    for h in heard:
        where = f"{h.cue.value} at {h.planned_s:.3f} s"
        if h.match is None:
            problems.append(f"{where}: not heard")
            continue
        if not EARLIEST_S <= h.late_s <= LATEST_S:
            problems.append(f"{where}: starts {h.late_s * 1000:.1f} ms after its planned time")
        if h.match.level < AUDIBLE_RMS:
            problems.append(f"{where}: too quiet (RMS {h.match.level:.4f})")
        if h.match.similarity < 0.9:
            problems.append(f"{where}: does not sound like itself (similarity {h.match.similarity:.2f})")
    assert problems == []


@pytest.mark.slow
def test_mute_plays_nothing(sound_server: PulseServer, tmp_path: Path):
    played = play_while_recording(sound_server, tmp_path, "--mute", speed=50.0)
    end = played.session_start + float(str(played.events[-1]["actual_s"]))
    recording = played.recording
    assert recording.time_of(0) < played.session_start, "the recording covers the whole session"
    assert recording.time_of(len(recording.samples)) > end
    assert float(abs(recording.samples).max()) == 0.0, "digital silence"
