"""Clocks the session engine reads time from, and probes that notice when the machine was suspended.

Everything is in monotonic seconds; the engine never reads time on its own, so tests drive it with a
FakeClock.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Protocol


class Clock(Protocol):
    """A source of monotonic seconds. Only differences between readings mean anything."""

    def now(self) -> float: ...


class MonotonicClock:
    """The real clock: ``time.monotonic``."""

    def now(self) -> float:
        return time.monotonic()


class ScaledClock:
    """Runs ``speed`` times faster than ``base``, for previews: at speed 10 a 30 s hold takes 3 real seconds.

    It reads the same as ``base`` at the moment it is made, so the two can be compared around that moment.
    """

    def __init__(self, base: Clock, speed: float) -> None:
        if not speed > 0:
            raise ValueError(f"clock speed must be above 0, got {speed}")
        self._base = base
        self._speed = speed
        self._origin = base.now()

    @property
    def speed(self) -> float:
        return self._speed

    def now(self) -> float:
        return self._origin + (self._base.now() - self._origin) * self._speed


class FakeClock:
    """A clock that moves only when told to: for tests and benchmarks. Like a real one, it never goes back."""

    def __init__(self, start: float = 0.0) -> None:
        self._now = start

    def now(self) -> float:
        return self._now

    def advance(self, seconds: float) -> None:
        if seconds < 0:
            raise ValueError(f"a monotonic clock cannot go back ({seconds} s)")
        self._now += seconds

    def set(self, t: float) -> None:
        if t < self._now:
            raise ValueError(f"a monotonic clock cannot go back from {self._now} to {t}")
        self._now = t


def real_delay_s(clock: Clock, deadline: float) -> float:
    """Real seconds a driver should wait until ``clock`` reads ``deadline``; never negative.

    A timer is armed in real time, while ``deadline`` is in the clock's own seconds, which run faster on a
    ScaledClock.
    """
    speed = clock.speed if isinstance(clock, ScaledClock) else 1.0
    return max(0.0, (deadline - clock.now()) / speed)


class SuspendProbe(Protocol):
    """Tells how long the machine slept (suspend, hibernate) since the previous call."""

    def suspended_s(self) -> float: ...


class BootTimeSuspendProbe:
    """Linux: CLOCK_BOOTTIME keeps counting during a suspend while CLOCK_MONOTONIC stops.

    So the gap between the two grows by exactly the time spent asleep; the probe reports how much it grew.
    """

    def __init__(self, clock_gettime: Callable[[int], float] | None = None) -> None:
        # Looked up here, not as a default argument: Windows has no clock_gettime and still imports this.
        self._clock_gettime = clock_gettime or time.clock_gettime
        self._offset = self._read_offset()

    def _read_offset(self) -> float:
        return self._clock_gettime(time.CLOCK_BOOTTIME) - self._clock_gettime(time.CLOCK_MONOTONIC)

    def suspended_s(self) -> float:
        offset = self._read_offset()
        gap = offset - self._offset
        self._offset = offset
        # The two readings are microseconds apart, so an idle call can come out a hair below zero.
        return max(0.0, gap)


class WallClockSuspendProbe:
    """Other systems: the monotonic clock stops during a suspend while the wall clock goes on.

    The probe watches the wall-minus-monotonic offset; a forward jump is reported as time asleep. Setting the
    system clock forward by hand looks the same; the engine then merely pauses and the user resumes.
    """

    def __init__(
        self,
        wall: Callable[[], float] = time.time,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._wall = wall
        self._monotonic = monotonic
        self._offset = self._read_offset()

    def _read_offset(self) -> float:
        return self._wall() - self._monotonic()

    def suspended_s(self) -> float:
        offset = self._read_offset()
        gap = offset - self._offset
        self._offset = offset
        # A backward jump (clock set back, an NTP step) is not a suspend; the new offset becomes the baseline.
        return max(0.0, gap)


def system_suspend_probe() -> SuspendProbe:
    """The best probe this system offers."""
    if hasattr(time, "CLOCK_BOOTTIME"):
        return BootTimeSuspendProbe()
    return WallClockSuspendProbe()


class FakeSuspendProbe:
    """A probe for tests: ``report(s)`` makes the next call say the machine slept ``s`` seconds."""

    def __init__(self) -> None:
        self._pending = 0.0
        self.calls = 0

    def report(self, seconds: float) -> None:
        self._pending += seconds

    def suspended_s(self) -> float:
        self.calls += 1
        gap, self._pending = self._pending, 0.0
        return gap
