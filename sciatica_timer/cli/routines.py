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
from sciatica_timer.core.i18n import _, ngettext, pgettext
from sciatica_timer.core.terminal_text import printable

if TYPE_CHECKING:  # the real imports stay inside the handlers so --help starts fast
    from sciatica_timer.core.points import PointLibrary
    from sciatica_timer.core.routines import Routine
    from sciatica_timer.storage.routine_files import RoutineRepository

Handler = Callable[[argparse.Namespace], int]


def register(subparsers: argparse._SubParsersAction[Any]) -> None:
    parser = subparsers.add_parser(
        "routines",
        help=_("list, show, check, import and export routines"),
        description=_("Work with routines: the built-in ones and your own routine files."),
    )
    actions = parser.add_subparsers(dest="routines_action", metavar="ACTION", required=True)

    actions.add_parser("list", help=_("one line per routine: id, name, length")).set_defaults(handler=_list)

    show = actions.add_parser("show", help=_("the steps of one routine, with sides, rounds and timings"))
    show.add_argument("routine_id", metavar="ID")
    show.set_defaults(handler=_show)

    validate = actions.add_parser(
        "validate", help=_("check a routine file; prints ok or one line per problem")
    )
    validate.add_argument("file", metavar="FILE", type=Path)
    validate.set_defaults(handler=_validate)

    import_ = actions.add_parser("import", help=_("check a routine file and add it to your routines"))
    import_.add_argument("file", metavar="FILE", type=Path)
    import_.add_argument("--replace", action="store_true", help=_("replace a saved routine with the same id"))
    import_.set_defaults(handler=_import)

    export = actions.add_parser("export", help=_("write a routine to a file someone else can import"))
    export.add_argument("routine_id", metavar="ID")
    export.add_argument("file", metavar="FILE", type=Path)
    export.add_argument("--replace", action="store_true", help=_("overwrite FILE if it exists"))
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
            print(_("{exc} (add --replace to replace it)").format(exc=exc), file=sys.stderr)
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
    built_in = _("(built-in)")
    for routine in listing.routines:
        line = (
            f"{routine.id:<{id_width}}  {routine.name:<{name_width}}  "
            f"{format_duration(routine.duration_s):>6}  {built_in if routine.builtin else ''}"
        )
        print(printable(line.rstrip()))
    for broken in listing.broken:
        for line in str(broken).splitlines():
            print(_("skipped {problem}").format(problem=line), file=sys.stderr)
    return EXIT_OK


def describe_routine(routine: Routine, points: PointLibrary) -> list[str]:
    """A routine as readable lines: each step with its sides, rounds and timings, then the total."""
    from sciatica_timer.core.routines import ActivityStep, PointStep, RestStep, Sides, expand
    from sciatica_timer.translations import format_decimal

    plan = expand(routine, points)
    if routine.builtin:
        lines = [_("{name} ({id}, built-in)").format(name=routine.name, id=routine.id)]
    else:
        lines = [f"{routine.name} ({routine.id})"]
    lines += textwrap.wrap(routine.description, width=100)
    lines.append("")
    sides_text = {
        Sides.LEFT: _("left side"),
        Sides.RIGHT: _("right side"),
        Sides.BOTH: _("left side, then right side"),
        Sides.MIDLINE: _("midline"),
    }
    for planned, step in zip(plan.steps, routine.steps, strict=True):
        length = format_duration(
            sum(p.duration_s for p in plan.phases[planned.first_phase : planned.end_phase])
        )
        number = f"{planned.index + 1:>2}."
        if isinstance(step, PointStep):
            rounds = ngettext("{count} round", "{count} rounds", step.repetitions).format(
                count=step.repetitions
            )
            timing = _("press {press} s, hold {hold} s, release {release} s, breathe {breathe} s").format(
                press=step.press_s, hold=step.hold_s, release=step.release_s, breathe=step.breathe_s
            )
            lines.append(f"{number} {step.point_code} {planned.title} — {length}")
            lines.append(
                "    "
                + _("{sides}; {rounds} of: {timing}").format(
                    sides=sides_text[step.sides], rounds=rounds, timing=timing
                )
            )
            if step.locate_first:
                if step.sides is Sides.BOTH:
                    lines.append("    " + _("waits for you to find the point on each side first"))
                else:
                    lines.append("    " + _("waits for you to find the point first"))
        elif isinstance(step, ActivityStep):
            lines.append(f"{number} {step.title} — {length}")
        elif isinstance(step, RestStep):
            rest = pgettext("step", "Rest")
            lines.append(f"{number} {rest} — {length}")
        breathing = getattr(step, "breathing", None)
        if breathing is not None:
            lines.append(
                "    "
                + _("paced breathing: in {inhale} s, out {exhale} s").format(
                    inhale=format_decimal(breathing.inhale_s), exhale=format_decimal(breathing.exhale_s)
                )
            )
    lines.append("")
    if any(p.waits_for_user for p in plan.phases):
        total = _("Total {duration} (plus the time you take to find the points)")
    else:
        total = _("Total {duration}")
    lines.append(total.format(duration=format_duration(plan.total_s)))
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
    print(pgettext("routine file check", "ok"))
    return EXIT_OK


@_reporting_problems
def _import(args: argparse.Namespace) -> int:
    repository = _repository(args)
    routine = repository.import_file(args.file, replace=args.replace)
    print(
        _("imported {id} ({name}) to {path}").format(
            id=routine.id, name=routine.name, path=repository.path_for(routine.id)
        )
    )
    return EXIT_OK


@_reporting_problems
def _export(args: argparse.Namespace) -> int:
    _repository(args).export(args.routine_id, args.file, replace=args.replace)
    print(_("exported {routine_id} to {file}").format(routine_id=args.routine_id, file=args.file))
    return EXIT_OK
