"""The table of sessions and diary entries, newest first, where a score or a note can be corrected.

The rows come from the chart's columns (already in memory); a record's details (notes, where it hurt) are
read from the history in batches as rows scroll into view, so ten thousand rows cost nothing up front.
Edits are not written here: the model asks through ``edit_requested`` and the view writes them through its
undo stack, then hands the stored record back with ``record_changed``.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable
from datetime import UTC, datetime
from enum import Enum
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QUndoCommand
from PySide6.QtWidgets import QComboBox, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from sciatica_timer.core.diary import DiaryEntry, SessionSummary
from sciatica_timer.core.i18n import N_, _
from sciatica_timer.core.record import SessionStatus
from sciatica_timer.core.trends import PainTrends
from sciatica_timer.errors import UserError
from sciatica_timer.storage.history import HistoryStore
from sciatica_timer.ui.common.words import pain_words
from sciatica_timer.ui.history import history_words as words

_Index = QModelIndex | QPersistentModelIndex
_BATCH = 150  # rows read from the history at a time, around the one asked for


class RowKind(Enum):
    SESSION = "session"
    DIARY = "diary"


class Column(Enum):
    WHEN = 0
    WHAT = 1
    PAIN = 2  # a diary entry's score
    BEFORE = 3
    AFTER = 4
    LATER = 5  # the follow-up score
    NOTE = 6


HEADERS = {
    Column.WHEN: N_("When"),
    Column.WHAT: N_("What"),
    Column.PAIN: N_("Pain"),
    Column.BEFORE: N_("Before"),
    Column.AFTER: N_("After"),
    Column.LATER: N_("Later"),
    Column.NOTE: N_("Note"),
}
"""Marked only: shown through ``_``."""
HEADER_TIPS = {
    Column.PAIN: N_("A pain score written in the diary"),
    Column.BEFORE: N_("Pain just before the session"),
    Column.AFTER: N_("Pain just after the session"),
    Column.LATER: N_("Pain some time after the session (a follow-up score)"),
}
SCORE_COLUMNS = {Column.PAIN, Column.BEFORE, Column.AFTER, Column.LATER}
SESSION_FIELDS = {Column.BEFORE: "pain_before", Column.AFTER: "pain_after", Column.LATER: "followup_pain"}
_EDITABLE = {
    RowKind.SESSION: {Column.BEFORE, Column.AFTER, Column.LATER, Column.NOTE},
    RowKind.DIARY: {Column.PAIN, Column.NOTE},
}

Record = SessionSummary | DiaryEntry
Row = tuple[float, int, RowKind]  # when (epoch seconds), id, kind


class EntriesModel(QAbstractTableModel):
    """Sessions (of the routine shown) and diary entries, newest first."""

    edit_requested = Signal(object, int, str, object)  # kind, id, field name, new value

    def __init__(self, store: HistoryStore, trends: PainTrends, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._trends = trends
        self._rows: list[Row] = []
        self._records: dict[tuple[RowKind, int], Record] = {}
        self.reload()

    # ------------------------------------------------------------------------------------------------
    # Rows

    def reload(self) -> None:
        """Read the rows again from the chart's columns (after the routine filter changed)."""
        self.beginResetModel()
        sessions = self._trends.sessions
        diary = self._trends.diary
        newest_sessions = (
            (-x, -i, RowKind.SESSION)
            for x, i in zip(reversed(sessions.x), reversed(sessions.ids), strict=True)
        )
        newest_diary = (
            (-x, -i, RowKind.DIARY) for x, i in zip(reversed(diary.x), reversed(diary.ids), strict=True)
        )
        merged = heapq.merge(newest_sessions, newest_diary, key=lambda row: (row[0], row[1]))
        self._rows = [(-x, -i, kind) for x, i, kind in merged]
        self.endResetModel()

    def row_of(self, kind: RowKind, record_id: int) -> int | None:
        for row, (_when, rid, rkind) in enumerate(self._rows):
            if rid == record_id and rkind is kind:
                return row
        return None

    def row_key(self, row: int) -> tuple[RowKind, int]:
        _, record_id, kind = self._rows[row]
        return kind, record_id

    def record_changed(self, kind: RowKind, record: Record) -> None:
        """A stored record changed (an edit, or undo of one): show it as stored."""
        self._records[(kind, record.id)] = record
        row = self.row_of(kind, record.id)
        if row is not None:
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(Column) - 1))

    def record_removed(self, kind: RowKind, record_id: int) -> None:
        self._records.pop((kind, record_id), None)
        row = self.row_of(kind, record_id)
        if row is not None:
            self.beginRemoveRows(QModelIndex(), row, row)
            del self._rows[row]
            self.endRemoveRows()

    def record_added(self, kind: RowKind, record: Record) -> None:
        """A record came (back) into the history: insert its row in time order."""
        if self.row_of(kind, record.id) is not None:
            self.record_changed(kind, record)
            return
        self._records[(kind, record.id)] = record
        key = (-record.when.timestamp(), -record.id)
        row = 0
        while row < len(self._rows) and (-self._rows[row][0], -self._rows[row][1]) < key:
            row += 1
        self.beginInsertRows(QModelIndex(), row, row)
        self._rows.insert(row, (record.when.timestamp(), record.id, kind))
        self.endInsertRows()

    def record(self, row: int) -> Record | None:
        """The stored record of a row, read with its neighbours if not read yet."""
        _, record_id, kind = self._rows[row]
        found = self._records.get((kind, record_id))
        if found is None:
            self._fetch_around(row)
            found = self._records.get((kind, record_id))
        return found

    def _fetch_around(self, row: int) -> None:
        batch = self._rows[max(0, row - _BATCH // 3) : row + _BATCH]
        for kind in RowKind:
            times = [x for x, _, k in batch if k is kind]
            if not times:
                continue
            since = datetime.fromtimestamp(min(times), UTC)
            until = datetime.fromtimestamp(max(times) + 1, UTC)
            try:
                found: list[Any] = (
                    self._store.sessions(since, until)
                    if kind is RowKind.SESSION
                    else self._store.diary(since, until)
                )
            except UserError:
                return  # the view shows the store's trouble when it writes; here a row just stays blank
            for record in found:
                self._records[(kind, record.id)] = record

    # ------------------------------------------------------------------------------------------------
    # The model's interface

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(Column)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        column = Column(section)
        if role == Qt.ItemDataRole.DisplayRole:
            return _(HEADERS[column])
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = HEADER_TIPS.get(column)
            return None if tip is None else _(tip)
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if not index.isValid():
            return base
        kind = self._rows[index.row()][2]
        if Column(index.column()) in _EDITABLE[kind]:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        column = Column(index.column())
        kind = self._rows[index.row()][2]
        if role == Qt.ItemDataRole.TextAlignmentRole and column in SCORE_COLUMNS:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole, Qt.ItemDataRole.ToolTipRole):
            return None
        record = self.record(index.row())
        if record is None:
            return None
        value = _value(kind, record, column)
        if role == Qt.ItemDataRole.EditRole:
            return value
        if role == Qt.ItemDataRole.ToolTipRole:
            if column in SCORE_COLUMNS and isinstance(value, int):
                return _("{score}: {words}").format(score=value, words=pain_words(value))
            return value if column is Column.NOTE and value else None
        if value is None:
            return ""
        return str(value)

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        column = Column(index.column())
        kind, record_id = self.row_key(index.row())
        if column not in _EDITABLE[kind]:
            return False
        record = self.record(index.row())
        if record is None or _value(kind, record, column) == value:
            return False
        name = (
            "note" if column is Column.NOTE else "score" if kind is RowKind.DIARY else SESSION_FIELDS[column]
        )
        self.edit_requested.emit(kind, record_id, name, value)
        return True


def _value(kind: RowKind, record: Record, column: Column) -> Any:
    if column is Column.WHEN:
        return words.moment_words(record.when.timestamp(), _offset(record.when))
    if column is Column.NOTE:
        return record.note or ""
    if kind is RowKind.DIARY:
        assert isinstance(record, DiaryEntry)  # noqa: S101 - the row kind says so
        if column is Column.WHAT:
            where = words.where_words(record.region, record.side)
            what = _("Diary · {where}").format(where=where) if where else _("Diary")
            return _("{what} · entered later").format(what=what) if record.entered_later else what
        return record.score if column is Column.PAIN else None
    assert isinstance(record, SessionSummary)  # noqa: S101 - the row kind says so
    if column is Column.WHAT:
        what = record.routine_name
        if record.status is not SessionStatus.COMPLETED:
            status = words.status_words(record.status)
            what = _("{routine} ({status})").format(routine=record.routine_name, status=status)
        where = words.where_words(record.pain_region, record.pain_side)
        return _("{what} · {where}").format(what=what, where=where) if where else what
    return {
        Column.BEFORE: record.pain_before,
        Column.AFTER: record.pain_after,
        Column.LATER: record.followup_pain,
    }.get(column)


def _offset(moment: datetime) -> int:
    offset = moment.utcoffset()
    return 0 if offset is None else round(offset.total_seconds() / 60)


class ScoreDelegate(QStyledItemDelegate):
    """Scores are picked from a list, 0 to 10 with their words; a session's score can also be cleared."""

    NOT_GIVEN = N_("not given")

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: _Index) -> QWidget:
        if Column(index.column()) not in SCORE_COLUMNS:
            return super().createEditor(parent, option, index)
        editor = QComboBox(parent)
        if Column(index.column()) is not Column.PAIN:
            editor.addItem(_(self.NOT_GIVEN), None)
        for score in range(11):
            editor.addItem(_("{score} – {words}").format(score=score, words=pain_words(score)), score)
        return editor

    def setEditorData(self, editor: QWidget, index: _Index) -> None:
        if isinstance(editor, QComboBox):
            found = editor.findData(index.data(Qt.ItemDataRole.EditRole))
            editor.setCurrentIndex(max(0, found))
            editor.showPopup()
            return
        super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: _Index) -> None:
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)
            return
        super().setModelData(editor, model, index)


class StoreCommand(QUndoCommand):
    """One change to the history that can be undone. It has been done when pushed (the first redo is
    skipped); a later redo or undo that the history refuses is reported and dropped from the stack."""

    def __init__(
        self, text: str, redo: Callable[[], None], undo: Callable[[], None], report: Callable[[str], None]
    ) -> None:
        super().__init__(text)
        self._redo = redo
        self._undo = undo
        self._report = report
        self._pushed = False

    def redo(self) -> None:
        if not self._pushed:
            self._pushed = True
            return
        self._run(self._redo)

    def undo(self) -> None:
        self._run(self._undo)

    def _run(self, action: Callable[[], None]) -> None:
        try:
            action()
        except UserError as exc:
            self._report(str(exc))
            self.setObsolete(True)
