"""The window's words in another language: through the catalogue, with the language's day and month names.

A small German catalogue stands in for the shipped one (built on another branch); what is tested is that these
words go through it at all, and that nothing English is glued around them.
"""

from __future__ import annotations

import gettext
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone

import pytest
from PySide6.QtCore import QLocale

from sciatica_timer.core import i18n
from sciatica_timer.core.plan import Side
from sciatica_timer.ui.common.words import (
    SIDE_IN_SENTENCE,
    duration_words,
    in_sentence,
    pain_change_words,
    pain_words,
    time_left_text,
    when_words,
)

GERMAN = {
    "moderate": "mittel",
    "worst imaginable": "schlimmstmöglich",
    "{minutes} min": "{minutes} Min.",
    "{clock} left": "noch {clock}",
    "{before} → {after} ({change} less)": "{before} → {after} ({change} weniger)",
    "today at {time}": "heute um {time}",
    "{date} at {time}": "{date} um {time}",
    "left side": "linke Seite",
}
GERMAN_IN_CONTEXT = {
    ("Qt time format", "HH:mm"): "HH:mm",
    ("Qt date format, this year", "ddd d MMM"): "ddd, d. MMM",
    ("Qt date format, another year", "d MMM yyyy"): "d. MMM yyyy",
    ("pain score", "{score} before"): "{score} vorher",
}


class _Catalogue(gettext.NullTranslations):
    def gettext(self, message: str) -> str:
        return GERMAN.get(message, message)

    def pgettext(self, context: str, message: str) -> str:
        return GERMAN_IN_CONTEXT.get((context, message), message)


@pytest.fixture
def german() -> Iterator[None]:
    before = QLocale()
    try:
        i18n.install(_Catalogue(), language="de")
        QLocale.setDefault(QLocale("de_DE"))
        yield
    finally:
        i18n.reset()
        QLocale.setDefault(before)


@pytest.mark.usefixtures("german")
def test_pain_words_and_changes_come_from_the_catalogue() -> None:
    assert pain_words(5) == "mittel"
    assert pain_words(10) == "schlimmstmöglich"
    assert pain_change_words(6, 3) == "6 → 3 (3 weniger)"
    assert pain_change_words(4, None) == "4 vorher"


@pytest.mark.usefixtures("german")
def test_lengths_and_time_left_come_from_the_catalogue() -> None:
    assert duration_words(12 * 60) == "12 Min."
    assert time_left_text(1450) == "noch 24:10"


@pytest.mark.usefixtures("german")
def test_dates_use_the_languages_day_and_month_names() -> None:
    zone = timezone(timedelta(hours=1))
    now = datetime(2024, 5, 15, 10, 0, tzinfo=zone)
    assert when_words(datetime(2024, 5, 15, 8, 30, tzinfo=zone), now) == "heute um 08:30"
    assert when_words(datetime(2024, 5, 13, 8, 30, tzinfo=zone), now) == "Mo., 13. Mai um 08:30"
    assert when_words(datetime(2023, 12, 1, 8, 30, tzinfo=zone), now) == "1. Dez. 2023 um 08:30"


@pytest.mark.usefixtures("german")
def test_words_in_a_sentence_keep_their_capitals() -> None:
    # German nouns keep their capital letter mid-sentence: nothing is lower-cased behind the catalogue's back.
    assert i18n._(SIDE_IN_SENTENCE[Side.LEFT]) == "linke Seite"
    assert in_sentence("Sanfter Gang") == "Sanfter Gang"


def test_english_titles_are_lower_case_in_a_sentence() -> None:
    assert in_sentence("Gentle walk") == "gentle walk"
