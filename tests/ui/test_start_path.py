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
# A session's and the routine editor's controllers are made when first used, not for the start screen.
NOT_FOR_THE_START_SCREEN = {
    "sciatica_timer.ui.player.session_flow",
    "sciatica_timer.ui.routines.routines_flow",
    "sciatica_timer.ui.routines.routine_workshop",
}


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
    assert loaded & NOT_FOR_THE_START_SCREEN == set()
    # Python's cycle collector is held off while the app starts (nothing to free among its new objects), and
    # is on again once the start screen is complete.
    assert seen["collector at paint"] is False, "off while the app starts"
    assert seen["collector loaded"] is True, "on again once loaded"


PAINTED_LIST = """
import io, json, os, sys
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QWidget

class ListPainted(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            import PySide6.QtWidgets as widgets
            made = sorted(name for name in UNUSED if name in vars(widgets))
            print(json.dumps(made), file=sys.__stdout__, flush=True)
            os._exit(0)
        return False

class Report(io.TextIOBase):
    def write(self, text):
        if text.strip() == "loaded":
            window = next(w for w in QApplication.topLevelWidgets() if hasattr(w, "start_screen"))
            rows = window.start_screen.routine_list
            viewport = rows.findChild(QWidget, "qt_scrollarea_viewport")  # not viewport(): see UNUSED_TYPES
            viewport.installEventFilter(filter)
            viewport.update()
        return len(text)

UNUSED = %r
filter = ListPainted()
sys.stdout = Report()
sys.argv = ["sciatica-timer", "--data-dir", sys.argv[1]]
from sciatica_timer.cli import run
run()
"""
# Python types PySide6 sets up only when first used, each with its enums (some 0.1 ms an enum): the start
# screen uses none of them, but reading a row's ``option.state`` (QStyle's twenty enums) or a scroll area's
# ``viewport()`` (the types of every kind of widget) would set them up on the way to it.
UNUSED_TYPES = ("QStyle", "QWizard", "QMessageBox", "QFileDialog", "QTabWidget")


@pytest.mark.slow
def test_the_start_screen_is_built_and_painted_without_setting_up_qt_types_it_does_not_use(
    tmp_path: Path,
) -> None:
    from datetime import date

    from sciatica_timer.core.settings import SafetyAnswers, Settings
    from sciatica_timer.storage.paths import resolve_paths
    from sciatica_timer.storage.settings_file import SettingsFile

    data_dir = tmp_path / "data"
    paths = resolve_paths(str(data_dir))
    answered = Settings(safety=SafetyAnswers(reviewed=True, signs_checked=date.today()))
    SettingsFile(paths.settings_file).save(answered)  # the checklist is not due: the start screen shows
    env = dict(os.environ, SCIATICA_TIMER_REPORT_FIRST_PAINT="1", XDG_RUNTIME_DIR="")
    if env.get("DISPLAY"):
        env["QT_QPA_PLATFORM"] = "xcb"
    out = subprocess.run(
        [sys.executable, "-c", PAINTED_LIST % (UNUSED_TYPES,), str(data_dir)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert out.stdout.strip(), out.stderr
    assert json.loads(out.stdout.strip().splitlines()[-1]) == []
