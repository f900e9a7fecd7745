"""The window's one way to write the history: run a write, report a failure in one place, announce what
changed.

Modelled on Anki's ``CollectionOp``: a screen asks for a write and says how a failure should reach the
person (the dialog that asked, the start screen's notice, only the log); the write runs on the store; when
it succeeds, ``changed`` carries a ``HistoryChange`` naming the sessions and diary entries touched, and every
screen that shows the history updates just those (the history view through ``session_saved`` and
``diary_saved``), instead of reading everything again.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QObject, Signal

from sciatica_timer.core.i18n import N_, _
from sciatica_timer.errors import UserError

if TYPE_CHECKING:
    from sciatica_timer.storage.history import HistoryStore

log = logging.getLogger(__name__)

UNAVAILABLE = N_("The history is not available, so this cannot be saved.")

Result = TypeVar("Result")


@dataclass(frozen=True, slots=True)
class HistoryChange:
    """What one write changed: sessions and diary entries added or edited, or removed."""

    sessions: frozenset[int] = frozenset()
    diary: frozenset[int] = frozenset()
    sessions_gone: frozenset[int] = frozenset()
    diary_gone: frozenset[int] = frozenset()
    everything: bool = False  # an import: read the whole history again
    source: object | None = None  # the screen that made the change (it has already shown it)


def log_only(what: str) -> Callable[[str], None]:
    """A failure that is not worth a message (the write is tried again later): a line in the log."""
    return lambda problem: log.warning("%s not saved: %s", what, problem)


class HistoryOperations(QObject):
    """Runs the window's writes to the history and announces each change."""

    changed = Signal(object)  # HistoryChange, once it is in the history
    failed = Signal(str)  # the problem, in one line, after the asker has been told

    def __init__(self, store: Callable[[], HistoryStore | None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("history-operations")
        self._store = store

    def run(
        self,
        write: Callable[[HistoryStore], Result],
        change: Callable[[Result], HistoryChange],
        failure: Callable[[str], None],
        *,
        unavailable: str = "",
    ) -> Result | None:
        """``write`` on the store; on success ``changed`` is emitted with ``change(result)`` and the result is
        returned. On a problem the person can act on (a full disk, a read-only folder, a damaged file),
        ``failure`` gets the one line to show and None is returned: the history is as it was."""
        try:
            return self.apply(write, change, unavailable=unavailable or _(UNAVAILABLE))
        except UserError as exc:
            problem = str(exc)
            failure(problem)
            self.failed.emit(problem)
            return None

    def apply(
        self,
        write: Callable[[HistoryStore], Result],
        change: Callable[[Result], HistoryChange],
        *,
        unavailable: str = "",
    ) -> Result:
        """Like ``run``, but a problem is raised (a UserError) for the caller to report: an undo stack's
        command, which reports it and drops itself."""
        store = self._store()
        if store is None:
            raise UserError(unavailable or _(UNAVAILABLE))
        result = write(store)
        self.changed.emit(change(result))
        return result

    def announce(self, change: HistoryChange) -> None:
        """A change written by the session's journal (which saves each step as it happens): told like any
        other once the session is over."""
        self.changed.emit(change)
