"""What the PyInstaller bundle holds: the shipped files, the modules found only by name, and what is left out.

Read by sciatica-timer.spec and by tests/packaging/test_bundle_contents.py; plain Python, no PyInstaller.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path, PurePosixPath

ROOT = Path(__file__).resolve().parent.parent
RESOURCES = ROOT / "resources"
RESOURCE_PACKAGE_DIR = PurePosixPath("sciatica_timer", "resources")  # where importlib.resources looks
SHIPPED_SUFFIXES = (".json", ".svg", ".wav", ".png", ".mo")  # the same as package-data in pyproject.toml

# The Qt modules the app imports, and the ones pyqtgraph (the charts) imports by name when it loads.
USED_QT = (
    "QtCore",
    "QtGui",
    "QtWidgets",
    "QtSvg",
    "QtMultimedia",  # sound cues
    "QtTextToSpeech",  # spoken prompts
    "QtNetwork",  # the single-instance check
    "QtPrintSupport",  # printing reports
    "QtOpenGL",  # pyqtgraph imports both OpenGL modules by name in GraphicsView
    "QtOpenGLWidgets",
)
# Every other module of PySide6 6.8 to 6.11. Leaving one out keeps its Python binding, the hooks that
# collect its plugins and QML files, and most of its libraries out of the bundle.
UNUSED_QT = (
    "Qt3DAnimation",
    "Qt3DCore",
    "Qt3DExtras",
    "Qt3DInput",
    "Qt3DLogic",
    "Qt3DRender",
    "QtAxContainer",
    "QtBluetooth",
    "QtCanvasPainter",
    "QtCharts",
    "QtConcurrent",
    "QtDBus",
    "QtDataVisualization",
    "QtDesigner",
    "QtGraphs",
    "QtGraphsWidgets",
    "QtHelp",
    "QtHttpServer",
    "QtLocation",
    "QtMultimediaWidgets",
    "QtNetworkAuth",
    "QtNfc",
    "QtPdf",
    "QtPdfWidgets",
    "QtPositioning",
    "QtQml",
    "QtQuick",
    "QtQuick3D",
    "QtQuickControls2",
    "QtQuickTest",
    "QtQuickWidgets",
    "QtRemoteObjects",
    "QtScxml",
    "QtSensors",
    "QtSerialBus",
    "QtSerialPort",
    "QtSpatialAudio",
    "QtSql",
    "QtStateMachine",
    "QtSvgWidgets",
    "QtTest",
    "QtUiTools",
    "QtWebChannel",
    "QtWebEngineCore",
    "QtWebEngineQuick",
    "QtWebEngineWidgets",
    "QtWebSockets",
    "QtWebView",
    "QtXml",
)
# Modules found only from a string at run time, which PyInstaller cannot see in the code.
HIDDEN_IMPORTS = (
    "sciatica_timer.resources",  # importlib.resources.files("sciatica_timer.resources")
    "PySide6.QtSvg",  # the self-test imports the Qt modules by name, to report each failure on its own
    "PySide6.QtMultimedia",
    "PySide6.QtTextToSpeech",
)
# Other Qt bindings (pyqtgraph tries them all) and tools that are only used to develop the app.
OTHER_EXCLUDES = (
    "PyQt5",
    "PyQt6",
    "PySide2",
    "tkinter",
    "pytest",
    "pytestqt",
    "hypothesis",
    "mypy",
    "IPython",
    "matplotlib",
    "scipy",
    "OpenGL",
    "pyqtgraph.opengl",
    "pyqtgraph.examples",
)


# Qt libraries that only plugins the app has no use for pull in: the virtual keyboard input method (which
# brings Qt Quick and QML along) and the PDF image format. Named by file stem, as on Linux, Windows and macOS.
UNUSED_QT_LIBRARIES = ("Quick", "Qml", "QmlModels", "QmlMeta", "QmlWorkerScript", "VirtualKeyboard", "Pdf")
UNUSED_PLUGINS = ("qtvirtualkeyboardplugin", "qpdf")
_UNUSED_STEMS = frozenset(
    [f"Qt6{name}" for name in UNUSED_QT_LIBRARIES]
    + [f"Qt{name}" for name in UNUSED_QT_LIBRARIES]  # macOS frameworks: QtQuick.framework/QtQuick
    + [f"Qt6{name}Qml" for name in UNUSED_QT_LIBRARIES]
    + list(UNUSED_PLUGINS)
)


def excludes() -> list[str]:
    return [f"PySide6.{name}" for name in UNUSED_QT] + list(OTHER_EXCLUDES)


def resource_datas(resources: Path = RESOURCES) -> list[tuple[str, str]]:
    """PyInstaller's (source file, destination folder) pairs for every shipped file under ``resources``."""
    pairs = []
    for path in sorted(resources.rglob("*")):
        if path.is_file() and path.suffix in SHIPPED_SUFFIXES:
            folder = RESOURCE_PACKAGE_DIR / path.parent.relative_to(resources).as_posix()
            pairs.append((str(path), str(folder)))
    return pairs


def is_unused_translation(destination: str) -> bool:
    """Qt's own translations (.qm): the app is in English and loads no QTranslator."""
    parts = PurePosixPath(destination.replace("\\", "/")).parts
    return "translations" in parts and destination.endswith(".qm")


def is_unused_binary(destination: str) -> bool:
    """A Qt library or plugin that only features the app does not use need (see UNUSED_QT_LIBRARIES)."""
    name = PurePosixPath(destination.replace("\\", "/")).name
    return name.split(".")[0].removeprefix("lib") in _UNUSED_STEMS


def stage_package(target: Path) -> Path:
    """Copy the package into ``target`` as a wheel lays it out, resources/ inside it, and return ``target``.

    pyproject.toml maps sciatica_timer.resources to the top-level resources/ folder; PyInstaller follows
    only real folders, so it analyses this copy instead of the source tree.
    """
    package = target / "sciatica_timer"
    if package.exists():
        shutil.rmtree(package)
    shutil.copytree(ROOT / "sciatica_timer", package, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    shutil.copytree(RESOURCES, package / "resources", ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    return target


Entry = tuple[str, str, str]  # PyInstaller's (destination, source, kind)


def python_library_stripped(binaries: Sequence[Entry], workdir: Path) -> list[Entry]:
    """PyInstaller's binaries, with Linux's libpython replaced by a copy without debugging symbols.

    Some Python builds (pyenv's among them) keep some 17 MB of them. Only this library is stripped:
    PyInstaller's own strip option also strips libraries that auditwheel has rewritten (numpy's OpenBLAS),
    which then fail to load.
    """
    strip = shutil.which("strip")
    if not sys.platform.startswith("linux") or strip is None:
        return list(binaries)
    result = []
    for destination, source, kind in binaries:
        name = PurePosixPath(destination).name
        if not name.startswith("libpython"):
            result.append((destination, source, kind))
            continue
        copy = workdir / "stripped" / name
        copy.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, copy)
        subprocess.run([strip, "--strip-debug", str(copy)], check=True)  # noqa: S603 - a fixed tool
        result.append((destination, str(copy), kind))
    return result
