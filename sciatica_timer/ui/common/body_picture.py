"""The body-view illustration with the current point marked on its side, gently pulsing.

The SVG is rendered once per size into a cached pixmap; a pulse repaints only the marker's square.
"""

from __future__ import annotations

import functools
import math
from typing import NamedTuple

from PySide6.QtCore import QByteArray, QPointF, QRect, QRectF, QSize, Qt
from PySide6.QtGui import (
    QAccessible,
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPaintEvent,
    QPen,
    QPixmap,
    QResizeEvent,
)
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QSizePolicy, QWidget

from sciatica_timer.core.i18n import N_, _, pgettext
from sciatica_timer.core.points import MarkerPosition
from sciatica_timer.storage.resources import illustration_bytes
from sciatica_timer.ui.common.theme import colors

VIEWBOX = (600.0, 800.0)  # every illustration's viewBox: 0 0 600 800
PULSE_PERIOD_S = 4.0  # one slow swell and fade of the marker's halo, in steps at each display refresh
PULSE_LEVELS = 4  # steps from still to fully swollen: a soft swell in a few steps, each one a repaint

_renderers: dict[str, QSvgRenderer] = {}


class Landmark(NamedTuple):
    """A landmark's name, written by the app beside the line the illustration draws for it."""

    text: str  # marked with N_: translated where it is painted
    box: tuple[float, float, float, float]  # x, y, width, height in the viewBox; the words wrap inside
    align: Qt.AlignmentFlag


_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
_CENTRE = Qt.AlignmentFlag.AlignCenter

# What the "find it" steps name: the line across the tops of the hip bones, the bony bumps of the spine
# they count, the two finger-widths they measure, the knobs of the hip and knee. All beside the bodies.
LANDMARKS: dict[str, tuple[Landmark, ...]] = {
    "lower-back": (
        Landmark(N_("2 finger-widths"), (0, 120, 140, 72), _RIGHT),
        Landmark(N_("L2 bump"), (462, 176, 138, 40), _LEFT),
        Landmark(N_("hip-crest line"), (0, 258, 140, 60), _RIGHT),
        Landmark(N_("L4 bump"), (462, 268, 138, 40), _LEFT),
        Landmark(
            N_("hip knob"), (0, 396, 92, 50), Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom
        ),
    ),
    "side-of-leg": (
        Landmark(N_("hip knob"), (256, 112, 88, 76), _CENTRE),
        Landmark(N_("knee knob"), (214, 528, 172, 56), _CENTRE),
    ),
}
LANDMARK_TEXT = 21.0  # viewBox units: the names' size scales with the picture
SMALLEST_LANDMARK_PX = 8  # below this the names are unreadable and left out (thumbnails)


_Placed = tuple[QRectF, int, str, QRectF]  # where a name is written, how, its words, and all they cover


@functools.lru_cache(maxsize=16)
def _placed_landmarks(
    view: str, picture: tuple[float, float, float], font: QFont, words: tuple[str, ...]
) -> tuple[_Placed, ...]:
    """The landmarks' names laid out once for a picture's place and size, a font and a language."""
    left, top, scale = picture
    metrics = QFontMetricsF(font)
    placed = []
    for landmark, text in zip(LANDMARKS.get(view, ()), words, strict=True):
        x, y, width, height = landmark.box
        box = QRectF(left + x * scale, top + y * scale, width * scale, height * scale)
        flags = int(landmark.align) | int(Qt.TextFlag.TextWordWrap) | int(Qt.TextFlag.TextDontClip)
        # Antialiased edges reach a little past the words' own box.
        covered = metrics.boundingRect(box, flags, text).adjusted(-2, -2, 2, 2)
        placed.append((box, flags, text, covered))
    return tuple(placed)


def paint_landmarks(
    painter: QPainter,
    picture: QRectF,
    view: str,
    color: QColor,
    font: QFont,
    *,
    larger: float = 1.0,
    exposed: QRectF | None = None,
) -> None:
    """Write the names of ``view``'s landmarks over the picture drawn in ``picture`` (viewBox scaled);
    ``larger`` enlarges the words (paper, where the picture is small). With ``exposed`` (the part being
    repainted, such as the pulsing marker's square) only the names that reach into it are written."""
    scale = picture.width() / VIEWBOX[0]
    pixels = round(LANDMARK_TEXT * scale * larger)
    if pixels < SMALLEST_LANDMARK_PX:
        return
    font = QFont(font)
    font.setPixelSize(pixels)
    painter.setFont(font)
    painter.setPen(color)
    words = tuple(_(landmark.text) for landmark in LANDMARKS.get(view, ()))
    place = (picture.left(), picture.top(), scale)
    for box, flags, text, covered in _placed_landmarks(view, place, font, words):
        if exposed is None or covered.intersects(exposed):
            painter.drawText(box, flags, text)


def _renderer(view: str) -> QSvgRenderer:
    """One parsed SVG per body view, kept for the life of the process."""
    found = _renderers.get(view)
    if found is None:
        found = QSvgRenderer(QByteArray(illustration_bytes(view)))
        found.setAspectRatioMode(Qt.AspectRatioMode.KeepAspectRatio)
        _renderers[view] = found
    return found


def pulse_at(seconds: float) -> float:
    """The marker's swell, 0 to 1, ``seconds`` into the phase."""
    return 0.5 - 0.5 * math.cos(2 * math.pi * seconds / PULSE_PERIOD_S)


class BodyPicture(QWidget):
    """Draws one body view, scaled to fit, with "Left" and "Right" under it and the point's marker."""

    # To a screen reader: an image with its name and description, not a "filler" (common/accessibility.py).
    accessible_role = QAccessible.Role.Graphic

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        policy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._view: str | None = None
        self._marker: MarkerPosition | None = None
        self._sides_named = True  # "Left" and "Right" under a body view; an activity's picture has none
        self._pulse = 0.0
        self._pixmap: QPixmap | None = None
        self._pixmap_key: tuple[str, int, int, float] | None = None
        self._picture = QRectF()
        self._sprites: dict[tuple[float, float, str, float], QPixmap] = {}
        # It paints every pixel itself, so a pulse repaints nothing behind it.
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)

    @property
    def view(self) -> str | None:
        return self._view

    @property
    def marker(self) -> MarkerPosition | None:
        return self._marker

    def show_point(self, view: str, marker: MarkerPosition | None) -> None:
        if view == self._view and marker == self._marker and self._sides_named:
            return
        self._view = view
        self._marker = marker
        if not self._sides_named:
            self._sides_named = True
            self.updateGeometry()
        self._layout_picture()
        self.update()

    @property
    def pulse(self) -> float:
        """The marker's swell now, 0 (at rest) to 1."""
        return self._pulse

    def show_activity(self, picture: str) -> None:
        """Show an activity's illustration (see core.activity_pictures): no marker, no side labels."""
        if picture == self._view and not self._sides_named:
            return
        self._view = picture
        self._marker = None
        self._sides_named = False
        self.updateGeometry()
        self._layout_picture()
        self.update()

    @property
    def sides_named(self) -> bool:
        return self._sides_named

    def set_pulse(self, seconds: float) -> None:
        """Move the marker's pulse to ``seconds`` into the phase; repaints only the marker."""
        pulse = round(pulse_at(seconds) * PULSE_LEVELS) / PULSE_LEVELS
        if pulse == self._pulse:
            return
        self._pulse = pulse
        if self._marker is not None and self._view is not None:
            self.update(self._marker_rect())

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return math.ceil(width * VIEWBOX[1] / VIEWBOX[0] + self._label_height())

    def sizeHint(self) -> QSize:
        em = self.fontMetrics().height()
        return QSize(em * 14, self.heightForWidth(em * 14))

    def minimumSizeHint(self) -> QSize:
        em = self.fontMetrics().height()
        # An activity's picture may give way to its instructions; a point's stays big enough to find it.
        return QSize(em * 5, em * 7) if self._sides_named else QSize(em * 3, em * 3)

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._layout_picture()
        super().resizeEvent(event)

    def _label_height(self) -> float:
        return self.fontMetrics().height() * 1.4 if self._sides_named else 0.0

    def _layout_picture(self) -> None:
        """Fit the 600x800 picture into the widget above the Left/Right labels, centred."""
        available = QRectF(self.rect()).adjusted(0, 0, 0, -self._label_height())
        width, height = VIEWBOX
        scale = min(available.width() / width, available.height() / height) if available.height() > 0 else 0
        size = QSize(max(0, math.floor(width * scale)), max(0, math.floor(height * scale)))
        self._picture = QRectF(0, 0, size.width(), size.height())
        self._picture.moveCenter(available.center())
        self._picture.moveTop(available.top())  # level with the phase's name beside it

    def _scale(self) -> float:
        return self._picture.width() / VIEWBOX[0] if self._picture.width() > 0 else 0.0

    def _marker_center(self) -> QPointF:
        assert self._marker is not None  # noqa: S101 - only called with a marker set
        scale = self._scale()
        return QPointF(
            self._picture.left() + self._marker.x * scale, self._picture.top() + self._marker.y * scale
        )

    def _marker_radius(self) -> float:
        return max(5.0, self._picture.width() * 0.028)

    def _marker_rect(self) -> QRect:
        reach = self._marker_radius() * 2.4 + 2
        center = self._marker_center()
        return QRectF(center.x() - reach, center.y() - reach, 2 * reach, 2 * reach).toAlignedRect()

    def _pixmap_for(self, view: str) -> QPixmap:
        ratio = self.devicePixelRatioF()
        key = (view, int(self._picture.width()), int(self._picture.height()), ratio)
        if self._pixmap is None or self._pixmap_key != key:
            pixmap = QPixmap(QSize(round(key[1] * ratio), round(key[2] * ratio)))
            pixmap.setDevicePixelRatio(ratio)
            pixmap.fill(Qt.GlobalColor.transparent)
            painter = QPainter(pixmap)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            _renderer(view).render(painter, QRectF(0, 0, key[1], key[2]))
            painter.end()
            self._pixmap, self._pixmap_key = pixmap, key
        return self._pixmap

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(event.rect(), self.palette().window())
        if self._view is None or self._picture.width() < 4:
            painter.end()
            return
        c = colors(self.palette())
        painter.drawPixmap(self._picture.topLeft(), self._pixmap_for(self._view))
        if self._sides_named:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            # A pulse repaints the marker's square only: the names far from it are not laid out again.
            exposed = QRectF(event.rect())
            paint_landmarks(painter, self._picture, self._view, c.muted, self.font(), exposed=exposed)
        if self._sides_named and event.rect().bottom() >= self._picture.bottom():
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            self._paint_side_labels(painter, c.muted)
        if self._marker is not None:
            sprite = self._sprite(c.accent)
            reach = sprite.width() / sprite.devicePixelRatio() / 2
            center = self._marker_center()
            painter.drawPixmap(QPointF(center.x() - reach, center.y() - reach), sprite)
        painter.end()

    def _paint_side_labels(self, painter: QPainter, color: QColor) -> None:
        font = QFont(self.font())
        painter.setFont(font)
        painter.setPen(color)
        height = self._label_height()
        # The bodies fill about the middle 85% of each picture: keep the words under them.
        inset = self._picture.width() * 0.08
        row = QRectF(
            self._picture.left() + inset, self._picture.bottom(), self._picture.width() - 2 * inset, height
        )
        painter.drawText(
            row, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, pgettext("body side", "Left")
        )
        painter.drawText(
            row, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, pgettext("body side", "Right")
        )

    def _sprite(self, accent: QColor) -> QPixmap:
        """The marker at the current pulse, drawn once per size, colour and pulse step."""
        radius = self._marker_radius()
        ratio = self.devicePixelRatioF()
        key = (round(radius, 1), ratio, accent.name(), self._pulse)
        found = self._sprites.get(key)
        if found is None:
            reach = math.ceil(radius * 2.4) + 1
            found = QPixmap(QSize(round(2 * reach * ratio), round(2 * reach * ratio)))
            found.setDevicePixelRatio(ratio)
            found.fill(Qt.GlobalColor.transparent)
            painter = QPainter(found)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            self._paint_marker(painter, QPointF(reach, reach), radius, accent)
            painter.end()
            if len(self._sprites) > 4 * (PULSE_LEVELS + 1):  # sizes or colours changed: start afresh
                self._sprites.clear()
            self._sprites[key] = found
        return found

    def _paint_marker(self, painter: QPainter, center: QPointF, radius: float, accent: QColor) -> None:
        halo = QColor(accent)
        halo.setAlphaF(0.18 + 0.22 * (1 - self._pulse))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(halo)
        reach = radius * (1.5 + 0.9 * self._pulse)
        painter.drawEllipse(center, reach, reach)
        ring = QColor(accent)
        ring.setAlphaF(0.9)
        painter.setBrush(QColor("#ffffff"))
        painter.setPen(QPen(ring, max(2.0, radius * 0.32)))
        painter.drawEllipse(center, radius, radius)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(accent)
        painter.drawEllipse(center, radius * 0.45, radius * 0.45)
