"""``sciatica-timer play ID --no-gui``: a routine in the terminal, with keys, an event log and saved history.

On a terminal one line updates in place and keys steer (space pauses, n skips, q stops, Enter confirms a
point was found). When stdout is not a terminal each event is one plain line; when stdin is not a terminal
no keys are read and the routine plays to its end (locate steps go on by themselves).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import signal
import sys
import time
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from sciatica_timer import APP_ID
from sciatica_timer.cli.exit_codes import EXIT_OK
from sciatica_timer.core.i18n import N_, _, pgettext
from sciatica_timer.errors import UserError

if TYPE_CHECKING:
    from sciatica_timer.audio.player import CuePlayer
    from sciatica_timer.core.clock import ScaledClock
    from sciatica_timer.core.cues import CueSettings
    from sciatica_timer.core.engine import SessionEngine
    from sciatica_timer.core.points import PointLibrary
    from sciatica_timer.core.session_events import SessionEvent
    from sciatica_timer.core.settings import Settings
    from sciatica_timer.storage.session_journal import SessionJournal

SPEED_RANGE = (1.0, 100.0)
EXIT_INTERRUPTED = 130  # the shell's convention for a program ended by Ctrl-C
# How often the in-place status line is redrawn on a terminal (real seconds).
STATUS_REFRESH_S = 0.25
# Longest wait for the cue sounds to load before the session starts, and for the last cue to finish.
CUE_FINISH_WAIT_MS = 3000

EVENT_NAMES = {
    "PhaseStarted": "phase_started",
    "PhaseEnded": "phase_ended",
    "StepStarted": "step_started",
    "StepCompleted": "step_completed",
    "StepSkipped": "step_skipped",
    "Paused": "paused",
    "Resumed": "resumed",
    "Countdown": "countdown",
    "WaitingForUser": "waiting_for_user",
    "SuspendDetected": "suspend_detected",
    "SessionCompleted": "session_completed",
    "SessionStopped": "session_stopped",
}

PHASE_WORDS = {
    "press": N_("press gently"),
    "hold": N_("hold"),
    "release": N_("release slowly"),
    "breathe": N_("breathe"),
    "locate": N_("find the point"),
    "activity": N_("activity"),
    "rest": N_("rest"),
}


def register(subparsers: argparse._SubParsersAction[Any]) -> None:
    parser = subparsers.add_parser(
        "play",
        help=_("play a routine in the terminal"),
        description=_("Play a routine. Keys on a terminal: space pause/resume, n skip, Enter ready, q stop."),
    )
    parser.add_argument("routine_id", metavar="ROUTINE_ID")
    parser.add_argument("--no-gui", action="store_true", help=_("play in the terminal instead of the window"))
    parser.add_argument("--speed", type=float, default=1.0, help=_("run time X times faster (1 to 100)"))
    parser.add_argument(
        "--events", type=Path, metavar="FILE", help=_("write every event as a JSON line to FILE")
    )
    parser.add_argument("--pain-before", type=str, metavar="N", help=_("pain score before, 0 to 10"))
    parser.add_argument("--pain-after", type=str, metavar="N", help=_("pain score after, 0 to 10"))
    parser.add_argument("--mute", action="store_true", help=_("play no sound cues"))
    parser.set_defaults(handler=_play)


def _score(text: str | None, option: str) -> int | None:
    if text is None:
        return None
    from sciatica_timer.core.diary import PainScore, PainScoreError

    try:
        return int(PainScore.parse(text))
    except PainScoreError as exc:
        raise UserError(f"{option}: {exc}") from exc


def _play(args: argparse.Namespace) -> int:
    from sciatica_timer.core.clock import MonotonicClock, ScaledClock, system_suspend_probe
    from sciatica_timer.core.engine import SessionEngine
    from sciatica_timer.storage.history import HistoryStore
    from sciatica_timer.storage.resources import load_point_library
    from sciatica_timer.storage.routine_files import RoutineRepository
    from sciatica_timer.storage.session_journal import SessionJournal

    if not args.no_gui:
        raise UserError(
            _("play needs --no-gui for now; open the window with no command to play a routine there")
        )
    low, high = SPEED_RANGE
    if not low <= args.speed <= high:
        raise UserError(
            _("--speed {speed:g} is out of range: use a number from {low:g} to {high:g}").format(
                speed=args.speed, low=low, high=high
            )
        )
    pain_before = _score(args.pain_before, "--pain-before")
    pain_after = _score(args.pain_after, "--pain-after")
    points = load_point_library()
    routine = RoutineRepository(args.paths.routines_dir, points).get(args.routine_id)
    settings = _saved_settings(args.paths.settings_file)
    if not settings.safety.reviewed:
        raise UserError(
            _("the safety checklist has not been answered yet: run `sciatica-timer safety` first")
        )
    from sciatica_timer.core.safety import warning_signs_due
    from sciatica_timer.core.session_plan import plan_session

    if warning_signs_due(settings.safety, date.today()):
        print(
            _(
                "{app}: please go through the warning signs again: `sciatica-timer safety show` lists "
                "them, `sciatica-timer safety` asks them"
            ).format(app=APP_ID),
            file=sys.stderr,
        )
    # The same decision as the window: the points the answers or the person leave out, the breathing pace.
    planned = plan_session(routine, points, settings)
    if planned.routine is None or planned.plan is None:
        raise UserError(f"{routine.id}: {planned.message}")
    if planned.message:
        print(f"{APP_ID}: {planned.message}", file=sys.stderr)
    for caution in planned.cautions:
        print(f"{APP_ID}: {caution}", file=sys.stderr)
    routine = planned.routine
    plan = planned.plan
    clock = ScaledClock(MonotonicClock(), args.speed)
    engine = SessionEngine(plan, clock, suspend_probe=system_suspend_probe())
    with _events_file(args.events) as events_out, HistoryStore.open(args.paths.database) as store:
        if store.recovery is not None:
            print(f"{APP_ID}: {store.recovery.message}", file=sys.stderr)
        cues = None if args.mute else settings.cues
        player = TerminalPlayer(engine, clock, sys.stdout, events_out, cues=cues, points=points)
        journal = player.play(lambda: SessionJournal(store, routine, engine, pain_before=pain_before))
        _save_or_keep(journal, pain_after, args.paths.data_dir)
        store.backup_if_due()
    if player.finished:
        return EXIT_OK
    # The shell's convention: 128 + the signal (130 for Ctrl-C, 143 for SIGTERM, 129 for SIGHUP).
    return EXIT_INTERRUPTED if player.ended_by is None else 128 + player.ended_by.value


SAVE_ATTEMPTS = 3  # a full disk may have room again a moment later (a download finishing, a file deleted)
SAVE_RETRY_S = 1.0


def _save_or_keep(journal: SessionJournal, pain_after: int | None, data_dir: Path) -> None:
    """Save the session's end (and the pain after it), trying again a little; when the history still
    cannot be written, keep the whole session in a file and say, in one line, where it waits."""
    problem: UserError | None = None
    for attempt in range(SAVE_ATTEMPTS):
        try:
            journal.close()
            if pain_after is not None:
                journal.set_pain_after(pain_after)
        except UserError as exc:
            problem = exc
            if attempt + 1 < SAVE_ATTEMPTS:
                time.sleep(SAVE_RETRY_S)  # nothing else to do meanwhile: the session is over
            continue
        return
    waiting = journal.write_waiting([data_dir], pain_after)
    raise UserError(
        _(
            "{problem}; the whole session waits in {waiting}: once there is room, add it to your "
            "history with: {app} history import {waiting}"
        ).format(problem=problem, waiting=waiting, app=APP_ID)
    )


def _saved_settings(path: Path) -> Settings:
    """The window's settings (sounds, breathing pace); a problem with the file is one line on stderr."""
    from sciatica_timer.storage.settings_file import SettingsFile

    loaded = SettingsFile(path).load()
    if loaded.notice:
        print(f"{APP_ID}: {loaded.notice}", file=sys.stderr)
    return loaded.settings


@contextlib.contextmanager
def _events_file(path: Path | None) -> Iterator[IO[str] | None]:
    if path is None:
        yield None
        return
    try:
        stream = path.open("w", encoding="utf-8")
    except OSError as exc:
        raise UserError(
            _("{path}: cannot write the event log: {value}").format(path=path, value=exc.strerror or exc)
        ) from exc
    with stream:
        yield stream


def event_to_json(event: SessionEvent, start_at: float, speed: float) -> dict[str, object]:
    """One event as the --events log writes it: times in real seconds since the session started."""
    from sciatica_timer.core.session_events import (
        Countdown,
        Paused,
        PhaseEnded,
        PhaseEvent,
        Resumed,
        SessionStopped,
        StepEvent,
        SuspendDetected,
    )

    out: dict[str, object] = {"event": EVENT_NAMES[type(event).__name__]}
    if isinstance(event, PhaseEvent):
        phase = event.phase
        out.update(
            step=phase.step_index,
            point=phase.point_code,
            side=phase.side.value if phase.side else None,
            rep=phase.repetition,
            phase=phase.kind.value,
        )
    elif isinstance(event, StepEvent):
        out.update(step=event.step.index, point=event.step.point_code, title=event.step.title)
    out["planned_s"] = round((event.planned_at - start_at) / speed, 6)
    out["actual_s"] = round((event.actual_at - start_at) / speed, 6)
    if isinstance(event, PhaseEnded):
        out.update(
            phase_planned_s=round(event.planned_s / speed, 6),
            phase_actual_s=round(event.actual_s / speed, 6),
            outcome=event.outcome.value,
        )
    elif isinstance(event, Countdown):
        out["seconds_left"] = event.seconds_left
    elif isinstance(event, Paused):
        out["reason"] = event.reason.value
    elif isinstance(event, Resumed):
        out["paused_s"] = round(event.paused_s / speed, 6)
    elif isinstance(event, SuspendDetected):
        out["gap_s"] = round(event.gap_s, 3)
    elif isinstance(event, SessionStopped):
        out.update(reason=event.reason, for_pain=event.for_pain)
    return out


class _TerminalKeys:
    """Single key presses from a terminal stdin (cbreak mode), restored on exit."""

    def __init__(self) -> None:
        self.enabled = sys.stdin.isatty()
        self._saved: list[Any] | None = None

    def __enter__(self) -> _TerminalKeys:
        if self.enabled:
            import termios
            import tty

            fd = sys.stdin.fileno()
            self._saved = termios.tcgetattr(fd)
            tty.setcbreak(fd)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._saved is not None:
            import termios

            with contextlib.suppress(OSError, termios.error):  # a terminal closed meanwhile has no modes
                termios.tcsetattr(sys.stdin.fileno(), termios.TCSADRAIN, self._saved)


# The signals that end a terminal session: stopped and saved as stopped, the terminal given back as it was.
# SIGTERM is a polite kill (a logout, `kill`); SIGHUP is the terminal window closing.
_ENDING_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
_SIGNAL_REASONS = {
    signal.SIGINT: "interrupted (Ctrl-C)",
    signal.SIGTERM: N_("interrupted (asked to end)"),
    signal.SIGHUP: N_("interrupted (the terminal closed)"),
}


class _CtrlC:
    """Turns SIGINT, SIGTERM and SIGHUP into a call on the event loop: the signal writes its number to a
    pipe that a notifier watches, so the session stops through the engine like the q key."""

    def __init__(self, on_interrupt: Callable[[signal.Signals], None]) -> None:
        self._on_interrupt = on_interrupt
        self._read_fd, self._write_fd = os.pipe()
        os.set_blocking(self._write_fd, False)
        os.set_blocking(self._read_fd, False)

    def fileno(self) -> int:
        return self._read_fd

    def __enter__(self) -> _CtrlC:
        self._old_handlers = {number: signal.signal(number, lambda *_: None) for number in _ENDING_SIGNALS}
        self._old_wakeup = signal.set_wakeup_fd(self._write_fd)
        return self

    def __exit__(self, *exc: object) -> None:
        signal.set_wakeup_fd(self._old_wakeup)
        for number, handler in self._old_handlers.items():
            signal.signal(number, handler)
        os.close(self._read_fd)
        os.close(self._write_fd)

    def drain(self) -> None:
        try:
            data = os.read(self._read_fd, 512)
        except BlockingIOError:
            return
        for number in _ENDING_SIGNALS:
            if number.value in data:
                self._on_interrupt(number)
                return


class TerminalPlayer:
    """Runs an engine to its end on the Qt event loop (so sound cues can play), printing progress.

    The engine is woken by the same SessionTimer as in the window; keys arrive through a socket notifier on
    stdin, and Ctrl-C through a wake-up pipe, so the loop sleeps between deadlines instead of polling.
    """

    def __init__(
        self,
        engine: SessionEngine,
        clock: ScaledClock,
        out: IO[str],
        events_out: IO[str] | None = None,
        *,
        cues: CueSettings | None = None,
        points: PointLibrary | None = None,
    ) -> None:
        self._engine = engine
        self._points = points  # names the point after a sharp-pain stop
        self._pain_point: str | None = None
        self._cues = cues  # None: silent (--mute)
        self._clock = clock
        self._out: IO[str] | None = out
        self._events_out = events_out
        self._live = out.isatty()
        self._width: int | None = None  # the terminal's columns, read when first needed and on a resize
        self._start_at: float | None = None  # clock time the session started: the first event's planned time
        self._interrupted = False
        self.ended_by: signal.Signals | None = None  # the signal that stopped the session, if one did
        self.finished = False  # True once the session ran to its end (not stopped by Ctrl-C or a signal)

    def play(self, open_journal: Callable[[], SessionJournal]) -> SessionJournal:
        """Run the session to its end, saved by the journal ``open_journal`` makes; ``finished`` says
        whether Ctrl-C stopped it."""
        from PySide6.QtCore import QCoreApplication, QEventLoop, QSocketNotifier, QTimer

        from sciatica_timer.core.engine import EngineState
        from sciatica_timer.session.wiring import wire_session

        if QCoreApplication.instance() is None:
            QCoreApplication([sys.argv[0]])
        engine = self._engine
        loop = QEventLoop()
        cue_player = self._start_cues()
        status = QTimer()
        status.setInterval(round(STATUS_REFRESH_S * 1000))
        status.timeout.connect(self._draw_status)

        def on_event(_event: object) -> None:
            if engine.state in (EngineState.COMPLETED, EngineState.STOPPED):
                loop.quit()
            elif engine.state is EngineState.WAITING and not keys.enabled:
                QTimer.singleShot(0, engine.confirm_ready)  # nobody can press Enter: go on
            elif engine.state is EngineState.PAUSED and not keys.enabled:
                QTimer.singleShot(0, engine.resume)  # paused by a suspend; nobody can press space

        # The same order as in the window: the journal, then the cues, then what is printed.
        try:
            journal, driver = wire_session(
                engine,
                self._clock,
                open_journal=open_journal,
                cues=[] if cue_player is None else [cue_player.handle_event],
                screens=[self._on_event, on_event],
            )
        except BaseException:
            if cue_player is not None:
                cue_player.shutdown()  # the history could not be opened: no sound process left behind
            raise
        if cue_player is not None:
            cue_player.follow(engine)  # each cue goes to the sound process ahead of its moment
        with _TerminalKeys() as keys, _CtrlC(self._on_ctrl_c) as ctrl_c:
            notifier = None
            if keys.enabled:
                notifier = QSocketNotifier(sys.stdin.fileno(), QSocketNotifier.Type.Read)
                notifier.activated.connect(lambda *_: self._read_key(notifier))
            ctrl_wake = QSocketNotifier(ctrl_c.fileno(), QSocketNotifier.Type.Read)
            ctrl_wake.activated.connect(ctrl_c.drain)
            if self._live:
                status.start()
                # A narrower terminal would wrap the in-place line and flood the screen: redraw to fit.
                old_resize = signal.signal(signal.SIGWINCH, self._on_resize)
            engine.start()
            if engine.state not in (EngineState.COMPLETED, EngineState.STOPPED):
                loop.exec()
            status.stop()
            if self._live:
                signal.signal(signal.SIGWINCH, old_resize)
            driver.shutdown()
            if cue_player is not None:
                self._finish_cues(cue_player)
            if notifier is not None:
                notifier.setEnabled(False)
            ctrl_wake.setEnabled(False)
        if self._live:
            self._write("\n")
        self.finished = not self._interrupted
        return journal

    def _start_cues(self) -> CuePlayer | None:
        """Load the cue sounds before the session starts, so even the first cue is on time."""
        if self._cues is None:
            return None
        from sciatica_timer.audio.player import LOAD_TIMEOUT_MS, CuePlayer

        cue_player = CuePlayer(self._clock, self._cues)
        # Said once, when it is known: before the start, or mid-session if the sound server stops answering.
        cue_player.status_changed.connect(self._say_no_sound)
        cue_player.load()
        if not cue_player.is_ready():
            # Ready is bounded by the player itself (LOAD_TIMEOUT_MS, when the sound server does not answer);
            # on a busy machine starting the sound process can take seconds, and the first cues must sound.
            _wait_for(cue_player.ready, LOAD_TIMEOUT_MS + 1000)
        return cue_player

    def _say_no_sound(self, reason: str) -> None:
        if reason:
            print(
                _("{app}: no sound: {reason}; cues are shown on screen only").format(
                    app=APP_ID, reason=reason
                ),
                file=sys.stderr,
            )

    def _finish_cues(self, cue_player: CuePlayer) -> None:
        """Let the last cue ring out instead of cutting it off at exit (not after Ctrl-C: that means now)."""
        if cue_player.is_playing() and not self._interrupted:
            _wait_for(cue_player.quiet, CUE_FINISH_WAIT_MS)
        cue_player.shutdown()

    def _on_ctrl_c(self, number: signal.Signals = signal.SIGINT) -> None:
        if self._interrupted:
            return  # a second signal while stopping: the first one is being acted on
        self._interrupted = True
        self.ended_by = number
        if number is signal.SIGHUP:
            self._out = None  # the terminal is gone: writing to it would only fail
        self._engine.stop(_SIGNAL_REASONS[number])

    def _read_key(self, notifier: Any) -> None:
        try:
            key = os.read(sys.stdin.fileno(), 1)
        except OSError:
            key = b""
        if not key:  # end of input or EIO from a terminal: its window was closed
            notifier.setEnabled(False)
            self._on_ctrl_c(signal.SIGHUP)
            return
        self._handle_key(key.decode(errors="replace"))

    def _handle_key(self, key: str | None) -> None:
        from sciatica_timer.core.engine import EngineState

        engine = self._engine
        if key is None:
            return
        if key == " ":
            if engine.state is EngineState.PAUSED:
                engine.resume()
            else:
                engine.pause()
        elif key in ("n", "N"):
            engine.skip_phase()
        elif key in ("b", "B"):
            engine.previous_step()
        elif key in ("\n", "\r"):
            engine.confirm_ready()
        elif key in ("q", "Q"):
            engine.stop("stopped by the user")  # the reason kept in the history, in English
        elif key in ("p", "P"):
            from sciatica_timer.core.safety import sharp_pain_reason

            phase = engine.current_phase
            self._pain_point = phase.point_code if phase is not None else None
            engine.stop_for_pain(sharp_pain_reason(phase))

    def _on_event(self, event: SessionEvent) -> None:
        if self._start_at is None:
            self._start_at = event.planned_at
        if self._events_out is not None:
            record = event_to_json(event, self._start_at, self._clock.speed)
            # The real monotonic time the event fired (CLOCK_MONOTONIC on Linux, shared by all processes),
            # so a recording or another log can be lined up with this one.
            late_real_s = (self._clock.now() - event.actual_at) / self._clock.speed
            record["monotonic_s"] = round(time.monotonic() - late_real_s, 6)
            self._events_out.write(json.dumps(record) + "\n")
            self._events_out.flush()
        from sciatica_timer.core.session_events import SessionCompleted, SessionStopped

        if not self._live:
            line = self._describe(event)
            if line:
                self._write(line + "\n")
        elif isinstance(event, SessionCompleted | SessionStopped):
            self._write("\r\x1b[K" + (self._describe(event) or ""))
        if isinstance(event, SessionStopped) and event.for_pain:
            self._write(("\n" if self._live else "") + self._pain_advice())

    def _pain_advice(self) -> str:
        """The same advice the window gives after a sharp-pain stop, naming the point."""
        from sciatica_timer.core.points import PointLibrary
        from sciatica_timer.core.safety import sharp_pain_lines

        points = self._points if self._points is not None else PointLibrary(points=())
        lines = list(sharp_pain_lines(self._pain_point, points))
        if self._pain_point is not None:
            lines.append(
                _(
                    "To leave {pain_point} out of your sessions: sciatica-timer safety leave-out {pain_point}"
                ).format(pain_point=self._pain_point)
            )
        return "".join(f"{line}\n" for line in lines)

    def _write(self, text: str) -> None:
        """Print, unless the reader went away (`... | head`): the session plays on unseen and is saved."""
        if self._out is None:
            return
        try:
            self._out.write(text)
            self._out.flush()
        except OSError:  # a broken pipe, or a terminal that was closed (EIO)
            self._out = None

    def _describe(self, event: SessionEvent) -> str | None:
        """One plain line for the events a person would want in a log."""
        from sciatica_timer.core.session_events import (
            Paused,
            PhaseStarted,
            Resumed,
            SessionCompleted,
            SessionStopped,
            StepStarted,
            SuspendDetected,
            WaitingForUser,
        )

        stamp = _clock_text((event.actual_at - (self._start_at or 0.0)) / self._clock.speed)
        if isinstance(event, StepStarted):
            return _("{stamp}  step {number}: {title}").format(
                stamp=stamp, number=event.step.index + 1, title=event.step.title
            )
        if isinstance(event, PhaseStarted):
            return f"{stamp}    {_phase_text(event.phase)}"
        if isinstance(event, WaitingForUser):
            return _("{stamp}    find the point, then go on").format(stamp=stamp)
        if isinstance(event, Paused):
            return _("{stamp}  paused ({reason})").format(
                stamp=stamp,
                reason={
                    "user": pgettext("pause reason", "user"),
                    "suspend": pgettext("pause reason", "suspend"),
                }.get(event.reason.value, event.reason.value),
            )
        if isinstance(event, Resumed):
            return _("{stamp}  resumed").format(stamp=stamp)
        if isinstance(event, SuspendDetected):
            return _("{stamp}  the computer slept for {gap_s:.0f} s: paused").format(
                stamp=stamp, gap_s=event.gap_s
            )
        if isinstance(event, SessionCompleted):
            return _("{stamp}  routine complete").format(stamp=stamp)
        if isinstance(event, SessionStopped):
            return f"{stamp}  {stop_words(event.reason)}"
        return None

    def _draw_status(self) -> None:
        from sciatica_timer.core.engine import EngineState

        engine = self._engine
        phase = engine.current_phase
        if phase is None:
            return
        left = engine.time_left_s()
        speed = self._clock.speed
        timer = _clock_text(left / speed) if left is not None and not phase.waits_for_user else "--:--"
        state = {
            EngineState.PAUSED: "  " + _("PAUSED"),
            EngineState.WAITING: "  " + _("press Enter when found"),
        }.get(engine.state, "")
        total_left = _clock_text(engine.remaining_total_s() / speed)
        left_words = _("({time} left)").format(time=total_left)
        line = f"{_phase_text(phase)}  {timer}{state}  {left_words}  {_(KEY_HINT)}"
        self._write("\r\x1b[K" + fit_line(line, self._columns()))

    def _columns(self) -> int:
        """The terminal's width now (read again after every resize: SIGWINCH)."""
        if self._width is None:
            try:
                self._width = os.get_terminal_size(self._out.fileno() if self._out else 1).columns
            except (OSError, ValueError):
                self._width = 80
        return self._width

    def _on_resize(self, *_: object) -> None:
        self._width = None
        if self._engine.current_phase is not None:
            self._draw_status()


KEY_HINT = N_("[space pause, n skip, b back, Enter found it, p sharp pain, q stop]")


def fit_line(line: str, columns: int) -> str:
    """``line`` cut to one terminal row: a line that wraps cannot be redrawn in place."""
    room = max(1, columns - 1)  # the last column would move the cursor to the next row on some terminals
    return line if len(line) <= room else line[: room - 1] + "…"


def stop_words(reason: str) -> str:
    """How a stop reads in the log: "stopped by you", "stopped: sharp pain", "stopped with Ctrl-C"."""
    natural = {
        "stopped by the user": _("stopped by you"),
        "interrupted (Ctrl-C)": _("stopped with Ctrl-C"),
    }
    return natural.get(reason) or _("stopped: {reason}").format(reason=_(reason))


def _wait_for(fired: Any, timeout_ms: int) -> None:
    """Run the event loop until the signal ``fired`` is emitted or ``timeout_ms`` pass."""
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    timeout = QTimer()
    timeout.setSingleShot(True)
    timeout.timeout.connect(loop.quit)
    fired.connect(loop.quit)
    timeout.start(timeout_ms)
    loop.exec()
    timeout.stop()
    fired.disconnect(loop.quit)


def _phase_text(phase: Any) -> str:
    where = phase.point_code or phase.title
    sides = {"left": pgettext("side", "left"), "right": pgettext("side", "right")}
    side = f" {sides.get(phase.side.value, phase.side.value)}" if phase.side else ""
    reps = f" {phase.repetition}/{phase.repetitions}" if phase.repetitions > 1 else ""
    return f"{where}{side}{reps}: {_(PHASE_WORDS.get(phase.kind.value, phase.kind.value))}"


def _clock_text(seconds: float) -> str:
    whole = max(0, int(seconds + 0.999))  # a countdown shows 0:01 until the last second is over
    return f"{whole // 60}:{whole % 60:02d}"
