"""`make bench`: runs every benchmark, prints a table and writes benchmarks/results.json.

`python -m benchmarks startup history` runs only those; their figures replace the old ones in results.json.
"""

from __future__ import annotations

import importlib
import json
import sys
import time
from pathlib import Path

RESULTS = Path(__file__).with_name("results.json")

# module name -> figures it reports
BENCHMARKS = ["startup", "timer", "history_bench", "audio_bench", "history_view_bench", "history_open_bench"]

# Targets from the issues: (figure, comparison, limit)
TARGETS = {
    "startup_ratio": ("<=", 1.15),
    "startup_loaded_ratio": ("<=", 1.7),
    "rss_ratio": ("<=", 1.3),
    "timer_p99_ms": ("<=", 5.0),
    "timer_end_drift_ms": ("<=", 5.0),
    "session_cpu_percent": ("<=", 0.5),
    "cue_latency_p95_ms": ("<=", 20.0),
    "history_view_ms": ("<=", 100.0),
    "history_add_ms": ("<=", 8.0),
    "history_first_open_ms": ("<=", 150.0),
    "history_first_charts_ms": ("<=", 400.0),
    "history_import_10k_ms": ("<=", 1500.0),
}


def main(names: list[str]) -> int:
    chosen = names or BENCHMARKS
    results: dict[str, float] = {}
    if names and RESULTS.exists():
        results.update(json.loads(RESULTS.read_text()))
    failed = []
    for name in chosen:
        try:
            module = importlib.import_module(f"benchmarks.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"benchmarks.{name}":
                print(f"{name}: not written yet, skipped")
                continue
            raise
        started = time.perf_counter()
        print(f"{name}: running…", flush=True)
        try:
            figures = module.run()
        except Exception as exc:  # noqa: BLE001 - one broken benchmark must not hide the others
            print(f"{name}: failed: {exc}")
            failed.append(name)
            continue
        results.update({k: round(float(v), 3) for k, v in figures.items()})
        print(f"{name}: done in {time.perf_counter() - started:.1f} s")
    RESULTS.write_text(json.dumps(results, indent=2, sort_keys=True) + "\n")
    width = max(map(len, results), default=10)
    print(f"\n{'figure':<{width}}  {'value':>10}  target")
    for key in sorted(results):
        target = TARGETS.get(key)
        verdict = ""
        if target:
            op, limit = target
            ok = results[key] <= limit if op == "<=" else results[key] >= limit
            verdict = f"{op} {limit}  {'ok' if ok else 'MISSED'}"
        print(f"{key:<{width}}  {results[key]:>10.3f}  {verdict}")
    print(f"\nwrote {RESULTS}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
