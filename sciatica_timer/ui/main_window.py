"""The main window: hosts the screens (start, pain check, player, summary) in one stack."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QCloseEvent, QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import QLabel, QMainWindow, QStackedWidget, QVBoxLayout, QWidget

from sciatica_timer import APP_NAME
from sciatica_timer.storage.paths import AppPaths
from sciatica_timer.storage.window_state import WindowGeometry, load_geometry, save_geometry

DEFAULT_SIZE = (1024, 700)


class StartScreen(QWidget):
    """Where a session begins."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("start-screen")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 48, 48, 48)
        title = QLabel(APP_NAME)
        title.setObjectName("title")
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 2.2)
        font.setBold(True)
        title.setFont(font)
        subtitle = QLabel("A guided acupressure routine for sciatica, and a diary of how it helps.")
        subtitle.setWordWrap(True)
        layout.addWidget(title)
        layout.addWidget(subtitle)
        layout.addStretch(1)


class MainWindow(QMainWindow):
    def __init__(self, paths: AppPaths) -> None:
        super().__init__()
        self._paths = paths
        self.setWindowTitle(APP_NAME)
        self.setMinimumSize(640, 480)
        self.screens = QStackedWidget(self)
        self.start_screen = StartScreen(self.screens)
        self.screens.addWidget(self.start_screen)
        self.setCentralWidget(self.screens)
        quit_shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Quit), self)
        quit_shortcut.activated.connect(self.close)
        self._restore_geometry()

    def _restore_geometry(self) -> None:
        saved = load_geometry(self._paths.window_state_file)
        if saved is None:
            self.resize(*DEFAULT_SIZE)
            return
        self.resize(saved.width, saved.height)
        # Only move back to a place that is still on a screen (a monitor may have been unplugged).
        if QGuiApplication.screenAt(QRect(saved.x, saved.y, saved.width, saved.height).center()) is not None:
            self.move(QPoint(saved.x, saved.y))
        if saved.maximized:
            self.setWindowState(self.windowState() | Qt.WindowState.WindowMaximized)

    def closeEvent(self, event: QCloseEvent) -> None:
        normal = self.normalGeometry() if self.isMaximized() else self.geometry()
        frame = self.frameGeometry()
        save_geometry(
            self._paths.window_state_file,
            WindowGeometry(frame.x(), frame.y(), normal.width(), normal.height(), self.isMaximized()),
        )
        super().closeEvent(event)
        event.accept()
