"""The start screen's quiet line about reminders: when the next one is due, or until when they are paused.

Also the words for it, shared with the tray's menu, and the three ways to pause.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import StrEnum

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMenu, QPushButton, QWidget

from sciatica_timer.core.settings import ReminderSettings
from sciatica_timer.ui.common.theme import set_role


class PauseLength(StrEnum):
    HOUR = "hour"
    TOMORROW = "tomorrow"
    UNTIL_TURNED_ON = "turned-on"


PAUSE_CHOICES = (
    (PauseLength.HOUR, "For an hour"),
    (PauseLength.TOMORROW, "Until tomorrow"),
    (PauseLength.UNTIL_TURNED_ON, "Until I turn them back on"),
)


def paused(reminders: ReminderSettings, length: PauseLength, now: datetime) -> ReminderSettings:
    """``reminders`` paused from ``now`` (aware, local) for ``length``."""
    from dataclasses import replace

    if length is PauseLength.UNTIL_TURNED_ON:
        return replace(reminders, paused_until=None, paused_until_turned_on=True)
    if length is PauseLength.HOUR:
        until = now + timedelta(hours=1)
    else:  # the start of the next day, on the wall clock
        tomorrow = (now + timedelta(days=1)).date()
        until = datetime(tomorrow.year, tomorrow.month, tomorrow.day, tzinfo=now.tzinfo)
    return replace(reminders, paused_until=until, paused_until_turned_on=False)


def resumed(reminders: ReminderSettings) -> ReminderSettings:
    from dataclasses import replace

    return replace(reminders, paused_until=None, paused_until_turned_on=False)


def _day_words(day: datetime, now: datetime) -> str:
    days = (day.date() - now.date()).days
    if days == 0:
        return ""
    if days == 1:
        return " tomorrow"
    if days < 7:
        return f" on {day.strftime('%A')}"
    return f" on {day.day} {day.strftime('%B')}"


def pause_words(reminders: ReminderSettings, now: datetime) -> str | None:
    """ "Reminders paused until tomorrow", or None when they are not paused."""
    if reminders.paused_until_turned_on:
        return "Reminders paused until you turn them back on"
    until = reminders.paused_until
    if until is None or now >= until:
        return None
    until = until.astimezone(now.tzinfo)
    if until.hour == 0 and until.minute == 0:
        days = (until.date() - now.date()).days
        return (
            "Reminders paused until tomorrow"
            if days == 1
            else f"Reminders paused until{_day_words(until, now)}"
        )
    return f"Reminders paused until{_day_words(until, now)} {until:%H:%M}"


def next_words(at: datetime | None, now: datetime) -> str:
    if at is None:
        return "No reminder to come: check the days and times in Settings"
    at = at.astimezone(now.tzinfo)
    return f"Next reminder{_day_words(at, now)} at {at:%H:%M}"


class ReminderStatus(QWidget):
    """One line: what the reminders will do next, with a way to pause them or turn them back on."""

    pause_requested = Signal(str)  # a PauseLength
    resume_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reminder-status")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.text = QLabel()
        self.text.setObjectName("reminder-status-text")
        set_role(self.text, "muted")
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.pause_button = QPushButton("Pause reminders")
        set_role(self.pause_button, "secondary")
        self.pause_button.setToolTip("No reminders for an hour, until tomorrow, or until you turn them on")
        self.pause_menu = QMenu(self.pause_button)
        for length, words in PAUSE_CHOICES:
            action = self.pause_menu.addAction(words)
            action.triggered.connect(lambda _checked=False, chosen=length: self.pause_requested.emit(chosen))
        self.pause_button.setMenu(self.pause_menu)
        self.resume_button = QPushButton("Turn reminders back on")
        set_role(self.resume_button, "secondary")
        self.resume_button.clicked.connect(self.resume_requested)
        row.addWidget(self.text, 1)
        row.addWidget(self.pause_button)
        row.addWidget(self.resume_button)
        self.hide()

    def show_next(self, at: datetime | None, now: datetime) -> None:
        self.text.setText(next_words(at, now))
        self.text.setAccessibleName(self.text.text())
        self.pause_button.show()
        self.resume_button.hide()
        self.show()

    def show_paused(self, words: str) -> None:
        self.text.setText(words)
        self.text.setAccessibleName(words)
        self.pause_button.hide()
        self.resume_button.show()
        self.show()
