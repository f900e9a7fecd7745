"""One window per data folder: a second start brings the running window to the front and exits at once.

The end-to-end tests run the real app (``python -m sciatica_timer --data-dir DIR``) on the test's X server.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from functools import partial
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from sciatica_timer.storage.locks import HeldLock
from sciatica_timer.ui.desk.single_instance import (
    ALREADY_RUNNING,
    LOCK_FILE,
    OtherInstance,
    RunningInstance,
    ask_to_show,
    bring_to_front,
    claim_instance,
    server_name,
)
from tests.ui.player_support import Harness

START_TIMEOUT_S = 60.0  # a generous bound for a loaded machine; the loops below end as soon as they can
POLL_S = 0.05
LISTENING = "listening for other starts"
BROUGHT = "brought the window to the front"


@pytest.fixture
def runtime_dir(monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A private runtime folder of the test's own, so the sockets are where the test can see them.

    Made by tempfile (a short path): a socket's path must fit in about 100 bytes, which tmp_path may not.
    """
    with tempfile.TemporaryDirectory(prefix="st-run-") as folder:
        monkeypatch.setenv("XDG_RUNTIME_DIR", folder)
        yield Path(folder)


class Apps:
    """Real app processes started by a test; whatever still runs at the end is stopped."""

    def __init__(self) -> None:
        self.running: list[subprocess.Popen[str]] = []
        self.env = dict(os.environ)
        if self.env.get("DISPLAY"):
            self.env["QT_QPA_PLATFORM"] = "xcb"  # a real window on the test's X server

    def command(self, data_dir: Path) -> list[str]:
        return [sys.executable, "-m", "sciatica_timer", "--data-dir", str(data_dir)]

    def start(self, data_dir: Path) -> subprocess.Popen[str]:
        """Start the window and wait until it listens for other starts."""
        before = log_count(data_dir, LISTENING)
        proc = subprocess.Popen(
            self.command(data_dir),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            env=self.env,
        )
        self.running.append(proc)
        wait_for_log(data_dir, LISTENING, before + 1, proc)
        return proc

    def start_again(self, data_dir: Path) -> subprocess.CompletedProcess[str]:
        """A second start: it must end on its own (a second window would never exit and time out here)."""
        return subprocess.run(
            self.command(data_dir),
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            env=self.env,
            timeout=START_TIMEOUT_S,
            check=False,
        )

    def stop_all(self) -> None:
        for proc in self.running:
            if proc.poll() is None:
                proc.terminate()
            proc.communicate(timeout=START_TIMEOUT_S)


@pytest.fixture
def apps(runtime_dir: Path) -> Iterator[Apps]:
    found = Apps()
    yield found
    found.stop_all()


def log_text(data_dir: Path) -> str:
    path = data_dir / "logs" / "sciatica-timer.log"
    return path.read_text(encoding="utf-8") if path.exists() else ""


def log_count(data_dir: Path, text: str) -> int:
    return log_text(data_dir).count(text)


def wait_for_log(data_dir: Path, text: str, count: int, proc: subprocess.Popen[str]) -> None:
    """Poll the log until ``text`` is in it ``count`` times, failing at once if the process ends first."""
    deadline = time.monotonic() + START_TIMEOUT_S
    while log_count(data_dir, text) < count:
        if proc.poll() is not None:
            _, err = proc.communicate()
            raise AssertionError(f"the app ended ({proc.returncode}) before logging {text!r}: {err}")
        if time.monotonic() > deadline:
            raise AssertionError(f"no {text!r} in the log after {START_TIMEOUT_S} s:\n{log_text(data_dir)}")
        time.sleep(POLL_S)  # the log is a file: nothing to wait on but its content


def history_files(data_dir: Path) -> list[str]:
    """What is in the data folder besides the logs: a history opened here would add or remove files."""
    return sorted(p.name for p in data_dir.iterdir() if p.name != "logs")


# -- real processes ----------------------------------------------------------------------------------------


@pytest.mark.slow
def test_a_second_start_brings_the_first_to_the_front_and_opens_nothing(apps: Apps, tmp_path: Path) -> None:
    data = tmp_path / "data"
    first = apps.start(data)
    socket_path = Path(server_name(data))
    assert socket_path.is_socket()
    assert socket_path.stat().st_mode & 0o077 == 0, "the socket is for this user only"
    # The first has the history open; take its file away (the first keeps its open handles). If the second
    # start opened the history, a new history.sqlite3 would appear, and a writer lock would come and go.
    for name in ("history.sqlite3", "history.sqlite3-wal", "history.sqlite3-shm"):
        (data / name).unlink(missing_ok=True)
    before = history_files(data)
    folder_changed = data.stat().st_mtime_ns

    for count in (1, 2):
        second = apps.start_again(data)
        assert second.returncode == 0, second.stderr
        assert second.stderr == ALREADY_RUNNING + "\n"
        wait_for_log(data, BROUGHT, count, first)

    assert history_files(data) == before
    assert not (data / "history.sqlite3").exists()
    assert data.stat().st_mtime_ns == folder_changed, "nothing was created or removed in the data folder"
    assert first.poll() is None, "the first one still runs"


@pytest.mark.slow
def test_a_socket_left_by_a_crash_is_taken_over(apps: Apps, tmp_path: Path) -> None:
    data = tmp_path / "data"
    first = apps.start(data)
    first.send_signal(signal.SIGKILL)
    first.communicate(timeout=START_TIMEOUT_S)
    socket_path = Path(server_name(data))
    assert socket_path.is_socket(), "a killed process leaves its socket behind"
    with socket.socket(socket.AF_UNIX) as probe, pytest.raises(ConnectionRefusedError):
        probe.connect(str(socket_path))  # ... and nobody answers on it

    again = apps.start(data)  # waits until it listens: it cleared the stale socket
    second = apps.start_again(data)
    assert second.returncode == 0, second.stderr
    assert second.stderr == ALREADY_RUNNING + "\n"
    wait_for_log(data, BROUGHT, 1, again)


@pytest.mark.slow
def test_each_data_folder_has_its_own_window(apps: Apps, tmp_path: Path) -> None:
    one = apps.start(tmp_path / "one")
    two = apps.start(tmp_path / "two")
    assert server_name(tmp_path / "one") != server_name(tmp_path / "two")
    assert one.poll() is None
    assert two.poll() is None
    assert log_count(tmp_path / "one", "another start asked") == 0
    assert log_count(tmp_path / "two", "another start asked") == 0


# -- in one process ----------------------------------------------------------------------------------------


def test_claiming_a_free_folder_loads_no_qtnetwork(tmp_path: Path) -> None:
    """The first start pays nothing for QtNetwork before its window paints."""
    script = (
        "import sys\nfrom pathlib import Path\n"
        "from sciatica_timer.ui.desk.single_instance import RunningInstance, claim_instance\n"
        f"assert isinstance(claim_instance(Path({str(tmp_path)!r})), RunningInstance)\n"
        "print('PySide6.QtNetwork' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_the_lock_decides_who_runs(tmp_path: Path, runtime_dir: Path) -> None:
    first = claim_instance(tmp_path)
    assert isinstance(first, RunningInstance)
    assert (tmp_path / LOCK_FILE).exists()
    first.close()
    again = claim_instance(tmp_path)
    assert isinstance(again, RunningInstance), "a released lock belongs to nobody"
    again.close()


def test_a_running_instance_that_never_answers_is_reported(
    tmp_path: Path, runtime_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sciatica_timer.ui.desk.single_instance.ANSWER_WAIT_S", 0.0)
    held = HeldLock.acquire(tmp_path / LOCK_FILE)
    assert held is not None
    try:
        other = claim_instance(tmp_path)
    finally:
        held.release()
    assert isinstance(other, OtherInstance)
    assert not other.answered
    assert other.exit_code == 1
    assert str(tmp_path) in other.message
    assert "\n" not in other.message


@pytest.mark.parametrize("qtnetwork", [False, True], ids=["unix-socket", "qlocalserver"])
def test_the_running_one_answers_a_second_start(
    qtbot: QtBot, tmp_path: Path, runtime_dir: Path, monkeypatch: pytest.MonkeyPatch, qtnetwork: bool
) -> None:
    """The lock is held here and this process listens (on a plain Unix socket as on Linux, or through
    QLocalServer as on Windows); a real second start asks it to show its window."""
    monkeypatch.setattr("sciatica_timer.ui.desk.single_instance.LISTEN_WITH_QTNETWORK", qtnetwork)
    instance = claim_instance(tmp_path)
    assert isinstance(instance, RunningInstance)
    shown: list[bool] = []
    try:
        assert instance.listen(lambda: shown.append(True))
        second = subprocess.Popen(
            [sys.executable, "-m", "sciatica_timer", "--data-dir", str(tmp_path)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        qtbot.waitUntil(lambda: second.poll() is not None, timeout=round(START_TIMEOUT_S * 1000))
        out, err = second.communicate()
    finally:
        instance.close()
    assert second.returncode == 0, err
    assert err == ALREADY_RUNNING + "\n"
    assert out == ""
    assert shown == [True]
    assert not (tmp_path / "history.sqlite3").exists()


def test_asking_where_nobody_listens_gives_up(runtime_dir: Path, tmp_path: Path) -> None:
    assert not ask_to_show(server_name(tmp_path), [], wait_s=0.0)


def test_names_differ_by_folder_and_user_and_agree_on_one_folder(
    tmp_path: Path, runtime_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "real").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "real")
    name = server_name(tmp_path / "real")
    assert server_name(tmp_path / "link") == name, "two spellings of one folder are one instance"
    assert name.startswith(str(runtime_dir) + os.sep)
    assert server_name(tmp_path / "other") != name
    monkeypatch.setattr(os, "getuid", lambda: 4242)
    assert server_name(tmp_path / "real") != name, "another user has another name"


def test_names_avoid_a_runtime_folder_others_can_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shared = tmp_path / "shared"
    shared.mkdir(mode=0o755)
    shared.chmod(0o755)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(shared))
    name = server_name(tmp_path)
    assert os.sep not in name, "a plain name: Qt puts it in the temporary folder"


def test_bring_to_front_from_hidden_and_minimized(harness: Harness) -> None:
    window = harness.window
    window.hide()
    bring_to_front(window, window.session_flow.leave_mini)
    assert window.isVisible()
    window.showMinimized()
    harness.qtbot.waitUntil(window.isMinimized)
    bring_to_front(window, window.session_flow.leave_mini)
    assert not window.isMinimized()
    assert window.isVisible()


def test_names_avoid_a_runtime_path_too_long_for_a_socket(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    deep = tmp_path / ("x" * 90)
    deep.mkdir(mode=0o700)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(deep))
    assert os.sep not in server_name(tmp_path)


def test_bring_to_front_from_the_mini_player(harness: Harness) -> None:
    window = harness.window
    harness.start()
    window.toggle_mini()
    assert window.mini is not None
    assert window.mini.isVisible()
    assert not window.isVisible()
    bring_to_front(window, window.session_flow.leave_mini)
    assert window.isVisible()
    assert not window.mini.isVisible()


def test_listening_on_linux_loads_no_qtnetwork_and_keeps_the_socket_private(
    tmp_path: Path, runtime_dir: Path
) -> None:
    """The running one listens on a plain Unix socket (QtNetwork would stay in memory for the app's life);
    only its owner may connect, and closing removes it."""
    script = (
        "import os, stat, sys\nfrom pathlib import Path\n"
        "from PySide6.QtCore import QCoreApplication\n"
        "from sciatica_timer.ui.desk.single_instance import claim_instance\n"
        "os.umask(0o077)  # as the app sets it\n"
        "app = QCoreApplication([])\n"
        f"instance = claim_instance(Path({str(tmp_path)!r}))\n"
        "assert instance.listen(lambda: None)\n"
        "mode = stat.S_IMODE(os.stat(instance.name).st_mode)\n"
        "print('PySide6.QtNetwork' in sys.modules, oct(mode & 0o077))\n"
        "instance.close()\n"
        "print(os.path.exists(instance.name))\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "0o0", "False"]


def _call(path: Path, data: bytes) -> bytes:
    """What the running one answers to ``data`` (read until it hangs up)."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as caller:
        caller.settimeout(START_TIMEOUT_S)
        caller.connect(str(path))
        reply = b""
        try:
            caller.sendall(data)
            while chunk := caller.recv(64):
                reply += chunk
        except (BrokenPipeError, ConnectionResetError):
            pass  # hung up on while still sending: that is an answer too
        return reply


def _call_into(path: Path, data: bytes, replies: list[bytes]) -> None:
    replies.append(_call(path, data))


def _ended(thread: threading.Thread) -> bool:
    return not thread.is_alive()


def test_a_caller_that_sends_nonsense_or_nothing_is_answered_and_let_go(
    qtbot: QtBot, tmp_path: Path, runtime_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sciatica_timer.ui.desk.single_instance._ACK_MS", 200)
    instance = claim_instance(tmp_path)
    assert isinstance(instance, RunningInstance)
    shown: list[bool] = []
    replies: list[bytes] = []
    try:
        assert instance.listen(lambda: shown.append(True))
        path = Path(instance.name)
        calls = (
            b"not json\n",
            b'{"command": "delete everything"}\n',
            b"",
            b"x" * 70_000,
            b'{"command": "show"}\n',
        )
        for data in calls:  # one after the other, each from a thread while this one runs the event loop
            caller = threading.Thread(target=_call_into, args=(path, data, replies))
            caller.start()
            qtbot.waitUntil(partial(_ended, caller), timeout=round(START_TIMEOUT_S * 1000))
    finally:
        instance.close()
    assert replies == [b"unknown\n", b"unknown\n", b"", b"", b"ok\n"]
    assert shown == [True], "only the real request showed the window"
