"""Cues played on one PulseAudio stream of our own, each written to the server whole, for the sound process.

QSoundEffect hands a cue to the server a few milliseconds at a time. On a busy machine the sound server's own
main thread (which takes a client's samples) or this process waits its turn for the CPU, the stream runs dry
mid-sound, and the cue clicks, gaps or comes out late. Here the stream is opened once, before the session,
with a target buffer larger than the longest cue, so each cue goes to the server in one write the moment it is
asked for and then plays from the server's memory, whatever else the machine is doing. The stream may run dry
between cues (nothing to play); a small prebuffer starts it again as soon as the next cue arrives.

It talks to ``libpulse-simple`` (part of every PulseAudio and PipeWire-Pulse install) through ctypes; where
that library is missing (``load_library`` returns None) the sound process keeps to QSoundEffect. Every call
that waits on the server runs in this module's own thread: a server that stops answering stops that thread
only, and ``stuck()`` says so, so the app can turn cues into on-screen flashes.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import queue
import threading
import time
import wave
from collections.abc import Callable
from pathlib import Path

RATE = 48_000
PA_SAMPLE_S16LE = 3
PA_STREAM_PLAYBACK = 1
DEFAULT = 0xFFFFFFFF  # (uint32_t) -1: the server's choice
# The server keeps up to this much of a cue: more than the longest cue (1.5 s), so a cue is one write.
TARGET_BUFFER_S = 2.0
# Playback starts once this much has arrived: one write brings the whole cue, so this costs no delay.
PREBUFFER_S = 0.005
WARM_UP_S = 0.01  # silence written once on opening: the stream is known to take samples before "ready"


class _SampleSpec(ctypes.Structure):
    _fields_ = [("format", ctypes.c_int), ("rate", ctypes.c_uint32), ("channels", ctypes.c_uint8)]


class _BufferAttr(ctypes.Structure):
    _fields_ = [
        ("maxlength", ctypes.c_uint32),
        ("tlength", ctypes.c_uint32),
        ("prebuf", ctypes.c_uint32),
        ("minreq", ctypes.c_uint32),
        ("fragsize", ctypes.c_uint32),
    ]


def load_library() -> ctypes.CDLL | None:
    """``libpulse-simple`` with its functions typed, or None where it is not installed."""
    name = ctypes.util.find_library("pulse-simple") or "libpulse-simple.so.0"
    try:
        lib = ctypes.CDLL(name)
    except OSError:
        return None
    error = ctypes.POINTER(ctypes.c_int)
    lib.pa_simple_new.restype = ctypes.c_void_p
    lib.pa_simple_new.argtypes = [
        ctypes.c_char_p,
        ctypes.c_char_p,
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_char_p,
        ctypes.POINTER(_SampleSpec),
        ctypes.c_void_p,
        ctypes.POINTER(_BufferAttr),
        error,
    ]
    lib.pa_simple_write.restype = ctypes.c_int
    lib.pa_simple_write.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_size_t, error]
    for name in ("pa_simple_flush", "pa_simple_drain"):
        getattr(lib, name).restype = ctypes.c_int
        getattr(lib, name).argtypes = [ctypes.c_void_p, error]
    lib.pa_simple_get_latency.restype = ctypes.c_uint64
    lib.pa_simple_get_latency.argtypes = [ctypes.c_void_p, error]
    lib.pa_simple_free.restype = None
    lib.pa_simple_free.argtypes = [ctypes.c_void_p]
    return lib


def _strerror(lib: ctypes.CDLL, code: int) -> str:
    # pa_strerror lives in libpulse, which libpulse-simple links: the symbol is found through it.
    try:
        strerror = lib.pa_strerror
    except AttributeError:
        return f"error {code}"
    strerror.restype = ctypes.c_char_p
    strerror.argtypes = [ctypes.c_int]
    text = strerror(code)
    return text.decode(errors="replace") if text else f"error {code}"


def read_cue(path: Path) -> bytes:
    """A cue's samples: 48 kHz mono 16-bit, as the shipped WAVs are (anything else is refused)."""
    with wave.open(str(path), "rb") as sound:
        shape = (sound.getframerate(), sound.getnchannels(), sound.getsampwidth())
        if shape != (RATE, 1, 2):
            raise wave.Error(f"{path.name} is not 48 kHz mono 16-bit")
        return sound.readframes(sound.getnframes())


class PulseCues:
    """The cues of one session on one stream: ``play`` cuts any cue still sounding and starts the new one.

    ``say(line)`` carries "ready", "unavailable <why>" and "quiet" to the app (from this object's thread).
    """

    def __init__(
        self, lib: ctypes.CDLL, cues: dict[str, bytes], volume: float, say: Callable[[str], None]
    ) -> None:
        import numpy as np

        self._lib = lib
        self._say = say
        self._pcm = {name: np.frombuffer(data, dtype="<i2") for name, data in cues.items()}
        self._volume = volume
        self._scaled: dict[str, bytes] = {}
        self._commands: queue.Queue[tuple[str, str]] = queue.Queue()
        self._busy: tuple[str, float] | None = None  # (what, since when) while waiting on the server
        self._sounding = False  # a cue was written and has not had the time to play yet
        self._stuck_check: tuple[str, float] | None = None  # the server check's wait, as ``_busy``
        self._check_due = threading.Event()  # a cue has had its time: check that the server took it
        self._checked = ""
        threading.Thread(target=self._run, name="cue-stream", daemon=True).start()

    # -- asked from the sound process's main thread -----------------------------------------------------

    def play(self, name: str) -> None:
        if name in self._pcm:
            self._sounding = True
            self._commands.put(("play", name))

    def play_at(self, name: str, moment: float) -> None:
        """Start ``name`` at ``moment`` (``time.monotonic``), cutting what plays then; replaces any cue
        waiting for its moment."""
        if name in self._pcm:
            self._sounding = True
            self._commands.put(("at", f"{moment!r} {name}"))

    def cancel(self) -> None:
        """Forget the cue waiting for its moment (one already sounding plays on)."""
        self._commands.put(("cancel", ""))

    def set_volume(self, volume: float) -> None:
        self._commands.put(("volume", f"{volume}"))

    def stop(self) -> None:
        self._commands.put(("stop", ""))

    def playing(self) -> bool:
        return self._sounding or not self._commands.empty()

    def stuck(self, after_s: float) -> str:
        """The cue the stream has been waiting on the server for longer than ``after_s``, else ""."""
        for busy in (self._busy, self._stuck_check):
            if busy is not None and time.monotonic() - busy[1] > after_s:
                return busy[0]
        return ""

    # -- the stream's own thread ------------------------------------------------------------------------

    def _samples(self, name: str) -> bytes:
        import numpy as np

        if name not in self._scaled:
            scaled = np.rint(self._pcm[name].astype(np.float64) * self._volume)
            self._scaled[name] = np.clip(scaled, -32768, 32767).astype("<i2").tobytes()
        return self._scaled[name]

    def _call(self, what: str, function: Callable[..., int], *args: object, watch: str = "stream") -> int:
        """``function(*args, &error)``, a call that may wait on the server, watched by ``stuck``."""
        code = ctypes.c_int(0)
        busy = (what, time.monotonic())
        if watch == "stream":
            self._busy = busy
        else:
            self._stuck_check = busy
        try:
            result = function(*args, ctypes.byref(code))
        finally:
            if watch == "stream":
                self._busy = None
            else:
                self._stuck_check = None
        if result < 0:  # pa_simple_* return -1 on failure (a latency is unsigned and checked apart)
            raise OSError(_strerror(self._lib, code.value))
        return result

    def _run(self) -> None:
        lib = self._lib
        spec = _SampleSpec(PA_SAMPLE_S16LE, RATE, 1)
        attr = _BufferAttr(
            DEFAULT, int(TARGET_BUFFER_S * RATE) * 2, int(PREBUFFER_S * RATE) * 2, DEFAULT, DEFAULT
        )
        code = ctypes.c_int(0)
        handle = lib.pa_simple_new(
            None, b"Sciatica Timer", PA_STREAM_PLAYBACK, None, b"cues", spec, None, attr, ctypes.byref(code)
        )
        if not handle:
            self._say(f"unavailable the sound stream could not open ({_strerror(lib, code.value)})")
            return
        silence = bytes(int(WARM_UP_S * RATE) * 2)
        try:
            self._call("tick", lib.pa_simple_write, handle, silence, len(silence))
            self._call("tick", lib.pa_simple_drain, handle)
        except OSError as exc:
            self._say(f"unavailable the sound stream does not play ({exc})")
            return
        self._say("ready")
        threading.Thread(target=self._check_server, name="cue-stream-check", daemon=True).start()
        try:
            self._serve(handle)
        except OSError as exc:
            self._say(f"log the sound stream failed: {exc}")
            self._busy = ("stream", 0.0)  # reported as stuck: the app gives up on sound

    def _check_server(self) -> None:
        """After each cue, a round trip on a stream of its own: a frozen server never answers ("stuck")."""
        lib = self._lib
        spec = _SampleSpec(PA_SAMPLE_S16LE, RATE, 1)
        code = ctypes.c_int(0)
        handle = lib.pa_simple_new(
            None, b"Sciatica Timer", PA_STREAM_PLAYBACK, None, b"check", spec, None, None, ctypes.byref(code)
        )
        if not handle:
            self._say(f"log the sound server check could not open ({_strerror(lib, code.value)})")
            return
        silence = bytes(int(WARM_UP_S * RATE) * 2)
        while True:
            self._check_due.wait()
            self._check_due.clear()
            name = self._checked
            try:
                self._call(name, lib.pa_simple_write, handle, silence, len(silence), watch="check")
                self._call(name, lib.pa_simple_drain, handle, watch="check")
            except OSError as exc:
                self._say(f"log the sound server check failed: {exc}")
                self._stuck_check = (name, 0.0)
                return

    def _serve(self, handle: int) -> None:
        lib = self._lib
        ends: float | None = None  # when the last cue written has played, by the server's latency
        waiting: tuple[float, str] | None = None  # (moment, cue): a cue to start on this thread's clock
        name = ""
        while True:
            wakes = [t for t in (ends, None if waiting is None else waiting[0]) if t is not None]
            try:
                timeout = None if not wakes else max(0.0, min(wakes) - time.monotonic())
                word, rest = self._commands.get(timeout=timeout)
            except queue.Empty:
                now = time.monotonic()
                if waiting is not None and waiting[0] <= now:
                    word, rest = "due", waiting[1]
                    waiting = None
                elif ends is not None and ends <= now:
                    # Due to have ended, by the server's own latency. Whether the server really played it is
                    # asked on the second stream, so that waiting for its answer never holds up the next cue.
                    ends = None
                    self._checked = name
                    self._check_due.set()
                    if waiting is None:
                        self._sounding = False
                        self._say("quiet")
                    continue
                else:
                    continue
            if word == "volume":
                self._volume = float(rest)
                self._scaled.clear()
                continue
            if word == "at":
                moment, _, cue = rest.partition(" ")
                waiting = (float(moment), cue)
                continue
            if word in ("cancel", "stop"):
                waiting = None
                if ends is None:
                    self._sounding = False
                    if word == "cancel":
                        self._say("quiet")
                if word == "cancel":
                    continue
            if ends is not None:
                # One cue at a time, as before: a newer cue cuts the older one short rather than queue behind.
                self._call(name or rest, lib.pa_simple_flush, handle)
                ends = time.monotonic() if word == "stop" else None
            if word in ("play", "due"):
                name = rest
                data = self._samples(name)
                self._call(name, lib.pa_simple_write, handle, data, len(data))
                latency_us = self._call(name, lib.pa_simple_get_latency, handle)
                # (pa_usec_t) -1 is "unknown": then the cue's own length.
                latency_s = 0.0 if latency_us >= 2**63 else latency_us / 1e6
                ends = time.monotonic() + max(latency_s, len(data) / 2 / RATE)
