"""A private session bus with the accessibility bus for each test that asks; skipped where none can start."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.accessibility.atspi_support import (
    AccessibilityBusUnavailableError,
    Desktop,
    desktop_for,
    missing_parts,
)


@pytest.fixture
def desktop(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Desktop]:
    lacking = missing_parts()
    if lacking is not None:
        pytest.skip(f"no accessibility bus here: {lacking} (packaging/system-deps.sh test installs it)")
    # A short runtime folder of the test's own: the app's single-instance socket must fit in ~100 bytes.
    with tempfile.TemporaryDirectory(prefix="st-a11y-") as runtime:
        monkeypatch.setenv("XDG_RUNTIME_DIR", runtime)
        try:
            yield from desktop_for(tmp_path)
        except AccessibilityBusUnavailableError as exc:
            pytest.skip(str(exc))
