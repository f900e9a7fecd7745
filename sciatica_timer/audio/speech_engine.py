"""Which speech engine can speak here: asked by the settings (through the sound process) and by the prompts.

Kept apart from the prompts so that the sound process can answer ``--speech-probe`` without the rest.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from sciatica_timer.audio.processes import quiet_qt_multimedia
from sciatica_timer.core.i18n import N_, _

if TYPE_CHECKING:
    from PySide6.QtTextToSpeech import QTextToSpeech

# Qt's own engine for its tests: it accepts text and says nothing, so it never counts as available.
TEST_ENGINE = "mock"
INSTALL_HINT = N_("on Debian or Ubuntu: apt-get install speech-dispatcher")


def _open_engine(name: str | None = None) -> tuple[QTextToSpeech | None, str]:
    """A working QTextToSpeech (``name``, or the first real engine that works), or None and why not."""
    quiet_qt_multimedia()
    try:
        from PySide6.QtTextToSpeech import QTextToSpeech
    except ImportError as exc:
        return None, _("QtTextToSpeech could not be loaded ({exc})").format(exc=exc)
    names = [name] if name else [e for e in QTextToSpeech.availableEngines() if e != TEST_ENGINE]
    if not names:
        return None, _("no speech engine is installed ({INSTALL_HINT})").format(INSTALL_HINT=_(INSTALL_HINT))
    problems = []
    for engine in names:
        speech = QTextToSpeech(engine)
        if speech.state() is not QTextToSpeech.State.Error:
            return speech, ""
        problems.append(f"{engine}: {speech.errorString() or _('does not start')}")
        speech.deleteLater()
    return None, _("no speech engine works ({join}; {INSTALL_HINT})").format(
        join="; ".join(problems), INSTALL_HINT=_(INSTALL_HINT)
    )


@functools.cache
def speech_availability() -> tuple[bool, str]:
    """Whether spoken prompts can be offered, and if not, why (one line for the settings page).

    Needs a running QCoreApplication. Answered once per process: probing loads the engines.
    """
    speech, reason = _open_engine()
    if speech is None:
        return False, reason
    speech.deleteLater()
    return True, ""
