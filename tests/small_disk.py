"""A small tmpfs mounted for one test: a real disk that can be filled to the last byte or made read-only.

Mounting needs root (as in CI and on this project's test machines); elsewhere the tests using it skip.
"""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

import pytest


class SmallDisk:
    def __init__(self, mount_point: Path) -> None:
        self.path = mount_point
        self.filler = mount_point / "filler"

    def fill(self) -> None:
        """Write until the disk refuses: ENOSPC, for root too (tmpfs keeps no reserve)."""
        for size in (65536, 512):  # large blocks, then the last few small ones
            with self.filler.open("ab", buffering=0) as stream:
                while _wrote(stream, b"\0" * size):
                    pass
        assert os.statvfs(self.path).f_bavail == 0

    def top_up(self, path: Path) -> None:
        """Fill the room left in the last page of ``path`` (tmpfs gives files whole pages)."""
        with path.open("ab", buffering=0) as stream:
            while _wrote(stream, b"\n"):
                pass

    def free(self) -> None:
        self.filler.unlink()

    def remount(self, option: str) -> None:
        subprocess.run(["mount", "-o", f"remount,{option}", str(self.path)], check=True, capture_output=True)


def _wrote(stream: BinaryIO, block: bytes) -> bool:
    """Whether ``block`` was written; False once the disk is full (any other error fails the test)."""
    try:
        stream.write(block)
    except OSError as exc:
        if exc.errno != errno.ENOSPC:
            raise
        return False
    return True


@pytest.fixture
def disk(tmp_path: Path) -> Iterator[SmallDisk]:
    mount_point = tmp_path / "disk"
    mount_point.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=4m,mode=0700", "tmpfs", str(mount_point)],
        capture_output=True,
        text=True,
        check=False,
    )
    if sys.platform != "linux" or mounted.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here (needs root): {mounted.stderr.strip()}")
    try:
        yield SmallDisk(mount_point)
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], check=False, capture_output=True)
