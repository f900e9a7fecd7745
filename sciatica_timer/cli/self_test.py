"""``sciatica-timer --self-test``: checks that this installation can run, one line per check.

Meant to be pasted into a problem report: it names the versions, where the shipped files were found, and
for each check "ok" or "FAIL" with the reason. Exit code 0 when nothing failed, 1 otherwise.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import platform
import re
import subprocess
import sys
import tempfile
import wave
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from importlib import resources as package_files
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from sciatica_timer import APP_ID, APP_NAME, version
from sciatica_timer.storage.paths import AppPaths, ensure_private_dir

if TYPE_CHECKING:
    from sciatica_timer.core.points import PointLibrary

RESOURCE_PACKAGE = "sciatica_timer.resources"
SHIPPED_SUFFIXES = (".json", ".svg", ".wav", ".png")  # what pyproject's package-data puts in the wheel
# Set in the environment of the child process that tries the real display (see _check_display).
PROBE_ENV = "SCIATICA_TIMER_SELF_TEST_PROBE"
PROBE_DISPLAY = "display"
PROBE_TIMEOUT_S = 60.0
REQUIRED_QT = ("QtCore", "QtGui", "QtWidgets", "QtSvg")
WAV_RATES = range(8000, 192001)
_MAX_DETAIL = 300  # a reason longer than this is cut: the report stays one line per check

_app: list[object] = []  # the QApplication made here, kept alive until the process ends

# How a dynamic loader says that a shared library is missing, on Linux, macOS and Windows.
_MISSING_LIBRARY = (
    re.compile(r"(?P<lib>[^\s:]+\.so(?:\.[0-9]+)*): cannot open shared object file"),
    re.compile(r"Library not loaded: (?P<lib>\S+)"),
    re.compile(r"DLL load failed"),
)


class Status(StrEnum):
    OK = "ok"
    SKIP = "skip"  # not applicable here (no display to try); not a problem
    WARN = "warn"  # an optional part cannot work; the app runs without it
    FAIL = "FAIL"


@dataclass(frozen=True, slots=True)
class CheckResult:
    name: str
    status: Status
    detail: str

    def line(self) -> str:
        detail = " ".join(self.detail.split())  # one line, whatever the exception text held
        if len(detail) > _MAX_DETAIL:
            detail = detail[: _MAX_DETAIL - 1] + "…"
        return f"{self.status.value:<5} {self.name}: {detail}"


class CheckFailedError(Exception):
    """A check found a problem; its text is the reason printed after FAIL."""


class CheckWarning(Exception):  # noqa: N818 - it is raised for a warning line, not an error
    """An optional part cannot work; its text is printed after "warn"."""


class _Skip(Exception):  # noqa: N818 - raised for a "skip" line, not an error
    """The check does not apply here; its text says why."""


def _ok(name: str, detail: str) -> CheckResult:
    return CheckResult(name, Status.OK, detail)


# ----------------------------------------------------------------------------------------------------
# Shipped files: read from the package through importlib.resources, exactly as the app reads them.


def resource_root() -> Traversable:
    return package_files.files(RESOURCE_PACKAGE)


def _files(folder: Traversable, suffix: str) -> list[Traversable]:
    if not folder.is_dir():
        return []
    return sorted(
        (f for f in folder.iterdir() if f.is_file() and f.name.endswith(suffix)), key=lambda f: f.name
    )


def _count_shipped(folder: Traversable) -> int:
    count = 0
    for entry in folder.iterdir():
        if entry.is_dir():
            count += _count_shipped(entry)
        elif entry.name.endswith(SHIPPED_SUFFIXES):
            count += 1
    return count


def check_resources(root: Traversable) -> str:
    # The sound player hands QSoundEffect file names, so the files must lie in a real folder: not in an
    # archive, nor in a namespace package (what an install without resources/__init__.py makes).
    if not isinstance(root, Path):
        raise CheckFailedError(f"{RESOURCE_PACKAGE} is not one folder on disk: {root!r}")
    if not root.is_dir():
        raise CheckFailedError(f"{root} is not a folder")
    count = _count_shipped(root)
    if count == 0:
        raise CheckFailedError(f"no data files in {root}")
    return f"{count} files in {root}"


def _read_json(entry: Traversable) -> object:
    try:
        return json.loads(entry.read_bytes().decode("utf-8"))
    except FileNotFoundError:
        raise CheckFailedError(f"{entry.name} is missing") from None
    except UnicodeDecodeError as exc:
        raise CheckFailedError(f"{entry.name}: byte {exc.start}: not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        raise CheckFailedError(f"{entry.name}: line {exc.lineno} column {exc.colno}: {exc.msg}") from None


def load_points(root: Traversable) -> PointLibrary:
    from sciatica_timer.core.points import PointDataError, parse_point_library

    try:
        return parse_point_library(_read_json(root / "points.json"), "points.json")
    except PointDataError as exc:
        raise CheckFailedError(str(exc)) from None


def check_schema(root: Traversable) -> str:
    schema = _read_json(root / "routine.schema.json")
    if not isinstance(schema, dict) or not isinstance(schema.get("properties"), dict):
        raise CheckFailedError("routine.schema.json: the top level is not a schema object with properties")
    return f"routine.schema.json parses ({len(schema['properties'])} properties)"


def check_routines(root: Traversable, points: PointLibrary) -> str:
    from sciatica_timer.core.routines import RoutineError
    from sciatica_timer.storage.routine_files import parse_routine_bytes

    files = _files(root / "routines", ".json")
    if not files:
        raise CheckFailedError("no built-in routine files in routines/")
    problems = []
    for entry in files:
        try:
            parse_routine_bytes(entry.read_bytes(), points, f"routines/{entry.name}")
        except RoutineError as exc:
            problems.append(exc.lines()[0] if exc.lines() else str(exc))
    if problems:
        raise CheckFailedError(f"{len(problems)} of {len(files)} do not validate: {'; '.join(problems)}")
    return f"{len(files)} built-in routines validate"


def check_illustrations(root: Traversable, points: PointLibrary) -> str:
    from PySide6.QtCore import QByteArray, Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    files = _files(root / "illustrations", ".svg")
    problems = []
    for entry in files:
        renderer = QSvgRenderer(QByteArray(entry.read_bytes()))
        if not renderer.isValid() or renderer.defaultSize().isEmpty():
            problems.append(f"illustrations/{entry.name}: QtSvg cannot read it")
            continue
        image = QImage(64, 64, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        renderer.render(painter)
        painter.end()
        if not any(image.pixelColor(x, y).alpha() for x in range(0, 64, 2) for y in range(0, 64, 2)):
            problems.append(f"illustrations/{entry.name}: draws nothing")
    shipped = {entry.name.removesuffix(".svg") for entry in files}
    problems += [f"illustrations/{v.id}.svg is missing" for v in points.views if v.id not in shipped]
    if problems:
        raise CheckFailedError("; ".join(problems))
    return f"{len(files)} SVGs render with QtSvg"


def _check_wav(entry: Traversable) -> None:
    try:
        with wave.open(io.BytesIO(entry.read_bytes())) as sound:
            channels, rate, frames = sound.getnchannels(), sound.getframerate(), sound.getnframes()
    except (wave.Error, EOFError) as exc:
        raise CheckFailedError(f"sounds/{entry.name}: not a PCM WAV file: {exc}") from None
    if channels not in (1, 2) or rate not in WAV_RATES or frames == 0:
        raise CheckFailedError(f"sounds/{entry.name}: {channels} channels at {rate} Hz, {frames} frames")


def check_sounds(root: Traversable) -> str:
    from sciatica_timer.core.cues import Cue

    files = _files(root / "sounds", ".wav")
    if not files:
        raise CheckWarning("none shipped in sounds/: cues are shown on screen only")
    for entry in files:
        _check_wav(entry)
    shipped = {entry.name for entry in files}
    missing = [f"{cue.value}.wav" for cue in Cue if f"{cue.value}.wav" not in shipped]
    if missing:
        raise CheckFailedError(f"sounds/ lacks {', '.join(missing)}")
    return f"{len(files)} WAV files are valid"


# ----------------------------------------------------------------------------------------------------
# Qt


def _missing_library(exc: ImportError) -> str | None:
    """The system library whose absence made ``exc``, or None when the cause is something else."""
    text = str(exc)
    for pattern in _MISSING_LIBRARY:
        found = pattern.search(text)
        if found:
            return found.groupdict().get("lib") or "a system library (DLL)"
    return None


def _import_qt(module: str) -> None:
    __import__(f"PySide6.{module}")


def _optional_qt(module: str, purpose: str, importer: Callable[[str], None] = _import_qt) -> None:
    """Import an optional Qt module: a missing system library is a warning, anything else a failure."""
    try:
        importer(module)
    except ImportError as exc:
        lib = _missing_library(exc)
        if lib is None:
            raise CheckFailedError(f"{module} does not import: {exc}") from None
        raise CheckWarning(f"{module} cannot load: {lib} is missing on this system; {purpose}") from None


@contextlib.contextmanager
def _environ(name: str, value: str | None) -> Iterator[None]:
    """``name`` set to ``value`` (None: left as it is) inside the block, as before after it."""
    before = os.environ.get(name)
    if value is not None:
        os.environ[name] = value
    try:
        yield
    finally:
        if before is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = before


def check_qt() -> str:
    try:
        for module in REQUIRED_QT:
            _import_qt(module)
    except ImportError as exc:
        lib = _missing_library(exc)
        cause = f"{lib} is missing on this system" if lib else str(exc)
        raise CheckFailedError(f"PySide6.{module} does not import: {cause}") from None
    import PySide6
    from PySide6.QtCore import qVersion
    from PySide6.QtWidgets import QApplication

    # The checks draw off screen, so a broken display cannot abort them; check_display tries the real one.
    if QApplication.instance() is None:
        with _environ("QT_QPA_PLATFORM", "offscreen"):
            _app.append(QApplication([APP_ID]))
    name = QApplication.platformName()
    return f"PySide6 {PySide6.__version__}, Qt {qVersion()}: {', '.join(REQUIRED_QT)} load (platform {name})"


def check_charts() -> str:
    import pyqtgraph

    return f"pyqtgraph {pyqtgraph.__version__} loads"


def check_sound_output() -> str:
    _optional_qt("QtMultimedia", "cues are shown on screen only")
    from sciatica_timer.audio.player import probe_sound_output  # asks the sound process, bounded in time

    works, detail = probe_sound_output()
    if not works:
        raise CheckWarning(f"QtMultimedia loads, but {detail}: cues are shown on screen only")
    return f"QtMultimedia loads; default output: {detail}"


def check_speech() -> str:
    _optional_qt("QtTextToSpeech", "spoken prompts are not available")
    from PySide6.QtTextToSpeech import QTextToSpeech

    # "mock" is Qt's stand-in for tests: it says nothing.
    engines = [name for name in QTextToSpeech.availableEngines() if name != "mock"]
    if not engines:
        raise CheckWarning("QtTextToSpeech loads, but no speech engine is installed: no spoken prompts")
    return f"QtTextToSpeech loads; engines: {', '.join(engines)}"


def _has_display() -> bool:
    if not sys.platform.startswith("linux"):
        return True  # Windows and macOS always have one
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def _self_command(args: argparse.Namespace) -> list[str]:
    program = [sys.executable] if getattr(sys, "frozen", False) else [sys.executable, "-m", "sciatica_timer"]
    data_dir = ["--data-dir", args.data_dir] if getattr(args, "data_dir", None) else []
    return [*program, *data_dir, "--self-test"]


def _qt_complaint(stderr: str) -> str:
    """The first line of Qt's message: the cause ("could not connect to display :1", "libxcb-cursor0 is
    needed"); the lines after it are Qt's generic advice."""
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    return lines[0] if lines else "no message"


def check_display(args: argparse.Namespace) -> str:
    """Start Qt on the real display in a child process: if that aborts, this report still gets printed."""
    if not _has_display():
        raise _Skip("neither DISPLAY nor WAYLAND_DISPLAY is set; the checks above drew off screen")
    env = {**os.environ, PROBE_ENV: PROBE_DISPLAY}
    try:
        child = subprocess.run(  # noqa: S603 - this same program, with fixed arguments
            _self_command(args), capture_output=True, text=True, timeout=PROBE_TIMEOUT_S, env=env, check=False
        )
    except subprocess.TimeoutExpired:
        raise CheckFailedError(f"Qt did not start on the display within {PROBE_TIMEOUT_S:.0f} s") from None
    if child.returncode != 0:
        raise CheckFailedError(f"Qt cannot open the display: {_qt_complaint(child.stderr)}")
    return f"Qt opens it with the {child.stdout.strip() or '?'} platform"


def probe_display() -> int:
    """The child's part: open the display as the app would, print the platform's name."""
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication([APP_ID])
    print(app.platformName())
    return 0


# ----------------------------------------------------------------------------------------------------
# The user's folders


def check_writable(paths: AppPaths) -> str:
    from sciatica_timer.errors import UserError

    folders = dict.fromkeys((paths.data_dir, paths.config_dir))  # one entry when --data-dir joined them
    for folder in folders:
        try:
            ensure_private_dir(folder)
            with tempfile.TemporaryFile(dir=folder) as probe:
                probe.write(b"self-test")
        except UserError as exc:
            raise CheckFailedError(str(exc)) from None
        except OSError as exc:
            raise CheckFailedError(f"{folder}: cannot write: {exc.strerror or exc}") from None
    return f"{' and '.join(str(f) for f in folders)} writable"


def check_history(paths: AppPaths) -> str:
    from sciatica_timer.errors import UserError
    from sciatica_timer.storage.history import HistoryStore
    from sciatica_timer.storage.history_schema import read_version

    try:
        with HistoryStore.open(paths.database, backups_dir=paths.backups_dir) as store:
            schema = read_version(store.conn)
            recovery = store.recovery
    except UserError as exc:
        raise CheckFailedError(str(exc)) from None
    if recovery is not None:
        raise CheckWarning(recovery.message)
    return f"{paths.database} opens (schema version {schema})"


# ----------------------------------------------------------------------------------------------------
# The report


def _run_check(name: str, check: Callable[[], str]) -> CheckResult:
    try:
        return _ok(name, check())
    except CheckFailedError as exc:
        return CheckResult(name, Status.FAIL, str(exc))
    except CheckWarning as exc:
        return CheckResult(name, Status.WARN, str(exc))
    except _Skip as exc:
        return CheckResult(name, Status.SKIP, str(exc))
    except Exception as exc:  # noqa: BLE001 - any surprise is this check's failure, and the report goes on
        return CheckResult(name, Status.FAIL, f"{type(exc).__name__}: {exc}")


def _qt_messages_to_log() -> Callable[[], None]:
    """Route Qt's own warnings (plugin searches and the like) to the log file, keeping the report clean."""
    import logging

    from PySide6.QtCore import qInstallMessageHandler

    qt_log = logging.getLogger("qt")

    def handler(_kind: object, _context: object, message: str) -> None:
        qt_log.info("%s", message)

    previous = qInstallMessageHandler(handler)

    def restore() -> None:
        qInstallMessageHandler(previous)

    return restore


def run_checks(
    paths: AppPaths,
    args: argparse.Namespace | None = None,
    *,
    root: Traversable | None = None,
    out: TextIO | None = None,
) -> list[CheckResult]:
    """Run every check, printing each line to ``out`` as it is known. ``root``: the shipped files' folder."""
    stream = out if out is not None else sys.stdout
    shipped = root if root is not None else resource_root()
    results: list[CheckResult] = []

    def report(name: str, check: Callable[[], str]) -> CheckResult:
        result = _run_check(name, check)
        results.append(result)
        print(result.line(), file=stream, flush=True)
        return result

    report("resources", lambda: check_resources(shipped))
    points: list[PointLibrary] = []

    def points_check() -> str:
        points.append(load_points(shipped))
        return f"{len(points[0])} pressure points on {len(points[0].views)} body views"

    report("points", points_check)
    report("routine schema", lambda: check_schema(shipped))
    no_points = CheckFailedError("not checked: points.json did not load")

    def needs_points() -> PointLibrary:
        if not points:
            raise no_points
        return points[0]

    report("built-in routines", lambda: check_routines(shipped, needs_points()))
    qt = report("Qt", check_qt)
    restore = _qt_messages_to_log() if qt.status is Status.OK else None
    try:

        def illustrations() -> str:
            if qt.status is not Status.OK:
                raise CheckFailedError("not checked: Qt did not load")
            return check_illustrations(shipped, needs_points())

        report("illustrations", illustrations)
        if qt.status is Status.OK:
            report("charts", check_charts)
        report("sounds", lambda: check_sounds(shipped))
        if qt.status is Status.OK:
            report("sound output", check_sound_output)
            report("speech", check_speech)
    finally:
        if restore is not None:
            restore()
    report("display", lambda: check_display(args if args is not None else argparse.Namespace()))
    report("data folder", lambda: check_writable(paths))
    report("history", lambda: check_history(paths))
    return results


def _summary(results: list[CheckResult]) -> str:
    failed = sum(r.status is Status.FAIL for r in results)
    warned = sum(r.status is Status.WARN for r in results)
    warnings = f", {warned} warning{'s' * (warned != 1)}" if warned else ""
    if failed:
        return f"self-test FAILED: {failed} of {len(results)} checks failed{warnings}"
    return f"self-test passed: {len(results)} checks{warnings}"


def run_self_test(args: argparse.Namespace) -> int:
    """The ``--self-test`` option: print the report, return 0 if no check failed, else 1."""
    if os.environ.get(PROBE_ENV) == PROBE_DISPLAY:
        return probe_display()
    paths: AppPaths = args.paths
    install = "bundle" if getattr(sys, "frozen", False) else "package"
    print(f"{APP_NAME} {version()} self-test", flush=True)
    where = Path(__file__).parents[1]
    print(f"Python {platform.python_version()} on {platform.platform()}; {install} at {where}", flush=True)
    results = run_checks(paths, args)
    print(_summary(results), flush=True)
    return 1 if any(r.status is Status.FAIL for r in results) else 0
