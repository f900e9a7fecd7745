"""The main window opens, remembers where it was, and closes cleanly."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from sciatica_timer.storage.paths import resolve_paths
from sciatica_timer.ui.main_window import DEFAULT_SIZE, MainWindow


def test_opens_with_default_size(qtbot: QtBot, tmp_path: Path) -> None:
    window = MainWindow(resolve_paths(tmp_path))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert (window.width(), window.height()) == DEFAULT_SIZE


def test_restores_size_after_restart(qtbot: QtBot, tmp_path: Path) -> None:
    paths = resolve_paths(tmp_path)
    first = MainWindow(paths)
    qtbot.addWidget(first)
    first.show()
    qtbot.waitExposed(first)
    first.resize(800, 560)
    qtbot.waitUntil(lambda: first.size().width() == 800)
    assert first.close()
    assert paths.window_state_file.exists()

    second = MainWindow(paths)
    qtbot.addWidget(second)
    second.show()
    qtbot.waitExposed(second)
    assert (second.width(), second.height()) == (800, 560)


def test_broken_state_file_falls_back_to_defaults(qtbot: QtBot, tmp_path: Path) -> None:
    paths = resolve_paths(tmp_path)
    paths.window_state_file.parent.mkdir(parents=True, exist_ok=True)
    paths.window_state_file.write_text("{not json")
    window = MainWindow(paths)
    qtbot.addWidget(window)
    assert (window.width(), window.height()) == DEFAULT_SIZE
    assert paths.window_state_file.read_text() == "{not json", "a broken file is never overwritten on load"


@pytest.mark.parametrize(
    "content",
    [
        '{"x": 1, "y": 1, "width": ' + "9" * 401 + ', "height": 500}',
        '{"x": 1, "y": 1, "width": ' + "9" * 5000 + ', "height": 500}',
        "LINK",
    ],
)
def test_a_hostile_state_file_falls_back_to_defaults(qtbot: QtBot, tmp_path: Path, content: str) -> None:
    paths = resolve_paths(tmp_path)
    paths.window_state_file.parent.mkdir(parents=True, exist_ok=True)
    if content == "LINK":
        elsewhere = tmp_path / "elsewhere.json"
        elsewhere.write_text('{"x": 1, "y": 1, "width": 700, "height": 500}', encoding="utf-8")
        paths.window_state_file.symlink_to(elsewhere)
    else:
        paths.window_state_file.write_text(content, encoding="utf-8")
    window = MainWindow(paths)
    qtbot.addWidget(window)
    assert (window.width(), window.height()) == DEFAULT_SIZE


def test_history_opens_from_the_start_screen_and_goes_back(qtbot: QtBot, tmp_path: Path) -> None:
    window = MainWindow(resolve_paths(tmp_path))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.store is not None)
    window.start_screen.history_button.click()
    assert window.history_view is not None
    assert window.screens.currentWidget() is window.history_view
    window.history_view.back_requested.emit()
    assert window.screens.currentWidget() is window.start_screen
