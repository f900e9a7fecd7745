"""The routine handout: an A4 PDF like a physiotherapist's home-exercise sheet.

One section per step: for a point, its picture with the point marked, how to find it, how to press it, the
timings and what to take care of; for an activity or a rest, what to do and for how long. ``gather`` turns
a routine into words (in the UI thread); ``write_handout`` paints them with QPainter on a QPdfWriter and
writes the file atomically. Painting needs no widget, so it runs in a worker thread.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtCore import QDate, QLocale, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPagedPaintDevice, QPageSize, QPainter, QPen

from sciatica_timer.core.activity_pictures import activity_picture
from sciatica_timer.core.i18n import N_, _, ngettext
from sciatica_timer.core.plan import Side
from sciatica_timer.core.points import PointLibrary, PressurePoint
from sciatica_timer.core.routine_edits import step_lengths
from sciatica_timer.core.routines import ActivityStep, PointStep, RestStep, Routine
from sciatica_timer.errors import UserError
from sciatica_timer.storage.resources import illustration_bytes
from sciatica_timer.ui.common.pdf_pages import INK, MUTED, RULE, A4Page, write_pdf_atomically
from sciatica_timer.ui.common.point_illustration import MARKER_SIDES, activity_image, point_image
from sciatica_timer.ui.common.words import ACHE_REMINDER, duration_words
from sciatica_timer.ui.routines.routine_words import point_timing_words, rest_text, rest_word, sides_words

if TYPE_CHECKING:
    from PySide6.QtPrintSupport import QPrinter

DISCLAIMER = N_(
    "Acupressure is no substitute for medical advice. Stop if a point hurts sharply, and see a professional "
    "if pain persists or you notice numbness, weakness, or bladder or bowel changes."
)
IMAGE_DPI = 300  # the illustrations are drawn into images at print resolution

ACCENT = QColor("#237f79")
BAND = QColor("#eef4f3")
PAPER = QColor("#ffffff")


# ----------------------------------------------------------------------------------------------------
# What goes in


class Block(NamedTuple):
    """A paragraph: its text and how it is set."""

    text: str
    size: float = 9.5
    bold: bool = False
    color: QColor = INK
    space_before: float = 0.0  # mm


@dataclass(frozen=True, slots=True)
class StepSection:
    """One step of the routine on paper."""

    heading: str  # "1  Kidney Shu (BL23)"
    blocks: tuple[Block, ...]
    point: PressurePoint | None = None  # drawn beside the text when set
    sides: tuple[Side, ...] = ()
    svg: bytes = b""
    caption: str = ""  # which side of the picture is which
    activity_picture: str = ""  # an activity's illustration id, drawn beside the text when set


@dataclass(frozen=True, slots=True)
class HandoutContent:
    """Everything printed, already in words: painting needs nothing else."""

    title: str
    subtitle: str
    description: str
    sections: tuple[StepSection, ...]
    cautions: tuple[str, ...] = field(default=())


def _seconds(value: float) -> str:
    """A breath's seconds as the person writes numbers: "4", "5.5" (German "5,5")."""
    return QLocale().toString(float(value), "g", 6)


def _breathing_words(inhale_s: float, exhale_s: float) -> str:
    return _("Breathe slowly throughout: in for {inhale} s, out for {exhale} s.").format(
        inhale=_seconds(inhale_s), exhale=_seconds(exhale_s)
    )


def _date_words(moment: datetime) -> str:
    """A date in full as the person's language writes it, without the weekday: "4 May 2026", "4. Mai 2026"."""
    locale = QLocale()
    long_format = locale.dateFormat(QLocale.FormatType.LongFormat)
    without_weekday = re.sub(r"\s*[,،、]?\s*d{4}\s*[,،、]?\s*", " ", long_format).strip()
    return locale.toString(QDate(moment.year, moment.month, moment.day), without_weekday)


def _section_blocks(heading: str, lines: Sequence[str]) -> list[Block]:
    if not lines:
        return []
    return [Block(heading, 9, bold=True, color=ACCENT, space_before=2.2), *(Block(line) for line in lines)]


def _point_section(number: int, step: PointStep, seconds: int, points: PointLibrary) -> StepSection:
    point = points.get(step.point_code)
    blocks = [
        Block(f"{point.name} · {point.meridian_label} · {point.region}", 8.5, color=MUTED),
        Block(
            _("{sides}. {timing}. About {duration}.").format(
                sides=sides_words(step.sides),
                timing=point_timing_words(step),
                duration=duration_words(seconds),
            ),
            9.5,
            bold=True,
            space_before=1.6,
        ),
    ]
    if step.locate_first:
        blocks.append(Block(_("Find the point first: the timer waits until you have found it."), 9.5))
    if step.breathing is not None:
        blocks.append(Block(_breathing_words(step.breathing.inhale_s, step.breathing.exhale_s), 9.5))
    blocks += _section_blocks(_("How to find it"), [f"{n}. {line}" for n, line in enumerate(point.locate, 1)])
    blocks += _section_blocks(_("How to press"), [point.how_to_press, point.pressure])
    if step.instructions:
        blocks += _section_blocks(_("In this routine"), [step.instructions])
    cautions = list(point.cautions)
    if point.pregnancy_caution:
        cautions.append(_("Traditionally avoided during pregnancy."))
    blocks += _section_blocks(_("Take care"), [f"• {caution}" for caution in cautions])
    views = {view.id: view for view in points.views}
    view = views.get(point.view)
    return StepSection(
        heading=f"{number}  {point.english_name} ({point.code})",
        blocks=tuple(blocks),
        point=point,
        sides=MARKER_SIDES[step.sides],
        svg=illustration_bytes(point.view),
        caption=view.orientation if view is not None else "",
    )


def gather(routine: Routine, points: PointLibrary, now: datetime) -> HandoutContent:
    """The handout of ``routine`` in words (and the pictures' sources), printed on ``now``'s date."""
    lengths = step_lengths(routine, points)
    sections: list[StepSection] = []
    for number, (step, seconds) in enumerate(zip(routine.steps, lengths, strict=True), start=1):
        if isinstance(step, PointStep):
            sections.append(_point_section(number, step, seconds, points))
        elif isinstance(step, ActivityStep):
            blocks = [
                Block(
                    _("Activity · about {duration}").format(duration=duration_words(seconds)), 9.5, bold=True
                ),
                Block(step.instructions, 9.5, space_before=1.2),
            ]
            if step.breathing is not None:
                pace = _breathing_words(step.breathing.inhale_s, step.breathing.exhale_s)
                blocks.append(Block(pace, 9.5, space_before=1.2))
            sections.append(
                StepSection(
                    f"{number}  {step.title}", tuple(blocks), activity_picture=activity_picture(step.title)
                )
            )
        elif isinstance(step, RestStep):
            blocks = [
                Block(_("Rest · {duration}").format(duration=duration_words(seconds)), 9.5, bold=True),
                Block(rest_text(step), 9.5, space_before=1.2),
            ]
            sections.append(StepSection(f"{number}  {rest_word()}", tuple(blocks)))
    waits = any(isinstance(s, PointStep) and s.locate_first for s in routine.steps)
    count = len(routine.steps)
    duration = duration_words(routine.duration_s)
    subtitle = " · ".join(
        (
            _("Home routine"),
            _("about {duration} plus the time to find the points").format(duration=duration)
            if waits
            else _("about {duration}").format(duration=duration),
            ngettext("{count} step", "{count} steps", count).format(count=count),
            _("printed {date}").format(date=_date_words(now)),
        )
    )
    return HandoutContent(
        title=routine.name,
        subtitle=subtitle,
        description=routine.description,
        sections=tuple(sections),
        cautions=points.general_cautions,
    )


# ----------------------------------------------------------------------------------------------------
# Painting, on pdf_pages.A4Page: lengths are in millimetres.


class _Sheet(A4Page):
    PICTURE_W = 42.0
    SMALLEST_PICTURE_W = 30.0  # mm: still big enough to see where the point is
    GUTTER = 6.0

    def __init__(self, writer: QPagedPaintDevice, painter: QPainter, title: str) -> None:
        super().__init__(writer, painter)
        self.title = title

    def rect(self, x: float, y: float, w: float, h: float) -> QRectF:
        return QRectF(self.px(x), self.px(y), self.px(w), self.px(h))

    _FLAGS = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop) | int(Qt.TextFlag.TextWordWrap)

    def measure(self, text: str, width: float, size: float, *, bold: bool = False) -> float:
        """The height (mm) ``text`` takes when wrapped to ``width`` mm."""
        metrics = QFontMetricsF(self.font(size, bold=bold), self.writer)
        bound = metrics.boundingRect(QRectF(0, 0, self.px(width), self.px(1000)), self._FLAGS, text)
        return bound.height() / self.unit

    def text(
        self,
        x: float,
        y: float,
        width: float,
        text: str,
        size: float,
        *,
        bold: bool = False,
        color: QColor = INK,
    ) -> float:
        """Draw wrapped ``text``; returns the height it took (mm)."""
        height = self.measure(text, width, size, bold=bold)
        self.painter.setFont(self.font(size, bold=bold))
        self.painter.setPen(color)
        self.painter.drawText(self.rect(x, y, width, height + 1), self._FLAGS, text)
        return height

    def blocks_height(self, blocks: Sequence[Block], width: float) -> float:
        return sum(b.space_before + self.measure(b.text, width, b.size, bold=b.bold) + 0.6 for b in blocks)

    def draw_blocks(self, blocks: Sequence[Block], x: float, y: float, width: float) -> float:
        start = y
        for block in blocks:
            y += block.space_before
            y += self.text(x, y, width, block.text, block.size, bold=block.bold, color=block.color) + 0.6
        return y - start

    def rule(self, y: float) -> None:
        self.painter.setPen(QPen(RULE, self.px(0.25)))
        line = self.rect(self.LEFT, y, self.width, 0)
        self.painter.drawLine(line.topLeft(), line.topRight())

    def footer(self) -> None:
        top = self.HEIGHT - self.BOTTOM + 4
        self.rule(top - 1.5)
        self.text(self.LEFT, top, self.width - 20, _(DISCLAIMER), 6.8, color=MUTED)
        right = _("{title} · page {number}").format(title=self.title, number=self.number)
        width = self.text_width(right, 6.8) + 1
        self.text(self.LEFT + self.width - min(width, 60), top + 8, min(width, 60), right, 6.8, color=MUTED)


def write_handout(path: Path, content: HandoutContent) -> Path:
    """Paint the handout and write it to ``path`` atomically (readable by this user only); returns path.

    Needs a QGuiApplication (for fonts); any thread will do.
    """
    write_pdf_atomically(
        path, content.title, lambda writer, painter: _paint(writer, painter, content), what="handout"
    )
    return Path(path)


def print_handout(printer: QPrinter, content: HandoutContent) -> int:
    """Paint the handout onto ``printer`` (chosen in the print dialog) on A4; returns the pages printed.

    Raises UserError when the printer cannot start. Any thread will do.
    """
    from PySide6.QtPrintSupport import QPrinter

    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setFullPage(True)  # the sheet's own margins, measured from the paper's edge
    printer.setColorMode(QPrinter.ColorMode.Color)
    painter = QPainter()
    if not painter.begin(printer):
        raise UserError(_("the printer could not be started; check that it is connected and try again"))
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    try:
        return _paint(printer, painter, content)
    finally:
        painter.end()


def _paint(writer: QPagedPaintDevice, painter: QPainter, content: HandoutContent) -> int:
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    sheet = _Sheet(writer, painter, content.title)
    _header(sheet, content)
    for section in content.sections:
        _section(sheet, section)
    _cautions(sheet, content.cautions)
    sheet.footer()
    return sheet.number


def _header(sheet: _Sheet, content: HandoutContent) -> None:
    sheet.y += sheet.text(sheet.LEFT, sheet.y, sheet.width, content.title, 18, bold=True) + 1
    sheet.y += sheet.text(sheet.LEFT, sheet.y, sheet.width, content.subtitle, 9, color=MUTED) + 2
    if content.description:
        sheet.y += sheet.text(sheet.LEFT, sheet.y, sheet.width, content.description, 10) + 2.5
    reminder = _(ACHE_REMINDER)
    height = sheet.measure(reminder, sheet.width - 8, 9.5, bold=True) + 5
    painter = sheet.painter
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(BAND)
    painter.drawRoundedRect(
        sheet.rect(sheet.LEFT, sheet.y, sheet.width, height), sheet.px(1.5), sheet.px(1.5)
    )
    sheet.text(sheet.LEFT + 4, sheet.y + 2.5, sheet.width - 8, reminder, 9.5, bold=True, color=ACCENT)
    sheet.y += height + 5


def _section(sheet: _Sheet, section: StepSection) -> None:
    """The step's heading, its picture and its text. A section that does not fit in the room left starts
    here anyway when its heading, its picture and a few lines do, and its text runs on to the next page
    (full width there): a page is not left a third empty for one long point."""
    has_picture = section.point is not None or bool(section.activity_picture)
    heading_h = sheet.measure(section.heading, sheet.width, 13, bold=True) + 2
    # The caption at the smallest width is the tallest it gets.
    caption_h = sheet.measure(section.caption, sheet.SMALLEST_PICTURE_W, 6.8) if section.caption else 0.0
    picture_w = sheet.PICTURE_W
    # Near a page's foot the picture may shrink (to SMALLEST_PICTURE_W) to start the section there.
    fitting_w = (sheet.room() - heading_h - caption_h - 2) * 3 / 4
    if has_picture and sheet.SMALLEST_PICTURE_W <= fitting_w < picture_w:
        picture_w = fitting_w
    text_x = sheet.LEFT + (picture_w + sheet.GUTTER if has_picture else 0)
    text_w = sheet.width - (picture_w + sheet.GUTTER if has_picture else 0)
    picture_h = picture_w * 4 / 3
    caption_h = sheet.measure(section.caption, picture_w, 6.8) if section.caption else 0.0
    figure_h = picture_h + caption_h + 2 if has_picture else 0.0
    body_h = max(sheet.blocks_height(section.blocks, text_w), figure_h)
    first_lines = sheet.blocks_height(section.blocks[:3], text_w)
    fits_start = heading_h + max(figure_h, first_lines) <= sheet.room()
    if heading_h + body_h > sheet.room() and not fits_start and sheet.y > sheet.TOP + 1:
        sheet.next_page()
        picture_w = sheet.PICTURE_W
        text_x = sheet.LEFT + (picture_w + sheet.GUTTER if has_picture else 0)
        text_w = sheet.width - (picture_w + sheet.GUTTER if has_picture else 0)
        picture_h = picture_w * 4 / 3
        caption_h = sheet.measure(section.caption, picture_w, 6.8) if section.caption else 0.0
        figure_h = picture_h + caption_h + 2 if has_picture else 0.0
    sheet.y += sheet.text(sheet.LEFT, sheet.y, sheet.width, section.heading, 13, bold=True) + 2
    top = sheet.y
    if has_picture:
        _picture(sheet, section, top, picture_w)
        if section.caption:
            sheet.text(sheet.LEFT, top + picture_h + 1, picture_w, section.caption, 6.8, color=MUTED)
    figure_bottom = top + figure_h
    y = top
    for block in section.blocks:
        height = block.space_before + sheet.measure(block.text, text_w, block.size, bold=block.bold) + 0.6
        if y + height > sheet.HEIGHT - sheet.BOTTOM and y > sheet.TOP + 1:
            sheet.next_page()
            # Which step the text runs on from, for a page read on its own.
            carried = _("{heading}, continued").format(heading=section.heading)
            sheet.y += sheet.text(sheet.LEFT, sheet.y, sheet.width, carried, 9, bold=True, color=MUTED) + 1.5
            y, figure_bottom = sheet.y, sheet.y
            text_x, text_w = sheet.LEFT, sheet.width
        y += sheet.draw_blocks((block,), text_x, y, text_w)
    sheet.y = max(y, figure_bottom) + 3
    sheet.rule(sheet.y)
    sheet.y += 5


def _picture(sheet: _Sheet, section: StepSection, top: float, width: float) -> None:
    height = width * 4 / 3
    pixels = QSize(round(width / 25.4 * IMAGE_DPI), round(height / 25.4 * IMAGE_DPI))
    if section.point is not None:
        image = point_image(
            section.point,
            section.sides,
            pixels,
            ACCENT,
            svg=section.svg,
            background=PAPER,
            landmarks=MUTED,
            landmarks_larger=1.3,  # readable on paper: about 5.5 pt
        )
    else:
        image = activity_image(section.activity_picture, pixels, background=PAPER)
    area = sheet.rect(sheet.LEFT, top, width, height)
    sheet.painter.setPen(QPen(RULE, sheet.px(0.2)))
    sheet.painter.drawImage(area, image)
    sheet.painter.setBrush(Qt.BrushStyle.NoBrush)
    sheet.painter.drawRoundedRect(area, sheet.px(1.2), sheet.px(1.2))


def _cautions(sheet: _Sheet, cautions: Sequence[str]) -> None:
    if not cautions:
        return
    blocks = [Block(f"• {caution}", 9) for caution in cautions]
    heading = _("Safety")
    height = sheet.measure(heading, sheet.width, 12, bold=True) + 2 + sheet.blocks_height(blocks, sheet.width)
    if height > sheet.room():
        sheet.next_page()
    sheet.y += sheet.text(sheet.LEFT, sheet.y, sheet.width, heading, 12, bold=True) + 2
    sheet.y += sheet.draw_blocks(blocks, sheet.LEFT, sheet.y, sheet.width)
