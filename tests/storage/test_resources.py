"""The shipped point library and illustrations load, and every marker sits on its drawing."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from importlib import resources as package_files
from pathlib import Path
from typing import NamedTuple

import pytest
from PySide6.QtCore import QByteArray
from PySide6.QtSvg import QSvgRenderer

from sciatica_timer.core.activity_pictures import ACTIVITY_PICTURES, NEUTRAL_PICTURE
from sciatica_timer.core.plan import Side
from sciatica_timer.core.points import PointDataError, PointLibrary
from sciatica_timer.storage import resources
from sciatica_timer.storage.resources import illustration_bytes, illustration_path, load_point_library

SVG = "{http://www.w3.org/2000/svg}"
MIRROR_TOLERANCE = 1.0  # viewBox units; the views are 600 wide


class ViewBox(NamedTuple):
    x: float
    y: float
    width: float
    height: float

    def contains(self, x: float, y: float) -> bool:
        return self.x <= x <= self.x + self.width and self.y <= y <= self.y + self.height


def _svg_root(view: str) -> ET.Element:
    return ET.fromstring(illustration_bytes(view))  # noqa: S314 - parses our own shipped file, not user input


def _view_box(view: str) -> ViewBox:
    x, y, width, height = (
        float(part) for part in _svg_root(view).attrib["viewBox"].replace(",", " ").split()
    )
    return ViewBox(x, y, width, height)


@pytest.fixture
def library() -> PointLibrary:
    return load_point_library()


def _view_ids() -> list[str]:
    return [view.id for view in load_point_library().views]


def test_point_library_is_read_once() -> None:
    assert load_point_library() is load_point_library()


@pytest.mark.parametrize("view", _view_ids())
def test_illustration_is_an_svg_that_qt_renders(qapp: object, view: str) -> None:
    renderer = QSvgRenderer(QByteArray(illustration_bytes(view)))
    assert renderer.isValid()
    box = renderer.viewBoxF()
    assert (box.x(), box.y(), box.width(), box.height()) == tuple(_view_box(view))


@pytest.mark.parametrize("view", _view_ids())
def test_illustration_has_a_view_box_and_no_baked_in_text(view: str) -> None:
    root = _svg_root(view)
    assert root.tag == f"{SVG}svg"
    box = _view_box(view)
    assert box.width > 0
    assert box.height > 0
    assert root.find(f".//{SVG}text") is None, "labels are drawn by the app"
    assert root.find(f".//{SVG}script") is None


@pytest.mark.parametrize("view", _view_ids())
def test_illustration_path_points_at_the_same_file(view: str) -> None:
    path = illustration_path(view)
    assert path.name == f"{view}.svg"
    assert path.read_bytes() == illustration_bytes(view)


def test_every_shipped_illustration_belongs_to_a_view(library: PointLibrary) -> None:
    folder = package_files.files("sciatica_timer.resources").joinpath("illustrations")
    shipped = {entry.name.removesuffix(".svg") for entry in folder.iterdir() if entry.name.endswith(".svg")}
    assert shipped == {view.id for view in library.views} | {*ACTIVITY_PICTURES, NEUTRAL_PICTURE}


def test_markers_lie_inside_their_view(library: PointLibrary) -> None:
    for point in library:
        box = _view_box(point.view)
        for side, spot in point.markers.items():
            assert box.contains(spot.x, spot.y), f"{point.code} {side}: {spot} outside {box}"


def test_left_and_right_markers_mirror_about_the_middle(library: PointLibrary) -> None:
    checked = 0
    for point in library:
        if not point.bilateral or not library.view(point.view).symmetric:
            continue
        box = _view_box(point.view)
        middle = box.x + box.width / 2
        left, right = point.marker(Side.LEFT), point.marker(Side.RIGHT)
        assert abs((middle - left.x) - (right.x - middle)) <= MIRROR_TOLERANCE, point.code
        assert abs(left.y - right.y) <= MIRROR_TOLERANCE, point.code
        checked += 1
    assert checked == len(library)


def test_bl25_sits_lower_than_bl23_on_the_lower_back(library: PointLibrary) -> None:
    box = _view_box("lower-back")
    bl23 = library.get("BL23").marker(Side.LEFT)
    bl25 = library.get("BL25").marker(Side.LEFT)
    assert bl25.y > bl23.y
    assert bl23.x < box.x + box.width / 2, "the person's left is on the left of a view from behind"


def test_unknown_view_has_no_illustration() -> None:
    with pytest.raises(FileNotFoundError, match="no-such-view"):
        illustration_bytes("no-such-view")
    with pytest.raises(FileNotFoundError, match="no-such-view"):
        illustration_path("no-such-view")


@pytest.mark.parametrize("view", ["../points", "lower-back.svg", "Sole", ""])
def test_view_ids_cannot_reach_other_files(view: str) -> None:
    with pytest.raises(ValueError, match="not a body view id"):
        illustration_bytes(view)


def _load_from(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, content: bytes) -> PointLibrary:
    (tmp_path / "points.json").write_bytes(content)
    monkeypatch.setattr(resources, "_resource", tmp_path.joinpath)
    return load_point_library.__wrapped__()


def test_malformed_json_names_line_and_column(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    with pytest.raises(PointDataError, match=r"^points\.json: line 2 column 1: "):
        _load_from(monkeypatch, tmp_path, b'{"format_version": 1,\n}')


def test_invalid_content_names_the_field(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    data = json.loads(package_files.files("sciatica_timer.resources").joinpath("points.json").read_bytes())
    data["points"][2]["hold_seconds"] = "a minute"
    with pytest.raises(
        PointDataError,
        match=r'^points\.json: points\[2\]\.hold_seconds: expected a number, got text \("a minute"\)$',
    ):
        _load_from(monkeypatch, tmp_path, json.dumps(data).encode())


def test_text_that_is_not_utf8_is_refused(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    with pytest.raises(PointDataError, match=r"^points\.json: byte 1: not UTF-8 text$"):
        _load_from(monkeypatch, tmp_path, b"{\xff}")


def test_shipped_files_are_found_without_the_package_folder_too(monkeypatch: pytest.MonkeyPatch) -> None:
    """Straight from the folder when the package is unpacked; through importlib.resources when it is not
    (a zip): the same bytes either way."""
    import sys

    on_disk = resources.shipped("points.json")
    assert isinstance(on_disk, Path)
    monkeypatch.setattr(sys.modules["sciatica_timer.resources"], "__file__", None)
    through_importlib = resources.shipped("points.json")
    assert through_importlib.read_bytes() == on_disk.read_bytes()
