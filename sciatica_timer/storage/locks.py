"""Lock files that tell whether another running Sciatica Timer is using the history.

An exclusive advisory lock (flock on POSIX, a byte-range lock on Windows) on a small file. The system drops
it when the process ends in any way, crash and kill included, so a lock that can be taken belongs to nobody
alive.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from pathlib import Path

from sciatica_timer.storage.paths import FILE_MODE

if sys.platform == "win32":
    import msvcrt

    def _try_lock(fd: int) -> bool:
        os.lseek(fd, 0, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)


_POLL_S = 0.05


class HeldLock:
    """A lock file this process holds until ``release``. Each HeldLock opens the file anew, so two in one
    process exclude each other just as two processes do."""

    def __init__(self, path: Path, fd: int) -> None:
        self.path = path
        self._fd: int | None = fd

    @classmethod
    def acquire(cls, path: Path, *, timeout_s: float = 0.0, create: bool = True) -> HeldLock | None:
        """Take the lock, waiting up to ``timeout_s``; None if someone else holds it that long.

        Raises OSError if the file cannot be opened (or, with ``create=False``, does not exist).
        """
        # Never through a link: a lock file is created in the data folder, where no link is followed.
        flags = (
            os.O_RDWR
            | (os.O_CREAT if create else 0)
            | getattr(os, "O_CLOEXEC", 0)
            | getattr(os, "O_NOFOLLOW", 0)
        )
        fd = os.open(path, flags, FILE_MODE)
        try:
            deadline = time.monotonic() + timeout_s
            while not _try_lock(fd):
                if time.monotonic() >= deadline:
                    os.close(fd)
                    return None
                time.sleep(_POLL_S)  # flock cannot wait with a timeout; another start-up holds it briefly
        except BaseException:
            os.close(fd)
            raise
        return cls(path, fd)

    @property
    def held(self) -> bool:
        return self._fd is not None

    def release(self, *, remove: bool = False) -> None:
        """Let go of the lock; with ``remove``, delete the file first (while still holding it)."""
        fd, self._fd = self._fd, None
        if fd is None:
            return
        if remove:
            with contextlib.suppress(OSError):  # gone already, or Windows refusing to delete an open file
                self.path.unlink()
        with contextlib.suppress(OSError):
            _unlock(fd)
        os.close(fd)


def held_by_someone_alive(path: Path) -> bool:
    """True if another live process (or another HeldLock here) holds the lock at ``path``.

    A missing file or a lock that can be taken means its owner is gone.
    """
    try:
        lock = HeldLock.acquire(path, create=False)
    except FileNotFoundError:
        return False
    if lock is None:
        return True
    lock.release()
    return False
