"""Prints one line when a widget first paints: how the start-up benchmark knows the window is on screen."""

from __future__ import annotations

from typing import TextIO

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QWidget


class _FirstPaint(QObject):
    def __init__(self, stream: TextIO, parent: QObject) -> None:
        super().__init__(parent)
        self._stream = stream

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            self._stream.write("first-paint\n")
            self._stream.flush()
        return False


def report_first_paint(widget: QWidget, stream: TextIO) -> None:
    widget.installEventFilter(_FirstPaint(stream, widget))
