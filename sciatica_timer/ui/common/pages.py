"""Layout shared by the screens: margins that grow with the font (up to a point) and scrolling content.

A screen's questions scroll when the window is small or the text is large; its buttons stay in view.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QBoxLayout, QFrame, QHBoxLayout, QScrollArea, QVBoxLayout, QWidget

from sciatica_timer.ui.common.theme import set_role


def spacing(widget: QWidget, em: float, cap: int) -> int:
    """``em`` times the widget's line height, but never more than ``cap`` pixels."""
    return round(min(widget.fontMetrics().height() * em, cap))


def set_page_margins(layout: QBoxLayout, widget: QWidget) -> None:
    side = spacing(widget, 2.2, 40)
    top = spacing(widget, 1.4, 28)
    layout.setContentsMargins(side, top, side, top)
    layout.setSpacing(spacing(widget, 0.6, 12))


def centered_column(screen: QWidget) -> QVBoxLayout:
    """The screen's layout: one column of a comfortable reading width in the middle of the window."""
    outer = QHBoxLayout(screen)
    set_page_margins(outer, screen)
    holder = QWidget()
    holder.setMaximumWidth(screen.fontMetrics().height() * 48)
    column = QVBoxLayout(holder)
    column.setContentsMargins(0, 0, 0, 0)
    column.setSpacing(spacing(screen, 0.6, 12))
    outer.addStretch(1)
    outer.addWidget(holder, 100)
    outer.addStretch(1)
    return column


def scrolling(content: QWidget, *, centered: bool = False) -> QScrollArea:
    """``content`` in a frameless scroll area that shows the page's own background.

    ``centered``: a little above the middle of the page, when it is taller than the content.
    """
    if centered:
        holder = QWidget()
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        column.addStretch(1)
        column.addWidget(content)
        column.addStretch(2)
        content = holder
    area = QScrollArea()
    set_role(area, "plain")
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidgetResizable(True)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    # The area itself takes no focus: Tab goes to the controls inside, and the area scrolls to show them.
    area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    area.setWidget(content)
    return area
