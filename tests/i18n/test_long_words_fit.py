"""Longer words must not push a window past 1024 px nor cut a sentence off: the history's "Sessions and
diary" hint wraps in German, and the editor's tick boxes wrap in the pseudo-locale (about 40 % longer)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel, QWidget
from pytestqt.qtbot import QtBot

from sciatica_timer.core import i18n
from sciatica_timer.core.routines import PointStep, Routine, Sides
from sciatica_timer.storage.history import HistoryStore
from sciatica_timer.storage.resources import load_point_library
from sciatica_timer.storage.routine_files import RoutineRepository
from sciatica_timer.translations import install_language
from sciatica_timer.ui.common.theme import style_sheet
from tests.ui.history_support import fill, fixed_now, open_store

WIDTH, HEIGHT = 1024, 640


@pytest.fixture
def language(request: pytest.FixtureRequest, qapp: QApplication) -> Iterator[str]:
    """A language installed as the app does at start-up; English again afterwards."""
    code: str = request.param
    before = QLocale()
    install_language(code)
    load_point_library.cache_clear()
    yield code
    i18n.reset()
    QLocale.setDefault(before)
    load_point_library.cache_clear()


@pytest.fixture
def store(tmp_path: Path) -> Iterator[HistoryStore]:
    with open_store(tmp_path) as opened:
        yield opened


def settle(window: QWidget) -> None:
    """The layout requests Qt has queued, handled now: a window grows to its minimum size at this point."""
    QApplication.sendPostedEvents()
    layout = window.layout()
    assert layout is not None
    layout.activate()


def fits(widget: QWidget, within: QWidget) -> bool:
    """The widget lies inside ``within``, at least as wide as its words need."""
    right = widget.mapTo(within, QPoint(widget.width(), 0)).x()
    return right <= within.width() and widget.width() >= widget.sizeHint().width()


def fully_shown(label: QLabel, within: QWidget) -> bool:
    """The label's words fit its box (wrapped if need be), and the box lies inside ``within``."""
    if label.mapTo(within, QPoint(label.width(), 0)).x() > within.width():
        return False
    if label.wordWrap():
        return label.heightForWidth(label.width()) <= label.height()
    return label.sizeHint().width() <= label.width()


@pytest.mark.parametrize("language", ["de", "en_XA"], indirect=True)
def test_the_history_fits_1024_wide(language: str, qtbot: QtBot, store: HistoryStore) -> None:
    from sciatica_timer.ui.history.history_view import HistoryView

    fill(store)
    view = HistoryView(store, now=fixed_now)
    view.setStyleSheet(style_sheet(view.palette()))  # as the window styles it: roomier buttons and tabs
    qtbot.addWidget(view)
    view.resize(WIDTH, HEIGHT)
    view.show()
    qtbot.waitExposed(view)
    view.overall_card.show()  # the monthly question: seven answers and "Not now"
    settle(view)
    assert view.minimumSizeHint().width() <= WIDTH
    assert all(button.isVisible() for button in view.overall_buttons)
    qtbot.waitUntil(lambda: all(fits(button, view) for button in view.overall_buttons))
    view.overall_card.hide()
    view.tabs.setCurrentWidget(view.entries_page)  # the page is built when first shown
    words = i18n._(
        "Double-click a score or a note to correct it (or press F2, or start typing). Ctrl+Z undoes a change."
    )
    qtbot.waitUntil(lambda: any(label.text() == words for label in view.findChildren(QLabel)))
    hint = next(label for label in view.findChildren(QLabel) if label.text() == words)
    settle(view)
    assert view.minimumSizeHint().width() <= WIDTH
    assert view.width() == WIDTH
    qtbot.waitUntil(lambda: fully_shown(hint, view))


@pytest.mark.parametrize("language", ["de", "en_XA"], indirect=True)
def test_the_editors_tick_boxes_wrap_inside_the_window(language: str, qtbot: QtBot, tmp_path: Path) -> None:
    from sciatica_timer.ui.routines.routine_editor import RoutineEditor

    points = load_point_library()
    editor = RoutineEditor(points, RoutineRepository(tmp_path / "routines", points))
    editor.setStyleSheet(style_sheet(editor.palette()))
    qtbot.addWidget(editor)
    step = PointStep("BL23", Sides.BOTH, 2, hold_s=30, locate_first=True, instructions="Use a tennis ball.")
    editor.open(Routine("evening", "My evening routine", "", (step,)), new=True)
    editor.resize(WIDTH, HEIGHT)
    editor.show()
    qtbot.waitExposed(editor)
    form = editor.point_form
    settle(editor)
    assert editor.minimumSizeHint().width() <= WIDTH
    viewport = editor.form_scroll.viewport()
    box = form.instructions
    assert box.mapTo(viewport, QPoint(box.width(), 0)).x() <= viewport.width()
    assert form.locate_first.accessibleName() == i18n._(
        "Find the point first: the timer waits until you have found it"
    )
    qtbot.waitUntil(lambda: fully_shown(form.locate_first_label, viewport))
    assert fully_shown(form.breathing.toggle_label, viewport)
    # The words are part of the box: a click on them ticks it, as a click on a check box's own text would.
    was = form.locate_first.isChecked()
    QTest.mouseClick(form.locate_first_label, Qt.MouseButton.LeftButton)
    assert form.locate_first.isChecked() is not was
    assert editor.draft.steps[0] == replace(step, locate_first=not was)
