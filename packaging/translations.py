"""``make translations``: extract the marked sentences and the shipped content, update each language's
catalogue, write the pseudo-locale, and compile every catalogue to the ``.mo`` files the app reads.

    python packaging/translations.py            # update everything (running it twice changes nothing)
    python packaging/translations.py --check    # exit 1, naming the files, if anything is out of date
    python packaging/translations.py --add fr   # start a new language's catalogues

Two domains, each a template (.pot) and one .po per language under resources/locale/:
  messages  the app's own sentences, found in the code by Babel through babel.cfg (keywords _, ngettext,
            pgettext, npgettext, N_), with "Translators:" comments;
  content   the points (resources/points.json) and the built-in routines (resources/routines/*.json), one
            entry per text with a context naming the point or routine and the field.
Dates in the headers are fixed so that the output depends only on the sources.
"""

from __future__ import annotations

import argparse
import io
import json
import re
import sys
from datetime import UTC, datetime
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from sciatica_timer.core.content_text import point_texts, routine_texts  # noqa: E402

LOCALE_DIR = ROOT / "resources" / "locale"
DOMAINS = ("messages", "content")
PSEUDO = "en_XA"
KEYWORDS = {
    "_": None,
    "ngettext": (1, 2),
    "pgettext": ((1, "c"), 2),
    "npgettext": ((1, "c"), 2, 3),
    "N_": None,
}
FIXED_DATE = datetime(2026, 12, 6, tzinfo=UTC)  # the headers never change by themselves
WIDTH = 100


def _new_catalog(locale: str | None = None) -> Catalog:
    catalog = Catalog(
        locale=locale,
        project="Sciatica Timer",
        version="0.1",
        copyright_holder="The Sciatica Timer team",
        msgid_bugs_address="",
        creation_date=FIXED_DATE,
        revision_date=FIXED_DATE,
        fuzzy=False,
    )
    catalog.last_translator = "The Sciatica Timer team"
    catalog.language_team = "The Sciatica Timer team"
    return catalog


def extract_messages() -> Catalog:
    with (ROOT / "babel.cfg").open(encoding="utf-8") as config:
        method_map, options_map = parse_mapping_cfg(config)
    catalog = _new_catalog()
    found = extract_from_dir(
        str(ROOT),
        method_map,
        options_map,
        keywords=KEYWORDS,
        comment_tags=("Translators:",),
        strip_comment_tags=True,
    )
    for filename, lineno, message, comments, context in found:
        catalog.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return catalog


def extract_content() -> Catalog:
    catalog = _new_catalog()
    points = ROOT / "resources" / "points.json"
    sources = [(points, point_texts(json.loads(points.read_text(encoding="utf-8"))))]
    for path in sorted((ROOT / "resources" / "routines").glob("*.json")):
        sources.append((path, routine_texts(json.loads(path.read_text(encoding="utf-8")))))
    for path, texts in sources:
        where = path.relative_to(ROOT).as_posix()
        for context, english in texts:
            catalog.add(english, None, [(where, None)], context=context)
    return catalog


# ----------------------------------------------------------------------------------------------------
# The pseudo-locale: every letter accented, each text about 40 % longer, placeholders kept as they are

_ACCENTED = dict(
    zip(
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
        "áƀçđéƒĝĥíĵķĺɱñóƥǫŕšţúṽŵẋýžÁƁÇĐÉƑĜĤÍĴĶĹṀÑÓƤǪŔŠŢÚṼŴẊÝŽ",
        strict=True,
    )
)
_PROTECTED = re.compile(
    r"%\([^)]*\)[-#0 +]*\d*(?:\.\d+)?[a-zA-Z]|%[-#0 +]*\d*(?:\.\d+)?[a-zA-Z%]|\{[^{}]*\}|<[^<>]*>|&\w+;"
)
_PADDING = " ·ĺóñĝéŕ ţéẋţ"
_PATTERN_CONTEXT = "date format"  # entries that are patterns for the machine, not words for the person


def pseudo(text: str) -> str:
    out = []
    position = 0
    for match in _PROTECTED.finditer(text):
        out.append("".join(_ACCENTED.get(c, c) for c in text[position : match.start()]))
        out.append(match.group())
        position = match.end()
    out.append("".join(_ACCENTED.get(c, c) for c in text[position:]))
    body = "".join(out)
    extra = max(0, round(len(text) * 0.4) - 2)  # the brackets count too
    padding = (_PADDING * (extra // len(_PADDING) + 1))[:extra]
    return f"⟦{body}{padding}⟧" if text.strip() else text


def pseudo_catalog(template: Catalog) -> Catalog:
    catalog = _new_catalog(PSEUDO.replace("_XA", ""))
    for message in template:
        if not message.id:
            continue
        if isinstance(message.id, tuple | list):
            string: str | tuple[str, ...] = tuple(pseudo(part) for part in message.id)
        elif (message.context or "").startswith(_PATTERN_CONTEXT):
            string = message.id  # a Qt date pattern ("d MMM"): accented letters would print as themselves
        else:
            string = pseudo(message.id)
        catalog.add(
            message.id,
            string,
            message.locations,
            auto_comments=message.auto_comments,
            flags=message.flags,
            context=message.context,
        )
    return catalog


# ----------------------------------------------------------------------------------------------------


def _po_bytes(catalog: Catalog, *, template: bool = False) -> bytes:
    buffer = io.BytesIO()
    catalog.revision_date = FIXED_DATE
    catalog.creation_date = FIXED_DATE
    write_po(
        buffer,
        catalog,
        width=WIDTH,
        omit_header=False,
        sort_output=False,
        sort_by_file=False,
        include_previous=False,
        ignore_obsolete=True,
    )
    text = buffer.getvalue()
    if template:
        text = text.replace(
            b'"PO-Revision-Date: 2026-12-06 00:00+0000\\n"', b'"PO-Revision-Date: YEAR-MO-DA HO:MI+ZONE\\n"'
        )
    return text


def _mo_bytes(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    return buffer.getvalue()


def _read(path: Path, locale: str) -> Catalog:
    with path.open("rb") as stream:
        return read_po(stream, locale=locale)


def _languages() -> list[str]:
    return sorted(p.stem for p in (LOCALE_DIR / "messages").glob("*.po") if p.stem != PSEUDO)


def build() -> dict[Path, bytes]:
    """Every generated file's path and its contents."""
    files: dict[Path, bytes] = {}
    templates = {"messages": extract_messages(), "content": extract_content()}
    for domain, template in templates.items():
        files[LOCALE_DIR / f"{domain}.pot"] = _po_bytes(template, template=True)
        for language in _languages():
            po_path = LOCALE_DIR / domain / f"{language}.po"
            catalog = _read(po_path, language) if po_path.exists() else _new_catalog(language)
            catalog.update(template, no_fuzzy_matching=True, update_header_comment=False)
            catalog.obsolete.clear()
            catalog.fuzzy = False
            # Read back what is written, so that the .mo has exactly the .po's contents.
            po = _po_bytes(catalog)
            files[po_path] = po
            files[po_path.with_suffix(".mo")] = _mo_bytes(read_po(io.BytesIO(po), locale=language))
        pseudo_po = _po_bytes(pseudo_catalog(template))
        files[LOCALE_DIR / domain / f"{PSEUDO}.po"] = pseudo_po
        files[LOCALE_DIR / domain / f"{PSEUDO}.mo"] = _mo_bytes(read_po(io.BytesIO(pseudo_po), locale="en"))
    return files


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--check", action="store_true", help="change nothing; exit 1 if a file is out of date"
    )
    parser.add_argument("--add", metavar="CODE", help="start catalogues for a new language, e.g. fr or pt_BR")
    args = parser.parse_args(argv)
    if args.add:
        for domain in DOMAINS:
            path = LOCALE_DIR / domain / f"{args.add}.po"
            if not path.exists():
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(_po_bytes(_new_catalog(args.add)))
    files = build()
    stale = [path for path, data in files.items() if not path.exists() or path.read_bytes() != data]
    if args.check:
        for path in stale:
            print(f"out of date: {path.relative_to(ROOT)} (run make translations)")
        return 1 if stale else 0
    for path in stale:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(files[path])
        print(f"wrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
