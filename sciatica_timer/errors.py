"""Errors that reach the user as one line: what went wrong and where."""

from __future__ import annotations


class UserError(Exception):
    """Bad input or a problem the user can fix (a malformed file, an out-of-range score, a read-only disk).

    The CLI prints ``str(error)`` on one line and exits 2; the GUI shows it in a message box.
    """
