"""The Routines screen from the window's side: opened from the start screen (Ctrl+R), a routine started from
it goes the same way in as from the start screen, and a change to the routines reaches the start screen.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from sciatica_timer.core.i18n import _

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from PySide6.QtWidgets import QStackedWidget, QWidget

    from sciatica_timer.core.clock import Clock
    from sciatica_timer.core.routines import Routine
    from sciatica_timer.storage.routine_files import RoutineListing
    from sciatica_timer.ui.app_state import AppState
    from sciatica_timer.ui.routines.routine_workshop import RoutineWorkshop
    from sciatica_timer.ui.start.rows import RoutineRow
    from sciatica_timer.ui.start.start_screen import StartScreen


@dataclass(frozen=True)
class RoutinesWays:
    """What the Routines screen asks of the window around it."""

    screens: QStackedWidget
    owner: QWidget
    start_screen: Callable[[], StartScreen]
    choose_routine: Callable[[str], None]
    show_start: Callable[[], None]
    routine_rows: Callable[[Iterable[Routine]], list[RoutineRow]]  # the start screen's rows
    clock: Clock | None = None


class RoutinesFlow(QObject):
    """Opens the routine workshop and keeps the start screen's list in step with it."""

    def __init__(self, state: AppState, ways: RoutinesWays) -> None:
        super().__init__(ways.owner)
        self.setObjectName("routines-flow")
        self.state = state
        self.ways = ways
        self.workshop: RoutineWorkshop | None = None  # the Routines screen and the editor

    def show(self) -> None:
        """The Routines screen (Ctrl+R): make, change, import, export and print routines."""
        points = self.state.points
        start = self.ways.start_screen()
        if points is None:
            start.show_notice(_("The pressure points could not be read, so routines cannot be changed."))
            return
        if self.workshop is None:
            from sciatica_timer.ui.routines.routine_workshop import RoutineWorkshop

            self.workshop = RoutineWorkshop(
                self.ways.screens,
                self.state.paths,
                points,
                clock=self.ways.clock,
                session_plan=self.state.session_plan,
                parent=self.ways.owner,
            )
            self.workshop.routines_changed.connect(self._on_routines_changed)
            self.workshop.back_requested.connect(self.ways.show_start)
            self.workshop.start_requested.connect(self._start)
        selected = start.selected_routine()
        self.workshop.show_list(selected.id if selected is not None else None)

    def _start(self, routine_id: str) -> None:
        """Start on the Routines screen: the same way in as from the start screen (safety, pain check)."""
        with contextlib.suppress(KeyError):  # a routine the start screen does not list still starts
            self.ways.start_screen().select(routine_id)
        self.ways.choose_routine(routine_id)

    def _on_routines_changed(self, listing: RoutineListing, selected: str) -> None:
        """A routine was saved, renamed, deleted or imported: the start screen lists what is there now."""
        self.state.routines = {routine.id: routine for routine in listing.routines}
        self.ways.start_screen().show_routines(self.ways.routine_rows(listing.routines), selected or None)
