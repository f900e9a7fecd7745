"""The terminal player as a person sees it: one line that fits the terminal, even after a resize, the keys
it offers, and a suggestion for a routine id that is nearly right."""

from __future__ import annotations

import codecs
import fcntl
import os
import pty
import re
import select
import signal
import struct
import subprocess
import termios
import time
from pathlib import Path

from sciatica_timer.cli.play import KEY_HINT, fit_line, stop_words
from tests.cli.test_play import play_command

REDRAW = "\r\x1b[K"


def _set_columns(fd: int, columns: int) -> None:
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, columns, 0, 0))


def _read_until(fd: int, text: str, seen: str = "") -> str:
    """``seen`` and what the terminal shows next, until ``text`` appears in it (the player writes to the
    terminal itself)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    deadline = time.monotonic() + 60  # a hang guard only
    new = ""
    while text not in new:
        assert time.monotonic() < deadline, f"waiting for {text!r} after {seen[-300:]!r}"
        ready, _, _ = select.select([fd], [], [], 5)
        if not ready:
            continue
        try:
            chunk = os.read(fd, 4096)
        except OSError:  # the player exited and closed the terminal
            break
        if not chunk:
            break
        new += decoder.decode(chunk)
    assert text in new, new[-300:]
    return seen + new


def _status_lines(shown: str) -> list[str]:
    """Each in-place redraw of the status line."""
    lines = []
    for part in shown.split(REDRAW)[1:]:
        line = re.split(r"[\r\n]", part, maxsplit=1)[0]
        if line:
            lines.append(line)
    return lines


def test_the_line_fits_a_50_column_terminal_and_follows_a_resize(tmp_path: Path) -> None:
    controller, terminal = pty.openpty()
    _set_columns(terminal, 50)
    cmd = play_command(tmp_path / "data", "quick-desk", "--no-gui", "--mute")
    proc = subprocess.Popen(cmd, stdin=terminal, stdout=terminal, stderr=subprocess.PIPE)
    os.close(terminal)
    try:
        shown = _read_until(controller, "left)")
        shown = _read_until(controller, REDRAW, shown)
        wide = _status_lines(shown)
        assert wide
        assert all(len(line) <= 49 for line in wide), wide
        # The window is made narrower: the terminal says so with SIGWINCH.
        _set_columns(controller, 30)
        proc.send_signal(signal.SIGWINCH)
        mark = len(shown)
        while not any(len(line) <= 29 for line in _status_lines(shown[mark:])):
            shown = _read_until(controller, REDRAW, shown)  # the next redraw
        first_short = shown.index(REDRAW, mark)
        while shown.count(REDRAW, first_short) < 4:
            shown = _read_until(controller, REDRAW, shown)
        after = _status_lines(shown[first_short:])
        lines_after_resize = after[1:]  # one drawn before the resize may still be in flight
        assert lines_after_resize
        assert all(len(line) <= 29 for line in lines_after_resize), lines_after_resize
        os.write(controller, b"q")
        shown = _read_until(controller, "stopped by you", shown)
        assert proc.wait(timeout=30) == 0
    finally:
        os.close(controller)
        proc.kill()
        proc.communicate()


def test_line_fitting_and_the_words_of_a_stop() -> None:
    line = f"Press gently  0:04  (12:40 left)  {KEY_HINT}"
    assert fit_line(line, 200) == line
    assert fit_line(line, 50) == line[:48] + "…"
    assert len(fit_line(line, 50)) == 49
    assert len(fit_line(line, 1)) == 1
    for key in ("space pause", "n skip", "b back", "Enter", "p sharp pain", "q stop"):
        assert key in KEY_HINT
    assert stop_words("stopped by the user") == "stopped by you"
    assert stop_words("interrupted (Ctrl-C)") == "stopped with Ctrl-C"
    assert stop_words("sharp pain") == "stopped: sharp pain"


def test_a_near_miss_id_gets_a_suggestion(tmp_path: Path) -> None:
    for wrong, right in (
        ("quick", "quick-desk"),
        ("quick-dsek", "quick-desk"),
        ("evening-fet", "evening-feet"),
    ):
        result = subprocess.run(
            play_command(tmp_path / "data", wrong, "--no-gui"),
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 2
        (line,) = result.stderr.strip().splitlines()
        assert f'no routine has the id "{wrong}"; did you mean {right}?' in line
    result = subprocess.run(
        play_command(tmp_path / "data", "zzzz", "--no-gui"),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        check=False,
    )
    assert "did you mean" not in result.stderr
