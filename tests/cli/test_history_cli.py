"""``sciatica-timer history`` and ``pain log``: exit codes, one-line messages, files that stay private."""

from __future__ import annotations

import csv
import io
import json
import os
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from sciatica_timer.storage.history_schema import LATEST_VERSION, migrate

EXAMPLE_TIME = "2024-05-01T08:30:00+02:00"
SCALE = "use a whole number from 0 (no pain) to 10 (worst imaginable)"


def run(data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, TZ="Europe/Berlin")
    return subprocess.run(
        [sys.executable, "-m", "sciatica_timer", "--data-dir", str(data), *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env=env,
    )


def one_line_error(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 2, result
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    return lines[0]


def test_log_pain_then_list_it(tmp_path: Path) -> None:
    data = tmp_path / "data"
    logged = run(data, "pain", "log", "6", "--where", "lower-back", "--side", "left", "--note", "long drive")
    assert logged.returncode == 0, logged.stderr
    assert logged.stdout.startswith("logged pain 6/10 at ")
    run(data, "pain", "log", "3")
    listed = run(data, "history", "list")
    assert listed.returncode == 0
    lines = listed.stdout.splitlines()
    assert len(lines) == 2
    assert lines[0].endswith("pain     3/10")  # newest first
    assert lines[1].endswith("pain     6/10  lower back, left  long drive")
    assert stat.S_IMODE(data.stat().st_mode) == 0o700
    assert stat.S_IMODE((data / "history.sqlite3").stat().st_mode) == 0o600


def test_list_on_a_new_history(tmp_path: Path) -> None:
    result = run(tmp_path / "data", "history", "list")
    assert (result.returncode, result.stdout) == (0, "no sessions or pain scores yet\n")


@pytest.mark.parametrize(
    ("score", "message"),
    [
        ("11", f"pain score 11 is out of range: {SCALE}"),
        ("-1", f"pain score -1 is out of range: {SCALE}"),
        ("7.5", f"pain score 7.5 is not a whole number: {SCALE}"),
        ("seven", f'pain score "seven" is not a whole number: {SCALE}'),
    ],
)
def test_a_bad_score_exits_2_with_one_line_and_writes_nothing(
    tmp_path: Path, score: str, message: str
) -> None:
    data = tmp_path / "data"
    assert one_line_error(run(data, "pain", "log", score)) == f"sciatica-timer: {message}"
    assert not (data / "history.sqlite3").exists()


def test_an_unknown_region_is_a_usage_error(tmp_path: Path) -> None:
    line = one_line_error(run(tmp_path / "data", "pain", "log", "5", "--where", "knee"))
    assert "'knee' is not one of lower-back, buttock, thigh, calf, foot" in line


def test_export_json_to_stdout_and_import_it_elsewhere(tmp_path: Path) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    run(first, "pain", "log", "4", "--where", "calf")
    exported = run(first, "history", "export", "--format", "json")
    assert exported.returncode == 0
    document = json.loads(exported.stdout)
    assert [e["score"] for e in document["diary"]] == [4]

    export_file = tmp_path / "export.json"
    export_file.write_text(exported.stdout, encoding="utf-8")
    imported = run(second, "history", "import", str(export_file))
    assert imported.returncode == 0, imported.stderr
    assert imported.stdout == f"{export_file}: added 0 sessions and 1 pain score\n"
    again = run(second, "history", "import", str(export_file))
    assert again.stdout == f"{export_file}: added 0 sessions and 0 pain scores; 1 record was there already\n"
    assert json.loads(run(second, "history", "export").stdout)["diary"] == document["diary"]


def test_export_to_a_file_is_private(tmp_path: Path) -> None:
    data = tmp_path / "data"
    run(data, "pain", "log", "4", "--note", "=sum")
    target = tmp_path / "out.csv"
    result = run(data, "history", "export", "--format", "csv", "--output", str(target))
    assert result.returncode == 0
    assert result.stdout == f"exported your history as CSV to {target}\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8-sig"))))
    assert [(r["type"], r["pain"], r["note"]) for r in rows] == [("pain", "4", "'=sum")]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "out.csv"]  # no temporary file left


def test_export_to_a_missing_folder_is_one_line(tmp_path: Path) -> None:
    target = tmp_path / "nowhere" / "out.json"
    line = one_line_error(run(tmp_path / "data", "history", "export", "--output", str(target)))
    assert str(target) in line


def test_import_of_a_file_that_is_not_json(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"sessions": [\n  1,\n  }', encoding="utf-8")
    line = one_line_error(run(tmp_path / "data", "history", "import", str(bad)))
    assert line.startswith(f"sciatica-timer: {bad}: line 3, column 3: not valid JSON: ")


def test_import_of_a_wrong_export_names_each_problem(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    document = {
        "format": "sciatica-timer-history",
        "format_version": 1,
        "sessions": [],
        "diary": [
            {"uid": "a", "at": "2024-05-01T08:00:00+02:00", "score": 12},
            {"uid": "b", "at": "yesterday", "score": 3},
        ],
    }
    bad.write_text(json.dumps(document), encoding="utf-8")
    result = run(tmp_path / "data", "history", "import", str(bad))
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"{bad}: diary[0].score: 12 is out of range: {SCALE}",
        f'{bad}: diary[1].at: "yesterday" is not a date and time with a UTC offset, like {EXAMPLE_TIME}',
    ]
    assert run(tmp_path / "data", "history", "list").stdout == "no sessions or pain scores yet\n"


def test_import_of_a_missing_file(tmp_path: Path) -> None:
    missing = tmp_path / "missing.json"
    assert one_line_error(run(tmp_path / "data", "history", "import", str(missing))) == (
        f"sciatica-timer: {missing}: cannot read: No such file or directory"
    )


def test_a_history_from_a_newer_version_is_refused(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    db = data / "history.sqlite3"
    conn = sqlite3.connect(db, isolation_level=None)
    migrate(conn)
    conn.execute("PRAGMA user_version = 7")
    conn.close()
    before = db.read_bytes()
    assert one_line_error(run(data, "pain", "log", "3")) == (
        f"sciatica-timer: {db} was written by a newer version of Sciatica Timer (schema 7; this version "
        f"reads up to {LATEST_VERSION}); nothing was changed"
    )
    assert db.read_bytes() == before


def test_list_limit_must_be_positive(tmp_path: Path) -> None:
    line = one_line_error(run(tmp_path / "data", "history", "list", "--limit", "0"))
    assert "--limit" in line


def pdf_text(path: Path) -> str:
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True)
    return " ".join(out.stdout.split())


def test_history_report_writes_the_pdf_with_every_note(tmp_path: Path) -> None:
    data = tmp_path / "data"
    note = "Sat through a long meeting; " * 40  # about 1,100 characters, printed whole
    assert run(data, "pain", "log", "7", "--where", "calf", "--note", note.strip()).returncode == 0
    run(data, "pain", "log", "3")
    out = tmp_path / "report"
    result = run(data, "history", "report", "--output", str(out))
    assert result.returncode == 0, result.stderr
    pdf = tmp_path / "report.pdf"
    assert result.stdout.startswith("wrote the report for ")
    assert stat.S_IMODE(pdf.stat().st_mode) == 0o600
    text = pdf_text(pdf)
    assert "Sciatica pain report" in text
    assert note.strip() in text
    assert "2 entries, newest first" in text


def test_history_report_for_a_chosen_period(tmp_path: Path) -> None:
    data = tmp_path / "data"
    run(data, "pain", "log", "4", "--note", "today's entry")
    pdf = tmp_path / "old.pdf"
    result = run(data, "history", "report", "-o", str(pdf), "--from", "2024-01-01", "--to", "2024-03-31")
    assert result.returncode == 0, result.stderr
    text = pdf_text(pdf)
    assert "1 Jan – 31 Mar 2024" in text
    assert "today's entry" not in text
    assert "No diary entry in this period." in text


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--from", "2024-13-01"], "'2024-13-01' is not a date: use YYYY-MM-DD"),
        (["--from", "2024-05-02", "--to", "2024-05-01"], "--from 2024-05-02 is after --to 2024-05-01"),
    ],
)
def test_history_report_refuses_bad_dates_in_one_line(tmp_path: Path, args: list[str], expected: str) -> None:
    pdf = tmp_path / "r.pdf"
    line = one_line_error(run(tmp_path / "data", "history", "report", "-o", str(pdf), *args))
    assert expected in line
    assert not pdf.exists()


def test_history_report_into_a_missing_folder_is_one_line(tmp_path: Path) -> None:
    run(tmp_path / "data", "pain", "log", "4")
    line = one_line_error(run(tmp_path / "data", "history", "report", "-o", str(tmp_path / "nope" / "r.pdf")))
    assert "r.pdf" in line


def _hostile_export(field: str, raw_value: str) -> str:
    diary = {"uid": "a1", "at": "2024-05-01T08:00:00+02:00", "score": 3}
    text = json.dumps(
        {"format": "sciatica-timer-history", "format_version": 1, "sessions": [], "diary": [diary]}
    )
    old = {"at": '"2024-05-01T08:00:00+02:00"', "score": "3", "note": None}[field]
    if old is None:
        return text.replace('"score": 3', f'"score": 3, "note": {raw_value}')
    return text.replace(f'"{field}": {old}', f'"{field}": {raw_value}')


@pytest.mark.parametrize(
    ("field", "raw_value", "problem"),
    [
        ("score", "9" * 401, "line 1, column {column}: a number longer than 18 digits"),
        ("score", "9" * 4301, "line 1, column {column}: a number longer than 18 digits"),
        ("score", "-" + "9" * 30, "line 1, column {column}: a number longer than 18 digits"),
        (
            "at",
            '"9999-12-31T23:00:00-05:00"',
            'diary[0].at: "9999-12-31T23:00:00-05:00" is outside the years 1900 to 9998',
        ),
        (
            "at",
            '"0001-01-01T00:30:00+01:00"',
            'diary[0].at: "0001-01-01T00:30:00+01:00" is outside the years 1900 to 9998',
        ),
        (
            "note",
            '"bad \\ud800 half"',
            "line 1, column {column}: a \\u escape that is half of a character (a lone surrogate)",
        ),
    ],
)
def test_a_hostile_import_is_one_located_line_and_changes_nothing(
    tmp_path: Path, field: str, raw_value: str, problem: str
) -> None:
    data = tmp_path / "data"
    assert run(data, "pain", "log", "5").returncode == 0
    before = (data / "history.sqlite3").read_bytes()
    text = _hostile_export(field, raw_value)
    bad = tmp_path / "hostile.json"
    bad.write_text(text, encoding="utf-8")
    column = text.index(raw_value) + 1 + (len('"bad ') if field == "note" else 0)
    result = run(data, "history", "import", str(bad))
    assert result.returncode == 2, result
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines() == [
        f"{'sciatica-timer: ' if 'line 1' in problem else ''}{bad}: {problem.format(column=column)}"
    ]
    assert (data / "history.sqlite3").read_bytes() == before
    assert len(run(data, "history", "list").stdout.splitlines()) == 1
