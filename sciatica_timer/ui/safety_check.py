"""The safety checklist: shown once before the first routine, and again whenever the person asks for it.

It says plainly that the app is no substitute for medical advice, asks which precautions apply (kept in the
settings) and which warning signs the person has today (kept only until the app closes).
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent, QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from sciatica_timer.core.points import PointLibrary
from sciatica_timer.core.safety import (
    NOT_MEDICAL_ADVICE,
    PRECAUTION_QUESTIONS,
    RED_FLAG_QUESTIONS,
    Question,
    RedFlag,
    Severity,
    advise,
    red_flag_advice,
    red_flag_severity,
)
from sciatica_timer.core.settings import Precaution, SafetyAnswers
from sciatica_timer.ui.pages import centered_column, scrolling, spacing
from sciatica_timer.ui.theme import colors, scaled_font, set_role

ACKNOWLEDGE = "I understand — continue anyway"


class _BoxLabel(QLabel):
    """Text beside a tick box that wraps; clicking it ticks the box too, so the whole row is a target."""

    def __init__(self, text: str, box: QCheckBox, role: str | None = None) -> None:
        super().__init__(text)
        self._box = box
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        if role is not None:
            set_role(self, role)
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(event.position().toPoint()):
            self._box.toggle()
            self._box.setFocus(Qt.FocusReason.MouseFocusReason)
        super().mouseReleaseEvent(event)


def _heading(text: str, widget: QWidget, scale: float = 1.2) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setFont(scaled_font(widget.font(), scale, bold=True))
    return label


def _wrapped(text: str = "", role: str | None = None) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    if role is not None:
        set_role(label, role)
    return label


class SafetyLine(QFrame):
    """The start screen's line of advice from the safety answers, with the way back to the checklist."""

    review_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Safety advice")
        em = self.fontMetrics().height()
        row = QHBoxLayout(self)
        row.setContentsMargins(round(em * 0.8), round(em * 0.45), round(em * 0.5), round(em * 0.45))
        row.setSpacing(round(em * 0.6))
        self.text = _wrapped()
        self.review_button = QPushButton("Safety checklist")
        set_role(self.review_button, "quiet")
        self.review_button.setAccessibleName("Review your safety checklist")
        self.review_button.setToolTip("See or change your answers to the safety checklist")
        self.review_button.clicked.connect(self.review_requested)
        row.addWidget(self.text, 1)
        row.addWidget(self.review_button, 0, Qt.AlignmentFlag.AlignVCenter)
        self.hide()

    def show_advice(self, text: str, *, urgent: bool = False, more: str = "") -> None:
        self.text.setText(text)
        self.text.setToolTip(more)
        self.setAccessibleDescription(more or text)
        set_role(self, "danger-card" if urgent else "card")
        set_role(self.text, "danger" if urgent else "")
        for widget in (self, self.text):
            widget.style().unpolish(widget)
            widget.style().polish(widget)
        self.setVisible(bool(text))


class SafetyCheckScreen(QWidget):
    """The checklist page of the main window. ``ask`` fills it in; ``answered`` says what was ticked."""

    answered = Signal(object, object)  # frozenset[Precaution], frozenset[RedFlag]
    back_requested = Signal()  # only when revisiting: leave without changing anything

    def __init__(self, points: PointLibrary | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("safety-check-screen")
        set_role(self, "page")
        self.setAccessibleName("Safety checklist")
        # Tick boxes that grow with the text, so they stay easy to see and to hit with large type.
        self.setStyleSheet(
            "QCheckBox::indicator { width: 1.05em; height: 1.05em; } QCheckBox { spacing: 0.5em; }"
        )
        self._points = points if points is not None else PointLibrary(points=())
        self._first_run = True
        self._boxes: list[QCheckBox] = []
        page = centered_column(self)
        content = QWidget()
        column = QVBoxLayout(content)
        column.setContentsMargins(0, 0, spacing(self, 0.5, 10), 0)  # room beside a scroll bar
        column.setSpacing(spacing(self, 0.45, 9))

        self.title = _heading("Before you start", self, 1.9)
        intro = _wrapped(
            "Sciatica Timer guides you through pressing points that many people with sciatica find "
            f"soothing. {NOT_MEDICAL_ADVICE} A few questions help it suggest what is safe for you. Your "
            "answers stay on this computer, and you can change them at any time."
        )
        column.addWidget(self.title)
        column.addWidget(intro)

        column.addSpacing(spacing(self, 0.6, 12))
        column.addWidget(_heading("Does any of this apply to you?", self))
        column.addWidget(_wrapped("Tick all that apply; leave them empty if none do.", "muted"))
        self.precaution_boxes: dict[Precaution, QCheckBox] = {}
        for precaution in Precaution:
            box = self._row(column, PRECAUTION_QUESTIONS[precaution])
            box.toggled.connect(self._on_precaution)
            self.precaution_boxes[precaution] = box
        self.advice_card = QFrame()
        set_role(self.advice_card, "notice")
        self.advice_card.setAccessibleName("What your answers mean")
        advice_column = QVBoxLayout(self.advice_card)
        em = self.fontMetrics().height()
        advice_column.setContentsMargins(round(em * 0.8), round(em * 0.5), round(em * 0.8), round(em * 0.5))
        advice_head = _wrapped("What this means for you")
        advice_head.setFont(scaled_font(self.font(), 1.0, bold=True))
        self.advice_text = _wrapped()
        advice_column.addWidget(advice_head)
        advice_column.addWidget(self.advice_text)
        self.advice_card.hide()
        column.addWidget(self.advice_card)

        column.addSpacing(spacing(self, 0.6, 12))
        column.addWidget(_heading("Do you have any of these right now?", self))
        column.addWidget(
            _wrapped(
                "These warning signs need a doctor before any self-help. Tick any you have now; this "
                "answer is for today only and is not saved.",
                "muted",
            )
        )
        self.red_flag_boxes: dict[RedFlag, QCheckBox] = {}
        for flag in RedFlag:
            box = self._row(column, RED_FLAG_QUESTIONS[flag], have_it=True)
            box.toggled.connect(self._on_red_flag)
            self.red_flag_boxes[flag] = box
        self.urgent_card = QFrame()
        set_role(self.urgent_card, "danger-card")
        self.urgent_card.setAccessibleName("Get medical help first")
        urgent_column = QVBoxLayout(self.urgent_card)
        urgent_column.setContentsMargins(round(em * 0.8), round(em * 0.6), round(em * 0.8), round(em * 0.6))
        self.urgent_title = _wrapped(role="danger")
        self.urgent_title.setFont(scaled_font(self.font(), 1.1, bold=True))
        self.urgent_text = _wrapped()
        urgent_column.addWidget(self.urgent_title)
        urgent_column.addWidget(self.urgent_text)
        self.urgent_card.hide()
        column.addWidget(self.urgent_card)
        column.addStretch(1)
        self.scroll_area: QScrollArea = scrolling(content)
        page.addWidget(self.scroll_area, 1)

        buttons = QHBoxLayout()
        buttons.setSpacing(spacing(self, 0.6, 12))
        self.back_button = QPushButton("Back")
        set_role(self.back_button, "quiet")
        self.back_button.setAccessibleName("Back, without changing your answers")
        self.back_button.setToolTip("Leave the checklist as it was (Esc)")
        self.anyway_button = QPushButton(ACKNOWLEDGE)
        set_role(self.anyway_button, "secondary")
        self.anyway_button.setAccessibleName("I understand the advice to get medical help; continue anyway")
        self.continue_button = QPushButton("Continue")
        set_role(self.continue_button, "primary")
        self.continue_button.setAccessibleName("Save your answers and continue")
        self.continue_button.setToolTip("Save your answers and continue (Enter)")
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        buttons.addWidget(self.anyway_button)
        buttons.addWidget(self.continue_button)
        page.addLayout(buttons)

        self.back_button.clicked.connect(self.back_requested)
        self.continue_button.clicked.connect(self._on_continue)
        self.anyway_button.clicked.connect(self._on_anyway)
        self._render_buttons()
        self._tint_boxes()

    def _row(self, column: QVBoxLayout, question: Question, *, have_it: bool = False) -> QCheckBox:
        # The label sits beside the box rather than in it, so that it wraps in a narrow window or large type.
        box = QCheckBox()
        box.setAccessibleName(f"I have this now: {question.label}" if have_it else question.label)
        box.setAccessibleDescription(question.detail)
        texts = QVBoxLayout()
        texts.setContentsMargins(0, 0, 0, 0)
        texts.setSpacing(spacing(self, 0.1, 2))
        texts.addWidget(_BoxLabel(question.label, box))
        texts.addWidget(_BoxLabel(question.detail, box, "muted"))
        row = QHBoxLayout()
        row.setContentsMargins(0, spacing(self, 0.3, 6), 0, 0)
        row.setSpacing(spacing(self, 0.5, 10))
        row.addWidget(box, 0, Qt.AlignmentFlag.AlignTop)
        row.addLayout(texts, 1)
        column.addLayout(row)
        self._boxes.append(box)
        return box

    def _tint_boxes(self) -> None:
        """Box outlines as clear as muted text: the default outline nearly vanishes on a dark page."""
        c = colors(self.palette())
        for box in self._boxes:
            palette = QPalette(self.palette())
            palette.setColor(QPalette.ColorRole.Window, c.muted)
            palette.setColor(QPalette.ColorRole.Base, c.card)
            box.setPalette(palette)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and self._boxes:
            self._tint_boxes()

    # -- filling in and reading back -----------------------------------------------------------------------

    def ask(self, answers: SafetyAnswers, *, first_run: bool, red_flags: Iterable[RedFlag] = ()) -> None:
        """Show the checklist ticked as ``answers`` say. On the first run there is no way back."""
        self._first_run = first_run
        self.title.setText("Before you start" if first_run else "Your safety checklist")
        flags = set(red_flags)
        for precaution, box in self.precaution_boxes.items():
            box.setChecked(answers.has(precaution))
        for flag, box in self.red_flag_boxes.items():
            box.setChecked(flag in flags)
        self.back_button.setVisible(not first_run)
        self._on_precaution()
        self._on_red_flag()
        self.scroll_area.verticalScrollBar().setValue(0)
        self.precaution_boxes[Precaution.PREGNANCY].setFocus(Qt.FocusReason.OtherFocusReason)

    def precautions(self) -> frozenset[Precaution]:
        return frozenset(p for p, box in self.precaution_boxes.items() if box.isChecked())

    def red_flags(self) -> frozenset[RedFlag]:
        return frozenset(f for f, box in self.red_flag_boxes.items() if box.isChecked())

    @property
    def needs_acknowledgement(self) -> bool:
        """A warning sign is ticked: Continue gives way to "I understand — continue anyway"."""
        return bool(self.red_flags())

    # -- reacting to ticks ---------------------------------------------------------------------------------

    def _on_precaution(self) -> None:
        advice = advise(SafetyAnswers(reviewed=True, precautions=self.precautions()), self._points)
        texts = advice.texts()
        self.advice_text.setText("\n".join(f"• {text}" for text in texts))
        self.advice_card.setVisible(bool(texts))

    def _on_red_flag(self) -> None:
        flags = self.red_flags()
        severity = red_flag_severity(flags)
        if severity is None:
            self.urgent_card.hide()
        else:
            self.urgent_title.setText(
                "Please get emergency care now"
                if severity is Severity.EMERGENCY
                else "Please see a doctor today"
            )
            self.urgent_text.setText(red_flag_advice(flags))
            self.urgent_card.show()
            # Bring the advice into view once the layout has made room for it.
            QTimer.singleShot(0, self, self._show_urgent_card)
        self._render_buttons()

    def _show_urgent_card(self) -> None:
        if self.urgent_card.isVisible():
            self.scroll_area.ensureWidgetVisible(self.urgent_card, 0, 0)

    def _render_buttons(self) -> None:
        urgent = self.needs_acknowledgement
        self.continue_button.setVisible(not urgent)
        self.anyway_button.setVisible(urgent)

    def _on_continue(self) -> None:
        if self.needs_acknowledgement:
            return  # a warning sign needs the explicit "continue anyway"
        self.answered.emit(self.precautions(), frozenset())

    def _on_anyway(self) -> None:
        self.answered.emit(self.precautions(), self.red_flags())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not self.needs_acknowledgement:
            self._on_continue()
        elif key == Qt.Key.Key_Escape and not self._first_run:
            self.back_requested.emit()
        else:
            super().keyPressEvent(event)
