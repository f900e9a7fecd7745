"""A read-only attribute forwarded to one of an object's parts (the main window's screens are its
controllers')."""

from __future__ import annotations

from typing import Any, Generic, Self, TypeVar, cast, overload

Value = TypeVar("Value")

_MADE_ON_DEMAND: Any = object()  # no stand-in: reading the attribute makes the part if needed


class Owned(Generic[Value]):
    """An attribute that one of the object's parts owns: on the main window, ``window.session`` is
    ``window.session_flow.session`` (``Owned("session_flow")``).

    ``unmade``: what the attribute reads while the part has not been made (the main window makes its
    controllers when first used): a screen that its controller has not made yet does not exist.
    """

    def __init__(self, owner: str, name: str = "", *, unmade: Any = _MADE_ON_DEMAND) -> None:
        self._owner = owner
        self._name = name  # the controller's name for it, when not the window's
        self._unmade = unmade

    def __set_name__(self, _cls: type, name: str) -> None:
        self._name = self._name or name

    @overload
    def __get__(self, window: None, _cls: type) -> Self: ...
    @overload
    def __get__(self, window: object, _cls: type | None = None) -> Value: ...
    def __get__(self, window: object | None, _cls: type | None = None) -> Self | Value:
        if window is None:
            return self
        if self._unmade is not _MADE_ON_DEMAND:
            part = vars(window).get(self._owner)
            return cast("Value", self._unmade if part is None else getattr(part, self._name))
        return cast("Value", getattr(getattr(window, self._owner), self._name))
