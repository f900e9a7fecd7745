"""A full disk and a read-only data folder, for real: the data folder lives on a small tmpfs mounted for
the test (root only, as in CI), filled to the last byte or remounted read-only. The person can still read
and export the history, a session loses no step, and nothing prints a traceback."""

from __future__ import annotations

import csv
import io
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from sciatica_timer.core.routines import expand
from sciatica_timer.storage.resources import load_point_library
from sciatica_timer.storage.routine_files import load_builtin_routines
from tests.answered import answer_checklist
from tests.small_disk import SmallDisk

ROOT = Path(__file__).resolve().parents[2]
ROUTINE = "quick-desk"


def run(data: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sciatica_timer", "--data-dir", str(data), *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env=env,
    )


def no_traceback(result: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in result.stderr
    assert "Logging error" not in result.stderr


def test_a_full_disk_still_lists_and_exports_and_refuses_a_new_score_in_one_line(
    disk: SmallDisk, tmp_path: Path
) -> None:
    data = disk.path / "data"
    for score in ("6", "4"):
        assert run(data, "pain", "log", score).returncode == 0
    disk.fill()

    listed = run(data, "history", "list")
    no_traceback(listed)
    assert listed.returncode == 0, listed.stderr
    assert [line.split()[-1] for line in listed.stdout.splitlines()] == ["4/10", "6/10"]
    assert len(listed.stderr.splitlines()) <= 1, "at most one line says it is read only"

    table = tmp_path / "out.csv"
    exported = run(data, "history", "export", "--format", "csv", "--output", str(table))
    no_traceback(exported)
    assert exported.returncode == 0, exported.stderr
    rows = list(csv.DictReader(io.StringIO(table.read_text(encoding="utf-8-sig"))))
    assert [row["pain"] for row in rows] == ["6", "4"]

    refused = run(data, "pain", "log", "3")
    no_traceback(refused)
    assert refused.returncode == 2
    (line,) = refused.stderr.splitlines()
    assert "full" in line or "disk" in line, line

    disk.free()
    assert run(data, "pain", "log", "3").returncode == 0
    assert len(run(data, "history", "list").stdout.splitlines()) == 3, "nothing was lost"


def test_a_read_only_data_folder_still_lists_and_exports(disk: SmallDisk, tmp_path: Path) -> None:
    data = disk.path / "data"
    assert run(data, "pain", "log", "6").returncode == 0
    disk.remount("ro")  # EROFS: refused to root as well
    listed = run(data, "history", "list")
    no_traceback(listed)
    assert listed.returncode == 0, listed.stderr
    assert listed.stdout.splitlines()[0].endswith("6/10")
    assert (
        listed.stderr
        == f"note: {data / 'history.sqlite3'}: read only, as its folder is read-only; nothing is changed\n"
    )
    exported = run(data, "history", "export")
    assert exported.returncode == 0, exported.stderr
    assert '"score": 6' in exported.stdout
    refused = run(data, "pain", "log", "3")
    no_traceback(refused)
    assert refused.returncode == 2
    assert len(refused.stderr.splitlines()) == 1


def test_a_session_that_meets_a_full_disk_loses_no_step_and_says_where_it_waits(
    disk: SmallDisk, tmp_path: Path
) -> None:
    data = disk.path / "data"
    answer_checklist(data)  # play refuses until the safety checklist is answered
    elsewhere = tmp_path / "tmp"
    elsewhere.mkdir()
    env = dict(os.environ, TMPDIR=str(elsewhere))
    cmd = [sys.executable, "-m", "sciatica_timer", "--data-dir", str(data), "play", ROUTINE, "--no-gui"]
    cmd += ["--speed", "100", "--mute", "--pain-before", "6", "--pain-after", "3"]
    proc = subprocess.Popen(
        cmd,
        cwd=ROOT,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert proc.stdout is not None
    try:
        while "step 2" not in (line := proc.stdout.readline()):
            assert line, "the session ended before its second step"
        disk.fill()  # steps 2 and after, the end and the pain after it meet a full disk
        out, err = proc.communicate(timeout=120)
    finally:
        proc.kill()
        proc.communicate()
    assert "routine complete" in out
    assert proc.returncode == 2
    assert "Traceback" not in err
    assert "Logging error" not in err
    (line,) = err.splitlines()
    (waiting,) = elsewhere.glob("sciatica-timer-unsaved-session-*.json")
    assert f"the whole session waits in {waiting}" in line
    assert f"history import {waiting}" in line

    disk.free()
    imported = run(data, "history", "import", str(waiting))
    assert imported.returncode == 0, imported.stderr
    assert imported.stdout == f"{waiting}: added 1 session and 0 pain scores\n", imported
    routine = next(r for r in load_builtin_routines(load_point_library())[0] if r.id == ROUTINE)
    planned = len(expand(routine, load_point_library()).phases)
    with sqlite3.connect(f"file:{data / 'history.sqlite3'}?mode=ro", uri=True) as conn:
        sessions = conn.execute("SELECT id, status, pain_before, pain_after FROM sessions").fetchall()
        ((session_id, status, before, after),) = sessions
        phases = conn.execute("SELECT count(*) FROM session_phases WHERE session_id = ?", (session_id,))
        assert (status, before, after) == ("completed", 6, 3)
        assert phases.fetchone()[0] >= planned
    conn.close()


def test_a_path_that_is_not_utf8_is_logged_without_a_traceback(tmp_path: Path) -> None:
    data = tmp_path / os.fsdecode(b"data-\xff-folder")
    routines = data / "routines"
    routines.mkdir(parents=True)
    (routines / "broken.json").write_text("{not json", encoding="utf-8")
    result = run(data, "routines", "list")
    no_traceback(result)
    assert result.returncode == 0
    log_text = (data / "logs" / "sciatica-timer.log").read_bytes()
    assert b"broken.json" in log_text


def test_the_self_test_on_a_full_disk_reports_it_without_a_traceback(disk: SmallDisk) -> None:
    data = disk.path / "data"
    assert run(data, "pain", "log", "5").returncode == 0  # the log folder and file exist
    disk.fill()
    disk.top_up(data / "logs" / "sciatica-timer.log")  # its last page has no room left either
    result = run(data, "--self-test")
    no_traceback(result)
    assert result.returncode == 1, result.stdout
    assert "history" in result.stdout
