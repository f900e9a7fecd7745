"""When the next reminder is due: from the reminder settings, the local time and what has happened since.

Pure: the caller passes the local time as an aware datetime whose tzinfo knows the zone's rules (a
``zoneinfo.ZoneInfo``), and keeps a ReminderState between calls. All comparisons are made in UTC, because
Python compares two datetimes of the same zone by their wall-clock readings, which repeat in autumn.

The rules, in the person's words:

- Daily times ring at that wall-clock time on the chosen weekdays, whatever the working day.
- "Every N hours" rings N real hours after the later of: the start of the working day, the last reminder
  and the end of the last session; and only before the working day ends. Counting from the last session
  rather than on a fixed grid is deliberate: the point is not to sit for N hours without a routine, so a
  reminder 20 minutes after finishing one would only be noise. With nothing done yet today the count starts
  at ``day_starts``, so the reminders fall on a tidy grid (09:00 + 2 h: 11:00, 13:00, 15:00).
- Nothing rings while a session runs. A reminder that fell due during a session is answered by it and
  dropped; the interval count starts again from the session's end.
- Reminders missed while the computer slept (or the clock jumped) ring once, as soon as it is noticed, not
  once each; those from an earlier day are let go, as are those from before the app was watching.
- A snooze rings once at its time, and stands in for anything due before then.
- A daily time that does not exist on a spring-forward day (02:30 in Berlin) rings an hour later, at 03:30,
  as calendars do; one that happens twice in autumn rings at its first occurrence only.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta, tzinfo
from enum import StrEnum

from sciatica_timer.core.settings import Minute, ReminderSettings

LOOK_AHEAD_DAYS = 8  # today and a whole week: every chosen weekday comes round within it


class ReminderKind(StrEnum):
    DAILY = "daily"  # one of the fixed times of day
    INTERVAL = "interval"  # every few hours of the working day
    SNOOZED = "snoozed"  # an earlier reminder, put off


@dataclass(frozen=True, slots=True)
class Reminder:
    at: datetime  # when it falls due, in the zone of the ``now`` it was worked out from
    kind: ReminderKind

    def is_due(self, now: datetime) -> bool:
        """Due at ``now`` or overdue (missed while the computer slept, say)."""
        return _utc(self.at) <= _utc(now)

    def wait_s(self, now: datetime) -> float:
        """Seconds from ``now`` until it is due; never negative."""
        return max(0.0, (_utc(self.at) - _utc(now)).total_seconds())


@dataclass(frozen=True, slots=True)
class ReminderState:
    """What has happened that the next reminder depends on. Every change makes a new state."""

    watching_since: datetime  # reminders due before this were not missed: the app was not running
    last_shown: datetime | None = None
    last_session_end: datetime | None = None
    snoozed_until: datetime | None = None
    session_running: bool = False

    def shown(self, at: datetime) -> ReminderState:
        """A reminder was shown at ``at`` (a snoozed one too: the snooze is used up)."""
        return replace(self, last_shown=at, snoozed_until=None)

    def snoozed(self, until: datetime) -> ReminderState:
        return replace(self, snoozed_until=until)

    def session_started(self) -> ReminderState:
        """A session answers any reminder, snoozed or not."""
        return replace(self, session_running=True, snoozed_until=None)

    def session_ended(self, at: datetime) -> ReminderState:
        return replace(self, session_running=False, last_session_end=at)


def next_reminder(settings: ReminderSettings, state: ReminderState, now: datetime) -> Reminder | None:
    """The next reminder after ``state``; None when none is to come (reminders off, or a session runs).

    A returned reminder whose ``at`` is at or before ``now`` is due now; once it is shown, pass
    ``state.shown(now)`` for the one after. ``now`` must be aware; the result is in its zone.
    """
    zone = now.tzinfo
    if zone is None or now.utcoffset() is None:
        raise ValueError(f"the local time must carry its time zone, got {now.isoformat()}")
    if state.session_running or not settings.enabled:
        return None
    if state.snoozed_until is not None:
        return Reminder(state.snoozed_until.astimezone(zone), ReminderKind.SNOOZED)
    today = now.date()
    # Only what falls due after every one of these counts: earlier ones were shown, answered by a session,
    # happened before the app was watching, or belong to a day that is over.
    moments = (state.watching_since, state.last_shown, state.last_session_end)
    floor = max([_at(today, Minute(0, 0), zone), *(_utc(m) for m in moments if m is not None)])
    for offset in range(LOOK_AHEAD_DAYS):
        day = today + timedelta(days=offset)
        if day.weekday() in settings.weekdays:
            found = _first_on(day, settings, state, floor, zone)
            if found is not None:
                return found
    return None


def _first_on(
    day: date, settings: ReminderSettings, state: ReminderState, floor: datetime, zone: tzinfo
) -> Reminder | None:
    """The earliest reminder on the local date ``day`` that falls due after ``floor`` (UTC)."""
    candidates = [(_at(day, time, zone), ReminderKind.DAILY) for time in settings.daily_times]
    interval = _interval_on(day, settings, state, floor, zone)
    if interval is not None:
        candidates.append((interval, ReminderKind.INTERVAL))
    after = [(at, kind) for at, kind in candidates if at > floor]
    if not after:
        return None
    at, kind = min(after, key=lambda candidate: candidate[0])
    return Reminder(at.astimezone(zone), kind)


def _interval_on(
    day: date, settings: ReminderSettings, state: ReminderState, floor: datetime, zone: tzinfo
) -> datetime | None:
    """The first "every N hours" time on ``day`` after ``floor`` (UTC), counted in real hours."""
    if settings.every_hours is None:
        return None
    starts = _at(day, settings.day_starts, zone)
    ends = _at(day, settings.day_ends, zone)
    if ends <= starts:
        return None
    events = (_utc_or_none(state.last_shown), _utc_or_none(state.last_session_end))
    anchor = max([starts, *(moment for moment in events if moment is not None)])
    step = timedelta(hours=settings.every_hours)
    # The first whole step past the floor: a missed one rings once, not once per step that went by.
    steps = max(1, (floor - anchor) // step + 1) if floor >= anchor else 1
    at = anchor + steps * step
    return at if at < ends else None


def _at(day: date, time: Minute, zone: tzinfo) -> datetime:
    """The moment, in UTC, at which the wall clock of ``zone`` reads ``time`` on ``day``.

    fold=0 picks the first of an autumn's repeated readings, and for a reading that a spring-forward skips,
    the offset before the jump, which lands that much later (02:30 becomes 03:30).
    """
    return datetime(day.year, day.month, day.day, time.hour, time.minute, tzinfo=zone).astimezone(UTC)


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC)


def _utc_or_none(moment: datetime | None) -> datetime | None:
    return None if moment is None else moment.astimezone(UTC)
