"""Which daily backups of the history to keep: 7 daily, 4 weekly, 12 monthly.

Counted in backups, not in calendar days: a month away from the computer does not expire every backup.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from datetime import date

DAILY = 7
WEEKLY = 4
MONTHLY = 12


def backups_to_keep(
    dates: Iterable[date],
    today: date,
    *,
    daily: int = DAILY,
    weekly: int = WEEKLY,
    monthly: int = MONTHLY,
) -> set[date]:
    """The backup dates to keep; every other date may be deleted.

    Kept: the ``daily`` newest backups (one per day), the newest backup of each of the ``weekly`` most recent
    ISO weeks that have one, and the newest of each of the ``monthly`` most recent months that have one.
    The three sets overlap; the result is their union. A date after ``today`` means the clock was wrong when
    it was written: it is kept and takes no place in the counts, since nothing can be said about its age.
    """
    future = {day for day in dates if day > today}
    past = sorted({day for day in dates if day <= today}, reverse=True)
    keep = set(future)
    keep |= _newest_per(past, lambda day: day, daily)
    keep |= _newest_per(past, lambda day: day.isocalendar()[:2], weekly)
    keep |= _newest_per(past, lambda day: (day.year, day.month), monthly)
    return keep


def _newest_per(newest_first: list[date], period: Callable[[date], Hashable], count: int) -> set[date]:
    """The newest date of each of the ``count`` most recent periods that hold any date."""
    chosen: dict[Hashable, date] = {}
    for day in newest_first:
        if len(chosen) >= count:
            break
        chosen.setdefault(period(day), day)
    return set(chosen.values())
