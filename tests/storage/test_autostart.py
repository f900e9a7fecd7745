"""Start at login: the XDG autostart entry is written (valid, private, whole) and removed again."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from sciatica_timer.errors import UserError
from sciatica_timer.storage import autostart
from sciatica_timer.storage.paths import ENV_DATA_DIR, resolve_paths

pytestmark = pytest.mark.skipif(not autostart.supported(), reason="XDG autostart is for Linux desktops")


def _unescape_string(value: str) -> str:
    """The Desktop Entry spec's escapes for string values: \\s \\n \\t \\r \\\\."""
    out, chars = [], iter(value)
    for char in chars:
        if char == "\\":
            following = next(chars)
            out.append({"s": " ", "n": "\n", "t": "\t", "r": "\r", "\\": "\\"}[following])
        else:
            out.append(char)
    return "".join(out)


def _split_exec(value: str) -> list[str]:
    """The Exec key's arguments, read as a desktop would (the spec's quoting rules; "%%" is "%")."""
    text = _unescape_string(value).replace("%%", "%")
    arguments: list[str] = []
    current: list[str] = []
    started = quoted = False
    chars = iter(text)
    for char in chars:
        if quoted:
            if char == "\\":
                current.append(next(chars))
            elif char == '"':
                quoted = False
            else:
                current.append(char)
        elif char == " ":
            if started:
                arguments.append("".join(current))
            current, started = [], False
        else:
            started = True
            if char == '"':
                quoted = True
            else:
                current.append(char)
    if started:
        arguments.append("".join(current))
    return arguments


def _entry(path: Path) -> dict[str, str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "[Desktop Entry]"
    return dict(line.split("=", 1) for line in lines[1:])


def test_switching_on_writes_a_valid_private_entry_into_the_autostart_folder(tmp_path: Path) -> None:
    paths = resolve_paths()
    autostart.set_start_at_login(paths, True)
    path = (
        Path(os.environ["XDG_CONFIG_HOME"]) / "autostart" / "io.github.sciatica_timer.SciaticaTimer.desktop"
    )
    assert autostart.entry_path() == path
    assert autostart.starts_at_login()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert [p.name for p in path.parent.iterdir()] == [path.name], "no temporary file is left"
    entry = _entry(path)
    assert entry["Type"] == "Application"
    assert entry["Name"] == "Sciatica Timer"
    validator = shutil.which("desktop-file-validate")
    if validator is not None:
        result = subprocess.run([validator, str(path)], capture_output=True, text=True, check=False)
        assert result.returncode == 0, result.stdout + result.stderr
        assert "error" not in result.stdout.lower()


def test_the_entry_starts_this_installation(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENV_DATA_DIR)
    autostart.set_start_at_login(resolve_paths(), True)
    command = _split_exec(_entry(autostart.entry_path())["Exec"])
    assert "--data-dir" not in command, "the usual folders need no option"
    result = subprocess.run([*command, "--version"], capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("sciatica-timer ")


def test_a_data_folder_of_ones_own_goes_into_the_entry_quoted(tmp_path: Path) -> None:
    odd = tmp_path / 'my "pain" $HOME 100% back\\slash'
    autostart.set_start_at_login(resolve_paths(odd), True)
    command = _split_exec(_entry(autostart.entry_path())["Exec"])
    assert command[-2:] == ["--data-dir", str(odd)]
    assert command[:-2] == autostart.launch_command(resolve_paths(odd))[:-2]


def test_the_environment_variables_folder_counts_as_ones_own(monkeypatch: pytest.MonkeyPatch) -> None:
    # A login session would not have SCIATICA_TIMER_DATA_DIR, so the entry names the folder itself.
    paths = resolve_paths()
    assert autostart.launch_command(paths)[-2:] == ["--data-dir", os.environ[ENV_DATA_DIR]]


def test_switching_on_twice_replaces_the_entry_and_off_removes_it() -> None:
    paths = resolve_paths()
    autostart.set_start_at_login(paths, True)
    autostart.set_start_at_login(paths, True)
    assert autostart.starts_at_login()
    autostart.set_start_at_login(paths, False)
    assert not autostart.entry_path().exists()
    assert autostart.entry_path().parent.is_dir(), "the desktop's folder stays"
    autostart.set_start_at_login(paths, False)  # already off: nothing to do, no error


def test_an_existing_autostart_folder_keeps_its_mode() -> None:
    folder = autostart.autostart_dir()
    folder.mkdir(parents=True, mode=0o755)
    folder.chmod(0o755)
    autostart.set_start_at_login(resolve_paths(), True)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o755


def test_a_folder_that_cannot_be_made_is_one_plain_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "config-is-a-file"
    blocker.write_text("")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(blocker))
    with pytest.raises(UserError) as caught:
        autostart.set_start_at_login(resolve_paths(), True)
    assert str(caught.value) == f"{blocker / 'autostart'}: cannot create the folder: Not a directory"


def test_a_relative_config_home_is_ignored(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", "relative/config")
    assert autostart.autostart_dir() == Path.home() / ".config" / "autostart"


def test_a_bundle_starts_its_own_program(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.delenv(ENV_DATA_DIR)
    assert autostart.launch_command(resolve_paths()) == [sys.executable]
