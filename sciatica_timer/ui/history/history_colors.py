"""The colours of the history charts and their legend, without pyqtgraph: the legend is drawn, and the
view's palette followed, before the charts themselves are built."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor, QPalette

from sciatica_timer.ui.common.theme import colors


@dataclass(frozen=True, slots=True)
class ChartColors:
    """The series colours, told apart by shape as well (hollow, filled, diamond, triangle)."""

    before: QColor
    after: QColor
    diary: QColor
    followup: QColor
    rolling: QColor
    change: QColor
    reach: QColor
    bars: QColor
    text: QColor
    muted: QColor
    grid: QColor
    background: QColor

    @classmethod
    def of(cls, palette: QPalette) -> ChartColors:
        c = colors(palette)
        dark = c.dark
        change = QColor(c.muted)
        change.setAlpha(110)
        grid = QColor(c.text)
        grid.setAlpha(30)
        bars = QColor(c.accent)
        bars.setAlpha(170)
        return cls(
            before=QColor("#e2a15c" if dark else "#b4641f"),
            after=QColor(c.accent),
            diary=QColor("#b3a5ec" if dark else "#6a58b0"),
            followup=QColor("#86b8ec" if dark else "#2b66a8"),
            rolling=QColor(c.text),
            change=change,
            reach=QColor("#e8899a" if dark else "#a63a52"),
            bars=bars,
            text=QColor(c.text),
            muted=QColor(c.muted),
            grid=grid,
            background=palette.color(QPalette.ColorRole.Base),
        )
