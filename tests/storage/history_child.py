"""A second process for the history tests: concurrent writer, killed session, full disk, read-only file.

Run as ``python -m tests.storage.history_child SCENARIO DB [N]`` from the repository root; it reports on
stdout, one line per event, so the test can follow along without sleeping.
"""

from __future__ import annotations

import ctypes
import logging
import os
import signal
import sys
from datetime import timedelta
from pathlib import Path

from sciatica_timer.core.record import SessionStatus
from sciatica_timer.errors import UserError
from sciatica_timer.storage.history import HistoryStore
from tests.storage.history_support import START, step

_PR_CAPBSET_DROP = 24
_CAP_DAC_OVERRIDE = 1
_CAP_DAC_READ_SEARCH = 2
_DROPPED = "HISTORY_CHILD_WITHOUT_FILE_OVERRIDE"


def say(*words: object) -> None:
    print(*words, flush=True)


def wait_for_parent() -> None:
    sys.stdin.readline()


def writer(db: Path, count: int) -> None:
    """Open, wait for the go, then write ``count`` diary entries and ``count`` whole sessions."""
    tag = os.getpid()
    with HistoryStore.open(db) as store:
        say("ready")
        wait_for_parent()
        for i in range(count):
            store.log_pain(i % 11, START + timedelta(minutes=i), note=f"{tag}-{i}")
            session = store.begin_session("quick", "Quick", {"by": tag}, START + timedelta(minutes=i), 5)
            store.add_phases(session, step(0))
            store.add_phases(session, step(1, "BL25"))
            store.finish_session(
                session, SessionStatus.COMPLETED, START + timedelta(minutes=i + 1), active_s=80, paused_s=0
            )
    say("done")


def killed_mid_step(db: Path) -> None:
    """Run a session 21.5 s into its first step (no step finished), then wait to be killed."""
    store = HistoryStore.open(db)
    session = store.begin_session("quick", "Quick", {}, START, 6)
    store.record_progress(session, 21.5)
    say(session)
    wait_for_parent()


def killed(db: Path) -> None:
    """Run a session through one step, then wait to be killed (the test sends SIGKILL)."""
    store = HistoryStore.open(db)
    session = store.begin_session("quick", "Quick", {}, START, 6)
    store.add_phases(session, step(0))
    say(session)
    wait_for_parent()
    store.add_phases(session, step(1))  # only if the parent let it live
    say("still alive")


def disk_full(db: Path) -> None:
    """A write that hits the file size limit fails whole; the same call succeeds once there is room."""
    with HistoryStore.open(db) as store:
        session = store.begin_session("quick", "Quick", {}, START, 6)
        store.add_phases(session, step(0))
        import resource  # POSIX only, as is this scenario

        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # get EFBIG from write() instead of being killed
        soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
        resource.setrlimit(resource.RLIMIT_FSIZE, (0, hard))  # no file may grow: the disk is full
        last_step = step(1, "BL25")  # what the app keeps in memory while it cannot save

        def finish() -> None:
            store.finish_session(
                session,
                SessionStatus.COMPLETED,
                START + timedelta(minutes=2),
                active_s=80.0,
                paused_s=0.0,
                pain_after=3,
                phases=last_step,
            )

        try:
            finish()
        except UserError as exc:
            say("error:", exc)
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
        finish()
        say("retried", session)


def read_only(db: Path) -> None:
    """The history file is read-only (mode 0400): it reads, a write fails in plain words, nothing changes."""
    if os.geteuid() == 0 and not os.environ.get(_DROPPED):
        _reexec_without_file_override()
    with HistoryStore.open(db) as store:
        say("entries", len(store.diary()))
        try:
            store.log_pain(4, START)
        except UserError as exc:
            say("error:", exc)
    db.chmod(0o600)  # the person fixes it; the app keeps the score and tries again
    with HistoryStore.open(db) as store:
        store.log_pain(4, START)
        say("retried", len(store.diary()))


def _reexec_without_file_override() -> None:
    """Root ignores file modes. Drop the capabilities that let it, then start again: modes now apply."""
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (_CAP_DAC_OVERRIDE, _CAP_DAC_READ_SEARCH):
        if libc.prctl(_PR_CAPBSET_DROP, capability, 0, 0, 0) != 0:
            say("cannot drop capabilities:", os.strerror(ctypes.get_errno()))
            sys.exit(3)
    os.environ[_DROPPED] = "1"
    os.execv(sys.executable, [sys.executable, "-m", "tests.storage.history_child", *sys.argv[1:]])  # noqa: S606 - our own module


def main(argv: list[str]) -> int:
    logging.getLogger().addHandler(logging.NullHandler())  # the store's warnings would muddle stderr
    scenario, db = argv[0], Path(argv[1])
    if scenario == "writer":
        writer(db, int(argv[2]))
    elif scenario == "killed":
        killed(db)
    elif scenario == "killed-mid-step":
        killed_mid_step(db)
    elif scenario == "disk-full":
        disk_full(db)
    elif scenario == "read-only":
        read_only(db)
    else:
        raise SystemExit(f"unknown scenario {scenario}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
