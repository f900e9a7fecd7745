"""One checker of decoded JSON for every file the app reads: routines, the point library, history exports.

A reader notes each problem with its exact place (``steps[2].hold_s``) and returns a harmless placeholder, so
one pass over a file finds every problem; each format decides what to do with them.
"""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TypeVar

from sciatica_timer.core.i18n import N_, _, pgettext

TOP_LEVEL = N_("top level")  # the place of a problem with the document as a whole
_E = TypeVar("_E", bound=StrEnum)


@dataclass(frozen=True, slots=True)
class Bounds:
    """An inclusive range a value (or a length, or a count) must lie in; without a maximum, any size fits."""

    minimum: int
    maximum: float = math.inf

    def __str__(self) -> str:
        return f"{self.minimum}–{self.maximum}"


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a file: where (``steps[2].hold_s``) and what."""

    path: str
    message: str

    def __str__(self) -> str:
        path = _(self.path) if self.path == TOP_LEVEL else self.path  # a JSON path stays as written
        return f"{path}: {self.message}"


def place(path: str, key: str) -> str:
    """Where field ``key`` of the object at ``path`` is; an odd key is quoted: ``steps[0]["a b"]``."""
    plain = key.isascii() and key.isidentifier() and len(key) <= 41  # a regular expression is slower
    shown = key if plain else show_text(key)
    if path == TOP_LEVEL:
        return shown if shown == key else f"[{shown}]"
    return f"{path}.{shown}" if shown == key else f"{path}[{shown}]"


def show_text(text: str, limit: int = 70) -> str:
    """A string quoted and escaped for a one-line message, cut short if long (70 shows any id in full)."""
    quoted = json.dumps(text[:limit], ensure_ascii=False)  # escapes line breaks and other C0 controls
    # ... but not lone surrogates (they cannot even be printed) or C1 controls (invisible)
    shown = "".join(
        f"\\u{ord(char):04x}" if 0xD800 <= ord(char) <= 0xDFFF or 0x7F <= ord(char) < 0xA0 else char
        for char in quoted
    )
    return shown + ("…" if len(text) > limit else "")


def show(value: object) -> str:
    """A value as a message shows it; never fails, never spans lines, never prints a huge number in full."""
    if value is None:
        return pgettext("JSON value", "null")
    if isinstance(value, bool):
        return pgettext("JSON value", "true") if value else pgettext("JSON value", "false")
    if isinstance(value, int):
        # str() of an int with thousands of digits is slow or refused outright
        return str(value) if value.bit_length() <= 64 else _("a number too large to show")
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, str):
        return show_text(value)
    if isinstance(value, Mapping):
        return _("an object")
    if isinstance(value, list | tuple):
        return _("a list")
    return _("a {type}").format(type=type(value).__name__)


def got(value: object) -> str:
    """What was found instead of what was expected: ``text ("30")``, ``2.5``, ``true``, ``a list``."""
    return _("text ({value})").format(value=show(value)) if isinstance(value, str) else show(value)


@functools.cache
def _members(choices: type[_E]) -> dict[str, _E]:
    """Value to member, in definition order; looked up once per enum, as imports read thousands of phases."""
    return {member.value: member for member in choices}


class Checker:
    """Collects the problems of one document, in the order they are found.

    Each reader returns the value it checked, or notes a problem and returns a placeholder: ``None`` where
    only the caller knows a sensible one.
    """

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, path: str, message: str) -> None:
        self.problems.append(Problem(path, message))

    def fields(
        self, path: str, value: object, known: Sequence[str], required: Sequence[str], what: str
    ) -> Mapping[str, object] | None:
        """``value`` as an object with only ``known`` fields and every ``required`` one; ``what`` names it."""
        if not isinstance(value, Mapping):
            self.add(path, _("expected {what} (a JSON object), got {got}").format(what=what, got=got(value)))
            return None
        # The file loader's objects remember keys that appear twice; json.loads would keep the last silently.
        for key in getattr(value, "duplicate_keys", ()):
            self.add(place(path, key), _("appears more than once; keep only one"))
        for key in value:
            if key in known:
                continue
            if isinstance(key, str):
                self.add(
                    place(path, key),
                    _("unknown field; expected one of: {fields}").format(fields=", ".join(known)),
                )
            else:
                self.add(path, _("has a field name that is not text: {key}").format(key=show(key)))
        for key in required:
            if key not in value:
                self.add(place(path, key), _("is missing"))
        return value

    def items(self, path: str, value: object, what: str | None = None) -> Sequence[object] | None:
        if not isinstance(value, list | tuple):
            self.add(path, _("expected {what}, got {got}").format(what=what or _("a list"), got=got(value)))
            return None
        return value

    def text(self, path: str, value: object, length: Bounds) -> str:
        """Text of ``length`` characters; a minimum above 0 also refuses text that is only spaces."""
        if not isinstance(value, str):
            self.add(path, _("expected text, got {got}").format(got=got(value)))
            return ""
        if length.minimum > 0 and not value.strip():
            self.add(path, _("must not be empty"))
            return ""
        if len(value) > length.maximum:
            self.add(
                path,
                _("is too long: {length} characters; the maximum is {maximum}").format(
                    length=len(value), maximum=length.maximum
                ),
            )
            return ""
        return value

    def flag(self, path: str, value: object) -> bool:
        if not isinstance(value, bool):
            self.add(path, _("expected true or false, got {got}").format(got=got(value)))
            return False
        return value

    def choice(self, path: str, value: object, choices: type[_E]) -> _E | None:
        members = _members(choices)
        member = members.get(value) if isinstance(value, str) else None
        if member is None:
            self.add(
                path,
                _("{value} is not one of: {choices}").format(value=show(value), choices=", ".join(members)),
            )
        return member

    def whole(self, path: str, value: object, bounds: Bounds, scale: str = "") -> int | None:
        """A whole number in ``bounds``; ``scale``, if given, tells a person what the range means."""
        if isinstance(value, bool) or not isinstance(value, int):
            self.add(path, _not_a_number(value, _("a whole number")))
            return None
        return value if self._in_bounds(path, value, bounds, scale) else None

    def number(self, path: str, value: object, bounds: Bounds) -> float | None:
        if isinstance(value, int) and not isinstance(value, bool) and not -_FLOAT_INT <= value <= _FLOAT_INT:
            value = math.inf  # a whole number too large to be a float (math.isfinite would raise)
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
            self.add(path, _not_a_number(value, _("a number")))
            return None
        return float(value) if self._in_bounds(path, value, bounds) else None

    def _in_bounds(self, path: str, value: float, bounds: Bounds, scale: str = "") -> bool:
        if bounds.minimum <= value <= bounds.maximum:
            return True
        if scale:
            self.add(path, _("{value} is out of range: {scale}").format(value=show(value), scale=scale))
        elif value < bounds.minimum:
            self.add(
                path,
                _("{value} is below the minimum {minimum}").format(value=show(value), minimum=bounds.minimum),
            )
        else:
            self.add(
                path,
                _("{value} is above the maximum {maximum}").format(value=show(value), maximum=bounds.maximum),
            )
        return False


_FLOAT_INT = 2**1023  # whole numbers beyond this do not fit a float


def _not_a_number(value: object, expected: str) -> str:
    if isinstance(value, float) and not math.isfinite(value):
        if math.isnan(value):
            return _("is not a number (NaN)")
        return _("{value} is not a finite number").format(value=show(value))
    return _("expected {expected}, got {got}").format(expected=expected, got=got(value))
