"""The settings dialog (Ctrl+,): sounds, session, look, reminders, start and data, one page each.

Changes apply at once, to a running session too, and are saved as they are made. Cancel (or Esc) puts back
what was there when the dialog opened; Done and the title bar's close keep the changes. Loaded only when first
opened: the window's start does not pay for it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QSize, QThreadPool, QTimer, QUrl, Signal
from PySide6.QtGui import QCloseEvent, QDesktopServices, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from sciatica_timer.core.cues import Cue
from sciatica_timer.core.i18n import N_, _, pgettext
from sciatica_timer.errors import UserError
from sciatica_timer.storage import autostart
from sciatica_timer.storage.paths import AppPaths
from sciatica_timer.ui.common.accessibility import follow_selection
from sciatica_timer.ui.common.background import run_in_background
from sciatica_timer.ui.common.pages import spacing
from sciatica_timer.ui.common.theme import set_role
from sciatica_timer.ui.history.history_data import BackupChoice, RestoreBackupDialog, backup_choices
from sciatica_timer.ui.settings.fields import ignore_wheel_unless_focused
from sciatica_timer.ui.settings.settings_pages import (
    DataPage,
    LookPage,
    RemindersPage,
    RoutineChoice,
    SessionPage,
    SettingsPage,
    SoundsPage,
    StartPage,
    cue_name,
    label,
    percent_words,
)

if TYPE_CHECKING:
    from sciatica_timer.audio.player import CuePlayer
    from sciatica_timer.audio.speech import SpokenPrompts
    from sciatica_timer.core.settings import Settings
    from sciatica_timer.ui.history.operations import HistoryOperations

log = logging.getLogger(__name__)

SAMPLE_CUE = Cue.PRESS
SAMPLE_PROMPT = N_("Left side. Bladder 23. Press gently.")
STATUS_HINT = N_("Changes apply at once and are saved; Cancel undoes them all.")
Availability = tuple[bool, str]  # works, or why not in one line


def sound_availability() -> Availability:
    from sciatica_timer.audio.player import sound_availability as probe  # asks a sound process

    return probe()


def speech_availability() -> Availability:
    from sciatica_timer.audio.speech import probe_speech_output as probe  # asks a process of its own

    return probe()


def back_up_history(paths: AppPaths) -> Path:
    """Today's backup of the history, written now. Runs in a worker thread, on its own connection."""
    from sciatica_timer.storage.history import HistoryStore

    with HistoryStore.open(paths.database, backups_dir=paths.backups_dir) as store:
        return store.backup_now(paths.backups_dir)


class SettingsDialog(QDialog):
    """One dialog for every setting. ``apply`` uses and saves new settings (returns why saving failed)."""

    safety_requested = Signal()
    history_restored = Signal()  # a backup was put in place of the history: everything shown is out of date

    def __init__(
        self,
        parent: QWidget,
        paths: AppPaths,
        apply: Callable[[Settings], str | None],
        *,
        offer_safety: bool = False,
        session_cues: Callable[[], CuePlayer | None] = lambda: None,
        operations: HistoryOperations | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("settings-dialog")
        self.setWindowTitle(_("Settings"))
        self._paths = paths
        self._apply_settings = apply
        self._session_cues = session_cues
        self._operations = operations  # the window's one way to write the history (restoring a backup)
        self._opened: Settings | None = None
        self._current: Settings | None = None
        self._keep_on_close = False
        self._sample_player: CuePlayer | None = None
        self._sample_prompts: SpokenPrompts | None = None
        self._speech_ok = False
        self._history_available = True
        # Replaced by tests: probing loads QtMultimedia and the speech engines (slow, and noisy without any).
        self.probe_sound: Callable[[], Availability] = sound_availability
        self.probe_speech: Callable[[], Availability] = speech_availability
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        # The probes have their own threads: a backup never waits behind a speech-dispatcher that is slow.
        self._probe_pool = QThreadPool(self)
        self._probe_pool.setMaxThreadCount(2)

        self.sounds = SoundsPage()
        self.session = SessionPage(offer_safety=offer_safety)
        self.look = LookPage()
        self.reminders = RemindersPage()
        self.start = StartPage(login_supported=autostart.supported())
        self.data = DataPage()
        self.pages: tuple[SettingsPage, ...] = (
            self.sounds,
            self.session,
            self.look,
            self.reminders,
            self.start,
            self.data,
        )
        self._build()
        self._probe_timer = QTimer(self)
        self._probe_timer.setObjectName("probe-sound-and-speech")
        self._probe_timer.setSingleShot(True)
        self._probe_timer.timeout.connect(self._probe)
        self._probed = False
        self._sound_probed = False
        self._speech: Availability | None = None  # None until the speech probe has answered
        self._speech_probed = False

        for page in self.pages:
            page.edited.connect(lambda page=page: self._page_edited(page))
        self.sounds.sample_requested.connect(self.play_sample)
        self.session.safety_requested.connect(self._on_safety)
        self.data.open_requested.connect(self.open_data_folder)
        self.data.backup_requested.connect(self.back_up_now)
        self.data.restore_requested.connect(self.restore_backup)
        self.choose_backup: Callable[[list[BackupChoice]], Path | None] = self._ask_backup
        """Which backup to restore (None: cancelled). Tests replace it."""

    def _build(self) -> None:
        em = self.fontMetrics().height()
        layout = QVBoxLayout(self)
        margin = spacing(self, 0.8, 14)
        layout.setContentsMargins(margin, margin, margin, margin)
        layout.setSpacing(spacing(self, 0.6, 12))
        middle = QHBoxLayout()
        middle.setSpacing(spacing(self, 0.6, 12))
        self.page_list = QListWidget()
        self.page_list.setAccessibleName(_("Settings pages"))
        set_role(self.page_list, "routines")  # the framed list look of the start screen
        self.stack = QStackedWidget()
        for page in self.pages:
            self.page_list.addItem(QListWidgetItem(page.title))
            self.stack.addWidget(page)
        self._size_page_list()
        self._grow_timer = QTimer(self)
        self._grow_timer.setObjectName("grow-with-the-text")
        self._grow_timer.setSingleShot(True)
        self._grow_timer.setInterval(0)
        self._grow_timer.timeout.connect(self._grow_with_the_text)
        self.page_list.installEventFilter(self)  # its rows follow the text size
        middle.addWidget(self.page_list)
        middle.addWidget(self.stack, 1)
        layout.addLayout(middle, 1)

        # The line saying how changes work (or why one was not saved) sits between the buttons, wrapping
        # there, so the pages keep the dialog's height.
        self.status = label(_(STATUS_HINT), role="muted")
        buttons = QHBoxLayout()
        buttons.setSpacing(spacing(self, 0.6, 12))
        self.defaults_button = QPushButton(_("Restore &defaults"))
        set_role(self.defaults_button, "quiet")
        self.defaults_button.setToolTip(_("Put this page's settings back as they first were"))
        self.cancel_button = QPushButton(pgettext("button", "Cancel"))
        set_role(self.cancel_button, "secondary")
        self.cancel_button.setToolTip(_("Put back the settings as they were when this window opened (Esc)"))
        self.done_button = QPushButton(pgettext("button", "Done"))
        set_role(self.done_button, "primary")
        self.done_button.setDefault(True)
        buttons.addWidget(self.defaults_button)
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.done_button)
        layout.addLayout(buttons)

        self.page_list.currentRowChanged.connect(self._show_page)
        follow_selection(self.page_list)  # a page a screen reader selects is shown
        self.defaults_button.clicked.connect(self.restore_defaults)
        self.cancel_button.clicked.connect(self.reject)
        self.done_button.clicked.connect(self.accept)
        QShortcut(QKeySequence("Ctrl+PgDown"), self, lambda: self._step_page(1))
        QShortcut(QKeySequence("Ctrl+PgUp"), self, lambda: self._step_page(-1))
        self.page_list.setCurrentRow(0)
        # Scrolling a page over a field must scroll the page, never change the setting (saved at once).
        ignore_wheel_unless_focused(self.stack)
        self.setSizeGripEnabled(True)  # as large as a person likes; the pages scroll when it is small
        self.resize(round(em * 60), round(em * 44))

    def _size_page_list(self) -> None:
        """Rows and width from the text size (again when it changes while the dialog is open)."""
        metrics = self.page_list.fontMetrics()
        em = metrics.height()
        self.page_list.setSpacing(max(2, round(em * 0.15)))
        for row in range(self.page_list.count()):
            self.page_list.item(row).setSizeHint(QSize(0, round(em * 1.7)))
        widest = max(metrics.horizontalAdvance(page.title) for page in self.pages)
        self.page_list.setFixedWidth(widest + self.page_list.frameWidth() * 2 + round(em * 2.4))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.page_list and event.type() == QEvent.Type.FontChange:
            self._size_page_list()
            self._grow_timer.start()  # once the new text size has reached every page
        return super().eventFilter(watched, event)

    def _grow_with_the_text(self) -> None:
        """Larger text chosen while the dialog is open: it grows as it would have opened (never shrinks,
        never past its window), so the pages keep their two columns instead of scrolling."""
        em = self.fontMetrics().height()
        width, height = max(self.width(), round(em * 60)), max(self.height(), round(em * 44))
        if (width, height) != (self.width(), self.height()):
            self.resize(width, height)
            self._fit_to_parent()
            parent = self.parentWidget()
            if parent is not None and self.isVisible():  # still over the middle of its window
                middle = parent.window().frameGeometry().center()
                self.move(middle.x() - self.width() // 2, middle.y() - self.height() // 2)

    # -- opening ---------------------------------------------------------------------------------------------

    @property
    def settings(self) -> Settings:
        """What is in use now, as this dialog knows it."""
        assert self._current is not None  # noqa: S101 - begin() comes first
        return self._current

    def begin(
        self, settings: Settings, routines: Sequence[RoutineChoice], *, history_available: bool = True
    ) -> None:
        """Show ``settings`` (and remember them for Cancel), then open, modal to the window."""
        self._opened = self._current = settings
        self._history_available = history_available
        self.session.set_routines(routines)
        self.reminders.set_routines(routines)
        for page in self.pages:
            page.show_settings(settings)
        self.data.show_paths(str(self._paths.data_dir), str(self._paths.settings_file))
        self.data.backup_button.setEnabled(history_available and not self._pool.activeThreadCount())
        if not history_available:
            self.data.show_backup_result(
                _("The history could not be opened, so there is nothing to back up.")
            )
        self.start.show_login_result("")
        self.sounds.show_sample_result("")
        self._show_status(None)
        self._fit_to_parent()
        if not self._probed:
            self._probe_timer.start(0)  # after the dialog has painted
        self.open()

    def _fit_to_parent(self) -> None:
        """Never larger than the window it belongs to: the pages scroll instead."""
        parent = self.parentWidget()
        if parent is None:
            return
        window = parent.window().size()
        width = min(self.width(), max(round(window.width() * 0.94), self.minimumSizeHint().width()))
        height = min(self.height(), max(round(window.height() * 0.94), self.minimumSizeHint().height()))
        self.resize(width, height)

    def _probe(self) -> None:
        self._probed = True
        if not self._speech_probed:
            self._speech_probed = True
            # In a worker too: speech-dispatcher takes seconds to start, and one that hangs never answers.
            run_in_background(
                self._probe_pool,
                self.probe_speech,
                self._speech_probe_done,
                self._speech_probe_failed,
                owner=self,
            )
        if self.settings.cues.muted:
            # Muted means the sound server is not touched at all; it is probed when sound is turned on.
            self._sound_probed = False
            self.sounds.show_availability(None, self._speech)
            return
        self._sound_probed = True
        self.sounds.sound_line.setText(_("Checking whether sound can play here…"))
        self.sounds.show_speech(self._speech)
        # In a worker: the probe waits for a sound process, which a hung sound server can hold for seconds.
        run_in_background(
            self._probe_pool, self.probe_sound, self._sound_probe_done, self._sound_probe_failed, owner=self
        )

    def _speech_probe_done(self, speech: Availability) -> None:
        self._speech = speech
        self._speech_ok = speech[0]
        self.sounds.show_speech(speech)

    def _speech_probe_failed(self, message: str) -> None:
        self._speech_probe_done((False, message))

    def _sound_probe_done(self, sound: Availability) -> None:
        self.sounds.show_availability(sound, self._speech)

    def _sound_probe_failed(self, message: str) -> None:
        self._sound_probe_done((False, message))

    def _show_page(self, row: int) -> None:
        self.stack.setCurrentIndex(row)
        page = self.pages[row] if 0 <= row < len(self.pages) else None
        self.defaults_button.setEnabled(page is not None and page.has_defaults)

    def _step_page(self, step: int) -> None:
        self.page_list.setCurrentRow((self.page_list.currentRow() + step) % len(self.pages))

    def show_page(self, page: SettingsPage) -> None:
        self.page_list.setCurrentRow(self.pages.index(page))

    # -- changing --------------------------------------------------------------------------------------------

    def _page_edited(self, page: SettingsPage) -> None:
        if self._current is not None:
            self.apply(page.read(self._current))

    def restore_defaults(self) -> None:
        """This page's settings back to the defaults (applied and saved, like any change)."""
        page = self.pages[self.stack.currentIndex()]
        if self._current is None or not page.has_defaults:
            return
        settings = page.with_defaults(self._current)
        page.show_settings(settings)
        self.apply(settings)

    def apply(self, settings: Settings) -> None:
        """Use ``settings`` now: the start-at-login entry first (it may fail), then the window saves them."""
        current = self._current
        if current is None:
            return
        if settings.start_at_login != current.start_at_login:
            problem = self._set_start_at_login(settings.start_at_login)
            if problem is not None:
                settings = replace(settings, start_at_login=current.start_at_login)
                self.start.show_settings(settings)  # the box goes back to what is true
        if settings == current:
            return
        self._current = settings
        if self._sample_player is not None:
            self._sample_player.set_settings(settings.cues)
        if self._probed and not self._sound_probed and not settings.cues.muted:
            self._probe()  # sound was turned on: now it may be asked about
        self._show_status(self._apply_settings(settings))

    def _set_start_at_login(self, enabled: bool) -> str | None:
        try:
            autostart.set_start_at_login(self._paths, enabled)
        except UserError as exc:
            log.warning("start at login not changed: %s", exc)
            self.start.show_login_result(_("Not changed: {reason}").format(reason=exc), problem=True)
            return str(exc)
        self.start.show_login_result(
            _("Sciatica Timer will open when you log in.")
            if enabled
            else _("Sciatica Timer will no longer open when you log in.")
        )
        return None

    def _show_status(self, problem: str | None) -> None:
        set_role(self.status, "danger" if problem else "muted")
        self.status.style().unpolish(self.status)
        self.status.style().polish(self.status)
        self.status.setText(
            _("In use now, but not saved: {problem}").format(problem=problem) if problem else _(STATUS_HINT)
        )

    # -- closing ---------------------------------------------------------------------------------------------

    def reject(self) -> None:
        """Cancel or Esc: put back the settings as they were when the dialog opened."""
        if not self._keep_on_close and self._opened is not None:
            self.apply(self._opened)
        self._stop_sample()
        super().reject()

    def accept(self) -> None:
        self._stop_sample()
        super().accept()

    def closeEvent(self, event: QCloseEvent) -> None:
        # The title bar's close keeps the changes, as Done does: they are already in use and saved.
        self._keep_on_close = True
        try:
            super().closeEvent(event)
        finally:
            self._keep_on_close = False

    # -- sounds ----------------------------------------------------------------------------------------------

    def play_sample(self) -> None:
        """A cue at the chosen volume (through a running session's player, so only one sound plays)."""
        if self.settings.cues.muted:
            self.sounds.show_sample_result(
                _("Sounds are muted: turn “Mute all sounds” off to hear the sample.")
            )
            return
        player = self._session_cues()
        if player is None or not player.available:
            player = self._own_player()
        if not player.is_ready():
            self.sounds.show_sample_result(_("Getting the sounds ready…"))
            player.ready.connect(self._play_when_ready)
            return
        self._play_on(player)

    def _own_player(self) -> CuePlayer:
        if self._sample_player is None:
            from sciatica_timer.audio.player import CuePlayer
            from sciatica_timer.core.clock import MonotonicClock

            self._sample_player = CuePlayer(MonotonicClock(), self.settings.cues, self)
            self._sample_player.quiet.connect(self._say_sample_prompt)
            self._sample_player.load()
        return self._sample_player

    def _play_when_ready(self) -> None:
        player = self._sample_player
        if player is not None:
            player.ready.disconnect(self._play_when_ready)
            self._play_on(player)

    def _play_on(self, player: CuePlayer) -> None:
        cues = self.settings.cues
        if not player.available:
            reason = player.unavailable_reason or _("no sound output")
            self.sounds.show_sample_result(_("No sound can play here ({reason}).").format(reason=reason))
            self._say_sample_prompt()
            return
        player.play(SAMPLE_CUE)
        volume = percent_words(round(cues.volume * 100))
        self.sounds.show_sample_result(
            # Translators: {cue} is a sound cue's name ("press"); {volume} is a percentage ("80 %").
            _("Playing the “{cue}” cue at {volume}.").format(cue=cue_name(SAMPLE_CUE).lower(), volume=volume)
        )
        if player is not self._sample_player:
            self._say_sample_prompt()  # a session's player does not tell this dialog when it is quiet

    def _say_sample_prompt(self) -> None:
        cues = self.settings.cues if self._current is not None else None
        if (
            cues is None
            or not cues.spoken_prompts
            or cues.muted
            or not self._speech_ok
            or not self.isVisible()
        ):
            return
        if self._sample_prompts is None:
            from sciatica_timer.audio.speech import SpokenPrompts

            self._sample_prompts = SpokenPrompts({}, self)
            self._sample_prompts.start()
        self._sample_prompts.say(_(SAMPLE_PROMPT))

    def _stop_sample(self) -> None:
        if self._sample_player is not None:
            self._sample_player.shutdown()
        if self._sample_prompts is not None:
            self._sample_prompts.shutdown()

    # -- data ------------------------------------------------------------------------------------------------

    def open_data_folder(self) -> bool:
        """The data folder in the file manager; says so in a line when that is not possible."""
        folder = self._paths.data_dir
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))):
            self.data.show_backup_result(
                _("The folder could not be opened here: {folder}").format(folder=folder), problem=True
            )
            return False
        return True

    def back_up_now(self) -> None:
        """Copy the history into the backups folder, off the UI thread; the result shows in one line."""
        if not self._history_available or self._pool.activeThreadCount():
            return
        self.data.backup_button.setEnabled(False)
        self.data.show_backup_result(_("Backing up…"))
        paths = self._paths
        run_in_background(
            self._pool, lambda: back_up_history(paths), self._backup_done, self._backup_failed, owner=self
        )

    def _backup_done(self, written: Path) -> None:
        self.data.backup_button.setEnabled(self._history_available)
        try:
            shown = str(written.relative_to(self._paths.data_dir))
        except ValueError:
            shown = str(written)
        self.data.show_backup_result(_("Backed up as {file}.").format(file=shown))

    def _backup_failed(self, message: str) -> None:
        self.data.backup_button.setEnabled(self._history_available)
        self.data.show_backup_result(
            _("The backup could not be written: {reason}").format(reason=message), problem=True
        )

    def _ask_backup(self, choices: list[BackupChoice]) -> Path | None:
        dialog = RestoreBackupDialog(choices, self)
        dialog.setStyleSheet(self.styleSheet())
        return dialog.chosen() if dialog.exec() == RestoreBackupDialog.DialogCode.Accepted else None

    def restore_backup(self) -> bool:
        """List the backups with their dates and what they hold; restore the one chosen, keeping the history
        as it was aside first; say what was done. True if a backup was restored."""
        from sciatica_timer.storage.history import HistoryStore

        paths = self._paths
        chosen = self.choose_backup(backup_choices(paths.backups_dir, paths.database.stem))
        if chosen is None:
            return False
        try:
            if self._operations is not None and self._history_available:  # every screen hears of it
                from sciatica_timer.ui.history.operations import HistoryChange

                aside = self._operations.apply(
                    lambda store: store.restore_backup(chosen), lambda _aside: HistoryChange(everything=True)
                )
            else:
                with HistoryStore.open(paths.database, backups_dir=paths.backups_dir) as store:
                    aside = store.restore_backup(chosen)
        except UserError as exc:
            self.data.show_backup_result(_("Not restored: {reason}").format(reason=exc), problem=True)
            return False
        self.data.show_backup_result(
            _(
                "Restored the backup {backup}. Your history as it was is kept as {aside} in the "
                "backups folder."
            ).format(backup=chosen.name, aside=aside.name)
        )
        self.history_restored.emit()
        return True

    def wait_for_backup(self, timeout_ms: int = 30_000) -> bool:
        """Wait until a backup being written is done (for closing and for tests)."""
        return self._pool.waitForDone(timeout_ms)

    # -- safety ----------------------------------------------------------------------------------------------

    def _on_safety(self) -> None:
        self.accept()  # the checklist is a screen of the window: this dialog steps aside, keeping changes
        self.safety_requested.emit()
