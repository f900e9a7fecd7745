"""``sciatica-timer routines ...``: list, show, validate, import and export routine files."""

from __future__ import annotations

import argparse
import functools
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sciatica_timer.cli.exit_codes import EXIT_OK, EXIT_USAGE
from sciatica_timer.core.terminal_text import printable

if TYPE_CHECKING:  # the real imports stay inside the handlers so --help starts fast
    from sciatica_timer.core.points import PointLibrary
    from sciatica_timer.core.routines import Routine
    from sciatica_timer.storage.routine_files import RoutineRepository

Handler = Callable[[argparse.Namespace], int]


def register(subparsers: argparse._SubParsersAction[Any]) -> None:
    parser = subparsers.add_parser(
        "routines",
        help="list, show, check, import and export routines",
        description="Work with routines: the built-in ones and your own routine files.",
    )
    actions = parser.add_subparsers(dest="routines_action", metavar="ACTION", required=True)

    actions.add_parser("list", help="one line per routine: id, name, length").set_defaults(handler=_list)

    show = actions.add_parser("show", help="the steps of one routine, with sides, rounds and timings")
    show.add_argument("routine_id", metavar="ID")
    show.set_defaults(handler=_show)

    validate = actions.add_parser("validate", help="check a routine file; prints ok or one line per problem")
    validate.add_argument("file", metavar="FILE", type=Path)
    validate.set_defaults(handler=_validate)

    import_ = actions.add_parser("import", help="check a routine file and add it to your routines")
    import_.add_argument("file", metavar="FILE", type=Path)
    import_.add_argument("--replace", action="store_true", help="replace a saved routine with the same id")
    import_.set_defaults(handler=_import)

    export = actions.add_parser("export", help="write a routine to a file someone else can import")
    export.add_argument("routine_id", metavar="ID")
    export.add_argument("file", metavar="FILE", type=Path)
    export.add_argument("--replace", action="store_true", help="overwrite FILE if it exists")
    export.set_defaults(handler=_export)


def _reporting_problems(handler: Handler) -> Handler:
    """A routine file's problems go to stderr one per line (the generic handler would print them as one)."""

    @functools.wraps(handler)
    def wrapper(args: argparse.Namespace) -> int:
        from sciatica_timer.core.routines import RoutineError
        from sciatica_timer.storage.routine_files import AlreadyExistsError

        try:
            return handler(args)
        except RoutineError as exc:
            for line in exc.lines():
                print(line, file=sys.stderr)
            return EXIT_USAGE
        except AlreadyExistsError as exc:
            print(f"{exc} (add --replace to replace it)", file=sys.stderr)
            return EXIT_USAGE

    return wrapper


def _points() -> PointLibrary:
    from sciatica_timer.storage.resources import load_point_library

    return load_point_library()


def _repository(args: argparse.Namespace) -> RoutineRepository:
    from sciatica_timer.storage.routine_files import RoutineRepository

    return RoutineRepository(args.paths.routines_dir, _points())


def format_duration(seconds: float) -> str:
    """m:ss, with minutes past 59 kept as minutes (75:00), the way a timer shows them."""
    whole = round(seconds)
    return f"{whole // 60}:{whole % 60:02d}"


@_reporting_problems
def _list(args: argparse.Namespace) -> int:
    listing = _repository(args).load_all()
    id_width = max((len(routine.id) for routine in listing.routines), default=0)
    name_width = max((len(routine.name) for routine in listing.routines), default=0)
    for routine in listing.routines:
        line = (
            f"{routine.id:<{id_width}}  {routine.name:<{name_width}}  "
            f"{format_duration(routine.duration_s):>6}  {'(built-in)' if routine.builtin else ''}"
        )
        print(printable(line.rstrip()))
    for broken in listing.broken:
        for line in str(broken).splitlines():
            print(f"skipped {line}", file=sys.stderr)
    return EXIT_OK


def describe_routine(routine: Routine, points: PointLibrary) -> list[str]:
    """A routine as readable lines: each step with its sides, rounds and timings, then the total."""
    from sciatica_timer.core.routines import ActivityStep, PointStep, RestStep, Sides, expand

    plan = expand(routine, points)
    origin = ", built-in" if routine.builtin else ""
    lines = [f"{routine.name} ({routine.id}{origin})"]
    lines += textwrap.wrap(routine.description, width=100)
    lines.append("")
    sides_text = {
        Sides.LEFT: "left side",
        Sides.RIGHT: "right side",
        Sides.BOTH: "left side, then right side",
        Sides.MIDLINE: "midline",
    }
    for planned, step in zip(plan.steps, routine.steps, strict=True):
        length = format_duration(
            sum(p.duration_s for p in plan.phases[planned.first_phase : planned.end_phase])
        )
        number = f"{planned.index + 1:>2}."
        if isinstance(step, PointStep):
            rounds = "1 round" if step.repetitions == 1 else f"{step.repetitions} rounds"
            timing = (
                f"press {step.press_s} s, hold {step.hold_s} s, release {step.release_s} s, "
                f"breathe {step.breathe_s} s"
            )
            lines.append(f"{number} {step.point_code} {planned.title} — {length}")
            lines.append(f"    {sides_text[step.sides]}; {rounds} of: {timing}")
            if step.locate_first:
                where = " on each side" if step.sides is Sides.BOTH else ""
                lines.append(f"    waits for you to find the point{where} first")
        elif isinstance(step, ActivityStep):
            lines.append(f"{number} {step.title} — {length}")
        elif isinstance(step, RestStep):
            lines.append(f"{number} Rest — {length}")
        breathing = getattr(step, "breathing", None)
        if breathing is not None:
            lines.append(f"    paced breathing: in {breathing.inhale_s:g} s, out {breathing.exhale_s:g} s")
    lines.append("")
    note = (
        " (plus the time you take to find the points)" if any(p.waits_for_user for p in plan.phases) else ""
    )
    lines.append(f"Total {format_duration(plan.total_s)}{note}")
    return lines


@_reporting_problems
def _show(args: argparse.Namespace) -> int:
    repository = _repository(args)
    routine = repository.get(args.routine_id)
    for line in describe_routine(routine, repository.points):
        print(printable(line))
    return EXIT_OK


@_reporting_problems
def _validate(args: argparse.Namespace) -> int:
    from sciatica_timer.storage.routine_files import load_routine_file

    load_routine_file(args.file, _points())
    print("ok")
    return EXIT_OK


@_reporting_problems
def _import(args: argparse.Namespace) -> int:
    repository = _repository(args)
    routine = repository.import_file(args.file, replace=args.replace)
    print(f"imported {routine.id} ({routine.name}) to {repository.path_for(routine.id)}")
    return EXIT_OK


@_reporting_problems
def _export(args: argparse.Namespace) -> int:
    _repository(args).export(args.routine_id, args.file, replace=args.replace)
    print(f"exported {args.routine_id} to {args.file}")
    return EXIT_OK
