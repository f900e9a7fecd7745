"""The pressure points the app can guide: where each one is, how to press it, and when to leave it alone.

The library is read from ``points.json`` by storage; this module only checks and models the decoded data.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType

from sciatica_timer.core.i18n import _
from sciatica_timer.core.json_shape import TOP_LEVEL, Bounds, Checker, got
from sciatica_timer.core.plan import Side

FORMAT_VERSION = 1
HOLD_SECONDS = Bounds(10, 180)
_CODE = re.compile(r"^[A-Z]{2}[0-9]{1,2}$")
_VIEW_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


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
    reader = _Reader()
    library = reader.library(data)
    if reader.problems:
        raise PointDataError(f"{source}: {reader.problems[0]}")
    return library


_TOP_FIELDS = ("format_version", "cun_note", "general_cautions", "views", "points")
_VIEW_FIELDS = ("id", "title", "orientation", "symmetric")
_XY = ("x", "y")
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
_ANY_LENGTH = Bounds(1)  # text must say something; the shipped file needs no length limit
_COORDINATE = Bounds(0)
_NO_LIBRARY = PointLibrary(points=())


class _Reader(Checker):
    """Walks the decoded JSON. Only the first problem is reported: what follows one may read placeholders."""

    def library(self, data: object) -> PointLibrary:
        top = self.fields(TOP_LEVEL, data, _TOP_FIELDS, _TOP_FIELDS, _("a point library"))
        if top is None:
            return _NO_LIBRARY
        version = top.get("format_version", FORMAT_VERSION)  # if missing, fields() said so
        if isinstance(version, bool) or not isinstance(version, int):
            self.add(
                "format_version",
                _("expected the number {FORMAT_VERSION}, got {version}").format(
                    FORMAT_VERSION=FORMAT_VERSION, version=got(version)
                ),
            )
        elif version != FORMAT_VERSION:
            self.add(
                "format_version",
                _("is {version}, this version of the app reads {FORMAT_VERSION}").format(
                    version=version, FORMAT_VERSION=FORMAT_VERSION
                ),
            )
        cun_note = self.stripped_text("cun_note", top.get("cun_note"))
        general = self.texts("general_cautions", top.get("general_cautions"))
        views = self.views(top.get("views"))
        view_ids = {v.id for v in views}
        points = self.points(top.get("points"), view_ids)
        if self.problems:
            return _NO_LIBRARY  # placeholders could break PointLibrary's own rules (unique codes)
        return PointLibrary(points=points, views=views, cun_note=cun_note, general_cautions=general)

    def views(self, value: object) -> tuple[BodyView, ...]:
        views: list[BodyView] = []
        seen: set[str] = set()
        for i, item in enumerate(self.entries("views", value)):
            where = f"views[{i}]"
            obj = self.fields(where, item, _VIEW_FIELDS, _VIEW_FIELDS, _("a body view"))
            if obj is None:
                continue
            view_id = self.stripped_text(f"{where}.id", obj.get("id"))
            if not _VIEW_ID.match(view_id):
                self.add(
                    f"{where}.id",
                    _("{view_id!r} must be lower-case words joined by hyphens").format(view_id=view_id),
                )
            elif view_id in seen:
                self.add(f"{where}.id", _("{view_id!r} is listed twice").format(view_id=view_id))
            seen.add(view_id)
            views.append(
                BodyView(
                    id=view_id,
                    title=self.stripped_text(f"{where}.title", obj.get("title")),
                    orientation=self.stripped_text(f"{where}.orientation", obj.get("orientation")),
                    symmetric=self.flag(f"{where}.symmetric", obj.get("symmetric")),
                )
            )
        return tuple(views)

    def points(self, value: object, view_ids: set[str]) -> tuple[PressurePoint, ...]:
        points: list[PressurePoint] = []
        seen: set[str] = set()
        for i, item in enumerate(self.entries("points", value)):
            point = self.point(f"points[{i}]", item, view_ids)
            if point is None:
                continue
            if point.code in seen:
                self.add(f"points[{i}].code", _("{code!r} is listed twice").format(code=point.code))
            seen.add(point.code)
            points.append(point)
        return tuple(points)

    def point(self, where: str, value: object, view_ids: set[str]) -> PressurePoint | None:
        obj = self.fields(where, value, _POINT_FIELDS, _POINT_FIELDS, _("a pressure point"))
        if obj is None:
            return None
        code = self.stripped_text(f"{where}.code", obj.get("code"))
        if not _CODE.match(code):
            self.add(f"{where}.code", _("{code!r} is not a point code such as BL23").format(code=code))
        laterality = (
            self.choice(f"{where}.laterality", obj.get("laterality"), Laterality) or Laterality.BILATERAL
        )
        view = self.stripped_text(f"{where}.view", obj.get("view"))
        if view not in view_ids:
            known = ", ".join(sorted(view_ids))
            self.add(
                f"{where}.view",
                _("{view!r} is not one of the listed views ({known})").format(view=view, known=known),
            )
        techniques = tuple(
            self.choice(f"{where}.techniques[{j}]", t, Technique)
            for j, t in enumerate(self.entries(f"{where}.techniques", obj.get("techniques")))
        )
        if len(set(techniques)) != len(techniques):
            self.add(f"{where}.techniques", _("lists a technique twice"))
        return PressurePoint(
            code=code,
            name=self.stripped_text(f"{where}.name", obj.get("name")),
            english_name=self.stripped_text(f"{where}.english_name", obj.get("english_name")),
            meridian_label=self.stripped_text(f"{where}.meridian_label", obj.get("meridian_label")),
            region=self.stripped_text(f"{where}.region", obj.get("region")),
            laterality=laterality,
            locate=self.texts(f"{where}.locate", obj.get("locate")),
            techniques=tuple(t for t in techniques if t is not None),
            how_to_press=self.stripped_text(f"{where}.how_to_press", obj.get("how_to_press")),
            pressure=self.stripped_text(f"{where}.pressure", obj.get("pressure")),
            hold_seconds=self.number(f"{where}.hold_seconds", obj.get("hold_seconds"), HOLD_SECONDS) or 0.0,
            cautions=self.texts(f"{where}.cautions", obj.get("cautions")),
            pregnancy_caution=self.flag(f"{where}.pregnancy_caution", obj.get("pregnancy_caution")),
            reachable_sitting=self.flag(f"{where}.reachable_sitting", obj.get("reachable_sitting")),
            view=view,
            markers=self.markers(f"{where}.markers", obj.get("markers"), laterality),
        )

    def markers(self, where: str, value: object, laterality: Laterality) -> Mapping[Side, MarkerPosition]:
        sides = ("left", "right") if laterality is Laterality.BILATERAL else ("midline",)
        obj = (
            self.fields(
                where, value, sides, sides, _("markers for a {value} point").format(value=laterality.value)
            )
            or {}
        )
        positions: dict[Side, MarkerPosition] = {}
        for side in sides:
            spot = self.fields(f"{where}.{side}", obj.get(side), _XY, _XY, _("a marker position")) or {}
            positions[Side(side)] = MarkerPosition(
                x=self.number(f"{where}.{side}.x", spot.get("x"), _COORDINATE) or 0.0,
                y=self.number(f"{where}.{side}.y", spot.get("y"), _COORDINATE) or 0.0,
            )
        return MappingProxyType(positions)

    def entries(self, where: str, value: object) -> Sequence[object]:
        """A list; every list in the file has at least one entry."""
        items = self.items(where, value)
        if items is None:
            return ()
        if not items:
            self.add(where, _("must not be empty"))
        return items

    def stripped_text(self, where: str, value: object) -> str:
        return self.text(where, value, _ANY_LENGTH).strip()

    def texts(self, where: str, value: object) -> tuple[str, ...]:
        return tuple(
            self.stripped_text(f"{where}[{i}]", item) for i, item in enumerate(self.entries(where, value))
        )
