"""Spoken prompts ("Left side. Bladder 23. Press gently.") through QTextToSpeech, when a speech engine works.

QtTextToSpeech is imported only when prompts are switched on or a settings page asks whether they can be.
"""

from __future__ import annotations

import logging
import subprocess
import threading
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Signal

from sciatica_timer.audio.processes import ask_sound_process
from sciatica_timer.audio.speech_engine import INSTALL_HINT, TEST_ENGINE, _open_engine, speech_availability
from sciatica_timer.audio.thread_mailbox import ThreadMailbox
from sciatica_timer.core.cues import Cue, PromptScript
from sciatica_timer.core.i18n import N_, _
from sciatica_timer.core.session_events import SessionEvent

if TYPE_CHECKING:
    from PySide6.QtTextToSpeech import QTextToSpeech

    from sciatica_timer.audio.player import CuePlayer

log = logging.getLogger(__name__)

__all__ = [
    "INSTALL_HINT",
    "TEST_ENGINE",
    "SpeechCheck",
    "SpokenPrompts",
    "probe_speech_output",
    "speech_availability",
    "speech_check",
]

SPEECH_PROBE_TIMEOUT_S = 15.0  # a first start of speech-dispatcher takes a few seconds on a busy machine
NOT_ANSWERING = N_("speech-dispatcher does not answer")
# The longest cue (the "complete" chime) lasts 1.5 s; a prompt never waits longer than this for one to end.
CUE_WAIT_MS = 2000
# The longest prompt takes about 4 s; an engine that never says a prompt has ended does not hold ticks back
# for longer than this.
PROMPT_LONGEST_MS = 8000
# From stopping speech-dispatcher mid-prompt to silence: the voice already on its way to the sound server
# plays on a moment, so a cue that cut a prompt waits this long (measured on PulseAudio: under 20 ms when
# idle; the rest is room for a busy machine, where the stop passes through two more processes).
VOICE_STOP_MS = 150


def probe_speech_output() -> tuple[bool, str]:
    """``speech_availability``, asked of a process of its own (the sound process's ``--speech-probe``).

    Opening a speech engine talks to speech-dispatcher, which can take seconds or, when its socket never
    answers, for ever: this waits at most ``SPEECH_PROBE_TIMEOUT_S``. Call it off the UI thread. The answer
    is also kept as the process's ``speech_check`` answer (the settings' check counts for the sessions).
    """
    answer = _probe_speech_output()
    global _last_answer  # noqa: PLW0603 - one answer per process, written whole (a tuple) from any thread
    _last_answer = answer
    return answer


_last_answer: tuple[bool, str] | None = None  # the newest answer of ``probe_speech_output``, any thread


def _probe_speech_output() -> tuple[bool, str]:
    try:
        result = ask_sound_process("--speech-probe", SPEECH_PROBE_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        return False, _(NOT_ANSWERING)
    except OSError as exc:
        return False, _("the speech check could not start: {problem}").format(problem=exc)
    for line in result.stdout.splitlines():
        word, _space, rest = line.partition(" ")
        if word == "ready":
            return True, ""
        if word == "unavailable":
            return False, rest or _("no speech engine works")
    return False, _("the speech check ended without an answer (exit {code})").format(code=result.returncode)


class SpeechCheck(QObject):
    """Whether speech works here, found out once per process by ``probe_speech_output`` in a thread of its
    own, so that a speech-dispatcher that never answers holds up nobody. Get it with ``speech_check()`` (on
    the UI thread); ``answered`` comes on the UI thread."""

    answered = Signal(bool, str)

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("speech-check")
        self._answer: tuple[bool, str] | None = None
        self._thread: threading.Thread | None = None

    @property
    def answer(self) -> tuple[bool, str] | None:
        """(works, why not); None while nobody has found out yet."""
        if self._answer is None and _last_answer is not None:
            self._answer = _last_answer  # the settings' check found out meanwhile
        return self._answer

    @property
    def checking(self) -> bool:
        """Started, and its answer has not reached the UI thread yet."""
        return self._thread is not None

    def start(self) -> None:
        """Begin finding out, unless it is known or being found out; returns at once."""
        if self.answer is not None or self._thread is not None:
            return
        self._thread = threading.Thread(
            target=_probe, args=(_answers, _answers.register(self)), name="speech-check", daemon=True
        )
        self._thread.start()

    def _take_answer(self, answer: tuple[bool, str]) -> None:
        self._thread = None
        self._answer = answer
        self.answered.emit(*answer)


def _take_answer(check: SpeechCheck, answer: object) -> None:
    check._take_answer(answer)  # type: ignore[arg-type]  # its own answer, on the UI thread


# Each probing thread's answer reaches its check through this (see thread_mailbox.py): a thread holds no
# reference to the check, which may be forgotten (and freed) while the thread still runs.
_answers: ThreadMailbox[SpeechCheck] = ThreadMailbox("speech-check-answers", _take_answer)
_checks_waiting = _answers.waiting  # the checks waiting for their thread's answer, by number


def _probe(answers: ThreadMailbox[SpeechCheck], key: int) -> None:
    """The probing thread: find out, then hand the answer to the UI thread, whatever happened."""
    try:
        answer = probe_speech_output()
    except Exception as exc:  # the UI must hear back, whatever happened
        log.exception("the speech check failed")
        answer = (False, _("the speech check failed: {problem}").format(problem=exc))
    answers.post(key, answer, last=True)


_check: SpeechCheck | None = None


def speech_check() -> SpeechCheck:
    """The process's one ``SpeechCheck`` (made on first use, on the UI thread; not started by this)."""
    global _check  # noqa: PLW0603 - one per process, made and used on the UI thread only
    if _check is None:
        _check = SpeechCheck()
    return _check


def forget_speech_check() -> None:
    """Find out again next time (a new speech-dispatcher, or a test)."""
    global _check, _last_answer  # noqa: PLW0603 - see speech_check
    _check = None
    _last_answer = None


class SpokenPrompts(QObject):
    """Says a short prompt at each phase of a session; connect ``SessionTimer.engine_event`` to
    ``handle_event`` (after the cue player, so the phase's cue is already playing). Without a working
    engine it stays silent and ``unavailable_reason`` says why.

    With ``take_turns_with(cues)`` the voice and the cues never sound at once, so neither is lost: a
    prompt waits until the cue playing has finished (cues last at most 1.5 s), a cue that comes while a
    prompt is spoken stops it (a new phase's prompt follows its cue anyway), and a 3-2-1 tick is held back
    while a prompt is spoken (the countdown stays on screen).
    """

    spoken = Signal(str)  # each prompt handed to the speech engine
    # Why no prompt will be spoken, once that is known (the engine was opened, or the speech check said no)
    unavailable = Signal(str)

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
        self._check: SpeechCheck | None = None  # the speech check being waited for
        self._cues: CuePlayer | None = None
        self._waiting = ""  # the prompt held until the cue playing has finished
        self._talking = False  # a prompt was handed over and has not finished
        self._heard_speaking = False  # the engine has said it is speaking that prompt
        self._cue_wait = QTimer(self)
        self._cue_wait.setObjectName("prompt-waits-for-cue")
        self._cue_wait.setSingleShot(True)
        self._cue_wait.setInterval(CUE_WAIT_MS)
        self._cue_wait.timeout.connect(self._say_waiting)
        self._talk_limit = QTimer(self)
        self._talk_limit.setObjectName("prompt-longest")
        self._talk_limit.setSingleShot(True)
        self._talk_limit.setInterval(PROMPT_LONGEST_MS)
        self._talk_limit.timeout.connect(self._prompt_over)

    @property
    def available(self) -> bool:
        return self._speech is not None

    @property
    def unavailable_reason(self) -> str:
        return self._reason

    def start(self) -> bool:
        """Open the speech engine (once); True when prompts are spoken from now on.

        Opening talks to speech-dispatcher, which may never answer; so with no engine named, the engine
        opens only once the process's ``speech_check`` (started here if need be, in a thread) has said
        speech works, and prompts are silent until then (``start`` returns False). If it says no,
        ``unavailable`` says why. A named engine (Qt's "mock" in tests) opens at once.
        """
        if self._started:
            return self._speech is not None
        self._started = True
        if self._engine_name:
            self._open()
            return self._speech is not None
        check = speech_check()
        if check.answer is None:
            self._check = check
            check.answered.connect(self._checked)
            check.start()
            return False
        self._checked(*check.answer)
        return self._speech is not None

    @property
    def speaking(self) -> bool:
        """A prompt was handed to the engine and has not finished (nor been stopped)."""
        return self._talking

    @property
    def waiting_for_check(self) -> bool:
        """Started, and the speech check has not answered yet."""
        return self._started and self._speech is None and not self._reason

    def _checked(self, works: bool, reason: str) -> None:
        if self._check is not None:
            self._check.answered.disconnect(self._checked)
            self._check = None
        if works:
            self._open()
            return
        self._reason = reason or _("no speech engine works")
        log.warning("no spoken prompts: %s", self._reason)
        self.unavailable.emit(self._reason)

    def _open(self) -> None:
        self._speech, self._reason = _open_engine(self._engine_name)
        if self._speech is None:
            log.warning("no spoken prompts: %s", self._reason)
            self.unavailable.emit(self._reason)
        else:
            self._speech.setParent(self)
            self._speech.stateChanged.connect(self._state_changed)

    def take_turns_with(self, cues: CuePlayer) -> None:
        """Never speak over a cue, and never let a cue sound over a prompt (see the class)."""
        if self._cues is cues:
            return
        self._cues = cues
        cues.voice = self
        cues.quiet.connect(self._say_waiting)

    def give_way(self, cue: Cue) -> int | None:
        """Asked by the cue player before ``cue`` sounds: None holds a tick back while a prompt is spoken;
        any other cue stops the prompt and sounds once the voice has fallen silent (``VOICE_STOP_MS``)."""
        if not self._talking or self._speech is None:
            return 0
        if cue is Cue.TICK:
            return None
        self._prompt_over()
        self._speech.stop()
        return VOICE_STOP_MS

    def _state_changed(self, state: object) -> None:
        from PySide6.QtTextToSpeech import QTextToSpeech

        if state == QTextToSpeech.State.Speaking:
            self._heard_speaking = True
        elif self._heard_speaking:  # ready, paused or an error after speaking: the prompt is over
            self._prompt_over()

    def _prompt_over(self) -> None:
        self._talk_limit.stop()
        self._talking = self._heard_speaking = False

    def handle_event(self, event: Any) -> None:
        if not isinstance(event, SessionEvent):
            return
        text = self._script.on_event(event)
        if text:
            self.say(text)

    def say(self, text: str) -> None:
        """Speak ``text`` once no cue is playing, cutting off a prompt still being spoken: the newest phase
        is what matters."""
        if self._speech is None:
            return
        if self._cues is not None and self._cues.is_playing():
            self._waiting = text
            self._cue_wait.start()
            return
        self._speak(text)

    def _say_waiting(self) -> None:
        self._cue_wait.stop()
        text, self._waiting = self._waiting, ""
        if text:
            self._speak(text)

    def _speak(self, text: str) -> None:
        if self._speech is None:
            return
        self._speech.stop()
        self._talking, self._heard_speaking = True, False
        self._talk_limit.start()
        self._speech.say(text)
        self.spoken.emit(text)

    def shutdown(self) -> None:
        self._cue_wait.stop()
        self._waiting = ""
        self._prompt_over()
        if self._speech is not None:
            self._speech.stop()
