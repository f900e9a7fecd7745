"""The desktop's contrast preference, as Qt reports it (QStyleHints.accessibility(), Qt 6.10 and later): with
the theme set to follow the system, a desktop that asks for high contrast gets the app's high-contrast theme,
also when Qt learns of it only after the start (GNOME's theme asks the portal without waiting).

Each case is an app process of its own (the desktop theme plugin is chosen when the application starts), on a
private session bus whose settings portal is a stand-in (tests/ui/desktop_portal.py)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.ui.desk.test_desk_bus import session_bus
from tests.ui.player.test_desktop_motion import Portal, portal

__all__ = ["portal", "session_bus"]  # the private bus and the stand-in portal, shared with the motion tests

CHILD = Path(__file__).with_name("contrast_child.py")

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("dbus-daemon") is None, reason="needs dbus-daemon"),
]


def start_app(desktop_theme: str, theme: str, expect: str) -> dict[str, object]:
    env = dict(os.environ, QT_QPA_PLATFORMTHEME=desktop_theme, QT_QPA_PLATFORM="xcb")
    result = subprocess.run(
        [sys.executable, str(CHILD), theme, expect],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
    assert lines, result.stderr[-800:]
    seen: dict[str, object] = json.loads(lines[-1])
    return seen


@pytest.mark.parametrize("desktop_theme", ["xdgdesktopportal", "gnome"])
def test_a_desktop_asking_for_high_contrast_gets_the_high_contrast_theme(
    portal: Portal, desktop_theme: str
) -> None:
    portal("--contrast", "1")
    seen = start_app(desktop_theme, "system", "high")
    assert seen == {"preference": "HighContrast", "high_contrast": True}


def test_a_theme_chosen_in_the_settings_wins_over_the_desktop(portal: Portal) -> None:
    portal("--contrast", "1")
    seen = start_app("xdgdesktopportal", "light", "normal")
    assert seen == {"preference": "HighContrast", "high_contrast": False}


def test_no_preference_keeps_the_desktops_own_look(portal: Portal) -> None:
    portal("--contrast", "0")
    seen = start_app("xdgdesktopportal", "system", "normal")
    assert seen == {"preference": "NoPreference", "high_contrast": False}
