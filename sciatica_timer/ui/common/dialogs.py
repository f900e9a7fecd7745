"""The window's questions: one place, so every "are you sure?" looks the same (and tests can answer them)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMessageBox


def ask(parent: QWidget, title: str, text: str, yes: str, no: str) -> bool:
    """A yes/no question with the answers in words; Esc and Enter both pick the safe answer, ``no``."""
    from PySide6.QtWidgets import QMessageBox  # not needed to paint the first window

    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(title)
    box.setText(text)
    yes_button = box.addButton(yes, QMessageBox.ButtonRole.DestructiveRole)
    no_button = box.addButton(no, QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(no_button)
    box.setEscapeButton(no_button)
    box.exec()
    return box.clickedButton() is yes_button


def choose(parent: QWidget, title: str, text: str, answers: Sequence[str], cancel: str) -> str:
    """A question with several answers in words, the first the default; Esc picks ``cancel``."""
    box = choice_box(parent, title, text, answers, cancel)
    box.exec()
    clicked = box.clickedButton()
    return clicked.text() if clicked is not None and clicked.text() in answers else cancel


def save_or_discard(parent: QWidget, title: str, text: str, *, save: str, discard: str, cancel: str) -> str:
    """Unsaved changes: ``save`` (the default, on Enter), ``discard``, or ``cancel`` (Esc); returns the words
    of the answer picked. Goes through ``choose``, so a test that answers ``choose`` answers this too."""
    return choose(parent, title, text, (save, discard), cancel)


def choice_box(parent: QWidget, title: str, text: str, answers: Sequence[str], cancel: str) -> QMessageBox:
    """The box ``choose`` shows (the screenshot tour draws it too)."""
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(title)
    box.setText(text)
    buttons = [box.addButton(answer, QMessageBox.ButtonRole.ActionRole) for answer in answers]
    cancel_button = box.addButton(cancel, QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(buttons[0])
    box.setEscapeButton(cancel_button)
    return box
