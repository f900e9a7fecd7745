"""Window tests: every question the window asks is answered by the test, and no session timer outlives one."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from sciatica_timer.ui.common import dialogs
from sciatica_timer.ui.main_window import MainWindow
from tests.ui.player_support import Asked, Harness, make_harness


@pytest.fixture(autouse=True)
def windows_freed_between_tests() -> Iterator[None]:
    """After each window test, Python's cycle collector frees the windows and dialogs it left (held in
    reference cycles through their signal connections) at once, between tests. Left to a later moment,
    it may run inside a Qt call that walks every widget (a new text size, a theme) and delete a widget
    that Qt is about to visit: a crash of the whole test run, now and then."""
    yield
    gc.collect()


@pytest.fixture(autouse=True)
def safety_checklist_answered(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Windows open as for someone who went through the safety checklist on an earlier day.

    Tests build windows on folders of their own (often with a settings file of their own), so the window's
    one question, whether the checklist is due, is answered here rather than by a file in every folder. A test
    of the first run asks for the ``first_run`` fixture and gets the real answer from the settings.
    """
    if "first_run" in request.fixturenames:
        return
    monkeypatch.setattr(MainWindow, "safety_check_due", lambda _window: False)


@pytest.fixture(autouse=True)
def no_desktop_bus(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    """No test talks to this machine's desktop (its notifications, its idle time): the session bus is one
    that is not there, unless a test starts its own (tests/ui/desk/test_desk_bus.py)."""
    missing = tmp_path_factory.getbasetemp() / "no-session-bus"
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", f"unix:path={missing}")


@pytest.fixture(autouse=True)
def person_at_the_desk() -> None:
    """The X server's idle time starts at zero in every test, as after a real key press.

    Tests send their keys and clicks through Qt, never through the X server, so in a suite that runs longer
    than the reminders' "away after" minutes the X server would report the person away, and reminders would
    wait (tests/ui/desk/test_desk_bus.py sets idle times of its own through its stand-in services).
    """
    import ctypes
    import ctypes.util
    import os

    name = ctypes.util.find_library("X11")
    if not os.environ.get("DISPLAY") or name is None:
        return
    xlib = ctypes.CDLL(name)
    xlib.XOpenDisplay.restype = ctypes.c_void_p
    xlib.XOpenDisplay.argtypes = [ctypes.c_char_p]
    for function in (xlib.XResetScreenSaver, xlib.XCloseDisplay):
        function.argtypes = [ctypes.c_void_p]
    xlib.XSync.argtypes = [ctypes.c_void_p, ctypes.c_int]
    display = xlib.XOpenDisplay(None)
    if display:
        xlib.XResetScreenSaver(display)
        xlib.XSync(display, 0)
        xlib.XCloseDisplay(display)


@pytest.fixture
def first_run() -> None:
    """The window decides from its settings whether to show the safety checklist (see above)."""


@pytest.fixture
def asked(monkeypatch: pytest.MonkeyPatch) -> Asked:
    """Answers dialogs.ask: "yes" unless the test queues other answers; records every question."""
    recorder = Asked()
    monkeypatch.setattr(dialogs, "ask", recorder)
    monkeypatch.setattr(dialogs, "choose", recorder.choose)
    return recorder


@pytest.fixture
def harness(qtbot: QtBot, tmp_path: Path, asked: Asked) -> Iterator[Harness]:
    found = make_harness(qtbot, tmp_path / "data")
    yield found
    session = found.window.session
    found.window.close()
    if session is not None:
        assert not session.timer_active(), "a session timer outlived the window"
