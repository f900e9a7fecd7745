"""Finds user-facing string literals that are not marked for translation: an AST scan of the package.

    python -m tests.i18n.unmarked sciatica_timer/ui      # one line per unmarked sentence, and a count

A literal counts as a sentence when it holds two words of letters in a row ("Stop pressing"); it is marked
when it is the message of ``_``, ``ngettext``, ``pgettext``, ``npgettext`` or ``N_`` (core/i18n.py). Not
counted: docstrings; log lines (``log.info(...)``, a programmer's reading); programmer errors
(``ValueError(...)`` and the like, never shown to a person); SQL; the operand of a comparison; and the
literals listed in ALLOWED below. An f-string is a sentence when its literal parts are; it cannot be marked as
it is (the catalogue needs the text with its placeholders: ``_("{n} rounds").format(n=n)``).
"""

from __future__ import annotations

import ast
import re
import sys
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
MARKERS = frozenset({"_", "ngettext", "pgettext", "npgettext", "N_"})
_WORDS = re.compile(r"[^\W\d_]{2,}[ \t]+[^\W\d_]{2,}")
_SQL = re.compile(
    r"^\s*(CAST|SELECT|INSERT|UPDATE|DELETE|CREATE|DROP|ALTER|PRAGMA|WITH|BEGIN|REPLACE)\b"
)  # SQL in capitals
_PROGRAMMER_ERRORS = frozenset(
    {
        "ValueError",
        "TypeError",
        "RuntimeError",
        "AssertionError",
        "NotImplementedError",
        "KeyError",
        "IndexError",
        "LookupError",
        "AttributeError",
    }
)
_LOGGERS = frozenset({"log", "logger", "logging", "_log", "LOG"})
_LOG_METHODS = frozenset({"debug", "info", "warning", "error", "exception", "critical", "log"})

# Literals that look like sentences but are never shown to a person as text in a language. Each says why.
ALLOWED: dict[str, str] = {
    # D-Bus and freedesktop names and the desktop's own command words, read by programs
    "org.freedesktop": "service names",
    # the self-test's lines are read by support and packagers alike, in English on purpose: they name the
    # files and libraries checked, and a bug report quotes them
    "sciatica_timer/cli/self_test.py": "support lines, English on purpose",
    # the history database's SQL and its migrations' descriptions, for the log
    "sciatica_timer/storage/history_schema.py": "SQL and migration notes",
    # contexts of the content catalogue, and the words that pick an activity's picture from a person's title
    "sciatica_timer/core/content_text.py": "catalogue contexts",
    "sciatica_timer/core/activity_pictures.py": "matching words, not shown",
    # a developer's tool that writes the cue sounds
    "sciatica_timer/audio/synth.py": "build tool",
    "[Desktop Entry]": "the autostart file, read by the desktop",
    "do not disturb": "reminders' reason codes (an enum's values), shown through the UI's own words",
    "full screen": "the same",
    "Sciatica Timer": "the app's name is not translated",
    "stopped by the user": "a stop reason kept in the history (shown through stop_words in cli/play.py)",
    "is not 48 kHz mono 16-bit": "a check of the shipped sound files, for the log",
    # the sound process's line protocol to the app ("log ..." and "unavailable <reason>"): its reasons go to
    # the log and the self-test, in English, as that process reads no catalogue
    "log ": "protocol",
    "sciatica_timer/audio/pulse_output.py": "the sound process's reasons, for the log (the same protocol)",
    # the window's style sheet and the HTML that frames marked sentences
    'QWidget[role="page"]': "a style sheet",
    "<table cellspacing=": "HTML around marked text",
    "<tr><td colspan=": "HTML around marked text",
    '<span style="color: ': "HTML around marked text",
    # names of history writes for the log (ui/history/operations.py log_only)
    "follow-up skip": "for the log",
    "unavailable ": "protocol",
}
# Folders left out of the scan: none (every module of the package is scanned).
EXEMPT_FOLDERS: tuple[str, ...] = ()


@dataclass(frozen=True)
class Finding:
    path: str
    line: int
    text: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.text!r}"


def _call_name(node: ast.Call) -> str:
    func = node.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def _is_log_call(node: ast.Call) -> bool:
    func = node.func
    if not isinstance(func, ast.Attribute) or func.attr not in _LOG_METHODS:
        return False
    owner = func.value
    return (isinstance(owner, ast.Name) and owner.id in _LOGGERS) or (
        isinstance(owner, ast.Attribute) and owner.attr in _LOGGERS
    )


class _Scanner(ast.NodeVisitor):
    def __init__(self, path: str) -> None:
        self.path = path
        self.findings: list[Finding] = []

    def _skip_docstring(self, body: list[ast.stmt]) -> list[ast.stmt]:
        if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
            return body[1:]
        return body

    def visit_Module(self, node: ast.Module) -> None:
        for stmt in self._skip_docstring(node.body):
            self.visit(stmt)

    def visit_FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        for decorator in node.decorator_list:
            self.visit(decorator)
        self.visit(node.args)
        for stmt in self._skip_docstring(node.body):
            self.visit(stmt)

    visit_AsyncFunctionDef = visit_FunctionDef  # noqa: N815 - ast.NodeVisitor's name

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        for item in [*node.bases, *node.keywords, *node.decorator_list]:
            self.visit(item)
        for stmt in self._skip_docstring(node.body):
            self.visit(stmt)

    def visit_Expr(self, node: ast.Expr) -> None:
        if isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
            return  # a string on its own line documents the name above it
        self.generic_visit(node)

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        if node.value is not None:
            self.visit(node.value)  # not the annotation: "X | None" in quotes is a type

    def visit_Call(self, node: ast.Call) -> None:
        name = _call_name(node)
        if name in MARKERS or _is_log_call(node) or name in _PROGRAMMER_ERRORS or name == "warn":
            for arg in node.args:
                if not isinstance(arg, ast.Constant | ast.JoinedStr):
                    self.visit(arg)
            return
        self.generic_visit(node)

    def visit_Compare(self, node: ast.Compare) -> None:
        for operand in [node.left, *node.comparators]:
            if not isinstance(operand, ast.Constant | ast.JoinedStr):
                self.visit(operand)

    def visit_Constant(self, node: ast.Constant) -> None:
        if isinstance(node.value, str):
            self._check(node.value, node.lineno)

    def visit_JoinedStr(self, node: ast.JoinedStr) -> None:
        literal = " ".join(
            v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str)
        )
        self._check(literal, node.lineno)
        for value in node.values:
            if isinstance(value, ast.FormattedValue):
                inner = value.value
                if (
                    isinstance(inner, ast.Call)
                    and _call_name(inner) in MARKERS
                    and any(isinstance(a, ast.Constant) for a in inner.args)
                ):
                    # Babel cannot see into an f-string on Python 3.11: the text never reaches the catalogue
                    self.findings.append(Finding(self.path, node.lineno, "marked inside an f-string"))
                self.visit(inner)

    def _check(self, text: str, line: int) -> None:
        if not _WORDS.search(text) or _SQL.match(text):
            return
        if any(key in text for key in ALLOWED):
            return
        self.findings.append(Finding(self.path, line, text))


def _relative(path: Path) -> str:
    resolved = path.resolve()
    return resolved.relative_to(REPO).as_posix() if resolved.is_relative_to(REPO) else resolved.as_posix()


def scan_file(path: Path) -> list[Finding]:
    relative = _relative(path)
    if relative in ALLOWED:
        return []
    scanner = _Scanner(relative)
    scanner.visit(ast.parse(path.read_text(encoding="utf-8"), filename=relative))
    return scanner.findings


def scan(folder: Path, *, exempt: tuple[str, ...] = EXEMPT_FOLDERS) -> list[Finding]:
    """Every unmarked sentence in the Python files under ``folder`` (outside the ``exempt`` folders)."""
    findings: list[Finding] = []
    for path in [folder] if folder.is_file() else sorted(folder.rglob("*.py")):
        relative = _relative(path)
        if any(relative.startswith(prefix) for prefix in exempt):
            continue
        findings += scan_file(path)
    return findings


if __name__ == "__main__":
    found = scan(Path(sys.argv[1] if len(sys.argv) > 1 else REPO / "sciatica_timer"), exempt=())
    for finding in found:
        print(finding)
    print(f"{len(found)} unmarked", file=sys.stderr)
