"""Logging to a file in the log folder, rotated at start; the terminal only ever sees one-line messages."""

from __future__ import annotations

import contextlib
import logging
from pathlib import Path

from sciatica_timer.storage.paths import FILE_MODE, AppPaths, ensure_private_dir

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


def setup_logging(paths: AppPaths, level: int = logging.INFO) -> Path | None:
    """Send log records to the log file. Returns its path, or None when the folder cannot be written."""
    root = logging.getLogger()
    root.setLevel(level)
    try:
        ensure_private_dir(paths.log_dir)
        _rotate(paths.log_file)
        handler = logging.FileHandler(paths.log_file, encoding="utf-8", delay=True)
        with contextlib.suppress(FileNotFoundError):
            paths.log_file.chmod(FILE_MODE)
    except Exception:  # noqa: BLE001 - a log we cannot write must never stop the app
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    return paths.log_file
