"""Every sentence the app shows is in our own words: no run of 8 words is shared with the source article."""

from __future__ import annotations

import ast
import json
from collections.abc import Iterator
from pathlib import Path

from tests.own_words import RUN_WORDS, runs, source_hashes

ROOT = Path(__file__).resolve().parent.parent


def _json_strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _json_strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _json_strings(item)


def _python_strings(path: Path) -> Iterator[str]:
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            yield node.value
        elif isinstance(node, ast.JoinedStr):  # an f-string: its fixed parts, with a gap for each value
            parts = [str(p.value) if isinstance(p, ast.Constant) else " | " for p in node.values]
            yield "".join(parts)


def texts() -> Iterator[tuple[str, str]]:
    """(where, text) for every text the app, its docs and its resources hold."""
    for path in sorted((ROOT / "resources").rglob("*.json")):
        for text in _json_strings(json.loads(path.read_text(encoding="utf-8"))):
            yield str(path.relative_to(ROOT)), text
    for path in sorted((ROOT / "sciatica_timer").rglob("*.py")):
        for text in _python_strings(path):
            yield str(path.relative_to(ROOT)), text
    for path in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        yield str(path.relative_to(ROOT)), path.read_text(encoding="utf-8")
    metainfo = ROOT / "packaging" / "linux" / "io.github.sciatica_timer.SciaticaTimer.metainfo.xml"
    yield str(metainfo.relative_to(ROOT)), metainfo.read_text(encoding="utf-8")


def test_the_checker_finds_a_run_from_the_article() -> None:
    """The hashes are of the article's runs: a sentence built from one of them is caught."""
    hashes = source_hashes()
    assert len(hashes) > 1000
    title = "Unlock Relief: Discover the Best Pressure Points for Sciatica"  # the article's headline
    assert [run for h, run in runs(title) if h in hashes] == [
        "unlock relief discover the best pressure points for",
        "relief discover the best pressure points for sciatica",
    ]
    own = "Press the point gently and breathe slowly while you hold it for thirty seconds."
    assert not any(h in hashes for h, _ in runs(own))


def test_no_text_shares_a_run_of_eight_words_with_the_source_article() -> None:
    hashes = source_hashes()
    shared = sorted({(where, run) for where, text in texts() for h, run in runs(text) if h in hashes})
    assert shared == [], f"runs of {RUN_WORDS}+ words copied from the article: {shared}"


def test_the_readme_lists_every_warning_sign_and_the_sharp_pain_key() -> None:
    from sciatica_timer.core.safety import RED_FLAG_QUESTIONS, URGENCY_WORDS
    from sciatica_timer.ui.common.words import SHARP_PAIN_KEY_NAME

    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").replace("**", "").split()).lower()
    missing = [q.label for q in RED_FLAG_QUESTIONS.values() if q.label.lower() not in readme]
    assert missing == []
    for words in URGENCY_WORDS.values():
        assert words.split(":")[0].lower() in readme
    key = SHARP_PAIN_KEY_NAME.lower()
    assert f"sharp pain: stop ({key})" in readme
    assert f"{key} (or" in readme
