"""The numbers behind the history view and the report: local days and weeks, rolling means, streaks,
and the mean change in pain with its 95% confidence interval. Pure Python, no numpy.
"""

from __future__ import annotations

import functools
import itertools
import math
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum

from sciatica_timer.core.i18n import N_

DAY_S = 86_400
WEEK_DAYS = 7
ROLLING_DAYS = 7
MIN_SESSIONS = 5
"""Below this many sessions the what-helps table says there is not enough data instead of a number."""

_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
MONDAY_SHIFT = 3  # 1 January 1970 was a Thursday: three days after a Monday


# ----------------------------------------------------------------------------------------------------
# Days and weeks as the person lived them: each moment counts in the local time it was recorded with.


def local_day(epoch_s: float, offset_min: int) -> int:
    """The local calendar day of a moment, as days since 1970-01-01.

    ``offset_min`` is the UTC offset the moment was recorded with, so a session at 23:30 in New York is on
    that evening's day, and a day that changes to summer time (23 hours long) is still one day.
    """
    return math.floor((epoch_s + offset_min * 60) / DAY_S)


def day_date(day: int) -> date:
    return date.fromordinal(day + _EPOCH_ORDINAL)


def date_day(when: date) -> int:
    return when.toordinal() - _EPOCH_ORDINAL


def day_noon_s(day: int, offset_min: int) -> float:
    """Epoch seconds of noon on ``day`` at UTC offset ``offset_min``: where a daily value is drawn."""
    return float(day * DAY_S + DAY_S // 2 - offset_min * 60)


def week_of(day: int) -> int:
    """The week (Monday to Sunday) a day belongs to, numbered from the week of 1970-01-01."""
    return (day + MONDAY_SHIFT) // WEEK_DAYS


def week_monday(week: int) -> int:
    """The Monday that starts ``week``, as a day number."""
    return week * WEEK_DAYS - MONDAY_SHIFT


# ----------------------------------------------------------------------------------------------------
# Student's t distribution: the regularized incomplete beta function by its continued fraction
# (Numerical Recipes, 3rd ed., 6.4), and the quantile by bisection on the CDF.


def _beta_fraction(a: float, b: float, x: float) -> float:
    tiny = 1e-300
    qab, qap, qam = a + b, a + 1.0, a - 1.0
    c = 1.0
    d = 1.0 - qab * x / qap
    d = 1.0 / (d if abs(d) > tiny else tiny)
    h = d
    for m in range(1, 500):
        m2 = 2 * m
        aa = m * (b - m) * x / ((qam + m2) * (a + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + aa / c
        c = c if abs(c) > tiny else tiny
        h *= d * c
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + aa / c
        c = c if abs(c) > tiny else tiny
        step = d * c
        h *= step
        if abs(step - 1.0) < 1e-15:
            break
    return h


def regularized_beta(a: float, b: float, x: float) -> float:
    """I_x(a, b), the regularized incomplete beta function, for a, b > 0 and 0 <= x <= 1."""
    if not 0.0 <= x <= 1.0:
        raise ValueError(f"x must be between 0 and 1, got {x}")
    if x in (0.0, 1.0):
        return x
    log_front = math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x)
    front = math.exp(log_front)
    # The continued fraction converges fast only on one side of the mean; use the symmetry on the other.
    if x < (a + 1.0) / (a + b + 2.0):
        return front * _beta_fraction(a, b, x) / a
    return 1.0 - front * _beta_fraction(b, a, 1.0 - x) / b


def t_cdf(t: float, df: float) -> float:
    """P(T <= t) for Student's t with ``df`` degrees of freedom."""
    if df <= 0:
        raise ValueError(f"degrees of freedom must be above 0, got {df}")
    tail = 0.5 * regularized_beta(df / 2.0, 0.5, df / (df + t * t))
    return 1.0 - tail if t >= 0 else tail


def t_pdf(t: float, df: float) -> float:
    """The density of Student's t with ``df`` degrees of freedom at ``t``."""
    log_scale = math.lgamma((df + 1) / 2) - math.lgamma(df / 2) - 0.5 * math.log(df * math.pi)
    return math.exp(log_scale - (df + 1) / 2 * math.log1p(t * t / df))


@functools.lru_cache(maxsize=1024)
def t_critical(df: int, confidence: float = 0.95) -> float:
    """The two-sided critical value: t such that P(-t <= T <= t) = ``confidence``; 12.706 for df 1 at 95%.

    Newton's method on the CDF, kept inside a bracket that bisection narrows whenever a Newton step
    would leave it (the heavy tails at small df can throw Newton far off).
    """
    if not 0.0 < confidence < 1.0:
        raise ValueError(f"confidence must be between 0 and 1, got {confidence}")
    target = 0.5 + confidence / 2.0
    low, high = 0.0, 2.0
    while t_cdf(high, df) < target:
        low, high = high, high * 2.0
    guess = (low + high) / 2.0
    for _ in range(100):
        miss = t_cdf(guess, df) - target
        if abs(miss) < 1e-13:
            break
        if miss < 0:
            low = guess
        else:
            high = guess
        step = guess - miss / t_pdf(guess, df)
        guess = step if low < step < high else (low + high) / 2.0
        if high - low < 1e-12:
            break
    return guess


# ----------------------------------------------------------------------------------------------------
# The mean change in pain with its confidence interval


@dataclass(frozen=True, slots=True)
class ChangeEstimate:
    """The mean change in pain (after minus before; negative is less pain) over ``sessions`` sessions.

    ``mean``, ``low`` and ``high`` (the 95% confidence interval) are None when there were fewer sessions
    than ``minimum``: too few to say anything. ``mean_before`` is the mean score before those same
    sessions, when known: a fall is read against it (30 % of it is a change most people notice).
    """

    sessions: int
    minimum: int
    mean: float | None = None
    low: float | None = None
    high: float | None = None
    mean_before: float | None = None

    @property
    def enough(self) -> bool:
        return self.mean is not None


def mean_change(
    changes: Sequence[float], minimum: int = MIN_SESSIONS, confidence: float = 0.95
) -> ChangeEstimate:
    """The mean of paired changes with a t-based confidence interval; None figures below ``minimum``."""
    if minimum < 2:
        raise ValueError(f"an interval needs at least 2 sessions, not {minimum}")
    n = len(changes)
    if n < minimum:
        return ChangeEstimate(n, minimum)
    mean = math.fsum(changes) / n
    variance = math.fsum((c - mean) ** 2 for c in changes) / (n - 1)
    half = t_critical(n - 1, confidence) * math.sqrt(variance / n)
    return ChangeEstimate(n, minimum, mean, mean - half, mean + half)


def paired_change(
    pairs: Sequence[tuple[float, float]], minimum: int = MIN_SESSIONS, confidence: float = 0.95
) -> ChangeEstimate:
    """The mean change over sessions given as (before, after) pairs, both scores present in each."""
    estimate = mean_change([after - before for before, after in pairs], minimum, confidence)
    if not pairs:
        return estimate
    return replace(estimate, mean_before=math.fsum(before for before, _ in pairs) / len(pairs))


# The thresholds most people notice on a 0–10 pain scale: a fall of about 2 points or of 30 % (Farrar et al.,
# Pain 2001;94:149–158; IMMPACT recommendations, Dworkin et al., J Pain 2008;9:105–121).
NOTICEABLE_FALL_POINTS = 2.0
NOTICEABLE_FALL_SHARE = 0.30


class Reading(StrEnum):
    """What a change in pain amounts to, read against the thresholds most people notice."""

    CLEAR_RELIEF = N_("clear relief")  # a real fall, of 2 points or 30 % or more
    SMALL_CHANGE = N_("small change")  # a real fall, but below what most people notice
    NO_CLEAR_CHANGE = N_("no clear change")  # the interval holds no change at all
    WORSE = "worse"  # a real rise
    TOO_FEW = N_("too few sessions to tell")


def read_change(estimate: ChangeEstimate) -> Reading:
    """The reading of a mean change: "real" means its 95% interval lies wholly on one side of no change."""
    if estimate.mean is None or estimate.low is None or estimate.high is None:
        return Reading.TOO_FEW
    if estimate.low > 0:
        return Reading.WORSE
    if estimate.high >= 0:
        return Reading.NO_CLEAR_CHANGE
    fall = -estimate.mean
    before = estimate.mean_before
    share = fall / before if before else 0.0
    if fall >= NOTICEABLE_FALL_POINTS or share >= NOTICEABLE_FALL_SHARE:
        return Reading.CLEAR_RELIEF
    return Reading.SMALL_CHANGE


def mean_or_none(values: Iterable[float | None]) -> float | None:
    """The mean of the values that are there (None and NaN left out); None if there are none."""
    kept = [v for v in values if v is not None and not math.isnan(v)]
    return math.fsum(kept) / len(kept) if kept else None


# ----------------------------------------------------------------------------------------------------
# What helps: each routine and each pressure point against the change in pain


class HelpKind(StrEnum):
    ROUTINE = "routine"
    POINT = "point"


@dataclass(frozen=True, slots=True)
class SessionChange:
    """One session with a pain score before and after it, and the points it actually pressed."""

    routine_id: str
    before: int
    after: int
    points: frozenset[str] = frozenset()

    @property
    def change(self) -> int:
        return self.after - self.before


@dataclass(frozen=True, slots=True)
class HelpRow:
    """One row of "what helps".

    A routine row's ``points`` are the points only ever done in that routine's sessions: their numbers are
    the routine's, so they are named with it rather than given rows of their own. A point row stands for
    the points in ``points`` (its ``key`` first), always done together in sessions that differ from every
    routine's: its numbers say something the routine rows do not.
    """

    kind: HelpKind
    key: str  # the routine id or the (first) point code
    estimate: ChangeEstimate
    points: tuple[str, ...] = ()

    @property
    def reading(self) -> Reading:
        return read_change(self.estimate)


def what_helps(sessions: Iterable[SessionChange], minimum: int = MIN_SESSIONS) -> list[HelpRow]:
    """The mean change in pain for each routine, then for each point that can be told apart.

    Points done in exactly the same sessions carry exactly the same numbers, so they share one row; when
    those sessions are exactly one routine's, the points carry no information beyond the routine and are
    named on its row instead. Within each kind, rows with enough sessions come first, most helpful (most
    negative mean) first; the rest follow by number of sessions. A point counts for a session when at least
    one of its holds ran.
    """
    listed = list(sessions)
    by_routine: dict[str, list[int]] = {}
    by_point: dict[str, list[int]] = {}
    for index, session in enumerate(listed):
        by_routine.setdefault(session.routine_id, []).append(index)
        for code in session.points:
            by_point.setdefault(code, []).append(index)
    same_sessions: dict[frozenset[int], list[str]] = {}
    for code in sorted(by_point):
        same_sessions.setdefault(frozenset(by_point[code]), []).append(code)
    routine_of = {frozenset(indexes): routine for routine, indexes in by_routine.items()}
    only_in: dict[str, tuple[str, ...]] = {}
    point_groups: list[tuple[str, ...]] = []
    for indexes, codes in same_sessions.items():
        routine = routine_of.get(indexes)
        if routine is None:
            point_groups.append(tuple(codes))
        else:
            only_in[routine] = tuple(codes)

    def estimate(indexes: Sequence[int]) -> ChangeEstimate:
        return paired_change([(listed[i].before, listed[i].after) for i in indexes], minimum)

    routines = [
        HelpRow(HelpKind.ROUTINE, routine, estimate(indexes), only_in.get(routine, ()))
        for routine, indexes in by_routine.items()
    ]
    points = [
        HelpRow(HelpKind.POINT, codes[0], estimate(by_point[codes[0]]), codes if len(codes) > 1 else ())
        for codes in point_groups
    ]
    return sorted(routines, key=_help_order) + sorted(points, key=_help_order)


def _help_order(row: HelpRow) -> tuple[int, float, str]:
    estimate = row.estimate
    if estimate.mean is not None:
        return (0, estimate.mean, row.key)
    return (1, -estimate.sessions, row.key)


# ----------------------------------------------------------------------------------------------------
# Daily scores, their rolling mean, sessions per week, streaks


class DailyScores:
    """Pain scores summed per local day, kept up to date as readings are added and removed.

    A rolling mean once asked for is kept and patched on each change (only the days whose window holds
    the changed day), so adding one score to ten thousand days of them costs a few dozen lookups.
    """

    __slots__ = ("_counts", "_first", "_last", "_rolling", "_sums")

    def __init__(self, readings: Iterable[tuple[int, float]] = ()) -> None:
        self._sums: dict[int, float] = {}
        self._counts: dict[int, int] = {}
        self._first: int | None = None
        self._last: int | None = None
        self._rolling: dict[int, tuple[int, list[float]]] = {}  # window -> (first day, values)
        for day, score in readings:
            self.add(day, score)

    @classmethod
    def bulk(cls, days: Sequence[int], scores: Sequence[float]) -> DailyScores:
        """From parallel lists of local days and scores: one pass, no method call per score."""
        daily = cls()
        sums, counts = daily._sums, daily._counts
        for day, score in zip(days, scores, strict=True):
            if day in counts:
                sums[day] += score
                counts[day] += 1
            else:
                sums[day] = score
                counts[day] = 1
        if counts:
            daily._first, daily._last = min(counts), max(counts)
        return daily

    def add(self, day: int, score: float) -> None:
        self._sums[day] = self._sums.get(day, 0.0) + score
        self._counts[day] = self._counts.get(day, 0) + 1
        if self._first is None or day < self._first:
            self._first = day
        if self._last is None or day > self._last:
            self._last = day
        self._patch(day)

    def remove(self, day: int, score: float) -> None:
        count = self._counts.get(day, 0)
        if count <= 0:
            raise KeyError(f"no score on day {day} to remove")
        if count == 1:
            del self._counts[day]
            del self._sums[day]
            if day in (self._first, self._last):
                self._first = min(self._counts) if self._counts else None
                self._last = max(self._counts) if self._counts else None
        else:
            self._counts[day] = count - 1
            self._sums[day] -= score
        self._patch(day)

    def __len__(self) -> int:
        """How many scores there are."""
        return sum(self._counts.values())

    @property
    def days(self) -> tuple[int, int] | None:
        """The first and last day with a score, or None."""
        if self._first is None or self._last is None:
            return None
        return self._first, self._last

    def _window_mean(self, day: int, window_days: int) -> float:
        total = 0.0
        count = 0
        for back in range(window_days):
            total += self._sums.get(day - back, 0.0)
            count += self._counts.get(day - back, 0)
        return total / count if count else math.nan

    def _patch(self, day: int) -> None:
        """Bring each kept rolling mean in step with a change on ``day``."""
        for window_days, (first, values) in list(self._rolling.items()):
            if self._first != first or self._last is None:
                del self._rolling[window_days]  # the series starts elsewhere now: build it again when asked
                continue
            last = first + len(values) - 1
            if self._last < last:
                del values[self._last - first + 1 :]
            for extra in range(last + 1, self._last + 1):
                values.append(self._window_mean(extra, window_days))
            for changed in range(max(day, first), min(day + window_days - 1, self._last) + 1):
                values[changed - first] = self._window_mean(changed, window_days)

    def rolling_mean(self, window_days: int = ROLLING_DAYS) -> tuple[int, list[float]]:
        """The mean of every score in the ``window_days`` days ending on each day, from the first day with
        a score to the last: (first day, one value per day). NaN where the window holds no score.

        Each score weighs the same, so a day with three scores counts three times.
        """
        kept = self._rolling.get(window_days)
        if kept is None:
            kept = self._compute(window_days)
            self._rolling[window_days] = kept
        return kept[0], list(kept[1])

    def _compute(self, window_days: int) -> tuple[int, list[float]]:
        if self._first is None or self._last is None:
            return 0, []
        first, last = self._first, self._last
        days = range(first, last + 1)
        sums_get, counts_get = self._sums.get, self._counts.get
        # Prefix sums of whole-number scores are exact, so each window is one subtraction.
        sums = [0.0, *itertools.accumulate([sums_get(day, 0.0) for day in days])]
        counts = [0, *itertools.accumulate([counts_get(day, 0) for day in days])]
        width = min(window_days, len(days))
        nan = math.nan
        # The first days' windows start before the first score: they reach back to the start only.
        values = [sums[end] / counts[end] if counts[end] else nan for end in range(1, width)]
        values += [
            (s1 - s0) / (c1 - c0) if c1 != c0 else nan
            for s1, s0, c1, c0 in zip(sums[width:], sums, counts[width:], counts, strict=False)
        ]
        return first, values


def rolling_mean(
    readings: Iterable[tuple[int, float]], window_days: int = ROLLING_DAYS
) -> tuple[int, list[float]]:
    """DailyScores(readings).rolling_mean(window_days): readings are (local day, score) pairs."""
    return DailyScores(readings).rolling_mean(window_days)


@dataclass(frozen=True, slots=True)
class Streak:
    """Days in a row with at least one session. ``current`` still counts when today has none yet: the day
    is not over."""

    current: int
    longest: int


def streak(days: Iterable[int], today: int) -> Streak:
    """The current and the longest run of consecutive days among ``days`` (local day numbers)."""
    present = set(days)
    end = today if today in present else today - 1
    current = 0
    while end - current in present:
        current += 1
    return Streak(current, longest_run(present))


def longest_run(present: Collection[int]) -> int:
    """The longest run of consecutive days among the distinct local day numbers ``present`` (a set, or the
    keys of a dict or Counter: anything that answers ``in`` at once)."""
    longest = 0
    for day in present:
        if day - 1 in present:
            continue  # not the start of a run
        length = 1
        while day + length in present:
            length += 1
        longest = max(longest, length)
    return longest


def weekly_furthest(readings: Iterable[tuple[int, int]]) -> dict[int, int]:
    """For each week, the furthest place down the leg the pain reached: readings are (day, place) pairs
    where the place counts from 0 (lower back) to 4 (foot)."""
    furthest: dict[int, int] = {}
    get = furthest.get
    for day, place in readings:
        week = (day + MONDAY_SHIFT) // WEEK_DAYS  # week_of, inlined: called for every diary entry
        if place > get(week, -1):
            furthest[week] = place
    return furthest


# ----------------------------------------------------------------------------------------------------
# The long-term trend of weekly mean pain


MIN_TREND_WEEKS = 4
"""Below this many weeks with a score the trend says there is not enough data yet."""


def weekly_means(readings: Iterable[tuple[int, float]]) -> dict[int, float]:
    """The mean score of each week (Monday to Sunday) that has one: readings are (local day, score)."""
    sums: dict[int, float] = {}
    counts: dict[int, int] = {}
    for day, score in readings:
        if math.isnan(score):
            continue
        week = week_of(day)
        sums[week] = sums.get(week, 0.0) + score
        counts[week] = counts.get(week, 0) + 1
    return {week: sums[week] / counts[week] for week in sorted(sums)}


class Direction(StrEnum):
    FALLING = "falling"
    RISING = "rising"
    FLAT = N_("no clear direction")
    TOO_FEW = N_("too few weeks to tell")


@dataclass(frozen=True, slots=True)
class PainTrend:
    """The straight line through the weekly mean pain: its slope in points a week, with a 95% interval."""

    weeks: int
    per_week: float | None = None
    low: float | None = None
    high: float | None = None

    @property
    def direction(self) -> Direction:
        if self.per_week is None or self.low is None or self.high is None:
            return Direction.TOO_FEW
        if self.high < 0:
            return Direction.FALLING
        if self.low > 0:
            return Direction.RISING
        return Direction.FLAT


def pain_trend(weekly: Mapping[int, float], minimum: int = MIN_TREND_WEEKS) -> PainTrend:
    """Least squares through (week, mean pain), with the t interval of the slope. Weeks without a score
    are left out, not counted as zero."""
    n = len(weekly)
    if n < max(minimum, 3):
        return PainTrend(n)
    xs = [float(week) for week in weekly]
    ys = list(weekly.values())
    mean_x, mean_y = math.fsum(xs) / n, math.fsum(ys) / n
    sxx = math.fsum((x - mean_x) ** 2 for x in xs)
    slope = math.fsum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / sxx
    residual = math.fsum((y - mean_y - slope * (x - mean_x)) ** 2 for x, y in zip(xs, ys, strict=True))
    half = t_critical(n - 2) * math.sqrt(residual / (n - 2) / sxx)
    return PainTrend(n, slope, slope - half, slope + half)
