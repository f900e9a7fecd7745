"""Every test gets its own data, config and log folders: no test ever touches the real user folders."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from tests.small_disk import disk  # noqa: F401 - a fixture for every test folder: a small real disk

# No time limit per example: speed lives in benchmarks/, and a loaded machine must not fail a property.
settings.register_profile("sciatica", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("sciatica")


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
    return build_locale(tmp_path_factory, "tr_TR")


def build_locale(tmp_path_factory: pytest.TempPathFactory, name: str) -> Path:
    """A folder (for LOCPATH) holding the ``name``.UTF-8 locale, built with localedef without root."""
    import shutil
    import subprocess

    localedef = shutil.which("localedef")
    if localedef is None:
        pytest.fail("localedef is missing: packaging/system-deps.sh test installs it (package locales)")
    folder = tmp_path_factory.mktemp("locales")
    subprocess.run(
        [localedef, "-i", name, "-f", "UTF-8", str(folder / f"{name}.UTF-8")],
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


@pytest.fixture(autouse=True)
def no_timer_left_running(request: pytest.FixtureRequest) -> Iterator[None]:
    """A Qt test fails if a QTimer it started is still running when it ends (as napari's tests do).

    Every ``QTimer.start`` in the test is noted. At the end, after pytest-qt has closed the test's widgets,
    the objects waiting to be deleted are deleted; a timer still alive and active then would go on firing
    into the next test, or into a window that is gone: a session timer or a poll someone forgot to stop.
    """
    if not {"qtbot", "qapp"} & set(request.fixturenames):
        yield
        return
    import weakref

    from PySide6.QtCore import QCoreApplication, QEvent, QTimer

    started: list[tuple[weakref.ReferenceType[QTimer], str]] = []
    original_start = QTimer.start

    def start(timer: QTimer, *args: object) -> None:
        started.append((weakref.ref(timer), _described(timer)))
        original_start(timer, *args)

    QTimer.start = start  # type: ignore[method-assign]
    try:
        yield
    finally:
        QTimer.start = original_start  # type: ignore[method-assign]
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    running = []
    for ref, where in started:
        timer = ref()
        try:
            active = timer is not None and timer.isActive()
        except RuntimeError:  # its Qt object was deleted with its parent: stopped
            active = False
        if active and where not in running:
            running.append(where)
    if running:
        pytest.fail("QTimer left running after the test: " + "; ".join(running), pytrace=False)


def _described(timer: object) -> str:
    """The timer's name and its parents' names: enough to find where it was made."""
    names = []
    item = timer
    while item is not None:
        name = item.objectName() or type(item).__name__  # type: ignore[attr-defined]
        names.append(name)
        item = item.parent()  # type: ignore[attr-defined]
    return " in ".join(names)


@pytest.fixture(autouse=True)
def speech_checked_afresh() -> Iterator[None]:
    """Each test finds out afresh whether speech works: the answer is kept for the process otherwise, and a
    test's hung speech-dispatcher would silence the next test's prompts."""
    yield
    speech = sys.modules.get("sciatica_timer.audio.speech")
    if speech is not None:
        speech.forget_speech_check()
