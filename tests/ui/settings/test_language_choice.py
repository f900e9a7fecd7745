"""Settings > Look > Language: chosen by keyboard, saved in settings.json, and the next start speaks it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel

from sciatica_timer.core import i18n
from sciatica_timer.ui.settings import settings_dialog
from sciatica_timer.ui.settings.settings_pages import PSEUDO_LOCALE_ENV, LookPage, language_choices
from tests.answered import answer_checklist
from tests.ui.player_support import Harness, press, type_text

# The next start, as the app starts (run_gui reads the settings, installs the language, builds the window);
# once the window is up, it says what it shows and quits.
NEXT_START = """
import sys
from PySide6.QtCore import QLocale, QTimer
from PySide6.QtWidgets import QApplication
from sciatica_timer.app import run_gui
from sciatica_timer.storage.paths import resolve_paths
from sciatica_timer.ui.main_window import MainWindow

app = QApplication(sys.argv[:1])

def look() -> None:
    for window in app.topLevelWidgets():
        if isinstance(window, MainWindow) and window.isVisible() and window.routines:
            print("routine:", window.routines["full-protocol"].name)
            print("decimal:", QLocale().decimalPoint())
            app.quit()
            return
    QTimer.singleShot(20, look)

QTimer.singleShot(0, look)
sys.exit(run_gui(resolve_paths(sys.argv[1]), sys.argv[:1]))
"""


@pytest.fixture(autouse=True)
def quiet_probes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(settings_dialog, "sound_availability", lambda: (False, "no sound here"))
    monkeypatch.setattr(settings_dialog, "speech_availability", lambda: (False, "no speech here"))


@pytest.fixture
def english() -> Iterator[None]:
    i18n.reset()
    yield
    i18n.reset()


def test_the_choices_come_from_the_shipped_catalogues(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(PSEUDO_LOCALE_ENV, raising=False)
    assert language_choices() == [("system", "Follow the system"), ("de", "Deutsch"), ("en", "English")]
    monkeypatch.setenv(PSEUDO_LOCALE_ENV, "1")
    assert "en_XA" in [code for code, _name in language_choices()]


@pytest.mark.usefixtures("english")
def test_choosing_deutsch_by_keyboard_is_saved_and_the_next_start_speaks_german(harness: Harness) -> None:
    answer_checklist(harness.paths.data_dir)
    harness.window.show_settings()
    dialog = harness.window.settings_dialog
    assert dialog is not None
    harness.qtbot.waitUntil(dialog.isVisible)
    dialog.page_list.setFocus()
    dialog.page_list.setCurrentRow(0)
    press(dialog.page_list, Qt.Key.Key_Down)
    press(dialog.page_list, Qt.Key.Key_Down)  # Sounds, Session, Look
    look = dialog.look
    assert isinstance(look, LookPage)
    harness.qtbot.waitUntil(look.isVisible)
    assert look.language.currentText() == "Follow the system"
    assert "Applies the next time the app starts." in [label.text() for label in look.findChildren(QLabel)]
    dialog.activateWindow()
    harness.qtbot.waitUntil(dialog.isActiveWindow)  # a mnemonic needs the active window
    focused = QApplication.focusWidget()
    assert focused is not None
    press(focused, Qt.Key.Key_G, Qt.KeyboardModifier.AltModifier)  # Lan&guage
    harness.qtbot.waitUntil(look.language.hasFocus)
    type_text(look.language, "Deutsch")
    assert look.language.currentText() == "Deutsch"
    press(look.language, Qt.Key.Key_Return)  # Done, the dialog's default button
    harness.qtbot.waitUntil(lambda: not dialog.isVisible())

    saved = json.loads((harness.paths.data_dir / "settings.json").read_text(encoding="utf-8"))
    assert saved["language"] == "de"
    assert QApplication.instance() is not None
    assert i18n.language() == "en", "this start stays in its language"

    env = {"PATH": "/usr/bin:/bin", "QT_QPA_PLATFORM": "offscreen", "LANG": "en_GB.UTF-8"}
    env |= {name: os.environ[name] for name in ("HOME", "XDG_RUNTIME_DIR") if name in os.environ}
    done = subprocess.run(
        [sys.executable, "-c", NEXT_START, str(harness.paths.data_dir)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "routine: Vollständiges Protokoll" in done.stdout, done.stdout + done.stderr
    assert "decimal: ," in done.stdout


def test_a_language_without_a_catalogue_here_is_kept_not_reset(qapp: QApplication) -> None:
    """A settings.json from another version may name a language this one does not ship: it stays."""
    from dataclasses import replace

    from sciatica_timer.core.settings import Settings

    page = LookPage()
    page.show_settings(replace(Settings(), language="fr"))
    assert page.language.currentText() == "fr"
    assert page.read(Settings()).language == "fr"
    assert page.with_defaults(replace(Settings(), language="de")).language == "system"
    page.deleteLater()
