"""The main window: navigation between the app's screens (start, pain check, player, summary, history,
routines, the safety checklist) in one stack, and the window's own life (look, size, loading, closing).

It is shown before anything is read from disk and before any screen is built: the first frame is the empty,
themed window, then (a 0 ms timer started by that first paint) the style sheet, the shortcuts and the
screen-reader helpers are added (``_finish_window``), the desktop's contrast preference is asked, the start
screen is built and the settings, routines and history are read into the application state
(ui/app_state.py). This keeps PySide6's ``Qt`` namespace, whose ~90 enums cost ~15 ms to create, and the
modules and Qt types only the finished window needs, off the path to the first frame. The other screens are
built when first needed, by the controllers that own them: ui/player/session_flow.py (a session),
ui/start/safety_flow.py (the safety answers), ui/start/interrupted_flow.py (the history lines on the start
screen) and ui/history/history_flow.py (the one write path to the history, and who hears of each change).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QPoint, QRect, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QGuiApplication, QHideEvent, QPaintEvent, QShowEvent
from PySide6.QtWidgets import QMainWindow, QStackedWidget, QWidget

from sciatica_timer import APP_NAME
from sciatica_timer.storage.paths import AppPaths
from sciatica_timer.storage.window_state import WindowGeometry, load_geometry, save_geometry
from sciatica_timer.ui.common.owned import Owned

if TYPE_CHECKING:
    from collections.abc import Callable
    from datetime import date

    from sciatica_timer.audio.player import CuePlayer
    from sciatica_timer.core.clock import Clock, SuspendProbe
    from sciatica_timer.core.points import PointLibrary
    from sciatica_timer.core.routines import Routine
    from sciatica_timer.core.safety import RedFlag
    from sciatica_timer.core.settings import Settings
    from sciatica_timer.session.guided_session import GuidedSession
    from sciatica_timer.storage.history import HistoryStore
    from sciatica_timer.storage.settings_file import SettingsLoad
    from sciatica_timer.ui.common.accessibility import SessionAnnouncer
    from sciatica_timer.ui.desk.desk import DeskWays
    from sciatica_timer.ui.help_window import HelpWindow
    from sciatica_timer.ui.history.follow_up import FollowUpSchedule
    from sciatica_timer.ui.history.history_flow import HistoryFlow
    from sciatica_timer.ui.history.history_view import HistoryView
    from sciatica_timer.ui.history.log_pain import LogPainDialog
    from sciatica_timer.ui.history.operations import HistoryOperations
    from sciatica_timer.ui.player.mini_player import MiniPlayer
    from sciatica_timer.ui.player.pain_check import PainCheckScreen
    from sciatica_timer.ui.player.player import PlayerScreen
    from sciatica_timer.ui.player.session_flow import SessionFlow
    from sciatica_timer.ui.player.summary import SummaryScreen
    from sciatica_timer.ui.routines.routine_workshop import RoutineWorkshop
    from sciatica_timer.ui.routines.routines_flow import RoutinesFlow
    from sciatica_timer.ui.settings.settings_dialog import SettingsDialog
    from sciatica_timer.ui.settings.settings_flow import SettingsFlow
    from sciatica_timer.ui.start.interrupted_flow import InterruptedSessions
    from sciatica_timer.ui.start.reminder_step import ReminderStep
    from sciatica_timer.ui.start.safety_check import SafetyCheckScreen
    from sciatica_timer.ui.start.safety_flow import SafetyFlow
    from sciatica_timer.ui.start.start_screen import StartScreen

log = logging.getLogger(__name__)

DEFAULT_SIZE = (1024, 700)
LOAD_FALLBACK_MS = 250  # read the routines this long after the window is shown if it has not painted yet
MINIMUM_SIZE = (640, 480)


_CONTROLLERS = ("session_flow", "safety_flow", "interrupted", "routines_flow", "settings_flow", "history")


class MainWindow(QMainWindow):
    # What the controllers own, read from the window by the desk and the tests.
    session: Owned[GuidedSession | None] = Owned("session_flow", unmade=None)
    pain_check: Owned[PainCheckScreen | None] = Owned("session_flow", unmade=None)
    player: Owned[PlayerScreen | None] = Owned("session_flow", unmade=None)
    summary: Owned[SummaryScreen | None] = Owned("session_flow", unmade=None)
    mini: Owned[MiniPlayer | None] = Owned("session_flow", unmade=None)
    safety_check: Owned[SafetyCheckScreen | None] = Owned("safety_flow", unmade=None)
    reminder_step: Owned[ReminderStep | None] = Owned("safety_flow", unmade=None)
    history_view: Owned[HistoryView | None] = Owned("history", unmade=None)
    log_pain_dialog: Owned[LogPainDialog | None] = Owned("history", unmade=None)
    last_saved: Owned[str] = Owned("history", unmade="")  # the last "Saved: pain 10" confirmation shown
    routine_workshop: Owned[RoutineWorkshop | None] = Owned("routines_flow", "workshop", unmade=None)
    settings_dialog: Owned[SettingsDialog | None] = Owned("settings_flow", "dialog", unmade=None)
    settings: Owned[Settings] = Owned("state")
    paths: Owned[AppPaths] = Owned("state")
    store: Owned[HistoryStore | None] = Owned("state")
    points: Owned[PointLibrary | None] = Owned("state")
    routines: Owned[dict[str, Routine]] = Owned("state")
    red_flags: Owned[frozenset[RedFlag]] = Owned("state")

    announcer: SessionAnnouncer  # says phases, pauses and stops to screen readers (from _finish_window)

    session_flow: SessionFlow
    safety_flow: SafetyFlow
    interrupted: InterruptedSessions
    routines_flow: RoutinesFlow
    settings_flow: SettingsFlow
    history: HistoryFlow

    painted = Signal()  # the first frame is on screen; the start screen is built next
    loaded = Signal()  # the routines and the history have been read (just after the first paint)
    settings_changed = Signal(object)  # Settings, after a change was applied (and saved, if the disk allowed)

    def __init__(
        self,
        paths: AppPaths,
        *,
        clock: Clock | None = None,
        suspend_probe: SuspendProbe | None = None,
        sound: bool = False,
        settings: SettingsLoad | None = None,
    ) -> None:
        super().__init__()
        self._window_finished = False  # see _finish_window
        self._paths = paths
        from sciatica_timer.ui.app_state import AppState

        self.state = AppState(paths, settings, self)  # built empty; loaded just after the first paint
        self.state.settings_changed.connect(self.settings_changed)
        self.state.notices_changed.connect(self._show_notices)
        self.setWindowTitle(APP_NAME)
        self.setMinimumSize(*MINIMUM_SIZE)
        self._style_key = ""
        self.screens = QStackedWidget(self)
        self.screens.addWidget(QWidget(self.screens))  # the first frame: the themed, empty window
        self._start_screen: StartScreen | None = None
        self.setCentralWidget(self.screens)

        self._is_loaded = False
        self._quitting = False
        # Asked when the window is closed, not quit: True when it hid the window and keeps the app running
        # in the tray (set by ui/desk/desk.py).
        self.close_to_tray: Callable[[], bool] | None = None
        # Whether the app keeps running in the tray once the window is closed (set by ui/desk/desk.py): then
        # closing mid-session can offer the mini player instead.
        self.keeps_running: Callable[[], bool] | None = None
        self._load_timer = QTimer(self)
        self._load_timer.setObjectName("load-after-first-paint")
        self._load_timer.setSingleShot(True)
        self._load_timer.timeout.connect(self.finish_loading)

        self.help_window: HelpWindow | None = None
        self.screens.currentChanged.connect(lambda _index: self._sync_display())
        # Sound is on in the app; tests and screenshots run without a sound server. The controllers are made
        # when first used (just after the first frame), keeping their modules off the path to it.
        self._flow_args = (clock, suspend_probe, sound)
        self._restore_geometry()

    def _finish_window(self) -> None:
        """What the empty first frame does not need, done once just after it (or when a screen is first
        built): the style sheet, the keyboard shortcuts and the screen-reader helpers. Their modules and Qt's
        types for them (QShortcut, QKeySequence, the accessibility classes) then stay off the path to it."""
        if self._window_finished:
            return
        self._window_finished = True
        from PySide6.QtGui import QKeySequence, QShortcut

        from sciatica_timer.ui.common.accessibility import (
            SessionAnnouncer,
            guard_scroll_areas,
            name_unnamed_parts,
        )

        guard_scroll_areas()  # before a screen reader reads any scroll area (common/accessibility.py)
        self._apply_style()
        quit_shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Quit), self)
        quit_shortcut.activated.connect(self.request_quit)
        QShortcut(QKeySequence("F1"), self, self.show_help)
        QShortcut(QKeySequence("Ctrl+L"), self, self.show_log_pain)
        preferences = QKeySequence(QKeySequence.StandardKey.Preferences)
        for keys in dict.fromkeys(k for k in ("Ctrl+,", preferences.toString()) if k):  # once each
            QShortcut(QKeySequence(keys), self, self.show_settings)
        self.screens.currentChanged.connect(lambda _index: name_unnamed_parts(self))  # screen readers
        self.announcer = SessionAnnouncer(self)  # says phases, pauses and stops to screen readers

    def __getattr__(self, name: str) -> object:
        """A controller asked for before it exists is made now (see ``_make_flow``)."""
        making = self.__dict__.setdefault("_making", set())
        if name in _CONTROLLERS and "_flow_args" in self.__dict__ and name not in making:
            making.add(name)  # asked for again while being made (an event its making sends): not yet there
            try:
                self._make_flow(name)
            finally:
                making.discard(name)
            return self.__dict__[name]
        raise AttributeError(name)

    def _made(self, name: str) -> object | None:
        """The controller ``name`` if it has been made, without making it."""
        return self.__dict__.get(name)

    def _make_flow(self, name: str) -> None:
        """Make one of the controllers the window navigates between, when first asked for: the start screen
        needs only the safety answers', the history lines', the settings' (each change takes effect through
        it) and, for its follow-up questions, the history's; a session's and the routines' modules stay off
        the path to it. A controller that needs another's help asks for it when it needs it."""
        clock, suspend_probe, sound = self._flow_args
        state = self.state
        if name == "interrupted":
            from sciatica_timer.ui.start.interrupted_flow import InterruptedSessions

            self.interrupted = InterruptedSessions(
                state, lambda: self.start_screen, lambda: self.history_ops, self
            )
        elif name == "session_flow":
            from sciatica_timer.ui.player.session_flow import SessionFlow, SessionWays

            self._finish_window()  # first: the announcer is handed to the session's controller
            self.session_flow = SessionFlow(
                state,
                SessionWays(
                    screens=self.screens,
                    owner=self,
                    announcer=self.announcer,
                    history_ops=lambda: self.history_ops,
                    follow_ups=lambda: self.follow_ups,
                    safety_check_due=self.safety_check_due,
                    show_safety_check=self.show_safety_check,
                    show_start=self.show_start,
                    show_notice=lambda text: self.start_screen.show_notice(text),  # noqa: PLW0108 - built later
                    show_saved=self.show_saved,
                    leave_point_out=self.leave_point_out,
                    let_undo_go=lambda: self.interrupted.let_undo_go(),  # noqa: PLW0108 - made when needed
                    clock=clock,
                    suspend_probe=suspend_probe,
                    sound=sound,
                ),
            )
        elif name == "safety_flow":
            from sciatica_timer.ui.start.safety_flow import SafetyFlow, SafetyWays

            self.safety_flow = SafetyFlow(
                state,
                SafetyWays(
                    screens=self.screens,
                    owner=self,
                    start_screen=lambda: self.start_screen,
                    safety_check_due=self.safety_check_due,
                    today=self.today,
                    show_notice=self.show_notice,
                    leave_mini=self._leave_mini,
                    summary=lambda: self.summary,
                ),
            )
        elif name == "routines_flow":
            from sciatica_timer.ui.routines.routines_flow import RoutinesFlow, RoutinesWays

            self.routines_flow = RoutinesFlow(
                state,
                RoutinesWays(
                    screens=self.screens,
                    owner=self,
                    start_screen=lambda: self.start_screen,
                    choose_routine=self.choose_routine,
                    show_start=self.show_start,
                    routine_rows=self.safety_flow.routine_rows,
                    clock=clock,
                ),
            )
        elif name == "settings_flow":
            from sciatica_timer.ui.settings.settings_flow import SettingsFlow, SettingsWays

            self.settings_flow = SettingsFlow(
                state,
                SettingsWays(
                    owner=self,
                    session_cues=self._session_cues,
                    use_in_session=self._use_in_session,
                    history_ops=lambda: self.history_ops,
                    show_safety_check=self.show_safety_check,
                    leave_mini=self._leave_mini,
                    start_screen=lambda: self._start_screen,
                ),
            )
        elif name == "history":
            from sciatica_timer.ui.history.history_flow import HistoryFlow, HistoryWays

            self.history = HistoryFlow(
                state,
                HistoryWays(
                    screens=self.screens,
                    owner=self,
                    start_screen=lambda: self.start_screen,
                    show_start=self.show_start,
                    refresh_start=self.refresh_history,
                    session_busy=lambda: self._made("session_flow") is not None and self.session_flow.busy(),
                    clock=clock,
                ),
            )

    def _leave_mini(self) -> None:
        if self._made("session_flow") is not None:
            self.session_flow.leave_mini()

    def _session_cues(self) -> CuePlayer | None:
        return self.session.cues if self.session is not None else None

    def _use_in_session(self, settings: Settings) -> None:
        if self._made("session_flow") is not None:
            self.session_flow.use_settings(settings)

    # -- a session ------------------------------------------------------------------------------------------

    def choose_routine(self, routine_id: str) -> None:
        """Start ``routine_id``: the checklist if it is due, else the pain check, the player, the summary."""
        self.session_flow.choose(routine_id)

    def request_stop(self) -> None:
        """Esc or Stop: before the start, just leave; once running, ask first (paused while asking)."""
        self.session_flow.request_stop()

    def desk_ways(self) -> DeskWays:
        """What the tray and the reminders (ui/desk/desk.py) need of this window."""
        from sciatica_timer.ui.desk.desk import DeskWays

        def set_close_hooks(
            close_to_tray: Callable[[], bool] | None, keeps_running: Callable[[], bool] | None
        ) -> None:
            self.close_to_tray, self.keeps_running = close_to_tray, keeps_running

        flow = self.session_flow
        return DeskWays(
            window=self,
            screen_changed=self.screens.currentChanged,
            add_line=lambda line: self.start_screen.add_line(line),  # noqa: PLW0108 - built later
            session=lambda: flow.session,
            follow_ups=lambda: self.follow_ups,
            log_pain_dialog=lambda: self.history.log_pain_dialog,
            show_log_pain=self.show_log_pain,
            show_start=self.show_start,
            choose_routine=self.choose_routine,
            mini_shown=lambda: flow.mini is not None and flow.mini.isVisible(),
            show_full=flow.show_full,
            request_quit=self.request_quit,
            set_close_hooks=set_close_hooks,
        )

    # -- the start screen ------------------------------------------------------------------------------------

    @property
    def start_screen(self) -> StartScreen:
        """The list of routines; built just after the first paint (or when first asked for)."""
        if self._start_screen is None:
            self._finish_window()
            from PySide6.QtGui import QKeySequence, QShortcut

            from sciatica_timer.ui.start.start_screen import StartScreen

            screen = StartScreen(self.screens)
            self._start_screen = screen
            screen.start_requested.connect(self.choose_routine)
            self.interrupted.connect_to(screen)
            screen.history_requested.connect(self.show_history)
            screen.settings_requested.connect(self.show_settings)
            screen.help_requested.connect(self.show_help)
            screen.safety_requested.connect(self.show_safety_check)
            QShortcut(QKeySequence("Ctrl+H"), screen, self.show_history)
            screen.routines_requested.connect(self.show_routines)
            QShortcut(QKeySequence("Ctrl+R"), screen, self.show_routines)
            self.screens.addWidget(screen)
            first_frame = self.screens.widget(0)
            self.screens.setCurrentWidget(screen)
            if first_frame is not None and first_frame is not screen:
                self.screens.removeWidget(first_frame)
                first_frame.deleteLater()
        return self._start_screen

    # -- settings ------------------------------------------------------------------------------------------

    def apply_settings(self, settings: Settings) -> str | None:
        """Use and save ``settings``; returns why saving failed (they apply anyway), or None."""
        return self.state.apply_settings(settings)

    def show_settings(self) -> None:
        """The settings dialog (Ctrl+,): changes apply at once; Cancel puts back what was there."""
        self.settings_flow.show()

    # -- look ------------------------------------------------------------------------------------------------

    def _apply_style(self) -> None:
        palette = self.palette()
        key = f"{palette.window().color().name()}{palette.windowText().color().name()}"
        if key == self._style_key:
            return
        self._style_key = key
        from sciatica_timer.ui.common.theme import style_sheet

        sheet = style_sheet(palette)
        self.setStyleSheet(sheet)
        mini = self.session_flow.mini if self._made("session_flow") is not None else None
        if mini is not None:
            mini.setStyleSheet(sheet)

    def changeEvent(self, event: QEvent) -> None:
        kind = event.type()
        if kind == QEvent.Type.PaletteChange and self._window_finished:
            self._apply_style()  # the system switched between light and dark
        elif kind == QEvent.Type.WindowStateChange:
            self._sync_display()
        super().changeEvent(event)

    # -- geometry --------------------------------------------------------------------------------------------

    def _restore_geometry(self) -> None:
        saved = load_geometry(self._paths.window_state_file)
        if saved is None:
            self.resize(*DEFAULT_SIZE)
            return
        self.resize(saved.width, saved.height)
        # Only move back to a place that is still on a screen (a monitor may have been unplugged).
        if QGuiApplication.screenAt(QRect(saved.x, saved.y, saved.width, saved.height).center()) is not None:
            self.move(QPoint(saved.x, saved.y))
        if saved.maximized:
            from PySide6.QtCore import Qt

            self.setWindowState(self.windowState() | Qt.WindowState.WindowMaximized)

    def _save_geometry(self) -> None:
        normal = self.normalGeometry() if self.isMaximized() else self.geometry()
        frame = self.frameGeometry()
        save_geometry(
            self._paths.window_state_file,
            WindowGeometry(frame.x(), frame.y(), normal.width(), normal.height(), self.isMaximized()),
        )

    # -- loading, after the first paint ---------------------------------------------------------------------

    @property
    def is_loaded(self) -> bool:
        return self._is_loaded

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._is_loaded and not self._load_timer.isActive():
            self._load_timer.start(LOAD_FALLBACK_MS)  # in case no paint comes (a window shown minimized)
        self._sync_display()

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        self._sync_display()  # hidden to the tray: nobody sees the player, so it stops redrawing

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._is_loaded and self._load_timer.interval() != 0:
            # The start screen is on screen now: read the routines and the history right after this frame.
            self._load_timer.start(0)

    def finish_loading(self) -> None:
        """Read the routines and open the history. Runs once, right after the first paint."""
        if self._is_loaded:
            return
        self._is_loaded = True
        self._load_timer.stop()
        self._finish_window()
        self.painted.emit()
        self.start_screen.routine_list.setFocus()
        self.settings  # noqa: B018 - read now, so a problem with the file is reported at once
        self.settings_flow  # noqa: B018 - from now on, each change of the settings takes effect at once
        self._load_routines()
        self._open_history()
        self.refresh_history()
        self.safety_flow.show_advice()
        if self.safety_check_due():
            self.show_safety_check()
        # The follow-up questions come just after: nothing on the start screen waits for them.
        QTimer.singleShot(0, self, self._attach_follow_ups)
        self.loaded.emit()

    @property
    def follow_ups(self) -> FollowUpSchedule | None:
        """The pain asked again after a session (the history's): attached just after loading, or sooner when
        first asked for (a session ending, the desk)."""
        self._attach_follow_ups()
        return self.history.follow_ups if self._made("history") is not None else None

    def _attach_follow_ups(self) -> None:
        if self._is_loaded and self.store is not None and self.history.follow_ups is None:
            self.history.attach_follow_ups()

    def _load_routines(self) -> None:
        listing = self.state.load_routines()
        if listing is None:
            self.start_screen.show_routines([])
            self._show_notices()
            return
        self.start_screen.show_routines(
            self.safety_flow.routine_rows(listing.routines), self.settings.default_routine
        )
        self._show_notices()

    def _open_history(self) -> None:
        from sciatica_timer.ui.start.interrupted_flow import read_only_text

        self.state.open_history(read_only_text)

    def show_notice(self, text: str) -> None:
        """A problem to tell the person about on the start screen (a setting that could not be saved)."""
        self.state.add_notice(text)

    def _show_notices(self) -> None:
        notices = self.state.notices
        self.start_screen.show_notice("\n".join(notices) if notices else None)

    def refresh_history(self) -> None:
        """The last session's line and the interrupted-session offer on the start screen."""
        self.interrupted.show_lines()

    # The history, as tests and the desk read it from the window.

    @property
    def history_ops(self) -> HistoryOperations:
        """The one way this window writes the history (made when first needed, after the first paint)."""
        return self.history.operations

    def show_history(self) -> None:
        """The charts and the diary table; pyqtgraph and numpy load the first time this opens."""
        self.history.show()

    def show_log_pain(self) -> None:
        """The diary form (Ctrl+L, "Log pain…" in the history or the tray): a pain score, where, a note."""
        self.history.show_log_pain()

    def show_saved(self, text: str) -> None:
        """A short confirmation that a score went into the diary ("Saved: pain 10") where the person looks."""
        self.history.show_saved(text)

    # -- the mini player -------------------------------------------------------------------------------------

    def toggle_mini(self) -> None:
        """Swap the window for the small always-on-top player, or back."""
        self.session_flow.toggle_mini()

    def show_full(self) -> None:
        """Back from the mini player to the full window."""
        self.session_flow.show_full()

    def _sync_display(self) -> None:
        if self._made("session_flow") is not None:  # before a session's controller is made, none runs
            self.session_flow.sync_display()

    # -- safety ------------------------------------------------------------------------------------------

    def safety_check_due(self) -> bool:
        """Whether the safety checklist is to be answered: never yet, or the warning signs were last gone
        through 30 days ago or more. It comes first, after the first paint, and before any session."""
        return self.state.safety_check_due(self.today())

    def today(self) -> date:
        """The local date (the 30-day re-ask counts days)."""
        from datetime import date

        return date.today()

    def show_safety_check(self) -> None:
        """The safety checklist, ticked as last answered (the settings dialog opens it too)."""
        self.safety_flow.show()

    def leave_point_out(self, code: str, leave_out: bool = True) -> None:
        """Keep a point out of the person's sessions (after a sharp pain), or bring it back; saved at once."""
        self.safety_flow.leave_point_out(code, leave_out)

    def show_help(self) -> None:
        """The help window (F1): what the app does, warning signs, precautions, keys, where the data is."""
        if self.help_window is None:
            from sciatica_timer.ui.common.accessibility import name_unnamed_parts
            from sciatica_timer.ui.help_window import HelpWindow

            self.help_window = HelpWindow(self._paths, self.points, self)
            name_unnamed_parts(self.help_window)
        self.help_window.show()
        self.help_window.raise_()
        self.help_window.activateWindow()

    def show_routines(self) -> None:
        """The Routines screen (Ctrl+R): make, change, import, export and print routines."""
        self.routines_flow.show()

    def show_start(self) -> None:
        """Back to the list of routines; a session that never started is simply dropped."""
        if not self.session_flow.drop():
            return  # a running session ends through request_stop
        self.refresh_history()
        self.screens.setCurrentWidget(self.start_screen)
        self.start_screen.routine_list.setFocus()

    # -- closing ---------------------------------------------------------------------------------------------

    def request_quit(self) -> bool:
        """Ctrl+Q, or Quit in the tray: close for good, even where closing would only hide to the tray.

        Returns whether the window closed (a running session asks first).
        """
        self._quitting = True
        try:
            return self.close()
        finally:
            self._quitting = False

    def end_on_signal(self) -> None:
        """SIGINT, SIGTERM or SIGHUP: close as Ctrl+Q does, without asking (nobody may be there to
        answer, and a logout waits for no one): a running session is stopped and kept as stopped."""
        self._ending = True
        self.request_quit()

    def closeEvent(self, event: QCloseEvent) -> None:
        ending = getattr(self, "_ending", False)
        if not self._quitting and self.close_to_tray is not None and self.close_to_tray():
            event.ignore()
            return
        # Only the controllers that were made have anything to keep or to ask about.
        session, history, workshop = self._made("session_flow"), self._made("history"), self.routine_workshop
        if not ending and workshop is not None and not workshop.may_close():
            event.ignore()  # the routine being edited has unsaved changes, and the person kept them
            return
        offer_mini = not self._quitting and self.keeps_running is not None and self.keeps_running()
        if session is not None and not self.session_flow.may_close(ending=ending, offer_mini=offer_mini):
            event.ignore()
            return
        self._save_geometry()
        self._load_timer.stop()
        if session is not None:
            self.session_flow.close()
        if history is not None and self.history.follow_ups is not None:
            self.history.follow_ups.shutdown()
        if workshop is not None:
            workshop.shutdown()
        self.state.close()
        super().closeEvent(event)
        event.accept()
