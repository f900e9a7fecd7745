"""Guards against a Qt binding release that breaks a long session.

PySide6 6.12.0 on Python 3.11 loses a reference to None on each call of a Python slot and aborts the
process after a few thousand calls: a 30-minute session with a 10 Hz display refresh makes 18,000.
"""

from __future__ import annotations

import subprocess
import sys

SCRIPT = """
from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer
app = QCoreApplication([])
loop = QEventLoop()
calls = 0
def on_timeout():
    global calls
    calls += 1
    if calls >= 50_000:
        loop.quit()
    else:
        timer.start()
timer = QTimer()
timer.setSingleShot(True)
timer.setInterval(0)
timer.timeout.connect(on_timeout)
timer.start()
loop.exec()
print(calls)
"""


def test_many_slot_calls_keep_the_process_alive() -> None:
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr[-500:]
    assert result.stdout.strip() == "50000"
