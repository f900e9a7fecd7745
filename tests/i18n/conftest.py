"""A German locale for the child processes, built here with localedef as the Turkish one is."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from sciatica_timer.core import i18n


@pytest.fixture(scope="session")
def german_locale_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    localedef = shutil.which("localedef")
    if localedef is None:
        pytest.fail("localedef is missing: packaging/system-deps.sh test installs it (package locales)")
    folder = tmp_path_factory.mktemp("locales")
    subprocess.run(
        [localedef, "-i", "de_DE", "-f", "UTF-8", str(folder / "de_DE.UTF-8")],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return folder


@pytest.fixture
def german_env(german_locale_dir: Path) -> dict[str, str]:
    """A child process's environment as on a German desktop: LANG=de_DE.UTF-8 (and nothing overriding it)."""
    env = {k: v for k, v in os.environ.items() if k not in {"LANGUAGE", "LC_ALL", "LC_MESSAGES"}}
    return env | {"LOCPATH": str(german_locale_dir), "LANG": "de_DE.UTF-8"}


@pytest.fixture
def english_again() -> Iterator[None]:
    """For tests that install a language in this process: English again afterwards."""
    yield
    i18n.reset()
    from sciatica_timer.storage.resources import load_point_library

    load_point_library.cache_clear()
