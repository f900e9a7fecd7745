"""Spoken prompts ("Left side. Bladder 23. Press gently.") through QTextToSpeech, when a speech engine works.

QtTextToSpeech is imported only when prompts are switched on or a settings page asks whether they can be.
"""

from __future__ import annotations

import functools
import logging
import subprocess
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from sciatica_timer.audio.player import _sound_process_env, quiet_qt_multimedia, sound_process_command
from sciatica_timer.core.cues import PromptScript
from sciatica_timer.core.session_events import SessionEvent

if TYPE_CHECKING:
    from PySide6.QtTextToSpeech import QTextToSpeech

log = logging.getLogger(__name__)

# Qt's own engine for its tests: it accepts text and says nothing, so it never counts as available.
TEST_ENGINE = "mock"
INSTALL_HINT = "on Debian or Ubuntu: apt-get install speech-dispatcher"
SPEECH_PROBE_TIMEOUT_S = 15.0  # a first start of speech-dispatcher takes a few seconds on a busy machine
NOT_ANSWERING = "speech-dispatcher does not answer"


def _open_engine(name: str | None = None) -> tuple[QTextToSpeech | None, str]:
    """A working QTextToSpeech (``name``, or the first real engine that works), or None and why not."""
    quiet_qt_multimedia()
    try:
        from PySide6.QtTextToSpeech import QTextToSpeech
    except ImportError as exc:
        return None, f"QtTextToSpeech could not be loaded ({exc})"
    names = [name] if name else [e for e in QTextToSpeech.availableEngines() if e != TEST_ENGINE]
    if not names:
        return None, f"no speech engine is installed ({INSTALL_HINT})"
    problems = []
    for engine in names:
        speech = QTextToSpeech(engine)
        if speech.state() is not QTextToSpeech.State.Error:
            return speech, ""
        problems.append(f"{engine}: {speech.errorString() or 'does not start'}")
        speech.deleteLater()
    return None, f"no speech engine works ({'; '.join(problems)}; {INSTALL_HINT})"


@functools.cache
def speech_availability() -> tuple[bool, str]:
    """Whether spoken prompts can be offered, and if not, why (one line for the settings page).

    Needs a running QCoreApplication. Answered once per process: probing loads the engines.
    """
    speech, reason = _open_engine()
    if speech is None:
        return False, reason
    speech.deleteLater()
    return True, ""


def probe_speech_output() -> tuple[bool, str]:
    """``speech_availability``, asked of a process of its own (the sound process's ``--speech-probe``).

    Opening a speech engine talks to speech-dispatcher, which can take seconds or, when its socket never
    answers, for ever: this waits at most ``SPEECH_PROBE_TIMEOUT_S``. Call it off the UI thread.
    """
    try:
        result = subprocess.run(  # noqa: S603 - this same program, no input from outside
            sound_process_command("--speech-probe"),
            env=_sound_process_env(),
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=SPEECH_PROBE_TIMEOUT_S,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return False, NOT_ANSWERING
    except OSError as exc:
        return False, f"the speech check could not start: {exc}"
    for line in result.stdout.splitlines():
        word, _, rest = line.partition(" ")
        if word == "ready":
            return True, ""
        if word == "unavailable":
            return False, rest or "no speech engine works"
    return False, f"the speech check ended without an answer (exit {result.returncode})"


class SpokenPrompts(QObject):
    """Says a short prompt at each phase of a session; connect ``SessionTimer.engine_event`` to
    ``handle_event``. Without a working engine it stays silent and ``unavailable_reason`` says why.
    """

    spoken = Signal(str)  # each prompt handed to the speech engine

    def __init__(
        self, labels: Mapping[str, str], parent: QObject | None = None, *, engine: str | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("spoken-prompts")
        self._script = PromptScript(labels)
        self._engine_name = engine
        self._speech: QTextToSpeech | None = None
        self._reason = ""
        self._started = False

    @property
    def available(self) -> bool:
        return self._speech is not None

    @property
    def unavailable_reason(self) -> str:
        return self._reason

    def start(self) -> bool:
        """Open the speech engine (once); True when prompts will be spoken."""
        if not self._started:
            self._started = True
            self._speech, self._reason = _open_engine(self._engine_name)
            if self._speech is None:
                log.warning("no spoken prompts: %s", self._reason)
            else:
                self._speech.setParent(self)
        return self._speech is not None

    def handle_event(self, event: Any) -> None:
        if not isinstance(event, SessionEvent):
            return
        text = self._script.on_event(event)
        if text:
            self.say(text)

    def say(self, text: str) -> None:
        """Speak ``text`` now, cutting off a prompt still being spoken: the newest phase is what matters."""
        if self._speech is None:
            return
        self._speech.stop()
        self._speech.say(text)
        self.spoken.emit(text)

    def shutdown(self) -> None:
        if self._speech is not None:
            self._speech.stop()
