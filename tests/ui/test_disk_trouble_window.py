"""The window on a real full disk (a small tmpfs filled to the last byte) and on a read-only one: the
session in progress keeps every step until it can be saved, and the history can still be read."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from sciatica_timer.core.clock import FakeClock, FakeSuspendProbe
from sciatica_timer.core.engine import EngineState
from sciatica_timer.core.plan import PhaseKind
from sciatica_timer.core.record import SessionStatus
from sciatica_timer.storage.paths import resolve_paths
from sciatica_timer.ui.main_window import MainWindow
from tests.small_disk import SmallDisk
from tests.ui.player_support import Asked, click, make_harness


def test_a_session_that_meets_a_full_disk_is_kept_and_saved_whole_on_try_again(
    qtbot: QtBot, disk: SmallDisk, asked: Asked
) -> None:
    harness = make_harness(qtbot, disk.path / "data")
    window = harness.window
    harness.start(pain=5)
    harness.until(PhaseKind.HOLD)
    disk.fill()  # from here every write fails: the rest of the session waits in the window
    harness.run_to_end()
    summary = window.summary
    assert summary is not None
    problem = summary.save_problem()
    database = disk.path / "data" / "history.sqlite3"
    assert problem.startswith(f"The session could not be saved yet: {database}: ")
    assert "Every step is kept in this window until it is" in problem
    assert summary.retry_button.isVisibleTo(summary)
    planned = len(harness.engine.record().phases)

    disk.free()
    click(summary.retry_button)
    qtbot.waitUntil(lambda: summary.save_problem() == "")
    journal = harness.session.journal
    assert journal is not None
    with harness.reopen_store() as store:
        detail = store.session_detail(journal.session_id)
    assert detail.summary.status is SessionStatus.COMPLETED
    assert len(detail.phases) == planned, "no step was lost"
    assert harness.state() is EngineState.COMPLETED
    window.close()


def test_a_read_only_data_folder_opens_the_history_for_reading_and_says_so(
    qtbot: QtBot, disk: SmallDisk, asked: Asked
) -> None:
    harness = make_harness(qtbot, disk.path / "data")
    harness.start()
    harness.run_to_end()
    harness.window.close()
    disk.remount("ro")

    paths = resolve_paths(disk.path / "data")
    window = MainWindow(paths, clock=FakeClock(100.0), suspend_probe=FakeSuspendProbe())
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.loaded, timeout=10_000):
        window.show()
    assert window.store is not None
    assert window.store.read_only == "its folder is read-only"
    assert "Your history can be read and exported, but not written" in window.start_screen.notice_text.text()
    assert [s.status for s in window.store.sessions()] == [SessionStatus.COMPLETED]
    window.show_history()
    assert window.history_view is not None
    window.close()
