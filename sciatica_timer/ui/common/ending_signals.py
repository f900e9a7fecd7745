"""Ctrl-C in the terminal that started the window (SIGINT), a polite kill or a logout (SIGTERM) and a
closed terminal (SIGHUP) end the app as Ctrl+Q does: a running session is stopped and kept as stopped,
and everything is closed in order (the history, the single-instance socket).

Python runs its signal handlers only between bytecodes, which never happens while Qt waits for events;
so each signal also writes its number to a pipe that a QSocketNotifier watches, waking the event loop (a
pipe, not a socket pair: the socket module would cost some 1 MiB of memory for the app's whole life).
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
from collections.abc import Callable
from types import FrameType

from PySide6.QtCore import QObject, QSocketNotifier

log = logging.getLogger(__name__)

ENDING_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


class EndingSignals(QObject):
    """While installed, each ending signal calls ``on_signal`` once, on the UI thread."""

    def __init__(self, on_signal: Callable[[signal.Signals], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._on_signal = on_signal
        self._reader, self._writer = os.pipe()
        for end in (self._reader, self._writer):
            os.set_blocking(end, False)
        self._notifier = QSocketNotifier(self._reader, QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._drain)
        self._old_wakeup = signal.set_wakeup_fd(self._writer)
        self._old_handlers = {number: signal.signal(number, self._note) for number in ENDING_SIGNALS}

    @staticmethod
    def _note(_number: int, _frame: FrameType | None) -> None:
        """Python's part of a signal: nothing (no KeyboardInterrupt, no default kill); _drain acts on it."""

    def _drain(self) -> None:
        received = b""
        with contextlib.suppress(BlockingIOError):
            while chunk := os.read(self._reader, 512):
                received += chunk
        for number in ENDING_SIGNALS:  # the wake-up pipe carries each signal's number as one byte
            if number.value in received:
                log.info("ending on %s", number.name)
                self._on_signal(number)

    def uninstall(self) -> None:
        """Put back the handlers from before (the tests install and remove this within one process)."""
        signal.set_wakeup_fd(self._old_wakeup)
        for number, handler in self._old_handlers.items():
            signal.signal(number, handler)
        self._notifier.setEnabled(False)
        os.close(self._reader)
        os.close(self._writer)
