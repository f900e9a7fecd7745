"""Says the app's spoken prompts for three phases, 3 s apart, through the real speech engine (speechd).

Run as a child of tests/audio/test_spoken_prompts.py with the test's sound server in its environment; prints a
JSON line when the engine is open, then one line per prompt with the monotonic time it was handed over.
"""

from __future__ import annotations

import json
import sys
import time

from PySide6.QtCore import QCoreApplication, QTimer

from sciatica_timer.audio.speech import SpokenPrompts
from sciatica_timer.core.plan import PhaseKind, PlannedPhase, Side
from sciatica_timer.core.session_events import PhaseStarted

GAP_MS = 3000
PHASES = (
    PlannedPhase(
        index=0,
        step_index=0,
        kind=PhaseKind.PRESS,
        duration_s=3,
        starts_at_s=0,
        point_code="BL23",
        side=Side.LEFT,
        title="BL23",
    ),
    PlannedPhase(
        index=1,
        step_index=0,
        kind=PhaseKind.HOLD,
        duration_s=3,
        starts_at_s=3,
        point_code="BL23",
        side=Side.LEFT,
        title="BL23",
    ),
    PlannedPhase(
        index=2,
        step_index=0,
        kind=PhaseKind.PRESS,
        duration_s=3,
        starts_at_s=6,
        point_code="BL23",
        side=Side.RIGHT,
        title="BL23",
    ),
)


def main() -> int:
    app = QCoreApplication(sys.argv[:1])
    prompts = SpokenPrompts({"BL23": "Bladder 23"}, engine="speechd")
    started = prompts.start()
    print(json.dumps({"started": started, "reason": prompts.unavailable_reason}), flush=True)
    if not started:
        return 1
    prompts.spoken.connect(lambda text: print(json.dumps({"said": text, "at": time.monotonic()}), flush=True))

    def phase(n: int) -> None:
        if n == len(PHASES):
            QTimer.singleShot(GAP_MS, app.quit)
            return
        now = time.monotonic()
        prompts.handle_event(PhaseStarted(planned_at=now, actual_at=now, phase_index=n, phase=PHASES[n]))
        QTimer.singleShot(GAP_MS, lambda: phase(n + 1))

    QTimer.singleShot(300, lambda: phase(0))
    app.exec()
    prompts.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
