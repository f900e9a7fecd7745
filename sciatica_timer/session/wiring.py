"""The order in which a session's listeners hear its engine, written once for the window and the terminal.

The journal first: a step is saved before anyone is told of it, so a crash never shows a step that is not
in the history. Then the cues: a sound is not held back by drawing. Then the screens (the window's player
and summary, or the terminal's progress lines).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, TypeVar

from sciatica_timer.session.session_timer import SessionTimer

if TYPE_CHECKING:
    from PySide6.QtCore import QObject

    from sciatica_timer.core.clock import Clock
    from sciatica_timer.core.engine import SessionEngine
    from sciatica_timer.core.session_events import SessionEvent

Listener = Callable[["SessionEvent"], object]
Journal = TypeVar("Journal")  # the session's journal (SessionJournal), or None when it is not being saved


def wire_session(
    engine: SessionEngine,
    clock: Clock,
    *,
    open_journal: Callable[[], Journal],
    cues: Sequence[Listener],
    screens: Sequence[Listener],
    parent: QObject | None = None,
) -> tuple[Journal, SessionTimer]:
    """Connect a session's listeners in the one order; the caller starts the engine afterwards.

    ``open_journal`` makes the journal, which subscribes to the engine itself, before the timer does. The
    timer is the one place that wakes the engine; its ``engine_event`` reaches the cues, then the screens.
    """
    journal = open_journal()
    timer = SessionTimer(engine, clock, parent)
    for listener in (*cues, *screens):
        timer.engine_event.connect(listener)
    return journal, timer
