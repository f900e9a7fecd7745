"""The routine editor: name, description and steps of one routine, every change undoable, saved when valid.

The draft is a plain Routine; each edit is one of ``core.routine_edits``' pure functions, pushed on a
QUndoStack as the routine before and after. Problems come from the validator ``routines validate`` uses,
shown under the field they belong to, with what is allowed there.
Keys: Ctrl+Z undo, Ctrl+Shift+Z redo, Ctrl+S save, Esc back, Alt+Up/Alt+Down move a step, Delete remove it,
Alt+P/Alt+L/Alt+A/Alt+R add a point, a point to find first, an activity or a rest, F5 preview, Ctrl+P handout.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QPoint, QSize, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QColor,
    QDropEvent,
    QIcon,
    QKeyEvent,
    QKeySequence,
    QPainter,
    QPixmap,
    QResizeEvent,
    QShortcut,
    QUndoCommand,
    QUndoStack,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractSpinBox,
    QBoxLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from sciatica_timer.core import routine_edits as edits
from sciatica_timer.core.activity_pictures import activity_picture
from sciatica_timer.core.i18n import _, ngettext, pgettext
from sciatica_timer.core.plan import BreathingPattern
from sciatica_timer.core.points import PointLibrary
from sciatica_timer.core.routines import ActivityStep, PointStep, RestStep, Routine, Step
from sciatica_timer.errors import UserError
from sciatica_timer.storage.routine_files import RoutineRepository
from sciatica_timer.ui.common import dialogs
from sciatica_timer.ui.common.pages import scrolling
from sciatica_timer.ui.common.point_illustration import activity_thumbnail, thumbnail
from sciatica_timer.ui.common.theme import colors, scaled_font, set_role
from sciatica_timer.ui.routines.point_picker import PointPicker
from sciatica_timer.ui.routines.routine_words import step_facts, step_name, total_words
from sciatica_timer.ui.routines.step_forms import (
    ActivityForm,
    PointForm,
    RestForm,
    StepForm,
    error_label,
    text_box,
)

PROBLEMS_SHOWN = 2  # problems named in the line at the bottom; the rest are counted
NARROW_EM = 52  # below this width (in lines of text) the form goes under the steps instead of beside them


class DraftEdit(QUndoCommand):
    """One change to the draft: the routine before and after, and which step to show for each.

    Typing in one field merges into one command (``merge_id``), so Ctrl+Z undoes a word, not a letter.
    """

    def __init__(
        self,
        apply: Callable[[Routine, int | None], None],
        text: str,
        before: tuple[Routine, int | None],
        after: tuple[Routine, int | None],
        merge_id: int = -1,
    ) -> None:
        super().__init__(text)
        self._apply = apply
        self.before = before
        self.after = after
        self._merge_id = merge_id

    def redo(self) -> None:
        self._apply(*self.after)

    def undo(self) -> None:
        self._apply(*self.before)

    def id(self) -> int:
        return self._merge_id

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, DraftEdit) or other.id() != self._merge_id or self._merge_id == -1:
            return False
        self.after = other.after
        if self.after[0] == self.before[0]:
            self.setObsolete(True)  # typed and rubbed out again: nothing to undo
        return True


class UndoKeys(QObject):
    """Ctrl+Z and Ctrl+Shift+Z in a text field undo the draft, not just the field's own typing."""

    def __init__(self, stack: QUndoStack, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._stack = stack

    @staticmethod
    def _which(event: QKeyEvent) -> str | None:
        if event.matches(QKeySequence.StandardKey.Undo):
            return "undo"
        combo = event.keyCombination()
        shift_ctrl = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
        if event.matches(QKeySequence.StandardKey.Redo) or (
            combo.key() == Qt.Key.Key_Z and combo.keyboardModifiers() == shift_ctrl
        ):
            return "redo"
        return None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress):
            assert isinstance(event, QKeyEvent)  # noqa: S101 - both kinds are key events
            which = self._which(event)
            if which is not None:
                if kind == QEvent.Type.ShortcutOverride:
                    event.accept()  # deliver it as a key press, to be caught below
                elif which == "undo":
                    self._stack.undo()
                else:
                    self._stack.redo()
                return True
        return super().eventFilter(watched, event)


class StepList(QListWidget):
    """The steps in order; drag one to move it. The list never moves an item by itself: it asks."""

    move_requested = Signal(int, int)  # from, to (the position it ends up at)
    remove_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(_("Steps"))
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setWordWrap(True)
        set_role(self, "routines")
        em = self.fontMetrics().height()
        self.setIconSize(QSize(round(em * 2.1), round(em * 2.8)))
        self.setSpacing(2)

    def drop_target(self, position: QPoint) -> int:
        """The row a dragged step is dropped before (``count()``: after the last)."""
        index = self.indexAt(position)
        if not index.isValid():
            return self.count()
        rect = self.visualRect(index)
        return index.row() + (1 if position.y() > rect.center().y() else 0)

    def dropEvent(self, event: QDropEvent) -> None:
        source = self.currentRow()
        if event.source() not in (self, None) or source < 0:
            event.ignore()
            return
        before = self.drop_target(event.position().toPoint())
        to = before - 1 if before > source else before
        # Nothing done, as far as the drag knows: a "move" would make the view remove the dragged row after
        # the editor has moved the step and drawn the list again.
        event.setDropAction(Qt.DropAction.IgnoreAction)
        event.accept()
        if to != source:
            self.move_requested.emit(source, to)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.matches(QKeySequence.StandardKey.Delete) or event.key() == Qt.Key.Key_Backspace:
            self.remove_requested.emit()
            return
        super().keyPressEvent(event)


def _button(text: str, role: str, tip: str) -> QPushButton:
    button = QPushButton(text)
    set_role(button, role)
    button.setToolTip(tip)
    return button


class RoutineEditor(QWidget):
    """Edits one routine. ``open`` a routine (or a new one); ``saved`` tells when it reached the disk."""

    back_requested = Signal()
    saved = Signal(object)  # the Routine as saved
    preview_requested = Signal(object)  # the draft Routine, valid
    handout_requested = Signal(object)  # the draft Routine, valid

    def __init__(
        self, points: PointLibrary, repository: RoutineRepository, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("routine-editor")
        set_role(self, "page")
        self.setAccessibleName(_("Edit a routine"))
        self._points = points
        self._repository = repository
        self.draft = edits.blank_routine("new-routine")
        self.baseline = self.draft
        self.is_new = True
        self.problems: tuple[edits.FieldProblem, ...] = ()
        self._selected: int | None = None
        self._merge_ids: dict[tuple[object, ...], int] = {}
        self._narrow: bool | None = None
        self._saved_message = ""  # the status line's "Saved …", kept while nothing changes
        self.undo_stack = QUndoStack(self)
        self.undo_keys = UndoKeys(self.undo_stack, self)
        self.confirm: Callable[[str, str, str, str], bool] = lambda title, text, yes, no: dialogs.ask(
            self, title, text, yes, no
        )
        """A yes/no question: (title, text, yes, no) -> True for yes. Tests replace it."""
        self.ask_to_save: Callable[[str, str, str, str, str], str] = (
            lambda title, text, save, discard, cancel: dialogs.save_or_discard(
                self, title, text, save=save, discard=discard, cancel=cancel
            )
        )
        """Asks before leaving with unsaved changes: (title, text, save, discard, cancel) -> the answer."""
        self.picker: PointPicker | None = None
        self._picking: int | None = None  # the step whose point is being changed; None: adding a step

        em = self.fontMetrics().height()
        page = QVBoxLayout(self)
        page.setContentsMargins(round(em * 1.1), round(em * 0.8), round(em * 1.1), round(em * 0.6))
        page.setSpacing(round(em * 0.5))
        page.addLayout(self._build_header())
        self.body = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.body.setSpacing(round(em * 1.2))
        self.left = self._build_steps_column(em)
        self.form_scroll = self._build_form_column(em)
        self.body.addWidget(self.left, 5)
        self.body.addWidget(self.form_scroll, 6)
        holder = QWidget()
        holder.setLayout(self.body)
        self.page_scroll = scrolling(holder)
        page.addWidget(self.page_scroll, 1)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setAccessibleName(_("Status"))
        page.addWidget(self.status)
        self._build_keys()
        for widget in self.findChildren(QWidget):
            if isinstance(widget, QLineEdit | QPlainTextEdit | QAbstractSpinBox):
                widget.installEventFilter(self.undo_keys)
        self._render()

    # -- building ------------------------------------------------------------------------------------------

    def _build_header(self) -> QVBoxLayout:
        """Back and the routine's name; the actions beside them, or on a row of their own when narrow."""
        rows = QVBoxLayout()
        row = QHBoxLayout()
        self.header_row = row
        self.actions_row = QHBoxLayout()
        self.actions_row.addStretch(1)
        rows.addLayout(row)
        rows.addLayout(self.actions_row)
        self.back_button = _button(_("‹ Back"), "quiet", _("Back to the routines (Esc)"))
        self.back_button.clicked.connect(self.request_back)
        self.title = QLabel(_("Edit routine"))
        self.title.setFont(scaled_font(self.font(), 1.5, bold=True))
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.title.setWordWrap(True)
        self.preview_button = _button(_("Preview"), "secondary", _("Play this routine at 10× speed (F5)"))
        self.preview_button.clicked.connect(self.request_preview)
        self.handout_button = _button(
            _("Save handout as PDF…"),
            "secondary",
            _("An A4 PDF of the routine to print or share, with pictures (Ctrl+P)"),
        )
        self.handout_button.clicked.connect(self.request_handout)
        self.save_button = _button(pgettext("button", "Save"), "primary", _("Save the routine (Ctrl+S)"))
        self.save_button.clicked.connect(self.save)
        self.action_bar = QWidget()
        actions = QHBoxLayout(self.action_bar)
        actions.setContentsMargins(0, 0, 0, 0)
        actions.addWidget(self.preview_button)
        actions.addWidget(self.handout_button)
        actions.addWidget(self.save_button)
        row.addWidget(self.back_button)
        row.addWidget(self.title, 1)
        row.addWidget(self.action_bar)
        return rows

    def _build_steps_column(self, em: int) -> QWidget:
        column_widget = QWidget()
        column = QVBoxLayout(column_widget)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(round(em * 0.3))
        name_label = QLabel(_("Name"))
        self.name_edit = QLineEdit()
        self.name_edit.setAccessibleName(_("Name"))
        self.name_edit.setPlaceholderText(_("What to call this routine"))
        name_label.setBuddy(self.name_edit)
        self.name_error = error_label()
        self.name_edit.textEdited.connect(lambda text: self._edit_routine("name", text))
        description_label = QLabel(_("Description (optional)"))
        self.description_edit = text_box(
            _("Description"), _("What the routine is for, and what you need for it.")
        )
        self.description_edit.setFixedHeight(self.description_edit.fontMetrics().lineSpacing() * 3 + em)
        description_label.setBuddy(self.description_edit)
        self.description_error = error_label()
        self.description_edit.textChanged.connect(
            lambda: self._edit_routine("description", self.description_edit.toPlainText())
        )
        parts: tuple[QWidget, ...] = (name_label, self.name_edit, self.name_error)
        for widget in parts:
            column.addWidget(widget)
        column.addSpacing(round(em * 0.2))
        parts = (description_label, self.description_edit, self.description_error)
        for widget in parts:
            column.addWidget(widget)
        column.addSpacing(round(em * 0.4))

        steps_heading = QLabel(_("Steps"))
        steps_heading.setFont(scaled_font(self.font(), 1.15, bold=True))
        column.addWidget(steps_heading)
        self.total = QLabel()
        self.total.setAccessibleName(_("Total length"))
        self.total.setWordWrap(True)
        set_role(self.total, "muted")
        self.step_list = StepList()
        steps_heading.setBuddy(self.step_list)
        self.step_list.setMinimumHeight(round(em * 7))
        self.step_list.currentRowChanged.connect(self._on_current_row)
        self.step_list.move_requested.connect(self.move_step)
        self.step_list.remove_requested.connect(self.remove_selected)
        column.addWidget(self.step_list, 1)
        column.addWidget(self.total)
        self.steps_error = error_label()
        column.addWidget(self.steps_error)

        add_row = QHBoxLayout()
        add_row.setSpacing(round(em * 0.35))
        self.add_point_button = _button(
            _("Add point…"), "secondary", _("Add a step that presses a point (Alt+P)")
        )
        self.add_locate_button = _button(
            _("Add locate…"), "secondary", _("Add a point to find first: the timer waits for you (Alt+L)")
        )
        self.add_activity_button = _button(
            _("Add activity"), "secondary", _("Add a stretch or another timed activity (Alt+A)")
        )
        self.add_rest_button = _button(_("Add rest"), "secondary", _("Add a rest (Alt+R)"))
        self.add_point_button.clicked.connect(lambda: self.choose_point(find_first=False))
        self.add_locate_button.clicked.connect(lambda: self.choose_point(find_first=True))
        self.add_activity_button.clicked.connect(lambda: self.add_step(edits.new_activity_step()))
        self.add_rest_button.clicked.connect(lambda: self.add_step(edits.new_rest_step()))
        self.add_buttons = (
            self.add_point_button,
            self.add_locate_button,
            self.add_activity_button,
            self.add_rest_button,
        )
        for button in self.add_buttons:
            add_row.addWidget(button)
        add_row.addStretch(1)
        self.add_row = add_row
        column.addLayout(add_row)
        move_row = QHBoxLayout()
        move_row.setSpacing(round(em * 0.35))
        self.up_button = _button(_("Move up"), "quiet", _("Move the step up (Alt+Up, or drag it)"))
        self.down_button = _button(_("Move down"), "quiet", _("Move the step down (Alt+Down, or drag it)"))
        self.remove_button = _button(
            _("Remove"), "quiet", _("Remove the step (Delete); Ctrl+Z brings it back")
        )
        self.up_button.clicked.connect(lambda: self.move_selected(-1))
        self.down_button.clicked.connect(lambda: self.move_selected(1))
        self.remove_button.clicked.connect(self.remove_selected)
        move_row.addWidget(self.up_button)
        move_row.addWidget(self.down_button)
        move_row.addStretch(1)
        move_row.addWidget(self.remove_button)
        column.addLayout(move_row)
        return column_widget

    def _build_form_column(self, em: int) -> QScrollArea:
        self.forms = QStackedWidget()
        self.empty_form = QLabel(
            _(
                "Add a step to begin: a point to press, a point to find first, an activity such as a "
                "stretch, or a rest."
            )
        )
        self.empty_form.setWordWrap(True)
        self.empty_form.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        set_role(self.empty_form, "muted")
        self.point_form = PointForm(self._points)
        self.activity_form = ActivityForm()
        self.rest_form = RestForm()
        self.forms.addWidget(self.empty_form)
        for form in (self.point_form, self.activity_form, self.rest_form):
            self.forms.addWidget(form)
            form.changed.connect(self._edit_step)
        self.point_form.change_point_requested.connect(self._change_point)
        holder = QWidget()
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, round(em * 0.5), 0)
        column.addWidget(self.forms)
        column.addStretch(1)
        scroll = scrolling(holder)
        scroll.setAccessibleName(_("The chosen step"))
        return scroll

    def _build_keys(self) -> None:
        undo = self.undo_stack.createUndoAction(self, _("Undo"))
        undo.setShortcuts([QKeySequence(QKeySequence.StandardKey.Undo)])
        redo = self.undo_stack.createRedoAction(self, _("Redo"))
        redo_keys = QKeySequence.keyBindings(QKeySequence.StandardKey.Redo)
        if QKeySequence("Ctrl+Shift+Z") not in redo_keys:  # the platform's own, and the one most people know
            redo_keys.append(QKeySequence("Ctrl+Shift+Z"))
        redo.setShortcuts(redo_keys)
        self.undo_action: QAction = undo
        self.redo_action: QAction = redo
        for action in (undo, redo):
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.addActions([undo, redo])
        keys: tuple[tuple[str, Callable[[], object]], ...] = (
            ("Ctrl+S", self.save),
            ("Esc", self.request_back),
            ("Alt+Up", lambda: self.move_selected(-1)),
            ("Alt+Down", lambda: self.move_selected(1)),
            ("F5", self.request_preview),
            ("Ctrl+P", self.request_handout),
            # Not mnemonics: a mnemonic clicks its button a moment later, these act at once.
            ("Alt+P", lambda: self.choose_point(find_first=False)),
            ("Alt+L", lambda: self.choose_point(find_first=True)),
            ("Alt+A", lambda: self.add_step(edits.new_activity_step())),
            ("Alt+R", lambda: self.add_step(edits.new_rest_step())),
        )
        for sequence, slot in keys:
            shortcut = QShortcut(QKeySequence(sequence), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)

    # -- opening and the draft ----------------------------------------------------------------------------

    def open(self, routine: Routine, *, new: bool = False) -> None:
        """Edit ``routine``; ``new``: it has not been saved yet (its id is chosen from its name on save)."""
        self.undo_stack.clear()
        self._merge_ids.clear()
        self.is_new = new
        self.draft = dataclasses.replace(routine, builtin=False)
        self.baseline = self.draft
        self._selected = 0 if routine.steps else None
        self.status.setText("")
        self._render()
        if new:
            self.name_edit.setFocus()
            self.name_edit.selectAll()
        else:
            self.step_list.setFocus()

    @property
    def is_dirty(self) -> bool:
        """There are changes that are not saved (a new routine counts once it has a step or a new name)."""
        return self.draft != self.baseline

    def _apply(self, routine: Routine, selected: int | None) -> None:
        """Show ``routine`` as the draft (what every command and its undo do). The id never changes here."""
        self.draft = dataclasses.replace(routine, id=self.draft.id)
        if selected is not None and not 0 <= selected < len(routine.steps):
            selected = len(routine.steps) - 1 if routine.steps else None
        self._selected = selected
        self._render()

    def _push(self, text: str, after: Routine, selected: int | None, merge: tuple[object, ...] = ()) -> None:
        if after == self.draft and selected == self._selected:
            return
        merge_id = -1
        if merge:
            merge_id = self._merge_ids.setdefault(merge, len(self._merge_ids) + 1)
        self.undo_stack.push(
            DraftEdit(self._apply, text, (self.draft, self._selected), (after, selected), merge_id)
        )

    # -- edits -------------------------------------------------------------------------------------------

    def _edit_routine(self, field: str, value: str) -> None:
        if field == "name":
            self._push(_("rename the routine"), edits.rename(self.draft, value), self._selected, ("name",))
        elif value != self.draft.description:
            after = edits.describe(self.draft, value)
            self._push(_("change the description"), after, self._selected, ("description",))

    def _edit_step(self, field: str, value: object) -> None:
        index = self._selected
        if index is None:
            return
        step = self.draft.steps[index]
        if field == "breathing" or field.startswith("breathing."):
            after = self._with_breathing(index, step, field, value)
        else:
            if getattr(step, field, None) == value:
                return
            after = edits.change_step(self.draft, index, field, value)
        label = edits.STEP_RULES[type(step)].get(field, edits.FieldRule(field)).label
        shown = _(label) if label else label
        # The English label reads lower-case inside the sentence; a translation keeps its own capitals.
        field_words = label.lower() if shown == label else shown
        text = _("change the {field} of step {number}").format(field=field_words, number=index + 1)
        self._push(text, after, index, ("step", index, field))

    def _with_breathing(self, index: int, step: Step, field: str, value: object) -> Routine:
        if isinstance(step, RestStep):
            return self.draft
        if field == "breathing":
            pattern = value if isinstance(value, BreathingPattern) else None
            return edits.change_step(self.draft, index, "breathing", pattern)
        current = step.breathing or BreathingPattern()
        key = field.removeprefix("breathing.")
        seconds = float(value) if isinstance(value, int | float) else 0.0
        return edits.change_step(
            self.draft, index, "breathing", dataclasses.replace(current, **{key: seconds})
        )

    def add_step(self, step: Step) -> None:
        """Add ``step`` after the chosen one (at the end when none is chosen) and show it."""
        at = len(self.draft.steps) if self._selected is None else self._selected + 1
        kinds = {PointStep: _("add a point"), ActivityStep: _("add an activity"), RestStep: _("add a rest")}
        self._push(kinds[type(step)], edits.insert_step(self.draft, at, step), at)
        if isinstance(step, ActivityStep):
            self.activity_form.title.setFocus()
            self.activity_form.title.selectAll()

    def remove_selected(self) -> None:
        index = self._selected
        if index is None:
            return
        after = edits.remove_step(self.draft, index)
        selected = min(index, len(after.steps) - 1) if after.steps else None
        self._push(_("remove step {number}").format(number=index + 1), after, selected)
        self.step_list.setFocus()

    def move_selected(self, delta: int) -> None:
        index = self._selected
        if index is None:
            return
        to = index + delta
        if 0 <= to < len(self.draft.steps):
            self.move_step(index, to)

    def move_step(self, index: int, to: int) -> None:
        self._push(
            _("move step {number}").format(number=index + 1), edits.move_step(self.draft, index, to), to
        )

    def choose_point(self, *, find_first: bool) -> PointPicker:
        """Open the point picker to add a step (the picker's ``chosen`` adds it)."""
        self._picking = None
        picker = self._ensure_picker()
        picker.ask(find_first=find_first)
        return picker

    def _change_point(self) -> None:
        index = self._selected
        if index is None:
            return
        step = self.draft.steps[index]
        self._picking = index
        current = step.point_code if isinstance(step, PointStep) else None
        self._ensure_picker().ask(find_first=False, current=current, changing=True)

    def _ensure_picker(self) -> PointPicker:
        if self.picker is None:
            self.picker = PointPicker(self._points, self)
            self.picker.setStyleSheet(self.window().styleSheet())
            self.picker.chosen.connect(self._point_chosen)
            self.picker.finished.connect(self._picker_closed)
        return self.picker

    def _picker_closed(self) -> None:
        """The keys come back to the editor, window manager or not."""
        self.window().activateWindow()
        self.step_list.setFocus()

    def _point_chosen(self, code: str, find_first: bool) -> None:
        point = self._points.get(code)
        index = self._picking
        if index is None:
            self.add_step(edits.new_point_step(point, locate_first=find_first))
        elif index < len(self.draft.steps):
            self._push(
                _("change the point of step {number}").format(number=index + 1),
                edits.change_point(self.draft, index, point),
                index,
            )

    # -- saving, leaving ---------------------------------------------------------------------------------

    def say(self, text: str, *, problem: bool = False) -> None:
        self.status.setText(text)
        set_role(self.status, "danger" if problem else "muted")
        self.status.style().unpolish(self.status)
        self.status.style().polish(self.status)

    def _taken_ids(self) -> set[str]:
        listing = self._repository.load_all()
        taken = {routine.id for routine in listing.routines}
        taken |= {broken.path.stem for broken in listing.broken}
        return taken

    def save(self) -> bool:
        """Save the draft if it is valid; True when it is on disk. A problem is said in the status line."""
        if self.problems:
            self.say(_("Not saved: {problems}").format(problems=self._problem_summary()), problem=True)
            self._focus_problem()
            return False
        routine = self.draft
        renamed_from: str | None = None
        if self.is_new:
            routine = dataclasses.replace(routine, id=edits.unique_id(routine.name, self._taken_ids()))
        elif routine.name != self.baseline.name:
            # The file follows the name, as a rename on the Routines screen does: "my-routine.json"
            # becomes "evening-stretch.json", and the old file is moved aside, never lost.
            new_id = edits.unique_id(routine.name, self._taken_ids() - {routine.id})
            if new_id != routine.id:
                renamed_from, routine = routine.id, dataclasses.replace(routine, id=new_id)
        try:
            if renamed_from is not None:
                self._repository.save_renamed(routine, renamed_from)
            else:
                self._repository.save(routine)
        except UserError as exc:
            self.say(_("Not saved: {reason}").format(reason=exc), problem=True)
            return False
        self.is_new = False
        self.draft = routine
        self.baseline = routine
        self._render()
        self._saved_message = _("Saved “{name}”.").format(name=routine.name)
        self.say(self._saved_message)
        self.saved.emit(routine)
        return True

    def may_leave(self, *, closing: bool = False) -> bool:
        """True when there is nothing unsaved, or the person agrees to let the changes go."""
        if not self.is_dirty:
            return True
        name = self.draft.name.strip() or _("this routine")
        question = (
            _("Your changes to “{name}” are not saved yet. Save them before Sciatica Timer closes?")
            if closing
            else _("Your changes to “{name}” are not saved yet. Save them before you leave the editor?")
        )
        save = pgettext("button", "Save")
        keep = _("Keep editing")
        answer = self.ask_to_save(
            _("Save your changes?"),
            question.format(name=name),
            save,
            _("Close without saving") if closing else _("Leave without saving"),
            keep,
        )
        if answer == save:
            return self.save()  # a problem keeps the editor open, with the problem shown
        return answer != keep

    def request_back(self) -> None:
        if self.may_leave():
            self.baseline = self.draft  # let go: nothing to ask about again
            self.back_requested.emit()

    def request_preview(self) -> None:
        if self.problems:
            self.say(
                _("Fix this first to play a preview: {problems}").format(problems=self._problem_summary()),
                problem=True,
            )
            return
        self.preview_requested.emit(self.draft)

    def request_handout(self) -> None:
        if self.problems:
            self.say(
                _("Fix this first to print a handout: {problems}").format(problems=self._problem_summary()),
                problem=True,
            )
            return
        self.handout_requested.emit(self.draft)

    # -- showing the draft ---------------------------------------------------------------------------------

    def _render(self) -> None:
        draft = self.draft
        self.problems = edits.draft_problems(draft, self._points)
        lengths = self._lengths()
        self.title.setText(draft.name.strip() or _("Untitled routine"))
        if self.name_edit.text() != draft.name:
            self.name_edit.setText(draft.name)
        if self.description_edit.toPlainText() != draft.description:
            self.description_edit.blockSignals(True)
            self.description_edit.setPlainText(draft.description)
            self.description_edit.blockSignals(False)
        self.total.setText(total_words(draft) if draft.steps else "")
        self._render_list(lengths)
        self._render_form(lengths)
        self._render_problems()
        has = self._selected is not None
        self.up_button.setEnabled(has and (self._selected or 0) > 0)
        self.down_button.setEnabled(has and (self._selected or 0) < len(draft.steps) - 1)
        self.remove_button.setEnabled(has)
        valid = not self.problems
        self.save_button.setEnabled(valid and (self.is_dirty or self.is_new))
        self.preview_button.setEnabled(valid)
        self.handout_button.setEnabled(valid)

    def _lengths(self) -> tuple[int, ...]:
        try:
            return edits.step_lengths(self.draft, self._points)
        except KeyError:  # a point the library does not know: the validator names it
            return tuple(0 for _ in self.draft.steps)

    def _render_list(self, lengths: tuple[int, ...]) -> None:
        steps = self.draft.steps
        listing = self.step_list
        listing.blockSignals(True)
        try:
            while listing.count() > len(steps):
                listing.takeItem(listing.count() - 1)
            while listing.count() < len(steps):
                listing.addItem(QListWidgetItem())
            flagged = {p.step for p in self.problems if p.step is not None}
            c = colors(self.palette())
            for index, step in enumerate(steps):
                item = listing.item(index)
                name = step_name(step, self._points)
                facts = step_facts(step, lengths[index])
                text = f"{index + 1}. {name}\n{facts}"
                if index in flagged:
                    text += "\n" + _("Needs a fix")
                if item.text() != text:
                    item.setText(text)
                item.setIcon(self._icon(step, c.accent, c.track, c.muted))
                item.setData(Qt.ItemDataRole.AccessibleTextRole, text.replace("\n", ", "))
                item.setForeground(c.danger if index in flagged else c.text)
            if self._selected is None:
                listing.setCurrentRow(-1)
            elif listing.currentRow() != self._selected:
                listing.setCurrentRow(self._selected)
        finally:
            listing.blockSignals(False)

    def _icon(self, step: Step, accent: QColor, track: QColor, muted: QColor) -> QIcon:
        size = self.step_list.iconSize()
        ratio = self.devicePixelRatioF()
        if isinstance(step, PointStep) and step.point_code in self._points:
            return QIcon(thumbnail(self._points.get(step.point_code), step.sides, size, ratio, accent))
        if isinstance(step, ActivityStep):
            return QIcon(activity_thumbnail(activity_picture(step.title), size, ratio))
        pixmap = QPixmap(round(size.width() * ratio), round(size.height() * ratio))
        pixmap.setDevicePixelRatio(ratio)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(track)
        side = min(size.width(), size.height()) * 0.8
        left = (size.width() - side) / 2
        top = (size.height() - side) / 2
        painter.drawRoundedRect(round(left), round(top), round(side), round(side), side * 0.25, side * 0.25)
        painter.setPen(muted)
        font = scaled_font(self.font(), 1.2, bold=True)
        painter.setFont(font)
        letter = (
            pgettext("the letter on an activity step's icon", "A")
            if isinstance(step, ActivityStep)
            else pgettext("the letter on a rest step's icon", "R")
        )
        painter.drawText(
            round(left), round(top), round(side), round(side), Qt.AlignmentFlag.AlignCenter, letter
        )
        painter.end()
        return QIcon(pixmap)

    def _render_form(self, lengths: tuple[int, ...]) -> None:
        index = self._selected
        if index is None:
            self.forms.setCurrentWidget(self.empty_form)
            return
        step = self.draft.steps[index]
        seconds = lengths[index]
        form: StepForm
        if isinstance(step, PointStep):
            self.point_form.show_step(step, seconds)
            form = self.point_form
        elif isinstance(step, ActivityStep):
            self.activity_form.show_step(step, seconds)
            form = self.activity_form
        else:
            self.rest_form.show_step(step, seconds)
            form = self.rest_form
        if self.forms.currentWidget() is not form:
            self.forms.setCurrentWidget(form)
        form.show_problems({p.field: p.text for p in self.problems if p.step == index})

    def _render_problems(self) -> None:
        routine_problems = {p.field: p.text for p in self.problems if p.step is None}
        for field, label in (
            ("name", self.name_error),
            ("description", self.description_error),
            ("steps", self.steps_error),
        ):
            text = routine_problems.get(field, "")
            label.setText(text)
            label.setVisible(bool(text))
        self.name_edit.setAccessibleDescription(routine_problems.get("name", ""))
        if self.problems:
            self.say(self._problem_summary(), problem=True)
        elif self.is_dirty or self.is_new:
            self.say(_("Not saved yet. Ctrl+S saves."))
        elif self.status.text() != self._saved_message:
            self.say("")

    def _problem_summary(self) -> str:
        count = len(self.problems)
        named = "; ".join(str(p) for p in self.problems[:PROBLEMS_SHOWN])
        if count > PROBLEMS_SHOWN:
            more = count - PROBLEMS_SHOWN
            named = _("{problems}; and {count} more").format(problems=named, count=more)
        return ngettext(
            "{count} thing to fix before saving. {problems}.",
            "{count} things to fix before saving. {problems}.",
            count,
        ).format(count=count, problems=named)

    def _focus_problem(self) -> None:
        problem = self.problems[0]
        if problem.step is None:
            fields: dict[str, QWidget] = {"name": self.name_edit, "description": self.description_edit}
            widget = fields.get(problem.field, self.step_list)
            widget.setFocus()
            return
        if problem.step != self._selected:
            self._selected = problem.step
            self._render()
        form = self.forms.currentWidget()
        if isinstance(form, StepForm):
            target = form.first_problem_input({problem.field: problem.text})
            if target is not None:
                target.setFocus()
                self.form_scroll.ensureWidgetVisible(target)

    def _on_current_row(self, row: int) -> None:
        self._selected = row if row >= 0 else None
        self._render()

    # -- fitting the window ------------------------------------------------------------------------------

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        """On a narrow window (or with large text) the step's form goes under the list, and the page
        scrolls as one."""
        em = self.fontMetrics().height()
        narrow = self.width() < NARROW_EM * em
        if narrow == self._narrow:
            return
        self._narrow = narrow
        (self.header_row if narrow else self.actions_row).removeWidget(self.action_bar)
        (self.actions_row if narrow else self.header_row).addWidget(self.action_bar)
        if narrow:
            self.body.setDirection(QBoxLayout.Direction.TopToBottom)
            self.step_list.setMinimumHeight(round(em * 12))
            self.form_scroll.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            self.form_scroll.setWidgetResizable(True)
            self.form_scroll.setMinimumHeight(self.forms.sizeHint().height())
        else:
            self.body.setDirection(QBoxLayout.Direction.LeftToRight)
            self.step_list.setMinimumHeight(round(em * 7))
            self.form_scroll.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
            self.form_scroll.setMinimumHeight(0)
