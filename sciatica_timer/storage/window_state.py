"""Remembers the main window's size and position between runs (a small JSON file in the config folder)."""

from __future__ import annotations

import json
import logging
from dataclasses import asdict, dataclass
from pathlib import Path

from sciatica_timer.errors import UserError
from sciatica_timer.storage.paths import ensure_private_dir, read_no_link

log = logging.getLogger(__name__)
FORMAT_VERSION = 1
_MAX_BYTES = 64 * 1024  # the file holds five numbers
_MAX_PIXELS = 1_000_000  # beyond any screen; a larger number would overflow Qt's int


@dataclass(frozen=True)
class WindowGeometry:
    x: int
    y: int
    width: int
    height: int
    maximized: bool = False


def load_geometry(path: Path) -> WindowGeometry | None:
    """The saved geometry, or None when there is none or it cannot be read (the window then uses defaults)."""
    try:
        data = json.loads(read_no_link(path, _MAX_BYTES).decode("utf-8"))
        geometry = WindowGeometry(**{k: data[k] for k in ("x", "y", "width", "height", "maximized")})
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError, UserError, RecursionError) as exc:
        log.warning("%s: ignoring unreadable window state: %s", path, exc)
        return None
    values = (geometry.x, geometry.y, geometry.width, geometry.height)
    if (
        not all(type(v) is int and abs(v) <= _MAX_PIXELS for v in values)
        or geometry.width <= 0
        or geometry.height <= 0
    ):
        log.warning("%s: ignoring window state with impossible values", path)
        return None
    return geometry


def save_geometry(path: Path, geometry: WindowGeometry) -> None:
    payload = {"format_version": FORMAT_VERSION, **asdict(geometry)}
    from sciatica_timer.storage.atomic import write_atomic  # tempfile and friends: not on the start path

    try:
        ensure_private_dir(path.parent)
        write_atomic(path, json.dumps(payload).encode("utf-8"))
    except UserError as exc:  # losing the window position is not worth bothering the user about
        log.warning("could not save window state: %s", exc)
