"""How long from a cue's planned moment to its first sample reaching a real sound server.

The terminal player plays a routine at speed 4 through a private PulseAudio server with a null sink, whose
output is recorded; each cue is found in the recording by its waveform (see tests/audio/sound_server.py for
how recording time is lined up with the player's event log: the figures can err late by a few ms, and early
by at most the null sink's 5 ms render-ahead: a cue that reaches the server when it is due reads -4 ms).

`cue_latency_p50_ms`, `cue_latency_p95_ms`, `cue_latency_max_ms`: planned phase change (or tick or breath)
to the cue's first sample in the null sink's output, over every cue of the session.
`cues_missed`: cues the event log called for that were not heard within 200 ms (should be 0).
"""

from __future__ import annotations

import copy
import statistics
import tempfile
from pathlib import Path

from tests.audio.sound_server import ROUTINE, PulseServer, listen_for_cues, play_while_recording

SPEED = 4.0


def _routine() -> dict[str, object]:
    """The tests' routine with every point pressed twice: about 80 cues in 18 real seconds."""
    routine = copy.deepcopy(ROUTINE)
    routine["id"] = "cue-bench"
    for step in routine["steps"]:
        step["repetitions"] = 2
    return routine


def run() -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix="audio-bench-") as folder:
        root = Path(folder)
        server = PulseServer(root / "pulse")
        server.start()  # raises SoundServerUnavailableError, with the reason, where PulseAudio cannot run
        try:
            played = play_while_recording(server, root, speed=SPEED, routine=_routine())
        finally:
            server.stop()
    heard = listen_for_cues(played, SPEED, after_s=0.2)  # ticks are 250 ms apart at speed 4
    late_ms = sorted(h.late_s * 1000 for h in heard if h.match is not None)
    if len(late_ms) < 2:
        raise RuntimeError("too few cues were heard to measure")
    cuts = statistics.quantiles(late_ms, n=100, method="inclusive")
    return {
        "cue_latency_p50_ms": statistics.median(late_ms),
        "cue_latency_p95_ms": cuts[94],
        "cue_latency_max_ms": late_ms[-1],
        "cues_missed": float(sum(h.match is None for h in heard)),
    }


if __name__ == "__main__":
    for key, value in run().items():
        print(f"{key}: {value:.2f}")
