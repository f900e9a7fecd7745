"""The subcommands. Each module adds its parser and sets ``handler`` to a function returning an exit code."""

from __future__ import annotations

import argparse
from typing import Any


def register_all(subparsers: argparse._SubParsersAction[Any]) -> None:
    """Add every subcommand. Their modules import what they need inside their handlers, off the GUI's path."""
    from sciatica_timer.cli import play, routines

    routines.register(subparsers)
    play.register(subparsers)
    from sciatica_timer.cli import history

    history.register(subparsers)
    from sciatica_timer.cli import safety

    safety.register(subparsers)
