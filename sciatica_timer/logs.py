"""Logging to a file in the log folder, rotated at start; the terminal only ever sees one-line messages."""

from __future__ import annotations

import contextlib
import io
import logging
import os
import sys
from pathlib import Path

from sciatica_timer.core.i18n import _
from sciatica_timer.storage.paths import (
    FILE_MODE,
    AppPaths,
    LinkRefusedError,
    ensure_private_dir,
    open_no_link,
    refuse_link,
)

MAX_BYTES = 1_000_000
KEEP = 3


def _rotate(log_file: Path) -> None:
    """Keep the log small: past MAX_BYTES the file becomes .1, .1 becomes .2, and so on up to KEEP.

    Done once at start instead of with logging.handlers, whose imports would slow every start-up.
    """
    try:
        if log_file.stat().st_size < MAX_BYTES:
            return
    except FileNotFoundError:
        return
    for n in range(KEEP - 1, 0, -1):
        older = log_file.with_name(f"{log_file.name}.{n}")
        if older.exists():
            older.replace(log_file.with_name(f"{log_file.name}.{n + 1}"))
    log_file.replace(log_file.with_name(f"{log_file.name}.1"))


class _LogFile(logging.FileHandler):
    """The log file: opened without following a link, and silent when it cannot be written.

    logging's own handler prints a traceback on the terminal for every record it cannot write (a full
    disk); a text it cannot encode (a file name with a byte that is not UTF-8) is written escaped.
    """

    def _open(self) -> io.TextIOWrapper:
        fd = open_no_link(Path(self.baseFilename), os.O_WRONLY | os.O_APPEND | os.O_CREAT, FILE_MODE)
        return open(fd, "a", encoding="utf-8", errors="backslashreplace")  # noqa: PTH123 - an fd, not a path

    def handleError(self, record: logging.LogRecord) -> None:
        """A record that cannot be written is dropped: the log must never disturb the person."""


def setup_logging(paths: AppPaths, level: int = logging.INFO) -> Path | None:
    """Send log records to the log file. Returns its path, or None when the folder cannot be written.

    A log folder or file that is a symbolic link is refused with one line on stderr (nothing is logged).
    """
    root = logging.getLogger()
    root.setLevel(level)
    try:
        ensure_private_dir(paths.log_dir)
        refuse_link(paths.log_file)
        _rotate(paths.log_file)
        handler = _LogFile(paths.log_file, encoding="utf-8", delay=True, errors="backslashreplace")
        with contextlib.suppress(FileNotFoundError):
            paths.log_file.chmod(FILE_MODE)
    except LinkRefusedError as exc:
        sys.stderr.write(_("warning: no log is kept: {exc}\n").format(exc=exc))
        root.addHandler(logging.NullHandler())  # else logging prints every warning on the terminal
        return None
    except Exception:  # noqa: BLE001 - a log we cannot write must never stop the app
        root.addHandler(logging.NullHandler())
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    return paths.log_file
