"""The application's state, in one object the screens receive: paths, settings, points, routines, the history
store and the notices for the person, with a signal for each change.

Built empty with the window and loaded just after the first paint (``load``), so the window appears before
any file is read. The window only navigates; desk, follow-up and single-instance code take this state and
the few callables they need.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from sciatica_timer.core.i18n import _
from sciatica_timer.errors import UserError

if TYPE_CHECKING:
    from collections.abc import Callable
    from datetime import date
    from pathlib import Path

    from sciatica_timer.core.points import PointLibrary
    from sciatica_timer.core.routines import Routine
    from sciatica_timer.core.safety import RedFlag, SafetyAdvice
    from sciatica_timer.core.session_plan import SessionPlan
    from sciatica_timer.core.settings import Settings
    from sciatica_timer.storage.history import HistoryStore
    from sciatica_timer.storage.paths import AppPaths
    from sciatica_timer.storage.routine_files import RoutineListing
    from sciatica_timer.storage.settings_file import SettingsFile, SettingsLoad

log = logging.getLogger(__name__)


class AppState(QObject):
    """What the app knows and keeps; screens read it and ask it to change, and hear each change."""

    settings_changing = Signal(object, object)  # old Settings (None before the first), new Settings
    settings_changed = Signal(object)  # the new Settings, once in use (and saved, when the disk allows)
    notices_changed = Signal()  # a problem to tell the person was added
    routines_loaded = Signal(object)  # RoutineListing, or None when the points could not be read

    def __init__(
        self, paths: AppPaths, settings: SettingsLoad | None = None, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("app-state")
        self._paths = paths
        # The settings are read after the first paint (the model is not light); the look they set (theme,
        # text size, start minimized) is read before the window exists, by app.py through read_look.
        self._settings_file: SettingsFile | None = None
        self._settings: Settings | None = settings.settings if settings is not None else None
        self._settings_notice = settings.notice if settings is not None else None
        self.store: HistoryStore | None = None
        self.points: PointLibrary | None = None
        self.routines: dict[str, Routine] = {}
        self.red_flags: frozenset[RedFlag] = frozenset()  # warning signs ticked in this run; never saved
        self.notices: list[str] = []

    @property
    def paths(self) -> AppPaths:
        return self._paths

    # -- settings ------------------------------------------------------------------------------------------

    @property
    def settings(self) -> Settings:
        """The person's settings, read from the file on first use (normally just after the first paint)."""
        if self._settings is None:
            loaded = self._ensure_settings_file().load()
            self._settings, self._settings_notice = loaded.settings, loaded.notice
        if self._settings_notice:
            notice, self._settings_notice = self._settings_notice, None
            self.add_notice(notice)
        return self._settings

    def _ensure_settings_file(self) -> SettingsFile:
        if self._settings_file is None:
            from sciatica_timer.storage.settings_file import SettingsFile

            self._settings_file = SettingsFile(self._paths.settings_file)
        return self._settings_file

    def apply_settings(self, settings: Settings) -> str | None:
        """Use and save ``settings``; returns why saving failed (they apply anyway), or None."""
        problem = None
        try:
            self._ensure_settings_file().save(settings)
        except UserError as exc:
            log.warning("settings not saved: %s", exc)
            problem = str(exc)
        old, self._settings = self._settings, settings
        self.settings_changing.emit(old, settings)
        self.settings_changed.emit(settings)
        return problem

    # -- notices -------------------------------------------------------------------------------------------

    def add_notice(self, text: str) -> None:
        """A problem to tell the person about (a setting that could not be saved, a damaged file)."""
        self.notices.append(text)
        self.notices_changed.emit()

    # -- loading, after the first paint ------------------------------------------------------------------

    def load_routines(self) -> RoutineListing | None:
        """The point library and the routines; None (and a notice) when the points cannot be read."""
        from sciatica_timer.core.points import PointDataError
        from sciatica_timer.storage.resources import load_point_library
        from sciatica_timer.storage.routine_files import RoutineRepository

        try:
            self.points = load_point_library()
        except PointDataError as exc:
            log.error("%s", exc)
            self.notices.append(_("The pressure points could not be read: {problem}").format(problem=exc))
            self.routines_loaded.emit(None)
            return None
        listing = RoutineRepository(self._paths.routines_dir, self.points).load_all()
        self.routines = {routine.id: routine for routine in listing.routines}
        for broken in listing.broken:
            self.notices.append(_("A routine file could not be read: {problem}").format(problem=broken))
        self.routines_loaded.emit(listing)
        return listing

    def open_history(self, read_only_text: Callable[[str, Path], str]) -> None:
        """Open the history store; a notice says why it is not available, read-only or recovered."""
        from sciatica_timer.storage.history import HistoryStore

        try:
            self.store = HistoryStore.open_for_reading(
                self._paths.database, backups_dir=self._paths.backups_dir
            )
        except UserError as exc:
            log.warning("history not available: %s", exc)
            self.add_notice(
                _("The history is not available, so sessions will not be saved: {problem}").format(
                    problem=exc
                )
            )
            return
        if self.store.read_only is not None:
            self.add_notice(read_only_text(self.store.read_only, self.store.path.parent))
        if self.store.recovery is not None:
            self.add_notice(self.store.recovery.message)

    def backup_if_due(self) -> None:
        if self.store is None:
            return
        try:
            self.store.backup_if_due(self._paths.backups_dir)
        except UserError as exc:
            log.warning("no backup: %s", exc)

    def close(self) -> None:
        if self.store is not None:
            self.store.close()
            self.store = None

    # -- safety ------------------------------------------------------------------------------------------

    def safety_check_due(self, today: date) -> bool:
        """Whether the safety checklist is to be answered: never yet, or the warning signs were last gone
        through 30 days ago or more."""
        from sciatica_timer.core.safety import warning_signs_due

        return warning_signs_due(self.settings.safety, today)

    def safety_advice(self) -> SafetyAdvice:
        """What the safety answers and today's warning signs mean for the sessions."""
        from sciatica_timer.core.points import PointLibrary
        from sciatica_timer.core.safety import advise

        points = self.points or PointLibrary(points=())
        return advise(self.settings.safety, points, self.red_flags, self.settings.left_out_points)

    def session_plan(self, routine: Routine) -> SessionPlan:
        """What a session of ``routine`` plays (the editor's preview too), decided by the core's one
        ``plan_session``: without the points the safety answers or the person leave out, breathing at the
        person's pace. No plan when nothing would be left."""
        from sciatica_timer.core.points import PointLibrary
        from sciatica_timer.core.session_plan import plan_session

        points = self.points or PointLibrary(points=())
        return plan_session(routine, points, self.settings, self.red_flags)
