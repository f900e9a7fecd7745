"""The desktop's reduced-motion preference, read from a real session bus: a private dbus-daemon with a
stand-in XDG settings portal (tests/ui/desktop_portal.py). The player follows it as if the setting were on: a
steady marker and ring, the breath in words. Read in a worker, after the player is made, not at the start."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from sciatica_timer.core.plan import PhaseKind, Side
from sciatica_timer.ui.common.motion_preference import desktop_wants_reduced_motion
from tests.audio.sound_server import HungSoundServer
from tests.ui.desk.test_desk_bus import session_bus
from tests.ui.player_support import Harness

__all__ = ["session_bus"]  # the private session bus fixture, shared with the desk's bus tests

PORTAL = Path(__file__).parents[1] / "desktop_portal.py"

pytestmark = pytest.mark.skipif(shutil.which("dbus-daemon") is None, reason="needs dbus-daemon")

Portal = Callable[..., None]


@pytest.fixture
def portal(session_bus: str, qtbot: QtBot, tmp_path: Path) -> Iterator[Portal]:
    """Start the stand-in portal on the private bus with the given settings (``--reduced-motion 1`` ...)."""
    started: list[subprocess.Popen[bytes]] = []

    def start(*settings: str) -> None:
        ready = tmp_path / f"portal-{len(started)}.ready"
        started.append(subprocess.Popen([sys.executable, str(PORTAL), str(ready), *settings]))
        qtbot.waitUntil(ready.exists, timeout=20_000)

    yield start
    for process in started:
        process.terminate()
        process.wait(timeout=10)


def test_a_desktop_that_asks_for_less_motion_gets_a_steady_player(harness: Harness, portal: Portal) -> None:
    portal("--reduced-motion", "1")
    harness.start()
    player = harness.player
    harness.qtbot.waitUntil(lambda: player.desktop_reduced_motion is not None)
    assert player.desktop_reduced_motion is True
    assert player.reduced_motion, "followed although the setting is off"
    harness.until(PhaseKind.HOLD, Side.LEFT)
    harness.advance(1.2)
    assert player.picture.pulse == 0.0, "the marker does not pulse"
    assert player.dial.reading.fraction_left == 1.0, "the ring stays whole and still"
    harness.until(PhaseKind.BREATHE, Side.LEFT)
    harness.advance(0.5)
    assert player.dial.reading.breath is None, "no growing and shrinking circle"
    assert player.dial.reading.caption == "breathe in"
    player.set_reduced_motion(False)  # the setting turned off cannot overrule the desktop
    assert player.reduced_motion


def test_a_desktop_with_no_preference_leaves_the_motion_to_the_setting(
    harness: Harness, portal: Portal
) -> None:
    portal("--reduced-motion", "0", "--enable-animations", "false")  # the portal's own key comes first
    harness.start()
    player = harness.player
    harness.qtbot.waitUntil(lambda: player.desktop_reduced_motion is not None)
    assert player.desktop_reduced_motion is False
    harness.until(PhaseKind.HOLD, Side.LEFT)
    harness.advance(1.2)
    assert player.picture.pulse > 0.0, "the marker pulses"
    player.set_reduced_motion(True)
    assert player.reduced_motion


@pytest.mark.parametrize(
    ("settings", "expected"),
    [
        (("--enable-animations", "false"), True),  # GNOME's own switch, through a portal without the key
        (("--enable-animations", "true"), False),
        (("--enable-animations", "false", "--version", "1"), True),  # an old portal: Read only
        (("--reduced-motion", "1", "--version", "1"), True),
        ((), None),  # the portal knows neither key
    ],
)
def test_each_kind_of_portal_is_read(
    portal: Portal, settings: tuple[str, ...], expected: bool | None
) -> None:
    portal(*settings)
    assert desktop_wants_reduced_motion() is expected


def test_without_a_portal_or_a_bus_the_desktop_says_nothing(
    session_bus: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    assert desktop_wants_reduced_motion() is None, "a bus without a portal"
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", f"unix:path={tmp_path / 'nothing-here'}")
    assert desktop_wants_reduced_motion() is None, "no bus at all"
    hung = HungSoundServer(tmp_path / "hung-bus")  # a socket that accepts and never says a word
    hung.start()
    try:
        monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", f"unix:path={hung.socket_path}")
        assert desktop_wants_reduced_motion() is None, "a bus that never answers"
        assert hung.connections() >= 1
    finally:
        hung.stop()
