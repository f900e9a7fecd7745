"""Sciatica Timer: a guided acupressure routine timer and pain diary."""

from __future__ import annotations

import functools

APP_NAME = "Sciatica Timer"
APP_ID = "sciatica-timer"


@functools.cache
def version() -> str:
    """The installed version, from the package metadata (pyproject.toml is the one place it is written).

    Looked up on demand: importlib.metadata costs tens of milliseconds, too much for the start path.
    """
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as dist_version

    try:
        return dist_version(APP_ID)
    except PackageNotFoundError:  # a source tree that was never installed
        return "0.0.0+unknown"


def __getattr__(name: str) -> str:
    if name == "__version__":
        return version()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
