"""Follow-ups in the window: some time after a session, the pain score is asked for again.

Off unless the person turns it on (Settings.follow_up). What is waiting comes from the history, so a restart
asks what was missed; a question is never put while a session runs.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication, QWidget

from sciatica_timer.core.follow_up import LATE_LIMIT, FollowUp, FollowUpList
from sciatica_timer.core.i18n import _
from sciatica_timer.core.settings import FollowUpSettings
from sciatica_timer.errors import UserError

if TYPE_CHECKING:
    from sciatica_timer.core.clock import Clock
    from sciatica_timer.storage.history import HistoryStore
    from sciatica_timer.ui.history.follow_up_question import FollowUpQuestion
    from sciatica_timer.ui.main_window import MainWindow

log = logging.getLogger(__name__)

# The timer wakes at least this often, so a suspend or a change of the computer's clock delays a question
# by a minute at most (a Qt timer counts neither).
MAX_WAIT_MS = 60_000


def local_now() -> datetime:
    return datetime.now().astimezone()


def wall_clock(clock: Clock | None) -> Callable[[], datetime]:
    """Local time now; with a test's FakeClock, local time that moves only as that clock does."""
    if clock is None:
        return local_now
    origin_wall = local_now()
    origin = clock.now()
    return lambda: origin_wall + timedelta(seconds=clock.now() - origin)


class FollowUpSchedule(QObject):
    """Keeps the sessions waiting for a follow-up and asks about each when its time comes.

    One named single-shot timer is armed for the earliest one. Time is read from ``now`` (local, aware), so
    tests drive it with a fake clock. Saving writes ``followup_pain`` and ``followup_at`` to the history;
    skipping writes only ``followup_at``, which marks the session as followed up without a score.
    """

    answered = Signal(int)  # session id, once its follow-up (or the skip) is in the history
    asked = Signal(str, int)  # a question is up: the routine's name, minutes since the session ended
    question_closed = Signal()  # answered, put off or skipped (in the window or from a notification)
    score_saved = Signal(int)  # the follow-up score, once it is in the history

    def __init__(
        self,
        store: Callable[[], HistoryStore | None],
        settings: FollowUpSettings,
        now: Callable[[], datetime],
        busy: Callable[[], bool],
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("follow-up-schedule")
        self._store = store
        self._settings = settings
        self._now = now
        self._busy = busy
        self._parent = parent
        self.waiting = FollowUpList()
        self.current: FollowUp | None = None
        self._shut = False
        self.question: FollowUpQuestion | None = None
        self.timer = QTimer(self)
        self.timer.setObjectName("follow-up")
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.check)

    @property
    def settings(self) -> FollowUpSettings:
        return self._settings

    def now(self) -> datetime:
        return self._now()

    # -- what is waiting -------------------------------------------------------------------------------------

    def restore(self, *, ahead_only: bool = False) -> None:
        """Add the sessions of the last few hours that the history shows without a follow-up.

        ``ahead_only``: only those whose follow-up time is still to come (when follow-ups were just turned
        on, a question about a session from hours ago would come out of the blue).
        """
        store = self._store()
        if store is None or not self._settings.enabled:
            return
        now = self.now()
        after = timedelta(minutes=self._settings.after_min)
        try:
            sessions = store.awaiting_follow_up(now - after - LATE_LIMIT)
        except UserError as exc:
            log.warning("follow-ups not restored: %s", exc)
            return
        for summary in sessions:
            if summary.ended is None or (ahead_only and summary.ended + after <= now):
                continue
            self.waiting.add(summary.id, summary.routine_name, summary.ended, self._settings.after_min)
        self.check()

    def session_ended(self, session_id: int, routine_name: str) -> None:
        """A session of this window has just ended: its follow-up is due ``after_min`` from now."""
        if not self._settings.enabled:
            return
        self.waiting.add(session_id, routine_name, self.now(), self._settings.after_min)
        self.check()

    def apply(self, settings: FollowUpSettings) -> None:
        """The person changed the follow-up settings."""
        before, self._settings = self._settings, settings
        if not settings.enabled:
            self.waiting.clear()
            self._close_question()
            self.timer.stop()
            return
        if settings.after_min != before.after_min:
            self.waiting.retime(settings.after_min)
        self.restore(ahead_only=not before.enabled)
        self.check()

    # -- asking ----------------------------------------------------------------------------------------------

    def check(self) -> None:
        """Ask the question whose time has come (unless one is open or a session runs), then re-arm."""
        if self._shut or not self._settings.enabled or self._store() is None:
            self.timer.stop()
            return
        if self.current is not None:
            self.timer.stop()  # one question at a time; the answer checks again
            return
        if self._busy():
            # Not during a session: the window checks again when it ends; this is a safety net.
            self.timer.start(MAX_WAIT_MS)
            return
        follow_up = self.waiting.due(self.now())
        if follow_up is not None:
            self._ask(follow_up)
            return
        self._arm()

    def _arm(self) -> None:
        next_due = self.waiting.next_due()
        if next_due is None:
            self.timer.stop()
            return
        wait_ms = (next_due - self.now()).total_seconds() * 1000
        self.timer.start(min(MAX_WAIT_MS, max(0, math.ceil(wait_ms))))

    def _ask(self, follow_up: FollowUp) -> None:
        self.current = follow_up
        self.timer.stop()
        question = self._ensure_question()
        question.ask(follow_up.routine_name, follow_up.minutes_since_end(self.now()))
        question.adjustSize()
        question.show()
        question.raise_()
        # Not activated: the person may be typing elsewhere. The taskbar says a question is waiting.
        QApplication.alert(question)
        log.info("asking for the follow-up of session %d", follow_up.session_id)
        self.asked.emit(follow_up.routine_name, follow_up.minutes_since_end(self.now()))

    # -- answers from outside the question (a desktop notification's buttons) ------------------------------

    def bring_up(self) -> None:
        """Show the open question and give it the keyboard."""
        if self.current is not None and self.question is not None:
            self.question.show()
            self.question.raise_()
            self.question.activateWindow()

    def later(self) -> None:
        if self.current is not None:
            self._on_later()

    def skip(self) -> None:
        if self.current is not None:
            self._on_skip()

    def _ensure_question(self) -> FollowUpQuestion:
        if self.question is None:
            # Built when first asked: the dialog and its scale are not needed to start the app.
            from sciatica_timer.ui.history.follow_up_question import FollowUpQuestion

            self.question = FollowUpQuestion(self._parent)
            self.question.save_requested.connect(self._on_save)
            self.question.skip_requested.connect(self._on_skip)
            self.question.later_requested.connect(self._on_later)
        return self.question

    def _close_question(self) -> None:
        was_open = self.current is not None
        self.current = None
        if self.question is not None:
            self.question.hide()
        if was_open:
            self.question_closed.emit()

    def _on_save(self, score: int) -> None:
        follow_up, store = self.current, self._store()
        if follow_up is None or store is None:
            self._close_question()
            return
        try:
            store.update_session(follow_up.session_id, followup_pain=score, followup_at=self.now())
        except UserError as exc:
            if self.question is not None:
                self.question.show_problem(_("Not saved: {problem}").format(problem=exc))
            return
        self._settle(follow_up)
        self.score_saved.emit(score)

    def _on_skip(self) -> None:
        follow_up, store = self.current, self._store()
        if follow_up is None:
            self._close_question()
            return
        if store is not None:
            try:
                store.update_session(follow_up.session_id, followup_at=self.now())
            except UserError as exc:
                # Not worth a message: at worst the question comes again after a restart.
                log.warning("follow-up skip not saved: %s", exc)
        self._settle(follow_up)

    def _settle(self, follow_up: FollowUp) -> None:
        self.waiting.settle(follow_up.session_id)
        self._close_question()
        self.answered.emit(follow_up.session_id)
        self.check()

    def _on_later(self) -> None:
        follow_up = self.current
        if follow_up is not None:
            self.waiting.snooze(follow_up.session_id, self.now())
        self._close_question()
        self.check()

    def shutdown(self) -> None:
        """The window closes: no more questions."""
        self._shut = True
        self.timer.stop()
        self._close_question()


def _busy(window: MainWindow) -> bool:
    """A session is on (from its start to its summary), or the pain check before one is open."""
    if window.session is not None:
        return True
    pain_check = window.pain_check
    return pain_check is not None and window.screens.currentWidget() is pain_check


def attach_follow_ups(window: MainWindow, clock: Clock | None) -> FollowUpSchedule:
    """The window's follow-ups: restored from the history now, following its settings and its screens."""
    schedule = FollowUpSchedule(
        lambda: window.store, window.settings.follow_up, wall_clock(clock), lambda: _busy(window), window
    )
    window.settings_changed.connect(lambda settings: schedule.apply(settings.follow_up))
    # Leaving a session (back to the start screen) is when a deferred question may be asked.
    window.screens.currentChanged.connect(lambda _index: schedule.check())
    schedule.answered.connect(lambda _session_id: _refresh_history_view(window))
    schedule.score_saved.connect(
        lambda score: window.show_saved(_("Saved: pain {score} (follow-up)").format(score=score))
    )
    schedule.restore()
    return schedule


def _refresh_history_view(window: MainWindow) -> None:
    view = window.history_view
    if view is not None and view.isVisible():
        view.refresh()
