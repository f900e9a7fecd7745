"""A private PulseAudio server with a null sink for each test that asks; skipped where none can start."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.audio.sound_server import HungSoundServer, PulseServer, SoundServerUnavailableError


@pytest.fixture
def sound_server(tmp_path: Path) -> Iterator[PulseServer]:
    server = PulseServer(tmp_path / "pulse")
    try:
        server.start()
    except SoundServerUnavailableError as exc:
        pytest.skip(f"no PulseAudio server could start here: {exc}")
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def hung_sound_server(tmp_path: Path) -> Iterator[HungSoundServer]:
    server = HungSoundServer(tmp_path / "hung-pulse")
    server.start()
    try:
        yield server
    finally:
        server.stop()
