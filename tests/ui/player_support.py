"""Drives the real window through sessions on a fake clock: a short routine, and steps a person would take."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QStackedWidget, QWidget
from pytestqt.qtbot import QtBot

from sciatica_timer.core.clock import FakeClock, FakeSuspendProbe
from sciatica_timer.core.engine import EngineState, SessionEngine
from sciatica_timer.core.plan import PhaseKind
from sciatica_timer.session.guided_session import GuidedSession
from sciatica_timer.storage.history import HistoryStore
from sciatica_timer.storage.paths import AppPaths, resolve_paths
from sciatica_timer.ui.main_window import MainWindow
from sciatica_timer.ui.player.player import PlayerScreen

ROUTINE_ID = "test-short"
# Per side: locate, then 2 x (press 2, hold 5, release 2, breathe 3); then an activity and a rest.
SHORT_ROUTINE = {
    "format_version": 1,
    "id": ROUTINE_ID,
    "name": "Test short",
    "description": "A short routine for tests.",
    "steps": [
        {
            "kind": "point",
            "point": "BL23",
            "sides": "both",
            "repetitions": 2,
            "press_s": 2,
            "hold_s": 5,
            "release_s": 2,
            "breathe_s": 3,
            "breathing": {"inhale_s": 1, "exhale_s": 2},
            "locate_first": True,
            "instructions": "Two finger-widths out from the spine.",
        },
        {
            "kind": "activity",
            "title": "Gentle stretch",
            "instructions": "Reach up slowly.",
            "duration_s": 6,
            "breathing": {"inhale_s": 2, "exhale_s": 4},
        },
        {"kind": "rest", "duration_s": 5, "text": "Lie still for a moment."},
    ],
}


@dataclass
class Asked:
    """Questions the window asked (dialogs.ask), and the answers the test gives, in order."""

    questions: list[str] = field(default_factory=list)
    answers: list[bool] = field(default_factory=list)
    default: bool = True

    offered: list[tuple[str, ...]] = field(default_factory=list)  # the answers each dialogs.choose offered
    picks: list[str] = field(default_factory=list)  # what to pick in dialogs.choose; by default the first

    def __call__(self, _parent: object, title: str, _text: str, _yes: str, _no: str) -> bool:
        self.questions.append(title)
        return self.answers.pop(0) if self.answers else self.default

    def choose(self, _parent: object, title: str, _text: str, answers: Sequence[str], cancel: str) -> str:
        self.questions.append(title)
        self.offered.append((*answers, cancel))
        return self.picks.pop(0) if self.picks else answers[0]


@dataclass
class Harness:
    qtbot: QtBot
    paths: AppPaths
    clock: FakeClock
    probe: FakeSuspendProbe
    window: MainWindow

    @property
    def session(self) -> GuidedSession:
        session = self.window.session
        assert session is not None
        return session

    @property
    def engine(self) -> SessionEngine:
        return self.session.engine

    @property
    def player(self) -> PlayerScreen:
        player = self.window.player
        assert player is not None
        return player

    def state(self) -> EngineState:
        """The engine's state now (a call, so the type checker does not carry an earlier answer over)."""
        return self.engine.state

    def advance(self, seconds: float) -> None:
        """Let ``seconds`` of session time pass, then wake the engine as its deadline timer would."""
        self.clock.advance(seconds)
        timer = self.session.timer
        assert timer is not None
        timer._on_deadline()
        timer.refresh.emit()

    def key(self, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
        press(self.player, key, modifier)

    def choose(self, routine_id: str = ROUTINE_ID) -> None:
        """Pick the routine on the start screen and press Start: the pain check opens."""
        self.window.start_screen.select(routine_id)
        click(self.window.start_screen.start_button)

    def open_player(self, routine_id: str = ROUTINE_ID, pain: int | None = None) -> None:
        """Choose the routine and answer (or skip) the pain check: the player waits to start."""
        self.choose(routine_id)
        check = self.window.pain_check
        assert check is not None
        if pain is None:
            click(check.skip_button)
        else:
            check.scale.buttons[pain].click()
            click(check.continue_button)
        assert self.window.screens.currentWidget() is self.player

    def start(self, routine_id: str = ROUTINE_ID, pain: int | None = None) -> None:
        self.open_player(routine_id, pain)
        self.key(Qt.Key.Key_Space)
        assert self.session.started

    def until(self, kind: PhaseKind, side: str | None = None) -> None:
        """Run the session's phases to their ends until one of ``kind`` (on ``side``) is on."""
        for _ in range(100):
            phase = self.engine.current_phase
            if phase is not None and phase.kind is kind and (side is None or phase.side == side):
                return
            if self.engine.state is EngineState.WAITING:
                self.key(Qt.Key.Key_Return)
            else:
                self.advance(self.engine.time_left_s() or 0.0)
        raise AssertionError(f"no {kind} phase on {side}")

    def run_to_end(self) -> None:
        while not self.session.over:
            if self.engine.state is EngineState.WAITING:
                self.key(Qt.Key.Key_Return)
            else:
                self.advance(self.engine.time_left_s() or 0.0)

    def reopen_store(self) -> HistoryStore:
        """A second look at the history file, as another reader would see it."""
        return HistoryStore.open(self.paths.database)


def press(
    widget: QWidget, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
) -> None:
    """A key pressed and released on ``widget``, as a person would."""
    QTest.keyClick(widget, key, modifier)


def click(widget: QWidget) -> None:
    QTest.mouseClick(widget, Qt.MouseButton.LeftButton)


def type_text(widget: QWidget, text: str) -> None:
    QTest.keyClicks(widget, text)


def shows(stack: QStackedWidget, widget: QWidget) -> bool:
    """Whether ``widget`` is on the stack's current page."""
    current = stack.currentWidget()
    return current is not None and (current is widget or current.isAncestorOf(widget))


def write_routine(paths: AppPaths, routine: dict[str, object]) -> None:
    paths.routines_dir.mkdir(parents=True, exist_ok=True)
    path = paths.routines_dir / f"{routine['id']}.json"
    path.write_text(json.dumps(routine), encoding="utf-8")


def make_harness(qtbot: QtBot, data_dir: Path) -> Harness:
    paths = resolve_paths(data_dir)
    write_routine(paths, SHORT_ROUTINE)
    clock = FakeClock(100.0)
    probe = FakeSuspendProbe()
    window = MainWindow(paths, clock=clock, suspend_probe=probe)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.loaded, timeout=10_000):
        window.show()
    return Harness(qtbot, paths, clock, probe, window)


def keys(qtbot: QtBot, widget: QWidget, text: str) -> None:
    """``text`` typed into ``widget`` key by key, through pytest-qt (as a person types it)."""
    qtbot.keyClicks(widget, text)  # type: ignore[no-untyped-call]  # pytest-qt's methods have no types


def key(
    qtbot: QtBot,
    widget: QWidget,
    pressed: Qt.Key,
    modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier,
) -> None:
    """One key pressed and released on ``widget``, through pytest-qt."""
    qtbot.keyClick(widget, pressed, modifier)  # type: ignore[no-untyped-call]  # as above
