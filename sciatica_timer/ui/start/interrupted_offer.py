"""The start screen's question about a session that was cut short: the pain after it, or discard it."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget

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
        self.setAccessibleName("An interrupted session")
        self._session_id: int | None = None
        em = self.fontMetrics().height()
        column = QVBoxLayout(self)
        column.setContentsMargins(round(em * 1.0), round(em * 0.8), round(em * 1.0), round(em * 0.8))
        column.setSpacing(round(em * 0.4))
        self.title = QLabel("A session was cut short")
        self.title.setFont(scaled_font(self.font(), 1.15, bold=True))
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.scale = PainScale("Pain after the interrupted session")
        self.note = QPlainTextEdit()  # a note may take several lines; Enter starts a new one
        set_role(self.note, "note")
        self.note.setPlaceholderText("A note (optional; Ctrl+Enter saves)")
        self.note.setAccessibleName("Note about the interrupted session")
        self.note.setTabChangesFocus(True)
        self.note.setFixedHeight(round(self.fontMetrics().lineSpacing() * 2.8))
        self.answer_row = QWidget()
        answer = QHBoxLayout(self.answer_row)
        answer.setContentsMargins(0, 0, 0, 0)
        answer.setSpacing(round(em * 0.5))
        answer.addWidget(self.note, 1)
        self.discard_button = QPushButton("Discard")
        set_role(self.discard_button, "quiet")
        self.discard_button.setAccessibleName("Discard the interrupted session")
        self.save_button = QPushButton("Save")
        set_role(self.save_button, "primary")
        self.save_button.setAccessibleName("Save the answer for the interrupted session")
        answer.addWidget(self.discard_button)
        answer.addWidget(self.save_button)
        self.undo_row = QWidget()
        undo = QHBoxLayout(self.undo_row)
        undo.setContentsMargins(0, 0, 0, 0)
        self.undo_text = QLabel()
        self.undo_text.setWordWrap(True)
        self.undo_button = QPushButton("Undo")
        set_role(self.undo_button, "secondary")
        self.undo_button.setAccessibleName("Undo: keep the interrupted session")
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
        more = f" ({remaining - 1} more after this one)" if remaining > 1 else ""
        self.title.setText(f"A session was cut short{more}")
        self.text.setText(f"{row.text}. How is your pain now? Save an answer, or discard the session.")
        self.scale.clear()
        self.note.clear()
        for widget in (self.text, self.scale, self.answer_row):
            widget.show()
        self.undo_row.hide()
        self.show()

    def offer_undo(self, text: str) -> None:
        self._session_id = None
        self.title.setText("Session discarded")
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
