"""Every test gets its own data, config and log folders: no test ever touches the real user folders."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.small_disk import disk  # noqa: F401 - a fixture for every test folder: a small real disk


@pytest.fixture(autouse=True)
def private_folders(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path_factory.mktemp("user")
    for var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        monkeypatch.setenv(var, str(root / var.lower()))
    data_dir = root / "data"
    monkeypatch.setenv("SCIATICA_TIMER_DATA_DIR", str(data_dir))
    return data_dir


@pytest.fixture(scope="session")
def turkish_locale_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder holding a tr_TR.UTF-8 locale built here with localedef (the `locales` package's sources).

    Turkish is the locale that breaks code comparing words case-insensitively with the C library: its
    upper-case "i" is "İ" and its lower-case "I" is "ı".
    """
    import shutil
    import subprocess

    localedef = shutil.which("localedef")
    if localedef is None:
        pytest.fail("localedef is missing: packaging/system-deps.sh test installs it (package locales)")
    folder = tmp_path_factory.mktemp("locales")
    subprocess.run(
        [localedef, "-i", "tr_TR", "-f", "UTF-8", str(folder / "tr_TR.UTF-8")],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return folder


@pytest.fixture
def turkish_env(turkish_locale_dir: Path) -> dict[str, str]:
    """The environment for a child process that runs under the Turkish locale."""
    import os

    env = dict(os.environ, LOCPATH=str(turkish_locale_dir), LC_ALL="tr_TR.UTF-8", LANG="tr_TR.UTF-8")
    env.pop("LANGUAGE", None)
    return env


@pytest.fixture
def turkish_ctype(turkish_locale_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """This test process's character classes switched to Turkish (what Python does at start under
    LC_CTYPE=tr_TR.UTF-8), and back afterwards."""
    import locale

    monkeypatch.setenv("LOCPATH", str(turkish_locale_dir))
    before = locale.setlocale(locale.LC_CTYPE)
    locale.setlocale(locale.LC_CTYPE, "tr_TR.UTF-8")
    try:
        yield
    finally:
        locale.setlocale(locale.LC_CTYPE, before)
