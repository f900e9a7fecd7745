"""What the window says: countdowns, durations, dates, pain anchors and the breathing pacer's rhythm."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from sciatica_timer.core.plan import BreathingPattern
from sciatica_timer.ui.common.words import (
    breath_at,
    clock_text,
    duration_words,
    pain_change_words,
    pain_words,
    time_left_text,
    when_words,
)


@pytest.mark.parametrize(
    ("seconds", "shown"),
    [(0, "0"), (0.2, "1"), (4.0, "4"), (4.01, "5"), (59.5, "1:00"), (65, "1:05"), (3725, "1:02:05")],
)
def test_the_countdown_rounds_up(seconds: float, shown: str) -> None:
    assert clock_text(seconds) == shown


@pytest.mark.parametrize(
    ("seconds", "shown"), [(40, "40 s"), (60, "1 min"), (1860, "31 min"), (3900, "1 h 05 min")]
)
def test_durations_for_people(seconds: float, shown: str) -> None:
    assert duration_words(seconds) == shown


def test_time_left_in_the_routine() -> None:
    assert time_left_text(39.2) == "40 s left"
    assert time_left_text(1450) == "24:10 left"
    assert time_left_text(3725) == "1:02:05 left"


def test_pain_anchors() -> None:
    assert [pain_words(s) for s in (0, 2, 5, 8, 10)] == [
        "no pain",
        "mild",
        "moderate",
        "severe",
        "worst imaginable",
    ]


def test_pain_change() -> None:
    assert pain_change_words(6, 3) == "6 → 3 (3 less)"
    assert pain_change_words(3, 6) == "3 → 6 (3 more)"
    assert pain_change_words(4, 4) == "4 → 4 (no change)"
    assert pain_change_words(4, None) == "4 before"
    assert pain_change_words(None, 2) == "2 now"
    assert pain_change_words(None, 2, after_only="after") == "2 after"
    assert pain_change_words(None, None) == ""


def test_dates_relative_to_now() -> None:
    zone = timezone(timedelta(hours=2))
    now = datetime(2024, 5, 15, 10, 0, tzinfo=zone)
    assert when_words(datetime(2024, 5, 15, 8, 30, tzinfo=zone), now) == "today at 08:30"
    assert when_words(datetime(2024, 5, 14, 19, 40, tzinfo=zone), now) == "yesterday at 19:40"
    assert when_words(datetime(2024, 5, 13, 8, 30, tzinfo=zone), now) == "Mon 13 May at 08:30"
    assert when_words(datetime(2023, 12, 1, 8, 30, tzinfo=zone), now) == "1 Dec 2023 at 08:30"
    # Shown in the local time of "now": 06:30 UTC is 08:30 here.
    assert when_words(datetime(2024, 5, 15, 6, 30, tzinfo=UTC), now) == "today at 08:30"


def test_the_pacer_breathes_in_then_out_with_the_pattern() -> None:
    pattern = BreathingPattern(inhale_s=4, exhale_s=6)
    start = breath_at(pattern, 0)
    assert start.inhaling
    assert start.fullness == 0
    assert start.seconds_left == 4
    middle_in = breath_at(pattern, 2)
    assert middle_in.inhaling
    assert middle_in.fullness == pytest.approx(0.5)
    full = breath_at(pattern, 4)
    assert not full.inhaling
    assert full.fullness == pytest.approx(1.0)
    assert full.seconds_left == 6
    middle_out = breath_at(pattern, 7)
    assert not middle_out.inhaling
    assert middle_out.fullness == pytest.approx(0.5)
    again = breath_at(pattern, 10.5)
    assert again.inhaling
    assert again.seconds_left == pytest.approx(3.5)
