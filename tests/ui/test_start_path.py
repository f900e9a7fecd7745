"""What the app loads on its way to the first frame and to a complete start screen, in a real start.

The first frame is the empty, themed window: the theme module, the screen-reader helpers, the start screen and
the routine and history models come just after it. QtNetwork, the standard socket module (whose enums alone
take about 1 MiB), difflib and importlib.resources are not needed to start at all: the app listens for other
starts on a plain Unix socket, and finds its shipped files in the package's folder.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

CHILD = """
import gc, io, json, os, sys
from PySide6.QtCore import QTimer

class Report(io.TextIOBase):
    def write(self, text):
        if text.strip() == "first-paint":
            print(json.dumps(["painted", sorted(sys.modules)]), file=sys.__stdout__, flush=True)
            print(json.dumps(["collector at paint", gc.isenabled()]), file=sys.__stdout__, flush=True)
        elif text.strip() == "loaded":  # and once the loading turn is over (listening for other starts)
            QTimer.singleShot(0, lambda: (
                print(json.dumps(["loaded", sorted(sys.modules)]), file=sys.__stdout__, flush=True),
                print(json.dumps(["collector loaded", gc.isenabled()]), file=sys.__stdout__, flush=True),
                os._exit(0),
            ))
        return len(text)

sys.stdout = Report()
sys.argv = ["sciatica-timer", "--data-dir", sys.argv[1]]
from sciatica_timer.cli import run
run()
"""

OFF_THE_FIRST_FRAME = {
    "sciatica_timer.ui.common.theme",
    "sciatica_timer.ui.common.accessibility",
    "sciatica_timer.ui.start.start_screen",
    "sciatica_timer.core.routines",
    "sciatica_timer.core.settings",
    "sciatica_timer.storage.history",
}
NEVER_TO_START = {"PySide6.QtNetwork", "socket", "difflib", "importlib.resources"}


@pytest.mark.slow
@pytest.mark.skipif(os.name != "posix", reason="Windows listens on a named pipe, through QtNetwork")
def test_the_first_frame_and_the_start_screen_load_only_what_they_need(tmp_path: Path) -> None:
    env = dict(os.environ, SCIATICA_TIMER_REPORT_FIRST_PAINT="1", XDG_RUNTIME_DIR="")
    if env.get("DISPLAY"):
        env["QT_QPA_PLATFORM"] = "xcb"  # a real window on the test's X server
    out = subprocess.run(
        [sys.executable, "-c", CHILD, str(tmp_path / "data")],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    seen = dict(json.loads(line) for line in out.stdout.splitlines())
    assert {"painted", "loaded"} <= set(seen), out.stderr
    painted, loaded = set(seen["painted"]), set(seen["loaded"])
    assert painted & OFF_THE_FIRST_FRAME == set()
    assert loaded >= OFF_THE_FIRST_FRAME, "the start screen was built and the history opened"
    assert loaded & NEVER_TO_START == set()
    # Python's cycle collector is held off while the app starts (nothing to free among its new objects), and
    # is on again once the start screen is complete.
    assert seen["collector at paint"] is False, "off while the app starts"
    assert seen["collector loaded"] is True, "on again once loaded"
