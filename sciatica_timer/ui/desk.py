"""The app between sessions: reminders, the tray icon where the desktop has a tray, and what closing does.

Built just after the first paint (MainWindow.loaded). Where there is a tray, a reminder is a desktop
message from the tray icon, and clicking it starts the routine. Where there is none (stock GNOME, for one),
the window is flagged in the taskbar with QApplication.alert, which such desktops turn into a "ready"
notification of their own, and the start screen shows a line offering to start. That works on every
platform and asks for nothing the app does not already load; the freedesktop notification service over
D-Bus would add action buttons on Linux only, with its own failure modes, for little gain.

Closing the window hides it to the tray only while reminders are on (there is then a reason to keep
running), and says so once; Quit in the tray's menu or Ctrl+Q ends the app.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QApplication, QSystemTrayIcon

from sciatica_timer import APP_NAME
from sciatica_timer.errors import UserError
from sciatica_timer.ui.reminder_line import ReminderLine
from sciatica_timer.ui.reminders import ReminderSchedule, local_now
from sciatica_timer.ui.tray import DeskTray, TrayState

if TYPE_CHECKING:
    from sciatica_timer.core.settings import Settings
    from sciatica_timer.ui.log_pain import LogPainDialog
    from sciatica_timer.ui.main_window import MainWindow

log = logging.getLogger(__name__)

REMINDER_TITLE = "Time for your routine"
STILL_RUNNING_TITLE = f"{APP_NAME} is still running"
STILL_RUNNING_TEXT = (
    "It stays here in the tray so that it can remind you. To quit, choose Quit from this icon's menu."
)


class Desk(QObject):
    """Owns the reminder schedule, the reminder line on the start screen and, where there is a tray, its icon.

    ``tray`` forces the choice (tests); by default it follows QSystemTrayIcon.isSystemTrayAvailable(). The
    icon is made visible only where a tray really exists.
    """

    def __init__(
        self,
        window: MainWindow,
        *,
        tray: bool | None = None,
        wall_clock: Callable[[], datetime] = local_now,
    ) -> None:
        super().__init__(window)
        self.setObjectName("desk")
        self.window = window
        available = QSystemTrayIcon.isSystemTrayAvailable()
        self.schedule = ReminderSchedule(
            window.settings,
            wall_clock=wall_clock,
            session_running=self._session_running,
            routine_for=self._reminder_routine,
            parent=self,
        )
        self.line = ReminderLine()
        window.start_screen.add_line(self.line)
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
            menu.quit_requested.connect(self.quit)
            menu.aboutToShow.connect(self._refresh_menu)
            self.tray.clicked.connect(self.toggle_window)
            self.tray.message_clicked.connect(self._on_message_clicked)
            if available:
                self.tray.show()
        self.schedule.due.connect(self._on_due)
        self.schedule.pending_changed.connect(self._on_pending_changed)
        self.line.start_requested.connect(self.start_reminded)
        self.line.snooze_requested.connect(self.snooze)
        self.line.dismissed.connect(self.schedule.dismiss)
        window.settings_changed.connect(self._on_settings)
        # Every session starts and ends with a change of screen: the schedule learns of it at once.
        window.screens.currentChanged.connect(self._on_screen_changed)
        window.installEventFilter(self)
        window.close_to_tray = self._close_to_tray
        self._read_last_session()
        self._refresh_menu()

    # -- starting ----------------------------------------------------------------------------------------

    def can_start(self) -> bool:
        """Not while a session runs or its summary waits: the person finishes that first."""
        session = self.window.session
        return session is None or not session.started

    def start(self, routine_id: str) -> None:
        """Bring the window up at the pain check for ``routine_id`` (or at the running session)."""
        self.schedule.dismiss()
        if not self.can_start():
            self.show_window()
            return
        if self.window.session is not None:
            self.window.show_start()  # a session that was opened but never started is simply dropped
        self.show_window()
        self.window.choose_routine(routine_id)

    def start_reminded(self) -> None:
        self.start(self.schedule.routine_id)

    def snooze(self) -> None:
        self.schedule.snooze()
        self.line.hide()

    # -- the window --------------------------------------------------------------------------------------

    def window_shown(self) -> bool:
        return self.window.isVisible() and not self.window.isMinimized()

    def show_window(self) -> None:
        window = self.window
        if window.mini is not None and window.mini.isVisible():
            window.show_full()
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
        if self.window.request_quit():
            self.stop()
            QApplication.quit()

    def stop(self) -> None:
        """The app is quitting: no timer left running, no icon left behind."""
        self.schedule.stop()
        self.window.close_to_tray = None
        if self.tray is not None:
            self.tray.close()
            self.tray = None

    def _close_to_tray(self) -> bool:
        if self.tray is None or not self.schedule.settings.reminders.enabled or self._session_running():
            return False
        self.window.hide()
        if not self._told_about_tray:
            self._told_about_tray = True
            self._notify(STILL_RUNNING_TITLE, STILL_RUNNING_TEXT, reminder=False)
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
        self.window.show_log_pain()

    @property
    def log_pain(self) -> LogPainDialog | None:
        """The window's diary form, once it has been opened."""
        return self.window.log_pain_dialog

    # -- reminders ---------------------------------------------------------------------------------------

    def _session_running(self) -> bool:
        session = self.window.session
        return session is not None and session.started and not session.over

    def _reminder_routine(self, settings: Settings) -> str:
        """The routine a reminder suggests: the chosen one, else the default, else the first in the list."""
        routines = self.window.routines
        for wanted in (settings.reminders.routine_id, settings.default_routine):
            if wanted is not None and wanted in routines:
                return wanted
        return next(iter(routines), "")

    def _default_routine(self) -> str | None:
        wanted = self.window.settings.default_routine
        routines = self.window.routines
        return wanted if wanted in routines else next(iter(routines), None)

    def _on_due(self, routine_id: str) -> None:
        from sciatica_timer.ui.words import duration_words

        routine = self.window.routines.get(routine_id)
        length = duration_words(routine.duration_s) if routine is not None else ""
        snooze_min = self.schedule.settings.reminders.snooze_min
        self.line.show_reminder(routine.name if routine is not None else None, length, snooze_min)
        if self.tray is not None:
            if routine is not None:
                text = f"{routine.name}, about {length}. Click here to start."
            else:
                text = "Click here to choose a routine."
            self._notify(REMINDER_TITLE, text, reminder=True)
        elif not self.window.isActiveWindow():
            QApplication.alert(self.window)
        self._refresh_menu()

    def _on_message_clicked(self) -> None:
        if self._last_message_was_reminder and self.schedule.pending is not None:
            self.start_reminded()
        else:
            self.show_window()

    def _on_pending_changed(self) -> None:
        if self.schedule.pending is None:
            self.line.hide()
        self._refresh_menu()

    def _on_settings(self, settings: Settings) -> None:
        self.schedule.set_settings(settings)
        self._refresh_menu()

    def _on_screen_changed(self, _index: int) -> None:
        self.schedule.check()
        self._refresh_menu()

    def _read_last_session(self) -> None:
        store = self.window.store
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

    def _refresh_menu(self) -> None:
        if self.tray is None:
            return
        pending = self.schedule.pending is not None
        self.tray.menu.update_for(
            TrayState(
                routines=tuple((routine.id, routine.name) for routine in self.window.routines.values()),
                default_id=self._default_routine(),
                can_start=self.can_start(),
                window_shown=self.window_shown(),
                snooze_min=self.schedule.settings.reminders.snooze_min if pending else None,
            )
        )


def install_desk(window: MainWindow, *, tray: bool | None = None) -> Desk:
    """The desk for the app's window, taken down when the app quits."""
    desk = Desk(window, tray=tray)
    app = QApplication.instance()
    if app is not None:
        app.aboutToQuit.connect(desk.stop)
    return desk
