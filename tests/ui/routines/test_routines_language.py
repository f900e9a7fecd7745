"""The routines screens, the editor, the handout and the help speak the installed language: their words
come from the catalogue (plurals and contexts included), their dates and decimals from the QLocale of that
language, and a routine's own words stay as the person wrote them."""

from __future__ import annotations

import gettext
import shutil
import subprocess
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import QApplication

from sciatica_timer.core import i18n
from sciatica_timer.core.plan import BreathingPattern
from sciatica_timer.core.routines import PointStep, RestStep, Routine, Sides
from sciatica_timer.storage.resources import load_point_library
from sciatica_timer.ui.help_window import help_html
from sciatica_timer.ui.routines import handout
from sciatica_timer.ui.routines.routine_words import routine_facts, step_facts
from tests.ui.player_support import Harness
from tests.ui.routines.test_routine_editor import CTRL, key, open_routines

# A few entries of a German catalogue, as msgfmt would give them: (context, English) -> German; a plural's
# English is its singular, and its German the two forms.
GERMAN: dict[tuple[str | None, str], str | tuple[str, str]] = {
    (None, "Your routines"): "Ihre Routinen",
    (None, "New routine"): "Neue Routine",
    ("button", "Start"): "Starten",
    (None, "Save handout as PDF…"): "Übungsblatt als PDF…",
    (None, "about {duration}"): "etwa {duration}",
    (None, "{count} step"): ("{count} Schritt", "{count} Schritte"),
    (None, "{count} point: {codes}"): ("{count} Punkt: {codes}", "{count} Punkte: {codes}"),
    (None, "{count} round"): ("{count} Durchgang", "{count} Durchgänge"),
    (None, "both sides"): "beide Seiten",
    (None, "hold {seconds} s"): "{seconds} s halten",
    ("step kind", "Rest"): "Pause",
    (None, "Home routine"): "Routine für zu Hause",
    (None, "printed {date}"): "gedruckt am {date}",
    (None, "{title} · page {number}"): "{title} · Seite {number}",
    (None, "Breathe slowly throughout: in for {inhale} s, out for {exhale} s."): (
        "Atmen Sie die ganze Zeit langsam: {inhale} s ein, {exhale} s aus."
    ),
    (None, "{count} thing to fix before saving. {problems}."): (
        "Vor dem Speichern muss {count} Angabe korrigiert werden. {problems}.",
        "Vor dem Speichern müssen {count} Angaben korrigiert werden. {problems}.",
    ),
    (None, "<h3>Keyboard shortcuts</h3>"): "<h3>Tastenkürzel</h3>",
    ("keyboard keys", "Ctrl+N"): "Strg+N",
}


class Catalogue(gettext.NullTranslations):
    """The entries above, looked up the way gettext looks them up; English where there is none."""

    def gettext(self, message: str) -> str:
        found = GERMAN.get((None, message))
        return found if isinstance(found, str) else message

    def pgettext(self, context: str, message: str) -> str:
        found = GERMAN.get((context, message))
        return found if isinstance(found, str) else message

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        found = GERMAN.get((None, msgid1))
        if isinstance(found, tuple):
            return found[0] if n == 1 else found[1]
        return msgid1 if n == 1 else msgid2


@pytest.fixture
def german(qapp: QApplication) -> Iterator[None]:
    """German installed as the app installs a language at start-up: the catalogue and the default QLocale."""
    before = QLocale()
    i18n.install(Catalogue(), language="de")
    QLocale.setDefault(QLocale(QLocale.Language.German, QLocale.Country.Germany))
    try:
        yield
    finally:
        i18n.reset()
        QLocale.setDefault(before)


ROUTINE = Routine(
    id="home",
    name="Mein Abendprogramm",
    description="Nach dem Duschen.",
    steps=(
        PointStep("BL23", Sides.BOTH, 2, hold_s=30, breathing=BreathingPattern(5.5, 6)),
        RestStep(30, "Lie still for a moment."),
    ),
)


def test_a_routine_is_described_in_the_installed_language_with_its_plurals(german: None) -> None:
    assert routine_facts(ROUTINE) == "etwa 4 min · 2 Schritte · 1 Punkt: BL23"
    assert step_facts(ROUTINE.steps[0], 200) == "beide Seiten · 2 Durchgänge · 30 s halten · 3:20"


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs pdftotext (poppler-utils)")
def test_the_handout_writes_the_date_and_decimals_the_german_way(german: None, tmp_path: Path) -> None:
    content = handout.gather(ROUTINE, load_point_library(), datetime(2026, 5, 4, 18, 0).astimezone())
    path = handout.write_handout(tmp_path / "handout.pdf", content)
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True)
    text = " ".join(out.stdout.split())
    for expected in (
        "Routine für zu Hause · etwa 4 min · 2 Schritte · gedruckt am 4. Mai 2026",
        "Atmen Sie die ganze Zeit langsam: 5,5 s ein, 6 s aus.",
        "2 Pause",
        "Lie still for a moment.",  # the person's own words, as written
        "Mein Abendprogramm · Seite 1",
    ):
        assert expected in text, expected


def test_the_help_is_marked_paragraph_by_paragraph_and_keeps_its_markup(german: None, tmp_path: Path) -> None:
    from sciatica_timer.storage.paths import AppPaths

    html = help_html(AppPaths(tmp_path, tmp_path, tmp_path), load_point_library())
    assert "<h3>Tastenkürzel</h3>" in html
    assert "<b>Strg+N</b>" in html
    assert "Keyboard shortcuts" not in html


def test_the_routines_screen_and_the_editor_speak_the_installed_language(
    german: None, harness: Harness
) -> None:
    workshop = open_routines(harness)
    screen = workshop.screen
    assert screen.new_button.text() == "Neue Routine"
    assert screen.start_button.text() == "Starten"
    assert screen.handout_button.text() == "Übungsblatt als PDF…"
    headings = [screen.routine_list.item(row).text() for row in range(screen.routine_list.count())]
    assert "Ihre Routinen" in headings
    key(Qt.Key.Key_N, CTRL)
    editor = workshop.editor
    assert editor is not None
    # A new routine has no step yet: the one problem is counted in German (the problem's own words are the
    # validator's, translated in core).
    assert editor.status.text().startswith("Vor dem Speichern muss 1 Angabe korrigiert werden. ")
