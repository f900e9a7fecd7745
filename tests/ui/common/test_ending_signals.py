"""SIGINT (Ctrl-C where the window was started), SIGTERM (a logout, `kill`) and SIGHUP (its terminal
closed) end the window as Ctrl+Q does: a running session is kept as stopped, the history is closed,
and the single-instance socket is removed."""

from __future__ import annotations

import os
import signal
import subprocess
from pathlib import Path

import pytest

from sciatica_timer.core.record import SessionStatus
from sciatica_timer.ui.common.ending_signals import EndingSignals
from sciatica_timer.ui.desk.single_instance import server_name
from tests.ui.desk.test_single_instance import START_TIMEOUT_S, Apps, apps, runtime_dir  # noqa: F401 - fixtures
from tests.ui.player_support import Harness


@pytest.mark.parametrize("number", [signal.SIGINT, signal.SIGTERM, signal.SIGHUP])
def test_a_signal_stops_the_running_session_and_closes_the_window(
    harness: Harness, number: signal.Signals
) -> None:
    window = harness.window
    harness.start(pain=6)
    journal = harness.session.journal
    assert journal is not None
    session_id = journal.session_id
    ending = EndingSignals(lambda _number: window.end_on_signal())
    try:
        os.kill(os.getpid(), number)  # a real signal to this process, through the kernel
        harness.qtbot.waitUntil(lambda: window.store is None, timeout=10_000)
    finally:
        ending.uninstall()
    assert not window.isVisible()
    with harness.reopen_store() as store:
        summary = store.session_detail(session_id).summary
    assert summary.status is SessionStatus.STOPPED
    assert summary.pain_before == 6


@pytest.mark.slow
@pytest.mark.parametrize("number", [signal.SIGINT, signal.SIGTERM, signal.SIGHUP])
def test_the_real_app_ends_cleanly_and_removes_its_socket(
    apps: Apps,  # noqa: F811 - the fixture imported above
    tmp_path: Path,
    number: signal.Signals,
) -> None:
    data = tmp_path / "data"
    proc = apps.start(data)
    socket_path = Path(server_name(data))
    assert socket_path.is_socket()
    proc.send_signal(number)
    try:
        _, err = proc.communicate(timeout=START_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        pytest.fail(f"the window ignored {number.name}")
    assert proc.returncode == 0
    assert "Traceback" not in err
    assert not socket_path.exists(), "the socket file is removed on the way out"
    assert not list(data.glob(".history-writer-*.lock")), "the history was closed"
