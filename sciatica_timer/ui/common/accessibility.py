"""What screen readers hear: announcements of a session's phases, and names for the parts Qt leaves unnamed.

Announcements use Qt's accessibility announcement event (Qt 6.8 and later, which the app requires): on Linux
it reaches screen readers over AT-SPI as ``object:announcement``, and it never moves the keyboard focus.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QLocale, QObject, Qt
from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QAccessibleWidget,
    QApplication,
    QListWidget,
    QScrollBar,
    QWidget,
)

from sciatica_timer.core.i18n import N_, _

if TYPE_CHECKING:
    from sciatica_timer.core.plan import PlannedPhase
    from sciatica_timer.core.session_events import SessionEvent
    from sciatica_timer.ui.player.phase_dial import DialReading

Politeness = QAccessible.AnnouncementPoliteness


def announce(widget: QWidget, text: str, *, urgent: bool = False) -> None:
    """Have screen readers say ``text``; ``urgent`` interrupts what they are saying (a stop for pain)."""
    if not text:
        return
    event = QAccessibleAnnouncementEvent(widget, text)
    event.setPoliteness(Politeness.Assertive if urgent else Politeness.Polite)
    QAccessible.updateAccessibility(event)


def phase_words(phase: PlannedPhase) -> str:
    """A phase as it is announced: "Hold, left side", "Breathe", or an activity's own title."""
    from sciatica_timer.core.plan import PhaseKind, Side  # with a session: off the way to the first window
    from sciatica_timer.ui.common.words import PHASE_WORDS, SIDE_IN_SENTENCE

    title = phase.title if phase.kind is PhaseKind.ACTIVITY else _(PHASE_WORDS[phase.kind])
    if phase.side is None or phase.side is Side.MIDLINE:
        return title
    return _("{phase}, {side}").format(phase=title, side=_(SIDE_IN_SENTENCE[phase.side]))


def announcement_for(event: SessionEvent) -> tuple[str, bool] | None:
    """What a session event says to a screen reader, and whether it is urgent; None for silent events."""
    from sciatica_timer.core.session_events import (
        Paused,
        PhaseStarted,
        Resumed,
        SessionCompleted,
        SessionStopped,
        WaitingForUser,
    )

    if isinstance(event, PhaseStarted):
        return phase_words(event.phase), False
    if isinstance(event, WaitingForUser):
        return _("{phase}: find the point, then choose I found it").format(
            phase=phase_words(event.phase)
        ), False
    if isinstance(event, Paused):
        return _("Paused"), False
    if isinstance(event, Resumed):
        return _("Resumed"), False
    if isinstance(event, SessionStopped):
        if event.for_pain:
            return _("Stopped for sharp pain. Stop pressing and rest."), True
        return _("Session stopped"), False
    if isinstance(event, SessionCompleted):
        return _("Session complete"), False
    return None


class SessionAnnouncer(QObject):
    """Follows a session's events and announces them from the active window (else ``speaker``)."""

    def __init__(self, speaker: QWidget) -> None:
        super().__init__(speaker)
        self._speaker = speaker
        self.said: list[str] = []  # what was announced, in order (read by tests and kept short)

    def hear(self, event: SessionEvent) -> None:
        found = announcement_for(event)
        if found is None:
            return
        text, urgent = found
        self.said = [*self.said[-19:], text]
        announce(self._speaking_widget(), text, urgent=urgent)

    def _speaking_widget(self) -> QWidget:
        """A visible widget of the window the person sees (the main window, or the mini player standing in
        for it): Qt passes on no announcement from a hidden one. The focused widget, not the window itself,
        which AT-SPI would report twice."""
        window = QApplication.activeWindow() or self._speaker.window()
        focused = window.focusWidget()
        if focused is not None and focused.isVisible():
            return focused
        central = window.findChild(QWidget)
        return central if central is not None and central.isVisible() else window


# Qt's own accessible interface for scroll areas (QAccessibleAbstractScrollArea, also used for QScrollArea)
# answers a request for a child by index without checking the index: its children are the viewport and the
# scroll bars that are visible *now*, so a screen reader that counted them a moment earlier (before a page was
# hidden, which hides its scroll bars) and then asks for the last one makes Qt read past the end of a list and
# crash inside QAccessibleCache::idForObject. Scroll areas get the general widget interface instead: the
# same role, name and description, children counted and checked the same way on every request.
UNCHECKED_SCROLL_AREAS = frozenset({"QScrollArea", "QAbstractScrollArea"})
_guarded = False


class _DrawnWidget(QAccessibleWidget):
    """A widget that paints itself, read as what it shows: a picture, or a line of text (its name and what
    it says now), instead of Qt's "filler" for a plain QWidget."""

    def __init__(self, widget: QWidget, role: QAccessible.Role) -> None:
        super().__init__(widget, role)
        self._widget = widget

    def text(self, t: QAccessible.Text) -> str:
        if t is QAccessible.Text.Value and self.role() is not QAccessible.Role.Graphic:
            return self._widget.accessibleDescription()
        return super().text(t)


def _checked_scroll_area(key: str, obj: QObject) -> QAccessibleWidget | None:
    if key in UNCHECKED_SCROLL_AREAS and isinstance(obj, QAbstractScrollArea):
        return QAccessibleWidget(obj, QAccessible.Role.Client)
    role = getattr(obj, "accessible_role", None)
    if isinstance(role, QAccessible.Role) and isinstance(obj, QWidget):
        interface = _DrawnWidget(obj, role)
        # Qt's cache owns the interface and deletes it with the widget; the widget keeps its Python side.
        obj.__dict__["_accessible_interface"] = interface
        return interface
    return None  # every other object: Qt's own interface


def guard_scroll_areas() -> None:
    """Answer screen readers' questions about scroll areas with an interface that checks child indexes.

    Installed once, after the QApplication (whose own factory Qt asks after this one) and before any scroll
    area has been read.
    """
    global _guarded  # noqa: PLW0603 - one factory for the whole process
    if _guarded:
        return
    QAccessible.installFactory(_checked_scroll_area)
    _guarded = True


def follow_selection(rows: QListWidget) -> None:
    """Make the row a screen reader selects (AT-SPI's Selection interface) the current row, as a click would:
    Qt's list selects it without moving the current row, which is what the app acts on."""

    def follow() -> None:
        chosen = rows.selectedItems()
        if chosen and chosen[0] is not rows.currentItem():
            rows.setCurrentItem(chosen[0])

    rows.itemSelectionChanged.connect(follow)


def name_unnamed_parts(root: QWidget) -> None:
    """Give the structural parts Qt builds without a name one that says what they move or show.

    Scroll bars become "Scroll <what the area is called>"; a scroll area's viewport takes the area's name.
    Parts the app names itself keep their names.
    """
    for area in root.findChildren(QAbstractScrollArea):
        what = area.accessibleName() or _named_ancestor(area) or _("the page")
        viewport = _viewport(area)
        if viewport is not None and not viewport.accessibleName() and area.accessibleName():
            viewport.setAccessibleName(area.accessibleName())
        for bar, name in (
            (area.verticalScrollBar(), _("Scroll {what} up and down")),
            (area.horizontalScrollBar(), _("Scroll {what} sideways")),
        ):
            if not bar.accessibleName():
                bar.setAccessibleName(name.format(what=what))
    for bar in root.findChildren(QScrollBar):
        if not bar.accessibleName():
            bar.setAccessibleName(_("Scroll {what}").format(what=_named_ancestor(bar) or _("the page")))


def _viewport(area: QAbstractScrollArea) -> QWidget | None:
    """The area's viewport. Qt names the one it makes itself, and finding it by that name is cheap: the first
    ``viewport()`` call from Python makes PySide6 set up the Python types of every kind of widget (some 9 ms,
    in the middle of building the start screen)."""
    found = area.findChild(QWidget, "qt_scrollarea_viewport", Qt.FindChildOption.FindDirectChildrenOnly)
    return found if found is not None else area.viewport()


def _named_ancestor(widget: QWidget) -> str:
    parent = widget.parentWidget()
    while parent is not None:
        if parent.accessibleName():
            return parent.accessibleName()
        if parent.isWindow() and parent.windowTitle():
            return parent.windowTitle()
        parent = parent.parentWidget()
    return ""


STEADY_WITHIN = 0.5  # points on the 0-10 scale: a smaller difference between the halves reads as "steady"


def chart_summary(
    period_words: str, mean_before: float | None, early: float | None, late: float | None
) -> str:
    """The pain chart in one sentence: "Pain before sessions over 3 months: mean 4.2, falling".

    ``early`` and ``late`` are the mean scores before sessions in the first and second half of the period; the
    direction is said only when both halves have scores.
    """
    if mean_before is None:
        return _("Pain before sessions over {period}: no scores yet").format(period=period_words)
    mean = QLocale().toString(mean_before, "f", 1)
    if early is None or late is None:
        return _("Pain before sessions over {period}: mean {mean}").format(period=period_words, mean=mean)
    if late < early - STEADY_WITHIN:
        text = _("Pain before sessions over {period}: mean {mean}, falling")
    elif late > early + STEADY_WITHIN:
        text = _("Pain before sessions over {period}: mean {mean}, rising")
    else:
        text = _("Pain before sessions over {period}: mean {mean}, steady")
    return text.format(period=period_words, mean=mean)


STEADY_PACER_HINT = N_("Breathe with the words under the time: in, then out.")


def steady_reading(reading: DialReading) -> DialReading:
    """The countdown for someone who asked for less motion: a full, still ring around the number, and the
    breath in words under it instead of a circle that grows and shrinks."""
    from sciatica_timer.ui.player.phase_dial import (
        DialReading,  # with the player, not on the way to the first window
    )

    caption = reading.caption
    if reading.breath is not None and not caption:
        caption = _("breathe in") if reading.breath.inhaling else _("breathe out")
    return DialReading(1.0, reading.seconds_left, None, caption, reading.word, reading.duration_s)
