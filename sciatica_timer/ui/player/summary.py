"""After a session: how it ended, a short summary, and the pain afterwards with an optional note.

A session stopped for sharp pain opens with what to do next.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sciatica_timer.core.i18n import N_, _, pgettext
from sciatica_timer.core.points import PointLibrary
from sciatica_timer.core.record import SessionStatus
from sciatica_timer.core.safety import SHARP_PAIN_ADVICE, SHARP_PAIN_TITLE, SHARP_PAIN_URGENT
from sciatica_timer.session.guided_session import SessionOutcome
from sciatica_timer.ui.common.pages import centered_column, scrolling, spacing
from sciatica_timer.ui.common.pain_scale import PainScale
from sciatica_timer.ui.common.theme import scaled_font, set_role
from sciatica_timer.ui.common.words import duration_words, pain_change_words, pain_words

# The same words as the terminal player's, from the core.
PAIN_ADVICE_TITLE = SHARP_PAIN_TITLE
PAIN_ADVICE = SHARP_PAIN_ADVICE
URGENT_ADVICE = SHARP_PAIN_URGENT
LEAVE_OUT = N_("Leave this point out of my sessions")

_HEADINGS = {
    SessionStatus.COMPLETED: N_("Well done: routine complete"),
    SessionStatus.STOPPED: N_("Session stopped"),
    SessionStatus.STOPPED_FOR_PAIN: N_("Session stopped because of sharp pain"),
}


class SummaryScreen(QWidget):
    """Shows a SessionOutcome and asks for the pain afterwards. The window does the saving."""

    save_requested = Signal(object, object)  # pain after (int or None), note (str or None)
    leave_out_requested = Signal(str, bool)  # point code; True: leave it out, False: bring it back
    retry_requested = Signal()
    finished = Signal()  # leave without answering

    def __init__(self, parent: QWidget | None = None, points: PointLibrary | None = None) -> None:
        super().__init__(parent)
        self._points = points if points is not None else PointLibrary(points=())
        self.setObjectName("summary-screen")
        set_role(self, "page")
        self.setAccessibleName(_("Session summary"))
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._outcome: SessionOutcome | None = None
        em = self.fontMetrics().height()
        page = centered_column(self)
        content = QWidget()
        outer = QVBoxLayout(content)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(spacing(self, 0.55, 10))

        self.heading = QLabel()
        self.heading.setFont(scaled_font(self.font(), 1.9, bold=True))
        self.heading.setWordWrap(True)
        self.routine_label = QLabel()
        set_role(self.routine_label, "muted")
        outer.addWidget(self.heading)
        outer.addWidget(self.routine_label)

        self.advice = QFrame()
        set_role(self.advice, "danger-card")
        advice_column = QVBoxLayout(self.advice)
        advice_column.setContentsMargins(round(em * 1.0), round(em * 0.7), round(em * 1.0), round(em * 0.7))
        advice_title = QLabel(_(PAIN_ADVICE_TITLE))
        set_role(advice_title, "danger")
        advice_title.setFont(scaled_font(self.font(), 1.25, bold=True))
        self.advice_text = QLabel(_(PAIN_ADVICE))
        self.advice_text.setWordWrap(True)
        # Where it hurt, and the way to keep that point out of later sessions (reversible in Settings).
        self.pain_point_label = QLabel()
        self.pain_point_label.setWordWrap(True)
        self.pain_point_label.setFont(scaled_font(self.font(), 1.1, bold=True))
        self.pain_point_label.setAccessibleName(_("Where it hurt"))
        self.leave_out_row = QWidget()
        leave_row = QHBoxLayout(self.leave_out_row)
        leave_row.setContentsMargins(0, 0, 0, 0)
        leave_row.setSpacing(round(em * 0.6))
        self.leave_out_button = QPushButton(_(LEAVE_OUT))
        set_role(self.leave_out_button, "secondary")
        self.leave_out_button.setAccessibleName(_(LEAVE_OUT))
        self.leave_out_button.setToolTip(_("Later sessions skip this point; Settings can bring it back"))
        self.left_out_text = QLabel()
        self.left_out_text.setWordWrap(True)
        leave_row.addWidget(self.leave_out_button)
        leave_row.addWidget(self.left_out_text, 1)
        self.leave_out_button.clicked.connect(self._on_leave_out)
        self._left_out = False
        urgent = QLabel(_(URGENT_ADVICE))
        urgent.setWordWrap(True)
        urgent.setFont(scaled_font(self.font(), 1.0, bold=True))
        advice_column.addWidget(advice_title)
        advice_column.addWidget(self.pain_point_label)
        advice_column.addWidget(self.leave_out_row)
        advice_column.addWidget(self.advice_text)
        advice_column.addWidget(urgent)
        self.advice.setAccessibleName(_(PAIN_ADVICE_TITLE))
        self.advice.setAccessibleDescription(f"{_(PAIN_ADVICE)} {_(URGENT_ADVICE)}")
        outer.addWidget(self.advice)

        facts = QFrame()
        set_role(facts, "card")
        grid = QGridLayout(facts)
        grid.setContentsMargins(round(em * 1.0), round(em * 0.7), round(em * 1.0), round(em * 0.7))
        grid.setHorizontalSpacing(round(em * 2.0))
        self.duration_value = self._fact(grid, 0, _("Time spent"))
        self.points_value = self._fact(grid, 1, _("Points done"))
        self.pain_value = self._fact(grid, 2, pgettext("session summary", "Pain"))
        grid.setColumnStretch(3, 1)
        outer.addWidget(facts)

        outer.addSpacing(round(em * 0.3))
        question = QLabel(_("How is your pain now?"))
        question.setFont(scaled_font(self.font(), 1.2, bold=True))
        self.scale = PainScale(_("Pain after the session"))
        self.note = QPlainTextEdit()
        set_role(self.note, "note")
        self.note.setPlaceholderText(
            _("A note for your diary (optional; Enter starts a new line, Ctrl+Enter saves)")
        )
        self.note.setAccessibleName(_("Note about this session"))
        self.note.setTabChangesFocus(True)
        self.note.setFixedHeight(round(self.fontMetrics().lineSpacing() * 3.6))
        outer.addWidget(question)
        outer.addWidget(self.scale)
        outer.addWidget(self.note)

        self.save_notice = QFrame()
        set_role(self.save_notice, "notice")
        notice_row = QHBoxLayout(self.save_notice)
        notice_row.setContentsMargins(round(em * 0.8), round(em * 0.5), round(em * 0.8), round(em * 0.5))
        self.save_text = QLabel()
        self.save_text.setWordWrap(True)
        self.retry_button = QPushButton(_("Try again"))
        set_role(self.retry_button, "secondary")
        self.retry_button.setAccessibleName(_("Try saving the session again"))
        notice_row.addWidget(self.save_text, 1)
        notice_row.addWidget(self.retry_button)
        self.save_notice.hide()
        outer.addWidget(self.save_notice)
        page.addWidget(scrolling(content, centered=True), 1)

        buttons = QHBoxLayout()
        buttons.setSpacing(round(em * 0.6))
        self.skip_button = QPushButton(_("Finish without answering"))
        set_role(self.skip_button, "quiet")
        self.skip_button.setAccessibleName(_("Finish without answering"))
        self.save_button = QPushButton(_("Save and finish"))
        set_role(self.save_button, "primary")
        self.save_button.setAccessibleName(_("Save the pain score and note, and finish"))
        buttons.addStretch(1)
        buttons.addWidget(self.skip_button)
        buttons.addWidget(self.save_button)
        page.addLayout(buttons)

        self.scale.score_changed.connect(self._on_score)
        self.save_button.clicked.connect(self._on_save)
        self.skip_button.clicked.connect(self.finished)
        self.retry_button.clicked.connect(self.retry_requested)

    def _fact(self, grid: QGridLayout, column: int, name: str) -> QLabel:
        label = QLabel(name)
        set_role(label, "muted")
        value = QLabel()
        value.setFont(scaled_font(self.font(), 1.35, bold=True))
        value.setAccessibleName(name)
        grid.addWidget(label, 0, column)
        grid.addWidget(value, 1, column)
        return value

    def show_outcome(self, outcome: SessionOutcome) -> None:
        self._outcome = outcome
        self.heading.setText(_(_HEADINGS.get(outcome.status, N_("Session over"))))
        self.routine_label.setText(outcome.routine_name)
        self.advice.setVisible(outcome.status is SessionStatus.STOPPED_FOR_PAIN)
        code = outcome.pain_point
        if code is not None:
            name = f"{code} · {self._points.get(code).english_name}" if code in self._points else code
            self.pain_point_label.setText(_("It hurt at {point}.").format(point=name))
        self.pain_point_label.setVisible(code is not None)
        self.leave_out_row.setVisible(code is not None)
        self.show_left_out(False)
        self.duration_value.setText(duration_words(outcome.active_s))
        self.points_value.setText(
            _("{done} of {total}").format(done=outcome.points_done, total=outcome.points_total)
        )
        self.scale.clear()
        self.note.clear()
        self._on_score(None)
        self.setFocus()  # not on "0", which would look chosen; Tab reaches the scale, digits pick a score

    def pain_point(self) -> str | None:
        return self._outcome.pain_point if self._outcome is not None else None

    def show_left_out(self, left_out: bool, problem: str = "") -> None:
        """Whether the point is now left out of the person's sessions (the window saved it, or could not)."""
        self._left_out = left_out
        code = self.pain_point() or ""
        if problem:
            self.left_out_text.setText(problem)
        elif left_out:
            self.left_out_text.setText(
                _("{code} is left out of your sessions. Settings › Safety can bring it back.").format(
                    code=code
                )
            )
        else:
            self.left_out_text.setText("")
        text = _("Put it back") if left_out else _(LEAVE_OUT)
        self.leave_out_button.setText(text)
        self.leave_out_button.setAccessibleName(
            _("Put {code} back into my sessions").format(code=code)
            if left_out
            else _("Leave this point out of my sessions: {code}").format(code=code)
        )

    def _on_leave_out(self) -> None:
        code = self.pain_point()
        if code is not None:
            self.leave_out_requested.emit(code, not self._left_out)

    def show_save_problem(self, text: str | None, *, can_retry: bool = True) -> None:
        """A save that failed (with "Try again"), or None to hide the notice."""
        self.save_text.setText(text or "")
        self.save_notice.setVisible(bool(text))
        self.retry_button.setVisible(bool(text) and can_retry)

    def save_problem(self) -> str:
        return self.save_text.text() if self.save_notice.isVisibleTo(self) else ""

    def _on_score(self, score: object) -> None:
        before = self._outcome.pain_before if self._outcome is not None else None
        after = score if isinstance(score, int) else None
        change = pain_change_words(before, after)
        if after is not None:
            change = (
                _("{change}: {words}").format(change=change, words=pain_words(after))
                if before is None
                else change
            )
        self.pain_value.setText(change or _("not asked"))

    def _on_save(self) -> None:
        note = self.note.toPlainText().strip() or None
        self.save_requested.emit(self.scale.score(), note)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        text = event.text()
        if len(text) == 1 and text.isdigit() and not self.note.hasFocus():
            self.scale.type_digit(text)
        elif event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._on_save()
        elif event.key() == Qt.Key.Key_Escape:
            self.finished.emit()
        else:
            super().keyPressEvent(event)
