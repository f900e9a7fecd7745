"""The progress bar repaints only around its moving end, and the screen shows the whole right bar."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRect
from PySide6.QtGui import QImage, QPaintEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from sciatica_timer.ui.player.routine_progress import RoutineProgress

WIDTH = 360


class PaintWatch(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.areas: list[QRect] = []

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if isinstance(event, QPaintEvent):
            self.areas.append(event.rect())
        return False


def shown_bar(qtbot: QtBot, fraction: float, y: int) -> tuple[RoutineProgress, PaintWatch]:
    bar = RoutineProgress()
    qtbot.addWidget(bar)
    bar.set_fraction(fraction)
    bar.setGeometry(0, y, WIDTH, bar.sizeHint().height())  # one under the other: grabs never overlap
    watch = PaintWatch()
    bar.installEventFilter(watch)
    bar.show()
    qtbot.waitExposed(bar)
    qtbot.waitUntil(lambda: bool(watch.areas))
    return bar, watch


def on_screen(widget: QWidget) -> QImage:
    """What the display server holds for the widget: what the person sees, partial repaints and all."""
    return widget.screen().grabWindow(widget.winId()).toImage()


def test_the_bar_repaints_near_its_end_and_shows_the_same_as_a_fresh_one(qtbot: QtBot) -> None:
    bar, watch = shown_bar(qtbot, 0.0, 0)
    for step in range(1, 41):
        before = len(watch.areas)
        bar.set_fraction(step / 100)
        QApplication.processEvents()  # delivers the update request: the repaint happens here
        assert len(watch.areas) > before
        assert watch.areas[-1].width() < WIDTH / 4
    fresh, _ = shown_bar(qtbot, 0.4, 100)
    assert on_screen(bar) == on_screen(fresh)
