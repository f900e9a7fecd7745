"""Shared pieces for the history tests: a fixed clock, a store in a temp folder, a realistic history."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

from sciatica_timer.core.diary import PainRegion, PainSide
from sciatica_timer.core.plan import PhaseKind, Side
from sciatica_timer.core.record import PhaseOutcome, PhaseRecord, SessionStatus
from sciatica_timer.storage.history import HistoryStore

ROOT = Path(__file__).resolve().parents[2]
NOW = datetime(2024, 5, 20, 12, 0, tzinfo=UTC)
START = datetime(2024, 5, 1, 8, 0, tzinfo=UTC)
BERLIN_SUMMER = timezone(timedelta(hours=2))
CHICAGO_SUMMER = timezone(timedelta(hours=-5))


def step(step_index: int, point: str = "BL23") -> list[PhaseRecord]:
    """The four phases of one point step, as the engine hands them over when the step ends."""
    kinds = (PhaseKind.PRESS, PhaseKind.HOLD, PhaseKind.RELEASE, PhaseKind.BREATHE)
    return [
        PhaseRecord(
            phase_index=step_index * 4 + i,
            step_index=step_index,
            kind=kind,
            point_code=point,
            side=Side.LEFT,
            repetition=1,
            planned_s=10.0,
            actual_s=10.0,
            skipped=False,
        )
        for i, kind in enumerate(kinds)
    ]


def fixed_clock() -> datetime:
    return NOW


def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "history.sqlite3"


def open_store(tmp_path: Path) -> HistoryStore:
    return HistoryStore.open(db_path(tmp_path), clock=fixed_clock)


def integrity(db: Path) -> list[str]:
    conn = sqlite3.connect(db)
    try:
        return [row[0] for row in conn.execute("PRAGMA integrity_check")]
    finally:
        conn.close()


def count(db: Path, table: str) -> int:
    conn = sqlite3.connect(db)
    try:
        return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])  # noqa: S608 - test's own names
    finally:
        conn.close()


def child(scenario: str, db: Path, *args: str) -> subprocess.Popen[str]:
    """Start tests/storage/history_child.py; talk to it through stdin and stdout."""
    return subprocess.Popen(
        [sys.executable, "-m", "tests.storage.history_child", scenario, str(db), *args],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def fill(store: HistoryStore) -> dict[str, int]:
    """A history with something of everything: every way a session ends, follow-ups, notes, regions,
    two time zones, a phase gone over twice, a point's tenderness."""
    ids: dict[str, int] = {}
    ids["completed"] = store.begin_session(
        "quick-desk",
        "Quick desk routine",
        {"id": "quick-desk", "steps": [1, 2]},
        datetime(2024, 5, 1, 8, 30, tzinfo=BERLIN_SUMMER),
        6,
    )
    store.add_phases(ids["completed"], step(0))
    again = PhaseRecord(4, 1, PhaseKind.HOLD, "GB30", Side.RIGHT, 2, 30.0, 12.5, True, PhaseOutcome.RESTARTED)
    store.add_phases(
        ids["completed"],
        [again, PhaseRecord(4, 1, PhaseKind.HOLD, "GB30", Side.RIGHT, 2, 30.0, 30.0, False, tenderness=7)],
    )
    store.finish_session(
        ids["completed"],
        SessionStatus.COMPLETED,
        datetime(2024, 5, 1, 8, 45, 30, tzinfo=BERLIN_SUMMER),
        active_s=842.5,
        paused_s=15.0,
        pain_after=3,
        note="Weniger Ziehen im Bein – gut",
    )
    store.update_session(
        ids["completed"], followup_pain=2, followup_at=datetime(2024, 5, 2, 7, 0, tzinfo=BERLIN_SUMMER)
    )
    ids["stopped_for_pain"] = store.begin_session(
        "full-protocol", "Full protocol", {}, datetime(2024, 5, 3, 18, 0, tzinfo=BERLIN_SUMMER), 5
    )
    store.finish_session(
        ids["stopped_for_pain"],
        SessionStatus.STOPPED_FOR_PAIN,
        datetime(2024, 5, 3, 18, 2, tzinfo=BERLIN_SUMMER),
        active_s=120,
        paused_s=0,
        pain_after=7,
        stop_reason="sharp pain at BL57",
        phases=[PhaseRecord(0, 0, PhaseKind.LOCATE, "BL57", Side.LEFT, 1, 0, 0, False, waited_s=20.0)],
    )
    ids["stopped"] = store.begin_session(
        "quick-desk", "Quick desk routine", {}, datetime(2024, 5, 4, 7, 0, tzinfo=CHICAGO_SUMMER)
    )
    store.finish_session(
        ids["stopped"],
        SessionStatus.STOPPED,
        datetime(2024, 5, 4, 7, 5, tzinfo=CHICAGO_SUMMER),
        active_s=300,
        paused_s=0,
        note="=phone rang",
    )
    ids["diary_calf"] = store.log_pain(
        6,
        datetime(2024, 5, 2, 21, 0, tzinfo=BERLIN_SUMMER),
        PainRegion.CALF,
        PainSide.LEFT,
        "after the stairs",
    )
    ids["diary_plain"] = store.log_pain(0, datetime(2024, 5, 5, 9, 0, tzinfo=CHICAGO_SUMMER))
    ids["diary_both"] = store.log_pain(
        9,
        datetime(2024, 5, 6, 3, 0, tzinfo=UTC),
        PainRegion.LOWER_BACK,
        PainSide.BOTH,
        "woke up\nsecond line",
    )
    return ids
