"""Rings reminders on time from the Qt event loop: one named timer, re-armed from the wall clock.

The rules live in ``core/reminders.py``; this keeps the state between reminders, asks whether a session
runs, and emits ``due`` when one falls due.
"""

from __future__ import annotations

import dataclasses
import logging
import math
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from PySide6.QtCore import QObject, QTimer, Signal

from sciatica_timer.core.reminders import Reminder, ReminderState, next_reminder
from sciatica_timer.core.settings import Settings

log = logging.getLogger(__name__)

# The timer wakes at least this often and asks the wall clock again: a Qt timer does not count a suspend,
# and the computer's clock or time zone may change, so a reminder is at most this late after either.
RECHECK_MS = 60_000


def local_now() -> datetime:
    """Now in this computer's time zone, with the zone's daylight-saving rules when Python knows them.

    Read afresh each time: the person may travel, or the system may change its zone, while the app runs.
    """
    from PySide6.QtCore import QTimeZone

    name = bytes(QTimeZone.systemTimeZoneId().data()).decode("ascii", "replace")
    try:
        from zoneinfo import ZoneInfo  # caches each zone it has read

        return datetime.now(ZoneInfo(name))
    except (ValueError, OSError):  # an unknown name, or no time zone database (Windows without tzdata)
        # A fixed offset: right today; the minute's re-check picks up a change of offset when it comes.
        return datetime.now().astimezone()


class ReminderSchedule(QObject):
    """When to suggest a routine, for as long as the app runs.

    ``wall_clock`` gives the local time (aware); ``session_running`` says whether a session has started and
    is not over; ``routine_for`` names the routine a reminder suggests. Call ``check()`` whenever either may
    have changed (a screen change, say); the timer calls it too.
    """

    due = Signal(str)  # the id of the routine to suggest ("" when there is none to suggest)
    pending_changed = Signal()  # a reminder was shown, or its answer came (a session, a snooze, "not now")
    looked = Signal()  # the clocks were read: the next reminder (or a pause) may read differently now

    def __init__(
        self,
        settings: Settings,
        *,
        wall_clock: Callable[[], datetime] = local_now,
        session_running: Callable[[], bool] = lambda: False,
        routine_for: Callable[[Settings], str] = lambda s: s.reminders.routine_id or s.default_routine or "",
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("reminder-schedule")
        self._settings = settings
        self._wall_clock = wall_clock
        self._session_running = session_running
        self._routine_for = routine_for
        self._state = ReminderState(watching_since=wall_clock())
        self._next: Reminder | None = None
        self._pending: Reminder | None = None
        self.timer = QTimer(self)
        self.timer.setObjectName("reminder-next")
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.check)
        self.check()

    # -- what the tray and the start screen read ---------------------------------------------------------

    @property
    def settings(self) -> Settings:
        return self._settings

    @property
    def next_reminder(self) -> Reminder | None:
        """The reminder the timer is armed for (None: none to come, or a session runs)."""
        return self._next

    @property
    def pending(self) -> Reminder | None:
        """The reminder last shown, while it waits for an answer: snoozing it is then possible."""
        return self._pending

    @property
    def routine_id(self) -> str:
        return self._routine_for(self._settings)

    # -- what changes it ---------------------------------------------------------------------------------

    def set_settings(self, settings: Settings) -> None:
        """New settings (MainWindow.settings_changed): turned off, a shown reminder is forgotten too."""
        if settings.reminders != self._settings.reminders:
            # What fell due under the old settings was never asked for: nothing is "missed" from before now.
            self._state = dataclasses.replace(self._state, watching_since=self._wall_clock())
        self._settings = settings
        if not settings.reminders.enabled or settings.reminders.paused_at(self._wall_clock()):
            self._state = dataclasses.replace(self._state, snoozed_until=None)
            self._set_pending(None)
        self.check()

    def session_ended(self, at: datetime) -> None:
        """A session's end read from the history at start: the "every N hours" count starts there."""
        known = self._state.last_session_end
        if known is None or at.astimezone(UTC) > known.astimezone(UTC):
            self._state = self._state.session_ended(at)
            self.check()

    def snooze(self, minutes: int | None = None) -> None:
        """Ring the shown reminder again in ``minutes`` (the settings' snooze time by default)."""
        if self._pending is None:
            return
        wait = minutes if minutes is not None else self._settings.reminders.snooze_min
        self._state = self._state.snoozed(self._wall_clock() + timedelta(minutes=wait))
        self._set_pending(None)
        self.check()

    def dismiss(self) -> None:
        """ "Not now": the shown reminder is answered; the next one comes as usual."""
        self._set_pending(None)

    def now(self) -> datetime:
        return self._wall_clock()

    def stop(self) -> None:
        """For good (the app is quitting): no timer is left running."""
        self.timer.stop()
        self._next = None

    # -- the timer ---------------------------------------------------------------------------------------

    def check(self) -> None:
        """Read the clocks: ring what is due, then arm the timer for the next reminder."""
        now = self._wall_clock()
        running = self._session_running()
        if running and not self._state.session_running:
            self._state = self._state.session_started()
            self._set_pending(None)  # the session answers it
        elif not running and self._state.session_running:
            self._state = self._state.session_ended(now)
        reminder = next_reminder(self._settings.reminders, self._state, now)
        if reminder is not None and reminder.is_due(now):
            # However many fell due since the last look (a suspend), one is shown.
            self._state = self._state.shown(now)
            log.info("reminder due (%s, at %s)", reminder.kind, reminder.at.isoformat(timespec="minutes"))
            self._set_pending(reminder)
            self.due.emit(self.routine_id)
            reminder = next_reminder(self._settings.reminders, self._state, now)
        self._next = reminder
        self._arm(now)
        self.looked.emit()

    def _arm(self, now: datetime) -> None:
        if self._next is None and not self._state.session_running:
            self.timer.stop()  # nothing to come until the settings change
            return
        wait_ms = RECHECK_MS if self._next is None else self._next.wait_s(now) * 1000
        # Rounded up, so that an on-time wake finds the reminder due; a Qt timer that wakes a little early
        # finds it not yet due and re-arms for the rest.
        self.timer.start(max(0, min(RECHECK_MS, math.ceil(wait_ms))))

    def _set_pending(self, reminder: Reminder | None) -> None:
        if reminder is None and self._pending is None:
            return
        self._pending = reminder
        self.pending_changed.emit()
