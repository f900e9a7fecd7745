"""The mini player: a small window that stays on top, to follow the routine while working on something else.

It shows the phase, the countdown and the point, with pause, stop (asks first, like Esc) and
"Sharp pain: stop" (at once, like F9); M (or "Full view") goes back to the window.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent, QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from sciatica_timer import APP_NAME
from sciatica_timer.core.engine import EngineState
from sciatica_timer.core.i18n import _, pgettext
from sciatica_timer.core.session_events import SessionEvent
from sciatica_timer.session.guided_session import GuidedSession
from sciatica_timer.ui.common.accessibility import steady_reading
from sciatica_timer.ui.common.theme import scaled_font, set_role, style_sheet
from sciatica_timer.ui.common.words import SIDE_IN_SENTENCE
from sciatica_timer.ui.player.phase_dial import DialReading, PhaseDial
from sciatica_timer.ui.player.player import (
    PlayerScreen,
    dial_reading,
    phase_title,
    sharp_pain_words,
    shown_phase,
)


class MiniPlayer(QWidget):
    """Follows the same GuidedSession as the player; its keys are the player's keys."""

    expand_requested = Signal()
    stop_requested = Signal()  # the Stop button or Esc: the window asks first

    def __init__(self, player: PlayerScreen) -> None:
        super().__init__(None, Qt.WindowType.Window | Qt.WindowType.WindowStaysOnTopHint)
        self.setObjectName("mini-player")
        set_role(self, "page")
        self.setWindowTitle(_("{app}: mini player").format(app=APP_NAME))
        self.setAccessibleName(_("Mini player"))
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setStyleSheet(style_sheet(self.palette()))
        self._player = player
        self._session: GuidedSession | None = None
        em = self.fontMetrics().height()
        row = QHBoxLayout(self)
        row.setContentsMargins(round(em * 0.7), round(em * 0.6), round(em * 0.8), round(em * 0.6))
        row.setSpacing(round(em * 0.7))
        self.dial = PhaseDial(compact=True)
        row.addWidget(self.dial, 0)
        column = QVBoxLayout()
        column.setSpacing(round(em * 0.25))
        self.phase_label = QLabel()
        self.phase_label.setFont(scaled_font(self.font(), 1.3, bold=True))
        self.phase_label.setAccessibleName(_("Phase"))
        # As large as the phase word: a paused session must be plain at a glance.
        self.paused_label = QLabel(_("Paused"))
        set_role(self.paused_label, "accent")
        self.paused_label.setFont(scaled_font(self.font(), 1.3, bold=True))
        self.paused_label.setAccessibleName(_("The session is paused"))
        self.paused_label.hide()
        phase_row = QHBoxLayout()
        phase_row.setSpacing(round(em * 0.6))
        phase_row.addWidget(self.phase_label)
        phase_row.addWidget(self.paused_label)
        phase_row.addStretch(1)
        self.point_label = QLabel()
        set_role(self.point_label, "muted")
        self.point_label.setAccessibleName(_("Point and side"))
        self.breath_label = QLabel()
        set_role(self.breath_label, "accent")
        self.breath_label.setFont(scaled_font(self.font(), 1.0, bold=True))
        self.breath_label.setAccessibleName(_("Breathe in or out"))
        buttons = QHBoxLayout()
        buttons.setSpacing(round(em * 0.4))
        self.pause_button = QPushButton(pgettext("button", "Pause"))
        set_role(self.pause_button, "secondary")
        self.pause_button.setAccessibleName(pgettext("button", "Pause"))
        self.pause_button.setToolTip(_("Pause or carry on (Space)"))
        self.pause_button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.expand_button = QPushButton(_("Full view"))
        set_role(self.expand_button, "quiet")
        self.expand_button.setAccessibleName(_("Back to the full window"))
        self.expand_button.setToolTip(_("Back to the full window (M)"))
        self.expand_button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.stop_button = QPushButton(pgettext("button", "Stop"))
        set_role(self.stop_button, "secondary")
        self.stop_button.setAccessibleName(_("Stop the session"))
        self.stop_button.setToolTip(_("Stop the session (Esc asks first)"))
        self.stop_button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        pain_text, pain_name, pain_tip = sharp_pain_words()
        self.pain_button = QPushButton(pain_text)
        set_role(self.pain_button, "danger")
        self.pain_button.setAccessibleName(pain_name)
        self.pain_button.setToolTip(pain_tip)
        self.pain_button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        buttons.addWidget(self.pause_button)
        buttons.addWidget(self.stop_button)
        buttons.addWidget(self.pain_button)
        buttons.addStretch(1)
        buttons.addWidget(self.expand_button)
        column.addLayout(phase_row)
        column.addWidget(self.point_label)
        column.addWidget(self.breath_label)
        column.addStretch(1)
        column.addLayout(buttons)
        row.addLayout(column, 1)
        player.steer_from(self.pause_button, self.expand_button, self.stop_button, self.pain_button)
        self.pause_button.clicked.connect(self._on_pause_clicked)
        self.stop_button.clicked.connect(self.stop_requested)
        self.pain_button.clicked.connect(self._on_pain_clicked)
        self.expand_button.clicked.connect(self.expand_requested)

    def sizeHint(self) -> QSize:
        em = self.fontMetrics().height()
        return QSize(em * 31, em * 8)

    @property
    def session(self) -> GuidedSession | None:
        return self._session

    def attach(self, session: GuidedSession) -> None:
        self.detach()
        self._session = session
        session.session_event.connect(self._on_event)
        session.refresh.connect(self.refresh)
        self.render_phase()
        self.refresh()

    def detach(self) -> None:
        if self._session is not None:
            self._session.session_event.disconnect(self._on_event)
            self._session.refresh.disconnect(self.refresh)
            self._session = None

    def _on_event(self, _event: SessionEvent) -> None:
        self.render_phase()
        self.refresh()

    def render_phase(self) -> None:
        session = self._session
        if session is None:
            return
        phase = shown_phase(session.engine)
        if phase is None:
            return
        self.phase_label.setText(phase_title(phase))
        parts = [phase.point_code or phase.title] if phase.point_code else []
        if phase.side is not None:
            parts.append(_(SIDE_IN_SENTENCE[phase.side]))
        if phase.repetitions > 1:
            parts.append(_("{number} of {count}").format(number=phase.repetition, count=phase.repetitions))
        self.point_label.setText(" · ".join(parts))
        state = session.state
        if state is EngineState.WAITING:
            text = _("I found it")
        elif state is EngineState.PAUSED:
            text = pgettext("button", "Resume")
        elif state is EngineState.READY:
            text = pgettext("button", "Start")
        else:
            text = pgettext("button", "Pause")
        self.pause_button.setText(text)
        self.pause_button.setAccessibleName(text)
        self.paused_label.setVisible(state is EngineState.PAUSED)
        running = state in (EngineState.RUNNING, EngineState.PAUSED, EngineState.WAITING)
        self.pain_button.setEnabled(running)
        self.stop_button.setEnabled(running)

    def refresh(self) -> None:
        session = self._session
        if session is None:
            return
        reading = dial_reading(session.engine)
        if reading is None:
            word = pgettext("countdown", "Find") if session.state is EngineState.WAITING else ""
            reading = DialReading(1.0, 0.0, word=word or "·")
        # With Reduce motion the ring stays still; the breath is in words below it either way.
        self.dial.set_reading(steady_reading(reading) if self._player.reduced_motion else reading)
        breath = ""
        if reading.breath is not None:
            breath = _("Breathe in") if reading.breath.inhaling else _("Breathe out")
        if breath != self.breath_label.text():
            self.breath_label.setText(breath)

    def _on_pause_clicked(self) -> None:
        session = self._session
        if session is None:
            return
        if session.state is EngineState.WAITING:
            session.confirm_ready()
        else:
            session.toggle_pause()

    def _on_pain_clicked(self) -> None:
        if self._session is not None:
            self._session.stop_for_pain()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.setFocus(Qt.FocusReason.OtherFocusReason)  # keys go to the player, not to the first button

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_M:
            self.expand_requested.emit()
        elif not self._player.handle_key(event.key(), event.modifiers()):
            super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        # Closing the little window never ends the session: it brings the full window back.
        if self._session is not None and not self._session.over:
            self.expand_requested.emit()
        super().closeEvent(event)
