"""A SessionEngine on a fake clock and a fake suspend probe, with every event it fires kept in a list."""

from __future__ import annotations

from dataclasses import dataclass, field

from sciatica_timer.core.clock import FakeClock, FakeSuspendProbe
from sciatica_timer.core.engine import SessionEngine
from sciatica_timer.core.plan import Plan
from sciatica_timer.core.session_events import SessionEvent

T0 = 1000.0  # the fake clock starts here, not at 0, so nothing can assume the session starts at zero


@dataclass
class Session:
    engine: SessionEngine
    clock: FakeClock
    probe: FakeSuspendProbe
    events: list[SessionEvent] = field(default_factory=list)

    def take(self) -> list[SessionEvent]:
        """The events fired since the last take()."""
        taken, self.events[:] = list(self.events), []
        return taken

    def at(self, t: float) -> list[SessionEvent]:
        """Set the clock to ``t``, update, and return what fired."""
        self.clock.set(t)
        self.engine.update()
        return self.take()

    def after(self, seconds: float) -> list[SessionEvent]:
        self.clock.advance(seconds)
        self.engine.update()
        return self.take()


def session(
    plan: Plan, *, start: bool = False, countdown_from: int = 3, suspend_threshold_s: float = 5.0
) -> Session:
    clock = FakeClock(T0)
    probe = FakeSuspendProbe()
    engine = SessionEngine(
        plan,
        clock,
        suspend_probe=probe,
        countdown_from=countdown_from,
        suspend_threshold_s=suspend_threshold_s,
    )
    harness = Session(engine, clock, probe)
    engine.subscribe(harness.events.append)
    if start:
        assert engine.start()
        harness.take()  # tests that look at what start() fires call it themselves
    return harness


def kinds(events: list[SessionEvent]) -> list[str]:
    """Event class names with the phase index or tick where there is one: easy to compare in asserts."""
    names = []
    for event in events:
        name = type(event).__name__
        index = getattr(event, "phase_index", None)
        if hasattr(event, "seconds_left"):
            name += f"({event.seconds_left})"
        elif index is not None:
            name += f"({index})"
        names.append(name)
    return names
