"""The form for one step of a routine in the editor: a point step, an activity or a rest.

A form shows a step and its problems, and reports each change a person makes as ``changed(field, value)``
(field as in the routine file: "hold_s", "breathing.inhale_s"). It keeps no step of its own: the editor
applies the change to its draft, through the undo stack, and shows the result again.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QLocale, QSize, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from sciatica_timer.core.activity_pictures import activity_picture
from sciatica_timer.core.i18n import N_, _, pgettext
from sciatica_timer.core.plan import BreathingPattern
from sciatica_timer.core.points import PointLibrary
from sciatica_timer.core.routines import BREATH_S, ActivityStep, PointStep, RestStep, Sides, Step
from sciatica_timer.ui.common.point_illustration import activity_thumbnail, thumbnail
from sciatica_timer.ui.common.theme import colors, scaled_font, set_role
from sciatica_timer.ui.common.words import DEFAULT_BREATHING
from sciatica_timer.ui.common.wrapping_check import wrapping_check_box
from sciatica_timer.ui.routines.routine_words import activity_word, length_text, rest_word, sides_words

# Wider than the rules allow, on purpose: a value out of range is shown with what is allowed, not refused
# silently by the box.
WHOLE_LIMIT = 99_999
TEXT_LINES = 4  # the height of a text box, in lines


def error_label() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    set_role(label, "danger")
    label.hide()
    return label


def text_box(name: str, placeholder: str) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setAccessibleName(name)
    box.setPlaceholderText(placeholder)
    box.setTabChangesFocus(True)  # Tab moves on; a text box is not a place to type a tab
    box.setUndoRedoEnabled(False)  # the editor's undo covers every change, typing included
    lines = box.fontMetrics().lineSpacing() * TEXT_LINES
    box.setFixedHeight(lines + round(box.fontMetrics().height() * 0.9))
    return box


# Translators: after a number of seconds in a box ("30 s"), with its space.
SECONDS_SUFFIX = N_(" s")


def seconds_box(name: str, *, suffix: str = SECONDS_SUFFIX, limit: int = WHOLE_LIMIT) -> QSpinBox:
    box = QSpinBox()
    box.setAccessibleName(name)
    box.setRange(0, limit)
    box.setSuffix(_(suffix) if suffix else "")
    box.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    box.setMinimumWidth(box.fontMetrics().horizontalAdvance("00000 s") + box.fontMetrics().height() * 2)
    return box


class StepForm(QWidget):
    """What every form shares: the fields, their error lines, and the ``changed`` signal."""

    changed = Signal(str, object)  # field, new value: only for changes a person made

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._showing = False  # True while the form is being filled in from the draft
        self.errors: dict[str, QLabel] = {}
        self.inputs: dict[str, QWidget] = {}
        em = self.fontMetrics().height()
        self.grid = QGridLayout()
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setHorizontalSpacing(round(em * 0.8))
        self.grid.setVerticalSpacing(round(em * 0.25))
        self.grid.setColumnStretch(1, 1)
        self._row = 0

    def column_with_heading(self, heading: str) -> QVBoxLayout:
        """The form's main column, starting with its heading (for the activity and rest forms)."""
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(round(self.fontMetrics().height() * 0.5))
        title = QLabel(heading)
        title.setFont(scaled_font(self.font(), 1.2, bold=True))
        column.addWidget(title)
        return column

    def add_row(self, field: str, label: str, widget: QWidget, *, wide: bool = False) -> None:
        """A labelled field with its error line under it; ``wide`` puts the label above the field."""
        title = QLabel(label)
        title.setBuddy(widget)
        error = error_label()
        if wide:
            self.grid.addWidget(title, self._row, 0, 1, 2)
            self.grid.addWidget(widget, self._row + 1, 0, 1, 2)
            self._row += 2
        else:
            self.grid.addWidget(title, self._row, 0)
            self.grid.addWidget(widget, self._row, 1, Qt.AlignmentFlag.AlignLeft)
            self._row += 1
        self.grid.addWidget(error, self._row, 0, 1, 2)
        self._row += 1
        self.errors[field] = error
        self.inputs[field] = widget

    def add_widget(self, widget: QWidget) -> None:
        self.grid.addWidget(widget, self._row, 0, 1, 2)
        self._row += 1

    def connect_text(self, field: str, box: QLineEdit | QPlainTextEdit) -> None:
        if isinstance(box, QLineEdit):
            box.textEdited.connect(lambda text: self.changed.emit(field, text))
        else:
            box.textChanged.connect(lambda: self.report(field, box.toPlainText()))

    def connect_number(self, field: str, box: QSpinBox | QDoubleSpinBox) -> None:
        box.valueChanged.connect(lambda value: self.report(field, value))

    def report(self, field: str, value: object) -> None:
        if not self._showing:
            self.changed.emit(field, value)

    def show_problems(self, problems: Mapping[str, str]) -> None:
        """Each problem under its field (``problems``: field -> text naming the field and the range)."""
        for field, label in self.errors.items():
            text = problems.get(field, "")
            label.setText(text)
            label.setVisible(bool(text))
            self.inputs[field].setAccessibleDescription(text)

    def first_problem_input(self, problems: Mapping[str, str]) -> QWidget | None:
        for field in self.errors:
            if field in problems:
                return self.inputs[field]
        return None


def _set_text(box: QLineEdit | QPlainTextEdit, text: str) -> None:
    """Fill a field without moving the cursor of someone typing in it (the text is already the same)."""
    current = box.text() if isinstance(box, QLineEdit) else box.toPlainText()
    if current != text:
        if isinstance(box, QLineEdit):
            box.setText(text)
        else:
            box.setPlainText(text)


def _set_number(box: QSpinBox | QDoubleSpinBox, value: float) -> None:
    if box.value() != value:
        box.setValue(value)  # type: ignore[arg-type]  # an int for a QSpinBox, a float for the other


class BreathingFields:
    """Paced breathing: on or off, and the seconds in and out (three rows of a step's form)."""

    def __init__(self, form: StepForm) -> None:
        toggle_row, self.toggle, self.toggle_label = wrapping_check_box(
            _("Pace my breathing during this step")
        )
        self.inhale = self._box(_("Breathe in"))
        self.exhale = self._box(_("Breathe out"))
        form.add_widget(toggle_row)
        form.add_row("breathing.inhale_s", _("Breathe in"), self.inhale)
        form.add_row("breathing.exhale_s", _("Breathe out"), self.exhale)
        self.toggle.toggled.connect(lambda on: form.report("breathing", DEFAULT_BREATHING if on else None))
        form.connect_number("breathing.inhale_s", self.inhale)
        form.connect_number("breathing.exhale_s", self.exhale)

    @staticmethod
    def _box(name: str) -> QDoubleSpinBox:
        box = QDoubleSpinBox()
        box.setAccessibleName(name)
        box.setDecimals(1)
        box.setRange(0, 99)
        box.setSingleStep(0.5)
        box.setSuffix(_(SECONDS_SUFFIX))
        number = QLocale()
        box.setToolTip(
            _("{minimum}–{maximum} s; a half second is fine ({example})").format(
                minimum=number.toString(float(BREATH_S.minimum), "g", 6),
                maximum=number.toString(int(BREATH_S.maximum)),
                example=number.toString(5.5, "f", 1),
            )
        )
        return box

    def show_pattern(self, pattern: BreathingPattern | None) -> None:
        self.toggle.setChecked(pattern is not None)
        shown = pattern or DEFAULT_BREATHING
        _set_number(self.inhale, shown.inhale_s)
        _set_number(self.exhale, shown.exhale_s)
        self.inhale.setEnabled(pattern is not None)
        self.exhale.setEnabled(pattern is not None)


class PointForm(StepForm):
    """A point step: which point, sides, finding it first, rounds and timings, breathing, instructions."""

    change_point_requested = Signal()

    def __init__(self, points: PointLibrary, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._points = points
        em = self.fontMetrics().height()
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(round(em * 0.5))

        head = QHBoxLayout()
        head.setSpacing(round(em * 0.8))
        self.thumbnail = QLabel()
        self.thumbnail_size = QSize(round(em * 4.2), round(em * 5.6))
        self.thumbnail.setFixedSize(self.thumbnail_size)
        self.thumbnail.setAccessibleName(_("Where the point is"))
        names = QVBoxLayout()
        names.setSpacing(round(em * 0.15))
        self.point_name = QLabel()
        self.point_name.setFont(scaled_font(self.font(), 1.2, bold=True))
        self.point_name.setWordWrap(True)
        self.point_region = QLabel()
        self.point_region.setWordWrap(True)
        set_role(self.point_region, "muted")
        self.change_point = QPushButton(_("Change point…"))
        set_role(self.change_point, "secondary")
        self.change_point.setToolTip(_("Choose another point for this step"))
        self.change_point.clicked.connect(self.change_point_requested)
        names.addWidget(self.point_name)
        names.addWidget(self.point_region)
        names.addWidget(self.change_point, 0, Qt.AlignmentFlag.AlignLeft)
        names.addStretch(1)
        head.addWidget(self.thumbnail, 0, Qt.AlignmentFlag.AlignTop)
        head.addLayout(names, 1)
        column.addLayout(head)
        self.errors["point"] = error_label()
        self.inputs["point"] = self.change_point
        column.addWidget(self.errors["point"])

        self.sides = QComboBox()
        self.sides.setAccessibleName(_("Sides"))
        self.add_row("sides", _("Sides"), self.sides)
        # Qt hands the data back as plain text: made a Sides again here.
        self.sides.activated.connect(lambda _index: self.report("sides", Sides(self.sides.currentData())))
        locate_row, self.locate_first, self.locate_first_label = wrapping_check_box(
            _("Find the point first: the timer waits until you have found it")
        )
        locate_tip = _(
            "A locate step: before each side, the player shows how to find the point and waits for you"
        )
        self.locate_first.setToolTip(locate_tip)
        self.locate_first_label.setToolTip(locate_tip)
        self.add_widget(locate_row)
        self.errors["locate_first"] = error_label()
        self.inputs["locate_first"] = self.locate_first
        self.add_widget(self.errors["locate_first"])
        self.locate_first.toggled.connect(lambda on: self.report("locate_first", on))
        self.repetitions = seconds_box(_("Rounds per side"), suffix="", limit=999)
        self.add_row("repetitions", _("Rounds per side"), self.repetitions)
        self.connect_number("repetitions", self.repetitions)
        self.timings: dict[str, QSpinBox] = {}
        for field, label in (
            ("press_s", pgettext("phase", "Press")),
            ("hold_s", pgettext("phase", "Hold")),
            ("release_s", pgettext("phase", "Release")),
            ("breathe_s", pgettext("phase", "Breathe")),
        ):
            box = seconds_box(label)
            self.add_row(field, label, box)
            self.connect_number(field, box)
            self.timings[field] = box
        self.breathing = BreathingFields(self)
        self.instructions = text_box(
            _("Instructions"), _("How to reach the point in this routine: a thumb, a ball against the chair…")
        )
        self.add_row("instructions", _("Instructions for this step (optional)"), self.instructions, wide=True)
        self.connect_text("instructions", self.instructions)
        column.addLayout(self.grid)
        self.length = QLabel()
        set_role(self.length, "muted")
        column.addWidget(self.length)
        column.addStretch(1)

    def show_step(self, step: PointStep, seconds: float) -> None:
        self._showing = True
        try:
            known = step.point_code in self._points
            if known:
                point = self._points.get(step.point_code)
                self.point_name.setText(f"{point.code} · {point.english_name}")
                self.point_region.setText(f"{point.name} · {point.region}")
                accent = colors(self.palette()).accent
                self.thumbnail.setPixmap(
                    thumbnail(point, step.sides, self.thumbnail_size, self.devicePixelRatioF(), accent)
                )
                choices = [Sides.BOTH, Sides.LEFT, Sides.RIGHT] if point.bilateral else [Sides.MIDLINE]
            else:
                self.point_name.setText(step.point_code or _("No point chosen"))
                self.point_region.setText("")
                self.thumbnail.clear()
                choices = list(Sides)
            if [Sides(self.sides.itemData(i)) for i in range(self.sides.count())] != choices:
                self.sides.clear()
                for sides in choices:
                    self.sides.addItem(sides_words(sides), sides)
            index = self.sides.findData(step.sides)
            self.sides.setCurrentIndex(index)
            self.locate_first.setChecked(step.locate_first)
            _set_number(self.repetitions, step.repetitions)
            for field, box in self.timings.items():
                _set_number(box, getattr(step, field))
            self.breathing.show_pattern(step.breathing)
            _set_text(self.instructions, step.instructions)
            self.length.setText(_("This step takes {length}").format(length=length_text(seconds)))
        finally:
            self._showing = False


class ActivityForm(StepForm):
    """An activity: a title, what to do, how long, and paced breathing if wanted."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        column = self.column_with_heading(activity_word())
        note = QLabel(_("A stretch, heat or cold, lying on an acupressure mat: anything timed."))
        note.setWordWrap(True)
        set_role(note, "muted")
        em = self.fontMetrics().height()
        head = QHBoxLayout()
        head.setSpacing(round(em * 0.8))
        self.picture = QLabel()
        self.picture_size = QSize(round(em * 4.2), round(em * 5.6))
        self.picture.setFixedSize(self.picture_size)
        self.picture.setAccessibleName(_("The activity's picture"))
        self.picture_id = ""  # the illustration shown, from the title
        head.addWidget(self.picture, 0, Qt.AlignmentFlag.AlignTop)
        head.addWidget(note, 1, Qt.AlignmentFlag.AlignTop)
        column.addLayout(head)
        self.title = QLineEdit()
        self.title.setAccessibleName(_("Title"))
        self.add_row("title", _("Title"), self.title, wide=True)
        self.connect_text("title", self.title)
        self.instructions = text_box(_("Instructions"), _("What to do, step by step, in a few sentences."))
        self.add_row("instructions", _("Instructions"), self.instructions, wide=True)
        self.connect_text("instructions", self.instructions)
        self.duration = seconds_box(_("Length"))
        self.add_row("duration_s", _("Length"), self.duration)
        self.connect_number("duration_s", self.duration)
        self.breathing = BreathingFields(self)
        column.addLayout(self.grid)
        self.length = QLabel()
        set_role(self.length, "muted")
        column.addWidget(self.length)
        column.addStretch(1)

    def show_step(self, step: ActivityStep, seconds: float) -> None:
        self._showing = True
        try:
            _set_text(self.title, step.title)
            self.picture_id = activity_picture(step.title)
            self.picture.setPixmap(
                activity_thumbnail(self.picture_id, self.picture_size, self.devicePixelRatioF())
            )
            _set_text(self.instructions, step.instructions)
            _set_number(self.duration, step.duration_s)
            self.breathing.show_pattern(step.breathing)
            self.length.setText(_("This step takes {length}").format(length=length_text(seconds)))
        finally:
            self._showing = False


class RestForm(StepForm):
    """A rest: how long, and what to say while it runs."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        column = self.column_with_heading(rest_word())
        self.duration = seconds_box(_("Length"))
        self.add_row("duration_s", _("Length"), self.duration)
        self.connect_number("duration_s", self.duration)
        self.text = text_box(_("Text"), _("Rest comfortably until the timer ends."))
        self.add_row("text", _("What to do while resting (optional)"), self.text, wide=True)
        self.connect_text("text", self.text)
        column.addLayout(self.grid)
        self.length = QLabel()
        set_role(self.length, "muted")
        column.addWidget(self.length)
        column.addStretch(1)

    def show_step(self, step: RestStep, seconds: float) -> None:
        self._showing = True
        try:
            _set_number(self.duration, step.duration_s)
            _set_text(self.text, step.text)
            self.length.setText(_("This step takes {length}").format(length=length_text(seconds)))
        finally:
            self._showing = False


def form_kind(step: Step) -> type[StepForm]:
    if isinstance(step, PointStep):
        return PointForm
    if isinstance(step, ActivityStep):
        return ActivityForm
    return RestForm
