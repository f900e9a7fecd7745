"""``sciatica-timer routines``: list, show, validate, import and export, in-process and as a real process."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from sciatica_timer.cli import main
from sciatica_timer.cli.routines import format_duration

GOOD: dict[str, object] = {
    "format_version": 1,
    "id": "my-feet",
    "name": "My feet",
    "steps": [{"kind": "point", "point": "KD1", "sides": "left", "repetitions": 1, "hold_s": 30}],
}


def with_step(**changes: object) -> list[dict[str, object]]:
    step: dict[str, object] = {
        "kind": "point",
        "point": "KD1",
        "sides": "left",
        "repetitions": 1,
        "hold_s": 30,
    }
    step.update(changes)
    return [step]


def write(path: Path, data: object) -> Path:
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def run(capsys: pytest.CaptureFixture[str], data_dir: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--data-dir", str(data_dir), "routines", *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize(
    ("seconds", "shown"), [(0, "0:00"), (59, "0:59"), (60, "1:00"), (1872, "31:12"), (4500, "75:00")]
)
def test_format_duration(seconds: float, shown: str) -> None:
    assert format_duration(seconds) == shown


def test_list_shows_builtins_and_user_routines(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, tmp_path, "import", str(write(tmp_path / "in.json", GOOD)))[0] == 0
    code, out, err = run(capsys, tmp_path, "list")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0].split() == ["full-protocol", "Full", "protocol", "31:12", "(built-in)"]
    assert [line.split()[0] for line in lines] == [
        "full-protocol",
        "quick-desk",
        "evening-feet",
        "lower-back-stretches",
        "acupressure-mat",
        "my-feet",
    ]
    assert lines[-1].split() == [
        "my-feet",
        "My",
        "feet",
        "0:40",
    ]  # default press 5 + hold 30 + default release 5


def test_list_reports_broken_files_but_still_lists(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "routines"
    folder.mkdir()
    (folder / "broken.json").write_text("{", encoding="utf-8")
    code, out, err = run(capsys, tmp_path, "list")
    assert code == 0
    assert len(out.splitlines()) == 5
    where = f"{folder / 'broken.json'}: line 1, column 2"
    assert err == f"skipped {where}: not valid JSON: expecting property name enclosed in double quotes\n"


def test_show_describes_steps_and_total(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, tmp_path, "show", "evening-feet")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == "Evening feet (evening-feet, built-in)"
    assert " 1. KD1 Bubbling Spring — 6:30" in lines
    assert (
        "    left side, then right side; 4 rounds of: press 5 s, hold 30 s, release 5 s, breathe 10 s"
        in lines
    )
    assert "    waits for you to find the point on each side first" in lines
    assert "    paced breathing: in 4 s, out 6 s" in lines
    assert lines[-1] == "Total 6:30 (plus the time you take to find the points)"


def test_show_activity_and_unknown_ids(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, tmp_path, "show", "acupressure-mat")
    assert code == 0
    assert " 2. Rest on the mat — 20:00" in out.splitlines()
    assert out.splitlines()[-1] == "Total 22:00"
    code, out, err = run(capsys, tmp_path, "show", "nothing")
    assert (code, out) == (2, "")
    assert err == 'sciatica-timer: no routine has the id "nothing"\n'


def test_validate_ok(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, tmp_path, "validate", str(write(tmp_path / "good.json", GOOD))) == (0, "ok\n", "")


def test_validate_prints_one_line_per_problem(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = dict(GOOD, name="", steps=with_step(hold_s=900, hodl_s=3))
    path = write(tmp_path / "bad.json", bad)
    code, out, err = run(capsys, tmp_path, "validate", str(path))
    assert (code, out) == (2, "")
    assert err.splitlines() == [
        f"{path}: name: must not be empty",
        (
            f"{path}: steps[0].hodl_s: unknown field; expected one of: kind, point, sides, repetitions, "
            "press_s, hold_s, release_s, breathe_s, breathing, locate_first, instructions"
        ),
        f"{path}: steps[0].hold_s: 900 is above the maximum 300",
    ]


def test_validate_a_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, tmp_path, "validate", str(tmp_path / "none.json"))
    assert code == 2
    assert err == f"sciatica-timer: {tmp_path / 'none.json'}: cannot read: No such file or directory\n"


def test_import_replace_and_export(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = write(tmp_path / "in.json", GOOD)
    code, out, _ = run(capsys, tmp_path, "import", str(source))
    saved = tmp_path / "routines" / "my-feet.json"
    assert (code, out) == (0, f"imported my-feet (My feet) to {saved}\n")

    write(source, dict(GOOD, name="Renamed"))
    code, _, err = run(capsys, tmp_path, "import", str(source))
    assert code == 2
    assert (
        err == f'{source}: a routine with the id "my-feet" is already saved (add --replace to replace it)\n'
    )
    assert run(capsys, tmp_path, "import", str(source), "--replace")[0] == 0

    target = tmp_path / "out.json"
    assert run(capsys, tmp_path, "export", "my-feet", str(target)) == (
        0,
        f"exported my-feet to {target}\n",
        "",
    )
    assert json.loads(target.read_text(encoding="utf-8"))["name"] == "Renamed"
    code, _, err = run(capsys, tmp_path, "export", "quick-desk", str(target))
    assert (code, err) == (2, f"{target}: already exists (add --replace to replace it)\n")
    assert run(capsys, tmp_path, "export", "quick-desk", str(target), "--replace")[0] == 0
    assert json.loads(target.read_text(encoding="utf-8"))["id"] == "quick-desk"


def test_import_of_an_invalid_file_saves_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path / "bad.json", dict(GOOD, id="full-protocol"))
    code, _, err = run(capsys, tmp_path, "import", str(path))
    assert code == 2
    assert err == f'{path}: id: "full-protocol" is the id of a built-in routine; change the id in the file\n'
    assert not (tmp_path / "routines").exists()


def test_routines_without_an_action_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--data-dir", str(tmp_path), "routines"])
    assert exit_info.value.code == 2
    assert capsys.readouterr().err.count("\n") == 1


@pytest.mark.slow
def test_validate_as_a_process(tmp_path: Path) -> None:
    bad = dict(GOOD, steps=with_step(hold_s=900))
    path = write(tmp_path / "bad.json", bad)
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "sciatica_timer",
            "--data-dir",
            str(tmp_path),
            "routines",
            "validate",
            str(path),
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == f"{path}: steps[0].hold_s: 900 is above the maximum 300\n"
    assert "Traceback" not in result.stderr


@pytest.mark.slow
def test_validate_garbage_as_a_process(tmp_path: Path) -> None:
    path = tmp_path / "garbage.json"
    path.write_bytes(b"\x00\xff{[")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "sciatica_timer",
            "--data-dir",
            str(tmp_path),
            "routines",
            "validate",
            str(path),
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    assert result.stderr == f"{path}: byte 1: is not valid UTF-8 text; save the file as UTF-8\n"


@pytest.mark.parametrize("number", ["9" * 401, "9" * 4301, "1." + "5" * 60])
def test_validate_a_huge_breathing_number_is_one_located_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], number: str
) -> None:
    path = tmp_path / "huge.json"
    text = json.dumps(dict(GOOD, steps=with_step(breathing={"inhale_s": 4, "exhale_s": 6})))
    path.write_text(text.replace('"inhale_s": 4', f'"inhale_s": {number}'), encoding="utf-8")
    code, out, err = run(capsys, tmp_path, "validate", str(path))
    column = text.index('"inhale_s": 4') + len('"inhale_s": ') + 1
    assert (code, out) == (2, "")
    assert err == f"{path}: line 1, column {column}: a number longer than 18 digits\n"
