"""The few settings needed before the window first paints: theme, text size, whether to start minimized, and
the language.

Kept tiny on purpose: the full settings (``core/settings.py``) pull in the routine and cue models, which are
read after the first paint. ``early_look`` is lenient: anything odd gives the default here, and the full
reading after the paint reports it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from enum import StrEnum
from typing import NamedTuple

from sciatica_timer.core.json_shape import Bounds

TEXT_SCALE_PERCENT = Bounds(80, 200)  # the text size, relative to the desktop's
DEFAULT_TEXT_SCALE_PERCENT = 100
SYSTEM_LANGUAGE = "system"  # the language setting's default: follow LANGUAGE / LANG
LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}(?:_[A-Z]{2})?$")  # "de", "pt_BR", "en_XA" (the pseudo-locale)


def is_language_setting(value: object) -> bool:
    """ "system" or a language code such as "de" or "pt_BR"."""
    return isinstance(value, str) and (value == SYSTEM_LANGUAGE or bool(LANGUAGE_CODE.match(value)))


class Theme(StrEnum):
    SYSTEM = "system"  # follow the desktop's light or dark
    LIGHT = "light"
    DARK = "dark"
    HIGH_CONTRAST = "high-contrast"  # white on black, a yellow accent: WCAG AAA for text


class Look(NamedTuple):  # not a dataclass: this is on the start path, and tuples define faster
    theme: Theme = Theme.SYSTEM
    text_scale_percent: int = DEFAULT_TEXT_SCALE_PERCENT
    start_minimized: bool = False
    language: str = SYSTEM_LANGUAGE  # applies from the next start


def early_look(data: object) -> Look:
    """The look from decoded settings JSON; defaults for anything missing or wrong."""
    if not isinstance(data, Mapping):
        return Look()
    theme = data.get("theme")
    scale = data.get("text_scale_percent")
    minimized = data.get("start_minimized")
    language = data.get("language")
    in_range = (
        isinstance(scale, int)
        and not isinstance(scale, bool)
        and TEXT_SCALE_PERCENT.minimum <= scale <= TEXT_SCALE_PERCENT.maximum
    )
    return Look(
        theme=Theme(theme) if theme in tuple(Theme) else Theme.SYSTEM,
        text_scale_percent=scale if in_range and isinstance(scale, int) else DEFAULT_TEXT_SCALE_PERCENT,
        start_minimized=minimized if isinstance(minimized, bool) else False,
        language=language if isinstance(language, str) and is_language_setting(language) else SYSTEM_LANGUAGE,
    )
