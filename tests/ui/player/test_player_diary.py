"""The pain check before a session and the summary after it, saved into a real history."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt

from sciatica_timer.core.diary import PainRegion, PainSide
from sciatica_timer.core.plan import PhaseKind
from sciatica_timer.core.record import SessionStatus
from sciatica_timer.errors import UserError
from sciatica_timer.storage.history import HistoryStore
from sciatica_timer.ui.start.interrupted_flow import interrupted_row
from tests.ui.player_support import Harness, click, press, type_text


def test_the_pain_check_offers_anchors_and_can_be_skipped(harness: Harness) -> None:
    harness.choose()
    check = harness.window.pain_check
    assert check is not None
    assert harness.window.screens.currentWidget() is check
    assert check.routine_label.text() == "Test short"
    assert not check.continue_button.isEnabled(), "Continue needs a score; Skip does not"
    assert check.scale.buttons[0].accessibleName() == "Pain 0 of 10: no pain"
    assert check.scale.buttons[10].accessibleName() == "Pain 10 of 10: worst imaginable"
    press(check, Qt.Key.Key_7)
    assert check.scale.score() == 7
    assert check.scale_words.text() == "7: severe"
    assert check.continue_button.isEnabled()
    click(check.skip_button)
    assert harness.window.screens.currentWidget() is harness.player
    assert harness.session.pain_before is None


def test_a_region_chosen_twice_is_cleared(harness: Harness) -> None:
    harness.choose()
    check = harness.window.pain_check
    assert check is not None
    button = check.region.buttons["calf"]
    click(button)
    assert check.region.value() == "calf"
    click(check.region.buttons["foot"])
    assert check.region.value() == "foot"
    click(check.region.buttons["foot"])
    assert check.region.value() is None


def test_the_pain_before_and_where_it_reaches_are_saved(harness: Harness) -> None:
    harness.choose()
    check = harness.window.pain_check
    assert check is not None
    check.scale.buttons[6].click()
    check.region.buttons["thigh"].click()
    check.side.buttons["left"].click()
    press(check, Qt.Key.Key_Return)
    harness.key(Qt.Key.Key_Space)
    harness.run_to_end()
    with harness.reopen_store() as store:
        (session,) = store.sessions()
        assert store.diary() == [], "one record per moment: the session keeps where it hurt"
        assert len(store.recent()) == 1
    assert session.pain_before == 6
    assert (session.pain_region, session.pain_side) == (PainRegion.THIGH, PainSide.LEFT)


def test_back_from_the_pain_check_returns_to_the_routines(harness: Harness) -> None:
    harness.choose()
    check = harness.window.pain_check
    assert check is not None
    press(check, Qt.Key.Key_Escape)
    assert harness.window.screens.currentWidget() is harness.window.start_screen
    assert harness.window.session is None


def test_the_summary_saves_pain_after_and_a_note(harness: Harness) -> None:
    harness.start(pain=6)
    harness.run_to_end()
    summary = harness.window.summary
    assert summary is not None
    assert summary.pain_value.text() == "6 before"
    assert summary.duration_value.text() == "59 s"
    press(summary, Qt.Key.Key_3)
    assert summary.pain_value.text() == "6 → 3 (3 less)"
    type_text(summary.note, "Calf felt looser")
    press(summary.note, Qt.Key.Key_Return)  # a second line, not a save
    type_text(summary.note, "after the walk")
    assert harness.window.screens.currentWidget() is summary
    press(summary.note, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)

    assert harness.window.screens.currentWidget() is harness.window.start_screen
    assert "pain 6 → 3 (3 less)" in harness.window.start_screen.last_session.text().replace("\u00a0", " ")
    assert harness.window.session is None
    with harness.reopen_store() as store:
        (session,) = store.sessions()
    assert session.status is SessionStatus.COMPLETED
    assert (session.pain_before, session.pain_after, session.note) == (
        6,
        3,
        "Calf felt looser\nafter the walk",
    )


def test_finishing_without_an_answer_keeps_the_session(harness: Harness) -> None:
    harness.start()
    harness.run_to_end()
    summary = harness.window.summary
    assert summary is not None
    assert summary.pain_value.text() == "not asked"
    click(summary.skip_button)
    with harness.reopen_store() as store:
        (session,) = store.sessions()
    assert session.pain_after is None
    assert session.status is SessionStatus.COMPLETED


def test_a_failed_save_offers_to_try_again(harness: Harness, monkeypatch: pytest.MonkeyPatch) -> None:
    store = harness.window.store
    assert store is not None
    real_finish = HistoryStore.finish_session
    failures = [UserError("cannot save the session: history.sqlite3: the disk is full")]

    def finish_once_failing(self: HistoryStore, *args: object, **kwargs: object) -> None:
        if failures:
            raise failures.pop()
        real_finish(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(HistoryStore, "finish_session", finish_once_failing)
    harness.start()
    harness.run_to_end()
    summary = harness.window.summary
    assert summary is not None
    assert "the disk is full" in summary.save_problem()
    assert summary.retry_button.isVisibleTo(summary)
    click(summary.retry_button)
    assert summary.save_problem() == ""
    with harness.reopen_store() as reader:
        (session,) = reader.sessions()
    assert session.status is SessionStatus.COMPLETED


def test_the_last_session_line_on_the_start_screen(harness: Harness) -> None:
    assert harness.window.start_screen.last_session.text() == "No sessions yet: your first one starts here."
    harness.start(pain=5)
    harness.run_to_end()
    summary = harness.window.summary
    assert summary is not None
    summary.scale.buttons[5].click()
    click(summary.save_button)
    line = harness.window.start_screen.last_session.text()
    assert line.startswith("Last session: Test short, today at ")
    assert line.endswith("· 59\u00a0s · pain\u00a05\u00a0→\u00a05\u00a0(no\u00a0change)"), (
        "no break inside a phrase"
    )


def test_a_session_cut_short_mid_step_is_offered_with_the_time_it_ran(harness: Harness) -> None:
    harness.start(pain=5)
    harness.until(PhaseKind.PRESS)  # past "find the point"
    harness.advance(2.0)  # the press
    harness.advance(4.0)  # four seconds into the hold: the first step is far from finished
    session_id = harness.session.journal.session_id if harness.session.journal else None
    assert session_id is not None
    with harness.reopen_store() as store:
        summary = store.session_detail(session_id).summary
    assert summary.active_s == 6.0, "the time so far is written while the step runs"
    assert summary.status is SessionStatus.IN_PROGRESS
    # What the start screen offers after a crash at this moment:
    row = interrupted_row(summary, summary.started + timedelta(minutes=1))
    assert "cut short after 6 s" in row.text
