"""What the history view and the report say: changes in pain, periods, dates and streaks in plain words.

No Qt here, so the report's worker thread and the tests use the same sentences as the window.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from sciatica_timer.core import statistics as stats
from sciatica_timer.core.diary import PainRegion, PainSide
from sciatica_timer.core.record import SessionStatus
from sciatica_timer.ui.common import words

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
    """One short reading of an estimate for a person, not a statistician: "clear relief", "small change",
    "no clear change", "worse" (read against a fall of 2 points or 30 %), or "too few sessions to tell"."""
    return stats.read_change(estimate).value


def _points(value: float) -> str:
    text = f"{abs(value):.1f}"
    return f"{text} point{'' if text == '1.0' else 's'}"


def interval_plain(estimate: stats.ChangeEstimate) -> str:
    """The 95% interval in plain words: "most likely between 0.8 and 1.4 points less"; "" without one."""
    low, high = estimate.low, estimate.high
    if low is None or high is None:
        return ""
    if f"{low:.1f}" == f"{high:.1f}":  # every session changed by the same amount
        if f"{abs(low):.1f}" == "0.0":
            return "about no change"
        return f"about {_points(low)} {'less' if low < 0 else 'more'}"
    if high < 0:
        return f"most likely between {abs(high):.1f} and {_points(low)} less"
    if low > 0:
        return f"most likely between {low:.1f} and {_points(high)} more"
    return f"most likely between {_points(low)} less and {_points(high)} more"


THRESHOLDS_NOTE = (
    "A fall of 2 points, or of 30 %, is about the change most people notice (Farrar et al., Pain 2001; "
    "IMMPACT, Dworkin et al., J Pain 2008)."
)
REGRESSION_NOTE = (
    "Pain is often scored before a session just when it is at its worst, and bad spells ease by "
    "themselves, so part of any fall would have happened anyway."
)


def together_words(points: tuple[str, ...], routine_name: str | None = None) -> str:
    """ "BL40 and BL57: only ever done in Full protocol"; "BL23 and BL25: always done together"."""
    names = points[0] if len(points) == 1 else ", ".join(points[:-1]) + f" and {points[-1]}"
    if routine_name is not None:
        return f"{names}: only ever done in {routine_name}"
    return f"{names}: always done together"


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
    """ "1 day", "14 days", "13 weeks", "52 weeks": how long a period is."""
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


def before_after_words(change: stats.ChangeEstimate, mean_after: float | None) -> tuple[str, str]:
    """The before → after figure and its line, from the sessions with both scores only.

    ("6.0 → 4.0", "5 sessions with both scores; clear relief: most likely between 0.8 and 3.2 points less").
    """
    if change.sessions == 0 or change.mean_before is None or mean_after is None:
        return "–", "no session with a score before and after yet"
    value = f"{change.mean_before:.1f} → {mean_after:.1f}"
    count = f"{count_words(change.sessions, 'session')} with both scores"
    if not change.enough:
        return value, f"{count}; {change.minimum} are needed to tell a change"
    return value, f"{count}; {change_meaning(change)}: {interval_plain(change)}"


def sessions_detail(sessions: int, first_day: int, last_day: int, earliest: int | None) -> str:
    """How often, over the days of the period that had begun for the person: "1.5 a week over 6 weeks";
    on the first days "today, your first day" or "over 3 days since you started", never a rate over
    weeks that had not begun yet."""
    start = first_day if earliest is None else max(first_day, earliest)
    days = last_day - start + 1
    started_inside = earliest is not None and earliest > first_day
    if days <= 1 and started_inside:
        return "today, your first day"
    if days < WEEK_RATE_DAYS:
        since = " since you started" if started_inside else ""
        return f"over {weeks_words(days)}{since}"
    return f"{per_week_words(sessions * stats.WEEK_DAYS / days)} over {weeks_words(days)}"


WEEK_RATE_DAYS = 7
"""Below a week of days a rate "a week" says more than the data can: the count and the days are given."""
