"""Without sound (no server, an odd Qt media backend, QtMultimedia unable to load) a session still plays.

Each case runs the terminal player to the end of a routine: it must finish normally, say once why there is
no sound, and log the problem once.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests.audio.sound_server import block_qtmultimedia, play_command


@pytest.mark.parametrize(
    ("env", "blocked", "reason"),
    [
        ({}, False, "no sound output was found"),
        ({"QT_MEDIA_BACKEND": "gstreamer"}, False, "no sound output was found"),
        ({"QT_MEDIA_BACKEND": "no-such-backend"}, False, "no sound output was found"),
        ({}, True, "QtMultimedia could not be loaded"),
    ],
    ids=["no-server", "gstreamer-backend", "unknown-backend", "no-qtmultimedia"],
)
def test_a_session_plays_to_its_end_without_sound(
    tmp_path: Path, env: dict[str, str], blocked: bool, reason: str, monkeypatch: pytest.MonkeyPatch
):
    data = tmp_path / "data"
    command = play_command(data, "--speed", "100")
    if blocked:
        block_qtmultimedia(monkeypatch, tmp_path)
    # A server address where nothing listens: libpulse fails at once instead of finding a real server; and
    # PulseAudio even where Qt would otherwise pick PipeWire (a desktop), which ignores that address.
    run_env = dict(os.environ, PULSE_SERVER=f"unix:{tmp_path / 'no-server'}", QT_AUDIO_BACKEND="pulseaudio")
    run_env.update(env)
    result = subprocess.run(
        command,
        env=run_env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "routine complete" in result.stdout
    said = [line for line in result.stderr.splitlines() if "no sound" in line]
    assert len(said) == 1
    assert "PulseAudio" not in result.stderr, "Qt's messages about the sound server go to the log"
    assert reason in said[0]
    log = (data / "logs").glob("*.log")
    logged = [line for path in log for line in path.read_text().splitlines() if "no sound cues" in line]
    assert len(logged) == 1
    assert reason in logged[0]
