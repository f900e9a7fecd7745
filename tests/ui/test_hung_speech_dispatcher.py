"""A speech-dispatcher that accepts a connection and never answers: a session with spoken prompts on starts,
runs and stops at once all the same.

The socket is a real one in another process (``HungSoundServer`` serves any Unix-socket protocol by saying
nothing); the speech check really connects to it through QtTextToSpeech's speechd engine and really waits,
while the cues play on a real PulseAudio null sink. Responsiveness is judged by the order of events in the
window's own event loop, as in test_hung_sound_server.py: a QTimer due 100 ms after the key press must not
fire before the session has stopped, which it would if anything on the way held the event loop.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from pytestqt.qtbot import QtBot

from sciatica_timer.audio import speech
from sciatica_timer.core.engine import EngineState
from sciatica_timer.core.session_events import SessionStopped
from sciatica_timer.ui.main_window import MainWindow
from tests.audio.sound_server import HungSoundServer, PulseServer, SoundServerUnavailableError
from tests.ui.player_support import Asked, Harness, make_harness

STOP_WITHIN_MS = 100
PROBE_TIMEOUT_S = 6.0  # the real check's limit, shortened so the test does not wait 15 s for its answer
NOT_SPOKEN = f"No spoken prompts in this session: {speech.NOT_ANSWERING}."


@pytest.fixture
def null_sink(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[PulseServer]:
    server = PulseServer(tmp_path / "pulse")
    try:
        server.start()
    except SoundServerUnavailableError as exc:
        pytest.skip(f"no PulseAudio server could start here: {exc}")
    for name, value in server.client_env().items():
        monkeypatch.setenv(name, value)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def hung_speech_dispatcher(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, null_sink: PulseServer
) -> Iterator[HungSoundServer]:
    """speech-dispatcher's socket never answers; the cues play on ``null_sink``."""
    server = HungSoundServer(tmp_path / "hung-speechd")
    server.start()
    monkeypatch.setenv("SPEECHD_ADDRESS", f"unix_socket:{server.socket_path}")
    monkeypatch.setattr(speech, "SPEECH_PROBE_TIMEOUT_S", PROBE_TIMEOUT_S)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def sound_harness(
    qtbot: QtBot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    asked: Asked,
    hung_speech_dispatcher: HungSoundServer,
) -> Iterator[Harness]:
    """The window as the app makes it: with sound on (cues on the null sink, speech-dispatcher hung)."""
    original = MainWindow.__init__

    def with_sound(self: MainWindow, *args: object, **kwargs: object) -> None:
        kwargs["sound"] = True
        original(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(MainWindow, "__init__", with_sound)
    found = make_harness(qtbot, tmp_path / "data")
    yield found
    found.window.close()


def _prompts(harness: Harness, on: bool) -> None:
    settings = harness.window.settings
    harness.window.apply_settings(replace(settings, cues=replace(settings.cues, spoken_prompts=on)))


def _start_then_stop_for_pain(harness: Harness, first: Callable[[], object] | None = None) -> list[str]:
    """Starts the deadline timer, then in the event loop: ``first()`` (if any), Space if the session has
    not started, and F9 as the next event. Returns the order in which "stopped" and "deadline" came."""
    order: list[str] = []
    deadline = QTimer()
    deadline.setSingleShot(True)
    deadline.timeout.connect(lambda: order.append("deadline"))

    def act() -> None:
        if first is not None:
            first()
        if not harness.session.started:
            harness.key(Qt.Key.Key_Space)
            assert harness.session.started
        harness.engine.subscribe(
            lambda event: order.append("stopped") if isinstance(event, SessionStopped) else None
        )
        QTimer.singleShot(0, lambda: harness.key(Qt.Key.Key_F9))

    deadline.start(STOP_WITHIN_MS)
    QTimer.singleShot(0, act)
    harness.qtbot.waitUntil(lambda: "deadline" in order, timeout=60_000)
    return order


@pytest.mark.slow
def test_a_session_with_prompts_starts_and_stops_at_once_while_speech_dispatcher_never_answers(
    sound_harness: Harness, hung_speech_dispatcher: HungSoundServer, qtbot: QtBot
) -> None:
    harness = sound_harness
    _prompts(harness, on=True)
    harness.open_player()  # "Get ready": the speech check starts here, in a thread of its own
    session = harness.session
    problems: list[str] = []
    session.speech_problem.connect(problems.append)
    prompts = session.prompts
    assert prompts is not None
    qtbot.waitUntil(lambda: hung_speech_dispatcher.connections() >= 1, timeout=20_000)
    check = speech.speech_check()
    assert check.checking, "the check is waiting on the socket"
    cues = session.cues
    assert cues is not None
    qtbot.waitUntil(cues.is_ready, timeout=30_000)
    assert cues.available, f"the cues sound meanwhile: {cues.unavailable_reason}"

    order = _start_then_stop_for_pain(harness)
    assert order[0] == "stopped", f"Sharp pain: stop waited more than {STOP_WITHIN_MS} ms: {order}"
    assert harness.state() is EngineState.STOPPED
    assert check.checking, "all of that happened while the check was still waiting"
    assert prompts.waiting_for_check
    assert not prompts.available
    assert session.speech_problem_now == ""
    assert problems == []

    qtbot.waitUntil(lambda: problems != [], timeout=round(PROBE_TIMEOUT_S * 3000))
    assert not check.checking
    assert check.answer == (False, speech.NOT_ANSWERING)
    assert problems == [NOT_SPOKEN], "said once, in one line"
    assert session.speech_problem_now == NOT_SPOKEN
    assert not prompts.available


@pytest.mark.slow
def test_turning_prompts_on_mid_session_never_waits_on_speech_dispatcher(
    sound_harness: Harness, hung_speech_dispatcher: HungSoundServer, qtbot: QtBot
) -> None:
    harness = sound_harness
    _prompts(harness, on=False)
    harness.start()
    session = harness.session
    assert session.prompts is None
    problems: list[str] = []
    session.speech_problem.connect(problems.append)

    order = _start_then_stop_for_pain(harness, first=lambda: _prompts(harness, on=True))
    assert order[0] == "stopped", f"Sharp pain: stop waited more than {STOP_WITHIN_MS} ms: {order}"
    assert harness.state() is EngineState.STOPPED
    assert session.prompts is not None, "prompts were turned on"
    assert speech.speech_check().checking, "the check has only just begun"

    qtbot.waitUntil(lambda: problems != [], timeout=round(PROBE_TIMEOUT_S * 3000))
    assert hung_speech_dispatcher.connections() >= 1, "the check really asked the hung speech-dispatcher"
    assert problems == [NOT_SPOKEN]
    _prompts(harness, on=False)
    _prompts(harness, on=True)
    assert problems == [NOT_SPOKEN], "said once only"
