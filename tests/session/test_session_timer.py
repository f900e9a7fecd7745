"""The Qt driver wakes the engine on real timers: each phase fires once, in order, and no timer lingers."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from sciatica_timer.core.clock import FakeClock, MonotonicClock, ScaledClock
from sciatica_timer.core.engine import EngineState, SessionEngine
from sciatica_timer.core.session_events import PhaseStarted, SessionCompleted, SessionEvent
from sciatica_timer.session.session_timer import SessionTimer
from tests.core.plan_factory import H, P, R, make_plan, point_step


def test_runs_a_session_to_the_end_on_real_timers(qtbot: QtBot) -> None:
    plan = make_plan(point_step(2, press=1, hold=2, release=1, breathe=1), [(P, 1), (H, 1), (R, 1)])
    clock = ScaledClock(MonotonicClock(), 50.0)  # 13 s of plan in about a quarter of a second
    engine = SessionEngine(plan, clock)
    timer = SessionTimer(engine, clock)
    seen: list[SessionEvent] = []
    timer.engine_event.connect(seen.append)

    def completed(event: SessionEvent) -> bool:
        return isinstance(event, SessionCompleted)

    with qtbot.waitSignal(timer.engine_event, check_params_cb=completed, timeout=10_000):
        engine.start()
        timer.rearm()
    started = [e.phase_index for e in seen if isinstance(e, PhaseStarted)]
    assert started == list(range(len(plan.phases)))
    assert all(e.late_s >= 0 for e in seen)
    assert engine.state is EngineState.COMPLETED
    assert not timer.is_active(), "no timer is left running after the session"
    timer.shutdown()


def test_arms_for_the_next_deadline_and_stops_when_paused(qtbot: QtBot) -> None:
    clock = FakeClock()
    engine = SessionEngine(make_plan([(H, 30)]), clock, countdown_from=0)
    timer = SessionTimer(engine, clock)
    engine.start()
    deadline_timer = timer.findChild(type(timer._deadline), "session-deadline")
    assert deadline_timer is not None
    assert deadline_timer.isActive()
    assert deadline_timer.interval() in (29_999, 30_000)
    engine.pause()
    assert not deadline_timer.isActive(), "a paused session arms nothing"
    clock.advance(5)
    engine.resume()
    assert deadline_timer.interval() in (29_999, 30_000)
    timer.shutdown()
    assert not timer.is_active()


def test_display_refresh_runs_only_while_visible_and_running(qtbot: QtBot) -> None:
    clock = FakeClock()
    engine = SessionEngine(make_plan([(H, 30)]), clock)
    timer = SessionTimer(engine, clock)
    engine.start()
    assert not timer._refresh.isActive(), "nobody is looking yet"
    timer.set_display_active(True)
    assert timer._refresh.isActive()
    with qtbot.waitSignal(timer.refresh, timeout=2_000):
        pass
    engine.pause()
    assert not timer._refresh.isActive()
    engine.resume()
    timer.set_display_active(False)
    assert not timer._refresh.isActive()
    timer.shutdown()


def test_the_display_refresh_wakes_when_the_countdown_turns(qtbot: QtBot) -> None:
    """Not a free-running tick: the refresh is armed for the moment the time left crosses a whole second
    (an eighth of one for the breathing pacer), a millisecond after it, so the number turns on time."""
    clock = FakeClock()
    engine = SessionEngine(make_plan([(H, 30)]), clock, countdown_from=0)
    timer = SessionTimer(engine, clock)
    timer.set_refresh_interval(1000)
    engine.start()
    timer.set_display_active(True)
    assert timer.next_refresh_ms() == 1001, "at the phase's start the number has just turned"
    clock.advance(0.25)  # 29.75 s left: "30" turns to "29" in 0.75 s
    assert timer.next_refresh_ms() == 751
    clock.advance(0.75 - 2**-12)  # woken a moment early, the turn is still ahead: wake again just after it
    assert timer.next_refresh_ms() == 2
    clock.advance(2**-12)
    assert timer.next_refresh_ms() == 1001
    timer.set_refresh_interval(125)
    clock.advance(0.0625)
    assert timer.next_refresh_ms() == 64
    timer.set_refresh_interval(1000)
    engine.pause()
    clock.advance(0.25)
    engine.resume()  # the time left did not run down while paused: the next turn is as far as before
    assert timer.next_refresh_ms() == 939
    timer.shutdown()
    assert not timer.is_active()


def test_the_display_refresh_counts_its_interval_at_a_waiting_step(qtbot: QtBot) -> None:
    from tests.core.plan_factory import L

    clock = FakeClock()
    engine = SessionEngine(make_plan([(L, 0), (H, 30)]), clock)
    timer = SessionTimer(engine, clock)
    timer.set_refresh_interval(1000)
    engine.start()
    timer.set_display_active(True)
    assert engine.state is EngineState.WAITING
    assert timer.next_refresh_ms() == 1000, "no time runs down while the person finds the point"
    timer.shutdown()


def test_the_display_refresh_is_not_armed_again_after_shutdown(qtbot: QtBot) -> None:
    clock = FakeClock()
    engine = SessionEngine(make_plan([(H, 30)]), clock)
    timer = SessionTimer(engine, clock)
    engine.start()
    timer.set_display_active(True)
    timer.refresh.connect(timer.shutdown)  # a listener that ends it all, as closing the window does
    with qtbot.waitSignal(timer.refresh, timeout=5_000):
        pass
    assert not timer.is_active()


class ShiftedClock(MonotonicClock):
    """The real clock, set forward: a test can stand a moment before a deadline."""

    def __init__(self) -> None:
        self.shift = 0.0

    def now(self) -> float:
        return super().now() + self.shift


def test_a_deadline_timer_that_wakes_a_moment_early_starts_the_phase_on_that_wake(qtbot: QtBot) -> None:
    """Armed in whole milliseconds, rounded down, the deadline timer may wake a moment before a phase ends:
    that wake starts the next phase, on time, rather than going round the event loop until the moment."""
    clock = ShiftedClock()
    engine = SessionEngine(make_plan([(H, 30), (R, 5)]), clock, countdown_from=0)
    timer = SessionTimer(engine, clock)
    started: list[PhaseStarted] = []
    timer.engine_event.connect(
        lambda event: started.append(event) if isinstance(event, PhaseStarted) else None
    )
    engine.start()
    timer.rearm()
    deadline = engine.next_deadline()
    assert deadline is not None
    clock.shift += deadline - 0.0015 - clock.now()  # a millisecond and a half before the hold ends
    timer._on_deadline()
    assert [event.phase_index for event in started] == [0, 1]
    assert started[-1].late_s >= 0, "not a moment before its time"
    timer.shutdown()
