"""The history's table with the keyboard alone: Tab reaches it and leaves it (no trap in the cells), a score
is corrected with F2, the arrows and Enter, and the change is in the history at once; Ctrl+Z takes it back."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox

from sciatica_timer.ui.history.history_table import Column
from tests.ui.player_support import Harness, press
from tests.ui.routines.test_routine_editor import CTRL, focused, key
from tests.ui.routines.test_routine_editor_keyboard import tab_to
from tests.ui.test_tab_order import active, from_, tab_round


def test_a_score_is_corrected_in_the_table_by_keys_alone(harness: Harness) -> None:
    active(harness)
    harness.start(pain=6)
    harness.run_to_end()
    active(harness)
    key(Qt.Key.Key_Escape)  # the summary: finish without answering
    harness.window.start_screen.routine_list.setFocus()
    key(Qt.Key.Key_H, CTRL)
    view = harness.window.history_view
    assert view is not None
    harness.qtbot.waitUntil(lambda: harness.window.screens.currentWidget() is view)
    tab_to("QTabBar")  # the tab bar is named by its tabs
    key(Qt.Key.Key_Right)
    key(Qt.Key.Key_Right)
    assert view.tabs.currentWidget() is view.entries_page
    table = view.entries_table
    assert table is not None
    harness.qtbot.waitUntil(table.isVisible)  # shown by its layout once the page is up
    names = from_(tab_round(harness.window), "QTabBar")
    assert names[:2] == ["QTabBar", "Sessions and diary entries"], "Tab reaches the table"
    assert names.count("Sessions and diary entries") == 1, "and leaves it: the arrows move between cells"

    tab_to("Sessions and diary entries")
    key(Qt.Key.Key_Down)  # the first row: the session just played
    for _ in range(Column.BEFORE.value):
        key(Qt.Key.Key_Right)
    assert table.currentIndex().column() == Column.BEFORE.value
    model = view.entries_model
    assert model is not None
    row = table.currentIndex().row()
    assert model.data(model.index(row, Column.BEFORE.value)) == "6"
    key(Qt.Key.Key_F2)
    editor = focused()
    assert isinstance(editor, QComboBox)
    harness.qtbot.waitUntil(lambda: editor.view().isVisible())  # the scores drop down at once
    popup = editor.view()  # it has the keys while it is open, as the person sees
    press(popup, Qt.Key.Key_Down)
    press(popup, Qt.Key.Key_Return)  # the score is chosen
    harness.qtbot.waitUntil(lambda: not popup.isVisible())
    key(Qt.Key.Key_Return)  # and saved
    harness.qtbot.waitUntil(lambda: model.data(model.index(row, Column.BEFORE.value)) == "7")
    assert QApplication.focusWidget() is table, "the keys are back in the table"
    session_id = harness.reopen_store().sessions()[0].id
    assert harness.reopen_store().session_detail(session_id).summary.pain_before == 7
    key(Qt.Key.Key_Z, CTRL)
    assert model.data(model.index(row, Column.BEFORE.value)) == "6"
