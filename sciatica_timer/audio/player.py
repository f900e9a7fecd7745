"""Plays the cue sounds of a session with QSoundEffect, and shows every cue even where no sound can play.

QtMultimedia is imported by ``CuePlayer.load()``, when a session starts, never on the way to the first
window. Each sound is loaded once then; a cue afterwards only calls ``play()`` on a ready effect.
"""

from __future__ import annotations

import logging
from importlib import resources as package_files
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QLoggingCategory, QObject, Qt, QTimer, QUrl, Signal

from sciatica_timer.core.clock import Clock, real_delay_s
from sciatica_timer.core.cues import Cue, CueScript, CueSettings
from sciatica_timer.core.session_events import SessionCompleted, SessionEvent, SessionStopped

if TYPE_CHECKING:
    from PySide6.QtMultimedia import QSoundEffect

log = logging.getLogger(__name__)

SOUNDS_PACKAGE = "sciatica_timer.resources"
SOUNDS_DIR = "sounds"
# Qt looks for a PipeWire library first and warns when there is none; it then uses PulseAudio (PipeWire's
# own PulseAudio service included), so that warning, like the FFmpeg version banner, is noise to a user.
_QUIET_QT_CATEGORIES = "qt.multimedia.symbolsresolver.warning=false\nqt.multimedia.ffmpeg.info=false"
_reported: set[str] = set()  # problems already logged by this process: each is logged once


def sounds_dir() -> Path:
    """The folder of cue WAVs shipped in the package."""
    folder = package_files.files(SOUNDS_PACKAGE).joinpath(SOUNDS_DIR)
    if not isinstance(folder, Path):
        raise FileNotFoundError("the cue sounds are inside an archive; QSoundEffect needs files on disk")
    return folder


def quiet_qt_multimedia() -> None:
    """Silence QtMultimedia's start-up noise; call before its first import."""
    QLoggingCategory.setFilterRules(_QUIET_QT_CATEGORIES)


def _output_problem() -> str:
    """Why no sound can play here, or "" when QtMultimedia loads and finds an output."""
    quiet_qt_multimedia()
    try:
        from PySide6.QtMultimedia import QMediaDevices
    except ImportError as exc:
        # libQt6Multimedia links libpulse: without it (or without the Addons wheel) the import fails.
        return f"QtMultimedia could not be loaded ({exc})"
    if not QMediaDevices.audioOutputs():
        return "no sound output was found (no sound server or sound device)"
    return ""


def sound_availability() -> tuple[bool, str]:
    """Whether cues can make sound, and if not, why, in one line for a settings page.

    Needs a QCoreApplication.
    """
    try:
        problem = _output_problem()
    except Exception as exc:  # noqa: BLE001 - a broken sound stack means "no sound", never a crash
        problem = f"sound could not be set up: {exc}"
    return not problem, problem


def _report_once(reason: str) -> None:
    if reason not in _reported:
        _reported.add(reason)
        log.warning("no sound cues: %s; cues are shown on screen only", reason)


class CuePlayer(QObject):
    """Turns session events into cue sounds, following ``CueSettings``.

    ``cue_shown(name)`` is emitted for every cue the settings switch on, whether or not a sound plays (muted,
    or no sound device): a window can flash its phase label with it. When sound cannot play, ``available``
    is False and ``unavailable_reason`` says why in one line; the problem is logged once per process.
    """

    cue_shown = Signal(str)  # a Cue value: "press", "tick", ...
    ready = Signal()  # every sound is loaded, or it is known that none can play
    quiet = Signal()  # the last sound playing has finished

    def __init__(
        self,
        clock: Clock,
        settings: CueSettings | None = None,
        parent: QObject | None = None,
        *,
        sounds: Path | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("cue-player")
        self._clock = clock
        self._script = CueScript(settings)
        self._sounds = sounds
        self._effects: dict[Cue, QSoundEffect] = {}
        self._loading: set[Cue] = set()
        self._loaded = False
        self._reason = ""
        # The one timer for breath cues inside a breathe phase, re-armed for the next one.
        self._breath = QTimer(self)
        self._breath.setObjectName("breath-cue")
        self._breath.setSingleShot(True)
        self._breath.setTimerType(Qt.TimerType.PreciseTimer)
        self._breath.timeout.connect(self._on_breath_due)

    # -- state -------------------------------------------------------------------------------------------

    @property
    def available(self) -> bool:
        """Whether cues make sound (before ``load()``: not yet known, so False)."""
        return self._loaded and not self._reason

    @property
    def unavailable_reason(self) -> str:
        """Why no sound plays, in one line; empty when sound works or ``load()`` was not called yet."""
        return self._reason

    def is_ready(self) -> bool:
        """Loaded: every sound can play at once, or it is settled that none can."""
        return self._loaded and not self._loading

    @property
    def settings(self) -> CueSettings:
        return self._script.settings

    def set_settings(self, settings: CueSettings) -> None:
        """Apply new settings at once, mid-session too."""
        self._script.settings = settings
        for effect in self._effects.values():
            effect.setVolume(settings.volume)
            effect.setMuted(settings.muted)

    # -- loading -----------------------------------------------------------------------------------------

    def load(self) -> None:
        """Prepare every sound once; call when a session starts. Never raises: a problem means no sound.

        ``ready`` is emitted when done (at once if sound is unavailable); loading goes on in the background.
        """
        if self._loaded:
            return
        self._loaded = True
        try:
            self._load_effects()
        except Exception as exc:  # noqa: BLE001 - any failure to set up sound must leave a silent, working session
            self._set_unavailable(f"sound could not be set up: {exc}")
        if not self._loading:
            self.ready.emit()

    def _load_effects(self) -> None:
        problem = _output_problem()
        if problem:
            self._set_unavailable(problem)
            return
        from PySide6.QtMultimedia import QSoundEffect

        folder = self._sounds or sounds_dir()
        settings = self.settings
        for cue in Cue:
            path = folder / f"{cue.value}.wav"
            if not path.is_file():
                self._set_unavailable(f"{path}: the sound file is missing")
                return
            effect = QSoundEffect(self)
            effect.setObjectName(f"cue-{cue.value}")
            effect.setVolume(settings.volume)
            effect.setMuted(settings.muted)
            effect.statusChanged.connect(lambda cue=cue: self._on_status(cue))
            effect.playingChanged.connect(self._on_playing_changed)
            self._effects[cue] = effect
            self._loading.add(cue)
            effect.setSource(QUrl.fromLocalFile(str(path)))

    def _on_status(self, cue: Cue) -> None:
        from PySide6.QtMultimedia import QSoundEffect

        effect = self._effects.get(cue)
        if effect is None or cue not in self._loading:
            return
        status = effect.status()
        if status is QSoundEffect.Status.Loading:
            return
        self._loading.discard(cue)
        if status is QSoundEffect.Status.Error:
            self._set_unavailable(f"{effect.source().toLocalFile()}: the sound could not be loaded")
        if not self._loading:
            self.ready.emit()

    def _set_unavailable(self, reason: str) -> None:
        if not self._reason:
            self._reason = reason
            _report_once(reason)
        for effect in self._effects.values():
            effect.stop()
        self._effects.clear()
        self._loading.clear()

    # -- playing -----------------------------------------------------------------------------------------

    def handle_event(self, event: Any) -> None:
        """Play the cue a session event calls for; connect ``SessionTimer.engine_event`` here."""
        if not isinstance(event, SessionEvent):
            return
        cue = self._script.on_event(event)
        if cue is not None:
            self.play(cue)
        if isinstance(event, SessionCompleted | SessionStopped):
            self._breath.stop()
        else:
            self._arm_breath()

    def play(self, cue: Cue) -> None:
        """Sound ``cue`` now (unless muted or no sound) and show it; also for a settings page's preview."""
        effect = self._effects.get(cue)
        if effect is not None and not self.settings.muted:
            # One sound at a time: in Qt 6.11 two QSoundEffects playing together on PulseAudio can leave a
            # socket notifier on a closed stream and spin the event loop at full CPU. At 1x no two cues
            # overlap; in a fast preview the newer cue cuts the older one short.
            for other in self._effects.values():
                if other.isPlaying():
                    other.stop()
            effect.play()
        self.cue_shown.emit(cue.value)

    def is_playing(self) -> bool:
        return any(effect.isPlaying() for effect in self._effects.values())

    def shutdown(self) -> None:
        """Stop the breath timer and every sound (the session ended or the window closes)."""
        self._breath.stop()
        for effect in self._effects.values():
            effect.stop()

    def _on_playing_changed(self) -> None:
        if not self.is_playing():
            self.quiet.emit()

    def _arm_breath(self) -> None:
        due = self._script.next_due()
        if due is None:
            self._breath.stop()
        else:
            self._breath.start(int(real_delay_s(self._clock, due) * 1000))

    def _on_breath_due(self) -> None:
        cue = self._script.due(self._clock.now())
        if cue is not None:
            self.play(cue)
        self._arm_breath()
