"""The settings model and its file format: every value read back, every bound, every wrong value located."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, datetime, timedelta, timezone

import pytest

from sciatica_timer.core.cues import Cue, CueSettings
from sciatica_timer.core.look import Theme
from sciatica_timer.core.plan import BreathingPattern
from sciatica_timer.core.settings import (
    FORMAT_VERSION,
    SETTINGS_FIELDS,
    SOUNDS_FIELDS,
    FollowUpSettings,
    Minute,
    Precaution,
    ReminderSettings,
    ReportPerson,
    SafetyAnswers,
    Settings,
    parse_settings,
    settings_to_dict,
)

EVERYTHING_CHANGED = Settings(
    cues=CueSettings(
        volume=0.35,
        muted=True,
        disabled=frozenset({Cue.HOLD, Cue.COMPLETE}),
        ticks=False,
        spoken_prompts=True,
    ),
    breathing=BreathingPattern(inhale_s=5.5, exhale_s=7.0),
    default_routine="quick-desk",
    theme=Theme.DARK,
    text_scale_percent=150,
    reminders=ReminderSettings(
        daily_times=(Minute(8, 5), Minute(13, 30)),
        every_hours=2,
        day_starts=Minute(7, 45),
        day_ends=Minute(18, 15),
        weekdays=frozenset({0, 2, 4, 6}),
        snooze_min=25,
        routine_id="evening-feet",
        switched_on=False,
        away_after_min=12,
        wait_in_do_not_disturb=False,
        wait_while_full_screen=False,
        paused_until=datetime(2026, 12, 7, 0, 0, tzinfo=timezone(timedelta(hours=1))),
    ),
    follow_up=FollowUpSettings(enabled=True, after_min=90),
    start_minimized=True,
    start_at_login=True,
    safety=SafetyAnswers(
        reviewed=True,
        precautions=frozenset({Precaution.SKIN, Precaution.PREGNANCY}),
        signs_checked=date(2026, 11, 30),
    ),
    left_out_points=frozenset({"GB30", "BL23"}),
)


PAUSE_PROBLEM = 'reminders.paused_until: expected null, "turned-on" or a date and time with its offset'


def _file(**fields: object) -> dict[str, object]:
    """A version-1 document with ``fields`` (a section given as a dict replaces the default's)."""
    return {"format_version": FORMAT_VERSION, **fields}


def _problems(data: object) -> list[str]:
    return [str(problem) for problem in parse_settings(data).problems]


def test_every_setting_survives_a_round_trip_through_json() -> None:
    text = json.dumps(settings_to_dict(EVERYTHING_CHANGED))
    reading = parse_settings(json.loads(text))
    assert reading.problems == ()
    assert not reading.newer
    assert reading.settings == EVERYTHING_CHANGED


def test_the_defaults_survive_a_round_trip_and_name_every_field() -> None:
    data = settings_to_dict(Settings())
    # no name line unless typed, no language unless chosen
    assert tuple(data) == tuple(f for f in SETTINGS_FIELDS if f not in {"report", "language"})
    assert parse_settings(data).settings == Settings()


def test_the_report_name_line_is_kept_only_when_typed() -> None:
    typed = replace(Settings(), report=ReportPerson(name="Ada Example", born="3 March 1961"))
    data = settings_to_dict(typed)
    assert data["report"] == {"name": "Ada Example", "born": "3 March 1961"}
    assert parse_settings(data).settings == typed
    assert typed.report.line() == "Ada Example, born 3 March 1961"
    assert "report" not in settings_to_dict(replace(Settings(), report=ReportPerson(name="  ")))


def test_a_wrong_report_name_is_named_with_its_place() -> None:
    reading = parse_settings(_file(report={"name": 7, "born": "x" * 201}))
    assert [p.path for p in reading.problems] == ["report.name", "report.born"]
    assert reading.settings.report == ReportPerson()


def test_an_empty_version_1_file_means_the_defaults() -> None:
    reading = parse_settings(_file())
    assert reading.problems == ()
    assert reading.settings == Settings()


@pytest.mark.parametrize(
    ("fields", "where", "inside", "outside", "message"),
    [
        ({}, "text_scale_percent", 80, 79, "79 is below the minimum 80"),
        ({}, "text_scale_percent", 200, 201, "201 is above the maximum 200"),
        ({"section": "sounds"}, "volume_percent", 0, -1, "-1 is below the minimum 0"),
        ({"section": "sounds"}, "volume_percent", 100, 101, "101 is above the maximum 100"),
        ({"section": "breathing"}, "inhale_s", 1, 0.99, "0.99 is below the minimum 1"),
        ({"section": "breathing"}, "exhale_s", 15, 15.01, "15.01 is above the maximum 15"),
        ({"section": "reminders"}, "every_hours", 1, 0, "0 is below the minimum 1"),
        ({"section": "reminders"}, "every_hours", 8, 9, "9 is above the maximum 8"),
        ({"section": "reminders"}, "snooze_min", 5, 4, "4 is below the minimum 5"),
        ({"section": "reminders"}, "snooze_min", 120, 121, "121 is above the maximum 120"),
        ({"section": "follow_up"}, "after_min", 15, 14, "14 is below the minimum 15"),
        ({"section": "follow_up"}, "after_min", 1440, 1441, "1441 is above the maximum 1440"),
    ],
)
def test_each_bound_takes_its_edge_and_refuses_one_step_beyond(
    fields: dict[str, str], where: str, inside: float, outside: float, message: str
) -> None:
    section = fields.get("section")

    def document(value: float) -> dict[str, object]:
        return _file(**{section: {where: value}}) if section else _file(**{where: value})

    assert _problems(document(inside)) == []
    path = f"{section}.{where}" if section else where
    assert _problems(document(outside)) == [f"{path}: {message}"]


def test_a_value_out_of_bounds_falls_back_to_its_default_alone() -> None:
    reading = parse_settings(_file(sounds={"volume_percent": 101, "muted": True}, theme="dark"))
    assert reading.settings.cues == CueSettings(muted=True)
    assert reading.settings.theme is Theme.DARK


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (_file(theme="sepia"), 'theme: "sepia" is not one of: system, light, dark, high-contrast'),
        (_file(text_scale_percent=True), "text_scale_percent: expected a whole number, got true"),
        (_file(text_scale_percent=120.5), "text_scale_percent: expected a whole number, got 120.5"),
        (_file(text_scale_percent="120"), 'text_scale_percent: expected a whole number, got text ("120")'),
        (_file(start_minimized="yes"), 'start_minimized: expected true or false, got text ("yes")'),
        (_file(start_at_login=1), "start_at_login: expected true or false, got 1"),
        (_file(sounds=[]), "sounds: expected an object (a JSON object), got a list"),
        (_file(sounds={"muted": None}), "sounds.muted: expected true or false, got null"),
        (_file(sounds={"cues_off": "hold"}), 'sounds.cues_off: expected a list, got text ("hold")'),
        (
            _file(sounds={"cues_off": ["hold", "ding"]}),
            (
                'sounds.cues_off[1]: "ding" is not one of: '
                "press, hold, release, breathe_in, breathe_out, switch_side, next_point, complete, tick"
            ),
        ),
        (
            _file(sounds={"cues_off": ["tick"]}),
            'sounds.cues_off[0]: the 3-2-1 ticks are switched by "ticks", not here',
        ),
        (_file(breathing={"inhale_s": "4"}), 'breathing.inhale_s: expected a number, got text ("4")'),
        (
            _file(default_routine="Quick Desk"),
            "default_routine: expected a routine id (lower-case letters, digits and dashes) or null",
        ),
        (
            _file(reminders={"daily_times": ["9:00"]}),
            'reminders.daily_times[0]: expected a time of day as "HH:MM" (00:00 to 23:59)',
        ),
        (
            _file(reminders={"daily_times": ["24:00"]}),
            'reminders.daily_times[0]: expected a time of day as "HH:MM" (00:00 to 23:59)',
        ),
        (
            _file(reminders={"daily_times": ["09:00\n"]}),
            'reminders.daily_times[0]: expected a time of day as "HH:MM" (00:00 to 23:59)',
        ),
        (
            _file(reminders={"day_starts": 900}),
            'reminders.day_starts: expected a time of day as "HH:MM" (00:00 to 23:59)',
        ),
        (
            _file(reminders={"day_starts": "17:00", "day_ends": "17:00"}),
            "reminders.day_ends: must be later than day_starts (17:00)",
        ),
        (
            _file(reminders={"weekdays": ["mon", "monday"]}),
            "reminders.weekdays[1]: expected one of: mon, tue, wed, thu, fri, sat, sun",
        ),
        (
            _file(reminders={"routine": 7}),
            "reminders.routine: expected a routine id (lower-case letters, digits and dashes) or null",
        ),
        (_file(follow_up={"enabled": "on"}), 'follow_up.enabled: expected true or false, got text ("on")'),
        (
            _file(safety={"precautions": ["skin", "knees"]}),
            (
                'safety.precautions[1]: "knees" is not one of: '
                "pregnancy, skin, recent_injury, heart_circulation, cancer, blood_thinners"
            ),
        ),
    ],
)
def test_a_wrong_value_is_reported_at_its_place(data: object, expected: str) -> None:
    assert _problems(data) == [expected]


def test_twelve_daily_times_fit_and_thirteen_do_not() -> None:
    twelve = [f"{hour:02d}:00" for hour in range(8, 20)]
    reading = parse_settings(_file(reminders={"daily_times": twelve}))
    assert reading.problems == ()
    assert len(reading.settings.reminders.daily_times) == 12
    assert _problems(_file(reminders={"daily_times": [*twelve, "20:00"]})) == [
        "reminders.daily_times: has 13 times; the most is 12"
    ]


def test_daily_times_are_sorted_and_a_time_given_twice_counts_once() -> None:
    reading = parse_settings(_file(reminders={"daily_times": ["14:00", "08:30", "14:00"]}))
    assert reading.problems == ()
    assert reading.settings.reminders.daily_times == (Minute(8, 30), Minute(14, 0))


def test_the_edges_of_the_day_are_accepted() -> None:
    reading = parse_settings(
        _file(reminders={"daily_times": ["00:00", "23:59"], "day_starts": "00:00", "day_ends": "23:59"})
    )
    assert reading.problems == ()
    assert reading.settings.reminders.daily_times == (Minute(0, 0), Minute(23, 59))


def test_a_day_that_ends_before_it_starts_keeps_the_default_day() -> None:
    reading = parse_settings(_file(reminders={"day_starts": "18:00", "day_ends": "08:00", "snooze_min": 30}))
    reminders = reading.settings.reminders
    assert (reminders.day_starts, reminders.day_ends) == (Minute(9, 0), Minute(17, 0))
    assert reminders.snooze_min == 30


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"theme": "dark"}, "format_version: is missing"),
        (_file(format_version=0), "format_version: expected 1, got 0"),
        (_file(format_version=True), "format_version: expected 1, got true"),
        (_file(format_version=1.0), "format_version: expected 1, got 1.0"),
        (_file(format_version="1"), 'format_version: expected 1, got text ("1")'),
    ],
)
def test_the_format_version_must_be_1(data: object, expected: str) -> None:
    assert _problems(data) == [expected]


@pytest.mark.parametrize("data", [[], "settings", None, 3])
def test_a_document_that_is_not_an_object_gives_the_defaults(data: object) -> None:
    reading = parse_settings(data)
    assert reading.settings == Settings()
    assert [p.path for p in reading.problems] == ["top level"]


def test_an_unknown_field_is_reported_in_this_version() -> None:
    problems = _problems(_file(colour="teal", sounds={"loudness": 3}))
    assert problems == [
        f"colour: unknown field; expected one of: {', '.join(SETTINGS_FIELDS)}",
        "sounds.loudness: unknown field; expected one of: " + ", ".join(SOUNDS_FIELDS),
    ]


def test_a_newer_version_is_read_as_far_as_it_is_understood() -> None:
    data = {
        "format_version": FORMAT_VERSION + 1,
        "theme": "dark",
        "colour_scheme": {"accent": "teal"},
        "sounds": {"volume_percent": 50, "chimes": ["bell"]},
        "reminders": {"daily_times": ["10:00"], "smart": True},
    }
    reading = parse_settings(data)
    assert reading.newer
    assert reading.problems == ()
    assert reading.settings.theme is Theme.DARK
    assert reading.settings.cues.volume == 0.5
    assert reading.settings.reminders.daily_times == (Minute(10, 0),)


def test_a_newer_version_still_refuses_values_it_cannot_use() -> None:
    reading = parse_settings({"format_version": 99, "theme": "sepia", "text_scale_percent": 150})
    assert reading.newer
    assert reading.settings.theme is Theme.SYSTEM
    assert reading.settings.text_scale_percent == 150


def test_the_safety_answers_are_trusted_when_read_in_full() -> None:
    reading = parse_settings(_file(safety={"reviewed": True, "precautions": ["cancer"]}, theme="sepia"))
    assert reading.settings.safety == SafetyAnswers(True, frozenset({Precaution.CANCER}))


@pytest.mark.parametrize(
    "safety",
    [
        {"reviewed": True, "precautions": ["skin", "knees"]},
        {"reviewed": True, "precautions": "skin"},
        {"reviewed": True, "precautions": [], "notes": "ok"},
        {"reviewed": "yes", "precautions": []},
        ["reviewed"],
        {"reviewed": True, "precautions": [], "warning_signs_checked": "2026-13-45"},
        {"reviewed": True, "precautions": [], "warning_signs_checked": 20261130},
        {"reviewed": True, "precautions": [], "warning_signs_checked": "30/11/2026"},
    ],
    ids=[
        "unknown-precaution",
        "not-a-list",
        "unknown-field",
        "not-a-flag",
        "not-an-object",
        "impossible-day",
        "day-as-number",
        "day-in-another-format",
    ],
)
def test_safety_answers_that_cannot_be_read_in_full_are_asked_again(safety: object) -> None:
    reading = parse_settings(_file(safety=safety))
    assert reading.problems
    assert reading.settings.safety.reviewed is False


def test_cue_settings_switch_each_cue_and_the_ticks_separately() -> None:
    cues = CueSettings().with_cue(Cue.HOLD, False).with_cue(Cue.TICK, False)
    assert not cues.allows(Cue.HOLD)
    assert not cues.allows(Cue.TICK)
    assert cues.ticks is False
    assert settings_to_dict(Settings(cues=cues))["sounds"] == {
        "volume_percent": 80,
        "muted": False,
        "cues_off": ["hold"],
        "ticks": False,
        "spoken_prompts": False,
    }


def test_a_minute_reads_only_a_whole_time_of_day() -> None:
    assert Minute.parse("07:05") == Minute(7, 5)
    assert str(Minute(7, 5)) == "07:05"
    assert Minute(7, 5).of_day == 425
    for text in ("7:05", "07:5", "07:60", "24:00", " 07:05", "07:05 ", "07:05\n", "0705"):
        assert Minute.parse(text) is None, text
    with pytest.raises(ValueError, match="not a time of day"):
        Minute(24, 0)


def test_the_default_breathing_paces_only_the_breathe_phases_of_steps_without_a_pattern() -> None:
    from sciatica_timer.core.plan import PhaseKind
    from sciatica_timer.core.routines import ActivityStep, PointStep, RestStep, Routine, Sides, expand
    from sciatica_timer.storage.resources import load_point_library

    own = BreathingPattern(inhale_s=2.0, exhale_s=3.0)
    chosen = BreathingPattern(inhale_s=5.0, exhale_s=8.0)
    routine = Routine(
        id="breaths",
        name="Breaths",
        description="",
        steps=(
            PointStep("BL23", Sides.BOTH, 1, hold_s=10, locate_first=True),
            PointStep("BL25", Sides.BOTH, 1, hold_s=10, breathing=own),
            ActivityStep("Stretch", "Reach up.", 30),
            RestStep(30, "Lie still."),
        ),
    )
    phases = expand(routine, load_point_library(), breathing=chosen).phases
    patterns = {(p.step_index, p.kind): p.breathing for p in phases}
    assert patterns[(0, PhaseKind.BREATHE)] == chosen
    assert patterns[(0, PhaseKind.HOLD)] is None, "only the breathing pause is paced by the default"
    assert patterns[(0, PhaseKind.LOCATE)] is None
    assert {patterns[(1, kind)] for kind in (PhaseKind.PRESS, PhaseKind.BREATHE)} == {own}
    assert patterns[(2, PhaseKind.ACTIVITY)] is None, "an activity without a pattern shows no pacer"
    assert patterns[(3, PhaseKind.REST)] is None
    plain = expand(routine, load_point_library()).phases
    assert [p.breathing for p in plain if p.step_index == 0 and p.kind is PhaseKind.BREATHE] == [None, None]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (["BL23", "bl23"], 'left_out_points[1]: expected a point code such as "BL23", got text ("bl23")'),
        ([23], 'left_out_points[0]: expected a point code such as "BL23", got 23'),
        (["BL" + "2" * 5000], 'left_out_points[0]: expected a point code such as "BL23"'),
        ("BL23", "left_out_points: expected"),
    ],
)
def test_left_out_points_that_are_not_point_codes_are_reported_and_dropped(
    value: object, expected: str
) -> None:
    reading = parse_settings(_file(left_out_points=value))
    assert any(problem.startswith(expected) for problem in _problems(_file(left_out_points=value))), (
        _problems(_file(left_out_points=value))
    )
    assert reading.settings.left_out_points <= {"BL23"}
    assert reading.settings.safety == SafetyAnswers(), "the checklist itself is not touched"


def test_the_day_the_warning_signs_were_checked_is_kept() -> None:
    reading = parse_settings(
        _file(safety={"reviewed": True, "precautions": [], "warning_signs_checked": "2026-02-28"})
    )
    assert reading.problems == ()
    assert reading.settings.safety.signs_checked == date(2026, 2, 28)


# -- reminders: the switch, the waits and a pause ------------------------------------------------------------


def test_a_pause_until_turned_on_survives_a_round_trip() -> None:
    reminders = ReminderSettings(every_hours=2, paused_until_turned_on=True)
    data = settings_to_dict(Settings(reminders=reminders))
    assert data["reminders"]["paused_until"] == "turned-on"  # type: ignore[index]
    assert parse_settings(json.loads(json.dumps(data))).settings.reminders == reminders


def test_the_defaults_suit_a_desk() -> None:
    settings = Settings()
    assert settings.default_routine == "quick-desk"
    reminders = settings.reminders
    assert (reminders.switched_on, reminders.away_after_min) == (True, 5)
    assert reminders.wait_in_do_not_disturb
    assert reminders.wait_while_full_screen
    assert not reminders.enabled, "no times until the person chooses them"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ({"away_after_min": 0}, "reminders.away_after_min: 0 is below the minimum 1"),
        (
            {"away_after_min": 10**30},
            "reminders.away_after_min: a number too large to show is above the maximum 60",
        ),
        (
            {"away_after_min": "5"},
            'reminders.away_after_min: expected a whole number, got text ("5")',
        ),
        ({"on": "yes"}, 'reminders.on: expected true or false, got text ("yes")'),
        ({"wait_while_full_screen": 1}, "reminders.wait_while_full_screen: expected true or false, got 1"),
        ({"paused_until": "tomorrow"}, PAUSE_PROBLEM),
        ({"paused_until": "2026-12-07T00:00:00"}, PAUSE_PROBLEM),  # no offset: which midnight?
        ({"paused_until": 1765065600}, PAUSE_PROBLEM),
        ({"paused_until": "9" * 10_000}, PAUSE_PROBLEM),
    ],
)
def test_a_wrong_reminder_switch_is_reported_and_the_default_kept(
    value: dict[str, object], expected: str
) -> None:
    reading = parse_settings(_file(reminders={"every_hours": 2, **value}))
    assert [str(problem) for problem in reading.problems] == [expected]
    reminders = reading.settings.reminders
    default = ReminderSettings()
    assert reminders.every_hours == 2, "the rest is read"
    assert (reminders.switched_on, reminders.away_after_min, reminders.wait_while_full_screen) == (
        default.switched_on,
        default.away_after_min,
        default.wait_while_full_screen,
    )
    assert reminders.paused_until is None
    assert not reminders.paused_until_turned_on
