"""The pressure points the app can guide: where each one is, how to press it, and when to leave it alone.

The library is read from ``points.json`` by storage; this module only checks and models the decoded data.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType
from typing import TypeVar

from sciatica_timer.core.plan import Side

FORMAT_VERSION = 1
HOLD_SECONDS_RANGE = (10.0, 180.0)
_CODE = re.compile(r"^[A-Z]{2}[0-9]{1,2}$")
_VIEW_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_Choice = TypeVar("_Choice", bound=StrEnum)


class PointDataError(ValueError):
    """The point library is malformed; the message names the file, the place in it and the problem."""


class Technique(StrEnum):
    """What to press a point with."""

    THUMB = "thumb"
    KNUCKLE = "knuckle"
    FINGERTIPS = "fingertips"
    MASSAGE_BALL = "massage_ball"
    TENNIS_BALL = "tennis_ball"
    FOOT_ROLLER = "foot_roller"

    @property
    def label(self) -> str:
        """The technique in plain words: "tennis ball"."""
        return self.value.replace("_", " ")


class Laterality(StrEnum):
    """Bilateral points come in a left and right pair; midline points sit once, on the spine."""

    BILATERAL = "bilateral"
    MIDLINE = "midline"


@dataclass(frozen=True, slots=True)
class MarkerPosition:
    """Where a point's marker goes on its body view, in the illustration's viewBox units."""

    x: float
    y: float


@dataclass(frozen=True, slots=True)
class BodyView:
    """One illustration of the body; ``orientation`` tells the user which side of the picture is which."""

    id: str
    title: str
    orientation: str
    symmetric: bool


@dataclass(frozen=True, slots=True)
class PressurePoint:
    """One acupressure point, located from landmarks a person can feel on their own body."""

    code: str  # standard code, e.g. "BL23"
    name: str  # pinyin, e.g. "Shenshu"
    english_name: str  # e.g. "Kidney Shu"
    meridian_label: str  # how the code is read aloud, e.g. "Bladder 23"
    region: str  # e.g. "lower back", "calf"
    laterality: Laterality
    locate: tuple[str, ...]  # short plain sentences, in the order a person follows them
    techniques: tuple[Technique, ...]
    how_to_press: str
    pressure: str
    hold_seconds: float
    cautions: tuple[str, ...]
    pregnancy_caution: bool  # traditionally avoided during pregnancy
    reachable_sitting: bool  # can be pressed while sitting at a desk
    view: str  # id of the BodyView the point is drawn on
    markers: Mapping[Side, MarkerPosition] = field(hash=False)

    @property
    def bilateral(self) -> bool:
        return self.laterality is Laterality.BILATERAL

    @property
    def sides(self) -> tuple[Side, ...]:
        """The sides a session works, in the order it works them."""
        return (Side.LEFT, Side.RIGHT) if self.bilateral else (Side.MIDLINE,)

    @property
    def locate_text(self) -> str:
        return " ".join(self.locate)

    def marker(self, side: Side) -> MarkerPosition:
        """The marker for ``side``; KeyError if the point has no such side (a midline point has no left)."""
        try:
            return self.markers[side]
        except KeyError:
            raise KeyError(f"{self.code} has no {side.value} side") from None


@dataclass(frozen=True, slots=True)
class PointLibrary:
    """Every known point, in the order the file lists them, plus the views they are drawn on."""

    points: tuple[PressurePoint, ...]
    views: tuple[BodyView, ...] = ()
    cun_note: str = ""  # what a cun is, in finger-widths
    general_cautions: tuple[str, ...] = ()  # apply to every point
    _by_code: Mapping[str, PressurePoint] = field(init=False, repr=False, compare=False, hash=False)

    def __post_init__(self) -> None:
        by_code = {p.code: p for p in self.points}
        if len(by_code) != len(self.points):
            raise ValueError("point codes must be unique")
        object.__setattr__(self, "_by_code", MappingProxyType(by_code))

    def codes(self) -> tuple[str, ...]:
        return tuple(p.code for p in self.points)

    def get(self, code: str) -> PressurePoint:
        """The point with ``code``; KeyError if there is none."""
        try:
            return self._by_code[code]
        except KeyError:
            raise KeyError(f"unknown pressure point {code!r}") from None

    def __contains__(self, code: object) -> bool:
        return isinstance(code, str) and code in self._by_code

    def __iter__(self) -> Iterator[PressurePoint]:
        return iter(self.points)

    def __len__(self) -> int:
        return len(self.points)

    def by_view(self, view: str) -> list[PressurePoint]:
        return [p for p in self.points if p.view == view]

    def view(self, view_id: str) -> BodyView:
        """The view called ``view_id``; KeyError if there is none."""
        for candidate in self.views:
            if candidate.id == view_id:
                return candidate
        raise KeyError(f"unknown body view {view_id!r}")


def parse_point_library(data: object, source: str = "points.json") -> PointLibrary:
    """Check decoded JSON and build the library; PointDataError names the first problem and where it is."""
    return _Reader(source).library(data)


_TOP_FIELDS = frozenset({"format_version", "cun_note", "general_cautions", "views", "points"})
_VIEW_FIELDS = frozenset({"id", "title", "orientation", "symmetric"})
_XY = frozenset({"x", "y"})
_POINT_FIELDS = (
    "code",
    "name",
    "english_name",
    "meridian_label",
    "region",
    "laterality",
    "locate",
    "techniques",
    "how_to_press",
    "pressure",
    "hold_seconds",
    "cautions",
    "pregnancy_caution",
    "reachable_sitting",
    "view",
    "markers",
)


class _Reader:
    """Walks the decoded JSON, keeping the path so every error says exactly where it is."""

    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, where: str, problem: str) -> PointDataError:
        return PointDataError(f"{self.source}: {where}: {problem}" if where else f"{self.source}: {problem}")

    def library(self, data: object) -> PointLibrary:
        top = self.obj("", data, required=_TOP_FIELDS, allowed=_TOP_FIELDS)
        version = top["format_version"]
        if isinstance(version, bool) or not isinstance(version, int):
            raise self.fail("format_version", "must be a whole number")
        if version != FORMAT_VERSION:
            raise self.fail("format_version", f"is {version}, this version of the app reads {FORMAT_VERSION}")
        cun_note = self.text("cun_note", top["cun_note"])
        general = self.texts("general_cautions", top["general_cautions"], min_items=1)
        views = self.views(top["views"])
        view_ids = {v.id for v in views}
        points = self.points(top["points"], view_ids)
        return PointLibrary(points=points, views=views, cun_note=cun_note, general_cautions=general)

    def views(self, value: object) -> tuple[BodyView, ...]:
        items = self.items("views", value)
        views: list[BodyView] = []
        seen: set[str] = set()
        for i, item in enumerate(items):
            where = f"views[{i}]"
            obj = self.obj(where, item, required=_VIEW_FIELDS, allowed=_VIEW_FIELDS)
            view_id = self.text(f"{where}.id", obj["id"])
            if not _VIEW_ID.match(view_id):
                raise self.fail(f"{where}.id", f"{view_id!r} must be lower-case words joined by hyphens")
            if view_id in seen:
                raise self.fail(f"{where}.id", f"{view_id!r} is listed twice")
            seen.add(view_id)
            views.append(
                BodyView(
                    id=view_id,
                    title=self.text(f"{where}.title", obj["title"]),
                    orientation=self.text(f"{where}.orientation", obj["orientation"]),
                    symmetric=self.flag(f"{where}.symmetric", obj["symmetric"]),
                )
            )
        return tuple(views)

    def points(self, value: object, view_ids: set[str]) -> tuple[PressurePoint, ...]:
        items = self.items("points", value)
        points: list[PressurePoint] = []
        seen: set[str] = set()
        for i, item in enumerate(items):
            point = self.point(f"points[{i}]", item, view_ids)
            if point.code in seen:
                raise self.fail(f"points[{i}].code", f"{point.code!r} is listed twice")
            seen.add(point.code)
            points.append(point)
        return tuple(points)

    def point(self, where: str, value: object, view_ids: set[str]) -> PressurePoint:
        obj = self.obj(where, value, required=frozenset(_POINT_FIELDS), allowed=frozenset(_POINT_FIELDS))
        code = self.text(f"{where}.code", obj["code"])
        if not _CODE.match(code):
            raise self.fail(f"{where}.code", f"{code!r} is not a point code such as BL23")
        laterality = self.choice(f"{where}.laterality", obj["laterality"], Laterality)
        view = self.text(f"{where}.view", obj["view"])
        if view not in view_ids:
            known = ", ".join(sorted(view_ids))
            raise self.fail(f"{where}.view", f"{view!r} is not one of the listed views ({known})")
        techniques = tuple(
            self.choice(f"{where}.techniques[{j}]", t, Technique)
            for j, t in enumerate(self.items(f"{where}.techniques", obj["techniques"]))
        )
        if len(set(techniques)) != len(techniques):
            raise self.fail(f"{where}.techniques", "lists a technique twice")
        return PressurePoint(
            code=code,
            name=self.text(f"{where}.name", obj["name"]),
            english_name=self.text(f"{where}.english_name", obj["english_name"]),
            meridian_label=self.text(f"{where}.meridian_label", obj["meridian_label"]),
            region=self.text(f"{where}.region", obj["region"]),
            laterality=laterality,
            locate=self.texts(f"{where}.locate", obj["locate"], min_items=1),
            techniques=techniques,
            how_to_press=self.text(f"{where}.how_to_press", obj["how_to_press"]),
            pressure=self.text(f"{where}.pressure", obj["pressure"]),
            hold_seconds=self.hold(f"{where}.hold_seconds", obj["hold_seconds"]),
            cautions=self.texts(f"{where}.cautions", obj["cautions"], min_items=1),
            pregnancy_caution=self.flag(f"{where}.pregnancy_caution", obj["pregnancy_caution"]),
            reachable_sitting=self.flag(f"{where}.reachable_sitting", obj["reachable_sitting"]),
            view=view,
            markers=self.markers(f"{where}.markers", obj["markers"], laterality),
        )

    def markers(self, where: str, value: object, laterality: Laterality) -> Mapping[Side, MarkerPosition]:
        sides = ("left", "right") if laterality is Laterality.BILATERAL else ("midline",)
        expected = frozenset(sides)
        obj = self.obj(where, value, required=expected, allowed=expected, why=f"a {laterality.value} point")
        positions: dict[Side, MarkerPosition] = {}
        for side in sides:
            spot = self.obj(f"{where}.{side}", obj[side], required=_XY, allowed=_XY)
            positions[Side(side)] = MarkerPosition(
                x=self.coordinate(f"{where}.{side}.x", spot["x"]),
                y=self.coordinate(f"{where}.{side}.y", spot["y"]),
            )
        return MappingProxyType(positions)

    # --- leaves -------------------------------------------------------------------------------------------

    def obj(
        self,
        where: str,
        value: object,
        *,
        required: frozenset[str],
        allowed: frozenset[str],
        why: str = "",
    ) -> Mapping[str, object]:
        if not isinstance(value, dict):
            raise self.fail(where, f"must be an object, not {_kind(value)}")
        for key in value:
            if key not in allowed:
                hint = f" for {why}" if why else ""
                raise self.fail(where, f"unknown field {key!r}{hint}")
        for key in sorted(required):
            if key not in value:
                hint = f" for {why}" if why else ""
                raise self.fail(where, f"missing field {key!r}{hint}")
        return value

    def items(self, where: str, value: object) -> list[object]:
        if not isinstance(value, list):
            raise self.fail(where, f"must be a list, not {_kind(value)}")
        if not value:
            raise self.fail(where, "must not be empty")
        return value

    def text(self, where: str, value: object) -> str:
        if not isinstance(value, str):
            raise self.fail(where, f"must be text, not {_kind(value)}")
        if not value.strip():
            raise self.fail(where, "must not be empty")
        return value.strip()

    def texts(self, where: str, value: object, *, min_items: int) -> tuple[str, ...]:
        items = self.items(where, value)
        if len(items) < min_items:
            raise self.fail(where, f"needs at least {min_items} entries")
        return tuple(self.text(f"{where}[{i}]", item) for i, item in enumerate(items))

    def flag(self, where: str, value: object) -> bool:
        if not isinstance(value, bool):
            raise self.fail(where, f"must be true or false, not {_kind(value)}")
        return value

    def number(self, where: str, value: object) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
            raise self.fail(where, "must be a number")
        return float(value)

    def hold(self, where: str, value: object) -> float:
        seconds = self.number(where, value)
        low, high = HOLD_SECONDS_RANGE
        if not low <= seconds <= high:
            raise self.fail(where, f"must be between {low:g} and {high:g} seconds, not {seconds:g}")
        return seconds

    def coordinate(self, where: str, value: object) -> float:
        number = self.number(where, value)
        if number < 0:
            raise self.fail(where, f"must not be negative, not {number:g}")
        return number

    def choice(self, where: str, value: object, kind: type[_Choice]) -> _Choice:
        if not isinstance(value, str):
            raise self.fail(where, f"must be text, not {_kind(value)}")
        try:
            return kind(value)
        except ValueError:
            allowed = ", ".join(member.value for member in kind)
            raise self.fail(where, f"{value!r} is not one of: {allowed}") from None


def _kind(value: object) -> str:
    """The JSON name of a decoded value's type, for messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__
