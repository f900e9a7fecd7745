"""The point picker: search the pressure points, see where each one is and how to find it, choose one.

Opened by the routine editor to add a point step or to change a step's point. It is window-modal and
non-blocking (``open()``): ``chosen`` says which point was picked and whether to find it first.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sciatica_timer.core.i18n import _
from sciatica_timer.core.plan import Side
from sciatica_timer.core.points import PointLibrary, PressurePoint
from sciatica_timer.ui.common.body_picture import BodyPicture
from sciatica_timer.ui.common.pages import scrolling
from sciatica_timer.ui.common.theme import scaled_font, set_role
from sciatica_timer.ui.start.routine_delegate import RoutineDelegate
from sciatica_timer.ui.start.start_screen import ROW_ROLE, RoutineRow

CODE_ROLE = Qt.ItemDataRole.UserRole + 2  # ROW_ROLE (+1) holds the row the delegate draws
SIZE_EM = (58, 36)  # the picker's size in lines of text, when the window has room
NARROW_EM = 46  # below this width the picture goes above the details


def point_matches(point: PressurePoint, query: str, view_title: str = "") -> bool:
    """Whether every word of ``query`` is found in the point's code, names, meridian, region or view."""
    haystack = " ".join(
        (point.code, point.name, point.english_name, point.meridian_label, point.region, view_title)
    ).casefold()
    return all(word in haystack for word in query.casefold().split())


def _label(text: str = "", role: str | None = None) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    if role is not None:
        set_role(label, role)
    return label


class PointPicker(QDialog):
    """Search, look, choose. ``chosen(code, find_first)`` on accept."""

    chosen = Signal(str, bool)

    def __init__(self, points: PointLibrary, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("point-picker")
        set_role(self, "page")
        self.setWindowTitle(_("Choose a point"))
        self.setModal(True)
        self._points = points
        self._views = {view.id: view for view in points.views}
        em = self.fontMetrics().height()
        outer = QVBoxLayout(self)
        outer.setContentsMargins(round(em * 1.0), round(em * 0.8), round(em * 1.0), round(em * 0.8))
        outer.setSpacing(round(em * 0.5))

        self.heading = _label(_("Choose a point"))
        self.heading.setFont(scaled_font(self.font(), 1.35, bold=True))
        outer.addWidget(self.heading)
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Search by name, code or body area: foot, calf, BL40…"))
        self.search.setAccessibleName(_("Search the points"))
        self.search.setClearButtonEnabled(True)
        self.search.installEventFilter(self)
        outer.addWidget(self.search)

        body = QHBoxLayout()
        body.setSpacing(round(em * 1.0))
        column = QVBoxLayout()
        self.point_list = QListWidget()
        self.point_list.setAccessibleName(_("Points"))
        self.point_list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.point_list.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.point_list.setFocusPolicy(Qt.FocusPolicy.ClickFocus)  # the search field keeps the keys
        self.point_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        set_role(self.point_list, "routines")
        column.addWidget(self.point_list, 1)
        self.no_match = _label("", "muted")
        self.no_match.hide()
        column.addWidget(self.no_match)
        body.addLayout(column, 4)

        self.picture = BodyPicture()
        self.picture.setAccessibleName(_("Where the point is"))
        self.picture.setMinimumWidth(round(em * 8))
        body.addWidget(self.picture, 3)
        self.body = body
        self._narrow: bool | None = None

        details = QWidget()
        details_column = QVBoxLayout(details)
        self.details_column = details_column
        details_column.setContentsMargins(0, 0, round(em * 0.4), 0)
        details_column.setSpacing(round(em * 0.3))
        self.title = _label()
        self.title.setFont(scaled_font(self.font(), 1.15, bold=True))
        self.subtitle = _label("", "muted")
        self.caption = _label("", "muted")
        find_heading = _label(_("How to find it"), "section")
        find_heading.setFont(scaled_font(self.font(), 1.0, bold=True))
        self.locate_text = _label()
        care_heading = _label(_("Take care"), "section")
        care_heading.setFont(scaled_font(self.font(), 1.0, bold=True))
        self.cautions = _label()
        for widget in (
            self.title,
            self.subtitle,
            self.caption,
            find_heading,
            self.locate_text,
            care_heading,
            self.cautions,
        ):
            if widget in (find_heading, care_heading):
                details_column.addSpacing(round(em * 0.4))
            details_column.addWidget(widget)
        details_column.addStretch(1)
        scroll = scrolling(details)
        self.details_scroll = scroll
        body.addWidget(scroll, 5)
        outer.addLayout(body, 1)

        self.find_first = QCheckBox(
            _("Find the point first: the timer waits until you say you have found it")
        )
        self.find_first.setAccessibleName(_("Find the point first"))
        outer.addWidget(self.find_first)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.cancel_button = QPushButton(_("Cancel"))
        set_role(self.cancel_button, "secondary")
        self.cancel_button.clicked.connect(self.reject)
        self.choose_button = QPushButton(_("Add this point"))
        set_role(self.choose_button, "primary")
        self.choose_button.setDefault(True)
        self.choose_button.clicked.connect(self.accept)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.choose_button)
        outer.addLayout(buttons)

        self.point_list.setItemDelegate(RoutineDelegate(self.point_list))
        for point in points:
            name = f"{point.code} · {point.english_name}"
            # Only the first letter raised: str.capitalize() would lower a German noun ("Unterer rücken").
            region = point.region[:1].upper() + point.region[1:]
            item = QListWidgetItem(name)
            item.setData(ROW_ROLE, RoutineRow(point.code, name, f"{region} · {point.name}", ""))
            item.setData(CODE_ROLE, point.code)
            item.setData(Qt.ItemDataRole.AccessibleTextRole, f"{point.code}, {point.english_name}")
            item.setToolTip(f"{point.name} · {point.meridian_label}")
            self.point_list.addItem(item)
        self.point_list.currentItemChanged.connect(lambda _item, _old: self._show_current())
        self.point_list.itemDoubleClicked.connect(lambda _item: self.accept())
        self.search.textChanged.connect(self.filter)
        self.resize(round(em * SIZE_EM[0]), round(em * SIZE_EM[1]))

    # -- what is shown -------------------------------------------------------------------------------------

    def ask(self, *, find_first: bool, current: str | None = None, changing: bool = False) -> None:
        """Open for a new step (``find_first`` ticked or not) or to change a step's point (``changing``)."""
        self.search.clear()
        self.filter("")
        self.find_first.setChecked(find_first)
        self.find_first.setVisible(not changing)
        if changing:
            self.heading.setText(_("Choose another point"))
            self.choose_button.setText(_("Use this point"))
        elif find_first:
            self.heading.setText(_("Choose a point to find, then press"))
            self.choose_button.setText(_("Add this point"))
        else:
            self.heading.setText(_("Choose a point"))
            self.choose_button.setText(_("Add this point"))
        self.select(current or self._points.codes()[0])
        parent = self.parentWidget()
        if parent is not None:
            window = parent.window()
            em = self.fontMetrics().height()
            self.resize(
                min(round(em * SIZE_EM[0]), max(window.width() - em * 2, 320)),
                min(round(em * SIZE_EM[1]), max(window.height() - em * 2, 240)),
            )
        self.open()
        self.raise_()
        self.activateWindow()  # the keys go to the search field at once, window manager or not
        self.search.setFocus()

    def filter(self, query: str) -> None:
        """Show only the points that match ``query``; keep the current one if it still matches."""
        first_shown: QListWidgetItem | None = None
        for row in range(self.point_list.count()):
            item = self.point_list.item(row)
            point = self._points.get(str(item.data(CODE_ROLE)))
            view = self._views.get(point.view)
            hidden = not point_matches(point, query, view.title if view else "")
            item.setHidden(hidden)
            if not hidden and first_shown is None:
                first_shown = item
        current = self.point_list.currentItem()
        if (current is None or current.isHidden()) and first_shown is not None:
            self.point_list.setCurrentItem(first_shown)
        self.no_match.setText(
            _("No point matches “{query}”.").format(query=query.strip()) if first_shown is None else ""
        )
        self.no_match.setVisible(first_shown is None)
        self.choose_button.setEnabled(first_shown is not None)
        self._show_current()

    def select(self, code: str) -> None:
        for row in range(self.point_list.count()):
            item = self.point_list.item(row)
            if item.data(CODE_ROLE) == code and not item.isHidden():
                self.point_list.setCurrentItem(item)
                return

    def current_code(self) -> str | None:
        item = self.point_list.currentItem()
        if item is None or item.isHidden():
            return None
        return str(item.data(CODE_ROLE))

    def _show_current(self) -> None:
        code = self.current_code()
        self.picture.setVisible(code is not None)
        if code is None:
            for label in (self.title, self.subtitle, self.caption, self.locate_text, self.cautions):
                label.setText("")
            return
        point = self._points.get(code)
        side = Side.LEFT if point.bilateral else Side.MIDLINE
        self.picture.show_point(point.view, point.markers.get(side))
        self.picture.setAccessibleDescription(
            _("{code} marked on the left side").format(code=point.code)
            if side is Side.LEFT
            else _("{code} marked on the midline side").format(code=point.code)
        )
        view = self._views.get(point.view)
        self.title.setText(f"{point.code} · {point.english_name}")
        self.subtitle.setText(f"{point.name} · {point.meridian_label} · {point.region}")
        self.caption.setText(f"{view.title}. {view.orientation}" if view else "")
        self.locate_text.setText("\n".join(f"{n}. {line}" for n, line in enumerate(point.locate, start=1)))
        cautions = list(point.cautions)
        if point.pregnancy_caution:
            cautions.append(_("Traditionally avoided during pregnancy."))
        self.cautions.setText("\n".join(f"• {caution}" for caution in cautions))
        self.details_scroll.verticalScrollBar().setValue(0)

    def resizeEvent(self, event: QResizeEvent) -> None:
        """On a small window or with large text the picture moves above the point's details."""
        super().resizeEvent(event)
        em = self.fontMetrics().height()
        narrow = self.width() < NARROW_EM * em
        if narrow == self._narrow:
            return
        self._narrow = narrow
        if narrow:
            self.body.removeWidget(self.picture)
            self.details_column.insertWidget(0, self.picture)
            self.picture.setMaximumHeight(round(em * 8))
            self.body.setStretch(0, 5)  # the list: its names in large type need the room
        else:
            self.details_column.removeWidget(self.picture)
            self.body.insertWidget(1, self.picture, 3)
            self.picture.setMaximumHeight(16_777_215)  # QWIDGETSIZE_MAX
            self.body.setStretch(0, 4)

    # -- keys ------------------------------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Up and Down in the search field move through the list, so the hands stay on the keyboard."""
        if watched is self.search and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)  # noqa: S101 - a KeyPress event is a QKeyEvent
            if event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown):
                self._step(event.key())
                return True
        return super().eventFilter(watched, event)

    def _step(self, key: int) -> None:
        shown = [row for row in range(self.point_list.count()) if not self.point_list.item(row).isHidden()]
        if not shown:
            return
        current = self.point_list.currentRow()
        position = shown.index(current) if current in shown else -1
        step = {Qt.Key.Key_Up: -1, Qt.Key.Key_Down: 1, Qt.Key.Key_PageUp: -5, Qt.Key.Key_PageDown: 5}[
            Qt.Key(key)
        ]
        position = min(max(position + step, 0), len(shown) - 1)
        self.point_list.setCurrentRow(shown[position])

    def accept(self) -> None:
        code = self.current_code()
        if code is None:
            return
        super().accept()
        self.chosen.emit(code, self.find_first.isChecked())
