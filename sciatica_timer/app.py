"""Wiring for the window: builds the QApplication and the main window, and runs the event loop.

Kept light on purpose: only QtCore/QtGui/QtWidgets load before the window is painted. Charts (pyqtgraph,
numpy) and sound (QtMultimedia) are imported when first used.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from sciatica_timer import APP_ID, APP_NAME
from sciatica_timer.core import collector
from sciatica_timer.storage.paths import AppPaths, ensure_private_dir

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

    from sciatica_timer.core.settings import Settings
    from sciatica_timer.ui.common.ending_signals import EndingSignals
    from sciatica_timer.ui.main_window import MainWindow

log = logging.getLogger(__name__)

# When set, the app prints "first-paint" on stdout once the main window has painted, then "loaded" once the
# start screen is complete (used by `make bench`).
REPORT_FIRST_PAINT_ENV = "SCIATICA_TIMER_REPORT_FIRST_PAINT"
# Matches packaging/linux/*.desktop, so desktops pair the window with its menu entry and icon.
DESKTOP_ID = "io.github.sciatica_timer.SciaticaTimer"


def run_gui(paths: AppPaths, argv: Sequence[str]) -> int:
    # Until the start screen is complete, Python's cycle collector would look at the new objects dozens of
    # times (some 9 ms in all) and find nothing to free: it is held off until then (core/collector.py).
    release_collector = collector.held()
    try:
        return _run_gui(paths, argv, release_collector)
    finally:
        release_collector()


def _run_gui(paths: AppPaths, argv: Sequence[str], release_collector: Callable[[], None]) -> int:
    from sciatica_timer.ui.common.pyside_imports import quicken_pyside_import_check

    quicken_pyside_import_check()  # first: every module imported after PySide6 is asked about
    from sciatica_timer.ui.desk.single_instance import OtherInstance, claim_instance, serve

    ensure_private_dir(paths.data_dir)
    # Before any window or database: a second start only asks the running one to come to the front.
    instance = claim_instance(paths.data_dir, sys.argv[1:])
    if isinstance(instance, OtherInstance):
        print(instance.message, file=sys.stderr)  # noqa: T201 - the one line a second start says
        return instance.exit_code

    from sciatica_timer.storage.settings_file import read_look

    look = read_look(paths.settings_file)
    if look.language != "system":  # chosen in Settings; the command line already followed LANGUAGE / LANG
        from sciatica_timer.translations import install_language

        install_language(look.language)
    from PySide6.QtWidgets import QApplication

    from sciatica_timer.ui.main_window import MainWindow

    ensure_private_dir(paths.config_dir)
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(list(argv))
    app.setApplicationName(APP_ID)
    app.setApplicationDisplayName(APP_NAME)
    app.setDesktopFileName(DESKTOP_ID)
    install_qt_translations(app)
    from sciatica_timer.ui.common.appearance import apply_look, follow_desktop_contrast

    # Before any widget, so the first frame has them; the desktop's contrast preference is asked just after
    # that frame (asking builds all of PySide6's ``Qt`` enums, some 15 ms), before the start screen is built.
    apply_look(app, look.theme, look.text_scale_percent, ask_contrast=False)
    window = MainWindow(paths, sound=True)
    window.painted.connect(lambda: follow_desktop_contrast(app))
    if os.environ.get(REPORT_FIRST_PAINT_ENV):
        from sciatica_timer.ui.common.first_paint import report_first_paint

        report_first_paint(window, sys.stdout)
        # ... and a second line once the start screen is built and the routines and history are read
        window.loaded.connect(lambda: print("loaded", flush=True))  # noqa: T201 - read by the benchmark
    # Ctrl-C, SIGTERM and SIGHUP end the app as Ctrl+Q does once it has loaded (before it listens for other
    # starts, so whoever finds the socket can count on it); until then nothing is open to be saved, and
    # Ctrl-C ends the process at once rather than raising in the middle of a Qt call.
    signals = _EndingSignalsWhenLoaded(app, window)
    # The controllers are made after the first frame: leaving the mini player is looked up when asked.
    serve(instance, window, window.loaded, lambda: window.session_flow.leave_mini())  # noqa: PLW0108
    window.loaded.connect(lambda: add_desk_when_useful(window))
    window.loaded.connect(release_collector)
    _show(window, start_minimized=look.start_minimized)
    try:
        return app.exec()
    finally:
        signals.uninstall()
        instance.close()  # stops listening and removes the socket file


class _EndingSignalsWhenLoaded:
    """common/ending_signals.py's handlers, installed when the window has loaded (their module and the Qt
    types it uses stay off the path to the first frame); until then SIGINT ends the process as the system
    does, since nothing is open yet that would need saving."""

    def __init__(self, app: QApplication, window: MainWindow) -> None:
        import signal

        self._app, self._window = app, window
        self._installed: EndingSignals | None = None
        self._python_sigint = signal.signal(signal.SIGINT, signal.SIG_DFL)
        window.loaded.connect(self._install)

    def _install(self) -> None:
        from sciatica_timer.ui.common.ending_signals import EndingSignals

        if self._installed is None:
            self._installed = EndingSignals(lambda _number: _end(self._app, self._window), self._app)

    def uninstall(self) -> None:
        import signal

        if self._installed is not None:
            self._installed.uninstall()
        signal.signal(signal.SIGINT, self._python_sigint)


def install_qt_translations(app: QApplication) -> bool:
    """Qt's own words (standard buttons such as Cancel, the colour and file dialogs) in the installed
    language, from the translations PySide6 ships (qtbase_de.qm); False when it ships none for it."""
    from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator

    from sciatica_timer.core.i18n import language

    code = language()
    if code in {"en", "en_XA"}:
        return False
    QLocale.setDefault(QLocale(code))  # numbers and dates Qt writes itself (spin boxes, calendars)
    translator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if not translator.load(QLocale(code), "qtbase", "_", folder):
        log.info("no Qt translations for %s in %s", code, folder)
        return False
    app.installTranslator(translator)
    return True


def _end(app: QApplication, window: MainWindow) -> None:
    """An ending signal: close the window as Ctrl+Q does (a running session is kept as stopped), then
    leave the event loop even if something still holds it (the tray, a dialog)."""
    window.end_on_signal()
    app.quit()


def _show(window: MainWindow, *, start_minimized: bool) -> None:
    """Shown; or, with Settings.start_minimized, hidden in the tray (minimized where there is no tray)."""
    if not start_minimized:
        window.show()
        log.info("window shown")
        return
    from PySide6.QtWidgets import QSystemTrayIcon

    if QSystemTrayIcon.isSystemTrayAvailable():
        window.finish_loading()  # no paint will come to start the reading; the tray icon appears with it
        log.info("started in the tray")
    else:
        window.showMinimized()
        log.info("window shown minimized")


def add_desk_when_useful(window: MainWindow, *, tray: bool | None = None) -> None:
    """The tray icon and the reminders, after the first paint; only when there is a tray or reminders are on
    (without either there is nothing for them to do, and they would only take memory). ``tray`` overrides
    whether the desktop has a tray (tests)."""
    from PySide6.QtWidgets import QSystemTrayIcon

    def install() -> None:
        from sciatica_timer.ui.desk.desk import install_desk

        window.settings_changed.disconnect(on_settings)
        install_desk(window.state, window.desk_ways(), tray=tray)

    def on_settings(settings: Settings) -> None:
        if settings.reminders.enabled:
            install()  # the desk then follows later changes itself

    window.settings_changed.connect(on_settings)
    has_tray = QSystemTrayIcon.isSystemTrayAvailable() if tray is None else tray
    if has_tray or window.settings.reminders.enabled:
        install()
