"""What the window says: phase names, pain-scale anchors, times and dates in plain words.

The constants are marked with ``N_`` (they are read before a language is installed): pass them through
``_`` where they are shown. Dates go through ``QLocale`` (QtCore only): day and month names follow the
language."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from PySide6.QtCore import QDate, QLocale, QTime

from sciatica_timer.core.i18n import N_, _, language, pgettext
from sciatica_timer.core.plan import BreathingPattern, PhaseKind, Side

PHASE_WORDS = {
    PhaseKind.PRESS: N_("Press gently"),
    PhaseKind.HOLD: N_("Hold"),
    PhaseKind.RELEASE: N_("Release slowly"),
    PhaseKind.BREATHE: N_("Breathe"),
    PhaseKind.LOCATE: N_("Find the point"),
    PhaseKind.ACTIVITY: N_("Activity"),
    PhaseKind.REST: N_("Rest"),
}

# The phase's name in the middle of a sentence ("Then: release slowly").
PHASE_IN_SENTENCE = {
    PhaseKind.PRESS: N_("press gently"),
    PhaseKind.HOLD: N_("hold"),
    PhaseKind.RELEASE: N_("release slowly"),
    PhaseKind.BREATHE: N_("breathe"),
    PhaseKind.LOCATE: N_("find the point"),
    PhaseKind.ACTIVITY: N_("activity"),
    PhaseKind.REST: N_("rest"),
}

# One line under the countdown, saying what to do in this phase.
PHASE_HINTS = {
    PhaseKind.PRESS: N_("Build the pressure up slowly."),
    PhaseKind.HOLD: N_("Keep the pressure steady, and breathe slowly and deeply."),
    PhaseKind.RELEASE: N_("Let the pressure go little by little."),
    PhaseKind.BREATHE: N_("Hands off. Let the area settle."),
    PhaseKind.LOCATE: N_("Take your time: the session waits until you are ready."),
    PhaseKind.ACTIVITY: "",
    PhaseKind.REST: N_("Sit or lie comfortably and let your body rest."),
}

# The one key that stops a session for sharp pain at once (the player binds it; the help lists it).
SHARP_PAIN_KEY_NAME = "F9"

ACHE_REMINDER = N_("Aim for a deep, dull ache, never sharp pain. Ease off if it turns sharp.")
# For a point that asks for light pressure (BL40), or a person whose safety answers do: never "firm".
HOLD_HINT_LIGHT = N_("Keep the pressure light and steady, and breathe slowly and deeply.")
ACHE_REMINDER_LIGHT = N_("Keep it gentle and comfortable, never sharp pain. Ease off if it hurts.")

SIDE_WORDS = {Side.LEFT: N_("Left side"), Side.RIGHT: N_("Right side"), Side.MIDLINE: N_("On the spine")}
# The same in the middle of a sentence ("Hold, left side"): its own words, as some languages keep capitals.
SIDE_IN_SENTENCE = {
    Side.LEFT: N_("left side"),
    Side.RIGHT: N_("right side"),
    Side.MIDLINE: N_("on the spine"),
}

DEFAULT_BREATHING = BreathingPattern(inhale_s=4.0, exhale_s=6.0)

# Index = score, 0 to 9; 10 is PAIN_WORST.
PAIN_WORDS = (
    N_("no pain"),
    N_("mild"),
    N_("mild"),
    N_("mild"),
    N_("moderate"),
    N_("moderate"),
    N_("moderate"),
    N_("severe"),
    N_("severe"),
    N_("severe"),
)
PAIN_WORST = N_("worst imaginable")


def in_sentence(title: str) -> str:
    """A title from the content (an activity's own name) in the middle of a sentence: lower case in English;
    left as written in other languages, where nouns may keep their capitals."""
    return title.lower() if language() == "en" else title


def pain_words(score: int) -> str:
    """The word anchor for a pain score: 0 "no pain", 4 "moderate", 10 "worst imaginable"."""
    return _(PAIN_WORST if score >= 10 else PAIN_WORDS[max(0, score)])


def pain_change_words(before: int | None, after: int | None, *, after_only: str = "now") -> str:
    """ "6 → 3 (3 less)", "5 → 5 (no change)", "4 before", "2 now" (``after_only`` names the moment of a
    score given only after: "now" just after the session, "after" when looking back) or "" for neither."""
    if before is None and after is None:
        return ""
    if after is None:
        return pgettext("pain score", "{score} before").format(score=before)
    if before is None:
        if after_only == "now":
            return pgettext("pain score", "{score} now").format(score=after)
        if after_only == "after":
            return pgettext("pain score", "{score} after").format(score=after)
        return f"{after} {after_only}"
    change = after - before
    if change < 0:
        return _("{before} → {after} ({change} less)").format(before=before, after=after, change=-change)
    if change > 0:
        return _("{before} → {after} ({change} more)").format(before=before, after=after, change=change)
    return _("{before} → {after} (no change)").format(before=before, after=after)


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
        return _("{seconds} s").format(seconds=whole)
    minutes = round(whole / 60)
    if minutes < 60:
        return _("{minutes} min").format(minutes=minutes)
    return _("{hours} h {minutes} min").format(hours=minutes // 60, minutes=f"{minutes % 60:02d}")


def time_left_text(seconds: float) -> str:
    """The whole routine's time left: "24:10 left"; under a minute "40 s left"."""
    whole = max(0, math.ceil(seconds - 1e-9))
    if whole < 60:
        return _("{seconds} s left").format(seconds=whole)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return _("{clock} left").format(clock=f"{hours}:{minutes:02d}:{secs:02d}")
    return _("{clock} left").format(clock=f"{minutes}:{secs:02d}")


def when_words(moment: datetime, now: datetime) -> str:
    """A past moment relative to ``now``: "today at 08:30", "yesterday at 19:40", "Mon 13 May at 08:30"."""
    local = moment.astimezone(now.tzinfo) if now.tzinfo is not None else moment
    day = local.date()
    locale = QLocale()
    # Qt date and time formats (QLocale.toString): the translator may reorder them for the language.
    time = locale.toString(QTime(local.hour, local.minute), pgettext("Qt time format", "HH:mm"))
    if day == now.date():
        return _("today at {time}").format(time=time)
    if day == now.date() - timedelta(days=1):
        return _("yesterday at {time}").format(time=time)
    date = QDate(day.year, day.month, day.day)
    if day.year == now.year:
        shown = locale.toString(date, pgettext("Qt date format, this year", "ddd d MMM"))
    else:
        shown = locale.toString(date, pgettext("Qt date format, another year", "d MMM yyyy"))
    return _("{date} at {time}").format(date=shown, time=time)


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
