"""Where the app keeps its files. The only module that knows platformdirs.

Everything the app writes lives under one of these folders. ``--data-dir DIR`` (or the
``SCIATICA_TIMER_DATA_DIR`` environment variable) moves all of them into DIR.
"""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from sciatica_timer import APP_ID
from sciatica_timer.core.i18n import _
from sciatica_timer.errors import UserError

ENV_DATA_DIR = "SCIATICA_TIMER_DATA_DIR"
DIR_MODE = 0o700
FILE_MODE = 0o600


@dataclass(frozen=True)
class AppPaths:
    data_dir: Path
    config_dir: Path
    log_dir: Path

    @property
    def database(self) -> Path:
        return self.data_dir / "history.sqlite3"

    @property
    def backups_dir(self) -> Path:
        return self.data_dir / "backups"

    @property
    def routines_dir(self) -> Path:
        return self.data_dir / "routines"

    @property
    def settings_file(self) -> Path:
        return self.config_dir / "settings.json"

    @property
    def window_state_file(self) -> Path:
        return self.config_dir / "window-state.json"

    @property
    def log_file(self) -> Path:
        return self.log_dir / "sciatica-timer.log"


def resolve_paths(data_dir: str | os.PathLike[str] | None = None) -> AppPaths:
    """The app's folders: an explicit DIR wins, then the environment variable, then platformdirs."""
    chosen = data_dir if data_dir is not None else os.environ.get(ENV_DATA_DIR) or None
    if chosen is not None:
        root = Path(chosen).expanduser().absolute()
        return AppPaths(data_dir=root, config_dir=root, log_dir=root / "logs")
    import platformdirs

    return AppPaths(
        data_dir=Path(platformdirs.user_data_dir(APP_ID, appauthor=False)),
        config_dir=Path(platformdirs.user_config_dir(APP_ID, appauthor=False)),
        log_dir=Path(platformdirs.user_log_dir(APP_ID, appauthor=False)),
    )


def ensure_private_dir(path: Path) -> Path:
    """Create ``path`` (and parents) if needed, readable by this user only (0700 when new)."""
    try:
        path.mkdir(parents=True, exist_ok=True, mode=DIR_MODE)
        refuse_link(path)  # never make the target of a link private, or write into it
        mode = path.stat().st_mode & 0o777
        if mode & 0o077:
            # Take away what others may do, and nothing else: a folder the user made read-only stays so.
            path.chmod(mode & 0o700)
    except OSError as exc:
        raise UserError(
            _("{path}: cannot create the folder: {value}").format(path=path, value=exc.strerror or exc)
        ) from exc
    return path


class LinkRefusedError(UserError):
    """A file or folder where the app keeps its data is a symbolic link: it is neither read nor written."""

    def __init__(self, path: Path) -> None:
        super().__init__(
            _(
                "{path}: is a symbolic link; Sciatica Timer does not follow links where it keeps your data "
                "(put the real file or folder there, or point --data-dir at the real folder); nothing was "
                "changed"
            ).format(path=path)
        )


def refuse_link(path: Path) -> None:
    """Raise LinkRefusedError if ``path`` itself is a symbolic link (a missing path is fine)."""
    try:
        info = os.lstat(path)
    except OSError:
        return  # missing, or unreadable: whoever opens it next says so
    if stat.S_ISLNK(info.st_mode):
        raise LinkRefusedError(path)


def open_no_link(path: Path, flags: int, mode: int = FILE_MODE) -> int:
    """``os.open`` that refuses a symbolic link at ``path`` (O_NOFOLLOW) with LinkRefusedError."""
    try:
        return os.open(path, flags | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0), mode)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise LinkRefusedError(path) from exc
        raise


def read_no_link(path: Path, limit: int) -> bytes:
    """Up to ``limit`` bytes of the file at ``path``, refusing a symbolic link (LinkRefusedError)."""
    with os.fdopen(open_no_link(path, os.O_RDONLY), "rb") as stream:
        return stream.read(limit)
