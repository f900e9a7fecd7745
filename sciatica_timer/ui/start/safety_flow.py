"""The safety answers from the window's side: the checklist (first, and again every 30 days), the first run's
question about reminders, the start screen's line of advice, and "leave this point out" after a sharp pain.

Every answer is kept in the state's settings; the routines' lines on the start screen follow what is left out.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from sciatica_timer.core.i18n import _, ngettext

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable
    from datetime import date

    from PySide6.QtWidgets import QStackedWidget, QWidget

    from sciatica_timer.core.routines import Routine
    from sciatica_timer.core.settings import ReminderSettings
    from sciatica_timer.ui.app_state import AppState
    from sciatica_timer.ui.player.summary import SummaryScreen
    from sciatica_timer.ui.start.reminder_step import ReminderStep
    from sciatica_timer.ui.start.rows import RoutineRow
    from sciatica_timer.ui.start.safety_check import SafetyCheckScreen
    from sciatica_timer.ui.start.start_screen import StartScreen


@dataclass(frozen=True)
class SafetyWays:
    """What the safety flow asks of the window around it."""

    screens: QStackedWidget
    owner: QWidget  # the window: the reminder question's parent
    start_screen: Callable[[], StartScreen]
    safety_check_due: Callable[[], bool]
    today: Callable[[], date]
    show_notice: Callable[[str], None]
    leave_mini: Callable[[], None]  # back to the full window if the mini player shows
    summary: Callable[[], SummaryScreen | None]


class SafetyFlow(QObject):
    """The checklist screen and what its answers change."""

    def __init__(self, state: AppState, ways: SafetyWays) -> None:
        super().__init__(ways.owner)
        self.setObjectName("safety-flow")
        self.state = state
        self.ways = ways
        self.safety_check: SafetyCheckScreen | None = None
        self.reminder_step: ReminderStep | None = None  # the first run's question about reminders, while open
        self._before: QWidget | None = None  # the screen the checklist was opened from

    def show(self) -> None:
        """The safety checklist, ticked as last answered (the settings dialog opens it too)."""
        screens = self.ways.screens
        if self.safety_check is None:
            from sciatica_timer.ui.start.safety_check import SafetyCheckScreen

            self.safety_check = SafetyCheckScreen(self.state.points, screens)
            self.safety_check.answered.connect(self._on_answered)
            self.safety_check.back_requested.connect(self.leave)
            screens.addWidget(self.safety_check)
        current = screens.currentWidget()
        if current is not self.safety_check:
            self._before = current
        safety = self.state.settings.safety
        self.safety_check.ask(
            safety,
            first_run=not safety.reviewed,
            red_flags=self.state.red_flags,
            recheck=safety.reviewed and self.ways.safety_check_due(),
        )
        self.ways.leave_mini()
        screens.setCurrentWidget(self.safety_check)

    def _on_answered(self, precautions: object, red_flags: object) -> None:
        from dataclasses import replace

        from sciatica_timer.core.settings import Precaution, SafetyAnswers

        state = self.state
        first_run = not state.settings.safety.reviewed
        ticked = precautions if isinstance(precautions, frozenset) else frozenset()
        chosen = frozenset(p for p in ticked if isinstance(p, Precaution))
        state.red_flags = red_flags if isinstance(red_flags, frozenset) else frozenset()
        answers = SafetyAnswers(reviewed=True, precautions=chosen, signs_checked=self.ways.today())
        problem = state.apply_settings(replace(state.settings, safety=answers))
        if problem is not None:
            self.ways.show_notice(
                _("Your safety answers apply now but could not be saved: {problem}").format(problem=problem)
            )
        if state.routines:
            start = self.ways.start_screen()
            selected = start.selected_routine()
            start.show_routines(self.routine_rows(state.routines.values()), selected.id if selected else None)
        self.leave()
        if first_run:
            self._ask_about_reminders()  # one short step more: reminders in the working day, or not

    def leave(self) -> None:
        """Back to the screen the checklist was opened from (the routines, on the first run)."""
        self.show_advice()
        back = self._before
        self._before = None
        start = self.ways.start_screen()
        if back is None or back is self.safety_check or self.ways.screens.indexOf(back) < 0:
            back = start
        self.ways.screens.setCurrentWidget(back)
        if back is start:
            start.routine_list.setFocus()

    def show_advice(self) -> None:
        """The start screen's line: what the answers mean for the sessions, and all of it on request."""
        advice = self.state.safety_advice()
        self.ways.start_screen().show_safety_advice(
            advice.banner, urgent=advice.needs_care_first, more="\n".join(advice.texts())
        )

    def _ask_about_reminders(self) -> None:
        from dataclasses import replace

        from sciatica_timer.ui.start.reminder_step import ask_about_reminders

        def on_answer(reminders: ReminderSettings | None) -> None:
            if reminders is not None:
                problem = self.state.apply_settings(replace(self.state.settings, reminders=reminders))
                if problem is not None:
                    self.ways.show_notice(
                        _("Your reminder choice applies now but could not be saved: {problem}").format(
                            problem=problem
                        )
                    )
            self.ways.start_screen().routine_list.setFocus()
            self.reminder_step = None

        self.reminder_step = ask_about_reminders(self.state.settings.reminders, self.ways.owner, on_answer)

    def leave_point_out(self, code: str, leave_out: bool = True) -> None:
        """Keep a point out of the person's sessions (after a sharp pain), or bring it back; saved at once."""
        from dataclasses import replace

        settings = self.state.settings
        left = settings.left_out_points
        chosen = left | {code} if leave_out else left - {code}
        problem = self.state.apply_settings(replace(settings, left_out_points=frozenset(chosen)))
        summary = self.ways.summary()
        if summary is not None and summary.pain_point() == code:
            note = (
                _("This applies now but could not be saved: {problem}").format(problem=problem)
                if problem
                else ""
            )
            summary.show_left_out(leave_out, note)

    def routine_rows(self, routines: Iterable[Routine]) -> list[RoutineRow]:
        """The start screen's rows, saying which points the safety answers leave out."""
        left_out = self.state.safety_advice().leave_out
        return [routine_row(routine, left_out) for routine in routines]


def routine_row(routine: Routine, left_out: frozenset[str] = frozenset()) -> RoutineRow:
    from sciatica_timer.core.routines import ActivityStep, PointStep
    from sciatica_timer.ui.common.words import duration_words
    from sciatica_timer.ui.start.rows import RoutineRow

    codes = list(dict.fromkeys(step.point_code for step in routine.steps if isinstance(step, PointStep)))
    activities = sum(isinstance(step, ActivityStep) for step in routine.steps)
    parts = [_("about {duration}").format(duration=duration_words(routine.duration_s))]
    if codes:
        parts.append(
            ngettext("{count} point: {codes}", "{count} points: {codes}", len(codes)).format(
                count=len(codes), codes=", ".join(codes)
            )
        )
    if activities:
        parts.append(ngettext("{count} activity", "{count} activities", activities).format(count=activities))
    description = routine.description
    skipped = ", ".join(code for code in codes if code in left_out)
    if skipped:  # the person said they are pregnant: these points stay out of the session
        parts.append(_("{codes} left out in pregnancy").format(codes=skipped))
        sentence = _("While you are pregnant, sessions leave out {codes}.").format(codes=skipped)
        description = f"{description} {sentence}".strip()
    return RoutineRow(routine.id, routine.name, " · ".join(parts), description)
