"""Reading a history export file (JSON) from disk, with one-line errors that say what and where."""

from __future__ import annotations

import json
from pathlib import Path

from sciatica_timer.errors import UserError

MAX_IMPORT_BYTES = 200 * 1024 * 1024  # years of daily sessions are a few MB; larger is not an export


def read_export(path: Path) -> object:
    """The decoded JSON of an export file. Raises UserError (the file's name in its message) when it cannot
    be read, is too large to be an export, or is not JSON."""
    try:
        with path.open("rb") as stream:
            raw = stream.read(MAX_IMPORT_BYTES + 1)
    except OSError as exc:
        raise UserError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    if len(raw) > MAX_IMPORT_BYTES:
        raise UserError(
            f"{path}: is larger than {MAX_IMPORT_BYTES // (1024 * 1024)} MB; not a history export"
        )
    try:
        return json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise UserError(f"{path}: byte {exc.start}: not UTF-8 text; is it a history export?") from exc
    except json.JSONDecodeError as exc:
        raise UserError(f"{path}: line {exc.lineno}, column {exc.colno}: not valid JSON: {exc.msg}") from exc
    except RecursionError as exc:
        raise UserError(f"{path}: nested too deeply to be a history export") from exc
