"""Hands results from a worker thread to the UI thread without the thread ever owning a QObject.

A thread must never hold the last reference to a QObject that lives on the UI thread: when the thread ends
and drops it, the object is deleted on the thread while its queued signal is being delivered on the UI
thread, and the process crashes now and then. So a thread is given only a ``ThreadMailbox`` (kept for the
whole process, with one relay QObject made on the UI thread) and a number; the receiver registered under
that number is looked up on the UI thread, weakly, so one nobody keeps any more is simply skipped.
"""

from __future__ import annotations

import itertools
import weakref
from collections.abc import Callable
from typing import Generic, TypeVar

from PySide6.QtCore import QObject, Signal

Receiver = TypeVar("Receiver")


class _Relay(QObject):
    posted = Signal(int, object, bool)  # (the receiver's number, what was posted, whether it is the last)


class ThreadMailbox(Generic[Receiver]):
    """``register`` a receiver on the UI thread; ``post`` to its number from any thread; ``deliver`` is then
    called on the UI thread with the receiver and what was posted, if the receiver is still there."""

    def __init__(self, name: str, deliver: Callable[[Receiver, object], None]) -> None:
        self._name = name
        self._deliver = deliver
        self._relay: _Relay | None = None
        self._numbers = itertools.count(1)
        self.waiting: weakref.WeakValueDictionary[int, Receiver] = weakref.WeakValueDictionary()

    def register(self, receiver: Receiver) -> int:
        """On the UI thread (where the relay is made the first time): the number to post to."""
        if self._relay is None:
            relay = _Relay()
            relay.setObjectName(self._name)
            relay.posted.connect(self._arrived)
            self._relay = relay
        number = next(self._numbers)
        self.waiting[number] = receiver
        return number

    def post(self, number: int, item: object, *, last: bool = False) -> None:
        """From any thread; ``last``: nothing more comes for this number (forgotten once delivered)."""
        if self._relay is not None:
            self._relay.posted.emit(number, item, last)

    def _arrived(self, number: int, item: object, last: bool) -> None:
        receiver = self.waiting.pop(number, None) if last else self.waiting.get(number)
        if receiver is not None:
            self._deliver(receiver, item)
