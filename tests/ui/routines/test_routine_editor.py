"""The routine editor, driven by keys and clicks: build a routine from nothing, undo and redo every kind
of edit, refuse what breaks the rules, save, reload, play, preview without history, ask before losing work."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QApplication, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from sciatica_timer.core.engine import EngineState
from sciatica_timer.core.plan import BreathingPattern
from sciatica_timer.core.routines import ActivityStep, PointStep, RestStep, Routine, Sides, Step
from sciatica_timer.core.settings import Precaution, SafetyAnswers
from sciatica_timer.storage.resources import load_point_library
from sciatica_timer.storage.routine_files import RoutineRepository, load_routine_file
from sciatica_timer.ui.routines.routine_editor import RoutineEditor
from sciatica_timer.ui.routines.routine_workshop import RoutineWorkshop
from tests.ui.player_support import ROUTINE_ID, Asked, Harness, click, make_harness, press, type_text

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
ALT = Qt.KeyboardModifier.AltModifier


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "something has the keyboard focus"
    return widget


def key(k: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    """A key pressed where the keyboard focus is, as a person would."""
    press(focused(), k, modifier)


def open_routines(harness: Harness) -> RoutineWorkshop:
    """Ctrl+R on the start screen."""
    harness.window.activateWindow()
    harness.qtbot.waitUntil(harness.window.isActiveWindow)
    harness.window.start_screen.routine_list.setFocus()
    key(Qt.Key.Key_R, CTRL)
    workshop = harness.window.routine_workshop
    assert workshop is not None
    assert harness.window.screens.currentWidget() is workshop.screen
    return workshop


def new_routine(harness: Harness) -> RoutineEditor:
    workshop = open_routines(harness)
    key(Qt.Key.Key_N, CTRL)
    editor = workshop.editor
    assert editor is not None
    assert harness.window.screens.currentWidget() is editor
    return editor


def choose_in_picker(qtbot: QtBot, editor: RoutineEditor, search: str) -> None:
    """The picker is opening: wait for its window to take the keys, type, Enter, wait for the way back."""
    picker = editor.picker
    assert picker is not None
    assert picker.isVisible()
    qtbot.waitUntil(picker.isActiveWindow)
    assert focused() is picker.search
    type_text(picker.search, search)
    key(Qt.Key.Key_Return)
    assert not picker.isVisible()
    qtbot.waitUntil(editor.window().isActiveWindow)


def pick(qtbot: QtBot, editor: RoutineEditor, search: str, shortcut: Qt.Key = Qt.Key.Key_P) -> None:
    """Alt+P (or Alt+L) opens the point picker; type, then Enter."""
    key(shortcut, ALT)
    choose_in_picker(qtbot, editor, search)


def retype(widget: QWidget, text: str) -> None:
    """Select what a field holds and type over it."""
    widget.setFocus()
    key(Qt.Key.Key_A, CTRL)
    type_text(widget, text)


def undo() -> None:
    key(Qt.Key.Key_Z, CTRL)


def redo() -> None:
    key(Qt.Key.Key_Z, CTRL | SHIFT)


def steps_of(editor: RoutineEditor) -> tuple[Step, ...]:
    """The draft's steps now (a call: the type checker does not carry an earlier answer over)."""
    return editor.draft.steps


def all_steps_shown(editor: RoutineEditor) -> list[str]:
    return [editor.step_list.item(i).text().splitlines()[0] for i in range(editor.step_list.count())]


# ----------------------------------------------------------------------------------------------------------


def test_build_a_routine_from_nothing_save_reload_and_play_it(harness: Harness, qtbot: QtBot) -> None:
    editor = new_routine(harness)
    assert focused() is editor.name_edit, "a new routine starts with its name, selected"
    type_text(editor.name_edit, "Evening feet and back")
    assert not editor.save_button.isEnabled(), "no steps yet"
    assert editor.steps_error.text() == "Steps: must have at least one step (allowed: 1–100 steps)"

    pick(qtbot, editor, "sole")
    assert steps_of(editor) == (PointStep("KD1", Sides.BOTH, 3, hold_s=30),)  # KD1's usual hold
    assert editor.total.text() == "Total 4:50"  # 6 rounds × 50 s, less the very last breathe
    hold = editor.point_form.timings["hold_s"]
    retype(hold, "20")
    assert steps_of(editor)[0] == PointStep("KD1", Sides.BOTH, 3, hold_s=20)
    assert editor.total.text() == "Total 3:50", (
        "the total follows what is typed: 6 × 40 s, less the last breathe"
    )

    pick(qtbot, editor, "bl23", Qt.Key.Key_L)
    assert steps_of(editor)[1] == PointStep("BL23", Sides.BOTH, 3, hold_s=45, locate_first=True)
    editor.step_list.setFocus()
    key(Qt.Key.Key_A, ALT)
    assert focused() is editor.activity_form.title
    type_text(editor.activity_form.title, "Knee hugs")
    editor.activity_form.instructions.setFocus()
    type_text(editor.activity_form.instructions, "Hug both knees to the chest and breathe out.")
    key(Qt.Key.Key_R, ALT)
    assert [type(step) for step in steps_of(editor)] == [PointStep, PointStep, ActivityStep, RestStep]

    editor.step_list.setFocus()
    key(Qt.Key.Key_Up, ALT)
    key(Qt.Key.Key_Up, ALT)
    assert all_steps_shown(editor) == [
        "1. KD1 · Bubbling Spring",
        "2. Rest",
        "3. BL23 · Kidney Shu",
        "4. Knee hugs",
    ]
    key(Qt.Key.Key_Down, ALT)
    assert all_steps_shown(editor)[1:3] == ["2. BL23 · Kidney Shu", "3. Rest"]
    assert editor.save_button.isEnabled()

    key(Qt.Key.Key_S, CTRL)
    saved = editor.draft
    assert saved.id == "evening-feet-and-back"
    path = harness.paths.routines_dir / "evening-feet-and-back.json"
    assert load_routine_file(path, load_point_library()) == saved
    assert path.stat().st_mode & 0o777 == 0o600
    assert editor.status.text() == "Saved “Evening feet and back”."
    assert not editor.save_button.isEnabled(), "nothing new to save"
    assert saved.id in harness.window.routines, "the start screen lists it at once"

    key(Qt.Key.Key_Escape)  # back to the routines, then to the start
    workshop = harness.window.routine_workshop
    assert workshop is not None
    assert harness.window.screens.currentWidget() is workshop.screen
    assert workshop.screen.selected() == saved
    key(Qt.Key.Key_Escape)
    assert harness.window.screens.currentWidget() is harness.window.start_screen
    harness.window.close()

    again = make_harness(qtbot, harness.paths.data_dir)
    assert again.window.routines[saved.id] == saved
    again.start(saved.id)
    again.run_to_end()
    assert again.session.saved
    with again.reopen_store() as store:
        (session,) = store.sessions()
    assert (session.routine_id, session.routine_name) == (saved.id, "Evening feet and back")
    again.window.close()


def test_undo_and_redo_every_kind_of_edit(harness: Harness, qtbot: QtBot) -> None:
    editor = new_routine(harness)
    point_form = editor.point_form

    def name() -> None:
        retype(editor.name_edit, "Morning")

    def description() -> None:
        editor.description_edit.setFocus()
        type_text(editor.description_edit, "Before work.")

    def add_point() -> None:
        pick(qtbot, editor, "KD1")

    def hold() -> None:
        retype(point_form.timings["hold_s"], "40")

    def rounds() -> None:
        retype(point_form.repetitions, "2")

    def sides() -> None:
        point_form.sides.setFocus()
        key(Qt.Key.Key_Down)

    def find_first() -> None:
        point_form.locate_first.setFocus()
        key(Qt.Key.Key_Space)

    def breathing() -> None:
        point_form.breathing.toggle.setFocus()
        key(Qt.Key.Key_Space)

    def inhale() -> None:
        retype(point_form.breathing.inhale, "5.5")

    def instructions() -> None:
        point_form.instructions.setFocus()
        type_text(point_form.instructions, "Thumb in the hollow.")

    def change_point() -> None:
        click(point_form.change_point)
        choose_in_picker(qtbot, editor, "calf")

    def add_activity() -> None:
        editor.step_list.setFocus()
        key(Qt.Key.Key_A, ALT)

    def title() -> None:
        retype(editor.activity_form.title, "Calf stretch")

    def add_rest() -> None:
        editor.step_list.setFocus()
        key(Qt.Key.Key_R, ALT)

    def rest_length() -> None:
        retype(editor.rest_form.duration, "45")

    def move_up() -> None:
        editor.step_list.setFocus()
        key(Qt.Key.Key_Up, ALT)

    def drag() -> None:
        drop_on(editor, 0, below=2)

    def remove() -> None:
        editor.step_list.setFocus()
        key(Qt.Key.Key_Delete)

    edits = [
        name,
        description,
        add_point,
        hold,
        rounds,
        sides,
        find_first,
        breathing,
        inhale,
        instructions,
        change_point,
        add_activity,
        title,
        add_rest,
        rest_length,
        move_up,
        drag,
        remove,
    ]
    for edit in edits:
        before = editor.draft
        edit()
        after = editor.draft
        assert after != before, f"{edit.__name__} changed the draft"
        undo()
        assert editor.draft == before, f"Ctrl+Z undid {edit.__name__} (focus on {focused()})"
        redo()
        assert editor.draft == after, f"Ctrl+Shift+Z redid {edit.__name__}"
    assert editor.draft.name == "Morning"
    assert editor.draft.description == "Before work."
    # Added after the point, moved, then the point dragged to the end and removed:
    assert steps_of(editor) == (RestStep(45), ActivityStep("Calf stretch", "", 60))
    undo()
    point = steps_of(editor)[2]
    assert point == PointStep(
        "BL57",
        Sides.LEFT,
        2,
        hold_s=40,
        locate_first=True,
        breathing=BreathingPattern(5.5, 6.0),
        instructions="Thumb in the hollow.",
    )
    while editor.undo_stack.canUndo():
        undo()
    assert steps_of(editor) == ()
    assert editor.draft.name == "New routine"
    assert not editor.is_dirty


def test_typing_a_word_is_one_undo(harness: Harness) -> None:
    editor = new_routine(harness)
    type_text(editor.name_edit, "Evening")
    editor.description_edit.setFocus()
    type_text(editor.description_edit, "For the evening.")
    undo()
    assert (editor.draft.name, editor.draft.description) == ("Evening", "")
    undo()
    assert editor.draft.name == "New routine"
    assert editor.name_edit.text() == "New routine"


def drop_on(editor: RoutineEditor, source: int, *, below: int) -> None:
    """Drag step ``source`` and drop it on the lower half of step ``below``, as a mouse would.

    Qt's test tools cannot run a drag (QDrag.exec waits for a real mouse), and Qt delivers drop events only
    during one: the drop is handed to the list the way its viewport hands it over.
    """
    listing = editor.step_list
    listing.setCurrentRow(source)
    rect = listing.visualItemRect(listing.item(below))
    at = QPointF(rect.center().x(), rect.bottom() - 2)
    data: QMimeData = listing.model().mimeData([listing.currentIndex()])
    event = QDropEvent(
        at, Qt.DropAction.MoveAction, data, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )
    listing.dropEvent(event)
    assert event.dropAction() is Qt.DropAction.IgnoreAction, "the list removes nothing itself"


def test_steps_move_by_drag_and_drop_and_by_keys(harness: Harness) -> None:
    workshop = open_routines(harness)
    editor = workshop.edit(ROUTINE_ID)
    assert editor is not None
    point, activity, rest = steps_of(editor)
    drop_on(editor, 0, below=2)
    assert steps_of(editor) == (activity, rest, point)
    assert editor.step_list.currentRow() == 2, "the moved step stays chosen"
    drop_on(editor, 2, below=0)
    assert steps_of(editor) == (activity, point, rest)
    key(Qt.Key.Key_Up, ALT)
    assert steps_of(editor) == (point, activity, rest)
    key(Qt.Key.Key_Up, ALT)  # already first: nothing moves
    assert steps_of(editor) == (point, activity, rest)
    assert editor.undo_stack.count() == 3


def test_invalid_values_are_named_with_their_range_and_not_saved(harness: Harness) -> None:
    workshop = open_routines(harness)
    editor = workshop.edit(ROUTINE_ID)
    assert editor is not None
    path = harness.paths.routines_dir / f"{ROUTINE_ID}.json"
    on_disk = path.read_bytes()
    hold = editor.point_form.timings["hold_s"]
    retype(hold, "900")
    error = editor.point_form.errors["hold_s"]
    assert error.isVisibleTo(editor)
    assert error.text() == "Hold: 900 is above the maximum 300 (allowed: 5–300 s)"
    assert not editor.save_button.isEnabled()
    assert "Step 1, hold: 900 is above the maximum 300 (allowed: 5–300 s)" in editor.status.text()
    assert "Needs a fix" in editor.step_list.item(0).text()

    retype(editor.name_edit, " ")
    assert editor.name_error.text() == "Name: must not be empty (allowed: 1–80 characters)"
    key(Qt.Key.Key_S, CTRL)
    assert editor.status.text().startswith(
        "Not saved: 2 things to fix before saving. Name: must not be empty"
    )
    assert focused() is editor.name_edit, "Ctrl+S goes to the first problem"
    assert path.read_bytes() == on_disk, "nothing was written"
    key(Qt.Key.Key_F5)
    assert harness.window.screens.currentWidget() is editor, "no preview of a routine that breaks the rules"

    retype(editor.name_edit, "Fixed")
    retype(hold, "30")
    assert not editor.name_error.isVisibleTo(editor)
    assert not error.isVisibleTo(editor)
    assert editor.save_button.isEnabled()
    key(Qt.Key.Key_S, CTRL)
    # The file follows the new name (the old one is kept aside).
    assert load_routine_file(path.with_name("fixed.json"), load_point_library()).name == "Fixed"


def test_an_activity_without_instructions_points_at_its_field(harness: Harness) -> None:
    editor = new_routine(harness)
    key(Qt.Key.Key_A, ALT)
    errors = editor.activity_form.errors
    assert errors["instructions"].text() == "Instructions: must not be empty (allowed: 1–2000 characters)"
    retype(editor.activity_form.duration, "4000")
    assert errors["duration_s"].text() == "Length: 4000 is above the maximum 3600 (allowed: 5–3600 s)"


def test_leaving_or_closing_with_unsaved_changes_asks(harness: Harness, asked: Asked) -> None:
    editor = new_routine(harness)
    key(Qt.Key.Key_Escape)
    assert asked.questions == [], "an untouched new routine is let go without a question"
    workshop = harness.window.routine_workshop
    assert workshop is not None
    editor = workshop.edit(ROUTINE_ID) or editor
    retype(editor.point_form.timings["hold_s"], "6")

    asked.picks = ["Keep editing"]
    key(Qt.Key.Key_Escape)
    assert asked.questions == ["Save your changes?"]
    assert asked.offered == [("Save", "Leave without saving", "Keep editing")], "Save first, the default"
    assert harness.window.screens.currentWidget() is editor

    asked.picks = ["Keep editing"]
    assert not harness.window.close()
    assert asked.offered[-1] == ("Save", "Close without saving", "Keep editing")
    assert harness.window.isVisible()
    kept = steps_of(editor)[0]
    assert isinstance(kept, PointStep)
    assert kept.hold_s == 6

    asked.picks = ["Leave without saving"]
    key(Qt.Key.Key_Escape)
    assert harness.window.screens.currentWidget() is workshop.screen
    saved = load_routine_file(harness.paths.routines_dir / f"{ROUTINE_ID}.json", load_point_library())
    first = saved.steps[0]
    assert isinstance(first, PointStep)
    assert first.hold_s == 5, "the change was let go"
    assert harness.window.close(), "nothing unsaved is left: no question"
    assert len(asked.questions) == 3


def test_save_in_the_leave_question_saves_and_leaves(harness: Harness, asked: Asked) -> None:
    workshop = open_routines(harness)
    editor = workshop.edit(ROUTINE_ID)
    assert editor is not None
    retype(editor.point_form.timings["hold_s"], "7")
    asked.picks = ["Save"]
    key(Qt.Key.Key_Escape)
    assert asked.questions == ["Save your changes?"]
    assert harness.window.screens.currentWidget() is workshop.screen
    saved = load_routine_file(harness.paths.routines_dir / f"{ROUTINE_ID}.json", load_point_library())
    first = saved.steps[0]
    assert isinstance(first, PointStep)
    assert first.hold_s == 7


def test_save_with_a_problem_keeps_the_editor_open(harness: Harness, asked: Asked) -> None:
    workshop = open_routines(harness)
    editor = workshop.edit(ROUTINE_ID)
    assert editor is not None
    retype(editor.name_edit, " ")
    asked.picks = ["Save"]
    key(Qt.Key.Key_Escape)
    assert harness.window.screens.currentWidget() is editor, "nothing saved, nothing lost: still editing"
    assert editor.status.text().startswith("Not saved: ")


def test_a_routine_renamed_in_the_editor_moves_its_file_and_keeps_the_old_one_aside(harness: Harness) -> None:
    workshop = open_routines(harness)
    editor = workshop.edit(ROUTINE_ID)
    assert editor is not None
    old_path = harness.paths.routines_dir / f"{ROUTINE_ID}.json"
    retype(editor.name_edit, "Evening stretch")
    key(Qt.Key.Key_S, CTRL)
    new_path = harness.paths.routines_dir / "evening-stretch.json"
    assert load_routine_file(new_path, load_point_library()).name == "Evening stretch"
    assert not old_path.exists()
    (aside,) = harness.paths.routines_dir.glob(f"{ROUTINE_ID}.json.renamed-*")
    assert load_routine_file(aside, load_point_library()).name == "Test short", "the old file is kept"
    assert editor.draft.id == "evening-stretch"
    assert ROUTINE_ID not in harness.window.routines
    assert harness.window.routines["evening-stretch"].name == "Evening stretch"
    # Saving again under the same name moves nothing more.
    retype(editor.point_form.timings["hold_s"], "6")
    key(Qt.Key.Key_S, CTRL)
    assert len(list(harness.paths.routines_dir.glob("*.renamed-*"))) == 1


def test_preview_plays_ten_times_faster_writes_no_history_and_returns_to_the_draft(harness: Harness) -> None:
    workshop = open_routines(harness)
    editor = workshop.edit(ROUTINE_ID)
    assert editor is not None
    retype(editor.name_edit, "Changed, not saved")
    draft = editor.draft
    key(Qt.Key.Key_F5)
    session = workshop.preview
    player = workshop.preview_player
    assert session is not None
    assert player is not None
    assert harness.window.screens.currentWidget() is player
    assert harness.window.session is None, "the window's own session is not touched"
    assert "preview, running 10 times faster" in player.notice_text(player.history_notice)

    press(player, Qt.Key.Key_Space)
    assert session.started
    phase = session.engine.current_phase
    assert phase is not None
    assert session.engine.state is EngineState.WAITING  # the point is found first
    press(player, Qt.Key.Key_Return)
    hold_start = session.engine.current_phase
    assert hold_start is not None
    harness.clock.advance(hold_start.duration_s / 10 + 1e-6)  # 2 s of the press take 0.2 s
    assert session.timer is not None
    session.timer._on_deadline()
    now = session.engine.current_phase
    assert now is not None
    assert now.index == hold_start.index + 1, "one tenth of the time finished the phase"

    for _ in range(200):
        if session.over:
            break
        if session.engine.state is EngineState.WAITING:
            press(player, Qt.Key.Key_Return)
        else:
            # A tenth of the phase's time, and a hair more: the scaled clock's sums are not exact.
            harness.clock.advance((session.engine.time_left_s() or 0.0) / 10 + 1e-6)
            session.timer._on_deadline()
    assert workshop.preview is None
    assert not session.timer_active()
    assert harness.window.screens.currentWidget() is editor
    assert editor.draft == draft, "the draft is as it was"
    assert editor.is_dirty
    assert "Nothing was added to your history" in editor.status.text()
    store = harness.window.store
    assert store is not None
    assert store.sessions() == []

    key(Qt.Key.Key_F5)
    player_shown = workshop.preview_player
    assert player_shown is not None
    press(player_shown, Qt.Key.Key_Space)
    press(player_shown, Qt.Key.Key_Escape)  # Esc leaves a preview at once, without a question
    assert harness.window.screens.currentWidget() is editor
    assert store.sessions() == []


def test_in_pregnancy_the_preview_leaves_out_what_a_session_would(harness: Harness) -> None:
    window = harness.window
    answers = SafetyAnswers(reviewed=True, precautions=frozenset({Precaution.PREGNANCY}))
    window.apply_settings(replace(window.settings, safety=answers))
    repository = RoutineRepository(harness.paths.routines_dir, load_point_library())
    ankle = PointStep("BL60", Sides.LEFT, 1, hold_s=5)
    repository.save(
        Routine("ankle-and-foot", "Ankle and foot", "", (ankle, PointStep("KD1", Sides.LEFT, 1, hold_s=5)))
    )
    repository.save(Routine("ankle-only", "Ankle only", "", (ankle,)))
    workshop = open_routines(harness)

    editor = workshop.edit("ankle-and-foot")
    assert editor is not None
    key(Qt.Key.Key_F5)
    session = workshop.preview
    player = workshop.preview_player
    assert session is not None
    assert player is not None
    assert {phase.point_code for phase in session.engine.plan.phases} == {"KD1"}
    assert "BL60" in player.notice_text(player.safety_notice)
    press(player, Qt.Key.Key_Escape)

    editor = workshop.edit("ankle-only")
    assert editor is not None
    key(Qt.Key.Key_F5)
    assert workshop.preview is None, "nothing would be left to play"
    assert window.screens.currentWidget() is editor
    assert "BL60" in editor.status.text()


def test_routines_screen_duplicate_rename_delete_and_undo(harness: Harness, asked: Asked) -> None:
    workshop = open_routines(harness)
    screen = workshop.screen
    screen.select("quick-desk")
    assert screen.customize_button.isVisible()
    assert not screen.duplicate_button.isVisible(), "one way to copy a built-in routine, not two"
    assert not screen.delete_button.isVisible(), "a built-in routine cannot be deleted"
    key(Qt.Key.Key_Return)  # Enter on a built-in one: duplicate it to customize
    editor = workshop.editor
    assert editor is not None
    assert harness.window.screens.currentWidget() is editor
    assert (editor.draft.id, editor.draft.name) == ("quick-desk-break-copy", "Quick desk break (copy)")
    copy_path = harness.paths.routines_dir / "quick-desk-break-copy.json"
    assert copy_path.exists()
    assert "quick-desk-break-copy" in harness.window.routines
    key(Qt.Key.Key_Escape)

    screen.select("quick-desk-break-copy")
    workshop.ask_name = lambda current: f"{current} for work"
    key(Qt.Key.Key_F2)
    # The file follows the name; the old one is moved aside, never lost.
    old_path = copy_path
    copy_path = harness.paths.routines_dir / "quick-desk-break-copy-for-work.json"
    assert load_routine_file(copy_path, load_point_library()).name == "Quick desk break (copy) for work"
    assert not old_path.exists()
    (aside,) = harness.paths.routines_dir.glob("quick-desk-break-copy.json.renamed-*")
    assert load_routine_file(aside, load_point_library()).name == "Quick desk break (copy)"
    assert "quick-desk-break-copy" not in harness.window.routines
    assert (
        harness.window.routines["quick-desk-break-copy-for-work"].name == "Quick desk break (copy) for work"
    )
    assert screen.notice_text.text() == "Renamed to “Quick desk break (copy) for work”."
    chosen = screen.selected()
    assert chosen is not None
    assert chosen.id == "quick-desk-break-copy-for-work"
    workshop.ask_name = lambda _current: " "
    key(Qt.Key.Key_F2)
    assert screen.notice_text.text() == "Not renamed: Name: must not be empty (allowed: 1–80 characters)"

    asked.answers = [False]
    key(Qt.Key.Key_Delete)
    assert asked.questions == ["Delete this routine?"]
    assert copy_path.exists(), "kept when the answer is no"
    key(Qt.Key.Key_Delete)
    assert not copy_path.exists()
    assert "quick-desk-break-copy-for-work" not in harness.window.routines
    assert screen.notice_text.text() == "Deleted “Quick desk break (copy) for work”."
    assert screen.notice_undo.isVisibleTo(screen)
    click(screen.notice_undo)
    assert copy_path.exists()
    back = screen.selected()
    assert back is not None
    assert back.id == "quick-desk-break-copy-for-work"
    screen.select("quick-desk-break-copy-for-work")
    key(Qt.Key.Key_Delete)
    key(Qt.Key.Key_Z, CTRL)  # the same undo from the keyboard
    assert copy_path.exists()


def test_import_and_export_files(harness: Harness, asked: Asked, tmp_path: Path) -> None:
    workshop = open_routines(harness)
    screen = workshop.screen
    exported = tmp_path / "shared.json"
    workshop.choose_export = lambda _suggested: exported
    screen.select(ROUTINE_ID)
    key(Qt.Key.Key_E, CTRL)
    data = json.loads(exported.read_text(encoding="utf-8"))
    assert data["id"] == ROUTINE_ID

    data["name"] = "Shared with me"
    exported.write_text(json.dumps(data), encoding="utf-8")
    workshop.choose_import = lambda: exported
    asked.answers = [False]
    key(Qt.Key.Key_O, CTRL)
    assert asked.questions == ["Replace a routine?"]
    assert harness.window.routines[ROUTINE_ID].name == "Test short"
    asked.answers = [True]
    key(Qt.Key.Key_O, CTRL)
    assert harness.window.routines[ROUTINE_ID].name == "Shared with me"
    assert screen.notice_text.text() == "Imported “Shared with me”."

    broken = tmp_path / "broken.json"
    data["steps"][0]["hold_s"] = 900
    data["id"] = "other"
    broken.write_text(json.dumps(data), encoding="utf-8")
    workshop.choose_import = lambda: broken
    key(Qt.Key.Key_O, CTRL)
    assert screen.notice_text.text() == (
        "This file is not a routine the app can use:\n"
        f"{broken}: steps[0].hold_s: 900 is above the maximum 300"
    )
    assert "other" not in harness.window.routines


def test_built_in_routines_stay_read_only(harness: Harness) -> None:
    workshop = open_routines(harness)
    assert workshop.edit("full-protocol") is None
    workshop.screen.select("full-protocol")
    key(Qt.Key.Key_Delete)
    key(Qt.Key.Key_F2)
    assert not (harness.paths.routines_dir / "full-protocol.json").exists()
    assert RoutineRepository(harness.paths.routines_dir, load_point_library()).get("full-protocol").builtin


@pytest.mark.parametrize("font_scale", [1.0, 2.0])
def test_the_editor_fits_a_small_window_and_large_text(
    qtbot: QtBot, tmp_path: Path, font_scale: float
) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    base = app.font()
    bigger = app.font()
    bigger.setPointSizeF(base.pointSizeF() * font_scale)
    app.setFont(bigger)
    try:
        harness = make_harness(qtbot, tmp_path / "data")
        harness.window.resize(1024, 640)
        workshop = open_routines(harness)
        editor = workshop.edit(ROUTINE_ID)
        assert editor is not None
        qtbot.waitUntil(lambda: editor.width() <= 1024)
        for screen in (editor, workshop.screen):
            harness.window.screens.setCurrentWidget(screen)
            for button in screen.findChildren(QPushButton):
                if button.isVisibleTo(screen):
                    assert button.width() >= button.sizeHint().width(), f"{button.text()} is squeezed"
        assert editor.title.width() >= editor.title.minimumSizeHint().width()
        harness.window.close()
    finally:
        app.setFont(base)


def test_the_editor_is_not_loaded_at_start() -> None:
    import subprocess
    import sys

    script = "import json, sys\nimport sciatica_timer.ui.main_window\nprint(json.dumps(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    loaded = json.loads(out.stdout)
    mine = ("routine_editor", "routine_workshop", "routines_screen", "point_picker", "handout", "step_forms")
    assert [m for m in loaded if m.rsplit(".", 1)[-1] in mine] == []


def test_a_routine_made_in_code_shows_every_step(harness: Harness) -> None:
    """Each kind of step has its form, with the step's values in it."""
    workshop = open_routines(harness)
    routine = Routine(
        id="all-kinds",
        name="All kinds",
        description="",
        steps=(
            PointStep("GB30", Sides.RIGHT, 2, hold_s=40, breathing=BreathingPattern(3, 5)),
            ActivityStep("Walk", "Walk around the room.", 90),
            RestStep(20, "Lie still."),
        ),
    )
    workshop.repository.save(routine)
    editor = workshop.edit("all-kinds")
    assert editor is not None
    form = editor.point_form
    assert form.sides.currentText() == "Right side only"
    assert (form.timings["hold_s"].value(), form.repetitions.value()) == (40, 2)
    assert (form.breathing.inhale.value(), form.breathing.exhale.value()) == (3.0, 5.0)
    assert form.length.text() == "This step takes 2:00"
    editor.step_list.setCurrentRow(1)
    assert editor.forms.currentWidget() is editor.activity_form
    assert editor.activity_form.title.text() == "Walk"
    editor.step_list.setCurrentRow(2)
    assert editor.rest_form.text.toPlainText() == "Lie still."
    assert not editor.is_dirty, "looking is not editing"
