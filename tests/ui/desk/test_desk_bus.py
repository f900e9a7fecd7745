"""Reminders on a real session bus: a private dbus-daemon, and on it stand-in notification and idle services.

The services (tests/ui/desktop_services.py) run in their own process and record every notification they are
sent; the test clicks a notification's buttons, sets the idle time, locks the screen and turns on Do Not
Disturb through their control interface. A full-screen window is a real X window under Xvfb, marked as the
active one as a window manager would. Time comes from a fake wall clock.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from sciatica_timer.core.reminders import WaitReason
from sciatica_timer.core.settings import Minute, ReminderSettings
from sciatica_timer.ui.desk.desk import FOLLOW_UP_TITLE, REMINDER_TITLE, Desk
from sciatica_timer.ui.main_window import MainWindow
from tests.ui.player_support import ROUTINE_ID, Harness, click, shows

BERLIN = ZoneInfo("Europe/Berlin")
TEN = datetime(2024, 6, 3, 10, 0, tzinfo=BERLIN)  # a Monday
SERVICES = Path(__file__).parent.parent / "desktop_services.py"
CONTROL = ("org.sciatica_timer.TestDesktop", "/org/sciatica_timer/TestDesktop")

pytestmark = pytest.mark.skipif(shutil.which("dbus-daemon") is None, reason="needs dbus-daemon")


class FakeWall:
    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now


class FakeDesktop:
    """The stand-in desktop: what it was sent, and its controls."""

    def __init__(self, record: Path) -> None:
        self.record = record

    def calls(self, kind: str | None = None) -> list[dict[str, Any]]:
        if not self.record.exists():
            return []
        lines = self.record.read_text(encoding="utf-8").splitlines()
        found = [json.loads(line) for line in lines if line.strip()]
        return [call for call in found if kind is None or call["call"] == kind]

    def notes(self) -> list[dict[str, Any]]:
        return self.calls("Notify")

    def control(self, method: str, signature: str, *args: object) -> None:
        from jeepney import DBusAddress, new_method_call
        from jeepney.io.blocking import open_dbus_connection

        with open_dbus_connection("SESSION") as conn:
            address = DBusAddress(CONTROL[1], CONTROL[0], CONTROL[0])
            conn.send_and_get_reply(new_method_call(address, method, signature, args), timeout=5)

    def click(self, notification_id: int, action: str) -> None:
        self.control("Invoke", "us", notification_id, action)

    def set_idle(self, seconds: int) -> None:
        self.control("SetIdle", "u", seconds)

    def set_locked(self, locked: bool) -> None:
        self.control("SetLocked", "b", locked)

    def set_do_not_disturb(self, on: bool) -> None:
        self.control("SetInhibited", "b", on)


@pytest.fixture
def session_bus(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[str]:
    config = tmp_path / "bus.conf"
    socket_dir = tmp_path / "bus"
    socket_dir.mkdir()
    config.write_text(
        "<!DOCTYPE busconfig PUBLIC '-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN'"
        " 'http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd'>"
        f"<busconfig><type>session</type><listen>unix:dir={socket_dir}</listen>"
        "<policy context='default'><allow send_destination='*' eavesdrop='true'/>"
        "<allow eavesdrop='true'/><allow own='*'/></policy></busconfig>",
        encoding="utf-8",
    )
    daemon = subprocess.Popen(
        ["dbus-daemon", f"--config-file={config}", "--nofork", "--print-address=1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,  # it says it cannot raise its file limit, which does not matter here
        text=True,
    )
    assert daemon.stdout is not None
    address = daemon.stdout.readline().strip()
    assert address.startswith("unix:"), address
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", address)
    yield address
    daemon.terminate()
    daemon.wait(timeout=10)
    daemon.stdout.close()


def start_services(qtbot: QtBot, record: Path, *extra: str) -> subprocess.Popen[bytes]:
    process = subprocess.Popen([sys.executable, str(SERVICES), str(record), *extra], env=dict(os.environ))
    desktop = FakeDesktop(record)
    qtbot.waitUntil(lambda: bool(desktop.calls("ready")), timeout=20_000)
    return process


@pytest.fixture
def desktop(qtbot: QtBot, session_bus: str, tmp_path: Path) -> Iterator[FakeDesktop]:
    record = tmp_path / "desktop.jsonl"
    process = start_services(qtbot, record)
    yield FakeDesktop(record)
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture
def wall() -> FakeWall:
    return FakeWall(TEN - timedelta(minutes=5))


def make_desk(harness: Harness, wall: FakeWall, *, tray: bool) -> Desk:
    return Desk(harness.window.state, harness.window.desk_ways(), tray=tray, wall_clock=wall)


@pytest.fixture
def desk(harness: Harness, wall: FakeWall) -> Iterator[Desk]:
    made = make_desk(harness, wall, tray=False)
    yield made
    made.stop()
    assert not made.hold_timer.isActive()


def remind(window: MainWindow, **changes: Any) -> None:
    reminders = ReminderSettings(
        daily_times=(Minute(10, 0), Minute(10, 30)), routine_id=ROUTINE_ID, weekdays=frozenset(range(7))
    )
    window.apply_settings(replace(window.settings, reminders=replace(reminders, **changes)))


def ring(desk: Desk, wall: FakeWall, qtbot: QtBot, at: datetime = TEN) -> None:
    wall.now = at
    with qtbot.waitSignal(desk.schedule.due, timeout=1000):
        desk.schedule.timer.timeout.emit()


def shown(qtbot: QtBot, desktop: FakeDesktop, count: int = 1) -> dict[str, Any]:
    qtbot.waitUntil(lambda: len(desktop.notes()) >= count, timeout=5000)
    return desktop.notes()[count - 1]


# -- the notification and its buttons ------------------------------------------------------------------------


def test_a_reminder_is_a_desktop_notification_with_buttons(
    qtbot: QtBot, harness: Harness, desk: Desk, wall: FakeWall, desktop: FakeDesktop
) -> None:
    remind(harness.window)
    ring(desk, wall, qtbot)
    note = shown(qtbot, desktop)
    assert note["summary"] == REMINDER_TITLE
    assert note["app_name"] == "Sciatica Timer"
    assert note["replaces_id"] == 0
    labels = dict(zip(note["actions"][::2], note["actions"][1::2], strict=True))
    assert labels == {"default": "Open", "start": "Start", "snooze": "In 10 minutes", "dismiss": "Not now"}
    assert desk.line.isVisible(), "the start screen offers it too"

    desktop.click(note["id"], "start")  # the person clicks Start on the notification
    qtbot.waitUntil(lambda: harness.window.pain_check is not None)
    check = harness.window.pain_check
    assert check is not None
    assert shows(harness.window.screens, check)
    assert desk.schedule.pending is None


def test_in_10_minutes_from_the_notification_snoozes(
    qtbot: QtBot, harness: Harness, desk: Desk, wall: FakeWall, desktop: FakeDesktop
) -> None:
    remind(harness.window, daily_times=(Minute(10, 0),))
    ring(desk, wall, qtbot)
    note = shown(qtbot, desktop)
    desktop.click(note["id"], "snooze")
    qtbot.waitUntil(lambda: desk.schedule.pending is None)
    upcoming = desk.schedule.next_reminder
    assert upcoming is not None
    assert upcoming.at == TEN + timedelta(minutes=10)
    assert not desk.line.isVisible()
    ring(desk, wall, qtbot, TEN + timedelta(minutes=10))
    again = shown(qtbot, desktop, 2)
    assert again["summary"] == REMINDER_TITLE


def test_not_now_from_the_notification_lets_it_go(
    qtbot: QtBot, harness: Harness, desk: Desk, wall: FakeWall, desktop: FakeDesktop
) -> None:
    remind(harness.window)
    ring(desk, wall, qtbot)
    note = shown(qtbot, desktop)
    desktop.click(note["id"], "dismiss")
    qtbot.waitUntil(lambda: desk.schedule.pending is None)
    assert not desk.line.isVisible()
    assert harness.window.pain_check is None
    upcoming = desk.schedule.next_reminder
    assert upcoming is not None
    assert upcoming.at == TEN + timedelta(minutes=30), "the next one comes as usual"


def test_a_new_reminder_replaces_the_one_still_showing(
    qtbot: QtBot, harness: Harness, desk: Desk, wall: FakeWall, desktop: FakeDesktop
) -> None:
    remind(harness.window)
    ring(desk, wall, qtbot)
    first = shown(qtbot, desktop)
    ring(desk, wall, qtbot, TEN + timedelta(minutes=30))  # unanswered for half an hour
    second = shown(qtbot, desktop, 2)
    assert second["replaces_id"] == first["id"]
    assert second["id"] == first["id"]


def test_answering_in_the_window_takes_the_notification_away(
    qtbot: QtBot, harness: Harness, desk: Desk, wall: FakeWall, desktop: FakeDesktop
) -> None:
    remind(harness.window)
    ring(desk, wall, qtbot)
    note = shown(qtbot, desktop)
    click(desk.line.dismiss_button)
    qtbot.waitUntil(lambda: bool(desktop.calls("CloseNotification")))
    assert desktop.calls("CloseNotification") == [{"call": "CloseNotification", "id": note["id"]}]


def test_a_click_on_another_apps_notification_does_nothing(
    qtbot: QtBot, harness: Harness, desk: Desk, wall: FakeWall, desktop: FakeDesktop
) -> None:
    remind(harness.window)
    ring(desk, wall, qtbot)
    note = shown(qtbot, desktop)
    desktop.click(note["id"] + 1000, "start")
    desktop.click(note["id"], "dismiss")  # then ours, to know the first has been read
    qtbot.waitUntil(lambda: desk.schedule.pending is None)
    assert harness.window.pain_check is None


# -- waiting for the person ----------------------------------------------------------------------------------


def test_away_the_reminder_waits_and_comes_a_minute_after_coming_back(
    qtbot: QtBot, harness: Harness, desk: Desk, wall: FakeWall, desktop: FakeDesktop
) -> None:
    remind(harness.window, away_after_min=5)
    desktop.set_idle(6 * 60)  # no input for six minutes
    ring(desk, wall, qtbot)
    assert desk.hold is not None
    assert desk.hold.reason is WaitReason.AWAY
    assert desk.hold_timer.isActive()
    assert desktop.notes() == []
    assert not desk.line.isVisible()

    wall.now = TEN + timedelta(minutes=20)
    desk.check_hold()  # still away
    assert desk.hold is not None
    assert desk.hold.back_at is None

    desktop.set_idle(2)  # back at the desk
    wall.now = TEN + timedelta(minutes=25)
    desk.check_hold()
    assert desk.hold is not None
    assert desk.hold.back_at == wall.now
    assert desk.hold_timer.isActive()
    assert desktop.notes() == []
    wall.now += timedelta(seconds=30)
    desk.hold_timer.timeout.emit()
    assert desk.hold is not None, "half a minute back: not yet"
    assert desktop.notes() == []

    wall.now += timedelta(seconds=31)
    desk.hold_timer.timeout.emit()
    note = shown(qtbot, desktop)
    assert note["summary"] == REMINDER_TITLE
    assert desk.hold is None
    assert len(desktop.notes()) == 1, "once, not once for each reminder missed"


def test_a_locked_screen_counts_as_away(
    qtbot: QtBot, harness: Harness, desk: Desk, wall: FakeWall, desktop: FakeDesktop
) -> None:
    remind(harness.window)
    desktop.set_locked(True)
    ring(desk, wall, qtbot)
    assert desk.hold is not None
    assert desk.hold.reason is WaitReason.AWAY
    desktop.set_locked(False)
    desk.check_hold()
    wall.now += timedelta(minutes=1)
    desk.check_hold()
    shown(qtbot, desktop)


def test_do_not_disturb_holds_the_reminder_until_it_ends(
    qtbot: QtBot, harness: Harness, desk: Desk, wall: FakeWall, desktop: FakeDesktop
) -> None:
    remind(harness.window)
    desktop.set_do_not_disturb(True)
    ring(desk, wall, qtbot)
    assert desk.hold is not None
    assert desk.hold.reason is WaitReason.DO_NOT_DISTURB
    wall.now += timedelta(minutes=3)
    desk.check_hold()
    assert desktop.notes() == []
    desktop.set_do_not_disturb(False)
    desk.check_hold()  # comes at once: the person was there all along
    shown(qtbot, desktop)
    assert desk.hold is None


def test_with_the_setting_off_do_not_disturb_does_not_hold_it(
    qtbot: QtBot, harness: Harness, desk: Desk, wall: FakeWall, desktop: FakeDesktop
) -> None:
    remind(harness.window, wait_in_do_not_disturb=False)
    desktop.set_do_not_disturb(True)
    ring(desk, wall, qtbot)
    assert desk.hold is None
    shown(qtbot, desktop)


PRESENTATION = (
    "from PySide6.QtWidgets import QApplication, QWidget\n"
    "app = QApplication([])\n"
    "slides = QWidget()\n"
    "slides.showFullScreen()\n"
    "print(int(slides.winId()), flush=True)\n"
    "app.exec()\n"
)


_presentations: list[subprocess.Popen[str]] = []


@pytest.fixture(autouse=True)
def presentations_end() -> Iterator[None]:
    yield
    while _presentations:
        process = _presentations.pop()
        process.terminate()
        process.wait(timeout=10)
        if process.stdout is not None:
            process.stdout.close()


def show_presentation() -> int:
    """Another program's full-screen window (the slides of a talk, say): its X window id."""
    if not os.environ.get("DISPLAY"):
        pytest.skip("needs an X server")
    process = subprocess.Popen([sys.executable, "-c", PRESENTATION], stdout=subprocess.PIPE, text=True)
    _presentations.append(process)
    assert process.stdout is not None
    return int(process.stdout.readline())


def mark_active(window: QWidget | int | None) -> None:
    """What a window manager does when a window gets the focus: _NET_ACTIVE_WINDOW on the root window."""
    if window is None:
        subprocess.run(["xprop", "-root", "-remove", "_NET_ACTIVE_WINDOW"], check=True)
        return
    window_id = window if isinstance(window, int) else int(window.winId())
    subprocess.run(
        ["xprop", "-root", "-f", "_NET_ACTIVE_WINDOW", "32c", "-set", "_NET_ACTIVE_WINDOW", str(window_id)],
        check=True,
    )


@pytest.mark.skipif(shutil.which("xprop") is None, reason="needs xprop (x11-utils)")
def test_a_full_screen_window_with_the_focus_holds_the_reminder(
    qtbot: QtBot, harness: Harness, desk: Desk, wall: FakeWall, desktop: FakeDesktop
) -> None:
    presentation = show_presentation()
    mark_active(presentation)
    try:
        remind(harness.window)
        ring(desk, wall, qtbot)
        assert desk.hold is not None
        assert desk.hold.reason is WaitReason.FULL_SCREEN
        assert desktop.notes() == []
        mark_active(harness.window)  # back to an ordinary window
        desk.check_hold()
        shown(qtbot, desktop)
    finally:
        mark_active(None)


@pytest.mark.skipif(shutil.which("xprop") is None, reason="needs xprop (x11-utils)")
def test_with_the_setting_off_a_full_screen_window_does_not_hold_it(
    qtbot: QtBot, harness: Harness, desk: Desk, wall: FakeWall, desktop: FakeDesktop
) -> None:
    presentation = show_presentation()
    mark_active(presentation)
    try:
        remind(harness.window, wait_while_full_screen=False)
        ring(desk, wall, qtbot)
        assert desk.hold is None
        shown(qtbot, desktop)
    finally:
        mark_active(None)


def test_a_session_started_while_it_waits_answers_it(
    qtbot: QtBot, harness: Harness, desk: Desk, wall: FakeWall, desktop: FakeDesktop
) -> None:
    remind(harness.window)
    desktop.set_idle(3600)
    ring(desk, wall, qtbot)
    assert desk.hold is not None
    harness.start()
    desk.schedule.check()
    assert desk.hold is None
    desktop.set_idle(0)
    desk.check_hold()
    assert desktop.notes() == []


# -- without a notification service -------------------------------------------------------------------------


def test_without_a_notification_service_the_tray_says_it(
    qtbot: QtBot, harness: Harness, wall: FakeWall, session_bus: str, tmp_path: Path
) -> None:
    record = tmp_path / "desktop.jsonl"
    process = start_services(qtbot, record, "--no-notifications")  # idle, but nothing shows notifications
    made = make_desk(harness, wall, tray=True)
    try:
        remind(harness.window)
        ring(made, wall, qtbot)
        assert made.tray is not None
        assert made.tray.last_message is not None
        assert made.tray.last_message[0] == REMINDER_TITLE
        assert FakeDesktop(record).notes() == []
    finally:
        made.stop()
        process.terminate()
        process.wait(timeout=10)


def test_with_no_bus_at_all_the_start_screen_offers_it(
    qtbot: QtBot, harness: Harness, wall: FakeWall, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", f"unix:path={tmp_path / 'nothing-here'}")
    made = make_desk(harness, wall, tray=False)
    try:
        remind(harness.window)
        ring(made, wall, qtbot)
        assert made.line.isVisible()
        assert made.hold is None
    finally:
        made.stop()


def test_a_service_that_never_answers_costs_a_moment_once(
    qtbot: QtBot, harness: Harness, wall: FakeWall, session_bus: str
) -> None:
    """A process owns the notification service's name and never replies: the reminder still comes."""
    from jeepney.bus_messages import message_bus
    from jeepney.io.blocking import open_dbus_connection

    with open_dbus_connection("SESSION") as squatter:
        squatter.send_and_get_reply(message_bus.RequestName("org.freedesktop.Notifications"), timeout=5)
        made = make_desk(harness, wall, tray=False)
        try:
            remind(harness.window)
            ring(made, wall, qtbot)
            assert made.line.isVisible()
            ring(made, wall, qtbot, TEN + timedelta(minutes=30))
            assert made.line.isVisible()
        finally:
            made.stop()


# -- follow-ups ----------------------------------------------------------------------------------------------


def test_the_follow_up_question_comes_as_a_notification_too(
    qtbot: QtBot, harness: Harness, desk: Desk, desktop: FakeDesktop
) -> None:
    from sciatica_timer.core.settings import FollowUpSettings
    from tests.ui.history.test_follow_up import finish_session

    window = harness.window
    window.apply_settings(replace(window.settings, follow_up=FollowUpSettings(enabled=True, after_min=30)))
    finish_session(harness)
    window.show_start()
    follow_ups = window.follow_ups
    assert follow_ups is not None
    harness.clock.advance(31 * 60)
    follow_ups.check()
    note = shown(qtbot, desktop)
    assert note["summary"] == FOLLOW_UP_TITLE
    assert note["actions"][2:] == ["answer", "Answer", "later", "In 10 minutes", "skip", "Not now"]
    desktop.click(note["id"], "later")
    qtbot.waitUntil(lambda: follow_ups.current is None)
    assert follow_ups.question is not None
    assert not follow_ups.question.isVisible()
    assert len(follow_ups.waiting) == 1, "asked again in ten minutes"


# -- after the window is closed ------------------------------------------------------------------------------


def test_reminders_keep_coming_after_the_window_is_closed(
    qtbot: QtBot, harness: Harness, wall: FakeWall, desktop: FakeDesktop
) -> None:
    window = harness.window
    made = make_desk(harness, wall, tray=True)
    try:
        remind(window)
        assert not window.close(), "it keeps running in the tray"
        assert not window.isVisible()
        ring(made, wall, qtbot)
        note = shown(qtbot, desktop)
        desktop.click(note["id"], "start")
        qtbot.waitUntil(window.isVisible)
        check = window.pain_check
        assert check is not None
        assert shows(window.screens, check)
    finally:
        made.stop()


def test_follow_ups_keep_coming_after_the_window_is_closed(
    qtbot: QtBot, harness: Harness, wall: FakeWall, desktop: FakeDesktop
) -> None:
    from sciatica_timer.core.settings import FollowUpSettings
    from tests.ui.history.test_follow_up import finish_session, stored

    window = harness.window
    window.apply_settings(replace(window.settings, follow_up=FollowUpSettings(enabled=True, after_min=30)))
    made = make_desk(harness, wall, tray=True)
    try:
        session_id = finish_session(harness)
        window.show_start()
        assert not window.close(), "follow-ups are on: it keeps running in the tray"
        follow_ups = window.follow_ups
        assert follow_ups is not None
        harness.clock.advance(31 * 60)
        follow_ups.check()
        note = shown(qtbot, desktop)
        assert note["summary"] == FOLLOW_UP_TITLE
        assert follow_ups.question is not None
        assert follow_ups.question.isVisible(), "the question itself is up, over the hidden window"
        desktop.click(note["id"], "skip")
        qtbot.waitUntil(lambda: follow_ups.current is None)
        pain, when = stored(harness, session_id)
        assert pain is None
        assert when is not None, "skipped: not asked again"
    finally:
        made.stop()


@pytest.mark.skipif(shutil.which("xprop") is None, reason="needs xprop (x11-utils)")
def test_the_apps_own_full_screen_window_does_not_hold_it(
    qtbot: QtBot, harness: Harness, desk: Desk, wall: FakeWall, desktop: FakeDesktop
) -> None:
    if not os.environ.get("DISPLAY"):
        pytest.skip("needs an X server")
    window = harness.window
    window.showFullScreen()
    qtbot.waitExposed(window)
    subprocess.run(
        [
            "xprop",
            "-id",
            str(int(window.winId())),
            "-f",
            "_NET_WM_STATE",
            "32a",
            "-set",
            "_NET_WM_STATE",
            "_NET_WM_STATE_FULLSCREEN",
        ],
        check=True,
    )
    mark_active(window)
    try:
        remind(window)
        ring(desk, wall, qtbot)
        assert desk.hold is None
        shown(qtbot, desktop)
    finally:
        mark_active(None)
        window.showNormal()


def test_without_a_session_service_the_x_server_tells_the_idle_time() -> None:
    from sciatica_timer.ui.desk.x11_desktop import full_screen_focused, x_idle_s

    if not os.environ.get("DISPLAY"):
        pytest.skip("needs an X server")
    idle = x_idle_s()
    assert idle is not None
    assert idle >= 0
    mark_active(None)
    assert full_screen_focused() is False


def test_without_an_x_server_it_cannot_tell(monkeypatch: pytest.MonkeyPatch) -> None:
    from sciatica_timer.ui.desk.x11_desktop import full_screen_focused, x_idle_s

    monkeypatch.delenv("DISPLAY", raising=False)
    assert x_idle_s() is None
    assert full_screen_focused() is None


# -- a bus that never answers --------------------------------------------------------------------------------


def test_a_bus_that_authenticates_and_never_answers_does_not_freeze(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A session bus that takes the connection, agrees to the authentication and then never answers Hello."""
    import socket
    import threading

    from sciatica_timer.ui.desk.notifications import DesktopBus

    path = tmp_path / "bus"
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(path))
    server.listen(1)
    held: list[socket.socket] = []
    heard = threading.Event()

    def silent_bus() -> None:
        conn, _ = server.accept()
        held.append(conn)
        data = b""
        while b"AUTH" not in data:  # the client's NUL byte, then its AUTH line
            data += conn.recv(1024)
        conn.sendall(b"OK 0123456789abcdef0123456789abcdef\r\n")
        while b"BEGIN" not in data:
            data += conn.recv(1024)
        heard.set()  # the client now says Hello: no answer ever comes

    listener = threading.Thread(target=silent_bus, daemon=True)
    listener.start()
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", f"unix:path={path}")
    opened: list[DesktopBus] = []
    opening = threading.Thread(target=lambda: opened.append(DesktopBus()), daemon=True)
    opening.start()
    opening.join(timeout=30)  # a hang detector, not a timing figure: the bound is CALL_TIMEOUT_S
    try:
        assert not opening.is_alive(), "the window would be frozen on the bus's silence"
        assert heard.is_set(), "the stand-in bus was reached"
        assert opened
        assert not opened[0].connected
    finally:
        for conn in held:
            conn.close()
        server.close()
