"""What a session plays, decided in one place for the window, the editor's preview and the terminal player.

The routine without the steps the safety answers (and the person's own choices) leave out, the cautions for
every point, whether pressure stays light, and the timed plan at the person's breathing pace.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sciatica_timer.core.plan import Plan
from sciatica_timer.core.points import PointLibrary
from sciatica_timer.core.routines import Routine, expand
from sciatica_timer.core.safety import AdaptedRoutine, RedFlag, SafetyAdvice, adapt_routine, advise
from sciatica_timer.core.settings import Settings


@dataclass(frozen=True, slots=True)
class SessionPlan:
    """A routine as this person's session will play it. ``plan`` is None when nothing is left to play."""

    adapted: AdaptedRoutine
    advice: SafetyAdvice
    plan: Plan | None

    @property
    def routine(self) -> Routine | None:
        return self.adapted.routine

    @property
    def message(self) -> str:
        """What was left out and why; "" when nothing was."""
        return self.adapted.message

    @property
    def cautions(self) -> tuple[str, ...]:
        """Cautions added to every point step."""
        return self.advice.step_cautions

    @property
    def lighter_pressure(self) -> bool:
        return self.advice.lighter_pressure


def plan_session(
    routine: Routine, points: PointLibrary, settings: Settings, red_flags: Iterable[RedFlag] = ()
) -> SessionPlan:
    """The one decision of what a session of ``routine`` plays for the person with these settings."""
    advice = advise(settings.safety, points, red_flags, settings.left_out_points)
    adapted = adapt_routine(routine, advice, points)
    plan = None
    if adapted.routine is not None:
        plan = expand(adapted.routine, points, breathing=settings.breathing)
    return SessionPlan(adapted, advice, plan)
