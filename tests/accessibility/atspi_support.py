"""The real app on a real accessibility bus, read from outside as a screen reader reads it.

A private session bus (``dbus-daemon --session``) starts at-spi2-core's bus launcher and registry on demand;
the app runs on the test's X server with ``QT_ACCESSIBILITY=1``; ``atspi_reader.py`` runs under the system's
Python (with ``python3-pyatspi``), reads the app's tree, does its actions and records its announcements.
Everything waits on a condition with a deadline, never for a fixed time.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

SYSTEM_PYTHON = "/usr/bin/python3"
READER = Path(__file__).with_name("atspi_reader.py")
DEADLINE_S = 60.0  # generous for a loaded machine: every loop ends as soon as its condition holds
POLL_S = 0.1  # another process's tree: nothing to wait on but asking again


class AccessibilityBusUnavailableError(RuntimeError):
    """No session bus, accessibility bus or pyatspi here (the reason is in the message)."""


def missing_parts() -> str | None:
    """What this machine lacks to run the tests (packaging/system-deps.sh test installs it), or None."""
    if not os.environ.get("DISPLAY"):
        return "no X server (the tests run under Xvfb)"
    if shutil.which("dbus-daemon") is None:
        return "no dbus-daemon"
    if not Path("/usr/libexec/at-spi-bus-launcher").exists():
        return "no at-spi2-core (at-spi-bus-launcher)"
    probe = subprocess.run(
        [SYSTEM_PYTHON, "-c", "import gi; gi.require_version('Atspi', '2.0'); import pyatspi"],
        capture_output=True,
        text=True,
        check=False,
    )
    if probe.returncode != 0:
        return f"no python3-pyatspi for {SYSTEM_PYTHON}: {probe.stderr.strip().splitlines()[-1:]}"
    return None


@dataclass(frozen=True)
class Node:
    """One accessible object as AT-SPI reports it."""

    path: str
    role: str
    name: str
    description: str
    states: tuple[str, ...]
    actions: tuple[str, ...]
    text: str

    @property
    def interactive(self) -> bool:
        """Something a person can reach with the keyboard or operate: it needs a name."""
        return "focusable" in self.states or bool(self.actions)

    def __str__(self) -> str:
        actions, states = list(self.actions), list(self.states)
        return f"{self.role} {self.name!r} at {self.path} (actions {actions}, states {states})"


class Desktop:
    """A private session bus with the accessibility bus on it, and the reader that talks to it."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.env = dict(os.environ)
        self._daemon: subprocess.Popen[str] | None = None
        self._reader: subprocess.Popen[str] | None = None
        self.apps: list[subprocess.Popen[str]] = []
        self._logs: list[IO[str]] = []  # the children's stderr files, closed at the end

    def start(self) -> None:
        self._daemon = subprocess.Popen(
            ["dbus-daemon", "--session", "--nofork", "--print-address=1"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            start_new_session=True,  # its children (the bus launcher, the registry) go with it at the end
        )
        assert self._daemon.stdout is not None
        address = self._daemon.stdout.readline().strip()
        if not address:
            raise AccessibilityBusUnavailableError("dbus-daemon printed no address")
        self.env["DBUS_SESSION_BUS_ADDRESS"] = address
        # Never a stale bus from elsewhere: the launcher's X property on a shared Xvfb may name an old one.
        self.env.pop("AT_SPI_BUS_ADDRESS", None)
        prepared = subprocess.run(
            [SYSTEM_PYTHON, str(READER), "--prepare"],
            capture_output=True,
            text=True,
            env=self.env,
            timeout=DEADLINE_S,
            check=False,
        )
        if prepared.returncode != 0 or not prepared.stdout.strip():
            raise AccessibilityBusUnavailableError(f"no accessibility bus: {prepared.stderr.strip()}")
        self.env["AT_SPI_BUS_ADDRESS"] = prepared.stdout.strip()
        self.env["QT_ACCESSIBILITY"] = "1"
        self.env["QT_QPA_PLATFORM"] = "xcb"  # a real window on the test's X server
        self.env["PYTHONFAULTHANDLER"] = "1"  # a crash leaves its Python stack in app-N.err
        self._reader = subprocess.Popen(
            [SYSTEM_PYTHON, str(READER)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._log("reader.err"),
            text=True,
            env=self.env,
        )
        assert self._reader.stdout is not None
        first = self._reader.stdout.readline()
        if json.loads(first or "{}").get("ready") is not True:
            raise AccessibilityBusUnavailableError(f"the reader did not start: {first!r}")

    def _log(self, name: str) -> IO[str]:
        log = (self.folder / name).open("w", encoding="utf-8")
        self._logs.append(log)
        return log

    def ask(self, **request: object) -> Any:
        reader = self._reader
        assert reader is not None
        assert reader.stdin is not None
        assert reader.stdout is not None
        reader.stdin.write(json.dumps(request) + "\n")
        reader.stdin.flush()
        line = reader.stdout.readline()
        if not line:
            err = (self.folder / "reader.err").read_text(encoding="utf-8")
            raise AssertionError(f"the AT-SPI reader ended: {err}")
        reply = json.loads(line)
        if "error" in reply:
            raise AssertionError(f"the AT-SPI reader failed on {request}: {reply['trace']}")
        return reply["ok"]

    def launch(self, data_dir: Path, *extra: str) -> App:
        name = f"app-{len(self.apps)}.err"
        log = self._log(name)
        proc = subprocess.Popen(
            [sys.executable, "-m", "sciatica_timer", "--data-dir", str(data_dir), *extra],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=log,
            text=True,
            env=self.env,
        )
        self.apps.append(proc)
        return App(self, proc, self.folder / name)

    def stop(self) -> None:
        for proc in self.apps:
            if proc.poll() is None:
                proc.terminate()
            try:
                proc.wait(timeout=DEADLINE_S)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        if self._reader is not None:
            assert self._reader.stdin is not None
            assert self._reader.stdout is not None
            self._reader.stdin.close()
            try:
                self._reader.wait(timeout=DEADLINE_S)
            except subprocess.TimeoutExpired:
                self._reader.kill()
                self._reader.wait()
            self._reader.stdout.close()
        if self._daemon is not None:
            # The daemon leads its own process group: the bus launcher and registry it started end with it.
            os.killpg(self._daemon.pid, signal.SIGTERM)
            self._daemon.wait(timeout=DEADLINE_S)
            if self._daemon.stdout is not None:
                self._daemon.stdout.close()
        for log in self._logs:
            log.close()


class App:
    """The app's process as AT-SPI sees it."""

    def __init__(self, desktop: Desktop, proc: subprocess.Popen[str], err: Path) -> None:
        self.desktop = desktop
        self.proc = proc
        self.err = err

    def tree(self) -> list[Node]:
        raw = self.desktop.ask(cmd="tree", pid=self.proc.pid)
        return [
            Node(
                path=n["path"],
                role=n["role"],
                name=n["name"],
                description=n["description"],
                states=tuple(n["states"]),
                actions=tuple(n["actions"]),
                text=n["text"],
            )
            for n in raw
        ]

    def wait_for(self, what: str, condition: Callable[[list[Node]], bool]) -> list[Node]:
        """The tree, once ``condition`` holds for it; fails with the last tree after the deadline."""
        deadline = time.monotonic() + DEADLINE_S
        while True:
            if self.proc.poll() is not None:
                said = self.err.read_text(encoding="utf-8", errors="replace")[-3000:]
                code = self.proc.returncode
                raise AssertionError(f"the app ended ({code}) while waiting for {what}:\n{said}")
            nodes = self.tree()
            if condition(nodes):
                return nodes
            if time.monotonic() > deadline:
                shown = "\n".join(str(n) for n in nodes)
                raise AssertionError(f"waited {DEADLINE_S} s for {what}; the tree was:\n{shown}")
            time.sleep(POLL_S)

    def wait_for_name(self, name: str, role: str = "") -> list[Node]:
        return self.wait_for(
            f"{role or 'an object'} named {name!r}",
            lambda nodes: any(n.name == name and (not role or n.role == role) for n in nodes),
        )

    def press(self, name: str, role: str = "") -> None:
        """Do the first action (press, toggle) of the showing object called ``name``, once it is there."""
        self.wait_for_name(name, role)
        assert self.desktop.ask(cmd="act", pid=self.proc.pid, name=name, role=role), (
            f"could not press {name!r}"
        )

    def select(self, name: str) -> None:
        """Select the list item called ``name`` (AT-SPI's Selection interface of its list)."""
        self.wait_for_name(name, "list item")
        assert self.desktop.ask(cmd="select", pid=self.proc.pid, name=name), f"could not select {name!r}"
        self.wait_for(
            f"{name!r} to be selected",
            lambda nodes: any(n.name == name and "selected" in n.states for n in nodes),
        )

    def ask_past_end(self) -> int:
        """Ask every showing object for children after its last one, as a screen reader whose child count
        went stale does; fails if the app ended. Returns how many objects were asked."""
        asked = int(self.desktop.ask(cmd="past_end", pid=self.proc.pid))
        if self.proc.poll() is not None or not self.tree():
            said = self.err.read_text(encoding="utf-8", errors="replace")[-3000:]
            code = self.proc.poll()
            raise AssertionError(f"the app ended ({code}) when asked past an object's end:\n{said}")
        return asked

    def announcements(self) -> list[str]:
        return list(self.desktop.ask(cmd="announcements"))

    def wait_for_announcement(self, text: str) -> list[str]:
        deadline = time.monotonic() + DEADLINE_S
        while True:
            said = self.announcements()
            if any(text in line for line in said):
                return said
            if time.monotonic() > deadline:
                raise AssertionError(f"waited {DEADLINE_S} s for an announcement of {text!r}; heard {said}")
            time.sleep(POLL_S)


def unnamed(nodes: list[Node]) -> list[Node]:
    """Objects a person can reach or operate that a screen reader could only call by their role."""
    return [n for n in nodes if n.interactive and not n.name.strip()]


def desktop_for(folder: Path) -> Iterator[Desktop]:
    desktop = Desktop(folder)
    try:
        desktop.start()
    except BaseException:
        desktop.stop()
        raise
    try:
        yield desktop
    finally:
        desktop.stop()
