"""Start-up time and memory of the app against a bare PySide6 window, as fresh processes on one X server.

The app starts as it does on most days: for someone who answered the safety checklist earlier and has a year
of sessions and diary scores, so the start screen is what comes up.

`startup_ratio`: process start until the main window has painted, app / bare (median of runs, alternated).
`startup_loaded_ms`: process start until the app's start screen is complete (routines and history read).
`startup_loaded_ratio`: that ÷ the bare window's first paint.
`startup_first_run_loaded_ms` / `_ratio`: the same on the very first start (and the monthly one when the
warning signs are due again), when the safety checklist is built and shown over the start screen.
`rss_ratio`: resident memory 3 s after start, app / bare.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RUNS = 9
HISTORY_DAYS = 365
RSS_AFTER_S = 3.0
TIMEOUT_S = 30.0


def _rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError("no VmRSS")


def _measure(
    cmd: list[str], env: dict[str, str], *, then_loaded: bool = False, rss: bool = True
) -> tuple[float, float, int]:
    """Seconds until the first paint and (the app only) until loaded, and RSS in KiB 3 s after the start
    (0 when ``rss`` is False: the process is ended once loaded)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, text=True)
    try:
        line = proc.stdout.readline() if proc.stdout else ""
        painted = time.perf_counter() - start
        if line.strip() != "first-paint":
            raise RuntimeError(f"{cmd}: no first paint reported (got {line!r})")
        loaded = painted
        if then_loaded:
            line = proc.stdout.readline() if proc.stdout else ""
            loaded = time.perf_counter() - start
            if line.strip() != "loaded":
                raise RuntimeError(f"{cmd}: no end of loading reported (got {line!r})")
        kib = 0
        if rss:
            time.sleep(max(0.0, RSS_AFTER_S - (time.perf_counter() - start)))
            kib = _rss_kib(proc.pid)
    finally:
        proc.terminate()
        proc.wait(TIMEOUT_S)
    return painted, loaded, kib


def _compile_package() -> None:
    """Byte-compile the package, as installing the wheel does: both processes then start from .pyc files,
    whether or not this environment lets Python write them (PYTHONDONTWRITEBYTECODE)."""
    import compileall

    import sciatica_timer

    compileall.compile_dir(Path(sciatica_timer.__file__).parent, quiet=1)


def _returning_person(data_dir: Path) -> None:
    """Settings with the safety checklist answered today, and a year of daily sessions and diary scores."""
    from datetime import date, datetime

    from benchmarks.history_view_bench import document
    from sciatica_timer.core.settings import SafetyAnswers, Settings
    from sciatica_timer.storage.history import HistoryStore
    from sciatica_timer.storage.paths import resolve_paths
    from sciatica_timer.storage.settings_file import SettingsFile

    paths = resolve_paths(data_dir)
    answered = Settings(safety=SafetyAnswers(reviewed=True, signs_checked=date.today()))
    SettingsFile(paths.settings_file).save(answered)
    with HistoryStore.open(paths.database) as store:
        store.import_json(document(datetime.now().astimezone().replace(microsecond=0), days=HISTORY_DAYS))


def run() -> dict[str, float]:
    if not os.environ.get("DISPLAY"):
        raise RuntimeError("the start-up benchmark needs an X server (make bench runs it under xvfb-run)")
    _compile_package()
    with tempfile.TemporaryDirectory() as data_dir, tempfile.TemporaryDirectory() as first_run_dir:
        _returning_person(Path(data_dir))
        env = dict(os.environ, SCIATICA_TIMER_REPORT_FIRST_PAINT="1", SCIATICA_TIMER_DATA_DIR=data_dir)
        env.pop("QT_QPA_PLATFORM", None)
        first_env = dict(env, SCIATICA_TIMER_DATA_DIR=first_run_dir)  # nothing answered: the checklist is due
        app_cmd = [sys.executable, "-m", "sciatica_timer"]
        bare_cmd = [sys.executable, "-m", "benchmarks.bare_window"]
        # One warm-up each so the first measured run does not pay for a cold disk cache.
        _measure(app_cmd, env)
        _measure(app_cmd, first_env)
        _measure(bare_cmd, env)
        app_t, app_loaded, app_rss, bare_t, bare_rss, first_loaded = [], [], [], [], [], []
        for _ in range(RUNS):
            t, loaded, rss = _measure(app_cmd, env, then_loaded=True)
            app_t.append(t)
            app_loaded.append(loaded)
            app_rss.append(rss)
            t, _, rss = _measure(bare_cmd, env)
            bare_t.append(t)
            bare_rss.append(rss)
            first_loaded.append(_measure(app_cmd, first_env, then_loaded=True, rss=False)[1])
    return {
        "startup_app_ms": statistics.median(app_t) * 1000,
        "startup_bare_ms": statistics.median(bare_t) * 1000,
        "startup_ratio": statistics.median(app_t) / statistics.median(bare_t),
        "startup_loaded_ms": statistics.median(app_loaded) * 1000,
        "startup_loaded_ratio": statistics.median(app_loaded) / statistics.median(bare_t),
        "startup_first_run_loaded_ms": statistics.median(first_loaded) * 1000,
        "startup_first_run_loaded_ratio": statistics.median(first_loaded) / statistics.median(bare_t),
        "rss_app_mib": statistics.median(app_rss) / 1024,
        "rss_bare_mib": statistics.median(bare_rss) / 1024,
        "rss_ratio": statistics.median(app_rss) / statistics.median(bare_rss),
    }
