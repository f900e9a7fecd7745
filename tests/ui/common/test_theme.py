"""The forced light and dark themes, and the style sheet's rules: no fixed font sizes anywhere."""

from __future__ import annotations

import re

import pytest
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QCheckBox, QTableWidget, QTableWidgetItem
from pytestqt.qtbot import QtBot

from sciatica_timer.ui.common.theme import THEMES, colors, force_theme, style_sheet, theme_palette


def _contrast(a: QPalette.ColorRole, b: QPalette.ColorRole, palette: QPalette) -> float:
    def luminance(role: QPalette.ColorRole) -> float:
        color = palette.color(role)
        channels = []
        for value in (color.redF(), color.greenF(), color.blueF()):
            channels.append(value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4)
        red, green, blue = channels
        return 0.2126 * red + 0.7152 * green + 0.0722 * blue

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("name", THEMES)
def test_each_theme_reads_well(name: str) -> None:
    palette = theme_palette(name)
    role = QPalette.ColorRole
    assert _contrast(role.WindowText, role.Window, palette) >= 7
    assert _contrast(role.Text, role.Base, palette) >= 7
    assert colors(palette).dark is (name != "light")


def test_an_unknown_theme_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown theme 'sepia'"):
        theme_palette("sepia")


def test_forcing_a_theme_sets_the_palette_and_fusion(qtbot: QtBot) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    palette, style = QPalette(app.palette()), app.style().name()
    try:
        force_theme(app, "dark")
        assert colors(app.palette()).dark
        assert app.style().name().lower() == "fusion"
    finally:
        app.setPalette(palette)
        app.setStyle(style)


@pytest.mark.parametrize("name", THEMES)
def test_the_style_sheet_sizes_nothing_in_fixed_font_units(name: str) -> None:
    sheet = style_sheet(theme_palette(name))
    assert "font-size" not in sheet
    lengths = re.findall(r"(?:padding|radius|width|height)[^;]*;", sheet)
    assert lengths
    assert all("px" not in length for length in lengths)


def _near(a: QColor, b: QColor) -> bool:
    return max(abs(a.red() - b.red()), abs(a.green() - b.green()), abs(a.blue() - b.blue())) <= 12


@pytest.mark.parametrize("name", THEMES)
def test_a_ticked_box_shows_a_tick_and_a_selected_row_the_apps_colour(qtbot: QtBot, name: str) -> None:
    palette = theme_palette(name)
    c = colors(palette)
    box = QCheckBox("Remind me")
    table = QTableWidget(3, 2)
    for widget in (box, table):
        qtbot.addWidget(widget)
        widget.setPalette(palette)
        widget.setStyleSheet(style_sheet(palette))
    box.setChecked(True)
    box.resize(box.sizeHint())
    shot = box.grab().toImage()
    ratio = shot.devicePixelRatio()
    side = round(box.fontMetrics().height() * 1.3)  # the indicator sits at the left, about 1 em square
    square = [
        (x, y)
        for x in range(side)
        for y in range(box.height())
        if _near(shot.pixelColor(round(x * ratio), round(y * ratio)), c.accent)
    ]
    assert len(square) > side, "the box is filled with the accent"
    xs, ys = [x for x, _ in square], [y for _, y in square]
    inside = [
        shot.pixelColor(round(x * ratio), round(y * ratio))
        for x in range(min(xs), max(xs) + 1)
        for y in range(min(ys), max(ys) + 1)
    ]
    tick = [p for p in inside if abs(p.lightness() - c.on_accent.lightness()) < 40]
    assert len(tick) > len(inside) // 20, "a tick stands out on the filled box"

    # The system's palette (theme "system") has its own highlight, often blue: the app's colour wins.
    system = QPalette()
    table.setPalette(system)
    table.setStyleSheet(style_sheet(system))
    c = colors(system)
    item = QTableWidgetItem("12 May")
    table.setItem(1, 0, item)
    table.selectRow(1)
    table.resize(400, 200)
    rect = table.visualItemRect(item)
    shot = table.viewport().grab().toImage()
    colour = shot.pixelColor(
        round((rect.right() - 3) * shot.devicePixelRatio()),
        round(rect.center().y() * shot.devicePixelRatio()),
    )
    assert _near(colour, c.accent), f"selection {colour.name()} is the app's {c.accent.name()}"
