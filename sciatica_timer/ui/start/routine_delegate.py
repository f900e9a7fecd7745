"""How the start screen lists a routine: its name, then its length and its points."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRectF, QSize, Qt
from PySide6.QtGui import QFont, QPainter
from PySide6.QtWidgets import QAbstractItemView, QStyledItemDelegate, QStyleOptionViewItem

from sciatica_timer.ui.common.theme import colors, scaled_font
from sciatica_timer.ui.start.rows import ROW_ROLE, RoutineRow


class RoutineDelegate(QStyledItemDelegate):
    """Two lines per routine: the name, then its length and points."""

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        em = option.fontMetrics.height()
        return QSize(em * 10, round(em * 3.3))

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        row = index.data(ROW_ROLE)
        if not isinstance(row, RoutineRow):
            super().paint(painter, option, index)
            return
        c = colors(option.palette)
        rect = QRectF(option.rect).adjusted(2, 2, -2, -2)
        selected = self._selected(option, index)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        em = option.fontMetrics.height()
        if selected:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(c.accent_soft)
            painter.drawRoundedRect(rect, em * 0.45, em * 0.45)
            painter.setBrush(c.accent)
            bar = QRectF(rect.left(), rect.top() + em * 0.5, em * 0.22, rect.height() - em)
            painter.drawRoundedRect(bar, em * 0.11, em * 0.11)
        text_rect = rect.adjusted(em * 0.9, em * 0.35, -em * 0.6, -em * 0.35)
        name_font = scaled_font(option.font, 1.12, bold=True)
        painter.setFont(name_font)
        painter.setPen(c.text)
        name_height = text_rect.height() * 0.55
        name_rect = QRectF(text_rect.left(), text_rect.top(), text_rect.width(), name_height)
        painter.drawText(name_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom, row.name)
        painter.setFont(QFont(option.font))
        painter.setPen(c.muted)
        facts_rect = QRectF(
            text_rect.left(), name_rect.bottom(), text_rect.width(), text_rect.height() - name_height
        )
        elided = option.fontMetrics.elidedText(
            row.facts, Qt.TextElideMode.ElideRight, round(facts_rect.width())
        )
        painter.drawText(facts_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, elided)
        painter.restore()

    def _selected(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> bool:
        """Whether the row is selected, asked of the view's selection as Qt does to set the option's
        ``State_Selected``: reading ``option.state`` would make PySide6 build the twenty enums of QStyle (some
        6 ms) just before the start screen first shows."""
        view = self.parent()
        if isinstance(view, QAbstractItemView) and view.selectionModel() is not None:
            return view.selectionModel().isSelected(index)
        from PySide6.QtWidgets import QStyle

        return bool(option.state & QStyle.StateFlag.State_Selected)
