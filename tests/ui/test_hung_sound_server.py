"""A sound server that accepts a connection and never answers: the window never waits on it.

The server is a real socket in another process (``HungSoundServer``); QtMultimedia in the sound process
really connects to it and really hangs. Responsiveness is judged by the order of events in the window's own
event loop, not by a stopwatch: a QTimer due 100 ms after the click must not fire before the session has
stopped, which it would if anything on the way held the event loop (then both are overdue, and Qt runs the
earlier-due timer first).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from pytestqt.qtbot import QtBot

from sciatica_timer.audio.player import LOAD_TIMEOUT_MS, NOT_ANSWERING
from sciatica_timer.core.engine import EngineState
from sciatica_timer.core.plan import PhaseKind
from sciatica_timer.core.session_events import SessionStopped
from sciatica_timer.ui.main_window import MainWindow
from tests.audio.sound_server import HungSoundServer
from tests.ui.player_support import Asked, Harness, click, make_harness

STOP_WITHIN_MS = 100


@pytest.fixture
def hung_server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[HungSoundServer]:
    server = HungSoundServer(tmp_path / "hung-pulse")
    server.start()
    for name, value in server.client_env({}).items():
        monkeypatch.setenv(name, value)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def sound_harness(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, asked: Asked
) -> Iterator[Harness]:
    """The window as the app makes it: with sound on."""
    original = MainWindow.__init__

    def with_sound(self: MainWindow, *args: object, **kwargs: object) -> None:
        kwargs["sound"] = True
        original(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(MainWindow, "__init__", with_sound)
    found = make_harness(qtbot, tmp_path / "data")
    yield found
    found.window.close()


def test_sharp_pain_stop_acts_at_once_while_the_sound_server_hangs(
    sound_harness: Harness, hung_server: HungSoundServer, qtbot: QtBot
) -> None:
    harness = sound_harness
    harness.open_player()
    order: list[str] = []
    deadline = QTimer()
    deadline.setSingleShot(True)
    deadline.timeout.connect(lambda: order.append("deadline"))

    def start_then_stop() -> None:
        harness.key(Qt.Key.Key_Space)  # Start: the session begins and its sound process starts
        assert harness.session.started
        harness.engine.subscribe(
            lambda event: order.append("stopped") if isinstance(event, SessionStopped) else None
        )
        QTimer.singleShot(0, lambda: click(harness.player.pain_button))

    deadline.start(STOP_WITHIN_MS)
    QTimer.singleShot(0, start_then_stop)
    qtbot.waitUntil(lambda: "deadline" in order, timeout=60_000)
    assert order[0] == "stopped", f"Sharp pain: stop waited more than {STOP_WITHIN_MS} ms: {order}"
    assert harness.state() is EngineState.STOPPED
    qtbot.waitUntil(lambda: hung_server.connections() >= 1, timeout=30_000)


def test_cues_turn_into_flashes_with_one_line_when_the_server_does_not_answer(
    sound_harness: Harness, hung_server: HungSoundServer, qtbot: QtBot
) -> None:
    harness = sound_harness
    harness.start()
    session = harness.session
    assert session.cues is not None
    turns: list[int] = []
    heartbeat = QTimer()
    heartbeat.timeout.connect(lambda: turns.append(1))
    heartbeat.start(LOAD_TIMEOUT_MS // 20)
    flashes: list[str] = []
    session.cue_shown.connect(flashes.append)
    with qtbot.waitSignal(session.sound_problem, timeout=LOAD_TIMEOUT_MS * 3) as problem:
        pass
    heartbeat.stop()
    assert problem.args == [NOT_ANSWERING]
    # A held event loop would have let the heartbeat run about once in all that time.
    assert len(turns) >= 5
    banner = harness.player.notice_text(harness.player.sound_notice)
    assert banner.startswith("No sound: the cues are on screen only."), banner
    assert f"(Why: {NOT_ANSWERING}.)" in banner
    harness.until(PhaseKind.RELEASE)
    assert flashes[-3:] == ["press", "hold", "release"], "each cue still flashes the phase"
    assert not session.cues.available
    assert not session.cues.is_sound_process_running()
    harness.run_to_end()


def test_muted_sound_never_touches_the_sound_server(
    sound_harness: Harness, hung_server: HungSoundServer, qtbot: QtBot
) -> None:
    harness = sound_harness
    settings = harness.window.settings
    harness.window.apply_settings(replace(settings, cues=replace(settings.cues, muted=True)))
    harness.start()
    session = harness.session
    assert session.cues is not None
    assert session.cues.is_ready()
    assert not session.cues.is_sound_process_running()
    harness.run_to_end()
    assert hung_server.connections() == 0
