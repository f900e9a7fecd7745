# mypy: ignore-errors
# ruff: noqa: F722, F821
# (dbus-next reads the D-Bus signatures from string annotations such as "ss" and "v".)
"""A stand-in for the XDG desktop portal's Settings interface, run as a real process on a private session bus.

Usage: python desktop_portal.py READY_FILE [--reduced-motion N] [--enable-animations true|false]
[--contrast N] [--version 1]. Answers ``ReadOne`` (version 2 portals), ``Read`` (every version; its value is a
variant in a variant) and ``ReadAll`` (what Qt's own desktop themes ask) for the settings given, and
``org.freedesktop.portal.Error.NotFound`` for any other, as the real portal does. Version 1 portals have no
``ReadOne``. Writes READY_FILE once its name is on the bus.
"""

import asyncio
import sys
from pathlib import Path

from dbus_next import DBusError, Variant
from dbus_next.aio import MessageBus
from dbus_next.service import ServiceInterface, method

NAME = "org.freedesktop.portal.Desktop"
PATH = "/org/freedesktop/portal/desktop"


class Settings(ServiceInterface):
    def __init__(self, values: dict[tuple[str, str], Variant]) -> None:
        super().__init__("org.freedesktop.portal.Settings")
        self.values = values

    def _value(self, namespace: str, key: str) -> Variant:
        if (namespace, key) not in self.values:
            raise DBusError("org.freedesktop.portal.Error.NotFound", "Requested setting not found")
        return self.values[namespace, key]

    @method()
    def Read(self, namespace: "s", key: "s") -> "v":
        return Variant("v", self._value(namespace, key))

    @method()
    def ReadAll(self, namespaces: "as") -> "a{sa{sv}}":
        found: dict[str, dict[str, Variant]] = {}
        for (namespace, key), value in self.values.items():
            if not namespaces or namespace in namespaces:
                found.setdefault(namespace, {})[key] = value
        return found


class SettingsV2(Settings):
    @method()
    def ReadOne(self, namespace: "s", key: "s") -> "v":
        return self._value(namespace, key)


async def serve(ready: Path, args: list[str]) -> None:
    values: dict[tuple[str, str], Variant] = {}
    version = 2
    for option, value in zip(args[::2], args[1::2], strict=True):
        if option == "--reduced-motion":
            values["org.freedesktop.appearance", "reduced-motion"] = Variant("u", int(value))
        elif option == "--enable-animations":
            values["org.gnome.desktop.interface", "enable-animations"] = Variant("b", value == "true")
        elif option == "--contrast":
            values["org.freedesktop.appearance", "contrast"] = Variant("u", int(value))
        elif option == "--version":
            version = int(value)
    bus = await MessageBus().connect()
    bus.export(PATH, (SettingsV2 if version >= 2 else Settings)(values))
    await bus.request_name(NAME)
    ready.write_text("ready", encoding="utf-8")
    await bus.wait_for_disconnect()


if __name__ == "__main__":
    asyncio.run(serve(Path(sys.argv[1]), sys.argv[2:]))
