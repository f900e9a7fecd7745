"""The package's import contract, read from the source: layers import only downwards and no modules import
each other in a circle.

Every import counts, wherever it is written: at the top, inside a function (a lazy import made to keep the
start fast is still a dependency) or under ``if TYPE_CHECKING`` (a type that needs a circle to be named is a
design waiting to be untangled).

The layers, from the bottom: ``core`` (with ``errors`` and the package's own ``__init__``) under ``storage``
(and ``logs``), ``audio`` and ``session``; ``ui`` above those; ``app`` and ``cli`` at the top. Dev tools
(``tools/``), the benchmarks and the tests sit outside the package and may import anything of it; nothing in
it imports them.
"""

from __future__ import annotations

import ast
import functools
from pathlib import Path

import pytest

import sciatica_timer

PACKAGE = Path(sciatica_timer.__file__).parent
ROOT = "sciatica_timer"
OUTSIDE = ("tools", "benchmarks", "tests")


def _module_name(path: Path) -> str:
    parts = [ROOT, *path.relative_to(PACKAGE).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _sources() -> dict[str, Path]:
    return {_module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def _imported_names(name: str, path: Path, modules: set[str]) -> list[tuple[str, int]]:
    """Every module an import statement in ``path`` loads, with its line.

    ``from a import b`` loads the module ``a.b`` when there is one, else the module ``a`` (b is a name in it).
    """
    found: list[tuple[str, int]] = []
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found.extend((alias.name, node.lineno) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module or ""
            for alias in node.names:
                submodule = f"{module}.{alias.name}"
                found.append((submodule if submodule in modules else module, node.lineno))
    return found


@functools.cache
def _graph() -> dict[str, dict[str, int]]:
    """Our modules and, for each, the modules of ours (or of tools/, benchmarks/, tests/) it imports."""
    sources = _sources()
    graph: dict[str, dict[str, int]] = {}
    for name, path in sources.items():
        edges: dict[str, int] = {}
        for written, line in _imported_names(name, path, set(sources)):
            imported = written
            top = imported.split(".")[0]
            if top == ROOT:
                while imported not in sources:  # a name that is not a module of ours: its nearest package
                    imported = imported.rpartition(".")[0]
            elif top not in OUTSIDE:
                continue
            if imported != name:
                edges.setdefault(imported, line)
        graph[name] = edges
    return graph


def _layer(module: str) -> str:
    parts = module.split(".")
    if parts[0] in OUTSIDE:
        return parts[0]
    return parts[1] if len(parts) > 1 else "root"


# What each layer may import, besides itself.
ALLOWED = {
    "root": set(),
    "errors": set(),
    "core": {"root", "errors"},
    "storage": {"root", "errors", "core"},
    "translations": {"root", "errors", "core"},  # reads the catalogues and installs them into core.i18n
    "logs": {"root", "errors", "core", "storage"},
    "audio": {"root", "errors", "core", "logs", "storage"},
    "session": {"root", "errors", "core", "logs", "storage", "audio"},
    "ui": {"root", "errors", "core", "logs", "storage", "audio", "session", "translations"},
    "cli": {"root", "errors", "core", "logs", "storage", "audio", "session", "ui", "app", "translations"},
    "app": {"root", "errors", "core", "logs", "storage", "audio", "session", "ui", "cli", "translations"},
    "__main__": {"cli"},
}


def test_every_module_of_the_package_is_in_a_known_layer() -> None:
    unknown = sorted(name for name in _graph() if _layer(name) not in ALLOWED)
    assert unknown == []


@pytest.mark.parametrize("layer", sorted(ALLOWED))
def test_a_layer_imports_only_the_layers_below_it(layer: str) -> None:
    graph = _graph()
    upward = [
        f"{name} imports {imported} (line {line})"
        for name, edges in sorted(graph.items())
        if _layer(name) == layer
        for imported, line in sorted(edges.items())
        if _layer(imported) != layer and _layer(imported) not in ALLOWED[layer]
    ]
    assert upward == []


def test_only_the_app_and_the_command_line_import_the_windows() -> None:
    graph = _graph()
    offenders = [
        f"{name} imports {imported}"
        for name, edges in sorted(graph.items())
        if _layer(name) not in ("ui", "app", "cli")
        for imported in edges
        if _layer(imported) == "ui"
    ]
    assert offenders == []


def test_nothing_in_the_package_imports_the_dev_tools_benchmarks_or_tests() -> None:
    offenders = [
        f"{name} imports {imported}"
        for name, edges in sorted(_graph().items())
        for imported in edges
        if _layer(imported) in OUTSIDE
    ]
    assert offenders == []


def _circles(graph: dict[str, dict[str, int]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan's algorithm, without recursion)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []
    counter = 0
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            for child in children:
                if child not in graph:
                    continue
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == index[node]:
                    group = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        group.append(member)
                        if member == node:
                            break
                    if len(group) > 1:
                        groups.append(sorted(group))
    return groups


def test_no_modules_import_each_other_in_a_circle() -> None:
    assert _circles(_graph()) == []


def test_the_circle_finder_finds_a_circle() -> None:
    """The check above can fail: a made-up graph with a circle of three and one of two."""
    graph = {"a": {"b": 1}, "b": {"c": 1}, "c": {"a": 1}, "d": {"e": 1}, "e": {"d": 1}, "f": {"a": 1}}
    assert sorted(_circles(graph)) == [["a", "b", "c"], ["d", "e"]]


def test_the_reader_sees_lazy_and_type_checking_imports(tmp_path: Path) -> None:
    source = tmp_path / "sample.py"
    source.write_text(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n"
        "    from sciatica_timer.ui.main_window import MainWindow\n"
        "def later():\n"
        "    from sciatica_timer.ui.common import theme\n"
        "    import tools.screenshots.screenshots\n",
        encoding="utf-8",
    )
    names = {name for name, _line in _imported_names("sciatica_timer.core.sample", source, set(_sources()))}
    assert {
        "sciatica_timer.ui.main_window",
        "sciatica_timer.ui.common.theme",
        "tools.screenshots.screenshots",
    } <= names
