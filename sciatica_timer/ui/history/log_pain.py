"""A small window to write a pain score in the diary at any time, from the tray: score, where, side, note."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from PySide6.QtCore import QDateTime, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QDateTimeEdit,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sciatica_timer.core.diary import PainRegion, PainSide
from sciatica_timer.core.i18n import _, pgettext
from sciatica_timer.ui.common.pages import spacing
from sciatica_timer.ui.common.pain_scale import ChoiceRow, PainScale, ScoreWords
from sciatica_timer.ui.common.theme import scaled_font, set_role
from sciatica_timer.ui.history.history_words import region_words, side_words


def _capital(text: str) -> str:
    """ "Lower back": a choice's word with its first letter capitalised (the rest as it is)."""
    return text[:1].upper() + text[1:]


@dataclass(frozen=True, slots=True)
class PainEntry:
    score: int
    region: PainRegion | None
    side: PainSide | None
    note: str | None
    at: datetime | None = None  # None: now; otherwise an earlier moment, and the entry is "entered later"


EARLIER_MAX_DAYS = 60
"""How far back an entry for an earlier time may go."""


class LogPainDialog(QDialog):
    """Not modal, and it does not keep the app running: the window it belongs to may be hidden in the tray."""

    save_requested = Signal(object)  # PainEntry; the owner saves it and then calls saved() or show_problem()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("log-pain")
        set_role(self, "page")
        self.setWindowTitle(_("Log your pain"))
        self.setModal(False)
        self.setAttribute(Qt.WidgetAttribute.WA_QuitOnClose, on=False)
        self.setMinimumWidth(self.fontMetrics().height() * 32)  # the hint on one line, the scale roomy
        column = QVBoxLayout(self)
        margin = spacing(self, 1.3, 24)
        column.setContentsMargins(margin, margin, margin, margin)
        column.setSpacing(spacing(self, 0.5, 10))

        heading = QLabel(_("How is your pain right now?"))
        heading.setFont(scaled_font(self.font(), 1.5, bold=True))
        heading.setWordWrap(True)
        hint = QLabel(_("For your diary: 0 is no pain at all, 10 the worst you can imagine."))
        hint.setWordWrap(True)
        set_role(hint, "muted")
        column.addWidget(heading)
        column.addWidget(hint)
        column.addSpacing(spacing(self, 0.4, 8))

        self.scale = PainScale(_("Pain now"))
        for button in self.scale.buttons:
            button.setAutoDefault(False)  # Enter saves; it does not pick the focused score again
        self.scale_words = ScoreWords(self.scale, self.font(), 1.1)
        column.addWidget(self.scale)
        column.addWidget(self.scale_words)

        where = QLabel(_("Where does the pain reach? (optional)"))
        where.setFont(scaled_font(self.font(), 1.0, bold=True))
        self.region = ChoiceRow(
            _("Where the pain reaches"), [(r.value, _capital(region_words(r))) for r in PainRegion]
        )
        side = QLabel(_("Which side? (optional)"))
        side.setFont(scaled_font(self.font(), 1.0, bold=True))
        self.side = ChoiceRow(_("Which side hurts"), [(s.value, _capital(side_words(s))) for s in PainSide])
        self.note = QPlainTextEdit()
        set_role(self.note, "note")
        self.note.setPlaceholderText(
            _("A note (optional): what you were doing, how you slept… (Ctrl+Enter saves)")
        )
        self.note.setAccessibleName(pgettext("diary", "Note"))
        self.note.setTabChangesFocus(True)
        self.note.setFixedHeight(round(self.fontMetrics().lineSpacing() * 3.6))
        self.earlier = QCheckBox(_("This was earlier"))
        self.earlier.setAccessibleName(_("The score is for an earlier time"))
        self.when = QDateTimeEdit()
        self.when.setDisplayFormat(
            pgettext("date format: weekday, day, short month, year, time", "ddd d MMM yyyy, HH:mm")
        )
        self.when.setCalendarPopup(True)
        self.when.setAccessibleName(_("When it was"))
        self.when.setEnabled(False)
        when_row = QHBoxLayout()
        when_row.addWidget(self.earlier)
        when_row.addWidget(self.when, 1)
        self.earlier.toggled.connect(self.when.setEnabled)
        column.addSpacing(spacing(self, 0.6, 12))
        column.addWidget(where)
        column.addWidget(self.region)
        column.addSpacing(spacing(self, 0.4, 8))
        column.addWidget(side)
        column.addWidget(self.side)
        column.addSpacing(spacing(self, 0.4, 8))
        column.addLayout(when_row)
        column.addWidget(self.note)

        self.problem = QLabel()
        self.problem.setWordWrap(True)
        set_role(self.problem, "danger")
        self.problem.hide()
        column.addWidget(self.problem)
        column.addSpacing(spacing(self, 0.4, 8))

        buttons = QHBoxLayout()
        buttons.setSpacing(spacing(self, 0.6, 12))
        self.cancel_button = QPushButton(pgettext("button", "Cancel"))
        set_role(self.cancel_button, "quiet")
        self.cancel_button.setToolTip(_("Close without saving (Esc)"))
        self.save_button = QPushButton(pgettext("button", "Save"))
        set_role(self.save_button, "primary")
        self.save_button.setAccessibleName(_("Save the pain score in the diary"))
        self.save_button.setToolTip(_("Save the pain score in the diary (Enter)"))
        self.save_button.setEnabled(False)
        for button in (self.cancel_button, self.save_button):
            button.setAutoDefault(False)
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.save_button)
        column.addLayout(buttons)

        self.scale.score_changed.connect(self._on_score)
        self.cancel_button.clicked.connect(self.reject)
        self.save_button.clicked.connect(self._on_save)

    def ask(self) -> None:
        """A fresh form, shown and brought forward."""
        self.scale.clear()
        self.region.set_value(None)
        self.side.set_value(None)
        self.note.clear()
        self.earlier.setChecked(False)
        now = QDateTime.currentDateTime()
        self.when.setMaximumDateTime(now)
        self.when.setMinimumDateTime(now.addDays(-EARLIER_MAX_DAYS))
        self.when.setDateTime(now.addSecs(-3600))
        self.show_problem(None)
        self._on_score(None)
        self.show()
        self.raise_()
        self.activateWindow()
        self.scale.setFocus()

    def entry(self) -> PainEntry | None:
        score = self.scale.score()
        if score is None:
            return None
        region, side = self.region.value(), self.side.value()
        return PainEntry(
            score=score,
            region=None if region is None else PainRegion(region),
            side=None if side is None else PainSide(side),
            note=self.note.toPlainText().strip() or None,
            at=self._earlier_moment(),
        )

    def _earlier_moment(self) -> datetime | None:
        if not self.earlier.isChecked():
            return None
        chosen = self.when.dateTime().toPython()
        assert isinstance(chosen, datetime)  # noqa: S101 - a QDateTime always converts to a datetime
        local = chosen.astimezone()  # the local time zone of that moment, summer or winter
        return min(local, datetime.now().astimezone() - timedelta(seconds=1))

    def saved(self) -> None:
        self.accept()

    def show_problem(self, text: str | None) -> None:
        self.problem.setText(text or "")
        self.problem.setVisible(bool(text))

    def _on_score(self, score: object) -> None:
        self.save_button.setEnabled(isinstance(score, int))

    def _on_save(self) -> None:
        entry = self.entry()
        if entry is not None:
            self.save_requested.emit(entry)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._on_save()  # QDialog would otherwise close on Enter without saving
            event.accept()  # in the note, Enter starts a new line and Ctrl+Enter arrives here
        elif len(event.text()) == 1 and event.text().isdigit() and not self.note.hasFocus():
            self.scale.type_digit(event.text())
        else:
            super().keyPressEvent(event)
