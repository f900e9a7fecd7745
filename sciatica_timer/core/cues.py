"""Which sound cue and which spoken prompt each moment of a session calls for, and the settings for both.

Pure logic: the Qt player (``sciatica_timer.audio.player``) plays what ``CueScript`` picks, and the speech
player says what ``PromptScript`` writes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import TYPE_CHECKING

from sciatica_timer.core.i18n import N_, _
from sciatica_timer.core.plan import BreathingPattern, PhaseKind, PlannedPhase, Side

if TYPE_CHECKING:
    # The settings (read at start-up) need only the cue names; the events come with a session.
    from sciatica_timer.core.session_events import PhaseStarted, Resumed, SessionEvent


class Cue(StrEnum):
    """One short sound; the value names its file, ``<value>.wav``."""

    PRESS = "press"  # start building pressure
    HOLD = "hold"
    RELEASE = "release"
    BREATHE_IN = "breathe_in"
    BREATHE_OUT = "breathe_out"
    SWITCH_SIDE = "switch_side"
    NEXT_POINT = "next_point"  # a new step begins: the next point, stretch or rest
    COMPLETE = "complete"  # the routine is over
    TICK = "tick"  # 3, 2, 1 before a phase ends

    @property
    def label(self) -> str:
        """What a settings page calls it: "Breathe in"."""
        return self.value.replace("_", " ").capitalize()


VOLUME_RANGE = (0.0, 1.0)
# A breath cue this close to the end of a breathe phase would be cut short by the next phase's cue.
BREATH_CUE_MARGIN_S = 1.0


@dataclass(frozen=True, slots=True)
class CueSettings:
    """How a session sounds. ``disabled`` holds the cues switched off; ticks have their own switch."""

    volume: float = 0.8  # 0 to 1, applied to every cue
    muted: bool = False  # no sound at all; cues are still shown on screen
    disabled: frozenset[Cue] = field(default_factory=frozenset)
    ticks: bool = True  # the soft 3-2-1 before a phase ends
    spoken_prompts: bool = False  # say "Left side. Bladder 23. Press gently." when a speech engine exists

    def __post_init__(self) -> None:
        low, high = VOLUME_RANGE
        if not low <= self.volume <= high:
            raise ValueError(f"cue volume must be from {low:g} to {high:g}, got {self.volume}")

    def allows(self, cue: Cue) -> bool:
        """Whether ``cue`` is switched on (muting is separate: a muted cue is still shown)."""
        if cue is Cue.TICK:
            return self.ticks
        return cue not in self.disabled

    def with_cue(self, cue: Cue, on: bool) -> CueSettings:
        if cue is Cue.TICK:
            return replace(self, ticks=on)
        disabled = self.disabled - {cue} if on else self.disabled | {cue}
        return replace(self, disabled=frozenset(disabled))


_PHASE_CUES = {
    PhaseKind.PRESS: Cue.PRESS,
    PhaseKind.HOLD: Cue.HOLD,
    PhaseKind.RELEASE: Cue.RELEASE,
    PhaseKind.BREATHE: Cue.BREATHE_IN,
}


def _is_new_step(phase: PlannedPhase, previous: PlannedPhase | None) -> bool:
    return previous is None or previous.step_index != phase.step_index


def _switched_side(phase: PlannedPhase, previous: PlannedPhase | None) -> bool:
    return (
        previous is not None
        and previous.step_index == phase.step_index
        and phase.side is not None
        and previous.side is not None
        and phase.side != previous.side
    )


class CueScript:
    """Picks at most one cue per moment of a session, and times the breath cues inside a breathe phase.

    At a phase start the most telling cue that is switched on wins: the next point, then a side switch,
    then the phase's own cue; one sound at a time stays clear. A breathe phase alternates breathe-in and
    breathe-out cues on its breathing pattern; the engine has no events for those, so the script keeps
    their times (``next_due``) and the player asks for them (``due``). Times are the engine clock's. The
    breaths set the pace there, so a breathe phase gets no 3-2-1 ticks: they would clash.
    """

    def __init__(self, settings: CueSettings | None = None) -> None:
        self.settings = settings or CueSettings()
        self._previous: PlannedPhase | None = None
        self._paused = False
        # Breath cues still to come in this breathe phase: (seconds of active time into the phase, cue).
        self._breaths: list[tuple[float, Cue]] = []
        self._anchor: float | None = None  # clock time at which the phase's active time was 0

    def on_event(self, event: SessionEvent) -> Cue | None:
        """The cue ``event`` calls for now, if any."""
        from sciatica_timer.core.session_events import (
            Countdown,
            Paused,
            PhaseEnded,
            PhaseStarted,
            Resumed,
            SessionCompleted,
            SessionStopped,
        )

        if isinstance(event, Paused):
            self._pause(event.planned_at)
        elif isinstance(event, Resumed):
            self._resume(event)
        elif isinstance(event, PhaseStarted):
            return self._phase_started(event)
        elif isinstance(event, PhaseEnded):
            self._breaths = []
        elif isinstance(event, Countdown) and event.phase.kind is not PhaseKind.BREATHE:
            return self._first_allowed(Cue.TICK)
        elif isinstance(event, SessionCompleted):
            self._end()
            return self._first_allowed(Cue.COMPLETE)
        elif isinstance(event, SessionStopped):
            self._end()
        return None

    def next_due(self) -> float | None:
        """Clock time of the next breath cue, or None when none is coming (or the session is paused)."""
        if not self._breaths or self._anchor is None or self._paused:
            return None
        return self._anchor + self._breaths[0][0]

    def due(self, now: float) -> Cue | None:
        """The breath cue due by ``now``; after a freeze only the latest of several is worth playing."""
        latest = None
        while (at := self.next_due()) is not None and at <= now:
            latest = self._breaths.pop(0)[1]
        return None if latest is None else self._first_allowed(latest)

    def _phase_started(self, event: PhaseStarted) -> Cue | None:
        phase = event.phase
        previous, self._previous = self._previous, phase
        self._breaths = []
        candidates: list[Cue] = []
        if _is_new_step(phase, previous) and previous is not None:
            candidates.append(Cue.NEXT_POINT)
        if _switched_side(phase, previous):
            candidates.append(Cue.SWITCH_SIDE)
        if phase.kind in _PHASE_CUES:
            candidates.append(_PHASE_CUES[phase.kind])
        if phase.kind is PhaseKind.BREATHE:
            self._plan_breaths(phase, event.planned_at)
        return self._first_allowed(*candidates)

    def _plan_breaths(self, phase: PlannedPhase, at: float) -> None:
        pattern = phase.breathing or BreathingPattern()
        last = phase.duration_s - BREATH_CUE_MARGIN_S
        offset = 0.0
        breaths: list[tuple[float, Cue]] = []
        # The breathe-in at 0 is the phase's own cue; the rest alternate out, in, out...
        while offset < last:
            breaths.append((offset + pattern.inhale_s, Cue.BREATHE_OUT))
            offset += pattern.cycle_s
            breaths.append((offset, Cue.BREATHE_IN))
        self._breaths = [b for b in breaths if b[0] <= last]
        self._anchor = None if self._paused else at

    def _pause(self, at: float) -> None:
        if self._anchor is not None and not self._paused:
            # Remember the active seconds so far as a negative anchor offset, restored on resume.
            self._anchor = self._anchor - at
        self._paused = True

    def _resume(self, event: Resumed) -> None:
        if self._paused:
            # A phase begun during the pause starts its active time now; one begun before goes on.
            self._anchor = event.planned_at + (self._anchor if self._anchor is not None else 0.0)
        self._paused = False

    def _end(self) -> None:
        self._breaths = []
        self._previous = None

    def _first_allowed(self, *cues: Cue) -> Cue | None:
        return next((cue for cue in cues if self.settings.allows(cue)), None)


_PHASE_PROMPTS = {
    PhaseKind.PRESS: N_("Press gently."),
    PhaseKind.HOLD: N_("Hold steady."),
    PhaseKind.RELEASE: N_("Release slowly."),
    PhaseKind.BREATHE: N_("Breathe slowly."),
    PhaseKind.LOCATE: N_("Find the point."),
    PhaseKind.ACTIVITY: "",
    PhaseKind.REST: N_("Rest."),
}


class PromptScript:
    """The sentence to say at each phase: where (side and point) when that changes, then what to do.

    ``labels`` maps a point code to how it is read aloud ("BL23" -> "Bladder 23"); an unknown code is
    spelled as written.
    """

    def __init__(self, labels: Mapping[str, str]) -> None:
        self._labels = labels
        self._previous: PlannedPhase | None = None

    def on_event(self, event: SessionEvent) -> str | None:
        from sciatica_timer.core.session_events import PhaseStarted, SessionCompleted, SessionStopped

        if isinstance(event, PhaseStarted):
            return self._phase_started(event.phase)
        if isinstance(event, SessionCompleted):
            self._previous = None
            return _("Routine complete. Well done.")
        if isinstance(event, SessionStopped):
            self._previous = None
        return None

    def _phase_started(self, phase: PlannedPhase) -> str:
        previous, self._previous = self._previous, phase
        parts: list[str] = []
        if _is_new_step(phase, previous) or _switched_side(phase, previous):
            if phase.side in (Side.LEFT, Side.RIGHT):
                parts.append(_("Left side.") if phase.side is Side.LEFT else _("Right side."))
            if phase.point_code:
                parts.append(f"{self._labels.get(phase.point_code, phase.point_code)}.")
            elif phase.title and phase.kind is not PhaseKind.REST:  # a rest is called "Rest" already
                parts.append(f"{phase.title.rstrip('.')}.")
        if phase.kind is PhaseKind.PRESS and phase.repetition > 1:
            parts.append(
                _("Round {repetition} of {repetitions}.").format(
                    repetition=phase.repetition, repetitions=phase.repetitions
                )
            )
        prompt = _PHASE_PROMPTS[phase.kind]
        parts.append(_(prompt) if prompt else "")
        return " ".join(p for p in parts if p)
