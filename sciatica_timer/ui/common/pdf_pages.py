"""A4 PDF pages painted with QPainter on a QPdfWriter, shared by the pain report and the routine handout.

Lengths are in millimetres on the page; ``A4Page`` turns them into device pixels.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QGuiApplication,
    QPagedPaintDevice,
    QPageSize,
    QPainter,
    QPdfWriter,
)

from sciatica_timer.storage.atomic import write_atomic
from sciatica_timer.storage.paths import FILE_MODE

# Print colours: dark text on white.
INK = QColor("#1c282c")
MUTED = QColor("#5a6a6e")
RULE = QColor("#c9d3d4")


def write_pdf_atomically(
    path: Path, title: str, paint: Callable[[QPdfWriter, QPainter], object], *, what: str
) -> None:
    """Paint an A4 PDF titled ``title`` with ``paint`` and write it to ``path`` atomically, readable by this
    user only. ``what`` names the document in the error raised without a QGuiApplication.

    Needs a QGuiApplication (for fonts); any thread will do.
    """
    if QGuiApplication.instance() is None:
        raise RuntimeError(f"painting the {what} needs a QGuiApplication for its fonts")
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    _paint(buffer, title, paint)
    buffer.close()
    data: QByteArray = buffer.data()
    write_atomic(Path(path), bytes(data.data()), FILE_MODE)


def _paint(device: QBuffer, title: str, paint: Callable[[QPdfWriter, QPainter], object]) -> None:
    writer = QPdfWriter(device)
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setPageMargins(QMarginsF(0, 0, 0, 0))
    writer.setResolution(600)
    writer.setTitle(title)
    writer.setCreator("Sciatica Timer")
    painter = QPainter(writer)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    try:
        paint(writer, painter)
    finally:
        painter.end()


class A4Page:
    """The page being painted, and where the next block goes (``y``, in mm from the top)."""

    WIDTH, HEIGHT = 210.0, 297.0
    LEFT, RIGHT, TOP, BOTTOM = 18.0, 18.0, 16.0, 22.0

    def __init__(self, writer: QPagedPaintDevice, painter: QPainter) -> None:
        """``writer`` is a QPdfWriter, or a QPrinter set to full page."""
        self.writer = writer
        self.painter = painter
        self.unit = writer.logicalDpiX() / 25.4  # device pixels per millimetre (a PDF writer: its resolution)
        self.y = self.TOP
        self.number = 1
        self.base = QFont()
        self.base.setStyleHint(QFont.StyleHint.SansSerif)
        # No "fi" and "fl" ligatures: text copied or searched in the PDF should read as typed.
        for feature in ("liga", "clig"):
            self.base.setFeature(QFont.Tag(feature), 0)

    @property
    def width(self) -> float:
        return self.WIDTH - self.LEFT - self.RIGHT

    def px(self, mm: float) -> float:
        return mm * self.unit

    def font(self, size: float, *, bold: bool = False) -> QFont:
        font = QFont(self.base)
        font.setPointSizeF(size)
        if bold:
            font.setWeight(QFont.Weight.DemiBold)
        return font

    def text_width(self, text: str, size: float) -> float:
        return QFontMetricsF(self.font(size), self.writer).horizontalAdvance(text) / self.unit

    def room(self) -> float:
        return self.HEIGHT - self.BOTTOM - self.y

    def footer(self) -> None:
        """What stands at the foot of every page."""
        raise NotImplementedError

    def next_page(self) -> None:
        """Finish this page (its footer) and start the next."""
        self.footer()
        self.writer.newPage()
        self.number += 1
        self.y = self.TOP
