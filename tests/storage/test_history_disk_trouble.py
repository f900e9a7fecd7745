"""A full disk or a read-only file: the write fails in one plain line, nothing half-written, and it can retry.

The full disk is a real write failure: the child process lowers its file size limit (RLIMIT_FSIZE, which
binds root too) so that no file may grow. The read-only file is a real permission: mode 0400, and when the
tests run as root (as in CI) the child first drops the capabilities that let root ignore file modes.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from sciatica_timer.core.record import SessionStatus
from tests.storage.history_support import START, child, count, db_path, integrity, open_store, step

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(sys.platform == "win32", reason="file size limits and modes are POSIX"),
]


def test_a_full_disk_fails_the_write_whole_and_the_retry_succeeds(tmp_path: Path) -> None:
    db = db_path(tmp_path)
    proc = child("disk-full", db)
    out, err = proc.communicate(timeout=60)
    assert (proc.returncode, err) == (0, "")
    error, retried = out.splitlines()
    assert error == (
        f"error: cannot save the session: {db}: the disk reported an error (it may be full or failing)"
    )
    session = int(retried.split()[1])

    assert integrity(db) == ["ok"]
    with open_store(tmp_path) as store:
        detail = store.session_detail(session)
    assert detail.summary.status is SessionStatus.COMPLETED
    assert detail.summary.pain_after == 3
    assert detail.phases == (*step(0), *step(1, "BL25"))  # the failed attempt left nothing behind


def test_a_read_only_history_reads_and_refuses_writes_in_plain_words(tmp_path: Path) -> None:
    with open_store(tmp_path) as store:
        store.log_pain(6, START)
    db = db_path(tmp_path)
    db.chmod(0o400)
    proc = child("read-only", db)
    out, err = proc.communicate(timeout=60)
    if proc.returncode == 3 and out.startswith("cannot drop capabilities"):
        pytest.skip(f"running as root without the right to drop capabilities ({out.strip()})")
    assert (proc.returncode, err) == (0, "")
    assert out.splitlines() == [
        "entries 1",
        f"error: cannot save the pain score: {db}: the file or its folder is read-only",
        "retried 2",
    ]
    # One from before, one from the retry: the refused write left nothing.
    assert count(db, "diary") == 2
    assert integrity(db) == ["ok"]
