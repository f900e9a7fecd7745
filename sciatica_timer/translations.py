"""Choosing the person's language and reading its catalogues; dates and numbers written the local way.

At start-up (the command line's ``main``) ``install_language`` picks the language — the ``language`` setting
when it names one, else the environment as gettext reads it (LANGUAGE, then LC_ALL, LC_MESSAGES, LANG) — and
installs its compiled catalogues (``.mo`` files shipped in ``sciatica_timer/resources/locale``) into
``sciatica_timer.core.i18n``. The choice is ours, not the C library's: a language works whether or not the
system has that locale installed. Only the standard library's gettext reads the catalogues here; Babel (for
dates and numbers) is imported the first time one is formatted.
"""

from __future__ import annotations

import functools
import gettext
import io
import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from sciatica_timer.core import i18n

if TYPE_CHECKING:
    from datetime import date, datetime, time

    from babel import Locale

RESOURCE_PACKAGE = "sciatica_timer.resources"  # the catalogues are in its locale/ folder
MESSAGES_DOMAIN = "messages"  # the app's own sentences (extracted from the code)
CONTENT_DOMAIN = "content"  # the shipped points and built-in routines
SOURCE_LANGUAGE = "en"
PSEUDO_LANGUAGE = "en_XA"  # accented and longer English, for finding clipped and untranslated text
SYSTEM = "system"  # the language setting's default: follow the environment
_ENVIRONMENT_ORDER = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")  # as gettext reads them
_CODE = re.compile(r"^[A-Za-z]{2,3}(?:_[A-Za-z0-9]{2,4})?$")


def normalize(code: str) -> str | None:
    """ "de_DE.UTF-8@euro" -> "de_DE", "pt-br" -> "pt_BR"; None for "C", "POSIX" and anything unreadable."""
    code = code.strip().split(".", 1)[0].split("@", 1)[0].replace("-", "_")
    if not _CODE.match(code) or code.upper() in {"C", "POSIX"}:
        return None
    language, _sep, region = code.partition("_")
    return f"{language.lower()}_{region.upper()}" if region else language.lower()


def wanted_languages(setting: str = SYSTEM, environ: Mapping[str, str] | None = None) -> list[str]:
    """The languages the person asked for, best first: the setting's code, else the environment's.

    LANGUAGE (a list, "de:en") comes first, as in gettext, except when the locale is explicitly "C" or
    "POSIX" (LC_ALL=C asks for plain English, as glibc reads it).
    """
    if setting and setting != SYSTEM:
        code = normalize(setting)
        return [code] if code else []
    env = os.environ if environ is None else environ
    locale_value = next((env[n] for n in _ENVIRONMENT_ORDER[1:] if env.get(n)), "")
    if locale_value.split(".", 1)[0] in {"C", "POSIX"}:
        return []
    listed = [c for c in (normalize(part) for part in env.get("LANGUAGE", "").split(":")) if c]
    single = normalize(locale_value) if locale_value else None
    return listed + ([single] if single and single not in listed else [])


def _candidates(code: str) -> list[str]:
    language = code.split("_", 1)[0]
    return [code] if code == language else [code, language]


def _locale_folder() -> Path | None:
    """resources/locale on disk, found without importlib.resources (tens of milliseconds on the start path);
    None when the package is not unpacked (run from a zip): then importlib.resources reads it."""
    import importlib

    shipped = importlib.import_module(RESOURCE_PACKAGE)
    folder = Path(shipped.__file__).parent / "locale" if shipped.__file__ else None
    return folder if folder is not None and folder.is_dir() else None


def _mo_bytes(domain: str, code: str) -> bytes | None:
    if "/" in code or "\\" in code or code.startswith("."):
        return None
    folder = _locale_folder()
    try:
        if folder is not None:
            return (folder / domain / f"{code}.mo").read_bytes()
        from importlib import resources as package_files

        files = package_files.files(RESOURCE_PACKAGE).joinpath("locale").joinpath(domain)
        return files.joinpath(f"{code}.mo").read_bytes()
    except OSError:
        return None


def available_languages() -> list[str]:
    """The codes with a compiled catalogue, plus English (the source)."""
    from importlib import resources as package_files

    folder = package_files.files(RESOURCE_PACKAGE).joinpath("locale").joinpath(MESSAGES_DOMAIN)
    codes = {entry.name[:-3] for entry in folder.iterdir() if entry.name.endswith(".mo")}
    return sorted(codes | {SOURCE_LANGUAGE})


def choose_language(setting: str = SYSTEM, environ: Mapping[str, str] | None = None) -> str:
    """The first wanted language with a catalogue (or English itself); "en" when none fits."""
    for code in wanted_languages(setting, environ):
        for candidate in _candidates(code):
            if candidate == SOURCE_LANGUAGE or _mo_bytes(MESSAGES_DOMAIN, candidate) is not None:
                return candidate
    return SOURCE_LANGUAGE


def _catalogue(domain: str, code: str) -> gettext.NullTranslations:
    raw = _mo_bytes(domain, code)
    if raw is None:
        return gettext.NullTranslations()
    try:
        return gettext.GNUTranslations(io.BytesIO(raw))
    except (OSError, ValueError, UnicodeDecodeError):  # a broken catalogue: English rather than no app
        return gettext.NullTranslations()


def install_language(setting: str = SYSTEM, environ: Mapping[str, str] | None = None) -> str:
    """Choose the language, install its catalogues in core.i18n, and return its code."""
    code = choose_language(setting, environ)
    if code == SOURCE_LANGUAGE:
        i18n.reset()
    else:
        i18n.install(_catalogue(MESSAGES_DOMAIN, code), _catalogue(CONTENT_DOMAIN, code), code)
    return code


# ----------------------------------------------------------------------------------------------------
# Dates, times and numbers, the way the person's language writes them (Babel, imported when first used).
# They follow the language the sentences are shown in: with English (no catalogue installed) they keep the
# app's plain forms (2026-12-06, 14:05, 4.5), the same on every system; the CSV and JSON exports never use
# these (their columns stay ISO 8601 for machines).


def _babel_locale() -> Locale | None:
    code = i18n.language()
    if code in {SOURCE_LANGUAGE, PSEUDO_LANGUAGE}:
        return None
    return _parsed_locale(code)


@functools.cache
def _parsed_locale(code: str) -> Locale | None:
    from babel import Locale, UnknownLocaleError

    try:
        return Locale.parse(code)
    except (UnknownLocaleError, ValueError):
        return None


def format_date(value: date, style: str = "medium") -> str:
    """A date as the language writes it: "06.12.2026" in German ("medium"); 2026-12-06 in English."""
    locale = _babel_locale()
    if locale is None:
        return value.isoformat()
    from babel.dates import format_date as babel_format_date

    return str(babel_format_date(value, format=style, locale=locale))


def format_time(value: time | datetime, style: str = "short") -> str:
    """A time of day: "14:05" ("short")."""
    locale = _babel_locale()
    if locale is None:
        return f"{value:%H:%M}"
    from babel.dates import format_time as babel_format_time

    return str(babel_format_time(value, format=style, locale=locale))


def format_datetime(value: datetime) -> str:
    """A date with its time of day, short: "06.12.26, 14:05" in German; 2026-12-06 14:05 in English."""
    locale = _babel_locale()
    if locale is None:
        return f"{value:%Y-%m-%d %H:%M}"
    return f"{format_date(value.date(), 'short')} {format_time(value)}"


def format_weekday(value: date, width: Literal["abbreviated", "wide"] = "abbreviated") -> str:
    """The day of the week: "Sun" / "So." (abbreviated) or "Sunday" / "Sonntag" (wide)."""
    locale = _babel_locale()
    if locale is None:
        return f"{value:%a}" if width == "abbreviated" else f"{value:%A}"
    from babel.dates import get_day_names

    return str(get_day_names(width, locale=locale)[value.weekday()])


def format_decimal(value: float, pattern: str = "0.##") -> str:
    """A number with the language's decimal sign: 4.5 -> "4,5" in German, "4.5" in English."""
    locale = _babel_locale()
    if locale is None:
        return f"{value:g}" if pattern == "0.##" else str(value)
    from babel.numbers import format_decimal as babel_format_decimal

    return str(babel_format_decimal(value, format=pattern, locale=locale))
