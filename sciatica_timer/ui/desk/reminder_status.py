"""The start screen's quiet line about reminders: when the next one is due, or until when they are paused.

Also the words for it, shared with the tray's menu, and the three ways to pause.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import StrEnum

from PySide6.QtCore import QDate, QLocale, Qt, QTime, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMenu, QPushButton, QWidget

from sciatica_timer.core.i18n import N_, _, pgettext
from sciatica_timer.core.settings import ReminderSettings
from sciatica_timer.ui.common.theme import set_role


class PauseLength(StrEnum):
    HOUR = "hour"
    TOMORROW = "tomorrow"
    UNTIL_TURNED_ON = "turned-on"


PAUSE_CHOICES = (
    (PauseLength.HOUR, N_("For an hour")),
    (PauseLength.TOMORROW, N_("Until tomorrow")),
    (PauseLength.UNTIL_TURNED_ON, N_("Until I turn them back on")),
)  # translated where shown


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


def _locale() -> QLocale:
    """The person's locale for day names and times; English (as the text is written) when none is set."""
    chosen = QLocale()
    if chosen.language() == QLocale.Language.C:
        return QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)
    return chosen


def _time_words(at: datetime) -> str:
    """ "14:30": the 24-hour time the reminder settings use, with the language's digits."""
    return _locale().toString(QTime(at.hour, at.minute), "HH:mm")


def _weekday_words(day: datetime) -> str:
    """ "Friday", in the person's language."""
    return _locale().dayName(day.isoweekday(), QLocale.FormatType.LongFormat)


def _date_words(day: datetime) -> str:
    """ "14 December", in the person's language."""
    # Translators: a Qt date pattern for a day and month ("14 December"); German: "d. MMMM".
    pattern = pgettext("date pattern, day and month", "d MMMM")
    return _locale().toString(QDate(day.year, day.month, day.day), pattern)


def pause_words(reminders: ReminderSettings, now: datetime) -> str | None:
    """ "Reminders paused until tomorrow", or None when they are not paused."""
    if reminders.paused_until_turned_on:
        return _("Reminders paused until you turn them back on")
    until = reminders.paused_until
    if until is None or now >= until:
        return None
    until = until.astimezone(now.tzinfo)
    days = (until.date() - now.date()).days
    if until.hour == 0 and until.minute == 0:
        if days == 1:
            return _("Reminders paused until tomorrow")
        if days < 7:
            return _("Reminders paused until {weekday}").format(weekday=_weekday_words(until))
        return _("Reminders paused until {date}").format(date=_date_words(until))
    time = _time_words(until)
    if days == 0:
        return _("Reminders paused until {time}").format(time=time)
    if days == 1:
        return _("Reminders paused until tomorrow {time}").format(time=time)
    if days < 7:
        return _("Reminders paused until {weekday} {time}").format(weekday=_weekday_words(until), time=time)
    return _("Reminders paused until {date} {time}").format(date=_date_words(until), time=time)


def next_words(at: datetime | None, now: datetime) -> str:
    if at is None:
        return _("No reminder to come: check the days and times in Settings")
    at = at.astimezone(now.tzinfo)
    days = (at.date() - now.date()).days
    time = _time_words(at)
    if days == 0:
        return _("Next reminder at {time}").format(time=time)
    if days == 1:
        return _("Next reminder tomorrow at {time}").format(time=time)
    if days < 7:
        return _("Next reminder on {weekday} at {time}").format(weekday=_weekday_words(at), time=time)
    return _("Next reminder on {date} at {time}").format(date=_date_words(at), time=time)


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
        self.pause_button = QPushButton(_("Pause reminders"))
        set_role(self.pause_button, "secondary")
        self.pause_button.setToolTip(_("No reminders for an hour, until tomorrow, or until you turn them on"))
        self.pause_menu = QMenu(self.pause_button)
        for length, words in PAUSE_CHOICES:
            action = self.pause_menu.addAction(_(words))
            action.triggered.connect(lambda _checked=False, chosen=length: self.pause_requested.emit(chosen))
        self.pause_button.setMenu(self.pause_menu)
        self.resume_button = QPushButton(_("Turn reminders back on"))
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
