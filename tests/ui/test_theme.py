"""The forced light and dark themes, and the style sheet's rules: no fixed font sizes anywhere."""

from __future__ import annotations

import re

import pytest
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from sciatica_timer.ui.theme import THEMES, colors, force_theme, style_sheet, theme_palette


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
