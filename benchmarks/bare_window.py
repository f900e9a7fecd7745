"""The yardstick for start-up: a bare PySide6 QMainWindow, shown the same way the app shows its window."""

import sys

from PySide6.QtWidgets import QApplication, QMainWindow

from sciatica_timer.ui.common.first_paint import report_first_paint


def main() -> int:
    app = QApplication(sys.argv)
    window = QMainWindow()
    window.resize(1024, 700)
    report_first_paint(window, sys.stdout)
    window.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
