"""The safety rules: what each checklist answer and warning sign leads to, and routines adapted to them."""

from __future__ import annotations

import pytest

from sciatica_timer.core.plan import StepKind
from sciatica_timer.core.points import PointLibrary
from sciatica_timer.core.routines import ActivityStep, PointStep, RestStep, Routine, Sides, expand
from sciatica_timer.core.safety import (
    LIGHT_PRESSURE_CAUTION,
    MAT_SKIN_CAUTION,
    PRECAUTION_QUESTIONS,
    RED_FLAG_QUESTIONS,
    SKIN_CAUTION,
    RedFlag,
    Severity,
    adapt_routine,
    advise,
    is_mat_step,
    pregnancy_points,
    pressure_text,
    red_flag_advice,
    red_flag_severity,
    wants_light_pressure,
    warning_signs_due,
)
from sciatica_timer.core.settings import Precaution, SafetyAnswers
from sciatica_timer.storage.resources import load_point_library


@pytest.fixture(scope="module")
def points() -> PointLibrary:
    return load_point_library()


def answers(*ticked: Precaution) -> SafetyAnswers:
    return SafetyAnswers(reviewed=True, precautions=frozenset(ticked))


ANKLE_ROUTINE = Routine(
    id="ankle-and-back",
    name="Ankle and back",
    description="",
    steps=(
        PointStep("BL23", Sides.BOTH, 1, hold_s=30),
        PointStep("BL60", Sides.BOTH, 2, hold_s=30),
        ActivityStep("Stretch", "Reach up slowly.", 30),
        PointStep("BL60", Sides.LEFT, 1, hold_s=20),
    ),
)


def test_every_precaution_and_warning_sign_has_a_question() -> None:
    assert set(PRECAUTION_QUESTIONS) == set(Precaution)
    assert set(RED_FLAG_QUESTIONS) == set(RedFlag)
    for question in [*PRECAUTION_QUESTIONS.values(), *RED_FLAG_QUESTIONS.values()]:
        assert question.label
        assert question.detail.endswith(".")
        assert len(question.label) <= 60, "a tick box label stays on one line"


def test_no_answers_give_no_advice(points: PointLibrary) -> None:
    advice = advise(answers(), points)
    assert advice.items == ()
    assert advice.severity is None
    assert advice.banner == ""
    assert advice.leave_out == frozenset()
    assert not advice.lighter_pressure
    assert advice.step_cautions == ()
    assert not advice.needs_care_first


def test_the_library_marks_bl60_as_avoided_in_pregnancy(points: PointLibrary) -> None:
    assert pregnancy_points(points) == {"BL60"}


def test_pregnancy_leaves_out_pregnancy_points_asks_a_provider_and_keeps_pressure_light(
    points: PointLibrary,
) -> None:
    advice = advise(answers(Precaution.PREGNANCY), points)
    assert advice.leave_out == {"BL60"}
    assert advice.lighter_pressure
    assert advice.step_cautions == (LIGHT_PRESSURE_CAUTION,)
    assert advice.severity is Severity.CAUTION
    assert "midwife or doctor" in advice.banner
    assert any("BL60 (Kunlun Mountains)" in text and "leave it out" in text for text in advice.texts())


def test_skin_adds_a_caution_to_every_step_but_leaves_pressure_as_it_is(points: PointLibrary) -> None:
    advice = advise(answers(Precaution.SKIN), points)
    assert advice.step_cautions == (SKIN_CAUTION,)
    assert "Skip this point" in SKIN_CAUTION
    assert "broken" in SKIN_CAUTION
    assert not advice.lighter_pressure
    assert advice.leave_out == frozenset()
    assert advice.severity is Severity.NOTE
    assert "skin is broken" in advice.banner


def test_a_recent_injury_advises_waiting_for_the_acute_phase_to_pass(points: PointLibrary) -> None:
    advice = advise(answers(Precaution.RECENT_INJURY), points)
    assert "wait until the acute phase is over" in advice.banner
    assert "first painful days" in advice.texts()[0]
    assert not advice.lighter_pressure
    assert advice.step_cautions == ()


@pytest.mark.parametrize(
    ("precaution", "who"),
    [
        (Precaution.HEART_CIRCULATION, "doctor"),
        (Precaution.CANCER, "cancer specialist"),
        (Precaution.BLOOD_THINNERS, "doctor"),
    ],
)
def test_heart_cancer_and_blood_thinners_ask_first_and_keep_pressure_light(
    points: PointLibrary, precaution: Precaution, who: str
) -> None:
    advice = advise(answers(precaution), points)
    assert who in advice.banner
    assert "pressure light" in advice.banner
    assert advice.lighter_pressure
    assert advice.step_cautions == (LIGHT_PRESSURE_CAUTION,)
    assert advice.leave_out == frozenset()
    assert advice.severity is Severity.CAUTION


def test_the_banner_is_one_short_line_for_each_answer(points: PointLibrary) -> None:
    for precaution in Precaution:
        banner = advise(answers(precaution), points).banner
        assert banner.endswith(".")
        assert len(banner) <= 80, banner
    for flag in RedFlag:
        assert len(advise(answers(), points, [flag]).banner) <= 90


def test_the_full_advice_says_more_than_the_banner(points: PointLibrary) -> None:
    advice = advise(answers(Precaution.BLOOD_THINNERS), points)
    assert advice.banner == "Ask your doctor first, and keep the pressure light."
    (full,) = advice.texts()
    assert full.startswith("With blood thinners or similar medicines, ask your doctor first")
    assert full.endswith("you may bruise more easily.")


def test_advice_is_most_serious_first_then_in_checklist_order(points: PointLibrary) -> None:
    advice = advise(answers(*Precaution), points)
    severities = [item.severity for item in advice.items]
    assert severities == sorted(severities)
    cautions = [item.source for item in advice.items if item.severity is Severity.CAUTION]
    assert cautions == [
        Precaution.PREGNANCY,
        Precaution.RECENT_INJURY,
        Precaution.HEART_CIRCULATION,
        Precaution.CANCER,
        Precaution.BLOOD_THINNERS,
    ]
    assert advice.step_cautions == (SKIN_CAUTION, LIGHT_PRESSURE_CAUTION)
    assert "midwife" in advice.banner, "pregnancy comes first among equals, as on the checklist"


# Each warning sign with its urgency, written out by hand from NICE CKS "sciatica" and the NHS pages on cauda
# equina syndrome: the code's table must agree with it sign by sign.
EXPECTED_URGENCY = {
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


def test_every_warning_sign_has_its_urgency() -> None:
    assert set(EXPECTED_URGENCY) == set(RedFlag)


@pytest.mark.parametrize("flag", [f for f, s in EXPECTED_URGENCY.items() if s is Severity.EMERGENCY])
def test_both_legs_saddle_genitals_and_bladder_or_bowel_are_emergencies(
    points: PointLibrary, flag: RedFlag
) -> None:
    advice = advise(answers(Precaution.SKIN), points, [flag])
    assert advice.severity is Severity.EMERGENCY
    assert advice.needs_care_first
    assert "emergency care now" in advice.banner
    assert "Call an ambulance" in advice.items[0].text
    assert "A&E now" in advice.items[0].text
    assert advice.items[-1].source is Precaution.SKIN, "the precautions still follow"


@pytest.mark.parametrize("flag", [f for f, s in EXPECTED_URGENCY.items() if s is Severity.URGENT])
def test_the_urgent_warning_signs_need_a_doctor_today(points: PointLibrary, flag: RedFlag) -> None:
    advice = advise(answers(), points, [flag])
    assert advice.severity is Severity.URGENT
    assert "see a doctor today" in advice.banner
    assert "same-day appointment" in advice.items[0].text
    assert "A&E now" not in advice.items[0].text


def test_new_back_pain_at_an_unusual_age_needs_an_appointment_soon(points: PointLibrary) -> None:
    advice = advise(answers(), points, [RedFlag.AGE])
    assert advice.severity is Severity.SOON
    assert "appointment soon" in advice.banner
    assert advice.items[0].text.startswith("Book an appointment")
    assert "under 20 or over 50" in advice.items[0].text


def test_the_bowel_sign_names_not_noticing_the_need_to_poo_and_soiling() -> None:
    detail = RED_FLAG_QUESTIONS[RedFlag.BLADDER_BOWEL].detail
    assert "not noticing when you need to pee or poo" in detail
    assert "soiling yourself" in detail
    assert "sex" in RED_FLAG_QUESTIONS[RedFlag.GENITALS].label
    assert "any time" in RED_FLAG_QUESTIONS[RedFlag.CANCER_OR_UNWELL].label


def test_one_emergency_sign_outweighs_urgent_ones() -> None:
    flags = [RedFlag.FEVER, RedFlag.BLADDER_BOWEL, RedFlag.AGE]
    assert red_flag_severity(flags) is Severity.EMERGENCY
    assert red_flag_advice(flags).startswith("Call an ambulance")


def test_urgent_advice_gives_a_reason_for_each_sign_in_checklist_order() -> None:
    text = red_flag_advice([RedFlag.INJURY, RedFlag.FEVER, RedFlag.AGE])
    assert text.startswith("Before any routine, go to an urgent care centre")
    assert text.index("infection") < text.index("broken bone") < text.index("under 20")
    assert "weaker" not in text


def test_no_warning_sign_means_no_urgent_advice() -> None:
    assert red_flag_advice([]) == ""
    assert red_flag_severity([]) is None


def test_without_pregnancy_a_routine_is_left_as_it_is(points: PointLibrary) -> None:
    adapted = adapt_routine(
        ANKLE_ROUTINE, advise(answers(*set(Precaution) - {Precaution.PREGNANCY}), points), points
    )
    assert adapted.routine is ANKLE_ROUTINE
    assert not adapted.changed
    assert adapted.message == ""


def test_pregnancy_leaves_every_bl60_step_out_and_says_which_and_why(points: PointLibrary) -> None:
    adapted = adapt_routine(ANKLE_ROUTINE, advise(answers(Precaution.PREGNANCY), points), points)
    assert adapted.routine is not None
    kept = adapted.routine.steps
    assert [type(step) for step in kept] == [PointStep, ActivityStep]
    assert all(step.point_code != "BL60" for step in kept if isinstance(step, PointStep))
    assert adapted.left_out == ("BL60",), "named once, however many steps used it"
    assert adapted.message == (
        "BL60 (Kunlun Mountains) is left out of this session: it is traditionally avoided during pregnancy."
    )
    assert (adapted.routine.id, adapted.routine.name) == (ANKLE_ROUTINE.id, ANKLE_ROUTINE.name)
    plan = expand(adapted.routine, points)
    assert [step.kind for step in plan.steps] == [StepKind.POINT, StepKind.ACTIVITY]
    assert {phase.point_code for phase in plan.phases} == {"BL23", None}
    assert plan.total_s == adapted.routine.duration_s < ANKLE_ROUTINE.duration_s


def test_a_routine_of_only_avoided_points_leaves_nothing_and_says_so(points: PointLibrary) -> None:
    only_ankle = Routine("ankle", "Ankle only", "", (PointStep("BL60", Sides.BOTH, 1, hold_s=30),))
    adapted = adapt_routine(only_ankle, advise(answers(Precaution.PREGNANCY), points), points)
    assert adapted.routine is None
    assert adapted.left_out == ("BL60",)
    assert "nothing left to play" in adapted.message
    assert "“Ankle only”" in adapted.message


def test_a_routine_left_with_only_a_rest_still_plays(points: PointLibrary) -> None:
    routine = Routine(
        "ankle-rest", "Ankle and rest", "", (PointStep("BL60", Sides.BOTH, 1, hold_s=30), RestStep(60))
    )
    adapted = adapt_routine(routine, advise(answers(Precaution.PREGNANCY), points), points)
    assert adapted.routine is not None
    assert adapted.routine.steps == (RestStep(60),)


def test_built_in_style_routines_without_avoided_points_are_unchanged_in_pregnancy(
    points: PointLibrary,
) -> None:
    routine = Routine(
        "desk",
        "Desk",
        "",
        tuple(PointStep(code, Sides.BOTH, 1, hold_s=30) for code in ("BL23", "GB30", "KD1")),
    )
    adapted = adapt_routine(routine, advise(answers(Precaution.PREGNANCY), points), points)
    assert adapted.routine is routine
    assert not adapted.changed


# -- the acupressure mat, light pressure, the person's own left-out points, the 30-day re-ask ---------------


def _mat_routine(points: PointLibrary) -> Routine:
    from sciatica_timer.storage.routine_files import load_builtin_routines

    return next(r for r in load_builtin_routines(points)[0] if r.id == "acupressure-mat")


@pytest.mark.parametrize("precaution", [Precaution.PREGNANCY, Precaution.BLOOD_THINNERS])
def test_the_mat_routine_is_left_out_in_pregnancy_and_with_blood_thinners(
    points: PointLibrary, precaution: Precaution
) -> None:
    adapted = adapt_routine(_mat_routine(points), advise(answers(precaution), points), points)
    assert adapted.routine is None, "every step of it lies on the mat"
    assert adapted.mat_left_out
    assert "acupressure mat" in adapted.message
    assert "nothing left to play" in adapted.message


def test_with_broken_skin_the_mat_steps_carry_the_caution(points: PointLibrary) -> None:
    routine = _mat_routine(points)
    adapted = adapt_routine(routine, advise(answers(Precaution.SKIN), points), points)
    assert adapted.routine is not None
    assert len(adapted.routine.steps) == len(routine.steps)
    for step in adapted.routine.steps:
        assert isinstance(step, ActivityStep)
        assert step.instructions.endswith(MAT_SKIN_CAUTION)
    assert adapted.message == ""


def test_a_mat_step_in_a_mixed_routine_goes_and_the_rest_stays(points: PointLibrary) -> None:
    mixed = Routine(
        id="mixed",
        name="Mixed",
        description="",
        steps=(
            PointStep("BL23", Sides.BOTH, 1, hold_s=10),
            ActivityStep("Rest on the mat", "Lie back on the spikes.", 60),
            ActivityStep("Gentle stretch", "Reach up slowly.", 30),
        ),
    )
    adapted = adapt_routine(mixed, advise(answers(Precaution.BLOOD_THINNERS), points), points)
    assert adapted.routine is not None
    assert [getattr(step, "title", None) for step in adapted.routine.steps] == [None, "Gentle stretch"]
    assert not is_mat_step(ActivityStep("Matching socks", "Format the mattress.", 30)), "whole words only"


def test_light_pressure_words_never_say_firm(points: PointLibrary) -> None:
    bl40 = points.get("BL40")
    assert "firm" not in bl40.pressure.lower()
    assert wants_light_pressure(bl40, lighter=False), "the point's own caution asks for light pressure"
    assert not wants_light_pressure(points.get("BL23"), lighter=False)
    for point in points:
        assert "firm" not in pressure_text(point, lighter=True).lower(), point.code
        assert wants_light_pressure(point, lighter=True)
    assert advise(answers(Precaution.CANCER), points).lighter_pressure


def test_points_the_person_left_out_stay_out_and_say_why(points: PointLibrary) -> None:
    advice = advise(answers(Precaution.PREGNANCY), points, chosen_leave_out={"BL23", "BL60"})
    assert advice.chosen_leave_out == {"BL23"}, "BL60 is left out for pregnancy already"
    adapted = adapt_routine(ANKLE_ROUTINE, advice, points)
    assert adapted.left_out == ("BL60", "BL23")
    assert "BL23 (Kidney Shu) is left out of this session, as you chose" in adapted.message
    assert "traditionally avoided during pregnancy" in adapted.message


def test_the_warning_signs_are_due_again_after_30_days() -> None:
    from datetime import date, timedelta

    today = date(2026, 12, 6)
    assert warning_signs_due(SafetyAnswers(), today), "never answered"
    assert warning_signs_due(SafetyAnswers(reviewed=True), today), "answered before the date was kept"
    for days, due in ((0, False), (29, False), (30, True), (365, True), (-1, True)):
        answers_then = SafetyAnswers(reviewed=True, signs_checked=today - timedelta(days=days))
        assert warning_signs_due(answers_then, today) is due, days


def test_plan_session_is_the_one_decision_for_every_player(points: PointLibrary) -> None:
    from sciatica_timer.core.plan import BreathingPattern
    from sciatica_timer.core.session_plan import plan_session
    from sciatica_timer.core.settings import Settings

    settings = Settings(
        safety=answers(Precaution.HEART_CIRCULATION),
        left_out_points=frozenset({"BL60"}),
        breathing=BreathingPattern(3, 7),
    )
    planned = plan_session(ANKLE_ROUTINE, points, settings)
    assert planned.plan is not None
    assert all(phase.point_code != "BL60" for phase in planned.plan.phases)
    assert planned.lighter_pressure
    assert LIGHT_PRESSURE_CAUTION in planned.cautions
    assert "as you chose" in planned.message
    only = Routine(
        id="only", name="Only", description="", steps=(PointStep("BL60", Sides.LEFT, 1, hold_s=5),)
    )
    nothing = plan_session(only, points, settings)
    assert nothing.plan is None
    assert "nothing left to play" in nothing.message
