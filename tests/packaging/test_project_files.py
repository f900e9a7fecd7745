"""pyproject.toml lists every subpackage, and the version written there is the one the changelog and
the AppStream metainfo describe."""

from __future__ import annotations

import re
import tomllib
import xml.etree.ElementTree as ET

from tests.packaging import PACKAGING, REPO

PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
METAINFO = PACKAGING / "linux" / "io.github.sciatica_timer.SciaticaTimer.metainfo.xml"
CHANGELOG = REPO / "CHANGELOG.md"


def test_every_subpackage_is_listed() -> None:
    on_disk = {
        ".".join(init.parent.relative_to(REPO).parts)
        for init in (REPO / "sciatica_timer").rglob("__init__.py")
        if "__pycache__" not in init.parts
    }
    on_disk.add("sciatica_timer.resources")  # mapped from the top-level resources/ folder
    on_disk |= {
        "sciatica_timer.resources." + ".".join(folder.relative_to(REPO / "resources").parts)
        for folder in (REPO / "resources").rglob("*")
        if folder.is_dir() and folder.name != "__pycache__"
    }
    listed = set(PYPROJECT["tool"]["setuptools"]["packages"])
    assert on_disk - listed == set(), "add these to [tool.setuptools] packages in pyproject.toml"
    assert listed - on_disk == set()


def changelog_versions() -> list[tuple[str, str]]:
    text = CHANGELOG.read_text(encoding="utf-8")
    return re.findall(r"^## (\d+\.\d+\.\d+\S*) — (\S+)$", text, flags=re.MULTILINE)


def metainfo_releases() -> list[tuple[str, str]]:
    component = ET.parse(METAINFO).getroot()  # noqa: S314 - our own file
    return [(r.get("version", ""), r.get("date", "")) for r in component.iter("release")]


def test_the_changelog_starts_with_the_current_version() -> None:
    versions = changelog_versions()
    assert versions, "CHANGELOG.md has headings like '## 0.1.0 — 2026-11-23'"
    assert versions[0][0] == PYPROJECT["project"]["version"]


def test_the_metainfo_lists_the_changelog_releases() -> None:
    releases = metainfo_releases()
    assert releases[0][0] == PYPROJECT["project"]["version"]
    assert releases == changelog_versions()
