"""Input widgets for the pain diary: the 0–10 pain scale with word anchors, the picked score in words, and
a row of choices."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QKeyEvent
from PySide6.QtWidgets import QButtonGroup, QGridLayout, QHBoxLayout, QLabel, QPushButton, QWidget

from sciatica_timer.core.i18n import _
from sciatica_timer.ui.common.theme import scaled_font, set_role
from sciatica_timer.ui.common.words import PAIN_WORDS, PAIN_WORST, pain_words

TYPING_MOMENT_S = 1.5
"""Two digits typed within this many seconds are one number: "1" then "0" is 10, "1" then "1" is refused."""


class PainScale(QWidget):
    """Eleven buttons, 0 to 10, with "no pain", "moderate" and "worst imaginable" under them.

    Keys: Tab reaches the buttons, the arrow keys move between them, a digit picks a score directly. Two
    digits typed within a moment make one number, so "1", "0" is 10; a number off the scale ("1", "1" is
    11) is refused with a visible line and leaves no score picked: only the typed number is ever saved.
    """

    score_changed = Signal(object)  # int, or None when cleared

    def __init__(
        self, label: str, parent: QWidget | None = None, *, clock: Callable[[], float] = time.monotonic
    ) -> None:
        super().__init__(parent)
        self._clock = clock
        self._typed = ""  # the digits typed so far within the moment
        self._typed_at = 0.0
        self.setAccessibleName(label)
        self._group = QButtonGroup(self)
        self._group.setExclusive(True)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(6)
        grid.setVerticalSpacing(4)
        self.buttons: list[QPushButton] = []
        for score in range(11):
            button = QPushButton(str(score))
            button.setCheckable(True)
            set_role(button, "score")
            button.setAccessibleName(
                _("Pain {score} of 10: {words}").format(score=score, words=pain_words(score))
            )
            button.setToolTip(_("{score}: {words}").format(score=score, words=pain_words(score)))
            self._group.addButton(button, score)
            grid.addWidget(button, 0, score)
            grid.setColumnStretch(score, 1)
            self.buttons.append(button)
        anchors = (
            (0, PAIN_WORDS[0], Qt.AlignmentFlag.AlignLeft),
            (5, PAIN_WORDS[5], Qt.AlignmentFlag.AlignHCenter),
        )
        for column, text, align in anchors:
            anchor = QLabel(_(text))
            set_role(anchor, "muted")
            grid.addWidget(anchor, 1, max(0, column - 1), 1, 3, align)
        worst = QLabel(_(PAIN_WORST))
        set_role(worst, "muted")
        grid.addWidget(worst, 1, 8, 1, 3, Qt.AlignmentFlag.AlignRight)
        self.refusal = QLabel()
        self.refusal.setWordWrap(True)
        set_role(self.refusal, "danger")
        self.refusal.setAccessibleName(_("Typed score refused"))
        self.refusal.hide()
        grid.addWidget(self.refusal, 2, 0, 1, 11)
        self.setToolTip(_("Type a score from 0 to 10; for 10 type 1 then 0"))
        self._group.idToggled.connect(self._on_toggled)

    def score(self) -> int | None:
        checked = self._group.checkedId()
        return None if checked < 0 else checked

    def set_score(self, score: int | None) -> None:
        if score is None:
            self.clear()
            return
        self.buttons[score].setChecked(True)

    def clear(self) -> None:
        self._typed = ""
        self.refusal.hide()
        if self.score() is None:
            return
        self._group.setExclusive(False)  # an exclusive group never lets its last button go
        for button in self.buttons:
            button.setChecked(False)
        self._group.setExclusive(True)
        self.score_changed.emit(None)

    def _on_toggled(self, score: int, checked: bool) -> None:
        if checked:
            self._typed = "" if self._typed and int(self._typed) != score else self._typed
            self.refusal.hide()
            self.score_changed.emit(score)

    def type_digit(self, digit: str) -> None:
        """One digit typed by the person, from this scale or from the window around it.

        A digit typed within a moment of the one before joins it ("1", "0" is 10); otherwise it starts anew.
        """
        now = self._clock()
        joined = self._typed + digit if self._typed and now - self._typed_at <= TYPING_MOMENT_S else digit
        self._typed_at = now
        number = int(joined)
        if number > 10:
            self._typed = ""
            self.clear()
            self.refusal.setText(
                _("{typed} is not on the scale: type 0 to 10 (1 then 0 for 10).").format(typed=joined)
            )
            self.refusal.show()
            self.setFocus()
            return
        self.set_score(number)
        self._typed = joined if joined == "1" else ""  # only a lone 1 can grow into 10
        self.refusal.hide()
        self.buttons[number].setFocus()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        text = event.text()
        if len(text) == 1 and text.isdigit():
            self.type_digit(text)
            return
        super().keyPressEvent(event)


class ScoreWords(QLabel):
    """The accent line under a PainScale: the picked score in words ("3: mild"), blank while none is."""

    def __init__(self, scale: PainScale, font: QFont, factor: float) -> None:
        super().__init__(" ")
        self.setFont(scaled_font(font, factor, bold=True))
        set_role(self, "accent")
        scale.score_changed.connect(self.show_score)

    def show_score(self, score: object) -> None:
        shown = (
            _("{score}: {words}").format(score=score, words=pain_words(score))
            if isinstance(score, int)
            else " "
        )
        self.setText(shown)


class ChoiceRow(QWidget):
    """A row of pill buttons where at most one is chosen; choosing the chosen one again clears it."""

    changed = Signal(object)  # the chosen value, or None

    def __init__(self, label: str, choices: Sequence[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(label)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(8)
        self._values: dict[QPushButton, str] = {}
        self.buttons: dict[str, QPushButton] = {}
        for value, text in choices:
            button = QPushButton(text)
            button.setCheckable(True)
            set_role(button, "choice")
            button.setAccessibleName(_("{question}: {answer}").format(question=label, answer=text))
            button.clicked.connect(lambda _checked=False, b=button: self._on_clicked(b))
            row.addWidget(button)
            self._values[button] = value
            self.buttons[value] = button
        row.addStretch(1)

    def value(self) -> str | None:
        for button, value in self._values.items():
            if button.isChecked():
                return value
        return None

    def set_value(self, value: str | None) -> None:
        for button, own in self._values.items():
            button.setChecked(own == value)
        self.changed.emit(self.value())

    def _on_clicked(self, clicked: QPushButton) -> None:
        for button in self._values:
            if button is not clicked:
                button.setChecked(False)
        self.changed.emit(self.value())
