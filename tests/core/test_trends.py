"""The chart columns stay right as sessions and diary entries are added, edited and deleted one at a time."""

from __future__ import annotations

import math
from datetime import date, datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sciatica_timer.core import statistics as stats
from sciatica_timer.core.diary import HistoryView, PainRegion
from sciatica_timer.core.record import SessionStatus
from sciatica_timer.core.trends import DiaryPoint, PainTrends, SessionPoint

BERLIN = timezone(timedelta(hours=2))
MAY_1 = datetime(2024, 5, 1, 8, 0, tzinfo=BERLIN).timestamp()
HOUR = 3600.0
DAY = 86400.0
DONE = SessionStatus.COMPLETED


def session(
    session_id: int,
    at: float,
    before: int | None = 6,
    after: int | None = 4,
    routine: str = "desk",
    *,
    status: SessionStatus = DONE,
    followup: int | None = None,
    followup_s: float | None = None,
) -> SessionPoint:
    return SessionPoint.make(
        session_id,
        at,
        120,
        routine,
        status,
        before=before,
        after=after,
        followup=followup,
        followup_s=followup_s,
    )


def entry(entry_id: int, at: float, score: int, region: PainRegion | None = None) -> DiaryPoint:
    return DiaryPoint.make(entry_id, at, 120, score, region)


def plain(values: list[float]) -> list[float | None]:
    return [None if math.isnan(v) else v for v in values]


def snapshot(trends: PainTrends) -> dict[str, object]:
    """Everything the charts draw, with NaN made comparable."""
    return {
        "sessions": (
            list(trends.sessions.ids),
            list(trends.sessions.x),
            plain(trends.sessions.before),
            plain(trends.sessions.after),
        ),
        "followups": (list(trends.followups.ids), list(trends.followups.x), list(trends.followups.score)),
        "diary": (list(trends.diary.ids), list(trends.diary.x), list(trends.diary.score)),
        "reach": (list(trends.reach.ids), list(trends.reach.score)),
        "rolling": [plain(column) for column in trends.rolling_mean(120)],
        "weekly": trends.sessions_per_week(120),
        "days": trends.session_days(),
        "furthest": [plain(column) for column in trends.weekly_reach(120)],
    }


def view_of(sessions: list[SessionPoint], diary: list[DiaryPoint], names: dict[str, str]) -> HistoryView:
    """The columns load_for_history_view returns for these records (in time order)."""
    sessions, diary = sorted(sessions), sorted(diary)
    nan = math.nan
    return HistoryView(
        session_ids=[s.id for s in sessions],
        session_started_s=[s.started_s for s in sessions],
        session_pain_before=[nan if s.before is None else float(s.before) for s in sessions],
        session_pain_after=[nan if s.after is None else float(s.after) for s in sessions],
        session_status=[s.status for s in sessions],
        session_routine_ids=[s.routine_id for s in sessions],
        diary_ids=[d.id for d in diary],
        diary_at_s=[d.at_s for d in diary],
        diary_score=[float(d.score) for d in diary],
        diary_region=[d.region for d in diary],
        session_offset_min=[s.offset_min for s in sessions],
        session_followup_s=[nan if s.followup_s is None else s.followup_s for s in sessions],
        session_pain_followup=[nan if s.followup is None else float(s.followup) for s in sessions],
        diary_offset_min=[d.offset_min for d in diary],
        routine_names=names,
    )


def test_columns_are_in_time_order_with_gaps_for_missing_scores() -> None:
    trends = PainTrends(
        [session(2, MAY_1 + DAY), session(1, MAY_1, before=None), session(3, MAY_1 + 2 * DAY, after=None)],
        [entry(10, MAY_1 + 3 * HOUR, 5, PainRegion.CALF), entry(11, MAY_1 - DAY, 7)],
    )
    assert trends.sessions.ids == [1, 2, 3]
    assert plain(trends.sessions.before) == [None, 6.0, 6.0]
    assert plain(trends.sessions.after) == [4.0, 4.0, None]
    assert trends.diary.ids == [11, 10]
    assert trends.reach.ids == [10]
    assert trends.reach.score == [3.0]  # calf: lower back 0, buttock 1, thigh 2, calf 3, foot 4


def test_a_saved_session_is_one_insertion_in_place() -> None:
    trends = PainTrends([session(1, MAY_1), session(3, MAY_1 + 2 * DAY)])
    columns = trends.sessions
    trends.upsert_session(session(2, MAY_1 + DAY, before=8, after=3))
    assert trends.sessions is columns, "the same columns, changed in place"
    assert trends.sessions.ids == [1, 2, 3]
    assert trends.sessions.before == [6.0, 8.0, 6.0]
    assert trends.sessions.after == [4.0, 3.0, 4.0]


def test_an_edited_score_replaces_the_old_one() -> None:
    trends = PainTrends([session(1, MAY_1), session(2, MAY_1 + DAY)])
    trends.upsert_session(session(1, MAY_1, before=9, after=None))
    assert trends.sessions.ids == [1, 2]
    assert plain(trends.sessions.before) == [9.0, 6.0]
    assert plain(trends.sessions.after) == [None, 4.0]
    _, values = trends.daily.rolling_mean(1)
    assert values[0] == 9.0, "the daily scores follow the edit"


def test_a_deleted_session_leaves_the_chart_and_comes_back_on_undo() -> None:
    original = session(2, MAY_1 + DAY, followup=2, followup_s=MAY_1 + 2 * DAY)
    trends = PainTrends([session(1, MAY_1), original])
    before = snapshot(trends)
    removed = trends.remove_session(2)
    assert removed == original
    assert trends.sessions.ids == [1]
    assert trends.followups.ids == []
    assert trends.remove_session(2) is None
    trends.upsert_session(removed)
    assert snapshot(trends) == before


def test_follow_ups_sit_at_the_time_they_were_given() -> None:
    trends = PainTrends(
        [
            session(1, MAY_1, followup=3, followup_s=MAY_1 + 3 * DAY),
            session(2, MAY_1 + DAY, followup=5),  # time unknown: drawn with its session
        ]
    )
    assert trends.followups.ids == [2, 1]
    assert trends.followups.x == [MAY_1 + DAY, MAY_1 + 3 * DAY]
    assert trends.followups.score == [5.0, 3.0]


def test_the_routine_filter_keeps_the_diary() -> None:
    trends = PainTrends(
        [session(1, MAY_1, routine="desk"), session(2, MAY_1 + DAY, routine="feet")],
        [entry(5, MAY_1, 4)],
        routine_names={"desk": "Quick desk routine", "feet": "Evening feet"},
    )
    trends.set_routine("feet")
    assert trends.sessions.ids == [2]
    assert trends.diary.ids == [5]
    assert trends.routines() == [("feet", "Evening feet"), ("desk", "Quick desk routine")]
    trends.upsert_session(session(3, MAY_1 + 2 * DAY, routine="desk"))
    assert trends.sessions.ids == [2], "a session of another routine is kept but not shown"
    assert trends.session(3) is not None
    trends.set_routine(None)
    assert trends.sessions.ids == [1, 2, 3]


def test_from_view_equals_building_from_records() -> None:
    sessions = [
        session(1, MAY_1, followup=2, followup_s=MAY_1 + DAY),
        session(2, MAY_1 + DAY, before=None, routine="feet"),
        session(3, MAY_1 + 9 * DAY, status=SessionStatus.IN_PROGRESS, after=None),
    ]
    diary = [entry(1, MAY_1 + HOUR, 5, PainRegion.THIGH), entry(2, MAY_1 + 20 * DAY, 2, PainRegion.BUTTOCK)]
    names = {"desk": "Desk", "feet": "Feet"}
    assert snapshot(PainTrends.from_view(view_of(sessions, diary, names))) == snapshot(
        PainTrends(sessions, diary, names)
    )
    loaded = PainTrends.from_view(view_of(sessions, diary, names))
    assert loaded.session(1) == sessions[0]
    assert loaded.diary_point(2) == diary[1]
    assert loaded.session(99) is None


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.floats(-3e9, 4e9, allow_nan=False),  # 1875 to 2096, to the fraction of a second
            st.integers(-14 * 60, 14 * 60),  # any UTC offset
        ),
        min_size=1,
        max_size=20,
    )
)
def test_a_loaded_history_puts_each_record_on_its_local_day(moments: list[tuple[float, int]]) -> None:
    """The days worked out for a whole loaded column are the days of each record on its own, before 1970
    and at midnight too."""
    sessions = [
        SessionPoint.make(n, at, offset, "desk", DONE, before=5, followup=3, followup_s=at + 0.5 * DAY)
        for n, (at, offset) in enumerate(moments, 1)
    ]
    diary = [DiaryPoint.make(n, at, offset, 4, None) for n, (at, offset) in enumerate(moments, 1)]
    loaded = PainTrends.from_view(view_of(sessions, diary, {}))
    built = PainTrends(sessions, diary)
    assert loaded.sessions.day == built.sessions.day
    assert loaded.sessions.followup_day == built.sessions.followup_day
    assert loaded.diary.day == built.diary.day
    assert sorted(loaded.diary.day) == sorted(stats.local_day(at, offset) for at, offset in moments)


def test_a_session_in_progress_is_drawn_but_not_counted_as_done() -> None:
    trends = PainTrends([session(1, MAY_1, status=SessionStatus.IN_PROGRESS), session(2, MAY_1 + DAY)])
    assert trends.sessions.ids == [1, 2]
    assert len(trends.session_days()) == 1


def test_period_figures() -> None:
    first = stats.local_day(MAY_1, 120)
    sessions = [session(n, MAY_1 + n * DAY, before=6 + n % 2, after=4) for n in range(6)]
    sessions.append(session(99, MAY_1 + 40 * DAY, before=1, after=1))  # outside the period
    trends = PainTrends(sessions, [entry(1, MAY_1, 5), entry(2, MAY_1 + DAY, 7)])
    period = trends.period(first, first + 13)
    assert period.sessions == 6
    assert period.days == 14
    assert period.per_week == pytest.approx(3.0)
    assert period.mean_before == pytest.approx(6.5)
    assert period.mean_after == 4.0
    assert period.change.mean == pytest.approx(-2.5)
    assert period.diary_scores == 2
    assert period.diary_mean == 6.0
    changes = trends.session_changes(first, first + 13, {0: frozenset({"BL23"})})
    assert len(changes) == 6
    assert changes[0].points == frozenset({"BL23"})


def test_before_and_after_means_use_only_sessions_with_both_scores() -> None:
    first = stats.local_day(MAY_1, 120)
    sessions = [
        session(1, MAY_1, before=8, after=5),
        session(2, MAY_1 + DAY, before=6, after=4),
        session(3, MAY_1 + 2 * DAY, before=7, after=4),
        session(4, MAY_1 + 3 * DAY, before=5, after=4),
        session(5, MAY_1 + 4 * DAY, before=4, after=3),
        session(6, MAY_1 + 5 * DAY, before=10, after=None),  # no answer after: left out of both means
        session(7, MAY_1 + 6 * DAY, before=None, after=0),  # no answer before: left out of both means
    ]
    period = PainTrends(sessions, []).period(first, first + 13)
    assert period.sessions == 7
    assert period.paired == 5
    # Paired only: before 30 / 5 = 6.0, after 20 / 5 = 4.0; the change is exactly their difference.
    assert period.mean_before == 6.0
    assert period.mean_after == 4.0
    assert period.change.mean == -2.0
    assert period.change.mean_before == 6.0
    assert period.mean_after - period.mean_before == period.change.mean
    trends = PainTrends(
        [*sessions, session(8, MAY_1 + 7 * DAY, before=1, after=0, status=SessionStatus.IN_PROGRESS)]
    )
    for days in [(first, first + 13), (first, first + 2), (first + 3, first + 13), (first + 5, first + 6)]:
        assert trends.mean_before(*days) == trends.period(*days).mean_before, "the chart's words say the same"
    assert trends.mean_before(first + 5, first + 6) is None  # no session there with both scores


def test_weekly_counts_streak_and_reach() -> None:
    monday = datetime(2024, 5, 6, 8, 0, tzinfo=BERLIN).timestamp()
    trends = PainTrends(
        [session(n, monday + n * DAY) for n in range(9)],
        [entry(1, monday, 5, PainRegion.FOOT), entry(2, monday + 8 * DAY, 3, PainRegion.BUTTOCK)],
    )
    x, counts = trends.sessions_per_week(120)
    assert counts == [7.0, 2.0]
    thursday = datetime.fromtimestamp(x[0], BERLIN)
    assert (thursday.date(), thursday.hour) == (date(2024, 5, 9), 12)
    today = stats.date_day(date(2024, 5, 14))
    assert trends.streak(today) == stats.Streak(9, 9)
    assert trends.weekly_reach(120)[1] == [4.0, 1.0]


def test_the_reach_line_breaks_across_a_long_gap() -> None:
    trends = PainTrends(
        [], [entry(1, MAY_1, 5, PainRegion.CALF), entry(2, MAY_1 + 70 * DAY, 3, PainRegion.THIGH)]
    )
    assert plain(trends.weekly_reach(120)[1]) == [3.0, None, 2.0]


# ----------------------------------------------------------------------------------------------------
# Any sequence of changes ends where building afresh from the same records ends.

_operations = st.lists(
    st.one_of(
        st.tuples(
            st.just("session"),
            st.integers(1, 8),
            st.integers(0, 40),
            st.one_of(st.none(), st.integers(0, 10)),
            st.one_of(st.none(), st.integers(0, 10)),
            st.one_of(st.none(), st.integers(0, 10)),
            st.sampled_from(["desk", "feet"]),
        ),
        st.tuples(
            st.just("diary"), st.integers(1, 8), st.integers(0, 40), st.integers(0, 10), st.integers(-1, 4)
        ),
        st.tuples(st.just("drop-session"), st.integers(1, 8)),
        st.tuples(st.just("drop-diary"), st.integers(1, 8)),
    ),
    max_size=30,
)


@settings(max_examples=150, deadline=None)
@given(_operations, st.sampled_from([None, "desk"]))
def test_changes_one_at_a_time_match_a_fresh_build(
    operations: list[tuple[Any, ...]], routine: str | None
) -> None:
    trends = PainTrends(routine=routine)
    sessions: dict[int, SessionPoint] = {}
    diary: dict[int, DiaryPoint] = {}
    for op in operations:
        if op[0] == "session":
            _, sid, half_days, before, after, followup, name = op
            point = session(sid, MAY_1 + half_days * 12 * HOUR, before, after, name, followup=followup)
            trends.upsert_session(point)
            sessions[point.id] = point
        elif op[0] == "diary":
            _, eid, half_days, score, place = op
            region = None if place == -1 else tuple(PainRegion)[place]
            diary_point = entry(eid, MAY_1 + half_days * 12 * HOUR, score, region)
            trends.upsert_diary(diary_point)
            diary[diary_point.id] = diary_point
        elif op[0] == "drop-session":
            assert trends.remove_session(op[1]) == sessions.pop(op[1], None)
        else:
            assert trends.remove_diary(op[1]) == diary.pop(op[1], None)
        # Asked between changes, so the kept rolling mean and streak are patched rather than rebuilt.
        trends.rolling_mean(120)
        trends.streak(stats.local_day(MAY_1, 120) + 20)
    fresh = PainTrends(sessions.values(), diary.values(), routine=routine)
    assert snapshot(trends) == snapshot(fresh)
    today = stats.local_day(MAY_1, 120) + 20
    assert trends.streak(today) == fresh.streak(today)


@settings(max_examples=150, deadline=None)
@given(_operations, st.integers(0, 22))
def test_the_kept_streak_follows_every_change(operations: list[tuple[Any, ...]], day: int) -> None:
    """The current streak is kept in step as sessions come and go (today's one added to a long run,
    the day before a run filled in, a day inside it deleted): after each change, as a fresh build says."""
    today = stats.local_day(MAY_1, 120) + day
    trends = PainTrends()
    sessions: dict[int, SessionPoint] = {}
    for op in operations:
        if op[0] == "session":
            _, sid, half_days, before, after, followup, name = op
            point = session(sid, MAY_1 + half_days * 12 * HOUR, before, after, name, followup=followup)
            trends.upsert_session(point)
            sessions[point.id] = point
        elif op[0] == "drop-session":
            trends.remove_session(op[1])
            sessions.pop(op[1], None)
        else:
            continue
        assert trends.streak(today) == PainTrends(sessions.values()).streak(today)
