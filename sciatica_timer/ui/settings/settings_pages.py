"""The pages of the settings dialog: each shows its part of a Settings and reads it back from its controls.

A page never saves anything: it says ``edited`` and the dialog reads it back (``read``), applies and saves.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace

from PySide6.QtCore import QEvent, QLocale, QObject, QSize, Qt, QTime, Signal
from PySide6.QtGui import QFont, QFontDatabase, QKeyEvent, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QSizePolicy,
    QSlider,
    QSpinBox,
    QStyle,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from sciatica_timer.core.cues import Cue, CueSettings
from sciatica_timer.core.i18n import N_, _, ngettext, pgettext
from sciatica_timer.core.look import TEXT_SCALE_PERCENT, Theme
from sciatica_timer.core.plan import BreathingPattern
from sciatica_timer.core.routines import BREATH_S
from sciatica_timer.core.settings import (
    AWAY_AFTER_MIN,
    DAILY_TIMES,
    FOLLOW_UP_MIN,
    REMINDER_INTERVAL_H,
    SNOOZE_MIN,
    FollowUpSettings,
    Minute,
    ReminderSettings,
    Settings,
)
from sciatica_timer.ui.common.pages import scrolling, spacing
from sciatica_timer.ui.common.theme import scaled_font, set_role
from sciatica_timer.ui.settings.fields import TimeField, plural_suffix

CUE_WORDS = {  # each cue as the Sounds page names it: when it plays (translated where shown)
    Cue.PRESS: N_("Press: start pressing gently"),
    Cue.HOLD: N_("Hold: keep the pressure steady"),
    Cue.RELEASE: N_("Release: ease off slowly"),
    Cue.BREATHE_IN: N_("Breathe in"),
    Cue.BREATHE_OUT: N_("Breathe out"),
    Cue.SWITCH_SIDE: N_("Switch to the other side"),
    Cue.NEXT_POINT: N_("Next point or step"),
    Cue.COMPLETE: N_("Routine complete"),
}
DAYS_IN_WEEK = 7
RoutineChoice = tuple[str, str]  # (id, name), in the order the start screen lists them


def cue_name(cue: Cue) -> str:
    """A cue's short name, as the sample line and a screen reader say it: "Press", "Breathe in"."""
    names = {
        Cue.PRESS: pgettext("sound cue", "Press"),
        Cue.HOLD: pgettext("sound cue", "Hold"),
        Cue.RELEASE: pgettext("sound cue", "Release"),
        Cue.BREATHE_IN: pgettext("sound cue", "Breathe in"),
        Cue.BREATHE_OUT: pgettext("sound cue", "Breathe out"),
        Cue.SWITCH_SIDE: pgettext("sound cue", "Switch side"),
        Cue.NEXT_POINT: pgettext("sound cue", "Next point"),
        Cue.COMPLETE: pgettext("sound cue", "Complete"),
    }
    return names.get(cue, cue.label)


def _locale() -> QLocale:
    """The person's locale for day names and numbers; English (as the text is written) when none is set."""
    chosen = QLocale()
    if chosen.language() == QLocale.Language.C:
        return QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)
    return chosen


def day_names() -> list[tuple[str, str]]:
    """(short, full) name of each day, Monday first, in the person's language: ("Mon", "Monday")."""
    locale = _locale()
    return [
        (
            locale.dayName(day, QLocale.FormatType.ShortFormat),
            locale.dayName(day, QLocale.FormatType.LongFormat),
        )
        for day in range(1, DAYS_IN_WEEK + 1)
    ]


def percent_words(value: int) -> str:
    """ "80 %", with the number as the person's language writes it."""
    return pgettext("percent", "{value} %").format(value=_locale().toString(value))


def label(text: str = "", *, role: str | None = None, wrap: bool = True) -> QLabel:
    shown = QLabel(text)
    shown.setWordWrap(wrap)
    shown.setTextFormat(Qt.TextFormat.PlainText)
    if role is not None:
        set_role(shown, role)
    return shown


def _heading(text: str, widget: QWidget) -> QLabel:
    heading = label(text, role="section", wrap=False)
    heading.setFont(scaled_font(widget.font(), 1.05, bold=True))
    return heading


def _quiet_spin(box: QAbstractSpinBox) -> None:
    # Typing "150" must not apply 1 and 15 on the way: the value counts once it is entered or left.
    box.setKeyboardTracking(False)
    box.setCorrectionMode(QAbstractSpinBox.CorrectionMode.CorrectToNearestValue)


def _minute(time: QTime) -> Minute:
    return Minute(time.hour(), time.minute())


def _qtime(minute: Minute) -> QTime:
    return QTime(minute.hour, minute.minute)


def _fill_routines(box: QComboBox, first: str, routines: Sequence[RoutineChoice], chosen: str | None) -> None:
    """``first`` (None: the usual choice) then every routine; a chosen one no longer there stays, marked."""
    box.clear()
    box.addItem(first, None)
    for routine_id, name in routines:
        box.addItem(name, routine_id)
    if chosen is not None and box.findData(chosen) < 0:
        box.addItem(_("{routine} (no longer in the list)").format(routine=chosen), chosen)
    box.setCurrentIndex(max(0, box.findData(chosen)) if chosen is not None else 0)


class ColumnsThatFit(QWidget):
    """Widgets in a grid of as many columns as fit the width (at most ``most``): two columns of cues side by
    side, or the seven days in a row, fold into fewer when the text is large or the window small.

    Placed by hand, not by a QGridLayout: a layout would hold the widget as wide as its columns, and the
    page's layout would not ask this widget how tall it is at a given width.
    """

    def __init__(self, widgets: Sequence[QWidget], most: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._widgets = list(widgets)
        self._most = max(1, most)
        self._gaps = (6, 6)
        for widget in self._widgets:
            widget.setParent(self)
        # Preferred, not Fixed, down: a layout then gives it its height for its width, not its sizeHint's.
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def set_spacing(self, horizontal: int, vertical: int) -> None:
        self._gaps = (horizontal, vertical)
        self.updateGeometry()

    def _cell(self) -> QSize:
        width = max(widget.sizeHint().width() for widget in self._widgets)
        height = max(widget.sizeHint().height() for widget in self._widgets)
        return QSize(width, height)

    def _fitting(self, width: int) -> int:
        gap = self._gaps[0]
        return max(
            1, min(self._most, len(self._widgets), (width + gap) // max(1, self._cell().width() + gap))
        )

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        rows = -(-len(self._widgets) // self._fitting(width))
        return rows * self._cell().height() + (rows - 1) * self._gaps[1]

    def sizeHint(self) -> QSize:
        columns = min(self._most, len(self._widgets))
        width = columns * self._cell().width() + (columns - 1) * self._gaps[0]
        return QSize(width, self.heightForWidth(width))

    def minimumSizeHint(self) -> QSize:
        # As narrow as one column, but only as tall as the widest arrangement: the page's scroll area takes
        # the larger of this height and heightForWidth, so one column's height here would leave a gap below.
        cell = self._cell()
        return QSize(cell.width(), self.heightForWidth(self.sizeHint().width()))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._place(event.size().width())

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._place(self.width())

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self.updateGeometry()
            self._place(self.width())

    def _place(self, width: int) -> None:
        columns = self._fitting(width)
        cell = self._cell()
        gap_x, gap_y = self._gaps
        for index, widget in enumerate(self._widgets):
            row, column = divmod(index, columns)
            widget.setGeometry(
                column * (cell.width() + gap_x), row * (cell.height() + gap_y), cell.width(), cell.height()
            )
        if self.height() != self.heightForWidth(width):
            self.updateGeometry()


class SectionColumns(QWidget):
    """A page's sections (a heading and its controls, each a widget) in one column, or in two side by side:
    those before the page's ``next_column`` on the left, the rest on the right, so the reading order and
    the Tab order stay the same. The page chooses (``set_two``); placed by hand, as ColumnsThatFit is.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.sections: list[QWidget] = []
        self.split = 0  # the first section of the right-hand column (0: no second column)
        self.two = False
        self._gaps = (24, 10)
        # As tall as its height for the width it is given (the page's stretch below takes any more).
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def add(self, section: QWidget) -> None:
        section.setParent(self)
        self.sections.append(section)
        self.updateGeometry()

    def set_spacing(self, horizontal: int, vertical: int) -> None:
        self._gaps = (horizontal, vertical)
        self.updateGeometry()

    def set_two(self, two: bool) -> None:
        two = two and 0 < self.split < len(self.sections)
        if two != self.two:
            self.two = two
            self.updateGeometry()
            self._place(self.width())

    def _columns(self, two: bool) -> list[list[QWidget]]:
        shown = [section for section in self.sections if not section.isHidden()]
        if not two:
            return [shown]
        right = set(map(id, self.sections[self.split :]))
        return [[s for s in shown if id(s) not in right], [s for s in shown if id(s) in right]]

    @staticmethod
    def _height(section: QWidget, width: int) -> int:
        height = section.heightForWidth(width) if section.hasHeightForWidth() else -1
        return max(height, section.minimumSizeHint().height()) if height >= 0 else section.sizeHint().height()

    def _column_width(self, width: int, two: bool) -> int:
        return max(1, (width - self._gaps[0]) // 2) if two else width

    def height_in(self, width: int, *, two: bool) -> int:
        """How tall the sections are at ``width``, in two columns or in one."""
        column_width = self._column_width(width, two)
        heights = [
            sum(self._height(s, column_width) for s in column) + self._gaps[1] * max(0, len(column) - 1)
            for column in self._columns(two)
        ]
        return max(heights, default=0)

    def width_for_two(self) -> int:
        """The least width at which two columns show every control whole."""
        widest = max((s.minimumSizeHint().width() for s in self.sections), default=0)
        return widest * 2 + self._gaps[0]

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self.height_in(width, two=self.two)

    def sizeHint(self) -> QSize:
        widest = max((s.sizeHint().width() for s in self.sections), default=0)
        width = widest * 2 + self._gaps[0] if self.two else widest
        return QSize(width, self.heightForWidth(width))

    def minimumSizeHint(self) -> QSize:
        widest = max((s.minimumSizeHint().width() for s in self.sections), default=0)
        width = widest * 2 + self._gaps[0] if self.two else widest
        # No height of its own: its layout asks heightForWidth, and the page's scroll area takes the larger
        # of that and the minimum as the page's height (a narrow width's height here would leave a gap).
        return QSize(width, 0)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LayoutRequest:  # a section grew, shrank, showed or hid
            self.updateGeometry()
            self._place(self.width())
        return super().event(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._place(event.size().width())

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._place(self.width())

    def _place(self, width: int) -> None:
        column_width = self._column_width(width, self.two)
        for index, column in enumerate(self._columns(self.two)):
            x, y = index * (column_width + self._gaps[0]), 0
            for section in column:
                height = self._height(section, column_width)
                section.setGeometry(x, y, column_width, height)
                y += height + self._gaps[1]


class _LayoutWatcher(QObject):
    """Calls ``react`` whenever ``watched`` is about to lay out its children again."""

    def __init__(self, watched: QWidget, react: Callable[[], None]) -> None:
        super().__init__(watched)
        self._react = react
        watched.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LayoutRequest:
            self._react()
        return super().eventFilter(watched, event)


class SettingsPage(QWidget):
    """One page: a title, its controls in a scrolling column, and "Restore defaults" for its own part.

    Controls added before the first ``section`` lead the page across its whole width; the sections
    follow, in one column, or in two where one column would need a scroll bar and two fit side by side.
    """

    edited = Signal()  # a control changed; the dialog reads the page back

    has_defaults = True  # whether "Restore defaults" means something here

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._filling = False
        self.setAccessibleName(self.title)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.content = QWidget()
        self._content_column = QVBoxLayout(self.content)
        margin = spacing(self, 0.9, 16)
        self._content_column.setContentsMargins(margin, margin, margin, margin)
        self._content_column.setSpacing(spacing(self, 0.5, 10))
        title = label(self.title, wrap=False)
        title.setFont(scaled_font(self.font(), 1.35, bold=True))
        self._content_column.addWidget(title)
        self.column = self._content_column  # where controls go: the lead, then each section's own column
        self.sections = SectionColumns()
        self.sections.set_spacing(spacing(self, 1.2, 24), spacing(self, 0.9, 18))
        self.area = scrolling(self.content)
        # Should a line still not fit (very large text in a small window), it can be scrolled to, not lost.
        self.area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        outer.addWidget(self.area)
        # A change of text or of text size may call for two columns (or one again).
        self._watcher = _LayoutWatcher(self.content, self._arrange)

    @property
    def title(self) -> str:
        """The page's name, in the list of pages and above its controls."""
        return ""

    def finish(self) -> None:
        """Called by a page once its controls are added: the sections, then the rest of the page is space."""
        if self.sections.sections:
            self._content_column.addWidget(self.sections)
        self._content_column.addStretch(1)

    def section(self, text: str) -> QLabel:
        """A heading; the controls added after it belong to its section."""
        box = QWidget()
        self.column = QVBoxLayout(box)
        self.column.setContentsMargins(0, 0, 0, 0)
        self.column.setSpacing(self._content_column.spacing())
        heading = _heading(text, self)
        self.column.addWidget(heading)
        self.sections.add(box)
        return heading

    def next_column(self) -> None:
        """The sections from here on make the right-hand column, when there are two."""
        self.sections.split = len(self.sections.sections)

    def hint(self, text: str) -> QLabel:
        shown = label(text, role="muted")
        self.column.addWidget(shown)
        return shown

    def form(self) -> QFormLayout:
        form = QFormLayout()
        form.setContentsMargins(0, 0, 0, 0)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.column.addLayout(form)
        return form

    # -- one column or two -------------------------------------------------------------------------------

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._arrange()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._arrange()

    def _arrange(self) -> None:
        """Two columns when one would need scrolling and two fit the width (beside a scroll bar, should
        even two need one); one otherwise. Decided from sizes only, so it never flips back and forth."""
        sections = self.sections
        if not (0 < sections.split < len(sections.sections)):
            return
        margins = self._content_column.contentsMargins()
        width = self.area.width() - margins.left() - margins.right()
        now = self._content_column.totalHeightForWidth(self.area.width())
        rest = now - sections.heightForWidth(width)  # the title and the lead
        one_column = rest + sections.height_in(width, two=False)
        two_columns = rest + sections.height_in(width, two=True)
        # Two columns that still scroll have a scroll bar beside them, which takes its width.
        scroll_bar = (
            self.area.verticalScrollBar().sizeHint().width() if two_columns > self.area.height() else 0
        )
        two_fit = sections.width_for_two() <= width - scroll_bar
        sections.set_two(two_fit and one_column > self.area.height())

    @contextmanager
    def filling(self) -> Iterator[None]:
        """Controls set from settings, not by the person: no ``edited``."""
        self._filling = True
        try:
            yield
        finally:
            self._filling = False

    def changed(self, *_args: object) -> None:
        if not self._filling:
            self.edited.emit()

    def show_settings(self, settings: Settings) -> None:
        with self.filling():
            self.fill(settings)

    def fill(self, settings: Settings) -> None:
        """Set the controls from ``settings``."""

    def read(self, settings: Settings) -> Settings:
        """``settings`` with this page's part taken from its controls."""
        return settings

    def with_defaults(self, settings: Settings) -> Settings:
        """``settings`` with this page's part back to the defaults."""
        return settings


class SoundsPage(SettingsPage):
    sample_requested = Signal()

    @property
    def title(self) -> str:
        return pgettext("settings page", "Sounds")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        form = self.form()
        row = QHBoxLayout()
        self.volume = QSlider(Qt.Orientation.Horizontal)
        self.volume.setRange(0, 100)
        self.volume.setSingleStep(5)
        self.volume.setPageStep(10)
        # While dragged, the value counts once, when let go (each change is saved).
        self.volume.setTracking(False)
        self.volume.setAccessibleName(_("Volume of the sound cues"))
        self.volume.setMinimumWidth(self.fontMetrics().averageCharWidth() * 24)
        self.volume_value = label(wrap=False)
        self.volume_value.setMinimumWidth(self.fontMetrics().horizontalAdvance(percent_words(100)) + 4)
        # "Play a sample" sits beside the volume it plays at: in view at any text size, without scrolling.
        self.sample_button = QPushButton(_("&Play a sample"))
        set_role(self.sample_button, "secondary")
        self.sample_button.setToolTip(_("Play a cue at the chosen volume (and a prompt, if they are on)"))
        row.addWidget(self.volume, 1)
        row.addWidget(self.volume_value)
        row.addSpacing(spacing(self, 0.6, 10))
        row.addWidget(self.sample_button)
        volume_label = label(_("&Volume"), wrap=False)
        volume_label.setBuddy(self.volume)
        form.addRow(volume_label, row)
        self.sound_line = self.hint(_("Checking whether sound can play here…"))
        self.sample_line = self.hint("")
        self.sample_line.hide()

        self.section(pgettext("settings section", "Cues"))
        self.cue_boxes: dict[Cue, QCheckBox] = {}
        for cue, words in CUE_WORDS.items():
            box = QCheckBox(_(words))
            box.setAccessibleName(_("{cue} cue").format(cue=cue_name(cue)))
            self.cue_boxes[cue] = box
        cues = ColumnsThatFit(list(self.cue_boxes.values()), 2)
        cues.set_spacing(spacing(self, 1.2, 24), spacing(self, 0.4, 8))
        self.column.addWidget(cues)
        self.ticks = QCheckBox(_("3-2-1 &ticks before a phase ends"))
        self.ticks.setToolTip(_("A soft tick at 3, 2 and 1 seconds before each phase ends"))
        self.column.addWidget(self.ticks)

        self.next_column()
        self.section(pgettext("settings section", "All sounds"))
        self.muted = QCheckBox(_("&Mute all sounds"))
        self.column.addWidget(self.muted)
        self.hint(_("Muted cues still show on screen: the phase name flashes."))

        self.section(_("Spoken prompts"))
        self.spoken = QCheckBox(_("&Say what to do, out loud"))
        self.column.addWidget(self.spoken)
        self.hint(_("For example: “Left side. Bladder 23. Press gently.”"))
        self.speech_line = self.hint(_("Checking whether a speech engine is installed…"))
        self.finish()

        self.volume.sliderMoved.connect(self._show_volume)
        self.volume.valueChanged.connect(self._show_volume)
        self.volume.valueChanged.connect(self.changed)
        self.muted.toggled.connect(self.changed)
        for box in self.cue_boxes.values():
            box.toggled.connect(self.changed)
        self.ticks.toggled.connect(self.changed)
        self.spoken.toggled.connect(self.changed)
        self.sample_button.clicked.connect(self.sample_requested)

    def _show_volume(self, value: int) -> None:
        self.volume_value.setText(percent_words(value))

    def fill(self, settings: Settings) -> None:
        cues = settings.cues
        self.volume.setValue(round(cues.volume * 100))
        self._show_volume(self.volume.value())
        self.muted.setChecked(cues.muted)
        for cue, box in self.cue_boxes.items():
            box.setChecked(cues.allows(cue))
        self.ticks.setChecked(cues.ticks)
        self.spoken.setChecked(cues.spoken_prompts)

    def read(self, settings: Settings) -> Settings:
        cues = CueSettings(
            volume=self.volume.value() / 100,
            muted=self.muted.isChecked(),
            disabled=frozenset(cue for cue, box in self.cue_boxes.items() if not box.isChecked()),
            ticks=self.ticks.isChecked(),
            spoken_prompts=self.spoken.isChecked(),
        )
        return replace(settings, cues=cues)

    def with_defaults(self, settings: Settings) -> Settings:
        return replace(settings, cues=CueSettings())

    def show_availability(self, sound: tuple[bool, str] | None, speech: tuple[bool, str] | None) -> None:
        """What the probes found; ``sound`` None: not probed, because sounds are muted."""
        if sound is None:
            self.sound_line.setText(_("Sounds are muted, so the sound system is left alone."))
        else:
            can_sound, why_not = sound
            self.sound_line.setText(
                _("Sound cues can play on this computer.")
                if can_sound
                else _("No sound can play here: {reason}. Cues are shown on screen instead.").format(
                    reason=why_not
                )
            )
        self.show_speech(speech)

    def show_speech(self, speech: tuple[bool, str] | None) -> None:
        """Whether prompts can be spoken, or why not in one line; ``None``: still being found out."""
        if speech is None:
            self.speech_line.setText(_("Checking whether prompts can be spoken here…"))
            return
        can_speak, why_silent = speech
        self.speech_line.setText(
            _("Prompts are spoken by the computer's speech engine.")
            if can_speak
            else _("Prompts cannot be spoken here: {reason}.").format(reason=why_silent)
        )

    def show_sample_result(self, text: str) -> None:
        self.sample_line.setText(text)
        self.sample_line.setVisible(bool(text))


class SessionPage(SettingsPage):
    safety_requested = Signal()

    @property
    def title(self) -> str:
        return pgettext("settings page", "Session")

    def __init__(self, parent: QWidget | None = None, *, offer_safety: bool = False) -> None:
        super().__init__(parent)
        self.section(pgettext("settings section", "Breathing"))
        self.hint(_("The pace of the breathing pauses, for routines that do not set their own."))
        form = self.form()
        self.inhale = self._seconds(_("Breathe in for this many seconds"))
        self.exhale = self._seconds(_("Breathe out for this many seconds"))
        inhale_label = label(_("Breathe &in"), wrap=False)
        inhale_label.setBuddy(self.inhale)
        exhale_label = label(_("Breathe &out"), wrap=False)
        exhale_label.setBuddy(self.exhale)
        form.addRow(inhale_label, self.inhale)
        form.addRow(exhale_label, self.exhale)

        self.section(pgettext("settings section", "Routine"))
        routine_form = self.form()
        self.routine = QComboBox()
        self.routine.setAccessibleName(_("The routine chosen when the app opens"))
        self.routine.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        routine_label = label(_("&Start with"), wrap=False)
        routine_label.setBuddy(self.routine)
        routine_form.addRow(routine_label, self.routine)
        self.hint(_("The routine chosen on the start screen when Sciatica Timer opens."))

        self.section(pgettext("settings section", "After a session"))
        self.follow_up = QCheckBox(_("&Ask again how the pain is"))
        self.follow_up_min = QSpinBox()
        self.follow_up_min.setRange(FOLLOW_UP_MIN.minimum, int(FOLLOW_UP_MIN.maximum))
        self.follow_up_min.setSingleStep(15)
        plural_suffix(self.follow_up_min, lambda n: ngettext("{count} minute", "{count} minutes", n))
        self.follow_up_min.setAccessibleName(_("Ask again this many minutes after a session"))
        _quiet_spin(self.follow_up_min)
        self.column.addWidget(self.follow_up)
        # The sentence goes on under the box, in line with its words: "... after 45 minutes".
        follow_row = QHBoxLayout()
        indent = self.style().pixelMetric(QStyle.PixelMetric.PM_IndicatorWidth, None, self.follow_up)
        indent += self.style().pixelMetric(QStyle.PixelMetric.PM_CheckBoxLabelSpacing, None, self.follow_up)
        follow_row.addSpacing(indent)
        follow_row.addWidget(label(pgettext("follow-up delay", "after"), wrap=False))
        follow_row.addWidget(self.follow_up_min)
        follow_row.addStretch(1)
        self.column.addLayout(follow_row)
        self.hint(_("Your score then shows whether, and for how long, a session helps."))

        self.next_column()
        self.safety_button: QPushButton | None = None
        if offer_safety:
            self.section(pgettext("settings section", "Safety"))
            self.hint(
                _(
                    "Your answers about pregnancy, injuries, heart conditions and medicines decide which "
                    "points a session leaves out."
                )
            )
            row = QHBoxLayout()
            self.safety_button = QPushButton(_("Safety &checklist…"))
            set_role(self.safety_button, "secondary")
            self.safety_button.clicked.connect(self.safety_requested)
            row.addWidget(self.safety_button)
            row.addStretch(1)
            self.column.addLayout(row)
        # The points the person chose to leave out after a sharp pain: untick one to bring it back.
        self.section(pgettext("settings section", "Points left out"))
        self.left_out_section = self.sections.sections[-1]  # shown only while a point is left out
        self.left_out_hint = self.hint(
            _("You chose to leave these out of your sessions (untick to bring back):")
        )
        self.left_out_column = QVBoxLayout()
        self.column.addLayout(self.left_out_column)
        self.left_out_boxes: dict[str, QCheckBox] = {}
        self.left_out_section.hide()
        self.finish()
        self.follow_up.toggled.connect(self._sync_follow_up)
        self.follow_up.toggled.connect(self.changed)
        self.follow_up_min.valueChanged.connect(self.changed)
        self.inhale.valueChanged.connect(self.changed)
        self.exhale.valueChanged.connect(self.changed)
        self.routine.currentIndexChanged.connect(self.changed)
        self._routines: Sequence[RoutineChoice] = ()

    def _seconds(self, name: str) -> QDoubleSpinBox:
        box = QDoubleSpinBox()
        box.setRange(BREATH_S.minimum, BREATH_S.maximum)
        box.setDecimals(1)
        box.setSingleStep(0.5)
        # Translators: the unit after a number of seconds in a field ("4.0 s"), with its leading space.
        box.setSuffix(pgettext("unit, seconds", " s"))
        box.setAccessibleName(name)
        _quiet_spin(box)
        return box

    def set_routines(self, routines: Sequence[RoutineChoice]) -> None:
        self._routines = tuple(routines)

    def fill(self, settings: Settings) -> None:
        self.inhale.setValue(settings.breathing.inhale_s)
        self.exhale.setValue(settings.breathing.exhale_s)
        _fill_routines(self.routine, _("The first in the list"), self._routines, settings.default_routine)
        self._fill_left_out(settings.left_out_points)
        self.follow_up.setChecked(settings.follow_up.enabled)
        self.follow_up_min.setValue(settings.follow_up.after_min)
        self._sync_follow_up()

    def _sync_follow_up(self) -> None:
        self.follow_up_min.setEnabled(self.follow_up.isChecked())

    def _fill_left_out(self, codes: frozenset[str]) -> None:
        for code in sorted(codes):
            box = self.left_out_boxes.get(code)
            if box is None:
                words = _("Leave {point} out of my sessions").format(point=code)
                box = QCheckBox(words)
                box.setAccessibleName(words)
                box.toggled.connect(self.changed)
                self.left_out_boxes[code] = box
                self.left_out_column.addWidget(box)
            box.setChecked(True)
        for code, box in self.left_out_boxes.items():
            if code not in codes:
                box.setChecked(False)
        self.left_out_section.setVisible(bool(self.left_out_boxes))

    def read(self, settings: Settings) -> Settings:
        breathing = BreathingPattern(inhale_s=self.inhale.value(), exhale_s=self.exhale.value())
        chosen = self.routine.currentData()
        left_out = (settings.left_out_points - set(self.left_out_boxes)) | {
            code for code, box in self.left_out_boxes.items() if box.isChecked()
        }
        return replace(
            settings,
            breathing=breathing,
            default_routine=chosen if isinstance(chosen, str) else None,
            left_out_points=frozenset(left_out),
            follow_up=FollowUpSettings(
                enabled=self.follow_up.isChecked(), after_min=self.follow_up_min.value()
            ),
        )

    def with_defaults(self, settings: Settings) -> Settings:
        default = Settings()
        return replace(
            settings,
            breathing=default.breathing,
            default_routine=default.default_routine,
            follow_up=default.follow_up,
        )


class LookPage(SettingsPage):
    @property
    def title(self) -> str:
        return pgettext("settings page", "Look")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.section(pgettext("settings section", "Theme"))
        self.themes = QButtonGroup(self)
        self.theme_buttons: dict[Theme, QRadioButton] = {}
        for theme, words in (
            (Theme.SYSTEM, _("&Follow the system")),
            (Theme.LIGHT, pgettext("theme", "&Light")),
            (Theme.DARK, pgettext("theme", "&Dark")),
            (Theme.HIGH_CONTRAST, _("&High contrast: white on black")),
        ):
            button = QRadioButton(words)
            self.themes.addButton(button)
            self.theme_buttons[theme] = button
            self.column.addWidget(button)
        size_heading = self.section(_("&Text size"))
        self.text_size = QSpinBox()
        self.text_size.setRange(TEXT_SCALE_PERCENT.minimum, int(TEXT_SCALE_PERCENT.maximum))
        self.text_size.setSingleStep(10)
        # Translators: the unit after the text size in its field ("120 %"), with its leading space.
        self.text_size.setSuffix(pgettext("unit, percent", " %"))
        self.text_size.setAccessibleName(_("Text size, in percent of the desktop's"))
        _quiet_spin(self.text_size)
        size_heading.setBuddy(self.text_size)
        size_row = QHBoxLayout()
        size_row.addWidget(self.text_size)
        size_row.addWidget(label(_("of your desktop's text size"), wrap=False))
        size_row.addStretch(1)
        self.column.addLayout(size_row)
        self.hint(_("The whole window follows at once."))
        self.section(pgettext("settings section", "Motion"))
        self.reduce_motion = QCheckBox(_("&Reduce motion: a steady point marker and countdown ring"))
        self.reduce_motion.setAccessibleDescription(
            _("The breathing pace is shown in words (breathe in, breathe out) instead of a growing circle.")
        )
        self.column.addWidget(self.reduce_motion)
        self.hint(_("The breathing pace then shows as words: breathe in, breathe out."))
        self._add_language_choice()
        self.finish()
        self.themes.buttonToggled.connect(self._theme_toggled)
        self.text_size.valueChanged.connect(self.changed)
        self.reduce_motion.toggled.connect(self.changed)

    def _theme_toggled(self, _button: QAbstractButton, checked: bool) -> None:
        if checked:  # one toggle off, one on: one change
            self.changed()

    def _add_language_choice(self) -> None:
        """Follow the system, or one of the languages the app ships a catalogue for (each named in itself)."""
        from sciatica_timer.core.i18n import _

        heading = self.section(_("Lan&guage"))
        self.language = QComboBox()
        self.language.setAccessibleName(_("Language"))
        for code, name in language_choices():
            self.language.addItem(name, code)
        heading.setBuddy(self.language)
        note = label(_("Applies the next time the app starts."), role="muted")
        self.language.setAccessibleDescription(note.text())
        # The heading, the choice and its note on one line: the page still fits 1024x640 at 150 % text.
        self.column.removeWidget(heading)
        row = QHBoxLayout()
        row.addWidget(heading)
        row.addWidget(self.language)
        row.addWidget(note, 1)
        self.column.addLayout(row)
        self.language.currentIndexChanged.connect(self.changed)

    def fill(self, settings: Settings) -> None:
        self.theme_buttons[settings.theme].setChecked(True)
        self.text_size.setValue(settings.text_scale_percent)
        self.reduce_motion.setChecked(settings.reduce_motion)
        index = self.language.findData(settings.language)
        if index < 0:  # saved by another version, no catalogue here: kept, shown by its code
            self.language.addItem(settings.language, settings.language)
            index = self.language.count() - 1
        self.language.setCurrentIndex(index)

    def read(self, settings: Settings) -> Settings:
        theme = next((t for t, button in self.theme_buttons.items() if button.isChecked()), settings.theme)
        return replace(
            settings,
            theme=theme,
            text_scale_percent=self.text_size.value(),
            reduce_motion=self.reduce_motion.isChecked(),
            language=str(self.language.currentData() or settings.language),
        )

    def with_defaults(self, settings: Settings) -> Settings:
        default = Settings()
        return replace(
            settings,
            theme=default.theme,
            text_scale_percent=default.text_scale_percent,
            reduce_motion=default.reduce_motion,
            language=default.language,
        )


PSEUDO_LOCALE_ENV = "SCIATICA_TIMER_PSEUDO_LOCALE"  # "1": offer the pseudo-locale (en_XA) in Settings


def language_choices() -> list[tuple[str, str]]:
    """(setting, name) pairs: following the system first, then each language with a shipped catalogue,
    named in its own language ("Deutsch"); the pseudo-locale only when SCIATICA_TIMER_PSEUDO_LOCALE=1."""
    import os

    from PySide6.QtCore import QLocale

    from sciatica_timer.core.i18n import pgettext
    from sciatica_timer.core.look import SYSTEM_LANGUAGE
    from sciatica_timer.storage.resources import shipped_languages

    choices = [(SYSTEM_LANGUAGE, pgettext("language choice", "Follow the system"))]
    for code in shipped_languages():
        if code == "en_XA":  # the pseudo-locale (sciatica_timer.translations.PSEUDO_LANGUAGE)
            if os.environ.get(PSEUDO_LOCALE_ENV) == "1":
                choices.append((code, "[Ƥšéûðö-ļöçåļé] (en_XA)"))
            continue
        if code == "en":
            name = "English"  # Qt calls it "American English"
        else:
            native = QLocale(code).nativeLanguageName()
            name = native[:1].upper() + native[1:] if native else code
        choices.append((code, name))
    return choices


class RemindersPage(SettingsPage):
    @property
    def title(self) -> str:
        return pgettext("settings page", "Reminders")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.switched_on = QCheckBox(_("&Remind me to take a break for a routine"))
        self.switched_on.setAccessibleName(_("Reminders on"))
        self.column.addWidget(self.switched_on)
        self.section(_("At set times"))
        self.times = QListWidget()
        self.times.setAccessibleName(_("Reminder times"))
        em = self.fontMetrics().height()
        self.times.setMaximumHeight(round(em * 3.9))  # three times in view; more scroll
        self.times.setMinimumWidth(round(em * 5))
        self.times.setMaximumWidth(round(em * 12))
        # The list, and beside it the time to add with Add, and Remove under them: a short section.
        times_row = QHBoxLayout()
        times_row.addWidget(self.times, 0, Qt.AlignmentFlag.AlignTop)
        self.column.addLayout(times_row)
        row = QHBoxLayout()
        self.new_time = TimeField()
        self.new_time.setTime(QTime(10, 0))
        self.new_time.setAccessibleName(_("Time to add"))
        self.add_button = QPushButton(pgettext("button", "&Add"))
        set_role(self.add_button, "secondary")
        self.add_button.setToolTip(_("Add this time to the reminders"))
        self.remove_button = QPushButton(pgettext("button", "&Remove"))
        set_role(self.remove_button, "quiet")
        self.remove_button.setToolTip(_("Remove the chosen time (Delete)"))
        row.addWidget(self.new_time)
        row.addWidget(self.add_button)
        buttons = QVBoxLayout()
        buttons.addLayout(row)
        remove_row = QHBoxLayout()
        remove_row.addWidget(self.remove_button)
        remove_row.addStretch(1)
        buttons.addLayout(remove_row)
        buttons.addStretch(1)
        times_row.addLayout(buttons)
        times_row.addStretch(1)  # the time field and the buttons at their own size on a wide page
        self.times_line = self.hint("")
        self.times_line.hide()

        self.section(_("Through the day"))
        self.every = QCheckBox(_("Remind me &every"))
        self.every_hours = QSpinBox()
        self.every_hours.setRange(REMINDER_INTERVAL_H.minimum, int(REMINDER_INTERVAL_H.maximum))
        plural_suffix(self.every_hours, lambda n: ngettext("{count} hour", "{count} hours", n))
        self.every_hours.setAccessibleName(_("How many hours between reminders"))
        _quiet_spin(self.every_hours)
        every_row = QHBoxLayout()
        every_row.addWidget(self.every)
        every_row.addWidget(self.every_hours)
        every_row.addStretch(1)
        self.column.addLayout(every_row)
        day_row = QHBoxLayout()
        self.day_starts = self._time_edit(_("The working day starts at"))
        self.day_ends = self._time_edit(_("The working day ends at"))
        between = label(pgettext("between two times", "between"), wrap=False)
        between.setBuddy(self.day_starts)
        day_row.addWidget(between)
        day_row.addWidget(self.day_starts)
        day_row.addWidget(label(pgettext("between two times", "and"), wrap=False))
        day_row.addWidget(self.day_ends)
        day_row.addStretch(1)
        self.column.addLayout(day_row)
        self.day_problem = label(_("The day must end after it starts."), role="danger")
        self.day_problem.hide()
        self.column.addWidget(self.day_problem)

        self.section(_("On these days"))
        self.day_buttons: list[QPushButton] = []
        for short, name in day_names():
            button = QPushButton(short)
            button.setCheckable(True)
            set_role(button, "choice")
            button.setAccessibleName(name)
            self.day_buttons.append(button)
        days = ColumnsThatFit(self.day_buttons, DAYS_IN_WEEK)
        days.set_spacing(spacing(self, 0.2, 4), spacing(self, 0.3, 6))  # four to a row in half a page
        self.column.addWidget(days)

        self.next_column()
        self.section(pgettext("settings section", "When one comes"))
        form = self.form()
        self.snooze = QSpinBox()
        self.snooze.setRange(SNOOZE_MIN.minimum, int(SNOOZE_MIN.maximum))
        self.snooze.setSingleStep(5)
        plural_suffix(self.snooze, lambda n: ngettext("{count} minute", "{count} minutes", n))
        self.snooze.setAccessibleName(_("Snooze a reminder for this many minutes"))
        _quiet_spin(self.snooze)
        snooze_label = label(_("&Snooze for"), wrap=False)
        snooze_label.setBuddy(self.snooze)
        form.addRow(snooze_label, self.snooze)
        self.routine = QComboBox()
        self.routine.setAccessibleName(_("The routine a reminder suggests"))
        self.routine.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        routine_label = label(_("S&uggest"), wrap=False)
        routine_label.setBuddy(self.routine)
        form.addRow(routine_label, self.routine)

        self.section(_("When they wait"))
        away_row = QHBoxLayout()
        self.away_after = QSpinBox()
        self.away_after.setRange(AWAY_AFTER_MIN.minimum, int(AWAY_AFTER_MIN.maximum))
        plural_suffix(self.away_after, lambda n: ngettext("{count} minute", "{count} minutes", n))
        self.away_after.setAccessibleName(_("Away after this many minutes without input"))
        _quiet_spin(self.away_after)
        away_label = label(_("Away when idle for"), wrap=False)
        away_label.setToolTip(_("Away after this long with no key press and no mouse move"))
        away_label.setBuddy(self.away_after)
        away_row.addWidget(away_label)
        away_row.addWidget(self.away_after)
        away_row.addStretch(1)
        self.column.addLayout(away_row)
        # Short words on the boxes, the whole of it for screen readers and in the tooltips.
        self.wait_dnd = QCheckBox(_("Wait in &Do Not Disturb"))
        self.wait_dnd.setAccessibleName(_("Wait while the desktop is in Do Not Disturb"))
        self.wait_dnd.setToolTip(_("Wait while the desktop is in Do Not Disturb"))
        self.wait_full_screen = QCheckBox(_("Wait during &full screen"))
        self.wait_full_screen.setAccessibleName(_("Wait while a full-screen window has the focus"))
        self.wait_full_screen.setToolTip(_("Wait while a full-screen window has the focus: a call, slides"))
        self.column.addWidget(self.wait_dnd)
        self.column.addWidget(self.wait_full_screen)
        self.hint(
            _(
                "Full screen: a call or slides, for example. A reminder that waited comes once, when you are "
                "back or no longer busy."
            )
        )
        self.finish()

        self._routines: Sequence[RoutineChoice] = ()
        self.times.installEventFilter(self)  # Delete removes the chosen time
        self.add_button.clicked.connect(self._add_time)
        self.remove_button.clicked.connect(self._remove_time)
        self.times.currentRowChanged.connect(lambda _row: self._sync_buttons())
        self.every.toggled.connect(self._sync_buttons)
        self.every.toggled.connect(self.changed)
        for box in (self.every_hours, self.snooze, self.away_after):
            box.valueChanged.connect(self.changed)
        for check in (self.switched_on, self.wait_dnd, self.wait_full_screen):
            check.toggled.connect(self.changed)
        self.day_starts.timeChanged.connect(self.changed)
        self.day_ends.timeChanged.connect(self.changed)
        for button in self.day_buttons:
            button.toggled.connect(self.changed)
        self.routine.currentIndexChanged.connect(self.changed)

    def _time_edit(self, name: str) -> QTimeEdit:
        edit = TimeField()
        edit.setAccessibleName(name)
        edit.setKeyboardTracking(False)
        return edit

    def set_routines(self, routines: Sequence[RoutineChoice]) -> None:
        self._routines = tuple(routines)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.times
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)
        ):
            self._remove_time()
            return True
        return super().eventFilter(watched, event)

    # -- the list of times -------------------------------------------------------------------------------

    def _listed(self) -> list[Minute]:
        times = []
        for row in range(self.times.count()):
            minute = Minute.parse(self.times.item(row).text())
            if minute is not None:
                times.append(minute)
        return times

    def _show_times(self, times: Sequence[Minute], current: Minute | None = None) -> None:
        self.times.clear()
        for minute in sorted(times, key=lambda m: m.of_day):
            item = QListWidgetItem(str(minute))
            self.times.addItem(item)
            if minute == current:
                self.times.setCurrentItem(item)
        if not times:
            placeholder = QListWidgetItem(_("No set times"))
            placeholder.setFlags(Qt.ItemFlag.NoItemFlags)
            self.times.addItem(placeholder)
        self._sync_buttons()

    def _add_time(self) -> None:
        minute = _minute(self.new_time.time())
        times = self._listed()
        if minute in times:
            self._say_times(_("{time} is already in the list.").format(time=minute))
            return
        if len(times) >= DAILY_TIMES.maximum:
            most = int(DAILY_TIMES.maximum)
            self._say_times(
                ngettext(
                    "There can be {count} set time at most.", "There can be {count} set times at most.", most
                ).format(count=most)
            )
            return
        self._say_times("")
        self._show_times([*times, minute], current=minute)
        self.changed()

    def _remove_time(self) -> None:
        item = self.times.currentItem()
        minute = Minute.parse(item.text()) if item is not None else None
        if minute is None:
            return
        row = self.times.currentRow()
        remaining = [m for m in self._listed() if m != minute]
        self._say_times("")
        self._show_times(remaining)
        if remaining:
            self.times.setCurrentRow(min(row, len(remaining) - 1))
        self.changed()

    def _say_times(self, text: str) -> None:
        self.times_line.setText(text)
        self.times_line.setVisible(bool(text))

    def _sync_buttons(self) -> None:
        item = self.times.currentItem()
        self.remove_button.setEnabled(item is not None and Minute.parse(item.text()) is not None)
        self.add_button.setEnabled(len(self._listed()) < DAILY_TIMES.maximum)
        for widget in (self.every_hours, self.day_starts, self.day_ends):
            widget.setEnabled(self.every.isChecked())

    # -- settings ----------------------------------------------------------------------------------------

    def fill(self, settings: Settings) -> None:
        reminders = settings.reminders
        self.switched_on.setChecked(reminders.switched_on)
        self.away_after.setValue(reminders.away_after_min)
        self.wait_dnd.setChecked(reminders.wait_in_do_not_disturb)
        self.wait_full_screen.setChecked(reminders.wait_while_full_screen)
        self._show_times(reminders.daily_times)
        self.every.setChecked(reminders.every_hours is not None)
        self.every_hours.setValue(reminders.every_hours or 2)
        self.day_starts.setTime(_qtime(reminders.day_starts))
        self.day_ends.setTime(_qtime(reminders.day_ends))
        self.day_problem.hide()
        for index, button in enumerate(self.day_buttons):
            button.setChecked(index in reminders.weekdays)
        self.snooze.setValue(reminders.snooze_min)
        _fill_routines(self.routine, _("The default routine"), self._routines, reminders.routine_id)
        self._sync_buttons()

    def read(self, settings: Settings) -> Settings:
        old = settings.reminders
        starts, ends = _minute(self.day_starts.time()), _minute(self.day_ends.time())
        fits = ends.of_day > starts.of_day
        self.day_problem.setVisible(not fits)
        if not fits:  # kept as it was until the day makes sense again
            starts, ends = old.day_starts, old.day_ends
        chosen = self.routine.currentData()
        reminders = ReminderSettings(
            daily_times=tuple(self._listed()),
            every_hours=self.every_hours.value() if self.every.isChecked() else None,
            day_starts=starts,
            day_ends=ends,
            weekdays=frozenset(i for i, button in enumerate(self.day_buttons) if button.isChecked()),
            snooze_min=self.snooze.value(),
            routine_id=chosen if isinstance(chosen, str) else None,
            switched_on=self.switched_on.isChecked(),
            away_after_min=self.away_after.value(),
            wait_in_do_not_disturb=self.wait_dnd.isChecked(),
            wait_while_full_screen=self.wait_full_screen.isChecked(),
            paused_until=old.paused_until,
            paused_until_turned_on=old.paused_until_turned_on,
        )
        return replace(settings, reminders=reminders)

    def with_defaults(self, settings: Settings) -> Settings:
        return replace(settings, reminders=Settings().reminders)


class StartPage(SettingsPage):
    @property
    def title(self) -> str:
        return pgettext("settings page", "Start")

    def __init__(self, parent: QWidget | None = None, *, login_supported: bool = True) -> None:
        super().__init__(parent)
        self.start_minimized = QCheckBox(_("Start &minimized"))
        self.column.addWidget(self.start_minimized)
        self.hint(
            _("Sciatica Timer opens in the system tray, where the desktop has one, instead of a window.")
        )
        self.column.addSpacing(spacing(self, 0.4, 8))
        self.start_at_login = QCheckBox(_("Open Sciatica Timer when I &log in"))
        self.column.addWidget(self.start_at_login)
        self.login_hint = self.hint(
            _("Adds Sciatica Timer to your desktop's startup programs.")
            if login_supported
            else _("Starting at login can be set up on Linux desktops only, for now.")
        )
        self.start_at_login.setEnabled(login_supported)
        self.login_line = label(role="muted")
        self.login_line.hide()
        self.column.addWidget(self.login_line)
        self.finish()
        self.start_minimized.toggled.connect(self.changed)
        self.start_at_login.toggled.connect(self.changed)

    def fill(self, settings: Settings) -> None:
        self.start_minimized.setChecked(settings.start_minimized)
        self.start_at_login.setChecked(settings.start_at_login)

    def read(self, settings: Settings) -> Settings:
        return replace(
            settings,
            start_minimized=self.start_minimized.isChecked(),
            start_at_login=self.start_at_login.isChecked(),
        )

    def with_defaults(self, settings: Settings) -> Settings:
        default = Settings()
        return replace(
            settings, start_minimized=default.start_minimized, start_at_login=default.start_at_login
        )

    def show_login_result(self, text: str, *, problem: bool = False) -> None:
        set_role(self.login_line, "danger" if problem else "muted")
        self.login_line.style().unpolish(self.login_line)
        self.login_line.style().polish(self.login_line)
        self.login_line.setText(text)
        self.login_line.setVisible(bool(text))


class DataPage(SettingsPage):
    has_defaults = False

    open_requested = Signal()
    backup_requested = Signal()
    restore_requested = Signal()

    @property
    def title(self) -> str:
        return pgettext("settings page", "Data")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.section(_("Your data folder"))
        self.folder = self._path_field(_("Your data folder"))
        self.column.addWidget(self.folder)
        row = QHBoxLayout()
        self.open_button = QPushButton(_("&Open folder"))
        set_role(self.open_button, "secondary")
        self.open_button.setToolTip(_("Show the folder in your file manager"))
        self.backup_button = QPushButton(_("&Back up now"))
        set_role(self.backup_button, "secondary")
        self.backup_button.setToolTip(_("Copy your history into the backups folder now"))
        self.restore_button = QPushButton(_("&Restore a backup…"))
        set_role(self.restore_button, "secondary")
        self.restore_button.setToolTip(
            _("Put a backup in place of your history; the history as it is is kept aside")
        )
        row.addWidget(self.open_button)
        row.addWidget(self.backup_button)
        row.addWidget(self.restore_button)
        row.addStretch(1)
        self.column.addLayout(row)
        self.backup_line = label(role="muted")
        self.backup_line.hide()
        self.column.addWidget(self.backup_line)
        self.hint(
            _("Your history, its daily backups and your own routines are kept here, readable by you only.")
        )
        self.hint(_("To keep everything in another folder, start Sciatica Timer from a terminal with:"))
        # Translators: a command to type; translate only FOLDER, the placeholder for a folder's path.
        command = label(_("sciatica-timer --data-dir FOLDER"), wrap=False)
        mono = QFont(self.font())  # the text size of the page, in the desktop's fixed-width family
        mono.setFamilies([QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont).family()])
        mono.setStyleHint(QFont.StyleHint.Monospace)
        command.setFont(mono)
        command.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.column.addWidget(command)
        self.section(_("Settings file"))
        self.settings_file = self._path_field(_("Settings file"))
        self.column.addWidget(self.settings_file)
        self.hint(_("A file that cannot be read is kept beside it, and the defaults are used meanwhile."))
        self.finish()
        self.open_button.clicked.connect(self.open_requested)
        self.backup_button.clicked.connect(self.backup_requested)
        self.restore_button.clicked.connect(self.restore_requested)

    def _path_field(self, name: str) -> QLineEdit:
        field = QLineEdit()
        field.setReadOnly(True)
        field.setAccessibleName(name)
        set_role(field, "note")
        return field

    def show_paths(self, data_dir: str, settings_file: str) -> None:
        self.folder.setText(data_dir)
        self.folder.setCursorPosition(0)
        self.settings_file.setText(settings_file)
        self.settings_file.setCursorPosition(0)

    def show_backup_result(self, text: str, *, problem: bool = False) -> None:
        set_role(self.backup_line, "danger" if problem else "muted")
        self.backup_line.style().unpolish(self.backup_line)
        self.backup_line.style().polish(self.backup_line)
        self.backup_line.setText(text)
        self.backup_line.setVisible(bool(text))
