"""A whole session through the window: what the player shows at each phase, and its keys."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QApplication

from sciatica_timer.core.engine import EngineState
from sciatica_timer.core.plan import PhaseKind, Side
from sciatica_timer.core.record import SessionStatus
from sciatica_timer.core.session_events import PhaseStarted
from sciatica_timer.session.session_timer import SLOW_REFRESH_INTERVAL_MS, SMOOTH_REFRESH_INTERVAL_MS
from sciatica_timer.storage.resources import load_point_library
from sciatica_timer.ui.common.words import ACHE_REMINDER
from tests.ui.player_support import Asked, Harness, click, press, shows


def test_the_player_waits_to_start_and_shows_the_first_step(harness: Harness) -> None:
    harness.open_player()
    player = harness.player
    assert harness.state() is EngineState.READY
    assert player.phase_label.text() == "Get ready"
    assert player.where_label.text() == "First: BL23 · Kidney Shu, left side"
    assert shows(player.center_stack, player.ready_button)
    assert player.details.title.text() == "BL23 · Kidney Shu"
    assert player.pause_button.text() == "Start"
    assert not player.pain_button.isEnabled(), "nothing to stop before the start"
    assert player.time_left_label.text() == "59 s left"
    assert harness.session.timer is None, "no timer runs before the start"
    harness.key(Qt.Key.Key_Space)
    assert harness.state() is EngineState.WAITING


def test_a_whole_session_shows_each_phase(harness: Harness) -> None:
    harness.start()
    player = harness.player
    point = load_point_library().get("BL23")

    # Locate: waits for the user, however long it takes; the "Find it" text comes first.
    assert player.phase_label.text() == "Find the point"
    assert player.where_label.text() == "Left side"
    assert shows(player.center_stack, player.found_button)
    assert player.details.section_order() == ["locate", "press", "cautions"]
    assert player.picture.view == "lower-back"
    assert player.picture.marker == point.marker(Side.LEFT)
    harness.advance(600)
    assert harness.state() is EngineState.WAITING
    harness.key(Qt.Key.Key_Return)

    # Press: the countdown, repetition n of N and the reminder that it should ache, not hurt.
    assert player.phase_label.text() == "Press gently"
    assert player.where_label.text() == "Left side · Repetition 1 of 2"
    assert player.center_stack.currentWidget() is player.dial
    assert player.reminder_label.isVisibleTo(player)
    assert player.reminder_label.text() == ACHE_REMINDER
    assert player.then_label.text() == "Then: hold, 5 s"
    assert player.details.section_order() == ["press", "locate", "cautions"]
    assert player.dial.reading.seconds_left == 2
    harness.advance(0.5)
    assert player.dial.reading.seconds_left == 1.5
    assert player.dial.reading.fraction_left == 0.75

    harness.advance(1.5)
    assert player.phase_label.text() == "Hold"
    assert player.reminder_label.isVisibleTo(player)
    assert player.dial.reading.seconds_left == 5
    assert player.dial.reading.breath is None

    harness.advance(5)
    assert player.phase_label.text() == "Release slowly"
    assert not player.reminder_label.isVisibleTo(player)

    harness.advance(2)
    assert player.phase_label.text() == "Breathe"
    breath = player.dial.reading.breath
    assert breath is not None
    assert breath.inhaling
    harness.advance(1.5)  # the routine's pattern: 1 s in, 2 s out
    breath = player.dial.reading.breath
    assert breath is not None
    assert not breath.inhaling
    assert player.then_label.text() == "Then: press gently, 2 s"

    harness.until(PhaseKind.LOCATE, "right")
    assert player.where_label.text() == "Right side"
    assert player.picture.marker == point.marker(Side.RIGHT)
    harness.key(Qt.Key.Key_Return)
    harness.until(PhaseKind.HOLD, "right")
    assert player.where_label.text() == "Right side · Repetition 1 of 2"

    # The activity paces the breath with its own pattern and shows its instructions, with its picture.
    harness.until(PhaseKind.ACTIVITY)
    assert player.phase_label.text() == "Gentle stretch"
    assert player.picture.marker is None
    assert player.details.step_text.text() == "Reach up slowly."
    assert player.dial.reading.breath is not None
    assert player.next_label.text() == "Next step: Rest"

    harness.until(PhaseKind.REST)
    assert player.phase_label.text() == "Rest"
    assert player.details.step_text.text() == "Lie still for a moment."
    assert player.dial.reading.breath is None
    assert player.next_label.text() == "Last step"

    harness.run_to_end()
    summary = harness.window.summary
    assert summary is not None
    assert harness.window.screens.currentWidget() is summary
    assert summary.heading.text() == "Well done: routine complete"
    assert summary.points_value.text() == "1 of 1"
    assert not harness.session.timer_active(), "the session's timers stop when it ends"
    with harness.reopen_store() as store:
        (saved,) = store.sessions()
    assert saved.status is SessionStatus.COMPLETED


def test_progress_and_time_left_follow_the_routine(harness: Harness) -> None:
    harness.start()
    player = harness.player
    harness.key(Qt.Key.Key_Return)
    assert player.progress.fraction == 0
    harness.advance(2)
    total = harness.engine.plan.total_s
    assert player.progress.fraction == pytest.approx(2 / total)
    assert player.progress.accessibleDescription() == f"{int(2 / total * 100)} percent done"
    assert player.time_left_label.text() == f"{round(total - 2)} s left"


def test_keys_pause_skip_go_back_and_jump_a_step(harness: Harness) -> None:
    harness.start()
    player = harness.player
    harness.key(Qt.Key.Key_Return)  # found it: press begins

    harness.key(Qt.Key.Key_Space)
    assert harness.state() is EngineState.PAUSED
    assert player.pause_button.text() == "Resume"
    assert player.dial.reading.caption == "paused"
    harness.clock.advance(30)
    harness.key(Qt.Key.Key_Space)
    assert harness.state() is EngineState.RUNNING
    assert player.dial.reading.caption == ""

    harness.key(Qt.Key.Key_Right)
    assert player.phase_label.text() == "Hold"
    harness.key(Qt.Key.Key_Right)
    assert player.phase_label.text() == "Release slowly"

    harness.key(Qt.Key.Key_Left)  # restarts the step: back to finding the point
    assert player.phase_label.text() == "Find the point"

    harness.key(Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    assert player.phase_label.text() == "Gentle stretch"


def test_keys_work_after_a_button_was_clicked(harness: Harness) -> None:
    """A click leaves the focus on the player, so Space still pauses instead of clicking Skip again."""
    harness.start()
    harness.key(Qt.Key.Key_Return)
    harness.player.setFocus()
    click(harness.player.skip_button)
    assert harness.player.phase_label.text() == "Hold"
    assert not harness.player.skip_button.hasFocus()
    harness.key(Qt.Key.Key_Space)
    assert harness.state() is EngineState.PAUSED
    assert harness.player.phase_label.text() == "Hold"


def test_arrow_keys_reach_the_player_from_a_focused_button(harness: Harness) -> None:
    harness.start()
    harness.key(Qt.Key.Key_Return)
    harness.player.back_button.setFocus()
    press(harness.player.back_button, Qt.Key.Key_Right)
    assert harness.player.phase_label.text() == "Hold"


def test_stop_asks_first_and_keeps_going_when_told_to(harness: Harness, asked: Asked) -> None:
    harness.start()
    harness.key(Qt.Key.Key_Return)
    asked.answers = [False]
    harness.key(Qt.Key.Key_Escape)
    assert asked.questions == ["Stop the session?"]
    assert harness.state() is EngineState.RUNNING, "paused while asking, then resumed"

    asked.answers = [True]
    harness.key(Qt.Key.Key_Escape)
    assert harness.state() is EngineState.STOPPED
    summary = harness.window.summary
    assert summary is not None
    assert summary.heading.text() == "Session stopped"
    with harness.reopen_store() as store:
        (saved,) = store.sessions()
    assert saved.status is SessionStatus.STOPPED


def test_escape_before_the_start_goes_back_without_asking(harness: Harness, asked: Asked) -> None:
    harness.open_player()
    harness.key(Qt.Key.Key_Escape)
    assert asked.questions == []
    assert harness.window.screens.currentWidget() is harness.window.start_screen
    assert harness.window.session is None
    with harness.reopen_store() as store:
        assert store.sessions() == [], "a session that never started leaves no trace"


def test_sharp_pain_stops_at_once_records_why_and_says_what_to_do(harness: Harness, asked: Asked) -> None:
    harness.start(pain=4)
    harness.until(PhaseKind.HOLD, "left")
    harness.advance(2)
    click(harness.player.pain_button)
    assert asked.questions == [], "no question stands between sharp pain and stopping"
    assert harness.state() is EngineState.STOPPED
    summary = harness.window.summary
    assert summary is not None
    assert harness.window.screens.currentWidget() is summary
    assert summary.advice.isVisibleTo(summary)
    assert "Stop pressing" in summary.advice.accessibleName()
    assert "doctor or physiotherapist" in summary.advice_text.text()
    with harness.reopen_store() as store:
        (saved,) = store.sessions()
    assert saved.status is SessionStatus.STOPPED_FOR_PAIN
    assert saved.stop_reason == "sharp pain during hold at BL23, left side"
    assert saved.pain_before == 4


def test_a_suspend_pause_says_why(harness: Harness) -> None:
    harness.start()
    harness.key(Qt.Key.Key_Return)
    harness.advance(1)
    harness.probe.report(12 * 60)
    harness.advance(12 * 60)
    player = harness.player
    assert harness.state() is EngineState.PAUSED
    notice = player.notice_text(player.suspend_notice)
    assert "asleep for 12 min" in notice
    assert "paused" in notice
    harness.key(Qt.Key.Key_Space)
    assert player.notice_text(player.suspend_notice) == ""


def test_a_suspend_at_a_locate_step_keeps_waiting(harness: Harness) -> None:
    harness.start()
    harness.probe.report(300)
    harness.advance(300)
    assert harness.state() is EngineState.WAITING
    assert "still waiting" in harness.player.notice_text(harness.player.suspend_notice)


def test_the_display_refreshes_only_while_the_player_is_seen(harness: Harness) -> None:
    harness.start()
    harness.key(Qt.Key.Key_Return)
    timer = harness.session.timer
    assert timer is not None
    assert timer._refresh.isActive()
    harness.window.showMinimized()
    harness.qtbot.waitUntil(lambda: not timer._refresh.isActive())
    harness.window.showNormal()
    harness.qtbot.waitUntil(timer._refresh.isActive)


def test_the_player_follows_events_not_its_own_state(harness: Harness) -> None:
    """A command issued straight to the engine shows up all the same: the view keeps no session state."""
    harness.start()
    seen: list[object] = []
    harness.session.session_event.connect(seen.append)
    harness.engine.confirm_ready()
    assert any(isinstance(event, PhaseStarted) for event in seen)
    assert harness.player.phase_label.text() == "Press gently"


def test_the_display_refreshes_faster_only_for_the_breathing_pacer(harness: Harness) -> None:
    harness.start()
    harness.key(Qt.Key.Key_Return)
    timer = harness.session.timer
    assert timer is not None
    assert timer.refresh_interval_ms == SLOW_REFRESH_INTERVAL_MS, "a countdown ring moves slowly"
    harness.until(PhaseKind.BREATHE, "left")
    assert timer.refresh_interval_ms == SMOOTH_REFRESH_INTERVAL_MS, "the pacer's circle moves smoothly"
    harness.until(PhaseKind.PRESS, "left")
    assert timer.refresh_interval_ms == SLOW_REFRESH_INTERVAL_MS


def test_a_refresh_interval_must_be_above_zero(harness: Harness) -> None:
    harness.start()
    timer = harness.session.timer
    assert timer is not None
    with pytest.raises(ValueError, match="above 0 ms"):
        timer.set_refresh_interval(0)


def test_the_pacer_breathes_four_in_six_out_when_the_routine_gives_no_pattern() -> None:
    from sciatica_timer.core.clock import FakeClock
    from sciatica_timer.core.engine import SessionEngine
    from sciatica_timer.ui.player.player import dial_reading
    from tests.core.plan_factory import B, make_plan

    clock = FakeClock()
    engine = SessionEngine(make_plan([(B, 20)]), clock)
    engine.start()
    clock.advance(3.9)
    reading = dial_reading(engine)
    assert reading is not None
    assert reading.breath is not None
    assert reading.breath.inhaling
    clock.advance(0.2)  # 4.1 s: breathing out
    reading = dial_reading(engine)
    assert reading is not None
    assert reading.breath is not None
    assert not reading.breath.inhaling
    clock.advance(6.0)  # 10.1 s: in again
    reading = dial_reading(engine)
    assert reading is not None
    assert reading.breath is not None
    assert reading.breath.inhaling


class _Counter(QObject):
    """Counts the events of one type an object receives."""

    def __init__(self, kind: QEvent.Type) -> None:
        super().__init__()
        self.kind = kind
        self.count = 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == self.kind:
            self.count += 1
        return False


def test_a_new_phase_of_the_same_point_does_not_lay_its_details_out_again(harness: Harness) -> None:
    """Press, hold and release keep the details in the same order: nothing in the column moves, so the
    long wrapped texts are not laid out again at each phase (finding the point puts "Find it" first)."""
    harness.start()
    harness.key(Qt.Key.Key_Return)  # found it: press
    player = harness.player
    QApplication.sendPostedEvents()
    counter = _Counter(QEvent.Type.LayoutRequest)
    player.details.installEventFilter(counter)
    harness.until(PhaseKind.HOLD, "left")
    QApplication.sendPostedEvents()
    assert player.phase_label.text() == "Hold"
    assert player.details.section_order() == ["press", "locate", "cautions"]
    assert counter.count == 0, "the details stayed where they were"
    harness.until(PhaseKind.LOCATE, "right")  # the other side: finding the point again comes first
    QApplication.sendPostedEvents()
    assert player.details.section_order() == ["locate", "press", "cautions"]
    assert counter.count > 0, "the sections moved: the column is laid out again"
    player.details.removeEventFilter(counter)


def test_the_countdown_and_the_marker_move_once_a_second_outside_breathing(harness: Harness) -> None:
    """One display refresh a second in a hold: the number, the ring and the marker's pulse move together,
    in one repaint, on the second."""
    harness.start()
    harness.key(Qt.Key.Key_Return)
    harness.until(PhaseKind.HOLD, "left")
    timer = harness.session.timer
    assert timer is not None
    assert timer.refresh_interval_ms == 1000
    assert timer.next_refresh_ms() == 1001, "the hold has just started: its first second turns in 1 s"
    harness.advance(1)
    assert harness.player.dial.reading.seconds_left == 4
    assert timer.next_refresh_ms() == 1001


def test_a_flash_of_the_phase_repaints_the_phase_label_alone(harness: Harness) -> None:
    """Each cue flashes the phase's name: the label paints its own background, so the page and the window
    behind it are not repainted with it."""
    harness.start()
    harness.key(Qt.Key.Key_Return)
    player = harness.player
    harness.qtbot.waitExposed(harness.window)
    QApplication.sendPostedEvents()
    label_paints, page_paints = _Counter(QEvent.Type.Paint), _Counter(QEvent.Type.Paint)
    player.phase_label.installEventFilter(label_paints)
    player.installEventFilter(page_paints)
    player.flash_phase("press")
    harness.qtbot.waitUntil(lambda: label_paints.count > 0)
    assert player.phase_label.property("role") == "accent"
    assert page_paints.count == 0, "the page behind the label was not painted again"
    player._flash_end.stop()
    player.phase_label.removeEventFilter(label_paints)
    player.removeEventFilter(page_paints)
