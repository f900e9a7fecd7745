"""The shipped cue sounds are exactly what the synthesizer makes, and they are soft, clean and distinct."""

from __future__ import annotations

import io
import itertools
import wave
from pathlib import Path

import numpy as np
import pytest

from sciatica_timer.audio import synth
from sciatica_timer.audio.player import sounds_dir
from sciatica_timer.core.cues import Cue


def samples(data: bytes) -> tuple[np.ndarray, wave._wave_params]:
    with wave.open(io.BytesIO(data), "rb") as wav:
        params = wav.getparams()
        frames = wav.readframes(wav.getnframes())
    return np.frombuffer(frames, dtype="<i2").astype(np.float64) / 32768.0, params


@pytest.fixture(scope="module")
def made() -> dict[Cue, bytes]:
    return {cue: synth.wav_bytes(cue) for cue in Cue}


def test_the_committed_sounds_are_what_the_code_makes(made):
    folder = sounds_dir()
    assert sorted(p.name for p in folder.glob("*.wav")) == sorted(synth.file_name(c) for c in Cue)
    stale = [cue.value for cue in Cue if (folder / synth.file_name(cue)).read_bytes() != made[cue]]
    assert stale == [], "regenerate with: python -m sciatica_timer.audio.synth resources/sounds"


def test_the_command_writes_every_cue(tmp_path: Path, made, capsys):
    assert synth.main([str(tmp_path / "sounds")]) == 0
    assert {p.name: p.read_bytes() for p in (tmp_path / "sounds").iterdir()} == {
        synth.file_name(c): made[c] for c in Cue
    }
    assert len(capsys.readouterr().out.splitlines()) == len(Cue)


@pytest.mark.parametrize("cue", list(Cue))
def test_each_cue_is_48_khz_16_bit_mono_with_soft_edges_and_no_harsh_overtones(cue, made):
    audio, params = samples(made[cue])
    assert (params.nchannels, params.sampwidth, params.framerate) == (1, 2, 48_000)
    assert 0.05 <= len(audio) / 48_000 <= 1.5
    peak = np.max(np.abs(audio))
    assert 0.2 <= peak <= 0.5 + 1e-4, "loud enough to hear, with headroom"
    # No click: silence at both ends and a fade-in rather than a step.
    assert audio[0] == 0
    assert audio[-1] == 0
    assert np.max(np.abs(audio[:48])) < 0.25 * peak, "the first millisecond stays quiet"
    # No square-wave buzz: almost all the energy lies below 5 kHz.
    spectrum = np.abs(np.fft.rfft(audio)) ** 2
    freqs = np.fft.rfftfreq(len(audio), 1 / 48_000)
    assert spectrum[freqs > 5000].sum() < 0.01 * spectrum.sum()


def opening_similarity(x: np.ndarray, y: np.ndarray) -> float:
    """How alike two openings are, allowing either to lag the other by up to 5 ms."""
    n = min(len(x), len(y))
    best = 0.0
    for lag in range(0, 240, 4):
        for a, b in ((x, y), (y, x)):
            part_a, part_b = a[: n - lag], b[lag:n]
            best = max(best, abs(np.dot(part_a, part_b)) / (np.linalg.norm(part_a) * np.linalg.norm(part_b)))
    return best


def test_cues_are_told_apart_from_their_first_50_ms(made):
    """Each cue opens on its own pitch: a listener, and the audible-cue test, can tell which one began."""
    openings = {cue: samples(made[cue])[0][:2400] for cue in Cue}
    alike = [
        (a, b)
        for a, b in itertools.combinations(Cue, 2)
        if opening_similarity(openings[a], openings[b]) > 0.5
    ]
    assert alike == []
