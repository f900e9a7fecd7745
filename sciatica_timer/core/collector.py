"""Python's cycle collector held off while the app makes many objects at once that it does not need to
look at: a bulk read whose row tuples die by reference counting, the charts' libraries being imported, or the
app's start (its modules, classes and widgets, nearly all kept for as long as the app runs).

Every few hundred new objects the collector looks at the newest ones, and now and then at every object
in the app (some twenty milliseconds once the charts are loaded); during a bulk read or an import that
happens dozens of times and finds nothing to free. Reference counting frees everything as usual meanwhile.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Callable, Iterator


@contextlib.contextmanager
def paused() -> Iterator[None]:
    """The collector off for the ``with`` block, then on again (even after an error); left off if it was
    off already (by a caller, or by a read in another thread)."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def held() -> Callable[[], None]:
    """The collector off from now until the returned function is called (for a pause that ends on a signal
    rather than with a block: the app's start, which ends when its window has loaded). Calling it again does
    nothing; if the collector was off already, it stays off."""
    if not gc.isenabled():
        return lambda: None
    gc.disable()
    released = False

    def release() -> None:
        nonlocal released
        if not released:
            released = True
            gc.enable()

    return release
