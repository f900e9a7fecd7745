"""Routine files: the built-ins shipped in the package and the user's own, ``<data>/routines/<id>.json``.

Reading never fails as a whole: a broken file is reported with its path and left exactly as it is.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sciatica_timer.core.i18n import _
from sciatica_timer.core.points import PointLibrary
from sciatica_timer.core.routines import (
    Problem,
    Routine,
    RoutineError,
    check_routine,
    is_valid_routine_id,
    parse_routine,
    routine_to_dict,
)
from sciatica_timer.errors import UserError
from sciatica_timer.storage.atomic import write_atomic
from sciatica_timer.storage.paths import LinkRefusedError, ensure_private_dir, read_no_link, refuse_link

log = logging.getLogger(__name__)

MAX_FILE_BYTES = 1024 * 1024  # real routines are a few KiB; a file this big is not a routine
# Every number the app reads (settings, routines, history imports) is a score, a count or seconds: a whole
# number longer than this cannot be one (and would not fit SQLite's integers, or a float, further on).
MAX_INTEGER_DIGITS = 18
MAX_NUMBER_CHARS = 40  # a number with a fraction or an exponent, as written
EXPORT_MODE = 0o644  # an exported routine is meant to be shared
WHOLE_FILE = "file"  # the location of a problem with the file as a whole
_UTF8_BOM = b"\xef\xbb\xbf"
_NESTING_LIMIT = 100  # where the report of a too deeply nested file points; real routines nest 4 deep

# Built-ins are listed in this order; any other shipped file follows, by id.
_BUILTIN_ORDER = ("full-protocol", "quick-desk", "evening-feet", "lower-back-stretches", "acupressure-mat")


class AlreadyExistsError(UserError):
    """The target (a saved routine, an export file) exists and replacing it was not asked for."""


@dataclass(frozen=True)
class BrokenRoutineFile:
    """A file in the routines folder that could not be read; it is left untouched."""

    path: Path
    error: UserError

    def __str__(self) -> str:
        return str(self.error)


@dataclass(frozen=True)
class RoutineListing:
    routines: tuple[Routine, ...]  # built-ins first, then the user's by name
    broken: tuple[BrokenRoutineFile, ...]


# ----------------------------------------------------------------------------------------------------
# One file


class _JsonObject(dict[str, object]):
    """A decoded JSON object that remembers keys written twice (``json`` keeps only the last one silently)."""

    duplicate_keys: tuple[str, ...] = ()


def _object_from_pairs(pairs: list[tuple[str, object]]) -> _JsonObject:
    obj = _JsonObject(pairs)
    if len(obj) != len(pairs):
        seen: set[str] = set()
        repeated: dict[str, None] = {}
        for key, _ in pairs:
            if key in seen:
                repeated[key] = None
            seen.add(key)
        obj.duplicate_keys = tuple(repeated)
    return obj


class _NumberTooLongError(ValueError):
    pass


def _parse_int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_INTEGER_DIGITS:
        raise _NumberTooLongError(text)
    return int(text)


def _parse_float(text: str) -> float:
    if len(text) > MAX_NUMBER_CHARS:
        raise _NumberTooLongError(text)
    return float(text)  # a huge exponent gives inf, which every checker refuses as "not a finite number"


# A JSON string (skipped) or a number; the number group is set only outside strings.
_STRING_OR_NUMBER = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|(-?\d[\d.eE+-]*)')
# A \u escape of a surrogate, after an even number of backslashes (an odd number escapes the backslash).
_SURROGATE_ESCAPE = re.compile(
    r"(?<!\\)(?:\\\\)*\\u[dD]([89abAB][0-9a-fA-F]{2})(\\u[dD][c-fC-F][0-9a-fA-F]{2})?"
    r"|(?<!\\)(?:\\\\)*\\u[dD][c-fC-F][0-9a-fA-F]{2}"
)


def _number_at(text: str, wrong: Callable[[str], bool]) -> int | None:
    """Offset of the first number outside strings for which ``wrong`` is true."""
    for match in _STRING_OR_NUMBER.finditer(text):
        number = match.group(1)
        if number is not None and wrong(number):
            return match.start(1)
    return None


def _lone_surrogate_at(text: str) -> int | None:
    """Offset of the first \\u escape that is half of a character (a surrogate without its partner)."""
    if "\\u" not in text:
        return None
    for match in _SURROGATE_ESCAPE.finditer(text):
        high, low = match.group(1), match.group(2)
        if high is None or low is None:  # a lone low half, or a high half with no low one after it
            return match.end() - len("\\uDC00")
    return None


def _too_long(number: str) -> bool:
    digits = number.lstrip("-")
    return len(digits) > MAX_INTEGER_DIGITS if digits.isdigit() else len(number) > MAX_NUMBER_CHARS


def _line_and_column(text: str, offset: int) -> str:
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return f"line {line}, column {column}"


_STRING_OR_BRACKET = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]')


def _too_deep_at(text: str) -> int | None:
    """Offset where lists and objects first nest deeper than the limit (strings skipped), if they do."""
    depth = 0
    for match in _STRING_OR_BRACKET.finditer(text):
        bracket = match.group()
        if bracket in "[{":
            depth += 1
            if depth > _NESTING_LIMIT:
                return match.start()
        elif bracket in "]}":
            depth -= 1
    return None


def decode_routine_json(raw: bytes, source: str) -> object:
    """The JSON value in ``raw``, or RoutineError with one problem saying where the bytes stop being JSON.

    The one JSON reader for what the app reads from outside (settings, routines, history imports): numbers
    are bounded before Python converts them (NaN and Infinity are left for the checkers to name), and
    lone surrogates are refused.
    """

    def fail(location: str, message: str) -> RoutineError:
        return RoutineError([Problem(location, message)], source)

    start = len(_UTF8_BOM) if raw.startswith(_UTF8_BOM) else 0  # some editors add a BOM; it is harmless
    try:
        text = raw[start:].decode("utf-8")
    except UnicodeDecodeError as exc:
        offset = start + exc.start
        raise fail(f"byte {offset}", _("is not valid UTF-8 text; save the file as UTF-8")) from None
    if not text.strip():
        raise fail(WHOLE_FILE, _("is empty"))
    try:
        value = json.loads(
            text,
            object_pairs_hook=_object_from_pairs,
            parse_int=_parse_int,
            parse_float=_parse_float,
        )
    except json.JSONDecodeError as exc:
        message = exc.msg[:1].lower() + exc.msg[1:]
        raise fail(
            f"line {exc.lineno}, column {exc.colno}", _("not valid JSON: {message}").format(message=message)
        ) from None
    except _NumberTooLongError:
        at = _number_at(text, _too_long)
        location = _line_and_column(text, at) if at is not None else WHOLE_FILE
        raise fail(
            location,
            _("a number longer than {MAX_INTEGER_DIGITS} digits").format(
                MAX_INTEGER_DIGITS=MAX_INTEGER_DIGITS
            ),
        ) from None
    except RecursionError:
        too_deep = _too_deep_at(text)
        location = _line_and_column(text, too_deep) if too_deep is not None else WHOLE_FILE
        raise fail(location, _("lists and objects are nested far too deeply")) from None
    lone = _lone_surrogate_at(text)
    if lone is not None:
        # Half of a character: Python keeps it, but no file or database can store it.
        raise fail(
            _line_and_column(text, lone), _("a \\u escape that is half of a character (a lone surrogate)")
        )
    return value


def parse_routine_bytes(raw: bytes, points: PointLibrary, source: str) -> Routine:
    """A Routine from a file's bytes: size, UTF-8, JSON, then the validator. Raises only RoutineError."""
    if len(raw) > MAX_FILE_BYTES:
        limit = f"{MAX_FILE_BYTES // 1024 // 1024} MiB"
        raise RoutineError(
            [Problem(WHOLE_FILE, _("is too large: a routine file is at most {limit}").format(limit=limit))],
            source,
        )
    return parse_routine(decode_routine_json(raw, source), points, source)


def load_routine_file(path: Path, points: PointLibrary) -> Routine:
    """Read and validate one routine file. Raises RoutineError (content) or UserError (cannot read)."""
    try:
        with path.open("rb") as stream:
            raw = stream.read(MAX_FILE_BYTES + 1)  # never read a huge file whole just to refuse it
    except OSError as exc:
        raise UserError(
            _("{path}: cannot read: {value}").format(path=path, value=exc.strerror or exc)
        ) from exc
    return parse_routine_bytes(raw, points, str(path))


def routine_to_bytes(routine: Routine) -> bytes:
    """The file contents for a routine: indented UTF-8 JSON ending with a newline."""
    return (json.dumps(routine_to_dict(routine), indent=2, ensure_ascii=False) + "\n").encode("utf-8")


# ----------------------------------------------------------------------------------------------------
# The folder


def load_builtin_routines(points: PointLibrary) -> tuple[tuple[Routine, ...], tuple[BrokenRoutineFile, ...]]:
    """The routines shipped in the package, marked ``builtin``, and any that failed to load."""
    from sciatica_timer.storage.resources import shipped

    folder = shipped("routines")
    routines: list[Routine] = []
    broken: list[BrokenRoutineFile] = []
    for entry in folder.iterdir():
        if not entry.name.endswith(".json"):
            continue
        source = _("built-in routine {name}").format(name=entry.name)
        try:
            routine = _parse_builtin(entry.read_bytes(), points, source)
        except RoutineError as exc:
            log.error("%s", exc)
            broken.append(BrokenRoutineFile(Path(str(entry)), exc))
            continue
        routines.append(dataclasses.replace(routine, builtin=True))
    routines.sort(key=_builtin_sort_key)
    return tuple(routines), tuple(broken)


def _parse_builtin(raw: bytes, points: PointLibrary, source: str) -> Routine:
    """A shipped routine, its name, description and steps in the person's language (the content catalogue;
    a person's own routine files are read with parse_routine_bytes and keep their own words)."""
    from sciatica_timer.core.content_text import translate_routine
    from sciatica_timer.core.i18n import content

    if len(raw) > MAX_FILE_BYTES:
        return parse_routine_bytes(raw, points, source)  # the size message
    value = decode_routine_json(raw, source)
    if isinstance(value, dict):
        value = translate_routine(value, content)
    return parse_routine(value, points, source)


def _builtin_sort_key(routine: Routine) -> tuple[int, str]:
    rank = _BUILTIN_ORDER.index(routine.id) if routine.id in _BUILTIN_ORDER else len(_BUILTIN_ORDER)
    return rank, routine.id


class RoutineRepository:
    """The built-in routines (read-only) and the user's routine files, one ``<id>.json`` each."""

    def __init__(self, routines_dir: Path, points: PointLibrary) -> None:
        self.routines_dir = Path(routines_dir)
        self.points = points
        self._builtins: tuple[Routine, ...] | None = None
        self._builtin_broken: tuple[BrokenRoutineFile, ...] = ()

    # -- reading

    def builtins(self) -> tuple[Routine, ...]:
        if self._builtins is None:
            self._builtins, self._builtin_broken = load_builtin_routines(self.points)
        return self._builtins

    def is_builtin(self, routine_id: str) -> bool:
        return any(routine.id == routine_id for routine in self.builtins())

    def path_for(self, routine_id: str) -> Path:
        """Where the user routine ``routine_id`` lives. Refuses ids that are not valid (no ``../`` tricks)."""
        if not is_valid_routine_id(routine_id):
            raise UserError(
                _(
                    "{routine_id} is not a valid routine id: ids are lowercase letters, digits and hyphens"
                ).format(routine_id=json.dumps(routine_id))
            )
        return self.routines_dir / f"{routine_id}.json"

    def load_all(self) -> RoutineListing:
        """Every routine that can be read, and every file that cannot (reported, not touched)."""
        builtins = self.builtins()
        users: list[Routine] = []
        broken = list(self._builtin_broken)
        for path in self._user_files(broken):
            try:
                users.append(self._load_user_file(path))
            except UserError as exc:
                log.warning("%s", exc)
                broken.append(BrokenRoutineFile(path, exc))
        users.sort(key=lambda routine: (routine.name.casefold(), routine.id))
        return RoutineListing(routines=builtins + tuple(users), broken=tuple(broken))

    def _user_files(self, broken: list[BrokenRoutineFile]) -> Iterable[Path]:
        try:
            refuse_link(self.routines_dir)
            entries = sorted(self.routines_dir.iterdir())
        except LinkRefusedError as exc:
            broken.append(BrokenRoutineFile(self.routines_dir, exc))
            return []
        except FileNotFoundError:
            return []
        except OSError as exc:
            error = UserError(
                _("{routines_dir}: cannot read the folder: {value}").format(
                    routines_dir=self.routines_dir, value=exc.strerror or exc
                )
            )
            broken.append(BrokenRoutineFile(self.routines_dir, error))
            return []
        # Temporary files from an interrupted save start with a dot and do not end in .json.
        return [path for path in entries if path.suffix == ".json" and not path.name.startswith(".")]

    def _load_user_file(self, path: Path) -> Routine:
        try:
            raw = read_no_link(path, MAX_FILE_BYTES + 1)  # a link here may point anywhere (/etc/shadow)
        except OSError as exc:
            raise UserError(
                _("{path}: cannot read: {value}").format(path=path, value=exc.strerror or exc)
            ) from exc
        routine = parse_routine_bytes(raw, self.points, str(path))
        if self.is_builtin(routine.id):
            problem = Problem(
                "id",
                _("{id} is the id of a built-in routine; choose another").format(id=json.dumps(routine.id)),
            )
            raise RoutineError([problem], str(path))
        if path.name != f"{routine.id}.json":
            problem = Problem(
                "id",
                _("{id} does not match the file name; rename the file to {id2}.json or change the id").format(
                    id=json.dumps(routine.id), id2=routine.id
                ),
            )
            raise RoutineError([problem], str(path))
        return routine

    def get(self, routine_id: str) -> Routine:
        """The routine with this id. UserError if there is none or its file is broken."""
        for routine in self.builtins():
            if routine.id == routine_id:
                return routine
        path = self.path_for(routine_id)
        if not path.exists():
            known = [routine.id for routine in self.builtins()] + [p.stem for p in self._user_files([])]
            hint = did_you_mean(routine_id, known)
            raise UserError(
                _("no routine has the id {routine_id}{hint}").format(
                    routine_id=json.dumps(routine_id), hint=hint
                )
            )
        return self._load_user_file(path)

    # -- writing

    def save(self, routine: Routine) -> Path:
        """Write a user routine to ``<id>.json``, replacing an older version of it.

        Refuses built-in ids, a routine that breaks the file rules, and an existing file that cannot be read
        (it is left for the user to fix or delete).
        """
        return self._write(routine, overwrite_broken=False)

    def _write(self, routine: Routine, *, overwrite_broken: bool) -> Path:
        if self.is_builtin(routine.id):
            raise UserError(
                _("{id} is a built-in routine and cannot be changed; use another id").format(
                    id=json.dumps(routine.id)
                )
            )
        path = self.path_for(routine.id)
        check_routine(routine, self.points, str(path))
        if not overwrite_broken and path.exists():
            try:
                self._load_user_file(path)
            except UserError as exc:
                raise UserError(
                    _("{path}: cannot be read, so it is left as it is; fix, move or delete it first").format(
                        path=path
                    )
                ) from exc
        ensure_private_dir(self.routines_dir)
        write_atomic(path, routine_to_bytes(dataclasses.replace(routine, builtin=False)))
        return path

    def save_renamed(self, routine: Routine, old_id: str) -> Path:
        """Save ``routine`` under its new id and move the file of ``old_id`` aside, as
        ``<old-id>.json.renamed-<date>-<time>`` in the same folder: out of the list, never lost.

        The new file is written first; if the old one cannot be moved, the new one is taken back, so the
        routine is never listed twice and nothing is lost either way.
        """
        if routine.id == old_id:
            return self.save(routine)
        if self.path_for(routine.id).exists() or self.is_builtin(routine.id):
            raise UserError(_("a routine with the id {id} already exists").format(id=json.dumps(routine.id)))
        old_path = self.path_for(old_id)
        path = self.save(routine)
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        aside = old_path.with_name(f"{old_path.name}.renamed-{stamp}")
        try:
            old_path.rename(aside)
        except OSError as exc:
            path.unlink(missing_ok=True)
            raise UserError(
                _("{old_path}: cannot be moved aside: {value}").format(
                    old_path=old_path, value=exc.strerror or exc
                )
            ) from exc
        return path

    def delete(self, routine_id: str) -> None:
        """Remove a user routine's file (even a broken one). Built-ins cannot be deleted."""
        if self.is_builtin(routine_id):
            raise UserError(
                _("{routine_id} is a built-in routine and cannot be deleted").format(
                    routine_id=json.dumps(routine_id)
                )
            )
        path = self.path_for(routine_id)
        try:
            path.unlink()
        except FileNotFoundError:
            raise UserError(
                _("no saved routine has the id {routine_id}").format(routine_id=json.dumps(routine_id))
            ) from None
        except OSError as exc:
            raise UserError(
                _("{path}: cannot delete: {value}").format(path=path, value=exc.strerror or exc)
            ) from exc

    def import_file(self, path: Path, *, replace: bool = False) -> Routine:
        """Validate a routine file and save it as a user routine under its id.

        An id already saved needs ``replace`` (which also replaces a broken file of that id, since the
        user asked for exactly that); a built-in id is always refused.
        """
        routine = load_routine_file(Path(path), self.points)
        if self.is_builtin(routine.id):
            problem = Problem(
                "id",
                _("{id} is the id of a built-in routine; change the id in the file").format(
                    id=json.dumps(routine.id)
                ),
            )
            raise RoutineError([problem], str(path))
        if not replace and self.path_for(routine.id).exists():
            raise AlreadyExistsError(
                _("{path}: a routine with the id {id} is already saved").format(
                    path=path, id=json.dumps(routine.id)
                )
            )
        self._write(routine, overwrite_broken=True)
        return routine

    def export(self, routine_id: str, path: Path, *, replace: bool = False) -> None:
        """Write a routine (built-in or the user's) to ``path`` as a routine file someone else can import."""
        routine = self.get(routine_id)
        path = Path(path)
        if not replace and path.exists():
            raise AlreadyExistsError(_("{path}: already exists").format(path=path))
        write_atomic(path, routine_to_bytes(routine), mode=EXPORT_MODE)


def did_you_mean(wanted: str, known: Iterable[str]) -> str:
    """ "; did you mean quick-desk?" for a near miss (a typo, or the start of an id), else ""."""
    ids = sorted(set(known))
    starts = [found for found in ids if found.startswith(wanted.lower())] if wanted else []
    import difflib  # only for a near miss: it is sizeable, and most reads never need it

    close = starts or difflib.get_close_matches(wanted.lower(), ids, n=2, cutoff=0.6)
    if not close:
        return ""
    return (
        _("; did you mean ") + " or ".join(close[:2]) + _("? (sciatica-timer routines list shows them all)")
    )
