"""One guided session in the window: its engine, the timer that drives it and the journal that saves it.

The screens issue commands here and render what the engine says; none of them keeps session state. Every
command is followed by a re-arm of the session's one deadline timer.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from sciatica_timer.core.clock import Clock, SuspendProbe
from sciatica_timer.core.engine import EngineState, SessionEngine
from sciatica_timer.core.i18n import _
from sciatica_timer.core.plan import PhaseKind, Plan
from sciatica_timer.core.record import PhaseOutcome, SessionStatus
from sciatica_timer.core.routines import Routine
from sciatica_timer.errors import UserError
from sciatica_timer.session.session_timer import (
    SLOW_REFRESH_INTERVAL_MS,
    SMOOTH_REFRESH_INTERVAL_MS,
    SessionTimer,
)
from sciatica_timer.session.wiring import wire_session

if TYPE_CHECKING:
    from sciatica_timer.audio.player import CuePlayer
    from sciatica_timer.audio.speech import SpokenPrompts
    from sciatica_timer.core.cues import CueSettings
    from sciatica_timer.core.diary import PainRegion, PainSide
    from sciatica_timer.storage.history import HistoryStore
    from sciatica_timer.storage.session_journal import SessionJournal


@dataclass(frozen=True, slots=True)
class SessionOutcome:
    """What the summary shows once a session is over."""

    routine_name: str
    status: SessionStatus
    active_s: float
    points_done: int  # points held to the end of at least one hold
    points_total: int
    pain_before: int | None
    stop_reason: str | None
    pain_point: str | None = None  # the point being pressed when the session stopped for sharp pain


class GuidedSession(QObject):
    """A routine played in the window. Built when the player opens; runs from ``begin()``."""

    session_event = Signal(object)  # every SessionEvent, after the journal has saved what it needed
    refresh = Signal()  # time to redraw countdowns (10 Hz while someone can see the session)
    cue_shown = Signal(str)  # a cue was due (played, or shown only, when there is no sound)
    # Why cues are shown on screen only ("" once they sound): when it becomes known on loading, and when the
    # sound server stops answering mid-session. ``sound_problem_now`` says it at any moment.
    sound_problem = Signal(str)
    # Why prompts are not spoken in this session, in one line, said once: when the speech check (run off
    # the UI thread, see ``SpokenPrompts.start``) says speech does not work here. Until it has answered, the
    # session runs with cues only. ``speech_problem_now`` says it at any moment.
    speech_problem = Signal(str)

    def __init__(
        self,
        routine: Routine,
        plan: Plan,
        clock: Clock,
        *,
        store: HistoryStore | None = None,
        suspend_probe: SuspendProbe | None = None,
        pain_before: int | None = None,
        pain_region: PainRegion | None = None,
        pain_side: PainSide | None = None,
        sound: bool = False,
        cue_settings: CueSettings | None = None,
        speech_labels: Mapping[str, str] | None = None,
        parent: QObject | None = None,
    ) -> None:
        """``cue_settings``: how cues sound (the defaults if None); ``speech_labels``: how each point code
        is read aloud by the spoken prompts ("BL23" -> "Bladder 23")."""
        super().__init__(parent)
        self._sound = sound
        self._cue_settings = cue_settings
        self._speech_labels = speech_labels or {}
        self.routine = routine
        self.plan = plan
        self.pain_before = pain_before
        self.pain_point: str | None = None  # where it hurt, after a sharp-pain stop
        self.pain_region = pain_region  # where the pain reached at the check before; saved with the session
        self.pain_side = pain_side
        self.history_error: str | None = None  # why this session is not being saved, if it is not
        self._clock = clock
        self._store = store
        self._display_active = False
        self._refresh_ms = SLOW_REFRESH_INTERVAL_MS
        self.engine = SessionEngine(plan, clock, suspend_probe=suspend_probe)
        self.journal: SessionJournal | None = None
        self.timer: SessionTimer | None = None
        self.cues: CuePlayer | None = None
        self.prompts: SpokenPrompts | None = None  # made when spoken prompts are first wanted, with sound
        self._speech_problem = ""

    @property
    def started(self) -> bool:
        return self.timer is not None

    @property
    def state(self) -> EngineState:
        return self.engine.state

    @property
    def over(self) -> bool:
        return self.engine.state in (EngineState.COMPLETED, EngineState.STOPPED)

    def begin(self) -> None:
        """Open the session's history entry, then start the engine and its timer."""
        if self.started:
            return
        cues = self.prepare_sound()
        self.journal, self.timer = wire_session(
            self.engine,
            self._clock,
            open_journal=self._open_journal,
            cues=[cues.handle_event, self._speak],
            screens=[self.session_event.emit],
            parent=self,
        )
        cues.follow(self.engine)  # each cue goes to the sound process ahead of its moment
        self._ensure_prompts()
        self.timer.refresh.connect(self.refresh)
        if self.journal is not None:
            self.timer.refresh.connect(self.journal.keep_progress)
        self.timer.set_refresh_interval(self._refresh_ms)
        self.timer.set_display_active(self._display_active)
        self._command(self.engine.start)

    def _open_journal(self) -> SessionJournal | None:
        if self._store is None:
            return None
        from sciatica_timer.storage.session_journal import SessionJournal

        try:
            return SessionJournal(
                self._store,
                self.routine,
                self.engine,
                pain_before=self.pain_before,
                pain_region=self.pain_region,
                pain_side=self.pain_side,
            )
        except UserError as exc:
            self.history_error = str(exc)
            return None

    def prepare_sound(self) -> CuePlayer:
        """The cue player, made and loaded once: when the player opens (so "Get ready" can say if no sound
        will play) or at the start. Never on the way to the first window."""
        if self.cues is None:
            from sciatica_timer.audio.player import CuePlayer

            self.cues = CuePlayer(self._clock, self._cue_settings, parent=self)
            self.cues.cue_shown.connect(self.cue_shown)
            if self._sound:
                self.cues.status_changed.connect(self.sound_problem)
                self.cues.load()
            self._ensure_prompts()  # with prompts on, the speech check starts now, well before the start
        return self.cues

    @property
    def sound_problem_now(self) -> str:
        """Why the cues show on screen only, in one line; "" when they sound, when that is not known yet,
        or when this session plays without sound by design (tests, screenshots)."""
        if not self._sound or self.cues is None:
            return ""
        return self.cues.unavailable_reason

    @property
    def speech_problem_now(self) -> str:
        """Why prompts are not spoken, in one line ("" while they are, or it is not known yet)."""
        return self._speech_problem

    @property
    def cue_settings(self) -> CueSettings | None:
        return self._cue_settings

    def set_cue_settings(self, settings: CueSettings) -> None:
        """New sound settings, applied at once (mid-session too): volume, mute, each cue, ticks, prompts."""
        self._cue_settings = settings
        if self.cues is not None:
            self.cues.set_settings(settings)
        if self.prompts is not None and not self._wants_prompts():
            self.prompts.shutdown()  # stop a prompt being spoken now
        if self.timer is not None:
            self._ensure_prompts()

    def _wants_prompts(self) -> bool:
        settings = self._cue_settings
        return self._sound and settings is not None and settings.spoken_prompts and not settings.muted

    def _ensure_prompts(self) -> None:
        """The spoken prompts, made when the player opens with prompts on, or when they are turned on. Never
        waits: the speech engine opens once a check in a thread of its own has said speech works here (a
        speech-dispatcher that never answers would hold the window otherwise); cues only until then."""
        if self.prompts is None and self._wants_prompts():
            # QtTextToSpeech itself loads later, once the speech check says speech works
            from sciatica_timer.audio.speech import SpokenPrompts

            self.prompts = SpokenPrompts(self._speech_labels, self)
            self.prompts.unavailable.connect(self._no_speech)
            self.prompts.start()
        if self.prompts is not None and self.cues is not None:
            self.prompts.take_turns_with(self.cues)  # one sound at a time: a prompt follows its cue

    def _no_speech(self, reason: str) -> None:
        if self._speech_problem:
            return
        # Translators: {reason} says why in a few words ("speech-dispatcher does not answer").
        self._speech_problem = _("No spoken prompts in this session: {reason}.").format(reason=reason)
        self.speech_problem.emit(self._speech_problem)

    def _speak(self, event: object) -> None:
        if self.prompts is not None and self._wants_prompts():
            self.prompts.handle_event(event)

    def set_smooth_display(self, smooth: bool) -> None:
        """Eight refreshes a second while the breathing pacer moves, else one, on the second (the ring and the
        marker)."""
        self._refresh_ms = SMOOTH_REFRESH_INTERVAL_MS if smooth else SLOW_REFRESH_INTERVAL_MS
        if self.timer is not None:
            self.timer.set_refresh_interval(self._refresh_ms)

    def set_display_active(self, active: bool) -> None:
        """Whether the player or the mini player is on screen: the display refresh runs only then."""
        self._display_active = active
        if self.timer is not None:
            self.timer.set_display_active(active)

    # -- commands ----------------------------------------------------------------------------------------

    def toggle_pause(self) -> None:
        """Start, pause or resume, whichever fits now (the Space key)."""
        state = self.engine.state
        if state is EngineState.READY:
            self.begin()
        elif state is EngineState.RUNNING:
            self._command(self.engine.pause)
        elif state is EngineState.PAUSED:
            self._command(self.engine.resume)

    def pause(self) -> bool:
        """Pause if running; True when it did."""
        if self.engine.state is not EngineState.RUNNING:
            return False
        self._command(self.engine.pause)
        return True

    def resume(self) -> None:
        self._command(self.engine.resume)

    def back(self) -> None:
        self._command(self.engine.previous_step)

    def skip(self) -> None:
        self._command(self.engine.skip_phase)

    def next_step(self) -> None:
        self._command(self.engine.next_step)

    def confirm_ready(self) -> None:
        self._command(self.engine.confirm_ready)

    def stop(self) -> None:
        self._command(lambda: self.engine.stop("stopped by the user"))

    def stop_for_pain(self) -> None:
        """End the session at once because it hurts; the history says where and when."""
        phase = self.engine.current_phase
        if not self.over:
            self.pain_point = phase.point_code if phase is not None else None
        self._command(lambda: self.engine.stop_for_pain(self.pain_reason()))

    def pain_reason(self) -> str:
        """Why the session stopped, for the history: "sharp pain during hold at BL23, left side"."""
        from sciatica_timer.core.safety import sharp_pain_reason

        return sharp_pain_reason(self.engine.current_phase)

    def _command(self, command: Callable[[], object]) -> None:
        if self.timer is None:
            return
        command()
        if self.timer is not None:
            self.timer.rearm()

    # -- after the session -------------------------------------------------------------------------------

    def outcome(self) -> SessionOutcome:
        record = self.engine.record()
        done = {
            p.point_code
            for p in record.phases
            if p.kind is PhaseKind.HOLD and p.outcome is PhaseOutcome.DONE and p.point_code
        }
        total = {p.point_code for p in self.plan.phases if p.point_code}
        return SessionOutcome(
            routine_name=self.routine.name,
            status=record.status,
            active_s=record.active_s,
            points_done=len(done),
            points_total=len(total),
            pain_before=self.pain_before,
            stop_reason=record.stop_reason,
            pain_point=self.pain_point if record.status is SessionStatus.STOPPED_FOR_PAIN else None,
        )

    @property
    def saved(self) -> bool:
        """The session's end is in the history."""
        return self.journal is not None and self.journal.closed

    @property
    def save_error(self) -> str | None:
        """Why the end could not be saved, if it could not (the journal keeps everything to try again)."""
        if self.journal is None:
            return self.history_error
        if self.journal.last_error is not None:
            return str(self.journal.last_error)
        return None

    def save_again(self) -> None:
        """Try again to save the session's end. Raises UserError if it still fails."""
        if self.journal is not None and not self.journal.closed:
            try:
                self.journal.close()
            except UserError as exc:
                self.journal.last_error = exc
                raise

    def save_pain_after(self, score: int | None, note: str | None) -> None:
        """The answer after the session. Raises UserError if the history cannot be written."""
        if self.journal is None:
            return
        self.save_again()
        self.journal.set_pain_after(score, note)

    def shutdown(self) -> None:
        """Stop the session's timers (the session is over or the window closes)."""
        if self.timer is not None:
            self.timer.shutdown()
        if self.cues is not None:
            self.cues.shutdown()
        if self.prompts is not None:
            self.prompts.shutdown()

    def timer_active(self) -> bool:
        return self.timer is not None and self.timer.is_active()
