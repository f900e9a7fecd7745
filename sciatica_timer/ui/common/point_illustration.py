"""A point's body-view illustration with its markers, drawn into an image: step thumbnails and handouts.

``point_image`` keeps no state and uses no pixmap, so the handout's worker thread can call it; the editor's
thumbnails go through ``thumbnail``, which caches them for the UI thread.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QByteArray, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPen, QPixmap
from PySide6.QtSvg import QSvgRenderer

from sciatica_timer.core.plan import Side
from sciatica_timer.core.points import PressurePoint
from sciatica_timer.core.routines import Sides
from sciatica_timer.storage.resources import illustration_bytes
from sciatica_timer.ui.common.body_picture import VIEWBOX, paint_landmarks

THUMBNAIL_ZOOM = 1.8  # a thumbnail shows the part of the body around the point, not the whole view
MARKER_SIDES = {
    Sides.LEFT: (Side.LEFT,),
    Sides.RIGHT: (Side.RIGHT,),
    Sides.BOTH: (Side.LEFT, Side.RIGHT),
    Sides.MIDLINE: (Side.MIDLINE,),
}


def paint_point(
    painter: QPainter,
    area: QRectF,
    svg: bytes,
    point: PressurePoint,
    *,
    sides: Sequence[Side],
    accent: QColor,
    zoom: float = 1.0,
    landmarks: QColor | None = None,
    landmarks_larger: float = 1.0,
) -> None:
    """The illustration ``svg`` fitted into ``area`` (keeping its 3:4 shape), with a marker on each side.

    ``landmarks`` is the colour to name the view's landmarks in (see body_picture.LANDMARKS); None leaves
    them unnamed. A zoomed picture never names them.

    ``zoom`` above 1 shows only the part of the body around the markers, for a small picture.
    """
    markers = [point.markers[side] for side in sides if side in point.markers]
    region = QRectF(0, 0, VIEWBOX[0] / zoom, VIEWBOX[1] / zoom)
    if markers:
        region.moveCenter(
            QPointF(sum(m.x for m in markers) / len(markers), sum(m.y for m in markers) / len(markers))
        )
    region.moveLeft(min(max(region.left(), 0.0), VIEWBOX[0] - region.width()))
    region.moveTop(min(max(region.top(), 0.0), VIEWBOX[1] - region.height()))
    scale = min(area.width() / region.width(), area.height() / region.height())
    picture = QRectF(0, 0, region.width() * scale, region.height() * scale)
    picture.moveCenter(area.center())
    renderer = QSvgRenderer(QByteArray(svg))
    renderer.setAspectRatioMode(Qt.AspectRatioMode.KeepAspectRatio)
    renderer.setViewBox(region)
    renderer.render(painter, picture)
    if zoom == 1.0 and landmarks is not None:
        paint_landmarks(painter, picture, point.view, landmarks, painter.font(), larger=landmarks_larger)
    radius = max(2.5, picture.width() * 0.032 * zoom**0.5)
    for marker in markers:
        centre = QPointF(
            picture.left() + (marker.x - region.left()) * scale,
            picture.top() + (marker.y - region.top()) * scale,
        )
        halo = QColor(accent)
        halo.setAlphaF(0.28)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(halo)
        painter.drawEllipse(centre, radius * 1.8, radius * 1.8)
        painter.setBrush(QColor("#ffffff"))
        painter.setPen(QPen(accent, max(1.0, radius * 0.35)))
        painter.drawEllipse(centre, radius, radius)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(accent)
        painter.drawEllipse(centre, radius * 0.45, radius * 0.45)


def point_image(
    point: PressurePoint,
    sides: Sequence[Side],
    size: QSize,
    accent: QColor,
    *,
    svg: bytes | None = None,
    zoom: float = 1.0,
    background: QColor | None = None,
    landmarks: QColor | None = None,
    landmarks_larger: float = 1.0,
) -> QImage:
    """The illustration of ``point`` in an image of ``size`` pixels, transparent unless a ``background`` is
    given (a PDF then holds one opaque image, without a separate mask). Safe in any thread."""
    if background is None:
        image = QImage(size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
    else:
        image = QImage(size, QImage.Format.Format_RGB32)
        image.fill(background)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    paint_point(
        painter,
        QRectF(0, 0, size.width(), size.height()),
        svg if svg is not None else illustration_bytes(point.view),
        point,
        sides=sides,
        accent=accent,
        zoom=zoom,
        landmarks=landmarks,
        landmarks_larger=landmarks_larger,
    )
    painter.end()
    return image


_thumbnails: dict[tuple[str, tuple[Side, ...], int, int, float, str], QPixmap] = {}


def thumbnail(point: PressurePoint, sides: Sides, size: QSize, ratio: float, accent: QColor) -> QPixmap:
    """A small picture of where ``point`` is: the part of the body around it, cached (UI thread only)."""
    marker_sides = MARKER_SIDES[sides]
    key = (point.code, marker_sides, size.width(), size.height(), ratio, accent.name())
    found = _thumbnails.get(key)
    if found is None:
        pixels = QSize(round(size.width() * ratio), round(size.height() * ratio))
        found = QPixmap.fromImage(point_image(point, marker_sides, pixels, accent, zoom=THUMBNAIL_ZOOM))
        found.setDevicePixelRatio(ratio)
        if len(_thumbnails) > 200:  # sizes and themes change rarely; a bound keeps a long session small
            _thumbnails.clear()
        _thumbnails[key] = found
    return found


def activity_image(picture: str, size: QSize, *, background: QColor | None = None) -> QImage:
    """An activity's illustration (an id from core.activity_pictures) fitted into ``size`` pixels, keeping
    its 3:4 shape; transparent unless a ``background`` is given. Safe in any thread."""
    if background is None:
        image = QImage(size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
    else:
        image = QImage(size, QImage.Format.Format_RGB32)
        image.fill(background)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    area = QRectF(0, 0, size.width(), size.height())
    scale = min(area.width() / VIEWBOX[0], area.height() / VIEWBOX[1])
    picture_area = QRectF(0, 0, VIEWBOX[0] * scale, VIEWBOX[1] * scale)
    picture_area.moveCenter(area.center())
    renderer = QSvgRenderer(QByteArray(illustration_bytes(picture)))
    renderer.setAspectRatioMode(Qt.AspectRatioMode.KeepAspectRatio)
    renderer.render(painter, picture_area)
    painter.end()
    return image


_activity_thumbnails: dict[tuple[str, int, int, float], QPixmap] = {}


def activity_thumbnail(picture: str, size: QSize, ratio: float) -> QPixmap:
    """A small picture of an activity, cached (UI thread only)."""
    key = (picture, size.width(), size.height(), ratio)
    found = _activity_thumbnails.get(key)
    if found is None:
        pixels = QSize(round(size.width() * ratio), round(size.height() * ratio))
        found = QPixmap.fromImage(activity_image(picture, pixels))
        found.setDevicePixelRatio(ratio)
        if len(_activity_thumbnails) > 100:
            _activity_thumbnails.clear()
        _activity_thumbnails[key] = found
    return found
