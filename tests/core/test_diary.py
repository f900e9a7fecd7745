"""Pain scores are whole numbers from 0 to 10; a wrong one is refused with a message that says what fits."""

from __future__ import annotations

import pytest

from sciatica_timer.core.diary import PainRegion, PainScore, PainScoreError, PainSide, optional_pain
from sciatica_timer.errors import UserError

SCALE = "use a whole number from 0 (no pain) to 10 (worst imaginable)"


@pytest.mark.parametrize("value", [0, 1, 5, 10])
def test_whole_numbers_from_0_to_10_are_scores(value: int) -> None:
    score = PainScore(value)
    assert score == value
    assert isinstance(score, int)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (11, f"pain score 11 is out of range: {SCALE}"),
        (-1, f"pain score -1 is out of range: {SCALE}"),
        (7.5, f"pain score 7.5 is not a whole number: {SCALE}"),
        (7.0, f"pain score 7.0 is not a whole number: {SCALE}"),
        (True, f"pain score true is not a whole number: {SCALE}"),
        ("7", f'pain score "7" is not a whole number: {SCALE}'),
        (None, f"pain score null is not a whole number: {SCALE}"),
    ],
)
def test_anything_else_is_refused_with_a_clear_message(value: object, message: str) -> None:
    with pytest.raises(PainScoreError) as caught:
        PainScore(value)
    assert str(caught.value) == message
    assert isinstance(caught.value, ValueError)
    assert isinstance(caught.value, UserError)  # the CLI prints it on one line and exits 2


@pytest.mark.parametrize(("text", "value"), [("0", 0), ("7", 7), (" 10 ", 10), ("+3", 3), ("007", 7)])
def test_typed_scores_are_read(text: str, value: int) -> None:
    assert PainScore.parse(text) == value


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("11", f"pain score 11 is out of range: {SCALE}"),
        ("-1", f"pain score -1 is out of range: {SCALE}"),
        ("7.5", f"pain score 7.5 is not a whole number: {SCALE}"),
        ("seven", f'pain score "seven" is not a whole number: {SCALE}'),
        ("", f'pain score "" is not a whole number: {SCALE}'),
        ("1" * 30, f"pain score {'1' * 30} is out of range: {SCALE}"),
        ("٣", f'pain score "٣" is not a whole number: {SCALE}'),  # a digit, but not one anyone types as 3
    ],
)
def test_typed_mistakes_are_refused(text: str, message: str) -> None:
    with pytest.raises(PainScoreError) as caught:
        PainScore.parse(text)
    assert str(caught.value) == message
    assert "\n" not in str(caught.value)


def test_no_answer_stays_none() -> None:
    assert optional_pain(None) is None
    assert optional_pain(4) == 4
    with pytest.raises(PainScoreError):
        optional_pain(12)


def test_regions_run_from_the_back_down_the_leg() -> None:
    assert [r.value for r in PainRegion] == ["lower_back", "buttock", "thigh", "calf", "foot"]
    assert PainRegion.LOWER_BACK.label == "lower back"


def test_sides_of_pain() -> None:
    assert [s.value for s in PainSide] == ["left", "right", "both"]
