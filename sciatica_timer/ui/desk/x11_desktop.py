"""What the X server can tell about the desk where no session service does: idle time, a full-screen window.

Read through libX11 and libXss with ctypes, only when a reminder falls due. Where either library or the X
server is missing (Wayland without XWayland, Windows, macOS), every answer is None: "cannot tell".
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
import os
from functools import cache

log = logging.getLogger(__name__)

_ANY_PROPERTY_TYPE = 0
_SUCCESS = 0


class _ScreenSaverInfo(ctypes.Structure):
    _fields_ = (
        ("window", ctypes.c_ulong),
        ("state", ctypes.c_int),
        ("kind", ctypes.c_int),
        ("til_or_since", ctypes.c_ulong),
        ("idle", ctypes.c_ulong),
        ("event_mask", ctypes.c_ulong),
    )


@cache
def _libraries() -> tuple[ctypes.CDLL | None, ctypes.CDLL | None]:
    found = []
    for name in ("X11", "Xss"):
        path = ctypes.util.find_library(name)
        try:
            found.append(ctypes.CDLL(path) if path else None)
        except OSError:
            found.append(None)
    x11, xss = found
    if x11 is not None:
        x11.XOpenDisplay.restype = ctypes.c_void_p
        x11.XOpenDisplay.argtypes = (ctypes.c_char_p,)
        x11.XCloseDisplay.argtypes = (ctypes.c_void_p,)
        x11.XDefaultRootWindow.restype = ctypes.c_ulong
        x11.XDefaultRootWindow.argtypes = (ctypes.c_void_p,)
        x11.XInternAtom.restype = ctypes.c_ulong
        x11.XInternAtom.argtypes = (ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int)
        x11.XFree.argtypes = (ctypes.c_void_p,)
        x11.XGetWindowProperty.argtypes = (
            ctypes.c_void_p,
            ctypes.c_ulong,
            ctypes.c_ulong,
            ctypes.c_long,
            ctypes.c_long,
            ctypes.c_int,
            ctypes.c_ulong,
            ctypes.POINTER(ctypes.c_ulong),
            ctypes.POINTER(ctypes.c_int),
            ctypes.POINTER(ctypes.c_ulong),
            ctypes.POINTER(ctypes.c_ulong),
            ctypes.POINTER(ctypes.c_void_p),
        )
    if xss is not None:
        xss.XScreenSaverAllocInfo.restype = ctypes.POINTER(_ScreenSaverInfo)
        xss.XScreenSaverQueryInfo.argtypes = (
            ctypes.c_void_p,
            ctypes.c_ulong,
            ctypes.POINTER(_ScreenSaverInfo),
        )
    return x11, xss


class _Display:
    def __init__(self) -> None:
        self.x11, self.xss = _libraries()
        self.handle = None
        if self.x11 is not None and os.environ.get("DISPLAY"):
            self.handle = self.x11.XOpenDisplay(None)

    def __enter__(self) -> _Display:
        return self

    def __exit__(self, *_exc: object) -> None:
        if self.handle and self.x11 is not None:
            self.x11.XCloseDisplay(self.handle)

    def windows(self, window: int, name: bytes) -> list[int]:
        """A window or atom list property (32-bit items) of ``window``."""
        if self.x11 is None or not self.handle:
            return []
        atom = self.x11.XInternAtom(self.handle, name, 1)
        if not atom:
            return []
        actual_type, actual_format = ctypes.c_ulong(), ctypes.c_int()
        count, after, data = ctypes.c_ulong(), ctypes.c_ulong(), ctypes.c_void_p()
        status = self.x11.XGetWindowProperty(
            self.handle,
            window,
            atom,
            0,
            64,
            0,
            _ANY_PROPERTY_TYPE,
            ctypes.byref(actual_type),
            ctypes.byref(actual_format),
            ctypes.byref(count),
            ctypes.byref(after),
            ctypes.byref(data),
        )
        if status != _SUCCESS or not data.value:
            return []
        try:
            if actual_format.value != 32:
                return []
            items = ctypes.cast(data, ctypes.POINTER(ctypes.c_ulong))  # 32-bit items come as longs
            return [items[index] for index in range(count.value)]
        finally:
            self.x11.XFree(data)


def x_idle_s() -> float | None:
    """Seconds since the last input, from the X server's screensaver extension."""
    with _Display() as display:
        if not display.handle or display.xss is None or display.x11 is None:
            return None
        info = display.xss.XScreenSaverAllocInfo()
        if not info:
            return None
        try:
            root = display.x11.XDefaultRootWindow(display.handle)
            if not display.xss.XScreenSaverQueryInfo(display.handle, root, info):
                return None
            return float(info.contents.idle) / 1000
        finally:
            display.x11.XFree(info)


def full_screen_focused(own: frozenset[int] = frozenset()) -> bool | None:
    """Whether the window with the focus fills its screen (EWMH's _NET_WM_STATE_FULLSCREEN), unless it is
    one of ``own`` (the app's own windows: its player in full screen is no call to keep quiet for)."""
    with _Display() as display:
        if not display.handle or display.x11 is None:
            return None
        root = display.x11.XDefaultRootWindow(display.handle)
        active = display.windows(root, b"_NET_ACTIVE_WINDOW")
        if not active or not active[0] or active[0] in own:
            return False
        full = display.x11.XInternAtom(display.handle, b"_NET_WM_STATE_FULLSCREEN", 1)
        return bool(full) and full in display.windows(active[0], b"_NET_WM_STATE")
