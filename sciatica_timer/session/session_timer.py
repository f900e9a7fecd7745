"""Drives a SessionEngine from the Qt event loop: the one place that owns a session's timers.

One single-shot ``Qt.PreciseTimer`` is armed for the engine's next deadline, and re-armed after every
update or command; nothing polls. A second one refreshes the display, only while the window showing the
session is visible and the session runs: it wakes on the phase's own clock, at each moment the time left
crosses a whole number of refresh intervals, so the countdown's number turns exactly on its second.
"""

from __future__ import annotations

import logging
import math
import time

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from sciatica_timer.core.clock import Clock, MonotonicClock, ScaledClock, real_delay_s
from sciatica_timer.core.engine import EngineState, SessionEngine
from sciatica_timer.core.session_events import PhaseStarted, SessionEvent

log = logging.getLogger(__name__)

REFRESH_INTERVAL_MS = 100  # 10 Hz: smooth enough for a countdown ring, cheap enough to stay under 1% CPU
# Each refresh costs a fixed slice of CPU (waking Python, a repaint of the window) whatever it draws, so the
# player asks for as few as look calm: eight a second for the breathing pacer, one when only the countdown
# ring and the point's marker move: on the second, when the number turns, the ring steps like a watch's hand
# and the marker and the progress bar move with it, all in one repaint.
SMOOTH_REFRESH_INTERVAL_MS = 125
SLOW_REFRESH_INTERVAL_MS = 1000
# A refresh is armed this much after the moment the countdown turns, never before it: a Qt timer may fire a
# fraction of a millisecond early, and a refresh just before the turn would show the old number for a whole
# interval more.
_AFTER_TURN_MS = 1
_AT_TURN_S = 1e-9  # as the countdown's rounding (words.clock_text): a time left this close to a turn is on it
# A Qt timer may fire a little early; the engine then fires nothing and we re-arm for the rest.
_LATE_WARNING_S = 0.050
# The deadline timer is armed in whole milliseconds, rounded down, so it may wake up to a millisecond before
# the moment. Less than this early, the rest is slept off where it woke: a 0 ms re-arm would wake the event
# loop over and over (dozens of times, each costing a pass through Python) until the moment came.
_EARLY_SLEEP_S = 0.002


class SessionTimer(QObject):
    """Wakes the engine on time and re-emits its events as a Qt signal."""

    engine_event = Signal(object)  # every SessionEvent, in order
    refresh = Signal()  # time to redraw countdowns and progress

    def __init__(self, engine: SessionEngine, clock: Clock, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("session-timer")
        self._engine = engine
        self._clock = clock
        self._display_active = False
        self._shut_down = False
        self._deadline = QTimer(self)
        self._deadline.setObjectName("session-deadline")
        self._deadline.setSingleShot(True)
        self._deadline.setTimerType(Qt.TimerType.PreciseTimer)
        self._deadline.timeout.connect(self._on_deadline)
        # Single-shot, re-armed at each refresh for the next turn of the phase's clock (``next_refresh_ms``).
        self._refresh = QTimer(self)
        self._refresh.setObjectName("display-refresh")
        self._refresh.setSingleShot(True)
        self._refresh.setTimerType(Qt.TimerType.PreciseTimer)
        self._refresh.timeout.connect(self._on_refresh)
        self._refresh_interval_ms = REFRESH_INTERVAL_MS
        self._unsubscribe = engine.subscribe(self._on_engine_event)

    @property
    def engine(self) -> SessionEngine:
        return self._engine

    def set_display_active(self, active: bool) -> None:
        """Whether anyone can see the session; the display refresh runs only then."""
        self._display_active = active
        self._sync_refresh()

    @property
    def refresh_interval_ms(self) -> int:
        """How often the display refreshes while it runs, in the phase's milliseconds."""
        return self._refresh_interval_ms

    def set_refresh_interval(self, interval_ms: int) -> None:
        """How often the display refreshes: SMOOTH_REFRESH_INTERVAL_MS for a breathing pacer,
        SLOW_REFRESH_INTERVAL_MS when only a countdown ring moves."""
        if interval_ms <= 0:
            raise ValueError(f"a refresh interval must be above 0 ms, got {interval_ms}")
        if interval_ms != self._refresh_interval_ms:
            self._refresh_interval_ms = interval_ms
            self._sync_refresh()  # re-armed for the new interval's next turn

    def next_refresh_ms(self) -> int:
        """Real milliseconds from now to the next refresh: the next moment the time left in the phase is a
        whole number of intervals (whole seconds among them), a moment after it; a plain interval at a
        phase that waits for the person (no time runs down there)."""
        interval_s = self._refresh_interval_ms / 1000
        left = self._engine.time_left_s() if self._engine.state is EngineState.RUNNING else None
        if left is None or left <= 0:
            return self._refresh_interval_ms
        until_s = left % interval_s  # clock seconds to the next turn (a moment, when woken just before one)
        if until_s <= _AT_TURN_S:
            until_s = interval_s  # at the turn itself, which the countdown already shows (words.clock_text)
        return math.ceil(real_delay_s(self._clock, self._clock.now() + until_s) * 1000) + _AFTER_TURN_MS

    def rearm(self) -> None:
        """Arm the deadline timer for the engine's next deadline (call after any command)."""
        deadline = self._engine.next_deadline()
        if deadline is None:
            self._deadline.stop()
        else:
            # Whole milliseconds, rounded down: if the timer wakes a fraction of a millisecond early, it
            # sleeps off the rest (``_on_deadline``), so phases land within a millisecond instead of up to
            # one late.
            self._deadline.start(math.floor(real_delay_s(self._clock, deadline) * 1000))
        self._sync_refresh()

    def shutdown(self) -> None:
        """Stop both timers and let go of the engine (the window closes or the session ends)."""
        self._shut_down = True
        self._deadline.stop()
        self._refresh.stop()
        self._unsubscribe()

    def is_active(self) -> bool:
        return self._deadline.isActive() or self._refresh.isActive()

    def _on_refresh(self) -> None:
        self.refresh.emit()
        self._sync_refresh()

    def _on_deadline(self) -> None:
        deadline = self._engine.next_deadline()
        if deadline is not None:
            early_s = real_delay_s(self._clock, deadline)
            if 0 < early_s < _EARLY_SLEEP_S and isinstance(self._clock, MonotonicClock | ScaledClock):
                time.sleep(early_s)
        self._engine.update()
        self.rearm()

    def _on_engine_event(self, event: SessionEvent) -> None:
        if isinstance(event, PhaseStarted) and event.late_s > _LATE_WARNING_S:
            log.info("phase %d started %.0f ms late", event.phase_index, event.late_s * 1000)
        self.engine_event.emit(event)
        # Commands issued from the UI fire events too: keep the timer in step with whatever just happened.
        self.rearm()

    def _sync_refresh(self) -> None:
        """Arm the refresh for the next turn of the phase's clock (again after every event and command, as a
        new phase, a pause or a step back moves its turns), or stop it when nobody sees a moving session."""
        running = self._engine.state in (EngineState.RUNNING, EngineState.WAITING)
        if self._display_active and running and not self._shut_down:
            self._refresh.start(self.next_refresh_ms())
        else:
            self._refresh.stop()
