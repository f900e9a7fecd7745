"""Writes a running session into the history as it goes, so a crash or a kill loses at most one step.

The journal listens to the engine: each finished (or skipped) step's phases are committed at once, and the
session is closed when the engine completes or stops. A failed write (a full or read-only disk) never stops
the session: the phases stay in the engine's record, the next step's write tries again, and the caller is
told through ``last_error`` so it can offer to save again or export.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import logging
import os
import tempfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from sciatica_timer.core.diary import PainRegion, PainSide
from sciatica_timer.core.engine import SessionEngine
from sciatica_timer.core.i18n import _
from sciatica_timer.core.routines import Routine, routine_to_dict
from sciatica_timer.core.session_events import (
    SessionCompleted,
    SessionEvent,
    SessionStopped,
    StepCompleted,
    StepSkipped,
)
from sciatica_timer.errors import UserError
from sciatica_timer.storage.history import KEEP, HistoryStore

log = logging.getLogger(__name__)


def local_now() -> datetime:
    """Now, aware, with this computer's UTC offset (the history keeps both)."""
    return datetime.now().astimezone()


PROGRESS_EVERY_S = 5.0
"""How often (in active seconds) a running session's time so far is written to the history."""


class SessionJournal:
    """One session's entry in the history, kept up to date while it runs."""

    def __init__(
        self,
        store: HistoryStore,
        routine: Routine,
        engine: SessionEngine,
        *,
        pain_before: int | None = None,
        started: datetime | None = None,
        pain_region: PainRegion | None = None,
        pain_side: PainSide | None = None,
    ) -> None:
        self._store = store
        self._engine = engine
        self._saved_phases = 0
        self._progress_s = 0.0  # the active seconds last written
        self._closed = False
        self.last_error: UserError | None = None
        # Begin before the engine starts: if even this fails, the caller hears it before the session runs.
        self.session_id = store.begin_session(
            routine.id,
            routine.name,
            routine_to_dict(routine),
            started or local_now(),
            pain_before,
            pain_region=pain_region,
            pain_side=pain_side,
        )
        self._unsubscribe = engine.subscribe(self._on_event)

    @property
    def closed(self) -> bool:
        """True once the session's end is saved."""
        return self._closed

    def _on_event(self, event: SessionEvent) -> None:
        if isinstance(event, StepCompleted | StepSkipped):
            self._try(self._save_finished_phases)
        elif isinstance(event, SessionCompleted | SessionStopped):
            self._try(self.close)

    def _try(self, write: Callable[[], None]) -> None:
        try:
            write()
        except UserError as exc:
            log.warning("session %d not saved yet: %s", self.session_id, exc)
            self.last_error = exc

    def _save_finished_phases(self) -> None:
        phases = self._engine.record().phases[self._saved_phases :]
        self._store.add_phases(self.session_id, phases)
        self._saved_phases += len(phases)
        self.last_error = None
        self._save_progress()

    def _save_progress(self) -> None:
        active_s = self._engine.elapsed_active_s()
        self._store.record_progress(self.session_id, active_s)
        self._progress_s = active_s

    def keep_progress(self) -> None:
        """Called often while the session runs: every PROGRESS_EVERY_S active seconds, the time so far is
        written, so after a crash the history tells the real time the session ran (not 0 s)."""
        if self._closed or self._engine.elapsed_active_s() - self._progress_s < PROGRESS_EVERY_S:
            return
        self._try(self._save_progress)

    def close(self, *, ended: datetime | None = None) -> None:
        """Save how the session ended (the engine must have completed or stopped). Safe to call again.

        Raises UserError when the history cannot be written; everything is still in memory, so calling
        ``close`` again later, or exporting, loses nothing.
        """
        if self._closed:
            return
        record = self._engine.record()
        self._store.finish_session(
            self.session_id,
            record.status,
            ended or local_now(),
            active_s=record.active_s,
            paused_s=record.paused_s,
            stop_reason=record.stop_reason,
            phases=record.phases[self._saved_phases :],
        )
        self._saved_phases = len(record.phases)
        self._closed = True
        self.last_error = None
        self._unsubscribe()

    def set_pain_after(self, pain_after: int | None, note: str | None = None) -> None:
        """The person's answer after the session: pain score and an optional note."""
        self._store.update_session(
            self.session_id, pain_after=pain_after, note=KEEP if note is None else note
        )

    def write_waiting(self, folders: list[Path], pain_after: int | None = None) -> Path:
        """The whole session as a history export of one session, in the first of ``folders`` that takes it
        (then the temporary folder, then the home folder), for when the history cannot be written.

        ``sciatica-timer history import FILE`` later puts it in the history; it replaces the interrupted
        entry the history holds for it (same uid). Raises UserError if no folder could take it.
        """
        from sciatica_timer.core.diary import SessionDetail
        from sciatica_timer.core.history_format import export_document
        from sciatica_timer.storage.paths import FILE_MODE, open_no_link

        stored = self._store.session_detail(self.session_id)  # reading works on a full disk
        record = self._engine.record()
        summary = dataclasses.replace(
            stored.summary,
            id=0,
            ended=local_now(),
            status=record.status,
            stop_reason=record.stop_reason,
            pain_after=pain_after,
            active_s=record.active_s,
            paused_s=record.paused_s,
        )
        detail = SessionDetail(
            summary=summary, routine_snapshot=stored.routine_snapshot, phases=tuple(record.phases)
        )
        text = json.dumps(export_document([detail], [], local_now()), ensure_ascii=False, indent=2) + "\n"
        name = f"sciatica-timer-unsaved-session-{summary.uid[:12]}.json"
        tried = []
        for folder in [*folders, Path(tempfile.gettempdir()), Path.home()]:
            target = folder / name
            try:
                fd = open_no_link(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
                with os.fdopen(fd, "wb") as stream:
                    stream.write(text.encode("utf-8"))
                    stream.flush()
                    os.fsync(stream.fileno())
            except (OSError, UserError) as exc:
                tried.append(f"{folder}: {getattr(exc, 'strerror', None) or exc}")
                with contextlib.suppress(OSError):
                    target.unlink()  # never leave half of it
                continue
            log.warning("session %d waits in %s", self.session_id, target)
            return target
        raise UserError(_("the session could not be kept anywhere ({join})").format(join="; ".join(tried)))
