"""Killing the terminal player at random moments never corrupts the history or loses a finished step."""

from __future__ import annotations

import json
import random
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.answered import answer_checklist

KILLS = 20
ROUTINE = "quick-desk"


def logged_events(events: Path) -> list[str]:
    lines = events.read_text().splitlines() if events.exists() else []
    return [json.loads(line)["event"] for line in lines]


@pytest.mark.slow
def test_sigkill_at_random_moments(tmp_path: Path) -> None:
    rng = random.Random(20261123)  # noqa: S311 - reproducible kill moments, not secrets
    data = tmp_path / "data"
    answer_checklist(data)
    finished_uids: list[str] = []
    for attempt in range(KILLS + 4):
        events = tmp_path / f"events-{attempt}.jsonl"
        cmd = [sys.executable, "-m", "sciatica_timer", "--data-dir", str(data), "play", ROUTINE, "--no-gui"]
        cmd += ["--speed", "100", "--events", str(events), "--mute", "--pain-before", "5"]
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, text=True)
        assert proc.stdout is not None
        killed = attempt % 6 != 5  # every sixth run finishes, so later kills happen after finished sessions
        if killed:
            # A random moment: right after the player printed its n-th line (phases and steps).
            for _ in range(rng.randint(1, 40)):
                if not proc.stdout.readline():
                    break
            proc.send_signal(signal.SIGKILL)
        proc.communicate(timeout=60)
        logged = logged_events(events)
        steps_done = logged.count("step_completed")

        with sqlite3.connect(f"file:{data / 'history.sqlite3'}?mode=ro", uri=True) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            uids = {row[0] for row in conn.execute("SELECT uid FROM sessions WHERE status = 'completed'")}
            assert set(finished_uids) <= uids, "every session finished earlier is still there"
            newest = conn.execute("SELECT id, uid, status FROM sessions ORDER BY id DESC LIMIT 1").fetchone()
            saved_steps = conn.execute(
                "SELECT COUNT(DISTINCT step_index) FROM session_phases WHERE session_id = ?", (newest[0],)
            ).fetchone()[0]
        conn.close()
        if "session_completed" not in logged:  # killed before the end
            assert proc.returncode == -signal.SIGKILL
            assert newest[2] in ("in_progress", "interrupted")
            assert saved_steps >= steps_done, (
                "every step logged as finished was committed before the log line"
            )
        else:
            assert newest[2] == "completed"
            finished_uids.append(newest[1])
    assert len(finished_uids) >= 4
