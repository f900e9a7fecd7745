"""Reads an application from outside through the AT-SPI accessibility bus, as a screen reader does.

Run by the system's Python (``/usr/bin/python3``, which has the Debian package ``python3-pyatspi``), never by
the app's own: the tests start it as a child and talk to it in JSON lines on stdin and stdout.

``--prepare`` asks the session bus for the accessibility bus (which starts at-spi-bus-launcher), turns
accessibility on as a screen reader does (org.a11y.Status.IsEnabled), prints the bus's address and exits.

Commands (one JSON object a line; one JSON answer a line each):
  {"cmd": "apps"}                                  the names and process ids of the applications on the bus
  {"cmd": "tree", "pid": N}                        every object of the app's windows that is showing
  {"cmd": "act", "pid": N, "name": S, "role": R}   do the first action of the showing object with that name
  {"cmd": "select", "pid": N, "name": S}          select the list item with that name in its list
  {"cmd": "announcements"}                         what the app announced so far (object:announcement)
  {"cmd": "past_end", "pid": N}                    ask every showing object for children past its last one
"""

from __future__ import annotations

import contextlib
import json
import sys
import traceback

from gi.repository import GLib


def prepare() -> str:
    from gi.repository import Gio

    bus = Gio.bus_get_sync(Gio.BusType.SESSION, None)
    reply = bus.call_sync(
        "org.a11y.Bus",
        "/org/a11y/bus",
        "org.a11y.Bus",
        "GetAddress",
        None,
        GLib.VariantType("(s)"),
        Gio.DBusCallFlags.NONE,
        30_000,
        None,
    )
    bus.call_sync(
        "org.a11y.Bus",
        "/org/a11y/bus",
        "org.freedesktop.DBus.Properties",
        "Set",
        GLib.Variant("(ssv)", ("org.a11y.Status", "IsEnabled", GLib.Variant("b", True))),
        None,
        Gio.DBusCallFlags.NONE,
        30_000,
        None,
    )
    return str(reply.unpack()[0])


if len(sys.argv) > 1 and sys.argv[1] == "--prepare":
    sys.stdout.write(prepare() + "\n")
    sys.exit(0)

import pyatspi  # noqa: E402 - after --prepare: importing it connects to the accessibility bus

# How long a call waits for the app's answer (libatspi's own default is short). A busy app on a loaded machine
# answers late, not never: the tests' deadlines (atspi_support.DEADLINE_S) decide what is too late.
REPLY_TIMEOUT_MS = 60_000
pyatspi.setTimeout(REPLY_TIMEOUT_MS, REPLY_TIMEOUT_MS)

announced: list[str] = []
MAX_DEPTH = 60  # a guard against a cycle in a broken tree


def _on_announcement(event: object) -> None:
    text = getattr(event, "any_data", None)
    announced.append(str(text) if text is not None else "")


def _app_of(pid: int) -> object | None:
    desktop = pyatspi.Registry.getDesktop(0)
    for index in range(desktop.childCount):
        app = desktop.getChildAtIndex(index)
        if app is None:
            continue
        try:
            if app.get_process_id() == pid:
                return app
        except GLib.Error:
            continue
    return None


def _states(obj: object) -> list[str]:
    states = obj.getState()
    return [pyatspi.stateToString(s) for s in states.getStates()]


def _actions(obj: object) -> list[str]:
    try:
        action = obj.queryAction()
    except NotImplementedError:
        return []
    return [action.getName(i) for i in range(action.nActions)]


def _text(obj: object) -> str:
    try:
        text = obj.queryText()
    except NotImplementedError:
        return ""
    return text.getText(0, -1)


def _walk(obj: object, path: str, depth: int, out: list[dict[str, object]]) -> None:
    if obj is None or depth > MAX_DEPTH:
        return
    try:
        states = _states(obj)
    except GLib.Error:
        return
    if depth > 1 and "showing" not in states:
        return  # hidden pages of a stack, closed dialogs: a person cannot reach them either
    node = {
        "path": path,
        "role": obj.getRoleName(),
        "name": obj.name or "",
        "description": obj.description or "",
        "states": states,
        "actions": _actions(obj),
        "text": _text(obj),
    }
    out.append(node)
    for index in range(obj.childCount):
        _walk(obj.getChildAtIndex(index), f"{path}/{index}", depth + 1, out)


def tree(pid: int) -> list[dict[str, object]]:
    app = _app_of(pid)
    if app is None:
        return []
    out: list[dict[str, object]] = []
    _walk(app, "0", 0, out)
    return out


def _find(obj: object, name: str, role: str, depth: int = 0) -> object | None:
    if obj is None or depth > MAX_DEPTH:
        return None
    states = _states(obj)
    if depth > 1 and "showing" not in states:
        return None
    if obj.name == name and (not role or obj.getRoleName() == role) and _actions(obj):
        return obj
    for index in range(obj.childCount):
        found = _find(obj.getChildAtIndex(index), name, role, depth + 1)
        if found is not None:
            return found
    return None


def _find_in_app(app: object, name: str, role: str) -> object | None:
    """Look in the active window first (a question on top of the window), then in the others."""
    windows = [app.getChildAtIndex(i) for i in range(app.childCount)]
    windows.sort(key=lambda w: w is None or "active" not in _states(w))
    for window in windows:
        found = _find(window, name, role, depth=1)
        if found is not None:
            return found
    return None


def act(pid: int, name: str, role: str) -> bool:
    app = _app_of(pid)
    target = _find_in_app(app, name, role) if app is not None else None
    if target is None:
        return False
    return bool(target.queryAction().doAction(0))


def select(pid: int, name: str) -> bool:
    """Select the list item called ``name`` through its list's Selection interface, as screen readers do."""
    app = _app_of(pid)
    item = _find_in_app(app, name, "list item") if app is not None else None
    if item is None:
        return False
    parent = item.parent
    return bool(parent.querySelection().selectChild(item.getIndexInParent()))


PAST_END = (0, 1, 2, 3, 7, 64, 4096)  # how far past the last child a stale child count can point


def past_end(pid: int) -> int:
    """Ask every showing object for children after its last, as a screen reader does whose child count
    went stale while the app changed screens (a hidden page's scroll bars leave its scroll area); returns
    how many objects were asked. The answer is nothing, or a real object: never a crash."""
    app = _app_of(pid)
    if app is None:
        return 0
    asked = 0
    for node in _showing(app, 0):
        try:
            count = node.childCount
        except GLib.Error:
            continue  # gone since the walk: nothing to ask it
        for extra in PAST_END:
            with contextlib.suppress(GLib.Error):  # an error back is a fine answer too
                node.getChildAtIndex(count + extra)
        asked += 1
    return asked


def _showing(obj: object, depth: int) -> list[object]:
    if obj is None or depth > MAX_DEPTH:
        return []
    try:
        if depth > 1 and "showing" not in _states(obj):
            return []
        children = [obj.getChildAtIndex(i) for i in range(obj.childCount)]
    except GLib.Error:
        return []
    found = [obj]
    for child in children:
        found.extend(_showing(child, depth + 1))
    return found


def answer(request: dict[str, object]) -> object:
    cmd = request.get("cmd")
    if cmd == "apps":
        desktop = pyatspi.Registry.getDesktop(0)
        found = []
        for index in range(desktop.childCount):
            app = desktop.getChildAtIndex(index)
            if app is not None:
                found.append({"name": app.name, "pid": app.get_process_id()})
        return found
    if cmd == "tree":
        return tree(int(request["pid"]))
    if cmd == "act":
        return act(int(request["pid"]), str(request["name"]), str(request.get("role", "")))
    if cmd == "select":
        return select(int(request["pid"]), str(request["name"]))
    if cmd == "announcements":
        return list(announced)
    if cmd == "past_end":
        return past_end(int(request["pid"]))
    raise ValueError(f"unknown command {cmd!r}")


def _on_input(source: object, condition: object) -> bool:
    line = sys.stdin.readline()
    if not line:
        loop.quit()
        return False
    try:
        reply = {"ok": answer(json.loads(line))}
    except Exception as exc:  # noqa: BLE001 - every failure goes back to the test as one line
        reply = {"error": f"{type(exc).__name__}: {exc}", "trace": traceback.format_exc()}
    sys.stdout.write(json.dumps(reply) + "\n")
    sys.stdout.flush()
    return True


loop = GLib.MainLoop()
pyatspi.Registry.registerEventListener(_on_announcement, "object:announcement")
GLib.io_add_watch(sys.stdin.fileno(), GLib.IO_IN | GLib.IO_HUP, _on_input)
sys.stdout.write(json.dumps({"ready": True}) + "\n")
sys.stdout.flush()
loop.run()
