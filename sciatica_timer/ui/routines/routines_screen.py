"""The routines screen: the built-in routines (read-only) and the user's own, with what can be done to each.

It only shows and asks: the workshop (routine_workshop.py) does the work and tells it what to show.
Keys: Enter edit (or duplicate a built-in one), Ctrl+N new, Ctrl+D duplicate, F2 rename, Delete delete,
Ctrl+O import, Ctrl+E export, Ctrl+P handout, Ctrl+Shift+P print, Ctrl+Z undo a delete, Esc back.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSize, Qt, Signal, SignalInstance
from PySide6.QtGui import QKeySequence, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QBoxLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from sciatica_timer.core.i18n import _, pgettext
from sciatica_timer.core.points import PointLibrary
from sciatica_timer.core.routine_edits import step_lengths
from sciatica_timer.core.routines import Routine
from sciatica_timer.ui.common.pages import scrolling
from sciatica_timer.ui.common.theme import scaled_font, set_role
from sciatica_timer.ui.routines.routine_words import routine_facts, step_facts, step_name, total_words
from sciatica_timer.ui.start.routine_delegate import RoutineDelegate
from sciatica_timer.ui.start.start_screen import ROW_ROLE, RoutineRow

NARROW_EM = 44  # below this width (in lines of text) the details go under the list
ACTION_COLUMNS = 3


class _Delegate(RoutineDelegate):
    """The start screen's two-line rows, and short rows for the two headings."""

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        if isinstance(index.data(ROW_ROLE), RoutineRow):
            return super().sizeHint(option, index)
        em = option.fontMetrics.height()
        return QSize(em * 10, round(em * 2.0))


def _label(text: str = "", role: str | None = None) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    if role is not None:
        set_role(label, role)
    return label


def _button(text: str, role: str, tip: str) -> QPushButton:
    button = QPushButton(text)
    set_role(button, role)
    button.setToolTip(tip)
    return button


class RoutinesScreen(QWidget):
    """Lists the routines; every button and key asks the workshop by a signal."""

    back_requested = Signal()
    new_requested = Signal()
    import_requested = Signal()
    undo_requested = Signal()
    edit_requested = Signal(str)  # routine id, for every signal below
    duplicate_requested = Signal(str)
    rename_requested = Signal(str)
    delete_requested = Signal(str)
    export_requested = Signal(str)
    handout_requested = Signal(str)
    print_requested = Signal(str)  # print the handout on paper
    start_requested = Signal(str)  # play this routine now (the pain check comes first, as from the start)

    def __init__(self, points: PointLibrary, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("routines-screen")
        set_role(self, "page")
        self.setAccessibleName(_("Routines"))
        self._points = points
        self._routines: dict[str, Routine] = {}
        self._narrow: bool | None = None
        em = self.fontMetrics().height()
        page = QVBoxLayout(self)
        page.setContentsMargins(round(em * 1.1), round(em * 0.8), round(em * 1.1), round(em * 0.6))
        page.setSpacing(round(em * 0.5))

        header = QHBoxLayout()
        self.back_button = _button(_("‹ Back"), "quiet", _("Back to the start (Esc)"))
        title = QLabel(_("Routines"))
        title.setFont(scaled_font(self.font(), 1.6, bold=True))
        self.import_button = _button(
            _("Import…"), "secondary", _("Add a routine file someone gave you (Ctrl+O)")
        )
        self.new_button = _button(_("New routine"), "primary", _("Build a routine from nothing (Ctrl+N)"))
        header.addWidget(self.back_button)
        header.addWidget(title, 1)
        header.addWidget(self.import_button)
        header.addWidget(self.new_button)
        page.addLayout(header)

        self.body = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.body.setSpacing(round(em * 1.2))
        self.routine_list = QListWidget()
        set_role(self.routine_list, "routines")
        self.routine_list.setAccessibleName(_("Routines"))
        self.routine_list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.routine_list.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.routine_list.setItemDelegate(_Delegate(self.routine_list))
        self.routine_list.setMinimumHeight(round(em * 10))
        self.body.addWidget(self.routine_list, 4)
        self.details = self._build_details(em)
        self.body.addWidget(self.details, 5)
        holder = QWidget()
        holder.setLayout(self.body)
        self.page_scroll = scrolling(holder)
        page.addWidget(self.page_scroll, 1)

        self.notice = QFrame()
        set_role(self.notice, "notice")
        notice_row = QHBoxLayout(self.notice)
        notice_row.setContentsMargins(round(em * 0.8), round(em * 0.4), round(em * 0.5), round(em * 0.4))
        self.notice_text = _label()
        self.notice_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.notice_undo = _button(_("Undo"), "secondary", _("Bring the routine back (Ctrl+Z)"))
        notice_row.addWidget(self.notice_text, 1)
        notice_row.addWidget(self.notice_undo, 0, Qt.AlignmentFlag.AlignVCenter)
        self.notice.hide()
        page.addWidget(self.notice)

        self.back_button.clicked.connect(self.back_requested)
        self.import_button.clicked.connect(self.import_requested)
        self.new_button.clicked.connect(self.new_requested)
        self.notice_undo.clicked.connect(self.undo_requested)
        self.edit_button.clicked.connect(lambda: self._ask(self.edit_requested))
        self.customize_button.clicked.connect(lambda: self._ask(self.duplicate_requested))
        self.duplicate_button.clicked.connect(lambda: self._ask(self.duplicate_requested))
        self.rename_button.clicked.connect(lambda: self._ask(self.rename_requested))
        self.delete_button.clicked.connect(lambda: self._ask(self.delete_requested))
        self.export_button.clicked.connect(lambda: self._ask(self.export_requested))
        self.handout_button.clicked.connect(lambda: self._ask(self.handout_requested))
        self.print_button.clicked.connect(lambda: self._ask(self.print_requested))
        self.start_button.clicked.connect(lambda: self._ask(self.start_requested))
        self.routine_list.currentItemChanged.connect(lambda _item, _old: self._show_selected())
        self.routine_list.itemActivated.connect(lambda _item: self._open_selected())
        keys = (
            ("Esc", self.back_requested.emit),
            ("Ctrl+N", self.new_requested.emit),
            ("Ctrl+O", self.import_requested.emit),
            ("Ctrl+Z", self.undo_requested.emit),
            ("Ctrl+D", lambda: self._ask(self.duplicate_requested)),
            ("F2", lambda: self._ask(self.rename_requested, own=True)),
            ("Del", lambda: self._ask(self.delete_requested, own=True)),
            ("Ctrl+E", lambda: self._ask(self.export_requested)),
            ("Ctrl+P", lambda: self._ask(self.handout_requested)),
            ("Ctrl+Shift+P", lambda: self._ask(self.print_requested)),
            ("Ctrl+Return", lambda: self._ask(self.start_requested)),
        )
        for sequence, slot in keys:
            shortcut = QShortcut(QKeySequence(sequence), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)

    def _build_details(self, em: int) -> QScrollArea:
        panel = QWidget()
        column = QVBoxLayout(panel)
        column.setContentsMargins(0, 0, round(em * 0.5), 0)
        column.setSpacing(round(em * 0.35))
        self.name = _label()
        self.name.setFont(scaled_font(self.font(), 1.35, bold=True))
        self.origin = _label("", "muted")
        self.facts = _label("", "muted")
        self.description = _label()
        column.addWidget(self.name)
        column.addWidget(self.origin)
        column.addWidget(self.facts)
        column.addWidget(self.description)
        column.addSpacing(round(em * 0.3))

        self.edit_button = _button(_("Edit"), "primary", _("Change the steps, timings and name (Enter)"))
        self.customize_button = _button(
            _("Duplicate to customize"), "primary", _("Make your own copy of this routine to change (Enter)")
        )
        self.rename_button = _button(_("Rename…"), "secondary", _("Give the routine another name (F2)"))
        self.duplicate_button = _button(
            _("Duplicate"), "secondary", _("Make a copy of this routine (Ctrl+D)")
        )
        self.delete_button = _button(
            _("Delete…"), "secondary", _("Delete this routine; you can undo it (Delete)")
        )
        self.export_button = _button(
            _("Export…"), "secondary", _("Save the routine as a file to share or keep (Ctrl+E)")
        )
        self.handout_button = _button(
            _("Save handout as PDF…"),
            "secondary",
            _("An A4 PDF to print or share, with each point's picture (Ctrl+P)"),
        )
        self.print_button = _button(
            _("Print…"), "secondary", _("Print the handout on paper: choose the printer first (Ctrl+Shift+P)")
        )
        self.start_button = _button(
            pgettext("button", "Start"), "primary", _("Play this routine now (Ctrl+Return)")
        )
        primary = QHBoxLayout()
        primary.addWidget(self.start_button)
        primary.addWidget(self.edit_button)
        primary.addWidget(self.customize_button)
        primary.addStretch(1)
        column.addLayout(primary)
        self.action_grid = QGridLayout()
        self.action_grid.setSpacing(round(em * 0.35))
        self.action_grid.setColumnStretch(ACTION_COLUMNS, 1)
        column.addLayout(self.action_grid)
        column.addSpacing(round(em * 0.4))
        steps_heading = _label(_("Steps"), "section")
        steps_heading.setFont(scaled_font(self.font(), 1.0, bold=True))
        self.steps = _label()
        self.total = _label("", "muted")
        column.addWidget(steps_heading)
        column.addWidget(self.steps)
        column.addWidget(self.total)
        column.addStretch(1)
        scroll = scrolling(panel)
        self.details_panel = panel
        return scroll

    # -- what is shown -------------------------------------------------------------------------------------

    def show_routines(self, routines: Sequence[Routine], selected: str | None = None) -> None:
        """The built-in routines, then the user's; ``selected`` (or the first of the user's) chosen."""
        current = self.selected()
        keep = selected or (current.id if current is not None else None)
        self._routines = {routine.id: routine for routine in routines}
        self.routine_list.blockSignals(True)
        self.routine_list.clear()
        builtins = [r for r in routines if r.builtin]
        own = [r for r in routines if not r.builtin]
        for heading, group in (
            (_("Your routines"), own),
            (_("Built in: duplicate one to change it"), builtins),
        ):
            head = QListWidgetItem(heading)
            head.setFlags(Qt.ItemFlag.NoItemFlags)
            head.setFont(scaled_font(self.font(), 1.0, bold=True))
            self.routine_list.addItem(head)
            if not group:
                empty = QListWidgetItem(_("None yet: press New routine, or duplicate a built-in one."))
                empty.setFlags(Qt.ItemFlag.NoItemFlags)
                self.routine_list.addItem(empty)
            for routine in group:
                row = RoutineRow(routine.id, routine.name, routine_facts(routine), routine.description)
                item = QListWidgetItem(routine.name)
                item.setData(ROW_ROLE, row)
                spoken = (
                    _("{name}, built in, {facts}") if routine.builtin else _("{name}, your routine, {facts}")
                )
                item.setData(
                    Qt.ItemDataRole.AccessibleTextRole, spoken.format(name=routine.name, facts=row.facts)
                )
                self.routine_list.addItem(item)
        self.routine_list.blockSignals(False)
        chosen = keep if keep in self._routines else (own[0].id if own else None)
        if chosen is None and builtins:
            chosen = builtins[0].id
        if chosen is not None:
            self.select(chosen)
        self._fit_list()
        self._show_selected()

    def select(self, routine_id: str) -> None:
        for index in range(self.routine_list.count()):
            row = self.routine_list.item(index).data(ROW_ROLE)
            if isinstance(row, RoutineRow) and row.id == routine_id:
                self.routine_list.setCurrentRow(index)
                return
        raise KeyError(f"no routine {routine_id!r} in the list")

    def selected(self) -> Routine | None:
        item = self.routine_list.currentItem()
        row = item.data(ROW_ROLE) if item is not None else None
        return self._routines.get(row.id) if isinstance(row, RoutineRow) else None

    def show_notice(self, text: str | None, *, undo: bool = False) -> None:
        self.notice_text.setText(text or "")
        self.notice_undo.setVisible(undo)
        self.notice.setVisible(bool(text))

    def _show_selected(self) -> None:
        routine = self.selected()
        has = routine is not None
        own = routine is not None and not routine.builtin
        for button in (
            self.duplicate_button,
            self.export_button,
            self.handout_button,
            self.print_button,
            self.start_button,
        ):
            button.setEnabled(has)
        self.edit_button.setVisible(own)
        self.customize_button.setVisible(has and not own)
        self._place_actions(own)
        if routine is None:
            for label in (self.name, self.origin, self.facts, self.description, self.steps, self.total):
                label.setText("")
            return
        self.name.setText(routine.name)
        self.origin.setText(
            _("Built in: it cannot be changed, but a copy of it can.")
            if routine.builtin
            else _("Your routine, kept in the file {file}").format(file=f"{routine.id}.json")
        )
        self.facts.setText(routine_facts(routine))
        self.description.setText(routine.description)
        self.description.setVisible(bool(routine.description))
        try:
            lengths = step_lengths(routine, self._points)
        except KeyError:
            lengths = tuple(0 for _ in routine.steps)
        self.steps.setText(
            "\n".join(
                f"{n}. {step_name(step, self._points)} — {step_facts(step, seconds)}"
                for n, (step, seconds) in enumerate(zip(routine.steps, lengths, strict=True), start=1)
            )
        )
        self.total.setText(total_words(routine))

    def _place_actions(self, own: bool) -> None:
        """The buttons that apply, in rows without gaps: a built-in routine cannot be renamed or deleted, and
        its one way to a copy is "Duplicate to customize"."""
        actions = (
            self.rename_button,
            self.duplicate_button,
            self.handout_button,
            self.print_button,
            self.export_button,
            self.delete_button,
        )
        own_only = (self.rename_button, self.delete_button, self.duplicate_button)
        shown = [b for b in actions if own or b not in own_only]
        for button in actions:
            self.action_grid.removeWidget(button)
            button.setVisible(button in shown)
        for position, button in enumerate(shown):
            self.action_grid.addWidget(button, position // ACTION_COLUMNS, position % ACTION_COLUMNS)

    def _ask(self, signal: SignalInstance, *, own: bool = False) -> None:
        routine = self.selected()
        if routine is None or (own and routine.builtin):
            return
        signal.emit(routine.id)

    def _open_selected(self) -> None:
        routine = self.selected()
        if routine is None:
            return
        (self.duplicate_requested if routine.builtin else self.edit_requested).emit(routine.id)

    # -- fitting the window ------------------------------------------------------------------------------

    def _fit_list(self) -> None:
        """Side by side the list takes the height there is; above the details (narrow) it is as tall as its
        rows, up to a point, and the page scrolls instead."""
        em = self.fontMetrics().height()
        if not self._narrow:
            self.routine_list.setMinimumHeight(round(em * 10))
            return
        rows = sum(self.routine_list.sizeHintForRow(row) for row in range(self.routine_list.count()))
        frame = self.routine_list.frameWidth() * 2 + em
        self.routine_list.setMinimumHeight(min(rows + frame, round(em * 26)))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        em = self.fontMetrics().height()
        narrow = self.width() < NARROW_EM * em
        if narrow == self._narrow:
            return
        self._narrow = narrow
        self._fit_list()
        if narrow:
            self.body.setDirection(QBoxLayout.Direction.TopToBottom)
            self.details.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            self.details.setMinimumHeight(self.details_panel.sizeHint().height())
        else:
            self.body.setDirection(QBoxLayout.Direction.LeftToRight)
            self.details.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
            self.details.setMinimumHeight(0)
