"""A cheaper answer to the question PySide6 asks of every module imported after it.

Once PySide6 is loaded, its import hook asks of each newly seen module whether it uses PySide6 (for its
optional ``__feature__`` switches, which this app does not use), by reading the module's whole source with
``inspect.getsource``: about 0.3 ms a module, some 25 ms over the modules imported before the first frame and
as much again for the start screen. ``quicken_pyside_import_check`` gives the same answer (the text
"PySide6" in the source file) from the file's bytes, and falls back to PySide6's own way for anything else
(no file, not a ``.py`` file, a file that cannot be read). Where a PySide6 release no longer asks, or asks
in another way, nothing is changed.
"""

from __future__ import annotations

import sys
from types import ModuleType


def quicken_pyside_import_check() -> bool:
    """Install the cheaper check (once); True when it is in place."""
    import PySide6.QtCore  # noqa: F401 - loads PySide6's import hook and its feature module

    feature = sys.modules.get("shibokensupport.feature")
    original = getattr(feature, "_mod_uses_pyside", None)
    if feature is None or not callable(original):
        return False
    if getattr(original, "reads_bytes", False):
        return True

    def uses_pyside(module: ModuleType) -> bool:
        path = getattr(module, "__file__", None)
        if not isinstance(path, str) or not path.endswith(".py"):
            return bool(original(module))
        try:
            with open(path, "rb") as source:  # noqa: PTH123 - the cheapest way to read it
                return b"PySide6" in source.read()
        except OSError:
            return bool(original(module))

    uses_pyside.reads_bytes = True  # type: ignore[attr-defined]
    feature._mod_uses_pyside = uses_pyside  # type: ignore[attr-defined]
    return True
