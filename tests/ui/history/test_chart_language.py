"""The history chart's date axis and hover texts in the person's language: German month and weekday names
(the month as it stands alone, "Mär", and in a date, "3. März"), read from the axis as it draws them."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta, timezone

import pytest
from PySide6.QtCore import QLocale
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

from sciatica_timer.core import i18n
from sciatica_timer.translations import install_language
from sciatica_timer.ui.history import history_words as words
from sciatica_timer.ui.history.history_chart import TimeAxis

WINTER = timezone(timedelta(hours=1))


@pytest.fixture
def german(qapp: QApplication) -> Iterator[None]:
    """German as the app installs it at start-up: the catalogues and the default QLocale."""
    before = QLocale()
    install_language("de")
    QLocale.setDefault(QLocale(QLocale.Language.German, QLocale.Country.Germany))
    yield
    i18n.reset()
    QLocale.setDefault(before)


def _ticks(first: datetime, days: float, width_px: float) -> list[str]:
    axis = TimeAxis(QFont())
    axis.origin_s = first.timestamp()
    axis.offset_min = 60
    ((_spacing, values),) = axis.tickValues(0.0, days, width_px)
    return axis.tickStrings(values, 1.0, 1.0)


@pytest.mark.usefixtures("german")
def test_month_ticks_are_german() -> None:
    labels = _ticks(datetime(2024, 11, 20, tzinfo=WINTER), 200, 900)
    assert labels[:6] == ["Dez", "Jan 2025", "Feb", "Mär", "Apr", "Mai"]


@pytest.mark.usefixtures("german")
def test_day_ticks_write_the_day_the_german_way() -> None:
    labels = _ticks(datetime(2025, 2, 27, tzinfo=WINTER), 8, 900)
    assert "3. März" in labels
    assert "1. März" in labels


@pytest.mark.usefixtures("german")
def test_the_hover_names_the_weekday_in_german() -> None:
    monday = datetime(2025, 3, 3, 8, 25, tzinfo=WINTER)
    assert words.moment_words(monday.timestamp(), 60) == "Mo., 3. März 2025, 08:25"
    assert words.number_words(5.75) == "5,8"


def test_english_ticks_stay_as_they_were(qapp: QApplication) -> None:
    i18n.reset()
    labels = _ticks(datetime(2024, 11, 20, tzinfo=WINTER), 200, 900)
    assert labels[:6] == ["Dec", "Jan 2025", "Feb", "Mar", "Apr", "May"]
