"""Plays the cues and says the spoken prompts of three phases, 3 s apart, through the real sound process and
the real speech engine (speechd), wired as a session wires them.

Run as a child of tests/audio/test_spoken_prompts.py with the test's sound server in its environment; prints a
JSON line when the engine is open, then one line per prompt with the monotonic time it was handed over, and
one per cue with the time it was handed to the sound process.
"""

from __future__ import annotations

import json
import sys
import time

from PySide6.QtCore import QCoreApplication, QTimer

from sciatica_timer.audio.player import CuePlayer
from sciatica_timer.audio.speech import SpokenPrompts
from sciatica_timer.core.clock import MonotonicClock
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
    cues = CuePlayer(MonotonicClock())
    cues.cue_shown.connect(lambda cue: print(json.dumps({"cue": cue, "at": time.monotonic()}), flush=True))
    prompts.take_turns_with(cues)

    def phase(n: int) -> None:
        if n == len(PHASES):
            QTimer.singleShot(GAP_MS, app.quit)
            return
        now = time.monotonic()
        event = PhaseStarted(planned_at=now, actual_at=now, phase_index=n, phase=PHASES[n])
        cues.handle_event(event)  # in the session's order: the cue first, then the prompt
        prompts.handle_event(event)
        QTimer.singleShot(GAP_MS, lambda: phase(n + 1))

    def loaded() -> None:
        print(json.dumps({"sound": cues.available, "reason": cues.unavailable_reason}), flush=True)
        QTimer.singleShot(300, lambda: phase(0))

    cues.ready.connect(loaded)
    cues.load()
    app.exec()
    prompts.shutdown()
    cues.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
