"""A private PulseAudio server with a null sink, a recorder of its output that knows the time of each sample,
the search for a cue's waveform in a recording, and a short routine that calls for every cue. Shared by the
audio tests and the audio benchmark.

Lining the recording up with the session: both sides use CLOCK_MONOTONIC, which all processes share. The
player logs the monotonic time of every event (``monotonic_s`` in its ``--events`` file). The recorder reads
``parec``'s raw output in small chunks and notes the monotonic time each chunk arrives; a chunk ending at
sample ``n`` that arrives at ``t`` was captured no later than ``t - n / RATE``, so the smallest such value
over all chunks is the latest time sample 0 can have been captured. Onset times built on it come out late by
at most the delivery delay of the quickest chunk (a few ms at 5 ms latency), and early by at most the null
sink's render-ahead: the sink mixes its inputs up to its configured latency (``RECORD_LATENCY_MS``, which the
recorder asks for) before their moment, and its monitor hands them to the recorder then. So a sound that
reaches the server the instant it is due can show up to ``EARLIEST_S`` early; anything earlier is a fault.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
import wave
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from sciatica_timer.audio.player import sounds_dir
from sciatica_timer.core.cues import Cue
from tests.answered import answer_checklist

RATE = 48_000
SINK = "cues"
STARTUP_TIMEOUT_S = 20.0
RECORD_LATENCY_MS = 5  # asked of the monitor: it sets how far ahead of its moment the null sink mixes
EARLIEST_S = -(RECORD_LATENCY_MS + 2) / 1000  # the render-ahead, and 2 ms of rounding and clock reading


# The routine the tests play: one point on both sides (switch side, breaths), then a second point (next
# point), then the end (complete): every cue, in 33 s of plan. At speed 8 the closest cues (ticks) are 125 ms
# apart.
INHALE_S = 3
ROUTINE: dict[str, Any] = {
    "format_version": 1,
    "id": "cue-check",
    "name": "Cue check",
    "steps": [
        {
            "kind": "point",
            "point": "BL23",
            "sides": "both",
            "repetitions": 1,
            "press_s": 1,
            "hold_s": 5,
            "release_s": 1,
            "breathe_s": 6,
            "breathing": {"inhale_s": INHALE_S, "exhale_s": 3},
        },
        {
            "kind": "point",
            "point": "KD1",
            "sides": "left",
            "repetitions": 1,
            "press_s": 1,
            "hold_s": 5,
            "release_s": 1,
            "breathe_s": 6,  # left out at the very end of the routine, as the last breathe phase always is
            "breathing": {"inhale_s": INHALE_S, "exhale_s": 3},
        },
    ],
}


def play_command(data_dir: Path, *args: str, routine: dict[str, Any] = ROUTINE) -> list[str]:
    """``play --no-gui`` of ``routine``, written into ``data_dir`` first."""
    routines = data_dir / "routines"
    routines.mkdir(parents=True, exist_ok=True)
    (routines / f"{routine['id']}.json").write_text(json.dumps(routine))
    answer_checklist(data_dir)
    command = [sys.executable, "-m", "sciatica_timer", "--data-dir", str(data_dir), "play", routine["id"]]
    return [*command, "--no-gui", *args]


PHASE_CUES = {"press": Cue.PRESS, "hold": Cue.HOLD, "release": Cue.RELEASE, "breathe": Cue.BREATHE_IN}


def expected_cues(
    events: list[dict[str, object]], speed: float, inhale_s: float = INHALE_S
) -> list[tuple[Cue, float]]:
    """(cue, planned real seconds from the start) a session's event log calls for, by the cue rules.

    Written out again here, plainly, rather than asking CueScript: the test checks the player against them.
    """
    expected: list[tuple[Cue, float]] = []
    previous: dict[str, object] | None = None
    for event in events:
        at = float(str(event["planned_s"]))
        if event["event"] == "phase_started":
            if previous is not None and previous["step"] != event["step"]:
                cue = Cue.NEXT_POINT
            elif previous is not None and previous["side"] != event["side"]:
                cue = Cue.SWITCH_SIDE
            else:
                cue = PHASE_CUES[str(event["phase"])]
            expected.append((cue, at))
            if event["phase"] == "breathe":
                expected.append((Cue.BREATHE_OUT, at + inhale_s / speed))
            previous = event
        elif event["event"] == "countdown" and event["phase"] != "breathe":
            expected.append((Cue.TICK, at))
        elif event["event"] == "session_completed":
            expected.append((Cue.COMPLETE, at))
    return sorted(expected, key=lambda item: item[1])


def block_qtmultimedia(monkeypatch: Any, folder: Path) -> None:
    """Make importing QtMultimedia fail in every Python process started from now on (the sound process
    too), as it does without libpulse or the Addons wheel, without uninstalling anything."""
    hook = folder / "no-qtmultimedia"
    hook.mkdir(exist_ok=True)
    (hook / "sitecustomize.py").write_text("import sys\nsys.modules['PySide6.QtMultimedia'] = None\n")
    monkeypatch.setenv(
        "PYTHONPATH", os.pathsep.join(p for p in (str(hook), os.environ.get("PYTHONPATH")) if p)
    )


class SoundServerUnavailableError(RuntimeError):
    """PulseAudio cannot start here; the message says why."""


class PulseServer:
    """``pulseaudio`` in the foreground with one 48 kHz mono null sink, its socket in ``folder``."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.runtime_dir = folder / "runtime"
        self.home = folder / "home"
        self._proc: subprocess.Popen[str] | None = None
        self._log: list[str] = []
        self._started = threading.Event()
        self._drainer: threading.Thread | None = None

    @property
    def address(self) -> str:
        return f"unix:{self.runtime_dir / 'pulse' / 'native'}"

    def client_env(self, base: dict[str, str] | None = None) -> dict[str, str]:
        """The environment a client needs to use this server and no other."""
        env = dict(os.environ if base is None else base)
        env.update(PULSE_SERVER=self.address, PULSE_SINK=SINK, PULSE_SOURCE=f"{SINK}.monitor")
        # Where Qt finds PipeWire (a desktop) it would use it and ignore PULSE_SERVER.
        env["QT_AUDIO_BACKEND"] = "pulseaudio"
        return env

    def start(self) -> None:
        program = shutil.which("pulseaudio")
        if program is None:
            raise SoundServerUnavailableError("pulseaudio is not installed (apt-get install pulseaudio)")
        for tool in ("parec", "pactl"):
            if shutil.which(tool) is None:
                raise SoundServerUnavailableError(
                    f"{tool} is not installed (apt-get install pulseaudio-utils)"
                )
        for folder in (self.runtime_dir, self.home):
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        env = dict(os.environ, XDG_RUNTIME_DIR=str(self.runtime_dir), HOME=str(self.home))
        for var in ("PULSE_SERVER", "PULSE_SINK", "PULSE_SOURCE", "DBUS_SESSION_BUS_ADDRESS"):
            env.pop(var, None)
        command = [
            program,
            "--daemonize=no",
            "--exit-idle-time=-1",
            "--disallow-exit",
            "--system=false",
            "-n",  # no default.pa: only the modules below
            f"--load=module-null-sink sink_name={SINK} rate={RATE} channels=1 format=s16le",
            # The socket sits in a private folder, so anonymous access reaches only this test.
            "--load=module-native-protocol-unix auth-anonymous=1",
            "--log-target=stderr",
            "--log-level=info",
        ]
        self._proc = subprocess.Popen(
            command,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        self._drainer = threading.Thread(target=self._drain, daemon=True)
        self._drainer.start()
        if not self._started.wait(STARTUP_TIMEOUT_S) or self._proc.poll() is not None:
            self.stop()
            tail = " | ".join(self._log[-5:]) or "no output"
            raise SoundServerUnavailableError(f"pulseaudio did not start: {tail}")

    def _drain(self) -> None:
        """Read the server's log: it says when it is ready, and an unread pipe would block it."""
        assert self._proc is not None
        assert self._proc.stderr is not None
        for line in self._proc.stderr:
            self._log.append(line.rstrip())
            if "Daemon startup complete" in line:
                self._started.set()

    def freeze(self, frozen: bool = True) -> None:
        """Stop the server where it is (SIGSTOP), as a hung server is: connected clients get no answer."""
        assert self._proc is not None
        os.kill(self._proc.pid, signal.SIGSTOP if frozen else signal.SIGCONT)

    def stop(self) -> None:
        if self._proc is None:
            return
        self.freeze(False)
        if self._proc.poll() is None:
            self._proc.terminate()
            try:
                self._proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._proc.kill()
                self._proc.wait()
        if self._drainer is not None:
            self._drainer.join(timeout=10)
        if self._proc.stderr is not None:
            self._proc.stderr.close()
        self._proc = None


@dataclass
class Recording:
    samples: np.ndarray  # float, full scale = 1.0
    start_monotonic: float  # latest possible capture time of sample 0

    def time_of(self, index: int) -> float:
        return self.start_monotonic + index / RATE

    def index_at(self, monotonic: float) -> int:
        return round((monotonic - self.start_monotonic) * RATE)

    def rms(self, start: float, length_s: float) -> float:
        first = max(0, self.index_at(start))
        part = self.samples[first : first + round(length_s * RATE)]
        return float(np.sqrt(np.mean(part**2))) if len(part) else 0.0


class Recorder:
    """Records the null sink's monitor with ``parec`` while running; ``stop()`` returns the Recording."""

    def __init__(self, server: PulseServer) -> None:
        self._server = server
        self._chunks: list[bytes] = []
        self._arrivals: list[tuple[float, int]] = []  # (monotonic time a chunk arrived, samples so far)
        self._proc: subprocess.Popen[bytes] | None = None
        self._thread: threading.Thread | None = None
        self._first_chunk = threading.Event()

    def start(self) -> None:
        command = [
            "parec",
            f"--device={SINK}.monitor",
            f"--rate={RATE}",
            "--channels=1",
            "--format=s16le",
            "--raw",
            f"--latency-msec={RECORD_LATENCY_MS}",
        ]
        self._proc = subprocess.Popen(
            command, env=self._server.client_env(), stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
        )
        self._thread = threading.Thread(target=self._read, daemon=True)
        self._thread.start()
        # parec takes a moment to connect; nothing played before its first chunk would be heard.
        if not self._first_chunk.wait(STARTUP_TIMEOUT_S):
            self.stop()
            raise SoundServerUnavailableError("parec recorded nothing from the null sink")

    def _read(self) -> None:
        assert self._proc is not None
        assert self._proc.stdout is not None
        fd = self._proc.stdout.fileno()
        total_bytes = 0
        while chunk := os.read(fd, 4096):
            arrived = time.monotonic()
            self._chunks.append(chunk)
            total_bytes += len(chunk)
            self._arrivals.append((arrived, total_bytes // 2))
            self._first_chunk.set()

    def stop(self) -> Recording:
        if self._proc is not None:
            self._proc.terminate()
            self._proc.wait(timeout=10)
        if self._thread is not None:
            self._thread.join(timeout=10)
        if self._proc is not None and self._proc.stdout is not None:
            self._proc.stdout.close()
        data = b"".join(self._chunks)
        data = data[: len(data) // 2 * 2]
        samples = np.frombuffer(data, dtype="<i2").astype(np.float64) / 32768.0
        start = min((t - n / RATE for t, n in self._arrivals), default=0.0)
        return Recording(samples, start)


def cue_waveform(path: Path) -> np.ndarray:
    with wave.open(str(path), "rb") as wav:
        frames = wav.readframes(wav.getnframes())
    return np.frombuffer(frames, dtype="<i2").astype(np.float64) / 32768.0


@dataclass(frozen=True)
class Match:
    onset: float  # monotonic time of the cue's first sample in the recording
    similarity: float  # normalized correlation of the recording with the cue from there on, up to 1
    level: float  # RMS of the recording over the cue's first 50 ms (full scale 1.0)


OPENING_S = 0.05  # how much of a cue's start is searched for: each cue opens on its own pitch
MATCH_SIMILARITY = 0.97  # a cue played alone records as an exact copy, scaled by the volume: about 1.0


def _similarity(x: np.ndarray, y: np.ndarray) -> float:
    n = min(len(x), len(y))
    return float(np.dot(x[:n], y[:n]) / max(np.linalg.norm(x[:n]) * np.linalg.norm(y[:n]), 1e-9))


def find_cue(
    recording: Recording,
    waveform: np.ndarray,
    expected: float,
    *,
    until: float | None = None,
    before_s: float = 0.05,
    after_s: float = 0.15,
) -> Match | None:
    """Where the cue starts, first place from ``expected - before_s`` to ``expected + after_s``.

    The cue player plays one cue at a time, so from a cue's first sample on the recording is a scaled copy of
    its waveform: the normalized correlation with the cue's opening is close to 1 there and lower elsewhere.
    Two places come close: a window that catches only the cue's first few samples after silence, and, inside
    a steady tone, a shift by one period. Both lie within one opening's length of the true start, so the best
    match in that stretch after the first good one is taken: only the true start fits exactly.

    ``similarity`` then compares the whole cue, up to ``until`` (when the next cue was due and may cut this
    one short), so a different cue that happens to contain this one's first note does not pass for it.
    """
    opening = waveform[: round(OPENING_S * RATE)]
    first = max(0, recording.index_at(expected - before_s))
    last = recording.index_at(expected + after_s) + len(opening)
    segment = recording.samples[first:last]
    if len(segment) < len(opening):
        return None
    correlation = np.correlate(segment, opening, mode="valid")
    energy = np.convolve(segment**2, np.ones(len(opening)), mode="valid")
    fit = correlation / np.maximum(np.sqrt(energy) * np.linalg.norm(opening), 1e-9)
    good = np.flatnonzero(fit >= MATCH_SIMILARITY)
    if not len(good):
        return None
    best = int(good[0]) + int(np.argmax(fit[good[0] : good[0] + len(opening)]))
    start = first + best
    end = start + len(waveform)
    if until is not None:
        end = min(end, max(start + len(opening), recording.index_at(until)))
    heard = recording.samples[start:end]
    level = float(np.sqrt(np.mean(recording.samples[start : start + len(opening)] ** 2)))
    return Match(recording.time_of(start), _similarity(heard, waveform), level)


# -- a session played and heard ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Played:
    events: list[dict[str, object]]
    recording: Recording
    session_start: float  # monotonic time of the session's start, from the event log


def play_while_recording(
    server: PulseServer, root: Path, *extra: str, speed: float, routine: dict[str, Any] = ROUTINE
) -> Played:
    """Run ``play --no-gui`` to the end through ``server`` while recording its null sink."""
    events = root / "events.jsonl"
    command = play_command(
        root / "data", "--speed", str(speed), "--events", str(events), *extra, routine=routine
    )
    recorder = Recorder(server)
    recorder.start()
    try:
        result = subprocess.run(
            command,
            env=server.client_env(),
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
    finally:
        recording = recorder.stop()
    if result.returncode != 0 or "no sound" in result.stderr:
        raise AssertionError(f"the player failed (exit {result.returncode}): {result.stderr}")
    log = [json.loads(line) for line in events.read_text().splitlines()]
    first = log[0]
    return Played(log, recording, float(str(first["monotonic_s"])) - float(str(first["actual_s"])))


@dataclass(frozen=True)
class Heard:
    cue: Cue
    planned_s: float  # real seconds from the session's start
    match: Match | None  # None: not heard
    planned: float  # monotonic

    @property
    def late_s(self) -> float:
        assert self.match is not None
        return self.match.onset - self.planned


def listen_for_cues(
    played: Played, speed: float, inhale_s: float = INHALE_S, after_s: float = 0.1
) -> list[Heard]:
    """Each cue the event log calls for, searched for in the recording up to ``after_s`` after it was due.

    Keep ``after_s`` below the shortest gap between two cues, or a missing cue could pass for the next one.
    """
    expected = expected_cues(played.events, speed, inhale_s)
    waveforms = {cue: cue_waveform(sounds_dir() / f"{cue.value}.wav") for cue in Cue}
    heard = []
    for (cue, planned_s), (_, next_s) in zip(expected, [*expected[1:], (None, None)], strict=True):
        planned = played.session_start + planned_s
        until = None if next_s is None else played.session_start + next_s
        match = find_cue(played.recording, waveforms[cue], planned, until=until, after_s=after_s)
        heard.append(Heard(cue, planned_s, match, planned))
    return heard


# -- a sound server that never answers --------------------------------------------------------------------

_HUNG_SERVER = """
import socket, sys, time
path, count_file = sys.argv[1], sys.argv[2]
server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
server.bind(path)
server.listen(64)
print("listening", flush=True)
held = []
while True:
    connection, _ = server.accept()
    held.append(connection)  # kept open, never read, never answered
    with open(count_file, "w") as out:
        out.write(str(len(held)))
"""


class HungSoundServer:
    """A Unix socket that accepts every connection and never answers: what a stuck sound server looks like
    to a client. ``connections()`` counts the clients that reached it."""

    def __init__(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.socket_path = folder / "native"
        self._count_file = folder / "connections"
        self._proc: subprocess.Popen[str] | None = None

    @property
    def address(self) -> str:
        return f"unix:{self.socket_path}"

    def client_env(self, base: dict[str, str] | None = None) -> dict[str, str]:
        env = dict(os.environ if base is None else base)
        env.update(PULSE_SERVER=self.address, QT_AUDIO_BACKEND="pulseaudio")
        env.pop("PULSE_SINK", None)
        return env

    def start(self) -> None:
        self._proc = subprocess.Popen(
            [sys.executable, "-c", _HUNG_SERVER, str(self.socket_path), str(self._count_file)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self._proc.stdout is not None
        assert self._proc.stdout.readline().strip() == "listening"

    def connections(self) -> int:
        try:
            return int(self._count_file.read_text() or 0)
        except FileNotFoundError:
            return 0

    def stop(self) -> None:
        if self._proc is not None:
            self._proc.kill()
            self._proc.wait(timeout=10)
            if self._proc.stdout is not None:
                self._proc.stdout.close()
            self._proc = None
