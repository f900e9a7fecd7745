"""Run in a fresh interpreter by test_history_lazy_import: a person opens the history in the running window.

Prints, as one JSON line, what the history showed on its first frame (before pyqtgraph and numpy were
imported) and after its charts came. With --table the person goes to "Sessions and diary" at once, and the
first frame is the table's.

    python -m tests.ui.history_first_open DATA_DIR [--table]
"""

from __future__ import annotations

import gc
import json
import sys
import time
from pathlib import Path
from typing import Any

HEAVY = ("pyqtgraph", "numpy")
TIMEOUT_S = 60.0  # a deadline for a machine under load, not a speed target


def heavy_loaded() -> list[str]:
    return sorted({name.split(".")[0] for name in sys.modules} & set(HEAVY))


def main(data_dir: Path, *, table: bool = False) -> dict[str, Any]:
    from PySide6.QtCore import QEvent, QEventLoop, QObject, Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QLabel

    from sciatica_timer.core.settings import SafetyAnswers, Settings
    from sciatica_timer.storage.paths import resolve_paths
    from sciatica_timer.storage.settings_file import SettingsLoad
    from sciatica_timer.ui.main_window import MainWindow

    app = QApplication(sys.argv[:1])
    answered = SettingsLoad(Settings(safety=SafetyAnswers(reviewed=True)))
    window = MainWindow(resolve_paths(str(data_dir)), settings=answered)
    window.resize(1024, 700)
    window.show()

    def wait(done: Any, what: str) -> None:
        deadline = time.monotonic() + TIMEOUT_S
        while not done():
            if time.monotonic() > deadline:
                raise RuntimeError(f"waited in vain for {what}")
            app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents, 50)

    wait(lambda: window.is_loaded, "the window to load")
    seen: dict[str, Any] = {"before_ctrl_h": heavy_loaded()}

    class FirstFrame(QObject):
        """Notes what is on screen when the history's figures first paint."""

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            view = window.history_view
            if event.type() != QEvent.Type.Paint or view is None or "first_frame" in seen:
                return False
            if table:
                first_painted = view.entries_table is not None and watched is view.entries_table.viewport()
            else:
                first_painted = watched is view.diary_figure
            if first_painted:
                seen["first_frame"] = {
                    "heavy": heavy_loaded(),
                    "has_charts": view.has_charts,
                    "sessions": view.sessions_figure.value.text(),
                    "diary": view.diary_figure.value.text(),
                    "placeholder": [
                        w.text()
                        for w in view.findChildren(QLabel)
                        if w.isVisible() and w.text().startswith("Drawing the charts")
                    ],
                    "table_rows": None if view.entries_model is None else view.entries_model.rowCount(),
                }
            return False

    watcher = FirstFrame()
    app.installEventFilter(watcher)
    # The History button, clicked (Ctrl+H calls the same show_history; a key shortcut needs the window to
    # be the active one, which a display without a window manager does not promise).
    QTest.mouseClick(window.start_screen.history_button, Qt.MouseButton.LeftButton)
    view = window.history_view
    assert view is not None
    if table:  # straight on to the tab of the table, before anything painted
        tab_bar = view.tabs.tabBar()
        where = tab_bar.tabRect(view.tabs.indexOf(view.entries_page)).center()
        QTest.mouseClick(tab_bar, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, where)
    wait(lambda: "first_frame" in seen, "the history's first frame")
    app.removeEventFilter(watcher)
    wait(lambda: view.has_charts, "the charts")
    view.tabs.setCurrentIndex(0)
    seen["charts"] = {
        "heavy": heavy_loaded(),
        "before_dots": len(view.chart.before_dots.getData()[0]),
        "placeholder_gone": not any(
            w.isVisible() and w.text().startswith("Drawing the charts") for w in view.findChildren(QLabel)
        ),
        "collector_on": gc.isenabled(),  # held off only while the history was read and the charts imported
    }
    window.close()
    return seen


if __name__ == "__main__":
    print(json.dumps(main(Path(sys.argv[1]), table="--table" in sys.argv[2:])))
