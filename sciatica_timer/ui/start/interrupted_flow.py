"""The start screen's word on the history: the last session's line, and the offer to finish or discard a
session that was cut short (with an undo for a discard), each answer written through the history operations.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from sciatica_timer.core.i18n import _
from sciatica_timer.errors import UserError

if TYPE_CHECKING:
    from collections.abc import Callable
    from datetime import datetime
    from pathlib import Path

    from sciatica_timer.core.diary import SessionDetail, SessionSummary
    from sciatica_timer.ui.app_state import AppState
    from sciatica_timer.ui.history.operations import HistoryChange, HistoryOperations
    from sciatica_timer.ui.start.rows import InterruptedRow
    from sciatica_timer.ui.start.start_screen import StartScreen

NO_BREAK = "\u00a0"  # a space a line never breaks at


class InterruptedSessions(QObject):
    """Finish, discard (and undo the discard of) a session that was cut short; the history lines."""

    def __init__(
        self,
        state: AppState,
        start_screen: Callable[[], StartScreen],
        history_ops: Callable[[], HistoryOperations],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("interrupted-sessions")
        self.state = state
        self._start_screen = start_screen
        self._history_ops = history_ops
        self.discarded: SessionDetail | None = None  # the session just discarded, while its undo is offered

    def connect_to(self, screen: StartScreen) -> None:
        screen.interrupted_save.connect(self.save)
        screen.interrupted_discard.connect(self.discard)
        screen.interrupted_undo.connect(self.undo)

    def show_lines(self) -> None:
        """The last session's line and the interrupted-session offer on the start screen."""
        screen = self._start_screen()
        store = self.state.store
        if store is None:
            screen.show_last_session("" if self.state.notices else _("No history yet."))
            return
        try:
            interrupted = store.find_interrupted()
            recent = store.recent(limit=10)
        except UserError as exc:
            self.state.add_notice(str(exc))
            return
        from datetime import datetime

        from sciatica_timer.core.diary import SessionSummary

        now = datetime.now().astimezone()

        # An interrupted session waiting for an answer is offered above; the line shows the one before.
        last = next(
            (item for item in recent if isinstance(item, SessionSummary) and not item.awaiting_answer), None
        )
        screen.show_last_session(
            last_session_text(last, now)
            if last is not None
            else _("No sessions yet: your first one starts here.")
        )
        if self.discarded is None:
            screen.offer_interrupted([interrupted_row(s, now) for s in interrupted])

    def let_undo_go(self) -> None:
        """Starting something else lets the undo of a discard go."""
        if self.discarded is not None:
            self.discarded = None
            self.show_lines()

    def save(self, session_id: int, pain_after: object, note: object) -> None:
        if self.state.store is None:
            return
        from sciatica_timer.ui.history.operations import HistoryChange

        def saved(_result: object) -> HistoryChange:
            self.discarded = None
            return HistoryChange(sessions=frozenset({session_id}))

        self._history_ops().run(
            lambda store: store.complete_interrupted(
                session_id,
                pain_after if isinstance(pain_after, int) else None,
                note if isinstance(note, str) else None,
            ),
            saved,
            self.state.add_notice,
        )

    def discard(self, session_id: int) -> None:
        if self.state.store is None:
            return
        from sciatica_timer.ui.history.operations import HistoryChange

        def discarded(detail: SessionDetail) -> HistoryChange:
            self.discarded = detail
            when = when_started(detail.summary.started)
            self._start_screen().offer_undo(
                _("The {routine} session from {when} was discarded.").format(
                    routine=detail.summary.routine_name, when=when
                )
            )
            return HistoryChange(sessions_gone=frozenset({session_id}))

        self._history_ops().run(lambda store: store.discard(session_id), discarded, self.state.add_notice)

    def undo(self) -> None:
        discarded = self.discarded
        if self.state.store is None or discarded is None:
            return
        from sciatica_timer.ui.history.operations import HistoryChange

        def restored(session_id: int) -> HistoryChange:
            self.discarded = None
            return HistoryChange(sessions=frozenset({session_id}))

        self._history_ops().run(
            lambda store: store.restore_session(discarded), restored, self.state.add_notice
        )


def when_started(started: datetime) -> str:
    from datetime import datetime

    from sciatica_timer.ui.common.words import when_words

    return when_words(started, datetime.now().astimezone())


def interrupted_row(summary: SessionSummary, now: datetime) -> InterruptedRow:
    from sciatica_timer.ui.common.words import duration_words, when_words
    from sciatica_timer.ui.start.rows import InterruptedRow

    routine, when, active = (
        summary.routine_name,
        when_words(summary.started, now),
        duration_words(summary.active_s),
    )
    if summary.pain_before is not None:
        text = _("{routine}, started {when}, cut short after {duration}, pain {score} before").format(
            routine=routine, when=when, duration=active, score=summary.pain_before
        )
    else:
        text = _("{routine}, started {when}, cut short after {duration}").format(
            routine=routine, when=when, duration=active
        )
    return InterruptedRow(summary.id, text)


def last_session_text(summary: SessionSummary, now: datetime) -> str:
    from sciatica_timer.core.record import SessionStatus
    from sciatica_timer.ui.common.words import duration_words, pain_change_words, when_words

    parts = [
        _("Last session: {routine}, {when}").format(
            routine=summary.routine_name, when=when_words(summary.started, now)
        )
    ]
    parts.append(duration_words(summary.active_s))
    endings = {
        SessionStatus.STOPPED: _("stopped early"),
        SessionStatus.STOPPED_FOR_PAIN: _("stopped for pain"),
        SessionStatus.INTERRUPTED: _("interrupted"),
        SessionStatus.IN_PROGRESS: _("still running"),
    }
    if summary.status in endings:
        parts.append(endings[summary.status])
    change = pain_change_words(summary.pain_before, summary.pain_after, after_only="after")
    if change:
        parts.append(_("pain {change}").format(change=change))
    # A short phrase never breaks across lines ("pain 6 →" / "3 (3 less)"): the line wraps between them.
    return " · ".join([parts[0]] + [part.replace(" ", NO_BREAK) for part in parts[1:]])


def read_only_text(why: str, folder: Path) -> str:
    """The start screen's line when the history could only be opened for reading."""
    return _(
        "Your history can be read and exported, but not written, as {why} ({folder}). Sessions and pain "
        "scores cannot be saved until that is fixed."
    ).format(why=why, folder=folder)
