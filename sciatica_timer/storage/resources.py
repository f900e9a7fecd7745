"""Files that ship inside the package: the pressure-point library and the body-view illustrations."""

from __future__ import annotations

import functools
import importlib
import json
import re
from pathlib import Path
from typing import TYPE_CHECKING

from sciatica_timer.core.i18n import _

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

    from sciatica_timer.core.points import PointLibrary

RESOURCE_PACKAGE = "sciatica_timer.resources"
POINTS_FILE = "points.json"
ILLUSTRATIONS_DIR = "illustrations"
_VIEW_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")  # keeps a view id from reaching outside the folder


def shipped(*parts: str) -> Traversable:
    """A file or folder shipped in the package's resources (a Path when the package is unpacked on disk)."""
    return _resource(*parts)


def _resource(*parts: str) -> Traversable:
    """A shipped file: straight from the package's folder when it is unpacked on disk (importlib.resources
    costs milliseconds to import, and the theme asks for the tick before the first frame), else through
    importlib.resources (a package run from a zip)."""
    shipped = importlib.import_module(RESOURCE_PACKAGE).__file__
    if shipped is not None and (folder := Path(shipped).parent).is_dir():
        return folder.joinpath(*parts)
    from importlib import resources as package_files

    return package_files.files(RESOURCE_PACKAGE).joinpath(*parts)


@functools.cache
def load_point_library() -> PointLibrary:
    """The shipped point library, read and checked once per process.

    Raises PointDataError naming the place in points.json if the file is malformed: that is a packaging bug.
    """
    # Here, not at the top: the theme reads this module for the check box's tick before the first frame.
    from sciatica_timer.core.points import PointDataError, parse_point_library

    raw = _resource(POINTS_FILE).read_bytes()
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise PointDataError(
            _("{POINTS_FILE}: byte {start}: not UTF-8 text").format(POINTS_FILE=POINTS_FILE, start=exc.start)
        ) from None
    except json.JSONDecodeError as exc:
        raise PointDataError(
            _("{POINTS_FILE}: line {lineno} column {colno}: {msg}").format(
                POINTS_FILE=POINTS_FILE, lineno=exc.lineno, colno=exc.colno, msg=exc.msg
            )
        ) from None
    if isinstance(data, dict):  # the descriptions in the person's language (the content catalogue)
        from sciatica_timer.core.content_text import translate_points
        from sciatica_timer.core.i18n import content

        data = translate_points(data, content)
    return parse_point_library(data, POINTS_FILE)


def _illustration(view: str) -> Traversable:
    if not _VIEW_ID.match(view):
        raise ValueError(f"{view!r} is not a body view id")
    found = _resource(ILLUSTRATIONS_DIR, f"{view}.svg")
    if not found.is_file():
        raise FileNotFoundError(_("no illustration for body view {view!r}").format(view=view))
    return found


def illustration_path(view: str) -> Path:
    """The SVG file drawn for ``view`` (e.g. "lower-back"), for loaders that want a file name.

    Raises FileNotFoundError for an unknown view, and also when the package is not unpacked on disk
    (run from a zip), where illustration_bytes still works.
    """
    found = _illustration(view)
    if not isinstance(found, Path):
        raise FileNotFoundError(
            _("the illustration for {view!r} is inside an archive; use illustration_bytes").format(view=view)
        )
    return found


@functools.cache
def illustration_bytes(view: str) -> bytes:
    """The SVG markup drawn for ``view``; FileNotFoundError for an unknown view."""
    return _illustration(view).read_bytes()


def tick_path(*, light: bool) -> Path | None:
    """The check box's tick (an SVG), light for a dark accent or dark for a light one, for a style sheet's
    ``url()``; None when the package is not unpacked on disk (the box is then filled without a tick)."""
    found = _resource("icons", f"tick-{'light' if light else 'dark'}.svg")
    return found if isinstance(found, Path) and found.is_file() else None


APP_ICON_SIZES = (16, 24, 32, 48, 64)  # pixels: a panel's tray icon, at one to about three times its scale


def app_icon_png(size: int) -> bytes:
    """The app icon drawn at ``size`` pixels (one of APP_ICON_SIZES), as PNG; copies of packaging/'s icons."""
    if size not in APP_ICON_SIZES:
        raise ValueError(f"no {size} px app icon; there are {', '.join(map(str, APP_ICON_SIZES))}")
    return _resource("icons", f"app-{size}.png").read_bytes()


def shipped_languages() -> list[str]:
    """The languages with a compiled catalogue of the app's sentences ("de", "en_XA"), and English (the
    source): what Settings offers. Read from the folder, so a new language needs no change here."""
    folder = _resource("locale", "messages")
    codes = {entry.name[:-3] for entry in folder.iterdir() if entry.name.endswith(".mo")}
    return sorted(codes | {"en"})
