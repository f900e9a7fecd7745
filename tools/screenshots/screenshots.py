"""``make screenshots DIR=path``: every screen of the window as a PNG named after what it shows.

The real window is driven through a session on a fake clock (no special drawing paths), in a light and a
dark palette, plus a few shots at 1024x640 and at twice the default font size, the high-contrast theme, the
player with reduced motion, and a whole session at 200 % text on a 1280x800 screen; then the main screens in
German and in the pseudo-locale (``de-*``, ``en_XA-*``, see language_screenshots). Needs an X server (the
make target runs it under xvfb-run); the history it shows lives in a temporary folder.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QWidget

from sciatica_timer.core.clock import FakeClock, FakeSuspendProbe
from sciatica_timer.core.engine import EngineState, SessionEngine
from sciatica_timer.core.plan import PhaseKind, Side
from sciatica_timer.core.record import PhaseOutcome, PhaseRecord, SessionStatus
from sciatica_timer.core.routines import ActivityStep, PointStep, RestStep, Routine, Sides
from sciatica_timer.storage.history import HistoryStore
from sciatica_timer.storage.paths import resolve_paths
from sciatica_timer.ui.common.theme import THEMES, force_theme
from sciatica_timer.ui.main_window import MainWindow

DEFAULT = (1024, 700)
SMALL = (1024, 640)
LAPTOP = (1280, 800)  # with text at 200 %: every screen must stay usable here
EVERYDAY_THEMES = ("light", "dark")  # the high-contrast theme gets the session, settings and history

# A short routine with a rest, for the one screen the built-in routines never reach.
REST_TOUR = Routine(
    id="screenshot-rest",
    name="Feet and rest",
    description="",
    steps=(
        PointStep("KD1", Sides.BOTH, 1, hold_s=30),
        RestStep(
            60, "Lie on your back with your knees bent and your feet flat. Let your breathing slow down."
        ),
        ActivityStep("Gentle walk", "Walk slowly around the room for a minute.", 60),
    ),
)


@dataclass(frozen=True, slots=True)
class Setup:
    theme: str
    size: tuple[int, int] = DEFAULT
    font_scale: float = 1.0

    @property
    def suffix(self) -> str:
        parts = []
        if self.size != DEFAULT:
            parts.append(f"{self.size[0]}x{self.size[1]}")
        if self.font_scale != 1.0:
            parts.append(f"{self.font_scale:g}x-font")
        parts.append(self.theme)
        return "-".join(parts)


class Tour:
    """One window in one setup, walked through a session; ``shot`` saves what is on screen."""

    def __init__(self, app: QApplication, out: Path, setup: Setup, data_dir: Path, only: str | None) -> None:
        self.app = app
        self.out = out
        self.setup = setup
        self.only = only
        self.clock = FakeClock(1000.0)
        self.probe = FakeSuspendProbe()
        self.window = MainWindow(resolve_paths(data_dir), clock=self.clock, suspend_probe=self.probe)
        self.window.resize(*setup.size)
        self.window.show()
        self.window.finish_loading()
        self.settle()
        self.saved: list[Path] = []

    @property
    def engine(self) -> SessionEngine:
        session = self.window.session
        assert session is not None  # noqa: S101 - only asked during a session
        return session.engine

    def settle(self) -> None:
        for _ in range(3):
            self.app.processEvents()

    def wanted(self, name: str) -> bool:
        return self.only is None or self.only in name

    def shot(self, name: str, widget: QWidget | None = None) -> None:
        if not self.wanted(name):
            return
        self.settle()
        target = widget or self.window
        path = self.out / f"{name}-{self.setup.suffix}.png"
        target.grab().save(str(path))
        self.saved.append(path)

    def advance(self, seconds: float) -> None:
        self.clock.advance(seconds)
        self.engine.update()
        session = self.window.session
        if session is not None and session.timer is not None:
            session.timer.refresh.emit()  # what the 10 Hz display refresh would have drawn by now
        self.settle()

    def start(self, routine_id: str, pain: int | None = None) -> None:
        self.window.show_start()
        self.window.choose_routine(routine_id)
        check = self.window.pain_check
        assert check is not None  # noqa: S101 - the click opened it
        if pain is None:
            check.skip_button.click()
        else:
            check.scale.set_score(pain)
            check.continue_button.click()

    def until(self, kind: PhaseKind, side: Side | None = None, *, into: float = 0.0) -> None:
        """Skip phases until one of ``kind`` (on ``side``) is on, then let ``into`` seconds of it pass."""
        for _ in range(200):
            phase = self.engine.current_phase
            if phase is not None and phase.kind is kind and (side is None or phase.side is side):
                break
            if self.engine.state is EngineState.WAITING:
                self.engine.confirm_ready()
            else:
                self.engine.skip_phase()
            self.clock.advance(0.4)
        else:
            raise RuntimeError(f"no {kind} phase on {side} found")
        self.advance(into)

    def play_through(self, *, steps: int | None = None) -> None:
        """Let phases run to their ends, as a person following along would (finding each point in 20 s)."""
        session = self.window.session
        while session is not None and not session.over:
            step = self.engine.current_step
            if steps is not None and step is not None and step.index >= steps:
                return
            if self.engine.state is EngineState.WAITING:
                self.clock.advance(20)
                self.engine.confirm_ready()
            else:
                self.advance(self.engine.time_left_s() or 0.0)
        self.settle()

    def close(self) -> None:
        session = self.window.session
        if session is not None and session.started and not session.over:
            session.stop()
        self.window.close()
        self.window.deleteLater()
        self.settle()


def seed_history(data_dir: Path, *, interrupted: bool) -> None:
    """A finished session from yesterday (for the "last session" line), and maybe an interrupted one."""
    with HistoryStore.open(resolve_paths(data_dir).database) as store:
        now = datetime.now().astimezone()
        started = (now - timedelta(days=1)).replace(hour=19, minute=40)
        session = store.begin_session("full-protocol", "Full protocol", {}, started, pain_before=6)
        store.finish_session(
            session, SessionStatus.COMPLETED, started + timedelta(minutes=31), active_s=1860, paused_s=0
        )
        store.update_session(session, pain_after=3)
        if interrupted:
            begun = now.replace(hour=8, minute=30) if now.hour >= 9 else now - timedelta(hours=1)
            cut = store.begin_session("quick-desk", "Quick desk break", {}, begun, pain_before=5)
            hold = PhaseRecord(
                0, 0, PhaseKind.HOLD, "BL23", Side.LEFT, 1, 30.0, 30.0, False, PhaseOutcome.DONE
            )
            store.add_phases(cut, [hold])
    # Closing without finishing leaves the second one in progress: the next start finds it interrupted.


def full_tour(tour: Tour) -> None:
    window = tour.window
    window.start_screen.select("full-protocol")
    tour.shot("start")

    tour.window.start_screen.start_button.click()
    check = window.pain_check
    assert check is not None  # noqa: S101 - opened by the click
    check.scale.set_score(6)
    check.region.set_value("thigh")
    check.side.set_value("both")
    tour.shot("pain-check-both-legs")
    check.side.set_value("left")
    tour.shot("pain-check")
    check.continue_button.click()
    tour.shot("player-ready")

    player = window.player
    assert player is not None  # noqa: S101 - opened by the pain check
    player.handle_key(Qt.Key.Key_Space, Qt.KeyboardModifier.NoModifier)
    tour.advance(2.5)
    tour.shot("player-activity-breathing-pacer")
    tour.advance(4.0)
    tour.shot("player-activity-breathing-out")

    tour.engine.next_step()
    tour.advance(3.0)
    tour.shot("player-locate-left")
    for side in (Side.LEFT, Side.RIGHT):
        name = side.value
        tour.until(PhaseKind.PRESS, side, into=2.0)
        tour.shot(f"player-press-{name}")
        tour.until(PhaseKind.HOLD, side, into=12.0)
        tour.shot(f"player-hold-{name}")
        if side is Side.LEFT:
            tour.window.toggle_mini()
            tour.advance(1.0)
            if window.mini is not None:
                tour.shot("mini-player-hold", window.mini)
                if window.session is not None:
                    window.session.pause()
                tour.advance(0.0)
                tour.shot("mini-player-paused", window.mini)
                if window.session is not None:
                    window.session.resume()
            tour.window.toggle_mini()
            tour.probe.report(25 * 60)
            tour.clock.advance(25 * 60)
            tour.advance(0.0)
            tour.shot("player-paused-after-sleep")
            if window.session is not None:
                window.session.resume()
            tour.advance(tour.engine.time_left_s() or 0.0)  # the hold runs to its end
        tour.until(PhaseKind.RELEASE, side, into=3.0)
        tour.shot(f"player-release-{name}")
        if side is Side.LEFT:
            player.show_sound_problem("the sound server stopped answering")
            tour.shot("player-sound-stopped")
            player.show_sound_problem("")
        tour.until(PhaseKind.BREATHE, side, into=2.0)
        tour.shot(f"player-breathe-{name}")
        if side is Side.LEFT:
            tour.until(PhaseKind.LOCATE, Side.RIGHT, into=1.0)
            tour.shot("player-locate-right")
    tour.until(PhaseKind.HOLD, into=20.0)
    player.pain_button.click()
    tour.shot("sharp-pain-stop")
    summary = window.summary
    assert summary is not None  # noqa: S101 - the stop opened it
    summary.skip_button.click()

    tour.start("lower-back-stretches", pain=5)
    player.handle_key(Qt.Key.Key_Space, Qt.KeyboardModifier.NoModifier)
    tour.play_through(steps=2)
    tour.until(PhaseKind.ACTIVITY, into=20.0)
    tour.shot("player-activity")
    tour.play_through()
    summary.scale.set_score(3)
    summary.note.setPlainText("Less tingling in the calf afterwards.")
    tour.shot("summary")
    summary.save_button.click()

    window.routines[REST_TOUR.id] = REST_TOUR
    tour.start(REST_TOUR.id)
    player.handle_key(Qt.Key.Key_Space, Qt.KeyboardModifier.NoModifier)
    tour.until(PhaseKind.HOLD, Side.RIGHT, into=6.0)
    tour.shot("player-hold-right-sole-of-foot")
    tour.until(PhaseKind.REST, into=14.0)
    tour.shot("player-rest")
    tour.close()


def reduced_motion_tour(tour: Tour) -> None:
    """The player with Reduce motion ticked: a still marker and ring, and the breath in words."""
    window = tour.window
    error = window.apply_settings(replace(window.settings, reduce_motion=True))
    if error:
        raise RuntimeError(error)
    tour.start("full-protocol")
    player = window.player
    assert player is not None  # noqa: S101 - opened by the start
    player.handle_key(Qt.Key.Key_Space, Qt.KeyboardModifier.NoModifier)
    tour.advance(2.5)
    tour.shot("player-activity-breathing-reduced-motion")
    tour.engine.next_step()
    tour.until(PhaseKind.HOLD, Side.LEFT, into=12.0)
    tour.shot("player-hold-left-reduced-motion")
    tour.until(PhaseKind.BREATHE, Side.LEFT, into=2.0)
    tour.shot("player-breathe-left-reduced-motion")
    tour.close()


def small_tour(tour: Tour) -> None:
    """What is most likely to clip: the busiest screens at the smallest size or the largest text."""
    tour.window.start_screen.select("full-protocol")
    tour.shot("start")
    tour.window.start_screen.start_button.click()
    check = tour.window.pain_check
    assert check is not None  # noqa: S101 - opened by the click
    check.scale.set_score(7)
    tour.shot("pain-check")
    check.continue_button.click()
    player = tour.window.player
    assert player is not None  # noqa: S101 - opened by the pain check
    player.handle_key(Qt.Key.Key_Space, Qt.KeyboardModifier.NoModifier)
    tour.advance(2.0)
    tour.shot("player-activity")  # the first step's picture keeps its share at any text size
    tour.until(PhaseKind.LOCATE, Side.LEFT, into=1.0)
    tour.shot("player-locate-left")
    tour.until(PhaseKind.HOLD, Side.LEFT, into=9.0)
    tour.shot("player-hold-left")
    tour.until(PhaseKind.BREATHE, Side.LEFT, into=5.0)
    tour.shot("player-breathe-left")
    tour.window.toggle_mini()
    tour.advance(0.5)
    if tour.window.mini is not None:
        tour.shot("mini-player-breathe", tour.window.mini)
    tour.window.toggle_mini()
    tour.until(PhaseKind.HOLD, Side.RIGHT, into=3.0)
    player.pain_button.click()
    tour.shot("sharp-pain-stop")
    tour.close()


def safety_tour(tour: Tour) -> None:
    """The first run: the safety checklist, a warning sign ticked, the advice it leaves, and the help."""
    from sciatica_timer.core.safety import RedFlag
    from sciatica_timer.core.settings import Precaution

    screen = tour.window.safety_check
    if screen is None:
        raise RuntimeError("a window without saved settings opens on the safety checklist")
    tour.shot("safety-first-run")
    screen.red_flag_boxes[RedFlag.BLADDER_BOWEL].setChecked(True)
    tour.shot("safety-red-flag")
    screen.anyway_button.click()
    screen.precaution_boxes[Precaution.PREGNANCY].setChecked(True)
    screen.precaution_boxes[Precaution.SKIN].setChecked(True)
    tour.shot("safety-precautions")
    screen.continue_button.click()
    tour.shot("safety-start-urgent")
    tour.window.show_safety_check()
    screen.red_flag_boxes[RedFlag.BLADDER_BOWEL].setChecked(False)
    screen.next_button.click()
    screen.continue_button.click()
    tour.shot("safety-start-advice")
    ankle = Routine(
        id="screenshot-ankle",
        name="Back and ankle",
        description="",
        steps=(PointStep("BL23", Sides.BOTH, 1, hold_s=30), PointStep("BL60", Sides.BOTH, 1, hold_s=30)),
    )
    tour.window.routines[ankle.id] = ankle
    tour.start(ankle.id)
    tour.shot("safety-player-pregnancy")
    tour.window.show_start()
    tour.window.show_help()
    if tour.window.help_window is not None:
        tour.shot("help", tour.window.help_window)
        tour.window.help_window.close()
    tour.close()


def disk_trouble_tour(tour: Tour) -> None:
    """What a full or read-only disk looks like: the start screen's line, and a summary whose session waits
    in the window for Try again (the words the window uses, without filling a real disk here)."""
    from sciatica_timer.ui.player.session_flow import not_saved_yet_text
    from sciatica_timer.ui.start.interrupted_flow import read_only_text

    window = tour.window
    folder = Path(
        "~/.local/share/sciatica-timer"
    )  # as a person's own folder reads, not the tour's temporary one
    window.start_screen.show_notice(read_only_text("the disk is full", folder))
    tour.shot("start-history-read-only")
    window.start_screen.show_notice(None)
    tour.start("quick-desk", pain=6)
    player = window.player
    assert player is not None  # noqa: S101 - the pain check opened it
    player.handle_key(Qt.Key.Key_Space, Qt.KeyboardModifier.NoModifier)
    tour.play_through()
    summary = window.summary
    if summary is not None:
        error = f"cannot save the session: {folder / 'history.sqlite3'}: the disk is full"
        summary.show_save_problem(not_saved_yet_text(error))
        summary.scale.set_score(4)
        tour.shot("summary-not-saved-yet")
    tour.close()


def interrupted_tour(tour: Tour) -> None:
    tour.shot("start-interrupted-session")
    offer = tour.window.start_screen.offer
    if offer is not None:
        offer.discard_button.click()
        tour.shot("start-discarded-with-undo")
    tour.close()


def follow_up_tour(tour: Tour) -> None:
    """The follow-up question, 45 minutes after the seeded session, over the start screen."""
    from sciatica_timer.core.settings import FollowUpSettings

    schedule = tour.window.follow_ups
    store = tour.window.store
    if schedule is not None and store is not None and tour.wanted("follow-up"):
        schedule.apply(FollowUpSettings(enabled=True, after_min=45))
        last = store.sessions()[-1]
        schedule.session_ended(last.id, last.routine_name)
        tour.clock.advance(45 * 60)
        schedule.check()
        if schedule.question is not None:
            schedule.question.scale.set_score(3)
            tour.shot("follow-up", schedule.question)
    tour.close()


@contextmanager
def _data_dir(*, interrupted: bool = False, first_run: bool = False) -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="sciatica-timer-shots-") as folder:
        seed_history(Path(folder), interrupted=interrupted)
        if not first_run:  # someone who answered the safety checklist on an earlier day
            from datetime import date

            from sciatica_timer.core.settings import SafetyAnswers, Settings
            from sciatica_timer.storage.settings_file import SettingsFile

            SettingsFile(resolve_paths(folder).settings_file).save(
                Settings(safety=SafetyAnswers(reviewed=True, signs_checked=date.today()))
            )
        yield Path(folder)


def run(out: Path, only: str | None = None) -> list[Path]:
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    base_font = QFont(app.font())
    out.mkdir(parents=True, exist_ok=True)
    saved: list[Path] = []
    plans: list[tuple[Setup, Callable[[Tour], None], bool]] = []
    for theme in EVERYDAY_THEMES:
        plans.append((Setup(theme), full_tour, False))
        plans.append((Setup(theme), interrupted_tour, True))
        plans.append((Setup(theme), safety_tour, False))
        plans.append((Setup(theme), follow_up_tour, False))
    from tools.screenshots.settings_screenshots import settings_tour

    plans += [(Setup(theme), settings_tour, False) for theme in THEMES]
    plans += [(Setup(theme), disk_trouble_tour, False) for theme in THEMES]
    plans.append((Setup("light", size=SMALL, font_scale=2.0), disk_trouble_tour, False))
    plans += [
        (Setup("high-contrast"), full_tour, False),
        (Setup("light"), reduced_motion_tour, False),
        (Setup("high-contrast"), reduced_motion_tour, False),
        (Setup("light", size=LAPTOP, font_scale=2.0), full_tour, False),
    ]
    from tools.screenshots.desk_screenshots import reminder_tour

    plans += [(Setup(theme), reminder_tour, False) for theme in EVERYDAY_THEMES]
    plans.append((Setup("light", size=SMALL, font_scale=2.0), reminder_tour, False))
    plans += [
        (Setup("light", size=SMALL, font_scale=2.0), settings_tour, False),
        (Setup("dark", font_scale=2.0), follow_up_tour, False),
        (Setup("light", size=SMALL), safety_tour, False),
        (Setup("light", size=SMALL, font_scale=1.5), safety_tour, False),  # the checklist fits at 150 %
        (Setup("dark", size=SMALL, font_scale=2.0), safety_tour, False),
        (Setup("light", size=SMALL), small_tour, False),
        (Setup("dark", font_scale=2.0), small_tour, False),
        (Setup("light", size=SMALL, font_scale=2.0), small_tour, False),
        (Setup("light", size=SMALL, font_scale=1.5), small_tour, False),
        (Setup("dark", size=SMALL, font_scale=1.5), small_tour, False),
        (Setup("light", size=SMALL, font_scale=1.5), settings_tour, False),
        (Setup("dark", size=SMALL, font_scale=1.5), settings_tour, False),
        (Setup("dark", size=SMALL, font_scale=2.0), interrupted_tour, True),
    ]
    from tools.screenshots.routine_screenshots import plans as routine_plans

    plans += routine_plans(only)  # the Routines screen, the editor, the point picker and a handout
    for setup, walk, interrupted in plans:
        force_theme(app, setup.theme)
        font = QFont(base_font)
        font.setPointSizeF(base_font.pointSizeF() * setup.font_scale)
        app.setFont(font)
        with _data_dir(interrupted=interrupted, first_run=walk is safety_tour) as data_dir:
            tour = Tour(app, out, setup, data_dir, only)
            walk(tour)
            saved += tour.saved
    app.setFont(base_font)
    if only is None or "history" in only or "report" in only:
        from tools.screenshots.history_screenshots import render as render_history

        for theme in THEMES:
            force_theme(app, theme)
            saved += render_history(out, theme)
    saved += render_languages(out, only)
    return saved


def render_languages(out: Path, only: str | None) -> list[Path]:
    """The German and pseudo-locale sets (``de-*``, ``en_XA-*``), each in its own process: a language is
    installed before any window text is built. With ``--only``, only when it names the language
    ("de-player")."""
    import subprocess

    from tools.screenshots.language_screenshots import LANGUAGES

    saved: list[Path] = []
    for code in LANGUAGES:
        if only is not None and not (only == code or only.startswith(f"{code}-")):
            continue
        command = [sys.executable, "-m", "tools.screenshots.language_screenshots", code, str(out)]
        if only is not None:
            command += ["--only", only]
        done = subprocess.run(command, check=True, capture_output=True, text=True)  # noqa: S603 - our own tool
        saved += [Path(line) for line in done.stdout.splitlines() if line.strip()]
    return saved


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.screenshots.screenshots", description=__doc__)
    parser.add_argument("dir", type=Path, help="folder to write the PNG files to")
    parser.add_argument("--only", metavar="TEXT", help="only the pictures whose names contain TEXT")
    args = parser.parse_args(argv)
    for path in run(args.dir, args.only):
        print(path)  # noqa: T201 - the tool lists what it wrote
    return 0


if __name__ == "__main__":
    sys.exit(main())
