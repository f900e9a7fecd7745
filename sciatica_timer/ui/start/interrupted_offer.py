"""The start screen's question about a session that was cut short: the pain after it, or discard it."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget

from sciatica_timer.core.i18n import _, ngettext, pgettext
from sciatica_timer.ui.common.pain_scale import PainScale
from sciatica_timer.ui.common.theme import scaled_font, set_role
from sciatica_timer.ui.start.rows import InterruptedRow


class InterruptedOffer(QFrame):
    """Asks how an interrupted session went: pain after and a note, or discard it (with undo)."""

    save_requested = Signal(int, object, object)  # session id, pain after or None, note or None
    discard_requested = Signal(int)
    undo_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        set_role(self, "card")
        self.setAccessibleName(_("An interrupted session"))
        self._session_id: int | None = None
        em = self.fontMetrics().height()
        column = QVBoxLayout(self)
        column.setContentsMargins(round(em * 1.0), round(em * 0.8), round(em * 1.0), round(em * 0.8))
        column.setSpacing(round(em * 0.4))
        self.title = QLabel(_("A session was cut short"))
        self.title.setFont(scaled_font(self.font(), 1.15, bold=True))
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.scale = PainScale(_("Pain after the interrupted session"))
        self.note = QPlainTextEdit()  # a note may take several lines; Enter starts a new one
        set_role(self.note, "note")
        self.note.setPlaceholderText(_("A note (optional; Ctrl+Enter saves)"))
        self.note.setAccessibleName(_("Note about the interrupted session"))
        self.note.setTabChangesFocus(True)
        self.note.setFixedHeight(round(self.fontMetrics().lineSpacing() * 2.8))
        self.answer_row = QWidget()
        answer = QHBoxLayout(self.answer_row)
        answer.setContentsMargins(0, 0, 0, 0)
        answer.setSpacing(round(em * 0.5))
        answer.addWidget(self.note, 1)
        self.discard_button = QPushButton(pgettext("button", "Discard"))
        set_role(self.discard_button, "quiet")
        self.discard_button.setAccessibleName(_("Discard the interrupted session"))
        self.save_button = QPushButton(pgettext("button", "Save"))
        set_role(self.save_button, "primary")
        self.save_button.setAccessibleName(_("Save the answer for the interrupted session"))
        answer.addWidget(self.discard_button)
        answer.addWidget(self.save_button)
        self.undo_row = QWidget()
        undo = QHBoxLayout(self.undo_row)
        undo.setContentsMargins(0, 0, 0, 0)
        self.undo_text = QLabel()
        self.undo_text.setWordWrap(True)
        self.undo_button = QPushButton(pgettext("button", "Undo"))
        set_role(self.undo_button, "secondary")
        self.undo_button.setAccessibleName(_("Undo: keep the interrupted session"))
        undo.addWidget(self.undo_text, 1)
        undo.addWidget(self.undo_button)
        for widget in (self.title, self.text, self.scale, self.answer_row, self.undo_row):
            column.addWidget(widget)
        self.save_button.clicked.connect(self._on_save)
        self.discard_button.clicked.connect(self._on_discard)
        self.undo_button.clicked.connect(self.undo_requested)

    @property
    def session_id(self) -> int | None:
        return self._session_id

    def ask(self, row: InterruptedRow, remaining: int) -> None:
        self._session_id = row.id
        if remaining > 1:
            title = ngettext(
                "A session was cut short ({count} more after this one)",
                "A session was cut short ({count} more after this one)",
                remaining - 1,
            ).format(count=remaining - 1)
        else:
            title = _("A session was cut short")
        self.title.setText(title)
        self.text.setText(
            _("{session}. How is your pain now? Save an answer, or discard the session.").format(
                session=row.text
            )
        )
        self.scale.clear()
        self.note.clear()
        for widget in (self.text, self.scale, self.answer_row):
            widget.show()
        self.undo_row.hide()
        self.show()

    def offer_undo(self, text: str) -> None:
        self._session_id = None
        self.title.setText(_("Session discarded"))
        self.undo_text.setText(text)
        for widget in (self.text, self.scale, self.answer_row):
            widget.hide()
        self.undo_row.show()
        self.show()

    def _on_save(self) -> None:
        if self._session_id is not None:
            self.save_requested.emit(
                self._session_id, self.scale.score(), self.note.toPlainText().strip() or None
            )

    def _on_discard(self) -> None:
        if self._session_id is not None:
            self.discard_requested.emit(self._session_id)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Enter here (Ctrl+Enter in the note, where Enter starts a new line) answers for the interrupted
        # session; it must not reach the screen and start a routine.
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if self._session_id is not None:
                self._on_save()
            event.accept()
        else:
            super().keyPressEvent(event)
