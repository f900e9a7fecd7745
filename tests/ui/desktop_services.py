# mypy: ignore-errors
# ruff: noqa: F722, F821, PLR0917
# (dbus-next reads the D-Bus signatures from string annotations such as "as" and "a{sv}"; the method names
# are the D-Bus ones.)
"""Stand-ins for the desktop's notification and idle services, run as a real process on a private session bus.

Usage: python desktop_services.py RECORD_FILE [--no-notifications]. Every Notify and CloseNotification call
is appended to RECORD_FILE as one JSON line; the test drives the rest through the control interface
(``org.sciatica_timer.TestDesktop``): invoke an action, set the idle time, lock the screen, turn on
Do Not Disturb.
"""

import asyncio
import json
import sys
from pathlib import Path
from typing import Any

from dbus_next import PropertyAccess, Variant
from dbus_next.aio import MessageBus
from dbus_next.service import ServiceInterface, dbus_property, method, signal

CONTROL_NAME = "org.sciatica_timer.TestDesktop"
CONTROL_PATH = "/org/sciatica_timer/TestDesktop"


class Desktop:
    def __init__(self, record: Path) -> None:
        self.record = record
        self.next_id = 1
        self.idle_ms = 0
        self.locked = False
        self.inhibited = False

    def write(self, entry: dict[str, Any]) -> None:
        with self.record.open("a", encoding="utf-8") as file:
            file.write(json.dumps(entry) + "\n")


class Notifications(ServiceInterface):
    def __init__(self, desktop: Desktop) -> None:
        super().__init__("org.freedesktop.Notifications")
        self.desktop = desktop

    @method()
    def Notify(
        self,
        app_name: "s",
        replaces_id: "u",
        app_icon: "s",
        summary: "s",
        body: "s",
        actions: "as",
        hints: "a{sv}",
        expire_timeout: "i",
    ) -> "u":
        if replaces_id:
            notification_id = replaces_id
        else:
            notification_id = self.desktop.next_id
            self.desktop.next_id += 1
        self.desktop.write(
            {
                "call": "Notify",
                "id": notification_id,
                "app_name": app_name,
                "replaces_id": replaces_id,
                "summary": summary,
                "body": body,
                "actions": list(actions),
                "hints": sorted(hints),
                "expire_timeout": expire_timeout,
            }
        )
        return notification_id

    @method()
    def CloseNotification(self, notification_id: "u"):
        self.desktop.write({"call": "CloseNotification", "id": notification_id})
        self.NotificationClosed(notification_id, 3)

    @method()
    def GetCapabilities(self) -> "as":
        return ["actions", "body"]

    @method()
    def GetServerInformation(self) -> "ssss":
        return ["test-notifications", "sciatica-timer", "1", "1.2"]

    @signal()
    def ActionInvoked(self, notification_id: int, action: str) -> "us":
        return [notification_id, action]

    @signal()
    def NotificationClosed(self, notification_id: int, reason: int) -> "uu":
        return [notification_id, reason]

    @dbus_property(access=PropertyAccess.READ)
    def Inhibited(self) -> "b":
        return self.desktop.inhibited


class IdleMonitor(ServiceInterface):
    """GNOME's idle monitor, as gnome-shell offers it."""

    def __init__(self, desktop: Desktop) -> None:
        super().__init__("org.gnome.Mutter.IdleMonitor")
        self.desktop = desktop

    @method()
    def GetIdletime(self) -> "t":
        return self.desktop.idle_ms


class ScreenSaver(ServiceInterface):
    def __init__(self, desktop: Desktop) -> None:
        super().__init__("org.freedesktop.ScreenSaver")
        self.desktop = desktop

    @method()
    def GetActive(self) -> "b":
        return self.desktop.locked

    @method()
    def GetSessionIdleTime(self) -> "u":
        return self.desktop.idle_ms // 1000


class Control(ServiceInterface):
    def __init__(self, desktop: Desktop, notifications: Notifications) -> None:
        super().__init__(CONTROL_NAME)
        self.desktop = desktop
        self.notifications = notifications

    @method()
    def Invoke(self, notification_id: "u", action: "s"):
        self.notifications.ActionInvoked(notification_id, action)

    @method()
    def Close(self, notification_id: "u"):
        self.notifications.NotificationClosed(notification_id, 2)

    @method()
    def SetIdle(self, seconds: "u"):
        self.desktop.idle_ms = seconds * 1000

    @method()
    def SetLocked(self, locked: "b"):
        self.desktop.locked = locked

    @method()
    def SetInhibited(self, inhibited: "b"):
        self.desktop.inhibited = inhibited
        self.notifications.emit_properties_changed({"Inhibited": inhibited})


async def serve(record: Path, *, notifications: bool) -> None:
    desktop = Desktop(record)
    bus = await MessageBus().connect()
    service = Notifications(desktop)
    if notifications:
        bus.export("/org/freedesktop/Notifications", service)
        await bus.request_name("org.freedesktop.Notifications")
    bus.export("/org/gnome/Mutter/IdleMonitor/Core", IdleMonitor(desktop))
    await bus.request_name("org.gnome.Mutter.IdleMonitor")
    bus.export("/org/freedesktop/ScreenSaver", ScreenSaver(desktop))
    await bus.request_name("org.freedesktop.ScreenSaver")
    bus.export(CONTROL_PATH, Control(desktop, service))
    await bus.request_name(CONTROL_NAME)  # last: once it is there, everything is
    desktop.write({"call": "ready"})
    await bus.wait_for_disconnect()


def main() -> None:
    _ = Variant  # re-exported for the annotations' sake
    asyncio.run(serve(Path(sys.argv[1]), notifications="--no-notifications" not in sys.argv))


if __name__ == "__main__":
    main()
