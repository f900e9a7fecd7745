"""The window's one write path for the history (ui/history/operations.py): a write runs, a failure is told
once where the person looks, and each change reaches the screens showing the history, which update just
what changed instead of reading everything again."""

from __future__ import annotations

from datetime import UTC
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from sciatica_timer.storage.history import HistoryStore
from sciatica_timer.ui.history.operations import HistoryChange, HistoryOperations
from tests.ui.player_support import Harness, key, keys


def _no_full_reads(harness: Harness, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Open the history once, go back, and note any later read of the whole history by the view."""
    window = harness.window
    window.show_history()
    view = window.history_view
    assert view is not None
    window.show_start()
    reads: list[str] = []
    monkeypatch.setattr(view, "refresh", lambda: reads.append("refresh"))
    return reads


def test_a_pain_logged_from_the_start_screen_appears_in_the_open_history_in_place(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    reads = _no_full_reads(harness, monkeypatch)
    window = harness.window
    window.show_log_pain()
    dialog = window.log_pain_dialog
    assert dialog is not None
    keys(harness.qtbot, dialog, "7")
    key(harness.qtbot, dialog, Qt.Key.Key_Return)

    with harness.reopen_store() as store:
        (entry,) = store.diary()
    view = window.history_view
    assert view is not None
    point = view.trends.diary_point(entry.id)
    assert point is not None
    assert point.score == 7
    assert reads == []
    assert window.start_screen.notice_text.text() == "Saved: pain 7"


def test_a_session_played_to_its_end_appears_in_the_open_history_in_place(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    reads = _no_full_reads(harness, monkeypatch)
    harness.start(pain=6)
    harness.run_to_end()

    with harness.reopen_store() as store:
        (session,) = store.sessions()
    view = harness.window.history_view
    assert view is not None
    assert view.trends.session(session.id) is not None
    assert reads == []


def test_a_refused_write_is_told_once_and_announces_nothing(qtbot: QtBot, tmp_path: Path) -> None:
    with HistoryStore.open(tmp_path / "history.sqlite3") as store:
        operations = HistoryOperations(lambda: store)
        told: list[str] = []
        changes: list[object] = []
        operations.changed.connect(changes.append)
        with qtbot.waitSignal(operations.failed) as failed:
            result = operations.run(
                lambda history: history.update_session(404, note="never"),
                lambda summary: HistoryChange(sessions=frozenset({summary.id})),
                told.append,
            )
        assert result is None
        assert told == ["no session has the id 404"]
        assert failed.args == ["no session has the id 404"]
        assert changes == []
        assert store.sessions() == []


def test_without_a_history_a_write_says_so(qtbot: QtBot) -> None:
    operations = HistoryOperations(lambda: None)
    told: list[str] = []
    assert operations.run(lambda _history: 1, lambda _one: HistoryChange(), told.append) is None
    assert told == ["The history is not available, so this cannot be saved."]


def test_a_write_announces_what_it_changed(qtbot: QtBot, tmp_path: Path) -> None:
    from datetime import datetime

    with HistoryStore.open(tmp_path / "history.sqlite3") as store:
        operations = HistoryOperations(lambda: store)
        with qtbot.waitSignal(operations.changed) as announced:
            entry_id = operations.run(
                lambda history: history.log_pain(4, datetime(2026, 12, 1, 9, 0, tzinfo=UTC)),
                lambda new_id: HistoryChange(diary=frozenset({new_id})),
                pytest.fail,
            )
        assert entry_id is not None
        assert announced.args == [HistoryChange(diary=frozenset({entry_id}))]
        assert store.diary_entry(entry_id).score == 4
