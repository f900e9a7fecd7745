"""A German locale for the child processes, built here with localedef as the Turkish one is."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from sciatica_timer.core import i18n
from tests.conftest import build_locale


@pytest.fixture(scope="session")
def german_locale_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_locale(tmp_path_factory, "de_DE")


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
