"""The application's state (ui/app_state.py): built empty, so the window paints before any file is read;
loaded after the first paint; each change announced."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from pytestqt.qtbot import QtBot

from sciatica_timer.core.settings import Settings
from sciatica_timer.storage.paths import resolve_paths
from sciatica_timer.ui.app_state import AppState
from sciatica_timer.ui.start.interrupted_flow import read_only_text
from tests.ui.player_support import Harness


def test_built_empty_it_reads_nothing(qtbot: QtBot, tmp_path: Path) -> None:
    paths = resolve_paths(tmp_path / "data")
    state = AppState(paths)
    assert (state.store, state.points, state.routines, state.notices) == (None, None, {}, [])
    assert not paths.settings_file.exists()
    assert not paths.database.exists()


def test_loaded_it_has_the_routines_and_the_history(qtbot: QtBot, tmp_path: Path) -> None:
    state = AppState(resolve_paths(tmp_path / "data"))
    with qtbot.waitSignal(state.routines_loaded) as loaded:
        listing = state.load_routines()
    assert listing is not None
    assert loaded.args == [listing]
    assert state.points is not None
    assert "evening-feet" in state.routines
    state.open_history(read_only_text)
    assert state.store is not None
    assert state.store.sessions() == []
    state.close()
    assert state.store is None


def test_a_change_of_settings_is_saved_and_announced_old_and_new(qtbot: QtBot, tmp_path: Path) -> None:
    state = AppState(resolve_paths(tmp_path / "data"))
    old = state.settings
    new = replace(old, text_scale_percent=150)
    heard: list[tuple[object, ...]] = []
    state.settings_changing.connect(lambda before, after: heard.append(("changing", before, after)))
    state.settings_changed.connect(lambda after: heard.append(("changed", after)))
    assert state.apply_settings(new) is None
    assert heard == [("changing", old, new), ("changed", new)]
    assert AppState(resolve_paths(tmp_path / "data")).settings == new


def test_settings_that_cannot_be_saved_still_apply_and_say_why(qtbot: QtBot, tmp_path: Path) -> None:
    paths = resolve_paths(tmp_path / "data")
    state = AppState(paths)
    paths.settings_file.parent.mkdir(parents=True, exist_ok=True)
    paths.settings_file.mkdir()  # a folder where the file should be: saving it fails
    problem = state.apply_settings(replace(Settings(), text_scale_percent=125))
    assert problem is not None
    assert state.settings.text_scale_percent == 125


def test_the_window_reads_its_state(harness: Harness) -> None:
    window = harness.window
    assert window.store is window.state.store is not None
    assert window.routines is window.state.routines
    assert window.settings is window.state.settings
