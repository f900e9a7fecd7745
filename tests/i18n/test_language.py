"""Choosing the language and using it: the environment and the setting, the content catalogue for the
shipped points and routines (never a person's own routine), dates and numbers, and Qt's own words."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from sciatica_timer.core import i18n
from sciatica_timer.core.settings import Settings, parse_settings, settings_to_dict
from sciatica_timer.translations import (
    available_languages,
    choose_language,
    format_date,
    format_datetime,
    format_decimal,
    format_weekday,
    install_language,
    normalize,
    wanted_languages,
)


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("de_DE.UTF-8", "de_DE"),
        ("de_DE.ISO-8859-15@euro", "de_DE"),
        ("pt-br", "pt_BR"),
        ("C", None),
        ("POSIX", None),
        ("C.UTF-8", None),
        ("", None),
        ("../de", None),
        ("deu_DEU_XXXXXXX", None),
    ],
)
def test_normalize(code: str, expected: str | None) -> None:
    assert normalize(code) == expected


def test_the_setting_wins_over_the_environment() -> None:
    assert wanted_languages("de", {"LANG": "fr_FR.UTF-8"}) == ["de"]
    assert wanted_languages("system", {"LANG": "fr_FR.UTF-8"}) == ["fr_FR"]
    assert wanted_languages("system", {"LANGUAGE": "de:fr", "LANG": "en_GB.UTF-8"}) == ["de", "fr", "en_GB"]
    assert wanted_languages("system", {"LC_ALL": "C", "LANGUAGE": "de"}) == []
    assert wanted_languages("system", {}) == []


def test_a_language_without_a_catalogue_falls_back_to_english() -> None:
    assert choose_language("system", {"LANG": "de_CH.UTF-8"}) == "de"
    assert choose_language("system", {"LANG": "ja_JP.UTF-8"}) == "en"
    assert choose_language("system", {"LANGUAGE": "ja:de", "LANG": "ja_JP.UTF-8"}) == "de"
    assert {"de", "en", "en_XA"} <= set(available_languages())


def test_the_language_setting_is_read_and_written_only_when_chosen() -> None:
    assert "language" not in settings_to_dict(Settings())
    reading = parse_settings(settings_to_dict(Settings()) | {"language": "de"})
    assert reading.settings.language == "de"
    assert reading.problems == ()
    bad = parse_settings(settings_to_dict(Settings()) | {"language": ["de"]})
    assert bad.settings.language == "system"
    problem = 'language: a list is not "system" or a language code such as "de"'
    assert [str(p) for p in bad.problems] == [problem]


@pytest.mark.usefixtures("english_again")
def test_german_points_and_routines_but_a_persons_own_routine_keeps_its_words(tmp_path: Path) -> None:
    from sciatica_timer.storage.resources import load_point_library
    from sciatica_timer.storage.routine_files import RoutineRepository, load_routine_file

    install_language("de")
    load_point_library.cache_clear()
    points = load_point_library()
    kd1 = points.get("KD1")
    assert kd1.english_name == "Sprudelnde Quelle"
    assert kd1.meridian_label == "Niere 1"
    assert "Zehen ein" in kd1.locate[0]
    repository = RoutineRepository(tmp_path / "routines", points)
    quick = repository.get("quick-desk")
    assert quick.name == "Kurze Pause am Schreibtisch"
    # The person's own copy, with the same English words as the shipped routine, stays in English.
    mine = tmp_path / "mine.json"
    repository.export("quick-desk", mine)
    text = mine.read_text(encoding="utf-8").replace('"quick-desk"', '"mine"')
    text = text.replace("Kurze Pause am Schreibtisch", "Quick desk break")
    mine.write_text(text, encoding="utf-8")
    assert load_routine_file(mine, points).name == "Quick desk break"


@pytest.mark.usefixtures("english_again")
def test_firm_pressure_and_the_mat_are_still_recognised_in_german() -> None:
    from sciatica_timer.core.safety import is_mat_step, pressure_text
    from sciatica_timer.storage.resources import load_point_library
    from sciatica_timer.storage.routine_files import load_builtin_routines

    install_language("de")
    load_point_library.cache_clear()
    points = load_point_library()
    assert pressure_text(points.get("BL23"), lighter=True) == (
        "Beginnen Sie sanft und bleiben Sie bei einem leichten, angenehmen Druck; hören Sie sofort auf, "
        "wenn es stechend wird."
    )
    mat = next(r for r in load_builtin_routines(points)[0] if r.id == "acupressure-mat")
    assert all(is_mat_step(step) for step in mat.steps)


@pytest.mark.usefixtures("english_again")
def test_dates_and_numbers_the_german_way() -> None:
    day = date(2026, 12, 6)
    assert (format_date(day), format_decimal(4.5), format_weekday(day)) == ("2026-12-06", "4.5", "Sun")
    install_language("de")
    assert format_date(day) == "06.12.2026"
    assert format_datetime(datetime(2026, 12, 6, 14, 5)) == "06.12.26 14:05"
    assert format_decimal(4.5) == "4,5"
    assert format_weekday(day) == "So."
    assert format_weekday(day, "wide") == "Sonntag"


@pytest.mark.usefixtures("english_again")
def test_plurals_come_from_the_catalogue() -> None:
    install_language("de")
    assert i18n.ngettext("{count} round", "{count} rounds", 1).format(count=1) == "1 Durchgang"
    assert i18n.ngettext("{count} round", "{count} rounds", 4).format(count=4) == "4 Durchgänge"
    assert i18n.pgettext("routine file check", "ok") == "in Ordnung"
    assert i18n.language() == "de"


@pytest.mark.usefixtures("english_again")
def test_qt_standard_buttons_in_german(qapp: object) -> None:
    from PySide6.QtCore import QLocale, QTranslator
    from PySide6.QtWidgets import QApplication, QDialogButtonBox

    from sciatica_timer.app import install_qt_translations

    assert isinstance(qapp, QApplication)
    before = QLocale()
    install_language("de")
    try:
        assert install_qt_translations(qapp)
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel | QDialogButtonBox.StandardButton.Save)
        texts = {button.text().replace("&", "") for button in box.buttons()}
        assert texts == {"Abbrechen", "Speichern"}
        assert QLocale().decimalPoint() == ","
    finally:  # the other tests in this process type "5.5" into English spin boxes
        for translator in qapp.findChildren(QTranslator):
            qapp.removeTranslator(translator)
            translator.deleteLater()
        QLocale.setDefault(before)
