"""Hostile content and hostile files, as a person's own terminal meets them: formulas in a CSV, terminal
control characters in a listing, symbolic links planted where the app keeps its data, and an import
that carries a known uid with other content. Every case runs the real command in a child process."""

from __future__ import annotations

import csv
import io
import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from sciatica_timer.core.history_format import CSV_COLUMNS

ROOT = Path(__file__).resolve().parents[2]
FORMULAS = ('=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1")
# Columns the app writes itself from numbers and times: they can never carry text from a file.
GENERATED = {
    "date",
    "time",
    "utc_offset",
    "pain",
    "pain_before",
    "pain_after",
    "followup_pain",
    "active_min",
    "paused_min",
}


def run(data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sciatica_timer", "--data-dir", str(data), *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env=dict(os.environ, TZ="UTC"),
    )


def one_line(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 2, result
    assert "Traceback" not in result.stderr
    (line,) = result.stderr.splitlines()
    return line


def hostile_export(payload: str) -> dict[str, object]:
    session = {
        "uid": payload + "s",
        "routine_id": "quick-desk",
        "routine_name": payload + "name",
        "started": "2024-05-01T08:00:00+00:00",
        "ended": "2024-05-01T08:10:00+00:00",
        "status": "stopped",
        "stop_reason": payload + "reason",
        "note": payload + "note",
        "active_s": 600,
        "paused_s": 0,
        "phases": [],
    }
    entry = {"uid": payload + "d", "at": "2024-05-01T09:00:00+00:00", "score": 4, "note": payload + "note"}
    return {"format": "sciatica-timer-history", "format_version": 1, "sessions": [session], "diary": [entry]}


@pytest.mark.parametrize("payload", FORMULAS)
def test_no_csv_cell_from_a_file_can_start_a_formula(tmp_path: Path, payload: str) -> None:
    data = tmp_path / "data"
    source = tmp_path / "hostile.json"
    source.write_text(json.dumps(hostile_export(payload)), encoding="utf-8")
    assert run(data, "history", "import", str(source)).returncode == 0
    table = tmp_path / "out.csv"
    exported = run(data, "history", "export", "--format", "csv", "--output", str(table))
    assert exported.returncode == 0, exported.stderr
    rows = list(csv.DictReader(io.StringIO(table.read_bytes().decode("utf-8-sig"), newline="")))
    assert len(rows) == 2
    cells = [(column, row[column]) for row in rows for column in CSV_COLUMNS if column not in GENERATED]
    assert [cell for cell in cells if cell[1].startswith(("=", "+", "-", "@", "\t", "\r"))] == []
    assert ("uid", "'" + payload + "s") in cells, "the text is kept, behind a quote mark"


def test_a_listing_shows_no_terminal_control_or_direction_characters(tmp_path: Path) -> None:
    data = tmp_path / "data"
    note = "ok \x1b]0;owned\x07 \x1b[2J bell\x07 \u202etxt.exe \u2066x\u2069 \x9b1m tab\tend"
    assert run(data, "pain", "log", "5", "--note", note).returncode == 0
    listed = run(data, "history", "list")
    assert listed.returncode == 0
    (line,) = listed.stdout.splitlines()
    hidden = [ch for ch in line if ch < " " or "\x7f" <= ch <= "\x9f" or ch in "\u202e\u2066\u2069"]
    assert hidden == []
    assert line.endswith(
        "ok \ufffd]0;owned\ufffd \ufffd[2J bell\ufffd \ufffdtxt.exe \ufffdx\ufffd \ufffd1m tab end"
    )


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    target = tmp_path / "secret"
    target.write_text('{"not": "yours"}', encoding="utf-8")
    target.chmod(0o644)
    return target


def test_a_linked_history_file_is_refused_and_its_target_untouched(tmp_path: Path, secret: Path) -> None:
    data = tmp_path / "data"
    data.mkdir(mode=0o700)
    (data / "history.sqlite3").symlink_to(secret)
    for args in (("history", "list"), ("pain", "log", "4")):
        line = one_line(run(data, *args))
        assert line == (
            f"sciatica-timer: {data / 'history.sqlite3'}: is a symbolic link; Sciatica Timer does not follow "
            "links where it keeps your data (put the real file or folder there, or point --data-dir at the "
            "real folder); nothing was changed"
        )
    assert secret.read_text(encoding="utf-8") == '{"not": "yours"}'
    assert stat.S_IMODE(secret.stat().st_mode) == 0o644


@pytest.mark.parametrize("folder", ["backups", "logs"])
def test_a_linked_backups_or_logs_folder_is_refused_in_one_line(tmp_path: Path, folder: str) -> None:
    data = tmp_path / "data"
    data.mkdir(mode=0o700)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir(mode=0o755)
    (data / folder).symlink_to(elsewhere)
    logged = run(data, "pain", "log", "4")
    assert logged.returncode == 0, "the score is kept all the same"
    (warning,) = logged.stderr.splitlines()
    assert warning.startswith("warning: ")
    assert f"{data / folder}: is a symbolic link" in warning
    assert list(elsewhere.iterdir()) == []
    assert stat.S_IMODE(elsewhere.stat().st_mode) == 0o755
    assert "4/10" in run(data, "history", "list").stdout


def test_linked_routine_files_and_folders_are_not_read(tmp_path: Path, secret: Path) -> None:
    data = tmp_path / "data"
    routines = data / "routines"
    routines.mkdir(parents=True, mode=0o700)
    (routines / "shadow.json").symlink_to(secret)
    listed = run(data, "routines", "list")
    assert listed.returncode == 0
    refused = f"{routines / 'shadow.json'}: is a symbolic link; Sciatica Timer does not follow links where "
    refused += "it keeps your data (put the real file or folder there, or point --data-dir at the real "
    assert listed.stderr.splitlines() == [f"skipped {refused}folder); nothing was changed"]
    assert "not" not in listed.stdout

    (routines / "shadow.json").unlink()
    routines.rmdir()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir(mode=0o755)
    routines.symlink_to(elsewhere)
    listed = run(data, "routines", "list")
    assert listed.returncode == 0
    assert listed.stderr.startswith(f"skipped {routines}: is a symbolic link")
    assert stat.S_IMODE(elsewhere.stat().st_mode) == 0o755


def test_an_import_names_a_known_uid_whose_content_differs(tmp_path: Path) -> None:
    data = tmp_path / "data"
    document = hostile_export("plain-")
    first = tmp_path / "first.json"
    first.write_text(json.dumps(document), encoding="utf-8")
    assert run(data, "history", "import", str(first)).returncode == 0
    again = run(data, "history", "import", str(first))
    assert again.stdout == f"{first}: added 0 sessions and 0 pain scores; 2 records were there already\n"

    document["diary"][0]["score"] = 9  # type: ignore[index]
    changed = tmp_path / "changed.json"
    changed.write_text(json.dumps(document), encoding="utf-8")
    result = run(data, "history", "import", str(changed))
    assert result.returncode == 0
    assert result.stdout == (
        f"{changed}: added 0 sessions and 0 pain scores; 2 records were there already; 1 of them differs "
        "from the import and was left as in your history: pain score plain-d\n"
    )
    assert "4/10" in run(data, "history", "list").stdout
