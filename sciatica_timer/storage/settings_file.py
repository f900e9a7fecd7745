"""``settings.json``: read once just after the first paint, written atomically on every change.

Only ``read_look`` runs before the window first paints, so the full settings model is imported lazily. A file
that cannot be read in full is never overwritten: it is moved aside (``settings.json.broken-<time>``) with a
one-line notice, and what could be read is used meanwhile (defaults for the rest). A file written by a newer
version is read as far as it is understood and copied aside before the first save replaces it.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from sciatica_timer.core.look import Look, early_look
from sciatica_timer.errors import UserError
from sciatica_timer.storage.paths import ensure_private_dir

if TYPE_CHECKING:
    from sciatica_timer.core.settings import Settings

log = logging.getLogger(__name__)

MAX_FILE_BYTES = 256 * 1024  # a settings file is about 1 KiB


class SettingsLoad(NamedTuple):
    settings: Settings
    notice: str | None = None  # one line for the window when the file had problems


def read_look(path: Path) -> Look:
    """Theme, text size and start minimized, for before the first paint; defaults if anything is odd."""
    try:
        raw = path.read_bytes()
        if len(raw) > MAX_FILE_BYTES:
            return Look()
        return early_look(json.loads(raw))
    except (OSError, ValueError, RecursionError):
        return Look()  # the full reading after the first paint reports what is wrong


class SettingsFile:
    """The settings file at ``path``: ``load()`` once, then ``save(settings)`` on each change."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._newer = False  # the file on disk came from a newer version; copy it aside before replacing

    def load(self) -> SettingsLoad:
        from sciatica_timer.core.routines import RoutineError
        from sciatica_timer.core.settings import Settings, parse_settings

        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return SettingsLoad(Settings())
        except OSError as exc:
            # Unreadable (permissions): use defaults, and never write over it in this run.
            self._newer = True
            return SettingsLoad(Settings(), f"{self.path}: cannot read the settings: {exc.strerror or exc}")
        if len(raw) > MAX_FILE_BYTES:
            return self._set_aside(Settings(), "is far too large to be settings")
        from sciatica_timer.storage.routine_files import decode_routine_json  # the one JSON reader

        try:
            data = decode_routine_json(raw, str(self.path))
        except RoutineError as exc:
            return self._set_aside(Settings(), "; ".join(str(problem) for problem in exc.problems))
        reading = parse_settings(data)
        if reading.newer:
            self._newer = True
            return SettingsLoad(reading.settings)
        if reading.problems:
            shown = "; ".join(str(problem) for problem in reading.problems[:3])
            more = len(reading.problems) - 3
            if more > 0:
                shown += f" (and {more} more)"
            return self._set_aside(reading.settings, shown)
        return SettingsLoad(reading.settings)

    def _set_aside(self, settings: Settings, what: str) -> SettingsLoad:
        kept = self._keep_copy("broken", move=True)
        where = f"; it was kept as {kept.name}" if kept is not None else ""
        message = (
            f"{self.path}: the settings could not all be read ({what}){where}; defaults are used instead."
        )
        log.warning("%s", message)
        return SettingsLoad(settings, message)

    def _keep_copy(self, why: str, *, move: bool) -> Path | None:
        import shutil
        import time

        stamp = time.strftime("%Y%m%d-%H%M%S")
        target = self.path.with_name(f"{self.path.name}.{why}-{stamp}")
        try:
            if move:
                self.path.replace(target)
            else:
                shutil.copy2(self.path, target)
        except OSError as exc:
            log.warning("%s: could not keep a copy: %s", self.path, exc)
            return None
        return target

    def save(self, settings: Settings) -> None:
        """Write ``settings``; raises UserError (one line, with the path) when the disk refuses."""
        from sciatica_timer.core.settings import settings_to_dict
        from sciatica_timer.storage.atomic import write_atomic

        ensure_private_dir(self.path.parent)
        if self._newer and self.path.exists():
            if self._keep_copy("newer", move=False) is None:
                raise UserError(f"{self.path}: not saved, to keep the settings of a newer version safe")
            self._newer = False
        data = json.dumps(settings_to_dict(settings), indent=2, ensure_ascii=False) + "\n"
        write_atomic(self.path, data.encode("utf-8"))
