"""The first run's last step, after the safety checklist: would the person like reminders in their working
day?

One small window over the routines: yes (every few hours between two times, on work days) or not now.
Settings has the same switch later.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import QTime, Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from sciatica_timer.core.i18n import _, ngettext, pgettext
from sciatica_timer.core.settings import REMINDER_INTERVAL_H, Minute, ReminderSettings
from sciatica_timer.ui.common.pages import spacing
from sciatica_timer.ui.common.theme import scaled_font, set_role


class ReminderStep(QDialog):
    """Asks once; ``answered`` carries the reminder settings chosen (switched on or not). Esc: not now."""

    answered = Signal(object)  # ReminderSettings

    def __init__(self, current: ReminderSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reminder-step")
        self.setWindowTitle(_("Reminders"))
        self._current = current
        column = QVBoxLayout(self)
        margin = spacing(self, 1.4, 28)
        column.setContentsMargins(margin, margin, margin, margin)
        column.setSpacing(spacing(self, 0.6, 12))
        title = QLabel(_("Reminders at your desk?"))
        title.setFont(scaled_font(self.font(), 1.5, bold=True))
        title.setWordWrap(True)
        column.addWidget(title)
        text = QLabel(
            _(
                "Staying active is the advice for sciatica, and a break from sitting is an easy start. "
                "Sciatica Timer can suggest a short routine now and then through your working day. "
                "A reminder waits while you are away from the computer, in Do Not Disturb, or while a "
                "video call or presentation fills the screen."
            )
        )
        text.setWordWrap(True)
        text.setMinimumWidth(self.fontMetrics().height() * 26)
        column.addWidget(text)

        row = QHBoxLayout()
        every = QLabel(_("Every"))
        self.every_hours = QSpinBox()
        self.every_hours.setRange(REMINDER_INTERVAL_H.minimum, int(REMINDER_INTERVAL_H.maximum))
        self.every_hours.setValue(current.every_hours or 2)
        self._show_hours(self.every_hours.value())
        self.every_hours.valueChanged.connect(self._show_hours)
        self.every_hours.setAccessibleName(_("How many hours between reminders"))
        every.setBuddy(self.every_hours)
        self.day_starts = _time_edit(current.day_starts, _("The working day starts at"))
        self.day_ends = _time_edit(current.day_ends, _("The working day ends at"))
        row.addWidget(every)
        row.addWidget(self.every_hours)
        row.addWidget(QLabel(pgettext("reminders: every N hours between 09:00 and 17:00", "between")))
        row.addWidget(self.day_starts)
        row.addWidget(QLabel(pgettext("reminders: every N hours between 09:00 and 17:00", "and")))
        row.addWidget(self.day_ends)
        row.addStretch(1)
        column.addLayout(row)
        self.weekdays_note = QLabel(
            _("Monday to Friday. You can change the days, times and more in Settings.")
        )
        set_role(self.weekdays_note, "muted")
        self.weekdays_note.setWordWrap(True)
        column.addWidget(self.weekdays_note)
        self.problem = QLabel(_("The working day must end after it starts."))
        set_role(self.problem, "danger")
        self.problem.hide()
        column.addWidget(self.problem)

        buttons = QHBoxLayout()
        self.no_button = QPushButton(_("Not now"))
        set_role(self.no_button, "quiet")
        self.no_button.setToolTip(_("No reminders; you can turn them on in Settings (Esc)"))
        self.yes_button = QPushButton(_("Turn on reminders"))
        set_role(self.yes_button, "primary")
        self.yes_button.setDefault(True)
        buttons.addStretch(1)
        buttons.addWidget(self.no_button)
        buttons.addWidget(self.yes_button)
        column.addLayout(buttons)
        self.yes_button.clicked.connect(self._turn_on)
        self.no_button.clicked.connect(self._not_now)

    def _show_hours(self, hours: int) -> None:
        # The unit after the number in the box, with its leading space: "2 hours".
        self.every_hours.setSuffix(ngettext(" hour", " hours", hours))

    def _turn_on(self) -> None:
        starts, ends = _minute(self.day_starts.time()), _minute(self.day_ends.time())
        if ends.of_day <= starts.of_day:
            self.problem.show()
            self.day_ends.setFocus()
            return
        self.answered.emit(
            replace(
                self._current,
                every_hours=self.every_hours.value(),
                day_starts=starts,
                day_ends=ends,
                switched_on=True,
                paused_until=None,
                paused_until_turned_on=False,
            )
        )

        self.accept()

    def _not_now(self) -> None:
        self.answered.emit(replace(self._current, switched_on=False))
        self.accept()

    def reject(self) -> None:
        """Esc or the window's close button: the same as Not now."""
        self.answered.emit(replace(self._current, switched_on=False))
        super().reject()


def _time_edit(time: Minute, name: str) -> QTimeEdit:
    edit = QTimeEdit(QTime(time.hour, time.minute))
    edit.setDisplayFormat("HH:mm")
    edit.setAccessibleName(name)
    return edit


def _minute(time: QTime) -> Minute:
    return Minute(time.hour(), time.minute())


def ask_about_reminders(
    current: ReminderSettings,
    parent: QWidget,
    on_answer: Callable[[ReminderSettings | None], None],
) -> ReminderStep:
    """Show the step over ``parent``; ``on_answer`` gets the chosen settings (None: closed without one)."""
    step = ReminderStep(current, parent)
    step.setStyleSheet(parent.styleSheet())

    def answered(reminders: object) -> None:
        step.answered.disconnect(answered)
        on_answer(reminders if isinstance(reminders, ReminderSettings) else None)
        step.deleteLater()

    step.answered.connect(answered)
    step.show()
    step.yes_button.setFocus()
    return step
