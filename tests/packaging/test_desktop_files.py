"""The Linux menu entry, AppStream metainfo and icons: valid, in step with each other, and installable."""

from __future__ import annotations

import configparser
import os
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.packaging import PACKAGING, REPO, packaging_module

icons = packaging_module("render_icons")
APP_ID = icons.APP_ID
LINUX = PACKAGING / "linux"
DESKTOP = LINUX / f"{APP_ID}.desktop"
METAINFO = LINUX / f"{APP_ID}.metainfo.xml"
# How far a committed PNG may stray from a fresh render of the SVG: a Qt release that smooths edges a
# little differently moves a few levels here and there; a changed colour or shape moves whole pixels.
CHANNEL_TOLERANCE = 32
MAX_CHANGED_SHARE = 0.001  # of the pixels: none at all at 16 x 16, a few dozen at 512 x 512


def tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        pytest.fail(f"{name} is missing: run `make setup` (packaging/system-deps.sh test installs it)")
    return found


def test_desktop_file_is_valid() -> None:
    result = subprocess.run(
        [tool("desktop-file-validate"), str(DESKTOP)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "error" not in result.stdout.lower()
    assert "warning" not in result.stdout.lower()


def test_metainfo_is_valid() -> None:
    result = subprocess.run(
        [tool("appstreamcli"), "validate", "--no-net", "--explain", str(METAINFO)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "\nE:" not in "\n" + result.stdout
    assert "\nW:" not in "\n" + result.stdout


def desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign] # keys are case-sensitive
    parser.read(DESKTOP, encoding="utf-8")
    return parser["Desktop Entry"]


def test_desktop_file_metainfo_and_icon_name_the_same_app() -> None:
    entry = desktop_entry()
    assert entry["Exec"] == "sciatica-timer"
    assert entry["Icon"] == APP_ID
    component = ET.parse(METAINFO).getroot()  # noqa: S314 - our own file
    assert component.findtext("id") == APP_ID
    assert component.findtext("launchable") == DESKTOP.name
    assert component.findtext("provides/binary") == entry["Exec"]
    assert component.findtext("name") == entry["Name"]


def test_the_icon_exists_at_every_size_and_matches_its_svg(qapp: object) -> None:
    from PySide6.QtGui import QImage

    svg = icons.SVG.read_bytes()
    assert icons.SVG.is_file()
    for size in icons.SIZES:
        png = QImage(str(icons.png_path(size)))
        assert not png.isNull(), f"{icons.png_path(size)} is missing or unreadable"
        assert (png.width(), png.height()) == (size, size)
        fresh = icons.render(svg, size)
        committed = bytes(png.convertToFormat(QImage.Format.Format_ARGB32).constBits())
        expected = bytes(fresh.convertToFormat(QImage.Format.Format_ARGB32).constBits())
        changed = sum(
            max(abs(a - b) for a, b in zip(committed[i : i + 4], expected[i : i + 4], strict=True))
            > CHANNEL_TOLERANCE
            for i in range(0, len(expected), 4)
        )
        assert changed <= MAX_CHANGED_SHARE * size * size, (
            f"{icons.png_path(size)} differs from the SVG in {changed} pixels: "
            "run `.venv/bin/python packaging/render_icons.py`"
        )


def installed_files(data: Path) -> set[str]:
    return {str(p.relative_to(data)) for p in data.rglob("*") if p.is_file()}


def expected_files() -> set[str]:
    files = {f"applications/{APP_ID}.desktop", f"metainfo/{APP_ID}.metainfo.xml"}
    files.add(f"icons/hicolor/scalable/apps/{APP_ID}.svg")
    files |= {f"icons/hicolor/{n}x{n}/apps/{APP_ID}.png" for n in icons.SIZES}
    return files


def install_desktop(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["make", "--no-print-directory", "-C", str(REPO), "install-desktop"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )


def test_install_desktop_honours_xdg_data_home(tmp_path: Path) -> None:
    data = tmp_path / "xdg-data"
    home = tmp_path / "home"
    home.mkdir()
    env = {**os.environ, "XDG_DATA_HOME": str(data), "HOME": str(home)}
    result = install_desktop(env)
    assert result.returncode == 0, result.stdout + result.stderr
    # update-desktop-database may add its cache beside the entry: only ours are required, nothing else.
    assert expected_files() <= installed_files(data)
    assert installed_files(data) - expected_files() <= {"applications/mimeinfo.cache"}
    assert not any(home.iterdir())
    assert (data / "applications" / DESKTOP.name).read_bytes() == DESKTOP.read_bytes()


def test_install_desktop_defaults_to_the_home_share_folder(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "XDG_DATA_HOME"}
    env["HOME"] = str(tmp_path)
    result = install_desktop(env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert expected_files() <= installed_files(tmp_path / ".local" / "share")
