"""The settings dialog for `make screenshots`: each page, as someone who set a few things would see it."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from sciatica_timer.core.cues import Cue
from sciatica_timer.core.look import Theme
from sciatica_timer.core.settings import FollowUpSettings, Minute, ReminderSettings

if TYPE_CHECKING:
    from tools.screenshots.screenshots import Tour


def settings_tour(tour: Tour) -> None:
    window = tour.window
    settings = window.settings
    # Only what the pages show: the look stays the screenshot's own (set by the tour, not by the settings).
    lived_in = replace(
        settings,
        cues=settings.cues.with_cue(Cue.BREATHE_OUT, False),
        default_routine="quick-desk" if "quick-desk" in window.routines else None,
        reminders=ReminderSettings(
            daily_times=(Minute(10, 30), Minute(15, 0)), every_hours=2, snooze_min=15, routine_id=None
        ),
        follow_up=FollowUpSettings(enabled=True, after_min=45),
        left_out_points=frozenset({"GB30"}),  # left out after a sharp pain: shown on the Session page
    )
    window.apply_settings(lived_in)
    window.show_settings()
    dialog = window.settings_dialog
    if dialog is None:
        raise RuntimeError("show_settings opens the settings dialog")
    tour.settle()
    dialog.look.show_settings(replace(lived_in, theme=Theme(tour.setup.theme)))
    dialog.back_up_now()
    dialog.wait_for_backup()
    tour.settle()
    for page in dialog.pages:
        dialog.show_page(page)
        tour.shot(f"settings-{page.title.lower()}", dialog)
    dialog.accept()
    tour.close()
