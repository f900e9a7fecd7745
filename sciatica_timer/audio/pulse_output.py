"""Cues played on one PulseAudio stream of our own, each written ahead at the sample of its moment.

QSoundEffect hands a cue to the server a few milliseconds at a time. On a busy machine the sound server's own
main thread (which takes a client's samples) or this process waits its turn for the CPU, the stream runs dry
mid-sound, and the cue clicks, gaps or comes out late. Here one stream is opened before the session and kept
running: silence is always written a second ahead, so the server never stops reading it and each of its
sample positions sounds at a moment known from the server's timing replies. The app hands a cue over half a
second before its moment (``play_at``); it is written at once at the position of that moment, whole, and plays
from the server's memory however late this process, the app or the server's main thread would be then. A
newer cue cuts an older one at its own first sample (silence is written over the older one's tail), and a cue
taken back is overwritten with silence: no flush, nothing that waits on the server.

It talks to ``libpulse`` through ctypes (its asynchronous API on a threaded main loop, reached through
``libpulse-simple``; both are part of every PulseAudio and PipeWire-Pulse install); where they are missing
(``load_library`` returns None) the sound process keeps to QSoundEffect. Nothing on this module's threads
waits on the server except its own checks: a server that stops answering is noticed by the check after each
cue (a round trip on a second, simple stream) and by the opening wait, and ``stuck()`` says so, so the app
can turn cues into on-screen flashes.
"""

from __future__ import annotations

import collections
import contextlib
import ctypes
import ctypes.util
import queue
import statistics
import threading
import time
import wave
from collections.abc import Callable, Iterator
from pathlib import Path

RATE = 48_000
PA_SAMPLE_S16LE = 3
PA_STREAM_PLAYBACK = 1
DEFAULT = 0xFFFFFFFF  # (uint32_t) -1: the server's choice
# The cue stream's target buffer: more than the longest cue (1.5 s), so a cue is always one write.
TARGET_BUFFER_S = 2.0
WARM_UP_S = 0.01  # silence each server check writes and waits to hear played
# The cue stream's own settings (libpulse's asynchronous API). The server stops reading a stream that runs dry
# (its positions then stop keeping step with the clock), so silence is always written this far ahead; a cue
# written ahead then lands on its moment, sample for sample.
KEEP_AHEAD_S = 1.0
MAX_AHEAD_S = 4.0  # how far ahead samples may be written: more than a cue's lead plus the longest cue
PA_CONTEXT_READY, PA_CONTEXT_FAILED, PA_CONTEXT_TERMINATED = 4, 5, 6
PA_STREAM_READY, PA_STREAM_FAILED, PA_STREAM_TERMINATED = 2, 3, 4
# Where the stream sounds is worked out here from the server's raw timing replies (libpulse's own smoothed
# estimate drifted by up to 1 ms a second when a busy server answered late). Each reply says which sample
# sounded at some moment between asking and hearing back (a fraction of a millisecond apart, measured even
# under load), which dates the stream's first sample; ``first_sample_moment`` weighs the replies of the last
# TIMING_WINDOW_S. Asked every TIMING_EVERY_S.
TIMING_EVERY_S = 0.2
TIMING_WINDOW_S = 2.0
FIRST_REPLIES = 5  # asked for one after the other before "ready"
PA_SEEK_ABSOLUTE = 1
PA_SEEK_RELATIVE_ON_READ = 2
# A cue due sooner than this after the server's read position is written at that position instead of at its
# own place: the server would take it only after its start had gone by, and the cue would lose its opening.
MIN_AHEAD_S = 0.03
# What sounds now lags the server's read position by the sink's latency: a cue written "now" lands up to this
# much past what was measured as sounding, so a later cue pads its cut this much further.
NOW_SLACK_S = 0.2
STATE_POLL_S = 0.005  # how often the opening stream's state is read (no callbacks into Python)


def first_sample_moment(bounds: list[tuple[float, float]]) -> float:
    """When the stream's first sample sounded, from each timing reply's (earliest, latest) bounds for it.

    Each reply's bounds hold the true moment: the server looked between the question leaving and the answer
    coming back. On a busy machine an answer often waits for this process to get the CPU, which widens its
    bounds on the late side only, so the middle of a slow reply comes out late, and a cue written from it
    sounds early. So only the quickest replies count (the narrowest third): the median of their middles,
    which also passes over a reply now and then off by a few milliseconds either way.
    """
    quickest = sorted(bounds, key=lambda b: b[1] - b[0])[: max(1, len(bounds) // 3)]
    return statistics.median((low + high) / 2 for low, high in quickest)


class _SampleSpec(ctypes.Structure):
    _fields_ = [("format", ctypes.c_int), ("rate", ctypes.c_uint32), ("channels", ctypes.c_uint8)]


class _TimingInfo(ctypes.Structure):
    _fields_ = [
        ("tv_sec", ctypes.c_long),
        ("tv_usec", ctypes.c_long),
        ("synchronized_clocks", ctypes.c_int),
        ("sink_usec", ctypes.c_uint64),
        ("source_usec", ctypes.c_uint64),
        ("transport_usec", ctypes.c_uint64),
        ("playing", ctypes.c_int),
        ("write_index_corrupt", ctypes.c_int),
        ("write_index", ctypes.c_int64),
        ("read_index_corrupt", ctypes.c_int),
        ("read_index", ctypes.c_int64),
        ("configured_sink_usec", ctypes.c_uint64),
        ("configured_source_usec", ctypes.c_uint64),
        ("since_underrun", ctypes.c_int64),
    ]


_SUCCESS_CALLBACK = ctypes.CFUNCTYPE(None, ctypes.c_void_p, ctypes.c_int, ctypes.c_void_p)


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


def type_async_api(lib: ctypes.CDLL) -> bool:
    """Type libpulse's asynchronous functions (reached through libpulse-simple, which links libpulse);
    False where some are missing."""
    p, i = ctypes.c_void_p, ctypes.c_int
    signatures: dict[str, tuple[object, list[object]]] = {
        "pa_threaded_mainloop_new": (p, []),
        "pa_threaded_mainloop_start": (i, [p]),
        "pa_threaded_mainloop_get_api": (p, [p]),
        "pa_threaded_mainloop_lock": (None, [p]),
        "pa_threaded_mainloop_unlock": (None, [p]),
        "pa_context_new": (p, [p, ctypes.c_char_p]),
        "pa_context_connect": (i, [p, ctypes.c_char_p, i, p]),
        "pa_context_get_state": (i, [p]),
        "pa_context_errno": (i, [p]),
        "pa_stream_new": (p, [p, ctypes.c_char_p, ctypes.POINTER(_SampleSpec), p]),
        "pa_stream_connect_playback": (i, [p, ctypes.c_char_p, ctypes.POINTER(_BufferAttr), i, p, p]),
        "pa_stream_get_state": (i, [p]),
        "pa_stream_write": (i, [p, ctypes.c_char_p, ctypes.c_size_t, p, ctypes.c_int64, i]),
        "pa_stream_update_timing_info": (p, [p, _SUCCESS_CALLBACK, p]),
        "pa_stream_get_timing_info": (ctypes.POINTER(_TimingInfo), [p]),
        "pa_stream_flush": (p, [p, p, p]),
        "pa_operation_unref": (None, [p]),
    }
    try:
        for name, (restype, argtypes) in signatures.items():
            function = getattr(lib, name)
            function.restype = restype
            function.argtypes = argtypes
    except AttributeError:
        return False
    return True


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
    """The cues of one session on one stream: ``play`` (now) and ``play_at`` (at a moment) each cut any cue
    still sounding when they start; ``cancel`` takes back the cues waiting for their moment.

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
        self._loop: int | None = None  # the threaded main loop, context and stream, once opened
        self._context: int | None = None
        self._stream: int | None = None
        self._written_end = 0  # byte position just past the last sample written
        self._asked: collections.deque[float] = collections.deque()  # when each timing question went out
        # (when heard, earliest, latest moment the stream's first sample sounded), from each timing reply
        self._replies: collections.deque[tuple[float, float, float]] = collections.deque()
        self._on_timing = _SUCCESS_CALLBACK(self._timing_came)  # kept: libpulse holds only a pointer
        self._waiting: list[tuple[float, int, str]] = []  # cues written ahead: moment, first byte, name
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
        if not type_async_api(self._lib):
            self._say("unavailable the installed libpulse lacks its asynchronous functions")
            return
        self._busy = ("tick", time.monotonic())  # a server that never answers leaves this set: "stuck"
        problem = self._open()
        if problem:
            self._say(f"unavailable the sound stream could not open ({problem})")
            return
        self._busy = None
        self._say("ready")
        threading.Thread(target=self._check_server, name="cue-stream-check", daemon=True).start()
        try:
            self._serve()
        except OSError as exc:
            self._say(f"log the sound stream failed: {exc}")
            self._busy = ("stream", 0.0)  # reported as stuck: the app gives up on sound

    def _open(self) -> str:
        """Connect, open the cue stream and wait for its first timing; why not, or ""."""
        lib = self._lib
        self._loop = loop = lib.pa_threaded_mainloop_new()
        if not loop:
            return "no main loop"
        self._context = context = lib.pa_context_new(
            lib.pa_threaded_mainloop_get_api(loop), b"Sciatica Timer"
        )
        if not context or lib.pa_context_connect(context, None, 0, None) < 0:
            return self._error()
        if lib.pa_threaded_mainloop_start(loop) < 0:
            return "the main loop did not start"
        if self._wait_for(lib.pa_context_get_state, context, PA_CONTEXT_READY) is not True:
            return self._error()
        spec = _SampleSpec(PA_SAMPLE_S16LE, RATE, 1)
        attr = _BufferAttr(int(MAX_AHEAD_S * RATE) * 2, int(TARGET_BUFFER_S * RATE) * 2, 0, DEFAULT, DEFAULT)
        with self._locked():
            self._stream = stream = lib.pa_stream_new(context, b"cues", spec, None)
            if not stream or lib.pa_stream_connect_playback(stream, None, attr, 0, None, None) < 0:
                return self._error()
        if self._wait_for(lib.pa_stream_get_state, stream, PA_STREAM_READY) is not True:
            return self._error()
        silence = bytes(round(KEEP_AHEAD_S * RATE) * 2)
        self._put(silence, 0, PA_SEEK_ABSOLUTE)
        self._written_end = len(silence)
        while len(self._replies) < FIRST_REPLIES:  # from then on a moment can be turned into a position
            asked = len(self._asked) + len(self._replies)
            self._ask_timing()
            while len(self._asked) + len(self._replies) > asked and len(self._replies) <= asked:
                time.sleep(STATE_POLL_S)  # until this question is answered, or failed
            time.sleep(STATE_POLL_S)
        return ""

    def _ask_timing(self) -> None:
        """Ask the server where the stream is; the answer comes to ``_timing_came`` on the loop's thread."""
        with self._locked():
            self._asked.append(time.monotonic())
            operation = self._lib.pa_stream_update_timing_info(self._stream, self._on_timing, None)
            if operation:
                self._lib.pa_operation_unref(operation)
            else:
                self._asked.pop()

    def _timing_came(self, _stream: int, success: int, _data: int) -> None:
        heard = time.monotonic()
        if not self._asked:
            return
        asked = self._asked.popleft()
        info = self._lib.pa_stream_get_timing_info(self._stream)
        if not success or not info or info.contents.read_index_corrupt:
            return
        # The sample sounding when the server looked: what it had read, less what its sink still holds.
        sounding_s = info.contents.read_index / 2 / RATE - info.contents.sink_usec / 1e6
        self._replies.append((heard, asked - sounding_s, heard - sounding_s))
        while self._replies and self._replies[0][0] < heard - TIMING_WINDOW_S:
            self._replies.popleft()

    def _locked(self) -> contextlib.AbstractContextManager[None]:
        """Hold the main loop's lock, which it gives up between polls: never a wait on the server."""
        lib, loop = self._lib, self._loop

        @contextlib.contextmanager
        def held() -> Iterator[None]:
            lib.pa_threaded_mainloop_lock(loop)
            try:
                yield
            finally:
                lib.pa_threaded_mainloop_unlock(loop)

        return held()

    def _wait_for(self, get_state: Callable[[int], int], thing: int, ready: int) -> bool:
        """Until ``thing`` is ready (True) or has failed (False); forever while the server keeps quiet."""
        while True:
            with self._locked():
                state = get_state(thing)
            if state == ready:
                return True
            if state in (ready + 1, ready + 2):  # FAILED and TERMINATED follow READY in both enums
                return False
            time.sleep(STATE_POLL_S)

    def _error(self) -> str:
        code = self._lib.pa_context_errno(self._context) if self._context else 0
        return _strerror(self._lib, code)

    def _position(self) -> tuple[int, float]:
        """(the byte position in the stream sounding now, the monotonic time it is for)."""
        with self._locked():  # the replies come in on the main loop's thread, which holds this lock
            replies = list(self._replies)
        if not replies:
            raise OSError("the sound server has not said where the stream is")
        first_sounded = first_sample_moment([(reply[1], reply[2]) for reply in replies])
        now = time.monotonic()
        return round((now - first_sounded) * RATE) * 2, now

    def _keep_fed(self) -> None:
        """Write silence up to KEEP_AHEAD_S past what sounds now, so the stream never runs dry."""
        sounding, _ = self._position()
        target = sounding + round(KEEP_AHEAD_S * RATE) * 2
        if self._written_end < target:
            start = max(self._written_end, sounding)
            self._put(bytes(target - start), start, PA_SEEK_ABSOLUTE)
            self._written_end = target

    def _put(self, data: bytes, offset: int, seek: int) -> None:
        with self._locked():
            result = self._lib.pa_stream_write(self._stream, data, len(data), None, offset, seek)
        if result < 0:
            raise OSError(self._error())

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

    def _serve(self) -> None:
        ends: float | None = None  # when everything written has played
        name = ""
        ask_at = time.monotonic()
        while True:
            now = time.monotonic()
            if now >= ask_at:
                self._keep_fed()
                self._ask_timing()
                ask_at = now + TIMING_EVERY_S
            try:
                wake = ask_at if ends is None else min(ends, ask_at)
                word, rest = self._commands.get(timeout=max(0.0, wake - now))
            except queue.Empty:
                if ends is None or time.monotonic() < ends:
                    continue
                # Due to have ended. Whether the server really played it is asked on the second stream, so
                # that waiting for its answer never holds up the next cue.
                ends = None
                self._checked = name
                self._check_due.set()
                self._sounding = False
                self._say("quiet")
                continue
            if word == "volume":
                self._volume = float(rest)
                self._scaled.clear()
            elif word in ("play", "at"):
                moment: float | None = None
                if word == "at":
                    text, _, rest = rest.partition(" ")
                    moment = float(text)
                name = rest
                ended = self._write_cue(name, moment)
                ends = ended if ends is None else max(ends, ended)
            elif word == "cancel":
                self._cancel()
            elif word == "stop":
                with self._locked():
                    operation = self._lib.pa_stream_flush(self._stream, None, None)
                    if operation:
                        self._lib.pa_operation_unref(operation)
                self._waiting = []
                if ends is not None:
                    ends = time.monotonic()

    def _write_cue(self, name: str, moment: float | None) -> float:
        """Write cue ``name`` to sound at ``moment`` (or at once), cutting whatever was written from there
        on (a longer cue's tail, a cue taken back); when it will have played, in monotonic seconds."""
        data = self._samples(name)
        sounding, now = self._position()
        self._waiting = [w for w in self._waiting if w[0] - now >= MIN_AHEAD_S]  # the rest sound already
        if moment is not None and moment - now >= MIN_AHEAD_S:
            start = sounding + round((moment - now) * RATE) * 2
            self._put(data + bytes(max(0, self._written_end - start - len(data))), start, PA_SEEK_ABSOLUTE)
            self._written_end = max(self._written_end, start + len(data))
            later = [w for w in self._waiting if w[1] > start]
            self._waiting = sorted([*self._waiting, (moment, start, name)])
            ends = moment + len(data) / 2 / RATE
        else:
            # Now: where the server reads when it takes this, which is a little past what sounds now (by up
            # to NOW_SLACK_S), so the silence after it reaches that much further.
            payload = data + bytes(max(0, self._written_end - sounding - len(data)))
            self._put(payload, 0, PA_SEEK_RELATIVE_ON_READ)
            self._written_end = max(
                self._written_end, sounding + len(payload) + round(NOW_SLACK_S * RATE) * 2
            )
            later = self._waiting
            ends = now + len(data) / 2 / RATE
        # Cues written ahead for later keep their places: each cuts what sounds when its moment comes.
        for w_moment, w_start, w_name in later:
            w_data = self._samples(w_name)
            self._put(
                w_data + bytes(max(0, self._written_end - w_start - len(w_data))), w_start, PA_SEEK_ABSOLUTE
            )
            ends = max(ends, w_moment + len(w_data) / 2 / RATE)
        return ends

    def _cancel(self) -> None:
        """Silence the cues written ahead, except those starting to sound already."""
        now = time.monotonic()
        waiting = [w for w in self._waiting if w[0] - now >= MIN_AHEAD_S]
        self._waiting = []
        if waiting and self._written_end > waiting[0][1]:
            start = waiting[0][1]
            self._put(bytes(self._written_end - start), start, PA_SEEK_ABSOLUTE)
