"""A sound server that accepts and never answers, seen from the terminal player: the session keeps its time.

QtMultimedia waits about 30 s at a time on such a server. It runs only in the sound process, so the player's
own event loop never waits: each phase starts when it was planned, and the terminal says once that cues are
shown on screen only. Qt's own complaints about the server go to the log, never to the terminal.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from sciatica_timer.audio.player import LOAD_TIMEOUT_MS, NOT_ANSWERING, STOPPED_ANSWERING, CuePlayer
from sciatica_timer.core.clock import MonotonicClock
from sciatica_timer.core.cues import Cue
from tests.audio.sound_server import HungSoundServer, PulseServer, play_command

SPEED = 2.0
# The shortest phase of the routine (press and release, 1 s of plan) in real seconds: an event later than
# that would mean a phase overran into the next, which is what a held event loop did (by about 30 s).
SHORTEST_PHASE_S = 1 / SPEED


@pytest.mark.slow
def test_a_terminal_session_keeps_its_timing_while_the_sound_server_hangs(
    hung_sound_server: HungSoundServer, tmp_path: Path
):
    events = tmp_path / "events.jsonl"
    command = play_command(tmp_path / "data", "--speed", str(SPEED), "--events", str(events))
    result = subprocess.run(
        command,
        env=hung_sound_server.client_env(),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "routine complete" in result.stdout
    assert hung_sound_server.connections() >= 1, "the sound process did reach the server"
    said = [line for line in result.stderr.splitlines() if "no sound" in line]
    assert said == [f"sciatica-timer: no sound: {NOT_ANSWERING}; cues are shown on screen only"]
    assert "pa_context" not in result.stderr
    assert "PulseAudio" not in result.stderr

    log = [json.loads(line) for line in events.read_text().splitlines()]
    started = [(e["step"], e["side"], e["phase"]) for e in log if e["event"] == "phase_started"]
    holds = [phase for phase in started if phase[2] == "hold"]
    assert len(holds) == 3, "no hold is skipped: both sides of the first point, one side of the second"
    assert len(started) == len(set(started)), started
    late = [(float(e["actual_s"]) - float(e["planned_s"]), e["event"], e.get("phase")) for e in log]
    assert max(late)[0] < SHORTEST_PHASE_S, max(late)
    assert log[-1]["event"] == "session_completed"


@pytest.mark.slow
def test_a_sound_server_that_stops_mid_session_turns_cues_into_flashes(
    sound_server: PulseServer, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
):
    for name, value in sound_server.client_env({}).items():
        monkeypatch.setenv(name, value)
    cues = CuePlayer(MonotonicClock())
    shown: list[str] = []
    cues.cue_shown.connect(shown.append)
    with qtbot.waitSignal(cues.ready, timeout=LOAD_TIMEOUT_MS * 2):
        cues.load()
    assert cues.available, cues.unavailable_reason
    with qtbot.waitSignal(cues.quiet, timeout=LOAD_TIMEOUT_MS):
        cues.play(Cue.TICK)
    sound_server.freeze()
    try:
        # The sound process notices the cue that never ends; the player's own loop never waits for it.
        with qtbot.waitSignal(cues.status_changed, timeout=LOAD_TIMEOUT_MS * 3) as changed:
            cues.play(Cue.PRESS)
        assert changed.args == [STOPPED_ANSWERING]
        assert not cues.available
        assert not cues.is_sound_process_running()
        cues.play(Cue.HOLD)
        assert shown == ["tick", "press", "hold"], "every cue is still shown"
    finally:
        sound_server.freeze(False)
        cues.shutdown()
