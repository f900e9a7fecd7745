"""The pressure-point model, its validator, and the content of the shipped library."""

from __future__ import annotations

import copy
import re
from typing import Any

import pytest

from sciatica_timer.core.plan import Side
from sciatica_timer.core.points import (
    Laterality,
    MarkerPosition,
    PointDataError,
    PointLibrary,
    PressurePoint,
    Technique,
    parse_point_library,
)
from sciatica_timer.storage.resources import load_point_library

PROTOCOL_POINTS = ("BL23", "BL25", "GB30", "BL40", "BL57", "KD1")
ADDED_POINTS = ("GB31", "GB34", "BL36", "BL37", "BL60")


@pytest.fixture
def shipped() -> PointLibrary:
    return load_point_library()


# --- the shipped library ---


@pytest.mark.parametrize("code", PROTOCOL_POINTS + ADDED_POINTS)
def test_shipped_library_has_the_point(shipped: PointLibrary, code: str) -> None:
    assert code in shipped
    assert shipped.get(code).code == code


def test_every_point_says_how_to_find_press_and_when_to_stop(shipped: PointLibrary) -> None:
    for point in shipped:
        assert 2 <= len(point.locate) <= 4, point.code
        assert all(sentence.endswith(".") for sentence in point.locate), point.code
        assert point.techniques, point.code
        assert point.how_to_press, point.code
        assert point.pressure, point.code
        assert point.cautions, point.code
        for text in (point.name, point.english_name, point.meridian_label, point.region):
            assert text, point.code
        assert 30 <= point.hold_seconds <= 60, point.code


def test_every_point_is_drawn_on_a_listed_view(shipped: PointLibrary) -> None:
    view_ids = {view.id for view in shipped.views}
    assert {point.view for point in shipped} <= view_ids
    assert all(shipped.by_view(view_id) for view_id in view_ids), "no view is left without points"


def test_bilateral_points_have_a_marker_on_each_side(shipped: PointLibrary) -> None:
    for point in shipped:
        if point.bilateral:
            assert set(point.markers) == {Side.LEFT, Side.RIGHT}, point.code
            assert point.sides == (Side.LEFT, Side.RIGHT)
        else:
            assert set(point.markers) == {Side.MIDLINE}, point.code


def test_bl25_is_drawn_below_bl23(shipped: PointLibrary) -> None:
    bl23, bl25 = shipped.get("BL23"), shipped.get("BL25")
    assert bl23.view == bl25.view == "lower-back"
    for side in (Side.LEFT, Side.RIGHT):
        assert bl25.marker(side).y > bl23.marker(side).y  # y grows downwards in SVG
        assert bl25.marker(side).x == pytest.approx(bl23.marker(side).x)  # both 1.5 cun from the spine


def test_left_markers_on_views_from_behind_are_on_the_left(shipped: PointLibrary) -> None:
    for point in shipped:
        if point.bilateral:
            assert point.marker(Side.LEFT).x < point.marker(Side.RIGHT).x, point.code


def test_bl60_is_flagged_for_pregnancy(shipped: PointLibrary) -> None:
    assert shipped.get("BL60").pregnancy_caution
    assert any("pregnan" in caution for caution in shipped.get("BL60").cautions)


def test_library_explains_cun_and_general_cautions(shipped: PointLibrary) -> None:
    assert "finger" in shipped.cun_note
    assert shipped.general_cautions
    assert "cun" in shipped.get("BL23").locate_text


# --- lookups ---


def test_lookups_follow_file_order(shipped: PointLibrary) -> None:
    assert shipped.codes() == tuple(point.code for point in shipped)
    assert len(shipped) == len(shipped.codes())
    assert [p.code for p in shipped.by_view("sole")] == ["KD1"]
    assert shipped.by_view("no-such-view") == []


def test_unknown_code_raises_key_error(shipped: PointLibrary) -> None:
    assert "XX99" not in shipped
    assert 23 not in shipped
    with pytest.raises(KeyError, match="XX99"):
        shipped.get("XX99")


def test_bilateral_point_has_no_midline_marker(shipped: PointLibrary) -> None:
    with pytest.raises(KeyError, match="BL23 has no midline side"):
        shipped.get("BL23").marker(Side.MIDLINE)


def test_unknown_view_raises_key_error(shipped: PointLibrary) -> None:
    assert shipped.view("sole").id == "sole"
    with pytest.raises(KeyError, match="nowhere"):
        shipped.view("nowhere")


def test_technique_label_is_plain_words() -> None:
    assert Technique.TENNIS_BALL.label == "tennis ball"
    assert Technique.THUMB.label == "thumb"


def test_duplicate_codes_are_refused_when_building_directly(shipped: PointLibrary) -> None:
    point = shipped.get("BL23")
    with pytest.raises(ValueError, match="unique"):
        PointLibrary(points=(point, point))


# --- the validator ---


def _point(code: str = "BL23", **changes: Any) -> dict[str, Any]:
    point: dict[str, Any] = {
        "code": code,
        "name": "Shenshu",
        "english_name": "Kidney Shu",
        "meridian_label": "Bladder 23",
        "region": "lower back",
        "laterality": "bilateral",
        "locate": ["Find the hip bones.", "Go up two bumps."],
        "techniques": ["thumb", "tennis_ball"],
        "how_to_press": "Press with both thumbs.",
        "pressure": "Gentle, then firm.",
        "hold_seconds": 45,
        "cautions": ["Not on the spine."],
        "pregnancy_caution": False,
        "reachable_sitting": True,
        "view": "lower-back",
        "markers": {"left": {"x": 264, "y": 205}, "right": {"x": 336, "y": 205}},
    }
    point.update(changes)
    return point


def _library(*points: dict[str, Any]) -> dict[str, Any]:
    return {
        "format_version": 1,
        "cun_note": "1.5 cun is two finger-widths.",
        "general_cautions": ["Stop at sharp pain."],
        "views": [
            {"id": "lower-back", "title": "Lower back", "orientation": "From behind.", "symmetric": True}
        ],
        "points": list(points) or [_point()],
    }


def test_minimal_library_parses() -> None:
    library = parse_point_library(_library())
    point = library.get("BL23")
    assert point == PressurePoint(
        code="BL23",
        name="Shenshu",
        english_name="Kidney Shu",
        meridian_label="Bladder 23",
        region="lower back",
        laterality=Laterality.BILATERAL,
        locate=("Find the hip bones.", "Go up two bumps."),
        techniques=(Technique.THUMB, Technique.TENNIS_BALL),
        how_to_press="Press with both thumbs.",
        pressure="Gentle, then firm.",
        hold_seconds=45.0,
        cautions=("Not on the spine.",),
        pregnancy_caution=False,
        reachable_sitting=True,
        view="lower-back",
        markers={Side.LEFT: MarkerPosition(264, 205), Side.RIGHT: MarkerPosition(336, 205)},
    )
    assert point.bilateral
    assert point.marker(Side.RIGHT) == MarkerPosition(336.0, 205.0)
    assert library.cun_note == "1.5 cun is two finger-widths."


def test_midline_point_has_one_marker() -> None:
    library = parse_point_library(
        _library(_point("GV4", laterality="midline", markers={"midline": {"x": 300, "y": 240}}))
    )
    point = library.get("GV4")
    assert not point.bilateral
    assert point.sides == (Side.MIDLINE,)
    assert point.marker(Side.MIDLINE) == MarkerPosition(300, 240)
    with pytest.raises(KeyError):
        point.marker(Side.LEFT)


def test_markers_cannot_be_changed_after_parsing() -> None:
    point = parse_point_library(_library()).get("BL23")
    with pytest.raises(TypeError):
        point.markers[Side.LEFT] = MarkerPosition(0, 0)  # type: ignore[index]


def _broken(path: str, value: object) -> dict[str, Any]:
    """A valid library with one value replaced; ``path`` is dotted, with [i] for list items."""
    data = _library(_point("BL23"), _point("BL25"))
    keys = [int(k) if k.isdigit() else k for k in re.findall(r"[^.\[\]]+", path)]
    target: Any = data
    for key in keys[:-1]:
        target = target[key]
    if value is _DELETE:
        del target[keys[-1]]
    else:
        target[keys[-1]] = copy.deepcopy(value)
    return data


_DELETE = object()


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        ("points[1].hold_seconds", "long", 'points[1].hold_seconds: expected a number, got text ("long")'),
        ("points[1].hold_seconds", True, "points[1].hold_seconds: expected a number, got true"),
        ("points[1].hold_seconds", 5, "points[1].hold_seconds: 5 is below the minimum 10"),
        ("points[1].hold_seconds", 181, "points[1].hold_seconds: 181 is above the maximum 180"),
        ("points[1].cautions", _DELETE, "points[1].cautions: is missing"),
        ("points[1].cautions", [], "points[1].cautions: must not be empty"),
        ("points[1].locate", "Find it.", 'points[1].locate: expected a list, got text ("Find it.")'),
        ("points[1].locate[1]", "  ", "points[1].locate[1]: must not be empty"),
        ("points[1].name", None, "points[1].name: expected text, got null"),
        (
            "points[1].pregnancy_caution",
            "no",
            'points[1].pregnancy_caution: expected true or false, got text ("no")',
        ),
        ("points[1].code", "bl25", "points[1].code: 'bl25' is not a point code"),
        ("points[1].code", "BL23", "points[1].code: 'BL23' is listed twice"),
        (
            "points[1].laterality",
            "both",
            'points[1].laterality: "both" is not one of: bilateral, midline',
        ),
        ("points[1].techniques[0]", "elbow", 'points[1].techniques[0]: "elbow" is not one of: thumb'),
        (
            "points[1].techniques",
            ["thumb", "thumb"],
            "points[1].techniques: lists a technique twice",
        ),
        ("points[1].view", "front", "points[1].view: 'front' is not one of the listed views"),
        ("points[1].spelling", "x", "points[1].spelling: unknown field; expected one of: code, name"),
        ("points[1].markers.right", _DELETE, "points[1].markers.right: is missing"),
        (
            "points[1].markers.midline",
            {"x": 1, "y": 1},
            "points[1].markers.midline: unknown field; expected one of: left, right",
        ),
        ("points[1].markers.left.y", "205", 'points[1].markers.left.y: expected a number, got text ("205")'),
        ("points[1].markers.left.x", -3, "points[1].markers.left.x: -3 is below the minimum 0"),
        ("points[1]", ["BL25"], "points[1]: expected a pressure point (a JSON object), got a list"),
        ("points", [], "points: must not be empty"),
        ("views[0].symmetric", 1, "views[0].symmetric: expected true or false, got 1"),
        ("views[0].id", "Lower Back", "views[0].id: 'Lower Back' must be lower-case words"),
        ("format_version", 2, "format_version: is 2, this version of the app reads 1"),
        ("format_version", "1", 'format_version: expected the number 1, got text ("1")'),
        ("cun_note", _DELETE, "cun_note: is missing"),
    ],
)
def test_parse_errors_name_the_place(path: str, value: object, message: str) -> None:
    with pytest.raises(PointDataError, match="^" + re.escape("points.json: " + message)):
        parse_point_library(_broken(path, value))


def test_a_top_level_that_is_not_an_object_is_refused() -> None:
    with pytest.raises(
        PointDataError,
        match=r"^points\.json: top level: expected a point library \(a JSON object\), got a list$",
    ):
        parse_point_library([])


def test_errors_name_the_source_given() -> None:
    with pytest.raises(
        PointDataError, match=r"^other\.json: points\[0\]\.hold_seconds: expected a number, got null$"
    ):
        parse_point_library(_library(_point(hold_seconds=None)), source="other.json")


def test_point_data_error_is_a_value_error() -> None:
    assert issubclass(PointDataError, ValueError)
