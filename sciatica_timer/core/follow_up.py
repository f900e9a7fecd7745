"""Follow-ups: when to ask again for the pain score some time after a session, and which question is due.

Pure bookkeeping in wall-clock time; the window owns the timer that wakes it and the store it saves to.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta

# Past this, "how is your pain now, N minutes after" no longer tells anything about the session: not asked.
LATE_LIMIT = timedelta(hours=3)
SNOOZE = timedelta(minutes=10)


@dataclass(frozen=True, slots=True)
class FollowUp:
    """One session waiting for its follow-up score."""

    session_id: int
    routine_name: str
    ended: datetime
    due: datetime
    snoozed: bool = False  # "ask again in 10 minutes": its time no longer follows the setting

    def minutes_since_end(self, now: datetime) -> int:
        return max(0, round((now - self.ended).total_seconds() / 60))


class FollowUpList:
    """The sessions waiting for a follow-up. Each is asked once: answered or skipped ones never come back."""

    def __init__(self) -> None:
        self._waiting: dict[int, FollowUp] = {}
        self._settled: set[int] = set()

    def __len__(self) -> int:
        return len(self._waiting)

    def __contains__(self, session_id: object) -> bool:
        return session_id in self._waiting

    def add(self, session_id: int, routine_name: str, ended: datetime, after_min: int) -> bool:
        """Wait for a follow-up ``after_min`` minutes after ``ended``; False if it is known already."""
        if session_id in self._waiting or session_id in self._settled:
            return False
        due = ended + timedelta(minutes=after_min)
        self._waiting[session_id] = FollowUp(session_id, routine_name, ended, due)
        return True

    def retime(self, after_min: int) -> None:
        """The setting changed: follow-ups not snoozed are due ``after_min`` after their session."""
        for session_id, follow_up in list(self._waiting.items()):
            if not follow_up.snoozed:
                self._waiting[session_id] = replace(
                    follow_up, due=follow_up.ended + timedelta(minutes=after_min)
                )

    def snooze(self, session_id: int, now: datetime, delay: timedelta = SNOOZE) -> None:
        follow_up = self._waiting.get(session_id)
        if follow_up is not None:
            self._waiting[session_id] = replace(follow_up, due=now + delay, snoozed=True)

    def settle(self, session_id: int) -> None:
        """Answered or skipped: never asked again in this run (the history remembers it for the next)."""
        self._waiting.pop(session_id, None)
        self._settled.add(session_id)

    def clear(self) -> None:
        """Follow-ups were turned off: forget the waiting ones (turned on again, the history has them)."""
        self._waiting.clear()

    def due(self, now: datetime) -> FollowUp | None:
        """The earliest follow-up whose time has come; ones more than LATE_LIMIT late are dropped."""
        for session_id, follow_up in list(self._waiting.items()):
            if now - follow_up.due > LATE_LIMIT:
                del self._waiting[session_id]
        ready = [f for f in self._waiting.values() if f.due <= now]
        return min(ready, key=lambda f: (f.due, f.session_id)) if ready else None

    def next_due(self) -> datetime | None:
        return min((f.due for f in self._waiting.values()), default=None)
