"""The main screens in another language, for ``make screenshots``: German and the pseudo-locale.

Run in its own process per language (the screenshot tool starts it), because the language has to be installed
before any window text is built, as the app does at start-up:

    xvfb-run -a -s "-screen 0 1280x1024x24" python -m tools.screenshots.language_screenshots de OUT_DIR

Every picture is named like its English twin with the language in front, so they sort beside each other
(``de-player-hold-left-1024x640-light.png``): all at 1024x640 in the light theme, the player and the settings
also at 150 % text; the history's charts, what helps and its table; the report's and the handout's first page.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

LANGUAGES = ("de", "en_XA")


def render(code: str, out: Path, only: str | None = None) -> list[Path]:
    from sciatica_timer.translations import install_language

    if install_language(code) != code:
        raise RuntimeError(f"no catalogue for {code!r}")
    from PySide6.QtWidgets import QApplication

    from sciatica_timer.app import install_qt_translations

    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    install_qt_translations(app)
    if code == "en_XA":  # Qt leaves English alone; the pseudo-locale writes numbers as English does
        from PySide6.QtCore import QLocale

        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
    from PySide6.QtGui import QFont

    from tools.screenshots.screenshots import SMALL, Setup, Tour, _data_dir, safety_tour, small_tour

    class LanguageTour(Tour):
        def shot(self, name: str, widget: object = None) -> None:
            super().shot(f"{code}-{name}", widget)  # type: ignore[arg-type]

        def wanted(self, name: str) -> bool:
            return only is None or only in f"{code}-{name}" or only in name

    from tools.screenshots.routine_screenshots import EVENING, handout_pages, routines_tour
    from tools.screenshots.settings_screenshots import settings_tour

    def summary_walk(tour: Tour) -> None:
        from PySide6.QtCore import Qt

        tour.start("quick-desk", pain=6)
        player = tour.window.player
        if player is None:
            raise RuntimeError("the pain check opens the player")
        player.handle_key(Qt.Key.Key_Space, Qt.KeyboardModifier.NoModifier)
        tour.play_through()
        summary = tour.window.summary
        if summary is not None:
            summary.scale.set_score(3)
            summary.note.setPlainText(_note())
            tour.shot("summary")
        tour.close()

    def editor_walk(tour: Tour) -> None:
        routines_tour(tour)

    def handout_walk(tour: Tour) -> None:
        if tour.wanted("handout"):
            first = handout_pages(tour, EVENING, name=f"{code}-handout")
            tour.saved += _first_page_only(first)
        tour.close()

    light = Setup("light", size=SMALL)
    larger = Setup("light", size=SMALL, font_scale=1.5)
    plans = [
        (light, small_tour, False),
        (larger, small_tour, False),
        (light, safety_tour, True),
        (light, summary_walk, False),
        (light, editor_walk, False),
        (light, handout_walk, False),
        (light, settings_tour, False),
        (larger, settings_tour, False),
    ]
    from sciatica_timer.ui.common.theme import force_theme

    base_font = QFont(app.font())
    out.mkdir(parents=True, exist_ok=True)
    saved: list[Path] = []
    for setup, walk, first_run in plans:
        force_theme(app, setup.theme)
        font = QFont(base_font)
        font.setPointSizeF(base_font.pointSizeF() * setup.font_scale)
        app.setFont(font)
        with _data_dir(first_run=first_run) as data_dir:
            tour = LanguageTour(app, out, setup, data_dir, only)
            walk(tour)
            saved += tour.saved
    app.setFont(base_font)
    if only is None or any(word in only for word in ("history", "report", code)):
        saved += _history(app, code, out)
    return saved


def _note() -> str:
    from sciatica_timer.core.i18n import language

    if language() == "de":
        return "Weniger Kribbeln in der Wade danach."
    return "Less tingling in the calf afterwards."


def _first_page_only(files: list[Path]) -> list[Path]:
    """The PDF and its first page's PNG; the other pages' PNGs are removed (the English set has them)."""
    pngs = sorted(path for path in files if path.suffix == ".png")
    for extra in pngs[1:]:
        extra.unlink()
    return [path for path in files if path.suffix != ".png" or path == (pngs[0] if pngs else None)]


def _history(app: object, code: str, out: Path) -> list[Path]:
    """The history view (charts, what helps, the table) and the report's first page, at 1024x640 light."""
    from tools.screenshots import history_screenshots as history
    from tools.screenshots.screenshots import SMALL

    history.SIZE = SMALL  # the module's size for its view: the language set is all at 1024x640
    wanted = {
        "history-charts-light.png": f"{code}-history-charts-1024x640-light.png",
        "history-what-helps-light.png": f"{code}-history-what-helps-1024x640-light.png",
        "history-entries-light.png": f"{code}-history-entries-1024x640-light.png",
    }
    saved: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="sciatica-language-shots-") as folder:
        written = history.render(Path(folder), "light")
        for path in written:
            target = wanted.get(path.name)
            if target is None and path.name == "report.pdf":
                target = f"{code}-report.pdf"
            if target is None and path.suffix == ".png" and path.name.startswith("report-"):
                pages = sorted(p for p in written if p.suffix == ".png" and p.name.startswith("report-"))
                if path == pages[0]:
                    target = f"{code}-report-1.png"
            if target is not None:
                shutil.move(str(path), out / target)
                saved.append(out / target)
    return saved


def main(argv: list[str] | None = None) -> int:
    prog = "python -m tools.screenshots.language_screenshots"
    parser = argparse.ArgumentParser(prog=prog, description=__doc__)
    parser.add_argument("language", choices=LANGUAGES)
    parser.add_argument("dir", type=Path, help="folder to write the PNG files to")
    parser.add_argument("--only", metavar="TEXT", help="only the pictures whose names contain TEXT")
    args = parser.parse_args(argv)
    for path in render(args.language, args.dir, args.only):
        print(path)  # noqa: T201 - the tool lists what it wrote
    return 0


if __name__ == "__main__":
    sys.exit(main())
