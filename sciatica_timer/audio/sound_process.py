"""The sound process: the only place QtMultimedia runs. The app starts it and talks to it in lines.

A sound server that accepts a connection and then never answers blocks whoever talks to it (device discovery
and QSoundEffect wait on it for about 30 s, again and again). In a process of its own that can only stop this
process: the window, the session's timer and the terminal player never wait on it. ``CuePlayer`` starts it,
gives up on it when it does not answer in time, and shows the cues on screen instead.

The lines, one per message. The app writes ``volume <0..1>``, ``play <cue>`` (now), ``at <moment> <cue>``
(at that ``time.monotonic`` moment, which this process's clock keeps however busy the app is; it replaces any
cue still waiting), ``cancel`` (forget the waiting cue), ``stop``; closing the pipe means "finish the sound
playing, then exit". This process writes ``ready``, ``unavailable <why, one line>``, ``played <cue>`` (the
cue was taken: it plays now or at its moment), ``quiet`` (nothing plays or waits any more), ``stuck <cue>``
(a cue went on far past its length: the sound server stopped taking sound) and ``log <text>`` (QtMultimedia's
own messages, which go to the app's log and never to a terminal).
With ``--probe`` it only says whether sound can play (``ready`` or ``unavailable ...``) and exits;
``--speech-probe`` says the same of spoken prompts (a speech-dispatcher that never answers holds only it).
"""

from __future__ import annotations

import contextlib
import os
import sys
import threading
import time
import wave
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sciatica_timer.audio.processes import QUIET_QT_CATEGORIES
from sciatica_timer.audio.pulse_output import PulseCues, load_library, read_cue
from sciatica_timer.core.i18n import _

if TYPE_CHECKING:
    from PySide6.QtCore import QTimer
    from PySide6.QtMultimedia import QSoundEffect

# Qt looks for a PipeWire library first and warns when there is none; it then uses PulseAudio (PipeWire's
# own PulseAudio service included), so that warning, like the FFmpeg version banner, is noise to a user.
FINISH_WAIT_MS = 3000  # after the pipe closes, how long the last sound may ring out
# A cue still playing this long after its own length has stopped moving: the sound server stopped taking
# samples (frozen, or stopped mid-session). Generous, as the very first cue can take a second or two to start.
STUCK_AFTER_MS = 5000
CUE_NAMES = (
    "press",
    "hold",
    "release",
    "breathe_in",
    "breathe_out",
    "tick",
    "switch_side",
    "next_point",
    "complete",
)

# A cue is a stream of samples that must reach the sound server every few milliseconds. On a busy machine
# (a build, a video call) an ordinary process waits its turn for the CPU and the stream runs dry mid-sound:
# clicks and gaps. This process does almost nothing but that, so it asks to run ahead of ordinary work:
# round-robin real-time scheduling where allowed (root, or an rtprio limit as audio groups grant), else a
# higher nice level, else as it is. The threads Qt and PulseAudio start later inherit it.
REALTIME_PRIORITY = 10  # low among real-time threads: below the sound server's own (which asks for 5 to 20)
NICE_LEVEL = -11  # what PulseAudio itself asks for when it cannot have real-time scheduling
# Real-time threads that never block would starve the whole desktop; past this much CPU without sleeping
# the kernel ends this process (SIGXCPU, then SIGKILL), and the app shows cues on screen.
REALTIME_CPU_LIMIT_US = (500_000, 1_000_000)

_out_lock = threading.Lock()


def say(line: str) -> None:
    """One line to the app; the lock keeps lines whole when Qt logs from its own threads."""
    text = " ".join(line.split())  # one line, whatever a message held
    with _out_lock:
        try:
            sys.stdout.write(text + "\n")
            sys.stdout.flush()
        except (OSError, ValueError):
            pass  # the app is gone; this process ends when it sees its input close


def raise_priority() -> str:
    """Ask to be scheduled ahead of ordinary work; what was granted, in words. Never raises."""
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_RTTIME, REALTIME_CPU_LIMIT_US)
        os.sched_setscheduler(0, os.SCHED_RR, os.sched_param(REALTIME_PRIORITY))
    except (AttributeError, ImportError, OSError, ValueError):
        pass  # not permitted, or not Linux
    else:
        return f"real-time (round-robin, priority {REALTIME_PRIORITY})"
    try:
        os.setpriority(os.PRIO_PROCESS, 0, NICE_LEVEL)
    except (AttributeError, OSError):
        return _("ordinary (a higher priority was not permitted)")
    return f"nice {NICE_LEVEL}"


def _qt_message(_mode: Any, _context: Any, message: str) -> None:
    say(f"log {message}")


def output_problem() -> str:
    """Why no sound can play here, or "" when QtMultimedia finds an output (may wait on the server)."""
    try:
        from PySide6.QtMultimedia import QMediaDevices
    except ImportError as exc:
        # libQt6Multimedia links libpulse: without it (or without the Addons wheel) the import fails.
        return _("QtMultimedia could not be loaded ({exc})").format(exc=exc)
    if not QMediaDevices.audioOutputs():
        return _("no sound output was found (no sound server or sound device)")
    return ""


class _CueSounds:
    """The loaded QSoundEffects, played on request, one at a time: where libpulse-simple is missing only.

    A QSoundEffect feeds the server a few milliseconds at a time and stutters on a busy machine; the sound
    process prefers ``pulse_output.PulseCues``, which hands each cue over whole.
    """

    def __init__(self, folder: Path, volume: float) -> None:
        from PySide6.QtCore import QUrl
        from PySide6.QtMultimedia import QSoundEffect

        self.effects: dict[str, QSoundEffect] = {}
        self.lengths_ms: dict[str, int] = {}
        self.plays: dict[str, int] = {}  # how often each was played: a check belongs to one play
        self.loading: set[str] = set()
        self.warming = False
        self._waiting: list[QTimer] = []  # each starts a cue handed over ahead of its moment
        self.failed = ""
        for name in CUE_NAMES:
            path = folder / f"{name}.wav"
            try:
                with wave.open(str(path), "rb") as sound:
                    self.lengths_ms[name] = round(1000 * sound.getnframes() / max(1, sound.getframerate()))
            except (OSError, EOFError, wave.Error) as exc:
                self.failed = _("{path}: the sound file cannot be read ({exc})").format(path=path, exc=exc)
                return
        for name in CUE_NAMES:
            effect = QSoundEffect()
            effect.setVolume(volume)
            effect.statusChanged.connect(lambda name=name: self._on_status(name))
            effect.playingChanged.connect(self._on_playing_changed)
            self.effects[name] = effect
            self.loading.add(name)
        for name, effect in self.effects.items():  # all known first: a status may change during setSource
            effect.setSource(QUrl.fromLocalFile(str(folder / f"{name}.wav")))

    def _on_status(self, name: str) -> None:
        from PySide6.QtMultimedia import QSoundEffect

        effect = self.effects[name]
        status = effect.status()
        if name not in self.loading or status is QSoundEffect.Status.Loading:
            return
        self.loading.discard(name)
        if status is QSoundEffect.Status.Error and not self.failed:
            self.failed = _("{toLocalFile}: the sound could not be loaded").format(
                toLocalFile=effect.source().toLocalFile()
            )
            say(f"unavailable {self.failed}")
        elif not self.loading and not self.failed:
            self._warm_up()

    def _warm_up(self) -> None:
        """Play the shortest cue once at volume 0 before saying "ready".

        The first sound opens the stream to the server, which can take a second: a real first cue would start
        that late. A server that takes no sound never finishes it, and the app gives up waiting for "ready".
        """
        effect = self.effects["tick"]
        volume = effect.volume()
        effect.setVolume(0.0)
        self.warming = True

        def done() -> None:
            if not effect.isPlaying():
                effect.playingChanged.disconnect(done)
                effect.setVolume(volume)
                self.warming = False
                say("ready")

        effect.playingChanged.connect(done)
        effect.play()

    def play(self, name: str) -> None:
        from PySide6.QtCore import QTimer

        effect = self.effects.get(name)
        if effect is None or self.failed:
            return
        # One sound at a time: in Qt 6.11 two QSoundEffects playing together on PulseAudio can leave a
        # socket notifier on a closed stream and spin the event loop at full CPU. At 1x no two cues
        # overlap; in a fast preview the newer cue cuts the older one short.
        for other in self.effects.values():
            if other is not effect and other.isPlaying():
                other.stop()
        effect.play()
        count = self.plays[name] = self.plays.get(name, 0) + 1
        QTimer.singleShot(self.lengths_ms[name] + STUCK_AFTER_MS, lambda: self._check(name, count))

    def _check(self, name: str, count: int) -> None:
        if self.plays.get(name) == count and self.effects[name].isPlaying():
            say(f"stuck {name}")

    def play_at(self, name: str, moment: float) -> None:
        """Play ``name`` at ``moment`` (``time.monotonic``)."""
        from PySide6.QtCore import Qt, QTimer

        timer = QTimer()
        timer.setSingleShot(True)
        timer.setTimerType(Qt.TimerType.PreciseTimer)
        timer.timeout.connect(lambda: self._play_waiting(timer, name))
        self._waiting.append(timer)
        timer.start(max(0, int((moment - time.monotonic()) * 1000)))

    def _play_waiting(self, timer: QTimer, name: str) -> None:
        if timer in self._waiting:
            self._waiting.remove(timer)
        self.play(name)

    def cancel(self) -> None:
        for timer in self._waiting:
            timer.stop()
        self._waiting.clear()

    def set_volume(self, volume: float) -> None:
        for effect in self.effects.values():
            effect.setVolume(volume)

    def stop(self) -> None:
        self.cancel()
        for effect in self.effects.values():
            effect.stop()

    def playing(self) -> bool:
        return bool(self._waiting) or any(effect.isPlaying() for effect in self.effects.values())

    def _on_playing_changed(self) -> None:
        if not self.playing() and not self.loading and not self.warming:
            say("quiet")


def _read_commands(deliver: Any) -> None:
    """Read the app's lines in a thread of their own, so they arrive even while Qt waits on the server."""
    for raw in sys.stdin:
        deliver.emit(raw.strip())
    deliver.emit("")  # the app closed the pipe (or is gone)
    # If the main thread is stuck on the sound server it never sees that line: leave anyway, a little after
    # the last sound would have finished, rather than linger for as long as the server keeps quiet.
    time.sleep(FINISH_WAIT_MS / 1000 + 2)
    os._exit(0)


def _probe_speech() -> int:
    """Whether spoken prompts can be offered, in one line; at normal priority (speech is not cue timing)."""
    from PySide6.QtCore import QCoreApplication

    from sciatica_timer.audio.speech_engine import speech_availability

    QCoreApplication([sys.argv[0]])
    works, reason = speech_availability()
    say("ready" if works else f"unavailable {reason}")
    sys.stdout.flush()
    os._exit(0)


def main(argv: list[str]) -> int:
    from PySide6.QtCore import (
        QCoreApplication,
        QLoggingCategory,
        QObject,
        QTimer,
        Signal,
        qInstallMessageHandler,
    )

    if argv[:1] == ["--speech-probe"]:
        return _probe_speech()
    priority = raise_priority()  # first: every thread started from here on inherits it
    QLoggingCategory.setFilterRules(QUIET_QT_CATEGORIES)
    qInstallMessageHandler(_qt_message)
    app = QCoreApplication([sys.argv[0]])
    if argv[:1] == ["--probe"]:
        problem = output_problem()
        if problem:
            say(f"unavailable {problem}")
        else:
            from PySide6.QtMultimedia import QMediaDevices

            say(f"ready {QMediaDevices.defaultAudioOutput().description()}")
        sys.stdout.flush()
        os._exit(0)
    folder = Path(argv[0]) if argv else Path()
    volume = float(argv[1]) if len(argv) > 1 else 1.0

    class Commands(QObject):
        line = Signal(str)

    commands = Commands()
    sounds: list[_CueSounds | PulseCues] = []  # filled once set up; commands before that are dropped
    watch = QTimer(app)  # how often a cue stream is checked for waiting on a server that stopped answering
    watch.setInterval(250)

    def set_up() -> None:
        problem = output_problem()
        if problem:
            say(f"unavailable {problem}")
            return
        library = load_library()
        if library is None:  # no libpulse-simple (not Linux): QSoundEffect, which says "ready" itself
            effects = _CueSounds(folder, volume)
            if effects.failed:
                say(f"unavailable {effects.failed}")
                return
            sounds.append(effects)
            return
        cues: dict[str, bytes] = {}
        for name in CUE_NAMES:
            path = folder / f"{name}.wav"
            try:
                cues[name] = read_cue(path)
            except (OSError, EOFError, wave.Error) as exc:
                say(f"unavailable {path}: the sound file cannot be read ({exc})")
                return
        stream = PulseCues(library, cues, volume, say)  # says "ready" once the stream takes sound
        sounds.append(stream)
        watch.timeout.connect(lambda: check_stream(stream))
        watch.start()

    def check_stream(stream: PulseCues) -> None:
        name = stream.stuck(STUCK_AFTER_MS / 1000)
        if name:
            watch.stop()
            say(f"stuck {name}")

    def finish() -> None:
        if not sounds or not sounds[0].playing():
            app.quit()
            return
        waited = QTimer(app)
        waited.timeout.connect(lambda: None if sounds[0].playing() else app.quit())
        waited.start(20)
        QTimer.singleShot(FINISH_WAIT_MS, app.quit)

    def on_line(line: str) -> None:
        word, _, rest = line.partition(" ")
        if word == "":
            finish()
        elif word == "play":
            if sounds:
                sounds[0].play(rest)
            say(f"played {rest}")
        elif word == "at":
            moment, _, name = rest.partition(" ")
            with contextlib.suppress(ValueError):
                if sounds:
                    sounds[0].play_at(name, float(moment))
            say(f"played {name}")
        elif word == "cancel" and sounds:
            sounds[0].cancel()
        elif word == "volume" and sounds:
            with contextlib.suppress(ValueError):
                sounds[0].set_volume(min(1.0, max(0.0, float(rest))))
        elif word == "stop" and sounds:
            sounds[0].stop()

    commands.line.connect(on_line)
    threading.Thread(target=_read_commands, args=(commands.line,), daemon=True).start()
    QTimer.singleShot(0, set_up)
    say(f"log sound process priority: {priority}")
    app.exec()
    if sounds:
        sounds[0].stop()
    # Leave at once: tearing QtMultimedia down would talk to the sound server once more.
    sys.stdout.flush()
    os._exit(0)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
