"""The safety checklist: before the first routine, every 30 days after, and whenever the person asks for it.

Two pages. The warning signs come first, on a page of their own, grouped by how soon to get help; ticking one
shows what to do and asks for an acknowledgement before going on (kept only until the app closes). Then the
precautions, kept in the settings. It says plainly that the app is no substitute for medical advice.
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
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from sciatica_timer.core.i18n import N_, _, pgettext
from sciatica_timer.core.points import PointLibrary
from sciatica_timer.core.safety import (
    NOT_MEDICAL_ADVICE,
    PRECAUTION_QUESTIONS,
    RED_FLAG_QUESTIONS,
    RED_FLAG_SEVERITY,
    URGENCY_WORDS,
    Question,
    RedFlag,
    Severity,
    advise,
    red_flag_advice,
    red_flag_severity,
)
from sciatica_timer.core.settings import Precaution, SafetyAnswers
from sciatica_timer.ui.common.pages import centered_column, scrolling, spacing
from sciatica_timer.ui.common.theme import colors, scaled_font, set_role

ACKNOWLEDGE = N_("I understand — continue anyway")


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
        self.setAccessibleName(_("Safety advice"))
        em = self.fontMetrics().height()
        row = QHBoxLayout(self)
        row.setContentsMargins(round(em * 0.8), round(em * 0.45), round(em * 0.5), round(em * 0.45))
        row.setSpacing(round(em * 0.6))
        self.text = _wrapped()
        self.review_button = QPushButton(_("Safety checklist"))
        set_role(self.review_button, "quiet")
        self.review_button.setAccessibleName(_("Review your safety checklist"))
        self.review_button.setToolTip(_("See or change your answers to the safety checklist"))
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
    """The checklist pages of the main window. ``ask`` fills them in; ``answered`` says what was ticked."""

    answered = Signal(object, object)  # frozenset[Precaution], frozenset[RedFlag]
    back_requested = Signal()  # only when revisiting: leave without changing anything

    SIGNS_PAGE = 0
    PRECAUTIONS_PAGE = 1

    def __init__(self, points: PointLibrary | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("safety-check-screen")
        set_role(self, "page")
        self.setAccessibleName(_("Safety checklist"))
        # Tick boxes that grow with the text, so they stay easy to see and to hit with large type.
        self.setStyleSheet(
            "QCheckBox::indicator { width: 1.05em; height: 1.05em; } QCheckBox { spacing: 0.5em; }"
        )
        self._points = points if points is not None else PointLibrary(points=())
        self._first_run = True
        self._boxes: list[QCheckBox] = []
        page = centered_column(self)
        self.pages = QStackedWidget()
        self.pages.addWidget(self._build_signs_page())
        self.pages.addWidget(self._build_precautions_page())
        page.addWidget(self.pages, 1)

        buttons = QHBoxLayout()
        buttons.setSpacing(spacing(self, 0.6, 12))
        self.back_button = QPushButton(pgettext("button", "Back"))
        set_role(self.back_button, "quiet")
        self.back_button.setAccessibleName(_("Back, without changing your answers"))
        self.back_button.setToolTip(_("Leave the checklist as it was (Esc)"))
        self.previous_button = QPushButton(_("‹ Warning signs"))
        set_role(self.previous_button, "quiet")
        self.previous_button.setAccessibleName(_("Back to the warning signs"))
        self.anyway_button = QPushButton(_(ACKNOWLEDGE))
        set_role(self.anyway_button, "secondary")
        self.anyway_button.setAccessibleName(
            _("I understand the advice to get medical help; continue anyway")
        )
        self.next_button = QPushButton(_("None of these — next ›"))
        set_role(self.next_button, "primary")
        self.next_button.setAccessibleName(_("I have none of these warning signs: on to the precautions"))
        self.next_button.setToolTip(_("On to the precautions (Enter)"))
        self.continue_button = QPushButton(pgettext("button", "Continue"))
        set_role(self.continue_button, "primary")
        self.continue_button.setAccessibleName(_("Save your answers and continue"))
        self.continue_button.setToolTip(_("Save your answers and continue (Enter)"))
        buttons.addWidget(self.back_button)
        buttons.addWidget(self.previous_button)
        buttons.addStretch(1)
        buttons.addWidget(self.anyway_button)
        buttons.addWidget(self.next_button)
        buttons.addWidget(self.continue_button)
        page.addLayout(buttons)

        self.back_button.clicked.connect(self.back_requested)
        self.previous_button.clicked.connect(lambda: self.show_page(self.SIGNS_PAGE))
        self.next_button.clicked.connect(self._on_next)
        self.continue_button.clicked.connect(self._on_continue)
        self.anyway_button.clicked.connect(self._on_anyway)
        self._render_buttons()
        self._tint_boxes()

    def _build_signs_page(self) -> QWidget:
        content = QWidget()
        column = QVBoxLayout(content)
        column.setContentsMargins(0, 0, spacing(self, 0.5, 10), 0)  # room beside a scroll bar
        column.setSpacing(spacing(self, 0.3, 6))
        self.title = _heading(_("Before you start: warning signs"), self, 1.6)
        self.intro = _wrapped(
            _(
                "These need a doctor before any self-help. Tick any you have now; this answer is kept for "
                "today only. Point at a sign for more words. {not_medical_advice}"
            ).format(not_medical_advice=_(NOT_MEDICAL_ADVICE)),
            "muted",
        )
        column.addWidget(self.title)
        column.addWidget(self.intro)
        self.red_flag_boxes: dict[RedFlag, QCheckBox] = {}
        # Emergencies and the one that can wait on the left, the same-day signs on the right: the page's
        # question is "how soon", so the groups carry it. Two columns of their own, so rows never stretch
        # to match the other side.
        columns = QHBoxLayout()
        columns.setSpacing(spacing(self, 1.2, 24))
        left, right = QVBoxLayout(), QVBoxLayout()
        for side in (left, right):
            side.setSpacing(spacing(self, 0.2, 4))
            columns.addLayout(side, 1)
        self.group_headings: dict[Severity, QLabel] = {}
        for severity, side in ((Severity.EMERGENCY, left), (Severity.SOON, left), (Severity.URGENT, right)):
            if side.count():
                side.addSpacing(spacing(self, 0.6, 12))
            heading = _wrapped(
                _(URGENCY_WORDS[severity]), "danger" if severity is Severity.EMERGENCY else None
            )
            heading.setFont(scaled_font(self.font(), 1.0, bold=True))
            side.addWidget(heading)
            self.group_headings[severity] = heading
            for flag in RedFlag:
                if RED_FLAG_SEVERITY[flag] is severity:
                    box = self._sign_row(side, RED_FLAG_QUESTIONS[flag])
                    box.toggled.connect(self._on_red_flag)
                    self.red_flag_boxes[flag] = box
        for side in (left, right):
            side.addStretch(1)
        column.addLayout(columns)
        self.urgent_card = QFrame()
        set_role(self.urgent_card, "danger-card")
        self.urgent_card.setAccessibleName(_("Get medical help first"))
        urgent_column = QVBoxLayout(self.urgent_card)
        em = self.fontMetrics().height()
        urgent_column.setContentsMargins(round(em * 0.8), round(em * 0.6), round(em * 0.8), round(em * 0.6))
        self.urgent_title = _wrapped(role="danger")
        self.urgent_title.setFont(scaled_font(self.font(), 1.1, bold=True))
        self.urgent_text = _wrapped()
        urgent_column.addWidget(self.urgent_title)
        urgent_column.addWidget(self.urgent_text)
        self.urgent_card.hide()
        column.addSpacing(spacing(self, 0.4, 8))
        column.addWidget(self.urgent_card)
        column.addStretch(1)
        self.signs_scroll: QScrollArea = scrolling(content)
        self.signs_scroll.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        return self.signs_scroll

    def _build_precautions_page(self) -> QWidget:
        content = QWidget()
        column = QVBoxLayout(content)
        column.setContentsMargins(0, 0, spacing(self, 0.5, 10), 0)  # room beside a scroll bar
        column.setSpacing(spacing(self, 0.45, 9))
        self.precautions_title = _heading(_("Does any of this apply to you?"), self, 1.6)
        column.addWidget(self.precautions_title)
        column.addWidget(
            _wrapped(
                _(
                    "A few questions help the app suggest what is safe for you. Tick all that apply; leave "
                    "them empty if none do. Your answers stay on this computer, and you can change them at "
                    "any time."
                ),
                "muted",
            )
        )
        self.precaution_boxes: dict[Precaution, QCheckBox] = {}
        for precaution in Precaution:
            box = self._row(column, PRECAUTION_QUESTIONS[precaution])
            box.toggled.connect(self._on_precaution)
            self.precaution_boxes[precaution] = box
        self.advice_card = QFrame()
        set_role(self.advice_card, "notice")
        self.advice_card.setAccessibleName(_("What your answers mean"))
        advice_column = QVBoxLayout(self.advice_card)
        em = self.fontMetrics().height()
        advice_column.setContentsMargins(round(em * 0.8), round(em * 0.5), round(em * 0.8), round(em * 0.5))
        advice_head = _wrapped(_("What this means for you"))
        advice_head.setFont(scaled_font(self.font(), 1.0, bold=True))
        self.advice_text = _wrapped()
        advice_column.addWidget(advice_head)
        advice_column.addWidget(self.advice_text)
        self.advice_card.hide()
        column.addWidget(self.advice_card)
        column.addStretch(1)
        self.scroll_area: QScrollArea = scrolling(content)
        return self.scroll_area

    def _sign_row(self, side: QVBoxLayout, question: Question) -> QCheckBox:
        """A warning sign on one line: the box and its label; the longer words are its tooltip."""
        box = QCheckBox()
        label_text, detail = _(question.label), _(question.detail)
        box.setAccessibleName(_("I have this now: {sign}").format(sign=label_text))
        box.setAccessibleDescription(detail)
        box.setToolTip(detail)
        label = _BoxLabel(label_text, box)
        label.setToolTip(detail)
        line = QHBoxLayout()
        line.setContentsMargins(0, 0, 0, 0)
        line.setSpacing(spacing(self, 0.45, 9))
        line.addWidget(box, 0, Qt.AlignmentFlag.AlignTop)
        line.addWidget(label, 1, Qt.AlignmentFlag.AlignTop)
        side.addLayout(line)
        self._boxes.append(box)
        return box

    def _row(self, column: QVBoxLayout, question: Question) -> QCheckBox:
        # The label sits beside the box rather than in it, so that it wraps in a narrow window or large type.
        box = QCheckBox()
        label_text, detail = _(question.label), _(question.detail)
        box.setAccessibleName(label_text)
        box.setAccessibleDescription(detail)
        texts = QVBoxLayout()
        texts.setContentsMargins(0, 0, 0, 0)
        texts.setSpacing(spacing(self, 0.1, 2))
        texts.addWidget(_BoxLabel(label_text, box))
        texts.addWidget(_BoxLabel(detail, box, "muted"))
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

    def ask(
        self,
        answers: SafetyAnswers,
        *,
        first_run: bool,
        red_flags: Iterable[RedFlag] = (),
        recheck: bool = False,
    ) -> None:
        """Show the warning signs, then the checklist ticked as ``answers`` say. On the first run there is no
        way back; ``recheck``: the 30-day look at the warning signs."""
        self._first_run = first_run
        if first_run:
            title = _("Before you start: warning signs")
        elif recheck:
            title = _("Your monthly check: warning signs")
        else:
            title = _("Your safety checklist: warning signs")
        self.title.setText(title)
        flags = set(red_flags)
        for precaution, box in self.precaution_boxes.items():
            box.setChecked(answers.has(precaution))
        for flag, box in self.red_flag_boxes.items():
            box.setChecked(flag in flags)
        self._on_precaution()
        self._on_red_flag()
        self.show_page(self.SIGNS_PAGE)

    def show_page(self, index: int) -> None:
        self.pages.setCurrentIndex(index)
        area = self.signs_scroll if index == self.SIGNS_PAGE else self.scroll_area
        area.verticalScrollBar().setValue(0)
        self._render_buttons()
        first = (
            next(iter(self.red_flag_boxes.values()))
            if index == self.SIGNS_PAGE
            else self.precaution_boxes[Precaution.PREGNANCY]
        )
        first.setFocus(Qt.FocusReason.OtherFocusReason)

    def page_index(self) -> int:
        return self.pages.currentIndex()

    def precautions(self) -> frozenset[Precaution]:
        return frozenset(p for p, box in self.precaution_boxes.items() if box.isChecked())

    def red_flags(self) -> frozenset[RedFlag]:
        return frozenset(f for f, box in self.red_flag_boxes.items() if box.isChecked())

    @property
    def needs_acknowledgement(self) -> bool:
        """A warning sign is ticked: going on needs "I understand — continue anyway"."""
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
            titles = {
                Severity.EMERGENCY: _("Please get emergency care now"),
                Severity.URGENT: _("Please see a doctor today"),
                Severity.SOON: _("Please book an appointment with your doctor"),
            }
            self.urgent_title.setText(titles.get(severity, titles[Severity.URGENT]))
            self.urgent_text.setText(red_flag_advice(flags))
            self.urgent_card.show()
            # Bring the advice into view once the layout has made room for it.
            QTimer.singleShot(0, self, self._show_urgent_card)
        self._render_buttons()

    def _show_urgent_card(self) -> None:
        if self.urgent_card.isVisible():
            self.signs_scroll.ensureWidgetVisible(self.urgent_card, 0, 0)

    def _render_buttons(self) -> None:
        on_signs = self.pages.currentIndex() == self.SIGNS_PAGE
        urgent = self.needs_acknowledgement
        self.back_button.setVisible(not self._first_run)
        self.previous_button.setVisible(not on_signs)
        self.next_button.setVisible(on_signs and not urgent)
        self.anyway_button.setVisible(on_signs and urgent)
        self.continue_button.setVisible(not on_signs)

    def _on_next(self) -> None:
        if self.needs_acknowledgement:
            return  # a warning sign needs the explicit "continue anyway"
        self.show_page(self.PRECAUTIONS_PAGE)

    def _on_anyway(self) -> None:
        self.show_page(self.PRECAUTIONS_PAGE)

    def _on_continue(self) -> None:
        if self.pages.currentIndex() != self.PRECAUTIONS_PAGE:
            return
        self.answered.emit(self.precautions(), self.red_flags())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        on_signs = self.pages.currentIndex() == self.SIGNS_PAGE
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if on_signs and not self.needs_acknowledgement:
                self._on_next()
            elif not on_signs:
                self._on_continue()
        elif key == Qt.Key.Key_Escape and not self._first_run:
            self.back_requested.emit()
        elif key == Qt.Key.Key_Escape and not on_signs:
            self.show_page(self.SIGNS_PAGE)
        else:
            super().keyPressEvent(event)
