"""Colours, type sizes and the style sheet of the window.

The window follows the system palette and font; ``force_theme`` applies a calm light or dark palette instead
(the screenshot tool uses it). Every size derives from the application font, so text follows the system size.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QWidget

from sciatica_timer.storage.resources import tick_path

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

THEMES = ("light", "dark", "high-contrast")
HIGH_CONTRAST = "high-contrast"
HIGH_CONTRAST_RATIO = 17.0  # text on its window at least this far apart: a high-contrast palette (21 at most)

# Palette roles by name. Calm, low-contrast surfaces with a soft teal accent; text stays well above 7:1
# against its background.
_LIGHT = {
    "Window": "#f2f5f5",
    "WindowText": "#1c282c",
    "Base": "#ffffff",
    "AlternateBase": "#eaf0f0",
    "Text": "#1c282c",
    "Button": "#e4ebeb",
    "ButtonText": "#1c282c",
    "BrightText": "#ffffff",
    "Highlight": "#1e7771",
    "HighlightedText": "#ffffff",
    "ToolTipBase": "#ffffff",
    "ToolTipText": "#1c282c",
    "PlaceholderText": "#66767a",
    "Link": "#1d6f86",
    "Light": "#ffffff",
    "Midlight": "#eef3f3",
    "Mid": "#b9c6c7",
    "Dark": "#8e9c9e",
    "Shadow": "#55636a",
}
_DARK = {
    "Window": "#192023",
    "WindowText": "#e2e9ea",
    "Base": "#29343a",
    "AlternateBase": "#2e3a40",
    "Text": "#e2e9ea",
    "Button": "#2a353a",
    "ButtonText": "#e2e9ea",
    "BrightText": "#ffffff",
    "Highlight": "#5bbfb5",
    "HighlightedText": "#0c1d1c",
    "ToolTipBase": "#263136",
    "ToolTipText": "#e2e9ea",
    "PlaceholderText": "#93a2a6",
    "Link": "#7cc6dd",
    "Light": "#3a474d",
    "Midlight": "#313d42",
    "Mid": "#4a585e",
    "Dark": "#111618",
    "Shadow": "#07090a",
}
# White on black with a yellow accent, for low vision: every text pair is above 7:1 (WCAG AAA).
_HIGH_CONTRAST = {
    "Window": "#000000",
    "WindowText": "#ffffff",
    "Base": "#000000",
    "AlternateBase": "#1c1c1c",
    "Text": "#ffffff",
    "Button": "#000000",
    "ButtonText": "#ffffff",
    "BrightText": "#ffffff",
    "Highlight": "#ffd60a",
    "HighlightedText": "#000000",
    "ToolTipBase": "#000000",
    "ToolTipText": "#ffffff",
    "PlaceholderText": "#d0d0d0",
    "Link": "#9fd8ff",
    "Light": "#ffffff",
    "Midlight": "#d0d0d0",
    "Mid": "#ffffff",
    "Dark": "#ffffff",
    "Shadow": "#ffffff",
}
_PALETTES = {"light": _LIGHT, "dark": _DARK, HIGH_CONTRAST: _HIGH_CONTRAST}


def luminance(color: QColor) -> float:
    """WCAG 2 relative luminance of an sRGB colour."""

    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(color.redF()) + 0.7152 * channel(color.greenF()) + 0.0722 * channel(color.blueF())


def contrast_ratio(a: QColor, b: QColor) -> float:
    """WCAG 2 contrast ratio, 1 to 21; text needs 4.5 (AA)."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def theme_palette(name: str) -> QPalette:
    """The light, dark or high-contrast palette; ValueError for any other name."""
    if name not in THEMES:
        raise ValueError(f"unknown theme {name!r}: use {', '.join(THEMES)}")
    colours = _PALETTES[name]
    roles = QPalette.ColorRole
    palette = QPalette()
    for name_of_role, value in colours.items():
        palette.setColor(roles[name_of_role], QColor(value))
    muted = QColor(colours["PlaceholderText"])
    for disabled in (roles.WindowText, roles.Text, roles.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, disabled, muted)
    return palette


def force_theme(app: QApplication, name: str) -> None:
    """Use the light or dark palette with the Fusion style, whatever the system says."""
    app.setStyle("Fusion")
    app.setPalette(theme_palette(name))


class Colors(NamedTuple):  # not a dataclass: this module is on the start path, and tuples define faster
    """The few colours the window paints with besides the palette's own, picked for light or dark."""

    dark: bool
    accent: QColor  # countdown ring, point marker, primary buttons
    accent_hover: QColor
    accent_soft: QColor  # selection, the breathing circle
    on_accent: QColor  # text on the accent
    track: QColor  # the empty part of a ring or a progress bar
    text: QColor
    muted: QColor  # secondary text
    card: QColor
    border: QColor
    danger: QColor  # the sharp-pain stop: clear, not alarming
    danger_soft: QColor
    notice_soft: QColor  # a calm banner: the session paused, a file could not be read


def is_dark(palette: QPalette) -> bool:
    return palette.window().color().lightness() < 128


def _mix(a: QColor, b: QColor, amount: float) -> QColor:
    """``a`` moved ``amount`` of the way towards ``b``."""
    return QColor.fromRgbF(
        a.redF() + (b.redF() - a.redF()) * amount,
        a.greenF() + (b.greenF() - a.greenF()) * amount,
        a.blueF() + (b.blueF() - a.blueF()) * amount,
    )


_colors_cache: dict[int, Colors] = {}


def colors(palette: QPalette) -> Colors:
    """The window's colours for ``palette``: the system's own text and surfaces, with the teal accent.

    Asked for on every repaint of a moving dial, so the answer is kept per palette.
    """
    key = palette.cacheKey()
    found = _colors_cache.get(key)
    if found is None:
        if len(_colors_cache) > 16:  # palettes come and go with theme changes; a handful is plenty
            _colors_cache.clear()
        found = _colors_cache[key] = _colors(palette)
    return found


def _colors(palette: QPalette) -> Colors:
    dark = is_dark(palette)
    # The palette's own accessors, not ColorRole: building that enum costs milliseconds at start-up.
    window = palette.window().color()
    text = palette.windowText().color()
    base = palette.base().color()
    if contrast_ratio(window, text) >= HIGH_CONTRAST_RATIO and dark:
        return _high_contrast_colors(window, text, base)
    if dark:
        accent, accent_hover, on_accent = QColor("#5bbfb5"), QColor("#74cdc4"), QColor("#0c1d1c")
        danger, danger_soft = QColor("#ffb4a6"), QColor("#4a2521")
        notice_soft = QColor("#3b3522")
    else:
        accent, accent_hover, on_accent = QColor("#1e7771"), QColor("#18635e"), QColor("#ffffff")
        danger, danger_soft = QColor("#a3321f"), QColor("#fbe8e4")
        notice_soft = QColor("#fbf1d9")
    return Colors(
        dark=dark,
        accent=accent,
        accent_hover=accent_hover,
        accent_soft=_mix(base, accent, 0.22 if dark else 0.16),
        on_accent=on_accent,
        track=_mix(window, text, 0.14 if dark else 0.10),
        text=text,
        muted=_mix(text, window, 0.36 if dark else 0.32),
        card=base,
        border=_mix(window, text, 0.18 if dark else 0.14),
        danger=danger,
        danger_soft=danger_soft,
        notice_soft=notice_soft,
    )


def _high_contrast_colors(window: QColor, text: QColor, base: QColor) -> Colors:
    """Yellow accent, full-strength borders and muted text that stays readable (a system's high-contrast
    palette, or the app's own)."""
    return Colors(
        dark=True,
        accent=QColor("#ffd60a"),
        accent_hover=QColor("#ffe566"),
        accent_soft=QColor("#3d3300"),
        on_accent=QColor("#000000"),
        track=QColor("#6b6b6b"),
        text=text,
        muted=_mix(text, window, 0.18),
        card=base,
        border=text,
        danger=QColor("#ff9e8f"),
        danger_soft=QColor("#2b0500"),
        notice_soft=QColor("#262000"),
    )


def scaled_font(base: QFont, factor: float, *, bold: bool = False) -> QFont:
    """``base`` made ``factor`` times larger (or smaller), so sizes follow the system font."""
    font = QFont(base)
    if base.pointSizeF() > 0:
        font.setPointSizeF(base.pointSizeF() * factor)
    else:
        font.setPixelSize(max(1, round(base.pixelSize() * factor)))
    if bold:
        font.setWeight(QFont.Weight.DemiBold)
    return font


def set_role(widget: QWidget, role: str) -> None:
    """Tag a widget for the style sheet (``primary`` button, ``card`` frame, ``muted`` label ...)."""
    widget.setProperty("role", role)


def style_sheet(palette: QPalette) -> str:
    """Rules for the tagged widgets only; everything else keeps the system style. Lengths are in em."""
    c = colors(palette)

    def hex_(color: QColor) -> str:
        return color.name()

    # A ticked box shows a tick, not only a filled square; in the accent's contrasting colour.
    tick_file = tick_path(light=c.on_accent.lightness() > 128)
    tick = f' image: url("{tick_file.as_posix()}");' if tick_file is not None else ""

    return f"""
QWidget[role="page"] {{ background: {hex_(palette.window().color())}; }}
QFrame[role="card"] {{
    background: {hex_(c.card)}; border: 1px solid {hex_(c.border)}; border-radius: 0.7em;
}}
QFrame[role="notice"] {{
    background: {hex_(c.notice_soft)}; border: 1px solid {hex_(c.border)}; border-radius: 0.6em;
}}
QFrame[role="danger-card"] {{
    background: {hex_(c.danger_soft)}; border: 1px solid {hex_(c.danger)}; border-radius: 0.7em;
}}
QFrame[role="card"] QLabel, QFrame[role="notice"] QLabel, QFrame[role="danger-card"] QLabel {{
    background: transparent; border: none;
}}
QLabel[role="muted"] {{ color: {hex_(c.muted)}; }}
QLabel[role="accent"] {{ color: {hex_(c.accent)}; }}
QLabel[role="danger"] {{ color: {hex_(c.danger)}; }}
QLabel[role="section"] {{ color: {hex_(c.accent)}; }}
QPushButton[role="primary"], QPushButton[role="secondary"], QPushButton[role="danger"],
QPushButton[role="score"], QPushButton[role="choice"], QPushButton[role="quiet"] {{
    border-radius: 0.45em; padding: 0.5em 1.1em;
}}
QPushButton[role="primary"] {{
    background: {hex_(c.accent)}; color: {hex_(c.on_accent)}; border: 2px solid {hex_(c.accent)};
    font-weight: 600;
}}
QPushButton[role="primary"]:hover {{
    background: {hex_(c.accent_hover)}; border-color: {hex_(c.accent_hover)};
}}
QPushButton[role="primary"]:focus {{ border-color: {hex_(c.text)}; }}
QPushButton[role="primary"]:disabled {{
    background: {hex_(c.track)}; color: {hex_(c.muted)}; border-color: {hex_(c.track)};
}}
QPushButton[role="secondary"], QPushButton[role="quiet"] {{
    background: {hex_(c.card)}; color: {hex_(c.text)}; border: 1px solid {hex_(c.border)};
}}
QPushButton[role="quiet"] {{ background: transparent; }}
QPushButton[role="secondary"]:hover, QPushButton[role="quiet"]:hover {{ border-color: {hex_(c.accent)}; }}
QPushButton[role="secondary"]:focus, QPushButton[role="quiet"]:focus {{ border: 2px solid {hex_(c.accent)}; }}
QPushButton[role="secondary"]:disabled, QPushButton[role="quiet"]:disabled {{
    color: {hex_(c.muted)}; border-color: {hex_(c.track)};
}}
QPushButton[role="danger"] {{
    background: {hex_(c.danger_soft)}; color: {hex_(c.danger)}; border: 2px solid {hex_(c.danger)};
    font-weight: 600;
}}
QPushButton[role="danger"]:hover {{ background: {hex_(c.card)}; }}
QPushButton[role="danger"]:focus {{ border: 3px solid {hex_(c.danger)}; }}
QPushButton[role="danger"]:disabled {{
    background: transparent; color: {hex_(c.muted)}; border: 2px solid {hex_(c.track)};
}}
QPushButton[role="score"] {{
    background: {hex_(c.card)}; color: {hex_(c.text)}; border: 1px solid {hex_(c.border)};
    padding: 0.6em 0.2em; min-width: 1.6em; font-weight: 600;
}}
QPushButton[role="score"]:hover {{ border-color: {hex_(c.accent)}; }}
QPushButton[role="score"]:focus {{ border: 2px solid {hex_(c.accent)}; }}
QPushButton[role="score"]:checked {{
    background: {hex_(c.accent)}; color: {hex_(c.on_accent)}; border-color: {hex_(c.accent)};
}}
QPushButton[role="choice"] {{
    background: {hex_(c.card)}; color: {hex_(c.text)}; border: 1px solid {hex_(c.border)};
    border-radius: 0.8em; padding: 0.4em 1em;
}}
QPushButton[role="choice"]:hover {{ border-color: {hex_(c.accent)}; }}
QPushButton[role="choice"]:focus {{ border: 2px solid {hex_(c.accent)}; }}
QPushButton[role="choice"]:checked {{
    background: {hex_(c.accent_soft)}; border: 2px solid {hex_(c.accent)};
}}
QListView[role="routines"] {{
    background: {hex_(c.card)}; border: 1px solid {hex_(c.border)}; border-radius: 0.7em; padding: 0.3em;
}}
QListView[role="routines"]:focus {{ border: 2px solid {hex_(c.accent)}; }}
QLineEdit[role="note"] {{
    background: {hex_(c.card)}; border: 1px solid {hex_(c.border)}; border-radius: 0.4em; padding: 0.45em;
}}
QLineEdit[role="note"]:focus {{ border: 2px solid {hex_(c.accent)}; }}
QCheckBox, QRadioButton {{ spacing: 0.5em; }}
QCheckBox::indicator, QRadioButton::indicator {{
    width: 0.95em; height: 0.95em; background: {hex_(c.card)}; border: 2px solid {hex_(c.muted)};
}}
QCheckBox::indicator {{ border-radius: 0.2em; }}
QRadioButton::indicator {{ border-radius: 0.475em; }}
QCheckBox::indicator:hover, QRadioButton::indicator:hover {{ border-color: {hex_(c.accent)}; }}
QCheckBox::indicator:focus, QRadioButton::indicator:focus {{ border: 3px solid {hex_(c.accent)}; }}
QCheckBox::indicator:checked {{
    background: {hex_(c.accent)}; border-color: {hex_(c.accent)};{tick}
}}
QRadioButton::indicator:checked {{
    background: qradialgradient(cx: 0.5, cy: 0.5, radius: 0.5, fx: 0.5, fy: 0.5,
        stop: 0 {hex_(c.accent)}, stop: 0.5 {hex_(c.accent)},
        stop: 0.58 {hex_(c.card)}, stop: 1 {hex_(c.card)});
    border-color: {hex_(c.accent)};
}}
QCheckBox::indicator:disabled, QRadioButton::indicator:disabled {{ border-color: {hex_(c.track)}; }}
QAbstractItemView {{
    selection-background-color: {hex_(c.accent)}; selection-color: {hex_(c.on_accent)};
}}
QScrollArea[role="plain"], QScrollArea[role="plain"] > QWidget > QWidget {{ background: transparent; }}
QScrollArea[role="plain"] {{ border: none; }}
QScrollArea[role="plain"]:focus {{ border: 2px solid {hex_(c.accent)}; }}
"""
