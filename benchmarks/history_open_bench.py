"""Opening the history for the first time in a running app, as a person does, and the memory it leaves.

In a fresh process per run: the real main window on a data folder holding 10,000 sessions and 10,000 diary
entries is shown and loads as at start-up; then the history is opened (what Ctrl+H calls), imports included.

`history_first_open_ms`: until the history view's summary figures and the page of its first tab (the charts'
place, or the charts) have painted. `history_first_charts_ms`: until its charts (a pyqtgraph view) have
painted, which the view builds on the turn of the event loop after its first frame.
`rss_after_history_mib`: resident memory 3 s after going back from the history to the start screen.
Medians of runs.

    xvfb-run -a -s "-screen 0 1280x800x24" python -m benchmarks.history_open_bench
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

RUNS = 5
SETTLE_S = 3.0
TIMEOUT_S = 60.0


def _rss_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


def _child(data_dir: Path) -> dict[str, float]:
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication, QGraphicsView, QWidget

    from sciatica_timer.core.settings import SafetyAnswers, Settings
    from sciatica_timer.storage.paths import resolve_paths
    from sciatica_timer.storage.settings_file import SettingsLoad
    from sciatica_timer.ui.main_window import MainWindow

    app = QApplication(sys.argv[:1])
    # Someone who answered the safety checklist on an earlier day: the start screen, not the checklist.
    answered = SettingsLoad(Settings(safety=SafetyAnswers(reviewed=True)))
    window = MainWindow(resolve_paths(str(data_dir)), settings=answered)
    window.resize(1024, 700)
    loaded: list[bool] = []
    window.loaded.connect(lambda: loaded.append(True))
    window.show()
    _wait(app, lambda: bool(loaded))
    _pause(app, 0.5)  # the person looks at the start screen before reaching for the history

    painted: dict[str, float] = {}

    class FirstPaints(QObject):
        """Notes when the history view first paints, and when a chart inside it does."""

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            view = window.history_view
            if event.type() == QEvent.Type.Paint and _inside(watched, view):
                now = time.perf_counter()
                assert view is not None  # noqa: S101 - _inside says so
                assert isinstance(watched, QWidget)  # noqa: S101
                if _inside(watched, view.diary_figure):  # the last of the summary figures
                    painted.setdefault("summary", now)
                if _inside(watched, view.tabs.currentWidget()):  # the charts' place, or the charts
                    painted.setdefault("tab", now)
                if "summary" in painted and "tab" in painted:
                    painted.setdefault("view", now)
                if isinstance(watched.parentWidget(), QGraphicsView):  # a chart's viewport
                    painted.setdefault("charts", now)
            return False

    watcher = FirstPaints()
    app.installEventFilter(watcher)
    started = time.perf_counter()
    window.show_history()
    _wait(app, lambda: "view" in painted and "charts" in painted)
    app.removeEventFilter(watcher)
    window.show_start()
    _pause(app, SETTLE_S)
    rss = _rss_mib()
    window.close()
    return {
        "open_ms": (painted["view"] - started) * 1000,
        "charts_ms": (painted["charts"] - started) * 1000,
        "rss_mib": rss,
    }


def _inside(widget: object, ancestor: object) -> bool:
    from PySide6.QtWidgets import QWidget

    while isinstance(widget, QWidget):
        if widget is ancestor:
            return True
        widget = widget.parentWidget()
    return False


def _wait(app: object, done: object) -> None:
    from PySide6.QtCore import QEventLoop
    from PySide6.QtWidgets import QApplication

    assert isinstance(app, QApplication)  # noqa: S101 - for the type checker
    assert callable(done)  # noqa: S101
    deadline = time.perf_counter() + TIMEOUT_S
    while not done():
        if time.perf_counter() > deadline:
            raise RuntimeError("the history did not paint in time")
        app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents, 50)


def _pause(app: object, seconds: float) -> None:
    """Run the event loop for ``seconds``, as the app does while the person reads."""
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    QTimer.singleShot(round(seconds * 1000), loop.quit)
    loop.exec()
    del app


def run() -> dict[str, float]:
    if not os.environ.get("DISPLAY"):
        raise RuntimeError("the history benchmark needs an X server (make bench runs it under xvfb-run)")
    from benchmarks.history_view_bench import document
    from sciatica_timer.storage.history import HistoryStore
    from sciatica_timer.storage.paths import resolve_paths

    with tempfile.TemporaryDirectory(prefix=".history-open-bench-", dir=Path(__file__).parent) as folder:
        seeded = resolve_paths(str(Path(folder) / "seed"))
        seeded.database.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        with HistoryStore.open(seeded.database) as store:
            store.import_json(document(datetime.now().astimezone().replace(microsecond=0)))
        env = dict(os.environ)
        env.pop("QT_QPA_PLATFORM", None)
        runs = []
        for number in range(RUNS):
            data_dir = Path(folder) / f"run-{number}"
            shutil.copytree(seeded.data_dir, data_dir)
            out = subprocess.run(
                [sys.executable, "-m", "benchmarks.history_open_bench", "--child", str(data_dir)],
                capture_output=True,
                text=True,
                check=False,
                env=env,
                cwd=Path(__file__).parent.parent,
                timeout=TIMEOUT_S * 3,
            )
            if out.returncode != 0:
                raise RuntimeError(f"the measuring process failed: {out.stderr.strip().splitlines()[-1:]}")
            runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
    return {
        "history_first_open_ms": statistics.median(r["open_ms"] for r in runs),
        "history_first_charts_ms": statistics.median(r["charts_ms"] for r in runs),
        "rss_after_history_mib": statistics.median(r["rss_mib"] for r in runs),
    }


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--child":
        print(json.dumps(_child(Path(sys.argv[2]))))
    else:
        print(json.dumps(run(), indent=2))
