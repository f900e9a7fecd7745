"""Scores as typed: "1" then "0" is 10 in every pain widget, "1" then "1" is refused, and the diary says so.

Keys go to the real widgets through qtbot, as a person types them; the scores are read back from the real
history file.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QDateTime, Qt
from pytestqt.qtbot import QtBot

from sciatica_timer.ui.common.pain_scale import TYPING_MOMENT_S, PainScale
from tests.ui.player_support import Harness, click, key, keys


class FakeTime:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_the_scale_takes_ten_typed_as_two_digits(qtbot: QtBot) -> None:
    scale = PainScale("Pain now")
    qtbot.addWidget(scale)
    scale.show()
    keys(qtbot, scale, "10")
    assert scale.score() == 10
    assert scale.buttons[10].hasFocus() or not scale.isActiveWindow()
    assert scale.refusal.isHidden()


def test_eleven_is_refused_visibly_and_leaves_no_score(qtbot: QtBot) -> None:
    scale = PainScale("Pain now")
    qtbot.addWidget(scale)
    scale.show()
    seen: list[object] = []
    scale.score_changed.connect(seen.append)
    keys(qtbot, scale, "11")
    assert scale.score() is None, "11 never becomes 1"
    assert scale.refusal.isVisible()
    assert "11 is not on the scale" in scale.refusal.text()
    assert seen[-1] is None
    key(qtbot, scale, Qt.Key.Key_7)
    assert scale.score() == 7
    assert scale.refusal.isHidden()


def test_fifteen_and_twenty_are_refused_but_single_digits_stand(qtbot: QtBot) -> None:
    scale = PainScale("Pain now")
    qtbot.addWidget(scale)
    keys(qtbot, scale, "15")
    assert scale.score() is None
    key(qtbot, scale, Qt.Key.Key_2)
    assert scale.score() == 2
    key(qtbot, scale, Qt.Key.Key_3)
    assert scale.score() == 3, "only a lone 1 can grow into 10"


def test_digits_after_a_pause_start_anew(qtbot: QtBot) -> None:
    clock = FakeTime()
    scale = PainScale("Pain now", clock=clock)
    qtbot.addWidget(scale)
    key(qtbot, scale, Qt.Key.Key_1)
    assert scale.score() == 1
    clock.now += TYPING_MOMENT_S + 0.1
    key(qtbot, scale, Qt.Key.Key_0)
    assert scale.score() == 0
    clock.now += TYPING_MOMENT_S + 0.1
    key(qtbot, scale, Qt.Key.Key_1)
    clock.now += TYPING_MOMENT_S / 2
    key(qtbot, scale, Qt.Key.Key_0)
    assert scale.score() == 10


def test_a_click_between_two_digits_does_not_join_them(qtbot: QtBot) -> None:
    scale = PainScale("Pain now")
    qtbot.addWidget(scale)
    key(qtbot, scale, Qt.Key.Key_1)
    click(scale.buttons[5])
    key(qtbot, scale, Qt.Key.Key_0)
    assert scale.score() == 0


def test_pain_check_stores_ten(harness: Harness) -> None:
    harness.choose()
    check = harness.window.pain_check
    assert check is not None
    keys(harness.qtbot, check, "10")
    assert check.scale.score() == 10
    assert check.scale_words.text() == "10: worst imaginable"
    key(harness.qtbot, check, Qt.Key.Key_Return)
    player = harness.player
    assert player.notice_text(player.history_notice) == "", "nothing is saved before the start"
    harness.key(Qt.Key.Key_Space)
    assert player.notice_text(player.history_notice) == "Saved: pain 10 before this session."
    harness.run_to_end()
    assert player.notice_text(player.history_notice) == "", "said through the first phase only"
    with harness.reopen_store() as store:
        (session,) = store.sessions()
    assert session.pain_before == 10


def test_pain_check_refuses_eleven(harness: Harness) -> None:
    harness.choose()
    check = harness.window.pain_check
    assert check is not None
    keys(harness.qtbot, check, "11")
    assert check.scale.score() is None
    assert check.scale.refusal.isVisible()
    assert not check.continue_button.isEnabled()


def test_log_pain_stores_ten_and_confirms(harness: Harness) -> None:
    window = harness.window
    window.show_log_pain()
    dialog = window.log_pain_dialog
    assert dialog is not None
    keys(harness.qtbot, dialog, "10")
    assert dialog.scale.score() == 10
    key(harness.qtbot, dialog, Qt.Key.Key_Return)
    with harness.reopen_store() as store:
        (entry,) = store.diary()
    assert entry.score == 10
    assert window.last_saved == "Saved: pain 10"
    assert window.start_screen.notice_text.text() == "Saved: pain 10"


def test_log_pain_refuses_eleven(harness: Harness) -> None:
    window = harness.window
    window.show_log_pain()
    dialog = window.log_pain_dialog
    assert dialog is not None
    keys(harness.qtbot, dialog, "11")
    assert dialog.scale.refusal.isVisible()
    assert not dialog.save_button.isEnabled()
    key(harness.qtbot, dialog, Qt.Key.Key_Return)
    with harness.reopen_store() as store:
        assert store.diary() == []


def test_summary_stores_ten(harness: Harness) -> None:
    harness.start(pain=6)
    harness.run_to_end()
    summary = harness.window.summary
    assert summary is not None
    keys(harness.qtbot, summary, "10")
    assert summary.scale.score() == 10
    assert summary.pain_value.text() == "6 → 10 (4 more)"
    key(harness.qtbot, summary, Qt.Key.Key_Return)
    with harness.reopen_store() as store:
        (session,) = store.sessions()
    assert session.pain_after == 10
    assert harness.window.last_saved == "Saved: pain 10 after the session"


def test_summary_refuses_eleven(harness: Harness) -> None:
    harness.start(pain=6)
    harness.run_to_end()
    summary = harness.window.summary
    assert summary is not None
    keys(harness.qtbot, summary, "11")
    assert summary.scale.score() is None
    assert summary.scale.refusal.isVisible()


def test_log_pain_for_an_earlier_time_is_marked_entered_later(harness: Harness) -> None:
    window = harness.window
    window.show_log_pain()
    dialog = window.log_pain_dialog
    assert dialog is not None
    assert not dialog.when.isEnabled(), "now, unless the person says it was earlier"
    key(harness.qtbot, dialog, Qt.Key.Key_8)
    click(dialog.earlier)
    assert dialog.when.isEnabled()
    earlier = QDateTime.currentDateTime().addSecs(-5 * 3600)
    dialog.when.setDateTime(earlier)
    dialog.note.setFocus()
    keys(harness.qtbot, dialog.note, "Woke at three")
    key(harness.qtbot, dialog.note, Qt.Key.Key_Return)  # a new line in the note, not a save
    keys(harness.qtbot, dialog.note, "and could not sleep")
    assert dialog.isVisible()
    key(harness.qtbot, dialog.note, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert not dialog.isVisible()
    with harness.reopen_store() as store:
        (entry,) = store.diary()
    assert entry.score == 8
    assert entry.entered_later
    assert entry.note == "Woke at three\nand could not sleep"
    wanted = earlier.toPython()
    assert isinstance(wanted, datetime)
    wanted = wanted.astimezone()
    assert abs((entry.at - wanted).total_seconds()) < 60
    window.show_history()
    view = window.history_view
    assert view is not None
    view.tabs.setCurrentWidget(view.entries_page)
    model = view.entries_model
    assert model is not None
    texts = [model.data(model.index(row, 1)) for row in range(model.rowCount())]
    assert "Diary · entered later" in texts


def test_the_time_cannot_be_set_in_the_future(harness: Harness) -> None:
    window = harness.window
    window.show_log_pain()
    dialog = window.log_pain_dialog
    assert dialog is not None
    click(dialog.earlier)
    dialog.when.setDateTime(QDateTime.currentDateTime().addDays(2))
    assert dialog.when.dateTime() <= QDateTime.currentDateTime()
