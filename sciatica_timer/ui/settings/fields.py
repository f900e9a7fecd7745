"""Input fields that change only when a person means them to: no value turned by a wheel scrolling past,
a time typed as "2330", and counts that read "1 hour" and "2 hours"."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDateTimeEdit,
    QSlider,
    QSpinBox,
    QTimeEdit,
    QWidget,
)


class _WheelGuard(QObject):
    """Lets the wheel turn a field only once the field has the focus; otherwise the page under it scrolls."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Wheel and isinstance(watched, QWidget) and not watched.hasFocus():
            area = _scroll_area_of(watched)
            if area is not None:
                # Handed to the page's scroll bar, as if the field were not there.
                QApplication.sendEvent(area.verticalScrollBar(), event.clone())
            event.accept()
            return True
        return super().eventFilter(watched, event)


def _scroll_area_of(widget: QWidget) -> QAbstractScrollArea | None:
    parent = widget.parentWidget()
    while parent is not None and not isinstance(parent, QAbstractScrollArea):
        parent = parent.parentWidget()
    return parent


_guard: list[_WheelGuard] = []


def ignore_wheel_unless_focused(root: QWidget) -> None:
    """Every spin box, time field, combo box and slider under ``root`` (and ``root`` itself) ignores the
    wheel until it is clicked or tabbed into; a wheel over it no longer gives it the focus either."""
    if not _guard:
        _guard.append(_WheelGuard())
    guard = _guard[0]
    kinds = (QAbstractSpinBox, QComboBox, QSlider)
    fields = [root] if isinstance(root, kinds) else []
    for kind in kinds:
        fields.extend(root.findChildren(kind))
    for field in fields:
        field.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        field.installEventFilter(guard)


def plural_suffix(box: QSpinBox, words: Callable[[int], str]) -> None:
    """Give ``box`` the words around its number, following its value: ``words(n)`` is the whole
    "{count} hour" or "{count} hours" as the person's language counts (from ngettext); the text before
    "{count}" becomes the prefix, the text after it the suffix."""

    def follow(value: int) -> None:
        before, _count, after = words(value).partition("{count}")
        box.setPrefix(before if _count else "")
        box.setSuffix(after if _count else " " + before)

    box.valueChanged.connect(follow)
    follow(box.value())


class TimeField(QTimeEdit):
    """A 24-hour time ("HH:mm") that can be typed whole: "2330" is 23:30, "0705" is 07:05.

    Entering the field, by Tab or by a click on it, selects the hours, so digits go in section by section
    instead of replacing the whole text with an invalid "2".
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setDisplayFormat("HH:mm")

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        if event.reason() != Qt.FocusReason.MouseFocusReason:
            self.setSelectedSection(QDateTimeEdit.Section.HourSection)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        text = event.text()
        line = self.lineEdit()
        if text.isdigit() and line.hasSelectedText() and line.selectedText() == line.text():
            # The whole time is selected: start typing it from the hours.
            self.setSelectedSection(QDateTimeEdit.Section.HourSection)
        super().keyPressEvent(event)
