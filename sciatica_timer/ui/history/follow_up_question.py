"""The follow-up question: a small window asking for the pain score again, some time after a session."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from sciatica_timer.core.follow_up import SNOOZE
from sciatica_timer.core.i18n import _, ngettext, pgettext
from sciatica_timer.ui.common.pages import spacing
from sciatica_timer.ui.common.pain_scale import PainScale, ScoreWords
from sciatica_timer.ui.common.theme import scaled_font, set_role


def snooze_text() -> str:
    """ "Ask again in 10 minutes"."""
    minutes = round(SNOOZE.total_seconds() / 60)
    return ngettext("Ask again in {count} minute", "Ask again in {count} minutes", minutes).format(
        count=minutes
    )


def minutes_words(minutes: int) -> str:
    """ "1 minute", "45 minutes", "1 hour", "2 hours and 5 minutes"."""
    hours, rest = divmod(max(0, minutes), 60)
    hours_text = ngettext("{count} hour", "{count} hours", hours).format(count=f"{hours:,}")
    minutes_text = ngettext("{count} minute", "{count} minutes", rest).format(count=rest)
    if hours and rest:
        return _("{hours} and {minutes}").format(hours=hours_text, minutes=minutes_text)
    return hours_text if hours else minutes_text


class FollowUpQuestion(QDialog):
    """ "How is your pain now?" with the 0–10 scale: Save, Skip, or ask again in a few minutes.

    Not modal: the person can go on with what they were doing. Esc and closing the window mean "ask again".
    """

    save_requested = Signal(int)
    skip_requested = Signal()
    later_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("follow-up-question")
        set_role(self, "page")
        self.setWindowTitle(_("Pain follow-up"))
        self.setMinimumWidth(self.fontMetrics().height() * 28)
        self.setModal(False)
        # A question left open must not keep the app running after its window is closed.
        self.setAttribute(Qt.WidgetAttribute.WA_QuitOnClose, on=False)
        column = QVBoxLayout(self)
        margin = spacing(self, 1.3, 24)
        column.setContentsMargins(margin, margin, margin, margin)
        column.setSpacing(spacing(self, 0.5, 10))

        self.heading = QLabel(_("How is your pain now?"))
        self.heading.setFont(scaled_font(self.font(), 1.5, bold=True))
        self.heading.setWordWrap(True)
        self.since = QLabel()
        self.since.setWordWrap(True)
        hint = QLabel(_("0 is no pain at all, 10 the worst you can imagine."))
        hint.setWordWrap(True)
        set_role(hint, "muted")
        column.addWidget(self.heading)
        column.addWidget(self.since)
        column.addWidget(hint)
        column.addSpacing(spacing(self, 0.4, 8))

        self.scale = PainScale(_("Pain now, after the session"))
        for button in self.scale.buttons:
            button.setAutoDefault(False)  # Enter on a score saves the score, it does not pick it again
        self.scale_words = ScoreWords(self.scale, self.font(), 1.1)
        column.addWidget(self.scale)
        column.addWidget(self.scale_words)

        self.problem = QLabel()
        self.problem.setWordWrap(True)
        set_role(self.problem, "danger")
        self.problem.hide()
        column.addWidget(self.problem)
        column.addSpacing(spacing(self, 0.4, 8))

        buttons = QHBoxLayout()
        buttons.setSpacing(spacing(self, 0.6, 12))
        self.later_button = QPushButton(snooze_text())
        set_role(self.later_button, "quiet")
        self.later_button.setToolTip(_("{action} (Esc)").format(action=snooze_text()))
        self.skip_button = QPushButton(pgettext("button", "Skip"))
        set_role(self.skip_button, "secondary")
        self.skip_button.setAccessibleName(_("Skip: do not ask about this session again"))
        self.skip_button.setToolTip(_("Do not ask about this session again"))
        self.save_button = QPushButton(pgettext("button", "Save"))
        set_role(self.save_button, "primary")
        self.save_button.setAccessibleName(_("Save the pain score"))
        self.save_button.setToolTip(_("Save the pain score (Enter)"))
        self.save_button.setEnabled(False)
        for button in (self.later_button, self.skip_button, self.save_button):
            button.setAutoDefault(False)
        buttons.addWidget(self.later_button)
        buttons.addStretch(1)
        buttons.addWidget(self.skip_button)
        buttons.addWidget(self.save_button)
        column.addLayout(buttons)

        self.scale.score_changed.connect(self._on_score)
        self.save_button.clicked.connect(self._on_save)
        self.skip_button.clicked.connect(self.skip_requested)
        self.later_button.clicked.connect(self.later_requested)

    def ask(self, routine_name: str, minutes: int) -> None:
        """A fresh question about the session of ``routine_name`` that ended ``minutes`` ago."""
        self.since.setText(
            _("It is {time} since your {routine} session ended.").format(
                time=minutes_words(minutes), routine=routine_name
            )
        )
        self.setAccessibleDescription(self.since.text())
        self.scale.clear()
        self._on_score(None)
        self.show_problem(None)
        self.setFocus()  # not on "0", which would look chosen; Tab reaches the scale, digits pick a score

    def show_problem(self, text: str | None) -> None:
        self.problem.setText(text or "")
        self.problem.setVisible(bool(text))

    def _on_score(self, score: object) -> None:
        self.save_button.setEnabled(isinstance(score, int))

    def _on_save(self) -> None:
        score = self.scale.score()
        if score is not None:
            self.save_requested.emit(score)

    def reject(self) -> None:
        """Esc or the window's close button: not now, ask again in a few minutes."""
        self.later_requested.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        text = event.text()
        if len(text) == 1 and text.isdigit():
            self.scale.type_digit(text)
        elif event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._on_save()
        else:
            super().keyPressEvent(event)
