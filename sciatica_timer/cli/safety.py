"""``sciatica-timer safety``: the safety checklist in the terminal, saved exactly as the window saves it.

``safety`` asks it (warning signs first, then precautions); ``safety answer --none`` records "none of these
apply" after printing the warning signs; ``safety show`` prints the questions and the saved answers;
``safety leave-out CODE`` / ``safety put-back CODE`` keep a point out of sessions, or bring it back.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from typing import IO, TYPE_CHECKING, Any

from sciatica_timer import APP_ID
from sciatica_timer.cli.exit_codes import EXIT_OK
from sciatica_timer.core.i18n import _, ngettext, pgettext
from sciatica_timer.errors import UserError

if TYPE_CHECKING:
    from sciatica_timer.core.points import PointLibrary
    from sciatica_timer.core.settings import Settings
    from sciatica_timer.storage.settings_file import SettingsFile


def register(subparsers: argparse._SubParsersAction[Any]) -> None:
    parser = subparsers.add_parser(
        "safety",
        help=_("answer the safety checklist: warning signs first, then precautions"),
        description=_("The safety checklist, as the window asks it. With no action, asks it here."),
    )
    parser.set_defaults(handler=_ask)
    actions = parser.add_subparsers(dest="safety_action", metavar="ACTION")
    answer = actions.add_parser("answer", help=_("record answers without questions (for scripts)"))
    answer.add_argument(
        "--none", action="store_true", required=True, help=_("none of the warning signs or precautions apply")
    )
    answer.set_defaults(handler=_answer_none)
    actions.add_parser("show", help=_("the questions and your saved answers")).set_defaults(handler=_show)
    leave = actions.add_parser("leave-out", help=_("leave a point out of your sessions"))
    leave.add_argument("code", metavar="CODE")
    leave.set_defaults(handler=_leave_out)
    back = actions.add_parser("put-back", help=_("bring a point you left out back into your sessions"))
    back.add_argument("code", metavar="CODE")
    back.set_defaults(handler=_put_back)


def warning_sign_lines() -> list[str]:
    """The warning signs, numbered and grouped by what to do, as the checklist's first page shows them."""
    from sciatica_timer.core.safety import RED_FLAG_QUESTIONS, RED_FLAG_SEVERITY, URGENCY_WORDS, RedFlag

    lines = [_("Warning signs: do you have any of these now?")]
    shown = None
    for number, flag in enumerate(RedFlag, start=1):
        severity = RED_FLAG_SEVERITY[flag]
        if severity is not shown:
            lines.append(f"  {_(URGENCY_WORDS[severity])}:")
            shown = severity
        question = RED_FLAG_QUESTIONS[flag]
        lines.append(f"   {number:2d}. {_(question.label)}: {_(question.detail)}")
    return lines


def precaution_lines(ticked: frozenset[object] = frozenset()) -> list[str]:
    from sciatica_timer.core.safety import PRECAUTION_QUESTIONS
    from sciatica_timer.core.settings import Precaution

    lines = [_("Precautions: does any of this apply to you?")]
    for number, precaution in enumerate(Precaution, start=1):
        question = PRECAUTION_QUESTIONS[precaution]
        mark = "[x]" if precaution in ticked else "[ ]"
        lines.append(f"   {number}. {mark} {_(question.label)}: {_(question.detail)}")
    return lines


def _settings(args: argparse.Namespace) -> tuple[SettingsFile, Settings]:
    from sciatica_timer.storage.settings_file import SettingsFile

    file = SettingsFile(args.paths.settings_file)
    loaded = file.load()
    if loaded.notice:
        print(f"{APP_ID}: {loaded.notice}", file=sys.stderr)
    return file, loaded.settings


def _save(file: SettingsFile, settings: Settings) -> None:
    file.save(settings)  # a UserError is one line and exit code 2


def _print(lines: list[str], out: IO[str] = sys.stdout) -> None:
    out.write("".join(f"{line}\n" for line in lines))
    out.flush()


def _answer_none(args: argparse.Namespace) -> int:
    from sciatica_timer.core.settings import SafetyAnswers

    _print(warning_sign_lines())
    file, settings = _settings(args)
    answers = SafetyAnswers(reviewed=True, precautions=frozenset(), signs_checked=date.today())
    _save(file, replace(settings, safety=answers))
    print(_("Saved: none of these apply. If any of them starts, get help as it says before any routine."))
    return EXIT_OK


def _show(args: argparse.Namespace) -> int:
    from sciatica_timer.core.safety import RECHECK_DAYS, point_words
    from sciatica_timer.storage.resources import load_point_library
    from sciatica_timer.translations import format_date

    _file, settings = _settings(args)
    safety = settings.safety
    _print(warning_sign_lines())
    print()
    _print(precaution_lines(frozenset(safety.precautions)))
    print()
    if not safety.reviewed:
        print(_("Saved answers: none yet; run `sciatica-timer safety` to answer the checklist."))
    else:
        chosen = ", ".join(sorted(p.value for p in safety.precautions)) or pgettext("precautions", "none")
        print(_("Saved answers: precautions: {chosen}.").format(chosen=chosen))
        if safety.signs_checked is not None:
            print(
                ngettext(
                    "Warning signs last gone through on {date} (asked again every {days} day).",
                    "Warning signs last gone through on {date} (asked again every {days} days).",
                    RECHECK_DAYS,
                ).format(date=format_date(safety.signs_checked), days=RECHECK_DAYS)
            )
    if settings.left_out_points:
        points = load_point_library()
        names = ", ".join(point_words(code, points) for code in sorted(settings.left_out_points))
        print(_("Points you left out of your sessions: {names}.").format(names=names))
    return EXIT_OK


def _ask(args: argparse.Namespace) -> int:
    return ask_checklist(args, sys.stdin, sys.stdout)


def ask_checklist(args: argparse.Namespace, stdin: IO[str], out: IO[str]) -> int:
    """Warning signs first, then the precautions; saved as the window saves them."""
    from sciatica_timer.core.safety import red_flag_advice
    from sciatica_timer.core.settings import Precaution, SafetyAnswers

    def read(prompt: str) -> str:
        out.write(prompt)
        out.flush()
        line = stdin.readline()
        if not line:
            raise UserError(
                _("no answer was read (input ended); use `sciatica-timer safety answer --none` in scripts")
            )
        return line.strip()

    file, settings = _settings(args)
    from sciatica_timer.core.safety import RedFlag

    _print(warning_sign_lines(), out)
    flags = _numbers(read, _("Type the numbers of any you have now, or press Enter for none: "), len(RedFlag))
    chosen_flags = [list(RedFlag)[n - 1] for n in flags]
    if chosen_flags:
        out.write(f"\n{red_flag_advice(chosen_flags)}\n")
        word = pgettext("typed answer", "continue")
        typed = read(
            _("Type '{word}' to go on anyway (the warning signs are not saved), or Enter to stop: ").format(
                word=word
            )
        )
        if typed.casefold() not in {word.casefold(), "continue"}:
            out.write(_("Nothing was changed. Please get help as advised.\n"))
            return EXIT_OK
    out.write("\n")
    _print(precaution_lines(frozenset(settings.safety.precautions)), out)
    numbers = _numbers(
        read, _("Type the numbers of all that apply, or press Enter for none: "), len(Precaution)
    )
    ticked = frozenset(list(Precaution)[n - 1] for n in numbers)
    answers = SafetyAnswers(reviewed=True, precautions=ticked, signs_checked=date.today())
    _save(file, replace(settings, safety=answers))
    from sciatica_timer.core.safety import advise
    from sciatica_timer.storage.resources import load_point_library

    advice = advise(answers, load_point_library())
    out.write("\n" + _("Saved.") + "\n")
    for text in advice.texts():
        out.write(f"- {text}\n")
    out.flush()
    return EXIT_OK


def _numbers(read: Callable[[str], str], prompt: str, count: int) -> list[int]:
    """Numbers from 1 to ``count`` typed with spaces or commas; asked again after a wrong one."""
    while True:
        text = read(prompt).replace(",", " ")
        words = text.split()
        if all(word.isdigit() and 1 <= int(word) <= count for word in words):
            return sorted({int(word) for word in words})
        print(
            _("Please type numbers from 1 to {count}, separated by spaces.").format(count=count),
            file=sys.stderr,
        )


def _leave_out(args: argparse.Namespace) -> int:
    points = _points()
    code = _known_code(args.code, points)
    file, settings = _settings(args)
    _save(file, replace(settings, left_out_points=settings.left_out_points | {code}))
    from sciatica_timer.core.safety import point_words

    print(
        _("{point_words} is left out of your sessions; `safety put-back {code}` brings it back.").format(
            point_words=point_words(code, points), code=code
        )
    )
    return EXIT_OK


def _put_back(args: argparse.Namespace) -> int:
    points = _points()
    code = _known_code(args.code, points)
    file, settings = _settings(args)
    _save(file, replace(settings, left_out_points=settings.left_out_points - {code}))
    from sciatica_timer.core.safety import point_words

    print(_("{point_words} is back in your sessions.").format(point_words=point_words(code, points)))
    return EXIT_OK


def _points() -> PointLibrary:
    from sciatica_timer.storage.resources import load_point_library

    return load_point_library()


def _known_code(text: str, points: PointLibrary) -> str:
    code = text.strip().upper()
    if code not in points:
        raise UserError(
            _("{text}: not a point this app knows; use one of {join}").format(
                text=text, join=", ".join(points.codes())
            )
        )
    return code
