"""What the routine editor, the routines screen and the handout say about a step, in plain words.

No Qt here, so the handout's worker thread and the tests use the same sentences as the window.
"""

from __future__ import annotations

from sciatica_timer.core.points import PointLibrary
from sciatica_timer.core.routines import ActivityStep, PointStep, RestStep, Routine, Sides, Step
from sciatica_timer.ui.common.words import duration_words, plural

SIDES_WORDS = {
    Sides.LEFT: "Left side only",
    Sides.RIGHT: "Right side only",
    Sides.BOTH: "Both sides, left then right",
    Sides.MIDLINE: "On the spine",
}
SHORT_SIDES_WORDS = {
    Sides.LEFT: "left side",
    Sides.RIGHT: "right side",
    Sides.BOTH: "both sides",
    Sides.MIDLINE: "on the spine",
}
ACTIVITY = "Activity"
REST = "Rest"


def length_text(seconds: float) -> str:
    """A length the way a timer shows it: 75 -> "1:15", 3600 -> "60:00"."""
    whole = max(0, round(seconds))
    return f"{whole // 60}:{whole % 60:02d}"


def rounds_words(count: int) -> str:
    return "1 round" if count == 1 else f"{count} rounds"


def step_name(step: Step, points: PointLibrary) -> str:
    """ "BL23 · Kidney Shu", an activity's title, or "Rest"."""
    if isinstance(step, PointStep):
        if step.point_code in points:
            return f"{step.point_code} · {points.get(step.point_code).english_name}"
        return step.point_code or "A point"
    if isinstance(step, ActivityStep):
        return step.title.strip() or "An activity"
    return REST


def step_facts(step: Step, seconds: float) -> str:
    """One line of facts: "both sides · 3 rounds · hold 30 s · finds it first · 5:30"."""
    if isinstance(step, PointStep):
        parts = [SHORT_SIDES_WORDS[step.sides], rounds_words(step.repetitions), f"hold {step.hold_s} s"]
        if step.locate_first:
            parts.append("find it first")
        parts.append(length_text(seconds))
        return " · ".join(parts)
    if isinstance(step, ActivityStep):
        return f"{ACTIVITY} · {length_text(seconds)}"
    return length_text(seconds)  # the step's name already says "Rest"


def point_timing_words(step: PointStep) -> str:
    """ "3 rounds on each side: press 5 s, hold 30 s, release 5 s, breathe 10 s"."""
    each = " on each side" if step.sides is Sides.BOTH else ""
    phases = [
        f"{word} {seconds} s"
        for word, seconds in (
            ("press", step.press_s),
            ("hold", step.hold_s),
            ("release", step.release_s),
            ("breathe", step.breathe_s),
        )
        if seconds > 0
    ]
    return f"{rounds_words(step.repetitions)}{each}: {', '.join(phases)}"


def total_words(routine: Routine) -> str:
    """ "Total 12:30", and a note when the timer waits for points to be found."""
    text = f"Total {length_text(routine.duration_s)}"
    if any(isinstance(step, PointStep) and step.locate_first for step in routine.steps):
        text += ", plus the time you take to find the points"
    return text


def routine_facts(routine: Routine) -> str:
    """ "about 12 min · 4 steps · 3 points: BL23, BL25, KD1"."""
    count = len(routine.steps)
    parts = [f"about {duration_words(routine.duration_s)}", plural(count, "step")]
    codes = list(dict.fromkeys(s.point_code for s in routine.steps if isinstance(s, PointStep)))
    if codes:
        parts.append(f"{plural(len(codes), 'point')}: {', '.join(codes)}")
    return " · ".join(parts)


def rest_text(step: RestStep) -> str:
    return step.text or "Rest comfortably until the timer ends."
