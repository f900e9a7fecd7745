"""The pain history as the charts draw it: sessions and diary entries kept in time order, with the daily
scores, weekly counts and streaks behind them, updated one record at a time as the history changes.

Pure Python: the history view turns these columns into arrays for pyqtgraph; the report reads them too.
"""

from __future__ import annotations

import bisect
import math
import operator
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from itertools import compress, repeat
from typing import Any, NamedTuple

from sciatica_timer.core import statistics as stats
from sciatica_timer.core.diary import DiaryEntry, HistoryView, PainRegion, SessionSummary
from sciatica_timer.core.record import SessionStatus

NAN = math.nan
REGIONS = tuple(PainRegion)  # index 0 is the lower back, 4 the foot
_REGION_PLACE = {region: place for place, region in enumerate(REGIONS)}
_REGION_SCORE: dict[PainRegion | None, float] = {
    region: float(place) for region, place in _REGION_PLACE.items()
}
_GAP_WEEKS = 4  # weeks without a score after which the reach line breaks instead of bridging the gap


def _offset_min(moment: datetime) -> int:
    offset = moment.utcoffset()
    return 0 if offset is None else round(offset.total_seconds() / 60)


def _day(epoch_s: float, offset_min: int) -> int:
    return int((epoch_s + offset_min * 60) // stats.DAY_S)  # stats.local_day, inlined for bulk loads


def _days(epoch_s: list[float], offsets_min: list[int]) -> list[int]:
    """_day of each moment, for a whole column. The local seconds are floored first and then divided as
    whole numbers, which gives the same day a third faster than a division of floats."""
    floor, day = math.floor, stats.DAY_S
    return [floor(x + o * 60) // day for x, o in zip(epoch_s, offsets_min, strict=True)]


class SessionPoint(NamedTuple):
    """One session as the charts see it. Scores are None when not given.

    Built with ``SessionPoint.make``, which works out ``day``. A tuple whose first fields are the time and
    the id, so sorting points sorts them in time order.
    """

    started_s: float
    id: int
    offset_min: int
    routine_id: str
    status: SessionStatus
    before: int | None
    after: int | None
    followup: int | None
    followup_s: float | None  # when the follow-up score was given; None: with the session
    day: int  # the local day it started on
    followup_day: int

    @classmethod
    def make(
        cls,
        id: int,  # noqa: A002 - the store's name for it
        started_s: float,
        offset_min: int,
        routine_id: str,
        status: SessionStatus,
        *,
        before: int | None = None,
        after: int | None = None,
        followup: int | None = None,
        followup_s: float | None = None,
    ) -> SessionPoint:
        followup_at = started_s if followup_s is None else followup_s
        return cls(
            started_s,
            id,
            offset_min,
            routine_id,
            status,
            before,
            after,
            followup,
            followup_s,
            _day(started_s, offset_min),
            _day(followup_at, offset_min),
        )

    @classmethod
    def from_summary(cls, summary: SessionSummary) -> SessionPoint:
        return cls.make(
            summary.id,
            summary.started.timestamp(),
            _offset_min(summary.started),
            summary.routine_id,
            summary.status,
            before=summary.pain_before,
            after=summary.pain_after,
            followup=summary.followup_pain,
            followup_s=None if summary.followup_at is None else summary.followup_at.timestamp(),
        )

    @property
    def done(self) -> bool:
        """Counts for adherence: anything but a session still running."""
        return self.status is not SessionStatus.IN_PROGRESS

    @property
    def followup_x(self) -> float:
        return self.started_s if self.followup_s is None else self.followup_s

    def readings(self) -> list[tuple[int, float]]:
        """The scores that say how the pain was over the day, as (local day, score): the score before
        and the follow-up. The score right after is left out: it shows the session, not the week."""
        found: list[tuple[int, float]] = []
        if self.before is not None:
            found.append((self.day, float(self.before)))
        if self.followup is not None:
            found.append((self.followup_day, float(self.followup)))
        return found


class DiaryPoint(NamedTuple):
    """One diary entry as the charts see it; built with ``DiaryPoint.make``."""

    at_s: float
    id: int
    offset_min: int
    score: int
    region: PainRegion | None
    day: int

    @classmethod
    def make(
        cls,
        id: int,  # noqa: A002 - the store's name for it
        at_s: float,
        offset_min: int,
        score: int,
        region: PainRegion | None = None,
    ) -> DiaryPoint:
        return cls(at_s, id, offset_min, score, region, _day(at_s, offset_min))

    @classmethod
    def from_entry(cls, entry: DiaryEntry) -> DiaryPoint:
        return cls.make(entry.id, entry.at.timestamp(), _offset_min(entry.at), entry.score, entry.region)


def _find(xs: list[float], ids: list[int], x: float, record_id: int) -> tuple[int, bool]:
    """Where (x, record_id) is in columns sorted by (x, id), or where it would go: (index, found)."""
    index = bisect.bisect_left(xs, x)
    while index < len(xs) and xs[index] == x and ids[index] < record_id:
        index += 1
    found = index < len(xs) and xs[index] == x and ids[index] == record_id
    return index, found


def _rows_near(xs: list[float], first_day: int, last_day: int) -> tuple[int, int]:
    """The slice of time-ordered ``xs`` that can hold the local days first_day..last_day: a day wider on
    each side, since each record's day depends on its own UTC offset (at most 14 hours)."""
    low = bisect.bisect_left(xs, (first_day - 1) * stats.DAY_S)
    high = bisect.bisect_right(xs, (last_day + 2) * stats.DAY_S)
    return low, high


def _numbers(values: list[float]) -> list[bool]:
    """For each value, whether it is a number (not NaN: NaN is the one value not equal to itself)."""
    return list(map(operator.eq, values, values))


def _score(value: int | None) -> float:
    return NAN if value is None else float(value)


def _pain(value: float) -> int | None:
    return None if math.isnan(value) else int(value)


@dataclass(slots=True)
class SessionTable:
    """Sessions in time order (then by id) as parallel lists; a score not given is NaN, so a line shows
    a gap. ``followup_x`` is when the follow-up was given (the session's start if that is unknown)."""

    ids: list[int] = field(default_factory=list)
    x: list[float] = field(default_factory=list)
    offset_min: list[int] = field(default_factory=list)
    routine_ids: list[str] = field(default_factory=list)
    status: list[SessionStatus] = field(default_factory=list)
    before: list[float] = field(default_factory=list)
    after: list[float] = field(default_factory=list)
    followup: list[float] = field(default_factory=list)
    followup_x: list[float] = field(default_factory=list)
    followup_given: list[bool] = field(default_factory=list)  # the time of the follow-up is known
    day: list[int] = field(default_factory=list)
    followup_day: list[int] = field(default_factory=list)
    started_of: dict[int, float] = field(default_factory=dict)  # id -> start, to find a session

    def _columns(self) -> tuple[list[Any], ...]:
        return (
            self.ids,
            self.x,
            self.offset_min,
            self.routine_ids,
            self.status,
            self.before,
            self.after,
            self.followup,
            self.followup_x,
            self.followup_given,
            self.day,
            self.followup_day,
        )

    def __len__(self) -> int:
        return len(self.ids)

    def find(self, session_id: int) -> int | None:
        started = self.started_of.get(session_id)
        if started is None:
            return None
        index, found = _find(self.x, self.ids, started, session_id)
        return index if found else None

    def point(self, index: int) -> SessionPoint:
        return SessionPoint(
            self.x[index],
            self.ids[index],
            self.offset_min[index],
            self.routine_ids[index],
            self.status[index],
            _pain(self.before[index]),
            _pain(self.after[index]),
            _pain(self.followup[index]),
            self.followup_x[index] if self.followup_given[index] else None,
            self.day[index],
            self.followup_day[index],
        )

    def insert(self, point: SessionPoint) -> int:
        index, _ = _find(self.x, self.ids, point.started_s, point.id)
        values = (
            point.id,
            point.started_s,
            point.offset_min,
            point.routine_id,
            point.status,
            _score(point.before),
            _score(point.after),
            _score(point.followup),
            point.followup_x,
            point.followup_s is not None,
            point.day,
            point.followup_day,
        )
        for column, value in zip(self._columns(), values, strict=True):
            column.insert(index, value)
        self.started_of[point.id] = point.started_s
        return index

    def pop(self, index: int) -> SessionPoint:
        point = self.point(index)
        for column in self._columns():
            del column[index]
        del self.started_of[point.id]
        return point

    def where(self, keep: list[bool]) -> SessionTable:
        """A new table of the rows where ``keep`` is True."""
        table = SessionTable()
        for source, target in zip(self._columns(), table._columns(), strict=True):
            target.extend([value for value, kept in zip(source, keep, strict=True) if kept])
        table.started_of = dict(zip(table.ids, table.x, strict=True))
        return table


@dataclass(slots=True)
class DiaryTable:
    """Diary entries in time order (then by id) as parallel lists."""

    ids: list[int] = field(default_factory=list)
    x: list[float] = field(default_factory=list)
    offset_min: list[int] = field(default_factory=list)
    score: list[float] = field(default_factory=list)
    region: list[PainRegion | None] = field(default_factory=list)
    day: list[int] = field(default_factory=list)
    at_of: dict[int, float] = field(default_factory=dict)

    def _columns(self) -> tuple[list[Any], ...]:
        return (self.ids, self.x, self.offset_min, self.score, self.region, self.day)

    def __len__(self) -> int:
        return len(self.ids)

    def find(self, entry_id: int) -> int | None:
        at = self.at_of.get(entry_id)
        if at is None:
            return None
        index, found = _find(self.x, self.ids, at, entry_id)
        return index if found else None

    def point(self, index: int) -> DiaryPoint:
        return DiaryPoint(
            self.x[index],
            self.ids[index],
            self.offset_min[index],
            int(self.score[index]),
            self.region[index],
            self.day[index],
        )

    def insert(self, point: DiaryPoint) -> int:
        index, _ = _find(self.x, self.ids, point.at_s, point.id)
        values = (point.id, point.at_s, point.offset_min, float(point.score), point.region, point.day)
        for column, value in zip(self._columns(), values, strict=True):
            column.insert(index, value)
        self.at_of[point.id] = point.at_s
        return index

    def pop(self, index: int) -> DiaryPoint:
        point = self.point(index)
        for column in self._columns():
            del column[index]
        del self.at_of[point.id]
        return point


@dataclass(slots=True)
class ScoreColumns:
    """Single scores in time order (then by id): follow-up scores, places down the leg."""

    ids: list[int] = field(default_factory=list)
    x: list[float] = field(default_factory=list)
    score: list[float] = field(default_factory=list)

    def insert(self, record_id: int, x: float, score: float) -> None:
        index, _ = _find(self.x, self.ids, x, record_id)
        self.ids.insert(index, record_id)
        self.x.insert(index, x)
        self.score.insert(index, score)

    def delete(self, record_id: int, x: float) -> None:
        index, found = _find(self.x, self.ids, x, record_id)
        if found:
            for column in (self.ids, self.x, self.score):
                del column[index]


@dataclass(frozen=True, slots=True)
class PeriodSummary:
    """The figures of a period of local days, first_day to last_day inclusive."""

    first_day: int
    last_day: int
    sessions: int  # finished sessions
    mean_before: float | None  # over the sessions with both scores only, so the two means compare
    mean_after: float | None
    change: stats.ChangeEstimate  # over the same sessions with both scores
    diary_scores: int
    diary_mean: float | None

    @property
    def paired(self) -> int:
        """How many sessions have a score before and after: the count behind the before → after means."""
        return self.change.sessions

    @property
    def days(self) -> int:
        return self.last_day - self.first_day + 1

    @property
    def per_week(self) -> float:
        return self.sessions * stats.WEEK_DAYS / self.days


class PainTrends:
    """Every session and diary entry, and the chart columns for the routine chosen (None: all of them).

    Kept as columns, not one object per record, so ten thousand sessions load in a few milliseconds.
    upsert_* and remove_* change one record and keep the columns, the daily scores and the days with a
    session in step without rebuilding them: a session saved while the chart is open is one insertion.
    """

    def __init__(
        self,
        sessions: Iterable[SessionPoint] = (),
        diary: Iterable[DiaryPoint] = (),
        routine_names: Mapping[str, str] | None = None,
        routine: str | None = None,
    ) -> None:
        self._all = SessionTable()
        for session_point in sorted(sessions):
            self._all.insert(session_point)
        self.diary = DiaryTable()
        for diary_point in sorted(diary):
            self.diary.insert(diary_point)
        self.routine_names: dict[str, str] = dict(routine_names or {})
        self._routine = routine
        self._rebuild()

    @classmethod
    def from_view(cls, view: HistoryView, routine: str | None = None) -> PainTrends:
        """From the store's columns (load_for_history_view, already in time order), without copying
        them into one object per record. The view's lists become the trends' own: changes to the trends
        change them, so the view is not to be used afterwards."""
        count = view.session_count
        offsets = view.session_offset_min or [0] * count
        followups = view.session_pain_followup or [NAN] * count
        followup_at = view.session_followup_s or [NAN] * count
        given = _numbers(followup_at)
        followup_x = list(view.session_started_s)  # where the time of the follow-up is not known
        for index in compress(range(count), given):
            followup_x[index] = followup_at[index]
        table = SessionTable(
            ids=view.session_ids,
            x=view.session_started_s,
            offset_min=offsets,
            routine_ids=view.session_routine_ids,
            status=view.session_status,
            before=view.session_pain_before,
            after=view.session_pain_after,
            followup=followups,
            followup_x=followup_x,
            followup_given=given,
            day=_days(view.session_started_s, offsets),
            followup_day=_days(followup_x, offsets),
            started_of=dict(zip(view.session_ids, view.session_started_s, strict=True)),
        )
        diary_offsets = view.diary_offset_min or [0] * len(view.diary_ids)
        diary = DiaryTable(
            ids=view.diary_ids,
            x=view.diary_at_s,
            offset_min=diary_offsets,
            score=view.diary_score,
            region=view.diary_region,
            day=_days(view.diary_at_s, diary_offsets),
            at_of=dict(zip(view.diary_ids, view.diary_at_s, strict=True)),
        )
        trends = cls(routine_names=view.routine_names, routine=routine)
        trends._all = table
        trends.diary = diary
        trends._rebuild()
        return trends

    # ------------------------------------------------------------------------------------------------
    # What is shown

    @property
    def routine(self) -> str | None:
        return self._routine

    def set_routine(self, routine: str | None) -> None:
        """Show only the sessions of ``routine`` (None: all). Diary entries are always shown."""
        if routine != self._routine:
            self._routine = routine
            self._rebuild()

    def routines(self) -> list[tuple[str, str]]:
        """(id, name) of every routine with a session, by name."""
        named = [(rid, self.routine_names.get(rid, rid)) for rid in set(self._all.routine_ids)]
        return sorted(named, key=lambda pair: (pair[1].casefold(), pair[0]))

    def routine_name(self, routine_id: str) -> str:
        return self.routine_names.get(routine_id, routine_id)

    def session(self, session_id: int) -> SessionPoint | None:
        index = self._all.find(session_id)
        return None if index is None else self._all.point(index)

    def diary_point(self, entry_id: int) -> DiaryPoint | None:
        index = self.diary.find(entry_id)
        return None if index is None else self.diary.point(index)

    @property
    def session_count(self) -> int:
        return len(self._all)

    @property
    def diary_count(self) -> int:
        return len(self.diary)

    def _shows(self, routine_id: str) -> bool:
        return self._routine is None or routine_id == self._routine

    # ------------------------------------------------------------------------------------------------
    # Changes, one record at a time

    def upsert_session(self, point: SessionPoint) -> None:
        """Add a session, or replace the one with its id (an edited score)."""
        self.remove_session(point.id)
        self._all.insert(point)
        self.routine_names.setdefault(point.routine_id, point.routine_id)
        if not self._shows(point.routine_id):
            return
        if self.sessions is not self._all:
            self.sessions.insert(point)
        if point.followup is not None:
            self.followups.insert(point.id, point.followup_x, float(point.followup))
        for day, score in point.readings():
            self.daily.add(day, score)
        if point.done:
            self._count_day(point.day, +1)

    def remove_session(self, session_id: int) -> SessionPoint | None:
        """Take a session out; returns it, or None if there was none with this id."""
        index = self._all.find(session_id)
        if index is None:
            return None
        point = self._all.pop(index)
        if not self._shows(point.routine_id):
            return point
        if self.sessions is not self._all:
            shown = self.sessions.find(session_id)
            if shown is not None:
                self.sessions.pop(shown)
        if point.followup is not None:
            self.followups.delete(point.id, point.followup_x)
        for day, score in point.readings():
            self.daily.remove(day, score)
        if point.done:
            self._count_day(point.day, -1)
        return point

    def upsert_diary(self, point: DiaryPoint) -> None:
        """Add a diary entry, or replace the one with its id."""
        self.remove_diary(point.id)
        self.diary.insert(point)
        self.daily.add(point.day, float(point.score))
        if point.region is not None:
            self.reach.insert(point.id, point.at_s, float(_REGION_PLACE[point.region]))

    def remove_diary(self, entry_id: int) -> DiaryPoint | None:
        """Take a diary entry out; returns it, or None if there was none with this id."""
        index = self.diary.find(entry_id)
        if index is None:
            return None
        point = self.diary.pop(index)
        self.daily.remove(point.day, float(point.score))
        if point.region is not None:
            self.reach.delete(point.id, point.at_s)
        return point

    def _rebuild(self) -> None:
        table = self._all
        if self._routine is None:
            self.sessions = table
        else:
            self.sessions = table.where([rid == self._routine for rid in table.routine_ids])
        shown = self.sessions
        # Filtered with compress and masks made by map: a pass in C over every column, not in Python.
        followed = sorted(
            compress(zip(shown.followup_x, shown.ids, shown.followup, strict=True), _numbers(shown.followup))
        )
        self.followups = ScoreColumns(
            [f[1] for f in followed], [f[0] for f in followed], [f[2] for f in followed]
        )
        done = list(
            compress(shown.day, map(operator.is_not, shown.status, repeat(SessionStatus.IN_PROGRESS)))
        )
        self._session_days: Counter[int] = Counter(done)
        shift, week = stats.MONDAY_SHIFT, stats.WEEK_DAYS  # stats.week_of, inlined: a pass over every day
        self._weeks: Counter[int] = Counter([(day + shift) // week for day in done])
        self._longest: int | None = None  # the longest streak, worked out when first asked
        # The current streak as last worked out: (today, its last day, its length). Kept in step as days
        # come and go, so a session saved today does not walk back through years of daily sessions.
        self._current: tuple[int, int, int] | None = None
        diary = self.diary
        placed = [region is not None for region in diary.region]
        self.reach = ScoreColumns(
            list(compress(diary.ids, placed)),
            list(compress(diary.x, placed)),
            list(map(_REGION_SCORE.__getitem__, compress(diary.region, placed))),
        )
        days: list[int] = []
        scores: list[float] = []
        for day_column, score_column in ((shown.day, shown.before), (shown.followup_day, shown.followup)):
            given = _numbers(score_column)
            days += compress(day_column, given)
            scores += compress(score_column, given)
        self.daily = stats.DailyScores.bulk(days + diary.day, scores + diary.score)

    # ------------------------------------------------------------------------------------------------
    # What the charts and the report draw

    def rolling_days(self, window_days: int = stats.ROLLING_DAYS) -> tuple[int, list[float]]:
        """The rolling mean for each day from the first score to the last: (first day, values)."""
        return self.daily.rolling_mean(window_days)

    def rolling_mean(
        self, x_offset_min: int, window_days: int = stats.ROLLING_DAYS
    ) -> tuple[list[float], list[float]]:
        """The rolling mean of the day's scores (diary, before sessions, follow-ups) for each day from the
        first score to the last, drawn at noon: (x, mean). NaN where the window holds no score."""
        first, values = self.daily.rolling_mean(window_days)
        x = [stats.day_noon_s(first + i, x_offset_min) for i in range(len(values))]
        return x, values

    def _count_day(self, day: int, change: int) -> None:
        """One finished session more (+1) or less (-1) on ``day``."""
        days, weeks, week = self._session_days, self._weeks, stats.week_of(day)
        days[day] += change
        weeks[week] += change
        if days[day] <= 0:
            del days[day]
        if weeks[week] <= 0:
            del weeks[week]
        if change < 0:
            self._longest = None  # a run may have been cut: work it out again when asked
            if day not in days:
                self._current_day_gone(day)
        elif days[day] == 1:
            run = self._current_day_added(day)
            if self._longest is None:
                return
            if run is None:
                # A new day can only join the runs on either side of it.
                start = end = day
                while start - 1 in days:
                    start -= 1
                while end + 1 in days:
                    end += 1
                run = end - start + 1
            self._longest = max(self._longest, run)

    def _current_day_added(self, day: int) -> int | None:
        """Keep the current streak in step with a new day; returns the length of the run the day ends
        when that is known without a walk (today, after the current streak), else None."""
        if self._current is None:
            return None
        today, end, length = self._current
        if day == today and end == today - 1 and today + 1 not in self._session_days:
            self._current = (today, today, length + 1)
            return length + 1
        if end - length <= day <= end + 1:
            self._current = None  # it joins the streak to an earlier run, or ends it: walk again when asked
        return None

    def _current_day_gone(self, day: int) -> None:
        if self._current is not None:
            _, end, length = self._current
            if end - length < day <= end:
                self._current = None  # the streak was cut: walk again when asked

    def session_days(self) -> list[int]:
        """The local days with at least one finished session (of the routine shown), in order."""
        return sorted(self._session_days)

    def sessions_per_week(self, x_offset_min: int) -> tuple[list[float], list[float]]:
        """Finished sessions in each week that has any: (x of the week's Thursday noon, count)."""
        first_week, counts = self.weekly_counts()
        x = [
            stats.day_noon_s(stats.week_monday(first_week + i) + 3, x_offset_min) for i in range(len(counts))
        ]
        kept = [(at, float(n)) for at, n in zip(x, counts, strict=True) if n]
        return [at for at, _ in kept], [n for _, n in kept]

    def weekly_counts(self) -> tuple[int, list[int]]:
        """Finished sessions per week from the first week with one to the last: (first week, counts)."""
        weeks = self._weeks
        if not weeks:
            return 0, []
        first, last = min(weeks), max(weeks)
        return first, [weeks.get(week, 0) for week in range(first, last + 1)]

    def streak(self, today: int) -> stats.Streak:
        days = self._session_days
        if self._current is not None and self._current[0] == today:
            current = self._current[2]
        else:
            end = today if today in days else today - 1
            current = 0
            while end - current in days:
                current += 1
            self._current = (today, end, current)
        if self._longest is None:
            self._longest = stats.longest_run(days)  # the current run is known: not walked again
        return stats.Streak(current, self._longest)

    def weekly_reach(self, x_offset_min: int) -> tuple[list[float], list[float]]:
        """The furthest place down the leg each week (0 lower back to 4 foot), at the week's Thursday noon.

        A NaN is put between weeks more than four weeks apart, so the line breaks there."""
        furthest = stats.weekly_furthest(
            (day, _REGION_PLACE[region])
            for day, region in zip(self.diary.day, self.diary.region, strict=True)
            if region is not None
        )
        x: list[float] = []
        y: list[float] = []
        previous: int | None = None
        for week in sorted(furthest):
            if previous is not None and week - previous > _GAP_WEEKS:
                x.append(stats.day_noon_s(stats.week_monday(previous + 1), x_offset_min))
                y.append(NAN)
            x.append(stats.day_noon_s(stats.week_monday(week) + 3, x_offset_min))
            y.append(float(furthest[week]))
            previous = week
        return x, y

    def first_day(self) -> int | None:
        """The local day of the first record (sessions shown, or the diary), or None if there is none."""
        firsts = [column[0] for column in (self.sessions.day, self.diary.day) if column]
        return min(firsts) if firsts else None

    def _finished_scores(self, first_day: int, last_day: int) -> list[tuple[float, float]]:
        """(before, after) of each finished session of the routine shown on the days first_day..last_day."""
        shown = self.sessions
        progress = SessionStatus.IN_PROGRESS
        low, high = _rows_near(shown.x, first_day, last_day)
        return [
            (before, after)
            for day, status, before, after in zip(
                shown.day[low:high],
                shown.status[low:high],
                shown.before[low:high],
                shown.after[low:high],
                strict=True,
            )
            if first_day <= day <= last_day and status is not progress
        ]

    def mean_before(self, first_day: int, last_day: int) -> float | None:
        """``period(first_day, last_day).mean_before`` without working out the period's other figures."""
        paired = self._finished_scores(first_day, last_day)
        return stats.mean_or_none(before for before, after in paired if not math.isnan(after - before))

    def period(self, first_day: int, last_day: int) -> PeriodSummary:
        """The figures of the local days first_day to last_day (inclusive), for the routine shown."""
        inside = self._finished_scores(first_day, last_day)
        diary = self.diary
        low, high = _rows_near(diary.x, first_day, last_day)
        entries = [
            score
            for day, score in zip(diary.day[low:high], diary.score[low:high], strict=True)
            if first_day <= day <= last_day
        ]
        paired = [(before, after) for before, after in inside if not math.isnan(after - before)]
        return PeriodSummary(
            first_day=first_day,
            last_day=last_day,
            sessions=len(inside),
            mean_before=stats.mean_or_none(before for before, _ in paired),
            mean_after=stats.mean_or_none(after for _, after in paired),
            change=stats.paired_change(paired),
            diary_scores=len(entries),
            diary_mean=stats.mean_or_none(entries),
        )

    def session_changes(
        self, first_day: int, last_day: int, pressed: Mapping[int, frozenset[str]]
    ) -> list[stats.SessionChange]:
        """Sessions of the period (routine shown) with a score before and after, and the points pressed."""
        shown = self.sessions
        return [
            stats.SessionChange(routine_id, int(before), int(after), pressed.get(session_id, frozenset()))
            for session_id, routine_id, day, before, after in zip(
                shown.ids, shown.routine_ids, shown.day, shown.before, shown.after, strict=True
            )
            if first_day <= day <= last_day and not math.isnan(before) and not math.isnan(after)
        ]
