"""The shared JSON checker: places, shown values and bounds (the formats' own tests cover the rest)."""

from __future__ import annotations

import pytest

from sciatica_timer.core.json_shape import TOP_LEVEL, Bounds, Checker, Problem, got, place


@pytest.mark.parametrize(
    ("path", "key", "expected"),
    [
        ("steps[0]", "hold_s", "steps[0].hold_s"),
        (TOP_LEVEL, "name", "name"),
        ("steps[0]", "x" * 41, "steps[0]." + "x" * 41),
        ("steps[0]", "x" * 42, f'steps[0]["{"x" * 42}"]'),
        ("steps[0]", "2nd", 'steps[0]["2nd"]'),
        ("steps[0]", "été", 'steps[0]["été"]'),
        (TOP_LEVEL, "a b", '["a b"]'),
        (TOP_LEVEL, "", '[""]'),
    ],
)
def test_a_place_quotes_only_keys_that_are_not_plain_names(path: str, key: str, expected: str) -> None:
    assert place(path, key) == expected


def test_what_was_found_is_shown_by_value_where_it_has_one() -> None:
    assert [got(value) for value in ("30", 2.5, True, None, [1], {"a": 1}, {1})] == [
        'text ("30")',
        "2.5",
        "true",
        "null",
        "a list",
        "an object",
        "a set",
    ]


def test_bounds_without_a_maximum_take_any_size() -> None:
    checker = Checker()
    assert checker.number("x", 1e300, Bounds(0)) == 1e300
    assert checker.number("y", -0.5, Bounds(0)) is None
    assert checker.problems == [Problem("y", "-0.5 is below the minimum 0")]


def test_a_scale_says_how_to_read_the_range() -> None:
    checker = Checker()
    assert checker.whole("score", 11, Bounds(0, 10), "use 0 to 10") is None
    assert checker.whole("score", 3.0, Bounds(0, 10)) is None  # a format that wants 3.0 says so itself
    assert [str(problem) for problem in checker.problems] == [
        "score: 11 is out of range: use 0 to 10",
        "score: expected a whole number, got 3.0",
    ]


def test_a_whole_number_too_large_for_a_float_is_a_problem_not_an_overflow() -> None:
    checker = Checker()
    assert checker.number("breathing.inhale_s", 10**400, Bounds(1, 20)) is None
    assert [str(problem) for problem in checker.problems] == [
        "breathing.inhale_s: inf is not a finite number"
    ]
