"""The monthly question (PGIC): seven answers, asked four weeks after the first record, then once a month."""

from __future__ import annotations

import pytest

from sciatica_timer.core.global_impression import ANSWERS, answer_words, is_due


def test_seven_answers_from_very_much_improved_to_very_much_worse() -> None:
    assert len(ANSWERS) == 7
    assert answer_words(1) == "very much improved"
    assert answer_words(4) == "no change"
    assert answer_words(7) == "very much worse"


@pytest.mark.parametrize("bad", [0, 8, -1, True, 2.0, "3", None])
def test_anything_off_the_scale_is_refused(bad: object) -> None:
    with pytest.raises(ValueError, match="whole number from 1 to 7"):
        answer_words(bad)  # type: ignore[arg-type]


def test_when_it_is_asked() -> None:
    # Day numbers: first record on day 100.
    assert not is_due(None, None, 500), "nothing recorded: nothing to compare"
    assert not is_due(100, None, 127), "27 days in: too early to ask about a change"
    assert is_due(100, None, 128), "four weeks in: asked"
    assert not is_due(100, 128, 128), "answered today"
    assert not is_due(100, 128, 157), "29 days after the answer: not yet"
    assert is_due(100, 128, 158), "30 days after: asked again"
