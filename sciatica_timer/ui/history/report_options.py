"""Before the report is written: which days it covers, whether the notes go in, and an optional name line.

After it is written: open it in the PDF reader, or print it (each page drawn at the printer's resolution).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from sciatica_timer.core import statistics as stats
from sciatica_timer.core.i18n import _, ngettext, pgettext
from sciatica_timer.core.settings import ReportPerson
from sciatica_timer.errors import UserError
from sciatica_timer.ui.common.pages import spacing
from sciatica_timer.ui.common.theme import scaled_font, set_role
from sciatica_timer.ui.history import report
from sciatica_timer.ui.history.report import ReportRequest


@dataclass(frozen=True, slots=True)
class ReportChoice:
    """What the person chose for one report."""

    first_day: int
    last_day: int
    include_notes: bool
    person: ReportPerson


def _qdate(day: int) -> QDate:
    when = stats.day_date(day)
    return QDate(when.year, when.month, when.day)


def _day(value: QDate) -> int:
    return stats.date_day(date(value.year(), value.month(), value.day()))


class ReportOptionsDialog(QDialog):
    """From, to, "include the notes", name and date of birth (both optional, remembered for next time)."""

    def __init__(
        self,
        first_day: int,
        last_day: int,
        today: int,
        person: ReportPerson,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("report-options")
        set_role(self, "page")
        self.setWindowTitle(_("Export report"))
        column = QVBoxLayout(self)
        margin = spacing(self, 1.2, 20)
        column.setContentsMargins(margin, margin, margin, margin)
        column.setSpacing(spacing(self, 0.5, 10))
        heading = QLabel(_("A report for your doctor"))
        heading.setFont(scaled_font(self.font(), 1.4, bold=True))
        hint = QLabel(
            _(
                "Every session and diary entry of the period is listed. The name and date of birth are "
                "optional: they are printed under the title and kept on this computer for the next report."
            )
        )
        hint.setWordWrap(True)
        set_role(hint, "muted")
        column.addWidget(heading)
        column.addWidget(hint)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.first = QDateEdit(_qdate(first_day))
        self.last = QDateEdit(_qdate(last_day))
        names = ((self.first, _("First day of the report")), (self.last, _("Last day of the report")))
        for edit, name in names:
            edit.setCalendarPopup(True)
            edit.setDisplayFormat(pgettext("date format: day, short month, year", "d MMM yyyy"))
            edit.setMaximumDate(_qdate(today))  # the future has no data
            edit.setAccessibleName(name)
        self.notes = QCheckBox(_("Include the notes"))
        self.notes.setChecked(True)
        self.name = QLineEdit(person.name)
        self.name.setPlaceholderText(_("optional"))
        self.name.setAccessibleName(_("Name on the report (optional)"))
        self.name.setMaxLength(200)
        self.born = QLineEdit(person.born)
        self.born.setPlaceholderText(_("optional, as you like it written"))
        self.born.setAccessibleName(_("Date of birth on the report (optional)"))
        self.born.setMaxLength(200)
        form.addRow(pgettext("report period", "From"), self.first)
        form.addRow(pgettext("report period", "To"), self.last)
        form.addRow("", self.notes)
        form.addRow(pgettext("person", "Name"), self.name)
        form.addRow(_("Date of birth"), self.born)
        column.addLayout(form)

        self.problem = QLabel()
        self.problem.setWordWrap(True)
        set_role(self.problem, "danger")
        self.problem.hide()
        column.addWidget(self.problem)

        buttons = QDialogButtonBox()
        self.write_button = buttons.addButton(_("Write the report…"), QDialogButtonBox.ButtonRole.AcceptRole)
        set_role(self.write_button, "primary")
        self.cancel_button = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        column.addWidget(buttons)
        self.write_button.clicked.connect(self._on_write)
        self.cancel_button.clicked.connect(self.reject)
        self.first.dateChanged.connect(lambda _d: self.problem.hide())
        self.last.dateChanged.connect(lambda _d: self.problem.hide())

    def choice(self) -> ReportChoice:
        return ReportChoice(
            first_day=_day(self.first.date()),
            last_day=_day(self.last.date()),
            include_notes=self.notes.isChecked(),
            person=ReportPerson(name=self.name.text().strip(), born=self.born.text().strip()),
        )

    def _on_write(self) -> None:
        if self.first.date() > self.last.date():
            self.problem.setText(
                _("The first day comes after the last day: choose a period that runs forward.")
            )
            self.problem.show()
            return
        self.accept()


def open_file(path: Path) -> bool:
    """Open the PDF in the desktop's PDF reader. False if the desktop could not."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def print_report(request: ReportRequest, parent: QWidget | None = None) -> str:
    """Ask for a printer (QPrintDialog) and print the report of ``request``. Returns what happened."""
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(_("Print the report"))
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return _("Not printed.")
    try:
        pages = report.print_report(request, printer)
    except UserError as exc:
        return _("Not printed: {problem}").format(problem=exc)
    return ngettext("Sent {count} page to the printer.", "Sent {count} pages to the printer.", pages).format(
        count=pages
    )
