"""Every built-in activity has its own picture, drawn in the player and the editor; a person's own activity
without one gets the neutral picture."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QByteArray, QSize, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtSvg import QSvgRenderer

from sciatica_timer.core.activity_pictures import (
    ACTIVITY_PICTURES,
    BUILT_IN_PICTURES,
    NEUTRAL_PICTURE,
    activity_picture,
)
from sciatica_timer.core.plan import PhaseKind
from sciatica_timer.core.routines import ActivityStep
from sciatica_timer.storage.resources import illustration_bytes, load_point_library
from sciatica_timer.storage.routine_files import load_builtin_routines
from sciatica_timer.ui.common.point_illustration import activity_image
from tests.ui.player_support import Harness


def builtin_activities() -> list[ActivityStep]:
    routines, broken = load_builtin_routines(load_point_library())
    assert not broken
    return [step for routine in routines for step in routine.steps if isinstance(step, ActivityStep)]


def drawn_share(image: QImage) -> float:
    """The share of sampled pixels that are not transparent."""
    samples = [
        image.pixelColor(x, y) for x in range(0, image.width(), 4) for y in range(0, image.height(), 4)
    ]
    return sum(1 for c in samples if c.alpha() > 0) / len(samples)


def test_every_builtin_activity_has_a_picture_of_its_own() -> None:
    activities = builtin_activities()
    assert len(activities) >= 6
    for step in activities:
        assert activity_picture(step.title) == BUILT_IN_PICTURES[step.title.casefold()], step.title
        assert activity_picture(step.title) != NEUTRAL_PICTURE, step.title


@pytest.mark.usefixtures("qapp")
@pytest.mark.parametrize("picture", [*ACTIVITY_PICTURES, NEUTRAL_PICTURE])
def test_each_activity_picture_loads_and_draws_something(picture: str) -> None:
    renderer = QSvgRenderer(QByteArray(illustration_bytes(picture)))
    assert renderer.isValid()
    assert renderer.viewBoxF().size().toTuple() == (600, 800), "the body views' frame"
    image = activity_image(picture, QSize(150, 200))
    assert 0.05 < drawn_share(image) < 0.9, "a figure, not an empty or a filled square"


@pytest.mark.parametrize(
    ("title", "picture"),
    [
        ("Knee hugs", NEUTRAL_PICTURE),
        ("", NEUTRAL_PICTURE),
        ("Walk round the room", NEUTRAL_PICTURE),
        ("  CAT-COW  ", "activity-cat-cow"),
        ("Heat pack on the back.", "activity-heat-cold"),
        ("Ice pack", "activity-heat-cold"),
        ("Twenty minutes on my mat", "activity-mat"),
        ("Matters to think about", NEUTRAL_PICTURE),
        ("x" * 10_000, NEUTRAL_PICTURE),
    ],
)
def test_a_persons_own_activity_gets_a_fitting_or_the_neutral_picture(title: str, picture: str) -> None:
    assert activity_picture(title) == picture


def test_the_player_shows_the_activitys_picture_without_side_labels(harness: Harness) -> None:
    harness.start()
    harness.until(PhaseKind.ACTIVITY)
    player = harness.player
    assert player.phase_label.text() == "Gentle stretch"
    assert player.picture_panel.isVisibleTo(player)
    assert player.picture.view == NEUTRAL_PICTURE, "a user's activity without a picture: the neutral one"
    assert player.picture.marker is None
    assert not player.picture.sides_named
    shot = player.picture.grab().toImage()
    background = QColor(player.picture.palette().window().color())
    samples = [shot.pixelColor(x, y) for x in range(0, shot.width(), 4) for y in range(0, shot.height(), 4)]
    assert sum(1 for c in samples if c != background) > len(samples) // 20, "the picture is drawn"
    harness.until(PhaseKind.REST)
    assert not player.picture_panel.isVisibleTo(player), "a rest has no picture"


def test_the_player_shows_cat_cow_for_the_stretches_routine(harness: Harness) -> None:
    harness.start("lower-back-stretches")
    seen = set()
    for _ in range(200):
        phase = harness.engine.current_phase
        if phase is None or harness.session.over:
            break
        if phase.kind is PhaseKind.ACTIVITY:
            assert harness.player.picture_panel.isVisibleTo(harness.player)
            seen.add(harness.player.picture.view)
        if len(seen) == 2:
            break
        if harness.engine.state.name == "WAITING":
            harness.key(Qt.Key.Key_Return)
        else:
            harness.advance(harness.engine.time_left_s() or 0.0)
    assert seen == {"activity-cat-cow", "activity-pelvic-tilt"}


@pytest.mark.parametrize("picture", [*ACTIVITY_PICTURES, NEUTRAL_PICTURE])
def test_activity_pictures_carry_no_words(picture: str) -> None:
    """Like the body views: words are the app's (its font, its theme), not baked into a picture."""
    assert b"<text" not in illustration_bytes(picture)
