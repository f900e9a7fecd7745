"""Where routines are made and changed: the routines screen, the editor, previews and handouts.

The window builds one when the Routines screen is first opened (Ctrl+R). It saves through the
RoutineRepository (atomic writes; built-ins are never written), tells the window when the routines changed,
plays previews at 10× speed in a player of its own without writing history, and writes handouts off the UI
thread.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QThreadPool, Signal
from PySide6.QtWidgets import QApplication, QFileDialog, QInputDialog, QStackedWidget

from sciatica_timer.core import routine_edits as edits
from sciatica_timer.core.i18n import _, ngettext
from sciatica_timer.core.routines import Routine, RoutineError
from sciatica_timer.errors import UserError
from sciatica_timer.storage.routine_files import AlreadyExistsError, RoutineListing, RoutineRepository
from sciatica_timer.ui.common import dialogs
from sciatica_timer.ui.common.background import run_in_background
from sciatica_timer.ui.routines.routines_screen import RoutinesScreen

if TYPE_CHECKING:
    from PySide6.QtPrintSupport import QPrinter

    from sciatica_timer.core.clock import Clock
    from sciatica_timer.core.points import PointLibrary
    from sciatica_timer.core.session_events import SessionEvent
    from sciatica_timer.core.session_plan import SessionPlan
    from sciatica_timer.session.guided_session import GuidedSession
    from sciatica_timer.storage.paths import AppPaths
    from sciatica_timer.ui.player.player import PlayerScreen
    from sciatica_timer.ui.routines.routine_editor import RoutineEditor

log = logging.getLogger(__name__)

PREVIEW_SPEED = 10
PROBLEM_LINES = 3  # lines of a broken file's problems shown on the screen


class RoutineWorkshop(QObject):
    """The routines screen and what it leads to, living in the window's stack of screens."""

    routines_changed = Signal(object, str)  # the RoutineListing now, and the id to choose ("" for none)
    back_requested = Signal()
    start_requested = Signal(str)  # a routine id: play it
    handout_written = Signal(object)  # the Path of the PDF
    handout_failed = Signal(str)
    handout_printed = Signal(int)  # the pages sent to the printer

    def __init__(
        self,
        screens: QStackedWidget,
        paths: AppPaths,
        points: PointLibrary,
        *,
        clock: Clock | None = None,
        session_plan: Callable[[Routine], SessionPlan] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._screens = screens
        self._points = points
        self._clock = clock
        # What a session of a routine plays (the window's safety answers and breathing pace); by default,
        # the routine as written.
        self._session_plan = session_plan or self._as_written
        self.repository = RoutineRepository(paths.routines_dir, points)
        self.screen = RoutinesScreen(points, screens)
        screens.addWidget(self.screen)
        self.editor: RoutineEditor | None = None
        self.preview_player: PlayerScreen | None = None
        self.preview: GuidedSession | None = None
        self._deleted: Routine | None = None
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self.confirm: Callable[[str, str, str, str], bool] = lambda title, text, yes, no: dialogs.ask(
            screens.window(), title, text, yes, no
        )
        """Asks before a delete or a replace: (title, text, yes, no) -> True to go ahead. Tests replace it."""
        self.ask_name: Callable[[str], str | None] = self._ask_name
        self.choose_import: Callable[[], Path | None] = self._choose_import
        self.choose_export: Callable[[Path], Path | None] = self._choose_export
        self.choose_handout: Callable[[Path], Path | None] = self._choose_handout
        self.choose_printer: Callable[[str], QPrinter | None] = self._choose_printer
        """Shows the print dialog for a document title; the printer chosen, or None. Tests replace it."""
        self._printer: QPrinter | None = None  # kept alive while the handout is painted onto it
        self.now: Callable[[], datetime] = lambda: datetime.now().astimezone()

        screen = self.screen
        screen.back_requested.connect(self.back_requested)
        screen.start_requested.connect(self.start_requested)
        screen.new_requested.connect(self.new_routine)
        screen.import_requested.connect(self.import_routine)
        screen.undo_requested.connect(self.undo_delete)
        screen.edit_requested.connect(self.edit)
        screen.duplicate_requested.connect(self.duplicate)
        screen.rename_requested.connect(self.rename)
        screen.delete_requested.connect(self.delete)
        screen.export_requested.connect(self.export)
        screen.handout_requested.connect(self._handout_of)
        screen.print_requested.connect(self._print_handout_of)

    # -- the list ------------------------------------------------------------------------------------------

    def show_list(self, selected: str | None = None) -> None:
        """Read the routines again and show the list."""
        self.reload(selected)
        self._screens.setCurrentWidget(self.screen)
        self.screen.routine_list.setFocus()

    def reload(self, selected: str | None = None) -> RoutineListing:
        listing = self.repository.load_all()
        self.screen.show_routines(listing.routines, selected)
        if listing.broken:
            lines = [
                _("A routine file could not be read and was left as it is: {problem}").format(problem=b)
                for b in listing.broken
            ]
            self.screen.show_notice("\n".join(lines[:PROBLEM_LINES]))
        chosen = self.screen.selected()
        focus = QApplication.focusWidget()
        self.routines_changed.emit(listing, chosen.id if chosen is not None else "")
        if focus is not None and QApplication.focusWidget() is not focus:
            focus.setFocus()  # the start screen, filled in behind, took the keys: give them back
        return listing

    def _routine(self, routine_id: str) -> Routine | None:
        try:
            return self.repository.get(routine_id)
        except UserError as exc:
            self.screen.show_notice(_("This routine could not be read: {reason}").format(reason=exc))
            return None

    def _taken(self) -> tuple[set[str], set[str]]:
        listing = self.repository.load_all()
        ids = {routine.id for routine in listing.routines} | {b.path.stem for b in listing.broken}
        return ids, {routine.name for routine in listing.routines}

    # -- what the screen asks for ------------------------------------------------------------------------

    def new_routine(self) -> RoutineEditor:
        editor = self._ensure_editor()
        ids, names = self._taken()
        first = _(edits.NEW_ROUTINE_NAME)
        name = first
        number = 2
        while name in names:
            name = f"{first} {number}"
            number += 1
        editor.open(edits.blank_routine(edits.unique_id(name, ids), name), new=True)
        self._screens.setCurrentWidget(editor)
        return editor

    def edit(self, routine_id: str) -> RoutineEditor | None:
        routine = self._routine(routine_id)
        if routine is None or routine.builtin:
            return None
        editor = self._ensure_editor()
        editor.open(routine)
        self._screens.setCurrentWidget(editor)
        return editor

    def duplicate(self, routine_id: str) -> Routine | None:
        """Save a copy under a new name; a built-in one's copy opens in the editor, to be customized."""
        routine = self._routine(routine_id)
        if routine is None:
            return None
        ids, names = self._taken()
        name = edits.copy_name(routine.name, names)
        copy = edits.copy_routine(routine, edits.unique_id(name, ids), name)
        try:
            self.repository.save(copy)
        except UserError as exc:
            self.screen.show_notice(_("The copy could not be saved: {reason}").format(reason=exc))
            return None
        self.reload(copy.id)
        self.screen.show_notice(_("Made a copy: “{name}”.").format(name=copy.name))
        if routine.builtin:
            editor = self._ensure_editor()
            editor.open(copy)
            self._screens.setCurrentWidget(editor)
        return copy

    def rename(self, routine_id: str) -> None:
        routine = self._routine(routine_id)
        if routine is None or routine.builtin:
            return
        name = self.ask_name(routine.name)
        if name is None or name == routine.name:
            return
        ids, _taken_names = self._taken()
        # The file follows the name: "my-routine.json" becomes "evening-stretch.json".
        new_id = edits.unique_id(name, ids - {routine.id})
        renamed = dataclasses.replace(edits.rename(routine, name), id=new_id)
        problems = [p for p in edits.draft_problems(renamed, self._points) if p.field == "name"]
        if problems:
            self.screen.show_notice(_("Not renamed: {reason}").format(reason=problems[0]))
            return
        try:
            self.repository.save_renamed(renamed, routine.id)
        except UserError as exc:
            self.screen.show_notice(_("Not renamed: {reason}").format(reason=exc))
            return
        self.reload(renamed.id)
        self.screen.show_notice(_("Renamed to “{name}”.").format(name=renamed.name))

    def delete(self, routine_id: str) -> None:
        """Ask, then delete the routine's file; the notice (and Ctrl+Z) bring it back."""
        routine = self._routine(routine_id)
        if routine is None or routine.builtin:
            return
        if not self.confirm(
            _("Delete this routine?"),
            _(
                "Delete “{name}”? Your history keeps the sessions you did with it, and Undo brings it back."
            ).format(name=routine.name),
            _("Delete routine"),
            _("Keep it"),
        ):
            return
        try:
            self.repository.delete(routine_id)
        except UserError as exc:
            self.screen.show_notice(_("Not deleted: {reason}").format(reason=exc))
            return
        self._deleted = routine
        self.reload()
        self.screen.show_notice(_("Deleted “{name}”.").format(name=routine.name), undo=True)

    def undo_delete(self) -> None:
        routine = self._deleted
        if routine is None:
            return
        if self.repository.path_for(routine.id).exists():
            self.screen.show_notice(
                _("“{name}” could not come back: another file has its id now.").format(name=routine.name)
            )
            return
        try:
            self.repository.save(routine)
        except UserError as exc:
            self.screen.show_notice(
                _("“{name}” could not come back: {reason}").format(name=routine.name, reason=exc), undo=True
            )
            return
        self._deleted = None
        self.reload(routine.id)
        self.screen.show_notice(_("“{name}” is back.").format(name=routine.name))

    def import_routine(self, path: Path | None = None) -> Routine | None:
        """Check a routine file and add it to the user's routines (asking before replacing one)."""
        path = path if path is not None else self.choose_import()
        if path is None:
            return None
        try:
            try:
                routine = self.repository.import_file(path)
            except AlreadyExistsError:
                if not self.confirm(
                    _("Replace a routine?"),
                    _(
                        "A routine with the same id as {file} is already saved. Replace it with the one in "
                        "the file?"
                    ).format(file=path.name),
                    _("Replace it"),
                    _("Keep mine"),
                ):
                    return None
                routine = self.repository.import_file(path, replace=True)
        except RoutineError as exc:
            lines = exc.lines()
            shown = list(lines[:PROBLEM_LINES])
            if len(lines) > PROBLEM_LINES:
                shown.append(_("… and {count} more").format(count=len(lines) - PROBLEM_LINES))
            self.screen.show_notice(
                _("This file is not a routine the app can use:\n{problems}").format(problems="\n".join(shown))
            )
            return None
        except UserError as exc:
            self.screen.show_notice(_("Not imported: {reason}").format(reason=exc))
            return None
        self.reload(routine.id)
        self.screen.show_notice(_("Imported “{name}”.").format(name=routine.name))
        return routine

    def export(self, routine_id: str, path: Path | None = None) -> Path | None:
        routine = self._routine(routine_id)
        if routine is None:
            return None
        path = path if path is not None else self.choose_export(Path.home() / f"{routine.id}.json")
        if path is None:
            return None
        try:
            # The file dialog has asked before replacing a file already.
            self.repository.export(routine_id, path, replace=True)
        except UserError as exc:
            self.screen.show_notice(_("Not exported: {reason}").format(reason=exc))
            return None
        self.screen.show_notice(
            _("Saved “{name}” as {path}. Anyone with Sciatica Timer can import it.").format(
                name=routine.name, path=path
            )
        )
        return path

    # -- handouts ------------------------------------------------------------------------------------------

    def _handout_of(self, routine_id: str) -> None:
        routine = self._routine(routine_id)
        if routine is not None:
            self.write_handout(routine)

    def write_handout(self, routine: Routine, path: Path | None = None) -> None:
        """Ask where (unless ``path``), then write the handout's PDF off the UI thread."""
        if path is None:
            path = self.choose_handout(Path.home() / f"{routine.id}-handout.pdf")
            if path is None:
                return
        from sciatica_timer.ui.routines import handout

        content = handout.gather(routine, self._points, self.now())
        destination = path
        self._say(_("Writing the handout…"))
        run_in_background(
            self._pool,
            lambda: handout.write_handout(destination, content),
            self._handout_done,
            self._handout_failed,
            owner=self,
        )

    def _print_handout_of(self, routine_id: str) -> None:
        routine = self._routine(routine_id)
        if routine is not None:
            self.print_handout(routine)

    def print_handout(self, routine: Routine) -> None:
        """Ask which printer (the system's print dialog), then paint the handout onto it off the UI thread."""
        if self._printer is not None:
            self._say(_("The handout is still being sent to the printer."))
            return
        printer = self.choose_printer(_("{name} handout").format(name=routine.name))
        if printer is None:
            return
        from sciatica_timer.ui.routines import handout

        content = handout.gather(routine, self._points, self.now())
        self._printer = printer
        self._say(_("Sending the handout to the printer…"))
        run_in_background(
            self._pool, lambda: handout.print_handout(printer, content), self._printed, self._print_failed
        )

    def _choose_printer(self, title: str) -> QPrinter | None:
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(title)
        dialog = QPrintDialog(printer, self._screens)
        dialog.setWindowTitle(_("Print the handout"))
        return printer if dialog.exec() == QPrintDialog.DialogCode.Accepted else None

    def _printed(self, pages: object) -> None:
        self._printer = None
        count = pages if isinstance(pages, int) else 0
        self._say(
            ngettext(
                "The handout was sent to the printer ({count} page).",
                "The handout was sent to the printer ({count} pages).",
                count,
            ).format(count=count)
        )
        self.handout_printed.emit(count)

    def _print_failed(self, message: str) -> None:
        self._printer = None
        log.warning("handout not printed: %s", message)
        self._say(_("The handout could not be printed: {reason}").format(reason=message))
        self.handout_failed.emit(message)

    def _handout_done(self, path: object) -> None:
        self._say(_("The handout was saved as {path}.").format(path=path))
        self.handout_written.emit(path)

    def _handout_failed(self, message: str) -> None:
        log.warning("handout not written: %s", message)
        self._say(_("The handout could not be written: {reason}").format(reason=message))
        self.handout_failed.emit(message)

    def wait_for_handout(self, timeout_ms: int = 30_000) -> bool:
        return self._pool.waitForDone(timeout_ms)

    def _say(self, text: str) -> None:
        if self.editor is not None and self._screens.currentWidget() is self.editor:
            self.editor.say(text)
        else:
            self.screen.show_notice(text)

    # -- the editor ----------------------------------------------------------------------------------------

    def _ensure_editor(self) -> RoutineEditor:
        if self.editor is None:
            from sciatica_timer.ui.routines.routine_editor import RoutineEditor

            self.editor = RoutineEditor(self._points, self.repository, self._screens)
            self.editor.back_requested.connect(self._editor_back)
            self.editor.saved.connect(self._on_saved)
            self.editor.preview_requested.connect(self.start_preview)
            self.editor.handout_requested.connect(self.write_handout)
            self._screens.addWidget(self.editor)
        return self.editor

    def _on_saved(self, routine: Routine) -> None:
        self.reload(routine.id)
        # The banner follows the change: no "Made a copy: “… (copy)”" left over once the copy is renamed.
        self.screen.show_notice(_("Saved “{name}”.").format(name=routine.name))

    def _editor_back(self) -> None:
        editor = self.editor
        chosen = editor.draft.id if editor is not None and not editor.is_new else None
        self.show_list(chosen)

    def may_close(self) -> bool:
        """Whether the window may close: asks first when the editor has unsaved changes."""
        if self.editor is None:
            return True
        return self.editor.may_leave(closing=True)

    # -- preview -------------------------------------------------------------------------------------------

    def _as_written(self, routine: Routine) -> SessionPlan:
        from sciatica_timer.core.routines import expand
        from sciatica_timer.core.safety import AdaptedRoutine, SafetyAdvice
        from sciatica_timer.core.session_plan import SessionPlan

        return SessionPlan(AdaptedRoutine(routine), SafetyAdvice(), expand(routine, self._points))

    def start_preview(self, routine: Routine) -> GuidedSession | None:
        """Play ``routine`` at 10× speed in a player, as a session would play it (without the points the
        safety answers leave out); nothing goes into the history. Esc comes back. None when nothing is
        left to play (the editor says why)."""
        from sciatica_timer.core.clock import MonotonicClock, ScaledClock
        from sciatica_timer.session.guided_session import GuidedSession

        planned = self._session_plan(routine)
        adapted, plan = planned.adapted, planned.plan
        if adapted.routine is None or plan is None:
            if self.editor is not None:
                self.editor.say(adapted.message)
            return None
        self.end_preview(show_editor=False)
        clock = ScaledClock(self._clock if self._clock is not None else MonotonicClock(), PREVIEW_SPEED)
        session = GuidedSession(adapted.routine, plan, clock, store=None, parent=self)
        # The player shows this where it would say why a session is not saved.
        session.history_error = _(
            "this is a preview, running {speed} times faster. Esc goes back to the editor."
        ).format(speed=PREVIEW_SPEED)
        session.session_event.connect(self._on_preview_event)
        player = self._ensure_preview_player()
        player.attach(session)
        player.show_safety(adapted.message, planned.cautions, lighter=planned.lighter_pressure)
        session.cue_shown.connect(player.flash_phase)
        self.preview = session
        self._screens.setCurrentWidget(player)
        session.set_display_active(True)
        return session

    def _ensure_preview_player(self) -> PlayerScreen:
        if self.preview_player is None:
            from sciatica_timer.ui.player.player import PlayerScreen

            self.preview_player = PlayerScreen(self._points, self._screens)
            self.preview_player.setObjectName("preview-player")
            self.preview_player.mini_button.hide()  # a preview stays in the window
            self.preview_player.stop_requested.connect(self.end_preview)
            self._screens.addWidget(self.preview_player)
        return self.preview_player

    def _on_preview_event(self, event: SessionEvent) -> None:
        from sciatica_timer.core.session_events import SessionCompleted, SessionStopped

        if isinstance(event, SessionCompleted | SessionStopped):
            self.end_preview()
            if self.editor is not None:
                self.editor.say(_("The preview has ended. Nothing was added to your history."))

    def end_preview(self, *, show_editor: bool = True) -> None:
        """Stop the preview (if one runs) and go back to the editor, its draft as it was."""
        session = self.preview
        if session is None:
            return
        self.preview = None
        session.set_display_active(False)
        session.shutdown()
        if self.preview_player is not None:
            self.preview_player.detach()
        session.deleteLater()
        if show_editor and self.editor is not None:
            self._screens.setCurrentWidget(self.editor)
            self.editor.step_list.setFocus()

    def shutdown(self) -> None:
        """The window closes: stop a preview and let a handout being written finish."""
        session = self.preview
        if session is not None:
            self.preview = None
            session.shutdown()
        self._pool.waitForDone(10_000)

    # -- questions -----------------------------------------------------------------------------------------

    def _ask_name(self, current: str) -> str | None:
        name, ok = QInputDialog.getText(
            self._screens.window(), _("Rename routine"), _("New name:"), text=current
        )
        return name if ok else None

    def _choose_import(self) -> Path | None:
        name, _filter = QFileDialog.getOpenFileName(
            self._screens.window(), _("Import a routine"), str(Path.home()), _("Routine files (*.json)")
        )
        return Path(name) if name else None

    def _choose_export(self, suggested: Path) -> Path | None:
        name, _filter = QFileDialog.getSaveFileName(
            self._screens.window(), _("Export a routine"), str(suggested), _("Routine files (*.json)")
        )
        if not name:
            return None
        path = Path(name)
        return path if path.suffix.lower() == ".json" else path.with_suffix(".json")

    def _choose_handout(self, suggested: Path) -> Path | None:
        name, _filter = QFileDialog.getSaveFileName(
            self._screens.window(), _("Save the handout"), str(suggested), _("PDF files (*.pdf)")
        )
        if not name:
            return None
        path = Path(name)
        return path if path.suffix.lower() == ".pdf" else path.with_suffix(".pdf")
