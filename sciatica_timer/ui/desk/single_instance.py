"""One window per data folder: starting the app again brings the running window to the front instead.

Who is running is decided by a lock file in the data folder (the system drops it when a process ends, crash
included), before any window or database is opened; the running one also listens on a local socket, private to
this user, where a second start asks it to show its window. QtNetwork is loaded only to ask (a second start)
or, on Windows, to listen (a named pipe); on Linux and other Unix systems the running one listens on a plain
Unix socket at the path QLocalSocket connects to, which spares it QtNetwork and the Kerberos libraries it
links (some 3 MiB of memory kept for the app's whole life).
"""

from __future__ import annotations

import contextlib
import logging
import os
import stat
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer

from sciatica_timer import APP_ID
from sciatica_timer.core.i18n import N_, _
from sciatica_timer.storage.locks import HeldLock

if TYPE_CHECKING:
    import _socket
    from collections.abc import Callable

    from PySide6.QtCore import QSocketNotifier, SignalInstance
    from PySide6.QtNetwork import QLocalServer, QLocalSocket
    from PySide6.QtWidgets import QWidget

log = logging.getLogger(__name__)

LOCK_FILE = ".instance.lock"
# Listen with QLocalServer (Windows' named pipes) rather than a plain Unix socket (tests try both here).
LISTEN_WITH_QTNETWORK = os.name != "posix"
ALREADY_RUNNING = N_("Sciatica Timer is already running; brought its window to the front.")  # shown: _()
ANSWER_WAIT_S = 10.0  # the running one listens only after its first paint; it may be starting right now
_CONNECT_MS = 500
_ACK_MS = 3000
_POLL_S = 0.05
LISTEN_FALLBACK_MS = 2000  # listen by then even if the window never painted (started minimized, say)
ALERT_AFTER_MS = 500  # if the window is not active by then, the desktop is asked to flag it instead
_MAX_MESSAGE = 64 * 1024
_MAX_SOCKET_PATH = 100  # a Unix socket's path must fit in 108 bytes


def server_name(data_dir: Path) -> str:
    """The socket's name: one per user and data folder, so ``--data-dir`` folders run side by side.

    Under a private runtime folder (``XDG_RUNTIME_DIR``) when there is one; otherwise a plain name, which
    Qt puts in the temporary folder (and on Windows makes a named pipe).
    """
    user = str(os.getuid()) if hasattr(os, "getuid") else os.environ.get("USERNAME", "")
    folder = os.path.realpath(data_dir)
    key = f"{user}\0{folder}".encode("utf-8", "surrogateescape")
    # Two checksums, not hashlib: that would load OpenSSL's libcrypto (3.4 MiB resident) for one name.
    digest = f"{zlib.crc32(key):08x}{zlib.adler32(key):08x}"
    name = f"{APP_ID}-{digest}"
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    if runtime and _private_folder(Path(runtime)):
        path = str(Path(runtime) / f"{name}.socket")
        if len(os.fsencode(path)) <= _MAX_SOCKET_PATH:
            return path
    return name


def _private_folder(path: Path) -> bool:
    try:
        info = path.stat()
    except OSError:
        return False
    owner_ok = not hasattr(os, "getuid") or info.st_uid == os.getuid()
    return stat.S_ISDIR(info.st_mode) and owner_ok and not info.st_mode & 0o077


@dataclass(frozen=True, slots=True)
class OtherInstance:
    """Another process runs for this data folder; ``answered``: it said it brought its window to the front."""

    data_dir: Path
    answered: bool

    @property
    def message(self) -> str:
        if self.answered:
            return _(ALREADY_RUNNING)
        return _(
            "Sciatica Timer is already running for {folder} but did not answer; close it and try again."
        ).format(folder=self.data_dir)

    @property
    def exit_code(self) -> int:
        return 0 if self.answered else 1


def claim_instance(data_dir: Path, arguments: list[str] | None = None) -> RunningInstance | OtherInstance:
    """Become the running instance for ``data_dir``, or ask the one running to come to the front.

    Call before the window or the history is opened: a second start must touch neither.
    """
    name = server_name(data_dir)
    try:
        lock = HeldLock.acquire(data_dir / LOCK_FILE)
    except OSError as exc:
        # No lock here (a strange file system): fall back to asking whoever listens, without waiting.
        log.warning("cannot use %s (%s); asking the socket only", data_dir / LOCK_FILE, exc)
        if ask_to_show(name, arguments or [], wait_s=0.0):
            return OtherInstance(data_dir, answered=True)
        return RunningInstance(name, None)
    if lock is not None:
        return RunningInstance(name, lock)
    return OtherInstance(data_dir, answered=ask_to_show(name, arguments or [], wait_s=ANSWER_WAIT_S))


def ask_to_show(name: str, arguments: list[str], *, wait_s: float) -> bool:
    """Ask the instance listening on ``name`` to show its window; True once it said it did.

    Tries for ``wait_s`` seconds while nobody listens yet. Needs no QCoreApplication: the socket is used in
    blocking mode.
    """
    import json

    from PySide6.QtNetwork import QLocalSocket

    message = {
        "command": "show",
        "arguments": arguments,
        # On Wayland, the token this start got from the launcher lets the running one take the focus.
        "activation_token": os.environ.get("XDG_ACTIVATION_TOKEN"),
    }
    data = json.dumps(message).encode("utf-8") + b"\n"
    deadline = time.monotonic() + wait_s
    while True:
        socket = QLocalSocket()
        socket.connectToServer(name)
        if socket.waitForConnected(_CONNECT_MS):
            try:
                return _send(socket, data)
            finally:
                socket.abort()
        if time.monotonic() >= deadline:
            log.info("no answer on %s: %s", name, socket.errorString())
            return False
        time.sleep(_POLL_S)  # nobody listens yet: the running one is still before its first paint


def _send(socket: QLocalSocket, data: bytes) -> bool:
    socket.write(data)
    socket.flush()
    deadline = time.monotonic() + _ACK_MS / 1000
    reply = b""
    while not reply.endswith(b"\n"):
        left_ms = round((deadline - time.monotonic()) * 1000)
        if left_ms <= 0 or not socket.waitForReadyRead(left_ms):
            break
        reply += bytes(socket.readAll().data())
    return reply.strip() == b"ok"


class RunningInstance:
    """This process is the one for its data folder: it holds the lock and, once listening, answers others."""

    def __init__(self, name: str, lock: HeldLock | None) -> None:
        self.name = name
        self._lock = lock  # held until the process ends
        self._server: QLocalServer | _UnixServer | None = None
        self._on_show: Callable[[], None] | None = None
        self._parent: QObject | None = None

    @property
    def listening(self) -> bool:
        return self._server is not None and self._server.isListening()

    def listen_after(self, ready: SignalInstance, on_show: Callable[[], None], parent: QObject) -> None:
        """Listen once ``ready`` fires (the window has painted and loaded), or after LISTEN_FALLBACK_MS."""
        self._on_show = on_show
        self._parent = parent
        fallback = QTimer(parent)
        fallback.setObjectName("single-instance-listen")
        fallback.setSingleShot(True)
        fallback.timeout.connect(self.listen)
        fallback.start(LISTEN_FALLBACK_MS)
        ready.connect(self.listen)

    def listen(self, on_show: Callable[[], None] | None = None) -> bool:
        """Start answering other starts (once; later calls only say whether it listens)."""
        if on_show is not None:
            self._on_show = on_show
        if self._server is not None:
            return self._server.isListening()
        if not LISTEN_WITH_QTNETWORK:
            return self._listen_on_unix_socket()
        from PySide6.QtNetwork import QLocalServer

        server = QLocalServer(self._parent)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        if self._lock is not None:
            # We hold the lock, so a socket left under this name belongs to a process that is gone (a crash).
            QLocalServer.removeServer(self.name)
        self._server = server
        if not server.listen(self.name):
            log.warning("cannot listen for other starts on %s: %s", self.name, server.errorString())
            return False
        server.newConnection.connect(self._on_connection)
        log.info("listening for other starts on %s", server.fullServerName())
        return True

    def _listen_on_unix_socket(self) -> bool:
        server = _UnixServer(_socket_path(self.name), self._on_message, self._parent)
        self._server = server
        # We hold the lock, so a socket left under this name belongs to a process that is gone (a crash).
        problem = server.listen(replace_stale=self._lock is not None)
        if problem:
            log.warning("cannot listen for other starts on %s: %s", server.path, problem)
            return False
        log.info("listening for other starts on %s", server.path)
        return True

    def _on_connection(self) -> None:
        server = self._server
        if server is None or isinstance(server, _UnixServer):
            return
        while (socket := server.nextPendingConnection()) is not None:
            _Caller(socket, self._on_message)

    def _on_message(self, message: object) -> bool:
        if not isinstance(message, dict) or message.get("command") != "show":
            log.warning("another start sent something unknown: %.200r", message)
            return False
        token = message.get("activation_token")
        if isinstance(token, str) and 0 < len(token) < 1024 and token.isprintable():
            os.environ["XDG_ACTIVATION_TOKEN"] = token  # Qt's Wayland plugin reads it when activating
        log.info("another start asked for the window (arguments %s)", message.get("arguments"))
        if self._on_show is not None:
            self._on_show()
        return True

    def close(self) -> None:
        if self._server is not None:
            self._server.close()
        if self._lock is not None:
            self._lock.release()
            self._lock = None


def _answer(line: bytes, handle: Callable[[object], bool]) -> bytes:
    """The reply to one line from another start: "ok" once ``handle`` has acted on it, else "unknown"."""
    import json  # here, not at the top: the check for another start runs before the first frame

    try:
        message = json.loads(line)
    except ValueError:
        message = None
    return b"ok\n" if handle(message) else b"unknown\n"


def _socket_path(name: str) -> str:
    """Where QLocalSocket looks for ``name`` on Unix: the name itself when it is a path, else a file of that
    name in Qt's temporary folder (``TMPDIR``, or /tmp)."""
    if Path(name).is_absolute():
        return name
    return str(Path(os.environ.get("TMPDIR") or "/tmp") / name)  # noqa: S108 - Qt's own choice


class _UnixServer:
    """The listening end on Unix: a non-blocking Unix socket whose readiness a QSocketNotifier reports to
    the event loop; each caller is read by a ``_UnixCaller``. Private to this user: the app's umask (0077)
    leaves the socket file to its owner.

    Built on ``_socket``, the C module under the standard library's ``socket``: the latter's address, kind
    and flag enums alone take some 0.9 MiB of memory, for nothing this server uses.
    """

    def __init__(self, path: str, handle: Callable[[object], bool], parent: QObject | None) -> None:
        self.path = path
        self._handle = handle
        self._parent = parent
        self._socket: _socket.socket | None = None
        self._notifier: QSocketNotifier | None = None
        self._callers: set[_UnixCaller] = set()

    def listen(self, *, replace_stale: bool) -> str:
        """Start listening; why not, or ""."""
        import _socket

        from PySide6.QtCore import QSocketNotifier

        listener = _socket.socket(_socket.AF_UNIX, _socket.SOCK_STREAM)
        try:
            if replace_stale:
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(self.path)  # noqa: PTH108 - the socket itself, never what a link points to
            listener.bind(self.path)
            listener.listen(8)
            listener.setblocking(False)
        except OSError as exc:
            listener.close()
            return exc.strerror or str(exc)
        self._socket = listener
        self._notifier = QSocketNotifier(listener.fileno(), QSocketNotifier.Type.Read, self._parent)
        self._notifier.activated.connect(self._accept)
        return ""

    def isListening(self) -> bool:  # answers as QLocalServer does
        return self._socket is not None

    def _accept(self) -> None:
        if self._socket is None:
            return
        while True:
            import _socket

            try:
                # What socket.socket.accept() itself calls: (the new connection's descriptor, its address).
                descriptor, _address = self._socket._accept()  # type: ignore[attr-defined]
                connection = _socket.socket(fileno=descriptor)
            except (BlockingIOError, InterruptedError):
                return
            except OSError as exc:
                log.warning("cannot take a call from another start: %s", exc)
                return
            caller = _UnixCaller(connection, self._handle, self._parent, self._callers.discard)
            self._callers.add(caller)

    def close(self) -> None:
        if self._notifier is not None:
            self._notifier.setEnabled(False)
            self._notifier.deleteLater()
            self._notifier = None
        for caller in list(self._callers):
            caller.hang_up()
        if self._socket is not None:
            self._socket.close()
            self._socket = None
            with contextlib.suppress(OSError):
                os.unlink(self.path)  # noqa: PTH108 - as QLocalServer.close() does


class _UnixCaller:
    """One connection from another start, on Unix: reads one JSON line, answers "ok", hangs up."""

    def __init__(
        self,
        connection: _socket.socket,
        handle: Callable[[object], bool],
        parent: QObject | None,
        forget: Callable[[_UnixCaller], None],
    ) -> None:
        from PySide6.QtCore import QSocketNotifier

        connection.setblocking(False)
        self._connection: _socket.socket | None = connection
        self._handle = handle
        self._forget = forget
        self._buffer = b""
        self._timeout = QTimer(parent)
        self._timeout.setObjectName("single-instance-caller")
        self._timeout.setSingleShot(True)
        self._timeout.timeout.connect(self._give_up)
        self._timeout.start(_ACK_MS)
        self._notifier = QSocketNotifier(connection.fileno(), QSocketNotifier.Type.Read, parent)
        self._notifier.activated.connect(self._on_ready_read)

    def _give_up(self) -> None:
        log.warning("another start connected but sent nothing usable")
        self.hang_up()

    def _on_ready_read(self) -> None:
        if self._connection is None:
            return
        try:
            chunk = self._connection.recv(_MAX_MESSAGE)
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            chunk = b""
        if not chunk:  # the caller hung up first
            self.hang_up()
            return
        self._buffer += chunk
        if len(self._buffer) > _MAX_MESSAGE:
            self.hang_up()
            return
        line, newline, _rest = self._buffer.partition(b"\n")
        if not newline:
            return
        reply = _answer(line, self._handle)
        with contextlib.suppress(OSError):
            self._connection.sendall(reply)  # a few bytes: never blocks
        self.hang_up()

    def hang_up(self) -> None:
        self._timeout.stop()
        self._timeout.deleteLater()
        self._notifier.setEnabled(False)
        self._notifier.deleteLater()
        if self._connection is not None:
            self._connection.close()
            self._connection = None
        self._forget(self)


class _Caller(QObject):
    """One connection from another start: reads one JSON line, answers "ok", hangs up."""

    def __init__(self, socket: QLocalSocket, handle: Callable[[object], bool]) -> None:
        super().__init__(socket)
        self._socket = socket
        self._handle = handle
        self._buffer = b""
        self._timeout = QTimer(self)
        self._timeout.setObjectName("single-instance-caller")
        self._timeout.setSingleShot(True)
        self._timeout.timeout.connect(self._give_up)
        self._timeout.start(_ACK_MS)
        socket.readyRead.connect(self._on_ready_read)
        socket.disconnected.connect(self._on_disconnected)
        self._on_ready_read()

    def _give_up(self) -> None:
        log.warning("another start connected but sent nothing usable")
        self._socket.abort()

    def _on_disconnected(self) -> None:
        self._timeout.stop()
        self._socket.deleteLater()

    def _on_ready_read(self) -> None:
        self._buffer += bytes(self._socket.readAll().data())
        if len(self._buffer) > _MAX_MESSAGE:
            self._socket.abort()
            return
        line, newline, _rest = self._buffer.partition(b"\n")
        if not newline:
            return
        self._timeout.stop()
        self._socket.write(_answer(line, self._handle))
        self._socket.disconnectFromServer()  # after what was written has gone


def bring_to_front(
    window: QWidget, leave_mini: Callable[[], None] = lambda: None, alert_timer: QTimer | None = None
) -> None:
    """Show the window however it was hidden (the mini player, through ``leave_mini``; the tray; minimized)
    and ask for the focus.

    Desktops may refuse the focus to an app that was not clicked; then, after ``alert_timer``, the window is
    flagged in the taskbar instead (QApplication.alert).
    """
    from PySide6.QtCore import Qt

    leave_mini()
    state = window.windowState()
    if state & Qt.WindowState.WindowMinimized:
        # Unlike showNormal, this keeps a maximized window maximized.
        window.setWindowState((state & ~Qt.WindowState.WindowMinimized) | Qt.WindowState.WindowActive)
    window.show()
    window.raise_()
    window.activateWindow()
    if alert_timer is not None:
        alert_timer.start(ALERT_AFTER_MS)
    log.info("brought the window to the front")


def serve(
    instance: RunningInstance, window: QWidget, loaded: SignalInstance, leave_mini: Callable[[], None]
) -> None:
    """Listen once ``window`` has ``loaded``, and bring it to the front when another start asks."""
    from PySide6.QtWidgets import QApplication

    alert = QTimer(window)
    alert.setObjectName("single-instance-alert")
    alert.setSingleShot(True)
    alert.timeout.connect(lambda: None if window.isActiveWindow() else QApplication.alert(window))
    instance.listen_after(loaded, lambda: bring_to_front(window, leave_mini, alert), window)
