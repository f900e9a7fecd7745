"""The routine handout: an A4 PDF with each step's picture, how to find and press the point, the timings
and the cautions, as text pdftotext can read; written off the UI thread from the editor and the list."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from sciatica_timer.core.plan import BreathingPattern
from sciatica_timer.core.routines import ActivityStep, PointStep, RestStep, Routine, Sides
from sciatica_timer.storage.resources import load_point_library
from sciatica_timer.storage.routine_files import load_builtin_routines
from sciatica_timer.ui.common.words import plural
from sciatica_timer.ui.routines import handout
from tests.ui.player_support import ROUTINE_ID, Harness, click
from tests.ui.routines.test_routine_editor import CTRL, SHIFT, key, open_routines, retype

pytestmark = pytest.mark.skipif(
    any(shutil.which(tool) is None for tool in ("pdftotext", "pdfinfo", "pdfimages")),
    reason="needs pdftotext, pdfinfo and pdfimages (poppler-utils)",
)

ROUTINE = Routine(
    id="home",
    name="Home programme",
    description="Twice a day, after a warm shower.",
    steps=(
        PointStep("BL23", Sides.BOTH, 2, hold_s=30, locate_first=True, instructions="Use a tennis ball."),
        PointStep("KD1", Sides.LEFT, 3, hold_s=45, press_s=3, breathing=BreathingPattern(4, 6)),
        ActivityStep("Knee hugs", "Hug both knees to your chest and breathe out slowly.", 90),
        RestStep(30, "Lie still for a moment."),
    ),
)


@pytest.fixture(autouse=True)
def application(qapp: QApplication) -> QApplication:
    """Painting text needs fonts, and fonts need a QGuiApplication."""
    return qapp


def pdf_text(path: Path) -> str:
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True)
    return " ".join(out.stdout.split())


def pdf_pages(path: Path) -> int:
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    line = next(line for line in out.stdout.splitlines() if line.startswith("Pages:"))
    return int(line.split()[1])


def pdf_images(path: Path, out_dir: Path) -> list[Path]:
    subprocess.run(["pdfimages", "-png", str(path), str(out_dir / "image")], check=True)
    return sorted(out_dir.glob("image-*.png"))


def write(path: Path, routine: Routine = ROUTINE) -> Path:
    content = handout.gather(routine, load_point_library(), datetime(2026, 5, 4, 18, 0).astimezone())
    return handout.write_handout(path, content)


def test_the_handout_says_what_a_home_exercise_sheet_says(tmp_path: Path) -> None:
    path = write(tmp_path / "handout.pdf")
    assert path.read_bytes().startswith(b"%PDF")
    assert path.stat().st_mode & 0o777 == 0o600
    text = pdf_text(path)
    points = load_point_library()
    bl23, kd1 = points.get("BL23"), points.get("KD1")
    for expected in (
        "Home programme",
        "Home routine · about 8 min plus the time to find the points · 4 steps · printed 4 May 2026",
        "Twice a day, after a warm shower.",
        "Aim for a deep, dull ache, never sharp pain.",
        "1 Kidney Shu (BL23)",
        "Both sides, left then right. 2 rounds on each side: press 5 s, hold 30 s, release 5 s, breathe 10 s",
        "Find the point first: the timer waits until you have found it.",
        "How to find it",
        f"1. {bl23.locate[0]}",
        "How to press",
        bl23.how_to_press,
        "In this routine Use a tennis ball.",
        "Take care",
        f"• {bl23.cautions[0]}",
        "2 Bubbling Spring (KD1)",
        "Left side only. 3 rounds: press 3 s, hold 45 s, release 5 s, breathe 10 s.",
        "Breathe slowly throughout: in for 4 s, out for 6 s.",
        f"3. {kd1.locate[2]}",
        "3 Knee hugs",
        "Activity · about 2 min",
        "Hug both knees to your chest and breathe out slowly.",
        "4 Rest",
        "Lie still for a moment.",
        "Safety",
        points.general_cautions[-1],
        "Acupressure is no substitute for medical advice.",
        "Home programme · page 1",
    ):
        assert " ".join(expected.split()) in text, expected


def test_each_point_has_its_picture_with_the_point_marked(tmp_path: Path) -> None:
    path = write(tmp_path / "handout.pdf")
    images = pdf_images(path, tmp_path)
    assert len(images) == 3, "one picture per point step, the neutral one for the activity, none for the rest"
    accent = QColor(handout.ACCENT)
    for image_path in images[:2]:
        image = QImage(str(image_path))
        assert image.width() >= 400, "drawn at print resolution"
        colours = [
            image.pixelColor(x, y) for x in range(0, image.width(), 3) for y in range(0, image.height(), 3)
        ]
        marker = sum(1 for c in colours if abs(c.hue() - accent.hue()) < 8 and c.saturation() > 120)
        skin = sum(1 for c in colours if 10 <= c.hue() <= 40 and c.saturation() > 40 and c.value() > 150)
        assert marker > 20, "the point's marker is drawn"
        assert skin > len(colours) // 10, "the body is drawn"


def test_a_long_routine_runs_over_pages_with_a_footer_on_each(tmp_path: Path) -> None:
    many = Routine(
        id="long",
        name="Long",
        description="",
        steps=tuple(PointStep(code, Sides.BOTH, 1, hold_s=30) for code in load_point_library().codes()),
    )
    path = write(tmp_path / "long.pdf", many)
    pages = pdf_pages(path)
    assert pages >= 4
    text = pdf_text(path)
    for page in range(1, pages + 1):
        assert f"Long · page {page}" in text
    assert len(pdf_images(path, tmp_path)) == len(many.steps)


def test_print_handout_from_the_editor_and_from_the_list(
    harness: Harness, qtbot: QtBot, tmp_path: Path
) -> None:
    workshop = open_routines(harness)
    target = tmp_path / "from-the-list.pdf"
    workshop.choose_handout = lambda suggested: (
        target if suggested.name == f"{ROUTINE_ID}-handout.pdf" else None
    )
    workshop.screen.select(ROUTINE_ID)
    with qtbot.waitSignal(workshop.handout_written, timeout=30_000) as written:
        key(Qt.Key.Key_P, CTRL)
    assert written.args == [target]
    assert "Test short" in pdf_text(target)
    assert workshop.screen.notice_text.text() == f"The handout was saved as {target}."

    editor = workshop.edit(ROUTINE_ID)
    assert editor is not None
    retype(editor.name_edit, "Not saved yet, printed anyway")
    target = tmp_path / "from-the-editor.pdf"
    with qtbot.waitSignal(workshop.handout_written, timeout=30_000):
        key(Qt.Key.Key_P, CTRL)
    assert "Not saved yet, printed anyway" in pdf_text(target)
    assert editor.status.text() == f"The handout was saved as {target}."

    retype(editor.point_form.timings["hold_s"], "900")
    target.unlink()
    key(Qt.Key.Key_P, CTRL)
    assert editor.status.text().startswith("Fix this first to print a handout: 1 thing to fix")
    assert workshop.wait_for_handout()
    assert not target.exists()


def picture_colours(image_path: Path) -> tuple[int, int, int]:
    """How many sampled pixels are the accent (a marker), skin, and all sampled."""
    image = QImage(str(image_path))
    accent = QColor(handout.ACCENT)
    colours = [
        image.pixelColor(x, y) for x in range(0, image.width(), 3) for y in range(0, image.height(), 3)
    ]
    marker = sum(1 for c in colours if abs(c.hue() - accent.hue()) < 8 and c.saturation() > 120)
    skin = sum(1 for c in colours if 10 <= c.hue() <= 40 and c.saturation() > 40 and c.value() > 150)
    return marker, skin, len(colours)


def test_each_activity_has_its_picture_beside_its_text(tmp_path: Path) -> None:
    builtins, broken = load_builtin_routines(load_point_library())
    assert not broken
    stretches = next(r for r in builtins if r.id == "lower-back-stretches")
    path = write(tmp_path / "stretches.pdf", stretches)
    images = pdf_images(path, tmp_path)
    activities = [s for s in stretches.steps if isinstance(s, ActivityStep)]
    points = [s for s in stretches.steps if isinstance(s, PointStep)]
    assert len(images) == len(activities) + len(points)
    text = pdf_text(path)
    assert "Cat-cow" in text
    assert "Pelvic tilts" in text
    drawn = [picture_colours(image) for image in images]
    assert sum(1 for marker, skin, total in drawn if marker == 0 and skin > total // 40) == len(activities)


def test_a_long_section_starts_on_the_page_it_follows_instead_of_leaving_it_blank(tmp_path: Path) -> None:
    """The first page is filled: a point's long text runs on to the next page instead of jumping there."""
    codes = load_point_library().codes()
    routine = Routine(
        id="fill",
        name="Fill",
        description="A description long enough to push the first points down the page. " * 4,
        steps=tuple(
            PointStep(code, Sides.BOTH, 1, hold_s=30, instructions="Use a ball. " * 30) for code in codes
        ),
    )
    path = write(tmp_path / "fill.pdf", routine)
    out = subprocess.run(
        ["pdftotext", "-bbox", "-f", "1", "-l", "1", str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    )
    bottoms = [float(m) for m in re.findall(r'yMax="([0-9.]+)"', out.stdout)]
    footer_top = (297 - 22) / 25.4 * 72  # points: where the footer's rule is
    body_bottom = max(y for y in bottoms if y < footer_top)
    # At most a few lines' room is left above the footer (the old layout left a third of the page).
    assert footer_top - body_bottom < 20 / 25.4 * 72, (
        f"{(footer_top - body_bottom) / 72 * 25.4:.0f} mm left empty"
    )
    text = pdf_text(path)
    assert "Use a ball" in text
    assert "continued" in text, "a step's text carried over names its step at the top of the next page"


def printer_to(path: Path) -> QPrinter:
    """A printer as the print dialog hands it over, its output going to a PDF file instead of paper."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    return printer


def test_print_from_the_routines_screen_asks_for_a_printer_then_prints(
    harness: Harness, qtbot: QtBot, tmp_path: Path
) -> None:
    workshop = open_routines(harness)
    screen = workshop.screen
    screen.select("lower-back-stretches")
    assert screen.print_button.isVisible()
    assert screen.print_button.isEnabled()
    assert screen.handout_button.text() == "Save handout as PDF…"
    assert screen.print_button.text() == "Print…"

    titles: list[str] = []
    workshop.choose_printer = titles.append  # the dialog cancelled
    click(screen.print_button)
    assert titles == ["Lower back and stretches handout"]
    assert workshop.wait_for_handout()

    paper = tmp_path / "paper.pdf"
    workshop.choose_printer = lambda _title: printer_to(paper)
    with qtbot.waitSignal(workshop.handout_printed, timeout=30_000) as printed:
        key(Qt.Key.Key_P, CTRL | SHIFT)
    text = pdf_text(paper)
    for words in ("Lower back and stretches", "Cat-cow", "Pelvic tilts", "Lower back and stretches · page 1"):
        assert words in text
    assert printed.args == [pdf_pages(paper)]
    assert (
        screen.notice_text.text()
        == f"The handout was sent to the printer ({plural(pdf_pages(paper), 'page')})."
    )
    assert len(pdf_images(paper, tmp_path)) >= 4, "the pictures are printed too"


@pytest.mark.qt_log_ignore(r"QPainter::begin\(\): Returned false")  # Qt's own word for it, in the log
def test_a_printer_that_cannot_start_is_said_plainly(harness: Harness, qtbot: QtBot, tmp_path: Path) -> None:
    workshop = open_routines(harness)
    workshop.screen.select(ROUTINE_ID)
    nowhere = tmp_path / "no-such-folder" / "paper.pdf"
    workshop.choose_printer = lambda _title: printer_to(nowhere)
    with qtbot.waitSignal(workshop.handout_failed, timeout=30_000) as failed:
        click(workshop.screen.print_button)
    assert "printer could not be started" in failed.args[0]
    assert workshop.screen.notice_text.text().startswith("The handout could not be printed: ")
