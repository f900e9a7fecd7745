"""The translatable text in the shipped content (points.json, the built-in routines), found by one walker.

The same walk gives the translation catalogue its entries (``make translations``: one entry per text, with a
context that names the point or routine and the field, so a translator sees where it is shown) and replaces
the English with the person's language when the content is read (``translate_points``,
``translate_routine``). A person's own routine files are never passed through here: their words are theirs.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from typing import Any

from sciatica_timer.core.activity_pictures import ACTIVITY_TITLE_CONTEXT

Lookup = Callable[[str, str], str]  # (context, English) -> text shown

_POINT_FIELDS = ("name", "english_name", "meridian_label", "region", "how_to_press", "pressure")
_POINT_LISTS = ("locate", "cautions")
_VIEW_FIELDS = ("title", "orientation")
_ROUTINE_FIELDS = ("name", "description")


def _slots_in_points(data: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any] | list[Any], str | int]]:
    """(context, container, key) for every translatable text in a parsed points.json."""
    if isinstance(data.get("cun_note"), str):
        yield "points cun_note", data, "cun_note"
    cautions = data.get("general_cautions")
    if isinstance(cautions, list):
        for i in range(len(cautions)):
            yield f"points general_cautions {i + 1}", cautions, i
    for view in data.get("views") or ():
        if not isinstance(view, dict):
            continue
        for field in _VIEW_FIELDS:
            if isinstance(view.get(field), str):
                yield f"view {view.get('id')} {field}", view, field
    for point in data.get("points") or ():
        if not isinstance(point, dict):
            continue
        code = point.get("code")
        for field in _POINT_FIELDS:
            if isinstance(point.get(field), str):
                yield f"point {code} {field}", point, field
        for field in _POINT_LISTS:
            items = point.get(field)
            if isinstance(items, list):
                for i in range(len(items)):
                    yield f"point {code} {field} {i + 1}", items, i


def _slots_in_routine(data: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any] | list[Any], str | int]]:
    routine_id = data.get("id")
    for field in _ROUTINE_FIELDS:
        if isinstance(data.get(field), str):
            yield f"routine {routine_id} {field}", data, field
    for number, step in enumerate(data.get("steps") or (), start=1):
        if not isinstance(step, dict):
            continue
        if isinstance(step.get("title"), str):  # one entry per title, shared by the routines, as the pictures
            yield ACTIVITY_TITLE_CONTEXT, step, "title"  # are found by it (core/activity_pictures.py)
        if isinstance(step.get("instructions"), str):
            yield f"routine {routine_id} step {number} instructions", step, "instructions"


def _texts(slots: Iterator[tuple[str, Any, str | int]]) -> list[tuple[str, str]]:
    found = []
    for context, container, key in slots:
        value = container[key]
        if isinstance(value, str) and value.strip():
            found.append((context, value))
    return found


def _translated(
    data: dict[str, Any], slots: Callable[[Any], Iterator[Any]], lookup: Lookup
) -> dict[str, Any]:
    result = copy.deepcopy(data)
    for context, container, key in slots(result):
        value = container[key]
        if isinstance(value, str) and value.strip():
            container[key] = lookup(context, value)
    return result


def point_texts(data: dict[str, Any]) -> list[tuple[str, str]]:
    """(context, English) for every text in a parsed points.json, in file order."""
    return _texts(_slots_in_points(data))


def routine_texts(data: dict[str, Any]) -> list[tuple[str, str]]:
    """(context, English) for every text in a parsed built-in routine file, in file order."""
    return _texts(_slots_in_routine(data))


def translate_points(data: dict[str, Any], lookup: Lookup) -> dict[str, Any]:
    """A copy of a parsed points.json with each text replaced by ``lookup(context, English)``."""
    return _translated(data, _slots_in_points, lookup)


def translate_routine(data: dict[str, Any], lookup: Lookup) -> dict[str, Any]:
    """A copy of a parsed built-in routine with each text replaced by ``lookup(context, English)``."""
    return _translated(data, _slots_in_routine, lookup)
