"""A small history on a fixed clock for the history view and report tests."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

from sciatica_timer.core.diary import PainRegion
from sciatica_timer.core.plan import PhaseKind, Side
from sciatica_timer.core.record import PhaseRecord, SessionStatus
from sciatica_timer.storage.history import HistoryStore

BERLIN = timezone(timedelta(hours=2))
NOW = datetime(2025, 5, 14, 9, 30, tzinfo=BERLIN)
ROUTINES = {"quick-desk": "Quick desk break", "evening-feet": "Evening feet"}


def fixed_now() -> datetime:
    return NOW


def open_store(tmp_path: Path) -> HistoryStore:
    return HistoryStore.open(tmp_path / "data" / "history.sqlite3")


def add_session(
    store: HistoryStore,
    started: datetime,
    before: int | None,
    after: int | None,
    *,
    routine: str = "quick-desk",
    points: tuple[str, ...] = ("BL23",),
    note: str | None = None,
) -> int:
    """A finished session whose holds on ``points`` ran to the end."""
    session_id = store.begin_session(routine, ROUTINES[routine], {"id": routine}, started, pain_before=before)
    phases = [
        PhaseRecord(i, i, PhaseKind.HOLD, code, Side.LEFT, 1, 30.0, 30.0, False)
        for i, code in enumerate(points)
    ]
    store.finish_session(
        session_id,
        SessionStatus.COMPLETED,
        started + timedelta(minutes=12),
        active_s=720,
        paused_s=0,
        pain_after=after,
        note=note,
        phases=phases,
    )
    return session_id


def fill(store: HistoryStore) -> dict[str, int]:
    """Six quick-desk sessions (pain 6 -> 4) on the mornings before NOW, two evening-feet sessions, and
    three diary scores; returns a few ids by name."""
    ids: dict[str, int] = {}
    for n in range(6, 0, -1):
        started = (NOW - timedelta(days=n)).replace(hour=8, minute=0)
        ids[f"desk-{n}"] = add_session(store, started, 6, 4, points=("BL23", "GB30"))
    for n in (2, 1):
        started = (NOW - timedelta(days=n)).replace(hour=19, minute=0)
        ids[f"feet-{n}"] = add_session(store, started, 5, 5, routine="evening-feet", points=("KD1",))
    ids["diary-calf"] = store.log_pain(7, NOW - timedelta(days=5, hours=-12), region=PainRegion.CALF)
    ids["diary-thigh"] = store.log_pain(5, NOW - timedelta(days=3, hours=-12), region=PainRegion.THIGH)
    ids["diary-plain"] = store.log_pain(4, NOW - timedelta(days=1, hours=-12), note="Walked to work")
    return ids
