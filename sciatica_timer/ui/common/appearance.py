"""The person's theme and text size, applied to the whole application: before the first paint, and live.

On the start path (the system's theme at its own text size, before the first frame) this touches only the
application's palette: the theme module, fonts, the style and the ``Qt`` namespace are reached only when a
theme or a text size is applied, or the desktop's contrast preference is asked (just after the first frame).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QPalette

from sciatica_timer.core import collector

if TYPE_CHECKING:
    from PySide6.QtGui import QFont
    from PySide6.QtWidgets import QApplication

SYSTEM = "system"  # core.look.Theme.SYSTEM; compared as text so the start path need not import the enum
_SIZE_RESOLVED = 0x2  # QFont::SizeResolved: a size set, not inherited (PySide6 does not name it)


_desktop_font: list[QFont] = []  # the desktop's font, remembered by the first call
_desktop_style: list[str] = []  # the desktop's style, remembered just before a theme first replaces it
_asked: list[str] = []  # the theme last asked for, applied again when the desktop's contrast changes
_kept: list[object] = []  # Qt's style hints, kept from Python's collector while their signal is followed


def desktop_font(app: QApplication) -> QFont:
    """The desktop's own font, as it was when first asked (before any text size was applied)."""
    if not _desktop_font:
        from PySide6.QtGui import QFont

        _desktop_font.append(QFont(app.font()))
    return _desktop_font[0]


def apply_look(app: QApplication, theme: str, text_scale_percent: int, *, ask_contrast: bool = True) -> None:
    """Use ``theme`` ("system", "light" or "dark") and text ``text_scale_percent`` of the desktop's size.

    Does nothing that is already so, so calling it on every settings change costs nothing. Before the first
    frame the app passes ``ask_contrast=False`` and calls ``follow_desktop_contrast`` just after it: asking
    Qt for the desktop's contrast preference builds all of PySide6's ``Qt`` enums (some 15 ms), which the
    empty first frame does not otherwise need.
    """
    _asked[:] = [str(theme)]
    if ask_contrast:
        _follow_contrast(app)
    _apply_theme(app, str(theme), ask_contrast=ask_contrast)
    if text_scale_percent != 100 or _desktop_font:  # else the font is still the desktop's own
        _apply_text_size(app, desktop_font(app), text_scale_percent)


def follow_desktop_contrast(app: QApplication) -> None:
    """Ask the desktop's contrast preference now, use it, and follow its changes from then on."""
    _follow_contrast(app)
    if _asked:
        _apply_theme(app, _asked[0])


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
        _apply_theme(app, _asked[0])


def system_wants_high_contrast(app: QApplication) -> bool:
    """Whether the desktop asks for high contrast, where Qt reports it (Qt 6.10 and later)."""
    hints = getattr(app.styleHints(), "accessibility", None)
    if hints is None:
        return False
    preference = hints().contrastPreference()
    return str(preference.name) == "HighContrast"


def _apply_theme(app: QApplication, theme: str, *, ask_contrast: bool = True) -> None:
    # While Qt walks every widget to give it the new style and palette, Python's cycle collector must not
    # run (from a widget's own change handler): freeing a closed window there would delete a widget Qt is
    # about to visit. It runs again afterwards.
    with collector.paused():
        _apply_theme_now(app, theme, ask_contrast=ask_contrast)


def _apply_theme_now(app: QApplication, theme: str, *, ask_contrast: bool) -> None:
    if theme == SYSTEM and ask_contrast and system_wants_high_contrast(app):
        from sciatica_timer.ui.common.theme import HIGH_CONTRAST

        theme = HIGH_CONTRAST  # the desktop's contrast preference, in the app's own high-contrast colours
    if theme == SYSTEM:
        # Back to the desktop's style and palette (an empty palette resets the application's to the default).
        # No theme was applied yet if no desktop style was remembered: the style is the desktop's own.
        if _desktop_style and app.style().name() != _desktop_style[0]:
            app.setStyle(_desktop_style[0])
        if app.palette().resolveMask() != 0:
            app.setPalette(QPalette())
        return
    from sciatica_timer.ui.common.theme import force_theme, theme_palette

    if not _desktop_style:
        _desktop_style.append(app.style().name())
    if app.style().name().lower() != "fusion" or app.palette() != theme_palette(theme):
        force_theme(app, theme)


def _font_size(font: QFont) -> float:
    return font.pointSizeF() if font.pointSizeF() > 0 else float(font.pixelSize())


def _apply_text_size(app: QApplication, base: QFont, percent: int) -> None:
    from PySide6.QtGui import QFont

    from sciatica_timer.ui.common.theme import scaled_font

    wanted = scaled_font(base, percent / 100) if percent != 100 else QFont(base)
    before = app.font()
    if wanted == before:
        return
    with collector.paused():  # as for a theme (``_apply_theme``): Qt walks every widget meanwhile
        app.setFont(wanted)
        if app.allWidgets():
            _rescale_set_fonts(app, _font_size(wanted) / _font_size(before))


def _rescale_set_fonts(app: QApplication, ratio: float) -> None:
    """Titles and big numbers set their own size (a multiple of the text size): scale them along."""
    from PySide6.QtCore import Qt

    from sciatica_timer.ui.common.theme import scaled_font

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
