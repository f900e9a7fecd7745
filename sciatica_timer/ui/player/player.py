"""The player: the screen a session runs on.

It renders what the GuidedSession's engine says (the phase, the point and its picture, the countdown, the
routine's progress) and turns keys and buttons into commands. It keeps no session state of its own.
Keys: Space start/pause, Left back, Right skip (Shift+Right: next step), Enter ready, Esc stop (asks first),
F9 sharp pain: stop at once (no question), M mini.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QEvent, QObject, Qt, QThreadPool, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from sciatica_timer.core.activity_pictures import activity_picture
from sciatica_timer.core.engine import EngineState, SessionEngine
from sciatica_timer.core.i18n import N_, _, pgettext
from sciatica_timer.core.plan import PhaseKind, PlannedPhase, PlannedStep, Side, StepKind
from sciatica_timer.core.points import PointLibrary, PressurePoint
from sciatica_timer.core.safety import pressure_text, wants_light_pressure
from sciatica_timer.core.session_events import (
    Paused,
    PauseReason,
    PhaseStarted,
    Resumed,
    SessionEvent,
    SuspendDetected,
    WaitingForUser,
)
from sciatica_timer.session.guided_session import GuidedSession
from sciatica_timer.ui.common.accessibility import STEADY_PACER_HINT, steady_reading
from sciatica_timer.ui.common.body_picture import BodyPicture
from sciatica_timer.ui.common.pages import scrolling
from sciatica_timer.ui.common.theme import scaled_font, set_role
from sciatica_timer.ui.common.words import (
    ACHE_REMINDER,
    ACHE_REMINDER_LIGHT,
    DEFAULT_BREATHING,
    HOLD_HINT_LIGHT,
    PHASE_HINTS,
    PHASE_IN_SENTENCE,
    PHASE_WORDS,
    SHARP_PAIN_KEY_NAME,
    SIDE_IN_SENTENCE,
    SIDE_WORDS,
    breath_at,
    duration_words,
    in_sentence,
    time_left_text,
)
from sciatica_timer.ui.player.phase_dial import DialReading, PhaseDial
from sciatica_timer.ui.player.routine_progress import RoutineProgress

_TIMED = (EngineState.RUNNING, EngineState.PAUSED)
_PACED = (PhaseKind.BREATHE,)  # phases that always show the breathing pacer
_ACHE = (PhaseKind.PRESS, PhaseKind.HOLD)  # phases that carry the "an ache, not pain" reminder
# The one key that stops for sharp pain at once, without a question: a function key, so that no typing,
# no reach for Esc and no stray letter can hit it by accident. Shown on the buttons and listed in the help.
SHARP_PAIN_KEY = Qt.Key.Key_F9  # SHARP_PAIN_KEY_NAME, from ui/words
SHARP_PAIN_BUTTON = N_("Sharp pain: stop ({key})")  # the button's words: sharp_pain_words() fills in the key
SHARP_PAIN_NAME = N_("Sharp pain: stop the session now")
SHARP_PAIN_TIP = N_("Ends the session at once, without a question, and notes that it hurt ({key})")
# Keys that steer the session even when a button has the focus (Space and Enter press the button).
# Where a point's marker is, for screen readers: "BL23 marked on the left side of the lower back".
SIDE_MARKED = {
    Side.LEFT: N_("on the left side"),
    Side.RIGHT: N_("on the right side"),
    Side.MIDLINE: N_("on the spine"),
}
STEERING_KEYS = (Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_Escape, Qt.Key.Key_M, SHARP_PAIN_KEY)


def sharp_pain_words() -> tuple[str, str, str]:
    """The sharp-pain button's text, accessible name and tooltip, in the person's language."""
    return (
        _(SHARP_PAIN_BUTTON).format(key=SHARP_PAIN_KEY_NAME),
        _(SHARP_PAIN_NAME),
        _(SHARP_PAIN_TIP).format(key=SHARP_PAIN_KEY_NAME),
    )


def _pain_button_words() -> tuple[str, str, str, str]:
    text, name, tip = sharp_pain_words()
    return text, "danger", name, tip


def shown_phase(engine: SessionEngine) -> PlannedPhase | None:
    """The phase on screen: the current one, or the first one while the session waits to start."""
    if engine.state is EngineState.READY:
        return engine.upcoming_phase
    return engine.current_phase


def uses_pacer(phase: PlannedPhase) -> bool:
    """Breathe phases always pace the breath; an activity does when its routine gives a pattern."""
    return phase.kind in _PACED or (phase.kind is PhaseKind.ACTIVITY and phase.breathing is not None)


def dial_reading(engine: SessionEngine) -> DialReading | None:
    """What the countdown ring shows now; None when no timed phase is on (before start, at a locate step)."""
    phase = engine.current_phase
    if phase is None or engine.state not in _TIMED or phase.duration_s <= 0:
        return None
    left = engine.time_left_s() or 0.0
    breath = None
    if uses_pacer(phase):
        breath = breath_at(phase.breathing or DEFAULT_BREATHING, engine.phase_elapsed_s())
    caption = pgettext("countdown", "paused") if engine.state is EngineState.PAUSED else ""
    return DialReading(left / phase.duration_s, left, breath, caption, duration_s=phase.duration_s)


def no_sound_words(problem: str) -> str:
    """The no-sound banner: what it means for the person first, the technical reason after."""
    return _(
        "No sound: the cues are on screen only. Keep the window in view: the phase name flashes at "
        "each change. (Why: {problem}.)"
    ).format(problem=problem)


def phase_title(phase: PlannedPhase) -> str:
    """The phase in large type: "Hold", "Breathe", or an activity's own title."""
    if phase.kind is PhaseKind.ACTIVITY:
        return phase.title
    return _(PHASE_WORDS[phase.kind])


def phase_in_sentence(phase: PlannedPhase) -> str:
    """The phase's name in the middle of a sentence: "Then: release slowly"."""
    if phase.kind is PhaseKind.ACTIVITY:
        return in_sentence(phase.title)
    return _(PHASE_IN_SENTENCE[phase.kind])


def _label(text: str = "", *, role: str | None = None, wrap: bool = True, scale: float = 1.0) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(wrap)
    label.setTextFormat(Qt.TextFormat.PlainText)
    if role is not None:
        set_role(label, role)
    if scale != 1.0:
        label.setFont(scaled_font(label.font(), scale))
    return label


def _button(text: str, role: str, name: str, tip: str) -> QPushButton:
    button = QPushButton(text)
    set_role(button, role)
    button.setAccessibleName(name)
    button.setToolTip(tip)
    # Reached with Tab; a mouse click leaves the keyboard focus where it was, so Space keeps pausing.
    button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
    return button


class PointDetails(QWidget):
    """The right-hand column: the point's name, how to find it and press it, and its cautions."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        em = self.fontMetrics().height()
        layout.setContentsMargins(0, 0, round(em * 0.5), 0)
        layout.setSpacing(round(em * 0.25))
        self.title = _label()
        self.title.setFont(scaled_font(self.font(), 1.45, bold=True))
        self.subtitle = _label(role="muted")
        self.step_text = _label()
        layout.addWidget(self.title)
        layout.addWidget(self.subtitle)
        layout.addSpacing(round(em * 0.25))
        layout.addWidget(self.step_text)
        self._sections_layout = QVBoxLayout()
        self._sections_layout.setContentsMargins(0, 0, 0, 0)
        self._sections_layout.setSpacing(round(em * 0.8))
        layout.addSpacing(round(em * 0.5))
        layout.addLayout(self._sections_layout)
        layout.addStretch(1)
        self.sections: dict[str, tuple[QWidget, QLabel]] = {}
        self.extra_cautions: tuple[str, ...] = ()  # from the safety answers, for every point
        self.lighter = False  # the safety answers ask for light pressure on every point
        for key, heading in (
            ("locate", _("Find it")),
            ("press", _("How to press")),
            ("cautions", _("Take care")),
        ):
            box = QWidget()
            column = QVBoxLayout(box)
            column.setContentsMargins(0, 0, 0, 0)
            column.setSpacing(round(em * 0.2))
            head = _label(heading, role="section")
            head.setFont(scaled_font(self.font(), 1.0, bold=True))
            body = _label()
            column.addWidget(head)
            column.addWidget(body)
            box.setAccessibleName(heading)
            self._sections_layout.addWidget(box)
            self.sections[key] = (box, body)

    def show_point(self, point: PressurePoint, step: PlannedStep, locating: bool) -> None:
        self.title.setText(f"{point.code} · {point.english_name}")
        self.subtitle.setText(f"{point.name} · {point.meridian_label} · {point.region}")
        self.subtitle.show()
        self.step_text.setText(step.instructions)
        self.step_text.setVisible(bool(step.instructions))
        cautions = list(point.cautions)
        if point.pregnancy_caution:
            cautions.append(_("Traditionally avoided during pregnancy."))
        cautions.extend(self.extra_cautions)
        texts = {
            "locate": "\n".join(f"{n}. {line}" for n, line in enumerate(point.locate, start=1)),
            "press": f"{point.how_to_press}\n{pressure_text(point, self.lighter)}",
            "cautions": "\n".join(f"• {caution}" for caution in cautions),
        }
        # What matters now comes first: finding the point, or pressing it.
        order = ("locate", "press", "cautions") if locating else ("press", "locate", "cautions")
        # Moved only when the order changes: a move lays the whole column out again, text wrapping and all,
        # and most new phases (press, hold, release) keep the order they had.
        placed = [self._sections_layout.indexOf(self.sections[key][0]) for key in order]
        moving = placed != list(range(len(order)))
        for position, key in enumerate(order):
            box, body = self.sections[key]
            if moving:
                self._sections_layout.removeWidget(box)
                self._sections_layout.insertWidget(position, box)
            body.setText(texts[key])
            box.show()

    def insert_caption(self, caption: QLabel) -> None:
        """The picture's caption at the top of these details (the picture is above them, not beside)."""
        layout = self.layout()
        if isinstance(layout, QVBoxLayout) and layout.indexOf(caption) < 0:
            layout.insertWidget(0, caption)

    def take_caption(self, caption: QLabel) -> None:
        layout = self.layout()
        if layout is not None and layout.indexOf(caption) >= 0:
            layout.removeWidget(caption)

    def show_text(self, title: str, subtitle: str, text: str) -> None:
        self.title.setText(title)
        self.subtitle.setText(subtitle)
        self.subtitle.setVisible(bool(subtitle))
        self.step_text.setText(text)
        self.step_text.setVisible(bool(text))
        for box, _body in self.sections.values():
            box.hide()

    def section_order(self) -> list[str]:
        """The sections shown, top to bottom (for tests and screen readers alike)."""
        shown = []
        for index in range(self._sections_layout.count()):
            item = self._sections_layout.itemAt(index)
            widget = item.widget() if item is not None else None
            for key, (box, _body) in self.sections.items():
                if widget is box and not box.isHidden():
                    shown.append(key)
        return shown


FLASH_MS = 400
PICTURE_SHARE = 0.4  # of the screen's height, for the picture above the details when the window is narrow
# What the pause button says, by the session's state (English; shown through pgettext("button", ...)).
PAUSE_WORDS = ("Start", "Pause", "Resume")
WIDEST_CLOCK = "0:00:00"  # the longest clock the time-left line shows


class TimeLeftLabel(QLabel):
    """The routine's time left, as wide as its longest text: a new second never moves anything else.

    The width follows the font, so a text size changed during a session never cuts a digit off.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.setAutoFillBackground(True)  # opaque: the window behind it is not repainted each second
        self._fit_width()

    def _fit_width(self) -> None:
        metrics = self.fontMetrics()
        widest_text = _("{clock} left").format(clock=WIDEST_CLOCK)
        widest = max(metrics.horizontalAdvance(widest_text), metrics.horizontalAdvance(self.text()))
        self.setFixedWidth(widest + round(metrics.height() * 0.3))
        # Fixed in height too: only a label fixed in both directions spares the whole window a new layout
        # (and a repaint) each second when its text changes.
        self.setFixedHeight(self.sizeHint().height())

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._fit_width()

    def setText(self, text: str) -> None:
        super().setText(text)
        if self.fontMetrics().horizontalAdvance(text) > self.width():
            self._fit_width()


class PlayerScreen(QWidget):
    """The session, phase by phase. Attach a GuidedSession with ``attach``."""

    stop_requested = Signal()  # Esc or the Stop button: the window asks first
    mini_requested = Signal()  # M or the mini-player button

    def __init__(self, points: PointLibrary, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("player-screen")
        set_role(self, "page")
        self.setAccessibleName(_("Session player"))
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._points = points
        self._session: GuidedSession | None = None
        self._rendered: tuple[PlannedPhase, bool] | None = (
            None  # the phase whose texts are shown, and if ready
        )
        self._time_left = ""
        self._time_left_whole: int | None = None  # the whole seconds ``_time_left`` was worked out for
        self._phases_started = 0  # in the session shown: the first one says the score before was saved
        self.reduced_motion = False  # a steady marker and ring, the breath in words (set_reduced_motion)
        self._motion_setting = False  # the app's own setting
        self.desktop_reduced_motion: bool | None = None  # what the desktop asks for; None: it does not say
        self._desktop_pool = QThreadPool(self)
        self._desktop_pool.setMaxThreadCount(1)
        em = self.fontMetrics().height()
        outer = QVBoxLayout(self)
        # Margins grow with the font, up to a point: large text needs the room more than the edges do.
        side, top = round(min(em * 1.4, 24)), round(min(em * 0.9, 16))
        outer.setContentsMargins(side, top, side, top)
        outer.setSpacing(round(min(em * 0.6, 12)))
        self._layout_mode: tuple[bool, bool] | None = None
        outer.addLayout(self._build_header(em))
        self.suspend_notice = self._notice()
        self.history_notice = self._notice()
        self.safety_notice = self._notice()  # what the safety answers changed: points left out
        self.sound_notice = self._notice()  # no sound can play: the cues are on screen only
        self.sound_notice.setAccessibleName(_("No sound"))
        outer.addWidget(self.sound_notice)
        self.speech_notice = self._notice()  # spoken prompts are on but cannot be spoken this session
        self.speech_notice.setAccessibleName(_("No spoken prompts"))
        outer.addWidget(self.speech_notice)
        outer.addWidget(self.suspend_notice)
        outer.addWidget(self.history_notice)
        outer.addWidget(self.safety_notice)
        outer.addLayout(self._build_body(em), 1)
        # The next step's line on a narrow window. The sharp-pain button is never cut short: when the buttons'
        # row has no room for all its words (long words, large text, a small window), it moves up to this row,
        # at its right end, where it costs the least height.
        self.next_row = QHBoxLayout()
        outer.addLayout(self.next_row)
        outer.addLayout(self._build_footer(em))
        self.steer_from(
            self.back_button,
            self.pause_button,
            self.skip_button,
            self.stop_button,
            self.pain_button,
            self.mini_button,
            self.ready_button,
            self.found_button,
        )
        self.ask_desktop_about_motion()

    def ask_desktop_about_motion(self) -> None:
        """Read the desktop's reduced-motion preference in a worker (a session bus call, which can wait);
        the player follows it from when it is known, as if the setting were on."""
        from sciatica_timer.ui.common.background import run_in_background
        from sciatica_timer.ui.common.motion_preference import desktop_wants_reduced_motion

        run_in_background(
            self._desktop_pool,
            desktop_wants_reduced_motion,
            self._desktop_motion_known,
            lambda _message: None,  # the desktop cannot say: the setting alone decides
            owner=self,
        )

    def _desktop_motion_known(self, reduced: bool | None) -> None:
        self.desktop_reduced_motion = reduced
        self._use_reduced_motion(self._motion_setting or bool(reduced))

    # -- building -------------------------------------------------------------------------------------------

    def _build_header(self, em: int) -> QVBoxLayout:
        self.routine_label = _label(wrap=False)
        self.routine_label.setFont(scaled_font(self.font(), 1.1, bold=True))
        self.step_label = _label(role="muted", wrap=False)
        self.time_left_label = TimeLeftLabel()
        self.time_left_label.setFont(scaled_font(self.font(), 1.0, bold=True))
        self.time_left_label.setAccessibleName(_("Time left in the routine"))
        self.mini_button = _button(
            _("Mini player"),
            "quiet",
            _("Switch to the mini player"),
            _("A small window that stays on top (M)"),
        )
        self.mini_button.clicked.connect(self.mini_requested)
        top = QHBoxLayout()
        top.setSpacing(round(em * 0.7))
        top.addWidget(self.routine_label)
        top.addWidget(self.step_label)
        top.addStretch(1)
        top.addWidget(self.time_left_label)
        top.addWidget(self.mini_button)
        self.progress = RoutineProgress()
        header = QVBoxLayout()
        header.setSpacing(round(em * 0.35))
        header.addLayout(top)
        header.addWidget(self.progress)
        return header

    def _notice(self) -> QFrame:
        frame = QFrame()
        set_role(frame, "notice")
        row = QHBoxLayout(frame)
        em = self.fontMetrics().height()
        row.setContentsMargins(round(em * 0.8), round(em * 0.5), round(em * 0.8), round(em * 0.5))
        label = _label()
        label.setObjectName("text")
        row.addWidget(label, 1)
        frame.hide()
        return frame

    def _set_notice(self, frame: QFrame, text: str | None) -> None:
        label = frame.findChild(QLabel, "text")
        assert label is not None  # noqa: S101 - built by _notice
        label.setText(text or "")
        label.setAccessibleName(text or "")
        frame.setVisible(bool(text))

    def notice_text(self, frame: QFrame) -> str:
        label = frame.findChild(QLabel, "text")
        return label.text() if label is not None and frame.isVisibleTo(self) else ""

    def _build_body(self, em: int) -> QHBoxLayout:
        body = QHBoxLayout()
        body.setSpacing(round(em * 1.4))

        self.picture_panel = QWidget()
        picture_column = QVBoxLayout(self.picture_panel)
        picture_column.setContentsMargins(0, 0, 0, 0)
        picture_column.setSpacing(round(em * 0.3))
        self.picture_column = picture_column
        self.picture = BodyPicture()
        self.picture.setAccessibleName(_("Where the point is"))
        self.picture_caption = _label(role="muted")
        picture_column.addWidget(self.picture)
        picture_column.addWidget(self.picture_caption)
        picture_column.addStretch(1)

        center = QVBoxLayout()
        center.setSpacing(round(em * 0.35))
        self.phase_label = _label(wrap=True)
        self.phase_label.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.phase_label.setFont(scaled_font(self.font(), 2.5, bold=True))
        self.phase_label.setAccessibleName(_("Phase"))
        # Opaque, as the page behind it: a flash or a new phase repaints the label alone, not the window.
        self.phase_label.setAutoFillBackground(True)
        # Each cue also shows as a brief accent on the phase: the only cue there is without sound.
        self._flash_end = QTimer(self)
        self._flash_end.setSingleShot(True)
        self._flash_end.setInterval(FLASH_MS)
        self._flash_end.timeout.connect(lambda: self._set_phase_role(""))
        self.where_label = _label(role="muted")
        self.where_label.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.where_label.setFont(scaled_font(self.font(), 1.1))
        self.dial = PhaseDial()
        self.ready_button = _button(
            pgettext("button", "Start"), "primary", _("Start the session"), _("Start the session (Space)")
        )
        self.ready_button.setFont(scaled_font(self.font(), 1.3, bold=True))
        self.found_button = _button(
            _("I found it"),
            "primary",
            _("I found the point: go on"),
            _("Go on when you have found the point (Enter)"),
        )
        self.found_button.setFont(scaled_font(self.font(), 1.3, bold=True))
        self.center_stack = QStackedWidget()
        ready_page = self._centered(self.ready_button, _("Press Space or Start when you are in place."))
        found_page = self._centered(self.found_button, _("Press Enter when your fingers are on it."))
        # Only the page shown counts towards the countdown's least height: on a short window the words
        # under it (the reminder to ease off among them) get the room a hidden page would claim.
        self._pages = [(page, QSizePolicy(page.sizePolicy())) for page in (self.dial, ready_page, found_page)]
        for page, _policy in self._pages:
            self.center_stack.addWidget(page)
        self.center_stack.currentChanged.connect(self._size_by_shown_page)
        self._size_by_shown_page(self.center_stack.currentIndex())
        self.hint_label = _label(role="muted")
        self.hint_label.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.reminder_label = _label(_(ACHE_REMINDER), role="accent")
        self.reminder_label.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.reminder_label.setFont(scaled_font(self.font(), 1.0, bold=True))
        self.then_label = _label(role="muted")
        self.then_label.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        # Paused must be plain from across the room: a banner over the countdown, not only a grey word.
        self.paused_banner = QFrame()
        set_role(self.paused_banner, "notice")
        banner_column = QVBoxLayout(self.paused_banner)
        banner_column.setContentsMargins(round(em * 0.8), round(em * 0.3), round(em * 0.8), round(em * 0.3))
        banner_column.setSpacing(0)
        self.paused_label = _label(_("Paused"))
        self.paused_label.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.paused_label.setFont(scaled_font(self.font(), 1.4, bold=True))
        paused_hint = _label(_("Space or Resume carries on"))
        paused_hint.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        banner_column.addWidget(self.paused_label)
        banner_column.addWidget(paused_hint)
        self.paused_banner.setAccessibleName(_("Paused"))
        self.paused_banner.hide()
        center.addWidget(self.phase_label)
        center.addWidget(self.where_label)
        center.addWidget(self.paused_banner)
        center.addSpacing(round(min(em * 0.4, 8)))
        center.addWidget(self.center_stack)
        center.addWidget(self.hint_label)
        center.addWidget(self.reminder_label)
        center.addWidget(self.then_label)
        center.addStretch(1)

        self.details = PointDetails()
        self.details_scroll = scrolling(self.details)
        self.details_scroll.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

        self.body = body
        # On a narrow window the picture moves above the details, outside their scroll area: the text
        # scrolls, the picture stays in view at its size.
        self.side_column = QVBoxLayout()
        self.side_column.setSpacing(round(em * 0.5))
        self.side_column.addWidget(self.details_scroll, 1)
        body.addWidget(self.picture_panel, 3)
        body.addLayout(center, 4)
        body.addLayout(self.side_column, 4)
        return body

    def _centered(self, button: QPushButton, text: str) -> QWidget:
        page = QWidget()
        column = QVBoxLayout(page)
        column.addStretch(1)
        column.addWidget(button, 0, Qt.AlignmentFlag.AlignHCenter)
        note = _label(text, role="muted")
        note.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        column.addWidget(note)
        column.addStretch(1)
        return page

    def _size_by_shown_page(self, shown: int) -> None:
        for index, (page, policy) in enumerate(self._pages):
            if index == shown:
                page.setSizePolicy(policy)
            else:
                hidden = QSizePolicy(policy)
                hidden.setVerticalPolicy(QSizePolicy.Policy.Ignored)
                page.setSizePolicy(hidden)

    def _build_footer(self, em: int) -> QHBoxLayout:
        self.back_button = _button(
            _("‹ Back"),
            "secondary",
            pgettext("button", "Back"),
            _("Restart this step; press again quickly for the step before (Left)"),
        )
        self.pause_button = _button(
            pgettext("button", "Pause"),
            "secondary",
            pgettext("button", "Pause"),
            _("Pause or carry on (Space)"),
        )
        self.skip_button = _button(
            _("Skip ›"),
            "secondary",
            pgettext("button", "Skip"),
            _("Skip this phase (Right); Shift+Right skips to the next step"),
        )
        self.next_label = _label(role="muted")
        # The least needed of the words at the bottom: where room runs out, it gives way to the buttons.
        next_policy = self.next_label.sizePolicy()
        next_policy.setHorizontalPolicy(QSizePolicy.Policy.Ignored)
        self.next_label.setSizePolicy(next_policy)
        self.next_label.setAccessibleName(_("Next step"))
        self.stop_button = _button(
            pgettext("button", "Stop"),
            "secondary",
            _("Stop the session"),
            _("Stop the session (Esc asks first)"),
        )
        self.pain_button = _button(*_pain_button_words())
        self.back_button.clicked.connect(lambda: self._command("back"))
        self.pause_button.clicked.connect(lambda: self._command("toggle_pause"))
        self.skip_button.clicked.connect(lambda: self._command("skip"))
        self.ready_button.clicked.connect(lambda: self._command("toggle_pause"))
        self.found_button.clicked.connect(lambda: self._command("confirm_ready"))
        self.stop_button.clicked.connect(self.stop_requested)
        self.pain_button.clicked.connect(lambda: self._command("stop_for_pain"))
        footer = QHBoxLayout()
        footer.setSpacing(round(min(em * 0.5, 10)))
        footer.addWidget(self.back_button)
        footer.addWidget(self.pause_button)
        footer.addWidget(self.skip_button)
        self.next_slot = QHBoxLayout()  # the next step's line sits between the buttons when there is room
        self.next_slot.setContentsMargins(round(em * 0.5), 0, round(em * 0.5), 0)
        self.next_slot.addWidget(self.next_label, 1)
        footer.addLayout(self.next_slot, 1)
        footer.addStretch(0)  # the gap when the next step's line is elsewhere: the buttons keep their size
        footer.addWidget(self.stop_button)
        footer.addWidget(self.pain_button)
        self.footer_row = footer
        self._fit_buttons()
        return footer

    def _fit_buttons(self) -> None:
        """Pause as wide as its widest word, so Skip never moves when Pause becomes Resume."""
        button = self.pause_button
        metrics = button.fontMetrics()
        padding = button.sizeHint().width() - metrics.horizontalAdvance(button.text())
        widest = max(metrics.horizontalAdvance(pgettext("button", word)) for word in PAUSE_WORDS)
        button.setMinimumWidth(widest + max(padding, metrics.height()))

    def footer_needs_width(self, *, without: tuple[QPushButton, ...] = ()) -> int:
        """The width the buttons' row needs (with all its buttons but ``without``), each button with all its
        words, as the row lays itself out: the next step's line counts only when it sits there."""
        buttons = [
            button
            for button in (
                self.back_button,
                self.pause_button,
                self.skip_button,
                self.stop_button,
                self.pain_button,
            )
            if button not in without
        ]
        spacing = self.footer_row.spacing()
        need = sum(max(button.sizeHint().width(), button.minimumWidth()) for button in buttons)
        need += spacing * (len(buttons) - 1)
        slot = self.next_slot.contentsMargins()
        need += slot.left() + slot.right()  # kept even while the slot is empty
        if self.next_slot.indexOf(self.next_label) >= 0:
            need += spacing + self.next_label.minimumSizeHint().width()
        return need

    def pain_button_moved_up(self) -> bool:
        """Whether the sharp-pain button sits above the others, for want of room beside them."""
        return self.next_row.indexOf(self.pain_button) >= 0

    def _fit_footer(self) -> None:
        """The sharp-pain button on the buttons' row when all of its words fit there, else one row up; and
        Stop with it when even then Back, Pause, Skip and Stop would not all keep their words (very large
        text on a small window)."""
        layout = self.layout()
        if layout is None:
            return
        margins = layout.contentsMargins()
        room = self.width() - margins.left() - margins.right()
        up: list[QPushButton] = []
        if self.footer_needs_width() > room:
            up.append(self.pain_button)
            if self.footer_needs_width(without=(self.pain_button,)) > room:
                up.insert(0, self.stop_button)
        ends = (self.stop_button, self.pain_button)
        if [button for button in ends if self.next_row.indexOf(button) >= 0] == up:
            return
        for button in ends:
            self.footer_row.removeWidget(button)
            self.next_row.removeWidget(button)
        for button in ends:
            (self.next_row if button in up else self.footer_row).addWidget(button)
        # With Stop up there too, the next step's line would be squeezed to a sliver: it gives way.
        self.next_label.setProperty("fits", self.stop_button not in up)
        self._render_optional()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange) and hasattr(
            self, "pause_button"
        ):
            self._fit_buttons()
            if self._layout_mode is not None:
                self._fit()  # a larger text during a session: narrow or short now, as a resize would find

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LayoutRequest and hasattr(self, "pain_button"):
            # A button's words or text size changed (a larger text chosen during a session): room again?
            self._fit_footer()
        return super().event(event)

    # -- fitting the window ------------------------------------------------------------------------------

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()
        self._fit_footer()
        self._cap_picture()

    def _cap_picture(self) -> None:
        """Above the details the picture keeps a generous, fixed share of the screen: 40 % of its height
        (a point's view and an activity's alike), whatever the text size. The details under it scroll."""
        narrow = self._layout_mode is not None and self._layout_mode[0]
        em = self.fontMetrics().height()
        if narrow:
            # Of the screen, not of the body: larger text makes the header and the buttons taller, and that
            # room comes out of the words under the picture, which scroll, never out of the picture.
            limit = max(round(self.height() * PICTURE_SHARE), em * 6)
            minimum = limit
        else:
            limit, minimum = 16_777_215, 0  # QWIDGETSIZE_MAX: beside the countdown it takes its column
        if self.picture.maximumHeight() != limit or self.picture.minimumHeight() != minimum:
            self.picture.setMinimumHeight(minimum)
            self.picture.setMaximumHeight(limit)

    def _fit(self) -> None:
        """Rearrange for a narrow or a short window (a small screen, or large text).

        Narrow: the picture joins the details column and the next step gets a line of its own, so the
        countdown keeps its room. Short: the phase hint and the "then" line give way.
        """
        em = self.fontMetrics().height()
        mode = (self.width() < 56 * em, self.height() < 30 * em)
        if mode == self._layout_mode:
            return
        narrow, short = mode
        self._layout_mode = mode
        self.phase_label.setFont(scaled_font(QApplication.font(), 1.9 if short else 2.5, bold=True))
        # On a short window the countdown may shrink further, so that the words under it, the reminder to
        # ease off if it turns sharp among them, keep every line (0: the dial's own minimum).
        dial_least = round(em * 2.5) if short else 0
        self.dial.setMinimumSize(dial_least, dial_least)
        self.dial.set_square(not short)
        if narrow:
            self.body.removeWidget(self.picture_panel)
            self.side_column.insertWidget(0, self.picture_panel, 0)
            self.side_column.setStretch(1, 1)  # the details take the rest, and scroll under the picture
            # The caption is words too: it scrolls with them, so the picture keeps its height.
            self.picture_column.removeWidget(self.picture_caption)
            self.details.insert_caption(self.picture_caption)
            self.next_slot.removeWidget(self.next_label)
            self.next_row.insertWidget(0, self.next_label, 1)
            self.body.setStretch(0, 4)  # the countdown
            self.body.setStretch(1, 5)  # the picture and the details
        else:
            if self.picture_column.indexOf(self.picture_caption) < 0:
                self.details.take_caption(self.picture_caption)
                self.picture_column.insertWidget(1, self.picture_caption)
            self.side_column.removeWidget(self.picture_panel)
            self.body.insertWidget(0, self.picture_panel, 3)
            self.body.setStretch(1, 4)
            self.body.setStretch(2, 4)
            self.next_row.removeWidget(self.next_label)
            self.next_slot.addWidget(self.next_label, 1)
        self._cap_picture()
        self.hint_label.setProperty("fits", not short)
        self.then_label.setProperty("fits", not short)
        self._render_optional()

    def _render_optional(self) -> None:
        """Show the optional lines only when they have text and the window has room."""
        for label in (self.hint_label, self.then_label, self.next_label):
            label.setVisible(bool(label.text()) and label.property("fits") is not False)

    # -- the session -------------------------------------------------------------------------------------

    @property
    def session(self) -> GuidedSession | None:
        return self._session

    def flash_phase(self, cue: str = "") -> None:
        """Show a cue on screen: the phase word turns the accent colour for a moment."""
        del cue
        self._set_phase_role("accent")
        self._flash_end.start()

    def _set_phase_role(self, role: str) -> None:
        set_role(self.phase_label, role)
        self.phase_label.style().unpolish(self.phase_label)
        self.phase_label.style().polish(self.phase_label)

    def attach(self, session: GuidedSession) -> None:
        """Show ``session`` (ready to start, or running) and follow it until ``detach``."""
        self.detach()
        self._session = session
        self._rendered = None
        self._time_left = ""
        self._time_left_whole = None
        session.session_event.connect(self._on_event)
        session.refresh.connect(self.refresh)
        self._set_notice(self.suspend_notice, None)
        self._set_notice(self.history_notice, None)
        self._phases_started = 0
        session.sound_problem.connect(self.show_sound_problem)
        self.show_sound_problem(session.sound_problem_now)
        session.speech_problem.connect(self.show_speech_problem)
        self.show_speech_problem(session.speech_problem_now)
        self.routine_label.setText(session.plan.routine_name)
        self.render_phase()
        self.refresh()

    def show_safety(self, note: str, cautions: tuple[str, ...] = (), *, lighter: bool = False) -> None:
        """What the safety answers change for this session: a line above it, cautions on every point, and
        light-pressure words throughout when the answers ask for them."""
        self._set_notice(self.safety_notice, note or None)
        if cautions != self.details.extra_cautions or lighter != self.details.lighter:
            self.details.extra_cautions = cautions
            self.details.lighter = lighter
            self._rendered = None
            self.render_phase()

    def show_sound_problem(self, reason: str) -> None:
        """A banner, on "Get ready" and through the session, when no cue can make a sound (none could from the
        start, or the sound server stopped answering): the cues go on as flashes of the phase."""
        self._set_notice(self.sound_notice, no_sound_words(reason) if reason else None)

    def show_speech_problem(self, line: str) -> None:
        """A line, once known, when spoken prompts are on but none can be spoken in this session."""
        self._set_notice(self.speech_notice, line or None)

    def detach(self) -> None:
        if self._session is not None:
            self._session.sound_problem.disconnect(self.show_sound_problem)
            self._session.speech_problem.disconnect(self.show_speech_problem)
            self._session.session_event.disconnect(self._on_event)
            self._session.refresh.disconnect(self.refresh)
            self._session = None

    def _command(self, name: str) -> None:
        if self._session is None:
            return
        getattr(self._session, name)()

    def _confirm_pain_saved(self, session: GuidedSession) -> None:
        """Through the first phase, a line that the score typed before the session is in the history (the
        session's record is written when it starts)."""
        self._phases_started += 1
        if session.history_error:
            return
        saved = session.pain_before is not None and session.journal is not None
        first = self._phases_started == 1
        self._set_notice(
            self.history_notice,
            _("Saved: pain {score} before this session.").format(score=session.pain_before)
            if saved and first
            else None,
        )

    def _on_event(self, event: SessionEvent) -> None:
        session = self._session
        if session is None:
            return
        if isinstance(event, SuspendDetected):
            minutes = duration_words(event.gap_s)
            waiting = session.state is EngineState.WAITING
            self._set_notice(
                self.suspend_notice,
                (
                    _(
                        "The computer was asleep for {minutes}. "
                        "The session is still waiting for you to find the point."
                    )
                    if waiting
                    else _(
                        "The computer was asleep for {minutes}. "
                        "The session paused where it was; press Space or Resume to carry on."
                    )
                ).format(minutes=minutes),
            )
        elif isinstance(event, Paused) and event.reason is PauseReason.SUSPEND:
            if not self.notice_text(self.suspend_notice):
                self._set_notice(
                    self.suspend_notice,
                    _("The computer was asleep, so the session paused; press Space or Resume to carry on."),
                )
        elif isinstance(event, Resumed | PhaseStarted):
            self._set_notice(self.suspend_notice, None)
        if isinstance(event, PhaseStarted):
            self._confirm_pain_saved(session)
        if isinstance(event, PhaseStarted | WaitingForUser | Paused | Resumed):
            self.render_phase()
        self.refresh()

    def render_phase(self) -> None:
        """Everything that changes only with the phase or the session's state."""
        session = self._session
        if session is None:
            return
        engine = session.engine
        phase = shown_phase(engine)
        state = engine.state
        if phase is None:
            return
        if session.history_error:
            self._set_notice(
                self.history_notice,
                _("This session is not being saved: {problem}").format(problem=session.history_error),
            )
        step = engine.plan.step_of(phase.index)
        session.set_smooth_display(uses_pacer(phase) and not self.reduced_motion)  # the circle moves smoothly
        rendered = (phase, state is EngineState.READY)
        if rendered != self._rendered:
            self._render_texts(phase, step, engine)
            self._rendered = rendered
        if state is EngineState.READY:
            self.phase_label.setText(_("Get ready"))
            first = self._step_name(step) if step.point_code else phase_title(phase)
            if phase.side is not None:
                side = _(SIDE_IN_SENTENCE[phase.side])
                self.where_label.setText(_("First: {what}, {side}").format(what=first, side=side))
            else:
                self.where_label.setText(_("First: {what}").format(what=first))
            self.where_label.show()
            self.center_stack.setCurrentIndex(1)
            self.hint_label.setText("")
            self.then_label.setText("")
            self.reminder_label.hide()
            self._render_optional()
        elif state is EngineState.WAITING:
            self.center_stack.setCurrentIndex(2)
        else:
            self.center_stack.setCurrentIndex(0)
        self._render_controls(state, phase)

    def _render_texts(self, phase: PlannedPhase, step: PlannedStep, engine: SessionEngine) -> None:
        plan = engine.plan
        self.step_label.setText(
            _("Step {number} of {count}").format(number=step.index + 1, count=len(plan.steps))
        )
        self.phase_label.setText(phase_title(phase))
        parts = []
        if phase.side is not None:
            parts.append(_(SIDE_WORDS[phase.side]))
        if phase.repetitions > 1 and phase.kind is not PhaseKind.LOCATE:
            parts.append(
                _("Repetition {number} of {count}").format(number=phase.repetition, count=phase.repetitions)
            )
        self.where_label.setText(" · ".join(parts))
        self.where_label.setVisible(bool(parts))
        hint = _(PHASE_HINTS[phase.kind]) if PHASE_HINTS[phase.kind] else ""
        code = phase.point_code
        point = self._points.get(code) if code is not None and code in self._points else None
        light = wants_light_pressure(point, self.details.lighter)
        if phase.kind is PhaseKind.HOLD and light:
            hint = _(HOLD_HINT_LIGHT)
        if uses_pacer(phase) and phase.kind is PhaseKind.ACTIVITY:
            hint = _("Breathe with the circle: in as it grows, out as it shrinks.")
        if uses_pacer(phase) and self.reduced_motion:
            hint = _(STEADY_PACER_HINT)
        self.hint_label.setText(hint)
        self.reminder_label.setText(_(ACHE_REMINDER_LIGHT if light else ACHE_REMINDER))
        self.reminder_label.setVisible(phase.kind in _ACHE)
        self.then_label.setText(self._then_text(phase, engine))
        self._render_optional()
        upcoming = engine.upcoming_step if engine.state is not EngineState.READY else None
        if engine.state is EngineState.READY:
            upcoming = plan.steps[1] if len(plan.steps) > 1 else None
        self.next_label.setText(
            _("Next step: {step}").format(step=self._step_name(upcoming)) if upcoming else _("Last step")
        )

        if point is not None and step.kind is StepKind.POINT:
            side = phase.side
            marker = point.marker(side) if side is not None and side in point.markers else None
            views = {view.id: view for view in self._points.views}
            view = views.get(point.view)
            self.picture.show_point(point.view, marker)
            self._cap_picture()
            where = _(SIDE_MARKED[side]) if side is not None else _(SIDE_MARKED[Side.MIDLINE])
            self.picture.setAccessibleDescription(
                _("{code} marked {where} of the {region}").format(
                    code=point.code, where=where, region=point.region
                )
            )
            self.picture_caption.setText(f"{view.title}. {view.orientation}" if view else "")
            self.picture_caption.setVisible(view is not None)
            self.picture_panel.show()
            self.details.show_point(point, step, locating=phase.kind is PhaseKind.LOCATE)
        else:
            # The step's title is already the phase's name in large type: the column says how to do it.
            activity = step.kind is StepKind.ACTIVITY
            if activity:
                picture = activity_picture(step.title)
                self.picture.show_activity(picture)
                self._cap_picture()
                self.picture.setAccessibleDescription(
                    _("How to do it: {activity}").format(activity=step.title)
                )
                self.picture_caption.setText("")
                self.picture_caption.hide()
                self.picture_panel.show()
            else:
                self.picture_panel.hide()
            length = duration_words(sum(p.duration_s for p in plan.phases[step.first_phase : step.end_phase]))
            text = step.instructions or _("Rest comfortably until the timer ends.")
            heading = _("How to do it") if activity else _("While you rest")
            kind = _(PHASE_WORDS[PhaseKind.ACTIVITY if activity else PhaseKind.REST])
            self.details.show_text(heading, _("{kind} · {length}").format(kind=kind, length=length), text)
        self.details_scroll.verticalScrollBar().setValue(0)

    def _then_text(self, phase: PlannedPhase, engine: SessionEngine) -> str:
        """The phase after this one within the step: "Then: release slowly, 8 s"; "" at a step's end."""
        following = engine.plan.phases[phase.index + 1] if phase.index + 1 < len(engine.plan.phases) else None
        if following is None or following.step_index != phase.step_index:
            return ""
        what = phase_in_sentence(following)
        side = following.side if following.side != phase.side and following.side is not None else None
        if following.duration_s > 0:
            length = duration_words(following.duration_s)
            if side is not None:
                return _("Then: {phase}, {length} ({side})").format(
                    phase=what, length=length, side=_(SIDE_IN_SENTENCE[side])
                )
            return _("Then: {phase}, {length}").format(phase=what, length=length)
        if side is not None:
            return _("Then: {phase} ({side})").format(phase=what, side=_(SIDE_IN_SENTENCE[side]))
        return _("Then: {phase}").format(phase=what)

    def _step_name(self, step: PlannedStep) -> str:
        if step.point_code and step.point_code in self._points:
            point = self._points.get(step.point_code)
            return f"{point.code} · {point.english_name}"
        return step.title

    def _render_controls(self, state: EngineState, phase: PlannedPhase) -> None:
        in_session = state in (EngineState.RUNNING, EngineState.PAUSED, EngineState.WAITING)
        words = {
            EngineState.READY: pgettext("button", "Start"),
            EngineState.PAUSED: pgettext("button", "Resume"),
        }
        self.pause_button.setText(words.get(state, pgettext("button", "Pause")))
        self.pause_button.setAccessibleName(words.get(state, pgettext("button", "Pause")))
        self.pause_button.setEnabled(state in (EngineState.READY, EngineState.RUNNING, EngineState.PAUSED))
        self.back_button.setEnabled(in_session)
        self.skip_button.setEnabled(in_session)
        self.pain_button.setEnabled(in_session)
        self.mini_button.setEnabled(in_session)
        self.paused_banner.setVisible(state is EngineState.PAUSED)

    def refresh(self) -> None:
        """What moves while a phase runs: the ring, the pacer, the marker's pulse, the progress."""
        session = self._session
        if session is None:
            return
        engine = session.engine
        reading = dial_reading(engine)
        if reading is not None:
            self.dial.set_reading(steady_reading(reading) if self.reduced_motion else reading)
        moving = engine.state in (EngineState.RUNNING, EngineState.WAITING) and not self.reduced_motion
        if self.picture_panel.isVisible() and moving:
            self.picture.set_pulse(engine.phase_elapsed_s())
        self.progress.set_fraction(engine.progress())
        remaining = engine.remaining_total_s()
        whole = math.ceil(remaining - 1e-9)  # the words change only with the whole second they show
        if whole != self._time_left_whole:
            self._time_left_whole = whole
            left = time_left_text(remaining)
            if left != self._time_left:
                self._time_left = left
                self.time_left_label.setText(left)

    def set_reduced_motion(self, reduced: bool) -> None:
        """Less motion (a setting): the marker stops pulsing, the ring stays still, the breath is in words.
        The desktop's own preference, once read, asks for the same whatever the setting says."""
        self._motion_setting = reduced
        self._use_reduced_motion(reduced or bool(self.desktop_reduced_motion))

    def _use_reduced_motion(self, reduced: bool) -> None:
        if reduced == self.reduced_motion:
            return
        self.reduced_motion = reduced
        if reduced:
            self.picture.set_pulse(0.0)  # the marker at rest
        self._rendered = None
        self.render_phase()
        self.refresh()

    # -- keys ------------------------------------------------------------------------------------------------

    def handle_key(self, key: int, modifiers: Qt.KeyboardModifier) -> bool:
        """The player's keys, shared with the mini player. True when the key meant something here."""
        session = self._session
        if session is None:
            return False
        if key == Qt.Key.Key_Space:
            session.toggle_pause()
        elif key == Qt.Key.Key_Left:
            session.back()
        elif key == Qt.Key.Key_Right:
            if modifiers & Qt.KeyboardModifier.ShiftModifier:
                session.next_step()
            else:
                session.skip()
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if session.state is EngineState.READY:
                session.begin()
            else:
                session.confirm_ready()
        elif key == Qt.Key.Key_Escape:
            self.stop_requested.emit()
        elif key == SHARP_PAIN_KEY:
            if session.state in (EngineState.RUNNING, EngineState.PAUSED, EngineState.WAITING):
                session.stop_for_pain()  # at once: no question, whatever has the focus
        elif key == Qt.Key.Key_M:
            self.mini_requested.emit()
        else:
            return False
        return True

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not self.handle_key(event.key(), event.modifiers()):
            super().keyPressEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """On a focused button the arrows would move the focus: here they keep meaning back and skip."""
        steering = isinstance(event, QKeyEvent) and event.key() in STEERING_KEYS
        if steering and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)  # noqa: S101 - for the type checker; checked just above
            return self.handle_key(event.key(), event.modifiers())
        return super().eventFilter(watched, event)

    def steer_from(self, *buttons: QPushButton) -> None:
        """Let the session's keys work while one of ``buttons`` has the keyboard focus."""
        for button in buttons:
            button.installEventFilter(self)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.setFocus(Qt.FocusReason.OtherFocusReason)
