"""The person's theme and text size, applied to the whole application: before the first paint, and live.

On the start path: only QtGui and QtWidgets basics here (the ``Qt`` namespace is touched only for a live
change, when there are widgets to update).
"""

from __future__ import annotations

from typing import NamedTuple

from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import QApplication

from sciatica_timer.ui.common.theme import HIGH_CONTRAST, force_theme, scaled_font, theme_palette

SYSTEM = "system"  # core.look.Theme.SYSTEM; compared as text so the start path need not import the enum
_SIZE_RESOLVED = 0x2  # QFont::SizeResolved: a size set, not inherited (PySide6 does not name it)


class DesktopLook(NamedTuple):
    """What the desktop gave the application before any setting changed it."""

    style: str
    font: QFont


_desktop: list[DesktopLook] = []  # the one application's, remembered by the first call
_asked: list[str] = []  # the theme last asked for, applied again when the desktop's contrast changes
_kept: list[object] = []  # Qt's style hints, kept from Python's collector while their signal is followed


def desktop_look(app: QApplication) -> DesktopLook:
    """The desktop's own style and font, as they were when first asked (before anything was forced)."""
    if not _desktop:
        _desktop.append(DesktopLook(app.style().name(), QFont(app.font())))
    return _desktop[0]


def apply_look(app: QApplication, theme: str, text_scale_percent: int) -> None:
    """Use ``theme`` ("system", "light" or "dark") and text ``text_scale_percent`` of the desktop's size.

    Does nothing that is already so, so calling it on every settings change costs nothing.
    """
    desktop = desktop_look(app)
    _asked[:] = [str(theme)]
    _follow_contrast(app)
    _apply_theme(app, str(theme), desktop)
    _apply_text_size(app, desktop.font, text_scale_percent)


def _follow_contrast(app: QApplication) -> None:
    """Apply the theme again when the desktop's contrast preference changes: GNOME's, for one, is known only
    a moment after the start (Qt asks the settings portal without waiting), and a person may switch it."""
    if _kept:
        return
    style_hints = app.styleHints()
    accessibility = getattr(style_hints, "accessibility", None)
    if accessibility is None:
        return
    hints = accessibility()
    _kept.extend((style_hints, hints))
    hints.contrastPreferenceChanged.connect(lambda _preference: _contrast_changed(app))


def _contrast_changed(app: QApplication) -> None:
    if _asked:
        _apply_theme(app, _asked[0], desktop_look(app))


def system_wants_high_contrast(app: QApplication) -> bool:
    """Whether the desktop asks for high contrast, where Qt reports it (Qt 6.10 and later)."""
    hints = getattr(app.styleHints(), "accessibility", None)
    if hints is None:
        return False
    preference = hints().contrastPreference()
    return str(preference.name) == "HighContrast"


def _apply_theme(app: QApplication, theme: str, desktop: DesktopLook) -> None:
    if theme == SYSTEM and system_wants_high_contrast(app):
        theme = HIGH_CONTRAST  # the desktop's contrast preference, in the app's own high-contrast colours
    if theme == SYSTEM:
        # Back to the desktop's style and palette (an empty palette resets the application's to the default).
        if app.style().name() != desktop.style:
            app.setStyle(desktop.style)
        if app.palette().resolveMask() != 0:
            app.setPalette(QPalette())
        return
    if app.style().name().lower() != "fusion" or app.palette() != theme_palette(theme):
        force_theme(app, theme)


def _font_size(font: QFont) -> float:
    return font.pointSizeF() if font.pointSizeF() > 0 else float(font.pixelSize())


def _apply_text_size(app: QApplication, base: QFont, percent: int) -> None:
    wanted = scaled_font(base, percent / 100) if percent != 100 else QFont(base)
    before = app.font()
    if wanted == before:
        return
    app.setFont(wanted)
    if app.allWidgets():
        _rescale_set_fonts(app, _font_size(wanted) / _font_size(before))


def _rescale_set_fonts(app: QApplication, ratio: float) -> None:
    """Titles and big numbers set their own size (a multiple of the text size): scale them along."""
    from PySide6.QtCore import Qt

    own_font = Qt.WidgetAttribute.WA_SetFont
    widgets = app.allWidgets()
    for widget in widgets:
        font = widget.font()
        if widget.testAttribute(own_font) and font.resolveMask() & _SIZE_RESOLVED:
            widget.setFont(scaled_font(font, ratio))
    # A widget under a style sheet keeps the font it was polished with: polish again with the same sheet.
    for widget in widgets:
        sheet = widget.styleSheet()
        if sheet:
            widget.setStyleSheet("")
            widget.setStyleSheet(sheet)
