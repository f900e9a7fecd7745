"""Export and import: a JSON export imports into a new history as the same data, and only once."""

from __future__ import annotations

import csv
import gc
import io
import json
import sqlite3
import stat
from pathlib import Path
from typing import Any

import pytest

from sciatica_timer.core.history_format import CSV_COLUMNS, HistoryFormatError
from sciatica_timer.errors import UserError
from sciatica_timer.storage.history_backups import backup_counts
from tests.storage.history_support import NOW, count, db_path, fill, integrity, open_store


def without_export_time(document: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in document.items() if key != "exported_utc"}


@pytest.fixture
def exported(tmp_path: Path) -> dict[str, Any]:
    with open_store(tmp_path / "first") as store:
        fill(store)
        # Through JSON text, as it travels in a file.
        return json.loads(json.dumps(store.export_json(), ensure_ascii=False))  # type: ignore[no-any-return]


def test_export_then_import_into_a_new_history_gives_the_same_data(
    tmp_path: Path, exported: dict[str, Any]
) -> None:
    with open_store(tmp_path / "second") as store:
        report = store.import_json(exported, "export.json")
        again = store.export_json()
    assert (report.sessions_added, report.diary_added) == (3, 3)
    assert without_export_time(again) == without_export_time(exported)
    assert len(exported["sessions"][0]["phases"]) == 6
    assert exported["sessions"][0]["phases"][5]["tenderness"] == 7


def test_importing_the_same_file_twice_adds_nothing(tmp_path: Path, exported: dict[str, Any]) -> None:
    with open_store(tmp_path / "second") as store:
        store.import_json(exported)
        report = store.import_json(exported)
    assert (report.sessions_added, report.diary_added) == (0, 0)
    assert (report.sessions_present, report.diary_present) == (3, 3)
    assert str(report) == "added 0 sessions and 0 pain scores; 6 records were there already"
    assert count(db_path(tmp_path / "second"), "sessions") == 3
    assert count(db_path(tmp_path / "second"), "session_phases") == 7  # 6 + 1 + 0


def test_an_import_leaves_the_cycle_collector_on_even_when_the_file_is_refused(
    tmp_path: Path, exported: dict[str, Any]
) -> None:
    """The collector is held off during an import only: on again afterwards, and after a refused file."""
    broken = dict(exported, sessions=[dict(exported["sessions"][0], pain_before=11)])
    with open_store(tmp_path / "second") as store:
        with pytest.raises(HistoryFormatError, match="pain_before"):
            store.import_json(broken, "broken.json")
        assert gc.isenabled()
        assert count(db_path(tmp_path / "second"), "sessions") == 0, "a refused file adds nothing"
        store.import_json(exported, "export.json")
        assert gc.isenabled()
    assert count(db_path(tmp_path / "second"), "sessions") == 3


def test_importing_its_own_export_adds_nothing(tmp_path: Path, exported: dict[str, Any]) -> None:
    with open_store(tmp_path / "first") as store:
        report = store.import_json(exported)
    assert (report.sessions_added, report.diary_added) == (0, 0)


def test_an_import_adds_only_what_is_missing(tmp_path: Path, exported: dict[str, Any]) -> None:
    partial = dict(exported, sessions=exported["sessions"][:1], diary=exported["diary"][2:])
    with open_store(tmp_path / "second") as store:
        store.import_json(partial)
        report = store.import_json(exported)
    assert (report.sessions_added, report.sessions_present, report.diary_added, report.diary_present) == (
        2,
        1,
        2,
        1,
    )


def test_an_import_between_sessions_already_here_keeps_each_sessions_own_phases(
    tmp_path: Path, exported: dict[str, Any]
) -> None:
    middle = dict(exported, sessions=exported["sessions"][1:2], diary=[])
    with open_store(tmp_path / "second") as store:
        store.import_json(middle)
        store.import_json(exported)
        again = store.export_json()
    assert without_export_time(again) == without_export_time(exported)


def test_the_history_still_refuses_a_wrong_phase_after_an_import(
    tmp_path: Path, exported: dict[str, Any]
) -> None:
    with open_store(tmp_path / "second") as store:
        store.import_json(exported)
        session_id = store.conn.execute("SELECT min(id) FROM sessions").fetchone()[0]
        with pytest.raises(sqlite3.IntegrityError, match="CHECK constraint failed"):
            store.conn.execute(
                "INSERT INTO session_phases (session_id, seq, phase_index, step_index, kind, repetition, "
                "planned_s, actual_s, skipped) VALUES (?, 99, 0, 0, 'jump', 1, 1, 1, 0)",
                (session_id,),
            )


def test_a_file_with_a_problem_imports_nothing(tmp_path: Path, exported: dict[str, Any]) -> None:
    exported["diary"][2]["score"] = 12  # everything before it is fine
    with open_store(tmp_path / "second") as store:
        with pytest.raises(HistoryFormatError) as caught:
            store.import_json(exported, "from-laptop.json")
        assert store.recent() == []
    assert str(caught.value) == (
        "from-laptop.json: diary[2].score: 12 is out of range: use a whole number from 0 (no pain) to 10 "
        "(worst imaginable)"
    )


def test_csv_export_opens_as_one_table(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    with open_store(tmp_path) as store:
        fill(store)
        store.export_csv(target)
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 byte order mark: spreadsheets then read accents right
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert list(rows[0]) == list(CSV_COLUMNS)
    assert [r["type"] for r in rows] == ["session", "pain", "session", "session", "pain", "pain"]
    assert rows[0]["note"] == "Weniger Ziehen im Bein – gut"
    assert rows[3]["note"] == "'=phone rang"  # would be a formula otherwise
    assert rows[5]["note"] == "woke up\nsecond line"


def test_the_import_preview_says_what_would_be_added_and_adds_nothing(
    tmp_path: Path, exported: dict[str, Any]
) -> None:
    partial = dict(exported, sessions=exported["sessions"][:1], diary=exported["diary"][2:])
    with open_store(tmp_path / "second") as store:
        store.import_json(partial)
        preview = store.import_preview(exported, "export.json")
        assert count(db_path(tmp_path / "second"), "sessions") == 1, "a preview writes nothing"
        done = store.import_json(exported)
    assert preview == done
    assert (preview.sessions_added, preview.sessions_present, preview.diary_added, preview.diary_present) == (
        2,
        1,
        2,
        1,
    )


def test_the_import_preview_refuses_a_bad_file_as_import_does(
    tmp_path: Path, exported: dict[str, Any]
) -> None:
    broken = dict(exported, format="something-else")
    with open_store(tmp_path / "second") as store, pytest.raises(HistoryFormatError, match="format"):
        store.import_preview(broken, "export.json")


def test_restoring_a_backup_keeps_the_current_history_aside(tmp_path: Path) -> None:
    with open_store(tmp_path) as store:
        store.log_pain(3, NOW)
        backup = store.backup_now()
        store.log_pain(9, NOW)
        store.log_pain(8, NOW)
        assert backup_counts(backup) == (0, 1)
        aside = store.restore_backup(backup)
        assert [e.score for e in store.diary()] == [3]
        assert backup_counts(aside) == (0, 3), "the history as it was, kept whole"
        assert stat.S_IMODE(aside.stat().st_mode) == 0o600
        second = store.restore_backup(aside)  # and it can be put back in turn
        assert second != aside, "a second restore in the same second keeps the first copy"
        assert sorted(e.score for e in store.diary()) == [3, 8, 9]
        store.log_pain(5, NOW)  # the history still works after restoring
    assert integrity(db_path(tmp_path)) == ["ok"]


def test_a_broken_backup_is_refused_and_nothing_changes(tmp_path: Path) -> None:
    with open_store(tmp_path) as store:
        store.log_pain(3, NOW)
        broken = tmp_path / "history-2025-01-01.sqlite3"
        broken.write_bytes(b"not a database at all" * 100)
        with pytest.raises(UserError, match="not a sound backup"):
            store.restore_backup(broken)
        assert [e.score for e in store.diary()] == [3]
