"""Under a German desktop (LANG=de_DE.UTF-8) the command line speaks German, as a person types it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.answered import answer_checklist


def cli(data_dir: Path, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sciatica_timer", "--data-dir", str(data_dir), *args],
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_routines_list_names_the_built_in_routines_in_german(
    tmp_path: Path, german_env: dict[str, str]
) -> None:
    result = cli(tmp_path, "routines", "list", env=german_env)
    assert result.returncode == 0, result.stderr
    assert "Kurze Pause am Schreibtisch" in result.stdout
    assert "Vollständiges Protokoll" in result.stdout
    assert "(mitgeliefert)" in result.stdout
    assert "Quick desk break" not in result.stdout
    assert "built-in" not in result.stdout


def test_routines_show_reads_the_steps_in_german(tmp_path: Path, german_env: dict[str, str]) -> None:
    result = cli(tmp_path, "routines", "show", "evening-feet", env=german_env)
    assert result.returncode == 0, result.stderr
    assert "Füße am Abend (evening-feet, mitgeliefert)" in result.stdout
    assert "4 Durchgänge mit: drücken" in result.stdout
    assert "Atemrhythmus: ein 4 s, aus 6 s" in result.stdout
    assert "Gesamt " in result.stdout


def test_validate_names_each_problem_in_german(tmp_path: Path, german_env: dict[str, str]) -> None:
    bad = tmp_path / "BAD.json"
    bad.write_text('{"format_version": 1, "id": "Bad Id", "steps": []}', encoding="utf-8")
    result = cli(tmp_path / "data", "routines", "validate", str(bad), env=german_env)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"{bad}: name: fehlt",
        (
            f'{bad}: id: "Bad Id" ist keine gültige ID: Verwenden Sie 1 bis 64 Kleinbuchstaben, Ziffern und '
            "Bindestriche, beginnend mit einem Buchstaben oder einer Ziffer"
        ),
        f"{bad}: steps: muss mindestens einen Schritt haben",
    ]


def test_a_good_file_is_in_ordnung(tmp_path: Path, german_env: dict[str, str]) -> None:
    exported = tmp_path / "mine.json"
    assert cli(tmp_path, "routines", "export", "quick-desk", str(exported), env=german_env).returncode == 0
    result = cli(tmp_path, "routines", "validate", str(exported), env=german_env)
    assert (result.returncode, result.stdout) == (0, "in Ordnung\n")


def test_pain_log_11_is_refused_in_german(tmp_path: Path, german_env: dict[str, str]) -> None:
    result = cli(tmp_path, "pain", "log", "11", env=german_env)
    assert result.returncode == 2
    assert result.stderr == (
        "sciatica-timer: Schmerzwert 11 liegt außerhalb des Bereichs: verwenden Sie eine ganze Zahl von "
        "0 (kein Schmerz) bis 10 (stärkster vorstellbarer Schmerz)\n"
    )
    assert "Traceback" not in result.stderr


def test_pain_log_writes_the_time_the_german_way(tmp_path: Path, german_env: dict[str, str]) -> None:
    result = cli(tmp_path, "pain", "log", "4", env=german_env)
    assert result.returncode == 0, result.stderr
    # "Schmerz 4/10 um 06.12.26 14:05 eingetragen": day.month.year, 24-hour clock
    assert result.stdout.startswith("Schmerz 4/10 um ")
    assert result.stdout.rstrip().endswith(" eingetragen")
    stamp = result.stdout.removeprefix("Schmerz 4/10 um ").removesuffix(" eingetragen\n")
    day, clock = stamp.split(" ")
    assert len(day.split(".")) == 3
    assert ":" in clock


def test_play_quick_desk_speaks_german(tmp_path: Path, german_env: dict[str, str]) -> None:
    answer_checklist(tmp_path)
    result = cli(tmp_path, "play", "quick-desk", "--no-gui", "--speed", "100", "--mute", env=german_env)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "Schritt 1: Zustimmungspunkt der Niere" in lines[0]
    assert any(line.endswith("BL23 links: sanft drücken") for line in lines)
    assert any(line.endswith("BL23 rechts: langsam lösen") for line in lines)
    assert lines[-1].endswith("Routine beendet")
    assert "press gently" not in result.stdout


def test_german_without_the_locale_installed(tmp_path: Path, german_env: dict[str, str]) -> None:
    """The language comes from LANG itself: a system without the de_DE locale still gets German."""
    env = {k: v for k, v in german_env.items() if k != "LOCPATH"} | {"LOCPATH": str(tmp_path / "none")}
    result = cli(tmp_path, "routines", "list", env=env)
    assert "Kurze Pause am Schreibtisch" in result.stdout


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"LANG": "de_DE.UTF-8", "LC_ALL": "C"}, "Quick desk break"),  # LC_ALL=C asks for plain English
        ({"LANG": "C.UTF-8", "LANGUAGE": "de"}, "Quick desk break"),  # LANGUAGE is ignored under C, as glibc
        ({"LANG": "en_GB.UTF-8", "LANGUAGE": "de:en"}, "Kurze Pause am Schreibtisch"),
        ({"LANG": "de_AT.UTF-8"}, "Kurze Pause am Schreibtisch"),  # Austrian German uses the German catalogue
        ({"LANG": "fr_FR.UTF-8"}, "Quick desk break"),  # no French yet: English
        ({"LANG": "de_DE.ISO-8859-15@euro"}, "Kurze Pause am Schreibtisch"),
        ({"LANG": "../../../etc/passwd"}, "Quick desk break"),  # not a language: ignored, never a path
        ({"LANG": "x" * 100_000}, "Quick desk break"),
    ],
)
def test_the_environment_chooses_the_language(
    tmp_path: Path, german_env: dict[str, str], overrides: dict[str, str], expected: str
) -> None:
    result = cli(tmp_path, "routines", "list", env=german_env | overrides)
    assert result.returncode == 0, result.stderr
    assert expected in result.stdout
