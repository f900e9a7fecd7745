"""Your data from the window: the import preview (what an export file would add, before adding it) and the
list of backups to restore one from, with their dates and what they hold."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sciatica_timer.core.i18n import _, ngettext, pgettext
from sciatica_timer.storage import history_backups as backups
from sciatica_timer.storage.history import ImportReport
from sciatica_timer.ui.common.pages import spacing
from sciatica_timer.ui.common.theme import scaled_font, set_role
from sciatica_timer.ui.history.history_words import date_words, whole_words


def preview_words(report: ImportReport) -> str:
    """ "It will add 3 sessions and 2 pain scores. 4 records are here already and stay as they are." """
    if not report.sessions_added and not report.diary_added:
        return _("Everything in this file is in your history already: importing it would add nothing.")
    sessions = ngettext("{count} session", "{count} sessions", report.sessions_added).format(
        count=whole_words(report.sessions_added)
    )
    scores = ngettext("{count} pain score", "{count} pain scores", report.diary_added).format(
        count=whole_words(report.diary_added)
    )
    added = _("It will add {sessions} and {scores}.").format(sessions=sessions, scores=scores)
    present = report.sessions_present + report.diary_present
    if present:
        here = ngettext(
            "{count} record is here already and stays as it is.",
            "{count} records are here already and stay as they are.",
            present,
        ).format(count=whole_words(present))
        added += " " + here
    return added


class ImportPreviewDialog(QDialog):
    """What importing ``path`` would add; "Add them" imports, Cancel leaves everything as it is."""

    def __init__(self, path: Path, report: ImportReport, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("import-preview")
        set_role(self, "page")
        self.setWindowTitle(_("Import a history export"))
        self.setMinimumWidth(self.fontMetrics().height() * 30)
        column = QVBoxLayout(self)
        margin = spacing(self, 1.2, 20)
        column.setContentsMargins(margin, margin, margin, margin)
        column.setSpacing(spacing(self, 0.5, 10))
        heading = QLabel(_("Import {name}?").format(name=path.name))
        heading.setFont(scaled_font(self.font(), 1.4, bold=True))
        heading.setWordWrap(True)
        self.summary = QLabel(preview_words(report))
        self.summary.setWordWrap(True)
        where = QLabel(
            _("From {path}. Nothing is changed or removed; a backup is made after the import.").format(
                path=path
            )
        )
        where.setWordWrap(True)
        set_role(where, "muted")
        for widget in (heading, self.summary, where):
            column.addWidget(widget)
        buttons = QDialogButtonBox()
        self.add_button = buttons.addButton(_("Add them"), QDialogButtonBox.ButtonRole.AcceptRole)
        set_role(self.add_button, "primary")
        self.add_button.setEnabled(bool(report.sessions_added or report.diary_added))
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        column.addWidget(buttons)


@dataclass(frozen=True, slots=True)
class BackupChoice:
    path: Path
    text: str  # "Tue 13 May 2025: 124 sessions, 57 diary entries"


def backup_choices(folder: Path, stem: str) -> list[BackupChoice]:
    """The backups in ``folder``, newest first, described with their day and what they hold."""
    choices = []
    for backup in backups.list_backups(folder, stem):
        counts = backups.backup_counts(backup.path)
        if counts is None:
            held = _("cannot be read")
        else:
            sessions = ngettext("{count} session", "{count} sessions", counts[0]).format(
                count=whole_words(counts[0])
            )
            entries = ngettext("{count} diary entry", "{count} diary entries", counts[1]).format(
                count=whole_words(counts[1])
            )
            held = _("{sessions}, {entries}").format(sessions=sessions, entries=entries)
        day = date_words(
            backup.day, pgettext("date format: weekday, day, short month, year", "ddd d MMM yyyy")
        )
        if backup.before_upgrade:
            text = _("{day} (kept before an upgrade): {held}").format(day=day, held=held)
        else:
            text = _("{day}: {held}").format(day=day, held=held)
        choices.append(BackupChoice(backup.path, text))
    return choices


class RestoreBackupDialog(QDialog):
    """Pick a backup to put in place of the history; the history as it is now is kept aside first."""

    def __init__(self, choices: list[BackupChoice], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("restore-backup")
        set_role(self, "page")
        self.setWindowTitle(_("Restore a backup"))
        column = QVBoxLayout(self)
        margin = spacing(self, 1.2, 20)
        column.setContentsMargins(margin, margin, margin, margin)
        column.setSpacing(spacing(self, 0.5, 10))
        heading = QLabel(_("Restore a backup"))
        heading.setFont(scaled_font(self.font(), 1.4, bold=True))
        hint = QLabel(
            _(
                "Your history is replaced by the backup you choose. The history as it is now is first copied "
                "into the backups folder, so it can be restored in turn: nothing is lost."
            )
        )
        hint.setWordWrap(True)
        set_role(hint, "muted")
        self.list = QListWidget()
        self.list.setAccessibleName(_("Backups, newest first"))
        for choice in choices:
            item = QListWidgetItem(choice.text)
            item.setData(Qt.ItemDataRole.UserRole, str(choice.path))
            self.list.addItem(item)
        empty = QLabel(_("There is no backup yet. One is made each day you use the app, and by Back up now."))
        empty.setWordWrap(True)
        empty.setVisible(not choices)
        self.list.setVisible(bool(choices))
        for widget in (heading, hint, self.list, empty):
            column.addWidget(widget)
        buttons = QDialogButtonBox()
        self.restore_button: QPushButton = buttons.addButton(
            _("Restore this backup"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        set_role(self.restore_button, "primary")
        self.restore_button.setEnabled(False)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        column.addWidget(buttons)
        self.list.currentRowChanged.connect(lambda row: self.restore_button.setEnabled(row >= 0))
        if choices:
            self.list.setCurrentRow(0)

    def chosen(self) -> Path | None:
        item = self.list.currentItem()
        return None if item is None else Path(str(item.data(Qt.ItemDataRole.UserRole)))
