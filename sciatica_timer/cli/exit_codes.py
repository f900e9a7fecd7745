"""The command line's exit codes, in a module of their own so each command can use them without importing
the package that imports the commands."""

from __future__ import annotations

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_USAGE = 2
