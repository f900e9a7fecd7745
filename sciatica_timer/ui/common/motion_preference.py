"""Whether the desktop asks for less motion: the XDG settings portal's ``reduced-motion`` (newer portals),
else GNOME's ``enable-animations`` through the same portal. Qt reports no such thing.

A session bus call that can wait (up to ``CALL_TIMEOUT_S`` each): call ``desktop_wants_reduced_motion`` in a
worker thread, and only once a screen that moves is wanted; it never runs on the way to the first window.
"""

from __future__ import annotations

from typing import Any

PORTAL = (
    "org.freedesktop.portal.Desktop",
    "/org/freedesktop/portal/desktop",
    "org.freedesktop.portal.Settings",
)
CALL_TIMEOUT_S = 0.5
# (namespace, key, whether a value asks for less motion), the portal's own key first.
MOTION_KEYS: tuple[tuple[str, str, Any], ...] = (
    ("org.freedesktop.appearance", "reduced-motion", lambda value: int(value) == 1),  # 0: no preference
    ("org.gnome.desktop.interface", "enable-animations", lambda value: not bool(value)),
)


def desktop_wants_reduced_motion() -> bool | None:
    """True or False when the desktop says; None when it cannot say (no session bus, no portal, no key)."""
    from jeepney import DBusErrorResponse

    try:
        connection = _open_session_bus()
    except (OSError, TimeoutError, DBusErrorResponse, ValueError, KeyError):
        return None
    with connection:
        for namespace, key, asks_for_less in MOTION_KEYS:
            value = _read_setting(connection, namespace, key)
            if value is not None:
                try:
                    return bool(asks_for_less(value))
                except (TypeError, ValueError):
                    continue  # a value of the wrong type: as if the key were not there
    return None


def _open_session_bus() -> Any:
    """The session bus, with every wait bounded: jeepney's own ``open_dbus_connection`` waits without end for
    the bus's answer to ``Hello`` (the desk's notifications bound it the same way)."""
    from jeepney.bus import get_bus
    from jeepney.bus_messages import message_bus
    from jeepney.io.blocking import DBusConnection, DBusConnectionBase, Proxy, prep_socket
    from jeepney.io.common import MessageFilters

    class BoundedConnection(DBusConnection):  # type: ignore[misc]
        def __init__(self, sock: Any) -> None:
            DBusConnectionBase.__init__(self, sock)
            self._filters = MessageFilters()
            self.bus_proxy = Proxy(message_bus, self, timeout=CALL_TIMEOUT_S)
            try:
                self.unique_name = self.bus_proxy.Hello()[0]
            except BaseException:
                self.close()
                raise

    return BoundedConnection(prep_socket(get_bus("SESSION"), timeout=CALL_TIMEOUT_S))


def _read_setting(connection: Any, namespace: str, key: str) -> object | None:
    """One setting's value, by ``ReadOne`` (portal version 2), else the older ``Read``; None if not there."""
    from jeepney import DBusAddress, DBusErrorResponse, new_method_call
    from jeepney.wrappers import unwrap_msg

    service, path, interface = PORTAL
    address = DBusAddress(path, bus_name=service, interface=interface)
    for method in ("ReadOne", "Read"):
        try:
            reply = connection.send_and_get_reply(
                new_method_call(address, method, "ss", (namespace, key)), timeout=CALL_TIMEOUT_S
            )
            body = unwrap_msg(reply)
        except DBusErrorResponse as error:
            if error.name == "org.freedesktop.DBus.Error.UnknownMethod":
                continue  # an older portal: ask with Read
            return None  # no portal, or it does not know the key
        except (OSError, TimeoutError):
            return None
        value: object = body[0] if body else None
        while isinstance(value, tuple) and len(value) == 2 and isinstance(value[0], str):
            value = value[1]  # a variant (signature, value); Read wraps it twice
        return value
    return None
