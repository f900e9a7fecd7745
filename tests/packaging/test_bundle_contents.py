"""The PyInstaller bundle's lists stay true to the code: every Qt module the app imports is kept, every
shipped file is collected, and what is left out is not needed."""

from __future__ import annotations

import ast
import importlib.util
from pathlib import Path

import PySide6

import sciatica_timer
from tests.packaging import REPO, packaging_module

contents = packaging_module("bundle_contents")
SOURCE = Path(sciatica_timer.__file__).parent


def qt_modules_imported_by_the_app() -> dict[str, list[str]]:
    """Qt module -> the files that import it, from every import statement in the package."""
    found: dict[str, list[str]] = {}
    for path in SOURCE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            for name in names:
                parts = name.split(".")
                if parts[0] == "PySide6" and len(parts) > 1 and parts[1].startswith("Qt"):
                    found.setdefault(parts[1], []).append(str(path.relative_to(SOURCE)))
    return found


def test_every_qt_module_the_app_imports_is_kept() -> None:
    imported = qt_modules_imported_by_the_app()
    assert "QtWidgets" in imported  # the scan sees the app's imports
    left_out = {module: files for module, files in imported.items() if module not in contents.USED_QT}
    assert left_out == {}, "add these to USED_QT in packaging/bundle_contents.py (and remove from UNUSED_QT)"


def test_the_kept_and_left_out_lists_cover_every_installed_qt_module() -> None:
    """A new PySide6 release with a new module shows up here, to be put on one list or the other."""
    folder = Path(PySide6.__file__).parent
    installed = {p.name.split(".")[0] for p in folder.iterdir() if p.name.startswith("Qt") and p.is_file()}
    installed = {name for name in installed if importlib.util.find_spec(f"PySide6.{name}") is not None}
    assert set(contents.USED_QT).isdisjoint(contents.UNUSED_QT)
    assert installed - set(contents.USED_QT) - set(contents.UNUSED_QT) == set()
    assert "PySide6.QtWebEngineCore" in contents.excludes()


def test_every_shipped_file_is_collected_where_importlib_resources_looks() -> None:
    pairs = contents.resource_datas()
    collected = {Path(source).relative_to(contents.RESOURCES) for source, _ in pairs}
    on_disk = {
        p.relative_to(contents.RESOURCES)
        for p in contents.RESOURCES.rglob("*")
        if p.is_file()
        and "__pycache__" not in p.parts
        and p.name != "__init__.py"
        and p.suffix not in {".po", ".pot"}  # the catalogues' sources: only their compiled .mo ship
    }
    assert on_disk  # the scan sees the files
    assert on_disk - collected == set(), "a file type the wheel and the bundle would both leave out"
    for source, folder in pairs:
        relative = Path(source).relative_to(contents.RESOURCES).parent.as_posix()
        expected = "sciatica_timer/resources" + ("" if relative == "." else f"/{relative}")
        assert folder == expected


def test_the_staged_package_holds_resources_as_a_real_package(tmp_path: Path) -> None:
    staged = contents.stage_package(tmp_path) / "sciatica_timer"
    assert (staged / "resources" / "__init__.py").is_file()
    assert (staged / "resources" / "points.json").is_file()
    assert (staged / "cli" / "self_test.py").is_file()
    assert not list(staged.rglob("__pycache__"))


def test_hidden_imports_exist() -> None:
    for name in contents.HIDDEN_IMPORTS:
        assert importlib.util.find_spec(name) is not None, name


def test_unused_binaries_on_each_platform() -> None:
    unused = [
        "PySide6/Qt/lib/libQt6Quick.so.6",
        "PySide6/Qt/lib/libQt6QmlModels.so.6",
        "PySide6/Qt/lib/libQt6VirtualKeyboardQml.so.6",
        "PySide6/Qt/plugins/platforminputcontexts/libqtvirtualkeyboardplugin.so",
        "PySide6/Qt/plugins/imageformats/libqpdf.so",
        "PySide6\\Qt6Quick.dll",
        "PySide6\\plugins\\imageformats\\qpdf.dll",
        "PySide6/Qt/lib/QtQml.framework/Versions/A/QtQml",
    ]
    kept = [
        "PySide6/Qt/lib/libQt6Core.so.6",
        "PySide6/Qt/lib/libQt6Multimedia.so.6",
        "PySide6/Qt/lib/libQt6OpenGL.so.6",
        "PySide6/Qt/plugins/platforms/libqxcb.so",
        "PySide6/Qt/plugins/imageformats/libqsvg.so",
        "PySide6\\Qt6Widgets.dll",
        "PySide6/Qt/lib/QtGui.framework/Versions/A/QtGui",
        "libpython3.11.so.1.0",
    ]
    assert [name for name in unused if not contents.is_unused_binary(name)] == []
    assert [name for name in kept if contents.is_unused_binary(name)] == []


def test_only_qt_translations_are_dropped() -> None:
    assert contents.is_unused_translation("PySide6/Qt/translations/qtbase_de.qm")
    assert contents.is_unused_translation("PySide6\\translations\\qt_fr.qm")
    assert not contents.is_unused_translation("sciatica_timer/resources/points.json")


def test_the_spec_uses_the_lists() -> None:
    spec = (REPO / "packaging" / "sciatica-timer.spec").read_text(encoding="utf-8")
    for name in ("resource_datas()", "HIDDEN_IMPORTS", "excludes()", "is_unused_binary", "stage_package"):
        assert name in spec
