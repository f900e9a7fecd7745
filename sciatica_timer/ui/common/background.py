"""Slow work (a report, an export) off the UI thread: the one small bridge between a worker and the window.

The work runs in a pool's thread and never touches a widget; its result or its one-line error comes back
to the UI thread through a queued signal.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TypeVar

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

from sciatica_timer.core.i18n import _
from sciatica_timer.errors import UserError

log = logging.getLogger(__name__)

T = TypeVar("T")


class _Relay(QObject):
    """Lives in the UI thread, so the worker's signals reach the callbacks there (queued)."""

    finished = Signal(object)
    failed = Signal(str)

    def __init__(
        self, on_done: Callable[[object], None], on_failed: Callable[[str], None], owner: QObject | None
    ) -> None:
        super().__init__()
        self._on_done = on_done
        self._on_failed = on_failed
        self._owner = owner
        self.finished.connect(self._done)
        self.failed.connect(self._fail)

    def _owner_gone(self) -> bool:
        """Whether the screen that asked was closed and deleted meanwhile: its widgets are gone with it."""
        return self._owner is not None and not shiboken6.isValid(self._owner)

    @Slot(object)
    def _done(self, result: object) -> None:
        _running.discard(self)
        if not self._owner_gone():
            self._on_done(result)

    @Slot(str)
    def _fail(self, message: str) -> None:
        _running.discard(self)
        if not self._owner_gone():
            self._on_failed(message)


_running: set[_Relay] = set()  # keeps each relay alive until its job has reported


class _Job(QRunnable):
    def __init__(self, work: Callable[[], object], relay: _Relay) -> None:
        super().__init__()
        self._work = work
        self._relay = relay

    def run(self) -> None:
        try:
            result = self._work()
        except (UserError, OSError) as exc:
            self._relay.failed.emit(str(exc))
        except Exception as exc:  # a worker must always report back, or the UI waits for ever
            log.exception("background work failed")
            self._relay.failed.emit(_("an unexpected error: {error}").format(error=exc))
        else:
            self._relay.finished.emit(result)


def run_in_background(
    pool: QThreadPool,
    work: Callable[[], T],
    on_done: Callable[[T], None],
    on_failed: Callable[[str], None],
    *,
    owner: QObject | None = None,
) -> None:
    """Run ``work`` in ``pool``; then call ``on_done(result)`` or ``on_failed(message)`` in the UI thread,
    unless ``owner`` (the screen whose widgets the callbacks touch) has been deleted by then.

    UserError and OSError become their one-line message; anything else is logged and reported too.
    """
    relay = _Relay(on_done, on_failed, owner)  # type: ignore[arg-type]  # T is object to the relay
    _running.add(relay)
    pool.start(_Job(work, relay))
