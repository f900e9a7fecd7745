"""The history view on 10,000 sessions and 10,000 diary entries (27 years, daily), shown under an X server.

`history_view_ms`: from creating the HistoryView (which reads the history) until its chart has painted (the
view builds it on the turn of the event loop after its first frame), in a fresh process with pyqtgraph
already imported and a plain window already shown, as the main window is when the history is opened (median
of runs). `history_view_import_ms`: importing the view and its charts' module (pyqtgraph and numpy with it),
paid once when the history is first opened. `history_view_ratio`:
history_view_ms ÷ a plain SQL read of the same rows (`history_sql_read_ms`). `history_add_ms`: from
`session_saved(id)` on the open view until the chart has painted again (median of adds; the write itself
is not counted).

    xvfb-run -a -s "-screen 0 1280x1024x24" python -m benchmarks.history_view_bench
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
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from tools.screenshots.history_screenshots import hold_phase

DAYS = 10_000  # one session and one diary entry a day: 27.4 years
RUNS = 7
ADDS = 25
SQL_READS = 7
REGIONS = ("lower_back", "buttock", "thigh", "calf", "foot")
SQL_SESSIONS = (
    "SELECT id, started_utc, started_offset_min, pain_before, pain_after, followup_pain, followup_utc, "
    "status, routine_id, routine_name FROM sessions ORDER BY started_utc, id"
)
SQL_DIARY = "SELECT id, at_utc, offset_min, score, region FROM diary ORDER BY at_utc, id"


def document(today: datetime, days: int = DAYS) -> dict[str, Any]:
    """An export of ``days`` days ending yesterday: a session every morning, a diary score every evening."""
    first = today - timedelta(days=days)
    routines = (
        ("quick-desk", "Quick desk break"),
        ("full-protocol", "Full protocol"),
        ("evening-feet", "Evening feet"),
    )
    sessions, diary = [], []
    for n in range(days):
        day = first + timedelta(days=n)
        routine_id, name = routines[n % 3]
        started = day.replace(hour=7, minute=30)
        sessions.append(
            {
                "uid": uuid.uuid4().hex,
                "routine_id": routine_id,
                "routine_name": name,
                "routine": {"id": routine_id},
                "started": started.isoformat(),
                "ended": (started + timedelta(minutes=12)).isoformat(),
                "status": "completed",
                "pain_before": 3 + n % 6,
                "pain_after": 2 + n % 5,
                "followup_pain": (n % 7) if n % 4 == 0 else None,
                "followup_at": (started + timedelta(hours=24)).isoformat() if n % 4 == 0 else None,
                "note": None,
                "active_s": 700.0,
                "paused_s": 0.0,
                "phases": [hold_phase(point, i) for i, point in enumerate(("BL23", "BL25", "GB30", "KD1"))],
            }
        )
        diary.append(
            {
                "uid": uuid.uuid4().hex,
                "at": day.replace(hour=19).isoformat(),
                "score": (n * 7) % 11,
                "region": REGIONS[n % 5] if n % 3 else None,
                "side": "left",
                "note": None,
            }
        )
    return {"format": "sciatica-timer-history", "format_version": 1, "sessions": sessions, "diary": diary}


def _child(db: Path) -> dict[str, float]:
    """One fresh process: open the view once, then add sessions to it."""
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication, QGraphicsView, QLabel, QMainWindow, QWidget

    from sciatica_timer.core.record import SessionStatus
    from sciatica_timer.storage.history import HistoryStore

    app = QApplication(sys.argv[:1])
    store = HistoryStore.open(db)
    reads = []
    for _ in range(SQL_READS):
        started = time.perf_counter()
        store.conn.execute(SQL_SESSIONS).fetchall()
        store.conn.execute(SQL_DIARY).fetchall()
        reads.append(time.perf_counter() - started)

    started = time.perf_counter()
    import sciatica_timer.ui.history.history_chart  # noqa: F401 - the charts' pyqtgraph and numpy: paid here
    from sciatica_timer.ui.history.history_view import HistoryView

    import_s = time.perf_counter() - started

    class Painted(QObject):
        """Notes a paint of a chart's viewport (installed on the application: the charts come later)."""

        seen = False

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if (
                event.type() == QEvent.Type.Paint
                and isinstance(watched, QWidget)
                and isinstance(watched.parentWidget(), QGraphicsView)
            ):
                self.seen = True
            return False

    def until_painted(painted: Painted) -> None:
        while not painted.seen:
            app.processEvents()

    # The history is opened from the running main window: Qt has loaded its fonts, style and
    # accessibility by then. A plain window shown first pays those once-per-process costs here too.
    window = QMainWindow()
    label = QLabel("Sciatica Timer")
    label.setAccessibleName("start")
    window.setCentralWidget(label)
    window.show()
    for _ in range(5):
        app.processEvents()

    painted = Painted()
    started = time.perf_counter()
    app.installEventFilter(painted)
    view = HistoryView(store)
    view.resize(1024, 700)
    view.show()
    until_painted(painted)
    view_s = time.perf_counter() - started
    if view.trends.session_count != DAYS or view.trends.diary_count != DAYS:
        raise RuntimeError(f"the view holds {view.trends.session_count} sessions, expected {DAYS}")

    adds = []
    now = datetime.now(UTC)
    for n in range(ADDS):
        at = now - timedelta(minutes=ADDS - n)  # after the seeded sessions (yesterday 07:30 and before)
        session_id = store.begin_session("quick-desk", "Quick desk break", {}, at, pain_before=5)
        store.finish_session(
            session_id,
            SessionStatus.COMPLETED,
            at + timedelta(minutes=10),
            active_s=600,
            paused_s=0,
            pain_after=3,
        )
        for _ in range(3):
            app.processEvents()
        painted.seen = False
        started = time.perf_counter()
        view.session_saved(session_id)
        until_painted(painted)
        adds.append(time.perf_counter() - started)
        if view.trends.sessions.ids[-1] != session_id:
            raise RuntimeError("the saved session is not on the chart")
    view.close()
    store.close()
    return {
        "view_ms": view_s * 1000,
        "import_ms": import_s * 1000,
        "sql_ms": statistics.median(reads) * 1000,
        "add_ms": statistics.median(adds) * 1000,
    }


def run() -> dict[str, float]:
    if not os.environ.get("DISPLAY"):
        raise RuntimeError("the history view benchmark needs an X server (make bench runs it under xvfb-run)")
    from sciatica_timer.storage.history import HistoryStore

    with tempfile.TemporaryDirectory(prefix=".history-view-bench-", dir=Path(__file__).parent) as folder:
        db = Path(folder) / "history.sqlite3"
        with HistoryStore.open(db) as store:
            store.import_json(document(datetime.now().astimezone().replace(microsecond=0)))
        env = dict(os.environ)
        env.pop("QT_QPA_PLATFORM", None)
        runs = []
        for number in range(RUNS):
            # Each run adds sessions: give each a fresh copy, so every run opens the same history.
            copy = Path(folder) / f"run-{number}" / "history.sqlite3"
            copy.parent.mkdir()
            shutil.copyfile(db, copy)
            out = subprocess.run(
                [sys.executable, "-m", "benchmarks.history_view_bench", "--child", str(copy)],
                capture_output=True,
                text=True,
                check=False,
                env=env,
                cwd=Path(__file__).parent.parent,
            )
            if out.returncode != 0:
                raise RuntimeError(f"the measuring process failed: {out.stderr.strip().splitlines()[-1:]}")
            runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
    view_ms = statistics.median(r["view_ms"] for r in runs)
    sql_ms = statistics.median(r["sql_ms"] for r in runs)
    return {
        "history_view_ms": view_ms,
        "history_view_import_ms": statistics.median(r["import_ms"] for r in runs),
        "history_sql_read_ms": sql_ms,
        "history_view_ratio": view_ms / sql_ms,
        "history_add_ms": statistics.median(r["add_ms"] for r in runs),
    }


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--child":
        print(json.dumps(_child(Path(sys.argv[2]))))
    else:
        print(json.dumps(run(), indent=2))
