"""Starts the app's look as the app does (before the first window) with the theme given, under the desktop
theme plugin in QT_QPA_PLATFORMTHEME, then waits for the desktop's contrast preference to arrive.

Run by tests/ui/common/test_system_contrast.py on a private session bus with a stand-in settings portal.
Prints one JSON line: the contrast preference Qt reports, and whether the app's high-contrast palette is on.
"""

from __future__ import annotations

import json
import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel

from sciatica_timer.ui.common.appearance import apply_look
from sciatica_timer.ui.common.theme import HIGH_CONTRAST, theme_palette

WAIT_MS = 5000  # the portal's answer comes within this, or not at all


def main() -> int:
    theme, wanted = sys.argv[1], sys.argv[2] == "high"
    app = QApplication(sys.argv[:1])
    style_hints = app.styleHints()
    hints = style_hints.accessibility()
    apply_look(app, theme, 100)
    window = QLabel("Sciatica Timer")
    window.show()

    def high_contrast() -> bool:
        return app.palette() == theme_palette(HIGH_CONTRAST)

    def report() -> None:
        print(
            json.dumps({"preference": hints.contrastPreference().name, "high_contrast": high_contrast()}),
            flush=True,
        )
        app.quit()

    def check() -> None:
        if high_contrast() == wanted:
            report()

    # Done as soon as the look is what the test expects; else after WAIT_MS, with what it is then.
    watch = QTimer(app)
    watch.timeout.connect(check)
    watch.start(50)
    QTimer.singleShot(WAIT_MS, report)
    app.exec()
    return 0


if __name__ == "__main__":
    sys.exit(main())
