"""The PDF report: written off the UI thread, one or two pages, holding the period, the figures, what helps
and the sessions as text a clinician's PDF reader (and pdftotext) can read."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from sciatica_timer.core import statistics as stats
from sciatica_timer.core.settings import ReportPerson
from sciatica_timer.storage.history import HistoryStore
from sciatica_timer.ui.history import report, report_options
from sciatica_timer.ui.history.history_view import HistoryView
from tests.ui.history_support import NOW, add_session, fill, fixed_now, open_store
from tests.ui.player_support import keys

pytestmark = pytest.mark.skipif(
    shutil.which("pdftotext") is None or shutil.which("pdfinfo") is None,
    reason="needs pdftotext and pdfinfo (poppler-utils)",
)


@pytest.fixture(autouse=True)
def application(qapp: QApplication) -> QApplication:
    """Painting text needs fonts, and fonts need a QGuiApplication (the window's, in the app)."""
    return qapp


@pytest.fixture
def store(tmp_path: Path) -> Iterator[HistoryStore]:
    with open_store(tmp_path) as opened:
        fill(opened)
        yield opened


def pdf_text(path: Path) -> str:
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True)
    return out.stdout


def pdf_pages(path: Path) -> int:
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    line = next(line for line in out.stdout.splitlines() if line.startswith("Pages:"))
    return int(line.split()[1])


def write(store: HistoryStore, path: Path, days: int = 14, routine: str | None = None) -> None:
    today = stats.date_day(NOW.date())
    content = report.gather(
        store,
        first_day=today - days + 1,
        last_day=today,
        routine=routine,
        now=NOW,
        point_names={"BL23": "Shenshu"},
    )
    report.write_pdf(path, content)


def test_the_report_holds_the_expected_text(store: HistoryStore, tmp_path: Path) -> None:
    path = tmp_path / "report.pdf"
    write(store, path)
    assert path.read_bytes().startswith(b"%PDF")
    assert path.stat().st_mode & 0o777 == 0o600, "health data: readable by this user only"
    text = pdf_text(path)
    for expected in (
        "Sciatica pain report",
        "1 – 14 May 2025 · 14 days · all routines · written 14 May 2025",
        "Pain before sessions",
        "5.8",  # the mean before: (6 * 6 + 5 * 2) / 8
        "4.2",
        "Pain over the period",
        "How far down the leg the pain reached",
        "Sessions per week",
        "What helps",
        "Quick desk break",
        "clear relief",
        "about 2.0 points less",
        "not enough data",
        "BL23 and GB30: only ever done in Quick desk break",
        "bad spells ease by themselves",
        "Tue 13 May 2025, 19:00",
        "Evening feet",
        "8 sessions in the period, newest first",
        "Student's t",
    ):
        assert expected in flat(text), expected  # table cells wrap in their columns
    assert pdf_pages(path) <= 2


def test_a_routine_filter_and_a_quiet_period(store: HistoryStore, tmp_path: Path) -> None:
    path = tmp_path / "feet.pdf"
    write(store, path, routine="evening-feet")
    text = pdf_text(path)
    assert "Evening feet" in text
    assert "Quick desk break" not in text
    assert "2 sessions in the period" in text


def flat(text: str) -> str:
    """The PDF's text with every run of spaces and line breaks as one space: wrapped lines read as one."""
    return " ".join(text.split())


def long_note() -> str:
    """A note of 1,500 characters whose every word can be told apart, so a cut anywhere shows."""
    words_ = [f"w{n}" for n in range(1000)]
    text = "Long note: " + " ".join(words_)
    return text[:1495].rstrip() + " end."


def test_every_session_of_three_months_is_listed_over_several_pages(
    store: HistoryStore, tmp_path: Path
) -> None:
    for n in range(120):
        add_session(store, NOW - timedelta(days=7 + n, hours=3), 6, 3, note=f"day {n}")
    path = tmp_path / "long.pdf"
    write(store, path, days=91)
    text = flat(pdf_text(path))
    in_period = [n for n in range(120) if 7 + n <= 90]  # the sessions inside the 91 days ending today
    for n in in_period:
        assert f" day {n} " in f"{text} ", f"session of day {n} listed"
    assert " day 84 " not in text, "outside the period"
    assert f"{len(in_period) + 8} sessions in the period" in text
    assert pdf_pages(path) >= 3
    assert "not listed" not in text


def test_a_long_note_is_printed_whole(store: HistoryStore, tmp_path: Path) -> None:
    note = long_note()
    assert len(note) == 1500
    add_session(store, NOW - timedelta(hours=2), 6, 4, note=note)
    store.log_pain(5, NOW - timedelta(hours=1), note=note.replace("Long note", "Diary note"))
    path = tmp_path / "note.pdf"
    write(store, path)
    text = flat(pdf_text(path))
    assert note in text, "the session's note, every word, no ellipsis"
    assert note.replace("Long note", "Diary note") in text
    assert "…" not in text


def test_notes_can_be_left_out_and_a_name_printed(store: HistoryStore, tmp_path: Path) -> None:
    today = stats.date_day(NOW.date())
    content = report.gather(
        store,
        first_day=today - 13,
        last_day=today,
        routine=None,
        now=NOW,
        include_notes=False,
        person="Ada Example, born 3 March 1961",
    )
    path = tmp_path / "private.pdf"
    report.write_pdf(path, content)
    text = pdf_text(path)
    assert "Ada Example, born 3 March 1961" in text
    assert "Walked to work" not in text
    assert "Pain diary" in text


def test_an_entry_written_later_says_so(store: HistoryStore, tmp_path: Path) -> None:
    store.log_pain(8, NOW - timedelta(days=2, hours=10), note="Bad night", entered_later=True)
    path = tmp_path / "later.pdf"
    write(store, path)
    text = pdf_text(path)
    assert "(entered later)" in text
    assert text.count("(entered later)") == 1


def test_an_empty_history_gives_a_plain_report(tmp_path: Path) -> None:
    with open_store(tmp_path / "empty") as empty:
        path = tmp_path / "empty.pdf"
        write(empty, path)
    text = pdf_text(path)
    assert "No session in this period." in text
    assert "No diary entry in this period says where the pain was." in text
    assert "No diary entry in this period." in text
    assert pdf_pages(path) == 1


def test_export_from_the_view_runs_in_the_background(
    qtbot: QtBot, store: HistoryStore, tmp_path: Path
) -> None:
    view = HistoryView(store, now=fixed_now)
    qtbot.addWidget(view)
    view.set_range("2w")
    path = tmp_path / "exported.pdf"
    with qtbot.waitSignal(view.report_written, timeout=30_000) as written:
        view.export_report(path)
        assert not view.export_button.isEnabled(), "one report at a time"
    assert written.args == [path]
    assert view.export_button.isEnabled()
    assert "Sciatica pain report" in pdf_text(path)
    assert str(path) in view.notice_text.text()


def test_a_report_that_cannot_be_written_says_why(qtbot: QtBot, store: HistoryStore, tmp_path: Path) -> None:
    view = HistoryView(store, now=fixed_now)
    qtbot.addWidget(view)
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where a folder should be")
    with qtbot.waitSignal(view.report_failed, timeout=30_000) as failed:
        view.export_report(blocked / "report.pdf")
    assert "not-a-folder" in str(failed.args[0])
    assert view.export_button.isEnabled()


def test_asking_where_to_save_and_cancelling(qtbot: QtBot, store: HistoryStore, tmp_path: Path) -> None:
    view = HistoryView(store, now=fixed_now)
    qtbot.addWidget(view)
    suggested: list[Path] = []

    def cancel(path: Path) -> Path | None:
        suggested.append(path)
        return None

    view.choose_report_path = cancel
    view.choose_report_options = lambda first, last: report_options.ReportChoice(
        first, last, include_notes=True, person=ReportPerson()
    )
    view.export_button.click()
    assert suggested[0].name == "sciatica-report-2025-05-14.pdf"
    assert view.export_button.isEnabled(), "nothing started"


def test_the_options_dialog_chooses_period_notes_and_name(
    qtbot: QtBot, store: HistoryStore, tmp_path: Path
) -> None:
    view = HistoryView(store, now=fixed_now)
    qtbot.addWidget(view)
    view.set_range("2w")
    first, last = view.period()
    dialog = report_options.ReportOptionsDialog(first, last, last, ReportPerson(name="Ada"), view)
    qtbot.addWidget(dialog)
    assert dialog.name.text() == "Ada"
    dialog.first.setDate(dialog.last.date().addDays(3))
    dialog.last.setDate(dialog.first.date())  # the last day cannot go past today
    dialog.first.setDate(dialog.last.date().addDays(-2))
    dialog.notes.setChecked(False)
    keys(qtbot, dialog.born, "3 March 1961")
    dialog.write_button.click()
    assert dialog.result() == report_options.ReportOptionsDialog.DialogCode.Accepted
    choice = dialog.choice()
    assert (choice.first_day, choice.last_day) == (last - 2, last)
    assert not choice.include_notes
    assert choice.person == ReportPerson(name="Ada", born="3 March 1961")

    kept: list[object] = []
    view.report_person_changed.connect(kept.append)
    path = tmp_path / "chosen.pdf"
    with qtbot.waitSignal(view.report_written, timeout=30_000):
        view.export_report(path, choice)
    assert kept == [ReportPerson(name="Ada", born="3 March 1961")]
    text = pdf_text(path)
    assert "Ada, born 3 March 1961" in text
    assert "12 – 14 May 2025" in text
    assert "Walked to work" not in text
    assert view.notice_open.isVisibleTo(view)
    assert view.notice_print.isVisibleTo(view)


def test_a_period_that_runs_backwards_is_refused(qtbot: QtBot) -> None:
    today = stats.date_day(NOW.date())
    dialog = report_options.ReportOptionsDialog(today - 1, today, today, ReportPerson())
    qtbot.addWidget(dialog)
    dialog.first.setDate(dialog.last.date())
    dialog.last.setDate(dialog.last.date().addDays(-5))
    dialog.write_button.click()
    assert dialog.result() != report_options.ReportOptionsDialog.DialogCode.Accepted
    assert "first day comes after the last day" in dialog.problem.text()


def test_printing_draws_every_page(store: HistoryStore, tmp_path: Path) -> None:
    """The printing path with Qt's PDF printer in place of a real one: every page of the report is painted."""
    from PySide6.QtPrintSupport import QPrinter

    today = stats.date_day(NOW.date())
    request = report.ReportRequest(
        database=store.path,
        backups_dir=store.backups_dir,
        destination=tmp_path / "unused.pdf",
        first_day=today - 13,
        last_day=today,
        routine=None,
        now=NOW,
    )
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printed = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(printed))
    pages = report.print_report(request, printer)
    written = tmp_path / "written.pdf"
    report.write_report_from_store(replace(request, destination=written))
    assert pages == pdf_pages(written) == pdf_pages(printed)
    assert "Sciatica pain report" in pdf_text(printed)
    assert "Walked to work" in pdf_text(printed)


def test_the_monthly_answers_are_in_the_report(store: HistoryStore, tmp_path: Path) -> None:
    store.add_global_impression(3, NOW - timedelta(days=2))
    path = tmp_path / "overall.pdf"
    write(store, path)
    text = pdf_text(path)
    assert "Overall change since starting" in text
    assert "12 May 2025: minimally improved" in text
