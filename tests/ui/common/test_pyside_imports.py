"""The cheaper answer to PySide6's question about each imported module is the same answer."""

from __future__ import annotations

import importlib
import inspect
import sys
import textwrap
from pathlib import Path
from types import ModuleType

import pytest

from sciatica_timer.ui.common.pyside_imports import quicken_pyside_import_check


def _feature() -> ModuleType:
    assert quicken_pyside_import_check()
    feature = sys.modules["shibokensupport.feature"]
    assert getattr(feature._mod_uses_pyside, "reads_bytes", False)
    return feature


def _pyside_answer(module: ModuleType) -> bool:
    """PySide6's own way: the text "PySide6" in the module's source."""
    try:
        return "PySide6" in inspect.getsource(module)
    except (TypeError, OSError):
        return False


@pytest.mark.parametrize(
    "name",
    [
        "sciatica_timer.ui.common.theme",  # uses PySide6
        "sciatica_timer.core.look",  # does not
        "json.decoder",  # the standard library
        "sys",  # built in: no file
        "_socket",  # an extension module: not a .py file
    ],
)
def test_the_answer_is_pysides_own(name: str) -> None:
    module = importlib.import_module(name)
    assert _feature()._mod_uses_pyside(module) is _pyside_answer(module)


def test_a_module_imported_afterwards_is_recorded_as_before(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    feature = _feature()
    (tmp_path / "uses_qt_here.py").write_text(
        textwrap.dedent(
            """
            from PySide6.QtCore import QObject
            """
        ),
        encoding="utf-8",
    )
    (tmp_path / "plain_here.py").write_text("VALUE = 1\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    for name in ("uses_qt_here", "plain_here"):
        monkeypatch.delitem(sys.modules, name, raising=False)
        monkeypatch.delitem(feature.pyside_feature_dict, name, raising=False)
    # An import statement, as in a module (PySide6 hooks the statement, not importlib.import_module)
    exec("import uses_qt_here, plain_here", {})  # noqa: S102 - a fixed statement
    assert feature.pyside_feature_dict["uses_qt_here"] == 0  # uses PySide6: features could be switched
    assert feature.pyside_feature_dict["plain_here"] == -1  # ignored, as PySide6 decides


def test_an_unreadable_file_falls_back_to_pysides_way(tmp_path: Path) -> None:
    gone = ModuleType("gone_module")
    gone.__file__ = str(tmp_path / "gone_module.py")  # no such file
    assert _feature()._mod_uses_pyside(gone) is False


def test_installing_twice_keeps_one_check() -> None:
    first = _feature()._mod_uses_pyside
    assert quicken_pyside_import_check()
    assert sys.modules["shibokensupport.feature"]._mod_uses_pyside is first
