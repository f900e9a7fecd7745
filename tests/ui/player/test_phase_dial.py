"""The countdown ring repaints only what changed, and the screen still shows the whole right picture."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRect
from PySide6.QtGui import QImage, QPaintEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from sciatica_timer.ui.common.words import Breath
from sciatica_timer.ui.player.phase_dial import DialReading, PhaseDial

SIZE = 300  # two side by side fit the virtual screen (800 × 600)


class PaintWatch(QObject):
    """Records the area of every paint the dial gets."""

    def __init__(self) -> None:
        super().__init__()
        self.areas: list[QRect] = []

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if isinstance(event, QPaintEvent):
            self.areas.append(event.rect())
        return False


def shown_dial(qtbot: QtBot, reading: DialReading, x: int = 0) -> tuple[PhaseDial, PaintWatch]:
    dial = PhaseDial()
    qtbot.addWidget(dial)
    dial.set_reading(reading)
    dial.setGeometry(x, 0, SIZE, SIZE)  # side by side: a grab of one never shows the other
    watch = PaintWatch()
    dial.installEventFilter(watch)
    dial.show()
    qtbot.waitExposed(dial)
    qtbot.waitUntil(lambda: bool(watch.areas))
    return dial, watch


def read_to(dial: PhaseDial, watch: PaintWatch, reading: DialReading) -> QRect | None:
    """Hand the dial a reading; the area it then repaints (None if nothing visible changed)."""
    before = len(watch.areas)
    dial.set_reading(reading)
    # update() posts its request: delivering the posted events paints, before this returns.
    QApplication.processEvents()
    return watch.areas[-1] if len(watch.areas) > before else None


def on_screen(widget: QWidget) -> QImage:
    """The pixels the display server holds for the widget: what the person sees, partial repaints and all."""
    return widget.screen().grabWindow(widget.winId()).toImage()


def hold(seconds_left: float, length: float = 30.0) -> DialReading:
    return DialReading(seconds_left / length, seconds_left, duration_s=length)


def breathe(seconds_left: float, fullness: float, inhaling: bool, length: float = 12.0) -> DialReading:
    return DialReading(
        seconds_left / length, seconds_left, Breath(inhaling, fullness, 1.0), duration_s=length
    )


def test_a_new_second_repaints_the_number_not_the_whole_ring(qtbot: QtBot) -> None:
    dial, watch = shown_dial(qtbot, hold(30.0))
    area = read_to(dial, watch, hold(28.6))
    assert area is not None
    whole = dial.rect()
    assert area.width() * area.height() < whole.width() * whole.height() / 2


def test_after_many_small_repaints_the_screen_shows_what_a_fresh_dial_shows(qtbot: QtBot) -> None:
    dial, watch = shown_dial(qtbot, hold(30.0))
    readings = [hold(30.0 - n * 0.5) for n in range(30)]  # 30 s down to 15.5 s: 15 new numbers
    readings += [DialReading(0.5, 15.0, caption="paused", duration_s=30.0)]
    readings += [breathe(12.0 - n * 0.25, (n % 16) / 16, n % 32 < 16) for n in range(40)]
    for reading in readings:
        read_to(dial, watch, reading)
    fresh, _ = shown_dial(qtbot, readings[-1], x=SIZE + 20)
    assert len(watch.areas) > 20
    assert any(a.width() * a.height() < SIZE * SIZE / 2 for a in watch.areas)
    assert differences(on_screen(dial), on_screen(fresh)) < SIZE * SIZE / 200


def differences(seen: QImage, expected: QImage) -> int:
    """How many pixels differ. The ring's body may differ a little where its antialiased edge was drawn at
    another length (its end is repainted step by step); anything else (a stale number) differs fully."""
    assert seen.size() == expected.size()
    count = 0
    for y in range(seen.height()):
        for x in range(seen.width()):
            a, b = seen.pixelColor(x, y), expected.pixelColor(x, y)
            if a != b:
                count += 1
                apart = (a.red() - b.red(), a.green() - b.green(), a.blue() - b.blue())
                assert max(map(abs, apart)) <= 64, f"pixel {x},{y} is wrong"
    return count


def test_after_a_font_change_the_dial_draws_as_a_dial_made_with_that_font(qtbot: QtBot) -> None:
    """The dial keeps its fonts between paints: a new font (larger text, another family) must still reach
    the number and the breathing words, as if the dial had been made with it."""
    dial, watch = shown_dial(qtbot, breathe(9.5, 0.5, True))
    for reading in (hold(20.0), breathe(9.0, 0.6, True)):
        read_to(dial, watch, reading)  # fonts and prepared words kept from these paints
    font = dial.font()
    font.setItalic(True)
    font.setFamily("DejaVu Serif")
    dial.setFont(font)
    fresh = PhaseDial()
    qtbot.addWidget(fresh)
    fresh.setFont(font)
    fresh.set_reading(dial.reading)
    fresh.resize(dial.size())
    for reading in (breathe(9.0, 0.6, True), hold(20.0)):
        dial.set_reading(reading)
        fresh.set_reading(reading)
        assert dial.grab().toImage() == fresh.grab().toImage(), f"{reading} drawn in the old font"


def test_after_many_new_seconds_the_dial_draws_exactly_what_a_fresh_dial_draws(qtbot: QtBot) -> None:
    """A new second rewrites only the words in the dial's kept layer: no trace of an older number, caption
    or breathing word may stay behind, at any point of a session."""
    dial, watch = shown_dial(qtbot, hold(30.0))
    readings = [hold(30.0 - n * 0.5) for n in range(24)]  # 30 down to 18.5: two-digit numbers
    readings += [hold(9.5), hold(8.0), DialReading(0.3, 8.0, caption="paused", duration_s=30.0)]
    readings += [DialReading(0.3, 8.0, duration_s=30.0), DialReading(1.0, 0.0, word="find it")]
    readings += [breathe(4.0 - n * 0.5, n / 8, True, length=4.0) for n in range(8)]
    readings += [hold(125.0, length=200.0), hold(7.0)]
    fresh = PhaseDial()
    qtbot.addWidget(fresh)
    fresh.resize(dial.size())
    for reading in readings:
        read_to(dial, watch, reading)
        fresh.set_reading(reading)
        fresh._layer = fresh._layer_key = None  # drawn from the track afresh: the picture to match
        assert dial.grab().toImage() == fresh.grab().toImage(), f"{reading} left a trace"
