"""The person's settings: sounds, look, reminders, safety answers; their file format and its validator.

Pure data: ``storage/settings_file.py`` reads and writes ``settings.json``; the settings dialog edits a
``Settings`` and hands back a new one. The file is versioned JSON checked by the same checker as routines, and
a value that is wrong is reported with its place and replaced by its default, never guessed at.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from enum import StrEnum

from sciatica_timer.core.cues import Cue, CueSettings
from sciatica_timer.core.i18n import _
from sciatica_timer.core.json_shape import TOP_LEVEL, Bounds, Checker, Problem, got, place, show
from sciatica_timer.core.look import (
    DEFAULT_TEXT_SCALE_PERCENT,
    SYSTEM_LANGUAGE,
    TEXT_SCALE_PERCENT,
    Theme,
    is_language_setting,
)
from sciatica_timer.core.plan import BreathingPattern
from sciatica_timer.core.routines import BREATH_S, is_valid_routine_id

FORMAT_VERSION = 1

REMINDER_INTERVAL_H = Bounds(1, 8)  # "every N hours of the working day"
SNOOZE_MIN = Bounds(5, 120)
AWAY_AFTER_MIN = Bounds(1, 60)  # no input for this long: the person is away, a reminder waits for them
FOLLOW_UP_MIN = Bounds(15, 24 * 60)
DAILY_TIMES = Bounds(0, 12)  # how many fixed reminder times a day
VOLUME_PERCENT = Bounds(0, 100)
_POINT_CODE_RE = re.compile(r"[A-Z]{1,4}[0-9]{1,3}")  # "BL23", "GB30": fullmatch
_DATE_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_TIME_RE = re.compile(r"([01][0-9]|2[0-3]):([0-5][0-9])")  # fullmatch: "$" would let "09:00\n" by
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")  # index = datetime.weekday()


class Precaution(StrEnum):
    """The precautions from the source protocol that the first-run checklist asks about."""

    PREGNANCY = "pregnancy"
    SKIN = "skin"  # open wounds, bruises or a skin condition where a point lies
    RECENT_INJURY = "recent_injury"  # a recent injury to the back or the leg
    HEART_CIRCULATION = "heart_circulation"  # heart or circulation conditions
    CANCER = "cancer"
    BLOOD_THINNERS = "blood_thinners"  # or other medicines that affect circulation or bleeding


@dataclass(frozen=True, slots=True)
class Minute:
    """A time of day to the minute, written ``"HH:MM"`` in the file."""

    hour: int
    minute: int

    def __post_init__(self) -> None:
        if not (0 <= self.hour <= 23 and 0 <= self.minute <= 59):
            raise ValueError(f"not a time of day: {self.hour}:{self.minute}")

    @property
    def of_day(self) -> int:
        """Minutes since midnight."""
        return self.hour * 60 + self.minute

    def __str__(self) -> str:
        return f"{self.hour:02d}:{self.minute:02d}"

    @classmethod
    def parse(cls, text: str) -> Minute | None:
        match = _TIME_RE.fullmatch(text)
        return cls(int(match[1]), int(match[2])) if match else None


@dataclass(frozen=True, slots=True)
class ReminderSettings:
    """When to suggest a routine: at fixed times and/or every few hours of the working day, on work days."""

    daily_times: tuple[Minute, ...] = ()
    every_hours: int | None = None  # None: no interval reminders
    day_starts: Minute = Minute(9, 0)
    day_ends: Minute = Minute(17, 0)
    weekdays: frozenset[int] = frozenset(range(5))  # 0 = Monday, as datetime.weekday()
    snooze_min: int = 10
    routine_id: str | None = None  # None: the default routine
    switched_on: bool = True  # the switch in Settings; off keeps the times for when it is turned on again
    away_after_min: int = 5  # no input for this long: a reminder waits until the person is back
    wait_in_do_not_disturb: bool = True
    wait_while_full_screen: bool = True  # a video call or a presentation has the screen
    paused_until: datetime | None = None  # aware; reminders wait until then ("for an hour", "until tomorrow")
    paused_until_turned_on: bool = False

    @property
    def enabled(self) -> bool:
        return self.switched_on and (bool(self.daily_times) or self.every_hours is not None)

    @property
    def has_times(self) -> bool:
        return bool(self.daily_times) or self.every_hours is not None

    def paused_at(self, now: datetime) -> bool:
        """Whether reminders are paused at ``now`` (aware)."""
        if self.paused_until_turned_on:
            return True
        return self.paused_until is not None and now < self.paused_until


@dataclass(frozen=True, slots=True)
class FollowUpSettings:
    """Ask for the pain score again some time after a session (off unless the person turns it on)."""

    enabled: bool = False
    after_min: int = 45


@dataclass(frozen=True, slots=True)
class SafetyAnswers:
    """The first-run checklist. ``reviewed`` is False until the person has been through it once.

    ``signs_checked`` is the day the warning signs were last gone through (they are asked again every
    30 days); the signs ticked are never saved.
    """

    reviewed: bool = False
    precautions: frozenset[Precaution] = frozenset()
    signs_checked: date | None = None

    def has(self, precaution: Precaution) -> bool:
        return precaution in self.precautions


@dataclass(frozen=True, slots=True)
class ReportPerson:
    """The optional name line printed on the report, kept only when the person typed it."""

    name: str = ""
    born: str = ""  # as typed: "3 March 1961", "1961-03-03"

    def line(self) -> str:
        """ "Ada Example, born 3 March 1961"; "" when nothing was typed."""
        parts = [self.name.strip()] if self.name.strip() else []
        if self.born.strip():
            parts.append(f"born {self.born.strip()}")
        return ", ".join(parts)


@dataclass(frozen=True, slots=True)
class Settings:
    cues: CueSettings = field(default_factory=CueSettings)
    breathing: BreathingPattern = field(default_factory=BreathingPattern)  # when a routine sets none
    # Quick desk break suits a first day at a desk; when it is missing, the first routine in the list.
    default_routine: str | None = "quick-desk"
    theme: Theme = Theme.SYSTEM
    text_scale_percent: int = DEFAULT_TEXT_SCALE_PERCENT
    reminders: ReminderSettings = field(default_factory=ReminderSettings)
    follow_up: FollowUpSettings = field(default_factory=FollowUpSettings)
    start_minimized: bool = False  # to the tray, when there is one
    start_at_login: bool = False
    safety: SafetyAnswers = field(default_factory=SafetyAnswers)
    left_out_points: frozenset[str] = frozenset()  # point codes the person chose to leave out of sessions
    report: ReportPerson = field(default_factory=ReportPerson)
    reduce_motion: bool = False  # a steady marker and ring, and the breathing pace in words
    language: str = SYSTEM_LANGUAGE  # "system" (LANGUAGE / LANG) or a code such as "de"; from the next start

    def with_safety(self, safety: SafetyAnswers) -> Settings:
        return replace(self, safety=safety)


# -- the file ------------------------------------------------------------------------------------------------

SETTINGS_FIELDS = (
    "format_version",
    "sounds",
    "breathing",
    "default_routine",
    "theme",
    "text_scale_percent",
    "reminders",
    "follow_up",
    "start_minimized",
    "start_at_login",
    "safety",
    "left_out_points",
    "report",
    "reduce_motion",
    "language",
)
REPORT_FIELDS = ("name", "born")
REPORT_TEXT = Bounds(0, 200)
SOUNDS_FIELDS = ("volume_percent", "muted", "cues_off", "ticks", "spoken_prompts")
BREATHING_FIELDS = ("inhale_s", "exhale_s")
REMINDERS_FIELDS = (
    "daily_times",
    "every_hours",
    "day_starts",
    "day_ends",
    "weekdays",
    "snooze_min",
    "routine",
    "on",
    "away_after_min",
    "wait_in_do_not_disturb",
    "wait_while_full_screen",
    "paused_until",
)
PAUSED_UNTIL_TURNED_ON = "turned-on"  # "paused_until" for a pause that lasts until the person ends it
FOLLOW_UP_FIELDS = ("enabled", "after_min")
SAFETY_FIELDS = ("reviewed", "precautions", "warning_signs_checked")


@dataclass(frozen=True, slots=True)
class SettingsReading:
    """What a settings file held: the settings (defaults where a value was wrong) and every problem found."""

    settings: Settings
    problems: tuple[Problem, ...] = ()
    newer: bool = False  # written by a newer version of the app: read as far as understood, never rewritten


def settings_to_dict(settings: Settings) -> dict[str, object]:
    cues = settings.cues
    reminders = settings.reminders
    return (
        {
            "format_version": FORMAT_VERSION,
            "sounds": {
                "volume_percent": round(cues.volume * 100),
                "muted": cues.muted,
                "cues_off": sorted(cue.value for cue in cues.disabled if cue is not Cue.TICK),
                "ticks": cues.ticks,
                "spoken_prompts": cues.spoken_prompts,
            },
            "breathing": {"inhale_s": settings.breathing.inhale_s, "exhale_s": settings.breathing.exhale_s},
            "default_routine": settings.default_routine,
            "theme": settings.theme.value,
            "text_scale_percent": settings.text_scale_percent,
            "reminders": {
                "daily_times": [str(time) for time in reminders.daily_times],
                "every_hours": reminders.every_hours,
                "day_starts": str(reminders.day_starts),
                "day_ends": str(reminders.day_ends),
                "weekdays": [WEEKDAYS[day] for day in sorted(reminders.weekdays)],
                "snooze_min": reminders.snooze_min,
                "routine": reminders.routine_id,
                "on": reminders.switched_on,
                "away_after_min": reminders.away_after_min,
                "wait_in_do_not_disturb": reminders.wait_in_do_not_disturb,
                "wait_while_full_screen": reminders.wait_while_full_screen,
                "paused_until": _paused_text(reminders),
            },
            "follow_up": {"enabled": settings.follow_up.enabled, "after_min": settings.follow_up.after_min},
            "start_minimized": settings.start_minimized,
            "start_at_login": settings.start_at_login,
            "safety": {
                "reviewed": settings.safety.reviewed,
                "precautions": sorted(p.value for p in settings.safety.precautions),
                "warning_signs_checked": (
                    settings.safety.signs_checked.isoformat() if settings.safety.signs_checked else None
                ),
            },
            "left_out_points": sorted(settings.left_out_points),
            "reduce_motion": settings.reduce_motion,
        }
        | _report_dict(settings.report)
        | _language_dict(settings.language)
    )


def _language_dict(language: str) -> dict[str, object]:
    """Written only when a language was chosen: following the system is the default."""
    return {} if language == SYSTEM_LANGUAGE else {"language": language}


def _report_dict(person: ReportPerson) -> dict[str, object]:
    """Written only when the person typed a name or a date of birth: nothing personal by default."""
    kept = {key: value for key, value in (("name", person.name), ("born", person.born)) if value.strip()}
    return {"report": kept} if kept else {}


def _paused_text(reminders: ReminderSettings) -> str | None:
    if reminders.paused_until_turned_on:
        return PAUSED_UNTIL_TURNED_ON
    return None if reminders.paused_until is None else reminders.paused_until.isoformat(timespec="seconds")


def parse_settings(data: object) -> SettingsReading:
    """Read decoded JSON; every wrong value is reported with its place and its default used instead."""
    reader = _Reader()
    settings = reader.settings(data)
    return SettingsReading(settings, tuple(reader.problems), reader.newer)


class _Reader(Checker):
    def __init__(self) -> None:
        super().__init__()
        self.newer = False

    def _object(
        self, path: str, value: object, known: tuple[str, ...], what: str
    ) -> Mapping[str, object] | None:
        if not self.newer:
            return self.fields(path, value, known, (), what)
        # A newer app may have added fields: read what is understood, skip the rest quietly.
        if not isinstance(value, Mapping):
            self.add(
                path, _("expected {what} (a JSON object), got {value}").format(what=what, value=got(value))
            )
            return None
        return value

    def _section(self, obj: Mapping[str, object], key: str, known: tuple[str, ...]) -> Mapping[str, object]:
        if key not in obj:
            return {}
        return self._object(place(TOP_LEVEL, key), obj[key], known, _("an object")) or {}

    def settings(self, data: object) -> Settings:
        default = Settings()
        if not isinstance(data, Mapping):
            self.fields(TOP_LEVEL, data, SETTINGS_FIELDS, (), "settings")
            return default
        version = data.get("format_version")
        if isinstance(version, int) and not isinstance(version, bool) and version > FORMAT_VERSION:
            self.newer = True
        elif "format_version" not in data:
            self.add("format_version", _("is missing"))
        elif type(version) is not int or version != FORMAT_VERSION:  # not True, not 1.0
            self.add("format_version", f"expected {FORMAT_VERSION}, got {got(version)}")
        obj = self._object(TOP_LEVEL, data, SETTINGS_FIELDS, "settings") or {}
        theme = self.choice("theme", obj["theme"], Theme) if "theme" in obj else None
        scale = (
            self.whole("text_scale_percent", obj["text_scale_percent"], TEXT_SCALE_PERCENT)
            if "text_scale_percent" in obj
            else None
        )
        routine = default.default_routine
        if "default_routine" in obj:
            routine = self._routine_id("default_routine", obj["default_routine"])
        return Settings(
            cues=self._sounds(obj),
            breathing=self._breathing(obj),
            default_routine=routine,
            theme=theme or default.theme,
            text_scale_percent=scale if scale is not None else default.text_scale_percent,
            reminders=self._reminders(obj),
            follow_up=self._follow_up(obj),
            start_minimized=self._flag(obj, "start_minimized", TOP_LEVEL, default=False),
            start_at_login=self._flag(obj, "start_at_login", TOP_LEVEL, default=False),
            safety=self._safety(obj),
            left_out_points=self._left_out(obj),
            report=self._report(obj),
            reduce_motion=self._flag(obj, "reduce_motion", TOP_LEVEL, default=False),
            language=self._language(obj),
        )

    def _language(self, obj: Mapping[str, object]) -> str:
        value = obj.get("language", SYSTEM_LANGUAGE)
        if not is_language_setting(value):
            self.add(
                "language",
                _('{value} is not "system" or a language code such as "de"').format(value=show(value)),
            )
            return SYSTEM_LANGUAGE
        return str(value)

    def _left_out(self, obj: Mapping[str, object]) -> frozenset[str]:
        if "left_out_points" not in obj:
            return frozenset()
        where = place(TOP_LEVEL, "left_out_points")
        codes: set[str] = set()
        for index, value in enumerate(self.items(where, obj["left_out_points"]) or ()):
            if isinstance(value, str) and _POINT_CODE_RE.fullmatch(value):
                codes.add(value)
            else:
                self.add(
                    f"{where}[{index}]",
                    _('expected a point code such as "BL23", got {value}').format(value=got(value)),
                )
        return frozenset(codes)

    def _report(self, obj: Mapping[str, object]) -> ReportPerson:
        path = place(TOP_LEVEL, "report")
        section = self._section(obj, "report", REPORT_FIELDS)
        texts = {
            key: self.text(place(path, key), section[key], REPORT_TEXT) if key in section else ""
            for key in REPORT_FIELDS
        }
        return ReportPerson(name=texts["name"], born=texts["born"])

    def _flag(self, obj: Mapping[str, object], key: str, path: str, *, default: bool) -> bool:
        if key not in obj:
            return default
        where = place(path, key)
        before = len(self.problems)
        value = self.flag(where, obj[key])
        return value if len(self.problems) == before else default

    def _routine_id(self, path: str, value: object) -> str | None:
        if value is None:
            return None
        if not isinstance(value, str) or not is_valid_routine_id(value):
            self.add(path, _("expected a routine id (lower-case letters, digits and dashes) or null"))
            return None
        return value

    def _time(self, path: str, value: object, default: Minute | None) -> Minute | None:
        minute = Minute.parse(value) if isinstance(value, str) else None
        if minute is None:
            self.add(path, _('expected a time of day as "HH:MM" (00:00 to 23:59)'))
            return default
        return minute

    def _sounds(self, obj: Mapping[str, object]) -> CueSettings:
        default = CueSettings()
        section = self._section(obj, "sounds", SOUNDS_FIELDS)
        path = place(TOP_LEVEL, "sounds")
        volume = default.volume
        if "volume_percent" in section:
            percent = self.whole(place(path, "volume_percent"), section["volume_percent"], VOLUME_PERCENT)
            volume = percent / 100 if percent is not None else volume
        disabled: set[Cue] = set()
        if "cues_off" in section:
            where = place(path, "cues_off")
            names = self.items(where, section["cues_off"]) or ()
            for index, name in enumerate(names):
                cue = self.choice(f"{where}[{index}]", name, Cue)
                if cue is Cue.TICK:
                    self.add(f"{where}[{index}]", _('the 3-2-1 ticks are switched by "ticks", not here'))
                elif cue is not None:
                    disabled.add(cue)
        return CueSettings(
            volume=volume,
            muted=self._flag(section, "muted", path, default=default.muted),
            disabled=frozenset(disabled),
            ticks=self._flag(section, "ticks", path, default=default.ticks),
            spoken_prompts=self._flag(section, "spoken_prompts", path, default=default.spoken_prompts),
        )

    def _breathing(self, obj: Mapping[str, object]) -> BreathingPattern:
        default = BreathingPattern()
        section = self._section(obj, "breathing", BREATHING_FIELDS)
        path = place(TOP_LEVEL, "breathing")
        inhale = (
            self.number(place(path, "inhale_s"), section["inhale_s"], BREATH_S)
            if "inhale_s" in section
            else None
        )
        exhale = (
            self.number(place(path, "exhale_s"), section["exhale_s"], BREATH_S)
            if "exhale_s" in section
            else None
        )
        return BreathingPattern(
            inhale_s=inhale if inhale is not None else default.inhale_s,
            exhale_s=exhale if exhale is not None else default.exhale_s,
        )

    def _reminders(self, obj: Mapping[str, object]) -> ReminderSettings:
        default = ReminderSettings()
        section = self._section(obj, "reminders", REMINDERS_FIELDS)
        path = place(TOP_LEVEL, "reminders")
        times: list[Minute] = []
        if "daily_times" in section:
            where = place(path, "daily_times")
            values = self.items(where, section["daily_times"]) or ()
            if len(values) > DAILY_TIMES.maximum:
                self.add(
                    where,
                    _("has {count} times; the most is {maximum:g}").format(
                        count=len(values), maximum=DAILY_TIMES.maximum
                    ),
                )
                values = ()
            for index, value in enumerate(values):
                minute = self._time(f"{where}[{index}]", value, None)
                if minute is not None and minute not in times:
                    times.append(minute)
        every: int | None = default.every_hours
        if section.get("every_hours") is not None:
            every = self.whole(place(path, "every_hours"), section["every_hours"], REMINDER_INTERVAL_H)
        starts = default.day_starts
        if "day_starts" in section:
            starts = self._time(place(path, "day_starts"), section["day_starts"], starts) or starts
        ends = default.day_ends
        if "day_ends" in section:
            ends = self._time(place(path, "day_ends"), section["day_ends"], ends) or ends
        if ends.of_day <= starts.of_day:
            self.add(
                place(path, "day_ends"), _("must be later than day_starts ({starts})").format(starts=starts)
            )
            starts, ends = default.day_starts, default.day_ends
        weekdays = default.weekdays
        if "weekdays" in section:
            where = place(path, "weekdays")
            chosen: set[int] = set()
            for index, value in enumerate(self.items(where, section["weekdays"]) or ()):
                if isinstance(value, str) and value in WEEKDAYS:
                    chosen.add(WEEKDAYS.index(value))
                else:
                    self.add(
                        f"{where}[{index}]", _("expected one of: {join}").format(join=", ".join(WEEKDAYS))
                    )
            weekdays = frozenset(chosen)
        snooze = default.snooze_min
        if "snooze_min" in section:
            snooze = self.whole(place(path, "snooze_min"), section["snooze_min"], SNOOZE_MIN) or snooze
        routine = self._routine_id(place(path, "routine"), section.get("routine"))
        away = default.away_after_min
        if "away_after_min" in section:
            where = place(path, "away_after_min")
            away = self.whole(where, section["away_after_min"], AWAY_AFTER_MIN) or away
        paused_until, paused_on = self._paused(place(path, "paused_until"), section.get("paused_until"))
        return ReminderSettings(
            daily_times=tuple(sorted(times, key=lambda m: m.of_day)),
            every_hours=every,
            day_starts=starts,
            day_ends=ends,
            weekdays=weekdays,
            snooze_min=snooze,
            routine_id=routine,
            switched_on=self._flag(section, "on", path, default=default.switched_on),
            away_after_min=away,
            wait_in_do_not_disturb=self._flag(
                section, "wait_in_do_not_disturb", path, default=default.wait_in_do_not_disturb
            ),
            wait_while_full_screen=self._flag(
                section, "wait_while_full_screen", path, default=default.wait_while_full_screen
            ),
            paused_until=paused_until,
            paused_until_turned_on=paused_on,
        )

    def _paused(self, path: str, value: object) -> tuple[datetime | None, bool]:
        """A pause: none (null), until turned on, or until a moment with its offset; a wrong one: none."""
        if value is None:
            return None, False
        if value == PAUSED_UNTIL_TURNED_ON:
            return None, True
        moment = None
        if isinstance(value, str) and len(value) <= 40:
            try:
                moment = datetime.fromisoformat(value)
            except ValueError:
                moment = None
        if moment is None or moment.utcoffset() is None:
            self.add(
                path,
                _('expected null, "{PAUSED_UNTIL_TURNED_ON}" or a date and time with its offset').format(
                    PAUSED_UNTIL_TURNED_ON=PAUSED_UNTIL_TURNED_ON
                ),
            )
            return None, False
        return moment, False

    def _follow_up(self, obj: Mapping[str, object]) -> FollowUpSettings:
        default = FollowUpSettings()
        section = self._section(obj, "follow_up", FOLLOW_UP_FIELDS)
        path = place(TOP_LEVEL, "follow_up")
        after = default.after_min
        if "after_min" in section:
            after = self.whole(place(path, "after_min"), section["after_min"], FOLLOW_UP_MIN) or after
        return FollowUpSettings(
            enabled=self._flag(section, "enabled", path, default=default.enabled), after_min=after
        )

    def _safety(self, obj: Mapping[str, object]) -> SafetyAnswers:
        path = place(TOP_LEVEL, "safety")
        section = self._section(obj, "safety", SAFETY_FIELDS)
        chosen: set[Precaution] = set()
        if "precautions" in section:
            where = place(path, "precautions")
            for index, value in enumerate(self.items(where, section["precautions"]) or ()):
                precaution = self.choice(f"{where}[{index}]", value, Precaution)
                if precaution is not None:
                    chosen.add(precaution)
        reviewed = self._flag(section, "reviewed", path, default=False)
        checked = self._day(place(path, "warning_signs_checked"), section.get("warning_signs_checked"))
        # A checklist that cannot be read in full (or appears twice) is asked again rather than half-trusted.
        broken = any(p.path == path or p.path.startswith((f"{path}.", f"{path}[")) for p in self.problems)
        return SafetyAnswers(
            reviewed=reviewed and not broken, precautions=frozenset(chosen), signs_checked=checked
        )

    def _day(self, path: str, value: object) -> date | None:
        if value is None:
            return None
        if isinstance(value, str) and _DATE_RE.fullmatch(value):
            try:
                return date.fromisoformat(value)
            except ValueError:
                pass
        self.add(path, _('expected a day as "YYYY-MM-DD" or null, got {value}').format(value=got(value)))
        return None
