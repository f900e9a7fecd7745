"""Reminders and the tray for `make screenshots`: the next-reminder and paused lines, the reminder line, the
tray menu, the log-pain window, the first run's reminder question and the question on closing mid-session."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING

from sciatica_timer.core.reminders import DeskState
from sciatica_timer.core.settings import Minute, ReminderSettings
from sciatica_timer.ui.common.dialogs import choice_box
from sciatica_timer.ui.desk.desk import Desk
from sciatica_timer.ui.desk.reminder_status import PauseLength
from sciatica_timer.ui.player.session_flow import close_mid_session_question
from sciatica_timer.ui.start.reminder_step import ReminderStep

if TYPE_CHECKING:
    from tools.screenshots.screenshots import Tour


def reminder_tour(tour: Tour) -> None:
    window = tour.window
    ten = datetime.now().astimezone().replace(hour=10, minute=0, second=0, microsecond=0)
    wall = [ten]  # the clock the reminders read: 10:00 today, then 10:30
    routine = "quick-desk" if "quick-desk" in window.routines else None
    window.apply_settings(
        replace(
            window.settings,
            default_routine=routine,
            reminders=ReminderSettings(
                daily_times=(Minute(10, 30),), weekdays=frozenset(range(7)), routine_id=routine
            ),
        )
    )
    # The tray's menu is built even without a tray (the virtual X server has none), to be drawn here.
    desk = Desk(window.state, window.desk_ways(), tray=True, wall_clock=lambda: wall[0], desk_state=DeskState)
    window.start_screen.routine_list.setFocus()
    tour.shot("reminder-next")  # "Next reminder at 10:30"
    wall[0] = ten.replace(minute=30)
    desk.schedule.check()
    window.start_screen.routine_list.setFocus()
    tour.shot("reminder-start")
    if desk.tray is not None and tour.wanted("reminder-tray-menu"):
        menu = desk.tray.menu
        menu.aboutToShow.emit()
        menu.setStyleSheet(window.styleSheet())
        menu.adjustSize()
        tour.shot("reminder-tray-menu", menu)
        menu.routines_menu.adjustSize()
        tour.shot("reminder-tray-menu-routines", menu.routines_menu)
    if tour.wanted("reminder-log-pain"):
        desk.open_log_pain()
        dialog = desk.log_pain
        if dialog is not None:
            dialog.scale.set_score(4)
            dialog.region.set_value("thigh")
            dialog.side.set_value("left")
            dialog.note.setPlainText("After a long meeting")
            dialog.adjustSize()
            tour.shot("reminder-log-pain", dialog)
            dialog.reject()
    if tour.wanted("reminder-paused"):
        desk.pause(PauseLength.TOMORROW)
        window.start_screen.routine_list.setFocus()
        tour.shot("reminder-paused")  # "Reminders paused until tomorrow"
        desk.resume()
    if tour.wanted("reminder-first-run"):
        step = ReminderStep(window.settings.reminders, window)
        step.setStyleSheet(window.styleSheet())
        step.show()
        step.adjustSize()
        tour.shot("reminder-first-run", step)
        step.done(0)
        step.deleteLater()
    if tour.wanted("reminder-close-mid-session"):
        box = choice_box(window, *close_mid_session_question())
        box.show()
        box.adjustSize()
        tour.shot("reminder-close-mid-session", box)
        box.done(0)
        box.deleteLater()
    desk.stop()
    tour.close()
