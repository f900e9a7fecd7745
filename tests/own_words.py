"""Runs of words shared with the source article, found without keeping the article: only hashes of its runs.

``tests/data/source-runs.txt`` holds one short hash per run of RUN_WORDS words of the article, after the words
are lower-cased and stripped of punctuation. ``python -m tests.own_words ARTICLE`` writes it again.
"""

from __future__ import annotations

import hashlib
import re
import sys
from collections.abc import Iterator
from pathlib import Path

RUN_WORDS = 8
HASHES = Path(__file__).parent / "data" / "source-runs.txt"
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")


def words(text: str) -> list[str]:
    """Lower-case words; curly apostrophes count as straight ones, other punctuation is dropped."""
    return _WORD.findall(text.lower().replace("\u2019", "'"))


def runs(text: str, size: int = RUN_WORDS) -> Iterator[tuple[str, str]]:
    """Every run of ``size`` words in ``text``: (hash, the words)."""
    found = words(text)
    for start in range(len(found) - size + 1):
        run = " ".join(found[start : start + size])
        yield hashlib.sha256(run.encode()).hexdigest()[:16], run


def source_hashes() -> frozenset[str]:
    return frozenset(HASHES.read_text(encoding="ascii").split())


if __name__ == "__main__":
    article = Path(sys.argv[1]).read_text(encoding="utf-8")
    HASHES.write_text("".join(f"{h}\n" for h in sorted({h for h, _ in runs(article)})), encoding="ascii")
