"""Atomic writes: the old file survives any failure, and no temporary file is left behind."""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from pathlib import Path

import pytest

from sciatica_timer.errors import UserError
from sciatica_timer.storage.atomic import write_atomic


def test_writes_a_new_file_private_by_default(tmp_path: Path) -> None:
    target = tmp_path / "a.json"
    write_atomic(target, b"new")
    assert target.read_bytes() == b"new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.json"]


def test_replaces_an_existing_file_with_the_mode_asked_for(tmp_path: Path) -> None:
    target = tmp_path / "a.json"
    target.write_bytes(b"old contents that are longer")
    write_atomic(target, b"new", mode=0o644)
    assert target.read_bytes() == b"new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o644


def test_a_crash_before_the_rename_leaves_the_old_file_and_no_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "a.json"
    target.write_bytes(b"old")

    def crash(*args: object) -> None:
        raise KeyboardInterrupt  # not an OSError: the process is being torn down mid-save

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, b"new")
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.json"]


def test_a_failed_rename_is_a_one_line_user_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "a.json"
    target.write_bytes(b"old")

    def refuse(*args: object) -> None:
        raise OSError(errno.EXDEV, os.strerror(errno.EXDEV))

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(UserError) as caught:
        write_atomic(target, b"new")
    assert str(caught.value) == f"{target}: cannot save: {os.strerror(errno.EXDEV)}"
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.json"]


def test_a_full_disk_keeps_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "a.json"
    target.write_bytes(b"old")

    def disk_full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(UserError) as caught:
        write_atomic(target, b"new")
    assert str(caught.value) == f"{target}: cannot save: No space left on device"
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.json"]


def test_a_read_only_folder_is_a_one_line_user_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Simulated: the test suite may run as root, which ignores folder permissions.
    def read_only(*args: object, **kwargs: object) -> tuple[int, str]:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", read_only)
    with pytest.raises(UserError, match=r"a\.json: cannot save: Permission denied$"):
        write_atomic(tmp_path / "a.json", b"new")
    assert list(tmp_path.iterdir()) == []


def test_a_missing_folder_is_a_user_error(tmp_path: Path) -> None:
    target = tmp_path / "missing" / "a.json"
    with pytest.raises(UserError) as caught:
        write_atomic(target, b"new")
    assert str(caught.value) == f"{target}: cannot save: No such file or directory"
