"""A tick box whose words wrap: Qt's own check box keeps its text on one line, which pushes a window wider
in a longer language. Here the box carries no text of its own; a wrapping label beside it does, and clicking
the label ticks the box, so the whole row is still one target. The box's accessible name is the whole
sentence."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QWidget


class BoxLabel(QLabel):
    """The words beside a tick box: they wrap, and a click on them ticks the box."""

    def __init__(self, text: str, box: QCheckBox) -> None:
        super().__init__(text)
        self.box = box
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setBuddy(box)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if (
            event.button() == Qt.MouseButton.LeftButton
            and self.box.isEnabled()
            and self.rect().contains(event.position().toPoint())
        ):
            self.box.toggle()
            self.box.setFocus(Qt.FocusReason.MouseFocusReason)
        super().mouseReleaseEvent(event)


def wrapping_check_box(text: str) -> tuple[QWidget, QCheckBox, BoxLabel]:
    """A row to put in a layout, its tick box and its label; the label wraps when the row is narrow."""
    row = QWidget()
    box = QCheckBox()
    box.setAccessibleName(text)
    label = BoxLabel(text, box)
    line = QHBoxLayout(row)
    line.setContentsMargins(0, 0, 0, 0)
    # No gap of the layout's own: the box keeps the theme's spacing after its indicator, text or not, so the
    # words stand where the box's own text would.
    line.setSpacing(0)
    line.addWidget(box, 0, Qt.AlignmentFlag.AlignTop)
    line.addWidget(label, 1)
    return row, box, label
