"""What the start screen's lists hold: a routine row and an interrupted session waiting for an answer.

Kept apart from the screen so the list's delegate and the interrupted-session offer can use them without
importing the screen that imports them.
"""

from __future__ import annotations

from typing import NamedTuple  # NamedTuple: a dataclass costs more to define at start-up

from PySide6.QtCore import Qt

ROW_ROLE = Qt.ItemDataRole.UserRole + 1  # where a list item keeps its RoutineRow


class RoutineRow(NamedTuple):
    """One routine as the list shows it."""

    id: str
    name: str
    facts: str  # "31 min · 6 points: BL23, BL25, …"
    description: str


class InterruptedRow(NamedTuple):
    """A session cut short, waiting for an answer."""

    id: int
    text: str  # "Full protocol, started yesterday at 08:30, cut short after 12 min"
