"""Start at login: the XDG autostart entry that opens Sciatica Timer when the person logs in (Linux desktops).

Written atomically into ``$XDG_CONFIG_HOME/autostart`` when the setting is switched on, removed when it is
switched off. The entry runs this very installation: the bundle, the installed command, or this Python with
``-m sciatica_timer``; with ``--data-dir`` when the app keeps its files in a folder of the person's choosing.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from sciatica_timer import APP_NAME
from sciatica_timer.core.i18n import _
from sciatica_timer.errors import UserError
from sciatica_timer.storage.paths import AppPaths

DESKTOP_ID = "io.github.sciatica_timer.SciaticaTimer"  # as packaging/linux/*.desktop and app.DESKTOP_ID
ENTRY_NAME = f"{DESKTOP_ID}.desktop"
COMMAND = "sciatica-timer"  # the installed entry point
# Characters that make an Exec argument need quotes (the Desktop Entry spec, "The Exec key").
_RESERVED = set(" \t\n\"'\\><~|&;$*?#()`")


def supported() -> bool:
    """Whether this desktop reads XDG autostart entries (Linux and the BSDs)."""
    return sys.platform.startswith(("linux", "freebsd", "openbsd", "netbsd"))


def autostart_dir() -> Path:
    """``$XDG_CONFIG_HOME/autostart``; the spec says a relative XDG_CONFIG_HOME is to be ignored."""
    config_home = os.environ.get("XDG_CONFIG_HOME", "")
    base = Path(config_home) if config_home and Path(config_home).is_absolute() else Path.home() / ".config"
    return base / "autostart"


def entry_path() -> Path:
    return autostart_dir() / ENTRY_NAME


def launch_command(paths: AppPaths) -> list[str]:
    """How to start this installation again, as an argument list."""
    if getattr(sys, "frozen", False):
        command = [sys.executable]  # the PyInstaller bundle's own program
    else:
        installed = Path(sys.executable).parent / COMMAND
        command = [str(installed)] if installed.is_file() else [sys.executable, "-m", "sciatica_timer"]
    # A data folder of one's own (--data-dir, or the environment variable, which a login session would
    # not have) keeps everything in one place; platformdirs never puts data and config in the same folder.
    if paths.config_dir == paths.data_dir:
        command += ["--data-dir", str(paths.data_dir)]
    return command


def _exec_argument(argument: str) -> str:
    """One argument of the Exec key, quoted and escaped as the Desktop Entry spec asks."""
    if argument and not (_RESERVED & set(argument)):
        quoted = argument
    else:
        escaped = "".join(f"\\{char}" if char in '"`$\\' else char for char in argument)
        quoted = f'"{escaped}"'
    # Then the rules for any string value (backslashes doubled, line breaks escaped), and "%" is "%%".
    return quoted.replace("\\", "\\\\").replace("\n", "\\n").replace("%", "%%")


def entry_text(paths: AppPaths) -> str:
    exec_line = " ".join(_exec_argument(argument) for argument in launch_command(paths))
    return (
        "[Desktop Entry]\n"
        "Type=Application\n"
        f"Name={APP_NAME}\n"
        "Comment=Opens Sciatica Timer when you log in\n"
        f"Exec={exec_line}\n"
        f"Icon={DESKTOP_ID}\n"
        "Terminal=false\n"
        "X-GNOME-Autostart-enabled=true\n"
    )


def set_start_at_login(paths: AppPaths, enabled: bool) -> None:
    """Write or remove the autostart entry. Raises UserError (one line, with the path) if the disk refuses."""
    path = entry_path()
    if not enabled:
        try:
            path.unlink(missing_ok=True)
        except OSError as exc:
            raise UserError(
                _("{path}: cannot remove: {value}").format(path=path, value=exc.strerror or exc)
            ) from exc
        return
    from sciatica_timer.storage.atomic import write_atomic

    try:
        # Not ensure_private_dir: the autostart folder is the desktop's, and its mode is not ours to change.
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError(
            _("{parent}: cannot create the folder: {value}").format(
                parent=path.parent, value=exc.strerror or exc
            )
        ) from exc
    write_atomic(path, entry_text(paths).encode("utf-8"))


def starts_at_login() -> bool:
    """Whether the autostart entry is there."""
    return entry_path().is_file()
