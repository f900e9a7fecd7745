"""The history's statistics against values worked out by hand and against published t tables."""

from __future__ import annotations

import math
from collections import Counter
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sciatica_timer.core import statistics as stats
from sciatica_timer.core.statistics import (
    ChangeEstimate,
    DailyScores,
    Direction,
    HelpKind,
    Reading,
    SessionChange,
    Streak,
    local_day,
    longest_run,
    mean_change,
    pain_trend,
    paired_change,
    read_change,
    rolling_mean,
    streak,
    t_cdf,
    t_critical,
    week_monday,
    week_of,
    weekly_furthest,
    weekly_means,
    what_helps,
)

BERLIN_WINTER = timezone(timedelta(hours=1))
BERLIN_SUMMER = timezone(timedelta(hours=2))
NEW_YORK_SUMMER = timezone(timedelta(hours=-4))


def day_of(moment: datetime) -> date:
    offset = moment.utcoffset()
    assert offset is not None
    return stats.day_date(local_day(moment.timestamp(), round(offset.total_seconds() / 60)))


# ----------------------------------------------------------------------------------------------------
# Student's t


@pytest.mark.parametrize(
    ("df", "table"),
    # Two-sided 95% critical values as printed in the usual t tables (three decimals).
    [(1, 12.706), (2, 4.303), (3, 3.182), (4, 2.776), (5, 2.571), (9, 2.262), (10, 2.228), (29, 2.045),
     (60, 2.000), (120, 1.980)],
)  # fmt: skip
def test_critical_values_match_the_printed_table(df: int, table: float) -> None:
    assert round(t_critical(df), 3) == table


def test_other_confidence_levels_and_the_normal_limit() -> None:
    assert round(t_critical(10, 0.90), 3) == 1.812
    assert round(t_critical(10, 0.99), 3) == 3.169
    assert round(t_critical(1_000_000), 3) == 1.960  # Student's t tends to the normal


def test_the_cdf_is_symmetric_and_centred() -> None:
    assert t_cdf(0.0, 7) == pytest.approx(0.5)
    assert t_cdf(2.776445, 4) == pytest.approx(0.975, abs=1e-6)
    assert t_cdf(-1.3, 5) == pytest.approx(1 - t_cdf(1.3, 5))
    # df 1 is the Cauchy distribution: P(T <= 1) = 3/4 exactly.
    assert t_cdf(1.0, 1) == pytest.approx(0.75)


def test_regularized_beta_special_cases() -> None:
    assert stats.regularized_beta(1.0, 1.0, 0.3) == pytest.approx(0.3)  # the uniform distribution
    assert stats.regularized_beta(3.0, 1.0, 0.5) == pytest.approx(0.125)  # x ** a
    assert stats.regularized_beta(2.5, 2.5, 0.5) == pytest.approx(0.5)  # symmetric
    with pytest.raises(ValueError, match="between 0 and 1"):
        stats.regularized_beta(1.0, 1.0, 1.5)


def test_bad_arguments_are_refused() -> None:
    with pytest.raises(ValueError, match="degrees of freedom"):
        t_cdf(1.0, 0)
    with pytest.raises(ValueError, match="confidence"):
        t_critical(5, 1.0)


# ----------------------------------------------------------------------------------------------------
# Mean change with its confidence interval, and the minimum-data rule


def test_mean_change_worked_by_hand() -> None:
    # Changes -3 -2 -1 -2 -2: mean -2; squared deviations 1 0 1 0 0 -> variance 2/4 = 0.5;
    # standard error sqrt(0.5 / 5) = 0.316228; t(4) = 2.776445; half-width 0.877989.
    estimate = mean_change([-3, -2, -1, -2, -2])
    assert estimate.sessions == 5
    assert estimate.enough
    assert estimate.mean == -2.0
    assert estimate.low == pytest.approx(-2.877989, abs=1e-6)
    assert estimate.high == pytest.approx(-1.122011, abs=1e-6)


def test_an_interval_around_no_change() -> None:
    # 1 -1 0 2 -2 0: mean 0, variance 10/5 = 2, standard error sqrt(2/6) = 0.577350, t(5) = 2.570582;
    # half-width 1.484126.
    estimate = mean_change([1, -1, 0, 2, -2, 0])
    assert estimate.mean == 0.0
    assert estimate.low == pytest.approx(-1.484126, abs=1e-6)
    assert estimate.high == pytest.approx(1.484126, abs=1e-6)


def test_below_the_minimum_there_is_no_number() -> None:
    assert mean_change([-3, -2, -1, -2]) == ChangeEstimate(sessions=4, minimum=5)
    assert not mean_change([-3, -2, -1, -2]).enough
    assert mean_change([]).sessions == 0
    assert mean_change([-1, -2, -3], minimum=3).enough
    with pytest.raises(ValueError, match="at least 2"):
        mean_change([1, 2, 3], minimum=1)


def test_identical_changes_give_an_interval_of_no_width() -> None:
    estimate = mean_change([-2] * 6)
    assert (estimate.low, estimate.mean, estimate.high) == (-2.0, -2.0, -2.0)


@given(st.lists(st.integers(-10, 10), min_size=5, max_size=60))
def test_the_interval_always_holds_the_mean(changes: list[int]) -> None:
    estimate = mean_change(changes)
    assert estimate.low is not None
    assert estimate.mean is not None
    assert estimate.high is not None
    assert estimate.low <= estimate.mean <= estimate.high
    assert estimate.mean == pytest.approx(sum(changes) / len(changes))


def test_what_helps_per_routine_and_per_point() -> None:
    desk = [SessionChange("desk", 6, 4, frozenset({"BL23", "GB30"}))] * 4
    desk.append(SessionChange("desk", 5, 4, frozenset({"BL23"})))
    feet = [SessionChange("feet", 5, 5, frozenset({"KD1"}))] * 3
    rows = what_helps(desk + feet)
    assert [(row.kind, row.key, row.estimate.sessions, row.points) for row in rows] == [
        (HelpKind.ROUTINE, "desk", 5, ("BL23",)),  # BL23 is in every desk session and no other
        (HelpKind.ROUTINE, "feet", 3, ("KD1",)),  # not enough data: after the rows with a number
        (HelpKind.POINT, "GB30", 4, ()),  # 4 of the 5 desk sessions: told apart from the routine
    ]
    desk_row, feet_row = rows[0], rows[1]
    assert desk_row.estimate.mean == pytest.approx(-1.8)  # (-2 * 4 - 1) / 5
    assert desk_row.estimate.mean_before == pytest.approx(5.8)  # (6 * 4 + 5) / 5
    assert not feet_row.estimate.enough


def test_points_only_ever_done_in_one_routine_are_named_with_it() -> None:
    # BL40 and BL57 come only in "full"; BL23 and BL25 always together, in "full" and in "desk": their
    # sessions are no routine's, so they get one row between them; GB30 only in some desk sessions.
    full = [SessionChange("full", 6, 3, frozenset({"BL40", "BL57", "BL23", "BL25"}))] * 5
    desk = [SessionChange("desk", 5, 4, frozenset({"BL23", "BL25", "GB30"}))] * 3
    desk += [SessionChange("desk", 5, 5, frozenset({"BL23", "BL25"}))] * 2
    rows = what_helps(full + desk)
    by_key = {row.key: row for row in rows}
    assert by_key["full"].points == ("BL40", "BL57")
    assert by_key["desk"].points == ()
    assert "BL40" not in by_key, "no row of numbers copied from the routine"
    assert "BL57" not in by_key
    assert by_key["BL23"].kind is HelpKind.POINT
    assert by_key["BL23"].points == ("BL23", "BL25")
    assert by_key["BL23"].estimate.sessions == 10
    assert "BL25" not in by_key
    assert by_key["GB30"].estimate.sessions == 3
    assert by_key["GB30"].points == ()


def test_paired_change_keeps_the_mean_before() -> None:
    # Pairs (8, 5) (6, 4) (7, 4) (5, 4) (4, 3): changes -3 -2 -3 -1 -1, mean -2; before mean 30/5 = 6.
    estimate = paired_change([(8, 5), (6, 4), (7, 4), (5, 4), (4, 3)])
    assert estimate.sessions == 5
    assert estimate.mean == -2.0
    assert estimate.mean_before == 6.0
    # Squared deviations 1 0 1 1 1 = 4, variance 1, standard error sqrt(1/5) = 0.447214; t(4) 2.776445:
    # half-width 1.241664.
    assert estimate.low == pytest.approx(-3.241664, abs=1e-6)
    assert estimate.high == pytest.approx(-0.758336, abs=1e-6)
    assert read_change(estimate) is Reading.CLEAR_RELIEF  # a fall of 2 points


def test_the_readings_against_the_noticeable_thresholds() -> None:
    # A fall of 1.0 from a mean of 3.0 is 33 %: clear relief though under 2 points.
    relative = ChangeEstimate(5, 5, mean=-1.0, low=-1.4, high=-0.6, mean_before=3.0)
    assert read_change(relative) is Reading.CLEAR_RELIEF
    # A fall of 1.0 from 6.0 is 17 % and under 2 points: real but small.
    small = ChangeEstimate(5, 5, mean=-1.0, low=-1.4, high=-0.6, mean_before=6.0)
    assert read_change(small) is Reading.SMALL_CHANGE
    # A fall of 2.5 whose interval reaches past no change: not clear.
    unsure = ChangeEstimate(5, 5, mean=-2.5, low=-5.0, high=0.1, mean_before=6.0)
    assert read_change(unsure) is Reading.NO_CLEAR_CHANGE
    worse = ChangeEstimate(5, 5, mean=1.0, low=0.2, high=1.8, mean_before=4.0)
    assert read_change(worse) is Reading.WORSE
    assert read_change(ChangeEstimate(4, 5)) is Reading.TOO_FEW
    # Exactly on the thresholds counts as noticed: 2 points, or 30 % of 5 = 1.5.
    assert read_change(ChangeEstimate(5, 5, -2.0, -2.5, -1.5, 9.0)) is Reading.CLEAR_RELIEF
    assert read_change(ChangeEstimate(5, 5, -1.5, -2.0, -1.0, 5.0)) is Reading.CLEAR_RELIEF


def test_weekly_means_and_the_trend_worked_by_hand() -> None:
    monday = week_monday(2900)
    readings = [(monday, 8.0), (monday + 1, 6.0), (monday + 7, 6.0), (monday + 14, 5.0), (monday + 21, 3.0)]
    weekly = weekly_means(readings)
    assert list(weekly.values()) == [7.0, 6.0, 5.0, 3.0]
    # x = 0 1 2 3 (shifted), y = 7 6 5 3: mean x 1.5, mean y 5.25; Sxx 5; Sxy -6.5: slope -1.3.
    # Residuals 7-(5.25+1.95)=-0.2, 6-5.9=0.1, 5-4.6=0.4, 3-3.3=-0.3: SSR 0.30; s^2 0.15; se sqrt(0.15/5)
    # = 0.173205; t(2) 4.302653: half-width 0.745241.
    trend = pain_trend(weekly)
    assert trend.weeks == 4
    assert trend.per_week == pytest.approx(-1.3)
    assert trend.low == pytest.approx(-2.045241, abs=1e-6)
    assert trend.high == pytest.approx(-0.554759, abs=1e-6)
    assert trend.direction is Direction.FALLING
    assert pain_trend({1: 5.0, 2: 4.0, 3: 5.0}).direction is Direction.TOO_FEW
    assert pain_trend({1: 5.0, 2: 4.0, 3: 5.0, 4: 4.0}).direction is Direction.FLAT


def test_what_helps_puts_the_most_helpful_first() -> None:
    sessions = (
        [SessionChange("a", 5, 4)] * 5 + [SessionChange("b", 6, 3)] * 5 + [SessionChange("c", 4, 5)] * 5
    )
    assert [row.key for row in what_helps(sessions)] == ["b", "a", "c"]


# ----------------------------------------------------------------------------------------------------
# Days, weeks, time zones and daylight saving


def test_a_late_evening_counts_on_its_own_local_day() -> None:
    # 23:30 in New York is 03:30 the next morning in UTC; it is still the evening of 1 May there.
    late = datetime(2024, 5, 1, 23, 30, tzinfo=NEW_YORK_SUMMER)
    assert late.astimezone(UTC).date() == date(2024, 5, 2)
    assert day_of(late) == date(2024, 5, 1)
    # 00:30 in Berlin is 22:30 the evening before in UTC; it is already 2 May there.
    early = datetime(2024, 5, 2, 0, 30, tzinfo=BERLIN_SUMMER)
    assert early.astimezone(UTC).date() == date(2024, 5, 1)
    assert day_of(early) == date(2024, 5, 2)


def test_the_long_day_when_clocks_go_back() -> None:
    # 27 October 2024 in Berlin lasted 25 hours: 00:30 and 23:30 are 24 hours apart, yet the same day.
    first = datetime(2024, 10, 27, 0, 30, tzinfo=BERLIN_SUMMER)
    last = datetime(2024, 10, 27, 23, 30, tzinfo=BERLIN_WINTER)
    assert last - first == timedelta(hours=24)
    assert day_of(first) == day_of(last) == date(2024, 10, 27)


def test_the_short_day_when_clocks_go_forward() -> None:
    # 31 March 2024 lasted 23 hours: 00:30 that day and 00:30 the next are 23 hours apart, two days.
    first = datetime(2024, 3, 31, 0, 30, tzinfo=BERLIN_WINTER)
    second = datetime(2024, 4, 1, 0, 30, tzinfo=BERLIN_SUMMER)
    assert second - first == timedelta(hours=23)
    assert (day_of(first), day_of(second)) == (date(2024, 3, 31), date(2024, 4, 1))


def test_a_streak_of_daily_sessions_survives_daylight_saving() -> None:
    # Every evening at 23:30 local time, 25 March to 5 April 2024, across the change to summer time.
    sessions = []
    for n in range(12):
        day = date(2024, 3, 25) + timedelta(days=n)
        zone = BERLIN_WINTER if day < date(2024, 3, 31) else BERLIN_SUMMER
        sessions.append(datetime(day.year, day.month, day.day, 23, 30, tzinfo=zone))
    offsets = [round(s.utcoffset().total_seconds() / 60) for s in sessions]  # type: ignore[union-attr]
    days = [local_day(s.timestamp(), offset) for s, offset in zip(sessions, offsets, strict=True)]
    assert [stats.day_date(d).day for d in days] == [25, 26, 27, 28, 29, 30, 31, 1, 2, 3, 4, 5]
    assert streak(days, stats.date_day(date(2024, 4, 5))) == Streak(current=12, longest=12)
    # Read with today's summer offset instead, the winter evenings would slip past midnight and two
    # sessions would land on 31 March: that is why each moment keeps the offset it was recorded with.
    assert len({local_day(s.timestamp(), 120) for s in sessions}) == 11


def test_weeks_run_from_monday_in_local_time() -> None:
    sunday_night = datetime(2024, 5, 5, 23, 30, tzinfo=NEW_YORK_SUMMER)  # Monday 03:30 in UTC
    monday = datetime(2024, 5, 6, 8, 0, tzinfo=NEW_YORK_SUMMER)
    offset = -240
    assert week_of(local_day(sunday_night.timestamp(), offset)) + 1 == week_of(
        local_day(monday.timestamp(), offset)
    )
    assert stats.day_date(stats.week_monday(week_of(stats.date_day(date(2024, 5, 5))))) == date(2024, 4, 29)


@given(st.dates(min_value=date(1971, 1, 1), max_value=date(2100, 1, 1)))
def test_every_week_starts_on_a_monday(when: date) -> None:
    monday = stats.day_date(stats.week_monday(week_of(stats.date_day(when))))
    assert monday.weekday() == 0
    assert 0 <= (when - monday).days < 7


def test_day_numbers_and_noon() -> None:
    assert stats.date_day(date(1970, 1, 1)) == 0
    assert stats.day_date(stats.date_day(date(2024, 2, 29))) == date(2024, 2, 29)
    noon = stats.day_noon_s(stats.date_day(date(2024, 5, 1)), 120)
    assert datetime.fromtimestamp(noon, BERLIN_SUMMER) == datetime(2024, 5, 1, 12, 0, tzinfo=BERLIN_SUMMER)


# ----------------------------------------------------------------------------------------------------
# Rolling mean, streaks, reach


def test_rolling_mean_worked_by_hand() -> None:
    # Day 0: 4 and 6; day 2: 8; day 9: 2. Each day's mean covers it and the six days before.
    first, values = rolling_mean([(0, 4.0), (0, 6.0), (2, 8.0), (9, 2.0)])
    assert first == 0
    assert values == [5.0, 5.0, 6.0, 6.0, 6.0, 6.0, 6.0, 8.0, 8.0, 2.0]


def test_rolling_mean_leaves_a_gap_where_a_week_has_no_score() -> None:
    first, values = rolling_mean([(100, 5.0), (110, 3.0)])
    assert first == 100
    assert values[:7] == [5.0] * 7
    assert all(math.isnan(v) for v in values[7:10])
    assert values[10] == 3.0


def test_daily_scores_follow_removals() -> None:
    daily = DailyScores([(3, 4.0), (3, 8.0), (5, 1.0)])
    assert len(daily) == 3
    daily.remove(3, 8.0)
    first, values = daily.rolling_mean(1)
    assert (first, values[0], values[2]) == (3, 4.0, 1.0)
    assert math.isnan(values[1])
    daily.remove(3, 4.0)
    assert daily.days == (5, 5)
    with pytest.raises(KeyError):
        daily.remove(3, 4.0)
    daily.remove(5, 1.0)
    assert daily.rolling_mean() == (0, [])


def test_bulk_daily_scores_equal_one_by_one() -> None:
    days, scores = [5, 1, 5, 9], [2.0, 3.0, 4.0, 7.0]
    assert DailyScores.bulk(days, scores).rolling_mean(3) == DailyScores(
        zip(days, scores, strict=True)
    ).rolling_mean(3)


def test_streaks() -> None:
    today = 1000
    assert streak([], today) == Streak(0, 0)
    assert streak([998, 999, 1000], today) == Streak(3, 3)
    assert streak([998, 999], today) == Streak(2, 2), "today is not over: yesterday's streak still holds"
    assert streak([997, 998], today) == Streak(0, 2), "a whole day without a session ends it"
    assert streak([990, 991, 992, 993, 999, 1000, 1000], today) == Streak(2, 4)


def test_the_longest_run_counts_each_day_once_from_a_counter_of_sessions() -> None:
    """As the history keeps them: sessions per day. Ten years of daily sessions with one day missed."""
    days = Counter({day: 2 if day % 7 == 0 else 1 for day in range(20_000, 23_650) if day != 21_000})
    assert longest_run(days) == 23_650 - 21_001
    assert longest_run(Counter()) == 0
    assert streak(days, 23_650) == Streak(23_650 - 21_001, 23_650 - 21_001)


def test_weekly_furthest_place_down_the_leg() -> None:
    monday = stats.date_day(date(2024, 5, 6))
    readings = [(monday, 1), (monday + 2, 4), (monday + 6, 2), (monday + 7, 0)]
    assert weekly_furthest(readings) == {week_of(monday): 4, week_of(monday) + 1: 0}


def test_mean_or_none() -> None:
    assert stats.mean_or_none([]) is None
    assert stats.mean_or_none([math.nan, None]) is None
    assert stats.mean_or_none([1.0, None, 2.0, math.nan]) == 1.5


def test_the_t_density() -> None:
    assert stats.t_pdf(0.0, 1) == pytest.approx(1 / math.pi)  # the Cauchy density at 0
    assert stats.t_pdf(1.5, 8) == pytest.approx(stats.t_pdf(-1.5, 8))


def _naive_rolling(pairs: list[tuple[int, float]], window: int) -> tuple[int, list[float]]:
    if not pairs:
        return 0, []
    first = min(day for day, _ in pairs)
    last = max(day for day, _ in pairs)
    values = []
    for day in range(first, last + 1):
        inside = [score for d, score in pairs if day - window < d <= day]
        values.append(sum(inside) / len(inside) if inside else math.nan)
    return first, values


def _same(a: tuple[int, list[float]], b: tuple[int, list[float]]) -> bool:
    return (
        a[0] == b[0]
        and len(a[1]) == len(b[1])
        and all(
            (math.isnan(x) and math.isnan(y)) or x == pytest.approx(y)
            for x, y in zip(a[1], b[1], strict=True)
        )
    )


@given(
    st.lists(
        st.tuples(st.booleans(), st.integers(0, 30), st.integers(0, 10)),
        max_size=40,
    ),
    st.sampled_from([1, 3, 7]),
)
def test_a_kept_rolling_mean_is_patched_right(changes: list[tuple[bool, int, int]], window: int) -> None:
    """Scores added and removed one by one, the rolling mean asked for between changes (so it is kept and
    patched), always equals the mean worked out from scratch."""
    daily = DailyScores()
    present: list[tuple[int, float]] = []
    for add, day, score in changes:
        if add or not present:
            daily.add(day, float(score))
            present.append((day, float(score)))
        else:
            gone = present.pop(score % len(present))
            daily.remove(*gone)
        assert _same(daily.rolling_mean(window), _naive_rolling(present, window))
