"""The thin bar across the top of the player: how much of the routine is behind you."""

from __future__ import annotations

import math

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from sciatica_timer.core.i18n import _
from sciatica_timer.ui.common.theme import colors


class RoutineProgress(QWidget):
    """A rounded bar that fills from the left.

    Not a QProgressBar: that one repaints at once, outside the display's own refresh, whenever its value
    moves a pixel, and each such repaint costs as much as a whole frame. This one waits for the next frame.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._fraction = 0.0
        self._percent = -1
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setAccessibleName(_("Progress through the routine"))
        # It paints its own background, so the window behind it is not repainted each time the bar moves.
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.set_fraction(0.0)

    @property
    def fraction(self) -> float:
        return self._fraction

    def set_fraction(self, fraction: float) -> None:
        """How much is done, 0 to 1. Repaints only when the bar's end moves by a pixel."""
        fraction = min(1.0, max(0.0, fraction))
        before, after = self._pixels(self._fraction), self._pixels(fraction)
        self._fraction = fraction
        percent = math.floor(fraction * 100)
        if percent != self._percent:
            self._percent = percent
            self.setAccessibleDescription(_("{percent} percent done").format(percent=percent))
        if before != after:
            # Only around the end, which moved: its round cap reaches back one bar height.
            reach = self.height() + 2
            self.update(min(before, after) - reach, 0, abs(after - before) + 2 * reach, self.height())

    def _pixels(self, fraction: float) -> int:
        return round(fraction * self.width())

    def sizeHint(self) -> QSize:
        return QSize(self.fontMetrics().height() * 10, self._thickness())

    def minimumSizeHint(self) -> QSize:
        return QSize(self.fontMetrics().height() * 2, self._thickness())

    def _thickness(self) -> int:
        return max(4, round(self.fontMetrics().height() * 0.45))

    def paintEvent(self, event: QPaintEvent) -> None:
        c = colors(self.palette())
        bar = QRectF(self.rect())
        radius = bar.height() / 2
        painter = QPainter(self)
        painter.fillRect(event.rect(), self.palette().window())  # what shows at the round ends
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(c.track)
        painter.drawRoundedRect(bar, radius, radius)
        done = self._pixels(self._fraction)
        if done > 0:
            filled = QRectF(bar)
            filled.setWidth(max(float(done), bar.height()))  # never narrower than its round ends
            painter.setBrush(c.accent)
            painter.drawRoundedRect(filled, radius, radius)
        painter.end()
