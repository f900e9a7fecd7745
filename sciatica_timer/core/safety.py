"""Who should take care with acupressure, the warning signs that need a doctor first, and what follows.

Pure data and rules, following NICE NG59, NICE CKS "sciatica" and the NHS pages on cauda equina syndrome:
the checklist's questions in plain words; ``advise`` turning the saved precautions (and any warning signs
ticked today) into advice; ``adapt_routine`` leaving out the steps a person should skip (points avoided in
pregnancy, points the person chose to leave out, the acupressure mat when it is not advised) and adding
cautions.

What really happens: the warning signs are asked on the first run, then the pain check before each session
shows one line pointing to them, and the full list comes back when ``warning_signs_due`` says so (every
``RECHECK_DAYS`` days). Ticked warning signs are kept only until the app closes; the date they were last gone
through, the precautions and the left-out points are saved in the settings. Nothing here can examine anyone.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from enum import IntEnum, StrEnum

from sciatica_timer.core.i18n import N_, _, english, ngettext, pgettext
from sciatica_timer.core.plan import PlannedPhase
from sciatica_timer.core.points import PointLibrary, PressurePoint
from sciatica_timer.core.routines import ActivityStep, PointStep, Routine, Step
from sciatica_timer.core.settings import Precaution, SafetyAnswers

RECHECK_DAYS = 30  # the full list of warning signs is asked again after this many days


class Severity(IntEnum):
    """How pressing a piece of advice is; the lower the number, the sooner it should be acted on."""

    EMERGENCY = 0  # call an ambulance or go to A&E now
    URGENT = 1  # see a doctor today
    SOON = 2  # book an appointment with a doctor
    CAUTION = 3  # ask a professional first, or wait
    NOTE = 4  # adjust how you press


class RedFlag(StrEnum):
    """Warning signs that sciatica needs medical care before any self-help. Kept for the day, never saved.

    In the checklist's order: emergencies first, then the urgent ones, then the one that can wait a few days.
    """

    BOTH_LEGS = "both_legs"
    SADDLE_NUMBNESS = "saddle_numbness"
    GENITALS = "genitals"
    BLADDER_BOWEL = "bladder_bowel"
    LEG_WEAKNESS = "leg_weakness"
    FEVER = "fever"
    INFECTION_RISK = "infection_risk"
    INJURY = "injury"
    FRAGILE_BONES = "fragile_bones"
    CANCER_OR_UNWELL = "cancer_or_unwell"
    NIGHT_PAIN = "night_pain"
    AGE = "age"


@dataclass(frozen=True, slots=True)
class Question:
    """One line of a checklist: a short label for the tick box and a sentence that explains it."""

    label: str
    detail: str


PRECAUTION_QUESTIONS: dict[Precaution, Question] = {
    Precaution.PREGNANCY: Question(
        N_("I am pregnant, or might be"),
        N_(
            "A few points are traditionally avoided in pregnancy because they are thought to encourage "
            "contractions."
        ),
    ),
    Precaution.SKIN: Question(
        N_("Broken or sore skin where a point lies"),
        N_("A cut, bruise, burn, rash, blister or infection on the lower back, legs or feet."),
    ),
    Precaution.RECENT_INJURY: Question(
        N_("A recent injury to my back or leg"),
        N_("A fall, strain, sprain or tear in the last few weeks that is still sore."),
    ),
    Precaution.HEART_CIRCULATION: Question(
        N_("A heart or circulation condition"),
        N_(
            "Such as heart disease, high blood pressure, a past blood clot or poor circulation in the "
            "legs. Firm pressing may, for some people, nudge heart rate and blood pressure."
        ),
    ),
    Precaution.CANCER: Question(
        N_("Cancer, now or under treatment"),
        N_("With some kinds of cancer, pressing on the body is not advised."),
    ),
    Precaution.BLOOD_THINNERS: Question(
        N_("Blood thinners or other medicines that affect circulation"),
        N_("Medicines that slow clotting or change blood flow; pressing firmly can bruise more easily."),
    ),
}

RED_FLAG_QUESTIONS: dict[RedFlag, Question] = {
    RedFlag.BOTH_LEGS: Question(
        N_("Sciatica, numbness or weakness in both legs"),
        N_("Pain running down both legs, or both legs feeling numb, tingly or weak."),
    ),
    RedFlag.SADDLE_NUMBNESS: Question(
        N_("Numbness between the legs or around the bottom"),
        N_(
            "Less feeling in the parts you would sit on in a saddle: between the legs, around the back "
            "passage or the inner thighs."
        ),
    ),
    RedFlag.GENITALS: Question(
        N_("Less feeling in the genitals, or new trouble with sex"),
        N_("Numb genitals, or problems getting an erection or feeling anything during sex that are new."),
    ),
    RedFlag.BLADDER_BOWEL: Question(
        N_("New trouble peeing or pooing"),
        N_("Not being able to pee, not noticing when you need to pee or poo, leaking, or soiling yourself."),
    ),
    RedFlag.LEG_WEAKNESS: Question(
        N_("A leg getting weaker, quickly"),
        N_("The foot drags or slaps down, or the leg gives way, and it is getting worse."),
    ),
    RedFlag.FEVER: Question(
        N_("Fever with back pain"),
        N_("Feeling hot and shivery, or a temperature of 38 °C (100.4 °F) or more, together with back pain."),
    ),
    RedFlag.INFECTION_RISK: Question(
        N_("Weak immunity, or injecting drugs"),
        N_(
            "An illness or medicine that weakens the body's defences (such as chemotherapy or HIV), or "
            "injecting drugs: back pain can then come from an infection."
        ),
    ),
    RedFlag.INJURY: Question(
        N_("Severe pain after a fall or an accident"),
        N_("Pain that started with, or got much worse after, a fall, a crash or a blow to the back."),
    ),
    RedFlag.FRAGILE_BONES: Question(
        N_("Steroid tablets or thin bones, and any fall"),
        N_(
            "Taking steroid tablets for months, or having osteoporosis, and the pain began after a "
            "fall or strain, even a small one."
        ),
    ),
    RedFlag.CANCER_OR_UNWELL: Question(
        N_("Cancer at any time, weight loss or feeling unwell"),
        N_("Cancer now or in the past, losing weight without trying, or feeling generally ill in yourself."),
    ),
    RedFlag.NIGHT_PAIN: Question(
        N_("Pain at night that rest does not ease"),
        N_(
            "Back pain that keeps you awake or wakes you, and lying still or changing position does not help."
        ),
    ),
    RedFlag.AGE: Question(
        N_("New back pain, under 20 or over 50"),
        N_("Back pain that is new, with no clear reason such as a strain, and you are under 20 or over 50."),
    ),
}

NOT_MEDICAL_ADVICE = N_(
    "The app cannot examine you, and it is no substitute for advice from your doctor, "
    "physiotherapist or another health professional."
)

# What each answer asks of the person, one sentence each. Skin needs only care in pressing; the rest ask for a
# professional's word first, or for waiting.
_PRECAUTION_SEVERITY: dict[Precaution, Severity] = dict.fromkeys(Precaution, Severity.CAUTION) | {
    Precaution.SKIN: Severity.NOTE
}
_PRECAUTION_ADVICE: dict[Precaution, str] = {
    Precaution.PREGNANCY: (
        N_(
            "Ask your midwife or doctor before using pressure points while pregnant, and keep the "
            "pressure light."
        )
    ),
    Precaution.RECENT_INJURY: (
        N_(
            "After your injury, wait until the acute phase (the first painful days) is over before "
            "pressing points."
        )
    ),
    Precaution.HEART_CIRCULATION: (
        N_("With a heart or circulation condition, ask your doctor first, and keep the pressure light.")
    ),
    Precaution.CANCER: N_("Check with your cancer specialist first, and keep the pressure light."),
    Precaution.BLOOD_THINNERS: (
        N_(
            "With blood thinners or similar medicines, ask your doctor first and keep the pressure light: "
            "you may bruise more easily."
        )
    ),
    Precaution.SKIN: N_("Skip any point where the skin is broken, bruised or sore."),
}
# The same, short enough for one line on the start screen.
_BANNER: dict[Precaution, str] = {
    Precaution.PREGNANCY: N_("In pregnancy, ask your midwife or doctor first, and keep the pressure light."),
    Precaution.RECENT_INJURY: N_(
        "After your injury, wait until the acute phase is over before pressing points."
    ),
    Precaution.HEART_CIRCULATION: N_("Ask your doctor first, and keep the pressure light."),
    Precaution.CANCER: N_("Check with your cancer specialist first, and keep the pressure light."),
    Precaution.BLOOD_THINNERS: N_("Ask your doctor first, and keep the pressure light."),
    Precaution.SKIN: N_("Skip any point where the skin is broken or sore."),
}

# Sciatica in both legs, numbness in the saddle area or the genitals, and new bladder or bowel trouble can
# mean the nerve roots at the base of the spine are squeezed (cauda equina syndrome): an emergency. Signs of
# infection, a fracture, cancer or a nerve badly squeezed need a doctor the same day; new pain at an unusual
# age needs an appointment soon.
RED_FLAG_SEVERITY: dict[RedFlag, Severity] = {
    RedFlag.BOTH_LEGS: Severity.EMERGENCY,
    RedFlag.SADDLE_NUMBNESS: Severity.EMERGENCY,
    RedFlag.GENITALS: Severity.EMERGENCY,
    RedFlag.BLADDER_BOWEL: Severity.EMERGENCY,
    RedFlag.LEG_WEAKNESS: Severity.URGENT,
    RedFlag.FEVER: Severity.URGENT,
    RedFlag.INFECTION_RISK: Severity.URGENT,
    RedFlag.INJURY: Severity.URGENT,
    RedFlag.FRAGILE_BONES: Severity.URGENT,
    RedFlag.CANCER_OR_UNWELL: Severity.URGENT,
    RedFlag.NIGHT_PAIN: Severity.URGENT,
    RedFlag.AGE: Severity.SOON,
}
_RED_FLAG_SEVERITY = RED_FLAG_SEVERITY

# What each urgency asks of the person, in a few words (the checklist's headings, the help, the terminal).
URGENCY_WORDS: dict[Severity, str] = {
    Severity.EMERGENCY: N_("Emergency: call an ambulance or go to A&E now"),
    Severity.URGENT: N_("Urgent: see a doctor today"),
    Severity.SOON: N_("Soon: book an appointment with your doctor"),
}

EMERGENCY_ADVICE = N_(
    "Call an ambulance (999 in the UK, or your local emergency number) or go to A&E now. "
    "Sciatica in both legs, numbness between the legs or in the genitals, or new trouble with "
    "peeing or pooing can mean the nerves at the base of the spine are being squeezed (cauda "
    "equina syndrome), and they need treating within hours. Do not use pressure points instead."
)
URGENT_ADVICE = N_(
    "Before any routine, go to an urgent care centre or get a same-day appointment with your "
    "doctor; if you cannot be seen today, call 111 in the UK or your local out-of-hours "
    "service. "
)
SOON_ADVICE = N_("Book an appointment with your doctor in the next few days before relying on self-help. ")
_URGENT_REASONS: dict[RedFlag, str] = {
    RedFlag.LEG_WEAKNESS: N_("A leg that is quickly getting weaker means a nerve may be badly squeezed."),
    RedFlag.FEVER: N_("Fever with back pain can be a sign of an infection."),
    RedFlag.INFECTION_RISK: (
        N_("With weak immunity or after injecting drugs, back pain can come from an infection.")
    ),
    RedFlag.INJURY: N_("Severe pain after a fall or an accident can mean an injury such as a broken bone."),
    RedFlag.FRAGILE_BONES: (
        N_("With steroid tablets or thin bones, even a small fall can break a bone in the spine.")
    ),
    RedFlag.CANCER_OR_UNWELL: (
        N_(
            "After cancer, or with weight loss or feeling unwell, back pain needs checking for a cause "
            "other than a trapped nerve."
        )
    ),
    RedFlag.NIGHT_PAIN: N_(
        "Pain at night that rest does not ease needs checking for a cause other than strain."
    ),
    RedFlag.AGE: (
        N_("New back pain with no clear cause is less usual under 20 or over 50, so a doctor should look.")
    ),
}

# After a sharp-pain stop, in the window and in the terminal alike.
SHARP_PAIN_TITLE = N_("Stop pressing for now")
SHARP_PAIN_ADVICE = N_(
    "Sharp, burning or electric pain is a sign to stop, not to push through. Take your hands "
    "off the point, sit or lie in a comfortable position and breathe slowly. Next time, use "
    "lighter pressure or leave this point out. If the pain stays, comes back each time, or you "
    "notice numbness or weakness in the leg, see a doctor or physiotherapist."
)
SHARP_PAIN_URGENT = N_(
    "Call an ambulance or go to A&E for sciatica in both legs, numbness between the legs or in "
    "the genitals, or new trouble controlling your bladder or bowels; see a doctor today if a "
    "leg keeps getting weaker."
)

# The bilateral prompt: "both" chosen as the side on the pain check.
BOTH_LEGS_WARNING = N_(
    "Sciatica in both legs can be a sign of an emergency (cauda equina syndrome). If it is "
    "new, or comes with numbness between the legs or trouble peeing or pooing, call an "
    "ambulance or go to A&E now."
)

# One line before each session; the full list comes back every RECHECK_DAYS days.
WARNING_SIGNS_LINE = N_("No new warning signs?")

# What is known: shown in the help, and summed up in the README. No promise of relief.
WHAT_IS_KNOWN = (
    (
        N_(
            "NICE guideline NG59 (low back pain and sciatica) recommends staying active and exercise, "
            "and does not recommend acupuncture for sciatica."
        )
    ),
    (
        N_(
            "Evidence for pressing points yourself (self-acupressure) is limited to a few small "
            "trials: some people report less pain, but the studies are too small to be sure."
        )
    ),
    (
        N_(
            "This app does not promise relief. It helps you try a routine carefully and keep a diary, "
            "so that you can find out whether it helps you."
        )
    ),
    N_("Keep moving as much as you comfortably can, and see a professional if the pain does not settle."),
)

SKIN_CAUTION = N_("Skip this point if the skin over it is broken, bruised or sore.")
LIGHT_PRESSURE_CAUTION = N_("Keep the pressure light: a gentle, comfortable press is enough for you.")
LIGHT_PRESSURE_TEXT = N_(
    "Start gently and keep to a light, comfortable press; stop at once if it turns sharp."
)
MAT_SKIN_CAUTION = N_(
    "Take care: do not lie on the mat where the skin is broken, bruised or sore; cover it with "
    "a layer of clothing, or skip this step."
)
# Answers after which the acupressure mat is left out: its spikes press on a wide area at once.
_NO_MAT = frozenset({Precaution.PREGNANCY, Precaution.BLOOD_THINNERS})

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
    chosen_leave_out: frozenset[str] = frozenset()  # point codes the person chose to leave out themselves
    leave_out_mat: bool = False  # acupressure-mat steps are left out (pregnancy, blood thinners)
    mat_caution: str = ""  # added to the instructions of every acupressure-mat step

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
            return _("You noted a warning sign today: please get emergency care now, before any routine.")
        if first.severity is Severity.URGENT:
            return _("You noted a warning sign today: please see a doctor today, before any routine.")
        if first.severity is Severity.SOON:
            return _("You noted a warning sign: book a doctor's appointment soon, before any routine.")
        return _(_BANNER[first.source]) if isinstance(first.source, Precaution) else first.text

    def texts(self, at_least: Severity = Severity.NOTE) -> list[str]:
        return [item.text for item in self.items if item.severity <= at_least]


def red_flag_advice(flags: Iterable[RedFlag]) -> str:
    """What to do now about the warning signs ticked; "" for none."""
    chosen = set(flags)
    severity = red_flag_severity(chosen)
    if severity is None:
        return ""
    if severity is Severity.EMERGENCY:
        return _(EMERGENCY_ADVICE)
    reasons = " ".join(_(_URGENT_REASONS[flag]) for flag in RedFlag if flag in chosen)
    return _(URGENT_ADVICE if severity is Severity.URGENT else SOON_ADVICE) + reasons


def red_flag_severity(flags: Iterable[RedFlag]) -> Severity | None:
    """The most serious of the warning signs, or None when none is ticked."""
    return min((_RED_FLAG_SEVERITY[flag] for flag in flags), default=None)


def pregnancy_points(points: PointLibrary) -> frozenset[str]:
    """The codes of the points traditionally avoided during pregnancy."""
    return frozenset(point.code for point in points if point.pregnancy_caution)


def warning_signs_due(answers: SafetyAnswers, today: date) -> bool:
    """Whether the full list of warning signs should be asked again: never gone through, or long ago."""
    checked = answers.signs_checked
    if not answers.reviewed or checked is None:
        return True
    return (today - checked).days >= RECHECK_DAYS or checked > today  # a clock set back is asked again too


def wants_light_pressure(point: PressurePoint | None, lighter: bool) -> bool:
    """Whether pressing this point should stay light: the person's answers, or the point's own words."""
    return lighter or (point is not None and "firm" not in english(point.pressure).lower())


def pressure_text(point: PressurePoint, lighter: bool) -> str:
    """How hard to press ``point``: its own words, or light-pressure words when the answers ask for that."""
    if lighter and "firm" in english(point.pressure).lower():
        return _(LIGHT_PRESSURE_TEXT)
    return point.pressure


def is_mat_step(step: Step) -> bool:
    """An activity on an acupressure mat: its title or its instructions name the mat."""
    if not isinstance(step, ActivityStep):
        return False
    words = f" {english(step.title)} {english(step.instructions)} ".lower()  # the shipped English
    return any(f" {word}" in words for word in ("mat ", "mat.", "mat,", "mat;", "mat:"))


def advise(
    answers: SafetyAnswers,
    points: PointLibrary,
    red_flags: Iterable[RedFlag] = (),
    chosen_leave_out: Iterable[str] = (),
) -> SafetyAdvice:
    """The advice for these answers and today's warning signs, most serious first.

    ``chosen_leave_out``: the points the person asked to leave out of their sessions (after a sharp pain).
    """
    flags = frozenset(red_flags)
    items: list[Advice] = []
    severity = red_flag_severity(flags)
    if severity is not None:
        items.append(Advice(severity, red_flag_advice(flags), min(flags, key=_flag_order)))
    for precaution in Precaution:  # the order of the checklist, so advice reads the same way each time
        if answers.has(precaution):
            items.append(
                Advice(_PRECAUTION_SEVERITY[precaution], _(_PRECAUTION_ADVICE[precaution]), precaution)
            )
    leave_out = pregnancy_points(points) if answers.has(Precaution.PREGNANCY) else frozenset()
    if leave_out:
        names = _and_list([_point_words(code, points) for code in points.codes() if code in leave_out])
        items.append(
            Advice(
                Severity.NOTE,
                ngettext(
                    "{names} is traditionally avoided during pregnancy, so sessions leave it out.",
                    "{names} are traditionally avoided during pregnancy, so sessions leave them out.",
                    len(leave_out),
                ).format(names=names),
                Precaution.PREGNANCY,
            )
        )
    items.sort(key=lambda item: item.severity)  # stable: equal severities keep the checklist's order
    lighter = any(answers.has(p) for p in _LIGHT_PRESSURE)
    no_mat = any(answers.has(p) for p in _NO_MAT)
    cautions = []
    if answers.has(Precaution.SKIN):
        cautions.append(_(SKIN_CAUTION))
    if lighter:
        cautions.append(_(LIGHT_PRESSURE_CAUTION))
    return SafetyAdvice(
        items=tuple(items),
        leave_out=leave_out,
        lighter_pressure=lighter,
        step_cautions=tuple(cautions),
        red_flags=flags,
        chosen_leave_out=frozenset(chosen_leave_out) - leave_out,
        leave_out_mat=no_mat,
        mat_caution=_(MAT_SKIN_CAUTION) if answers.has(Precaution.SKIN) and not no_mat else "",
    )


def _flag_order(flag: RedFlag) -> tuple[Severity, int]:
    return _RED_FLAG_SEVERITY[flag], list(RedFlag).index(flag)


@dataclass(frozen=True, slots=True)
class AdaptedRoutine:
    """A routine with the steps a person should skip taken out, and what to tell them about it."""

    routine: Routine | None  # None when nothing would be left to do
    left_out: tuple[str, ...] = ()  # codes of the points left out, each once, in the routine's order
    message: str = ""  # "" when nothing was left out
    mat_left_out: bool = False  # acupressure-mat steps were left out

    @property
    def changed(self) -> bool:
        return bool(self.left_out) or self.mat_left_out


def adapt_routine(routine: Routine, advice: SafetyAdvice, points: PointLibrary) -> AdaptedRoutine:
    """``routine`` without the steps the advice leaves out, and with the mat's caution where it applies.

    Left out: points avoided in pregnancy, points the person chose to leave out, and acupressure-mat steps in
    pregnancy or with blood thinners. With broken or sore skin a mat step keeps its place with a caution.
    """
    pregnancy = advice.leave_out
    chosen = advice.chosen_leave_out
    kept: list[Step] = []
    pregnancy_codes: list[str] = []
    chosen_codes: list[str] = []
    mat_left_out = False
    for step in routine.steps:
        if isinstance(step, PointStep) and step.point_code in pregnancy:
            pregnancy_codes.append(step.point_code)
        elif isinstance(step, PointStep) and step.point_code in chosen:
            chosen_codes.append(step.point_code)
        elif is_mat_step(step) and advice.leave_out_mat:
            mat_left_out = True
        elif isinstance(step, ActivityStep) and advice.mat_caution and is_mat_step(step):
            kept.append(replace(step, instructions=f"{step.instructions}\n\n{advice.mat_caution}"))
        else:
            kept.append(step)
    codes = tuple(dict.fromkeys(pregnancy_codes + chosen_codes))
    pregnancy_group = tuple(dict.fromkeys(pregnancy_codes))
    chosen_group = tuple(dict.fromkeys(chosen_codes))
    sentences = []
    if pregnancy_group:
        sentences.append(
            ngettext(
                "{points} is left out of this session: it is traditionally avoided during pregnancy.",
                "{points} are left out of this session: they are traditionally avoided during pregnancy.",
                len(pregnancy_group),
            ).format(points=_words_for(pregnancy_group, points))
        )
    if chosen_group:
        sentences.append(
            ngettext(
                "{points} is left out of this session, as you chose after a sharp pain; Settings can bring "
                "it back.",
                "{points} are left out of this session, as you chose after a sharp pain; Settings can bring "
                "them back.",
                len(chosen_group),
            ).format(points=_words_for(chosen_group, points))
        )
    if mat_left_out:
        sentences.append(
            _(
                "The acupressure mat is left out of this session: with your answers (pregnancy or blood "
                "thinners) lying on its spikes is not advised."
            )
        )
    if not sentences:
        changed = tuple(kept) != routine.steps
        return AdaptedRoutine(replace(routine, steps=tuple(kept)) if changed else routine)
    if not kept:
        if pregnancy_group and not chosen_group and not mat_left_out:
            why = _("uses a point traditionally avoided during pregnancy ({words_for})").format(
                words_for=_words_for(pregnancy_group, points)
            )
        else:
            why = _("is left out for you ({reasons})").format(reasons=" ".join(sentences).rstrip("."))
        message = _(
            "Every step of “{name}” {why}, so there is nothing left to play. Please choose another routine."
        ).format(name=routine.name, why=why)
        return AdaptedRoutine(None, codes, message, mat_left_out=mat_left_out)
    message = " ".join(sentences)
    return AdaptedRoutine(replace(routine, steps=tuple(kept)), codes, message, mat_left_out=mat_left_out)


def _words_for(codes: tuple[str, ...], points: PointLibrary) -> str:
    return _and_list([_point_words(code, points) for code in codes])


def sharp_pain_reason(phase: PlannedPhase | None) -> str:
    """Why a session stopped, for the history: "sharp pain during hold at BL23, left side"."""
    if phase is None:
        return _("sharp pain")
    where = phase.point_code or phase.title
    if phase.side is not None and phase.point_code:
        return _("sharp pain during {phase} at {where}, {side}").format(
            phase=_phase_word(phase.kind.value), where=where, side=_side_words(phase.side.value)
        )
    return _("sharp pain during {phase} at {where}").format(phase=_phase_word(phase.kind.value), where=where)


def _phase_word(kind: str) -> str:
    """A phase's name in a sentence ("press", "hold"...)."""
    words = {
        "press": pgettext("phase", "press"),
        "hold": pgettext("phase", "hold"),
        "release": pgettext("phase", "release"),
        "breathe": pgettext("phase", "breathe"),
        "locate": pgettext("phase", "locate"),
        "activity": pgettext("phase", "activity"),
        "rest": pgettext("phase", "rest"),
    }
    return words.get(kind, kind)


def _side_words(side: str) -> str:
    return {"left": _("left side"), "right": _("right side")}.get(side, side)


def sharp_pain_lines(point_code: str | None, points: PointLibrary) -> tuple[str, ...]:
    """What to do after a sharp-pain stop, the same in the window and the terminal; names the point."""
    lines = [_(SHARP_PAIN_TITLE) + "."]
    if point_code is not None:
        lines.append(_("It hurt at {point_words}.").format(point_words=_point_words(point_code, points)))
    lines += [_(SHARP_PAIN_ADVICE), _(SHARP_PAIN_URGENT)]
    return tuple(lines)


def point_words(code: str, points: PointLibrary) -> str:
    """A point as "BL23 (Kidney Shu)"; the code alone when the library does not know it."""
    return _point_words(code, points)


def _point_words(code: str, points: PointLibrary) -> str:
    if code in points:
        return f"{code} ({points.get(code).english_name})"
    return code


def _and_list(words: list[str]) -> str:
    if len(words) <= 1:
        return "".join(words)
    return _("{first} and {last}").format(first=", ".join(words[:-1]), last=words[-1])
