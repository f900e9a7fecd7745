"""The safety checklist on the first run and after, what its answers change, and the help window."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QPushButton, QWidget
from pytestqt.qtbot import QtBot

from sciatica_timer.core.plan import PhaseKind
from sciatica_timer.core.safety import RED_FLAG_QUESTIONS, RedFlag
from sciatica_timer.core.settings import Precaution, SafetyAnswers, Settings, settings_to_dict
from sciatica_timer.storage.paths import AppPaths, resolve_paths
from sciatica_timer.storage.resources import load_point_library
from sciatica_timer.ui.main_window import MainWindow
from sciatica_timer.ui.start.safety_check import SafetyCheckScreen
from tests.ui.player_support import Asked, click, make_harness, press, write_routine

ANKLE_ROUTINE = {
    "format_version": 1,
    "id": "back-and-ankle",
    "name": "Back and ankle",
    "description": "The lower back, then the outer ankle.",
    "steps": [
        {"kind": "point", "point": "BL23", "sides": "both", "repetitions": 1, "hold_s": 10},
        {"kind": "point", "point": "BL60", "sides": "both", "repetitions": 1, "hold_s": 10},
        {"kind": "rest", "duration_s": 5},
    ],
}
ANKLE_ONLY = {
    "format_version": 1,
    "id": "ankle-only",
    "name": "Ankle only",
    "description": "",
    "steps": [{"kind": "point", "point": "BL60", "sides": "both", "repetitions": 1, "hold_s": 10}],
}


def open_window(qtbot: QtBot, paths: AppPaths) -> MainWindow:
    window = MainWindow(paths)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.loaded, timeout=10_000):
        window.show()
    return window


def checklist(window: MainWindow) -> SafetyCheckScreen:
    screen = window.safety_check
    assert screen is not None
    assert window.screens.currentWidget() is screen
    return screen


def write_settings(paths: AppPaths, *ticked: Precaution, checked: date | None = None) -> None:
    """Answers saved earlier; the warning signs gone through on ``checked`` (today by default)."""
    day = checked if checked is not None else date.today()
    safety = SafetyAnswers(reviewed=True, precautions=frozenset(ticked), signs_checked=day)
    paths.config_dir.mkdir(parents=True, exist_ok=True)
    paths.settings_file.write_text(json.dumps(settings_to_dict(Settings(safety=safety))), encoding="utf-8")


def saved_safety(paths: AppPaths) -> object:
    """The saved answers, without the day the warning signs were gone through (checked to be today)."""
    saved = json.loads(paths.settings_file.read_text(encoding="utf-8"))["safety"]
    assert saved.pop("warning_signs_checked") == date.today().isoformat()
    return saved


def test_bl60_is_the_point_the_library_marks_for_pregnancy() -> None:
    """The tests below lean on this: if the library changes, they must change with it."""
    assert [point.code for point in load_point_library() if point.pregnancy_caution] == ["BL60"]


def test_the_first_run_asks_the_checklist_and_nothing_starts_before_continue(
    qtbot: QtBot, tmp_path: Path, first_run: None
) -> None:
    paths = resolve_paths(tmp_path)
    window = open_window(qtbot, paths)
    screen = checklist(window)
    assert screen.title.text() == "Before you start: warning signs"
    assert screen.page_index() == screen.SIGNS_PAGE, "the warning signs come first"
    assert not screen.back_button.isVisibleTo(screen), "no way round it on the first run"
    assert "no substitute for advice from your doctor" in screen.intro.text()
    assert set(screen.precaution_boxes) == set(Precaution)
    assert set(screen.red_flag_boxes) == set(RedFlag)

    window.choose_routine("full-protocol")  # as a reminder or a stray key might
    assert window.screens.currentWidget() is screen
    assert window.pain_check is None
    assert window.session is None
    assert not paths.settings_file.exists(), "nothing is saved before Continue"

    click(screen.next_button)
    assert screen.page_index() == screen.PRECAUTIONS_PAGE
    assert not paths.settings_file.exists()
    click(screen.continue_button)
    assert window.screens.currentWidget() is window.start_screen
    assert window.settings.safety == SafetyAnswers(reviewed=True, signs_checked=date.today())
    assert saved_safety(paths) == {"reviewed": True, "precautions": []}
    window.choose_routine("full-protocol")
    assert window.pain_check is not None
    assert window.screens.currentWidget() is window.pain_check
    window.close()


def test_answers_are_saved_and_the_checklist_is_not_asked_again(
    qtbot: QtBot, tmp_path: Path, first_run: None
) -> None:
    paths = resolve_paths(tmp_path)
    window = open_window(qtbot, paths)
    screen = checklist(window)
    press(screen, Qt.Key.Key_Return)  # no warning signs: on to the precautions
    screen.precaution_boxes[Precaution.RECENT_INJURY].setChecked(True)
    screen.precaution_boxes[Precaution.BLOOD_THINNERS].setChecked(True)
    assert screen.advice_card.isVisibleTo(screen)
    assert "acute phase" in screen.advice_text.text()
    assert "bruise more easily" in screen.advice_text.text()
    press(screen, Qt.Key.Key_Return)  # Enter continues
    assert window.screens.currentWidget() is window.start_screen
    assert saved_safety(paths) == {"reviewed": True, "precautions": ["blood_thinners", "recent_injury"]}
    line = window.start_screen.safety_line
    assert line is not None
    assert line.isVisibleTo(window.start_screen)
    assert "acute phase" in line.text.text(), "the most pressing advice comes first"
    assert "bruise" in line.accessibleDescription()
    window.close()

    again = open_window(qtbot, paths)
    assert again.screens.currentWidget() is again.start_screen
    assert again.safety_check is None
    assert again.settings.safety.precautions == {Precaution.RECENT_INJURY, Precaution.BLOOD_THINNERS}
    assert again.start_screen.safety_line is not None
    assert "acute phase" in again.start_screen.safety_line.text.text()
    again.close()


def test_the_checklist_can_be_answered_with_the_keyboard(
    qtbot: QtBot, tmp_path: Path, first_run: None
) -> None:
    paths = resolve_paths(tmp_path)
    window = open_window(qtbot, paths)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    screen = checklist(window)
    first_sign = screen.red_flag_boxes[RedFlag.BOTH_LEGS]
    qtbot.waitUntil(first_sign.hasFocus)
    press(first_sign, Qt.Key.Key_Return)  # none of the warning signs
    first = screen.precaution_boxes[Precaution.PREGNANCY]
    qtbot.waitUntil(first.hasFocus)
    press(first, Qt.Key.Key_Tab)
    skin = screen.precaution_boxes[Precaution.SKIN]
    assert skin.hasFocus()
    press(skin, Qt.Key.Key_Space)
    assert skin.isChecked()
    press(skin, Qt.Key.Key_Return)
    assert window.screens.currentWidget() is window.start_screen
    assert saved_safety(paths) == {"reviewed": True, "precautions": ["skin"]}
    window.close()


def test_without_precautions_the_start_screen_has_no_advice_line(
    qtbot: QtBot, tmp_path: Path, first_run: None
) -> None:
    paths = resolve_paths(tmp_path)
    write_settings(paths)
    window = open_window(qtbot, paths)
    assert window.screens.currentWidget() is window.start_screen
    line = window.start_screen.safety_line
    assert line is None or not line.isVisibleTo(window.start_screen)
    window.close()


@pytest.mark.parametrize(
    ("flag", "advice"),
    [
        (RedFlag.BOTH_LEGS, ("Please get emergency care now", "A&E now")),
        (RedFlag.SADDLE_NUMBNESS, ("Please get emergency care now", "A&E now")),
        (RedFlag.GENITALS, ("Please get emergency care now", "A&E now")),
        (RedFlag.BLADDER_BOWEL, ("Please get emergency care now", "A&E now")),
        (RedFlag.FEVER, ("Please see a doctor today", "infection")),
        (RedFlag.LEG_WEAKNESS, ("Please see a doctor today", "weaker")),
        (RedFlag.INJURY, ("Please see a doctor today", "broken bone")),
        (RedFlag.INFECTION_RISK, ("Please see a doctor today", "injecting drugs")),
        (RedFlag.FRAGILE_BONES, ("Please see a doctor today", "small fall")),
        (RedFlag.CANCER_OR_UNWELL, ("Please see a doctor today", "After cancer")),
        (RedFlag.NIGHT_PAIN, ("Please see a doctor today", "at night")),
        (RedFlag.AGE, ("Please book an appointment with your doctor", "under 20 or over 50")),
    ],
)
def test_a_warning_sign_gives_urgent_advice_and_continuing_needs_an_acknowledgement(
    qtbot: QtBot, tmp_path: Path, first_run: None, flag: RedFlag, advice: tuple[str, str]
) -> None:
    title, words = advice
    paths = resolve_paths(tmp_path)
    window = open_window(qtbot, paths)
    screen = checklist(window)
    assert not screen.urgent_card.isVisibleTo(screen)
    assert not screen.anyway_button.isVisibleTo(screen)
    screen.red_flag_boxes[flag].setChecked(True)
    assert screen.urgent_card.isVisibleTo(screen)
    assert screen.urgent_title.text() == title
    assert words in screen.urgent_text.text()
    assert not screen.next_button.isVisibleTo(screen)
    assert screen.anyway_button.text() == "I understand — continue anyway"

    press(screen, Qt.Key.Key_Return)
    screen.next_button.click()  # hidden, but even a click that reached it would not go on
    screen.continue_button.click()
    assert screen.page_index() == screen.SIGNS_PAGE
    assert window.screens.currentWidget() is screen
    assert not paths.settings_file.exists()

    click(screen.anyway_button)
    assert screen.page_index() == screen.PRECAUTIONS_PAGE
    click(screen.continue_button)
    assert window.screens.currentWidget() is window.start_screen
    assert saved_safety(paths) == {"reviewed": True, "precautions": []}, "warning signs are never saved"
    assert window.red_flags == {flag}
    line = window.start_screen.safety_line
    assert line is not None
    assert line.isVisibleTo(window.start_screen)
    assert "before any routine" in line.text.text()
    window.close()


def test_unticking_the_warning_sign_brings_continue_back(
    qtbot: QtBot, tmp_path: Path, first_run: None
) -> None:
    window = open_window(qtbot, resolve_paths(tmp_path))
    screen = checklist(window)
    box = screen.red_flag_boxes[RedFlag.FEVER]
    box.setChecked(True)
    box.setChecked(False)
    assert not screen.urgent_card.isVisibleTo(screen)
    assert screen.next_button.isVisibleTo(screen)
    assert not screen.anyway_button.isVisibleTo(screen)
    window.close()


def test_revisiting_shows_the_saved_answers_and_back_changes_nothing(
    qtbot: QtBot, tmp_path: Path, asked: Asked
) -> None:
    paths = resolve_paths(tmp_path)
    write_settings(paths, Precaution.PREGNANCY, Precaution.SKIN)
    harness = make_harness(qtbot, tmp_path)
    window = harness.window
    window.show_safety_check()
    screen = checklist(window)
    assert screen.title.text() == "Your safety checklist: warning signs"
    click(screen.next_button)
    ticked = {p for p, box in screen.precaution_boxes.items() if box.isChecked()}
    assert ticked == {Precaution.PREGNANCY, Precaution.SKIN}
    assert not any(box.isChecked() for box in screen.red_flag_boxes.values())
    assert screen.back_button.isVisibleTo(screen)
    screen.precaution_boxes[Precaution.CANCER].setChecked(True)
    press(screen, Qt.Key.Key_Escape)
    assert window.screens.currentWidget() is window.start_screen
    assert window.settings.safety.precautions == {Precaution.PREGNANCY, Precaution.SKIN}

    window.show_safety_check()
    assert not screen.precaution_boxes[Precaution.CANCER].isChecked(), "filled in afresh from the settings"
    screen.precaution_boxes[Precaution.PREGNANCY].setChecked(False)
    click(screen.next_button)
    click(screen.continue_button)
    assert saved_safety(paths) == {"reviewed": True, "precautions": ["skin"]}
    assert window.screens.currentWidget() is window.start_screen
    window.close()


def test_the_start_screen_line_opens_the_checklist(qtbot: QtBot, tmp_path: Path, asked: Asked) -> None:
    paths = resolve_paths(tmp_path)
    write_settings(paths, Precaution.HEART_CIRCULATION)
    window = make_harness(qtbot, tmp_path).window
    line = window.start_screen.safety_line
    assert line is not None
    assert line.text.text() == "Ask your doctor first, and keep the pressure light."
    assert "heart or circulation" in line.accessibleDescription()
    click(line.review_button)
    assert checklist(window).precaution_boxes[Precaution.HEART_CIRCULATION].isChecked()
    window.close()


def test_in_pregnancy_bl60_is_left_out_of_the_session_and_the_player_says_so(
    qtbot: QtBot, tmp_path: Path, asked: Asked
) -> None:
    paths = resolve_paths(tmp_path)
    write_settings(paths, Precaution.PREGNANCY)
    write_routine(paths, ANKLE_ROUTINE)
    harness = make_harness(qtbot, tmp_path)
    start = harness.window.start_screen
    start.select("back-and-ankle")
    row = start.selected_routine()
    assert row is not None
    assert row.facts.endswith("2 points: BL23, BL60 · BL60 left out in pregnancy")
    assert "While you are pregnant, sessions leave out BL60." in start.description.text()

    harness.open_player("back-and-ankle")
    plan = harness.session.plan
    assert [step.title for step in plan.steps] == ["Kidney Shu", "Rest"]
    assert all(phase.point_code != "BL60" for phase in plan.phases)
    player = harness.player
    note = player.notice_text(player.safety_notice)
    assert note == (
        "BL60 (Kunlun Mountains) is left out of this session: it is traditionally avoided during pregnancy."
    )
    cautions = player.details.sections["cautions"][1].text()
    assert "Keep the pressure light" in cautions

    harness.key(Qt.Key.Key_Space)
    harness.run_to_end()
    with harness.reopen_store() as store:
        saved = store.sessions()[0]
    assert saved.routine_name == "Back and ankle"
    harness.window.close()


def test_without_pregnancy_bl60_stays_in_and_nothing_is_said(
    qtbot: QtBot, tmp_path: Path, asked: Asked
) -> None:
    paths = resolve_paths(tmp_path)
    write_settings(paths, Precaution.RECENT_INJURY)
    write_routine(paths, ANKLE_ROUTINE)
    harness = make_harness(qtbot, tmp_path)
    harness.open_player("back-and-ankle")
    assert [step.point_code for step in harness.session.plan.steps] == ["BL23", "BL60", None]
    assert harness.player.notice_text(harness.player.safety_notice) == ""
    row = harness.window.start_screen.selected_routine()
    assert row is not None
    assert "pregnancy" not in row.facts
    harness.window.close()


def test_a_routine_of_only_avoided_points_does_not_start_in_pregnancy(
    qtbot: QtBot, tmp_path: Path, asked: Asked
) -> None:
    paths = resolve_paths(tmp_path)
    write_settings(paths, Precaution.PREGNANCY)
    write_routine(paths, ANKLE_ONLY)
    harness = make_harness(qtbot, tmp_path)
    harness.choose("ankle-only")
    window = harness.window
    assert window.screens.currentWidget() is window.start_screen
    assert window.pain_check is None
    assert "nothing left to play" in window.start_screen.notice_text.text()
    window.close()


def test_broken_or_sore_skin_adds_a_caution_to_every_point(
    qtbot: QtBot, tmp_path: Path, asked: Asked
) -> None:
    paths = resolve_paths(tmp_path)
    write_settings(paths, Precaution.SKIN)
    harness = make_harness(qtbot, tmp_path)
    harness.start()
    harness.until(PhaseKind.PRESS)
    cautions = harness.player.details.sections["cautions"][1].text()
    assert "• Skip this point if the skin over it is broken, bruised or sore." in cautions
    assert "Keep the pressure light" not in cautions
    harness.window.close()


def test_f1_opens_the_help_with_the_warning_signs(qtbot: QtBot, tmp_path: Path, asked: Asked) -> None:
    harness = make_harness(qtbot, tmp_path)
    window = harness.window
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    press(window.start_screen.routine_list, Qt.Key.Key_F1)
    help_window = window.help_window
    assert help_window is not None
    qtbot.waitUntil(help_window.isVisible)
    text = help_window.plain_text()
    for question in RED_FLAG_QUESTIONS.values():
        assert question.label in text
    assert "Emergency: call an ambulance or go to A&E now" in text
    assert "Urgent: see a doctor today" in text
    assert "Soon: book an appointment" in text
    assert text.index("Emergency:") < text.index(RED_FLAG_QUESTIONS[RedFlag.BOTH_LEGS].label)
    assert "F9" in text
    assert "Sharp pain: stop at once, without a question" in text
    assert "What is known about acupressure for sciatica" in text
    assert "does not recommend acupuncture" in text
    assert "whether it helps you" in text
    assert "I am pregnant, or might be" in text
    assert "Ctrl+H" in text
    assert "Shift+Right" in text
    assert str(harness.paths.data_dir) in text
    help_window.close()
    click(window.start_screen.help_button)
    assert help_window.isVisible(), "the Help button opens the same window"
    window.close()


def _shortcut_keys(root: QWidget) -> set[str]:
    native = QKeySequence.SequenceFormat.NativeText
    keys = {shortcut.key().toString(native) for shortcut in root.findChildren(QShortcut)}
    for action in root.findChildren(QAction):
        keys.update(sequence.toString(native) for sequence in action.shortcuts())
    return keys - {""}


def test_the_help_lists_every_shortcut_of_the_window(qtbot: QtBot, tmp_path: Path, asked: Asked) -> None:
    window = make_harness(qtbot, tmp_path).window
    window.show_history()
    window.show_start()
    if hasattr(window, "show_routines"):
        window.show_routines()
    keys = _shortcut_keys(window)
    assert {"F1", "Ctrl+H"} <= keys
    window.show_help()
    assert window.help_window is not None
    text = window.help_window.plain_text()
    assert sorted(key for key in keys if key not in text) == []
    window.help_window.close()
    window.close()


@pytest.mark.parametrize(("days_ago", "asked_again"), [(29, False), (30, True), (400, True), (-3, True)])
def test_the_warning_signs_are_asked_again_after_30_days(
    qtbot: QtBot, tmp_path: Path, first_run: None, days_ago: int, asked_again: bool
) -> None:
    paths = resolve_paths(tmp_path)
    write_settings(paths, Precaution.SKIN, checked=date.today() - timedelta(days=days_ago))
    window = open_window(qtbot, paths)
    if not asked_again:
        assert window.screens.currentWidget() is window.start_screen
        window.close()
        return
    screen = checklist(window)
    assert screen.title.text() == "Your monthly check: warning signs"
    assert screen.page_index() == screen.SIGNS_PAGE
    window.choose_routine("full-protocol")  # nothing starts before the check
    assert window.pain_check is None
    click(screen.next_button)
    assert screen.precaution_boxes[Precaution.SKIN].isChecked(), "the saved answers are kept"
    click(screen.continue_button)
    assert saved_safety(paths) == {"reviewed": True, "precautions": ["skin"]}
    window.choose_routine("full-protocol")
    assert window.screens.currentWidget() is window.pain_check
    window.close()


@pytest.mark.parametrize("scale", [100, 150])
def test_the_warning_signs_fit_one_page_at_1024_by_640(
    qtbot: QtBot, tmp_path: Path, first_run: None, scale: int
) -> None:
    paths = resolve_paths(tmp_path)
    paths.config_dir.mkdir(parents=True, exist_ok=True)
    paths.settings_file.write_text(
        json.dumps({"format_version": 1, "text_scale_percent": scale}), encoding="utf-8"
    )
    window = open_window(qtbot, paths)
    window.resize(1024, 640)
    screen = checklist(window)
    qtbot.waitUntil(lambda: screen.signs_scroll.viewport().height() > 0)
    qtbot.waitUntil(lambda: screen.width() <= 1024)
    bar = screen.signs_scroll.verticalScrollBar()
    assert bar.maximum() == 0, f"the warning signs scroll by {bar.maximum()} px at {scale} %"
    viewport = screen.signs_scroll.viewport()
    for box in screen.red_flag_boxes.values():
        top_left = box.mapTo(viewport, box.rect().topLeft())
        assert viewport.rect().contains(top_left)
    assert screen.next_button.isVisible()
    window.close()


def test_the_pain_check_points_to_the_warning_signs_and_both_legs_warns(
    qtbot: QtBot, tmp_path: Path, asked: Asked
) -> None:
    paths = resolve_paths(tmp_path)
    write_settings(paths)
    harness = make_harness(qtbot, tmp_path)
    window = harness.window
    harness.choose("full-protocol")
    check = window.pain_check
    assert check is not None
    assert check.warning_signs_line.text() == "No new warning signs?"
    assert check.warning_signs_button.isVisibleTo(check)
    assert not check.both_legs_card.isVisibleTo(check)
    both = next(b for b in check.side.findChildren(QPushButton) if b.text() == "Both")
    click(both)
    assert check.both_legs_card.isVisibleTo(check)
    assert "both legs" in check.both_legs_text.text()
    assert "A&E now" in check.both_legs_text.text()
    click(both)  # unchosen again
    assert not check.both_legs_card.isVisibleTo(check)

    click(check.warning_signs_button)
    screen = checklist(window)
    assert screen.page_index() == screen.SIGNS_PAGE
    press(screen, Qt.Key.Key_Escape)
    assert window.screens.currentWidget() is check, "back to the pain check"
    window.close()


KNEE_ROUTINE = {
    "format_version": 1,
    "id": "back-and-knee",
    "name": "Back and knee",
    "description": "",
    "steps": [
        {"kind": "point", "point": "BL23", "sides": "left", "repetitions": 1, "hold_s": 10},
        {"kind": "point", "point": "BL40", "sides": "left", "repetitions": 1, "hold_s": 10},
    ],
}


def _shown_words(harness: object) -> str:
    player = harness.player  # type: ignore[attr-defined]
    return " ".join(
        [
            player.hint_label.text(),
            player.reminder_label.text(),
            player.details.sections["press"][1].text(),
            player.details.sections["cautions"][1].text(),
        ]
    )


@pytest.mark.parametrize(
    ("ticked", "firm_on_bl23"),
    [((), True), ((Precaution.HEART_CIRCULATION,), False), ((Precaution.PREGNANCY,), False)],
)
def test_light_pressure_answers_and_light_points_never_show_firm_pressure(
    qtbot: QtBot, tmp_path: Path, asked: Asked, ticked: tuple[Precaution, ...], firm_on_bl23: bool
) -> None:
    paths = resolve_paths(tmp_path)
    write_settings(paths, *ticked)
    write_routine(paths, KNEE_ROUTINE)
    harness = make_harness(qtbot, tmp_path)
    harness.start("back-and-knee")
    harness.until(PhaseKind.HOLD)
    player = harness.player
    assert "breathe slowly and deeply" in player.hint_label.text(), "the hold reminds the person to breathe"
    assert ("firm" in _shown_words(harness).lower()) is firm_on_bl23
    harness.advance(harness.engine.time_left_s() or 0.0)
    harness.until(PhaseKind.HOLD)
    assert harness.engine.current_phase is not None
    assert harness.engine.current_phase.point_code == "BL40"
    assert "firm" not in _shown_words(harness).lower(), "BL40 asks for light pressure whoever presses it"
    assert "light" in player.hint_label.text()
    harness.window.close()


def test_the_help_link_goes_to_what_is_known(qtbot: QtBot, tmp_path: Path, asked: Asked) -> None:
    from PySide6.QtCore import QUrl

    window = make_harness(qtbot, tmp_path).window
    window.show_help()
    help_window = window.help_window
    assert help_window is not None
    qtbot.waitUntil(help_window.isVisible)
    bar = help_window.text.verticalScrollBar()
    assert bar.value() == 0
    help_window.text.anchorClicked.emit(QUrl("#known"))
    assert bar.value() > 0, "the page scrolled to the section"
    help_window.close()
    window.close()
