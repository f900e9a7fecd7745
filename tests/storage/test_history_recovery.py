"""A damaged history is moved aside (never deleted) and the newest backup restored; backups rotate daily."""

from __future__ import annotations

import os
import sqlite3
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from sciatica_timer.core.retention import backups_to_keep
from sciatica_timer.errors import UserError
from sciatica_timer.storage.history import HistoryStore
from tests.storage.history_support import BERLIN_SUMMER, db_path, fill, fixed_clock, integrity, open_store

AT = datetime(2024, 5, 1, 9, 0, tzinfo=BERLIN_SUMMER)


def history_with_backup(tmp_path: Path, *, entries: int = 3, after_backup: int = 2) -> Path:
    """A history with ``entries`` pain scores, backed up on 10 May 2024, then ``after_backup`` more."""
    with open_store(tmp_path) as store:
        for i in range(entries):
            store.log_pain(i % 11, AT + timedelta(hours=i), note="x" * 200)
        store.backup_now(now=datetime(2024, 5, 10, 20, 0))
        for i in range(after_backup):
            store.log_pain(5, AT + timedelta(days=30, hours=i))
    return db_path(tmp_path)


def corrupt_copies(db: Path) -> list[Path]:
    return sorted(db.parent.glob("history.corrupt-*.sqlite3"))  # not the -wal and -shm moved with it


def test_a_file_that_is_not_a_database_is_moved_aside_and_the_backup_restored(tmp_path: Path) -> None:
    db = history_with_backup(tmp_path)
    garbage = b"this is not a database, just some text a sync tool wrote here\n" * 50
    db.write_bytes(garbage)
    with open_store(tmp_path) as store:
        report = store.recovery
        assert report is not None
        assert len(store.diary()) == 3  # what the backup held
    assert report.problem == "it is not a SQLite database"
    assert report.restored_day == date(2024, 5, 10)
    assert report.restored_from == db.parent / "backups" / "history-2024-05-10.sqlite3"
    (moved,) = corrupt_copies(db)
    assert report.moved_to == moved
    assert moved.read_bytes() == garbage  # kept exactly as it was
    assert moved.name.startswith("history.corrupt-")
    assert moved.name.endswith(".sqlite3")
    assert str(moved) in report.message
    assert "The backup of 2024-05-10 was restored" in report.message
    assert "\n" not in report.message
    assert integrity(db) == ["ok"]


@pytest.mark.parametrize("where", [0.5, 0.8])
def test_a_database_cut_off_mid_page_is_moved_aside_and_the_backup_restored(
    tmp_path: Path, where: float
) -> None:
    db = history_with_backup(tmp_path, entries=600)
    size = db.stat().st_size
    page = 4096
    cut = int(size * where) // page * page + page // 2  # in the middle of a page
    os.truncate(db, cut)
    with open_store(tmp_path) as store:
        report = store.recovery
        assert report is not None
        assert len(store.diary()) == 600
    assert report.problem.startswith("it is damaged")
    assert report.restored_day == date(2024, 5, 10)
    (moved,) = corrupt_copies(db)
    assert moved.stat().st_size == cut


def test_its_wal_and_shm_go_with_it(tmp_path: Path) -> None:
    db = history_with_backup(tmp_path)
    db.write_bytes(b"garbage" * 100)
    Path(f"{db}-wal").write_bytes(b"old wal")
    Path(f"{db}-shm").write_bytes(b"old shm")
    with open_store(tmp_path) as store:
        assert store.recovery is not None
        moved = store.recovery.moved_to
        assert moved is not None
        assert Path(f"{moved}-wal").read_bytes() == b"old wal"
        assert Path(f"{moved}-shm").read_bytes() == b"old shm"
        assert len(store.diary()) == 3  # the stale WAL was not read into the restored database


def test_without_a_backup_a_new_history_is_started_and_said_so(tmp_path: Path) -> None:
    db = db_path(tmp_path)
    db.parent.mkdir()
    db.write_bytes(b"\x00garbage" * 1000)
    with open_store(tmp_path) as store:
        report = store.recovery
        assert report is not None
        assert store.recent() == []
        store.log_pain(3, AT)  # and the new one works
    assert report.restored_from is None
    assert report.restored_day is None
    assert "There was no backup, so a new, empty history was started." in report.message
    assert len(corrupt_copies(db)) == 1


def test_a_damaged_backup_is_passed_over_for_an_older_sound_one(tmp_path: Path) -> None:
    db = history_with_backup(tmp_path)
    with open_store(tmp_path) as store:
        store.backup_now(now=datetime(2024, 5, 11, 9, 0))
    (db.parent / "backups" / "history-2024-05-11.sqlite3").write_bytes(b"broken backup" * 100)
    db.write_bytes(b"broken history" * 100)
    with open_store(tmp_path) as store:
        assert store.recovery is not None
        assert store.recovery.restored_day == date(2024, 5, 10)
        assert len(store.diary()) == 3


def test_a_missing_history_comes_back_from_the_backup(tmp_path: Path) -> None:
    db = history_with_backup(tmp_path)
    db.unlink()
    with open_store(tmp_path) as store:
        assert store.recovery is not None
        assert store.recovery.problem == "the file was missing"
        assert store.recovery.moved_to is None
        assert len(store.diary()) == 3


def test_a_new_history_without_backups_needs_no_recovery(tmp_path: Path) -> None:
    with open_store(tmp_path) as store:
        assert store.recovery is None


def test_a_damaged_file_another_copy_has_open_is_left_alone(tmp_path: Path) -> None:
    db = history_with_backup(tmp_path)
    with open_store(tmp_path):
        with db.open("r+b") as stream:
            stream.write(b"not sqlite anymore" * 10)
        damaged = db.read_bytes()
        with pytest.raises(UserError, match="another Sciatica Timer has it open: close every Sciatica Timer"):
            open_store(tmp_path)
        assert db.read_bytes() == damaged
        assert corrupt_copies(db) == []


def test_backups_are_whole_single_files_in_rollback_mode(tmp_path: Path) -> None:
    with open_store(tmp_path) as store:
        fill(store)
        backup = store.backup_now(now=datetime(2024, 5, 10, 20, 0))
        expected = store.export_json()
    assert backup.name == "history-2024-05-10.sqlite3"
    assert backup.read_bytes()[18:20] == b"\x01\x01"  # not WAL: no -wal file needed beside it
    assert sorted(p.name for p in backup.parent.iterdir()) == [backup.name]
    assert integrity(backup) == ["ok"]
    restored = tmp_path / "restored" / "history.sqlite3"
    restored.parent.mkdir()
    restored.write_bytes(backup.read_bytes())
    with HistoryStore.open(restored, clock=fixed_clock) as store:
        assert store.export_json() == expected


def test_a_backup_is_made_at_most_once_a_day(tmp_path: Path) -> None:
    with open_store(tmp_path) as store:
        store.log_pain(3, AT)
        first = store.backup_if_due(now=datetime(2024, 5, 10, 8, 0))
        store.log_pain(4, AT)
        assert store.backup_if_due(now=datetime(2024, 5, 10, 23, 59)) is None
        assert first is not None
        assert store.backup_if_due(now=datetime(2024, 5, 11, 0, 1)) is not None
    names = sorted(p.name for p in (tmp_path / "data" / "backups").iterdir())
    assert names == ["history-2024-05-10.sqlite3", "history-2024-05-11.sqlite3"]


def test_old_backups_are_rotated_by_the_retention_rule(tmp_path: Path) -> None:
    first = date(2024, 1, 1)
    days = [first + timedelta(days=n) for n in range(75)]
    with open_store(tmp_path) as store:
        store.log_pain(3, AT)
        for day in days:
            assert store.backup_if_due(now=datetime(day.year, day.month, day.day, 9, 0)) is not None
    folder = tmp_path / "data" / "backups"
    left = sorted(p.name for p in folder.iterdir())
    assert left == sorted(f"history-{d.isoformat()}.sqlite3" for d in backups_to_keep(days, days[-1]))
    assert "history-2024-01-31.sqlite3" in left  # January's last: monthly
    assert "history-2024-01-30.sqlite3" not in left


def test_rotation_keeps_the_copy_made_before_an_upgrade_and_foreign_files(tmp_path: Path) -> None:
    folder = tmp_path / "data" / "backups"
    folder.mkdir(parents=True)
    keep = [folder / "history-v1-before-upgrade-20230101-090000.sqlite3", folder / "my-notes.txt"]
    for path in keep:
        path.write_bytes(b"x")
    with open_store(tmp_path) as store:
        for n in range(10):
            store.backup_if_due(now=datetime(2024, 1, 1, 9, 0) + timedelta(days=n))
    assert all(path.exists() for path in keep)


def test_a_backup_that_cannot_be_written_is_a_one_line_error(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the backups folder should be")
    with open_store(tmp_path) as store, pytest.raises(UserError) as caught:
        store.backup_now(blocker)
    assert str(blocker) in str(caught.value)
    assert "\n" not in str(caught.value)


def test_the_backup_copies_a_consistent_state_while_another_copy_writes(tmp_path: Path) -> None:
    with open_store(tmp_path) as writer, open_store(tmp_path) as reader:
        writer.log_pain(1, AT)
        writer.conn.execute("BEGIN IMMEDIATE")
        writer.conn.execute(
            "INSERT INTO diary (uid, at_utc, offset_min, score) "
            "VALUES ('pending', '2024-01-01T00:00:00Z', 0, 9)"
        )
        backup = reader.backup_now(now=datetime(2024, 5, 10, 9, 0))  # does not wait for, nor see, the write
        writer.conn.execute("COMMIT")
    conn = sqlite3.connect(backup)
    try:
        assert conn.execute("SELECT count(*) FROM diary").fetchone()[0] == 1
    finally:
        conn.close()
