"""A read-only attribute forwarded to one of an object's parts (the main window's screens are its
controllers')."""

from __future__ import annotations

from typing import Generic, Self, TypeVar, cast, overload

Value = TypeVar("Value")


class Owned(Generic[Value]):
    """An attribute that one of the object's parts owns: on the main window, ``window.session`` is
    ``window.session_flow.session`` (``Owned("session_flow")``)."""

    def __init__(self, owner: str, name: str = "") -> None:
        self._owner = owner
        self._name = name  # the controller's name for it, when not the window's

    def __set_name__(self, _cls: type, name: str) -> None:
        self._name = self._name or name

    @overload
    def __get__(self, window: None, _cls: type) -> Self: ...
    @overload
    def __get__(self, window: object, _cls: type | None = None) -> Value: ...
    def __get__(self, window: object | None, _cls: type | None = None) -> Self | Value:
        if window is None:
            return self
        return cast("Value", getattr(getattr(window, self._owner), self._name))
