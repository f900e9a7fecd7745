"""The sharp-pain button on small screens and at large text, tried the ways a person meets it: every phase,
the smallest window, longer words (the pseudo-locale), Pause and Resume, the mini player and back, Tab, and a
larger text chosen in Settings > Look during a session."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest
from PySide6.QtCore import QLocale, QPoint, QRect, Qt
from PySide6.QtWidgets import QApplication, QPushButton, QWidget

from sciatica_timer.core import i18n
from sciatica_timer.core.plan import PhaseKind
from sciatica_timer.core.record import SessionStatus
from sciatica_timer.storage.resources import load_point_library
from sciatica_timer.translations import install_language
from sciatica_timer.ui.player.player import PlayerScreen
from tests.ui.player_support import Harness, click, press
from tests.ui.settings.test_settings_dialog import look_restored

__all__ = ["look_restored"]  # the settings tests' fixture puts the text size back after each test here


@pytest.fixture
def language(request: pytest.FixtureRequest, qapp: QApplication) -> Iterator[str]:
    """The app in a language (``request.param``), English again afterwards."""
    code: str = request.param
    locale = QLocale()
    if code != "en":
        install_language(code)
        load_point_library.cache_clear()
    yield code
    i18n.reset()
    QLocale.setDefault(locale)
    load_point_library.cache_clear()


def place(widget: QWidget, window: QWidget) -> QRect:
    return QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())


def whole(button: QPushButton, window: QWidget) -> bool:
    """All of the button's words shown, and all of the button inside the window."""
    return button.width() >= button.sizeHint().width() and window.rect().contains(place(button, window))


def buttons(harness: Harness) -> list[QPushButton]:
    player = harness.player
    return [
        player.back_button,
        player.pause_button,
        player.skip_button,
        player.stop_button,
        player.pain_button,
    ]


def resize(harness: Harness, width: int, height: int) -> None:
    window = harness.window
    window.resize(width, height)
    harness.qtbot.waitUntil(lambda: window.size().toTuple() == (width, height))


def in_session(
    harness: Harness, percent: int, width: int, height: int, kind: PhaseKind = PhaseKind.HOLD
) -> PlayerScreen:
    """Text at ``percent`` (Settings > Look), the window at ``width`` x ``height``, a session at ``kind`` on
    the left side."""
    window = harness.window
    window.apply_settings(replace(window.settings, text_scale_percent=percent))
    resize(harness, width, height)
    harness.start()
    harness.until(kind, "left")
    return harness.player


def settle(harness: Harness) -> None:
    """Let the window lay itself out: the button's row stops changing."""
    layout = harness.player.layout()
    assert layout is not None
    harness.qtbot.waitUntil(lambda: not layout.geometry().isEmpty())
    for _ in range(20):
        QApplication.processEvents()


def in_order(harness: Harness) -> None:
    """Every footer button whole, the sharp-pain button overlapping nothing on the screen."""
    player, window = harness.player, harness.window
    for button in buttons(harness):
        assert whole(button, window), (button.text(), button.width(), button.sizeHint().width())
    pain = place(player.pain_button, window)
    others = [
        player.back_button,
        player.pause_button,
        player.skip_button,
        player.stop_button,
        player.next_label,
        player.mini_button,
        player.details_scroll,
        player.picture_panel,
        player.phase_label,
    ]
    for other in others:
        if other.isVisible():
            assert not place(other, window).intersects(pain), type(other).__name__


@pytest.mark.parametrize("language", ["de", "en_XA"], indirect=True)
def test_every_phase_keeps_the_sharp_pain_button_whole_at_large_text(language: str, harness: Harness) -> None:
    """At 1024x640 with text at 150 %: the player before Start, every phase, and paused."""
    window = harness.window
    window.apply_settings(replace(window.settings, text_scale_percent=150))
    resize(harness, 1024, 640)
    harness.open_player()
    settle(harness)
    in_order(harness)
    harness.key(Qt.Key.Key_Space)
    for kind in (
        PhaseKind.LOCATE,
        PhaseKind.PRESS,
        PhaseKind.HOLD,
        PhaseKind.RELEASE,
        PhaseKind.BREATHE,
        PhaseKind.ACTIVITY,
        PhaseKind.REST,
    ):
        harness.until(kind)
        settle(harness)
        in_order(harness)
    harness.key(Qt.Key.Key_Space)  # paused: Pause reads Resume
    settle(harness)
    in_order(harness)


@pytest.mark.parametrize("language", ["en_XA"], indirect=True)
def test_the_sharp_pain_button_keeps_all_its_words_in_the_smallest_window(
    language: str, harness: Harness
) -> None:
    """The window made as small as it goes, the pseudo-locale's longer words, the usual text size."""
    window = harness.window
    harness.open_player()
    resize(harness, window.minimumWidth(), window.minimumHeight())
    settle(harness)
    button = harness.player.pain_button
    assert whole(button, window), (
        button.width(),
        button.sizeHint().width(),
        harness.player.footer_needs_width(),
    )


@pytest.mark.parametrize("language", ["de"], indirect=True)
def test_a_larger_text_during_a_session_looks_as_after_a_resize(language: str, harness: Harness) -> None:
    """Settings > Look at 150 % during a session: the player looks as it does when the person then nudges the
    window's size, the sharp-pain button as wide as its words beside the next step's line, not stretched on
    a row of its own with the next step's line left between the buttons."""
    window = harness.window
    resize(harness, 1024, 640)
    harness.start()
    harness.until(PhaseKind.HOLD, "left")
    player = harness.player
    window.apply_settings(replace(window.settings, text_scale_percent=150))
    harness.qtbot.waitUntil(player.pain_button_moved_up)
    settle(harness)
    chosen = place(player.pain_button, window)
    resize(harness, 1030, 640)
    resize(harness, 1024, 640)
    settle(harness)
    assert place(player.pain_button, window) == chosen
    assert player.next_row.indexOf(player.next_label) >= 0, "the next step's line shares the button's row"


@pytest.mark.parametrize("language", ["de"], indirect=True)
def test_the_moved_button_stays_put_while_the_window_is_still(language: str, harness: Harness) -> None:
    """Right at the edge, where the buttons' row has just the room it needs, the button does not flip
    between the rows on its own."""
    player = in_session(harness, 150, 1024, 640)
    settle(harness)
    layout = player.layout()
    assert layout is not None
    margins = layout.contentsMargins()
    edge = player.footer_needs_width() + margins.left() + margins.right()
    for width in range(edge - 30, edge + 30, 3):
        resize(harness, width, 640)
        settle(harness)
        where, moves = player.pain_button_moved_up(), 0
        for _ in range(300):
            QApplication.processEvents()
            if player.pain_button_moved_up() != where:
                moves += 1
                where = not where
        assert moves == 0, width


@pytest.mark.parametrize("language", ["de"], indirect=True)
def test_dragging_the_window_wider_never_cuts_the_sharp_pain_button(language: str, harness: Harness) -> None:
    """German at 150 %: the person drags the window's edge from 1000 to 1120 pixels wide, a pixel at a time;
    at every width the button shows all its words, on whichever row."""
    window = harness.window
    player = in_session(harness, 150, 1000, 640)
    cut = []
    for width in range(1000, 1121):
        resize(harness, width, 640)
        settle(harness)
        button = player.pain_button
        if not whole(button, window):
            cut.append((width, button.width(), button.sizeHint().width()))
    assert cut == [], f"cut at (window width, button width, width its words need): {cut[0]}..{cut[-1]}"


@pytest.mark.parametrize("language", ["de"], indirect=True)
def test_the_moved_button_is_reached_with_tab_read_by_name_and_clicked(
    language: str, harness: Harness
) -> None:
    """Moved up, the button keeps its place in the Tab order (after Stop), its spoken name, and its click."""
    window = harness.window
    player = in_session(harness, 150, 1024, 640, PhaseKind.PRESS)
    settle(harness)
    assert player.pain_button_moved_up()
    name = player.pain_button.accessibleName()
    assert name  # a name a screen reader reads out
    chain: list[QWidget] = []
    widget: QWidget | None = player.stop_button.nextInFocusChain()
    while widget is not None and widget is not player.stop_button and len(chain) < 200:
        policy = widget.focusPolicy()
        if policy & Qt.FocusPolicy.TabFocus and widget.isVisible() and widget.isEnabled():
            chain.append(widget)
        widget = widget.nextInFocusChain()
    assert chain, "something to Tab to after Stop"
    assert chain[0] is player.pain_button, [type(w).__name__ for w in chain[:3]]
    window.toggle_mini()
    window.toggle_mini()
    settle(harness)
    assert player.pain_button_moved_up()
    in_order(harness)
    assert player.pain_button.accessibleName() == name
    click(player.pain_button)
    assert harness.session.outcome().status is SessionStatus.STOPPED_FOR_PAIN


@pytest.mark.parametrize("language", ["de"], indirect=True)
def test_pause_and_resume_leave_the_moved_button_where_it_is(language: str, harness: Harness) -> None:
    window = harness.window
    player = in_session(harness, 150, 1024, 640)
    settle(harness)
    before = place(player.pain_button, window)
    press(player, Qt.Key.Key_Space)
    settle(harness)
    assert place(player.pain_button, window) == before
    press(player, Qt.Key.Key_Space)
    settle(harness)
    assert place(player.pain_button, window) == before
    press(player.pause_button, Qt.Key.Key_F9)
    assert harness.session.outcome().status is SessionStatus.STOPPED_FOR_PAIN


@pytest.mark.parametrize("language", ["de"], indirect=True)
def test_the_ache_reminder_keeps_all_its_lines_when_the_button_moves_up(
    language: str, harness: Harness
) -> None:
    """German at 200 % on a 1024x640 screen: the row the sharp-pain button moves into costs height, and that
    height must not come out of the reminder to ease off if it turns sharp, which is read in full."""
    player = in_session(harness, 200, 1024, 640)
    settle(harness)
    assert player.pain_button_moved_up()
    reminder = player.reminder_label
    assert reminder.isVisible()
    assert reminder.height() >= reminder.heightForWidth(reminder.width()), reminder.text()


@pytest.mark.parametrize("language", ["de"], indirect=True)
def test_every_button_keeps_its_words_at_800x600_with_text_at_200(language: str, harness: Harness) -> None:
    """With the sharp-pain button moved up, Back, Pause, Skip and Stop still need all the room they get:
    in German at 200 % on an 800x600 window none may be cut ("Überspringen ›" showed as "berspringer")."""
    window = harness.window
    in_session(harness, 200, 800, 600)
    settle(harness)
    cut = [(b.text(), b.width(), b.sizeHint().width()) for b in buttons(harness) if not whole(b, window)]
    assert cut == []
