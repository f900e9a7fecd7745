"""The command line is not the window: importing it, and playing a whole session in the terminal with sound,
loads no widget module (QtWidgets), only QtCore for the session's timer and the sound."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.answered import answer_checklist

WIDGETS = ("PySide6.QtWidgets", "sciatica_timer.ui")


def _loaded_after(script: str, data_dir: Path) -> tuple[list[str], str]:
    out = subprocess.run(
        [sys.executable, "-c", script, str(data_dir)],
        capture_output=True,
        text=True,
        check=False,
        timeout=180,
    )
    assert out.returncode == 0, out.stderr
    loaded: list[str] = json.loads(out.stdout.strip().splitlines()[-1])
    return loaded, out.stdout


def test_importing_the_command_line_loads_no_widgets(tmp_path: Path) -> None:
    loaded, _ = _loaded_after(
        "import json, sys\nimport sciatica_timer.cli\nprint(json.dumps(sorted(sys.modules)))\n", tmp_path
    )
    assert "sciatica_timer.cli" in loaded
    assert [name for name in loaded if name.startswith(WIDGETS)] == []


def test_a_whole_terminal_session_loads_no_widgets(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    answer_checklist(data_dir)
    script = (
        "import json, sys\n"
        "from sciatica_timer.cli import main\n"
        "code = main(['--data-dir', sys.argv[1], 'play', 'evening-feet', '--no-gui', '--speed', '100'])\n"
        "assert code == 0, code\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    loaded, printed = _loaded_after(script, data_dir)
    assert "routine complete" in printed
    assert "sciatica_timer.session.session_timer" in loaded, "the session was driven by the session package"
    assert "PySide6.QtCore" in loaded
    assert [name for name in loaded if name.startswith(WIDGETS)] == []


def test_the_pdf_report_from_the_command_line_loads_no_widgets(tmp_path: Path) -> None:
    """``history report`` draws with QtGui alone (QPdfWriter); the window's Print… is what needs widgets."""
    data_dir = tmp_path / "data"
    answer_checklist(data_dir)
    played = [sys.executable, "-m", "sciatica_timer", "--data-dir", str(data_dir), "play", "evening-feet"]
    subprocess.run(
        [*played, "--no-gui", "--speed", "100", "--mute"], check=True, capture_output=True, timeout=180
    )
    report = tmp_path / "report.pdf"
    script = (
        "import json, sys\n"
        "from sciatica_timer.cli import main\n"
        f"assert main(['--data-dir', sys.argv[1], 'history', 'report', '--output', {str(report)!r}]) == 0\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    loaded, _ = _loaded_after(script, data_dir)
    assert report.read_bytes().startswith(b"%PDF")
    assert "sciatica_timer.ui.history.report" in loaded
    assert [name for name in loaded if name.startswith("PySide6.QtWidgets")] == []
