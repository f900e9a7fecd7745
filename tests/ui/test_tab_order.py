"""Keyboard only: Tab goes round each screen in reading order, and the help lists every shortcut there is."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from sciatica_timer.ui.help_window import HelpWindow
from sciatica_timer.ui.settings import settings_dialog
from tests.ui.player_support import Harness


@pytest.fixture(autouse=True)
def quiet_probes(monkeypatch: pytest.MonkeyPatch) -> None:
    """The settings' sound and speech lines without probing this machine's sound server."""
    monkeypatch.setattr(settings_dialog, "sound_availability", lambda: (False, "no sound here"))
    monkeypatch.setattr(settings_dialog, "speech_availability", lambda: (False, "no speech here"))


ROUND_LIMIT = 80  # more stops than any screen has: a chain that never comes back fails


def focus_name(widget: QWidget) -> str:
    """What a person hears for the focused widget: its accessible name, else its text."""
    text = getattr(widget, "text", None)
    return widget.accessibleName() or (text() if callable(text) else "") or type(widget).__name__


def tab_round(window: QWidget) -> list[str]:
    """Press Tab from the focused widget until the focus comes back to it: the names of every stop."""
    window.activateWindow()
    first = QApplication.focusWidget()
    assert first is not None, "something has the keyboard focus when a screen opens"
    names = [focus_name(first)]
    for _ in range(ROUND_LIMIT):
        QTest.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_Tab)
        now = QApplication.focusWidget()
        assert now is not None
        if now is first:
            return names
        names.append(focus_name(now))
    raise AssertionError(f"Tab never came back to where it started: {names}")


def from_(names: list[str], first: str) -> list[str]:
    """The round read from ``first`` (a round has no start of its own)."""
    at = names.index(first)
    return names[at:] + names[:at]


def active(harness: Harness) -> None:
    harness.window.activateWindow()
    harness.qtbot.waitUntil(harness.window.isActiveWindow)


def test_the_start_screen_reads_top_to_bottom(harness: Harness) -> None:
    active(harness)
    assert from_(tab_round(harness.window), "Settings: sounds, look, reminders and your data folder") == [
        "Settings: sounds, look, reminders and your data folder",
        "Help: how to use the app, and when to see a doctor",
        "Routines",
        "Make and change routines",
        "Your pain history and what helps",
        "Start the chosen routine",
    ]


def test_the_pain_check_goes_score_where_side_then_buttons(harness: Harness) -> None:
    active(harness)
    harness.choose()
    pain_check = harness.window.pain_check
    assert pain_check is not None
    pain_check.scale.buttons[4].click()  # a score makes "continue" reachable too
    names = from_(tab_round(harness.window), "Back to the routines")
    assert names[:3] == ["Back to the routines", "Skip the pain check", "Save the pain score and continue"]
    rest = names[3:]
    assert rest[0].startswith("Pain "), "the score scale is one stop (arrows move within it)"
    assert [n for n in rest if n.startswith("Where")] == [
        f"Where the pain reaches: {part}" for part in ("Lower back", "Buttock", "Thigh", "Calf", "Foot")
    ]
    assert [n for n in rest if n.startswith("Which")] == [
        f"Which side hurts: {side}" for side in ("Left", "Right", "Both")
    ]
    assert rest.index("Where the pain reaches: Lower back") < rest.index("Which side hurts: Left")


def test_the_player_goes_left_to_right_along_its_buttons(harness: Harness) -> None:
    active(harness)
    harness.open_player()
    assert from_(tab_round(harness.window), "Start the session") == [
        "Start the session",
        "Start",
        "Stop the session",
        "Session player",
    ], "before the start only what can be used is on the way"
    harness.key(Qt.Key.Key_Space)
    harness.key(Qt.Key.Key_Return)
    assert from_(tab_round(harness.window), "Switch to the mini player") == [
        "Switch to the mini player",
        "Back",
        "Pause",
        "Skip",
        "Stop the session",
        "Sharp pain: stop the session now",
        "Session player",
    ]


def test_the_summary_goes_score_note_then_buttons(harness: Harness) -> None:
    active(harness)
    harness.start()
    harness.run_to_end()
    names = from_(tab_round(harness.window), "Note about this session")
    assert names[-1].startswith("Pain "), "the score comes first"
    assert names[:3] == [
        "Note about this session",
        "Finish without answering",
        "Save the pain score and note, and finish",
    ]


def test_the_history_goes_header_filters_tabs_then_chart(harness: Harness) -> None:
    active(harness)
    harness.window.show_history()
    view = harness.window.history_view
    assert view is not None
    harness.qtbot.waitUntil(lambda: view.has_charts)  # drawn just after the view's first frame
    harness.qtbot.waitUntil(view.chart.isVisible)  # shown by its layout a moment later, on a busy machine too
    names = from_(tab_round(harness.window), "Log pain…")
    assert names[:4] == ["Log pain…", "Export report…", "Your data…", "2 weeks"]
    assert names.index("Routine") > names.index("2 weeks")
    assert names.index("Pain chart") > names.index("Routine")


def test_the_settings_go_down_each_page_then_to_the_buttons(harness: Harness) -> None:
    active(harness)
    harness.window.show_settings()
    dialog = harness.window.settings_dialog
    assert dialog is not None
    harness.qtbot.waitUntil(dialog.isActiveWindow)
    dialog.page_list.setCurrentRow(dialog.pages.index(dialog.look))
    dialog.page_list.setFocus()
    assert from_(tab_round(dialog), "Settings pages") == [
        "Settings pages",
        "&Follow the system",
        "Text size, in percent of the desktop's",
        "&Reduce motion: a steady point marker and countdown ring",
        "Language",
        "Restore &defaults",
        "Cancel",
        "Done",
    ]
    dialog.reject()


def _shortcut_texts(root: QWidget) -> set[str]:
    found = set()
    for shortcut in root.findChildren(QShortcut):
        for keys in shortcut.keys():  # noqa: SIM118 - Qt's list of key sequences, not a dict
            found.add(keys.toString(QKeySequence.SequenceFormat.NativeText))
    for action in root.findChildren(QAction):
        for keys in action.shortcuts():
            found.add(keys.toString(QKeySequence.SequenceFormat.NativeText))
    return {text for text in found if text}


def test_the_help_lists_every_shortcut_of_every_screen(harness: Harness) -> None:
    window = harness.window
    harness.open_player()  # the player's and the mini player's keys
    harness.key(Qt.Key.Key_Escape)
    window.show_start()
    window.show_history()
    view = window.history_view
    assert view is not None
    view.tabs.setCurrentWidget(view.entries_page)  # the table's keys
    window.show_start()
    window.show_routines()
    workshop = window.routine_workshop
    assert workshop is not None
    workshop.new_routine()  # the editor's keys
    window.show_start()
    window.show_settings()
    assert window.settings_dialog is not None
    window.settings_dialog.reject()
    window.show_help()
    help_window = window.help_window
    assert isinstance(help_window, HelpWindow)
    text = help_window.plain_text()
    keys = _shortcut_texts(window)
    assert {"F1", "Ctrl+L", "Ctrl+H", "Ctrl+R", "Ctrl+PgDown"} <= keys, keys
    missing = sorted(k for k in keys if k not in text)
    assert not missing, f"shortcuts the help does not mention: {missing}"
    for player_key in ("Space", "Esc", "Shift+Right", "M"):
        assert player_key in text
    help_window.close()
