"""The follow-up question in the real window, on a fake clock: asked on time, saved to the real history file.

Time moves only when the test advances the harness's FakeClock; the schedule's timer is then fired as Qt
would fire it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from sciatica_timer.core.record import SessionStatus
from sciatica_timer.core.settings import FollowUpSettings, Settings
from sciatica_timer.storage.history import HistoryStore
from sciatica_timer.storage.paths import resolve_paths
from sciatica_timer.storage.settings_file import SettingsFile
from sciatica_timer.ui.history.follow_up import MAX_WAIT_MS, FollowUpSchedule
from sciatica_timer.ui.history.follow_up_question import FollowUpQuestion, minutes_words
from tests.ui.player_support import (
    SHORT_ROUTINE,
    Asked,
    Harness,
    click,
    key,
    keys,
    make_harness,
    write_routine,
)

AFTER_MIN = 45


def turn_on(harness: Harness, after_min: int = AFTER_MIN) -> FollowUpSchedule:
    window = harness.window
    window.apply_settings(
        replace(window.settings, follow_up=FollowUpSettings(enabled=True, after_min=after_min))
    )
    return schedule_of(harness)


def schedule_of(harness: Harness) -> FollowUpSchedule:
    schedule = harness.window.follow_ups
    assert schedule is not None
    return schedule


def fire(harness: Harness, seconds: float) -> None:
    """Let ``seconds`` pass, then wake the schedule as its timer would."""
    harness.clock.advance(seconds)
    schedule_of(harness).timer.timeout.emit()


def question(harness: Harness) -> FollowUpQuestion | None:
    """The question, if it is on screen."""
    found = schedule_of(harness).question
    return found if found is not None and found.isVisible() else None


def asked(harness: Harness) -> FollowUpQuestion:
    found = question(harness)
    assert found is not None, "the follow-up question is on screen"
    return found


def finish_session(harness: Harness) -> int:
    """Run the short routine to its end and answer the summary; returns the session's id."""
    harness.start(pain=6)
    session_id = harness.session.journal.session_id if harness.session.journal else None
    assert session_id is not None
    harness.run_to_end()
    summary = harness.window.summary
    assert summary is not None
    click(summary.scale.buttons[4])
    click(summary.save_button)
    assert harness.window.session is None
    return session_id


def stored(harness: Harness, session_id: int) -> tuple[int | None, datetime | None]:
    with harness.reopen_store() as store:
        summary = store.session_detail(session_id).summary
    return summary.followup_pain, summary.followup_at


def test_a_follow_up_is_asked_after_the_set_time_and_saved(harness: Harness) -> None:
    schedule = turn_on(harness)
    session_id = finish_session(harness)
    ended = schedule.now()
    assert schedule.timer.isActive()
    assert schedule.timer.interval() == MAX_WAIT_MS  # 45 minutes away: the timer wakes at least each minute

    fire(harness, AFTER_MIN * 60 - 1)
    assert question(harness) is None
    assert schedule.timer.interval() == 1000, "armed for the last second"
    fire(harness, 1)
    shown = asked(harness)
    assert shown.since.text() == "It is 45 minutes since your Test short session ended."
    assert not shown.save_button.isEnabled()

    QTest.keyClick(shown, Qt.Key.Key_3)
    assert shown.scale_words.text() == "3: mild"
    QTest.keyClick(shown, Qt.Key.Key_Return)
    assert question(harness) is None
    pain, at = stored(harness, session_id)
    assert pain == 3
    assert at is not None
    assert abs((at - (ended + timedelta(minutes=AFTER_MIN))).total_seconds()) < 1
    assert not schedule.timer.isActive(), "nothing else is waiting"

    # The history view draws it as a follow-up score, at the moment it was given.
    harness.window.show_history()
    view = harness.window.history_view
    assert view is not None
    assert view.trends.followups.ids == [session_id]
    assert view.trends.followups.score == [3.0]
    assert view.trends.followups.x == [pytest.approx(at.timestamp())]


def test_skip_stores_no_score_and_is_never_asked_again(harness: Harness) -> None:
    schedule = turn_on(harness)
    session_id = finish_session(harness)
    fire(harness, AFTER_MIN * 60)
    click(asked(harness).skip_button)
    assert question(harness) is None
    pain, at = stored(harness, session_id)
    assert pain is None
    assert at is not None, "the skip is remembered, so a restart does not ask again"
    fire(harness, 3600)
    assert question(harness) is None
    schedule.restore()
    fire(harness, 60)
    assert question(harness) is None
    harness.window.show_history()
    view = harness.window.history_view
    assert view is not None
    assert view.trends.followups.ids == []


def test_ask_again_later(harness: Harness) -> None:
    turn_on(harness)
    session_id = finish_session(harness)
    fire(harness, AFTER_MIN * 60)
    click(asked(harness).later_button)
    assert question(harness) is None
    fire(harness, 9 * 60)
    assert question(harness) is None
    fire(harness, 60)
    shown = asked(harness)
    assert shown.since.text() == "It is 55 minutes since your Test short session ended."
    QTest.keyClick(shown, Qt.Key.Key_Escape)  # Esc, too, means "later"
    assert question(harness) is None
    fire(harness, 10 * 60)
    click(asked(harness).scale.buttons[2])
    click(asked(harness).save_button)
    assert stored(harness, session_id)[0] == 2


def test_off_by_default_asks_nothing(harness: Harness) -> None:
    assert not harness.window.settings.follow_up.enabled
    session_id = finish_session(harness)
    schedule = schedule_of(harness)
    assert len(schedule.waiting) == 0
    fire(harness, 2 * 3600)
    assert schedule.question is None
    assert stored(harness, session_id) == (None, None)


def test_turning_it_off_withdraws_the_question(harness: Harness) -> None:
    schedule = turn_on(harness)
    finish_session(harness)
    fire(harness, AFTER_MIN * 60)
    asked(harness)
    window = harness.window
    window.apply_settings(replace(window.settings, follow_up=FollowUpSettings(enabled=False)))
    assert question(harness) is None
    assert len(schedule.waiting) == 0
    assert not schedule.timer.isActive()


def test_a_changed_time_moves_what_is_waiting(harness: Harness) -> None:
    turn_on(harness)
    finish_session(harness)
    turn_on(harness, after_min=20)
    fire(harness, 20 * 60)
    assert asked(harness).since.text() == "It is 20 minutes since your Test short session ended."


def test_never_asked_during_a_session(harness: Harness) -> None:
    schedule = turn_on(harness)
    first = finish_session(harness)
    harness.start()  # the next session, waiting at "find the point"
    fire(harness, AFTER_MIN * 60 + 60)
    assert question(harness) is None
    assert schedule.timer.interval() == MAX_WAIT_MS, "checks again later"
    harness.window.request_stop()  # `asked` answers "yes, stop"
    summary = harness.window.summary
    assert summary is not None
    assert question(harness) is None, "not over the summary either"
    click(summary.skip_button)
    shown = asked(harness)  # back on the start screen: now
    assert shown.since.text() == "It is 46 minutes since your Test short session ended."
    click(shown.scale.buttons[5])
    click(shown.save_button)
    assert stored(harness, first)[0] == 5


# -- after a restart ---------------------------------------------------------------------------------------


@pytest.fixture
def restarted(qtbot: QtBot, tmp_path: Path, asked: Asked) -> Iterator[tuple[Harness, dict[str, int]]]:
    """A history with sessions from the last hours, follow-ups on, then the window opens."""
    data = tmp_path / "data"
    paths = resolve_paths(data)
    write_routine(paths, SHORT_ROUTINE)
    SettingsFile(paths.settings_file).save(Settings(follow_up=FollowUpSettings(enabled=True, after_min=45)))
    now = datetime.now().astimezone()
    ids: dict[str, int] = {}
    with HistoryStore.open(paths.database) as store:

        def session(name: str, ended_ago_min: int, status: SessionStatus = SessionStatus.COMPLETED) -> int:
            ended = now - timedelta(minutes=ended_ago_min)
            session_id = store.begin_session("test-short", name, {}, ended - timedelta(minutes=10), 6)
            store.finish_session(session_id, status, ended, active_s=600, paused_s=0)
            ids[name] = session_id
            return session_id

        session("Missed", 50)  # due 5 minutes ago: asked at once
        session("Soon", 30)  # due in 15 minutes
        session("Stopped early", 20, SessionStatus.STOPPED)  # due in 25 minutes
        session("Too long ago", 5 * 60)
        answered = session("Answered", 50)
        store.update_session(answered, followup_pain=4, followup_at=now - timedelta(minutes=5))
        skipped = session("Skipped", 55)
        store.update_session(skipped, followup_at=now - timedelta(minutes=10))
        cut = store.begin_session("test-short", "Cut short", {}, now - timedelta(minutes=60), 6)
        ids["Cut short"] = cut  # in progress and its writer gone: interrupted, never followed up
    found = make_harness(qtbot, data)
    yield found, ids
    found.window.close()


def test_after_a_restart_what_was_missed_is_asked_and_the_rest_waits(
    restarted: tuple[Harness, dict[str, int]],
) -> None:
    harness, ids = restarted
    schedule = schedule_of(harness)
    assert set(schedule.waiting._waiting) == {ids["Missed"], ids["Soon"], ids["Stopped early"]}
    shown = asked(harness)
    assert shown.since.text() == "It is 50 minutes since your Missed session ended."
    click(shown.scale.buttons[4])
    click(shown.save_button)
    assert stored(harness, ids["Missed"])[0] == 4
    assert question(harness) is None

    fire(harness, 14 * 60)
    assert question(harness) is None
    fire(harness, 60)
    assert asked(harness).since.text() == "It is 45 minutes since your Soon session ended."
    click(asked(harness).skip_button)
    fire(harness, 10 * 60)
    assert asked(harness).since.text() == "It is 45 minutes since your Stopped early session ended."
    click(asked(harness).skip_button)
    fire(harness, 4 * 3600)
    assert question(harness) is None
    for name in ("Too long ago", "Cut short"):
        assert stored(harness, ids[name]) == (None, None)
    assert stored(harness, ids["Answered"])[0] == 4


def test_after_a_restart_the_missed_question_comes_up_by_itself(
    restarted: tuple[Harness, dict[str, int]],
) -> None:
    """Nothing asks for the follow-ups: they are restored on the turn after the start screen is complete."""
    from PySide6.QtWidgets import QApplication

    harness, _ids = restarted

    def on_screen() -> list[FollowUpQuestion]:
        return [w for w in QApplication.allWidgets() if isinstance(w, FollowUpQuestion) and w.isVisible()]

    harness.qtbot.waitUntil(lambda: len(on_screen()) == 1)
    assert on_screen()[0].since.text() == "It is 50 minutes since your Missed session ended."


def test_the_store_lists_sessions_awaiting_a_follow_up(restarted: tuple[Harness, dict[str, int]]) -> None:
    harness, _ids = restarted
    since = datetime.now().astimezone() - timedelta(hours=2)
    with harness.reopen_store() as store:
        names = [s.routine_name for s in store.awaiting_follow_up(since)]
    # Oldest end first; "Missed" was asked at once on opening and is still unanswered.
    assert names == ["Missed", "Soon", "Stopped early"]


def test_minutes_words() -> None:
    assert minutes_words(1) == "1 minute"
    assert minutes_words(45) == "45 minutes"
    assert minutes_words(60) == "1 hour"
    assert minutes_words(125) == "2 hours and 5 minutes"
    assert minutes_words(61) == "1 hour and 1 minute"


def test_a_follow_up_typed_as_one_then_zero_stores_ten(harness: Harness) -> None:
    turn_on(harness)
    session_id = finish_session(harness)
    fire(harness, AFTER_MIN * 60)
    shown = asked(harness)
    keys(harness.qtbot, shown, "11")
    assert shown.scale.score() is None
    assert shown.scale.refusal.isVisible()
    assert not shown.save_button.isEnabled()
    keys(harness.qtbot, shown, "10")
    assert shown.scale_words.text() == "10: worst imaginable"
    key(harness.qtbot, shown, Qt.Key.Key_Return)
    assert stored(harness, session_id)[0] == 10
    assert harness.window.last_saved == "Saved: pain 10 (follow-up)"
