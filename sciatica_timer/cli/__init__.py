"""Command line: no arguments opens the window; subcommands work in the terminal.

Exit codes: 0 success; 2 bad input or usage (one line on stderr saying what and where);
1 unexpected error (one line and the log file's path; the traceback goes to the log).
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import sys
from collections.abc import Callable, Sequence
from typing import NoReturn

from sciatica_timer import APP_ID, version
from sciatica_timer.cli.exit_codes import EXIT_FAILURE, EXIT_OK, EXIT_USAGE
from sciatica_timer.core.i18n import _
from sciatica_timer.errors import UserError

log = logging.getLogger(__name__)

Handler = Callable[[argparse.Namespace], int]


class _OneLineParser(argparse.ArgumentParser):
    """argparse, but a usage error is one line on stderr and exit code 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"{self.prog}: {message} (see --help)\n")


class _VersionAction(argparse.Action):
    """Like argparse's "version" action, but looks the version up only when asked (it is slow to find)."""

    def __init__(self, option_strings: Sequence[str], dest: str, help: str | None = None) -> None:  # noqa: A002 - argparse's keyword
        super().__init__(option_strings, dest, nargs=0, help=help)

    def __call__(self, parser: argparse.ArgumentParser, *_args: object) -> None:
        print(f"{APP_ID} {version()}")
        parser.exit()


# The options of an empty command line (kept equal to the parser's answer by tests/cli/test_main.py).
NO_OPTIONS: dict[str, object] = {"version": None, "self_test": False, "data_dir": None}


def build_parser(*, with_commands: bool = True) -> argparse.ArgumentParser:
    parser = _OneLineParser(
        prog=APP_ID,
        description=_(
            "A guided acupressure timer and pain diary for sciatica. Without a command, opens the window."
        ),
    )
    parser.add_argument("--version", action=_VersionAction, help=_("print the version and exit"))
    parser.add_argument(
        "--self-test",
        action="store_true",
        help=_(
            "check that this installation works (shipped files, Qt, data folder, history), print one "
            "line per check and exit: 0 if none failed"
        ),
    )
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help=_("keep everything the app writes (history, routines, settings, logs) in DIR"),
    )
    if with_commands:
        from sciatica_timer.cli import commands

        subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_OneLineParser)
        commands.register_all(subparsers)
    return parser


def parse_arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    """The options, reading the subcommands' modules only when the command line names one.

    Opening the window (no command) is the common case; importing every subcommand first would cost it
    tens of milliseconds before the window paints.
    """
    words = list(sys.argv[1:] if argv is None else argv)
    if not words:  # the window, with every option at its default: what the parser would say, without it
        return argparse.Namespace(**NO_OPTIONS)
    if not {"-h", "--help"} & set(words):
        args, rest = build_parser(with_commands=False).parse_known_args(words)
        if not rest:
            return args
    return build_parser().parse_args(words)


def main(argv: Sequence[str] | None = None) -> int:
    # Health data: whatever the app creates is readable by this user only (files 0600, folders 0700).
    os.umask(0o077)
    from sciatica_timer.translations import install_language

    install_language()  # LANGUAGE / LANG (the window also reads the language chosen in Settings)
    args = parse_arguments(argv)
    from sciatica_timer.logs import setup_logging
    from sciatica_timer.storage.paths import resolve_paths

    paths = resolve_paths(args.data_dir)
    args.paths = paths
    log_file = setup_logging(paths)
    handler: Handler | None = getattr(args, "handler", None)
    try:
        if args.self_test:
            from sciatica_timer.cli.self_test import run_self_test

            return run_self_test(args)
        if handler is None:
            from sciatica_timer.app import run_gui

            return run_gui(paths, sys.argv[:1])
        return handler(args)
    except UserError as exc:
        print(f"{APP_ID}: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (`... | head`): nothing more to say, and nobody to say it to.
        with contextlib.suppress(OSError):
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115, PTH123 - silence the flush at exit
        return EXIT_OK
    except Exception as exc:
        log.exception("unexpected error")
        where = _(" (details in {log_file})").format(log_file=log_file) if log_file else ""
        print(
            _("{APP_ID}: unexpected error: {exc}{where}").format(APP_ID=APP_ID, exc=exc, where=where),
            file=sys.stderr,
        )
        return EXIT_FAILURE


def run() -> NoReturn:
    sys.exit(main())
