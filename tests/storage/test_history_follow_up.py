"""Which sessions still wait for a follow-up score: read from the history, so a restart knows."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from sciatica_timer.core.record import SessionStatus
from sciatica_timer.storage.history import HistoryStore
from tests.storage.history_support import BERLIN_SUMMER, CHICAGO_SUMMER, open_store

NOW = datetime(2024, 5, 1, 12, 0, tzinfo=BERLIN_SUMMER)


def finished(store: HistoryStore, name: str, ended: datetime, status: SessionStatus) -> int:
    session = store.begin_session("quick-desk", name, {}, ended - timedelta(minutes=15), pain_before=6)
    store.finish_session(session, status, ended, active_s=900, paused_s=0)
    return session


def test_awaiting_follow_up(tmp_path: Path) -> None:
    with open_store(tmp_path) as store:
        finished(store, "before the window", NOW - timedelta(hours=5), SessionStatus.COMPLETED)
        finished(store, "stopped for pain", NOW - timedelta(minutes=50), SessionStatus.STOPPED_FOR_PAIN)
        # Its local clock read 06:20, hours "before" the others: ordered by the moment, not by the clock.
        chicago = NOW.astimezone(CHICAGO_SUMMER) - timedelta(minutes=40)
        finished(store, "in Chicago", chicago, SessionStatus.COMPLETED)
        finished(store, "stopped", NOW - timedelta(minutes=20), SessionStatus.STOPPED)
        answered = finished(store, "answered", NOW - timedelta(minutes=90), SessionStatus.COMPLETED)
        store.update_session(answered, followup_pain=3, followup_at=NOW - timedelta(minutes=40))
        skipped = finished(store, "skipped", NOW - timedelta(minutes=80), SessionStatus.COMPLETED)
        store.update_session(skipped, followup_at=NOW - timedelta(minutes=30))
        scored_later = finished(
            store, "scored in the table", NOW - timedelta(minutes=60), SessionStatus.COMPLETED
        )
        store.update_session(scored_later, followup_pain=5)  # edited in the history view: no time given
        store.begin_session("quick-desk", "still running", {}, NOW - timedelta(minutes=5))

        waiting = store.awaiting_follow_up(NOW - timedelta(hours=4))

    assert [s.routine_name for s in waiting] == ["stopped for pain", "in Chicago", "stopped"]
    assert waiting[1].ended == chicago
    assert all(s.followup_pain is None and s.followup_at is None for s in waiting)


def test_nothing_waits_in_an_empty_history(tmp_path: Path) -> None:
    with open_store(tmp_path) as store:
        assert store.awaiting_follow_up(NOW - timedelta(hours=4)) == []
