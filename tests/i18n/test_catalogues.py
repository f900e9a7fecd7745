"""The catalogues: every sentence marked, German complete and faithful to the placeholders, the compiled
files and the template in step with the code, the pseudo-locale accented and longer."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from tests.i18n.unmarked import REPO, scan

LOCALE = REPO / "resources" / "locale"
DOMAINS = ("messages", "content")
_BRACES = re.compile(r"(?<!\{)\{([^{}]*)\}(?!\})")
# printf-style conversions; a space flag is left out, so that "95% interval" or "30 %" in prose is not one.
_PERCENT = re.compile(r"%(?:\([^)]*\))?[-#0+]*\d*(?:\.\d+)?[diouxXeEfFgGcrs%]")


def catalogue(domain: str, language: str) -> Catalog:
    with (LOCALE / domain / f"{language}.po").open("rb") as stream:
        return read_po(stream, locale=language.split("_", maxsplit=1)[0])


def placeholders(text: str) -> tuple[list[str], list[str]]:
    return sorted(_BRACES.findall(text)), sorted(_PERCENT.findall(text))


def test_every_sentence_in_the_package_is_marked() -> None:
    found = scan(REPO / "sciatica_timer")
    assert found == [], "mark these with _() (see sciatica_timer/core/i18n.py):\n" + "\n".join(
        map(str, found)
    )


def test_the_scanner_finds_an_unmarked_sentence(tmp_path: Path) -> None:
    module = tmp_path / "words.py"
    module.write_text(
        '"""A docstring is not shown."""\n'
        "from sciatica_timer.core.i18n import _\n"
        "def f(n):\n"
        '    log.info("a line for the log")\n'
        '    raise ValueError("for a programmer")\n'
        '    print(_("marked and fine"))\n'
        '    print("Press the point")\n'
        '    return f"{n} rounds left"\n'
        "TITLE = f\"{_('hidden from Babel')}\"\n",
        encoding="utf-8",
    )
    texts = [finding.text for finding in scan(tmp_path, exempt=())]
    assert texts == ["Press the point", " rounds left", "marked inside an f-string"]


@pytest.mark.parametrize("domain", DOMAINS)
def test_the_german_catalogue_is_complete(domain: str) -> None:
    untranslated, fuzzy = [], []
    for message in catalogue(domain, "de"):
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple | list) else (message.string,)
        if not all(strings):
            untranslated.append(message.id)
        if message.fuzzy:
            fuzzy.append(message.id)
    assert untranslated == [], f"untranslated in {domain}/de.po"
    assert fuzzy == [], f"fuzzy in {domain}/de.po"


@pytest.mark.parametrize("language", ["de", "en_XA"])
@pytest.mark.parametrize("domain", DOMAINS)
def test_translations_keep_every_placeholder(domain: str, language: str) -> None:
    wrong = []
    for message in catalogue(domain, language):
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple | list) else (message.id,)
        strings = message.string if isinstance(message.string, tuple | list) else (message.string,)
        wanted = placeholders(ids[-1])
        for string in map(str, strings):
            # A singular form may leave out the number ("jeden Tag" for "every 1 day").
            got = placeholders(string)
            if got != wanted and not (len(ids) > 1 and set(got[0]) <= set(wanted[0]) and got[1] == wanted[1]):
                wrong.append((message.id, string))
    assert wrong == []


def test_the_compiled_catalogues_and_the_templates_are_up_to_date() -> None:
    """What `make translations` would write is what is committed: extraction is reproducible and every .mo
    matches its .po."""
    result = subprocess.run(
        [sys.executable, str(REPO / "packaging" / "translations.py"), "--check"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_pseudo_locale_is_accented_and_longer() -> None:
    plain = re.compile(r"[A-Za-z]{3,}")
    for message in catalogue("messages", "en_XA"):
        if not message.id or isinstance(message.id, tuple | list):
            continue
        string = str(message.string)
        if (message.context or "").startswith("date format"):  # a Qt pattern: kept as it is, or it breaks
            assert string == message.id
            continue
        text = _BRACES.sub("", string)
        text = re.sub(r"<[^>]*>|%\S", "", text)
        assert not plain.search(text), string
        if len(message.id) >= 10:
            assert len(string) >= len(message.id) * 1.3, string
