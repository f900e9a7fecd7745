"""Writing a file so that a crash or a full disk leaves the old contents or the new, never half of each."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from sciatica_timer.core.i18n import _
from sciatica_timer.errors import UserError
from sciatica_timer.storage.paths import FILE_MODE


def write_atomic(path: Path, data: bytes, mode: int = FILE_MODE) -> None:
    """Replace ``path`` with ``data``: temp file in the same folder, fsync, rename, fsync the folder.

    The folder must exist. On any failure the temporary file is removed, ``path`` keeps its old
    contents, and an ``OSError`` becomes a one-line ``UserError`` ("path: cannot save: reason").
    """
    path = Path(path)
    # Same folder as the target: os.replace is only atomic within one file system.
    temp_name: str | None = None
    try:
        fd, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "wb") as stream:
            if hasattr(os, "fchmod"):  # not on Windows, where modes mean little anyway
                os.fchmod(stream.fileno(), mode)
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        Path(temp_name).replace(path)  # os.replace: atomic, and overwrites on every platform
        temp_name = None
    except OSError as exc:
        raise UserError(
            _("{path}: cannot save: {value}").format(path=path, value=exc.strerror or exc)
        ) from exc
    finally:
        if temp_name is not None:
            with contextlib.suppress(OSError):
                Path(temp_name).unlink()
    _sync_folder(path.parent)


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable. Best effort: some systems cannot open or fsync a folder."""
    flags = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0)
    try:
        fd = os.open(folder, flags)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # EINVAL on file systems that do not sync folders; the data itself is already on disk
    finally:
        os.close(fd)
