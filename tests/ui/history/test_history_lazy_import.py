"""Starting the app loads neither pyqtgraph nor numpy; opening the history paints its figures and its table
without them, and only then loads them for the charts."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sciatica_timer.storage.history import HistoryStore
from sciatica_timer.storage.paths import resolve_paths
from tests.ui.history_support import add_session

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
    assert (
        loaded_after("import sciatica_timer.ui.history.report, sciatica_timer.ui.history.history_table") == []
    )


def test_the_history_view_leaves_them_to_its_charts() -> None:
    assert loaded_after("import sciatica_timer.ui.history.history_view") == []
    assert loaded_after("import sciatica_timer.ui.history.history_chart") == ["numpy", "pyqtgraph"]


def history_with_five_sessions(tmp_path: Path) -> Path:
    """A data folder whose history has a session on each of the last five days and three diary scores."""
    data_dir = tmp_path / "data"
    paths = resolve_paths(str(data_dir))
    paths.database.parent.mkdir(parents=True, mode=0o700)
    now = datetime.now().astimezone()
    with HistoryStore.open(paths.database) as store:
        for days in range(5, 0, -1):
            add_session(store, now - timedelta(days=days), 6, 4)
        for days in (4, 2, 1):
            store.log_pain(5, now - timedelta(days=days, hours=3))
    return data_dir


def open_history(data_dir: Path, *args: str) -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, "-m", "tests.ui.history_first_open", str(data_dir), *args],
        capture_output=True,
        text=True,
        check=False,
        cwd=Path(__file__).parents[3],
        timeout=180,
    )
    assert out.returncode == 0, out.stderr
    seen: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    assert seen["before_ctrl_h"] == []
    charts = seen["charts"]
    assert charts["heavy"] == ["numpy", "pyqtgraph"], "the charts came after the first frame"
    assert charts["before_dots"] == 5
    assert charts["placeholder_gone"]
    assert charts["collector_on"], "the cycle collector is on again once the history is open"
    return seen


def test_the_history_paints_its_figures_before_the_charts_load(tmp_path: Path) -> None:
    """In a fresh app, as a person: a click on History. The first frame holds the figures and a placeholder,
    with neither pyqtgraph nor numpy imported; then the charts come in its place."""
    first = open_history(history_with_five_sessions(tmp_path))["first_frame"]
    assert first["heavy"] == []
    assert not first["has_charts"]
    assert (first["sessions"], first["diary"]) == ("5", "5.0"), "the figures are filled in on the first frame"
    assert first["placeholder"] == ["Drawing the charts…"]


def test_the_table_is_there_before_the_charts_load(tmp_path: Path) -> None:
    """Straight on to "Sessions and diary": the table paints every entry before pyqtgraph and numpy load."""
    first = open_history(history_with_five_sessions(tmp_path), "--table")["first_frame"]
    assert first["heavy"] == []
    assert not first["has_charts"]
    assert first["table_rows"] == 5 + 3  # every session and every diary score
