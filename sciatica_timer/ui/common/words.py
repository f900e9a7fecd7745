"""What the window says: phase names, pain-scale anchors, times and dates in plain words. No Qt here."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from sciatica_timer.core.plan import BreathingPattern, PhaseKind, Side

PHASE_WORDS = {
    PhaseKind.PRESS: "Press gently",
    PhaseKind.HOLD: "Hold",
    PhaseKind.RELEASE: "Release slowly",
    PhaseKind.BREATHE: "Breathe",
    PhaseKind.LOCATE: "Find the point",
    PhaseKind.ACTIVITY: "Activity",
    PhaseKind.REST: "Rest",
}

# One line under the countdown, saying what to do in this phase.
PHASE_HINTS = {
    PhaseKind.PRESS: "Build the pressure up slowly.",
    PhaseKind.HOLD: "Keep the pressure steady, and breathe slowly and deeply.",
    PhaseKind.RELEASE: "Let the pressure go little by little.",
    PhaseKind.BREATHE: "Hands off. Let the area settle.",
    PhaseKind.LOCATE: "Take your time: the session waits until you are ready.",
    PhaseKind.ACTIVITY: "",
    PhaseKind.REST: "Sit or lie comfortably and let your body rest.",
}

# The one key that stops a session for sharp pain at once (the player binds it; the help lists it).
SHARP_PAIN_KEY_NAME = "F9"

ACHE_REMINDER = "Aim for a deep, dull ache, never sharp pain. Ease off if it turns sharp."
# For a point that asks for light pressure (BL40), or a person whose safety answers do: never "firm".
HOLD_HINT_LIGHT = "Keep the pressure light and steady, and breathe slowly and deeply."
ACHE_REMINDER_LIGHT = "Keep it gentle and comfortable, never sharp pain. Ease off if it hurts."

SIDE_WORDS = {Side.LEFT: "Left side", Side.RIGHT: "Right side", Side.MIDLINE: "On the spine"}

DEFAULT_BREATHING = BreathingPattern(inhale_s=4.0, exhale_s=6.0)

# Index = score, 0 to 9; 10 is PAIN_WORST.
PAIN_WORDS = (
    "no pain",
    "mild",
    "mild",
    "mild",
    "moderate",
    "moderate",
    "moderate",
    "severe",
    "severe",
    "severe",
)
PAIN_WORST = "worst imaginable"


def pain_words(score: int) -> str:
    """The word anchor for a pain score: 0 "no pain", 4 "moderate", 10 "worst imaginable"."""
    return PAIN_WORST if score >= 10 else PAIN_WORDS[max(0, score)]


def pain_change_words(before: int | None, after: int | None, *, after_only: str = "now") -> str:
    """ "6 → 3 (3 less)", "5 → 5 (no change)", "4 before", "2 now" (``after_only`` names the moment of a
    score given only after: "now" just after the session, "after" when looking back) or "" for neither."""
    if before is None and after is None:
        return ""
    if after is None:
        return f"{before} before"
    if before is None:
        return f"{after} {after_only}"
    change = after - before
    if change < 0:
        return f"{before} → {after} ({-change} less)"
    if change > 0:
        return f"{before} → {after} ({change} more)"
    return f"{before} → {after} (no change)"


def clock_text(seconds: float) -> str:
    """Seconds as the countdown shows them, rounded up: 45 -> "45", 65 -> "1:05", 3725 -> "1:02:05"."""
    whole = max(0, math.ceil(seconds - 1e-9))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{secs:02d}"
    if minutes:
        return f"{minutes}:{secs:02d}"
    return str(secs)


def duration_words(seconds: float) -> str:
    """A length for people: "45 s", "12 min", "1 h 05 min"."""
    whole = max(0, round(seconds))
    if whole < 60:
        return f"{whole} s"
    minutes = round(whole / 60)
    if minutes < 60:
        return f"{minutes} min"
    return f"{minutes // 60} h {minutes % 60:02d} min"


def time_left_text(seconds: float) -> str:
    """The whole routine's time left: "24:10 left"; under a minute "40 s left"."""
    whole = max(0, math.ceil(seconds - 1e-9))
    if whole < 60:
        return f"{whole} s left"
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{secs:02d} left"
    return f"{minutes}:{secs:02d} left"


def when_words(moment: datetime, now: datetime) -> str:
    """A past moment relative to ``now``: "today at 08:30", "yesterday at 19:40", "Mon 13 May at 08:30"."""
    local = moment.astimezone(now.tzinfo) if now.tzinfo is not None else moment
    day = local.date()
    at = f"at {local:%H:%M}"
    if day == now.date():
        return f"today {at}"
    if day == now.date() - timedelta(days=1):
        return f"yesterday {at}"
    if day.year == now.year:
        return f"{local:%a} {local.day} {local:%b} {at}"
    return f"{local.day} {local:%b %Y} {at}"


@dataclass(frozen=True, slots=True)
class Breath:
    """Where in the breath a pacer is: breathing in or out, and how full the lungs are (0 to 1)."""

    inhaling: bool
    fullness: float
    seconds_left: float  # until the breath turns


def breath_at(pattern: BreathingPattern, elapsed_s: float) -> Breath:
    """The breath ``elapsed_s`` seconds into a paced phase that starts with an in-breath."""
    into = elapsed_s % pattern.cycle_s if pattern.cycle_s > 0 else 0.0
    if into < pattern.inhale_s:
        progress = into / pattern.inhale_s
        return Breath(True, _ease(progress), pattern.inhale_s - into)
    progress = (into - pattern.inhale_s) / pattern.exhale_s
    return Breath(False, 1.0 - _ease(progress), pattern.cycle_s - into)


def _ease(fraction: float) -> float:
    """Slow at both ends, like a breath."""
    return (1.0 - math.cos(math.pi * min(1.0, max(0.0, fraction)))) / 2.0


def plural(count: int, thing: str, many: str | None = None) -> str:
    """A count with its noun: "1 hour", "2 hours", "0 minutes", "1,200 steps"; ``many`` for irregular
    nouns ("1 person", "3 people"). The one place the window makes a plural."""
    return f"{count:,} {thing if count == 1 else many or thing + 's'}"
