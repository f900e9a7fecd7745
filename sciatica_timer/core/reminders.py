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
- A pause ("for an hour", "until tomorrow") drops what falls due during it; the first reminder after it is
  the next one that falls due once it is over. Paused until turned back on, none comes at all.
- A reminder that falls due while the person is away (no input for a while, or the screen locked) waits for
  them and comes once, a minute after they are back; one that falls due in Do Not Disturb or while a
  full-screen window has the focus comes as soon as that ends (``wait_reason`` and ``ReminderHold``).
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
    if state.session_running or not settings.enabled or settings.paused_until_turned_on:
        return None
    paused_until = settings.paused_until
    if state.snoozed_until is not None and (paused_until is None or state.snoozed_until > paused_until):
        return Reminder(state.snoozed_until.astimezone(zone), ReminderKind.SNOOZED)
    today = now.date()
    # Only what falls due after every one of these counts: earlier ones were shown, answered by a session,
    # happened before the app was watching or during a pause, or belong to a day that is over.
    moments = (state.watching_since, state.last_shown, state.last_session_end, paused_until)
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


# -- waiting for the person ----------------------------------------------------------------------------------

BACK_DELAY = timedelta(minutes=1)  # after coming back to the desk, a moment to sit down before a reminder


class WaitReason(StrEnum):
    AWAY = "away"  # no input for a while, or the screen is locked
    DO_NOT_DISTURB = "do not disturb"
    FULL_SCREEN = "full screen"  # a video call or a presentation has the focus


@dataclass(frozen=True, slots=True)
class DeskState:
    """What the desktop says about the person right now; None where it cannot tell."""

    idle_s: float | None = None
    locked: bool = False
    do_not_disturb: bool = False
    full_screen: bool = False


def wait_reason(settings: ReminderSettings, desk: DeskState) -> WaitReason | None:
    """Why a reminder that is due should wait now, or None to show it."""
    if desk.locked or (desk.idle_s is not None and desk.idle_s >= settings.away_after_min * 60):
        return WaitReason.AWAY
    if settings.wait_in_do_not_disturb and desk.do_not_disturb:
        return WaitReason.DO_NOT_DISTURB
    if settings.wait_while_full_screen and desk.full_screen:
        return WaitReason.FULL_SCREEN
    return None


@dataclass(frozen=True, slots=True)
class ReminderHold:
    """A due reminder kept back. ``back_at``: when the person came back after being away."""

    reason: WaitReason
    back_at: datetime | None = None

    def update(self, settings: ReminderSettings, desk: DeskState, now: datetime) -> ReminderHold | None:
        """The hold at ``now``: still waiting (a new hold), or None when the reminder is to be shown now."""
        reason = wait_reason(settings, desk)
        if reason is WaitReason.AWAY:
            return ReminderHold(WaitReason.AWAY)  # away again: the minute starts over when they are back
        if reason is not None:
            # Busy: shown when that ends; if they were away before, the minute still counts from their return.
            return ReminderHold(reason, self.back_at if self.reason is not WaitReason.AWAY else now)
        if self.reason is WaitReason.AWAY and self.back_at is None:
            return ReminderHold(WaitReason.AWAY, now)
        if self.back_at is not None and _utc(now) < _utc(self.back_at + BACK_DELAY):
            return ReminderHold(self.reason, self.back_at)
        return None

    def wait_s(self, now: datetime) -> float | None:
        """Seconds until the minute after coming back is over; None while waiting for a change."""
        if self.back_at is None:
            return None
        return max(0.0, (_utc(self.back_at + BACK_DELAY) - _utc(now)).total_seconds())
