"""Routine files on disk: the built-ins, reading bytes safely, and the user's routines folder."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sciatica_timer.core.plan import PhaseKind, Side
from sciatica_timer.core.points import PointLibrary
from sciatica_timer.core.routines import (
    ActivityStep,
    PointStep,
    Problem,
    Routine,
    RoutineError,
    Sides,
    expand,
    routine_to_dict,
)
from sciatica_timer.errors import UserError
from sciatica_timer.storage.resources import load_point_library
from sciatica_timer.storage.routine_files import (
    MAX_FILE_BYTES,
    AlreadyExistsError,
    RoutineRepository,
    load_builtin_routines,
    load_routine_file,
    parse_routine_bytes,
    routine_to_bytes,
)


@pytest.fixture(scope="module")
def points() -> PointLibrary:
    return load_point_library()


@pytest.fixture
def repo(tmp_path: Path, points: PointLibrary) -> RoutineRepository:
    return RoutineRepository(tmp_path / "routines", points)


def a_routine(routine_id: str = "my-routine", name: str = "My routine", hold_s: int = 30) -> Routine:
    return Routine(
        id=routine_id,
        name=name,
        description="",
        steps=(PointStep("KD1", Sides.BOTH, 2, hold_s),),
    )


def routine_bytes(**changes: object) -> bytes:
    data = routine_to_dict(a_routine())
    data.update(changes)
    return json.dumps(data).encode()


def located(raw: bytes, points: PointLibrary) -> list[Problem]:
    with pytest.raises(RoutineError) as caught:
        parse_routine_bytes(raw, points, "my.json")
    return list(caught.value.problems)


# ----------------------------------------------------------------------------------------------------
# Built-in routines


@pytest.fixture(scope="module")
def builtins(points: PointLibrary) -> dict[str, Routine]:
    routines, broken = load_builtin_routines(points)
    assert broken == ()
    return {routine.id: routine for routine in routines}


def test_builtins_load_in_order_and_are_marked(builtins: dict[str, Routine]) -> None:
    assert list(builtins) == [
        "full-protocol",
        "quick-desk",
        "evening-feet",
        "lower-back-stretches",
        "acupressure-mat",
    ]
    assert all(routine.builtin for routine in builtins.values())


@pytest.mark.parametrize(
    ("routine_id", "seconds", "phases"),
    [
        # 60 settle-in + BL23, BL25: 2 sides × 2 × (5+45+8+12) = 280 each + GB30: 4 × (8+60+8+12) = 352
        # + BL40: 6 × (5+30+8+12) = 330 + BL57: 280 + KD1: 6 × (5+30+5+10) − 10 (no final breathe) = 290
        ("full-protocol", 60 + 280 + 280 + 352 + 330 + 280 + 290, 1 + 18 + 18 + 18 + 26 + 18 + 25),
        # BL23, BL25, GB30: 2 × (3+30+5+5) = 86 each; KD1: 2 × (2+20+3+5) − 5 = 55
        ("quick-desk", 86 * 3 + 55, 8 * 3 + 7),
        # KD1: 2 sides × 4 × (5+30+5+10) − 10
        ("evening-feet", 390, 2 * (1 + 16) - 1),
        # BL23, BL25: 4 × (5+40+8+12) = 260 each; cat-cow 120; pelvic tilts 120
        ("lower-back-stretches", 260 + 260 + 120 + 120, 18 + 18 + 1 + 1),
        # lie down 60, rest 1200, get up 60
        ("acupressure-mat", 60 + 1200 + 60, 3),
    ],
)
def test_builtin_lengths_by_hand(
    routine_id: str, seconds: int, phases: int, builtins: dict[str, Routine], points: PointLibrary
) -> None:
    routine = builtins[routine_id]
    plan = expand(routine, points)
    assert routine.duration_s == seconds
    assert plan.total_s == seconds
    assert len(plan.phases) == phases


def point_steps(routine: Routine) -> list[PointStep]:
    return [step for step in routine.steps if isinstance(step, PointStep)]


def test_full_protocol_follows_the_source(builtins: dict[str, Routine]) -> None:
    routine = builtins["full-protocol"]
    steps = point_steps(routine)
    assert [step.point_code for step in steps] == ["BL23", "BL25", "GB30", "BL40", "BL57", "KD1"]
    assert all(step.sides is Sides.BOTH for step in steps)
    assert all(30 <= step.hold_s <= 60 for step in steps)
    assert all(2 <= step.repetitions <= 3 for step in steps)
    assert all(step.release_s >= step.press_s and step.breathe_s >= 10 for step in steps)
    assert all(step.breathing is not None and step.locate_first for step in steps)
    assert 25 * 60 <= routine.duration_s <= 35 * 60


def test_full_protocol_plan_starts_as_a_person_would(
    builtins: dict[str, Routine], points: PointLibrary
) -> None:
    phases = expand(builtins["full-protocol"], points).phases
    assert [
        (p.kind, p.point_code, p.side, p.repetition, p.duration_s, p.starts_at_s) for p in phases[:7]
    ] == [
        (PhaseKind.ACTIVITY, None, None, 1, 60, 0),
        (PhaseKind.LOCATE, "BL23", Side.LEFT, 1, 0, 60),
        (PhaseKind.PRESS, "BL23", Side.LEFT, 1, 5, 60),
        (PhaseKind.HOLD, "BL23", Side.LEFT, 1, 45, 65),
        (PhaseKind.RELEASE, "BL23", Side.LEFT, 1, 8, 110),
        (PhaseKind.BREATHE, "BL23", Side.LEFT, 1, 12, 118),
        (PhaseKind.PRESS, "BL23", Side.LEFT, 2, 5, 130),
    ]
    assert phases[-1].kind is PhaseKind.RELEASE
    assert (phases[-1].point_code, phases[-1].side, phases[-1].repetition) == ("KD1", Side.RIGHT, 3)
    assert phases[-1].ends_at_s == 1872


def test_quick_desk_uses_points_reachable_from_a_chair(builtins: dict[str, Routine]) -> None:
    routine = builtins["quick-desk"]
    steps = point_steps(routine)
    assert [step.point_code for step in steps] == ["BL23", "BL25", "GB30", "KD1"]
    assert all(step.instructions for step in steps)  # how to reach each point from the chair
    assert not any(step.locate_first for step in steps)  # a quick break does not stop to wait
    assert 4 * 60 <= routine.duration_s <= 6 * 60


def test_evening_feet_switches_feet_after_all_rounds(
    builtins: dict[str, Routine], points: PointLibrary
) -> None:
    (step,) = builtins["evening-feet"].steps
    assert isinstance(step, PointStep)
    assert (step.point_code, step.sides, step.hold_s) == ("KD1", Sides.BOTH, 30)
    assert 3 <= step.repetitions <= 5
    holds = [
        (p.side, p.repetition)
        for p in expand(builtins["evening-feet"], points).phases
        if p.kind is PhaseKind.HOLD
    ]
    assert holds == [(Side.LEFT, n) for n in range(1, 5)] + [(Side.RIGHT, n) for n in range(1, 5)]


def test_lower_back_stretches_end_with_cat_cow_and_pelvic_tilts(builtins: dict[str, Routine]) -> None:
    routine = builtins["lower-back-stretches"]
    assert [step.point_code for step in point_steps(routine)] == ["BL23", "BL25"]
    activities = [step for step in routine.steps if isinstance(step, ActivityStep)]
    assert [a.title for a in activities] == ["Cat-cow", "Pelvic tilts"]
    assert routine.steps[-2:] == tuple(activities)
    assert all(len(a.instructions) > 100 for a in activities)


def test_acupressure_mat_is_twenty_minutes_of_paced_breathing(builtins: dict[str, Routine]) -> None:
    main = [s for s in builtins["acupressure-mat"].steps if isinstance(s, ActivityStep) and s.breathing]
    assert len(main) == 1
    assert main[0].duration_s == 20 * 60


def test_builtin_files_are_written_the_way_routine_to_dict_writes(builtins: dict[str, Routine]) -> None:
    """Every default is spelled out in the shipped files, so they double as examples."""
    folder = Path(__file__).parents[2] / "resources" / "routines"
    for routine in builtins.values():
        assert json.loads((folder / f"{routine.id}.json").read_text(encoding="utf-8")) == routine_to_dict(
            routine
        )


# ----------------------------------------------------------------------------------------------------
# Reading bytes


def test_bytes_that_are_not_utf8_name_the_offset(points: PointLibrary) -> None:
    raw = b'{"name": "caf\xe9"}'
    assert located(raw, points) == [Problem("byte 13", "is not valid UTF-8 text; save the file as UTF-8")]
    assert located(b"\xef\xbb\xbf" + raw, points) == [
        Problem("byte 16", "is not valid UTF-8 text; save the file as UTF-8")
    ]


def test_a_byte_order_mark_is_accepted(points: PointLibrary) -> None:
    routine = parse_routine_bytes(b"\xef\xbb\xbf" + routine_bytes(), points, "my.json")
    assert routine == a_routine()


def test_json_errors_name_line_and_column(points: PointLibrary) -> None:
    raw = b'{\n  "format_version": 1,\n  "id": "x"\n  "name": "y"\n}'
    with pytest.raises(RoutineError) as caught:
        parse_routine_bytes(raw, points, "my.json")
    assert str(caught.value) == "my.json: line 4, column 3: not valid JSON: expecting ',' delimiter"


def test_empty_and_too_large_files(points: PointLibrary) -> None:
    assert located(b" \n", points) == [Problem("file", "is empty")]
    assert located(b" " * (MAX_FILE_BYTES + 1), points) == [
        Problem("file", "is too large: a routine file is at most 1 MiB")
    ]


def test_absurd_numbers_and_nesting_are_located(points: PointLibrary) -> None:
    raw = b'{"format_version": 1,\n "id": ' + b"9" * 5000 + b"}"
    assert located(raw, points) == [Problem("line 2, column 8", "a number longer than 18 digits")]
    deep = b'{"steps": [\n' + b"[" * 100_000 + b"]" * 100_000 + b"]}"
    assert located(deep, points) == [
        Problem("line 2, column 99", "lists and objects are nested far too deeply")
    ]
    assert Problem("id", "expected text, got inf") in located(b'{"id": 1e999}', points)


def test_nan_and_infinity_literals_become_problems(points: PointLibrary) -> None:
    data = routine_to_dict(a_routine())
    text = (
        json.dumps(data)
        .replace('"hold_s": 30', '"hold_s": NaN')
        .replace('"repetitions": 2', '"repetitions": -Infinity')
    )
    assert located(text.encode(), points) == [
        Problem("steps[0].repetitions", "-inf is not a finite number"),
        Problem("steps[0].hold_s", "is not a number (NaN)"),
    ]


def test_duplicate_keys_are_reported(points: PointLibrary) -> None:
    raw = (
        b'{"format_version": 1, "id": "a", "id": "b", "name": "N",'
        b' "steps": [{"kind": "rest", "duration_s": 9, "duration_s": 10}]}'
    )
    assert located(raw, points) == [
        Problem("id", "appears more than once; keep only one"),
        Problem("steps[0].duration_s", "appears more than once; keep only one"),
    ]


def test_a_file_that_cannot_be_read(tmp_path: Path, points: PointLibrary) -> None:
    missing = tmp_path / "nope.json"
    with pytest.raises(UserError) as caught:
        load_routine_file(missing, points)
    assert str(caught.value) == f"{missing}: cannot read: No such file or directory"
    with pytest.raises(UserError, match=r": cannot read: Is a directory$"):
        load_routine_file(tmp_path, points)


def test_loading_a_file_names_it_in_every_problem(tmp_path: Path, points: PointLibrary) -> None:
    path = tmp_path / "bad.json"
    path.write_bytes(routine_bytes(name="", id="BAD"))
    with pytest.raises(RoutineError) as caught:
        load_routine_file(path, points)
    assert all(line.startswith(f"{path}: ") for line in str(caught.value).splitlines())
    assert len(caught.value.problems) == 2


def assert_routine_or_located_problems(raw: bytes, points: PointLibrary) -> None:
    """Any other exception fails the test by itself; a RoutineError must say where each problem is."""
    problems: tuple[Problem, ...] = ()
    try:
        parse_routine_bytes(raw, points, "fuzz.json")
    except RoutineError as exc:
        problems = exc.problems or (Problem("", "a RoutineError without problems"),)
    assert all(problem.path and problem.message for problem in problems)


@given(raw=st.binary(max_size=300))
@settings(max_examples=300)
def test_any_bytes_give_a_routine_or_located_problems(raw: bytes) -> None:
    points = load_point_library()
    assert_routine_or_located_problems(raw, points)


json_texts = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=5),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=5), children, max_size=3)
    ),
    max_leaves=20,
).map(json.dumps)


@given(text=json_texts, cut=st.integers(0, 200), junk=st.binary(max_size=4))
@settings(max_examples=300)
def test_damaged_json_gives_a_routine_or_located_problems(text: str, cut: int, junk: bytes) -> None:
    raw = text.encode()
    raw = raw[:cut] + junk + raw[cut:]
    assert_routine_or_located_problems(raw, load_point_library())


# ----------------------------------------------------------------------------------------------------
# The routines folder


def test_an_empty_or_missing_folder_lists_only_builtins(repo: RoutineRepository) -> None:
    listing = repo.load_all()
    assert [r.id for r in listing.routines][:1] == ["full-protocol"]
    assert all(r.builtin for r in listing.routines)
    assert listing.broken == ()


def test_save_then_list_and_get(repo: RoutineRepository) -> None:
    path = repo.save(a_routine("zeta", "Zeta"))
    repo.save(a_routine("alpha", "alpha routine"))
    assert path == repo.routines_dir / "zeta.json"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(repo.routines_dir.stat().st_mode) == 0o700
    listing = repo.load_all()
    users = [r.id for r in listing.routines if not r.builtin]
    assert users == ["alpha", "zeta"]  # by name, ignoring case
    assert repo.get("zeta") == a_routine("zeta", "Zeta")
    assert repo.get("quick-desk").builtin
    assert json.loads(path.read_text(encoding="utf-8")) == routine_to_dict(a_routine("zeta", "Zeta"))


def test_broken_files_are_reported_and_left_untouched(repo: RoutineRepository) -> None:
    repo.save(a_routine("good"))
    folder = repo.routines_dir
    broken = {
        "bad-json.json": b"{not json",
        "bad-value.json": routine_bytes(id="bad-value", hold_s=None),
        "renamed.json": routine_bytes(id="other-name"),
        "full-protocol.json": routine_bytes(id="full-protocol"),
    }
    for name, raw in broken.items():
        (folder / name).write_bytes(raw)
    (folder / "notes.txt").write_bytes(b"ignored")
    (folder / ".good.json.x1y2.tmp").write_bytes(b"left from a crash")
    before = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in folder.iterdir()}

    listing = repo.load_all()

    assert [r.id for r in listing.routines if not r.builtin] == ["good"]
    messages = {b.path.name: str(b) for b in listing.broken}
    assert sorted(messages) == sorted(broken)
    assert messages["bad-json.json"].startswith(
        f"{folder / 'bad-json.json'}: line 1, column 2: not valid JSON"
    )
    assert messages["renamed.json"] == (
        f'{folder / "renamed.json"}: id: "other-name" does not match the file name; '
        "rename the file to other-name.json or change the id"
    )
    assert messages["full-protocol.json"].endswith(
        'id: "full-protocol" is the id of a built-in routine; choose another'
    )
    assert {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in folder.iterdir()} == before


def test_saving_over_a_broken_file_is_refused(repo: RoutineRepository) -> None:
    repo.routines_dir.mkdir()
    path = repo.routines_dir / "my-routine.json"
    path.write_bytes(b"{broken")
    with pytest.raises(UserError, match="cannot be read, so it is left as it is"):
        repo.save(a_routine())
    assert path.read_bytes() == b"{broken"


def test_save_refuses_builtin_ids_and_invalid_routines(repo: RoutineRepository) -> None:
    with pytest.raises(UserError, match='"quick-desk" is a built-in routine and cannot be changed'):
        repo.save(a_routine("quick-desk"))
    with pytest.raises(RoutineError) as caught:
        repo.save(a_routine(hold_s=900))
    assert str(caught.value).endswith("my-routine.json: steps[0].hold_s: 900 is above the maximum 300")
    assert not repo.routines_dir.exists()


def test_ids_that_are_not_file_names_are_refused(repo: RoutineRepository) -> None:
    for bad in ("../escape", "", "A", "a/b"):
        with pytest.raises(UserError, match="is not a valid routine id"):
            repo.get(bad)


def test_get_unknown(repo: RoutineRepository) -> None:
    with pytest.raises(UserError, match=r'^no routine has the id "nothing"$'):
        repo.get("nothing")


def test_delete(repo: RoutineRepository) -> None:
    path = repo.save(a_routine())
    repo.delete("my-routine")
    assert not path.exists()
    with pytest.raises(UserError, match=r'^no saved routine has the id "my-routine"$'):
        repo.delete("my-routine")
    with pytest.raises(UserError, match="built-in routine and cannot be deleted"):
        repo.delete("full-protocol")
    path.write_bytes(b"broken")  # a broken file can still be deleted: that is how the user gets rid of it
    repo.delete("my-routine")
    assert not path.exists()


def test_import_a_new_routine_then_replace_it(repo: RoutineRepository, tmp_path: Path) -> None:
    source = tmp_path / "incoming.json"
    source.write_bytes(routine_bytes())
    assert repo.import_file(source) == a_routine()
    assert repo.get("my-routine") == a_routine()

    source.write_bytes(routine_bytes(name="Changed"))
    with pytest.raises(AlreadyExistsError) as caught:
        repo.import_file(source)
    assert str(caught.value) == f'{source}: a routine with the id "my-routine" is already saved'
    assert repo.get("my-routine").name == "My routine"

    repo.import_file(source, replace=True)
    assert repo.get("my-routine").name == "Changed"


def test_import_with_replace_repairs_a_broken_file(repo: RoutineRepository, tmp_path: Path) -> None:
    repo.routines_dir.mkdir()
    (repo.routines_dir / "my-routine.json").write_bytes(b"broken")
    source = tmp_path / "fixed.json"
    source.write_bytes(routine_bytes())
    with pytest.raises(AlreadyExistsError):
        repo.import_file(source)
    repo.import_file(source, replace=True)
    assert repo.load_all().broken == ()


def test_import_refuses_builtin_ids_and_invalid_files(repo: RoutineRepository, tmp_path: Path) -> None:
    source = tmp_path / "incoming.json"
    source.write_bytes(routine_bytes(id="evening-feet"))
    with pytest.raises(RoutineError) as caught:
        repo.import_file(source, replace=True)
    assert str(caught.value) == (
        f'{source}: id: "evening-feet" is the id of a built-in routine; change the id in the file'
    )
    source.write_bytes(routine_bytes(steps=[]))
    with pytest.raises(RoutineError, match="steps: must have at least one step"):
        repo.import_file(source)
    assert not repo.routines_dir.exists()


def test_export_builtin_and_user_routines(
    repo: RoutineRepository, tmp_path: Path, points: PointLibrary
) -> None:
    target = tmp_path / "out.json"
    repo.export("evening-feet", target)
    exported = load_routine_file(target, points)
    assert exported.id == "evening-feet"
    assert not exported.builtin
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
    with pytest.raises(AlreadyExistsError, match=r"out\.json: already exists$"):
        repo.export("evening-feet", target)
    repo.save(a_routine())
    repo.export("my-routine", target, replace=True)
    assert target.read_bytes() == routine_to_bytes(a_routine())


def test_a_save_that_fails_leaves_the_old_version(
    repo: RoutineRepository, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = repo.save(a_routine())
    old = path.read_bytes()

    def crash(*args: object) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(UserError, match=r"my-routine\.json: cannot save: Input/output error$"):
        repo.save(a_routine(name="New name"))
    assert path.read_bytes() == old
    assert [p.name for p in repo.routines_dir.iterdir()] == ["my-routine.json"]


def test_the_example_in_the_docs_is_valid_and_as_long_as_it_says(points: PointLibrary) -> None:
    doc = (Path(__file__).parents[2] / "docs" / "routine-files.md").read_text(encoding="utf-8")
    example = doc.split("```json\n", 1)[1].split("```", 1)[0]
    routine = parse_routine_bytes(example.encode(), points, "routine-files.md")
    assert routine.duration_s == 7 * 60 + 30
    assert "7:30 in all" in doc
