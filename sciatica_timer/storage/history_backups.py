"""Backups of the history database: written through SQLite's backup API, rotated, checked and restored.

A live database is never copied as a file (a copy taken mid-write can be torn); each backup is a complete,
checked, single-file database in rollback-journal mode, renamed into place only once it is whole.
Daily backups are ``history-YYYY-MM-DD.sqlite3``; the copy taken before a schema upgrade is
``history-v1-before-upgrade-YYYYmmdd-HHMMSS.sqlite3`` and is never rotated away.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import sqlite3
import tempfile
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sciatica_timer.core.i18n import _
from sciatica_timer.core.retention import backups_to_keep
from sciatica_timer.storage.history_schema import LATEST_VERSION, read_version

log = logging.getLogger(__name__)

SUFFIX = ".sqlite3"


@dataclass(frozen=True, slots=True)
class Backup:
    path: Path
    day: date
    before_upgrade: bool = False


def daily_name(stem: str, day: date) -> str:
    return f"{stem}-{day.isoformat()}{SUFFIX}"


def upgrade_name(stem: str, version: int, now: datetime) -> str:
    return f"{stem}-v{version}-before-upgrade-{now:%Y%m%d-%H%M%S}{SUFFIX}"


def list_backups(folder: Path, stem: str) -> list[Backup]:
    """Every backup in ``folder``, newest first. Other files there are not ours and are ignored."""
    daily = re.compile(rf"^{re.escape(stem)}-(\d{{4}}-\d{{2}}-\d{{2}}){re.escape(SUFFIX)}$")
    upgrade = re.compile(rf"^{re.escape(stem)}-v\d+-before-upgrade-(\d{{8}})-\d{{6}}{re.escape(SUFFIX)}$")
    found: list[Backup] = []
    if folder.is_symlink():
        return []  # no link is followed in the data folder: backups there are not ours to restore
    try:
        # A backup that is a link is not one of ours either.
        names = sorted(entry.name for entry in os.scandir(folder) if entry.is_file(follow_symlinks=False))
    except FileNotFoundError:
        return []
    for name in names:
        if match := daily.match(name):
            with contextlib.suppress(ValueError):
                found.append(Backup(folder / name, date.fromisoformat(match[1])))
        elif match := upgrade.match(name):
            with contextlib.suppress(ValueError):
                found.append(Backup(folder / name, datetime.strptime(match[1], "%Y%m%d").date(), True))
    # Same day: the daily backup is the later one (an upgrade backup is taken at start-up, before it).
    found.sort(key=lambda b: (b.day, not b.before_upgrade, b.path.name), reverse=True)
    return found


def copy_database(source: sqlite3.Connection, dest: Path) -> None:
    """Write a consistent, checked copy of ``source`` to ``dest`` (0600), replacing it only once complete.

    Raises OSError or sqlite3.Error; on failure ``dest`` is untouched and the temporary file removed.
    """
    fd, temp_name = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=".tmp", dir=dest.parent)  # 0600
    os.close(fd)
    temp = Path(temp_name)
    try:
        target = sqlite3.connect(temp, isolation_level=None)
        try:
            source.backup(target)
            # The copy inherits the source's WAL mode; a backup is one self-contained file.
            target.execute("PRAGMA journal_mode=DELETE")
            problems = [row[0] for row in target.execute("PRAGMA quick_check").fetchall()]
            if problems != ["ok"]:
                raise sqlite3.DatabaseError(
                    _("the copy failed its check: {problems}").format(problems=problems[0])
                )
        finally:
            target.close()
        with temp.open("rb+") as stream:
            os.fsync(stream.fileno())
        temp.replace(dest)
    except BaseException:
        for leftover in (temp, *(temp.with_name(temp.name + s) for s in ("-journal", "-wal", "-shm"))):
            with contextlib.suppress(OSError):
                leftover.unlink()
        raise
    _sync_folder(dest.parent)


def _sync_folder(folder: Path) -> None:
    """Make a rename durable; best effort, as some systems cannot fsync a folder."""
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # EINVAL where folders cannot be synced; the file itself is already on disk
    finally:
        os.close(fd)


def open_backup(path: Path) -> sqlite3.Connection:
    """A read-only connection to a backup. ``immutable``: nobody writes it, so no locks or side files."""
    return sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro&immutable=1", uri=True)


def usable_backup(path: Path) -> bool:
    """True if the backup is a sound database this version can read."""
    try:
        conn = open_backup(path)
        try:
            if read_version(conn) > LATEST_VERSION:
                return False
            return [row[0] for row in conn.execute("PRAGMA quick_check").fetchall()] == ["ok"]
        finally:
            conn.close()
    except sqlite3.Error as exc:
        log.warning("backup %s is not usable: %s", path, exc)
        return False


def backup_counts(path: Path) -> tuple[int, int] | None:
    """How many sessions and diary entries a backup holds; None if it cannot be read."""
    try:
        conn = open_backup(path)
        try:
            sessions = conn.execute("SELECT COUNT(*) FROM sessions").fetchone()[0]
            diary = conn.execute("SELECT COUNT(*) FROM diary").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error as exc:
        log.warning("backup %s cannot be read: %s", path, exc)
        return None
    return int(sessions), int(diary)


def restore(backup: Path, dest: Path) -> None:
    """Put a copy of ``backup`` at ``dest`` (which must not be in use)."""
    source = open_backup(backup)
    try:
        copy_database(source, dest)
    finally:
        source.close()


def prune_daily(folder: Path, stem: str, today: date) -> list[Path]:
    """Delete the daily backups the retention rule no longer keeps. Returns what was deleted."""
    daily = [b for b in list_backups(folder, stem) if not b.before_upgrade]
    keep = backups_to_keep([b.day for b in daily], today)
    removed = []
    for backup in daily:
        if backup.day not in keep:
            try:
                backup.path.unlink()
            except OSError as exc:
                log.warning("cannot delete the old backup %s: %s", backup.path, exc)
            else:
                removed.append(backup.path)
    return removed
