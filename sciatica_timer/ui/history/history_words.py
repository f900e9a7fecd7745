"""What the history view and the report say: changes in pain, periods, dates and streaks in plain words.

No widgets here (only QtCore's QLocale, for dates and numbers in the person's language), so the report's
worker thread and the tests use the same sentences as the window.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from PySide6.QtCore import QDate, QDateTime, QLocale, QTime, QTimeZone

from sciatica_timer.core import statistics as stats
from sciatica_timer.core.diary import PainRegion, PainSide
from sciatica_timer.core.i18n import N_, _, ngettext, pgettext
from sciatica_timer.core.record import SessionStatus
from sciatica_timer.ui.common import words

MINUS = "−"  # a real minus sign: a hyphen reads as a dash in figures

STATUS_WORDS = {
    SessionStatus.IN_PROGRESS: N_("running"),
    SessionStatus.COMPLETED: N_("completed"),
    SessionStatus.STOPPED: N_("stopped early"),
    SessionStatus.STOPPED_FOR_PAIN: N_("stopped for pain"),
    SessionStatus.INTERRUPTED: N_("interrupted"),
}
"""Marked only: show them through ``status_words``."""

READING_WORDS = {
    stats.Reading.CLEAR_RELIEF: N_("clear relief"),
    stats.Reading.SMALL_CHANGE: N_("small change"),
    stats.Reading.NO_CLEAR_CHANGE: N_("no clear change"),
    stats.Reading.WORSE: N_("worse"),
    stats.Reading.TOO_FEW: N_("too few sessions to tell"),
}

SIDE_WORDS = {
    PainSide.LEFT: N_("left"),
    PainSide.RIGHT: N_("right"),
    PainSide.BOTH: N_("both"),
}
"""Which leg hurts, as shown (the stored value is the enum's)."""

REGION_WORDS = {
    PainRegion.LOWER_BACK: N_("lower back"),
    PainRegion.BUTTOCK: N_("buttock"),
    PainRegion.THIGH: N_("thigh"),
    PainRegion.CALF: N_("calf"),
    PainRegion.FOOT: N_("foot"),
}
"""Where the pain reaches, as shown (the region's own label is its stored value in words)."""


def status_words(status: SessionStatus) -> str:
    """ "completed", "stopped for pain": how a session ended, in the person's language."""
    return _(STATUS_WORDS[status])


def side_words(side: PainSide) -> str:
    """ "left", "right", "both"."""
    return _(SIDE_WORDS[side])


def region_words(region: PainRegion) -> str:
    """ "lower back", "calf"."""
    return _(REGION_WORDS.get(region, region.label))


def region_axis_words(region: PainRegion) -> str:
    """The region on a chart's narrow axis: the same words, or a shorter one where a language needs it."""
    short = {
        PainRegion.LOWER_BACK: pgettext("region, short, on a chart axis", "lower back"),
        PainRegion.BUTTOCK: pgettext("region, short, on a chart axis", "buttock"),
        PainRegion.THIGH: pgettext("region, short, on a chart axis", "thigh"),
        PainRegion.CALF: pgettext("region, short, on a chart axis", "calf"),
        PainRegion.FOOT: pgettext("region, short, on a chart axis", "foot"),
    }
    return short.get(region, region.label)


def locale() -> QLocale:
    """The person's locale for dates and numbers; English (as the text is written) when none is set."""
    chosen = QLocale()
    if chosen.language() == QLocale.Language.C:
        return QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)
    return chosen


def number_words(value: float, places: int = 1) -> str:
    """ "5.8" (or "5,8"): a figure with its decimal separator."""
    rounded = float(f"{value:.{places}f}")  # Python's rounding (half to even), as the figures always were
    return locale().toString(rounded, "f", places)


def whole_words(value: int) -> str:
    """ "10,000" (or "10.000"): a count with its group separator."""
    return locale().toString(int(value))


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def date_words(day: date, pattern: str) -> str:
    """A date written with a Qt pattern ("d MMM yyyy") in the person's language."""
    return locale().toString(_qdate(day), pattern)


def _qdatetime(local: datetime) -> QDateTime:
    offset = local.utcoffset()
    zone = QTimeZone.fromSecondsAheadOfUtc(0 if offset is None else round(offset.total_seconds()))
    return QDateTime(_qdate(local.date()), QTime(local.hour, local.minute, local.second), zone)


def signed(value: float, places: int = 1) -> str:
    """ "−1.8", "+0.4", "0.0": the sign always shown, so a change reads as a change."""
    text = number_words(abs(value), places)
    if float(f"{abs(value):.{places}f}") == 0:
        return text
    return f"{MINUS if value < 0 else '+'}{text}"


def score_words(value: float | None, places: int = 1) -> str:
    """A mean score, "5.8", or an en dash when there is none."""
    return "–" if value is None else number_words(value, places)


def change_words(estimate: stats.ChangeEstimate) -> str:
    """ "−1.8" for a mean change, or what is missing: "not enough data (3 of 5 sessions)"."""
    if estimate.mean is None:
        return ngettext(
            "not enough data ({sessions} of {minimum} session)",
            "not enough data ({sessions} of {minimum} sessions)",
            estimate.minimum,
        ).format(sessions=estimate.sessions, minimum=estimate.minimum)
    return signed(estimate.mean)


def not_enough_words() -> str:
    """What a what-helps row shows for its mean change below the minimum of sessions."""
    return _("not enough data")


def interval_words(estimate: stats.ChangeEstimate) -> str:
    """The 95% confidence interval, "−2.4 to −1.2", or "" when there is no estimate."""
    if estimate.low is None or estimate.high is None:
        return ""
    return _("{low} to {high}").format(low=signed(estimate.low), high=signed(estimate.high))


def change_meaning(estimate: stats.ChangeEstimate) -> str:
    """One short reading of an estimate for a person, not a statistician: "clear relief", "small change",
    "no clear change", "worse" (read against a fall of 2 points or 30 %), or "too few sessions to tell"."""
    reading = stats.read_change(estimate)
    return _(READING_WORDS.get(reading, reading.value))


def interval_plain(estimate: stats.ChangeEstimate) -> str:
    """The 95% interval in plain words: "most likely between 0.8 and 1.4 points less"; "" without one."""
    low, high = estimate.low, estimate.high
    if low is None or high is None:
        return ""
    if f"{low:.1f}" == f"{high:.1f}":  # every session changed by the same amount
        if f"{abs(low):.1f}" == "0.0":
            return _("about no change")
        amount = number_words(abs(low))
        one = f"{abs(low):.1f}" == "1.0"
        if low < 0:
            text = ngettext("about {amount} point less", "about {amount} points less", 1 if one else 2)
        else:
            text = ngettext("about {amount} point more", "about {amount} points more", 1 if one else 2)
        return text.format(amount=amount)
    if high < 0:
        one = f"{abs(low):.1f}" == "1.0"
        text = ngettext(
            "most likely between {low} and {high} point less",
            "most likely between {low} and {high} points less",
            1 if one else 2,
        )
        return text.format(low=number_words(abs(high)), high=number_words(abs(low)))
    if low > 0:
        one = f"{high:.1f}" == "1.0"
        text = ngettext(
            "most likely between {low} and {high} point more",
            "most likely between {low} and {high} points more",
            1 if one else 2,
        )
        return text.format(low=number_words(low), high=number_words(high))
    return _("most likely between {less} less and {more} more").format(less=_points(low), more=_points(high))


def _points(value: float) -> str:
    one = f"{abs(value):.1f}" == "1.0"
    return ngettext("{amount} point", "{amount} points", 1 if one else 2).format(
        amount=number_words(abs(value))
    )


THRESHOLDS_NOTE = N_(
    "A fall of 2 points, or of 30 %, is about the change most people notice (Farrar et al., Pain 2001; "
    "IMMPACT, Dworkin et al., J Pain 2008)."
)
REGRESSION_NOTE = N_(
    "Pain is often scored before a session just when it is at its worst, and bad spells ease by "
    "themselves, so part of any fall would have happened anyway."
)
"""Both marked only: show them through ``_``."""


def name_list(names: tuple[str, ...] | list[str]) -> str:
    """ "BL23", "BL23 and BL25", "BL23, BL25 and BL40"."""
    if len(names) == 1:
        return names[0]
    return _("{names} and {last}").format(names=_(", ").join(names[:-1]), last=names[-1])


def together_words(points: tuple[str, ...], routine_name: str | None = None) -> str:
    """ "BL40 and BL57: only ever done in Full protocol"; "BL23 and BL25: always done together"."""
    names = name_list(points)
    if routine_name is not None:
        return _("{points}: only ever done in {routine}").format(points=names, routine=routine_name)
    return _("{points}: always done together").format(points=names)


def day_month_year(day: date) -> str:
    """ "14 May 2024"."""
    return date_words(day, pgettext("date format: day, short month, year", "d MMM yyyy"))


def period_words(first_day: int, last_day: int) -> str:
    """ "3 – 16 May 2024", "12 Feb – 12 May 2025", "14 Feb 2024 – 12 May 2025"."""
    first, last = stats.day_date(first_day), stats.day_date(last_day)
    if first == last:
        return day_month_year(last)
    if first.year != last.year:
        return _("{first} – {last}").format(first=day_month_year(first), last=day_month_year(last))
    if first.month != last.month:
        start = date_words(first, pgettext("date format: day, short month", "d MMM"))
        return _("{first} – {last}").format(first=start, last=day_month_year(last))
    start = date_words(first, pgettext("date format: day alone, first of a period", "d"))
    return _("{first} – {last}").format(first=start, last=day_month_year(last))


def weeks_words(days: int) -> str:
    """ "1 day", "14 days", "13 weeks", "52 weeks": how long a period is."""
    if days < 28:
        return ngettext("{count} day", "{count} days", days).format(count=days)
    weeks = round(days / 7)
    return ngettext("{count} week", "{count} weeks", weeks).format(count=weeks)


def moment(epoch_s: float, offset_min: int) -> datetime:
    """The local time a moment was recorded in."""
    return datetime.fromtimestamp(epoch_s, timezone(timedelta(minutes=offset_min)))


def moment_words(epoch_s: float, offset_min: int, *, weekday: bool = True) -> str:
    """ "Tue 14 May 2024, 08:30" in the local time it was recorded in."""
    local = _qdatetime(moment(epoch_s, offset_min))
    if weekday:
        pattern = pgettext("date format: weekday, day, short month, year, time", "ddd d MMM yyyy, HH:mm")
    else:
        pattern = pgettext("date format: day, short month, year, time", "d MMM yyyy, HH:mm")
    return locale().toString(local, pattern)


def streak_words(streak: stats.Streak) -> str:
    if streak.current == 0:
        return _("no session yesterday or today")
    return ngettext("{count} day in a row", "{count} days in a row", streak.current).format(
        count=whole_words(streak.current)
    )


def per_week_words(per_week: float) -> str:
    return _("{rate} a week").format(rate=number_words(per_week))


def count_words(number: int, thing: str, plural: str | None = None) -> str:
    """ "1 session", "12 sessions", "10,000 sessions" (English only: shown text counts with ngettext)."""
    return words.plural(number, thing, plural)


def where_words(region: PainRegion | None, side: PainSide | None = None) -> str:
    """ "calf, left", "lower back", "" when not said."""
    parts = [region_words(region)] if region is not None else []
    if side is not None:
        parts.append(side_words(side))
    return _(", ").join(parts)


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
                    ticks.append((day.timestamp(), _day_month(day)))
                day += timedelta(days=1)
            return ticks
    for step in _WEEK_STEPS:
        if span_days / (7 * step) <= max_ticks:
            monday = midnight + timedelta(days=(7 - midnight.weekday()) % 7)
            ticks = []
            while monday < end:
                if (monday.toordinal() // 7) % step == 0:
                    ticks.append((monday.timestamp(), _day_month(monday)))
                monday += timedelta(days=7)
            return ticks
    for step in _MONTH_STEPS:
        if span_days / (30.44 * step) <= max_ticks:
            ticks = []
            month = datetime(start.year, start.month, 1, tzinfo=zone)
            while month < end:
                if month > start and (month.month - 1) % step == 0:
                    ticks.append((month.timestamp(), _month(month)))
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


def _day_month(day: datetime) -> str:
    """A tick's "2 May"."""
    return date_words(day.date(), pgettext("date format: day, short month", "d MMM"))


def _month(month: datetime) -> str:
    """A tick's "May", or "Jan 2025" for a January: the month's name as it stands alone in the person's
    language (German "Mär", where a date says "3. März")."""
    name = locale().standaloneMonthName(month.month, QLocale.FormatType.ShortFormat)
    if month.month == 1:
        return pgettext("chart axis: short month, year", "{month} {year}").format(month=name, year=month.year)
    return name


def before_after_words(change: stats.ChangeEstimate, mean_after: float | None) -> tuple[str, str]:
    """The before → after figure and its line, from the sessions with both scores only.

    ("6.0 → 4.0", "5 sessions with both scores; clear relief: most likely between 0.8 and 3.2 points less").
    """
    if change.sessions == 0 or change.mean_before is None or mean_after is None:
        return "–", _("no session with a score before and after yet")
    value = f"{number_words(change.mean_before)} → {number_words(mean_after)}"
    count = ngettext(
        "{count} session with both scores", "{count} sessions with both scores", change.sessions
    ).format(count=whole_words(change.sessions))
    if not change.enough:
        needed = ngettext(
            "{sessions}; {minimum} is needed to tell a change",
            "{sessions}; {minimum} are needed to tell a change",
            change.minimum,
        )
        return value, needed.format(sessions=count, minimum=change.minimum)
    return value, _("{sessions}; {reading}: {interval}").format(
        sessions=count, reading=change_meaning(change), interval=interval_plain(change)
    )


def sessions_detail(sessions: int, first_day: int, last_day: int, earliest: int | None) -> str:
    """How often, over the days of the period that had begun for the person: "1.5 a week over 6 weeks";
    on the first days "today, your first day" or "over 3 days since you started", never a rate over
    weeks that had not begun yet."""
    start = first_day if earliest is None else max(first_day, earliest)
    days = last_day - start + 1
    started_inside = earliest is not None and earliest > first_day
    if days <= 1 and started_inside:
        return _("today, your first day")
    if days < WEEK_RATE_DAYS:
        if started_inside:
            return _("over {length} since you started").format(length=weeks_words(days))
        return _("over {length}").format(length=weeks_words(days))
    return _("{rate} over {length}").format(
        rate=per_week_words(sessions * stats.WEEK_DAYS / days), length=weeks_words(days)
    )


WEEK_RATE_DAYS = 7
"""Below a week of days a rate "a week" says more than the data can: the count and the days are given."""
