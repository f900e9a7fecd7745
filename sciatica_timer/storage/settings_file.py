"""``settings.json``: read once just after the first paint, written atomically on every change.

Only ``read_look`` runs before the window first paints, so the full settings model is imported lazily. A file
that cannot be read in full is never overwritten: it is moved aside (``settings.json.broken-<time>``) with a
one-line notice; what could be read is used (defaults for the rest) and written as the new file, so the next
start looks the same. A file written by a newer version is read as far as it is understood and copied aside
before the first save replaces it.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from sciatica_timer.core.i18n import N_, _
from sciatica_timer.core.look import Look, early_look
from sciatica_timer.errors import UserError
from sciatica_timer.storage.paths import LinkRefusedError, ensure_private_dir, read_no_link

if TYPE_CHECKING:
    from sciatica_timer.core.settings import Settings

log = logging.getLogger(__name__)

MAX_FILE_BYTES = 256 * 1024  # a settings file is about 1 KiB
_NOT_REPLACED = {  # what a save would have replaced, when that file cannot be kept aside first
    "newer": N_("the settings of a newer version"),
    "unreadable": N_("a settings file that could not be read"),
    "broken": N_("a settings file that could not be read"),
    "link": N_("a symbolic link"),
}


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
        # Why the file on disk must be copied aside before a save replaces it ("newer", "unreadable",
        # "broken"), or None when it may simply be replaced.
        self._keep_before_save: str | None = None

    def load(self) -> SettingsLoad:
        from sciatica_timer.core.routines import RoutineError
        from sciatica_timer.core.settings import Settings, parse_settings

        try:
            raw = read_no_link(self.path, MAX_FILE_BYTES + 1)
        except FileNotFoundError:
            return SettingsLoad(Settings())
        except LinkRefusedError as exc:
            self._keep_before_save = (
                "link"  # a save keeps the link aside and replaces it, never writes through
            )
            log.warning("%s", exc)
            return SettingsLoad(Settings(), _("{exc}; defaults are used.").format(exc=exc))
        except OSError as exc:
            # Unreadable (permissions, a folder in its place): defaults, and never written over unless kept.
            self._keep_before_save = "unreadable"
            why = exc.strerror or exc
            message = _("{path}: the settings could not be read ({why}); defaults are used.").format(
                path=self.path, why=why
            )
            log.warning("%s", message)
            return SettingsLoad(Settings(), message)
        if len(raw) > MAX_FILE_BYTES:
            return self._set_aside(
                Settings(),
                _("{count} bytes is far too large for settings").format(count=len(raw)),
                unread=True,
            )
        from sciatica_timer.storage.routine_files import decode_routine_json  # the one JSON reader

        try:
            data = decode_routine_json(raw, str(self.path))
        except RoutineError as exc:
            return self._set_aside(
                Settings(), "; ".join(str(problem) for problem in exc.problems), unread=True
            )
        reading = parse_settings(data)
        if reading.newer:
            # Read as far as understood, and kept whole: the newer version may want it back.
            log.info("%s: written by a newer version; read as far as it is understood", self.path)
            self._keep_before_save = "newer"
            return SettingsLoad(reading.settings)
        if reading.problems:
            shown = "; ".join(str(problem) for problem in reading.problems[:3])
            more = len(reading.problems) - 3
            if more > 0:
                shown += _(" (and {more} more)").format(more=more)
            return self._set_aside(reading.settings, shown)
        return SettingsLoad(reading.settings)

    def _set_aside(self, settings: Settings, what: str, *, unread: bool = False) -> SettingsLoad:
        """Move the file aside, report ``what`` is wrong, and go on with ``settings`` (what could be read)."""
        kept = self._keep_copy("broken", move=True)
        if kept is None:
            self._keep_before_save = "broken"  # never replaced by a save that cannot keep it first
            where = _("; it could not be moved aside, so it is left as it is")
        else:
            where = _("; it was kept as {name}").format(name=kept.name)
        if unread:
            message = _("{path}: the settings could not be read ({what}){where}; defaults are used.").format(
                path=self.path, what=what, where=where
            )
        else:
            message = _(
                "{path}: some settings could not be read ({what}){where}; defaults are used for those."
            ).format(path=self.path, what=what, where=where)
        log.warning("%s", message)
        if kept is not None and not unread:
            # What could be read goes back into settings.json, so the next start looks like this one.
            try:
                self.save(settings)
            except UserError as exc:
                log.warning("%s", exc)
        return SettingsLoad(settings, message)

    def _keep_copy(self, why: str, *, move: bool) -> Path | None:
        """``settings.json.<why>-<time>`` beside the file, never over an earlier copy; None on failure."""
        import shutil
        import time

        stamp = time.strftime("%Y%m%d-%H%M%S")
        target = self.path.with_name(f"{self.path.name}.{why}-{stamp}")
        number = 1
        while target.exists() or target.is_symlink():
            number += 1  # twice in one second: the earlier copy stays as it is
            target = self.path.with_name(f"{self.path.name}.{why}-{stamp}-{number}")
        try:
            if move:
                self.path.replace(target)
            else:
                shutil.copy2(self.path, target, follow_symlinks=False)  # a link is kept as a link
        except OSError as exc:
            log.warning("%s: could not keep a copy: %s", self.path, exc.strerror or exc)
            return None
        return target

    def save(self, settings: Settings) -> None:
        """Write ``settings``; raises UserError (one line, with the path) when the disk refuses."""
        from sciatica_timer.core.settings import settings_to_dict
        from sciatica_timer.storage.atomic import write_atomic

        ensure_private_dir(self.path.parent)
        why = self._keep_before_save
        there = self.path.exists() or self.path.is_symlink()
        if why is not None and there and self._keep_copy(why, move=False) is None:
            reason = _NOT_REPLACED.get(why, why)
            raise UserError(
                _("{path}: the settings were not saved, so as not to replace {reason}").format(
                    path=self.path, reason=reason
                )
            )
        self._keep_before_save = None
        data = json.dumps(settings_to_dict(settings), indent=2, ensure_ascii=False) + "\n"
        write_atomic(self.path, data.encode("utf-8"))
