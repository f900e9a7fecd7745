"""The suite's guard against timers left running (tests/conftest.py) fails a test that leaves one, and lets
pass a test whose timers stop with their widgets."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

SAMPLE = """
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QWidget

kept = []


def test_leaves_a_timer_running(qtbot):
    window = QWidget()
    timer = QTimer(window)
    timer.setObjectName("forgotten-poll")
    timer.start(60_000)
    kept.append(window)


def test_its_timer_goes_with_its_widget(qtbot):
    window = QWidget()
    qtbot.addWidget(window)
    QTimer(window).start(60_000)


def test_stops_its_timer(qtbot):
    timer = QTimer()
    timer.start(60_000)
    timer.stop()
    kept.append(timer)
"""


def test_a_test_leaving_a_timer_running_fails(tmp_path: Path) -> None:
    folder = tmp_path / "sample"
    folder.mkdir()
    (folder / "test_sample.py").write_text(SAMPLE, encoding="utf-8")
    (folder / "conftest.py").write_text("from tests.conftest import no_timer_left_running  # noqa: F401\n")
    env = dict(os.environ, PYTHONPATH=str(REPO), QT_QPA_PLATFORM="offscreen")
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:randomly", "-p", "no:cacheprovider", str(folder)],
        capture_output=True,
        text=True,
        cwd=folder,
        env=env,
        timeout=120,
        check=False,
    )
    assert "3 passed, 1 error" in result.stdout  # the test itself passes; its teardown fails, result.stdout
    assert "ERROR test_sample.py::test_leaves_a_timer_running" in result.stdout
    assert "QTimer left running after the test: forgotten-poll in QWidget" in result.stdout
