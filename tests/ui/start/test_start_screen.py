"""The start screen: routines read after the first paint, the interrupted-session offer, no history."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from sciatica_timer.core.record import SessionStatus
from sciatica_timer.errors import UserError
from sciatica_timer.storage.history import HistoryStore
from sciatica_timer.storage.paths import resolve_paths
from sciatica_timer.ui.main_window import MainWindow
from tests.ui.player_support import Asked, click, make_harness, press, type_text


def test_routines_and_history_are_read_after_the_first_show(qtbot: QtBot, tmp_path: Path) -> None:
    window = MainWindow(resolve_paths(tmp_path))
    qtbot.addWidget(window)
    assert not window.is_loaded
    assert window.store is None
    assert window.start_screen.routine_list.item(0).text() == "Loading routines…"
    assert not window.start_screen.start_button.isEnabled()
    with qtbot.waitSignal(window.loaded, timeout=10_000):
        window.show()
    assert window.store is not None
    rows = [
        window.start_screen.routine_list.item(i).text()
        for i in range(window.start_screen.routine_list.count())
    ]
    assert rows[:2] == ["Full protocol", "Quick desk break"]
    assert window.start_screen.start_button.isEnabled()
    assert "about 31 min · 6 points: BL23" in window.start_screen.routine_list.item(0).data(
        Qt.ItemDataRole.AccessibleTextRole
    )
    window.close()
    assert window.store is None, "the history is closed with the window"


def _interrupted_session(data_dir: Path) -> int:
    """A session left in progress by a copy of the app that is gone: found as interrupted next time."""
    with HistoryStore.open(resolve_paths(data_dir).database) as store:
        started = datetime.now().astimezone() - timedelta(hours=2)
        return store.begin_session("quick-desk", "Quick desk break", {}, started, pain_before=5)


def test_an_interrupted_session_can_be_answered_for(qtbot: QtBot, tmp_path: Path, asked: Asked) -> None:
    session_id = _interrupted_session(tmp_path)
    harness = make_harness(qtbot, tmp_path)
    offer = harness.window.start_screen.offer
    assert offer is not None
    assert offer.isVisibleTo(harness.window)
    assert offer.session_id == session_id
    assert "Quick desk break, started " in offer.text.text()
    offer.scale.buttons[2].click()
    type_text(offer.note, "Phone rang")
    press(offer.note, Qt.Key.Key_Return)  # a new line in the note, not an answer yet
    assert offer.isVisibleTo(harness.window)
    type_text(offer.note, "then the door")
    press(offer.note, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert not offer.isVisibleTo(harness.window)
    with harness.reopen_store() as store:
        assert store.find_interrupted() == []
        saved = store.session_detail(session_id).summary
    assert (saved.status, saved.pain_after, saved.note) == (
        SessionStatus.INTERRUPTED,
        2,
        "Phone rang\nthen the door",
    )
    harness.window.close()


def test_discarding_an_interrupted_session_can_be_undone(qtbot: QtBot, tmp_path: Path, asked: Asked) -> None:
    session_id = _interrupted_session(tmp_path)
    harness = make_harness(qtbot, tmp_path)
    offer = harness.window.start_screen.offer
    assert offer is not None
    click(offer.discard_button)
    assert offer.undo_row.isVisibleTo(offer)
    assert "Quick desk break session from " in offer.undo_text.text()
    with harness.reopen_store() as store:
        assert store.sessions() == []
    click(offer.undo_button)
    assert offer.session_id == session_id, "back, and asked about again"
    with harness.reopen_store() as store:
        assert [s.id for s in store.find_interrupted()] == [session_id]
    harness.window.close()


def test_enter_in_the_offer_does_not_start_a_routine(qtbot: QtBot, tmp_path: Path, asked: Asked) -> None:
    _interrupted_session(tmp_path)
    harness = make_harness(qtbot, tmp_path)
    offer = harness.window.start_screen.offer
    assert offer is not None
    press(offer.note, Qt.Key.Key_Return)
    assert harness.window.screens.currentWidget() is harness.window.start_screen
    assert harness.window.start_screen.offer is not None
    harness.window.close()


def test_without_a_history_the_window_still_runs_sessions(
    qtbot: QtBot, tmp_path: Path, asked: Asked, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*_args: object, **_kwargs: object) -> HistoryStore:
        raise UserError("history.sqlite3 is from a newer version of Sciatica Timer")

    monkeypatch.setattr(HistoryStore, "open", refuse)
    harness = make_harness(qtbot, tmp_path)
    assert harness.window.store is None
    notice = harness.window.start_screen.notice_text.text()
    assert notice == (
        "The history is not available, so sessions will not be saved: "
        "history.sqlite3 is from a newer version of Sciatica Timer"
    )
    harness.start()
    harness.run_to_end()
    summary = harness.window.summary
    assert summary is not None
    assert summary.save_problem() == "The history is not available, so this session was not saved."
    assert not summary.retry_button.isVisibleTo(summary)
    click(summary.save_button)
    assert harness.window.screens.currentWidget() is harness.window.start_screen
    harness.window.close()


def test_a_broken_routine_file_is_named_and_the_rest_still_load(
    qtbot: QtBot, tmp_path: Path, asked: Asked
) -> None:
    routines = resolve_paths(tmp_path).routines_dir
    routines.mkdir(parents=True)
    (routines / "broken.json").write_text("{not json", encoding="utf-8")
    harness = make_harness(qtbot, tmp_path)
    notice = harness.window.start_screen.notice_text.text()
    assert notice.startswith("A routine file could not be read: ")
    assert "broken.json: line 1, column 2" in notice
    assert "test-short" in harness.window.routines
    harness.window.close()


def test_a_huge_number_in_the_settings_never_leaves_the_start_screen_loading(
    qtbot: QtBot, tmp_path: Path, asked: Asked
) -> None:
    settings = resolve_paths(tmp_path).settings_file
    settings.parent.mkdir(parents=True, exist_ok=True)
    huge = b'{"format_version": 1, "breathing": {"inhale_s": ' + b"9" * 401 + b', "exhale_s": 6}}'
    settings.write_bytes(huge)
    harness = make_harness(qtbot, tmp_path)
    screen = harness.window.start_screen
    assert "test-short" in harness.window.routines
    shown = [screen.routine_list.item(row).text() for row in range(screen.routine_list.count())]
    assert "Loading routines…" not in shown
    assert "a number longer than 18 digits" in screen.notice_text.text()
    (kept,) = settings.parent.glob("settings.json.broken-*")
    assert kept.read_bytes() == huge
    harness.window.close()
