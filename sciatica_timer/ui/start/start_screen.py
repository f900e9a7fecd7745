"""The start screen: pick a routine and start; see the last session; answer for an interrupted one.

It is on screen at the first paint, so it is built from plain widgets and filled in once the routines and
the history have been read (after that paint).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sciatica_timer import APP_NAME
from sciatica_timer.core.i18n import _, pgettext
from sciatica_timer.ui.common.accessibility import follow_selection
from sciatica_timer.ui.common.pages import centered_column, scrolling, spacing
from sciatica_timer.ui.common.theme import scaled_font, set_role
from sciatica_timer.ui.start.rows import ROW_ROLE, InterruptedRow, RoutineRow

if TYPE_CHECKING:
    from sciatica_timer.ui.start.interrupted_offer import InterruptedOffer
    from sciatica_timer.ui.start.safety_check import SafetyLine


class StartScreen(QWidget):
    """Where a session begins."""

    start_requested = Signal(str)  # routine id
    interrupted_save = Signal(int, object, object)  # session id, pain after or None, note or None
    interrupted_discard = Signal(int)
    interrupted_undo = Signal()
    history_requested = Signal()
    routines_requested = Signal()  # the Routines screen: make and change routines
    help_requested = Signal()
    settings_requested = Signal()
    safety_requested = Signal()  # the safety checklist, from the advice line

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("start-screen")
        set_role(self, "page")
        self.setAccessibleName(_("Choose a routine"))
        em = self.fontMetrics().height()
        page = centered_column(self)
        content = QWidget()
        layout = QVBoxLayout(content)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(spacing(self, 0.55, 10))
        title = QLabel(APP_NAME)
        title.setObjectName("title")
        title.setFont(scaled_font(self.font(), 2.2, bold=True))
        subtitle = QLabel(_("A guided acupressure routine for sciatica, and a diary of whether it helps."))
        subtitle.setWordWrap(True)
        set_role(subtitle, "muted")
        heading_row = QHBoxLayout()
        heading_row.addWidget(title, 1)
        self.settings_button = QPushButton(pgettext("button", "Settings"))
        set_role(self.settings_button, "quiet")
        self.settings_button.setAccessibleName(_("Settings: sounds, look, reminders and your data folder"))
        self.settings_button.setToolTip(_("Sounds, look, reminders and your data folder (Ctrl+,)"))
        heading_row.addWidget(self.settings_button, 0, Qt.AlignmentFlag.AlignVCenter)
        self.help_button = QPushButton(pgettext("button", "Help"))
        set_role(self.help_button, "quiet")
        self.help_button.setAccessibleName(_("Help: how to use the app, and when to see a doctor"))
        self.help_button.setToolTip(_("How to use the app, when to see a doctor, the keys (F1)"))
        heading_row.addWidget(self.help_button, 0, Qt.AlignmentFlag.AlignVCenter)
        layout.addLayout(heading_row)
        layout.addWidget(subtitle)

        self.notice = QFrame()
        set_role(self.notice, "notice")
        notice_row = QVBoxLayout(self.notice)
        notice_row.setContentsMargins(round(em * 0.8), round(em * 0.5), round(em * 0.8), round(em * 0.5))
        self.notice_text = QLabel()
        self.notice_text.setWordWrap(True)
        self.notice_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        notice_row.addWidget(self.notice_text)
        self.notice.hide()
        layout.addWidget(self.notice)
        self._safety_slot = QVBoxLayout()
        self._safety_slot.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self._safety_slot)
        self.safety_line: SafetyLine | None = None  # built when the safety answers call for advice

        self._offer_slot = QVBoxLayout()
        self._offer_slot.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self._offer_slot)
        self.offer: InterruptedOffer | None = None  # built when there is something to ask

        layout.addSpacing(spacing(self, 0.4, 8))
        heading = QLabel(_("Choose a routine"))
        heading.setFont(scaled_font(self.font(), 1.2, bold=True))
        layout.addWidget(heading)
        self.routine_list = QListWidget()
        set_role(self.routine_list, "routines")
        self.routine_list.setAccessibleName(_("Routines"))
        self.routine_list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.routine_list.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.routine_list.setUniformItemSizes(True)
        self.loading_item = QListWidgetItem(_("Loading routines…"))
        self.routine_list.addItem(self.loading_item)
        heading.setBuddy(self.routine_list)
        # However small the window, three routines stay in view; the page scrolls instead.
        self._fit_list()
        layout.addWidget(self.routine_list)
        self.description = QLabel()
        self.description.setWordWrap(True)
        set_role(self.description, "muted")
        layout.addWidget(self.description)
        layout.addStretch(1)
        page.addWidget(scrolling(content), 1)

        bottom = QHBoxLayout()
        bottom.setSpacing(round(em * 1.0))
        self.last_session = QLabel()
        self.last_session.setWordWrap(True)
        self.last_session.setAccessibleName(_("Last session"))
        self.start_button = QPushButton(pgettext("button", "Start"))
        set_role(self.start_button, "primary")
        self.start_button.setFont(scaled_font(self.font(), 1.15, bold=True))
        self.start_button.setAccessibleName(_("Start the chosen routine"))
        self.start_button.setToolTip(_("Start the chosen routine (Enter)"))
        self.start_button.setEnabled(False)
        self.history_button = QPushButton(pgettext("button", "History"))
        set_role(self.history_button, "secondary")
        self.history_button.setAccessibleName(_("Your pain history and what helps"))
        self.history_button.setToolTip(_("Charts of your pain scores, what helps, and a report (Ctrl+H)"))
        bottom.addWidget(self.last_session, 1)
        self.routines_button = QPushButton(pgettext("button", "Routines"))
        set_role(self.routines_button, "secondary")
        self.routines_button.setAccessibleName(_("Make and change routines"))
        self.routines_button.setToolTip(_("Make your own routines, change, import and print them (Ctrl+R)"))
        bottom.addWidget(self.routines_button, 0, Qt.AlignmentFlag.AlignBottom)
        bottom.addWidget(self.history_button, 0, Qt.AlignmentFlag.AlignBottom)
        bottom.addWidget(self.start_button, 0, Qt.AlignmentFlag.AlignBottom)
        page.addLayout(bottom)

        self.routine_list.installEventFilter(self)
        self.routine_list.currentItemChanged.connect(self._on_current)
        self.routine_list.itemActivated.connect(lambda _item: self._start())
        follow_selection(self.routine_list)  # a row a screen reader selects becomes the chosen one
        self.start_button.clicked.connect(self._start)
        self.history_button.clicked.connect(self.history_requested)
        self.routines_button.clicked.connect(self.routines_requested)
        self.help_button.clicked.connect(self.help_requested)
        self.settings_button.clicked.connect(self.settings_requested)

    # -- filling in --------------------------------------------------------------------------------------

    def show_routines(self, rows: list[RoutineRow], selected: str | None = None) -> None:
        from sciatica_timer.ui.start.routine_delegate import RoutineDelegate  # after the first paint

        if rows and not isinstance(self.routine_list.itemDelegate(), RoutineDelegate):
            self.routine_list.setItemDelegate(RoutineDelegate(self.routine_list))
        self.routine_list.clear()
        for row in rows:
            item = QListWidgetItem(row.name)
            item.setData(ROW_ROLE, row)
            item.setData(
                Qt.ItemDataRole.AccessibleTextRole,
                _("{routine}, {facts}").format(routine=row.name, facts=row.facts),
            )
            item.setData(Qt.ItemDataRole.AccessibleDescriptionRole, row.description)
            item.setToolTip(row.description)
            self.routine_list.addItem(item)
        if rows:
            chosen = next((i for i, r in enumerate(rows) if r.id == selected), 0)
            self.routine_list.setCurrentRow(chosen)
        else:
            self.routine_list.addItem(QListWidgetItem(_("No routines could be read.")))
        self.start_button.setEnabled(bool(rows))
        self._fit_list()
        self.routine_list.setFocus()

    def _fit_list(self) -> None:
        """As tall as its routines (three to eight rows), so what follows sits right under them."""
        rows = min(max(3, self.routine_list.count()), 8)  # more than eight scroll inside the list
        row = (
            self.routine_list.sizeHintForRow(0)
            if self.routine_list.count()
            else self.fontMetrics().height() * 3
        )
        frame = self.routine_list.frameWidth() * 2 + self.fontMetrics().height()
        self.routine_list.setFixedHeight(rows * max(row, 1) + frame)

    def selected_routine(self) -> RoutineRow | None:
        item = self.routine_list.currentItem()
        row = item.data(ROW_ROLE) if item is not None else None
        return row if isinstance(row, RoutineRow) else None

    def select(self, routine_id: str) -> None:
        for index in range(self.routine_list.count()):
            row = self.routine_list.item(index).data(ROW_ROLE)
            if isinstance(row, RoutineRow) and row.id == routine_id:
                self.routine_list.setCurrentRow(index)
                return
        raise KeyError(f"no routine {routine_id!r} in the list")

    def show_notice(self, text: str | None) -> None:
        self.notice_text.setText(text or "")
        self.notice.setVisible(bool(text))

    def show_safety_advice(self, text: str, *, urgent: bool = False, more: str = "") -> None:
        """One line of advice from the safety answers ("" hides it); ``urgent`` for a warning sign today."""
        if not text and self.safety_line is None:
            return
        if self.safety_line is None:
            from sciatica_timer.ui.start.safety_check import SafetyLine

            self.safety_line = SafetyLine()
            self.safety_line.review_requested.connect(self.safety_requested)
            self._safety_slot.addWidget(self.safety_line)
        self.safety_line.show_advice(text, urgent=urgent, more=more)

    def show_last_session(self, text: str) -> None:
        self.last_session.setText(text)

    def offer_interrupted(self, rows: list[InterruptedRow]) -> InterruptedOffer | None:
        """Ask about the first interrupted session, if any; hide the offer when there is none."""
        if not rows:
            if self.offer is not None:
                self.offer.hide()
            return None
        offer = self._ensure_offer()
        offer.ask(rows[0], len(rows))
        return offer

    def offer_undo(self, text: str) -> InterruptedOffer:
        offer = self._ensure_offer()
        offer.offer_undo(text)
        return offer

    def hide_offer(self) -> None:
        if self.offer is not None:
            self.offer.hide()

    def add_line(self, line: QWidget) -> None:
        """A line from elsewhere above the routines (a reminder that has come); it shows and hides itself."""
        self._offer_slot.insertWidget(0, line)

    def _ensure_offer(self) -> InterruptedOffer:
        if self.offer is None:
            from sciatica_timer.ui.start.interrupted_offer import InterruptedOffer

            self.offer = InterruptedOffer()
            self.offer.save_requested.connect(self.interrupted_save)
            self.offer.discard_requested.connect(self.interrupted_discard)
            self.offer.undo_requested.connect(self.interrupted_undo)
            self._offer_slot.addWidget(self.offer)
        return self.offer

    def _on_current(self, item: QListWidgetItem | None) -> None:
        row = item.data(ROW_ROLE) if item is not None else None
        self.description.setText(row.description if isinstance(row, RoutineRow) else "")

    def _start(self) -> None:
        row = self.selected_routine()
        if row is not None:
            self.start_requested.emit(row.id)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.routine_list and event.type() == QEvent.Type.FontChange:
            self._fit_list()  # the text size changed in the settings: rows are taller or shorter now
        return super().eventFilter(watched, event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.start_button.isEnabled():
            self._start()
        else:
            super().keyPressEvent(event)
