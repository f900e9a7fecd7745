"""Wiring for the window: builds the QApplication and the main window, and runs the event loop.

Kept light on purpose: only QtCore/QtGui/QtWidgets load before the window is painted. Charts (pyqtgraph,
numpy) and sound (QtMultimedia) are imported when first used.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Sequence

from sciatica_timer import APP_ID, APP_NAME
from sciatica_timer.storage.paths import AppPaths, ensure_private_dir

log = logging.getLogger(__name__)

# When set, the app prints "first-paint" on stdout once the main window has painted, then "loaded" once the
# start screen is complete (used by `make bench`).
REPORT_FIRST_PAINT_ENV = "SCIATICA_TIMER_REPORT_FIRST_PAINT"
# Matches packaging/linux/*.desktop, so desktops pair the window with its menu entry and icon.
DESKTOP_ID = "io.github.sciatica_timer.SciaticaTimer"


def run_gui(paths: AppPaths, argv: Sequence[str]) -> int:
    from PySide6.QtWidgets import QApplication

    from sciatica_timer.ui.main_window import MainWindow

    ensure_private_dir(paths.data_dir)
    ensure_private_dir(paths.config_dir)
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(list(argv))
    app.setApplicationName(APP_ID)
    app.setApplicationDisplayName(APP_NAME)
    app.setDesktopFileName(DESKTOP_ID)
    window = MainWindow(paths, sound=True)
    if os.environ.get(REPORT_FIRST_PAINT_ENV):
        from sciatica_timer.ui.first_paint import report_first_paint

        report_first_paint(window, sys.stdout)
        # ... and a second line once the start screen is built and the routines and history are read
        window.loaded.connect(lambda: print("loaded", flush=True))  # noqa: T201 - read by the benchmark
    window.show()
    log.info("window shown")
    return app.exec()
