"""The start screen's line for a reminder that has come: start the suggested routine, later, or not now."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal, SignalInstance
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from sciatica_timer.core.i18n import _, ngettext
from sciatica_timer.ui.common.theme import scaled_font, set_role


class ReminderLine(QFrame):
    """One calm line with three answers. Hidden until a reminder comes; any answer hides it again."""

    start_requested = Signal()
    snooze_requested = Signal()
    dismissed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reminder-line")
        set_role(self, "card")
        self.setAccessibleName(_("Reminder"))
        em = self.fontMetrics().height()
        row = QHBoxLayout(self)
        row.setContentsMargins(round(em * 1.0), round(em * 0.6), round(em * 0.8), round(em * 0.6))
        row.setSpacing(round(em * 0.5))
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setFont(scaled_font(self.font(), 1.0, bold=True))
        self.start_button = QPushButton(_("Start now"))
        set_role(self.start_button, "primary")
        self.snooze_button = QPushButton()
        set_role(self.snooze_button, "secondary")
        self.dismiss_button = QPushButton(_("Not now"))
        set_role(self.dismiss_button, "quiet")
        self.dismiss_button.setAccessibleName(_("Not now: let this reminder go"))
        self.dismiss_button.setToolTip(_("Let this reminder go; the next one comes as usual (Esc)"))
        row.addWidget(self.text, 1)
        for button in (self.dismiss_button, self.snooze_button, self.start_button):
            row.addWidget(button, 0, Qt.AlignmentFlag.AlignVCenter)
        self.start_button.clicked.connect(self._answer(self.start_requested))
        self.snooze_button.clicked.connect(self._answer(self.snooze_requested))
        self.dismiss_button.clicked.connect(self._answer(self.dismissed))
        self.hide()

    def show_reminder(self, routine_name: str | None, length: str, snooze_min: int) -> None:
        """``length`` in words ("5 min"); without a routine to suggest, Start brings up the list."""
        if routine_name:
            self.text.setText(
                # Translators: {length} is a duration in words ("5 min").
                _("Time for your routine: {routine}, about {length}.").format(
                    routine=routine_name, length=length
                )
            )
            self.start_button.setAccessibleName(_("Start {routine} now").format(routine=routine_name))
        else:
            self.text.setText(_("Time for your routine: choose one below."))
            self.start_button.setAccessibleName(_("Choose a routine now"))
        self.snooze_button.setText(
            ngettext("In {count} minute", "In {count} minutes", snooze_min).format(count=snooze_min)
        )
        self.snooze_button.setAccessibleName(
            ngettext(
                "Remind me again in {count} minute", "Remind me again in {count} minutes", snooze_min
            ).format(count=snooze_min)
        )
        self.show()

    def _answer(self, signal: SignalInstance) -> Callable[[], None]:
        def answer() -> None:
            self.hide()
            signal.emit()

        return answer

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.dismiss_button.click()
        else:
            super().keyPressEvent(event)
