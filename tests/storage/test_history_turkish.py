"""Every write of the history under a Turkish locale, where the C library's case mapping turns "INSERT"
into something Python 3.11's sqlite3 does not recognise (its ``rowcount`` is then -1 for every insert).

The locale is built for real with localedef in the test set-up; the writes run in this process with its
character classes switched to tr_TR.UTF-8, and the command-line ones in a child started under it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from sciatica_timer.core.diary import PainRegion, PainSide
from sciatica_timer.core.record import SessionStatus
from tests.storage.history_support import ROOT, START, count, db_path, fill, open_store, step


@pytest.fixture(autouse=True)
def _in_turkish(turkish_ctype: None) -> None:
    import sqlite3

    conn = sqlite3.connect(":memory:")
    try:
        # The trap is really armed: without it these tests would prove nothing.
        assert conn.execute("CREATE TABLE t (x)").rowcount == -1
        assert conn.execute("INSERT INTO t VALUES (1)").rowcount == -1
    finally:
        conn.close()


def test_a_session_written_step_by_step_is_stored_once_with_every_phase(tmp_path: Path) -> None:
    with open_store(tmp_path) as store:
        session = store.begin_session("r", "Routine", {"id": "r"}, START, 6)
        store.add_phases(session, step(0))
        store.add_phases(session, step(1, "GB30"))
        store.finish_session(
            session,
            SessionStatus.COMPLETED,
            START + timedelta(minutes=2),
            active_s=80,
            paused_s=0,
            pain_after=4,
        )
        detail = store.session_detail(session)
    assert detail.summary.status is SessionStatus.COMPLETED
    assert (detail.summary.pain_before, detail.summary.pain_after) == (6, 4)
    assert detail.phases == (*step(0), *step(1, "GB30"))
    assert count(db_path(tmp_path), "sessions") == 1


def test_the_diary_logs_edits_deletes_and_restores(tmp_path: Path) -> None:
    with open_store(tmp_path) as store:
        entry = store.log_pain(7, START, region=PainRegion.CALF, note="İğne gibi")
        store.update_diary(entry, score=5)
        gone = store.delete_diary(entry)
        assert store.restore_diary(gone) == entry
        assert [(e.id, e.score, e.note) for e in store.diary()] == [(entry, 5, "İğne gibi")]


def test_the_pain_checks_place_the_monthly_answer_and_a_later_entry_are_stored(tmp_path: Path) -> None:
    with open_store(tmp_path) as store:
        session = store.begin_session(
            "r", "Routine", {"id": "r"}, START, 6, pain_region=PainRegion.THIGH, pain_side=PainSide.BOTH
        )
        answer = store.add_global_impression(2, START)
        later = store.log_pain(4, START - timedelta(days=2), entered_later=True)
        summary = store.session_detail(session).summary
        assert (summary.pain_region, summary.pain_side) == (PainRegion.THIGH, PainSide.BOTH)
        assert [(g.id, g.answer) for g in store.global_impressions()] == [(answer, 2)]
        assert [(e.id, e.entered_later) for e in store.diary()] == [(later, True)]
    assert count(db_path(tmp_path), "global_impressions") == 1


def test_sessions_are_edited_deleted_restored_and_interrupted_ones_answered(tmp_path: Path) -> None:
    with open_store(tmp_path) as store:
        ids = fill(store)
        session = ids["completed"]
        store.update_session(session, note="Daha iyi")
        removed = store.delete_session(session)
        assert store.restore_session(removed) == session
        assert store.session_detail(session).phases == removed.phases
    with open_store(tmp_path) as store:
        for waiting in store.find_interrupted():
            store.complete_interrupted(waiting.id, pain_after=3)
        assert store.find_interrupted() == []


def test_an_import_stores_every_session_with_its_phases_and_twice_adds_nothing(tmp_path: Path) -> None:
    with open_store(tmp_path / "first") as store:
        fill(store)
        document = json.loads(json.dumps(store.export_json()))
    with open_store(tmp_path / "second") as store:
        first = store.import_json(document)
        again = store.import_json(document)
    phases = sum(len(session["phases"]) for session in document["sessions"])
    assert phases > 0
    assert count(db_path(tmp_path / "second"), "session_phases") == phases
    assert (first.sessions_added, first.diary_added) == (len(document["sessions"]), len(document["diary"]))
    assert (again.sessions_added, again.diary_added) == (0, 0)


def run_turkish(env: dict[str, str], data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sciatica_timer", "--data-dir", str(data), *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env=env,
    )


def test_pain_log_and_history_import_from_a_turkish_terminal(
    tmp_path: Path, turkish_env: dict[str, str]
) -> None:
    data = tmp_path / "data"
    logged = run_turkish(turkish_env, data, "pain", "log", "6", "--note", "Işık")
    assert (logged.returncode, logged.stderr) == (0, "")
    assert count(data / "history.sqlite3", "diary") == 1

    with open_store(tmp_path / "first") as store:
        fill(store)
        document = store.export_json()
    export = tmp_path / "export.json"
    export.write_text(json.dumps(document), encoding="utf-8")
    imported = run_turkish(turkish_env, data, "history", "import", str(export))
    assert (imported.returncode, imported.stderr) == (0, ""), imported
    phases = sum(len(session["phases"]) for session in document["sessions"])
    assert count(data / "history.sqlite3", "session_phases") == phases
    assert count(data / "history.sqlite3", "diary") == 1 + len(document["diary"])
    assert os.environ.get("LC_ALL") != "tr_TR.UTF-8"  # only the child ran in Turkish
