"""Reading a history export file (JSON) from disk, with one-line errors that say what and where."""

from __future__ import annotations

from pathlib import Path

from sciatica_timer.core.i18n import _
from sciatica_timer.errors import UserError

MAX_IMPORT_BYTES = 200 * 1024 * 1024  # years of daily sessions are a few MB; larger is not an export


def read_export(path: Path) -> object:
    """The decoded JSON of an export file, for the window and the command line alike. Raises UserError (the
    file's name in its message) when it cannot be read, is too large to be an export, or is not sound JSON."""
    try:
        with path.open("rb") as stream:
            raw = stream.read(MAX_IMPORT_BYTES + 1)
    except OSError as exc:
        raise UserError(
            _("{path}: cannot read: {value}").format(path=path, value=exc.strerror or exc)
        ) from exc
    if len(raw) > MAX_IMPORT_BYTES:
        raise UserError(
            _("{path}: is larger than {value} MB; not a history export").format(
                path=path, value=MAX_IMPORT_BYTES // (1024 * 1024)
            )
        )
    from sciatica_timer.storage.routine_files import decode_routine_json

    # The one bounded JSON reader: a 400-digit number, a lone surrogate or bad UTF-8 is one located line.
    return decode_routine_json(raw, str(path))
