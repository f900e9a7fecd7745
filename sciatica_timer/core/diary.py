"""The pain diary's vocabulary: pain scores, where it hurts, diary entries and stored sessions.

Pure data: the history store (storage/history.py) reads and writes these, the views and reports show them.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from sciatica_timer.core.i18n import N_, _
from sciatica_timer.core.record import PhaseRecord, SessionStatus
from sciatica_timer.errors import UserError

PAIN_MIN = 0
PAIN_MAX = 10
PAIN_SCALE = N_("use a whole number from 0 (no pain) to 10 (worst imaginable)")


class PainScoreError(UserError, ValueError):
    """A pain score that is not a whole number from 0 to 10. The message says what was given and what fits."""


class PainScore(int):
    """A pain score on the 0–10 numeric rating scale: 0 is no pain, 10 the worst imaginable.

    ``PainScore(7)`` is the int 7; anything else than a whole number from 0 to 10 raises PainScoreError.
    """

    __slots__ = ()

    def __new__(cls, value: object) -> PainScore:
        if isinstance(value, bool) or not isinstance(value, int):
            shown = _shown(value)
            raise PainScoreError(
                _("pain score {shown} is not a whole number: {scale}").format(
                    shown=shown, scale=_(PAIN_SCALE)
                )
            )
        if not PAIN_MIN <= value <= PAIN_MAX:
            raise PainScoreError(
                _("pain score {value} is out of range: {scale}").format(value=value, scale=_(PAIN_SCALE))
            )
        return super().__new__(cls, value)

    @classmethod
    def parse(cls, text: str) -> PainScore:
        """A score typed by a person: "7" or " 7 "; "7.5", "seven" and "" are refused with a clear message."""
        stripped = text.strip()
        if stripped.isascii() and stripped.lstrip("+-").isdigit():
            if len(stripped) > 20:  # far out of range; spare int() a huge number
                raise PainScoreError(
                    _("pain score {stripped} is out of range: {scale}").format(
                        stripped=stripped, scale=_(PAIN_SCALE)
                    )
                )
            return cls(int(stripped))
        shown = stripped if _looks_numeric(stripped) else json.dumps(text, ensure_ascii=False)
        raise PainScoreError(
            _("pain score {shown} is not a whole number: {scale}").format(shown=shown, scale=_(PAIN_SCALE))
        )


def _looks_numeric(text: str) -> bool:
    """Shown bare in a message ("7.5"); anything else is quoted ("seven"). ASCII: float() also reads "٣"."""
    try:
        return text.isascii() and math.isfinite(float(text))
    except ValueError:
        return False


def _shown(value: object) -> str:
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, bool | int | float) or value is None:
        return json.dumps(value)
    return type(value).__name__


def optional_pain(value: object) -> int | None:
    """None stays None (not asked, or not answered); anything else must be a valid PainScore."""
    return None if value is None else int(PainScore(value))


# The regions as a sentence names them (PainRegion.label), for the catalogue: show them with _(region.label).
_REGION_LABELS = (N_("lower back"), N_("buttock"), N_("thigh"), N_("calf"), N_("foot"))


class PainRegion(StrEnum):
    """Where the pain is, in the order the sciatic nerve runs: from the back down the leg."""

    LOWER_BACK = "lower_back"
    BUTTOCK = "buttock"
    THIGH = "thigh"
    CALF = "calf"
    FOOT = "foot"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ")


class PainSide(StrEnum):
    """Which leg hurts. Sciatica is usually one-sided; "both" is worth telling a doctor about."""

    LEFT = "left"
    RIGHT = "right"
    BOTH = "both"


@dataclass(frozen=True, slots=True)
class DiaryEntry:
    """A pain score written down on its own, outside a session.

    ``at`` carries the local UTC offset of the moment it was written. ``id`` is the store's number for it
    (0 before it is stored); ``uid`` never changes, even through export and import.
    """

    id: int
    uid: str
    at: datetime
    score: int
    region: PainRegion | None = None
    side: PainSide | None = None
    note: str | None = None
    entered_later: bool = False  # written for an earlier moment than when it was typed

    @property
    def when(self) -> datetime:
        return self.at


@dataclass(frozen=True, slots=True)
class SessionSummary:
    """One session as the history lists it: when, which routine, how it ended, the pain around it.

    Times are aware and carry the local UTC offset they were recorded with, so a session at 08:00 in Berlin
    still reads 08:00 after a trip. ``followup_pain`` is a score given later (the next morning, say).
    """

    id: int
    uid: str
    routine_id: str
    routine_name: str
    started: datetime
    ended: datetime | None
    status: SessionStatus
    stop_reason: str | None = None
    pain_before: int | None = None
    pain_after: int | None = None
    followup_pain: int | None = None
    followup_at: datetime | None = None
    note: str | None = None
    active_s: float = 0.0
    paused_s: float = 0.0
    pain_region: PainRegion | None = None  # where the pain reached at the check before the session
    pain_side: PainSide | None = None

    @property
    def when(self) -> datetime:
        return self.started

    @property
    def awaiting_answer(self) -> bool:
        """An interrupted session nobody has answered for yet: was it finished, how is the pain?"""
        return self.status is SessionStatus.INTERRUPTED and self.ended is None


@dataclass(frozen=True, slots=True)
class SessionDetail:
    """A whole stored session: its summary, the routine as it was run, and every phase in order.

    This is also what undo keeps: HistoryStore.restore_session puts it back exactly, with the same id.
    """

    summary: SessionSummary
    routine_snapshot: Mapping[str, Any]
    phases: tuple[PhaseRecord, ...]

    @property
    def id(self) -> int:
        return self.summary.id


@dataclass(frozen=True, slots=True)
class HistoryView:
    """Everything the history charts draw, as columns (one list per field) ready for plotting.

    Times are epoch seconds; a pain score that was not given is NaN so a line shows a gap there.
    Sessions and diary entries are each in time order.
    """

    session_ids: list[int]
    session_started_s: list[float]
    session_pain_before: list[float]
    session_pain_after: list[float]
    session_status: list[SessionStatus]
    session_routine_ids: list[str]
    diary_ids: list[int]
    diary_at_s: list[float]
    diary_score: list[float]
    diary_region: list[PainRegion | None]
    # Local UTC offsets (minutes) the moments were recorded with: they decide which day a score is on.
    session_offset_min: list[int] = field(default_factory=list)
    session_followup_s: list[float] = field(default_factory=list)
    session_pain_followup: list[float] = field(default_factory=list)
    diary_offset_min: list[int] = field(default_factory=list)
    routine_names: dict[str, str] = field(default_factory=dict)  # routine id -> its latest name

    @property
    def session_count(self) -> int:
        return len(self.session_ids)
