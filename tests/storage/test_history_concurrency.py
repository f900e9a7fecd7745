"""Two running copies writing at once: both wait their turn, nothing is lost, the file stays sound."""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

import pytest

from tests.storage.history_support import child, db_path, integrity

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(sys.platform == "win32", reason="the child process uses POSIX-only tools"),
]

EACH = 40  # diary entries and sessions per process; each session is four commits


def test_two_processes_writing_at_once_lose_nothing(tmp_path: Path) -> None:
    db = db_path(tmp_path)  # not created yet: both also race to create and set it up
    writers = [child("writer", db, str(EACH)) for _ in range(2)]
    for proc in writers:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "ready"
    for proc in writers:  # both are open; now let them write at the same time
        assert proc.stdin is not None
        proc.stdin.write("go\n")
        proc.stdin.flush()
    for proc in writers:
        out, err = proc.communicate(timeout=120)
        assert (proc.returncode, out.strip(), err) == (0, "done", "")

    assert integrity(db) == ["ok"]
    conn = sqlite3.connect(db)
    try:
        notes = [row[0] for row in conn.execute("SELECT note FROM diary")]
        sessions = conn.execute("SELECT status, count(*) FROM sessions GROUP BY status").fetchall()
        phases = conn.execute(
            "SELECT count(*), min(n), max(n) FROM "
            "(SELECT count(*) AS n FROM session_phases GROUP BY session_id)"
        ).fetchone()
    finally:
        conn.close()
    pids = {note.split("-")[0] for note in notes}
    assert len(pids) == 2
    assert sorted(notes) == sorted(f"{pid}-{i}" for pid in pids for i in range(EACH))
    assert sessions == [("completed", 2 * EACH)]
    assert phases == (2 * EACH, 8, 8)  # every session has both its steps, once each
