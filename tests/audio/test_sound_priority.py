"""The sound process runs ahead of ordinary work where it may (so a busy machine cannot starve a cue), and
works just the same where it may not."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from sciatica_timer.audio.player import LOAD_TIMEOUT_MS, CuePlayer
from sciatica_timer.audio.processes import sound_process_command
from sciatica_timer.audio.sound_process import REALTIME_CPU_LIMIT_US
from sciatica_timer.core.clock import MonotonicClock
from sciatica_timer.core.cues import Cue
from tests.audio.sound_server import PulseServer

# Takes away the one right real-time scheduling and a negative nice level need, as for an ordinary user.
WITHOUT_PRIORITY = ["setpriv", "--bounding-set=-sys_nice", "--inh-caps=-sys_nice"]


def _sound_processes() -> list[int]:
    """The sound processes this test process started."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            command = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        parent = int(stat.rpartition(")")[2].split()[1])
        if parent == os.getpid() and b"sciatica_timer.audio.sound_process" in command:
            found.append(int(entry.name))
    return found


def _may_raise_priority() -> bool:
    try:
        os.sched_setscheduler(0, os.SCHED_RR, os.sched_param(1))
    except (OSError, AttributeError):
        return False
    os.sched_setscheduler(0, os.SCHED_OTHER, os.sched_param(0))
    return True


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="scheduling policies are Linux's")
def test_every_thread_of_the_sound_process_runs_real_time_while_cues_play(
    sound_server: PulseServer, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
):
    if not _may_raise_priority():
        pytest.skip("this user may not use real-time scheduling here")
    for name, value in sound_server.client_env({}).items():
        monkeypatch.setenv(name, value)
    cues = CuePlayer(MonotonicClock())
    with qtbot.waitSignal(cues.ready, timeout=LOAD_TIMEOUT_MS * 2):
        cues.load()
    try:
        assert cues.available, cues.unavailable_reason
        with qtbot.waitSignal(cues.quiet, timeout=LOAD_TIMEOUT_MS):
            cues.play(Cue.PRESS)
        (pid,) = _sound_processes()
        threads = [int(task.name) for task in Path(f"/proc/{pid}/task").iterdir()]
        assert len(threads) >= 3, "the process, its command reader and the stream's own thread"
        assert {os.sched_getscheduler(tid) for tid in threads} == {os.SCHED_RR}
        limits = Path(f"/proc/{pid}/limits").read_text().splitlines()
        (line,) = [row for row in limits if row.startswith("Max realtime timeout")]
        soft, hard = line.split()[3:5]
        assert (int(soft), int(hard)) == REALTIME_CPU_LIMIT_US, "a spinning thread cannot starve the desk"
    finally:
        cues.shutdown()


@pytest.mark.skipif(shutil.which("setpriv") is None, reason="setpriv (util-linux) is not installed")
def test_the_sound_process_still_answers_where_it_may_not_raise_its_priority(sound_server: PulseServer):
    env = sound_server.client_env()
    here = str(Path(__file__).resolve().parents[2])
    env["PYTHONPATH"] = os.pathsep.join(p for p in (here, env.get("PYTHONPATH", "")) if p)
    asked = subprocess.run(
        [
            *WITHOUT_PRIORITY,
            sys.executable,
            "-c",
            "from sciatica_timer.audio import sound_process as s\nprint(s.raise_priority())",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert asked.returncode == 0, asked.stderr
    assert asked.stdout.strip() == "ordinary (a higher priority was not permitted)"
    probed = subprocess.run(
        [*WITHOUT_PRIORITY, *sound_process_command("--probe")],
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert probed.returncode == 0, probed.stderr
    assert [line.split()[0] for line in probed.stdout.splitlines()] == ["ready"], probed.stdout
