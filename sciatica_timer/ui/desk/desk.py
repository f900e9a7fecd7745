"""The app between sessions: reminders, the tray icon where the desktop has a tray, and what closing does.

Built just after the first paint (when the window has loaded), from the application state and the few
things of the window it needs (``DeskWays``). A reminder, and a follow-up question, goes to the
desktop's notification service (org.freedesktop.Notifications) with buttons: Start, In 10 minutes, Not now;
each replaces the one before. Without that service it is a message from the tray icon, and without a tray
the window is flagged in the taskbar (QApplication.alert). The start screen shows a line offering to start
either way, and a quieter one saying when the next reminder is due or until when they are paused.

A reminder waits while the person is away (no input for ``away_after_min``, or the screen locked) and comes
a minute after they are back; it waits too in Do Not Disturb and while a full-screen window has the focus.
The desktop is asked only when a reminder falls due, so nothing of D-Bus is loaded before then.

Closing the window hides it to the tray while reminders or follow-ups are on (there is then a reason to keep
running), and says so once; Quit in the tray's menu or Ctrl+Q ends the app.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication, QSystemTrayIcon

from sciatica_timer import APP_NAME
from sciatica_timer.core.i18n import N_, _, ngettext, pgettext
from sciatica_timer.core.reminders import DeskState, ReminderHold, wait_reason
from sciatica_timer.errors import UserError
from sciatica_timer.ui.desk.reminder_line import ReminderLine
from sciatica_timer.ui.desk.reminder_status import PauseLength, ReminderStatus, pause_words, paused, resumed
from sciatica_timer.ui.desk.reminders import ReminderSchedule, local_now
from sciatica_timer.ui.desk.tray import DeskTray, TrayState

if TYPE_CHECKING:
    from PySide6.QtCore import SignalInstance
    from PySide6.QtWidgets import QWidget

    from sciatica_timer.core.settings import ReminderSettings, Settings
    from sciatica_timer.session.guided_session import GuidedSession
    from sciatica_timer.ui.app_state import AppState
    from sciatica_timer.ui.desk.notifications import DesktopBus, DesktopNotifications
    from sciatica_timer.ui.history.follow_up import FollowUpSchedule
    from sciatica_timer.ui.history.log_pain import LogPainDialog

log = logging.getLogger(__name__)

# Translated where shown: _(REMINDER_TITLE).
REMINDER_TITLE = N_("Time for your routine")
STILL_RUNNING_TITLE = N_("Sciatica Timer is still running")
STILL_RUNNING_TEXT = N_(
    "It stays here in the tray so that it can remind you. To quit, choose Quit from this icon's menu."
)
FOLLOW_UP_TITLE = N_("How is your pain now?")
HOLD_CHECK_MS = 15_000  # while a reminder waits for the person, the desktop is asked again this often


@dataclass(frozen=True)
class DeskWays:
    """What the desk needs of the window: the window itself (to show, hide and flag) and a few callables."""

    window: QWidget
    screen_changed: SignalInstance  # the window changed screen: a session started or ended
    add_line: Callable[[QWidget], None]  # a line on the start screen
    session: Callable[[], GuidedSession | None]
    follow_ups: Callable[[], FollowUpSchedule | None]
    log_pain_dialog: Callable[[], LogPainDialog | None]
    show_log_pain: Callable[[], None]
    show_start: Callable[[], None]
    choose_routine: Callable[[str], None]
    mini_shown: Callable[[], bool]
    show_full: Callable[[], None]  # back from the mini player
    request_quit: Callable[[], bool]
    # What closing the window does: (hide to the tray?, does the app keep running?), or (None, None).
    set_close_hooks: Callable[[Callable[[], bool] | None, Callable[[], bool] | None], None]


class Desk(QObject):
    """Owns the reminder schedule, the reminder line on the start screen and, where there is a tray, its icon.

    ``tray`` forces the choice (tests); by default it follows QSystemTrayIcon.isSystemTrayAvailable(). The
    icon is made visible only where a tray really exists. ``desk_state`` replaces asking the desktop whether
    the person is there (tests about other things, the screenshot tour).
    """

    def __init__(
        self,
        state: AppState,
        ways: DeskWays,
        *,
        tray: bool | None = None,
        wall_clock: Callable[[], datetime] = local_now,
        desk_state: Callable[[], DeskState] | None = None,
    ) -> None:
        window = ways.window
        super().__init__(window)
        self.setObjectName("desk")
        self.window = window
        self.state = state
        self.ways = ways
        available = QSystemTrayIcon.isSystemTrayAvailable()
        self.schedule = ReminderSchedule(
            state.settings,
            wall_clock=wall_clock,
            session_running=self._session_running,
            routine_for=self._reminder_routine,
            parent=self,
        )
        self.line = ReminderLine()
        ways.add_line(self.line)
        self.status = ReminderStatus()
        ways.add_line(self.status)
        self.hold: ReminderHold | None = None  # a due reminder kept back while the person is away or busy
        self.hold_timer = QTimer(self)
        self.hold_timer.setObjectName("reminder-hold")
        self.hold_timer.setSingleShot(True)
        self.hold_timer.timeout.connect(self.check_hold)
        self._bus: DesktopBus | None = None
        self._reminder_note: DesktopNotifications | None = None
        self._follow_up_note: DesktopNotifications | None = None
        self.last_desk_state = DeskState()
        self._read_desk_state = desk_state or self._desktop_state
        self.tray: DeskTray | None = None
        self._told_about_tray = False
        self._last_message_was_reminder = False
        if available if tray is None else tray:
            self.tray = DeskTray(self)
            menu = self.tray.menu
            menu.start_requested.connect(self.start)
            menu.log_pain_requested.connect(self.open_log_pain)
            menu.toggle_window_requested.connect(self.toggle_window)
            menu.snooze_requested.connect(self.snooze)
            menu.pause_requested.connect(self.pause)
            menu.resume_requested.connect(self.resume)
            menu.quit_requested.connect(self.quit)
            menu.aboutToShow.connect(self._refresh_menu)
            self.tray.clicked.connect(self.toggle_window)
            self.tray.message_clicked.connect(self._on_message_clicked)
            if available:
                self.tray.show()
        self.schedule.due.connect(self._on_due)
        self.schedule.pending_changed.connect(self._on_pending_changed)
        self.schedule.looked.connect(self._show_status)
        self.status.pause_requested.connect(self.pause)
        self.status.resume_requested.connect(self.resume)
        self.line.start_requested.connect(self.start_reminded)
        self.line.snooze_requested.connect(self.snooze)
        self.line.dismissed.connect(self.schedule.dismiss)
        state.settings_changed.connect(self._on_settings)
        # Every session starts and ends with a change of screen: the schedule learns of it at once.
        ways.screen_changed.connect(self._on_screen_changed)
        window.installEventFilter(self)
        ways.set_close_hooks(self._close_to_tray, self.keeps_running)
        follow_ups = ways.follow_ups()
        if follow_ups is not None:
            follow_ups.asked.connect(self._on_follow_up_asked)
            follow_ups.question_closed.connect(self._on_follow_up_closed)
        self._read_last_session()
        self._refresh_menu()
        self._show_status()

    # -- starting ----------------------------------------------------------------------------------------

    def can_start(self) -> bool:
        """Not while a session runs or its summary waits: the person finishes that first."""
        session = self.ways.session()
        return session is None or not session.started

    def start(self, routine_id: str) -> None:
        """Bring the window up at the pain check for ``routine_id`` (or at the running session)."""
        self.schedule.dismiss()
        if not self.can_start():
            self.show_window()
            return
        if self.ways.session() is not None:
            self.ways.show_start()  # a session that was opened but never started is simply dropped
        self.show_window()
        self.ways.choose_routine(routine_id)

    def start_reminded(self) -> None:
        self.start(self.schedule.routine_id)

    def snooze(self) -> None:
        self.schedule.snooze()
        self.line.hide()

    def pause(self, length: str) -> None:
        """Pause reminders (a PauseLength); a reminder waiting for an answer is let go."""
        self.schedule.dismiss()
        reminders = paused(self.schedule.settings.reminders, PauseLength(length), self.schedule.now())
        self._apply_reminders(reminders)

    def resume(self) -> None:
        self._apply_reminders(resumed(self.schedule.settings.reminders))

    def _apply_reminders(self, reminders: ReminderSettings) -> None:
        from dataclasses import replace

        problem = self.state.apply_settings(replace(self.state.settings, reminders=reminders))
        if problem is not None:
            log.warning("reminder pause not saved: %s", problem)

    # -- the window --------------------------------------------------------------------------------------

    def window_shown(self) -> bool:
        return self.window.isVisible() and not self.window.isMinimized()

    def show_window(self) -> None:
        window = self.window
        if self.ways.mini_shown():
            self.ways.show_full()
            return
        state = window.windowState()
        if state & Qt.WindowState.WindowMinimized:
            # Unlike showNormal, this keeps a maximized window maximized.
            window.setWindowState(state & ~Qt.WindowState.WindowMinimized)
        window.show()
        window.raise_()
        window.activateWindow()

    def toggle_window(self) -> None:
        if self.window_shown():
            self.window.hide()
        else:
            self.show_window()

    def quit(self) -> None:
        """Quit from the tray: close the window for good (a running session asks first), then the app."""
        if self.ways.request_quit():
            self.stop()
            QApplication.quit()

    def stop(self) -> None:
        """The app is quitting: no timer left running, no icon left behind."""
        self.schedule.stop()
        self.hold_timer.stop()
        self.hold = None
        if self._reminder_note is not None:
            self._reminder_note.close()
        if self._follow_up_note is not None:
            self._follow_up_note.close()
        if self._bus is not None:
            self._bus.close()
        self.ways.set_close_hooks(None, None)
        if self.tray is not None:
            self.tray.close()
            self.tray = None

    def keeps_running(self) -> bool:
        """Whether closing the window leaves the app running in the tray, for reminders or follow-ups."""
        settings = self.state.settings
        return self.tray is not None and (settings.reminders.enabled or settings.follow_up.enabled)

    def _close_to_tray(self) -> bool:
        if not self.keeps_running() or self._session_running():
            return False
        self.window.hide()
        if not self._told_about_tray:
            self._told_about_tray = True
            self._notify(_(STILL_RUNNING_TITLE), _(STILL_RUNNING_TEXT), reminder=False)
        return True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and event.type() in (
            QEvent.Type.Show,
            QEvent.Type.Hide,
            QEvent.Type.WindowStateChange,
        ):
            self._refresh_menu()  # "Show window" or "Hide window"
        return False

    # -- the diary ---------------------------------------------------------------------------------------

    def open_log_pain(self) -> None:
        self.ways.show_log_pain()

    @property
    def log_pain(self) -> LogPainDialog | None:
        """The window's diary form, once it has been opened."""
        return self.ways.log_pain_dialog()

    # -- reminders ---------------------------------------------------------------------------------------

    def _session_running(self) -> bool:
        session = self.ways.session()
        return session is not None and session.started and not session.over

    def _reminder_routine(self, settings: Settings) -> str:
        """The routine a reminder suggests: the chosen one, else the default, else the first in the list."""
        routines = self.state.routines
        for wanted in (settings.reminders.routine_id, settings.default_routine):
            if wanted is not None and wanted in routines:
                return wanted
        return next(iter(routines), "")

    def _default_routine(self) -> str | None:
        wanted = self.state.settings.default_routine
        routines = self.state.routines
        return wanted if wanted in routines else next(iter(routines), None)

    def _on_due(self, routine_id: str) -> None:
        reason = wait_reason(self.schedule.settings.reminders, self.desk_state())
        if reason is not None:
            log.info("a reminder waits: %s", reason)
            self.hold = ReminderHold(reason)
            self.hold_timer.start(HOLD_CHECK_MS)
            return
        self._show_reminder(routine_id)

    def check_hold(self) -> None:
        """Ask the desktop again whether the person is back (or no longer busy); show the reminder then."""
        if self.hold is None:
            return
        if self.schedule.pending is None:  # answered meanwhile (a session started, reminders paused)
            self.hold = None
            return
        now = self.schedule.now()
        self.hold = self.hold.update(self.schedule.settings.reminders, self.desk_state(), now)
        if self.hold is None:
            self._show_reminder(self.schedule.routine_id)
            return
        wait = self.hold.wait_s(now)
        self.hold_timer.start(
            HOLD_CHECK_MS if wait is None else min(HOLD_CHECK_MS, max(0, round(wait * 1000)))
        )

    def desk_state(self) -> DeskState:
        state = self._read_desk_state()
        self.last_desk_state = state
        return state

    def _desktop_state(self) -> DeskState:
        """What the desktop says now: idle time, the lock screen, Do Not Disturb, a full-screen window."""
        from sciatica_timer.ui.desk.notifications import mutter_idle_s, screen_locked, screensaver_idle_s
        from sciatica_timer.ui.desk.x11_desktop import full_screen_focused, x_idle_s

        bus = self._ensure_bus()
        idle = mutter_idle_s(bus)
        if idle is None:
            idle = x_idle_s()
        if idle is None:  # Wayland without GNOME: the screen saver service, where there is one
            idle = screensaver_idle_s(bus)
        note = self._reminder_notifications()
        return DeskState(
            idle_s=idle,
            locked=screen_locked(bus),
            do_not_disturb=note.do_not_disturb(),
            full_screen=bool(full_screen_focused(self._own_windows())),
        )

    def _own_windows(self) -> frozenset[int]:
        return frozenset(
            int(widget.winId()) for widget in QApplication.topLevelWidgets() if widget.isVisible()
        )

    def _ensure_bus(self) -> DesktopBus:
        if self._bus is None:
            from sciatica_timer.ui.desk.notifications import DesktopBus

            self._bus = DesktopBus(self)
        return self._bus

    def _reminder_notifications(self) -> DesktopNotifications:
        if self._reminder_note is None:
            from sciatica_timer.ui.desk.notifications import DesktopNotifications

            self._reminder_note = DesktopNotifications(self._ensure_bus(), APP_NAME, self)
            self._reminder_note.action_invoked.connect(self._on_reminder_action)
        return self._reminder_note

    def _follow_up_notifications(self) -> DesktopNotifications:
        if self._follow_up_note is None:
            from sciatica_timer.ui.desk.notifications import DesktopNotifications

            self._follow_up_note = DesktopNotifications(self._ensure_bus(), APP_NAME, self)
            self._follow_up_note.action_invoked.connect(self._on_follow_up_action)
        return self._follow_up_note

    def _show_reminder(self, routine_id: str) -> None:
        from sciatica_timer.ui.common.words import duration_words

        self.hold = None
        self.hold_timer.stop()
        routine = self.state.routines.get(routine_id)
        length = duration_words(routine.duration_s) if routine is not None else ""
        snooze_min = self.schedule.settings.reminders.snooze_min
        self.line.show_reminder(routine.name if routine is not None else None, length, snooze_min)
        text = (
            # Translators: {length} is a duration in words ("5 min").
            _("{routine}, about {length}.").format(routine=routine.name, length=length)
            if routine is not None
            else _("Choose a routine to start.")
        )
        actions = [
            ("default", pgettext("button", "Open")),
            ("start", pgettext("button", "Start")),
            (
                "snooze",
                ngettext("In {count} minute", "In {count} minutes", snooze_min).format(count=snooze_min),
            ),
            ("dismiss", _("Not now")),
        ]
        title = _(REMINDER_TITLE)
        if self._reminder_notifications().show(title, text, actions):
            log.info("reminder shown as a desktop notification")
        elif self.tray is not None:
            # Translators: {text} is the reminder's first sentence ("Quick desk routine, about 5 min.").
            self._notify(title, _("{text} Click here to start.").format(text=text), reminder=True)
        elif not self.window.isActiveWindow():
            QApplication.alert(self.window)
        self._refresh_menu()

    def _on_reminder_action(self, key: str) -> None:
        if self.schedule.pending is None:
            return
        if key == "start":
            self.start_reminded()
        elif key == "snooze":
            self.snooze()
        elif key == "dismiss":
            self.line.hide()
            self.schedule.dismiss()
        else:
            self.show_window()  # the notification itself: the window, with the reminder's line

    # -- follow-ups --------------------------------------------------------------------------------------

    def _on_follow_up_asked(self, routine_name: str, minutes: int) -> None:
        text = ngettext(
            "{routine}, {count} minute ago. Your score shows whether, and for how long, a session helps.",
            "{routine}, {count} minutes ago. Your score shows whether, and for how long, a session helps.",
            minutes,
        ).format(routine=routine_name, count=minutes)
        later = 10
        actions = [
            ("default", pgettext("button", "Answer")),
            ("answer", pgettext("button", "Answer")),
            ("later", ngettext("In {count} minute", "In {count} minutes", later).format(count=later)),
            ("skip", _("Not now")),
        ]
        title = _(FOLLOW_UP_TITLE)
        if not self._follow_up_notifications().show(title, text, actions) and self.tray is not None:
            self._notify(title, text, reminder=False)

    def _on_follow_up_closed(self) -> None:
        if self._follow_up_note is not None:
            self._follow_up_note.close()

    def _on_follow_up_action(self, key: str) -> None:
        follow_ups = self.ways.follow_ups()
        if follow_ups is None:
            return
        if key == "later":
            follow_ups.later()
        elif key == "skip":
            follow_ups.skip()
        else:
            follow_ups.bring_up()

    def _on_message_clicked(self) -> None:
        if self._last_message_was_reminder and self.schedule.pending is not None:
            self.start_reminded()
        else:
            self.show_window()

    def _on_pending_changed(self) -> None:
        if self.schedule.pending is None:
            self.line.hide()
            self.hold = None
            self.hold_timer.stop()
            if self._reminder_note is not None:
                self._reminder_note.close()  # answered in the window, or by a session
        self._refresh_menu()

    def _show_status(self) -> None:
        reminders = self.schedule.settings.reminders
        if not reminders.enabled:
            self.status.hide()
            return
        now = self.schedule.now()
        words = pause_words(reminders, now)
        if words is not None:
            self.status.show_paused(words)
        elif self._session_running():
            self.status.hide()
        else:
            upcoming = self.schedule.next_reminder
            self.status.show_next(upcoming.at if upcoming is not None else None, now)

    def _on_settings(self, settings: Settings) -> None:
        self.schedule.set_settings(settings)
        self._refresh_menu()

    def _on_screen_changed(self, _index: int) -> None:
        self.schedule.check()
        self._refresh_menu()

    def _read_last_session(self) -> None:
        store = self.state.store
        if store is None:
            return
        from sciatica_timer.core.diary import SessionSummary

        try:
            recent = store.recent(limit=10)
        except UserError as exc:
            log.warning("no last session for the reminders: %s", exc)
            return
        for item in recent:
            if isinstance(item, SessionSummary) and item.ended is not None:
                self.schedule.session_ended(item.ended)
                return

    def _notify(self, title: str, text: str, *, reminder: bool) -> None:
        if self.tray is not None:
            self._last_message_was_reminder = reminder
            self.tray.notify(title, text)

    def _paused_for_menu(self) -> bool | None:
        reminders = self.schedule.settings.reminders
        if not reminders.enabled:
            return None
        return reminders.paused_at(self.schedule.now())

    def _refresh_menu(self) -> None:
        if self.tray is None:
            return
        pending = self.schedule.pending is not None
        self.tray.menu.update_for(
            TrayState(
                routines=tuple((routine.id, routine.name) for routine in self.state.routines.values()),
                default_id=self._default_routine(),
                can_start=self.can_start(),
                window_shown=self.window_shown(),
                snooze_min=self.schedule.settings.reminders.snooze_min if pending else None,
                paused=self._paused_for_menu(),
            )
        )


def install_desk(state: AppState, ways: DeskWays, *, tray: bool | None = None) -> Desk:
    """The desk for the app's window, taken down when the app quits."""
    desk = Desk(state, ways, tray=tray)
    app = QApplication.instance()
    if app is not None:
        app.aboutToQuit.connect(desk.stop)
    return desk
