"""Plays a session's cue sounds through the sound process, and shows every cue even where no sound can play.

QtMultimedia never runs in the app's own process: ``sound_process`` plays the sounds, so a sound server that
hangs can stop only that process, never the window or a session's timer. ``CuePlayer.load()`` starts it when a
session starts (never on the way to the first window, never while sounds are muted); a cue afterwards is one
line down a pipe. When the process does not answer in time, the player gives up on sound for the session.
"""

from __future__ import annotations

import contextlib
import copy
import logging
import math
import os
import subprocess
import threading
import time
from importlib import resources as package_files
from pathlib import Path
from typing import IO, Any, Protocol

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from sciatica_timer.audio.processes import ask_sound_process, sound_process_command
from sciatica_timer.audio.processes import sound_process_env as _sound_process_env
from sciatica_timer.audio.thread_mailbox import ThreadMailbox
from sciatica_timer.core.clock import Clock, MonotonicClock, ScaledClock, real_delay_s
from sciatica_timer.core.cues import Cue, CueScript, CueSettings
from sciatica_timer.core.engine import EngineState, SessionEngine
from sciatica_timer.core.i18n import N_, _
from sciatica_timer.core.session_events import (
    Countdown,
    PhaseStarted,
    SessionCompleted,
    SessionEvent,
    SessionStopped,
)

log = logging.getLogger(__name__)

SOUNDS_PACKAGE = "sciatica_timer.resources"
SOUNDS_DIR = "sounds"
# How long the sound process may take to say whether it can play, and to take a cue, before the player
# gives up on sound. Starting it (Python, Qt, QtMultimedia, the server) takes well under a second on an idle
# machine; a hung sound server makes QtMultimedia wait about 30 s. Cues are shown on screen meanwhile. (A
# server that stops mid-session is noticed by the sound process itself: a cue that never ends, "stuck".)
LOAD_TIMEOUT_MS = 10_000
ANSWER_TIMEOUT_MS = 2_000
PROBE_TIMEOUT_S = 5.0
# How long before its moment a cue is handed to the sound process, which then starts it on its own clock. On
# a busy machine this process's timers fire tens of milliseconds late (44 to 104 ms were measured with four
# CPU hogs on two cores), while the sound process runs ahead of ordinary work: a cue handed over early starts
# on time whatever this process is doing at its moment.
CUE_LEAD_S = 0.5
SAME_MOMENT_S = 1e-4  # clock seconds: a cue looked ahead and the event that calls for it share a planned time
NOT_ANSWERING = N_("the sound server does not answer")
STOPPED_ANSWERING = N_("the sound server stopped answering")
_reported: set[str] = set()  # problems already logged by this process: each is logged once


def sounds_dir() -> Path:
    """The folder of cue WAVs shipped in the package."""
    folder = package_files.files(SOUNDS_PACKAGE).joinpath(SOUNDS_DIR)
    if not isinstance(folder, Path):
        raise FileNotFoundError(_("the cue sounds are inside an archive; QSoundEffect needs files on disk"))
    return folder


def probe_sound_output() -> tuple[bool, str]:
    """(True, the default output's name) when cues can make sound, else (False, why in one line).

    Asks a sound process of its own and waits for it at most ``PROBE_TIMEOUT_S``: call it off the UI thread.
    """
    try:
        result = ask_sound_process("--probe", PROBE_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        return False, _(NOT_ANSWERING)
    except OSError as exc:
        return False, _("the sound process could not start: {exc}").format(exc=exc)
    for line in result.stdout.splitlines():
        word, _space, rest = line.partition(" ")
        if word == "ready":
            return True, rest or "unnamed"
        if word == "unavailable":
            return False, rest
        if word == "log":
            log.info("QtMultimedia: %s", rest)
    return False, _("the sound process ended without an answer (exit {returncode})").format(
        returncode=result.returncode
    )


def sound_availability() -> tuple[bool, str]:
    """Whether cues can make sound, and if not, why, in one line for a settings page (off the UI thread)."""
    works, detail = probe_sound_output()
    return works, "" if works else detail


def real_seconds_per_clock_second(clock: Clock) -> float | None:
    """How fast ``clock`` runs against the system's monotonic clock (which the sound process shares), or
    None when it is not tied to it (a test's fake clock): then no cue is handed over ahead of its moment."""
    if isinstance(clock, MonotonicClock):
        return 1.0
    # ScaledClock keeps its base to itself; only a scaled real clock can be lined up with the sound process.
    base = getattr(clock, "_base", None)
    if isinstance(clock, ScaledClock) and isinstance(base, MonotonicClock):
        return 1.0 / clock.speed
    return None


def _report_once(reason: str) -> None:
    if reason not in _reported:
        _reported.add(reason)
        log.warning("no sound cues: %s; cues are shown on screen only", reason)


def _emit_line(process: SoundProcess, text: object) -> None:
    with contextlib.suppress(RuntimeError):  # deleted with its window meanwhile: nobody listens
        process.line.emit(str(text))


# Every reader thread's lines reach their sound process through this (see thread_mailbox.py): a reader holds
# no reference to a QObject that could be freed while one of its lines is being delivered.
_lines: ThreadMailbox[SoundProcess] = ThreadMailbox("sound-process-lines", _emit_line)
_listening = _lines.waiting  # the sound processes still listening, by number


class Voice(Protocol):
    """Spoken prompts, asked before each cue sounds: one sound at a time, so neither drowns the other."""

    def give_way(self, cue: Cue) -> int | None:
        """Milliseconds before ``cue`` may sound (0: now; more while a prompt being stopped for it falls
        silent), or None: held back."""
        ...


class SoundProcess(QObject):
    """One running sound process: lines to it never block, lines from it arrive as ``line`` on this thread.

    ``line("")`` means the process has ended (and has been waited for).
    """

    line = Signal(str)

    def __init__(self, folder: Path, volume: float, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._proc = subprocess.Popen(  # noqa: S603 - this same program, no input from outside
            sound_process_command(str(folder), f"{volume:.3f}"),
            env=_sound_process_env(),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,  # a Python traceback there ends up in the log too
            text=True,
            bufsize=1,
        )
        stdin = self._proc.stdin
        assert stdin is not None  # noqa: S101 - asked for with stdin=PIPE
        self._stdin: IO[str] | None = stdin
        # A full pipe must not stop the session: a line that does not fit is dropped (the player gives up).
        with contextlib.suppress(OSError, AttributeError):  # Windows before Python 3.12 cannot
            os.set_blocking(stdin.fileno(), False)
        reader = threading.Thread(
            target=_read,
            args=(self._proc, _lines, _lines.register(self)),
            name="sound-process-reader",
            daemon=True,
        )
        reader.start()

    def send(self, text: str) -> bool:
        if self._stdin is None:
            return False
        try:
            self._stdin.write(text + "\n")
            self._stdin.flush()
        except (OSError, ValueError):
            return False
        return True

    def close(self) -> None:
        """Let the process finish the sound playing and exit (it exits on its own within a few seconds)."""
        if self._stdin is not None:
            with contextlib.suppress(OSError, ValueError):
                self._stdin.close()
            self._stdin = None

    def kill(self) -> None:
        """End the process now, wherever it is stuck."""
        self.close()
        with contextlib.suppress(OSError):
            self._proc.kill()


def _read(proc: subprocess.Popen[str], lines: ThreadMailbox[SoundProcess], number: int) -> None:
    """The reader thread: every line from the process, then "" once it has ended and been waited for."""
    assert proc.stdout is not None  # noqa: S101 - asked for with stdout=PIPE
    for raw in proc.stdout:  # read to the end even when nobody listens, so the process never blocks on it
        lines.post(number, raw.rstrip("\n"))
    proc.stdout.close()
    proc.wait()
    lines.post(number, "", last=True)


class CuePlayer(QObject):
    """Turns session events into cue sounds, following ``CueSettings``.

    ``cue_shown(name)`` is emitted for every cue the settings switch on, whether or not a sound plays (muted,
    no sound device, a sound server that does not answer): a window can flash its phase label with it. When
    sound cannot play, ``available`` is False and ``unavailable_reason`` says why in one line; the problem is
    logged once per process, and ``status_changed`` carries it (or "" once sound works) for a banner.
    """

    cue_shown = Signal(str)  # a Cue value: "press", "tick", ...
    ready = Signal()  # it is known whether sound plays: the sounds are loaded, muted, or none can play
    quiet = Signal()  # the last sound playing has finished
    status_changed = Signal(str)  # "" when sound plays, else why cues are shown on screen only

    def __init__(
        self,
        clock: Clock,
        settings: CueSettings | None = None,
        parent: QObject | None = None,
        *,
        sounds: Path | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("cue-player")
        self._clock = clock
        self._script = CueScript(settings)
        self._sounds = sounds
        self._process: SoundProcess | None = None
        self._sound_ready = False  # the process said it has every sound loaded
        self._loaded = False  # load() was called
        self._settled = False  # ready was emitted
        self._reason = ""
        self._unanswered = 0  # cues sent that the process has not taken yet
        self._playing = False
        self.voice: Voice | None = None  # spoken prompts that take turns with the cues (speech.py)
        self._after_voice: Cue | None = None  # the cue waiting for a stopped prompt to fall silent
        self._handover = QTimer(self)
        self._handover.setObjectName("cue-after-voice")
        self._handover.setSingleShot(True)
        self._handover.setTimerType(Qt.TimerType.PreciseTimer)
        self._handover.timeout.connect(self._on_handover)
        # The one timer for breath cues inside a breathe phase, re-armed for the next one.
        self._breath = QTimer(self)
        self._breath.setObjectName("breath-cue")
        self._breath.setSingleShot(True)
        self._breath.setTimerType(Qt.TimerType.PreciseTimer)
        self._breath.timeout.connect(self._on_breath_due)
        # Looking ahead (once ``follow`` gave the engine): the session's next cue, and the timer that hands it
        # to the sound process CUE_LEAD_S before its moment; pause, skip, back and stop take it back.
        self._engine: SessionEngine | None = None
        self._real_per_clock_s = real_seconds_per_clock_second(clock)
        # (clock time, cue) with the sound process, until their event
        self._handed: list[tuple[float, Cue]] = []
        # The phase whose start the script has seen: mid-way through a batch of events the engine is already
        # further on, and a look ahead from the script would pick the wrong cue for the next phase.
        self._phase_seen: int | None = None
        self._ahead = QTimer(self)
        self._ahead.setObjectName("cue-ahead")
        self._ahead.setSingleShot(True)
        self._ahead.setTimerType(Qt.TimerType.PreciseTimer)
        self._ahead.timeout.connect(self._look_ahead)
        # Bounds on waiting for the sound process: to load, and to take each cue.
        self._load_deadline = self._deadline("sound-load-deadline", LOAD_TIMEOUT_MS, _(NOT_ANSWERING))
        self._answer_deadline = self._deadline("sound-answer-deadline", ANSWER_TIMEOUT_MS, STOPPED_ANSWERING)

    def _deadline(self, name: str, ms: int, reason: str) -> QTimer:
        timer = QTimer(self)
        timer.setObjectName(name)
        timer.setSingleShot(True)
        timer.setInterval(ms)
        timer.timeout.connect(lambda: self._give_up(reason))
        return timer

    # -- state -------------------------------------------------------------------------------------------

    @property
    def available(self) -> bool:
        """Whether cues make sound now (not before the sound process is ready, not while muted)."""
        return self._sound_ready and self._process is not None and not self._reason

    @property
    def unavailable_reason(self) -> str:
        """Why no sound plays, in one line; empty when sound works or ``load()`` was not called yet."""
        return self._reason

    def is_ready(self) -> bool:
        """Settled: every sound can play at once, or sound is muted, or it is known that none can play."""
        return self._settled

    def is_sound_process_running(self) -> bool:
        """Whether a sound process is running (never while muted): for tests and the self-test."""
        return self._process is not None

    @property
    def settings(self) -> CueSettings:
        return self._script.settings

    def set_settings(self, settings: CueSettings) -> None:
        """Apply new settings at once, mid-session too. Muting ends the sound process; unmuting starts it."""
        self._script.settings = settings
        if settings.muted:
            self._end_process(now=True)
        elif self._process is not None:
            self._process.send(f"volume {settings.volume:.3f}")
        elif self._loaded:
            self._start_process()
        self._look_ahead()  # a cue switched off (or on) may be the next one

    # -- loading -----------------------------------------------------------------------------------------

    def load(self) -> None:
        """Start the sound process; call when a session starts. Never raises and never waits.

        ``ready`` is emitted once it is known whether sound plays: at once when muted (the sound server is
        then not touched at all), else when the process answers or ``LOAD_TIMEOUT_MS`` pass.
        """
        if self._loaded:
            return
        self._loaded = True
        if self.settings.muted:
            self._settle()
            return
        self._start_process()

    def _start_process(self) -> None:
        if self._process is not None or self._reason:
            return
        try:
            folder = self._sounds or sounds_dir()
            self._process = SoundProcess(folder, self.settings.volume, self)
        except (OSError, ValueError, FileNotFoundError) as exc:
            self._give_up(_("the sound process could not start: {exc}").format(exc=exc))
            return
        self._sound_ready = False
        self._unanswered = 0
        self._process.line.connect(self._on_line)
        self._load_deadline.start()

    def _on_line(self, line: str) -> None:
        if self.sender() is not self._process:
            return  # a process this player has already left
        word, _space, rest = line.partition(" ")
        if word == "ready":
            self._load_deadline.stop()
            self._sound_ready = True
            self.status_changed.emit("")
            self._settle()
            self._look_ahead()
        elif word == "unavailable":
            self._give_up(rest or _("no sound output"))
        elif word == "played":
            self._unanswered = max(0, self._unanswered - 1)
            if self._unanswered:
                self._answer_deadline.start()
            else:
                self._answer_deadline.stop()
        elif word == "stuck":
            self._give_up(STOPPED_ANSWERING)
        elif word == "quiet" and not self._unanswered:
            # Only once every cue sent was taken: a "quiet" from before the latest cue is about an older one.
            self._playing = False
            self.quiet.emit()
        elif word == "log":
            log.info("QtMultimedia: %s", rest)
        elif line == "":
            self._give_up(_("the sound process ended"))
        else:
            log.info("sound process: %s", line)

    def _give_up(self, reason: str) -> None:
        """No sound for the rest of this player's life; cues stay on screen. Said once, logged once."""
        self._end_process(now=True)
        if not self._reason:
            self._reason = reason
            _report_once(reason)
            self.status_changed.emit(reason)
        self._settle()

    def _end_process(self, *, now: bool) -> None:
        self._load_deadline.stop()
        self._answer_deadline.stop()
        process, self._process = self._process, None
        self._sound_ready = False
        self._ahead.stop()
        self._handed.clear()
        if process is not None:
            process.line.disconnect(self._on_line)
            if now:
                process.kill()
            else:
                process.close()
        if self._playing:
            self._playing = False
            self.quiet.emit()

    def _settle(self) -> None:
        if not self._settled:
            self._settled = True
            self.ready.emit()

    # -- playing -----------------------------------------------------------------------------------------

    def follow(self, engine: SessionEngine) -> None:
        """Look ahead along ``engine``'s session (whose events reach ``handle_event``): each cue is handed to
        the sound process ahead of its moment (``CUE_LEAD_S``) and started there on time; the events still
        show every cue when it comes."""
        self._engine = engine

    def handle_event(self, event: Any) -> None:
        """Play the cue a session event calls for; connect ``SessionTimer.engine_event`` here."""
        if not isinstance(event, SessionEvent):
            return
        cue = self._script.on_event(event)
        if isinstance(event, PhaseStarted):
            self._phase_seen = event.phase_index
        if cue is not None:
            if self._was_handed(event.planned_at, cue):
                self.cue_shown.emit(cue.value)  # the sound process started it at its moment
            else:
                self.play(cue)
        if isinstance(event, SessionCompleted | SessionStopped):
            self._breath.stop()
        else:
            self._arm_breath()
        self._look_ahead()

    def play(self, cue: Cue) -> None:
        """Sound ``cue`` now (unless muted or no sound) and show it; also for a settings page's preview."""
        if self.available and self._process is not None and not self.settings.muted:
            wait_ms = 0 if self.voice is None else self.voice.give_way(cue)
            if self._handover.isActive() and wait_ms is not None:
                self._after_voice = cue  # the voice is still falling silent: the newest cue goes then
            elif wait_ms is None:
                pass  # a tick while a prompt is spoken: the countdown stays on screen
            elif wait_ms > 0:
                self._after_voice = cue  # a prompt was stopped for it: sound it once the voice is silent
                self._playing = True
                self._handover.start(wait_ms)
            else:
                self._send(f"play {cue.value}")
        self.cue_shown.emit(cue.value)

    def _on_handover(self) -> None:
        cue, self._after_voice = self._after_voice, None
        if cue is not None and self.available and not self.settings.muted and self._process is not None:
            self._send(f"play {cue.value}")
        elif self._playing and not self._unanswered:
            self._playing = False  # muted or gone meanwhile: nothing plays, and a waiting prompt may go
            self.quiet.emit()

    def _send(self, line: str) -> bool:
        """A cue line to the sound process (when sound plays); each is answered with "played"."""
        process = self._process
        if not (self.available and process is not None and not self.settings.muted):
            return False
        if not process.send(line):
            self._give_up(STOPPED_ANSWERING)
            return False
        self._playing = True
        self._unanswered += 1
        if not self._answer_deadline.isActive():
            self._answer_deadline.start()
        return True

    # -- looking ahead -----------------------------------------------------------------------------------

    def _coming_cues(self) -> tuple[list[tuple[float, Cue]], float | None]:
        """The cues due within CUE_LEAD_S from now, with their clock times, in order; and the clock time of
        the first cue after them (None: none before the session ends or waits for the person), when the
        next look ahead is due.

        The session's plan is known ahead: the same cue script, tried on a copy, is walked along the
        engine's deadline chain (the current phase's ticks and breaths, then each next phase on its planned
        end) as the engine will walk it unless someone pauses, skips, goes back or stops.
        """
        engine = self._engine
        scale = self._real_per_clock_s
        if engine is None or engine.state is not EngineState.RUNNING or scale is None:
            return [], None
        if self.voice is not None:
            # Spoken prompts take turns with the cues (a cue may wait for a prompt to fall silent, a tick is
            # held back while one is spoken): only this process knows when, so each cue goes at its event.
            return [], None
        index = engine.current_phase_index
        phase = engine.current_phase
        deadline = engine.next_deadline()
        left = engine.time_left_s()
        if index is None or phase is None or deadline is None or left is None:
            return [], None
        now = self._clock.now()
        horizon = now + CUE_LEAD_S / scale
        count_from = int(getattr(engine, "_countdown_from", 3))  # the engine's countdown (3, 2, 1)
        phases = engine.plan.phases
        script = copy.deepcopy(self._script)
        coming: list[tuple[float, Cue]] = []
        # The phase ends a whole number of seconds after the next deadline (a tick) or at it; both exactly as
        # the engine reckons them, so each cue's time here is the time its event will carry.
        ticks = round(now + left - deadline)
        end = deadline + ticks
        while True:
            moments: list[tuple[float, SessionEvent]] = [
                (
                    end - seconds,
                    Countdown(
                        planned_at=end - seconds,
                        actual_at=end - seconds,
                        phase_index=index,
                        phase=phase,
                        seconds_left=seconds,
                    ),
                )
                for seconds in range(ticks, 0, -1)
            ]
            if index + 1 < len(phases):
                start = PhaseStarted(
                    planned_at=end, actual_at=end, phase_index=index + 1, phase=phases[index + 1]
                )
                moments.append((end, start))
            else:
                moments.append((end, SessionCompleted(planned_at=end, actual_at=end)))
            for at, event in moments:
                while (breath_at := script.next_due()) is not None and breath_at <= at:
                    breath = script.due(breath_at)
                    if breath is not None:
                        if breath_at > horizon:
                            return coming, breath_at
                        coming.append((breath_at, breath))
                cue = script.on_event(event)
                if cue is not None:
                    if at > horizon:
                        return coming, at
                    coming.append((at, cue))
            index += 1
            if index >= len(phases) or phases[index].waits_for_user:
                return coming, None
            phase = phases[index]
            end += phase.duration_s
            ticks = count_from if phase.duration_s > count_from else 0

    def _look_ahead(self) -> None:
        """Keep the coming cues with the sound process: hand each over in time, take back any that won't
        come (a pause, a skip, a step back, a stop, a cue switched off)."""
        engine = self._engine
        running = engine is not None and engine.state is EngineState.RUNNING
        if running and engine is not None and engine.current_phase_index != self._phase_seen:
            return  # the rest of this batch of events is on its way: look once the script has it
        now = self._clock.now()
        # Only what is still ahead: a breath whose moment has just gone by is its own timer's to show.
        ahead, next_at = self._coming_cues() if self.available else ([], None)
        coming = [c for c in ahead if c[0] > now]
        future = [h for h in self._handed if h[0] > now]
        latest = max((h[0] for h in future), default=-float("inf"))
        new = [c for c in coming if not any(_same(c, h) for h in future)]
        keeps = all(any(_same(h, c) for c in coming) for h in future)
        if not keeps or any(c[0] < latest for c in new):
            if future and self._process is not None:
                self._process.send("cancel")
            self._handed = [h for h in self._handed if h[0] <= now]  # started: their events are on the way
            new = coming
        for at, cue in new:
            moment = time.monotonic() + real_delay_s(self._clock, at)  # the sound process's clock
            if self._send(f"at {moment:.6f} {cue.value}"):
                self._handed.append((at, cue))
        self._ahead.stop()
        scale = self._real_per_clock_s
        if next_at is not None and scale is not None:
            # Look again when the next cue comes within CUE_LEAD_S, not on a tick in between: a session's
            # cues are seconds apart, and each look is a wake-up of this process. (Pause, skip, back and stop
            # look again at once, through their events.)
            comes_within_lead = next_at - CUE_LEAD_S / scale
            self._ahead.start(math.ceil(real_delay_s(self._clock, comes_within_lead) * 1000))

    def _was_handed(self, at: float, cue: Cue) -> bool:
        """Whether the cue an event calls for was handed over ahead (and so has started already)."""
        self._handed = [h for h in self._handed if h[0] >= at - SAME_MOMENT_S]  # older ones had no event
        for handed in self._handed:
            if _same(handed, (at, cue)):
                self._handed.remove(handed)
                return True
        return False

    def is_playing(self) -> bool:
        return self._playing

    def shutdown(self) -> None:
        """Stop the breath timer and every sound (the session ended or the window closes); the sound process
        exits on its own, or is ended at once when it is not keeping up (it may be stuck on the server)."""
        self._breath.stop()
        self._handover.stop()
        self._after_voice = None
        self._ahead.stop()
        if self._process is not None and not self._unanswered:
            self._process.send("stop")
            self._end_process(now=False)
        else:
            self._end_process(now=True)

    def _arm_breath(self) -> None:
        due = self._script.next_due()
        if due is None:
            self._breath.stop()
        else:
            self._breath.start(int(real_delay_s(self._clock, due) * 1000))

    def _on_breath_due(self) -> None:
        at = self._script.next_due()
        cue = self._script.due(self._clock.now())
        if cue is not None and at is not None:
            if self._was_handed(at, cue):
                self.cue_shown.emit(cue.value)
            else:
                self.play(cue)
        self._arm_breath()
        self._look_ahead()


def _same(one: tuple[float, Cue], other: tuple[float, Cue]) -> bool:
    return one[1] is other[1] and abs(one[0] - other[0]) <= SAME_MOMENT_S
