"""What the routine editor, the routines screen and the handout say about a step, in plain words.

No Qt here, so the handout's worker thread and the tests use the same sentences as the window.
"""

from __future__ import annotations

from sciatica_timer.core.i18n import N_, _, ngettext, pgettext
from sciatica_timer.core.points import PointLibrary
from sciatica_timer.core.routines import ActivityStep, PointStep, RestStep, Routine, Sides, Step
from sciatica_timer.ui.common.words import duration_words

# Marked only: shown through sides_words() and short_sides_words(), in the language of the moment.
SIDES_WORDS = {
    Sides.LEFT: N_("Left side only"),
    Sides.RIGHT: N_("Right side only"),
    Sides.BOTH: N_("Both sides, left then right"),
    Sides.MIDLINE: N_("On the spine"),
}
SHORT_SIDES_WORDS = {
    Sides.LEFT: N_("left side"),
    Sides.RIGHT: N_("right side"),
    Sides.BOTH: N_("both sides"),
    Sides.MIDLINE: N_("on the spine"),
}


def sides_words(sides: Sides) -> str:
    """ "Both sides, left then right", for a form or the handout."""
    return _(SIDES_WORDS[sides])


def short_sides_words(sides: Sides) -> str:
    """ "both sides", inside a line of facts."""
    return _(SHORT_SIDES_WORDS[sides])


def activity_word() -> str:
    """What an activity step is called (the form's heading, a line of facts)."""
    return pgettext("step kind", "Activity")


def rest_word() -> str:
    """What a rest step is called."""
    return pgettext("step kind", "Rest")


def length_text(seconds: float) -> str:
    """A length the way a timer shows it: 75 -> "1:15", 3600 -> "60:00"."""
    whole = max(0, round(seconds))
    return f"{whole // 60}:{whole % 60:02d}"


def rounds_words(count: int) -> str:
    return ngettext("{count} round", "{count} rounds", count).format(count=count)


def step_name(step: Step, points: PointLibrary) -> str:
    """ "BL23 · Kidney Shu", an activity's title, or "Rest"."""
    if isinstance(step, PointStep):
        if step.point_code in points:
            return f"{step.point_code} · {points.get(step.point_code).english_name}"
        return step.point_code or _("A point")
    if isinstance(step, ActivityStep):
        return step.title.strip() or _("An activity")
    return rest_word()


def step_facts(step: Step, seconds: float) -> str:
    """One line of facts: "both sides · 3 rounds · hold 30 s · finds it first · 5:30"."""
    if isinstance(step, PointStep):
        parts = [
            short_sides_words(step.sides),
            rounds_words(step.repetitions),
            _("hold {seconds} s").format(seconds=step.hold_s),
        ]
        if step.locate_first:
            parts.append(_("find it first"))
        parts.append(length_text(seconds))
        return " · ".join(parts)
    if isinstance(step, ActivityStep):
        return f"{activity_word()} · {length_text(seconds)}"
    return length_text(seconds)  # the step's name already says "Rest"


def point_timing_words(step: PointStep) -> str:
    """ "3 rounds on each side: press 5 s, hold 30 s, release 5 s, breathe 10 s"."""
    phases = [
        words.format(seconds=seconds)
        for words, seconds in (
            (_("press {seconds} s"), step.press_s),
            (_("hold {seconds} s"), step.hold_s),
            (_("release {seconds} s"), step.release_s),
            (_("breathe {seconds} s"), step.breathe_s),
        )
        if seconds > 0
    ]
    rounds = rounds_words(step.repetitions)
    listed = ", ".join(phases)
    if step.sides is Sides.BOTH:
        # Translators: {rounds} is "3 rounds"; {phases} a list such as "press 5 s, hold 30 s, release 5 s".
        return _("{rounds} on each side: {phases}").format(rounds=rounds, phases=listed)
    return _("{rounds}: {phases}").format(rounds=rounds, phases=listed)


def total_words(routine: Routine) -> str:
    """ "Total 12:30", and a note when the timer waits for points to be found."""
    length = length_text(routine.duration_s)
    if any(isinstance(step, PointStep) and step.locate_first for step in routine.steps):
        return _("Total {length}, plus the time you take to find the points").format(length=length)
    return _("Total {length}").format(length=length)


def routine_facts(routine: Routine) -> str:
    """ "about 12 min · 4 steps · 3 points: BL23, BL25, KD1"."""
    count = len(routine.steps)
    parts = [
        _("about {duration}").format(duration=duration_words(routine.duration_s)),
        ngettext("{count} step", "{count} steps", count).format(count=count),
    ]
    codes = list(dict.fromkeys(s.point_code for s in routine.steps if isinstance(s, PointStep)))
    if codes:
        parts.append(
            ngettext("{count} point: {codes}", "{count} points: {codes}", len(codes)).format(
                count=len(codes), codes=", ".join(codes)
            )
        )
    return " · ".join(parts)


def rest_text(step: RestStep) -> str:
    return step.text or _("Rest comfortably until the timer ends.")
