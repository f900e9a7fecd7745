"""The history database's speed, on a temporary file in this folder: the repository's disk, not a RAM disk.

`history_insert_ms`: median time to commit one finished step's phases (a point step: locate + 3 rounds of
press, hold, release, breathe = 13 phases), fsync included. `history_load_10k_ms`: median time to load
10,000 sessions (20 phases each in the file) for the charts. `history_open_10k_ms`: opening that file,
integrity check included. `history_import_10k_ms`: importing those 10,000 sessions from a JSON export.

    python -m benchmarks.history_bench
"""

from __future__ import annotations

import json
import statistics
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sciatica_timer.core.plan import PhaseKind, Side
from sciatica_timer.core.record import PhaseRecord
from sciatica_timer.storage.history import HistoryStore

INSERTS = 200
SESSIONS = 10_000
PHASES_PER_SESSION = 20
LOADS = 7


def point_step(step_index: int) -> list[PhaseRecord]:
    phases = [
        PhaseRecord(0, step_index, PhaseKind.LOCATE, "BL23", Side.LEFT, 1, 0.0, 0.0, False, waited_s=4.0)
    ]
    for repetition in (1, 2, 3):
        for kind, seconds in ((PhaseKind.PRESS, 5.0), (PhaseKind.HOLD, 30.0), (PhaseKind.RELEASE, 5.0)):
            phases.append(
                PhaseRecord(
                    len(phases), step_index, kind, "BL23", Side.LEFT, repetition, seconds, seconds, False
                )
            )
        phases.append(
            PhaseRecord(
                len(phases), step_index, PhaseKind.BREATHE, "BL23", Side.LEFT, repetition, 10.0, 10.0, False
            )
        )
    return phases


def insert_ms(folder: Path) -> float:
    times = []
    with HistoryStore.open(folder / "insert" / "history.sqlite3") as store:
        session = store.begin_session("bench", "Bench", {}, datetime.now(UTC))
        for index in range(INSERTS):
            phases = point_step(index)
            started = time.perf_counter()
            store.add_phases(session, phases)
            times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def ten_thousand_sessions() -> dict[str, Any]:
    """An export document of 10,000 sessions over about 14 years of daily use."""
    first = datetime(2020, 1, 1, 8, 0, tzinfo=UTC)
    phase = {
        "phase_index": 0,
        "step_index": 0,
        "kind": "hold",
        "point_code": "BL23",
        "side": "left",
        "repetition": 1,
        "planned_s": 30.0,
        "actual_s": 30.0,
        "skipped": False,
        "outcome": "done",
        "waited_s": 0.0,
        "tenderness": None,
    }
    sessions = []
    for n in range(SESSIONS):
        started = first + timedelta(hours=12 * n)
        sessions.append(
            {
                "uid": uuid.uuid4().hex,
                "routine_id": "quick-desk",
                "routine_name": "Quick desk routine",
                "routine": {"id": "quick-desk"},
                "started": started.isoformat(),
                "ended": (started + timedelta(minutes=12)).isoformat(),
                "status": "completed",
                "pain_before": n % 11,
                "pain_after": (n + 3) % 11,
                "note": None,
                "active_s": 700.0,
                "paused_s": 0.0,
                "phases": [dict(phase, phase_index=i) for i in range(PHASES_PER_SESSION)],
            }
        )
    return {"format": "sciatica-timer-history", "format_version": 1, "sessions": sessions, "diary": []}


def load_figures(folder: Path) -> dict[str, float]:
    db = folder / "load" / "history.sqlite3"
    document = ten_thousand_sessions()
    with HistoryStore.open(db) as store:
        started = time.perf_counter()
        store.import_json(document)
        import_s = time.perf_counter() - started
    started = time.perf_counter()
    store = HistoryStore.open(db)
    open_s = time.perf_counter() - started
    with store:
        loads = []
        for _ in range(LOADS):
            started = time.perf_counter()
            view = store.load_for_history_view()
            loads.append(time.perf_counter() - started)
        if view.session_count != SESSIONS:
            raise RuntimeError(f"loaded {view.session_count} sessions, expected {SESSIONS}")
    return {
        "history_load_10k_ms": statistics.median(loads) * 1000,
        "history_open_10k_ms": open_s * 1000,
        "history_import_10k_ms": import_s * 1000,
    }


def run() -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix=".history-bench-", dir=Path(__file__).parent) as name:
        folder = Path(name)
        return {"history_insert_ms": insert_ms(folder), **load_figures(folder)}


if __name__ == "__main__":
    print(json.dumps(run(), indent=2))
