"""Window tests: every question the window asks is answered by the test, and no session timer outlives one."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from sciatica_timer.ui import dialogs
from tests.ui.player_support import Asked, Harness, make_harness


@pytest.fixture
def asked(monkeypatch: pytest.MonkeyPatch) -> Asked:
    """Answers dialogs.ask: "yes" unless the test queues other answers; records every question."""
    recorder = Asked()
    monkeypatch.setattr(dialogs, "ask", recorder)
    return recorder


@pytest.fixture
def harness(qtbot: QtBot, tmp_path: Path, asked: Asked) -> Iterator[Harness]:
    found = make_harness(qtbot, tmp_path / "data")
    yield found
    session = found.window.session
    found.window.close()
    if session is not None:
        assert not session.timer_active(), "a session timer outlived the window"
