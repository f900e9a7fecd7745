"""Starting the app loads neither pyqtgraph nor numpy: only opening the history view does."""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY = ("pyqtgraph", "numpy")


def loaded_after(statement: str) -> list[str]:
    """The heavy top-level packages loaded, in a fresh interpreter, after running ``statement``."""
    script = (
        f"import json, sys\n{statement}\nprint(json.dumps(sorted({{m.split('.')[0] for m in sys.modules}})))"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    return [name for name in json.loads(out.stdout) if name in HEAVY]


def test_the_main_window_does_not_load_the_charts() -> None:
    assert loaded_after("import sciatica_timer.ui.main_window") == []


def test_the_report_and_the_history_table_do_not_load_the_charts() -> None:
    # The report is written in a worker without any widget: it must not need pyqtgraph either.
    assert loaded_after("import sciatica_timer.ui.report, sciatica_timer.ui.history_table") == []


def test_the_history_view_does() -> None:
    assert loaded_after("import sciatica_timer.ui.history_view") == ["numpy", "pyqtgraph"]
