"""How the app starts its sound process, and the Qt log rules both share (no Qt widgets, no sound)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

QUIET_QT_CATEGORIES = "qt.multimedia.symbolsresolver.warning=false\nqt.multimedia.ffmpeg.info=false"


def quiet_qt_multimedia() -> None:
    """Silence QtMultimedia's start-up noise; call before its first import."""
    from PySide6.QtCore import QLoggingCategory

    QLoggingCategory.setFilterRules(QUIET_QT_CATEGORIES)


def sound_process_command(*args: str) -> list[str]:
    """How to start the sound process: this same program, in a bundle or from Python."""
    if getattr(sys, "frozen", False):
        return [sys.executable, "--sound-process", *args]
    return [sys.executable, "-m", "sciatica_timer.audio.sound_process", *args]


def sound_process_env() -> dict[str, str]:
    env = dict(os.environ)
    # The child finds this same package, wherever it was imported from.
    here = str(Path(__file__).resolve().parents[2])
    env["PYTHONPATH"] = os.pathsep.join(p for p in (here, env.get("PYTHONPATH", "")) if p)
    return env


def ask_sound_process(option: str, timeout_s: float) -> subprocess.CompletedProcess[str]:
    """Run the sound process with ``option`` (``--probe``, ``--speech-probe``) and collect its lines, waiting
    at most ``timeout_s``; raises ``subprocess.TimeoutExpired`` or ``OSError``. Call it off the UI thread."""
    return subprocess.run(  # noqa: S603 - this same program, no input from outside
        sound_process_command(option),
        env=sound_process_env(),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=timeout_s,
        check=False,
    )
