"""Start-up time and memory of the app against a bare PySide6 window, as fresh processes on one X server.

`startup_ratio`: process start until the main window has painted, app / bare (median of runs, alternated).
`startup_loaded_ms`: process start until the app's start screen is complete (routines and history read).
`startup_loaded_ratio`: that ÷ the bare window's first paint.
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
RSS_AFTER_S = 3.0
TIMEOUT_S = 30.0


def _rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError("no VmRSS")


def _measure(cmd: list[str], env: dict[str, str], *, then_loaded: bool = False) -> tuple[float, float, int]:
    """Seconds until the first paint and (the app only) until loaded, and RSS in KiB 3 s after the start."""
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
        time.sleep(max(0.0, RSS_AFTER_S - (time.perf_counter() - start)))
        rss = _rss_kib(proc.pid)
    finally:
        proc.terminate()
        proc.wait(TIMEOUT_S)
    return painted, loaded, rss


def _compile_package() -> None:
    """Byte-compile the package, as installing the wheel does: both processes then start from .pyc files,
    whether or not this environment lets Python write them (PYTHONDONTWRITEBYTECODE)."""
    import compileall

    import sciatica_timer

    compileall.compile_dir(Path(sciatica_timer.__file__).parent, quiet=1)


def run() -> dict[str, float]:
    if not os.environ.get("DISPLAY"):
        raise RuntimeError("the start-up benchmark needs an X server (make bench runs it under xvfb-run)")
    _compile_package()
    with tempfile.TemporaryDirectory() as data_dir:
        env = dict(os.environ, SCIATICA_TIMER_REPORT_FIRST_PAINT="1", SCIATICA_TIMER_DATA_DIR=data_dir)
        env.pop("QT_QPA_PLATFORM", None)
        app_cmd = [sys.executable, "-m", "sciatica_timer"]
        bare_cmd = [sys.executable, "-m", "benchmarks.bare_window"]
        # One warm-up each so the first measured run does not pay for a cold disk cache.
        _measure(app_cmd, env)
        _measure(bare_cmd, env)
        app_t, app_loaded, app_rss, bare_t, bare_rss = [], [], [], [], []
        for _ in range(RUNS):
            t, loaded, rss = _measure(app_cmd, env, then_loaded=True)
            app_t.append(t)
            app_loaded.append(loaded)
            app_rss.append(rss)
            t, _, rss = _measure(bare_cmd, env)
            bare_t.append(t)
            bare_rss.append(rss)
    return {
        "startup_app_ms": statistics.median(app_t) * 1000,
        "startup_bare_ms": statistics.median(bare_t) * 1000,
        "startup_ratio": statistics.median(app_t) / statistics.median(bare_t),
        "startup_loaded_ms": statistics.median(app_loaded) * 1000,
        "startup_loaded_ratio": statistics.median(app_loaded) / statistics.median(bare_t),
        "rss_app_mib": statistics.median(app_rss) / 1024,
        "rss_bare_mib": statistics.median(bare_rss) / 1024,
        "rss_ratio": statistics.median(app_rss) / statistics.median(bare_rss),
    }
