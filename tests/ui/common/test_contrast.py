"""Every theme's text is readable: WCAG 2 AA contrast (4.5:1) for each text colour on each surface."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor, QPalette

from sciatica_timer.ui.common.theme import THEMES, colors, contrast_ratio, theme_palette

AA_TEXT = 4.5
Role = QPalette.ColorRole


def text_pairs(theme: str) -> dict[str, tuple[QColor, QColor]]:
    """(text, background) for every way the window shows text: the palette's pairs and the style sheet's."""
    palette = theme_palette(theme)
    c = colors(palette)
    window, base = palette.color(Role.Window), palette.color(Role.Base)
    return {
        "window text": (palette.color(Role.WindowText), window),
        "field text": (palette.color(Role.Text), base),
        "field text on alternate rows": (palette.color(Role.Text), palette.color(Role.AlternateBase)),
        "button text": (palette.color(Role.ButtonText), palette.color(Role.Button)),
        "selected text": (palette.color(Role.HighlightedText), palette.color(Role.Highlight)),
        "tooltip": (palette.color(Role.ToolTipText), palette.color(Role.ToolTipBase)),
        "placeholder": (palette.color(Role.PlaceholderText), base),
        "link": (palette.color(Role.Link), window),
        "muted label": (c.muted, window),
        "muted label on a card": (c.muted, c.card),
        "accent label (section headings)": (c.accent, window),
        "primary button": (c.on_accent, c.accent),
        "primary button, hovered": (c.on_accent, c.accent_hover),
        "secondary button": (c.text, c.card),
        "sharp-pain button": (c.danger, c.danger_soft),
        "danger label": (c.danger, window),
        "notice": (c.text, c.notice_soft),
        "chosen choice": (c.text, c.accent_soft),
    }


@pytest.mark.parametrize("theme", THEMES)
def test_every_text_colour_of_a_theme_meets_wcag_aa(theme: str) -> None:
    low = {
        name: round(contrast_ratio(fg, bg), 2)
        for name, (fg, bg) in text_pairs(theme).items()
        if contrast_ratio(fg, bg) < AA_TEXT
    }
    assert not low, f"{theme}: below {AA_TEXT}:1: {low}"


def test_the_high_contrast_theme_reaches_aaa_for_its_text() -> None:
    ratios = {name: contrast_ratio(fg, bg) for name, (fg, bg) in text_pairs("high-contrast").items()}
    assert min(ratios.values()) >= 7.0, ratios


def test_the_contrast_ratio_is_wcags() -> None:
    assert contrast_ratio(QColor("#000000"), QColor("#ffffff")) == pytest.approx(21.0)
    assert contrast_ratio(QColor("#777777"), QColor("#ffffff")) == pytest.approx(4.48, abs=0.01)
    assert contrast_ratio(QColor("#123456"), QColor("#123456")) == pytest.approx(1.0)
