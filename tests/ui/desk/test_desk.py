"""The tray, reminders in the window, and what closing does: the real window, a fake wall clock.

The virtual X server has no tray, so the tray's icon is never made visible here; its menu, messages and
clicks are the real objects, driven as the desktop would drive them.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QKeySequence, QShortcut
from PySide6.QtWidgets import QSystemTrayIcon
from pytestqt.qtbot import QtBot

from sciatica_timer import APP_NAME
from sciatica_timer.app import _show, add_desk_when_useful
from sciatica_timer.core.diary import PainRegion, PainSide
from sciatica_timer.core.reminders import DeskState, ReminderKind
from sciatica_timer.core.settings import Minute, ReminderSettings
from sciatica_timer.storage.resources import APP_ICON_SIZES
from sciatica_timer.ui.common.words import duration_words
from sciatica_timer.ui.desk.desk import REMINDER_TITLE, STILL_RUNNING_TEXT, STILL_RUNNING_TITLE, Desk
from sciatica_timer.ui.desk.tray import DeskTray, app_icon
from sciatica_timer.ui.main_window import MainWindow
from tests.packaging import PACKAGING, REPO
from tests.ui.player_support import ROUTINE_ID, Asked, Harness, click, press, shows, type_text

BERLIN = ZoneInfo("Europe/Berlin")
TEN = datetime(2024, 6, 3, 10, 0, tzinfo=BERLIN)  # a Monday


class FakeWall:
    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def wall() -> FakeWall:
    return FakeWall(TEN - timedelta(minutes=5))


@pytest.fixture
def desk(harness: Harness, wall: FakeWall) -> Iterator[Desk]:
    made = Desk(
        harness.window.state, harness.window.desk_ways(), tray=True, wall_clock=wall, desk_state=DeskState
    )
    yield made
    made.stop()  # before the window closes: closing must not hide it to the tray
    assert not made.schedule.timer.isActive()


def remind(window: MainWindow, *, every_hours: int | None = None) -> None:
    """Turn reminders on: daily at 10:00 (and maybe every few hours), for the short test routine."""
    reminders = ReminderSettings(daily_times=(Minute(10, 0),), every_hours=every_hours, routine_id=ROUTINE_ID)
    window.apply_settings(replace(window.settings, reminders=reminders))


def ring(desk: Desk, wall: FakeWall, qtbot: QtBot) -> None:
    """Let 10:00 come, and the schedule's timer fire."""
    wall.now = TEN
    with qtbot.waitSignal(desk.schedule.due, timeout=1000):
        desk.schedule.timer.timeout.emit()


def tray_of(desk: Desk) -> DeskTray:
    assert desk.tray is not None
    return desk.tray


def menu_entries(desk: Desk) -> list[str]:
    menu = tray_of(desk).menu
    menu.aboutToShow.emit()  # as when the person opens it
    return menu.entries()


def at_pain_check_for(harness: Harness, name: str) -> bool:
    check = harness.window.pain_check
    return check is not None and shows(harness.window.screens, check) and check.routine_label.text() == name


# -- the menu ------------------------------------------------------------------------------------------------


def test_the_menu_starts_the_default_routine_or_any_other(harness: Harness, desk: Desk) -> None:
    window = harness.window
    window.apply_settings(replace(window.settings, default_routine=ROUTINE_ID))
    names = [routine.name for routine in window.routines.values()]
    assert "Test short" in names
    assert menu_entries(desk) == [
        "Start Test short",
        "Start routine",
        *[f"› {name}" for name in names],
        "Log pain…",
        "Hide window",
        f"Quit {APP_NAME}",
    ]
    tray_of(desk).menu.start_default.trigger()
    assert at_pain_check_for(harness, "Test short")

    other = next(routine for routine in window.routines.values() if routine.id != ROUTINE_ID)
    action = next(a for a in tray_of(desk).menu.routines_menu.actions() if a.text() == other.name)
    action.trigger()
    assert at_pain_check_for(harness, other.name)


def test_a_first_run_offers_quick_desk_break(harness: Harness, desk: Desk) -> None:
    assert harness.window.settings.default_routine == "quick-desk"
    assert menu_entries(desk)[0] == "Start Quick desk break"
    selected = harness.window.start_screen.selected_routine()
    assert selected is not None
    assert selected.id == "quick-desk"


def test_without_a_default_the_first_routine_is_offered(harness: Harness, desk: Desk) -> None:
    harness.window.apply_settings(replace(harness.window.settings, default_routine=None))
    first = next(iter(harness.window.routines.values()))
    assert menu_entries(desk)[0] == f"Start {first.name}"


def test_no_start_while_a_session_runs(harness: Harness, desk: Desk) -> None:
    harness.start()
    entries = menu_entries(desk)
    assert not any(entry.startswith("Start") for entry in entries)
    assert "Log pain…" in entries
    tray_of(desk).menu.start_default.trigger()  # a stale menu: still nothing happens to the session
    assert shows(harness.window.screens, harness.player)
    assert harness.session.started


def test_clicking_the_icon_hides_and_shows_the_window(harness: Harness, desk: Desk) -> None:
    icon = tray_of(desk).icon
    icon.activated.emit(QSystemTrayIcon.ActivationReason.Trigger)
    assert not harness.window.isVisible()
    assert menu_entries(desk)[-2] == "Show window"
    icon.activated.emit(QSystemTrayIcon.ActivationReason.DoubleClick)  # the second half of a double click
    assert not harness.window.isVisible()
    icon.activated.emit(QSystemTrayIcon.ActivationReason.Trigger)
    assert harness.window.isVisible()


def test_the_tray_icon_is_the_app_icon() -> None:
    icon = app_icon()
    assert not icon.isNull()
    assert sorted(size.width() for size in icon.availableSizes()) == list(APP_ICON_SIZES)
    for size in APP_ICON_SIZES:
        shipped = REPO / "resources" / "icons" / f"app-{size}.png"
        drawn = PACKAGING / "linux" / "icons" / "hicolor" / f"{size}x{size}" / "apps"
        assert QImage(str(shipped)).size().width() == size
        assert shipped.read_bytes() == next(drawn.glob("*.png")).read_bytes(), (
            "the package's icon differs from packaging/'s: run `.venv/bin/python packaging/render_icons.py`"
        )


# -- reminders -----------------------------------------------------------------------------------------------


def test_a_reminder_is_a_tray_message_and_clicking_it_starts_the_routine(
    qtbot: QtBot, harness: Harness, desk: Desk, wall: FakeWall
) -> None:
    remind(harness.window)
    ring(desk, wall, qtbot)
    minutes = duration_words(harness.window.routines[ROUTINE_ID].duration_s)
    assert tray_of(desk).last_message == (
        REMINDER_TITLE,
        f"Test short, about {minutes}. Click here to start.",
    )
    assert desk.line.isVisibleTo(harness.window)
    assert desk.line.text.text() == f"Time for your routine: Test short, about {minutes}."
    assert "Remind me again in 10 minutes" in menu_entries(desk)
    tray_of(desk).icon.messageClicked.emit()
    assert at_pain_check_for(harness, "Test short")
    assert desk.schedule.pending is None
    assert not desk.line.isVisibleTo(harness.window)
    assert not any(entry.startswith("Remind me again") for entry in menu_entries(desk))


def test_snooze_from_the_tray(qtbot: QtBot, harness: Harness, desk: Desk, wall: FakeWall) -> None:
    remind(harness.window)
    ring(desk, wall, qtbot)
    tray_of(desk).menu.snooze.trigger()
    reminder = desk.schedule.next_reminder
    assert reminder is not None
    assert reminder.kind is ReminderKind.SNOOZED
    assert reminder.at == TEN + timedelta(minutes=10)
    assert not desk.line.isVisibleTo(harness.window)
    assert desk.schedule.pending is None


def test_no_reminder_while_a_session_runs_in_the_window(
    qtbot: QtBot, harness: Harness, desk: Desk, wall: FakeWall
) -> None:
    remind(harness.window)
    harness.start()
    wall.now = TEN + timedelta(minutes=5)
    with qtbot.assertNotEmitted(desk.schedule.due):
        desk.schedule.timer.timeout.emit()
    harness.run_to_end()  # the summary comes up: the schedule hears of the end
    wall.now = TEN + timedelta(minutes=20)
    with qtbot.assertNotEmitted(desk.schedule.due):
        desk.schedule.timer.timeout.emit()
    reminder = desk.schedule.next_reminder
    assert reminder is not None
    assert reminder.at == TEN + timedelta(days=1)  # today's was answered by the session
    assert tray_of(desk).last_message is None


def test_new_settings_re_arm_the_schedule(harness: Harness, desk: Desk, wall: FakeWall) -> None:
    assert desk.schedule.next_reminder is None
    assert not desk.schedule.timer.isActive()
    remind(harness.window, every_hours=2)
    reminder = desk.schedule.next_reminder
    assert reminder is not None
    assert reminder.at == TEN
    assert desk.schedule.timer.isActive()


# -- closing and quitting ------------------------------------------------------------------------------------


def test_closing_hides_to_the_tray_while_reminders_are_on_and_says_so_once(
    harness: Harness, desk: Desk
) -> None:
    window = harness.window
    remind(window)
    assert not window.close()
    assert not window.isVisible()
    assert window.store is not None  # still running
    assert tray_of(desk).last_message == (STILL_RUNNING_TITLE, STILL_RUNNING_TEXT)
    tray_of(desk).icon.messageClicked.emit()  # that message is no reminder: it just shows the window
    assert window.isVisible()
    assert shows(window.screens, window.start_screen)
    tray_of(desk).last_message = None
    assert not window.close()
    assert tray_of(desk).last_message is None


def test_closing_quits_when_reminders_are_off(harness: Harness, desk: Desk) -> None:
    assert harness.window.close()
    assert harness.window.store is None


def test_quit_in_the_tray_closes_the_hidden_window_for_good(harness: Harness, desk: Desk) -> None:
    window = harness.window
    remind(window)
    window.close()
    assert not window.isVisible()
    tray_of(desk).menu.quit.trigger()
    assert window.store is None  # the window's close ran: geometry saved, history closed
    assert desk.tray is None
    assert not desk.schedule.timer.isActive()


def test_quit_while_a_session_runs_asks_and_can_keep_going(
    harness: Harness, desk: Desk, asked: Asked
) -> None:
    remind(harness.window)
    harness.start()
    asked.answers = [False]
    tray_of(desk).menu.quit.trigger()
    assert asked.questions == ["Stop the session and close?"]
    assert harness.window.store is not None
    assert desk.tray is not None
    assert not harness.session.over


def test_ctrl_q_quits_even_with_the_tray(harness: Harness, desk: Desk) -> None:
    window = harness.window
    remind(window)
    quit_keys = QKeySequence(QKeySequence.StandardKey.Quit)
    shortcut = next(s for s in window.findChildren(QShortcut) if s.key() == quit_keys)
    shortcut.activated.emit()
    assert not window.isVisible()
    assert window.store is None


def test_closing_during_a_session_offers_the_mini_player_or_stop(
    harness: Harness, desk: Desk, asked: Asked
) -> None:
    remind(harness.window)
    harness.start()
    asked.picks = ["Stop and close"]
    assert harness.window.close()  # the session stops and the window closes
    assert asked.questions == ["Stop the session and close?"]
    assert asked.offered == [("Keep going in the mini player", "Stop and close", "Cancel")]
    assert harness.window.store is None


def test_keep_going_in_the_mini_player_when_closing_mid_session(
    harness: Harness, desk: Desk, asked: Asked
) -> None:
    window = harness.window
    remind(window)
    harness.start()
    asked.picks = ["Keep going in the mini player"]
    assert not window.close()
    assert not window.isVisible()
    assert window.mini is not None
    assert window.mini.isVisible()
    assert harness.session.started
    assert not harness.session.over
    assert window.store is not None
    harness.advance(3)  # the session goes on in the small player
    window.mini.expand_requested.emit()
    assert window.isVisible()


def test_cancel_when_closing_mid_session_keeps_the_window(harness: Harness, desk: Desk, asked: Asked) -> None:
    remind(harness.window)
    harness.start()
    asked.picks = ["Cancel"]
    assert not harness.window.close()
    assert harness.window.isVisible()
    assert not harness.session.over


def test_without_reminders_closing_mid_session_asks_the_plain_question(
    harness: Harness, desk: Desk, asked: Asked
) -> None:
    harness.start()
    assert harness.window.close()
    assert asked.offered == []  # the app would not keep running: no mini player to keep going in
    assert asked.questions == ["Stop the session and close?"]


# -- the diary -----------------------------------------------------------------------------------------------


def test_log_pain_from_the_tray_writes_the_diary(harness: Harness, desk: Desk) -> None:
    tray_of(desk).menu.log_pain.trigger()
    dialog = desk.log_pain
    assert dialog is not None
    assert dialog.isVisible()
    assert not dialog.save_button.isEnabled()
    dialog.scale.set_score(4)
    dialog.region.set_value("thigh")
    dialog.side.set_value("left")
    type_text(dialog.note, "After a long meeting")
    click(dialog.save_button)
    assert not dialog.isVisible()
    with harness.reopen_store() as store:
        entries = store.diary()
    assert [(e.score, e.region, e.side, e.note) for e in entries] == [
        (4, PainRegion.THIGH, PainSide.LEFT, "After a long meeting")
    ]
    tray_of(desk).menu.log_pain.trigger()  # a fresh form the next time
    assert dialog.scale.score() is None
    assert dialog.note.toPlainText() == ""
    dialog.reject()


def test_log_pain_from_the_window_without_a_tray(harness: Harness) -> None:
    window = harness.window
    window.activateWindow()
    harness.qtbot.waitUntil(window.isActiveWindow)
    press(window.start_screen.routine_list, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    dialog = window.log_pain_dialog
    assert dialog is not None
    assert dialog.isVisible()
    dialog.scale.set_score(6)
    click(dialog.save_button)
    assert not dialog.isVisible()

    window.show_history()
    view = window.history_view
    assert view is not None
    click(view.log_pain_button)
    assert dialog.isVisible()
    dialog.scale.set_score(3)
    dialog.note.setPlainText("After a walk")
    click(dialog.save_button)
    with harness.reopen_store() as store:
        entries = store.diary()
    assert [(e.score, e.note) for e in entries] == [(6, None), (3, "After a walk")]
    assert view.trends.diary_count == 2, "the open history shows the new entry at once"


# -- without a tray ------------------------------------------------------------------------------------------


@pytest.fixture
def trayless(harness: Harness, wall: FakeWall) -> Iterator[Desk]:
    made = Desk(
        harness.window.state, harness.window.desk_ways(), tray=False, wall_clock=wall, desk_state=DeskState
    )
    yield made
    made.stop()


def test_without_a_tray_the_start_screen_offers_the_reminder(
    qtbot: QtBot, harness: Harness, trayless: Desk, wall: FakeWall
) -> None:
    assert trayless.tray is None
    remind(harness.window)
    ring(trayless, wall, qtbot)
    line = trayless.line
    minutes = duration_words(harness.window.routines[ROUTINE_ID].duration_s)
    assert line.isVisibleTo(harness.window)
    assert line.text.text() == f"Time for your routine: Test short, about {minutes}."
    assert line.snooze_button.text() == "In 10 minutes"
    click(line.start_button)
    assert at_pain_check_for(harness, "Test short")
    assert not line.isVisibleTo(harness.window)


def test_without_a_tray_snooze_and_not_now(
    qtbot: QtBot, harness: Harness, trayless: Desk, wall: FakeWall
) -> None:
    remind(harness.window)
    ring(trayless, wall, qtbot)
    click(trayless.line.snooze_button)
    reminder = trayless.schedule.next_reminder
    assert reminder is not None
    assert reminder.kind is ReminderKind.SNOOZED
    assert not trayless.line.isVisibleTo(harness.window)
    wall.now = TEN + timedelta(minutes=10)
    with qtbot.waitSignal(trayless.schedule.due, timeout=1000):
        trayless.schedule.timer.timeout.emit()
    assert trayless.line.isVisibleTo(harness.window)
    click(trayless.line.dismiss_button)
    assert trayless.schedule.pending is None
    assert not trayless.line.isVisibleTo(harness.window)


def test_without_a_tray_closing_closes_even_with_reminders_on(harness: Harness, trayless: Desk) -> None:
    remind(harness.window)
    assert harness.window.close()
    assert harness.window.store is None


# -- starting ------------------------------------------------------------------------------------------------


def test_start_minimized_without_a_tray_starts_on_the_taskbar(qtbot: QtBot, tmp_path: Path) -> None:
    from sciatica_timer.storage.paths import resolve_paths

    window = MainWindow(resolve_paths(tmp_path / "data"))
    qtbot.addWidget(window)
    assert not QSystemTrayIcon.isSystemTrayAvailable()
    with qtbot.waitSignal(window.loaded, timeout=10_000):
        _show(window, start_minimized=True)
    assert window.isMinimized()


def test_start_minimized_with_a_tray_starts_hidden_and_loaded(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sciatica_timer.storage.paths import resolve_paths

    monkeypatch.setattr(QSystemTrayIcon, "isSystemTrayAvailable", staticmethod(lambda: True))
    window = MainWindow(resolve_paths(tmp_path / "data"))
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.loaded, timeout=1000):
        _show(window, start_minimized=True)
    assert not window.isVisible()
    assert window.routines


def test_the_tray_and_reminders_stay_off_the_start_path() -> None:
    script = (
        "import json, sys\n"
        "import sciatica_timer.app, sciatica_timer.ui.main_window, sciatica_timer.ui.start.start_screen\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    loaded = set(json.loads(out.stdout))
    mine = {f"sciatica_timer.{name}" for name in ("ui.desk", "ui.tray", "ui.reminders", "core.reminders")}
    assert loaded & mine == set()
    bus = {
        "jeepney",
        "PySide6.QtDBus",
        "sciatica_timer.ui.desk.notifications",
        "sciatica_timer.ui.desk.x11_desktop",
    }
    assert loaded & bus == set(), "D-Bus and Xlib load when a reminder first falls due"


def test_the_desk_itself_loads_no_d_bus_until_a_reminder_is_due(harness: Harness, wall: FakeWall) -> None:
    script = "import json, sys\nimport sciatica_timer.ui.desk.desk\nprint(json.dumps(sorted(sys.modules)))\n"
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert {"jeepney", "PySide6.QtDBus"} & set(json.loads(out.stdout)) == set()


# -- only when useful ----------------------------------------------------------------------------------------


def test_without_a_tray_the_desk_waits_until_reminders_are_turned_on(harness: Harness) -> None:
    window = harness.window
    add_desk_when_useful(window, tray=False)
    assert window.findChild(Desk) is None, "no tray and no reminders: nothing to do"
    window.apply_settings(replace(window.settings, start_minimized=True))
    assert window.findChild(Desk) is None
    remind(window)
    desk = window.findChild(Desk)
    assert desk is not None
    assert desk.tray is None
    assert desk.schedule.timer.isActive(), "the reminder is armed at once"
    remind(window, every_hours=2)
    assert len(window.findChildren(Desk)) == 1, "installed once"
    desk.stop()


def test_with_a_tray_the_desk_comes_at_once(harness: Harness) -> None:
    window = harness.window
    add_desk_when_useful(window, tray=True)
    desk = window.findChild(Desk)
    assert desk is not None
    assert desk.tray is not None
    desk.stop()


# -- the next reminder and pauses ----------------------------------------------------------------------------


def status_text(desk: Desk) -> str:
    assert desk.status.isVisible()
    return desk.status.text.text()


def test_the_start_screen_says_when_the_next_reminder_comes(
    harness: Harness, desk: Desk, wall: FakeWall
) -> None:
    assert not desk.status.isVisible(), "reminders are off: nothing to say"
    remind(harness.window)
    assert status_text(desk) == "Next reminder at 10:00"
    wall.now = TEN + timedelta(minutes=1)
    desk.schedule.check()
    assert status_text(desk) == "Next reminder tomorrow at 10:00"


def test_pause_for_an_hour_from_the_start_screen_and_turn_back_on(
    harness: Harness, desk: Desk, wall: FakeWall, qtbot: QtBot
) -> None:
    window = harness.window
    remind(window, every_hours=1)  # 10:00 (daily), then 11:00, 12:00 …
    pause = desk.status.pause_menu
    assert [action.text() for action in pause.actions()] == [
        "For an hour",
        "Until tomorrow",
        "Until I turn them back on",
    ]
    pause.actions()[0].trigger()  # at 09:55
    assert status_text(desk) == "Reminders paused until 10:55"
    assert window.settings.reminders.paused_until == wall.now + timedelta(hours=1)
    saved = json.loads(harness.paths.settings_file.read_text(encoding="utf-8"))["reminders"]
    assert saved["paused_until"] == "2024-06-03T10:55:00+02:00", "a pause outlives a restart"
    assert desk.status.resume_button.isVisible()
    assert not desk.status.pause_button.isVisible()

    wall.now = TEN  # 10:00 falls inside the pause: nothing
    desk.schedule.timer.timeout.emit()
    assert desk.schedule.pending is None
    upcoming = desk.schedule.next_reminder
    assert upcoming is not None
    assert upcoming.at == TEN + timedelta(hours=1), "the first one after the pause"

    click(desk.status.resume_button)
    assert not window.settings.reminders.paused_at(wall.now)
    assert status_text(desk).startswith("Next reminder at ")


def test_pause_until_tomorrow_and_until_turned_on_from_the_tray(
    harness: Harness, desk: Desk, wall: FakeWall, qtbot: QtBot
) -> None:
    remind(harness.window)
    entries = menu_entries(desk)
    assert "Pause reminders" in entries
    assert "Turn reminders back on" not in entries
    menu = tray_of(desk).menu
    menu.pause_menu.actions()[1].trigger()
    assert status_text(desk) == "Reminders paused until tomorrow"
    wall.now = TEN
    desk.schedule.timer.timeout.emit()
    assert desk.schedule.pending is None, "not today"
    assert "Turn reminders back on" in menu_entries(desk)

    menu.pause_menu.actions()[2].trigger()
    assert status_text(desk) == "Reminders paused until you turn them back on"
    wall.now = TEN + timedelta(days=3)
    desk.schedule.check()
    assert desk.schedule.next_reminder is None
    assert desk.schedule.pending is None
    menu.resume.trigger()
    assert status_text(desk) == "Next reminder tomorrow at 10:00"
    assert "Pause reminders" in menu_entries(desk)


def test_pausing_lets_a_shown_reminder_go(harness: Harness, desk: Desk, wall: FakeWall, qtbot: QtBot) -> None:
    remind(harness.window)
    ring(desk, wall, qtbot)
    assert desk.line.isVisible()
    desk.status.pause_menu.actions()[0].trigger()
    assert desk.schedule.pending is None
    assert not desk.line.isVisible()


def test_switched_off_in_settings_no_reminder_and_no_line(
    harness: Harness, desk: Desk, wall: FakeWall
) -> None:
    remind(harness.window)
    window = harness.window
    window.apply_settings(
        replace(window.settings, reminders=replace(window.settings.reminders, switched_on=False))
    )
    assert not desk.status.isVisible()
    assert desk.schedule.next_reminder is None
    assert "Pause reminders" not in menu_entries(desk)


@pytest.mark.usefixtures("turkish_ctype")
def test_log_pain_saves_once_under_a_turkish_locale(harness: Harness) -> None:
    """Under tr_TR the sqlite3 module cannot count inserted rows; Save must store the score exactly once."""
    window = harness.window
    window.activateWindow()
    harness.qtbot.waitUntil(window.isActiveWindow)
    press(window.start_screen.routine_list, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    dialog = window.log_pain_dialog
    assert dialog is not None
    dialog.scale.set_score(7)
    dialog.note.setPlainText("Işık altında İğne")
    click(dialog.save_button)
    assert not dialog.isVisible(), "saved and closed, no error shown"
    with harness.reopen_store() as store:
        entries = store.diary()
    assert [(e.score, e.note) for e in entries] == [(7, "Işık altında İğne")]
