"""Tests for the clocks and suspend probes the session engine reads."""

from __future__ import annotations

import sys
import time

import pytest

from sciatica_timer.core.clock import (
    BootTimeSuspendProbe,
    FakeClock,
    FakeSuspendProbe,
    MonotonicClock,
    ScaledClock,
    WallClockSuspendProbe,
    real_delay_s,
    system_suspend_probe,
)

linux_only = pytest.mark.skipif(not hasattr(time, "CLOCK_BOOTTIME"), reason="CLOCK_BOOTTIME is Linux only")


def test_monotonic_clock_moves_forward():
    clock = MonotonicClock()
    first = clock.now()
    # Busy-read (bounded) until the clock ticks: no sleeping, and no assumption on how fast it ticks.
    assert any(clock.now() > first for _ in range(10_000_000))
    assert clock.now() >= first


def test_fake_clock_moves_only_when_told():
    clock = FakeClock(100.0)
    assert clock.now() == 100.0
    clock.advance(2.5)
    assert clock.now() == 102.5
    clock.set(110.0)
    assert clock.now() == 110.0
    clock.advance(0)
    assert clock.now() == 110.0


def test_fake_clock_refuses_to_go_back():
    clock = FakeClock(5.0)
    with pytest.raises(ValueError, match="cannot go back"):
        clock.advance(-0.1)
    with pytest.raises(ValueError, match="cannot go back"):
        clock.set(4.0)
    assert clock.now() == 5.0


def test_scaled_clock_starts_level_with_its_base_and_runs_faster():
    base = FakeClock(1000.0)
    scaled = ScaledClock(base, speed=10.0)
    assert scaled.now() == 1000.0
    base.advance(3.0)
    assert scaled.now() == 1030.0
    assert scaled.speed == 10.0


def test_scaled_clock_can_run_slower():
    base = FakeClock(0.0)
    scaled = ScaledClock(base, speed=0.5)
    base.advance(4.0)
    assert scaled.now() == 2.0


@pytest.mark.parametrize("speed", [0.0, -1.0, float("nan")])
def test_scaled_clock_refuses_a_speed_that_does_not_move_forward(speed):
    with pytest.raises(ValueError, match="speed"):
        ScaledClock(FakeClock(), speed)


def test_real_delay_divides_by_the_speed():
    base = FakeClock(50.0)
    scaled = ScaledClock(base, speed=4.0)
    assert real_delay_s(scaled, 50.0 + 30.0) == 7.5
    assert real_delay_s(base, 53.0) == 3.0


def test_real_delay_is_never_negative():
    clock = FakeClock(10.0)
    assert real_delay_s(clock, 9.0) == 0.0


@linux_only
def test_boottime_probe_reports_about_nothing_on_an_idle_call():
    probe = BootTimeSuspendProbe()
    gap = probe.suspended_s()
    # Nobody suspends the machine between two calls of a test; a broken probe returns a whole clock reading.
    assert 0.0 <= gap < 1.0


class _TwoClocks:
    """Stands in for time.clock_gettime: a boot-time clock and a monotonic one."""

    def __init__(self) -> None:
        self.boottime = 500.0
        self.monotonic = 400.0

    def __call__(self, clock_id: int) -> float:
        return self.boottime if clock_id == time.CLOCK_BOOTTIME else self.monotonic


@linux_only
def test_boottime_probe_reports_the_time_monotonic_missed_once():
    clocks = _TwoClocks()
    probe = BootTimeSuspendProbe(clocks)
    clocks.boottime += 10.0
    clocks.monotonic += 10.0  # awake: both move together
    assert probe.suspended_s() == 0.0
    clocks.boottime += 30.0  # asleep: monotonic stops
    assert probe.suspended_s() == 30.0
    assert probe.suspended_s() == 0.0


class _WallAndMonotonic:
    def __init__(self) -> None:
        self.wall_now = 1_700_000_000.0
        self.monotonic_now = 1000.0

    def wall(self) -> float:
        return self.wall_now

    def monotonic(self) -> float:
        return self.monotonic_now


def test_wall_clock_probe_reports_a_forward_jump_once():
    clocks = _WallAndMonotonic()
    probe = WallClockSuspendProbe(clocks.wall, clocks.monotonic)
    clocks.wall_now += 5.0
    clocks.monotonic_now += 5.0
    assert probe.suspended_s() == 0.0
    clocks.wall_now += 45.0
    assert probe.suspended_s() == 45.0
    assert probe.suspended_s() == 0.0


def test_wall_clock_probe_ignores_a_clock_set_back_and_measures_from_there():
    clocks = _WallAndMonotonic()
    probe = WallClockSuspendProbe(clocks.wall, clocks.monotonic)
    clocks.wall_now -= 3600.0
    assert probe.suspended_s() == 0.0
    clocks.wall_now += 20.0
    assert probe.suspended_s() == 20.0


def test_wall_clock_probe_with_real_clocks_reports_about_nothing():
    probe = WallClockSuspendProbe()
    assert 0.0 <= probe.suspended_s() < 1.0


@pytest.mark.skipif(sys.platform != "linux", reason="which probe is picked depends on the system")
def test_system_probe_on_linux_compares_boottime_with_monotonic():
    assert isinstance(system_suspend_probe(), BootTimeSuspendProbe)


def test_fake_probe_reports_what_it_was_told_once():
    probe = FakeSuspendProbe()
    assert probe.suspended_s() == 0.0
    probe.report(30.0)
    probe.report(2.0)
    assert probe.suspended_s() == 32.0
    assert probe.suspended_s() == 0.0
    assert probe.calls == 3
