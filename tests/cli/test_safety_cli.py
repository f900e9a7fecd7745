"""``sciatica-timer safety``: the checklist in the terminal, saved as the window saves it."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

from sciatica_timer.core.safety import RED_FLAG_QUESTIONS, RedFlag
from sciatica_timer.core.settings import Precaution
from sciatica_timer.storage.settings_file import SettingsFile


def run(data_dir: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-m", "sciatica_timer", "--data-dir", str(data_dir), "safety", *args]
    return subprocess.run(cmd, input=stdin, capture_output=True, text=True, timeout=60, check=False)


def test_answer_none_prints_the_warning_signs_then_saves_none_of_these_apply(tmp_path: Path) -> None:
    result = run(tmp_path, "answer", "--none")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    for flag in RedFlag:
        assert RED_FLAG_QUESTIONS[flag].label in out
    assert (
        out.index("Emergency: call an ambulance")
        < out.index("Urgent: see a doctor today")
        < out.index("Soon")
    )
    saved = SettingsFile(tmp_path / "settings.json").load().settings.safety
    assert saved.reviewed
    assert saved.precautions == frozenset()
    assert saved.signs_checked == date.today()


def test_the_checklist_asked_in_the_terminal_saves_what_the_window_would(tmp_path: Path) -> None:
    result = run(tmp_path, stdin="\n2 3\n")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.index("Warning signs") < out.index("Precautions"), "warning signs first"
    data = json.loads((tmp_path / "settings.json").read_text())
    assert data["safety"] == {
        "reviewed": True,
        "precautions": ["recent_injury", "skin"],
        "warning_signs_checked": date.today().isoformat(),
    }
    assert "acute phase" in out


def test_a_warning_sign_gives_its_advice_and_saves_nothing_unless_the_person_goes_on(tmp_path: Path) -> None:
    result = run(tmp_path, stdin="1\n\n")
    assert result.returncode == 0
    assert "Call an ambulance" in result.stdout
    assert not (tmp_path / "settings.json").exists()
    going_on = run(tmp_path, stdin="12\ncontinue\n\n")
    assert "Book an appointment" in going_on.stdout
    assert json.loads((tmp_path / "settings.json").read_text())["safety"]["reviewed"] is True


def test_wrong_numbers_are_asked_again_and_ended_input_is_one_line(tmp_path: Path) -> None:
    result = run(tmp_path, stdin="99 x\n\n1\n")
    assert "numbers from 1 to 12" in result.stderr
    assert json.loads((tmp_path / "settings.json").read_text())["safety"]["precautions"] == ["pregnancy"]
    ended = run(tmp_path / "other", stdin="")
    assert ended.returncode == 2
    assert "safety answer --none" in ended.stderr
    assert "Traceback" not in ended.stderr


def test_show_prints_the_questions_and_the_saved_answers(tmp_path: Path) -> None:
    assert "none yet" in run(tmp_path, "show").stdout
    run(tmp_path, stdin="\n1\n")
    shown = run(tmp_path, "show").stdout
    assert "[x] I am pregnant" in shown
    assert "precautions: pregnancy" in shown
    assert f"last gone through on {date.today().isoformat()}" in shown
    assert Precaution.SKIN.value not in shown.split("Saved answers")[1]


def test_leave_out_and_put_back_a_point(tmp_path: Path) -> None:
    run(tmp_path, "answer", "--none")
    assert run(tmp_path, "leave-out", "gb30").returncode == 0
    assert SettingsFile(tmp_path / "settings.json").load().settings.left_out_points == {"GB30"}
    assert "GB30" in run(tmp_path, "show").stdout
    assert run(tmp_path, "put-back", "GB30").returncode == 0
    assert SettingsFile(tmp_path / "settings.json").load().settings.left_out_points == frozenset()
    bad = run(tmp_path, "leave-out", "XX99")
    assert bad.returncode == 2
    assert bad.stderr.count("\n") == 1
