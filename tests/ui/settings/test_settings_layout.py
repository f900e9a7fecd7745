"""Every settings page fits a 1024x640 screen without a scroll bar, at the desktop's text size and at 150 %:
two columns where one would scroll and the width allows, shorter words with the rest in tooltips.

At 200 % the pages may scroll (tests/ui/test_large_text.py checks that nothing is cut off there).
"""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtWidgets import QApplication

from sciatica_timer.core.cues import Cue
from sciatica_timer.core.settings import FollowUpSettings, Minute, ReminderSettings
from sciatica_timer.ui.common.appearance import apply_look
from sciatica_timer.ui.settings.settings_dialog import SettingsDialog
from tests.ui.player_support import Harness
from tests.ui.settings.test_settings_dialog import _open, look_restored, quiet_probes

__all__ = ["look_restored", "quiet_probes"]  # the settings tests' autouse fixtures apply here too

SMALL_SCREEN = (1024, 640)


def _app() -> QApplication:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    return app


def _lived_in(harness: Harness) -> None:
    """Settings as someone who set a few things has them: every optional line of every page shows."""
    window = harness.window
    window.apply_settings(
        replace(
            window.settings,
            cues=window.settings.cues.with_cue(Cue.BREATHE_OUT, False),
            reminders=ReminderSettings(daily_times=(Minute(10, 30), Minute(15, 0)), every_hours=2),
            follow_up=FollowUpSettings(enabled=True, after_min=45),
            left_out_points=frozenset({"GB30"}),
        )
    )
    window.resize(*SMALL_SCREEN)
    harness.qtbot.waitUntil(lambda: window.size().toTuple() == SMALL_SCREEN)


def scrolling_pages(dialog: SettingsDialog) -> list[str]:
    """The pages that need a scroll bar, each shown in turn as a person would click through them."""
    found = []
    for row, page in enumerate(dialog.pages):
        dialog.page_list.setCurrentRow(row)
        QApplication.processEvents()
        down, across = page.area.verticalScrollBar(), page.area.horizontalScrollBar()
        if down.maximum() > 0 or across.maximum() > 0:
            found.append(f"{page.title} (by {down.maximum()} px down, {across.maximum()} px across)")
    return found


@pytest.mark.parametrize(("theme", "percent"), [("light", 100), ("light", 150), ("dark", 150)])
def test_every_page_fits_1024x640_without_scrolling(harness: Harness, theme: str, percent: int) -> None:
    _lived_in(harness)
    apply_look(_app(), theme, percent)
    dialog = _open(harness)
    harness.qtbot.waitUntil(lambda: "no sound output was found" in dialog.sounds.sound_line.text())
    harness.qtbot.waitUntil(lambda: "no speech engine" in dialog.sounds.speech_line.text())
    assert dialog.session.left_out_boxes, "the Session page lists a point left out"
    assert dialog.width() <= SMALL_SCREEN[0]
    assert dialog.height() <= SMALL_SCREEN[1]
    assert not scrolling_pages(dialog), f"at {percent} % text: {scrolling_pages(dialog)}"
    if percent == 150:
        assert dialog.reminders.sections.two, "the Reminders page in two columns"
    dialog.reject()


def test_text_made_larger_in_the_open_dialog_still_fits(harness: Harness) -> None:
    """A person opens Settings and sets Look > Text size to 150 %: the dialog grows with the text, and
    every page still fits without a scroll bar."""
    _lived_in(harness)
    dialog = _open(harness)
    dialog.show_page(dialog.look)
    dialog.look.text_size.setValue(150)  # as the field does once 150 is typed and the focus moves on
    assert harness.window.settings.text_scale_percent == 150
    harness.qtbot.waitUntil(lambda: dialog.width() > 900)  # it grew with the text
    # The window system confirms the new size; then the pages are laid out at it.
    harness.qtbot.waitUntil(lambda: dialog.stack.geometry().right() >= dialog.width() - 40)
    assert not scrolling_pages(dialog), f"after typing 150 %: {scrolling_pages(dialog)}"
    dialog.reject()  # Cancel puts the text size back
    assert harness.window.settings.text_scale_percent == 100
