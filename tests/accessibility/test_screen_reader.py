"""The app as a screen reader meets it: the real window on the AT-SPI bus, read and driven from outside.

Each test starts the app as a process of its own on a private session bus with at-spi2-core's accessibility
bus, and only ever reads its tree and does its actions through AT-SPI (pyatspi), as Orca would.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.accessibility.atspi_support import App, Desktop, Node, unnamed

pytestmark = pytest.mark.slow

NEXT = "I have none of these warning signs: on to the precautions"
CONTINUE = "Save your answers and continue"
NOT_NOW = "Not now"
HISTORY = "Your pain history and what helps"
ROUTINES = "Make and change routines"
SETTINGS = "Settings: sounds, look, reminders and your data folder"
HELP = "Help: how to use the app, and when to see a doctor"
QUICK = "Quick desk break, about 5 min · 4 points: BL23, BL25, GB30, KD1"
START_ROUTINE = "Start the chosen routine"


def named(name: str, role: str = "") -> Callable[[list[Node]], bool]:
    return lambda nodes: any(n.name == name and (not role or n.role == role) for n in nodes)


def tab_selected(tab: str) -> Callable[[list[Node]], bool]:
    return lambda nodes: any(n.name == tab and "selected" in n.states for n in nodes)


def no_dialog(nodes: list[Node]) -> bool:
    return not any(n.role == "dialog" and "showing" in n.states for n in nodes)


def check_named(app: App, screen: str, nodes: list[Node], seen: dict[str, int]) -> None:
    """Every control on the screen has a name, and asking past any object's last child crashes nothing."""
    missing = unnamed(nodes)
    assert not missing, f"{screen}: objects a screen reader cannot name:\n" + "\n".join(map(str, missing))
    seen[screen] = sum(1 for n in nodes if n.interactive)
    assert app.ask_past_end() > 0, f"{screen}: nothing was asked"


def past_checklist(app: App, seen: dict[str, int] | None = None) -> list[Node]:
    """Through the first-run checklist (the warning signs, then the precautions) and the question about
    reminders, each button pressed as soon as it is there, while the tree is read again and again: the
    checklist's scroll bars leave the tree as the next page and the start screen replace it."""
    nodes = app.wait_for_name(NEXT, "push button")
    if seen is not None:
        check_named(app, "first-run checklist: warning signs", nodes, seen)
    app.press(NEXT, "push button")
    nodes = app.wait_for_name(CONTINUE, "push button")
    if seen is not None:
        check_named(app, "first-run checklist: precautions", nodes, seen)
    app.press(CONTINUE, "push button")
    nodes = app.wait_for_name(NOT_NOW, "push button")
    if seen is not None:
        check_named(app, "first run: reminders", nodes, seen)
    app.press(NOT_NOW, "push button")
    return app.wait_for(
        "the start screen, the reminder question gone",
        lambda ns: named(START_ROUTINE)(ns) and not named(NOT_NOW)(ns),
    )


def test_every_main_screen_names_every_control(desktop: Desktop, tmp_path: Path) -> None:
    app = desktop.launch(tmp_path / "data")
    seen: dict[str, int] = {}
    check_named(app, "start screen", past_checklist(app, seen), seen)

    app.press(HISTORY, "push button")
    check_named(app, "history: charts", app.wait_for_name("Pain chart"), seen)
    chart = next(n for n in app.tree() if n.name == "Pain chart")
    assert chart.description.startswith("Pain before sessions over 3 months"), chart.description
    for tab in ("What helps", "Sessions and diary"):
        app.press(tab, "page tab")
        check_named(app, f"history: {tab}", app.wait_for(f"the {tab} tab", tab_selected(tab)), seen)
    app.press("Log pain…", "push button")
    check_named(app, "log pain", app.wait_for_name("Save the pain score in the diary", "push button"), seen)
    app.press("Cancel", "push button")
    app.wait_for("the diary form to close", lambda ns: not named("Save the pain score in the diary")(ns))
    app.press("‹ Back", "push button")

    app.press(ROUTINES, "push button")
    nodes = app.wait_for("the routines screen", lambda ns: any("Duplicate" in n.name for n in ns))
    check_named(app, "routines", nodes, seen)
    app.press("‹ Back", "push button")
    app.wait_for_name(START_ROUTINE, "push button")

    app.press(SETTINGS, "push button")
    check_named(app, "settings", app.wait_for_name("Settings pages", "list"), seen)
    for page in ("Session", "Look", "Reminders", "Start", "Data"):
        app.select(page)
        check_named(app, f"settings: {page}", app.wait_for_name(page, "filler"), seen)
    app.press("Cancel", "push button")
    app.wait_for("the settings to close", lambda ns: not named("Settings pages")(ns))

    app.press(HELP, "push button")
    check_named(app, "help", app.wait_for_name("Help"), seen)
    app.press("Close", "push button")
    app.wait_for("the help to close", no_dialog)

    app.select(QUICK)
    app.press(START_ROUTINE, "push button")
    check_named(app, "pain check", app.wait_for_name("Pain check before the session"), seen)
    app.press("Skip the pain check", "push button")
    check_named(app, "get ready", app.wait_for_name("Start the session", "push button"), seen)
    app.press("Start the session", "push button")
    nodes = app.wait_for(
        "the player with its picture and ring",
        lambda ns: (
            named("Pause", "push button")(ns)
            and named("Where the point is")(ns)
            and named("Time left in this phase")(ns)
        ),
    )
    check_named(app, "player", nodes, seen)
    picture = next(n for n in nodes if n.name == "Where the point is")
    assert picture.description == "BL23 marked on the left side of the lower back"
    assert picture.role == "image", "the body picture is a picture, not a filler"
    ring = next(n for n in nodes if n.name == "Time left in this phase")
    assert "seconds left" in ring.description
    assert ring.role == "label", "the countdown ring reads as a label with the time left"
    app.press("Stop the session", "push button")
    nodes = app.wait_for("the question before stopping", lambda ns: any(n.role == "alert" for n in ns))
    check_named(app, "stop question", nodes, seen)
    app.press("Stop the session", "push button")  # the question's button: it is in the active window
    check_named(app, "summary", app.wait_for_name("Session summary"), seen)
    assert all(count > 0 for count in seen.values()), seen


def test_a_short_session_through_atspi_actions_alone(desktop: Desktop, tmp_path: Path) -> None:
    app = desktop.launch(tmp_path / "data")
    past_checklist(app)
    app.select(QUICK)
    app.press(START_ROUTINE, "push button")

    app.press("Pain 6 of 10: moderate", "check box")
    app.wait_for(
        "the score to be chosen",
        lambda ns: any(n.name == "Pain 6 of 10: moderate" and "checked" in n.states for n in ns),
    )
    app.press("Save the pain score and continue", "push button")
    app.press("Start the session", "push button")
    said = app.wait_for_announcement("Press gently, left side")

    app.press("Skip", "push button")
    said = app.wait_for_announcement("Hold, left side")
    app.press("Pause", "push button")
    app.wait_for_announcement("Paused")
    app.press("Resume", "push button")
    app.wait_for_announcement("Resumed")
    app.press("Sharp pain: stop the session now", "push button")
    said = app.wait_for_announcement("Stopped for sharp pain")
    nodes = app.wait_for_name("Session summary")

    phases = [line for line in said if line.startswith(("Press gently", "Hold"))]
    assert phases[:2] == ["Press gently, left side", "Hold, left side"], said
    assert said[-1].startswith("Stopped for sharp pain"), said
    # The announcements never took the focus: it stays where the actions left it, on a button of the app.
    assert not any(n.role == "alert" for n in nodes)
