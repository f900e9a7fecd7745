"""The terminal player plays every built-in routine to its end and logs each event once, in order."""

from __future__ import annotations

import json
import os
import pty
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from sciatica_timer.core.routines import expand
from sciatica_timer.storage.resources import load_point_library
from sciatica_timer.storage.routine_files import load_builtin_routines
from tests.answered import answer_checklist

BUILTIN_IDS = [r.id for r in load_builtin_routines(load_point_library())[0]]


def play_command(data_dir: Path, *args: str, answered: bool = True) -> list[str]:
    """``play`` in ``data_dir``; the safety checklist answered first unless ``answered`` is False."""
    if answered:
        answer_checklist(data_dir)
    return [sys.executable, "-m", "sciatica_timer", "--data-dir", str(data_dir), "play", *args]


def read_events(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text().splitlines()]


def check_full_event_list(routine_id: str, events: list[dict[str, object]]) -> None:
    routine = next(r for r in load_builtin_routines(load_point_library())[0] if r.id == routine_id)
    plan = expand(routine, load_point_library())
    starts = [e for e in events if e["event"] == "phase_started"]
    ends = [e for e in events if e["event"] == "phase_ended"]
    expected = [
        (p.step_index, p.point_code, p.side and p.side.value, p.repetition, p.kind.value) for p in plan.phases
    ]
    assert [(e["step"], e["point"], e["side"], e["rep"], e["phase"]) for e in starts] == expected
    assert [(e["step"], e["phase"]) for e in ends] == [(p.step_index, p.kind.value) for p in plan.phases]
    assert [e["step"] for e in events if e["event"] == "step_started"] == list(range(len(plan.steps)))
    assert [e["step"] for e in events if e["event"] == "step_completed"] == list(range(len(plan.steps)))
    assert events[-1]["event"] == "session_completed"
    planned = [float(str(e["planned_s"])) for e in events]
    assert planned == sorted(planned), "events come in the order they were planned"
    assert all(float(str(e["actual_s"])) >= float(str(e["planned_s"])) for e in events), "nothing fires early"


@pytest.mark.slow
def test_every_builtin_routine_plays_to_its_end(tmp_path: Path) -> None:
    """All built-ins at once, side by side; the shortest also at --speed 20."""
    runs = [(rid, "100") for rid in BUILTIN_IDS] + [("quick-desk", "20")]
    procs = []
    for rid, speed in runs:
        events = tmp_path / f"{rid}-{speed}.jsonl"
        cmd = play_command(
            tmp_path / "data", rid, "--no-gui", "--speed", speed, "--events", str(events), "--mute"
        )
        procs.append(
            (rid, events, subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, text=True))
        )
    for rid, events, proc in procs:
        out, _ = proc.communicate(timeout=120)
        assert proc.returncode == 0, rid
        assert "routine complete" in out
        check_full_event_list(rid, read_events(events))


def test_a_plain_log_when_stdout_is_not_a_terminal(tmp_path: Path) -> None:
    result = subprocess.run(
        play_command(tmp_path, "evening-feet", "--no-gui", "--speed", "100", "--mute"),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert lines[0].endswith("step 1: Bubbling Spring")
    assert "\r" not in result.stdout, "no in-place redraws in a log"
    assert lines[-1].endswith("routine complete")


def test_a_broken_settings_file_is_one_line_and_the_session_still_plays(tmp_path: Path) -> None:
    (tmp_path / "settings.json").write_text(
        '{"format_version": 1, "theme": "purple", "safety": {"reviewed": true, "precautions": []}}'
    )
    result = subprocess.run(
        play_command(tmp_path, "evening-feet", "--no-gui", "--speed", "100", "--mute"),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0
    assert result.stdout.splitlines()[-1].endswith("routine complete")
    problem = [line for line in result.stderr.splitlines() if "settings" in line]
    assert len(problem) == 1
    assert 'theme: "purple" is not one of' in problem[0]
    assert "Traceback" not in result.stderr
    assert list(tmp_path.glob("settings.json.broken-*")), "the broken file is kept aside"


def _ankle_and_foot(data_dir: Path, *, foot: bool) -> None:
    steps = [{"kind": "point", "point": "BL60", "sides": "left", "repetitions": 1, "hold_s": 5}]
    if foot:
        steps.append({"kind": "point", "point": "KD1", "sides": "left", "repetitions": 1, "hold_s": 5})
    routine = {"format_version": 1, "id": "ankle-and-foot", "name": "Ankle and foot", "steps": steps}
    (data_dir / "routines").mkdir(parents=True)
    (data_dir / "routines" / "ankle-and-foot.json").write_text(json.dumps(routine))
    answer_checklist(data_dir, "pregnancy")


def test_in_pregnancy_the_points_avoided_then_are_left_out(tmp_path: Path) -> None:
    _ankle_and_foot(tmp_path, foot=True)
    events = tmp_path / "events.jsonl"
    result = subprocess.run(
        play_command(
            tmp_path, "ankle-and-foot", "--no-gui", "--speed", "100", "--mute", "--events", str(events)
        ),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "BL60" in result.stderr, "the person is told what was left out"
    points = {e.get("point") for e in read_events(events) if e["event"] == "phase_started"}
    assert points == {"KD1"}


def test_in_pregnancy_a_routine_of_only_such_points_is_refused(tmp_path: Path) -> None:
    _ankle_and_foot(tmp_path, foot=False)
    result = subprocess.run(
        play_command(tmp_path, "ankle-and-foot", "--no-gui", "--mute"),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert "ankle-and-foot" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["evening-feet", "--no-gui", "--speed", "500"], "--speed 500 is out of range"),
        (["evening-feet", "--no-gui", "--speed", "0.5"], "--speed 0.5 is out of range"),
        (["evening-feet", "--no-gui", "--pain-before", "11"], "--pain-before: pain score 11 is out of range"),
        (["no-such-routine", "--no-gui"], 'no routine has the id "no-such-routine"'),
    ],
)
def test_bad_input_is_one_line_and_exit_2(tmp_path: Path, args: list[str], message: str) -> None:
    result = subprocess.run(
        play_command(tmp_path, *args), stdin=subprocess.DEVNULL, capture_output=True, text=True, check=False
    )
    assert result.returncode == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr


def test_unwritable_event_log_is_a_clear_error(tmp_path: Path) -> None:
    result = subprocess.run(
        play_command(tmp_path, "evening-feet", "--no-gui", "--events", str(tmp_path / "missing" / "e.jsonl")),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert "cannot write the event log" in result.stderr


def _spawn_on_a_terminal(cmd: list[str]) -> tuple[subprocess.Popen[bytes], int]:
    """The player with a pseudo-terminal as stdin (keys are read) and a pipe as stdout (a plain log)."""
    controller, terminal = pty.openpty()
    proc = subprocess.Popen(cmd, stdin=terminal, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    os.close(terminal)
    return proc, controller


def _read_until(proc: subprocess.Popen[bytes], text: str) -> str:
    assert proc.stdout is not None
    seen = ""
    while text not in seen:
        line = proc.stdout.readline().decode()
        assert line, f"the player ended before printing {text!r}; printed {seen!r}"
        seen += line
    return seen


def test_keys_pause_resume_and_stop(tmp_path: Path) -> None:
    events = tmp_path / "events.jsonl"
    cmd = play_command(tmp_path, "evening-feet", "--no-gui", "--events", str(events), "--mute")
    proc, keys = _spawn_on_a_terminal(cmd)
    try:
        _read_until(proc, "find the point")
        os.write(keys, b"\n")  # found it
        _read_until(proc, "press gently")
        os.write(keys, b" ")
        _read_until(proc, "paused (user)")
        os.write(keys, b" ")
        _read_until(proc, "resumed")
        os.write(keys, b"q")
        _read_until(proc, "stopped by you")
        assert proc.wait(timeout=30) == 0
    finally:
        os.close(keys)
        proc.kill()
        proc.communicate()  # reaps the process and closes its pipes
    names = [e["event"] for e in read_events(events)]
    assert names.index("paused") < names.index("resumed") < names.index("session_stopped")


def test_ctrl_c_stops_cleanly(tmp_path: Path) -> None:
    events = tmp_path / "events.jsonl"
    cmd = play_command(tmp_path, "evening-feet", "--no-gui", "--events", str(events), "--mute")
    proc, keys = _spawn_on_a_terminal(cmd)
    try:
        _read_until(proc, "find the point")
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=30)
        assert proc.returncode == 130
        assert b"Traceback" not in err
    finally:
        os.close(keys)
        proc.kill()
        proc.communicate()  # reaps the process and closes its pipes
    last = read_events(events)[-1]
    assert last["event"] == "session_stopped"
    assert last["reason"] == "interrupted (Ctrl-C)"


def test_p_stops_for_sharp_pain_and_prints_the_same_advice_as_the_window(tmp_path: Path) -> None:
    from sciatica_timer.core.safety import SHARP_PAIN_ADVICE, SHARP_PAIN_URGENT

    cmd = play_command(tmp_path, "evening-feet", "--no-gui", "--mute")
    proc, keys = _spawn_on_a_terminal(cmd)
    try:
        _read_until(proc, "find the point")
        os.write(keys, b"\n")
        _read_until(proc, "press gently")
        os.write(keys, b"p")
        seen = _read_until(proc, "leave-out KD1")
        assert proc.wait(timeout=30) == 0
    finally:
        os.close(keys)
        proc.kill()
        proc.communicate()
    flat = " ".join(seen.split())
    assert "stopped: sharp pain during press at KD1, left side" in flat
    assert "It hurt at KD1 (Bubbling Spring)." in flat
    assert " ".join(SHARP_PAIN_ADVICE.split()) in flat
    assert " ".join(SHARP_PAIN_URGENT.split()) in flat


def test_play_refuses_until_the_checklist_is_answered(tmp_path: Path) -> None:
    cmd = play_command(tmp_path, "evening-feet", "--no-gui", "--mute", answered=False)
    result = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True, text=True, check=False)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1, result.stderr
    assert "sciatica-timer safety" in result.stderr
    assert result.stdout == ""
    assert not (tmp_path / "history.sqlite3").exists() or "step 1" not in result.stdout


def test_a_point_the_person_left_out_stays_out_of_a_terminal_session(tmp_path: Path) -> None:
    _ankle_and_foot(tmp_path, foot=True)
    (tmp_path / "settings.json").unlink()
    answer_checklist(tmp_path, left_out=("KD1",))
    events = tmp_path / "events.jsonl"
    cmd = play_command(
        tmp_path, "ankle-and-foot", "--no-gui", "--speed", "100", "--mute", "--events", str(events)
    )
    result = subprocess.run(
        cmd, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    assert "KD1 (Bubbling Spring) is left out of this session, as you chose" in result.stderr
    points = {e.get("point") for e in read_events(events) if e["event"] == "phase_started"}
    assert points == {"BL60"}


@pytest.mark.parametrize(
    ("number", "code", "reason"),
    [
        (signal.SIGTERM, 143, "interrupted (asked to end)"),
        (signal.SIGHUP, 129, "interrupted (the terminal closed)"),
        (signal.SIGINT, 130, "interrupted (Ctrl-C)"),
    ],
)
def test_an_ending_signal_gives_the_terminal_back_and_keeps_the_session(
    tmp_path: Path, number: signal.Signals, code: int, reason: str
) -> None:
    import termios

    events = tmp_path / "events.jsonl"
    cmd = play_command(tmp_path, "evening-feet", "--no-gui", "--events", str(events), "--mute")
    proc, keys = _spawn_on_a_terminal(cmd)
    try:
        before = termios.tcgetattr(keys)  # a pseudo-terminal's two ends share their modes
        assert before[3] & termios.ECHO
        _read_until(proc, "find the point")
        assert not termios.tcgetattr(keys)[3] & termios.ICANON, "the player reads single keys"
        proc.send_signal(number)
        _, err = proc.communicate(timeout=30)
        assert proc.returncode == code
        assert b"Traceback" not in err
        assert termios.tcgetattr(keys) == before, "echo and line editing are back"
    finally:
        os.close(keys)
        proc.kill()
        proc.communicate()
    last = read_events(events)[-1]
    assert (last["event"], last["reason"]) == ("session_stopped", reason)
    listed = subprocess.run(
        [sys.executable, "-m", "sciatica_timer", "--data-dir", str(tmp_path), "history", "list"],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert "  stopped  " in listed.stdout


def test_closing_the_terminal_ends_the_session_saved_as_stopped(tmp_path: Path) -> None:
    """The player's terminal goes away (its window closed): reading it fails, writes fail."""
    import fcntl
    import select
    import struct
    import termios

    events = tmp_path / "events.jsonl"
    controller, terminal = pty.openpty()
    # A terminal as wide as a real one: the player cuts its line to the terminal's width.
    fcntl.ioctl(terminal, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 160, 0, 0))
    proc = subprocess.Popen(
        play_command(tmp_path, "evening-feet", "--no-gui", "--events", str(events), "--mute"),
        stdin=terminal,
        stdout=terminal,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    os.close(terminal)
    try:
        seen = b""
        while b"find the point" not in seen:
            # A hang guard only: the player waits at "find the point" for a key, so it prints no more.
            ready, _, _ = select.select([controller], [], [], 60)
            assert ready, f"the player never showed the first step; it showed {seen!r}"
            chunk = os.read(controller, 4096)
            assert chunk, seen
            seen += chunk
        os.close(controller)  # the terminal window closes
        _, err = proc.communicate(timeout=30)
    finally:
        proc.kill()
        proc.communicate()
    assert b"Traceback" not in err
    last = read_events(events)[-1]
    assert (last["event"], last["reason"]) == ("session_stopped", "interrupted (the terminal closed)")


def test_a_killed_session_is_listed_as_interrupted_not_in_progress(tmp_path: Path) -> None:
    cmd = play_command(tmp_path, "quick-desk", "--no-gui", "--speed", "20", "--mute")
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        _read_until(proc, "step 2")  # the first step is saved
        proc.send_signal(signal.SIGKILL)
        proc.communicate(timeout=30)
    finally:
        proc.kill()
        proc.communicate()
    listed = subprocess.run(
        [sys.executable, "-m", "sciatica_timer", "--data-dir", str(tmp_path), "history", "list"],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    (line,) = listed.stdout.splitlines()
    assert "  interrupted  " in line
    assert "in progress" not in line


@pytest.mark.parametrize("server", ["unix:/nonexistent/pulse", None])
def test_qts_audio_messages_never_reach_the_terminal(tmp_path: Path, server: str | None) -> None:
    """With no sound server (or this machine's), QtMultimedia's own complaints go to the log only: the
    terminal shows the session and at most one plain "no sound" line."""
    env = dict(os.environ)
    if server is not None:
        env["PULSE_SERVER"] = server
    result = subprocess.run(
        play_command(tmp_path, "evening-feet", "--no-gui", "--speed", "100"),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env=env,
    )
    assert result.returncode == 0
    for line in result.stderr.splitlines():
        assert line.startswith("sciatica-timer: "), f"not ours: {line!r}"
    for stream in (result.stdout, result.stderr):
        for words in ("PulseAudio", "pa_context", "qt.multimedia", "QSoundEffect", "ALSA lib"):
            assert words not in stream
