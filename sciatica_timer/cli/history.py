"""``sciatica-timer history ...`` and ``sciatica-timer pain log``: the history and diary in a terminal."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sciatica_timer.cli.exit_codes import EXIT_OK, EXIT_USAGE
from sciatica_timer.core.i18n import N_, _, pgettext
from sciatica_timer.translations import format_datetime

if TYPE_CHECKING:  # the real imports stay inside the handlers so --help starts fast
    from sciatica_timer.core.diary import DiaryEntry, SessionSummary
    from sciatica_timer.storage.history import HistoryStore

REGIONS = ("lower-back", "buttock", "thigh", "calf", "foot")  # as typed; stored with "_" (lower_back)
SIDES = ("left", "right", "both")
log = logging.getLogger(__name__)


def register(subparsers: argparse._SubParsersAction[Any]) -> None:
    history = subparsers.add_parser(
        "history",
        help=_("list, export and import your sessions and pain scores"),
        description=_(
            "Your session history and pain diary: list them, export them for a doctor or a "
            "spreadsheet, or import an export (from another computer, say)."
        ),
    )
    actions = history.add_subparsers(dest="history_action", metavar="ACTION", required=True)

    list_ = actions.add_parser(
        "list",
        help=_("recent sessions and pain scores, newest first, one per line"),
        description=_("Recent sessions and pain scores, newest first, at the local time they were recorded."),
    )
    list_.add_argument("--limit", type=_count, default=20, metavar="N", help=_("how many lines (default 20)"))
    list_.set_defaults(handler=_list)

    export = actions.add_parser(
        "export",
        help=_("write everything as JSON (complete, can be imported) or CSV (for a spreadsheet)"),
        description=_(
            "JSON holds everything, every phase included, and can be imported again. CSV is one table "
            "with a row per session or pain score (the type column tells which), in time order."
        ),
    )
    export.add_argument("--format", choices=("json", "csv"), default="json", help="default: json")
    export.add_argument(
        "--output", "-o", type=Path, metavar="FILE", help=_("write to FILE (readable by you only) not stdout")
    )
    export.set_defaults(handler=_export)

    import_ = actions.add_parser(
        "import",
        help=_("add the sessions and pain scores of a JSON export that are not here yet"),
        description=_("Adds what is not in your history yet; importing the same file twice adds nothing."),
    )
    import_.add_argument("file", metavar="FILE", type=Path)
    import_.set_defaults(handler=_import)

    report = actions.add_parser(
        "report",
        help=_("write the PDF report for a doctor (the last 3 months unless --from/--to say otherwise)"),
        description=_(
            'The same PDF report as the history view\'s "Export report…": figures, charts, what helps, '
            "every session and diary entry of the period with their notes in full."
        ),
    )
    report.add_argument(
        "--output", "-o", type=Path, metavar="FILE.pdf", required=True, help=_("where to write")
    )
    report.add_argument("--from", dest="since", type=_day, metavar="DATE", help=_("first day, YYYY-MM-DD"))
    report.add_argument(
        "--to", dest="until", type=_day, metavar="DATE", help=_("last day, YYYY-MM-DD (today)")
    )
    report.add_argument("--no-notes", action="store_true", help=_("leave the notes out"))
    report.set_defaults(handler=_report)

    pain = subparsers.add_parser(
        "pain", help=_("write a pain score in the diary"), description=_("The pain diary.")
    )
    pain_actions = pain.add_subparsers(dest="pain_action", metavar="ACTION", required=True)
    log = pain_actions.add_parser(
        "log",
        help=_("write down how much it hurts now"),
        description=_("Write a pain score in the diary, at the current time."),
    )
    log.add_argument(
        "score", metavar="SCORE", help=_("a whole number from 0 (no pain) to 10 (worst imaginable)")
    )
    log.add_argument(
        "--where",
        type=_region,
        metavar="REGION",
        help=_("where it hurts: {join}").format(join=", ".join(REGIONS)),
    )
    log.add_argument("--side", choices=SIDES, help=_("which leg"))
    log.add_argument(
        "--note", metavar="TEXT", help=_("anything worth remembering (what you did, what helped)")
    )
    log.set_defaults(handler=_log_pain)


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("{text!r} is not a date: use YYYY-MM-DD, such as 2025-03-01").format(text=text)
        ) from None


def _report(args: argparse.Namespace) -> int:
    from datetime import datetime

    from sciatica_timer.core import statistics as stats
    from sciatica_timer.errors import UserError

    now = datetime.now().astimezone()
    until = args.until or now.date()
    since = args.since or until - timedelta(days=90)
    if since > until:
        raise UserError(
            _("--from {since} is after --to {until}: the period would be empty").format(
                since=since, until=until
            )
        )
    output = args.output if args.output.suffix.lower() == ".pdf" else args.output.with_suffix(".pdf")
    _offscreen_app()
    try:
        from sciatica_timer.ui.history import report

        request = report.ReportRequest(
            database=args.paths.database,
            backups_dir=args.paths.backups_dir,
            destination=output,
            first_day=stats.date_day(since),
            last_day=stats.date_day(until),
            routine=None,
            now=now,
            include_notes=not args.no_notes,
        )
        report.write_report_from_store(request)
    except OSError as exc:
        raise UserError(
            _("{output}: the report could not be written: {value}").format(
                output=output, value=exc.strerror or exc
            )
        ) from exc
    print(
        _("wrote the report for {since} to {until} to {output}").format(
            since=since, until=until, output=output
        )
    )
    return EXIT_OK


_APP: list[object] = []  # the QGuiApplication, kept alive until the process ends


def _offscreen_app() -> None:
    """Painting a PDF needs a QGuiApplication for its fonts; in a terminal it needs no display."""
    import os

    from PySide6.QtGui import QGuiApplication

    if QGuiApplication.instance() is not None:
        return
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    _APP.append(QGuiApplication([sys.argv[0] if sys.argv else "sciatica-timer"]))


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(_("{text!r} is not a whole number of 1 or more").format(text=text))
    return value


def _region(text: str) -> str:
    value = text.strip().lower().replace("_", "-").replace(" ", "-")
    if value not in REGIONS:
        raise argparse.ArgumentTypeError(
            _("{text!r} is not one of {join}").format(text=text, join=", ".join(REGIONS))
        )
    return value.replace("-", "_")


def _open(args: argparse.Namespace, *, reading: bool = False) -> HistoryStore:
    """The history; for ``reading`` (list, export), opened read-only when it cannot be written, saying so."""
    from sciatica_timer.storage.history import HistoryStore

    opener = HistoryStore.open_for_reading if reading else HistoryStore.open
    store = opener(args.paths.database, backups_dir=args.paths.backups_dir)
    if store.recovery is not None:
        print(store.recovery.message, file=sys.stderr)
    if store.read_only is not None:
        print(
            _("note: {path}: read only, as {read_only}; nothing is changed").format(
                path=store.path, read_only=store.read_only
            ),
            file=sys.stderr,
        )
    return store


def _back_up(store: HistoryStore) -> None:
    """After a change, the daily backup if none was made today. A failure is reported, not fatal."""
    from sciatica_timer.errors import UserError

    try:
        store.backup_if_due()
    except UserError as exc:
        print(f"warning: {exc}", file=sys.stderr)


def _settle_interrupted(store: HistoryStore) -> None:
    """Mark sessions whose player was killed as interrupted (as the window does when it starts), so no
    listing calls them in progress. A history that cannot be written is listed as it is."""
    from sciatica_timer.errors import UserError

    if store.read_only is not None:
        return
    try:
        store.find_interrupted()
    except UserError as exc:
        log.info("interrupted sessions left as they are: %s", exc)


def _one_line(text: str | None) -> str:
    return " / ".join(part.strip() for part in (text or "").splitlines() if part.strip())


_STATUS_WORDS = {
    "completed": N_("completed"),
    "stopped": N_("stopped"),
    "stopped_for_pain": N_("stopped for pain"),
    "interrupted": N_("interrupted"),
    "in_progress": N_("in progress"),
}


def _score(value: int | None) -> str:
    return "–" if value is None else str(value)


def session_line(s: SessionSummary) -> str:
    minutes = round(s.active_s / 60)
    parts = [
        format_datetime(s.started),
        pgettext("history line", "session"),
        s.routine_name,
        _(_STATUS_WORDS.get(s.status.value, s.status.value)),
        _("pain {before} → {after}").format(before=_score(s.pain_before), after=_score(s.pain_after)),
        _("{minutes} min").format(minutes=minutes),
    ]
    if s.followup_pain is not None:
        parts.append(_("later {score}").format(score=s.followup_pain))
    if s.note:
        parts.append(_one_line(s.note))
    return "  ".join(parts)


def _side_word(side: str) -> str:
    return {"left": _("left"), "right": _("right"), "both": _("both")}.get(side, side)


def diary_line(e: DiaryEntry) -> str:
    where = ", ".join(
        x for x in (_(e.region.label) if e.region else "", _side_word(e.side.value) if e.side else "") if x
    )
    word = pgettext("history line", "pain")
    parts = [format_datetime(e.at), word + " " * max(0, len(pgettext("history line", "session")) - len(word))]
    parts.append(f"{e.score}/10")
    if where:
        parts.append(where)
    if e.note:
        parts.append(_one_line(e.note))
    return "  ".join(parts)


def _list(args: argparse.Namespace) -> int:
    from sciatica_timer.core.diary import DiaryEntry

    with _open(args, reading=True) as store:
        _settle_interrupted(store)
        items = store.recent(args.limit)
    if not items:
        print(_("no sessions or pain scores yet"))
    from sciatica_timer.core.terminal_text import printable

    for item in items:
        print(printable(diary_line(item) if isinstance(item, DiaryEntry) else session_line(item)))
    return EXIT_OK


def _export(args: argparse.Namespace) -> int:
    from sciatica_timer.storage.atomic import write_atomic
    from sciatica_timer.storage.paths import FILE_MODE

    with _open(args, reading=True) as store:
        _settle_interrupted(store)
        if args.format == "json":
            text = json.dumps(store.export_json(), ensure_ascii=False, indent=2) + "\n"
            data = text.encode("utf-8")
        else:
            text = store.csv_text()
            data = text.encode("utf-8-sig")  # the byte order mark tells spreadsheets it is UTF-8
    if args.output is None:
        sys.stdout.write(text)
        return EXIT_OK
    write_atomic(args.output, data, FILE_MODE)
    print(
        _("exported your history as {upper} to {output}").format(
            upper=args.format.upper(), output=args.output
        )
    )
    return EXIT_OK


def _import(args: argparse.Namespace) -> int:
    from sciatica_timer.core.history_format import HistoryFormatError
    from sciatica_timer.storage.export_files import read_export

    path: Path = args.file
    data = read_export(path)  # a UserError: one located line, exit 2
    with _open(args) as store:
        _settle_interrupted(store)  # a session kept in a file replaces its interrupted entry
        try:
            report = store.import_json(data, source=str(path))
        except HistoryFormatError as exc:
            for line in exc.lines():
                print(line, file=sys.stderr)
            return EXIT_USAGE
        if report.sessions_added or report.diary_added:
            _back_up(store)
    print(f"{path}: {report}")
    return EXIT_OK


def _log_pain(args: argparse.Namespace) -> int:
    from datetime import datetime

    from sciatica_timer.core.diary import PainRegion, PainScore, PainSide

    score = PainScore.parse(args.score)  # before opening anything: a typo changes nothing
    region = None if args.where is None else PainRegion(args.where)
    side = None if args.side is None else PainSide(args.side)
    now = datetime.now().astimezone()
    with _open(args) as store:
        store.log_pain(score, now, region=region, side=side, note=args.note)
        _back_up(store)
    print(_("logged pain {score}/10 at {time}").format(score=score, time=format_datetime(now)))
    return EXIT_OK
