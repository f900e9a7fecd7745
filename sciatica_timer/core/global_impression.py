"""The Patient Global Impression of Change (PGIC): one monthly question about the change since starting.

"Since you started the routines, how would you describe the change in your sciatica overall?" with seven
answers, from "very much improved" (1) to "very much worse" (7). The scale is in the public domain (Guy,
ECDEU Assessment Manual, 1976; used for pain by Farrar et al., Pain 2001). Asked at most once a month.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sciatica_timer.core.i18n import N_, _

QUESTION = N_("Since you started the routines, how would you describe the change in your sciatica overall?")
ANSWERS = (
    N_("very much improved"),
    N_("much improved"),
    N_("minimally improved"),
    N_("no change"),
    N_("minimally worse"),
    N_("much worse"),
    N_("very much worse"),
)
"""Answer n (1 to 7) is ANSWERS[n - 1]."""
FIRST_AFTER_DAYS = 28
"""First asked once the person has been recording for four weeks: before that, there is no "since"."""
AGAIN_AFTER_DAYS = 30
"""Asked again no sooner than this: at most once a month."""


@dataclass(frozen=True, slots=True)
class GlobalImpression:
    """One answer, given at ``at`` (aware, local offset kept). ``id`` is 0 before it is stored."""

    id: int
    uid: str
    at: datetime
    answer: int

    @property
    def words(self) -> str:
        return answer_words(self.answer)


def answer_words(answer: int) -> str:
    """ "much improved" for 2; refuses anything but a whole number from 1 to 7."""
    if isinstance(answer, bool) or not isinstance(answer, int) or not 1 <= answer <= len(ANSWERS):
        raise ValueError(f"a global impression answer is a whole number from 1 to 7, not {answer!r}")
    return _(ANSWERS[answer - 1])


def is_due(first_day: int | None, last_answer_day: int | None, today: int) -> bool:
    """Whether to ask today: four weeks after the first record, then at most once a month (local days)."""
    if first_day is None or today - first_day < FIRST_AFTER_DAYS:
        return False
    return last_answer_day is None or today - last_answer_day >= AGAIN_AFTER_DAYS
