"""One function decides where the app's files go; the folders are private."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from sciatica_timer.errors import UserError
from sciatica_timer.storage.paths import ENV_DATA_DIR, ensure_private_dir, resolve_paths


def test_explicit_dir_moves_everything(tmp_path: Path) -> None:
    paths = resolve_paths(tmp_path / "d")
    assert paths.data_dir == tmp_path / "d"
    assert paths.config_dir == tmp_path / "d"
    assert paths.log_dir == tmp_path / "d" / "logs"
    assert paths.database.parent == paths.data_dir


def test_environment_variable_is_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV_DATA_DIR, str(tmp_path / "env"))
    assert resolve_paths().data_dir == tmp_path / "env"


def test_explicit_dir_wins_over_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV_DATA_DIR, str(tmp_path / "env"))
    assert resolve_paths(tmp_path / "cli").data_dir == tmp_path / "cli"


def test_platform_folders_without_override(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENV_DATA_DIR)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "share"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    paths = resolve_paths()
    assert paths.data_dir == tmp_path / "share" / "sciatica-timer"
    assert paths.config_dir == tmp_path / "config" / "sciatica-timer"


def test_private_dir_is_0700_even_if_it_existed(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b"
    target.mkdir(parents=True, mode=0o755)
    target.chmod(0o755)
    ensure_private_dir(target)
    assert stat.S_IMODE(target.stat().st_mode) == 0o700


def test_uncreatable_dir_is_a_user_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(UserError, match="cannot create the folder"):
        ensure_private_dir(blocker / "sub")


def test_a_read_only_folder_stays_read_only(tmp_path: Path) -> None:
    target = tmp_path / "ro"
    target.mkdir(mode=0o555)
    target.chmod(0o555)
    ensure_private_dir(target)
    assert stat.S_IMODE(target.stat().st_mode) == 0o500
