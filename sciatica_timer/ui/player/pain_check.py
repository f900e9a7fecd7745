"""The pain check before a session: a score from 0 to 10, where the pain reaches and which side. Skippable.

It also carries the brief look at the warning signs before each session ("No new warning signs? — see the
list"), and "both legs" as the side brings up the bilateral warning at once.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from sciatica_timer.core.diary import PainRegion, PainSide
from sciatica_timer.core.i18n import N_, _, pgettext
from sciatica_timer.core.safety import BOTH_LEGS_WARNING, WARNING_SIGNS_LINE
from sciatica_timer.ui.common.pages import centered_column, scrolling, spacing
from sciatica_timer.ui.common.pain_scale import ChoiceRow, PainScale, ScoreWords
from sciatica_timer.ui.common.theme import scaled_font, set_role

# The choices' words (the stored values stay the English enum values).
REGION_CHOICES = {
    PainRegion.LOWER_BACK: N_("Lower back"),
    PainRegion.BUTTOCK: N_("Buttock"),
    PainRegion.THIGH: N_("Thigh"),
    PainRegion.CALF: N_("Calf"),
    PainRegion.FOOT: N_("Foot"),
}
SIDE_CHOICES = {PainSide.LEFT: N_("Left"), PainSide.RIGHT: N_("Right"), PainSide.BOTH: N_("Both")}


@dataclass(frozen=True, slots=True)
class PainAnswer:
    score: int
    region: PainRegion | None
    side: PainSide | None


class PainCheckScreen(QWidget):
    """Asks once, before the session starts; "Skip" starts without an answer."""

    answered = Signal(object)  # PainAnswer
    skipped = Signal()
    back_requested = Signal()
    warning_signs_requested = Signal()  # "see the list": the checklist's warning signs

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pain-check-screen")
        set_role(self, "page")
        self.setAccessibleName(_("Pain check before the session"))
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        page = centered_column(self)
        content = QWidget()
        outer = QVBoxLayout(content)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(spacing(self, 0.5, 10))

        self.routine_label = QLabel()
        set_role(self.routine_label, "section")
        self.routine_label.setFont(scaled_font(self.font(), 1.0, bold=True))
        title = QLabel(_("How is your pain right now?"))
        title.setFont(scaled_font(self.font(), 1.9, bold=True))
        title.setWordWrap(True)
        intro = QLabel(
            _(
                "A quick check before you start, so you can see later whether the routine helps. "
                "0 is no pain at all, 10 the worst you can imagine."
            )
        )
        intro.setWordWrap(True)
        set_role(intro, "muted")
        outer.addWidget(self.routine_label)
        outer.addWidget(title)
        outer.addWidget(intro)
        outer.addSpacing(spacing(self, 0.8, 16))

        self.scale = PainScale(_("Pain before the session"))
        self.scale_words = ScoreWords(self.scale, self.font(), 1.15)
        outer.addWidget(self.scale)
        outer.addWidget(self.scale_words)
        outer.addSpacing(spacing(self, 0.6, 12))

        where = QLabel(_("Where does the pain reach? (optional)"))
        where.setFont(scaled_font(self.font(), 1.0, bold=True))
        self.region = ChoiceRow(
            _("Where the pain reaches"), [(r.value, _(REGION_CHOICES[r])) for r in PainRegion]
        )
        side = QLabel(_("Which side? (optional)"))
        side.setFont(scaled_font(self.font(), 1.0, bold=True))
        self.side = ChoiceRow(_("Which side hurts"), [(s.value, _(SIDE_CHOICES[s])) for s in PainSide])
        outer.addWidget(where)
        outer.addWidget(self.region)
        outer.addSpacing(spacing(self, 0.6, 12))
        outer.addWidget(side)
        outer.addWidget(self.side)
        self.both_legs_card = QFrame()
        set_role(self.both_legs_card, "danger-card")
        self.both_legs_card.setAccessibleName(_("Sciatica in both legs: a warning sign"))
        card = QVBoxLayout(self.both_legs_card)
        em = self.fontMetrics().height()
        card.setContentsMargins(round(em * 0.8), round(em * 0.5), round(em * 0.8), round(em * 0.5))
        self.both_legs_text = QLabel(_(BOTH_LEGS_WARNING))
        self.both_legs_text.setWordWrap(True)
        set_role(self.both_legs_text, "danger")
        self.both_legs_card.setAccessibleDescription(_(BOTH_LEGS_WARNING))
        card.addWidget(self.both_legs_text)
        self.both_legs_card.hide()
        outer.addWidget(self.both_legs_card)
        self.side.changed.connect(self._on_side)

        # The brief look at the warning signs before each session; the full list comes every 30 days.
        signs = QHBoxLayout()
        signs.setSpacing(spacing(self, 0.4, 8))
        self.warning_signs_line = QLabel(_(WARNING_SIGNS_LINE))
        self.warning_signs_line.setWordWrap(
            False
        )  # one short line; wrapping would break it beside the button
        self.warning_signs_button = QPushButton(_("See the list"))
        set_role(self.warning_signs_button, "quiet")
        self.warning_signs_button.setAccessibleName(_("See the list of warning signs"))
        self.warning_signs_button.setToolTip(_("The warning signs that need a doctor before any self-help"))
        self.warning_signs_button.clicked.connect(self.warning_signs_requested)
        signs.addWidget(self.warning_signs_line)
        signs.addWidget(self.warning_signs_button)
        signs.addStretch(1)
        outer.addSpacing(spacing(self, 0.4, 8))
        outer.addLayout(signs)
        page.addWidget(scrolling(content, centered=True), 1)

        buttons = QHBoxLayout()
        buttons.setSpacing(spacing(self, 0.6, 12))
        self.back_button = QPushButton(pgettext("button", "Back"))
        set_role(self.back_button, "quiet")
        self.back_button.setAccessibleName(_("Back to the routines"))
        self.back_button.setToolTip(_("Back to the routines (Esc)"))
        self.skip_button = QPushButton(pgettext("button", "Skip"))
        set_role(self.skip_button, "secondary")
        self.skip_button.setAccessibleName(_("Skip the pain check"))
        self.continue_button = QPushButton(pgettext("button", "Continue"))
        set_role(self.continue_button, "primary")
        self.continue_button.setAccessibleName(_("Save the pain score and continue"))
        self.continue_button.setEnabled(False)
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        buttons.addWidget(self.skip_button)
        buttons.addWidget(self.continue_button)
        page.addLayout(buttons)

        self.scale.score_changed.connect(self._on_score)
        self.back_button.clicked.connect(self.back_requested)
        self.skip_button.clicked.connect(self.skipped)
        self.continue_button.clicked.connect(self._on_continue)

    def ask(self, routine_name: str) -> None:
        """Show a fresh check for the routine about to start."""
        self.routine_label.setText(routine_name)
        self.scale.clear()
        self.region.set_value(None)
        self.side.set_value(None)
        self._on_side(None)
        self._on_score(None)
        # Focus on the screen, not on "0": a focused 0 would look chosen. Tab reaches the scale; digits work.
        self.setFocus()

    def _on_side(self, side: object) -> None:
        self.both_legs_card.setVisible(side == PainSide.BOTH.value)

    def _on_score(self, score: object) -> None:
        self.continue_button.setEnabled(isinstance(score, int))

    def _on_continue(self) -> None:
        score = self.scale.score()
        if score is None:
            return
        region = self.region.value()
        side = self.side.value()
        self.answered.emit(
            PainAnswer(
                score=score,
                region=None if region is None else PainRegion(region),
                side=None if side is None else PainSide(side),
            )
        )

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if event.text().isdigit() and len(event.text()) == 1:
            self.scale.type_digit(event.text())
        elif key == Qt.Key.Key_Escape:
            self.back_requested.emit()
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if self.continue_button.isEnabled():
                self._on_continue()
            else:
                self.skipped.emit()
        else:
            super().keyPressEvent(event)
