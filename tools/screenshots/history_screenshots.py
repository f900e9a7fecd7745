"""Screenshots of the history view and of the report's pages, on half a year of made-up but plausible use.

``render(out_dir, theme)`` is called by the main screenshot tool; on its own (under an X server):

    xvfb-run -a -s "-screen 0 1280x1024x24" python -m tools.screenshots.history_screenshots OUT_DIR

writes history-*.png for both themes and report-*.png (the PDF's pages, through pdftoppm), with the monthly
question, the import preview and the backup list.
"""

from __future__ import annotations

import argparse
import random
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QApplication, QWidget

from sciatica_timer.core.diary import PainRegion
from sciatica_timer.core.settings import ReportPerson
from sciatica_timer.core.trends import REGIONS
from sciatica_timer.storage.history import HistoryStore
from sciatica_timer.ui.common.theme import THEMES, force_theme, style_sheet

SIZE = (1024, 700)
TODAY = date(2025, 5, 14)
SUMMER = timezone(timedelta(hours=2))
WINTER = timezone(timedelta(hours=1))
DEMO_DAYS = 182

ROUTINES = {
    "full-protocol": ("Full protocol", ("BL23", "BL25", "GB30", "BL40", "BL57", "KD1"), 1.9),
    "quick-desk": ("Quick desk break", ("BL23", "BL25", "GB30", "KD1"), 1.2),
    "evening-feet": ("Evening feet", ("KD1",), 0.3),
}
NOTES = (
    "Long drive today",
    "Slept badly",
    "Walked 30 minutes",
    "Sat too long at work",
    "Felt loose afterwards",
)
LONG_NOTE = (
    "Bad week at work: three long meetings on Monday and a two-hour drive to the office in Leeds on Tuesday. "
    "The pain went down the left leg to the calf by Tuesday evening, with pins and needles in the outer toes "
    "for about an hour after getting out of the car. No numbness around the bottom or the inner thighs, and "
    "no trouble passing water, so I did not call 111. Wednesday morning it was back in the buttock only. "
    "I did the full protocol before work and the quick desk break at lunch; pressing GB30 was very tender on "
    "the left (7 out of 10) and much less on the right. Walking at lunchtime for twenty minutes helped more "
    "than sitting with a hot water bottle. Slept on my side with a pillow between the knees, which seemed to "
    "help. Paracetamol twice on Tuesday, none since. Questions for the physiotherapist: is it worth trying "
    "the stretches again now, should I keep the walks short, and is the tingling in the toes something to "
    "watch? Also: the chair at work is too low, so I raised it and put a rolled towel behind my lower back; "
    "I want to see whether the afternoon scores come down over the next two weeks before deciding anything."
)


def fixed_now() -> datetime:
    return datetime(TODAY.year, TODAY.month, TODAY.day, 9, 30, tzinfo=SUMMER)


def _zone(day: date) -> timezone:
    """Central European time: summer time from the last Sunday of March to the last Sunday of October."""

    def last_sunday(month: int) -> date:
        end = date(day.year, month, 31)
        return end - timedelta(days=(end.weekday() + 1) % 7)

    return SUMMER if last_sunday(3) <= day < last_sunday(10) else WINTER


def hold_phase(point: str, index: int) -> dict[str, Any]:
    """One finished hold as an export file writes it: sample data for pictures and benchmarks."""
    return {
        "phase_index": index,
        "step_index": index,
        "kind": "hold",
        "point_code": point,
        "side": "left",
        "repetition": 1,
        "planned_s": 30.0,
        "actual_s": 30.0,
        "skipped": False,
        "outcome": "done",
        "waited_s": 0.0,
        "tenderness": None,
    }


def demo_document(today: date = TODAY, days: int = DEMO_DAYS, seed: int = 7) -> dict[str, Any]:
    """An export document of ``days`` days of use ending ``today``: pain easing from about 7 to 3, the
    pain retreating from the foot to the buttock, sessions becoming more regular."""
    rng = random.Random(seed)  # noqa: S311 - made-up screenshot data, not security
    sessions: list[dict[str, Any]] = []
    diary: list[dict[str, Any]] = []
    for n in range(days):
        day = today - timedelta(days=days - 1 - n)
        progress = n / max(1, days - 1)
        baseline = 7.2 - 4.0 * progress + rng.gauss(0, 0.7)
        zone = _zone(day)
        regular = 0.45 + 0.5 * progress
        if rng.random() < regular or day == today:
            routine_id = "evening-feet" if day.weekday() >= 5 else rng.choice(["full-protocol", "quick-desk"])
            name, points, relief = ROUTINES[routine_id]
            hour = 19 if routine_id == "evening-feet" else 8
            started = datetime(day.year, day.month, day.day, hour, rng.randint(0, 50), tzinfo=zone)
            before = round(min(10, max(0, baseline)))
            after = round(min(10, max(0, before - relief + rng.gauss(0, 0.9))))
            status = "completed"
            if rng.random() < 0.04:
                status = "stopped_for_pain" if rng.random() < 0.5 else "stopped"
            followup = None
            followup_at = None
            if rng.random() < 0.25 and day < today:
                followup = round(min(10, max(0, baseline - 0.5 + rng.gauss(0, 0.6))))
                followup_at = (started + timedelta(hours=20)).isoformat()
            sessions.append(
                {
                    "uid": uuid.UUID(int=rng.getrandbits(128)).hex,
                    "routine_id": routine_id,
                    "routine_name": name,
                    "routine": {"id": routine_id},
                    "started": started.isoformat(),
                    "ended": (started + timedelta(minutes=14)).isoformat(),
                    "status": status,
                    "pain_before": before,
                    "pain_after": after,
                    "followup_pain": followup,
                    "followup_at": followup_at,
                    "note": rng.choice(NOTES) if rng.random() < 0.08 else None,
                    "active_s": 840.0,
                    "paused_s": 0.0,
                    "phases": [hold_phase(point, i) for i, point in enumerate(points)],
                }
            )
        if rng.random() < 0.6 and day < today:
            # The furthest the pain reaches moves up the leg over the months, with some bad days.
            reach = 4 - 3.2 * progress + rng.gauss(0, 0.6)
            region: PainRegion = REGIONS[min(4, max(0, round(reach)))]
            at = datetime(day.year, day.month, day.day, 21, rng.randint(0, 59), tzinfo=zone)
            diary.append(
                {
                    "uid": uuid.UUID(int=rng.getrandbits(128)).hex,
                    "at": at.isoformat(),
                    "score": round(min(10, max(0, baseline + rng.gauss(0, 0.6)))),
                    "region": region.value,
                    "side": "left",
                    "note": None,
                }
            )
    return {"format": "sciatica-timer-history", "format_version": 1, "sessions": sessions, "diary": diary}


def _settle(app: QApplication) -> None:
    for _ in range(4):
        app.processEvents()


def _wait_for_charts(app: QApplication, view: QWidget) -> None:
    """The view draws its charts on the turn of the event loop after its first frame: every picture shows
    them drawn, never the placeholder."""
    from PySide6.QtCore import QEventLoop

    from sciatica_timer.ui.history.history_view import HistoryView

    assert isinstance(view, HistoryView)  # noqa: S101 - only called with the view
    deadline = time.monotonic() + 60.0
    while not view.has_charts:
        if time.monotonic() > deadline:
            raise RuntimeError("the history's charts were not drawn")
        app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents, 50)
    _settle(app)


def _grab(widget: QWidget, path: Path) -> Path:
    """The widget as it is now, without running the event loop (which would move it on)."""
    widget.grab().save(str(path))
    return path


def _shot(app: QApplication, widget: QWidget, path: Path) -> Path:
    _settle(app)
    widget.grab().save(str(path))
    return path


def render(out_dir: Path, theme: str) -> list[Path]:
    """Write history-*-<theme>.png and report-<n>.png into ``out_dir``; returns the files written."""
    from sciatica_timer.ui.history.history_table import RowKind
    from sciatica_timer.ui.history.history_view import HistoryView

    if theme not in THEMES:
        raise ValueError(f"unknown theme {theme!r}: use {' or '.join(THEMES)}")
    out_dir.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(sys.argv[:1])
    force_theme(app, theme)
    saved: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="sciatica-history-shots-") as folder:
        store = HistoryStore.open(Path(folder) / "history.sqlite3")
        try:
            store.import_json(demo_document())
            _add_demo_records(store)
            view = HistoryView(store, now=fixed_now)
            view.report_person = ReportPerson(name="Ada Example", born="3 March 1961")
            view.setStyleSheet(style_sheet(app.palette()))
            view.resize(*SIZE)
            # The first frame: the figures and the table are there, the charts on their way.
            saved.append(_grab(view, out_dir / f"history-charts-coming-{theme}.png"))
            view.show()
            _settle(app)
            _wait_for_charts(app, view)
            view.set_range("3m")
            # The pointer resting on the session of ten days ago: what the hover says.
            point_day = TODAY - timedelta(days=10)
            stamp = datetime(point_day.year, point_day.month, point_day.day, 8, 25, tzinfo=SUMMER).timestamp()
            near = [s for s in view.trends.sessions.x if abs(s - stamp) < 86400]
            if near:
                index = view.trends.sessions.x.index(near[0])
                view.hover_at(near[0], view.trends.sessions.before[index])
            saved.append(_shot(app, view, out_dir / f"history-monthly-question-{theme}.png"))
            view.answer_overall(2)
            view.notice.hide()
            saved.append(_shot(app, view, out_dir / f"history-charts-{theme}.png"))
            view.chart.hide_hover()
            view.set_range("all")
            saved.append(_shot(app, view, out_dir / f"history-all-{theme}.png"))
            view.set_range("2w")
            saved.append(_shot(app, view, out_dir / f"history-2-weeks-{theme}.png"))
            view.set_range("3m")
            view.tabs.setCurrentWidget(view.helps_page)
            saved.append(_shot(app, view, out_dir / f"history-what-helps-{theme}.png"))
            view.tabs.setCurrentWidget(view.entries_page)
            newest_diary = view.trends.diary.ids[-1]
            view.confirm = lambda *_: True
            view.delete_entry(RowKind.DIARY, newest_diary)
            view.select_entry(RowKind.SESSION, view.trends.sessions.ids[-2])
            saved.append(_shot(app, view, out_dir / f"history-entries-{theme}.png"))
            view.undo_stack.undo()
            saved += _data_dialogs(app, store, Path(folder), out_dir, theme)
            if theme == THEMES[0]:
                saved += _report_pages(app, view, out_dir)
            view.close()
            view.deleteLater()
            _settle(app)
        finally:
            store.close()
    return saved


def _add_demo_records(store: HistoryStore) -> None:
    """What the made-up export cannot carry: monthly answers, an entry written later, a long note."""
    for months_back, answer in ((4, 4), (3, 3), (2, 3)):
        day = TODAY - timedelta(days=30 * months_back + 5)
        store.add_global_impression(answer, datetime(day.year, day.month, day.day, 20, 0, tzinfo=_zone(day)))
    night = TODAY - timedelta(days=2)
    store.log_pain(
        8,
        datetime(night.year, night.month, night.day, 3, 10, tzinfo=SUMMER),
        PainRegion.CALF,
        note="Woke with the calf burning; written in the morning",
        entered_later=True,
    )
    newest = store.sessions()[-1]
    store.update_session(newest.id, note=LONG_NOTE)


def _data_dialogs(
    app: QApplication, store: HistoryStore, folder: Path, out_dir: Path, theme: str
) -> list[Path]:
    """The import preview and the list of backups, as a person sees them."""
    from sciatica_timer.ui.history.history_data import (
        ImportPreviewDialog,
        RestoreBackupDialog,
        backup_choices,
    )

    export = folder / "history-from-the-laptop.json"
    document = demo_document(seed=11)
    preview = store.import_preview(document, str(export))
    shots: list[Path] = []
    dialog: QWidget = ImportPreviewDialog(export, preview)
    dialog.setStyleSheet(style_sheet(app.palette()))
    dialog.show()
    shots.append(_shot(app, dialog, out_dir / f"history-import-preview-{theme}.png"))
    dialog.close()
    backups_dir = folder / "backups"
    for days_back in (0, 1, 2):
        day = TODAY - timedelta(days=days_back)
        store.backup_now(backups_dir, datetime(day.year, day.month, day.day, 21, 0, tzinfo=SUMMER))
    dialog = RestoreBackupDialog(backup_choices(backups_dir, store.path.stem))
    dialog.setStyleSheet(style_sheet(app.palette()))
    dialog.resize(560, 360)
    dialog.show()
    shots.append(_shot(app, dialog, out_dir / f"settings-restore-backup-{theme}.png"))
    dialog.close()
    return shots


def _report_pages(app: QApplication, view: QWidget, out_dir: Path) -> list[Path]:
    """Export the report of the last three months and turn its pages into PNGs with pdftoppm."""
    from sciatica_timer.ui.history.history_view import HistoryView

    assert isinstance(view, HistoryView)  # noqa: S101 - only called with the view
    pdf = out_dir / "report.pdf"
    results: list[object] = []
    view.report_written.connect(results.append)
    view.report_failed.connect(results.append)
    view.export_report(pdf)
    view.wait_for_report()
    _settle(app)
    if results != [pdf]:
        raise RuntimeError(f"the report was not written: {results}")
    tool = shutil.which("pdftoppm")
    if tool is None:
        print("pdftoppm not found: report pages not rendered (install poppler-utils)", file=sys.stderr)  # noqa: T201 - a tool's message
        return [pdf]
    for old in out_dir.glob("report-*.png"):
        old.unlink()
    command = [tool, "-png", "-r", "110", str(pdf), str(out_dir / "report")]
    subprocess.run(command, check=True)  # noqa: S603 - poppler's own tool, on the file just written
    return [pdf, *sorted(out_dir.glob("report-*.png"))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--theme", choices=THEMES, action="append", help="only this theme (repeatable)")
    args = parser.parse_args(argv)
    for theme in args.theme or THEMES:
        for path in render(args.out_dir, theme):
            print(path)  # noqa: T201 - a tool's output
    return 0


if __name__ == "__main__":
    sys.exit(main())
