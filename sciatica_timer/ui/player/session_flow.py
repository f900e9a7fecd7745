"""One session from the window's side: the pain check, the player, the summary, and back.

The window hands a chosen routine to ``SessionFlow.choose``; the flow asks the pain before, plays the
session the state's plan decides, shows the summary, saves the pain after through the history operations
and hands the person back to the window's start screen. It owns the screens of a session and the session.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from sciatica_timer.core.i18n import N_, _
from sciatica_timer.errors import UserError
from sciatica_timer.ui.common import dialogs

if TYPE_CHECKING:
    from collections.abc import Callable

    from PySide6.QtWidgets import QStackedWidget, QWidget

    from sciatica_timer.core.clock import Clock, SuspendProbe
    from sciatica_timer.core.diary import PainRegion, PainSide
    from sciatica_timer.core.routines import Routine
    from sciatica_timer.core.session_events import SessionEvent
    from sciatica_timer.core.settings import Settings
    from sciatica_timer.session.guided_session import GuidedSession
    from sciatica_timer.ui.app_state import AppState
    from sciatica_timer.ui.common.accessibility import SessionAnnouncer
    from sciatica_timer.ui.history.follow_up import FollowUpSchedule
    from sciatica_timer.ui.history.operations import HistoryOperations
    from sciatica_timer.ui.player.mini_player import MiniPlayer
    from sciatica_timer.ui.player.pain_check import PainAnswer, PainCheckScreen
    from sciatica_timer.ui.player.player import PlayerScreen
    from sciatica_timer.ui.player.summary import SummaryScreen

KEEP_GOING_IN_MINI = N_("Keep going in the mini player")


@dataclass(frozen=True)
class SessionWays:
    """What the flow asks of the window around it."""

    screens: QStackedWidget  # where the pain check, the player and the summary are shown
    owner: QWidget  # the window: the session's parent, swapped for the mini player and back
    announcer: SessionAnnouncer  # screen readers hear each event first
    history_ops: Callable[[], HistoryOperations]
    follow_ups: Callable[[], FollowUpSchedule | None]
    safety_check_due: Callable[[], bool]
    show_safety_check: Callable[[], None]
    show_start: Callable[[], None]
    show_notice: Callable[[str], None]  # a line on the start screen
    show_saved: Callable[[str], None]
    leave_point_out: Callable[[str, bool], None]
    let_undo_go: Callable[[], None]  # starting something else drops the discarded session's undo
    clock: Clock | None = None
    suspend_probe: SuspendProbe | None = None
    sound: bool = False


class SessionFlow(QObject):
    """The pain check → player (or the mini player) → summary of one session at a time."""

    def __init__(self, state: AppState, ways: SessionWays) -> None:
        super().__init__(ways.owner)
        self.setObjectName("session-flow")
        self.state = state
        self.ways = ways
        self.session: GuidedSession | None = None
        self.pain_check: PainCheckScreen | None = None
        self.player: PlayerScreen | None = None
        self.summary: SummaryScreen | None = None
        self.mini: MiniPlayer | None = None
        self._chosen: Routine | None = None

    # -- from a routine to a session -------------------------------------------------------------------------

    def choose(self, routine_id: str) -> None:
        routine = self.state.routines.get(routine_id)
        if routine is None:
            return
        if self.ways.safety_check_due():
            self.ways.show_safety_check()  # nothing starts before the checklist has been answered once
            return
        adapted = self.state.session_plan(routine).adapted
        if adapted.routine is None:  # every step is left out (in pregnancy, or by the person's choice)
            self.ways.show_notice(adapted.message)
            return
        self.ways.let_undo_go()
        self._chosen = routine
        screen = self._ensure_pain_check()
        screen.ask(routine.name)
        self.ways.screens.setCurrentWidget(screen)

    def _ensure_pain_check(self) -> PainCheckScreen:
        if self.pain_check is None:
            from sciatica_timer.ui.player.pain_check import PainCheckScreen

            screens = self.ways.screens
            self.pain_check = PainCheckScreen(screens)
            self.pain_check.answered.connect(self._on_pain_answered)
            self.pain_check.skipped.connect(lambda: self._open_player(None))
            self.pain_check.back_requested.connect(self.ways.show_start)
            self.pain_check.warning_signs_requested.connect(self.ways.show_safety_check)
            screens.addWidget(self.pain_check)
        return self.pain_check

    def _on_pain_answered(self, answer: PainAnswer) -> None:
        # One record per moment: the score and where it reached are kept with the session, not in the diary.
        self._open_player(answer.score, answer.region, answer.side)

    def _open_player(
        self,
        pain_before: int | None,
        pain_region: PainRegion | None = None,
        pain_side: PainSide | None = None,
    ) -> None:
        routine = self._chosen
        points = self.state.points
        if routine is None or points is None:
            return
        planned = self.state.session_plan(routine)
        adapted, plan = planned.adapted, planned.plan
        if adapted.routine is None or plan is None:
            return
        routine = adapted.routine
        from sciatica_timer.core.clock import MonotonicClock, system_suspend_probe
        from sciatica_timer.session.guided_session import GuidedSession

        ways = self.ways
        clock = ways.clock if ways.clock is not None else MonotonicClock()
        probe = ways.suspend_probe
        if probe is None and ways.clock is None:
            probe = system_suspend_probe()
        session = GuidedSession(
            routine,
            plan,
            clock,
            store=self.state.store,
            suspend_probe=probe,
            pain_before=pain_before,
            pain_region=pain_region,
            pain_side=pain_side,
            sound=ways.sound,
            cue_settings=self.state.settings.cues,
            speech_labels={point.code: point.meridian_label for point in points},
            parent=ways.owner,
        )
        # Screen readers hear first (the end of a session too), then the window: it switches to the summary
        # before the player redraws.
        session.session_event.connect(ways.announcer.hear)
        session.session_event.connect(self._on_session_event)
        self.session = session
        player = self._ensure_player()
        player.attach(session)
        player.show_safety(adapted.message, planned.cautions, lighter=planned.lighter_pressure)
        session.cue_shown.connect(player.flash_phase)
        session.prepare_sound()  # the player says on "Get ready" when the cues will be on screen only
        ways.screens.setCurrentWidget(player)
        self.sync_display()

    def _ensure_player(self) -> PlayerScreen:
        if self.player is None:
            from sciatica_timer.ui.player.player import PlayerScreen

            points = self.state.points
            assert points is not None  # noqa: S101 - a session needs the points, loaded first
            self.player = PlayerScreen(points, self.ways.screens)
            self.player.stop_requested.connect(self.request_stop)
            self.player.mini_requested.connect(self.toggle_mini)
            self.player.set_reduced_motion(self.state.settings.reduce_motion)
            self.ways.screens.addWidget(self.player)
        return self.player

    def _on_session_event(self, event: SessionEvent) -> None:
        from sciatica_timer.core.session_events import SessionCompleted, SessionStopped

        if isinstance(event, SessionCompleted | SessionStopped):
            self._show_summary()

    def request_stop(self) -> None:
        """Esc or Stop: before the start, just leave; once running, ask first (paused while asking)."""
        session = self.session
        if session is None or session.over:
            return
        if not session.started:
            self.ways.show_start()
            return
        was_running = session.pause()
        parent = self.mini if self.mini is not None and self.mini.isVisible() else self.ways.owner
        if dialogs.ask(
            parent,
            _("Stop the session?"),
            _("Stop the session now? What you have done so far is kept in your history."),
            _("Stop the session"),
            _("Keep going"),
        ):
            session.stop()
        elif was_running:
            session.resume()

    def may_close(self, *, ending: bool, offer_mini: bool) -> bool:
        """Closing the window mid-session: True when it may close (the session stopped, kept as stopped).

        ``ending`` (a signal, a logout) stops it without asking; ``offer_mini`` (the app keeps running in
        the tray) offers the mini player instead of stopping.
        """
        session = self.session
        if session is None or not session.started or session.over:
            return True
        if ending:
            session.stop()  # the journal saves the end as stopped
            return True
        was_running = session.pause()
        owner = self.ways.owner
        mini = False
        if not offer_mini:
            stop = dialogs.ask(
                owner,
                _("Stop the session and close?"),
                _(
                    "A session is running. Stop it and close Sciatica Timer? "
                    "What you have done so far is kept in your history."
                ),
                _("Stop and close"),
                _("Keep going"),
            )
        else:
            question = close_mid_session_question()
            answer = dialogs.choose(owner, *question)
            keep_going, stop_and_close = question[2]
            stop, mini = answer == stop_and_close, answer == keep_going
        if not stop:
            if was_running:
                session.resume()
            if mini:
                self.toggle_mini()
            return False
        session.stop()  # the journal saves the end as stopped
        return True

    def use_settings(self, new: Settings) -> None:
        """A running session's sounds and the player's motion follow the settings at once."""
        if self.session is not None:
            self.session.set_cue_settings(new.cues)
        if self.player is not None:
            self.player.set_reduced_motion(new.reduce_motion)

    # -- the mini player -------------------------------------------------------------------------------------

    def toggle_mini(self) -> None:
        """Swap the window for the small always-on-top player, or back."""
        if self.mini is not None and self.mini.isVisible():
            self.show_full()
            return
        session = self.session
        if session is None or not session.started or session.over:
            return
        window = self.ways.owner
        if self.mini is None:
            from sciatica_timer.ui.player.mini_player import MiniPlayer

            assert self.player is not None  # noqa: S101 - the mini player follows the player
            self.mini = MiniPlayer(self.player)
            self.mini.setStyleSheet(window.styleSheet())
            self.mini.expand_requested.connect(self.show_full)
            self.mini.stop_requested.connect(self.request_stop)
            self.mini.resize(self.mini.sizeHint())
            screen = window.screen().availableGeometry()
            margin = window.fontMetrics().height()
            self.mini.move(screen.right() - self.mini.width() - margin * 2, screen.top() + margin * 2)
        self.mini.attach(session)
        self.mini.show()
        self.mini.raise_()
        self.mini.activateWindow()
        window.hide()
        self.sync_display()

    def show_full(self) -> None:
        """Back from the mini player to the full window."""
        window = self.ways.owner
        window.show()
        window.raise_()
        window.activateWindow()
        if self.mini is not None:
            self.mini.detach()
            self.mini.hide()
        if self.player is not None and self.ways.screens.currentWidget() is self.player:
            self.player.setFocus()
        self.sync_display()

    def leave_mini(self) -> None:
        """Back to the full window if the mini player shows (a dialog, the summary, the checklist)."""
        if self.mini is not None and self.mini.isVisible():
            self.show_full()

    def sync_display(self) -> None:
        """The display refresh runs only while the player or the mini player can be seen."""
        session = self.session
        if session is None:
            return
        window = self.ways.owner
        full = (
            window.isVisible()
            and not window.isMinimized()
            and self.player is not None
            and self.ways.screens.currentWidget() is self.player
        )
        mini = self.mini is not None and self.mini.isVisible()
        session.set_display_active(full or mini)

    def close(self) -> None:
        """The window closes: the mini player and the session's timers go with it."""
        if self.mini is not None:
            self.mini.detach()
            self.mini.close()
        if self.session is not None:
            self.session.shutdown()

    def busy(self) -> bool:
        """A session is on (from its start to its summary), or the pain check before one is open."""
        if self.session is not None:
            return True
        return self.pain_check is not None and self.ways.screens.currentWidget() is self.pain_check

    def drop(self) -> bool:
        """Leaving for the start screen: a session that never started (or is over) is let go; False while
        one runs (it ends through ``request_stop``)."""
        session = self.session
        if session is not None and session.started and not session.over:
            return False
        if session is not None:
            session.shutdown()
            if self.player is not None:
                self.player.detach()
            session.deleteLater()
            self.session = None
            self.state.backup_if_due()
        return True

    # -- after the session -----------------------------------------------------------------------------------

    def _ensure_summary(self) -> SummaryScreen:
        if self.summary is None:
            from sciatica_timer.ui.player.summary import SummaryScreen

            self.summary = SummaryScreen(self.ways.screens, self.state.points)
            self.summary.save_requested.connect(self._on_summary_save)
            self.summary.leave_out_requested.connect(self.ways.leave_point_out)
            self.summary.retry_requested.connect(self._on_summary_retry)
            self.summary.finished.connect(self.ways.show_start)
            self.ways.screens.addWidget(self.summary)
        return self.summary

    def _show_summary(self) -> None:
        session = self.session
        if session is None:
            return
        session.shutdown()
        self.leave_mini()
        if self.player is not None:
            self.player.detach()
        summary = self._ensure_summary()
        summary.show_outcome(session.outcome())
        self._show_save_state(summary, session)
        if session.journal is not None:
            self._session_written(session)
            follow_ups = self.ways.follow_ups()
            if follow_ups is not None:
                follow_ups.session_ended(session.journal.session_id, session.routine.name)
        self.ways.screens.setCurrentWidget(summary)

    def _session_written(self, session: GuidedSession) -> None:
        """The journal saved the session step by step; the screens showing the history hear of it now."""
        from sciatica_timer.ui.history.operations import HistoryChange

        if session.journal is not None:
            self.ways.history_ops().announce(HistoryChange(sessions=frozenset({session.journal.session_id})))

    def _show_save_state(self, summary: SummaryScreen, session: GuidedSession) -> None:
        if self.state.store is None:
            summary.show_save_problem(
                _("The history is not available, so this session was not saved."), can_retry=False
            )
        elif session.journal is None:
            summary.show_save_problem(
                _("This session was not saved: {problem}").format(problem=session.history_error),
                can_retry=False,
            )
        elif not session.saved:
            summary.show_save_problem(not_saved_yet_text(session.save_error))
        else:
            summary.show_save_problem(None)

    def _on_summary_save(self, pain_after: object, note: object) -> None:
        session = self.session
        summary = self.summary
        if session is None or summary is None:
            return
        from sciatica_timer.ui.history.operations import HistoryChange

        journal = session.journal
        if journal is not None:

            def save(_store: object) -> bool:
                session.save_pain_after(
                    pain_after if isinstance(pain_after, int) else None,
                    note if isinstance(note, str) else None,
                )
                return True

            saved = self.ways.history_ops().run(
                save,
                lambda _saved: HistoryChange(sessions=frozenset({journal.session_id})),
                lambda problem: summary.show_save_problem(_("Not saved: {problem}").format(problem=problem)),
            )
            if saved is None:
                return
        self.ways.show_start()
        if isinstance(pain_after, int):
            self.ways.show_saved(_("Saved: pain {score} after the session").format(score=pain_after))

    def _on_summary_retry(self) -> None:
        session = self.session
        summary = self.summary
        if session is None or summary is None:
            return
        try:
            session.save_again()  # the journal's own retry of the session's end
        except UserError as exc:
            summary.show_save_problem(_("Still not saved: {problem}").format(problem=exc))
            return
        self._show_save_state(summary, session)
        self._session_written(session)


def close_mid_session_question() -> tuple[str, str, tuple[str, str], str]:
    """Closing mid-session while the app keeps running in the tray: title, text, answers, Esc's answer."""
    return (
        _("Stop the session and close?"),
        _(
            "A session is running. Keep going in the small player, or stop it and close the window? "
            "What you have done so far is kept in your history either way."
        ),
        (_(KEEP_GOING_IN_MINI), _("Stop and close")),
        _("Cancel"),
    )


def not_saved_yet_text(error: str | None) -> str:
    """The summary's line when the history refused the session (a full disk, a read-only folder)."""
    # The store's own words start the same way ("cannot save the session: ..."), in the person's language.
    error = (error or "").removeprefix(
        _("cannot save the session: {path}: session {session_id} {state}").split("{")[0]
    )
    return _(
        "The session could not be saved yet: {problem}. Every step is kept in this window until it is: make "
        "room on the disk (or make the folder writable), then choose Try again."
    ).format(problem=error)
