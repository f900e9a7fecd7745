"""Renders the app icon's PNG sizes from its SVG with QtSvg: ``.venv/bin/python packaging/render_icons.py``.

Run it after changing the SVG; tests/packaging/test_desktop_files.py fails while a PNG differs from the SVG.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import QByteArray, QRectF, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

APP_ID = "io.github.sciatica_timer.SciaticaTimer"  # the desktop file's and the AppStream component's id
LINUX = Path(__file__).resolve().parent / "linux"
HICOLOR = LINUX / "icons" / "hicolor"
SVG = HICOLOR / "scalable" / "apps" / f"{APP_ID}.svg"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)  # hicolor's usual sizes, from a panel's to a software centre's
# Copies the app loads itself (the tray icon), inside the package: storage/resources.py APP_ICON_SIZES.
PACKAGE_ICONS = LINUX.parent.parent / "resources" / "icons"
PACKAGE_SIZES = (16, 24, 32, 48, 64)


def png_path(size: int) -> Path:
    return HICOLOR / f"{size}x{size}" / "apps" / f"{APP_ID}.png"


def package_icon_path(size: int) -> Path:
    return PACKAGE_ICONS / f"app-{size}.png"


def render(svg: bytes, size: int) -> QImage:
    """The SVG drawn on a transparent ``size`` x ``size`` image, smoothed."""
    renderer = QSvgRenderer(QByteArray(svg))
    if not renderer.isValid():
        raise ValueError(f"{SVG}: QtSvg cannot read it")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.end()
    return image


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # draws into images only; no window, no display
    app = QGuiApplication(sys.argv[:1])  # QPainter wants one; kept in a name so it lives until the end
    svg = SVG.read_bytes()
    for size in SIZES:
        target = png_path(size)
        target.parent.mkdir(parents=True, exist_ok=True)
        if not render(svg, size).save(str(target)):  # the format follows the suffix
            print(f"{target}: cannot write the PNG", file=sys.stderr)  # noqa: T201 - a command-line tool
            return 1
        print(f"{target.relative_to(LINUX.parent.parent)}")  # noqa: T201 - a command-line tool
    for size in PACKAGE_SIZES:
        package_icon_path(size).write_bytes(png_path(size).read_bytes())
        print(f"{package_icon_path(size).relative_to(LINUX.parent.parent)}")  # noqa: T201 - a command-line tool
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
