"""The landmarks the "find it" steps name are drawn and named beside the bodies, clear of every marker."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import QRectF, QSize
from PySide6.QtGui import QColor, QFont

from sciatica_timer.core.plan import Side
from sciatica_timer.storage.resources import illustration_bytes, load_point_library
from sciatica_timer.ui.common.body_picture import LANDMARK_TEXT, LANDMARKS, VIEWBOX
from sciatica_timer.ui.common.point_illustration import point_image

MARKER_REACH = 0.028 * VIEWBOX[0] * 2.4  # the player's marker with its widest halo, in viewBox units


def test_the_lower_back_names_what_its_find_it_steps_use() -> None:
    names = {landmark.text for landmark in LANDMARKS["lower-back"]}
    assert {"hip-crest line", "L2 bump", "L4 bump", "2 finger-widths", "hip knob"} <= names
    locate = " ".join(" ".join(load_point_library().get(code).locate) for code in ("BL23", "BL25", "GB30"))
    for words in ("tops of your hip bones", "bony bump", "two finger-widths", "bony knob"):
        assert words in locate, "the names answer the steps' words"
    svg = illustration_bytes("lower-back").decode()
    assert "landmarks" in svg
    assert re.search(r'd="M 144,288 L 456,288"', svg), "the hip-crest line crosses the fourth lumbar bump"


@pytest.mark.parametrize("view", sorted(LANDMARKS))
def test_no_name_covers_a_point_marker(view: str) -> None:
    library = load_point_library()
    markers = [m for p in library.points if p.view == view for m in p.markers.values()]
    assert markers
    for landmark in LANDMARKS[view]:
        box = QRectF(*landmark.box)
        assert QRectF(0, 0, *VIEWBOX).contains(box), landmark.text
        for marker in markers:
            reach = QRectF(
                marker.x - MARKER_REACH, marker.y - MARKER_REACH, 2 * MARKER_REACH, 2 * MARKER_REACH
            )
            assert not box.intersects(reach), f"{landmark.text!r} covers the marker at {marker}"


@pytest.mark.usefixtures("qapp")
def test_the_names_are_written_on_a_full_size_picture_and_left_off_a_thumbnail() -> None:
    point = load_point_library().get("BL25")
    size, sides, accent = QSize(450, 600), (Side.LEFT, Side.RIGHT), QColor("#2a7f7a")
    white, ink = QColor("#ffffff"), QColor("#000000")
    named = point_image(point, sides, size, accent, background=white, landmarks=ink)
    plain = point_image(point, sides, size, accent, background=white)
    scale = size.width() / VIEWBOX[0]
    for landmark in LANDMARKS["lower-back"]:
        x, y, w, h = (round(v * scale) for v in landmark.box)
        differs = sum(
            1
            for px in range(x, x + w, 2)
            for py in range(y, y + h, 2)
            if named.pixelColor(px, py) != plain.pixelColor(px, py)
        )
        assert differs > 10, f"{landmark.text!r} is written"
    small = QSize(60, 80)
    assert point_image(point, sides, small, accent, background=white, landmarks=ink) == point_image(
        point, sides, small, accent, background=white
    ), "too small to read: no names"


@pytest.mark.usefixtures("qapp")
def test_a_pulse_repaint_leaves_the_picture_as_a_full_paint_draws_it() -> None:
    """The marker's pulse repaints its square only and writes only the names that reach into it: the
    picture on screen stays exactly what a full paint draws, names and all."""
    from PySide6.QtCore import QPoint
    from PySide6.QtGui import QImage, QRegion

    from sciatica_timer.ui.common.body_picture import BodyPicture, _placed_landmarks

    point = load_point_library().get("BL23")
    picture = BodyPicture()
    picture.resize(450, 640)
    picture.show_point(point.view, point.marker(Side.LEFT))

    def full() -> QImage:
        image = QImage(picture.size(), QImage.Format.Format_ARGB32_Premultiplied)
        picture.render(image, QPoint())
        return image

    on_screen = full()
    picture.set_pulse(2.0)  # halfway through the pulse: the halo at its widest
    square = picture._marker_rect()
    picture.render(on_screen, square.topLeft(), QRegion(square))  # what a pulse repaints
    assert on_screen == full()
    scale = picture._scale()
    origin = picture._picture.topLeft()
    for landmark in LANDMARKS[point.view]:  # a repaint that reaches a name writes it again
        x, y, w, h = landmark.box
        near = QRectF(origin.x() + x * scale, origin.y() + y * scale, w * scale, h * scale).toAlignedRect()
        near = near.adjusted(-6, -6, 6, 6)
        picture.render(on_screen, near.topLeft(), QRegion(near))
        assert on_screen == full(), landmark.text
    place = (origin.x(), origin.y(), scale)
    words = tuple(landmark.text for landmark in LANDMARKS[point.view])
    font = QFont(picture.font())
    font.setPixelSize(round(LANDMARK_TEXT * scale))  # as the picture writes them
    names = _placed_landmarks(point.view, place, font, words)
    assert names
    assert not any(covered.intersects(QRectF(square)) for *_rest, covered in names), (
        "the marker's square reaches no name: a pulse writes none"
    )
