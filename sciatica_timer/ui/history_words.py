"""What the history view and the report say: changes in pain, periods, dates and streaks in plain words.

No Qt here, so the report's worker thread and the tests use the same sentences as the window.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from sciatica_timer.core import statistics as stats
from sciatica_timer.core.diary import PainRegion, PainSide
from sciatica_timer.core.record import SessionStatus
from sciatica_timer.ui import words

MINUS = "−"  # a real minus sign: a hyphen reads as a dash in figures

STATUS_WORDS = {
    SessionStatus.IN_PROGRESS: "running",
    SessionStatus.COMPLETED: "completed",
    SessionStatus.STOPPED: "stopped early",
    SessionStatus.STOPPED_FOR_PAIN: "stopped for pain",
    SessionStatus.INTERRUPTED: "interrupted",
}


def signed(value: float, places: int = 1) -> str:
    """ "−1.8", "+0.4", "0.0": the sign always shown, so a change reads as a change."""
    text = f"{abs(value):.{places}f}"
    if float(text) == 0:
        return text
    return f"{MINUS if value < 0 else '+'}{text}"


def score_words(value: float | None, places: int = 1) -> str:
    """A mean score, "5.8", or an en dash when there is none."""
    return "–" if value is None else f"{value:.{places}f}"


def change_words(estimate: stats.ChangeEstimate) -> str:
    """ "−1.8" for a mean change, or what is missing: "not enough data (3 of 5 sessions)"."""
    if estimate.mean is None:
        return f"not enough data ({estimate.sessions} of {estimate.minimum} sessions)"
    return signed(estimate.mean)


def interval_words(estimate: stats.ChangeEstimate) -> str:
    """The 95% confidence interval, "−2.4 to −1.2", or "" when there is no estimate."""
    if estimate.low is None or estimate.high is None:
        return ""
    return f"{signed(estimate.low)} to {signed(estimate.high)}"


def change_meaning(estimate: stats.ChangeEstimate) -> str:
    """One short reading of an estimate for a person, not a statistician."""
    if estimate.low is None or estimate.high is None or estimate.mean is None:
        return "too few sessions to tell"
    if estimate.high < 0:
        return "less pain afterwards"
    if estimate.low > 0:
        return "more pain afterwards"
    return "no clear change"


def period_words(first_day: int, last_day: int) -> str:
    """ "3 – 16 May 2024", "12 Feb – 12 May 2025", "14 Feb 2024 – 12 May 2025"."""
    first, last = stats.day_date(first_day), stats.day_date(last_day)
    if first == last:
        return f"{last.day} {last:%b %Y}"
    if first.year != last.year:
        return f"{first.day} {first:%b %Y} – {last.day} {last:%b %Y}"
    if first.month != last.month:
        return f"{first.day} {first:%b} – {last.day} {last:%b %Y}"
    return f"{first.day} – {last.day} {last:%b %Y}"


def weeks_words(days: int) -> str:
    """ "14 days", "13 weeks", "52 weeks": how long a period is."""
    if days < 28:
        return f"{days} day{'' if days == 1 else 's'}"
    return f"{round(days / 7)} weeks"


def moment(epoch_s: float, offset_min: int) -> datetime:
    """The local time a moment was recorded in."""
    return datetime.fromtimestamp(epoch_s, timezone(timedelta(minutes=offset_min)))


def moment_words(epoch_s: float, offset_min: int, *, weekday: bool = True) -> str:
    """ "Tue 14 May 2024, 08:30" in the local time it was recorded in."""
    local = moment(epoch_s, offset_min)
    day = f"{local:%a} " if weekday else ""
    return f"{day}{local.day} {local:%b %Y}, {local:%H:%M}"


def streak_words(streak: stats.Streak) -> str:
    if streak.current == 0:
        return "no session yesterday or today"
    return f"{streak.current} day{'' if streak.current == 1 else 's'} in a row"


def per_week_words(per_week: float) -> str:
    return f"{per_week:.1f} a week"


def count_words(number: int, thing: str, plural: str | None = None) -> str:
    """ "1 session", "12 sessions", "10,000 sessions"."""
    return words.plural(number, thing, plural)


def where_words(region: PainRegion | None, side: PainSide | None = None) -> str:
    """ "calf, left", "lower back", "" when not said."""
    parts = [region.label] if region is not None else []
    if side is not None:
        parts.append(side.value)
    return ", ".join(parts)


def today_day(now: datetime) -> int:
    """The local day number of ``now`` (an aware local time)."""
    return stats.date_day(now.date())


def first_day_of(today: int, span_days: int | None, earliest: int | None) -> int:
    """The first day of a period of ``span_days`` days ending today (None: since the earliest record)."""
    if span_days is None:
        return today if earliest is None else min(earliest, today)
    return today - span_days + 1


def iso_day(day: int) -> str:
    return date.isoformat(stats.day_date(day))


# ----------------------------------------------------------------------------------------------------
# Time axis ticks: one level of labels that fit, for the charts and the report alike

_DAY_STEPS = (1, 2, 3)
_WEEK_STEPS = (1, 2)
_MONTH_STEPS = (1, 2, 3, 6)
_YEAR_STEPS = (1, 2, 5, 10, 20, 50)


def time_ticks(first_s: float, last_s: float, max_ticks: int, offset_min: int) -> list[tuple[float, str]]:
    """Tick positions (epoch seconds, at local midnight) and labels between two moments: days ("2 May"),
    Mondays, months ("May", "Jan 2025") or years ("2019"), the finest kind of which at most ``max_ticks``
    fit."""
    if last_s <= first_s or max_ticks < 1:
        return []
    zone = timezone(timedelta(minutes=offset_min))
    start = datetime.fromtimestamp(first_s, zone)
    end = datetime.fromtimestamp(last_s, zone)
    span_days = (last_s - first_s) / stats.DAY_S
    midnight = start.replace(hour=0, minute=0, second=0, microsecond=0)
    for step in _DAY_STEPS:
        if span_days / step <= max_ticks:
            day = midnight
            ticks = []
            while day < end:
                if day > start and (day.toordinal() % step == 0):
                    ticks.append((day.timestamp(), f"{day.day} {day:%b}"))
                day += timedelta(days=1)
            return ticks
    for step in _WEEK_STEPS:
        if span_days / (7 * step) <= max_ticks:
            monday = midnight + timedelta(days=(7 - midnight.weekday()) % 7)
            ticks = []
            while monday < end:
                if (monday.toordinal() // 7) % step == 0:
                    ticks.append((monday.timestamp(), f"{monday.day} {monday:%b}"))
                monday += timedelta(days=7)
            return ticks
    for step in _MONTH_STEPS:
        if span_days / (30.44 * step) <= max_ticks:
            ticks = []
            month = datetime(start.year, start.month, 1, tzinfo=zone)
            while month < end:
                if month > start and (month.month - 1) % step == 0:
                    ticks.append((month.timestamp(), f"{month:%b %Y}" if month.month == 1 else f"{month:%b}"))
                index = month.month  # the next month, 0-based
                month = datetime(month.year + index // 12, index % 12 + 1, 1, tzinfo=zone)
            return ticks
    for step in _YEAR_STEPS:
        if span_days / (365.25 * step) <= max_ticks or step == _YEAR_STEPS[-1]:
            first_year = start.year + 1 if start > datetime(start.year, 1, 1, tzinfo=zone) else start.year
            return [
                (datetime(year, 1, 1, tzinfo=zone).timestamp(), str(year))
                for year in range(first_year, end.year + 1)
                if year % step == 0
            ]
    return []
