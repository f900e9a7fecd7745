"""Slow work off the UI thread reports back only to a screen that is still there."""

from __future__ import annotations

import threading

import shiboken6
from PySide6.QtCore import QThreadPool
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from sciatica_timer.ui.common import background
from sciatica_timer.ui.common.background import run_in_background


def test_the_result_reaches_a_screen_that_is_still_open(qtbot: QtBot) -> None:
    pool = QThreadPool()
    label = QLabel()
    qtbot.addWidget(label)
    run_in_background(pool, lambda: "done", label.setText, label.setText, owner=label)
    qtbot.waitUntil(lambda: label.text() == "done")


def test_a_screen_closed_before_the_work_ends_is_not_touched(qtbot: QtBot) -> None:
    """As when Settings is closed while its sound check still waits on a slow sound server."""
    pool = QThreadPool()
    label = QLabel()
    release = threading.Event()
    called: list[object] = []

    def slow() -> str:
        release.wait(30)
        return "late"

    def show(text: object) -> None:
        called.append(text)
        label.setText(str(text))  # would raise "already deleted" on a closed screen

    run_in_background(pool, slow, show, show, owner=label)
    shiboken6.delete(label)
    release.set()
    qtbot.waitUntil(lambda: not background._running)  # the relay has heard from the work
    pool.waitForDone()
    assert called == []
