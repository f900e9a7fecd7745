"""Screenshots of the Routines screen, the routine editor, the point picker and a handout's pages.

The main screenshot tool (screenshots.py) walks ``routines_tour`` in each setup that ``plans`` gives:
routines-*.png, editor-*.png, picker-*.png, and handout-<page>.png (the PDF's pages through pdftoppm).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from sciatica_timer.core.plan import BreathingPattern
from sciatica_timer.core.routines import ActivityStep, PointStep, RestStep, Routine, Sides
from sciatica_timer.storage.routine_files import RoutineRepository
from sciatica_timer.ui.common.theme import THEMES
from tools.screenshots.screenshots import DEFAULT, SMALL, Setup, Tour

NAMES = ("routines", "editor", "picker", "handout", "activity-pictures")

# A therapist's home programme, as a person would type it in: the example of docs/routine-files.md, grown.
EVENING = Routine(
    id="my-evening",
    name="My evening routine",
    description="What my physiotherapist gave me: the lower back, then the feet, then a gentle stretch.",
    steps=(
        PointStep(
            "BL23",
            Sides.BOTH,
            2,
            hold_s=30,
            locate_first=True,
            instructions="Lean back against the chair with a tennis ball on each side of the spine.",
        ),
        PointStep(
            "KD1",
            Sides.BOTH,
            3,
            hold_s=30,
            breathing=BreathingPattern(4, 6),
            instructions="Foot on the opposite thigh; thumb in the hollow of the sole.",
        ),
        ActivityStep(
            "Pelvic tilts",
            "On your back, knees bent. Breathing out, press the small of your back into the floor.",
            120,
            BreathingPattern(4, 6),
        ),
        RestStep(30, "Lie still for a moment."),
    ),
)


def plans(only: str | None) -> list[tuple[Setup, Callable[[Tour], None], bool]]:
    """The setups this tour runs in (none when ``only`` asks for other pictures)."""
    if only is not None and not any(only in name or name in only for name in NAMES):
        return []
    walks: list[tuple[Setup, Callable[[Tour], None], bool]] = [
        (Setup(theme), routines_tour, False) for theme in THEMES
    ]
    walks += [
        (Setup("light", size=SMALL), routines_tour, False),
        (Setup("dark", font_scale=2.0), routines_tour, False),
        (Setup("light", size=SMALL, font_scale=2.0), routines_tour, False),
    ]
    return walks


def routines_tour(tour: Tour) -> None:
    window = tour.window
    points = window.points
    if points is None:
        raise RuntimeError("the points did not load")
    RoutineRepository(window.paths.routines_dir, points).save(EVENING)
    window.show_routines()
    workshop = window.routine_workshop
    if workshop is None:
        raise RuntimeError("the Routines screen did not open")
    screen = workshop.screen
    screen.select(EVENING.id)
    tour.shot("routines")
    screen.select("full-protocol")
    tour.shot("routines-built-in")

    editor = workshop.edit(EVENING.id)
    if editor is None:
        raise RuntimeError("the editor did not open")
    tour.shot("editor")
    editor.step_list.setCurrentRow(2)
    tour.shot("editor-activity")
    editor.step_list.setCurrentRow(0)
    hold = editor.point_form.timings["hold_s"]
    hold.setFocus()
    hold.selectAll()
    hold.lineEdit().insert("900")  # as typed: the box follows its text while it is edited
    editor.point_form.timings["press_s"].setFocus()
    tour.settle()
    editor.form_scroll.ensureWidgetVisible(hold)
    tour.shot("editor-invalid")
    editor.undo_stack.undo()

    if tour.wanted("picker"):
        picker = editor.choose_point(find_first=True)
        picker.search.insert("foot")
        tour.shot("picker", picker)
        picker.reject()

    if tour.wanted("editor-preview"):
        session = workshop.start_preview(editor.draft)
        if session is None:
            raise RuntimeError("the preview did not start")
        session.begin()
        session.confirm_ready()  # the first point waits to be found
        tour.clock.advance(1.2)  # 12 s of the routine at 10x: into the first hold
        session.engine.update()
        session.refresh.emit()
        tour.shot("editor-preview")
        workshop.end_preview()

    if tour.setup == Setup(THEMES[0]) and tour.wanted("handout"):
        tour.saved += handout_pages(tour, EVENING)
        stretches = window.routines.get("lower-back-stretches")
        if stretches is not None:  # activities with their pictures
            tour.saved += handout_pages(tour, stretches, name="handout-stretches")
    if tour.setup.size == DEFAULT and tour.setup.font_scale == 1.0 and tour.wanted("activity-pictures"):
        tour.saved.append(activity_pictures(tour))
    window.show_start()
    tour.close()


def activity_pictures(tour: Tour) -> Path:
    """Every activity's picture side by side, on the theme's window colour, named under each."""
    from PySide6.QtCore import QRect, QSize, Qt
    from PySide6.QtGui import QImage, QPainter

    from sciatica_timer.core.activity_pictures import ACTIVITY_PICTURES, NEUTRAL_PICTURE
    from sciatica_timer.ui.common.point_illustration import activity_image

    pictures = (*ACTIVITY_PICTURES, NEUTRAL_PICTURE)
    cell = QSize(240, 320)
    label = 30
    sheet = QImage(cell.width() * 5, (cell.height() + label) * 2, QImage.Format.Format_RGB32)
    palette = tour.window.palette()
    sheet.fill(palette.window().color())
    painter = QPainter(sheet)
    painter.setPen(palette.windowText().color())
    for index, picture in enumerate(pictures):
        left = (index % 5) * cell.width()
        top = (index // 5) * (cell.height() + label)
        painter.drawImage(left, top, activity_image(picture, cell))
        box = QRect(left, top + cell.height(), cell.width(), label)
        painter.drawText(box, int(Qt.AlignmentFlag.AlignCenter), picture)
    painter.end()
    path = tour.out / f"activity-pictures-{tour.setup.suffix}.png"
    sheet.save(str(path))
    return path


def handout_pages(tour: Tour, routine: Routine, name: str = "handout") -> list[Path]:
    """Write the handout of ``routine`` and turn its pages into PNGs with pdftoppm."""
    from sciatica_timer.ui.routines import handout

    points = tour.window.points
    if points is None:
        return []
    pdf = tour.out / f"{name}.pdf"
    handout.write_handout(pdf, handout.gather(routine, points, datetime(2026, 5, 4, 18, 0).astimezone()))
    tool = shutil.which("pdftoppm")
    if tool is None:
        print("pdftoppm not found: handout pages not rendered (install poppler-utils)", file=sys.stderr)  # noqa: T201 - a tool's message
        return [pdf]
    for old in tour.out.glob(f"{name}-[0-9]*.png"):
        old.unlink()
    command = [tool, "-png", "-r", "110", str(pdf), str(tour.out / name)]
    subprocess.run(command, check=True)  # noqa: S603 - poppler's own tool, on the file just written
    return [pdf, *sorted(tour.out.glob(f"{name}-[0-9]*.png"))]
