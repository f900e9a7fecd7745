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
