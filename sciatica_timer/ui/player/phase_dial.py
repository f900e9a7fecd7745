"""The countdown ring: the phase's time left, big enough to read from a chair, and the breathing pacer.

A pure view: the player hands it a ``DialReading`` and it repaints only when that visibly changes.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QPointF, QRect, QRectF, QSize, Qt
from PySide6.QtGui import (
    QAccessible,
    QColor,
    QFont,
    QPainter,
    QPaintEvent,
    QPen,
    QPixmap,
    QResizeEvent,
    QStaticText,
    QTransform,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from sciatica_timer.core.i18n import _
from sciatica_timer.ui.common.theme import Colors, colors
from sciatica_timer.ui.common.words import Breath, clock_text


@dataclass(frozen=True, slots=True)
class DialReading:
    fraction_left: float  # 1 at the start of the phase, 0 at its end
    seconds_left: float
    breath: Breath | None = None  # set in paced-breathing phases
    caption: str = ""  # under the number: "paused"
    word: str = ""  # shown instead of the number when no time runs ("find it")
    duration_s: float = 0.0  # the phase's length: the ring moves at most ARC_STEPS_PER_S times a second


# The ring's end moves in steps: a pixel at a time, but no more than this often, so that in a breathing phase
# (refreshed ten times a second for the circle) the ring does not add repaints of its own.
ARC_STEPS_PER_S = 5
BREATH_STEP_PX = 2  # the breathing circle grows and shrinks in steps of this many pixels


_Words = tuple[str, float, float, bool, bool, float]  # text, size, offset down, muted, bold, width


def _mix_colors(a: QColor, b: QColor, amount: float) -> QColor:
    """An opaque colour ``amount`` of the way from ``a`` to ``b`` (cheaper to draw than a translucent one)."""
    return QColor.fromRgbF(
        a.redF() + (b.redF() - a.redF()) * amount,
        a.greenF() + (b.greenF() - a.greenF()) * amount,
        a.blueF() + (b.blueF() - a.blueF()) * amount,
    )


def _said(reading: DialReading, clock: object) -> tuple[object, ...]:
    """What a screen reader says about a reading changes only with these (``clock``: its clock_text)."""
    inhaling = reading.breath.inhaling if reading.breath is not None else None
    return (clock, reading.word, reading.caption, inhaling)


def _only_the_circle_moved(before: tuple[object, ...], after: tuple[object, ...]) -> bool:
    """Whether two looks differ only in the breathing circle's size (and perhaps the ring's end)."""
    breath_before, breath_after = before[4], after[4]
    if not isinstance(breath_before, tuple) or not isinstance(breath_after, tuple):
        return False
    return before[1:4] == after[1:4] and before[5] == after[5] and breath_before[0] == breath_after[0]


def _only_words_and_circle_changed(before: tuple[object, ...], after: tuple[object, ...]) -> bool:
    """Whether two looks differ only in the number or caption (perhaps also the ring's end, and in a
    breathing phase the circle and its words), not in the size or the word shown instead of a number."""
    if before[3] != after[3] or before[5] != after[5]:
        return False
    breath_before, breath_after = before[4], after[4]
    return (breath_before is None) == (breath_after is None)


def _radius_step(key: tuple[object, ...]) -> int:
    breath = key[4]
    assert isinstance(breath, tuple)  # noqa: S101 - only asked when there is a breathing circle
    return int(breath[1])


def _arc_of(key: tuple[object, ...]) -> tuple[int, int]:
    arc = key[0]
    assert isinstance(arc, tuple)  # noqa: S101 - _visual_key puts (step, steps) first
    return int(arc[0]), int(arc[1])


class _Geometry:
    """Where the ring and its words go in a widget of a given size."""

    def __init__(self, width: int, height: int, compact: bool, largest: int) -> None:
        side = min(width, height, largest)
        self.side = side
        self.ring = side * (0.085 if compact else 0.055)
        self.box = QRectF(0, 0, side - self.ring, side - self.ring)
        self.box.moveCenter(QPointF(width / 2, height / 2))
        self.inner = self.box.width() / 2 - self.ring
        self.center = self.box.center()
        self.circumference = math.pi * self.box.width()


class PhaseDial(QWidget):
    """A ring that empties as the phase runs, with the seconds left in the middle.

    In a breathing phase a soft circle inside grows with each breath in and shrinks with each breath out,
    with the words "Breathe in" / "Breathe out".

    Cheap to keep moving: what stays put for a second or more (the track, the number) is drawn once into a
    cached layer, and a new reading repaints only when something visibly moved (the arc's end by a pixel).
    """

    # To a screen reader: a label, its name and the time left as its description (common/accessibility.py).
    accessible_role = QAccessible.Role.StaticText

    def __init__(self, parent: QWidget | None = None, *, compact: bool = False) -> None:
        super().__init__(parent)
        self._compact = compact
        # Big enough to read from a chair, and no bigger: every pixel of it is redrawn as it moves.
        self._largest = self.fontMetrics().height() * (8 if compact else 20)
        self._keeps_square = True  # as tall as wide (set_square)
        self._reading = DialReading(1.0, 0.0)
        self._said = _said(self._reading, clock_text(self._reading.seconds_left))
        self._shown: tuple[object, ...] | None = None  # the look last painted
        self._key: tuple[object, ...] | None = None  # the look of the current reading
        self._geometry_cache: tuple[tuple[int, int], _Geometry] | None = None
        self._layer: QPixmap | None = None
        self._layer_key: tuple[object, ...] | None = None
        self._track: QPixmap | None = None  # background and empty track, the layer's starting point
        self._track_key: tuple[object, ...] | None = None
        self._statics: dict[tuple[str, int, bool], QStaticText] = {}
        # Kept between paints, as they are asked for up to ten times a second: the dial's fonts by pixel
        # size and weight (a kept font also keeps its glyphs ready), the pens by what sets them, and the
        # words of the reading last asked about.
        self._fonts: dict[tuple[int, bool], QFont] = {}
        self._pens: dict[tuple[object, ...], QPen] = {}
        self._words_of: tuple[DialReading, _Geometry, tuple[_Words, ...]] | None = None
        # The areas a new reading repaints (the ring's end at each step, the circle at each size, the words),
        # worked out once for the dial's size.
        self._areas: dict[tuple[object, ...], QRect | QRectF] = {}
        self._areas_geometry: _Geometry | None = None
        policy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)  # a square: the words under the ring stay close to it
        self.setSizePolicy(policy)
        # It paints every pixel itself, so nothing behind it is repainted with it.
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setAccessibleName(_("Time left in this phase"))
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)

    def _geometry(self) -> _Geometry:
        size = (self.width(), self.height())
        if self._geometry_cache is None or self._geometry_cache[0] != size:
            self._geometry_cache = (size, _Geometry(size[0], size[1], self._compact, self._largest))
        return self._geometry_cache[1]

    def _square(self) -> QRect:
        """The part of the widget the dial draws on; the rest is plain background."""
        geometry = self._geometry()
        square = QRectF(0, 0, geometry.side, geometry.side)
        square.moveCenter(geometry.center)
        return square.toAlignedRect().adjusted(-1, -1, 1, 1)

    @property
    def reading(self) -> DialReading:
        return self._reading

    def set_reading(self, reading: DialReading) -> None:
        if reading == self._reading:
            return
        before = self._reading
        self._reading = reading
        key = self._key = self._visual_key(reading)
        said = _said(reading, key[1])
        if said != self._said:  # tell a screen reader when the words change, not the ring
            self.setAccessibleDescription(self._spoken(reading))
        self._said = said
        shown = self._shown
        if key == shown:
            return
        if shown is not None and key[1:] == shown[1:]:  # only the ring's end moved: repaint around it
            self.update(self._arc_change(shown, key))
        elif shown is not None and _only_the_circle_moved(shown, key):
            area = self._circle_area(max(_radius_step(shown), _radius_step(key)))
            if key[0] != shown[0]:
                area = area.united(self._arc_change(shown, key))
            self.update(area)
        elif shown is not None and _only_words_and_circle_changed(shown, key):
            # A new second: the number (or the caption) and the ring's end, not the whole dial. The words
            # of every reading since the last paint are covered, as each call adds its old and new ones.
            area = self._words_area(before).united(self._words_area(reading))
            if key[0] != shown[0]:
                area = area.united(self._arc_change(shown, key))
            if key[4] is not None:
                area = area.united(self._circle_area(max(_radius_step(shown), _radius_step(key))))
            self.update(area)
        else:
            self.update(self._square())

    def _words_area(self, reading: DialReading) -> QRect:
        """Where the words of ``reading`` are drawn, with a margin for antialiased edges."""
        geometry = self._geometry()
        words = self._words(geometry, reading)
        areas = self._kept_areas(geometry)
        found = areas.get(words)
        if isinstance(found, QRect):
            return found
        center = geometry.center
        area = QRectF()
        for _text, size, dy, _muted, _bold, width in words:
            height = size * 1.5  # as _text lays them out; drawn text stays inside
            area = area.united(QRectF(center.x() - width / 2, center.y() + dy - height / 2, width, height))
        aligned = areas[words] = area.toAlignedRect().adjusted(-2, -2, 2, 2)
        return aligned

    def _kept_areas(self, geometry: _Geometry) -> dict[tuple[object, ...], QRect | QRectF]:
        """The areas worked out for this size of dial (a new size starts afresh)."""
        if self._areas_geometry is not geometry or len(self._areas) > 512:
            self._areas = {}
            self._areas_geometry = geometry
        return self._areas

    def _circle_area(self, radius_step: int) -> QRect:
        """The square around the breathing circle at its larger size, outline included."""
        geometry = self._geometry()
        areas = self._kept_areas(geometry)
        key = ("circle", radius_step)
        found = areas.get(key)
        if isinstance(found, QRect):
            return found
        reach = radius_step * BREATH_STEP_PX + max(2.5, geometry.inner * 0.015) + 2
        center = geometry.center
        area = areas[key] = QRectF(
            center.x() - reach, center.y() - reach, 2 * reach, 2 * reach
        ).toAlignedRect()
        return area

    def _arc_steps(self, geometry: _Geometry, reading: DialReading) -> int:
        steps = geometry.circumference
        if reading.duration_s > 0:
            steps = min(steps, reading.duration_s * ARC_STEPS_PER_S)
        return max(1, round(steps))

    def _visual_key(self, reading: DialReading) -> tuple[object, ...]:
        """What the reading looks like, to the step: equal keys paint the same picture.

        The first item is the ring's end as (step, steps); the rest change the whole dial.
        """
        geometry = self._geometry()
        fraction = min(1.0, max(0.0, reading.fraction_left))
        steps = self._arc_steps(geometry, reading)
        breath = None
        if reading.breath is not None:
            radius = self._breath_radius(geometry, reading.breath)
            breath = (reading.breath.inhaling, round(radius / BREATH_STEP_PX))
        return (
            (round(fraction * steps), steps),
            clock_text(reading.seconds_left),
            reading.caption,
            reading.word,
            breath,
            (self.width(), self.height()),
        )

    def _arc_change(self, before: tuple[object, ...], after: tuple[object, ...]) -> QRect:
        """The square around the ring's end then and now (with its round cap): all that changed."""
        geometry = self._geometry()
        area = self._arc_end(geometry, _arc_of(before)).united(self._arc_end(geometry, _arc_of(after)))
        if area.width() > geometry.side / 3 or area.height() > geometry.side / 3:
            return self._square()  # a big jump: simpler to paint it all
        return area.toAlignedRect()

    def _arc_end(self, geometry: _Geometry, arc: tuple[int, int]) -> QRectF:
        """The square around the ring's end at ``arc`` = (step, steps), round cap included."""
        areas = self._kept_areas(geometry)
        found = areas.get(arc)
        if isinstance(found, QRectF):
            return found
        step, steps = arc
        angle = math.radians(90 - step / steps * 360)
        radius = geometry.box.width() / 2
        end = QPointF(
            geometry.center.x() + radius * math.cos(angle), geometry.center.y() - radius * math.sin(angle)
        )
        reach = geometry.ring / 2 + 2
        square = areas[arc] = QRectF(end.x() - reach, end.y() - reach, 2 * reach, 2 * reach)
        return square

    @staticmethod
    def _spoken(reading: DialReading) -> str:
        text = reading.word or _("{time} seconds left").format(time=clock_text(reading.seconds_left))
        if reading.breath is not None:
            breath = _("Breathe in") if reading.breath.inhaling else _("Breathe out")
            text = f"{breath}. {text}"
        return f"{text}. {reading.caption}".strip(". ")

    def sizeHint(self) -> QSize:
        em = self.fontMetrics().height()
        side = em * (6 if self._compact else 14)
        return QSize(side, side)

    def minimumSizeHint(self) -> QSize:
        em = self.fontMetrics().height()
        side = em * (3 if self._compact else 7)
        return QSize(side, side)

    def hasHeightForWidth(self) -> bool:
        return self._keeps_square

    def set_square(self, square: bool) -> None:
        """As tall as wide (the usual), or any height down to its least (a short window: the words under it
        need the room more than the ring needs to be round in its box; it is drawn round whatever the box)."""
        if square != self._keeps_square:
            self._keeps_square = square
            self.updateGeometry()

    def heightForWidth(self, width: int) -> int:
        return min(width, self._largest)

    # -- painting ----------------------------------------------------------------------------------------

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._key = None  # the ring's steps depend on its size

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:  # the dial's text follows the widget's font
            self._fonts.clear()
            self._statics.clear()
            self._words_of = None

    def paintEvent(self, event: QPaintEvent) -> None:
        reading = self._reading
        if self._key is None:
            self._key = self._visual_key(reading)
        key = self._key
        geometry = self._geometry()
        painter = QPainter(self)
        if geometry.side < 8:
            painter.fillRect(self.rect(), self.palette().window())
            painter.end()
            return
        c = colors(self.palette())
        words = self._words(geometry, reading)
        breathing = reading.breath is not None and not reading.word
        painter.drawPixmap(0, 0, self._still_layer(geometry, c, () if breathing else words))
        if breathing:
            # The circle moves under the words, so they are drawn over it each time, from prepared text.
            self._paint_breath(painter, geometry, c, reading)  # leaves antialiasing on
            for text, size, dy, muted, bold, _width in words:
                color = c.muted if muted else c.text
                self._static_text(painter, text, geometry.center, size=size, dy=dy, color=color, bold=bold)
        step, steps = _arc_of(key)
        fraction = step / steps  # drawn at its step, so a repaint of part of the dial matches the rest
        if fraction > 0:
            if not breathing:
                painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(self._arc_pen(c, geometry))
            # Qt angles are sixteenths of a degree, counter-clockwise from three o'clock: start at twelve
            # and run clockwise, so the ring empties the way a clock hand moves.
            painter.drawArc(geometry.box, 90 * 16, -round(fraction * 360 * 16))
        painter.end()
        self._shown = key

    def _blank(self, fill: QColor) -> QPixmap:
        ratio = self.devicePixelRatioF()
        pixmap = QPixmap(QSize(round(self.width() * ratio), round(self.height() * ratio)))
        pixmap.setDevicePixelRatio(ratio)
        pixmap.fill(fill)
        return pixmap

    def _still_layer(self, geometry: _Geometry, c: Colors, words: tuple[_Words, ...]) -> QPixmap:
        """Background, empty track and (outside breathing phases) the words: redrawn only on change."""
        ratio = self.devicePixelRatioF()
        looks = (self.width(), self.height(), ratio, self.palette().cacheKey())
        key = (*looks, words)
        if self._layer is None or key != self._layer_key:
            # A new second brings new words over the same track, drawn once for this size and palette.
            if self._track is None or looks != self._track_key:
                track_layer = self._blank(self.palette().window().color())
                painter = QPainter(track_layer)
                painter.setRenderHint(QPainter.RenderHint.Antialiasing)
                track = QPen(c.track, geometry.ring)
                track.setCapStyle(Qt.PenCapStyle.FlatCap)
                painter.setPen(track)
                painter.drawEllipse(geometry.box)
                painter.end()
                self._track, self._track_key = track_layer, looks
            old = self._layer_key
            if self._layer is not None and old is not None and old[:4] == looks and ratio.is_integer():
                # Only the words change: put the track back where the old ones were (a copy of a few
                # of its pixels, not of all of them), then write the new ones.
                layer = self._layer
                painter = QPainter(layer)
                old_words = old[4]
                assert isinstance(old_words, tuple)  # noqa: S101 - the key ends with the words drawn
                if old_words:
                    area = self._ink_area(geometry, old_words).intersected(self.rect())
                    source = QRect(
                        round(area.x() * ratio),
                        round(area.y() * ratio),
                        round(area.width() * ratio),
                        round(area.height() * ratio),
                    )
                    painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_Source)
                    painter.drawPixmap(area, self._track, source)
                    painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceOver)
            else:
                layer = self._track.copy()
                painter = QPainter(layer)
            if words:
                painter.setRenderHint(QPainter.RenderHint.Antialiasing)
                self._paint_words(painter, geometry, c, words)
            painter.end()
            self._layer, self._layer_key = layer, key
        return self._layer

    @staticmethod
    def _ink_area(geometry: _Geometry, words: tuple[_Words, ...]) -> QRect:
        """Every pixel ``words`` can touch: the boxes they are laid out in (text drawn in a box stays
        inside it), with a wide margin for glyphs that reach past their advance."""
        center = geometry.center
        area = QRect()
        for _text, size, dy, _muted, _bold, width in words:
            height = size * 1.5  # as _text lays them out
            margin = size * 0.3 + 2
            box = QRectF(center.x() - width / 2, center.y() + dy - height / 2, width, height)
            area = area.united(box.adjusted(-margin, -margin, margin, margin).toAlignedRect())
        return area

    def _words(self, geometry: _Geometry, reading: DialReading) -> tuple[_Words, ...]:
        """What the dial says and where: (text, size, offset down, muted, bold, width) for each line."""
        kept = self._words_of
        if kept is not None and kept[0] is reading and kept[1] is geometry:
            return kept[2]  # asked for again by the paint that follows a new reading
        words = self._words_now(geometry, reading)
        self._words_of = (reading, geometry, words)
        return words

    def _words_now(self, geometry: _Geometry, reading: DialReading) -> tuple[_Words, ...]:
        inner = geometry.inner
        number = clock_text(reading.seconds_left)
        lines: list[_Words] = []
        if reading.word:
            lines.append((reading.word, inner * 0.26, 0.0, False, True, inner * 1.8))
        elif reading.breath is not None:
            inhaling = reading.breath.inhaling
            if self._compact:  # a small ring has room for the number only; the mini player says in or out
                size = inner * (0.62 if len(number) <= 2 else 0.46 if len(number) <= 4 else 0.34)
                lines.append((number, size, -inner * 0.04, False, True, inner * 1.8))
            else:
                word = _("Breathe in") if inhaling else _("Breathe out")
                left = (
                    _("{seconds} s left").format(seconds=number)
                    if reading.seconds_left < 60
                    else _("{clock} left").format(clock=number)
                )
                lines.append((word, inner * 0.2, -inner * 0.09, False, True, inner * 1.7))
                lines.append((left, inner * 0.12, inner * 0.19, True, False, inner * 1.4))
        else:
            size = inner * (0.62 if len(number) <= 2 else 0.46 if len(number) <= 4 else 0.34)
            lines.append((number, size, -inner * 0.04, False, True, inner * 1.8))
        if reading.caption:
            lines.append((reading.caption, inner * 0.14, inner * 0.56, True, False, inner * 1.5))
        return tuple(lines)

    def _paint_words(
        self, painter: QPainter, geometry: _Geometry, c: Colors, words: tuple[_Words, ...]
    ) -> None:
        for text, size, dy, muted, bold, width in words:
            color = c.muted if muted else c.text
            self._text(painter, text, geometry.center, size=size, dy=dy, color=color, bold=bold, width=width)

    def _breath_radius(self, geometry: _Geometry, breath: Breath) -> float:
        exact = geometry.inner * (0.55 + 0.38 * breath.fullness)
        return round(exact / BREATH_STEP_PX) * BREATH_STEP_PX

    def _paint_breath(self, painter: QPainter, geometry: _Geometry, c: Colors, reading: DialReading) -> None:
        breath = reading.breath
        assert breath is not None  # noqa: S101 - only called in a breathing phase
        radius = self._breath_radius(geometry, breath)
        # A big antialiased disc is slow to fill: fill it plain, then smooth its edge with an antialiased
        # outline drawn over it. It looks the same and costs a fraction, ten times a second.
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(c.accent_soft)
        painter.drawEllipse(geometry.center, radius - 1, radius - 1)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(self._outline_pen(c, geometry))
        painter.drawEllipse(geometry.center, radius, radius)

    def _keep_pen(self, key: tuple[object, ...], pen: QPen) -> QPen:
        if len(self._pens) > 8:  # the size or the colours changed: the old pens are not used again
            self._pens.clear()
        self._pens[key] = pen
        return pen

    def _arc_pen(self, c: Colors, geometry: _Geometry) -> QPen:
        key = ("arc", c.accent.rgba(), geometry.ring)
        pen = self._pens.get(key)
        if pen is None:
            pen = QPen(c.accent, geometry.ring)
            pen.setCapStyle(Qt.PenCapStyle.RoundCap)
            pen = self._keep_pen(key, pen)
        return pen

    def _outline_pen(self, c: Colors, geometry: _Geometry) -> QPen:
        """The breathing circle's outline, between its fill and the accent in colour."""
        key = ("outline", c.accent_soft.rgba(), c.accent.rgba(), geometry.inner)
        pen = self._pens.get(key)
        if pen is None:
            pen = self._keep_pen(
                key, QPen(_mix_colors(c.accent_soft, c.accent, 0.55), max(2.5, geometry.inner * 0.015))
            )
        return pen

    def _static_text(
        self,
        painter: QPainter,
        text: str,
        center: QPointF,
        *,
        size: float,
        dy: float,
        color: QColor,
        bold: bool,
    ) -> None:
        """Text laid out once and kept: cheap enough to draw ten times a second."""
        font = self._dial_font(size, bold)
        key = (text, font.pixelSize(), bold)
        static = self._statics.get(key)
        if static is None:
            if len(self._statics) > 64:  # a new second, a new word: old ones are not shown again
                self._statics.clear()
            static = self._statics[key] = QStaticText(text)
            static.setTextFormat(Qt.TextFormat.PlainText)
            static.prepare(QTransform(), font)
        painter.setFont(font)
        painter.setPen(color)
        box = static.size()
        painter.drawStaticText(
            QPointF(center.x() - box.width() / 2, center.y() + dy - box.height() / 2), static
        )

    def _dial_font(self, size: float, bold: bool) -> QFont:
        # The dial's text scales with the ring, not the system font: the ring is sized from the font already.
        key = (max(6, round(size)), bold)
        font = self._fonts.get(key)
        if font is None:
            if len(self._fonts) > 16:  # a new size of dial: the old sizes are not drawn again
                self._fonts.clear()
            font = QFont(self.font())
            font.setPixelSize(key[0])
            if bold:
                font.setWeight(QFont.Weight.DemiBold)
            self._fonts[key] = font
        return font

    def _text(
        self,
        painter: QPainter,
        text: str,
        center: QPointF,
        *,
        size: float,
        color: QColor,
        width: float,
        dy: float = 0.0,
        bold: bool = False,
    ) -> None:
        painter.setFont(self._dial_font(size, bold))
        painter.setPen(color)
        height = size * 1.5
        rect = QRectF(center.x() - width / 2, center.y() + dy - height / 2, width, height)
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)
