"""The command line's contract: version, help, one-line usage errors with exit code 2."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from sciatica_timer import __version__
from sciatica_timer.cli import main


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sciatica_timer", *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_version_prints_the_version() -> None:
    result = run_cli("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"sciatica-timer {__version__}"


def test_help_with_a_data_dir(tmp_path: Path) -> None:
    result = run_cli("--data-dir", str(tmp_path / "x"), "--help")
    assert result.returncode == 0
    assert "--data-dir DIR" in result.stdout


def test_unknown_command_is_one_line_and_exit_2() -> None:
    result = run_cli("frobnicate")
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "frobnicate" in lines[0]
    assert "Traceback" not in result.stderr


def test_unknown_option_in_process(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--no-such-option"])
    assert exit_info.value.code == 2
    assert capsys.readouterr().err.count("\n") == 1


def test_an_empty_command_line_reads_as_the_parser_would_read_it() -> None:
    from sciatica_timer.cli import build_parser, parse_arguments

    assert parse_arguments([]) == build_parser(with_commands=False).parse_args([])
