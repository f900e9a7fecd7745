"""``--self-test``: one line per check, FAIL with a reason for each broken part, exit code 1 if any failed."""

from __future__ import annotations

import argparse
import io
import shutil
import sqlite3
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from sciatica_timer.cli import self_test
from sciatica_timer.cli.self_test import CheckFailedError, CheckResult, CheckWarning, Status
from sciatica_timer.storage.paths import resolve_paths

CHECKS = (
    "resources",
    "points",
    "routine schema",
    "built-in routines",
    "Qt",
    "illustrations",
    "charts",
    "sounds",
    "sound output",
    "speech",
    "display",
    "data folder",
    "history",
)


def run_self_test(data_dir: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sciatica_timer", "--data-dir", str(data_dir), *extra, "--self-test"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def check_lines(stdout: str) -> dict[str, str]:
    """Check name -> status word, from the report's lines."""
    found = {}
    for line in stdout.splitlines():
        status, _, rest = line.partition(" ")
        if status in {s.value for s in Status}:
            found[rest.strip().split(":")[0]] = status
    return found


def test_a_working_installation_passes(tmp_path: Path) -> None:
    result = run_self_test(tmp_path / "data")
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Sciatica Timer ")
    statuses = check_lines(result.stdout)
    assert tuple(statuses) == CHECKS
    # Sound output and speech depend on the machine (a sound server, a speech engine): they may warn.
    assert {name: s for name, s in statuses.items() if s not in {"ok", "warn", "skip"}} == {}
    assert statuses["resources"] == statuses["history"] == statuses["Qt"] == "ok"
    assert lines[-1].startswith("self-test passed")
    assert (tmp_path / "data" / "history.sqlite3").is_file()


def test_an_unwritable_data_folder_fails_with_exit_1(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    result = run_self_test(blocker / "data")
    assert result.returncode == 1
    statuses = check_lines(result.stdout)
    assert statuses["data folder"] == "FAIL"
    assert statuses["history"] == "FAIL"
    assert statuses["resources"] == "ok"
    fail_line = next(line for line in result.stdout.splitlines() if line.startswith("FAIL  data folder"))
    assert str(blocker / "data") in fail_line
    assert result.stdout.splitlines()[-1].startswith("self-test FAILED: 2 of 13 checks failed")


# ----------------------------------------------------------------------------------------------------
# The shipped files, checked in a copy that a test can break


@pytest.fixture
def shipped(tmp_path: Path) -> Path:
    root = tmp_path / "resources"
    shutil.copytree(Path(str(self_test.resource_root())), root, ignore=shutil.ignore_patterns("__pycache__"))
    return root


def results_for(root: Path, tmp_path: Path) -> dict[str, CheckResult]:
    out = io.StringIO()
    found = self_test.run_checks(resolve_paths(tmp_path / "data"), root=root, out=out)
    assert out.getvalue().count("\n") == len(found)  # one line per check
    return {r.name: r for r in found}


@pytest.mark.usefixtures("qapp")
def test_the_shipped_copy_passes(shipped: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DISPLAY", raising=False)  # the display probe runs its own process; not needed here
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    results = results_for(shipped, tmp_path)
    shipped_checks = ("resources", "points", "routine schema", "built-in routines", "illustrations", "sounds")
    for name in (*shipped_checks, "charts"):
        assert results[name].status is Status.OK, results[name].line()


@pytest.mark.usefixtures("qapp")
def test_broken_files_are_named(shipped: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    (shipped / "illustrations" / "sole.svg").write_text("<svg><g></svg>")
    (shipped / "sounds" / "press.wav").write_bytes(b"RIFF\x00\x00\x00\x00WAVEjunk")
    routine = shipped / "routines" / "quick-desk.json"
    routine.write_text(routine.read_text().replace('"format_version": 1', '"format_version": "one"'))
    (shipped / "routine.schema.json").write_text("{")
    results = results_for(shipped, tmp_path)
    assert results["illustrations"].status is Status.FAIL
    assert "illustrations/sole.svg" in results["illustrations"].detail
    assert results["sounds"].status is Status.FAIL
    assert "sounds/press.wav" in results["sounds"].detail
    assert results["built-in routines"].status is Status.FAIL
    assert "quick-desk.json" in results["built-in routines"].detail
    assert results["routine schema"].status is Status.FAIL
    assert "line 1" in results["routine schema"].detail
    assert results["points"].status is Status.OK


def test_an_illustration_missing_for_a_view_fails(shipped: Path, qapp: object) -> None:
    (shipped / "illustrations" / "sole.svg").unlink()
    points = self_test.load_points(shipped)
    with pytest.raises(CheckFailedError, match=r"illustrations/sole\.svg is missing"):
        self_test.check_illustrations(shipped, points)


@pytest.mark.usefixtures("qapp")
def test_broken_points_stop_the_checks_that_need_them(shipped: Path, tmp_path: Path) -> None:
    (shipped / "points.json").write_text('{"format_version": 1}')
    results = results_for(shipped, tmp_path)
    assert results["points"].status is Status.FAIL
    assert results["built-in routines"].detail == "not checked: points.json did not load"


def test_no_sounds_shipped_is_a_warning_not_a_failure(shipped: Path) -> None:
    shutil.rmtree(shipped / "sounds")
    with pytest.raises(CheckWarning, match="none shipped"):
        self_test.check_sounds(shipped)


def test_a_missing_cue_sound_fails(shipped: Path) -> None:
    (shipped / "sounds" / "tick.wav").unlink()
    with pytest.raises(CheckFailedError, match=r"sounds/ lacks tick\.wav"):
        self_test.check_sounds(shipped)


def test_resources_must_be_one_folder_on_disk(tmp_path: Path) -> None:
    archive = tmp_path / "resources.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("resources/points.json", "{}")
    with pytest.raises(CheckFailedError, match="not one folder on disk"):
        self_test.check_resources(zipfile.Path(archive, "resources/"))
    (tmp_path / "empty").mkdir()
    with pytest.raises(CheckFailedError, match="no data files"):
        self_test.check_resources(tmp_path / "empty")


# ----------------------------------------------------------------------------------------------------
# Qt modules and the display


def importer_raising(error: ImportError):
    def importer(_module: str) -> None:
        raise error

    return importer


def test_an_optional_module_without_its_system_library_is_a_warning_naming_it() -> None:
    error = ImportError("libpulse.so.0: cannot open shared object file: No such file or directory")
    with pytest.raises(CheckWarning, match=r"QtMultimedia cannot load: libpulse\.so\.0 is missing"):
        self_test._optional_qt("QtMultimedia", "cues are shown on screen only", importer_raising(error))


def test_an_optional_module_missing_from_the_install_is_a_failure() -> None:
    error = ImportError("No module named 'PySide6.QtTextToSpeech'")
    with pytest.raises(CheckFailedError, match="QtTextToSpeech does not import: No module named"):
        self_test._optional_qt("QtTextToSpeech", "no spoken prompts", importer_raising(error))


def test_missing_library_messages_of_each_platform() -> None:
    assert self_test._missing_library(ImportError("Library not loaded: @rpath/libfoo.dylib")) == (
        "@rpath/libfoo.dylib"
    )
    assert "DLL" in (self_test._missing_library(ImportError("DLL load failed while importing X")) or "")
    assert self_test._missing_library(ImportError("cannot import name 'QFoo'")) is None


def test_no_display_is_skipped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    result = self_test._run_check("display", lambda: self_test.check_display(argparse.Namespace()))
    assert result.status is Status.SKIP


def test_a_display_qt_cannot_open_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Qt aborts a process whose display fails; the probe's child aborts instead, and the report says why."""
    monkeypatch.setenv("DISPLAY", ":9999")  # no X server there
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    monkeypatch.chdir(tmp_path)  # where a core file would land
    args = argparse.Namespace(data_dir=str(tmp_path / "data"))
    with pytest.raises(CheckFailedError, match=r"Qt cannot open the display: .*:9999"):
        self_test.check_display(args)


# ----------------------------------------------------------------------------------------------------
# The user's folders


def test_a_newer_history_fails_with_its_path(tmp_path: Path) -> None:
    paths = resolve_paths(tmp_path / "data")
    paths.data_dir.mkdir()
    with sqlite3.connect(paths.database) as conn:
        conn.execute("PRAGMA user_version = 9999")
    conn.close()
    with pytest.raises(CheckFailedError, match=str(paths.database)):
        self_test.check_history(paths)


def test_report_lines_stay_on_one_line() -> None:
    line = CheckResult("x", Status.FAIL, "first\nsecond " + "y" * 1000).line()
    assert "\n" not in line
    assert line.startswith("FAIL  x: first second ")
    assert len(line) < 320
