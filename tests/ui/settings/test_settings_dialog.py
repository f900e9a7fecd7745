"""The settings dialog: each change applies at once (a running session too), is saved; Cancel undoes it."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, QPoint, Qt, QTime, QUrl, Slot
from PySide6.QtGui import QDesktopServices, QFont, QPalette
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QScrollArea
from pytestqt.qtbot import QtBot

from sciatica_timer.core.cues import Cue, CueSettings
from sciatica_timer.core.look import Theme
from sciatica_timer.core.plan import BreathingPattern, PhaseKind
from sciatica_timer.core.settings import FollowUpSettings, Minute, ReminderSettings, Settings
from sciatica_timer.storage import autostart
from sciatica_timer.storage.settings_file import SettingsFile
from sciatica_timer.ui.common.theme import theme_palette
from sciatica_timer.ui.history.history_data import BackupChoice, RestoreBackupDialog, backup_choices
from sciatica_timer.ui.main_window import MainWindow
from sciatica_timer.ui.settings import settings_dialog
from sciatica_timer.ui.settings.settings_dialog import STATUS_HINT, SettingsDialog
from tests.ui.player_support import ROUTINE_ID, Harness, click, make_harness, press

NO_SOUND = (False, "no sound output was found (no sound server or sound device)")
NO_SPEECH = (False, "no speech engine is installed (on Debian or Ubuntu: apt-get install speech-dispatcher)")


@pytest.fixture(autouse=True)
def quiet_probes(monkeypatch: pytest.MonkeyPatch) -> None:
    """The availability lines without probing this machine (one test below probes for real)."""
    monkeypatch.setattr(settings_dialog, "sound_availability", lambda: NO_SOUND)
    monkeypatch.setattr(settings_dialog, "speech_availability", lambda: NO_SPEECH)


@pytest.fixture(autouse=True)
def look_restored(qtbot: QtBot) -> Iterator[None]:
    """Theme and text size belong to the whole application: put them back for the next test."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    palette, style, font = QPalette(app.palette()), app.style().name(), QFont(app.font())
    yield
    app.setStyle(style)
    app.setPalette(palette)
    app.setFont(font)


def tick(box: QAbstractButton) -> None:
    """A click on a check box's (or a radio button's) own box, as a person would aim."""
    QTest.mouseClick(
        box, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(6, box.height() // 2)
    )


def _app() -> QApplication:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    return app


def _saved(harness: Harness) -> Settings:
    """What the file says now, read as the next start would read it."""
    loaded = SettingsFile(harness.paths.settings_file).load()
    assert loaded.notice is None
    return loaded.settings


def _open(harness: Harness) -> SettingsDialog:
    harness.window.show_settings()
    dialog = harness.window.settings_dialog
    assert dialog is not None
    harness.qtbot.waitUntil(dialog.isVisible)
    return dialog


def test_ctrl_comma_and_the_start_screen_button_open_the_settings(harness: Harness) -> None:
    harness.window.activateWindow()
    harness.qtbot.waitUntil(harness.window.isActiveWindow)  # a window shortcut needs the active window
    press(harness.window.start_screen.routine_list, Qt.Key.Key_Comma, Qt.KeyboardModifier.ControlModifier)
    dialog = harness.window.settings_dialog
    assert dialog is not None
    harness.qtbot.waitUntil(dialog.isVisible)
    assert dialog.isModal()
    press(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    click(harness.window.start_screen.settings_button)
    assert dialog.isVisible()
    assert harness.window.settings_dialog is dialog, "built once, opened again"
    assert [dialog.page_list.item(i).text() for i in range(dialog.page_list.count())] == [
        "Sounds",
        "Session",
        "Look",
        "Reminders",
        "Start",
        "Data",
    ]


def test_the_availability_of_sound_and_speech_is_shown_once_the_dialog_is_up(harness: Harness) -> None:
    dialog = _open(harness)
    harness.qtbot.waitUntil(lambda: "no sound output was found" in dialog.sounds.sound_line.text())
    assert dialog.sounds.sound_line.text() == (
        "No sound can play here: no sound output was found (no sound server or sound device). "
        "Cues are shown on screen instead."
    )
    assert dialog.sounds.speech_line.text() == (
        "Prompts cannot be spoken here: no speech engine is installed "
        "(on Debian or Ubuntu: apt-get install speech-dispatcher)."
    )


@pytest.mark.qt_log_ignore("(?i)text-to-speech plug-in", "PulseAudioService")
def test_this_machines_sound_and_speech_are_probed_for_real(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.undo()  # the real probes (they load QtMultimedia and QtTextToSpeech)
    dialog = _open(harness)
    harness.qtbot.waitUntil(lambda: "Checking" not in dialog.sounds.sound_line.text(), timeout=30_000)
    harness.qtbot.waitUntil(lambda: "Checking" not in dialog.sounds.speech_line.text(), timeout=30_000)
    assert dialog.sounds.sound_line.text().startswith(("Sound cues can play", "No sound can play here: "))
    assert dialog.sounds.speech_line.text().startswith(
        ("Prompts are spoken", "Prompts cannot be spoken here: ")
    )


def test_sound_changes_are_saved_at_once(harness: Harness) -> None:
    dialog = _open(harness)
    page = dialog.sounds
    page.volume.setFocus()
    press(page.volume, Qt.Key.Key_PageDown)  # 80 -> 70
    assert page.volume_value.text() == "70 %"
    assert _saved(harness).cues.volume == 0.7
    tick(page.muted)
    tick(page.cue_boxes[Cue.HOLD])
    tick(page.ticks)
    tick(page.spoken)
    assert _saved(harness).cues == CueSettings(
        volume=0.7, muted=True, disabled=frozenset({Cue.HOLD}), ticks=False, spoken_prompts=True
    )
    assert harness.window.settings == _saved(harness)
    assert dialog.status.text() == STATUS_HINT


def test_a_running_session_hears_each_sound_change_at_once(harness: Harness) -> None:
    harness.start()
    cues = harness.session.cues
    assert cues is not None
    assert cues.settings == Settings().cues, "the session starts with the settings in use"
    dialog = _open(harness)
    dialog.sounds.volume.setValue(30)
    assert cues.settings.volume == 0.3
    tick(dialog.sounds.muted)
    assert cues.settings.muted
    tick(dialog.sounds.cue_boxes[Cue.HOLD])
    shown: list[str] = []
    harness.session.cue_shown.connect(shown.append)
    harness.until(PhaseKind.HOLD)
    assert harness.engine.current_phase is not None
    assert "hold" not in shown, "a cue switched off mid-session is no longer given"
    harness.until(PhaseKind.RELEASE)
    assert shown[-1] == "release", "muted cues are still shown on screen"
    press(dialog, Qt.Key.Key_Escape)
    assert cues.settings == Settings().cues, "Cancel reaches the session too"


def test_a_new_session_starts_with_the_sounds_and_breathing_set(harness: Harness) -> None:
    chosen = replace(
        harness.window.settings,
        cues=CueSettings(volume=0.25, ticks=False),
        breathing=BreathingPattern(inhale_s=5.0, exhale_s=7.5),
    )
    harness.window.apply_settings(chosen)
    harness.start("quick-desk")
    assert harness.session.cue_settings == chosen.cues
    assert harness.session.cues is not None
    assert harness.session.cues.settings == chosen.cues
    breaths = {p.breathing for p in harness.session.plan.phases if p.kind is PhaseKind.BREATHE}
    assert breaths == {chosen.breathing}, "quick-desk sets no pattern: the person's own paces it"


def test_session_page_sets_the_breathing_and_the_routine_chosen_first(
    qtbot: QtBot, harness: Harness, tmp_path: Path
) -> None:
    dialog = _open(harness)
    page = dialog.session
    page.inhale.setValue(5.5)
    page.exhale.setValue(8)
    page.routine.setCurrentIndex(page.routine.findData(ROUTINE_ID))
    assert _saved(harness).breathing == BreathingPattern(inhale_s=5.5, exhale_s=8.0)
    assert _saved(harness).default_routine == ROUTINE_ID
    selected = harness.window.start_screen.selected_routine()
    assert selected is not None
    assert selected.id == ROUTINE_ID, "the start screen follows at once"
    click(dialog.done_button)
    harness.window.start_screen.select("full-protocol")
    harness.window.close()

    again = MainWindow(harness.paths, clock=harness.clock, suspend_probe=harness.probe)
    qtbot.addWidget(again)
    with qtbot.waitSignal(again.loaded, timeout=10_000):
        again.show()
    chosen = again.start_screen.selected_routine()
    assert chosen is not None
    assert chosen.id == ROUTINE_ID, "preselected when the app opens"
    again.close()


def test_a_dark_theme_and_larger_text_apply_to_the_whole_app_and_cancel_puts_them_back(
    harness: Harness,
) -> None:
    app = _app()
    before_font = app.font().pointSizeF()
    title = harness.window.start_screen.findChild(QLabel, "title")
    assert title is not None
    title_before = title.font().pointSizeF()
    dialog = _open(harness)
    dialog.show_page(dialog.look)
    dialog.look.text_size.setValue(150)
    assert app.font().pointSizeF() == pytest.approx(before_font * 1.5)
    assert title.font().pointSizeF() == pytest.approx(title_before * 1.5)
    # Plain text under the window's style sheet follows too, once the events are through.
    description = harness.window.start_screen.description
    harness.qtbot.waitUntil(lambda: description.font().pointSizeF() == pytest.approx(before_font * 1.5))
    tick(dialog.look.theme_buttons[Theme.DARK])
    assert app.palette().window().color() == theme_palette("dark").window().color()
    assert _saved(harness).theme is Theme.DARK
    assert _saved(harness).text_scale_percent == 150

    click(dialog.cancel_button)
    assert not dialog.isVisible()
    assert app.palette().resolveMask() == 0, "the desktop's own palette again"
    assert app.font().pointSizeF() == pytest.approx(before_font)
    assert title.font().pointSizeF() == pytest.approx(title_before)
    assert _saved(harness) == Settings()


def test_following_the_system_again_restores_the_desktops_palette(harness: Harness) -> None:
    app = _app()
    desktop_window = app.palette().window().color()
    dialog = _open(harness)
    tick(dialog.look.theme_buttons[Theme.LIGHT])
    assert app.palette().window().color() == theme_palette("light").window().color()
    assert app.style().name().lower() == "fusion"
    tick(dialog.look.theme_buttons[Theme.SYSTEM])
    assert app.palette().window().color() == desktop_window
    assert _saved(harness).theme is Theme.SYSTEM


def test_done_and_the_title_bars_close_keep_the_changes(harness: Harness) -> None:
    dialog = _open(harness)
    dialog.sounds.volume.setValue(40)
    click(dialog.done_button)
    assert _saved(harness).cues.volume == 0.4
    dialog = _open(harness)
    dialog.sounds.volume.setValue(50)
    dialog.close()
    assert not dialog.isVisible()
    assert _saved(harness).cues.volume == 0.5
    assert harness.window.settings.cues.volume == 0.5


def test_cancel_puts_back_everything_changed_since_it_opened(harness: Harness) -> None:
    first = replace(harness.window.settings, text_scale_percent=110, start_minimized=True)
    harness.window.apply_settings(first)
    dialog = _open(harness)
    dialog.sounds.volume.setValue(10)
    dialog.look.text_size.setValue(130)
    tick(dialog.start.start_minimized)
    tick(dialog.session.follow_up)
    assert _saved(harness) != first
    click(dialog.cancel_button)
    assert _saved(harness) == first
    assert harness.window.settings == first


def test_restore_defaults_resets_only_the_page_shown(harness: Harness) -> None:
    dialog = _open(harness)
    dialog.sounds.volume.setValue(20)
    tick(dialog.sounds.ticks)
    dialog.show_page(dialog.session)
    dialog.session.inhale.setValue(6)
    dialog.show_page(dialog.sounds)
    click(dialog.defaults_button)
    assert dialog.sounds.volume.value() == 80
    assert dialog.sounds.ticks.isChecked()
    assert _saved(harness).cues == CueSettings()
    assert _saved(harness).breathing.inhale_s == 6.0
    dialog.show_page(dialog.data)
    assert not dialog.defaults_button.isEnabled(), "the data page has nothing to reset"


def test_reminders_page_edits_every_reminder_setting(harness: Harness) -> None:
    dialog = _open(harness)
    page = dialog.reminders
    dialog.show_page(page)
    page.new_time.setTime(QTime(14, 0))
    click(page.add_button)
    page.new_time.setTime(QTime(8, 30))
    click(page.add_button)
    click(page.add_button)
    assert page.times_line.text() == "08:30 is already in the list."
    tick(page.every)
    page.every_hours.setValue(3)
    page.day_starts.setTime(QTime(8, 0))
    page.day_ends.setTime(QTime(18, 0))
    click(page.day_buttons[0])  # Monday off
    click(page.day_buttons[5])  # Saturday on
    page.snooze.setValue(30)
    page.routine.setCurrentIndex(page.routine.findData(ROUTINE_ID))
    tick(dialog.session.follow_up)  # the question after a session is on the Session page
    dialog.session.follow_up_min.setValue(90)
    assert _saved(harness).reminders == ReminderSettings(
        daily_times=(Minute(8, 30), Minute(14, 0)),
        every_hours=3,
        day_starts=Minute(8, 0),
        day_ends=Minute(18, 0),
        weekdays=frozenset({1, 2, 3, 4, 5}),
        snooze_min=30,
        routine_id=ROUTINE_ID,
    )
    assert _saved(harness).follow_up == FollowUpSettings(enabled=True, after_min=90)

    page.times.setCurrentRow(0)
    page.times.setFocus()
    press(page.times, Qt.Key.Key_Delete)
    assert _saved(harness).reminders.daily_times == (Minute(14, 0),)


def test_a_day_that_ends_before_it_starts_is_explained_and_not_saved(harness: Harness) -> None:
    dialog = _open(harness)
    page = dialog.reminders
    dialog.show_page(page)
    tick(page.every)
    page.day_ends.setTime(QTime(8, 0))
    assert page.day_problem.isVisibleTo(page)
    saved = _saved(harness).reminders
    assert (saved.every_hours, saved.day_starts, saved.day_ends) == (2, Minute(9, 0), Minute(17, 0))
    page.day_ends.setTime(QTime(19, 0))
    assert not page.day_problem.isVisibleTo(page)
    assert _saved(harness).reminders.day_ends == Minute(19, 0)


def test_twelve_reminder_times_are_the_most(harness: Harness) -> None:
    dialog = _open(harness)
    page = dialog.reminders
    for hour in range(8, 20):
        page.new_time.setTime(QTime(hour, 0))
        click(page.add_button)
    assert len(_saved(harness).reminders.daily_times) == 12
    assert not page.add_button.isEnabled()


@pytest.mark.skipif(not autostart.supported(), reason="XDG autostart is for Linux desktops")
def test_start_at_login_writes_and_removes_the_autostart_entry(harness: Harness) -> None:
    entry = Path(os.environ["XDG_CONFIG_HOME"]) / "autostart" / autostart.ENTRY_NAME
    dialog = _open(harness)
    dialog.show_page(dialog.start)
    tick(dialog.start.start_at_login)
    assert entry.is_file()
    assert f"--data-dir {harness.paths.data_dir}" in entry.read_text()
    assert _saved(harness).start_at_login
    assert dialog.start.login_line.text() == "Sciatica Timer will open when you log in."
    tick(dialog.start.start_at_login)
    assert not entry.exists()
    assert not _saved(harness).start_at_login
    tick(dialog.start.start_at_login)
    click(dialog.cancel_button)
    assert not entry.exists(), "Cancel takes the entry away again"
    assert not _saved(harness).start_at_login


@pytest.mark.skipif(not autostart.supported(), reason="XDG autostart is for Linux desktops")
def test_an_autostart_entry_that_cannot_be_written_leaves_the_box_unticked(
    harness: Harness, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(blocker))
    dialog = _open(harness)
    tick(dialog.start.start_at_login)
    assert not dialog.start.start_at_login.isChecked()
    assert dialog.start.login_line.text() == (
        f"Not changed: {blocker / 'autostart'}: cannot create the folder: Not a directory"
    )
    assert not harness.window.settings.start_at_login


def test_start_minimized_is_saved(harness: Harness) -> None:
    dialog = _open(harness)
    tick(dialog.start.start_minimized)
    assert _saved(harness).start_minimized


def test_a_settings_file_that_cannot_be_saved_says_so_and_still_applies(harness: Harness) -> None:
    harness.paths.settings_file.mkdir()  # a folder where the file should be: no save can replace it
    dialog = _open(harness)
    dialog.sounds.volume.setValue(55)
    assert harness.window.settings.cues.volume == 0.55
    assert dialog.status.text().startswith(f"In use now, but not saved: {harness.paths.settings_file}: ")
    assert dialog.status.property("role") == "danger"


def test_a_broken_settings_file_is_reported_on_the_start_screen(qtbot: QtBot, tmp_path: Path) -> None:
    settings_file = tmp_path / "settings.json"
    settings_file.write_text('{"format_version": 1, "theme": ')
    harness = make_harness(qtbot, tmp_path)
    notice = harness.window.start_screen.notice_text.text()
    (kept,) = tmp_path.glob("settings.json.broken-*")
    assert kept.read_text() == '{"format_version": 1, "theme": '
    assert notice.startswith(f"{settings_file}: the settings could not be read (line 1, column 32: ")
    assert f"it was kept as {kept.name}; defaults are used." in notice
    assert harness.window.start_screen.notice.isVisibleTo(harness.window)
    assert harness.window.settings == Settings()
    harness.window.close()


def test_data_page_shows_the_folder_and_opens_it(harness: Harness) -> None:
    opened: list[QUrl] = []

    class FileManager(QObject):
        @Slot(QUrl)
        def show(self, url: QUrl) -> None:
            opened.append(url)

    manager = FileManager()
    QDesktopServices.setUrlHandler("file", manager, "show")  # type: ignore[arg-type]  # the stub says bytes; str works
    try:
        dialog = _open(harness)
        dialog.show_page(dialog.data)
        assert dialog.data.folder.text() == str(harness.paths.data_dir)
        assert dialog.data.folder.isReadOnly()
        assert dialog.data.settings_file.text() == str(harness.paths.settings_file)
        click(dialog.data.open_button)
    finally:
        QDesktopServices.unsetUrlHandler("file")
    assert opened == [QUrl.fromLocalFile(str(harness.paths.data_dir))]


def test_back_up_now_writes_a_backup_off_the_ui_thread_and_says_where(harness: Harness) -> None:
    dialog = _open(harness)
    dialog.show_page(dialog.data)
    click(dialog.data.backup_button)
    assert not dialog.data.backup_button.isEnabled(), "one backup at a time"
    harness.qtbot.waitUntil(
        lambda: dialog.data.backup_line.text().startswith("Backed up as "), timeout=30_000
    )
    backups = list(harness.paths.backups_dir.glob("*.sqlite3"))
    assert len(backups) == 1
    assert date.today().isoformat() in backups[0].name
    assert dialog.data.backup_line.text() == f"Backed up as backups/{backups[0].name}."
    assert dialog.data.backup_button.isEnabled()


def test_the_sample_says_why_it_is_silent(harness: Harness) -> None:
    dialog = _open(harness)
    tick(dialog.sounds.muted)
    click(dialog.sounds.sample_button)
    assert dialog.sounds.sample_line.text() == (
        "Sounds are muted: turn “Mute all sounds” off to hear the sample."
    )
    tick(dialog.sounds.muted)
    click(dialog.sounds.sample_button)
    harness.qtbot.waitUntil(lambda: "Getting" not in dialog.sounds.sample_line.text(), timeout=30_000)
    line = dialog.sounds.sample_line.text()
    assert line.startswith(("No sound can play here (", "Playing the “press” cue at 80 %."))


def test_the_safety_checklist_opens_from_the_session_page(harness: Harness) -> None:
    if not hasattr(harness.window, "show_safety_check"):
        pytest.skip("the safety checklist is not part of this build")
    dialog = _open(harness)
    assert dialog.session.safety_button is not None
    with harness.qtbot.waitSignal(dialog.safety_requested):
        click(dialog.session.safety_button)
    assert not dialog.isVisible()
    assert harness.window.screens.currentWidget() is harness.window.safety_check


def test_data_dir_keeps_the_settings_inside_it(harness: Harness) -> None:
    dialog = _open(harness)
    dialog.sounds.volume.setValue(65)
    assert harness.paths.settings_file == harness.paths.data_dir / "settings.json"
    assert json.loads(harness.paths.settings_file.read_text())["sounds"]["volume_percent"] == 65
    assert not (Path(os.environ["XDG_CONFIG_HOME"]) / "sciatica-timer").exists()


@pytest.mark.qt_log_ignore("(?i)text-to-speech plug-in", "PulseAudioService")
def test_spoken_prompts_open_the_speech_engine_only_when_wanted(qtbot: QtBot) -> None:
    from sciatica_timer.core.clock import FakeClock
    from sciatica_timer.core.routines import expand, parse_routine
    from sciatica_timer.session.guided_session import GuidedSession
    from sciatica_timer.storage.resources import load_point_library
    from tests.ui.player_support import SHORT_ROUTINE

    points = load_point_library()
    routine = parse_routine(SHORT_ROUTINE, points, "test")
    quiet = CueSettings()
    session = GuidedSession(routine, expand(routine, points), FakeClock(0.0), sound=True, cue_settings=quiet)
    session.begin()
    assert session.prompts is None, "prompts are off: QtTextToSpeech is not even loaded"
    session.set_cue_settings(replace(quiet, spoken_prompts=True, muted=True))
    assert session.prompts is None, "muted means no voice either"
    session.set_cue_settings(replace(quiet, spoken_prompts=True))
    prompts = session.prompts
    assert prompts is not None, "turned on mid-session: the speech check starts now"
    qtbot.waitUntil(lambda: prompts.available or bool(prompts.unavailable_reason), timeout=30_000)
    if not prompts.available:
        assert (
            session.speech_problem_now == f"No spoken prompts in this session: {prompts.unavailable_reason}."
        )
    session.stop()
    session.shutdown()
    assert not session.timer_active()


def test_restore_a_backup_from_the_data_page(harness: Harness) -> None:
    store = harness.window.store
    assert store is not None
    store.log_pain(3, datetime.now().astimezone())
    store.backup_now()
    store.log_pain(9, datetime.now().astimezone())
    harness.window.show_history()
    view = harness.window.history_view
    assert view is not None
    assert view.trends.diary_count == 2
    dialog = _open(harness)
    dialog.show_page(dialog.data)
    offered: list[list[str]] = []

    def choose_newest(choices: list[BackupChoice]) -> Path | None:
        offered.append([c.text for c in choices])
        return choices[0].path

    dialog.choose_backup = choose_newest
    with harness.qtbot.waitSignal(harness.window.history_ops.changed) as heard:
        click(dialog.data.restore_button)
    assert heard.args is not None
    assert heard.args[0].everything, "every screen showing the history hears that all of it changed"
    today = date.today()
    assert offered == [[f"{today:%a} {today.day} {today:%b %Y}: 0 sessions, 1 diary entry"]]
    line = dialog.data.backup_line.text()
    assert line.startswith(f"Restored the backup history-{today.isoformat()}.sqlite3.")
    assert "kept as history-before-restore-" in line
    with harness.reopen_store() as reader:
        assert [e.score for e in reader.diary()] == [3]
    assert view.trends.diary_count == 1, "the open history shows what is there now"
    kept = list(harness.paths.backups_dir.glob("history-before-restore-*.sqlite3"))
    assert len(kept) == 1


def test_the_backup_list_as_a_person_sees_it(harness: Harness) -> None:
    store = harness.window.store
    assert store is not None
    store.log_pain(4, datetime.now().astimezone())
    store.backup_now()
    restore = RestoreBackupDialog(backup_choices(harness.paths.backups_dir, "history"))
    harness.qtbot.addWidget(restore)
    assert restore.list.count() == 1
    assert restore.restore_button.isEnabled()
    assert restore.chosen() is not None
    empty = RestoreBackupDialog([])
    harness.qtbot.addWidget(empty)
    assert not empty.restore_button.isEnabled()


def test_play_a_sample_is_in_view_at_1024x640_and_150_percent_text(harness: Harness) -> None:
    """A person with large text on a small screen finds the sample without scrolling (in both themes)."""
    harness.window.resize(1024, 640)
    font = QFont(_app().font())
    font.setPointSizeF(max(font.pointSizeF(), 10.0) * 1.5)  # the desktop's text at 150 %
    _app().setFont(font)
    dialog = _open(harness)
    dialog.page_list.setCurrentRow(0)
    page = dialog.sounds
    harness.qtbot.waitUntil(page.sample_button.isVisible)
    assert dialog.height() <= 640
    area = page.findChild(QScrollArea)
    assert area is not None
    assert area.verticalScrollBar().value() == 0
    viewport = area.viewport()
    for widget in (page.sample_button, page.volume, page.sound_line):
        top_left = widget.mapTo(viewport, QPoint(0, 0))
        inside = viewport.rect().contains(top_left) and top_left.y() + widget.height() <= viewport.height()
        assert inside, f"{widget.accessibleName() or widget} is scrolled out of view"
