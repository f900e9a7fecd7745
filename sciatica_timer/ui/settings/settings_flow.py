"""The settings from the window's side: the dialog (Ctrl+,), and what a change does at once elsewhere (the
look of the whole app, a running session's sounds, the routine chosen first on the start screen).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from sciatica_timer.ui.common.accessibility import name_unnamed_parts

if TYPE_CHECKING:
    from collections.abc import Callable

    from PySide6.QtWidgets import QWidget

    from sciatica_timer.audio.player import CuePlayer
    from sciatica_timer.core.settings import Settings
    from sciatica_timer.ui.app_state import AppState
    from sciatica_timer.ui.history.operations import HistoryOperations
    from sciatica_timer.ui.settings.settings_dialog import SettingsDialog
    from sciatica_timer.ui.start.start_screen import StartScreen


@dataclass(frozen=True)
class SettingsWays:
    """What the settings ask of the window around them."""

    owner: QWidget  # the window: the dialog's parent
    session_cues: Callable[[], CuePlayer | None]  # a running session's sounds, for samples while it plays
    use_in_session: Callable[[Settings], None]  # a running session follows a change at once
    history_ops: Callable[[], HistoryOperations]  # restoring a backup writes through them
    show_safety_check: Callable[[], None]
    leave_mini: Callable[[], None]
    start_screen: Callable[[], StartScreen | None]  # None before it is built


class SettingsFlow(QObject):
    """Opens the settings dialog and makes each change take effect."""

    def __init__(self, state: AppState, ways: SettingsWays) -> None:
        super().__init__(ways.owner)
        self.setObjectName("settings-flow")
        self.state = state
        self.ways = ways
        self.dialog: SettingsDialog | None = None  # built when first opened
        state.settings_changing.connect(self._use)

    def _use(self, old: Settings | None, new: Settings) -> None:
        """What changed takes effect now: the look, a running session's sounds, the routine chosen first."""
        if old is None or (old.theme, old.text_scale_percent) != (new.theme, new.text_scale_percent):
            from PySide6.QtWidgets import QApplication

            from sciatica_timer.ui.common.appearance import apply_look

            app = QApplication.instance()
            if isinstance(app, QApplication):
                apply_look(app, new.theme, new.text_scale_percent)
        self.ways.use_in_session(new)
        changed_routine = old is None or old.default_routine != new.default_routine
        start = self.ways.start_screen()
        if changed_routine and new.default_routine in self.state.routines and start is not None:
            start.select(new.default_routine)

    def show(self) -> None:
        """The settings dialog (Ctrl+,): changes apply at once; Cancel puts back what was there."""
        if self.dialog is None:
            from sciatica_timer.ui.settings.settings_dialog import SettingsDialog

            dialog = SettingsDialog(
                self.ways.owner,
                self.state.paths,
                self.state.apply_settings,
                offer_safety=True,
                session_cues=self.ways.session_cues,
                operations=self.ways.history_ops(),
            )
            dialog.safety_requested.connect(self.ways.show_safety_check)
            name_unnamed_parts(dialog)
            self.dialog = dialog
        if self.dialog.isVisible():  # already open: Cancel still goes back to when it opened
            self.dialog.raise_()
            self.dialog.activateWindow()
            return
        self.ways.leave_mini()
        routines = [(routine.id, routine.name) for routine in self.state.routines.values()]
        self.dialog.begin(self.state.settings, routines, history_available=self.state.store is not None)
