"""The list of sessions waiting for a follow-up: when each is due, snoozing, settling, dropping late ones."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sciatica_timer.core.follow_up import LATE_LIMIT, SNOOZE, FollowUpList

T0 = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)


def minutes(n: float) -> timedelta:
    return timedelta(minutes=n)


def test_due_after_the_set_time_earliest_first() -> None:
    waiting = FollowUpList()
    assert waiting.add(2, "Later", T0 + minutes(5), 45)
    assert waiting.add(1, "First", T0, 45)
    assert waiting.next_due() == T0 + minutes(45)
    assert waiting.due(T0 + minutes(44)) is None
    due = waiting.due(T0 + minutes(50))
    assert due is not None
    assert due.session_id == 1
    assert due.minutes_since_end(T0 + minutes(50)) == 50


def test_a_known_or_settled_session_is_not_added_again() -> None:
    waiting = FollowUpList()
    assert waiting.add(1, "A", T0, 45)
    assert not waiting.add(1, "A", T0, 45)
    waiting.settle(1)
    assert 1 not in waiting
    assert not waiting.add(1, "A", T0, 45), "answered or skipped: never asked again in this run"
    assert waiting.next_due() is None


def test_snooze_moves_one_and_keeps_it_off_the_setting() -> None:
    waiting = FollowUpList()
    waiting.add(1, "A", T0, 45)
    waiting.snooze(1, T0 + minutes(45))
    assert waiting.next_due() == T0 + minutes(45) + SNOOZE
    waiting.retime(20)
    assert waiting.next_due() == T0 + minutes(45) + SNOOZE, "a snoozed question keeps its new time"
    waiting.add(2, "B", T0, 45)
    waiting.retime(20)
    assert waiting.next_due() == T0 + minutes(20)


def test_far_too_late_is_dropped() -> None:
    waiting = FollowUpList()
    waiting.add(1, "A", T0, 45)
    assert waiting.due(T0 + minutes(45) + LATE_LIMIT + minutes(1)) is None
    assert len(waiting) == 0


def test_clear_forgets_only_what_waits() -> None:
    waiting = FollowUpList()
    waiting.add(1, "A", T0, 45)
    waiting.settle(1)
    waiting.add(2, "B", T0, 45)
    waiting.clear()
    assert len(waiting) == 0
    assert waiting.add(2, "B", T0, 45), "turned on again, the history brings it back"
    assert not waiting.add(1, "A", T0, 45)
