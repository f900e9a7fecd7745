"""Which picture an activity step shows: its own for the built-in activities, a neutral one otherwise.

Pictures are named by their illustration id (the file ``illustrations/<id>.svg``). An activity is matched by
its title, so a copy of a built-in routine keeps its pictures; a person's own activity that mentions the mat,
heat or cold gets that picture, and anything else the neutral one.
"""

from __future__ import annotations

import re

_PUNCTUATION = re.compile(r"[^\w-]+")
NEUTRAL_PICTURE = "activity"  # a person standing at ease
ACTIVITY_TITLE_CONTEXT = "activity title"  # the content catalogue's context for a built-in activity's title

# The built-in routines' activities, by title (compared without case or surrounding spaces).
BUILT_IN_PICTURES = {
    "settle in": "activity-settle-in",
    "cat-cow": "activity-cat-cow",
    "pelvic tilts": "activity-pelvic-tilt",
    "lie down on the mat": "activity-mat-lie-down",
    "rest on the mat": "activity-mat-rest",
    "get up slowly": "activity-mat-get-up",
}

# Words in a person's own title that pick a picture, checked in this order.
_KEYWORDS = (
    (("cat-cow", "cat cow"), "activity-cat-cow"),
    (("pelvic tilt",), "activity-pelvic-tilt"),
    (("heat", "warm", "cold", "ice pack", "hot water"), "activity-heat-cold"),
    (("mat",), "activity-mat"),
)

ACTIVITY_PICTURES = (*dict.fromkeys(BUILT_IN_PICTURES.values()), "activity-heat-cold", "activity-mat")


def _translated_titles() -> dict[str, str]:
    """The built-in titles in the person's language (the content catalogue's "activity title" entries)."""
    from sciatica_timer.core.i18n import content

    return {
        " ".join(content(ACTIVITY_TITLE_CONTEXT, english).casefold().split()): picture
        for english, picture in BUILT_IN_PICTURES.items()
    }


def activity_picture(title: str) -> str:
    """The illustration id for an activity called ``title``."""
    key = " ".join(title.casefold().split())
    found = BUILT_IN_PICTURES.get(key) or _translated_titles().get(key)
    if found is not None:
        return found
    words = " " + " ".join(_PUNCTUATION.sub(" ", key).split()) + " "
    for needles, picture in _KEYWORDS:
        if any(f" {needle} " in words or f" {needle}s " in words for needle in needles):
            return picture
    return NEUTRAL_PICTURE
