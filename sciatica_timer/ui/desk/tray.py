"""The tray icon and its menu: start a routine, log pain, show or hide the window, snooze or pause reminders,
quit.

Only built where the desktop has a tray (``desk.py`` decides). The menu is an ordinary QMenu filled from
a TrayState, so what it offers can be checked without a tray.
"""

from __future__ import annotations

from typing import NamedTuple

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QIcon, QPixmap
from PySide6.QtWidgets import QMenu, QSystemTrayIcon, QWidget

from sciatica_timer import APP_NAME
from sciatica_timer.core.i18n import _, ngettext, pgettext
from sciatica_timer.storage.resources import APP_ICON_SIZES, app_icon_png
from sciatica_timer.ui.desk.reminder_status import PAUSE_CHOICES

MESSAGE_MS = 15_000  # how long a desktop shows a reminder, where it lets the app choose


def app_icon() -> QIcon:
    """The app's icon at every size the package ships, for the tray (and whatever else wants it)."""
    icon = QIcon()
    for size in APP_ICON_SIZES:
        pixmap = QPixmap()
        if pixmap.loadFromData(app_icon_png(size), "PNG"):
            icon.addPixmap(pixmap)
    return icon


class TrayState(NamedTuple):
    """What the menu offers right now."""

    routines: tuple[tuple[str, str], ...]  # (id, name), in the start screen's order
    default_id: str | None  # the routine "Start …" starts
    can_start: bool  # False while a session runs or waits for its summary
    window_shown: bool
    snooze_min: int | None  # a reminder waits for an answer: it can be put off this long
    paused: bool | None = None  # None: reminders are off, so there is nothing to pause


class TrayMenu(QMenu):
    start_requested = Signal(str)  # routine id
    log_pain_requested = Signal()
    toggle_window_requested = Signal()
    snooze_requested = Signal()
    pause_requested = Signal(str)  # a PauseLength
    resume_requested = Signal()
    quit_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tray-menu")
        self.start_default = QAction(pgettext("button", "Start"), self)
        self.routines_menu = QMenu(_("Start routine"), self)
        self.log_pain = QAction(_("Log pain…"), self)
        self.toggle_window = QAction(_("Show window"), self)
        self.snooze = QAction(_("Snooze reminder"), self)
        self.pause_menu = QMenu(_("Pause reminders"), self)
        for length, words in PAUSE_CHOICES:
            action = self.pause_menu.addAction(_(words))
            action.triggered.connect(lambda _checked=False, chosen=length: self.pause_requested.emit(chosen))
        self.resume = QAction(_("Turn reminders back on"), self)
        self.quit = QAction(_("Quit {app}").format(app=APP_NAME), self)
        self.addAction(self.start_default)
        self.addMenu(self.routines_menu)
        self.addSeparator()
        self.addAction(self.log_pain)
        self.addAction(self.snooze)
        self.addMenu(self.pause_menu)
        self.addAction(self.resume)
        self.addSeparator()
        self.addAction(self.toggle_window)
        self.addAction(self.quit)
        self._default_id: str | None = None
        self.start_default.triggered.connect(self._start_default)
        self.log_pain.triggered.connect(self.log_pain_requested)
        self.toggle_window.triggered.connect(self.toggle_window_requested)
        self.snooze.triggered.connect(self.snooze_requested)
        self.resume.triggered.connect(self.resume_requested)
        self.quit.triggered.connect(self.quit_requested)

    def update_for(self, state: TrayState) -> None:
        names = dict(state.routines)
        self._default_id = state.default_id if state.default_id in names else None
        if self._default_id is not None:
            self.start_default.setText(_("Start {routine}").format(routine=names[self._default_id]))
        else:
            self.start_default.setText(_("Start a routine"))
        self.start_default.setEnabled(state.can_start and self._default_id is not None)
        self.routines_menu.clear()
        for routine_id, name in state.routines:
            action = self.routines_menu.addAction(name)
            action.triggered.connect(
                lambda _checked=False, chosen=routine_id: self.start_requested.emit(chosen)
            )
        self.routines_menu.setEnabled(state.can_start and bool(state.routines))
        self.toggle_window.setText(_("Hide window") if state.window_shown else _("Show window"))
        self.snooze.setVisible(state.snooze_min is not None)
        if state.snooze_min is not None:
            minutes = state.snooze_min
            self.snooze.setText(
                ngettext(
                    "Remind me again in {count} minute", "Remind me again in {count} minutes", minutes
                ).format(count=minutes)
            )
        self.pause_menu.menuAction().setVisible(state.paused is False)
        self.resume.setVisible(state.paused is True)

    def entries(self) -> list[str]:
        """The visible, enabled entries as a person reads them (submenu entries after a "›"), for tests."""
        found = []
        for action in self.actions():
            if action.isSeparator() or not action.isVisible() or not action.isEnabled():
                continue
            found.append(action.text())
            submenu = action.menu()
            if isinstance(submenu, QMenu):
                found += [f"› {inner.text()}" for inner in submenu.actions() if inner.isEnabled()]
        return found

    def _start_default(self) -> None:
        if self._default_id is not None:
            self.start_requested.emit(self._default_id)


class DeskTray(QObject):
    """The icon itself: its menu, a click that shows or hides the window, and messages."""

    clicked = Signal()  # a plain click on the icon
    message_clicked = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("desk-tray")
        self.menu = TrayMenu()
        self.icon = QSystemTrayIcon(app_icon(), self)
        self.icon.setToolTip(APP_NAME)
        self.icon.setContextMenu(self.menu)
        self.icon.activated.connect(self._on_activated)
        self.icon.messageClicked.connect(self.message_clicked)
        self.last_message: tuple[str, str] | None = None

    def show(self) -> None:
        self.icon.show()

    def notify(self, title: str, text: str) -> None:
        self.last_message = (title, text)
        self.icon.showMessage(title, text, self.icon.icon(), MESSAGE_MS)

    def close(self) -> None:
        self.icon.hide()
        self.menu.deleteLater()  # a context menu has no parent to take it along

    def _on_activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        # Only a single click: a double click would show the window and hide it again.
        if reason is QSystemTrayIcon.ActivationReason.Trigger:
            self.clicked.emit()
