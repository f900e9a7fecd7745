"""The core layer stays pure: importing it loads no Qt, no charts and no database."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import sciatica_timer.core

CORE = Path(sciatica_timer.core.__file__).parent
FORBIDDEN = ("PySide6", "shiboken6", "pyqtgraph", "sqlite3", "_sqlite3", "numpy")


def test_importing_core_loads_no_qt_charts_or_sqlite() -> None:
    modules = sorted(p.stem for p in CORE.glob("*.py") if p.stem != "__init__")
    script = (
        "import importlib, json, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module('sciatica_timer.core.' + name)\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    loaded = json.loads(out.stdout)
    bad = [m for m in loaded if m.split(".")[0] in FORBIDDEN]
    assert modules, "core has modules to import"
    assert bad == []


def test_core_source_does_no_file_io() -> None:
    """No open(), no Path reading or writing in core: files are storage's business."""
    offenders = []
    disk_calls = {"open", "read_text", "read_bytes", "write_text", "write_bytes", "mkdir", "unlink"}
    for path in CORE.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                func = node.func
                name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
                if name in disk_calls:
                    offenders.append(f"{path.name}:{node.lineno}: {name}()")
    assert offenders == []
