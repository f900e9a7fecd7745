"""The reminder schedule on the Qt event loop: one timer, armed from a fake wall clock, woken by the test."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from pytestqt.qtbot import QtBot

from sciatica_timer.core.reminders import Reminder, ReminderKind
from sciatica_timer.core.settings import Minute, ReminderSettings, Settings
from sciatica_timer.ui.desk.reminders import RECHECK_MS, ReminderSchedule, local_now

BERLIN = ZoneInfo("Europe/Berlin")
Make = Callable[[Settings], ReminderSchedule]


class FakeWall:
    """The local time, moved only by the test (a suspend is a big step)."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


def monday(hour: int, minute: int = 0, second: float = 0.0) -> datetime:
    return datetime(2024, 6, 3, hour, minute, tzinfo=BERLIN) + timedelta(seconds=second)


def with_reminders(daily_times: tuple[Minute, ...] = (), every_hours: int | None = None) -> Settings:
    reminders = ReminderSettings(daily_times=daily_times, every_hours=every_hours, routine_id="quick-desk")
    return Settings(reminders=reminders)


DAILY_10 = with_reminders(daily_times=(Minute(10, 0),))


class Running:
    """Whether a session runs, as the window would answer."""

    def __init__(self) -> None:
        self.value = False

    def __call__(self) -> bool:
        return self.value


@pytest.fixture
def wall() -> FakeWall:
    return FakeWall(monday(9, 59))


@pytest.fixture
def running() -> Running:
    return Running()


@pytest.fixture
def make(wall: FakeWall, running: Running) -> Iterator[Make]:
    made: list[ReminderSchedule] = []

    def build(settings: Settings) -> ReminderSchedule:
        schedule = ReminderSchedule(settings, wall_clock=wall, session_running=running)
        made.append(schedule)
        return schedule

    yield build
    for schedule in made:
        schedule.stop()
        assert not schedule.timer.isActive()


def upcoming(schedule: ReminderSchedule) -> Reminder:
    reminder = schedule.next_reminder
    assert reminder is not None
    return reminder


def wake(schedule: ReminderSchedule) -> None:
    """What the timer does when it fires."""
    schedule.timer.timeout.emit()


def test_the_timer_is_armed_for_the_reminder_and_rings_it(qtbot: QtBot, wall: FakeWall, make: Make) -> None:
    wall.now = monday(9, 59, 30)
    schedule = make(DAILY_10)
    assert schedule.timer.objectName() == "reminder-next"
    assert schedule.timer.isActive()
    assert schedule.timer.interval() == 30_000
    assert upcoming(schedule).at == monday(10)
    wall.advance(seconds=30)
    with qtbot.waitSignal(schedule.due, timeout=1000) as rang:
        wake(schedule)
    assert rang.args == ["quick-desk"]
    assert schedule.pending is not None
    assert upcoming(schedule).at == datetime(2024, 6, 4, 10, 0, tzinfo=BERLIN)


def test_far_off_reminders_are_looked_at_again_every_minute(wall: FakeWall, make: Make) -> None:
    wall.now = monday(7)
    schedule = make(DAILY_10)
    assert schedule.timer.interval() == RECHECK_MS == 60_000


def test_a_timer_that_wakes_early_rings_nothing_and_waits_for_the_rest(
    qtbot: QtBot, wall: FakeWall, make: Make
) -> None:
    schedule = make(DAILY_10)
    wall.now = monday(9, 59, 59.5)
    with qtbot.assertNotEmitted(schedule.due):
        wake(schedule)
    assert schedule.timer.isActive()
    assert schedule.timer.interval() == 500


def test_a_suspend_over_several_reminders_rings_one(qtbot: QtBot, wall: FakeWall, make: Make) -> None:
    schedule = make(with_reminders(daily_times=(Minute(10, 0), Minute(11, 0), Minute(12, 0))))
    rang: list[str] = []
    schedule.due.connect(rang.append)
    wall.now = monday(13, 30)  # the lid was closed from 09:59 until now
    wake(schedule)
    wake(schedule)
    assert rang == ["quick-desk"]


def test_nothing_rings_while_a_session_runs(
    qtbot: QtBot, wall: FakeWall, running: Running, make: Make
) -> None:
    schedule = make(with_reminders(daily_times=(Minute(10, 0), Minute(15, 0))))
    running.value = True
    wall.now = monday(10, 5)
    with qtbot.assertNotEmitted(schedule.due):
        wake(schedule)
    assert schedule.next_reminder is None
    assert schedule.timer.isActive()  # looking again every minute, to notice the end
    running.value = False
    wall.now = monday(10, 20)
    with qtbot.assertNotEmitted(schedule.due):
        wake(schedule)  # the 10:00 one was answered by the session
    assert upcoming(schedule).at == monday(15)


def test_a_session_answers_a_shown_reminder(
    qtbot: QtBot, wall: FakeWall, running: Running, make: Make
) -> None:
    schedule = make(DAILY_10)
    wall.now = monday(10)
    wake(schedule)
    assert schedule.pending is not None
    running.value = True
    with qtbot.waitSignal(schedule.pending_changed, timeout=1000):
        schedule.check()
    assert schedule.pending is None


def test_snooze_rings_again_after_the_chosen_minutes(qtbot: QtBot, wall: FakeWall, make: Make) -> None:
    schedule = make(DAILY_10)
    schedule.snooze()  # nothing shown yet: nothing to snooze
    assert upcoming(schedule).kind is ReminderKind.DAILY
    wall.now = monday(10)
    wake(schedule)
    schedule.snooze()
    assert schedule.pending is None
    assert upcoming(schedule).kind is ReminderKind.SNOOZED
    assert upcoming(schedule).at == monday(10, 10)  # the settings' 10 minutes
    wall.advance(minutes=10)
    with qtbot.waitSignal(schedule.due, timeout=1000):
        wake(schedule)
    schedule.snooze(25)
    assert upcoming(schedule).at == monday(10, 35)


def test_not_now_lets_the_shown_reminder_go(qtbot: QtBot, wall: FakeWall, make: Make) -> None:
    schedule = make(DAILY_10)
    wall.now = monday(10)
    wake(schedule)
    with qtbot.waitSignal(schedule.pending_changed, timeout=1000):
        schedule.dismiss()
    assert schedule.pending is None
    schedule.snooze()
    assert upcoming(schedule).kind is ReminderKind.DAILY


def test_new_settings_re_arm_the_timer(qtbot: QtBot, wall: FakeWall, make: Make) -> None:
    schedule = make(Settings())
    assert schedule.next_reminder is None
    assert not schedule.timer.isActive()  # reminders are off: nothing wakes
    wall.now = monday(10, 30)
    schedule.set_settings(with_reminders(every_hours=2))
    assert schedule.timer.isActive()
    assert upcoming(schedule).at == monday(11)
    schedule.set_settings(with_reminders(every_hours=1))
    assert upcoming(schedule).at == monday(11)
    assert schedule.timer.interval() == RECHECK_MS
    wall.now = monday(10, 59, 50)
    schedule.check()
    assert schedule.timer.interval() == 10_000


def test_turning_reminders_off_forgets_a_shown_or_snoozed_one(
    qtbot: QtBot, wall: FakeWall, make: Make
) -> None:
    schedule = make(DAILY_10)
    wall.now = monday(10)
    wake(schedule)
    schedule.snooze()
    schedule.set_settings(Settings())
    assert schedule.pending is None
    assert not schedule.timer.isActive()
    schedule.set_settings(DAILY_10)  # back on: the old snooze does not come back
    assert upcoming(schedule).kind is ReminderKind.DAILY


def test_the_last_session_from_the_history_starts_the_count(wall: FakeWall, make: Make) -> None:
    wall.now = monday(10, 45)
    schedule = make(with_reminders(every_hours=2))
    assert upcoming(schedule).at == monday(11)
    schedule.session_ended(monday(10, 30))
    assert upcoming(schedule).at == monday(12, 30)


def test_the_local_time_carries_its_zone() -> None:
    now = local_now()
    assert now.tzinfo is not None
    assert now.utcoffset() is not None
