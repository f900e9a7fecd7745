"""Text from files and the history made safe to print on a terminal: no control or direction-override
characters, which could move the cursor, ring the bell, change the title or reverse what follows."""

from __future__ import annotations

import re

# C0 and C1 controls (a tab becomes a space first), the line and paragraph separators, and the marks and
# overrides that change the direction of the text after them (U+061C, U+200E-F, U+202A-E, U+2066-9).
_HIDDEN = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
SHOWN_INSTEAD = "\ufffd"  # the replacement character: something was here that is not shown


def printable(text: str) -> str:
    """``text`` for one line of a listing: tabs as spaces, every other hidden character as U+FFFD."""
    return _HIDDEN.sub(SHOWN_INSTEAD, text.replace("\t", " "))
