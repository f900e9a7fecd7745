"""The desktop's session bus: notifications with action buttons, Do Not Disturb, idle time, the lock screen.

Loaded only when a reminder first falls due, never on the way to the first window. The D-Bus wire work is
done by jeepney (pure Python): PySide6's QtDBus cannot send an unsigned 32-bit integer, and the
notification spec's ``Notify`` takes one (``replaces_id``), so QtDBus cannot send a notification from Python
at all. Every call waits at most CALL_TIMEOUT_S; a service that does not answer in time is not asked again
in this run, so a broken desktop service can slow one reminder by a moment, never freeze the window.
Signals (an action clicked, a notification closed) arrive through a QSocketNotifier on the bus's socket.
"""

from __future__ import annotations

import contextlib
import logging
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QSocketNotifier, QTimer, Signal

if TYPE_CHECKING:
    from jeepney.io.blocking import DBusConnection
    from jeepney.low_level import Message

log = logging.getLogger(__name__)

CALL_TIMEOUT_S = 0.5
NOTIFICATIONS = ("org.freedesktop.Notifications", "/org/freedesktop/Notifications")
MUTTER_IDLE = ("org.gnome.Mutter.IdleMonitor", "/org/gnome/Mutter/IdleMonitor/Core")
SCREENSAVERS = (  # (service, path, interface): GNOME's lock screen, then freedesktop's (KDE and others)
    ("org.gnome.ScreenSaver", "/org/gnome/ScreenSaver", "org.gnome.ScreenSaver"),
    ("org.freedesktop.ScreenSaver", "/org/freedesktop/ScreenSaver", "org.freedesktop.ScreenSaver"),
    ("org.freedesktop.ScreenSaver", "/ScreenSaver", "org.freedesktop.ScreenSaver"),  # KDE's older path
)


def _open_session_bus() -> DBusConnection:
    """jeepney's ``open_dbus_connection`` bounds the authentication but then waits without end for the bus's
    answer to ``Hello``; a bus that accepts and never answers would freeze the window. Here ``Hello`` has the
    same bound as every other call."""
    from jeepney.bus import get_bus
    from jeepney.bus_messages import message_bus
    from jeepney.io.blocking import DBusConnection, DBusConnectionBase, Proxy, prep_socket
    from jeepney.io.common import MessageFilters

    class BoundedConnection(DBusConnection):  # type: ignore[misc]
        def __init__(self, sock: Any) -> None:
            DBusConnectionBase.__init__(self, sock)  # what DBusConnection does, but a bounded Hello
            self._filters = MessageFilters()
            self.bus_proxy = Proxy(message_bus, self, timeout=CALL_TIMEOUT_S)
            try:
                self.unique_name = self.bus_proxy.Hello()[0]
            except BaseException:
                self.close()
                raise

    return BoundedConnection(prep_socket(get_bus("SESSION"), timeout=CALL_TIMEOUT_S))


class DesktopBus(QObject):
    """One connection to the session bus, or none (no bus, or it cannot be reached)."""

    signal_received = Signal(object)  # a jeepney Message

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("desktop-bus")
        self._conn: DBusConnection | None = None
        self._notifier: QSocketNotifier | None = None
        self._dead: set[str] = set()  # services that did not answer in time
        self._queue: Any = None
        try:
            from jeepney import MatchRule
            from jeepney.bus_messages import message_bus

            self._conn = _open_session_bus()
            rule = MatchRule(type="signal", interface="org.freedesktop.Notifications")
            self._queue = self._conn.filter(rule, bufsize=64).queue
            self._conn.send_and_get_reply(message_bus.AddMatch(rule), timeout=CALL_TIMEOUT_S)
        except (OSError, KeyError, ValueError, TimeoutError, RuntimeError, ImportError) as exc:
            # KeyError: no DBUS_SESSION_BUS_ADDRESS; OSError: the socket is gone.
            log.info("no session bus: %s", exc)
            self.close()
            return
        self._notifier = QSocketNotifier(self._conn.sock.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._read)

    @property
    def connected(self) -> bool:
        return self._conn is not None

    def call(
        self, service: str, path: str, interface: str, method: str, signature: str = "", *args: Any
    ) -> Any:
        """The reply's values, or None when there is no such service or it failed or did not answer."""
        if self._conn is None or service in self._dead:
            return None
        from jeepney import DBusAddress, new_method_call
        from jeepney.low_level import MessageType

        message = new_method_call(DBusAddress(path, service, interface), method, signature or None, args)
        try:
            reply = self._conn.send_and_get_reply(message, timeout=CALL_TIMEOUT_S)
        except TimeoutError:
            log.warning("%s did not answer %s in time; not asked again", service, method)
            self._dead.add(service)
            return None
        except (OSError, ValueError, RuntimeError) as exc:
            log.warning("the session bus went away: %s", exc)
            self.close()
            return None
        finally:
            QTimer.singleShot(0, self._deliver)  # signals that came in while waiting for the reply
        if reply.header.message_type is MessageType.error:
            log.debug("%s.%s: %s", interface, method, reply.body)
            return None
        return reply.body

    def get_property(self, service: str, path: str, interface: str, name: str) -> Any:
        body = self.call(service, path, "org.freedesktop.DBus.Properties", "Get", "ss", interface, name)
        if not body:
            return None
        _signature, value = body[0]
        return value

    def close(self) -> None:
        if self._notifier is not None:
            self._notifier.setEnabled(False)
            self._notifier.deleteLater()
            self._notifier = None
        if self._conn is not None:
            with contextlib.suppress(OSError):
                self._conn.close()
            self._conn = None

    def _read(self) -> None:
        if self._conn is None:
            return
        try:
            while True:
                self._conn.recv_messages(timeout=0)
        except TimeoutError:
            pass  # all read
        except (OSError, ValueError, RuntimeError) as exc:
            log.warning("the session bus went away: %s", exc)
            self.close()
        self._deliver()

    def _deliver(self) -> None:
        while self._queue:
            message: Message = self._queue.popleft()
            self.signal_received.emit(message)


class DesktopNotifications(QObject):
    """Reminders as desktop notifications with buttons; each new one replaces the one before."""

    action_invoked = Signal(str)  # the key of the button clicked ("default": the notification itself)
    closed = Signal()

    def __init__(self, bus: DesktopBus, app_name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("desktop-notifications")
        self._bus = bus
        self._app_name = app_name
        self.current_id = 0
        bus.signal_received.connect(self._on_signal)

    def show(self, title: str, text: str, actions: list[tuple[str, str]], *, timeout_ms: int = 0) -> bool:
        """Shown (replacing the last one); False when there is no notification service to show it."""
        flat = [part for action in actions for part in action]
        hints = {"urgency": ("y", 1), "category": ("s", "x-sciatica-timer.reminder")}
        body = self._bus.call(
            *NOTIFICATIONS,
            "org.freedesktop.Notifications",
            "Notify",
            "susssasa{sv}i",
            self._app_name,
            self.current_id,
            "sciatica-timer",
            title,
            text,
            flat,
            hints,
            timeout_ms,
        )
        if not body:
            self.current_id = 0
            return False
        self.current_id = int(body[0])
        return True

    def close(self) -> None:
        """Take the shown notification away (it was answered in the window)."""
        if self.current_id:
            shown, self.current_id = self.current_id, 0
            self._bus.call(*NOTIFICATIONS, "org.freedesktop.Notifications", "CloseNotification", "u", shown)

    def do_not_disturb(self) -> bool:
        """The desktop's Do Not Disturb, where the service tells (its ``Inhibited`` property)."""
        return self._bus.get_property(*NOTIFICATIONS, "org.freedesktop.Notifications", "Inhibited") is True

    def _on_signal(self, message: Message) -> None:
        member = message.header.fields.get(_member_field())
        body = message.body
        if not body or not self.current_id or body[0] != self.current_id:
            return  # another app's notification, or one replaced since
        if member == "ActionInvoked" and len(body) >= 2:
            self.current_id = 0
            self.action_invoked.emit(str(body[1]))
        elif member == "NotificationClosed":
            self.current_id = 0
            self.closed.emit()


def _member_field() -> object:
    from jeepney.low_level import HeaderFields

    return HeaderFields.member


def mutter_idle_s(bus: DesktopBus) -> float | None:
    """Seconds since the person last touched the keyboard or mouse, from GNOME's idle monitor."""
    body = bus.call(*MUTTER_IDLE, "org.gnome.Mutter.IdleMonitor", "GetIdletime")
    return float(body[0]) / 1000 if body else None


def screensaver_idle_s(bus: DesktopBus) -> float | None:
    """The same from the freedesktop screen saver (KDE and others). Asked after the X server: the draft spec
    says seconds, but not every desktop may keep to it."""
    for service, path, interface in SCREENSAVERS[1:]:
        body = bus.call(service, path, interface, "GetSessionIdleTime")
        if body:
            return float(body[0])
    return None


def screen_locked(bus: DesktopBus) -> bool:
    for service, path, interface in SCREENSAVERS:
        body = bus.call(service, path, interface, "GetActive")
        if body:
            return bool(body[0])
    return False
