"""Makes the cue sounds from a few lines of arithmetic, so they can be rebuilt and checked byte for byte.

``python -m sciatica_timer.audio.synth resources/sounds`` writes one 48 kHz 16-bit mono WAV per cue. Every
note is a soft bell (a sine with two quiet overtones) with a smooth rise and fall, so no sound starts or stops
with a click; pitches come from one major scale so the cues sound well together.
"""

from __future__ import annotations

import argparse
import io
import math
import sys
import wave
from array import array
from dataclasses import dataclass
from pathlib import Path

from sciatica_timer.core.cues import Cue

RATE = 48_000
SAMPLE_WIDTH = 2  # bytes: 16-bit
FULL_SCALE = 32_767
# Loudest sample as a fraction of full scale: room for the user's volume and for two cues at once.
PEAK = 0.5
TICK_PEAK = 0.3  # ticks are meant to be heard, not noticed
OVERTONES = ((1.0, 1.0), (2.0, 0.22), (3.0, 0.05))  # (frequency ratio, level): warm, not buzzy
RELEASE_S = 0.03  # every note fades to silence over its last 30 ms

# Equal-tempered pitches (Hz) of the notes used.
C4, E4, G4, A4, C5, D5, E5, A5, E6 = 261.63, 329.63, 392.00, 440.00, 523.25, 587.33, 659.26, 880.00, 1318.51


@dataclass(frozen=True, slots=True)
class Note:
    """One bell note; ``glide_to`` bends the pitch smoothly to another frequency over the note."""

    at_s: float
    freq: float
    length_s: float
    level: float = 1.0
    attack_s: float = 0.012
    decay_s: float = 0.4  # time for the ring to fall to 1/e
    glide_to: float | None = None


def _arpeggio(freqs: tuple[float, ...], gap_s: float, length_s: float, decay_s: float) -> tuple[Note, ...]:
    return tuple(Note(i * gap_s, f, length_s, decay_s=decay_s) for i, f in enumerate(freqs))


# Rising figures ask for effort (press, next point), falling ones let go (release, breathe out). Each cue
# opens on its own pitch, so even its first instant tells it apart from the others.
SCORES: dict[Cue, tuple[tuple[Note, ...], float]] = {
    Cue.PRESS: ((Note(0.0, C5, 0.22, decay_s=0.2), Note(0.11, E5, 0.30, decay_s=0.25)), PEAK),
    Cue.HOLD: ((Note(0.0, A4, 0.45, decay_s=0.6), Note(0.0, E5, 0.45, level=0.35, decay_s=0.4)), PEAK),
    Cue.RELEASE: ((Note(0.0, E5, 0.22, decay_s=0.2), Note(0.11, C5, 0.34, decay_s=0.3)), PEAK),
    Cue.BREATHE_IN: ((Note(0.0, G4, 0.70, attack_s=0.04, decay_s=1.5, glide_to=C5),), PEAK * 0.9),
    Cue.BREATHE_OUT: ((Note(0.0, D5, 0.80, attack_s=0.04, decay_s=0.9, glide_to=G4),), PEAK * 0.9),
    Cue.SWITCH_SIDE: (
        (
            Note(0.0, A5, 0.12, decay_s=0.1),
            Note(0.10, E5, 0.12, decay_s=0.1),
            Note(0.20, A5, 0.22, decay_s=0.2),
        ),
        PEAK * 0.8,
    ),
    Cue.NEXT_POINT: (_arpeggio((E4, G4, C5), 0.09, 0.30, 0.25), PEAK),
    Cue.COMPLETE: (_arpeggio((C4, E4, G4, C5), 0.12, 1.10, 0.6), PEAK),
    Cue.TICK: ((Note(0.0, E6, 0.06, attack_s=0.004, decay_s=0.02),), TICK_PEAK),
}


def _note_samples(note: Note, out: list[float]) -> None:
    """Add ``note`` into ``out`` (float samples), from its start for its length."""
    start = round(note.at_s * RATE)
    count = round(note.length_s * RATE)
    attack = max(1, round(note.attack_s * RATE))
    release = round(RELEASE_S * RATE)
    phase = 0.0
    end_freq = note.glide_to if note.glide_to is not None else note.freq
    for i in range(count):
        progress = i / count
        # A raised-cosine bend: the pitch leaves and arrives gently.
        freq = note.freq + (end_freq - note.freq) * (0.5 - 0.5 * math.cos(math.pi * progress))
        phase += 2.0 * math.pi * freq / RATE
        envelope = math.exp(-i / (note.decay_s * RATE))
        if i < attack:
            envelope *= 0.5 - 0.5 * math.cos(math.pi * i / attack)
        left = count - 1 - i
        if left < release:
            envelope *= 0.5 - 0.5 * math.cos(math.pi * left / release)
        value = sum(level * math.sin(ratio * phase) for ratio, level in OVERTONES)
        out[start + i] += note.level * envelope * value


def render(cue: Cue) -> array[int]:
    """The cue's 16-bit samples, its loudest one at the cue's peak level."""
    notes, peak = SCORES[cue]
    length = max(round(n.at_s * RATE) + round(n.length_s * RATE) for n in notes)
    mix = [0.0] * length
    for note in notes:
        _note_samples(note, mix)
    loudest = max(abs(v) for v in mix)
    scale = peak * FULL_SCALE / loudest
    return array("h", (round(v * scale) for v in mix))


def wav_bytes(cue: Cue) -> bytes:
    """The cue as a complete WAV file."""
    samples = render(cue)
    if sys.byteorder != "little":
        samples.byteswap()  # WAV data is little-endian
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(SAMPLE_WIDTH)
        out.setframerate(RATE)
        out.writeframes(samples.tobytes())
    return buffer.getvalue()


def file_name(cue: Cue) -> str:
    return f"{cue.value}.wav"


def write_all(folder: Path) -> list[Path]:
    """Write every cue's WAV into ``folder`` (made if missing); returns the files written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for cue in Cue:
        path = folder / file_name(cue)
        path.write_bytes(wav_bytes(cue))
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m sciatica_timer.audio.synth", description="Write the cue sounds as WAV files."
    )
    parser.add_argument("folder", type=Path, help="where to write them, e.g. resources/sounds")
    args = parser.parse_args(argv)
    for path in write_all(args.folder):
        print(path)  # noqa: T201 - a command-line tool reports what it wrote
    return 0


if __name__ == "__main__":
    sys.exit(main())
