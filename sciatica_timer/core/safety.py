"""Who should take care with acupressure, the warning signs that need a doctor first, and what follows.

Pure data and rules: the checklist's questions in plain words, ``advise`` turning the answers (and any warning
signs ticked today) into advice, and ``adapt_routine`` leaving out the steps a person should skip.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from enum import IntEnum, StrEnum

from sciatica_timer.core.points import PointLibrary
from sciatica_timer.core.routines import PointStep, Routine
from sciatica_timer.core.settings import Precaution, SafetyAnswers


class Severity(IntEnum):
    """How pressing a piece of advice is; the lower the number, the sooner it should be acted on."""

    EMERGENCY = 0  # get help now
    URGENT = 1  # see a doctor today
    CAUTION = 2  # ask a professional first, or wait
    NOTE = 3  # adjust how you press


class RedFlag(StrEnum):
    """Warning signs that sciatica needs medical care before any self-help. Asked each time, never saved."""

    SADDLE_NUMBNESS = "saddle_numbness"
    BLADDER_BOWEL = "bladder_bowel"
    LEG_WEAKNESS = "leg_weakness"
    FEVER = "fever"
    INJURY = "injury"


@dataclass(frozen=True, slots=True)
class Question:
    """One line of a checklist: a short label for the tick box and a sentence that explains it."""

    label: str
    detail: str


PRECAUTION_QUESTIONS: dict[Precaution, Question] = {
    Precaution.PREGNANCY: Question(
        "I am pregnant, or might be",
        "A few points are traditionally avoided in pregnancy because they are thought to encourage "
        "contractions.",
    ),
    Precaution.SKIN: Question(
        "Broken or sore skin where a point lies",
        "A cut, bruise, burn, rash, blister or infection on the lower back, legs or feet.",
    ),
    Precaution.RECENT_INJURY: Question(
        "A recent injury to my back or leg",
        "A fall, strain, sprain or tear in the last few weeks that is still sore.",
    ),
    Precaution.HEART_CIRCULATION: Question(
        "A heart or circulation condition",
        "Such as heart disease, high blood pressure, a past blood clot or poor circulation in the legs. "
        "Pressing some points can change heart rate and blood pressure.",
    ),
    Precaution.CANCER: Question(
        "Cancer, now or under treatment",
        "With some kinds of cancer, pressing on the body is not advised.",
    ),
    Precaution.BLOOD_THINNERS: Question(
        "Blood thinners or other medicines that affect circulation",
        "Medicines that slow clotting or change blood flow; pressing firmly can bruise more easily.",
    ),
}

RED_FLAG_QUESTIONS: dict[RedFlag, Question] = {
    RedFlag.SADDLE_NUMBNESS: Question(
        "Numbness around the groin or buttocks",
        "Less feeling in the parts you would sit on in a saddle: between the legs, around the back passage "
        "or the inner thighs.",
    ),
    RedFlag.BLADDER_BOWEL: Question(
        "New trouble with the bladder or bowels",
        "Not being able to pass urine, not feeling the need to go, or leaking that is new.",
    ),
    RedFlag.LEG_WEAKNESS: Question(
        "A leg getting weaker, quickly",
        "The foot drags or slaps down, or the leg gives way, and it is getting worse.",
    ),
    RedFlag.FEVER: Question(
        "Fever with back pain",
        "Feeling hot and shivery, or a temperature of 38 °C (100.4 °F) or more, together with back pain.",
    ),
    RedFlag.INJURY: Question(
        "Severe pain after a fall or an accident",
        "Pain that started with, or got much worse after, a fall, a crash or a blow to the back.",
    ),
}

NOT_MEDICAL_ADVICE = (
    "The app cannot examine you, and it is no substitute for advice from your doctor, physiotherapist or "
    "another health professional."
)

# What each answer asks of the person, one sentence each. Skin needs only care in pressing; the rest ask for a
# professional's word first, or for waiting.
_PRECAUTION_SEVERITY: dict[Precaution, Severity] = dict.fromkeys(Precaution, Severity.CAUTION) | {
    Precaution.SKIN: Severity.NOTE
}
_PRECAUTION_ADVICE: dict[Precaution, str] = {
    Precaution.PREGNANCY: (
        "Ask your midwife or doctor before using pressure points while pregnant, and keep the pressure light."
    ),
    Precaution.RECENT_INJURY: (
        "After your injury, wait until the acute phase (the first painful days) is over before "
        "pressing points."
    ),
    Precaution.HEART_CIRCULATION: (
        "With a heart or circulation condition, ask your doctor first, and keep the pressure light."
    ),
    Precaution.CANCER: "Check with your cancer specialist first, and keep the pressure light.",
    Precaution.BLOOD_THINNERS: (
        "With blood thinners or similar medicines, ask your doctor first and keep the pressure light: "
        "you may bruise more easily."
    ),
    Precaution.SKIN: "Skip any point where the skin is broken, bruised or sore.",
}
# The same, short enough for one line on the start screen.
_BANNER: dict[Precaution, str] = {
    Precaution.PREGNANCY: "In pregnancy, ask your midwife or doctor first, and keep the pressure light.",
    Precaution.RECENT_INJURY: "After your injury, wait until the acute phase is over before pressing points.",
    Precaution.HEART_CIRCULATION: "Ask your doctor first, and keep the pressure light.",
    Precaution.CANCER: "Check with your cancer specialist first, and keep the pressure light.",
    Precaution.BLOOD_THINNERS: "Ask your doctor first, and keep the pressure light.",
    Precaution.SKIN: "Skip any point where the skin is broken or sore.",
}

# Numbness in the saddle area and new bladder or bowel trouble can mean the nerve roots at the base of the
# spine are squeezed (cauda equina syndrome): an emergency. The other signs need a doctor the same day.
_RED_FLAG_SEVERITY: dict[RedFlag, Severity] = {
    RedFlag.SADDLE_NUMBNESS: Severity.EMERGENCY,
    RedFlag.BLADDER_BOWEL: Severity.EMERGENCY,
    RedFlag.LEG_WEAKNESS: Severity.URGENT,
    RedFlag.FEVER: Severity.URGENT,
    RedFlag.INJURY: Severity.URGENT,
}

EMERGENCY_ADVICE = (
    "Call your local emergency number or go to an emergency department now. "
    "Numbness around the groin or buttocks, or new bladder or bowel trouble, can mean the nerves at the "
    "base of the spine are being squeezed, and they need treating quickly. Do not use pressure points "
    "instead."
)
URGENT_ADVICE = (
    "Before any routine, go to an urgent care centre or get a same-day appointment with your doctor; if "
    "you cannot be seen today, go to an emergency department. "
)
_URGENT_REASONS: dict[RedFlag, str] = {
    RedFlag.LEG_WEAKNESS: "A leg that is quickly getting weaker means a nerve may be badly squeezed.",
    RedFlag.FEVER: "Fever with back pain can be a sign of an infection.",
    RedFlag.INJURY: "Severe pain after a fall or an accident can mean an injury such as a broken bone.",
}

SKIN_CAUTION = "Skip this point if the skin over it is broken, bruised or sore."
LIGHT_PRESSURE_CAUTION = "Keep the pressure light: a gentle, comfortable press is enough for you."

# Answers after which the pressure should stay light (the point library says so for pregnancy too).
_LIGHT_PRESSURE = frozenset(
    {Precaution.PREGNANCY, Precaution.HEART_CIRCULATION, Precaution.CANCER, Precaution.BLOOD_THINNERS}
)


@dataclass(frozen=True, slots=True)
class Advice:
    """One piece of advice and the answer it came from."""

    severity: Severity
    text: str
    source: Precaution | RedFlag


@dataclass(frozen=True, slots=True)
class SafetyAdvice:
    """What a person's answers mean for what follows: advice, points to leave out, extra cautions."""

    items: tuple[Advice, ...] = ()  # most serious first
    leave_out: frozenset[str] = frozenset()  # point codes kept out of every session
    lighter_pressure: bool = False
    step_cautions: tuple[str, ...] = ()  # added to the cautions of every point step
    red_flags: frozenset[RedFlag] = frozenset()

    @property
    def severity(self) -> Severity | None:
        """The most serious advice, or None when there is none."""
        return self.items[0].severity if self.items else None

    @property
    def needs_care_first(self) -> bool:
        """A warning sign was ticked: medical care comes before any routine."""
        return bool(self.red_flags)

    @property
    def banner(self) -> str:
        """One line for the start screen; "" when there is nothing to say."""
        if not self.items:
            return ""
        first = self.items[0]
        if first.severity is Severity.EMERGENCY:
            return "You noted a warning sign today: please get emergency care now, before any routine."
        if first.severity is Severity.URGENT:
            return "You noted a warning sign today: please see a doctor today, before any routine."
        return _BANNER[first.source] if isinstance(first.source, Precaution) else first.text

    def texts(self, at_least: Severity = Severity.NOTE) -> list[str]:
        return [item.text for item in self.items if item.severity <= at_least]


def red_flag_advice(flags: Iterable[RedFlag]) -> str:
    """What to do now about the warning signs ticked; "" for none."""
    chosen = set(flags)
    if not chosen:
        return ""
    if any(_RED_FLAG_SEVERITY[flag] is Severity.EMERGENCY for flag in chosen):
        return EMERGENCY_ADVICE
    reasons = " ".join(_URGENT_REASONS[flag] for flag in RedFlag if flag in chosen)
    return URGENT_ADVICE + reasons


def red_flag_severity(flags: Iterable[RedFlag]) -> Severity | None:
    """The most serious of the warning signs, or None when none is ticked."""
    return min((_RED_FLAG_SEVERITY[flag] for flag in flags), default=None)


def pregnancy_points(points: PointLibrary) -> frozenset[str]:
    """The codes of the points traditionally avoided during pregnancy."""
    return frozenset(point.code for point in points if point.pregnancy_caution)


def advise(answers: SafetyAnswers, points: PointLibrary, red_flags: Iterable[RedFlag] = ()) -> SafetyAdvice:
    """The advice for these answers and today's warning signs, most serious first."""
    flags = frozenset(red_flags)
    items: list[Advice] = []
    severity = red_flag_severity(flags)
    if severity is not None:
        items.append(Advice(severity, red_flag_advice(flags), min(flags, key=_flag_order)))
    for precaution in Precaution:  # the order of the checklist, so advice reads the same way each time
        if answers.has(precaution):
            items.append(Advice(_PRECAUTION_SEVERITY[precaution], _PRECAUTION_ADVICE[precaution], precaution))
    leave_out = pregnancy_points(points) if answers.has(Precaution.PREGNANCY) else frozenset()
    if leave_out:
        names = _and_list([_point_words(code, points) for code in points.codes() if code in leave_out])
        verb = "is" if len(leave_out) == 1 else "are"
        items.append(
            Advice(
                Severity.NOTE,
                f"{names} {verb} traditionally avoided during pregnancy, so sessions leave "
                f"{'it' if len(leave_out) == 1 else 'them'} out.",
                Precaution.PREGNANCY,
            )
        )
    items.sort(key=lambda item: item.severity)  # stable: equal severities keep the checklist's order
    lighter = any(answers.has(p) for p in _LIGHT_PRESSURE)
    cautions = []
    if answers.has(Precaution.SKIN):
        cautions.append(SKIN_CAUTION)
    if lighter:
        cautions.append(LIGHT_PRESSURE_CAUTION)
    return SafetyAdvice(
        items=tuple(items),
        leave_out=leave_out,
        lighter_pressure=lighter,
        step_cautions=tuple(cautions),
        red_flags=flags,
    )


def _flag_order(flag: RedFlag) -> tuple[Severity, int]:
    return _RED_FLAG_SEVERITY[flag], list(RedFlag).index(flag)


@dataclass(frozen=True, slots=True)
class AdaptedRoutine:
    """A routine with the steps a person should skip taken out, and what to tell them about it."""

    routine: Routine | None  # None when nothing would be left to do
    left_out: tuple[str, ...] = ()  # codes of the points left out, each once, in the routine's order
    message: str = ""  # "" when nothing changed

    @property
    def changed(self) -> bool:
        return bool(self.left_out)


def adapt_routine(routine: Routine, advice: SafetyAdvice, points: PointLibrary) -> AdaptedRoutine:
    """``routine`` without the steps on points the advice leaves out (pregnancy: those avoided in it)."""
    kept = tuple(
        step
        for step in routine.steps
        if not (isinstance(step, PointStep) and step.point_code in advice.leave_out)
    )
    if len(kept) == len(routine.steps):
        return AdaptedRoutine(routine)
    codes = tuple(
        dict.fromkeys(
            step.point_code
            for step in routine.steps
            if isinstance(step, PointStep) and step.point_code in advice.leave_out
        )
    )
    names = _and_list([_point_words(code, points) for code in codes])
    if not kept:
        message = (
            f"Every step of “{routine.name}” uses a point traditionally avoided during pregnancy ({names}), "
            "so there is nothing left to play. Please choose another routine."
        )
        return AdaptedRoutine(None, codes, message)
    verb = "is" if len(codes) == 1 else "are"
    it = "it is" if len(codes) == 1 else "they are"
    message = f"{names} {verb} left out of this session: {it} traditionally avoided during pregnancy."
    return AdaptedRoutine(replace(routine, steps=kept), codes, message)


def _point_words(code: str, points: PointLibrary) -> str:
    if code in points:
        return f"{code} ({points.get(code).english_name})"
    return code


def _and_list(words: list[str]) -> str:
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]
