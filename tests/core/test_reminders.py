"""When reminders ring: daily times, every few hours of the working day, snoozes, sessions, sleep and DST."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from sciatica_timer.core.reminders import (
    DeskState,
    Reminder,
    ReminderHold,
    ReminderKind,
    ReminderState,
    WaitReason,
    next_reminder,
    wait_reason,
)
from sciatica_timer.core.settings import Minute, ReminderSettings

BERLIN = ZoneInfo("Europe/Berlin")
WORK_DAYS = frozenset(range(5))
EVERY_DAY = frozenset(range(7))
MONDAY = (2024, 6, 3)  # a Monday in summer time, far from any clock change


def at(
    year: int, month: int, day: int, hour: int, minute: int, *, zone: ZoneInfo = BERLIN, fold: int = 0
) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=zone, fold=fold)


def minute(text: str) -> Minute:
    parsed = Minute.parse(text)
    assert parsed is not None
    return parsed


def monday(hour: int, minute: int = 0) -> datetime:
    return at(*MONDAY, hour, minute)


def daily(*times: str, weekdays: frozenset[int] = WORK_DAYS) -> ReminderSettings:
    return ReminderSettings(daily_times=tuple(minute(text) for text in times), weekdays=weekdays)


def every(
    hours: int, starts: str = "09:00", ends: str = "17:00", weekdays: frozenset[int] = WORK_DAYS
) -> ReminderSettings:
    return ReminderSettings(
        every_hours=hours, day_starts=minute(starts), day_ends=minute(ends), weekdays=weekdays
    )


def ring(settings: ReminderSettings, start: datetime, end: datetime) -> list[str]:
    """Every reminder shown from ``start`` to ``end`` by a schedule that wakes exactly when one is due."""
    state = ReminderState(watching_since=start)
    now = start
    shown: list[str] = []
    for _ in range(1000):
        reminder = next_reminder(settings, state, now)
        if reminder is None or reminder.at.astimezone(UTC) > end.astimezone(UTC):
            return shown
        now = max(now, reminder.at, key=lambda moment: moment.astimezone(UTC))
        shown.append(local(now))
        state = state.shown(now)
    raise AssertionError("more than 1000 reminders")


def local(moment: datetime) -> str:
    """The wall-clock reading in Berlin with its offset, as a person there would see it: "Mon 10:00 +02"."""
    moment = moment.astimezone(UTC).astimezone(BERLIN)
    return f"{moment:%a %H:%M} {moment.utcoffset() // timedelta(hours=1):+03d}"  # type: ignore[operator]


# -- daily times ---------------------------------------------------------------------------------------------


def test_daily_times_ring_on_the_chosen_weekdays_only() -> None:
    shown = ring(daily("10:00", "15:30"), monday(8), monday(8) + timedelta(days=7))
    assert shown == [
        f"{day} {time} +02" for day in ("Mon", "Tue", "Wed", "Thu", "Fri") for time in ("10:00", "15:30")
    ]


def test_daily_times_are_not_bound_to_the_working_day() -> None:
    settings = ReminderSettings(daily_times=(Minute(7, 30), Minute(21, 0)), weekdays=WORK_DAYS)
    assert ring(settings, monday(6), monday(23)) == ["Mon 07:30 +02", "Mon 21:00 +02"]


def test_a_daily_time_before_the_app_started_is_not_missed() -> None:
    reminder = next_reminder(daily("10:00"), ReminderState(watching_since=monday(12)), monday(12))
    assert reminder == Reminder(at(2024, 6, 4, 10, 0), ReminderKind.DAILY)
    assert not reminder.is_due(monday(12))
    assert reminder.wait_s(monday(12)) == 22 * 3600


def test_across_midnight_and_the_weekend() -> None:
    friday = at(2024, 6, 7, 23, 58)
    shown = ring(daily("00:00", "23:59"), friday, friday + timedelta(days=3, minutes=1))
    assert shown == ["Fri 23:59 +02", "Mon 00:00 +02", "Mon 23:59 +02"]


def test_no_weekdays_or_no_times_means_no_reminders() -> None:
    state = ReminderState(watching_since=monday(8))
    assert next_reminder(daily("10:00", weekdays=frozenset()), state, monday(8)) is None
    assert next_reminder(ReminderSettings(), state, monday(8)) is None


def test_the_time_must_carry_its_zone() -> None:
    with pytest.raises(ValueError, match="time zone"):
        next_reminder(daily("10:00"), ReminderState(watching_since=monday(8)), datetime(2024, 6, 3, 8, 0))


# -- every few hours of the working day ----------------------------------------------------------------------


def test_every_two_hours_counts_from_the_start_of_the_working_day() -> None:
    assert ring(every(2), monday(7), monday(23)) == ["Mon 11:00 +02", "Mon 13:00 +02", "Mon 15:00 +02"]


def test_the_end_of_the_working_day_is_not_included() -> None:
    assert ring(every(4), monday(7), monday(23)) == ["Mon 13:00 +02"]  # 17:00 is the end


def test_started_mid_day_the_next_one_keeps_the_grid() -> None:
    assert ring(every(2), monday(12, 10), monday(23)) == ["Mon 13:00 +02", "Mon 15:00 +02"]


def test_started_after_the_last_one_of_the_day_waits_for_the_next_working_day() -> None:
    reminder = next_reminder(every(2), ReminderState(watching_since=monday(15, 30)), monday(15, 30))
    assert reminder == Reminder(at(2024, 6, 4, 11, 0), ReminderKind.INTERVAL)


def test_a_session_restarts_the_count() -> None:
    state = ReminderState(watching_since=monday(8)).session_started().session_ended(monday(10, 30))
    reminder = next_reminder(every(2), state, monday(10, 31))
    assert reminder == Reminder(monday(12, 30), ReminderKind.INTERVAL)


def test_a_session_ending_late_leaves_no_interval_reminder_that_day() -> None:
    state = ReminderState(watching_since=monday(8)).session_ended(monday(15, 30))
    reminder = next_reminder(every(2), state, monday(15, 31))
    assert reminder is not None
    assert reminder.at == at(2024, 6, 4, 11, 0)


def test_a_daily_reminder_also_restarts_the_count() -> None:
    settings = ReminderSettings(daily_times=(Minute(12, 0),), every_hours=2)
    assert ring(settings, monday(7), monday(23)) == [
        "Mon 11:00 +02",
        "Mon 12:00 +02",
        "Mon 14:00 +02",
        "Mon 16:00 +02",
    ]


# -- sessions ------------------------------------------------------------------------------------------------


def test_nothing_rings_while_a_session_runs() -> None:
    state = ReminderState(watching_since=monday(8)).session_started()
    assert next_reminder(daily("10:00"), state, monday(10)) is None
    assert next_reminder(every(1), state, monday(12)) is None


def test_a_reminder_due_during_a_session_is_answered_by_it() -> None:
    state = ReminderState(watching_since=monday(8)).session_started()
    assert next_reminder(daily("11:00", "16:00"), state, monday(11, 5)) is None
    ended = state.session_ended(monday(11, 20))
    assert next_reminder(daily("11:00", "16:00"), ended, monday(11, 20)) == Reminder(
        monday(16), ReminderKind.DAILY
    )


# -- missed while the computer slept -------------------------------------------------------------------------


def test_reminders_missed_in_a_sleep_ring_once() -> None:
    settings = daily("10:00", "11:00", "12:00", "13:00")
    state = ReminderState(watching_since=monday(8))
    woke = monday(13, 30)
    missed = next_reminder(settings, state, woke)
    assert missed is not None
    assert missed.is_due(woke)
    after = next_reminder(settings, state.shown(woke), woke)
    assert after == Reminder(at(2024, 6, 4, 10, 0), ReminderKind.DAILY)


def test_interval_reminders_missed_in_a_sleep_ring_once_and_the_count_restarts() -> None:
    state = ReminderState(watching_since=monday(8)).shown(monday(10))
    woke = monday(14, 20)
    missed = next_reminder(every(1), state, woke)
    assert missed is not None
    assert missed.kind is ReminderKind.INTERVAL
    assert missed.is_due(woke)
    assert next_reminder(every(1), state.shown(woke), woke) == Reminder(monday(15, 20), ReminderKind.INTERVAL)


def test_a_reminder_missed_yesterday_is_let_go() -> None:
    state = ReminderState(watching_since=monday(8)).shown(monday(10))
    tuesday_morning = at(2024, 6, 4, 8, 0)
    reminder = next_reminder(daily("10:00", "17:00"), state, tuesday_morning)
    assert reminder == Reminder(at(2024, 6, 4, 10, 0), ReminderKind.DAILY)
    assert not reminder.is_due(tuesday_morning)


def test_a_clock_set_back_does_not_repeat_a_reminder() -> None:
    state = ReminderState(watching_since=monday(8)).shown(monday(11))
    reminder = next_reminder(daily("11:00"), state, monday(10, 30))
    assert reminder is not None
    assert reminder.at == at(2024, 6, 4, 11, 0)


# -- snooze --------------------------------------------------------------------------------------------------


def test_a_snooze_rings_once_and_stands_in_for_what_falls_before_it() -> None:
    settings = daily("11:00", "11:05", "15:00")
    state = ReminderState(watching_since=monday(8)).shown(monday(11)).snoozed(monday(11, 10))
    assert next_reminder(settings, state, monday(11, 1)) == Reminder(monday(11, 10), ReminderKind.SNOOZED)
    rang = state.shown(monday(11, 10))
    assert next_reminder(settings, rang, monday(11, 10)) == Reminder(monday(15), ReminderKind.DAILY)


def test_a_session_answers_a_snoozed_reminder() -> None:
    state = ReminderState(watching_since=monday(8)).shown(monday(11)).snoozed(monday(11, 10))
    done = state.session_started().session_ended(monday(11, 30))
    assert next_reminder(daily("11:00", "15:00"), done, monday(11, 30)) == Reminder(
        monday(15), ReminderKind.DAILY
    )


def test_turning_reminders_off_drops_a_snooze() -> None:
    state = ReminderState(watching_since=monday(8)).snoozed(monday(11, 10))
    assert next_reminder(ReminderSettings(), state, monday(11)) is None


# -- daylight saving time ------------------------------------------------------------------------------------


def test_a_daily_time_keeps_its_wall_clock_reading_across_the_spring_change() -> None:
    saturday = at(2024, 3, 30, 8, 0)
    shown = ring(daily("09:00", weekdays=EVERY_DAY), saturday, saturday + timedelta(days=3))
    assert shown == ["Sat 09:00 +01", "Sun 09:00 +02", "Mon 09:00 +02"]


def test_a_time_skipped_in_spring_rings_an_hour_later() -> None:
    saturday = at(2024, 3, 30, 8, 0)
    shown = ring(daily("02:30", weekdays=EVERY_DAY), saturday, saturday + timedelta(days=2))
    assert shown == ["Sun 03:30 +02", "Mon 02:30 +02"]


def test_a_time_repeated_in_autumn_rings_once() -> None:
    saturday = at(2024, 10, 26, 8, 0)
    shown = ring(daily("02:30", weekdays=EVERY_DAY), saturday, saturday + timedelta(days=2))
    assert shown == ["Sun 02:30 +02", "Mon 02:30 +01"]


def test_every_hour_means_real_hours_across_the_spring_change() -> None:
    saturday = at(2024, 3, 30, 23, 0)
    shown = ring(every(1, "01:00", "05:00", weekdays=EVERY_DAY), saturday, at(2024, 3, 31, 12, 0))
    assert shown == ["Sun 03:00 +02", "Sun 04:00 +02"]  # 01:00 +01 plus one and two real hours


def test_every_hour_means_real_hours_across_the_autumn_change() -> None:
    saturday = at(2024, 10, 26, 23, 0)
    shown = ring(every(1, "01:00", "04:00", weekdays=EVERY_DAY), saturday, at(2024, 10, 27, 12, 0))
    assert shown == ["Sun 02:00 +02", "Sun 02:00 +01", "Sun 03:00 +01"]


def test_due_is_decided_in_real_time_even_when_the_wall_clock_repeats() -> None:
    # 02:10 of the second pass (+01) comes after 02:50 of the first (+02), though it reads earlier.
    reminder = Reminder(at(2024, 10, 27, 2, 10, fold=1), ReminderKind.DAILY)
    now = at(2024, 10, 27, 2, 50)
    assert not reminder.is_due(now)
    assert reminder.wait_s(now) == 20 * 60


def test_a_midnight_that_does_not_exist_still_starts_the_day() -> None:
    # Brazil moved its clocks forward at midnight: 2018-11-04 began at 01:00.
    sao_paulo = ZoneInfo("America/Sao_Paulo")
    saturday = at(2018, 11, 3, 22, 0, zone=sao_paulo)
    state = ReminderState(watching_since=saturday)
    reminder = next_reminder(daily("00:30", weekdays=EVERY_DAY), state, saturday)
    assert reminder is not None
    assert reminder.at.astimezone(UTC) == datetime(2018, 11, 4, 3, 30, tzinfo=UTC)  # 01:30 -02


# -- pauses and waiting for the person -----------------------------------------------------------------------


def test_a_pause_drops_what_falls_due_in_it_and_the_next_comes_after() -> None:
    from dataclasses import replace

    settings = replace(every(1), paused_until=monday(11, 30))
    assert ring(settings, monday(9), monday(14)) == ["Mon 12:00 +02", "Mon 13:00 +02", "Mon 14:00 +02"]


def test_paused_until_turned_on_nothing_comes() -> None:
    from dataclasses import replace

    settings = replace(daily("10:00"), paused_until_turned_on=True)
    assert next_reminder(settings, ReminderState(watching_since=monday(9)), monday(9)) is None
    assert settings.paused_at(monday(9) + timedelta(days=400))


def test_a_snooze_inside_a_pause_is_dropped() -> None:
    from dataclasses import replace

    settings = replace(daily("10:00", "15:00"), paused_until=monday(12))
    state = ReminderState(watching_since=monday(9)).snoozed(monday(10, 10))
    upcoming = next_reminder(settings, state, monday(9, 30))
    assert upcoming is not None
    assert (local(upcoming.at), upcoming.kind) == ("Mon 15:00 +02", ReminderKind.DAILY)


def test_an_ended_pause_is_no_pause() -> None:
    from dataclasses import replace

    settings = replace(daily("10:00"), paused_until=monday(9))
    assert not settings.paused_at(monday(9, 1))
    assert settings.paused_at(monday(8, 59))


@pytest.mark.parametrize(
    ("desk", "reason"),
    [
        (DeskState(), None),
        (DeskState(idle_s=4 * 60 + 59), None),
        (DeskState(idle_s=5 * 60), WaitReason.AWAY),
        (DeskState(locked=True), WaitReason.AWAY),
        (DeskState(do_not_disturb=True), WaitReason.DO_NOT_DISTURB),
        (DeskState(full_screen=True), WaitReason.FULL_SCREEN),
        (DeskState(idle_s=3600, do_not_disturb=True), WaitReason.AWAY),
        (DeskState(idle_s=None), None),  # cannot tell: on time
    ],
)
def test_why_a_reminder_waits(desk: DeskState, reason: WaitReason | None) -> None:
    assert wait_reason(ReminderSettings(), desk) is reason


def test_the_busy_waits_are_settings() -> None:
    from dataclasses import replace

    off = replace(ReminderSettings(), wait_in_do_not_disturb=False, wait_while_full_screen=False)
    assert wait_reason(off, DeskState(do_not_disturb=True, full_screen=True)) is None


def test_back_from_away_it_comes_a_minute_later_and_away_again_starts_over() -> None:
    settings = ReminderSettings()
    away, back = DeskState(idle_s=600), DeskState(idle_s=1)
    hold: ReminderHold | None = ReminderHold(WaitReason.AWAY)
    assert hold is not None
    hold = hold.update(settings, back, monday(10))
    assert hold == ReminderHold(WaitReason.AWAY, monday(10))
    hold = hold.update(settings, back, monday(10) + timedelta(seconds=59))
    assert hold is not None
    assert hold.wait_s(monday(10) + timedelta(seconds=59)) == 1
    hold = hold.update(settings, away, monday(10, 1))
    assert hold == ReminderHold(WaitReason.AWAY), "gone again: the minute starts over"
    hold = hold.update(settings, back, monday(10, 2))
    assert hold is not None
    assert hold.update(settings, back, monday(10, 3)) is None


def test_busy_after_away_still_waits_the_minute_then_comes_when_free() -> None:
    settings = ReminderSettings()
    hold = ReminderHold(WaitReason.AWAY).update(settings, DeskState(full_screen=True), monday(10))
    assert hold == ReminderHold(WaitReason.FULL_SCREEN, monday(10))
    assert hold.update(settings, DeskState(), monday(10, 5)) is None


def test_do_not_disturb_ends_and_it_comes_at_once() -> None:
    hold = ReminderHold(WaitReason.DO_NOT_DISTURB)
    assert hold.update(ReminderSettings(), DeskState(), monday(10)) is None
