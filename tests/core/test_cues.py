"""Which cue and which spoken prompt each moment of a session gets: the real engine on a fake clock."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import pytest

from sciatica_timer.core.cues import Cue, CueScript, CueSettings, PromptScript
from sciatica_timer.core.plan import (
    BreathingPattern,
    PhaseKind,
    Plan,
    PlannedPhase,
    PlannedStep,
    Side,
    StepKind,
)
from sciatica_timer.core.session_events import Countdown, PhaseStarted, SessionStopped
from tests.core.session_harness import T0, Session, session

P, H, R, B, L = PhaseKind.PRESS, PhaseKind.HOLD, PhaseKind.RELEASE, PhaseKind.BREATHE, PhaseKind.LOCATE
Step = Sequence[tuple[PhaseKind, float, Side | None, int]]
SLOW = BreathingPattern(inhale_s=4, exhale_s=5)
TITLES = {PhaseKind.ACTIVITY: "Knee hug", PhaseKind.REST: "Rest"}


def build_plan(*steps: tuple[str | None, Step], breathing: BreathingPattern | None = SLOW) -> Plan:
    """Steps as (point code or None for an activity, [(kind, seconds, side, repetition), ...])."""
    phases: list[PlannedPhase] = []
    planned_steps = []
    start = 0.0
    for index, (code, spec) in enumerate(steps):
        first = len(phases)
        for kind, seconds, side, repetition in spec:
            phases.append(
                PlannedPhase(
                    index=len(phases),
                    step_index=index,
                    kind=kind,
                    duration_s=seconds,
                    starts_at_s=start,
                    point_code=code,
                    side=side,
                    repetition=repetition,
                    repetitions=max(r for *_, r in spec),
                    title=code or TITLES[kind],
                    breathing=breathing if kind is not L else None,
                )
            )
            start += seconds
        step_kind = StepKind.POINT if code else StepKind(spec[0][0].value)
        planned_steps.append(PlannedStep(index, step_kind, phases[first].title, first, len(phases), code))
    return Plan("cues", "Cues", tuple(phases), tuple(planned_steps))


def side(
    s: Side, repetition: int = 1, *, breathe: float = 9
) -> list[tuple[PhaseKind, float, Side | None, int]]:
    return [(P, 2, s, repetition), (H, 5, s, repetition), (R, 2, s, repetition), (B, breathe, s, repetition)]


# BL23 left 0-18, right 18-36; KD1 left 36-54.
TWO_POINTS = build_plan(("BL23", side(Side.LEFT) + side(Side.RIGHT)), ("KD1", side(Side.LEFT)))


def play(s: Session, script: CueScript, until: float = float("inf")) -> list[tuple[float, Cue]]:
    """Run the session to its end (or ``until``), as the player does: at each engine deadline or breath."""
    heard: list[tuple[float, Cue]] = []

    def hear(cue: Cue | None) -> None:
        if cue is not None:
            heard.append((s.clock.now() - T0, cue))

    for event in s.take():
        hear(script.on_event(event))
    while True:
        due = [t for t in (s.engine.next_deadline(), script.next_due()) if t is not None]
        if not due or min(due) > T0 + until:
            return heard
        s.clock.set(min(due))
        s.engine.update()
        for event in s.take():
            hear(script.on_event(event))
        hear(script.due(s.clock.now()))


def started(plan: Plan) -> Session:
    s = session(plan)
    assert s.engine.start()
    return s


def test_a_whole_session_sounds_in_order():
    heard = play(started(TWO_POINTS), CueScript())
    assert heard == [
        (0, Cue.PRESS),
        (2, Cue.HOLD),
        (4, Cue.TICK),
        (5, Cue.TICK),
        (6, Cue.TICK),
        (7, Cue.RELEASE),
        (9, Cue.BREATHE_IN),
        (13, Cue.BREATHE_OUT),  # no breathe-in at 18: that is the phase's end; and no ticks while breathing
        (18, Cue.SWITCH_SIDE),
        (20, Cue.HOLD),
        (22, Cue.TICK),
        (23, Cue.TICK),
        (24, Cue.TICK),
        (25, Cue.RELEASE),
        (27, Cue.BREATHE_IN),
        (31, Cue.BREATHE_OUT),
        (36, Cue.NEXT_POINT),
        (38, Cue.HOLD),
        (40, Cue.TICK),
        (41, Cue.TICK),
        (42, Cue.TICK),
        (43, Cue.RELEASE),
        (45, Cue.BREATHE_IN),
        (49, Cue.BREATHE_OUT),
        (54, Cue.COMPLETE),
    ]


def test_a_long_breathe_phase_alternates_and_stops_short_of_its_end():
    plan = build_plan(("BL23", [(B, 20, Side.LEFT, 1)]), breathing=BreathingPattern(inhale_s=3, exhale_s=4))
    heard = play(started(plan), CueScript())
    breaths = [(t, c) for t, c in heard if c in (Cue.BREATHE_IN, Cue.BREATHE_OUT)]
    # 0 in, 3 out, 7 in, 10 out, 14 in, 17 out; 19 and later are too close to the end at 20.
    assert breaths == [
        (0, Cue.BREATHE_IN),
        (3, Cue.BREATHE_OUT),
        (7, Cue.BREATHE_IN),
        (10, Cue.BREATHE_OUT),
        (14, Cue.BREATHE_IN),
        (17, Cue.BREATHE_OUT),
    ]


def test_a_breathe_phase_without_a_pattern_uses_the_default_one():
    plan = build_plan(("BL23", [(B, 12, Side.LEFT, 1)]), breathing=None)
    heard = play(started(plan), CueScript())
    assert [(t, c) for t, c in heard if c is not Cue.COMPLETE] == [
        (0, Cue.BREATHE_IN),
        (4, Cue.BREATHE_OUT),
        (10, Cue.BREATHE_IN),
    ]


@pytest.mark.parametrize(
    ("switched_off", "at_switch", "at_next_point"),
    [
        (Cue.SWITCH_SIDE, Cue.PRESS, Cue.NEXT_POINT),
        (Cue.NEXT_POINT, Cue.SWITCH_SIDE, Cue.PRESS),
        (Cue.PRESS, Cue.SWITCH_SIDE, Cue.NEXT_POINT),
    ],
)
def test_a_switched_off_cue_gives_way_to_the_next_most_telling_one(switched_off, at_switch, at_next_point):
    heard = dict(play(started(TWO_POINTS), CueScript(CueSettings().with_cue(switched_off, False))))
    assert (heard.get(18), heard.get(36)) == (at_switch, at_next_point)
    assert heard.get(0) == (None if switched_off is Cue.PRESS else Cue.PRESS)


def test_ticks_and_single_cues_can_be_switched_off():
    settings = CueSettings(ticks=False).with_cue(Cue.HOLD, False).with_cue(Cue.BREATHE_OUT, False)
    heard = [c for _, c in play(started(TWO_POINTS), CueScript(settings))]
    assert Cue.TICK not in heard
    assert Cue.HOLD not in heard
    assert Cue.BREATHE_OUT not in heard
    assert Cue.BREATHE_IN in heard
    assert settings.with_cue(Cue.TICK, True).with_cue(Cue.HOLD, True) == CueSettings(
        disabled=frozenset({Cue.BREATHE_OUT})
    )


def test_a_pause_holds_the_breath_cues_back_by_its_length():
    s = started(TWO_POINTS)
    script = CueScript()
    play(s, script, until=11)
    s.clock.set(T0 + 11)  # 2 s into the first breathe phase (9-18): the breathe-out is due at 13
    assert script.next_due() == T0 + 13
    assert s.engine.pause()
    for event in s.take():
        script.on_event(event)
    assert script.next_due() is None, "nothing is due while paused"
    s.clock.advance(30)
    assert s.engine.resume()
    for event in s.take():
        script.on_event(event)
    assert script.next_due() == T0 + 43
    assert script.due(T0 + 42.9) is None
    assert script.due(T0 + 43) is Cue.BREATHE_OUT


def test_a_breathe_phase_begun_during_a_pause_starts_its_breaths_on_resume():
    s = started(TWO_POINTS)
    script = CueScript()
    play(s, script, until=8)
    s.clock.set(T0 + 8)  # in the release phase (7-9)
    assert s.engine.pause()
    assert s.engine.skip_phase()  # into the breathe phase, still paused
    heard = [script.on_event(event) for event in s.take()]
    assert Cue.BREATHE_IN in heard
    assert script.next_due() is None
    s.clock.advance(100)
    assert s.engine.resume()
    for event in s.take():
        script.on_event(event)
    assert script.next_due() == T0 + 108 + 4


def test_after_a_freeze_only_the_latest_breath_cue_plays():
    plan = build_plan(("BL23", [(B, 30, Side.LEFT, 1)]), breathing=BreathingPattern(inhale_s=2, exhale_s=2))
    s = started(plan)
    script = CueScript()
    for event in s.take():
        script.on_event(event)
    # Breaths due at 2 (out), 4 (in), 6 (out): the app was frozen until 6.5.
    assert script.due(T0 + 6.5) is Cue.BREATHE_OUT
    assert script.next_due() == T0 + 8


def test_a_stopped_session_has_nothing_more_to_play():
    s = started(TWO_POINTS)
    script = CueScript()
    play(s, script, until=10)
    assert script.next_due() == T0 + 13
    assert s.engine.stop()
    events = s.take()
    assert any(isinstance(e, SessionStopped) for e in events)
    assert [script.on_event(event) for event in events] == [None] * len(events)
    assert script.next_due() is None


def test_ticks_come_from_the_engine_countdown_except_while_breathing():
    phase = TWO_POINTS.phases[1]
    breathe = TWO_POINTS.phases[3]
    script = CueScript()
    tick = Countdown(planned_at=0, actual_at=0, phase_index=1, phase=phase, seconds_left=3)
    assert script.on_event(tick) is Cue.TICK
    assert script.on_event(replace(tick, phase=breathe, phase_index=3)) is None


def test_a_locate_phase_opens_a_step_with_the_next_point_cue():
    plan = build_plan(
        ("BL23", side(Side.LEFT)), ("KD1", [(L, 0, Side.LEFT, 1), (P, 2, Side.LEFT, 1), (H, 5, Side.LEFT, 1)])
    )
    s = started(plan)
    script = CueScript()
    heard = play(s, script)
    assert heard[-1] == (18, Cue.NEXT_POINT), "the session waits at the locate phase"
    assert s.engine.confirm_ready()
    assert [script.on_event(e) for e in s.take() if isinstance(e, PhaseStarted)] == [Cue.PRESS]


def test_cue_settings_check_the_volume():
    with pytest.raises(ValueError, match="volume"):
        CueSettings(volume=1.5)
    with pytest.raises(ValueError, match="volume"):
        CueSettings(volume=-0.1)
    assert CueSettings().volume == 0.8
    assert not CueSettings().spoken_prompts, "spoken prompts are off by default"
    assert Cue.BREATHE_IN.label == "Breathe in"


# -- spoken prompts ----------------------------------------------------------------------------------------


def prompts(plan: Plan, labels: dict[str, str]) -> list[str]:
    s = started(plan)
    script = PromptScript(labels)
    said = []
    while True:
        for event in s.take():
            text = script.on_event(event)
            if text:
                said.append(text)
        deadline = s.engine.next_deadline()
        if deadline is None:
            return said
        s.clock.set(deadline)
        s.engine.update()


def test_prompts_say_where_when_it_changes_and_what_to_do_at_every_phase():
    said = prompts(TWO_POINTS, {"BL23": "Bladder 23", "KD1": "Kidney 1"})
    assert said == [
        "Left side. Bladder 23. Press gently.",
        "Hold steady.",
        "Release slowly.",
        "Breathe slowly.",
        "Right side. Bladder 23. Press gently.",
        "Hold steady.",
        "Release slowly.",
        "Breathe slowly.",
        "Left side. Kidney 1. Press gently.",
        "Hold steady.",
        "Release slowly.",
        "Breathe slowly.",
        "Routine complete. Well done.",
    ]


def test_prompts_count_rounds_name_activities_and_spell_unknown_codes():
    plan = build_plan(
        ("GV4", [(L, 0, Side.MIDLINE, 1), (P, 2, Side.MIDLINE, 1), (P, 2, Side.MIDLINE, 2)]),
        (None, [(PhaseKind.ACTIVITY, 30, None, 1)]),
        (None, [(PhaseKind.REST, 10, None, 1)]),
    )
    s = started(plan)
    script = PromptScript({})
    assert [t for t in map(script.on_event, s.take()) if t] == ["GV4. Find the point."], (
        "no side on the spine"
    )
    assert s.engine.confirm_ready()
    assert [t for t in map(script.on_event, s.take()) if t] == ["Press gently."]
    s.clock.advance(2)
    s.engine.update()
    assert [t for t in map(script.on_event, s.take()) if t] == ["Round 2 of 2. Press gently."]
    s.clock.advance(2)
    s.engine.update()
    assert [t for t in map(script.on_event, s.take()) if t] == ["Knee hug."]
    s.clock.advance(30)
    s.engine.update()
    assert [t for t in map(script.on_event, s.take()) if t] == ["Rest."]
