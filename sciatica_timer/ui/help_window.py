"""The help window (F1): what the app does, when to get help first, the precautions, the keys, the files.

One small window beside the main one, so it can stay open during a session.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDialog, QHBoxLayout, QPushButton, QTextBrowser, QVBoxLayout, QWidget

from sciatica_timer import APP_NAME
from sciatica_timer.core.points import PointLibrary
from sciatica_timer.core.safety import (
    NOT_MEDICAL_ADVICE,
    PRECAUTION_QUESTIONS,
    RECHECK_DAYS,
    RED_FLAG_QUESTIONS,
    RED_FLAG_SEVERITY,
    URGENCY_WORDS,
    WHAT_IS_KNOWN,
    RedFlag,
    Severity,
    pregnancy_points,
)
from sciatica_timer.storage.paths import AppPaths
from sciatica_timer.ui.common.theme import set_role
from sciatica_timer.ui.common.words import SHARP_PAIN_KEY_NAME


def _standard(key: QKeySequence.StandardKey) -> str:
    """A standard shortcut as this platform writes it ("Ctrl+Z"); "" where the platform has none."""
    bindings = QKeySequence.keyBindings(key)
    return bindings[0].toString(QKeySequence.SequenceFormat.NativeText) if bindings else ""


def shortcuts() -> list[tuple[str, list[tuple[str, str]]]]:
    """Every keyboard shortcut, by the screen it works on: (screen, [(keys, what it does)])."""
    undo = _standard(QKeySequence.StandardKey.Undo) or "Ctrl+Z"
    redo = _standard(QKeySequence.StandardKey.Redo) or "Ctrl+Shift+Z"
    delete = _standard(QKeySequence.StandardKey.Delete) or "Del"
    anywhere = [("F1", "Open this help"), ("Ctrl+,", "Settings"), ("Ctrl+L", "Log your pain now")]
    quit_keys = _standard(QKeySequence.StandardKey.Quit)
    if quit_keys:
        anywhere.append((quit_keys, "Quit (a running session asks first)"))
    return [
        ("Anywhere", anywhere),
        (
            "Safety checklist",
            [
                ("Tab, Space", "Move between the questions and tick them"),
                (
                    "Enter",
                    (
                        "From the warning signs to the precautions, then save and continue (a ticked warning "
                        "sign needs “continue anyway” instead)"
                    ),
                ),
                ("Esc", "Back, when you opened the checklist yourself; on the first run, back a page"),
            ],
        ),
        (
            "Start",
            [
                ("Up, Down", "Choose a routine"),
                ("Enter", "Start the chosen routine"),
                ("Ctrl+H", "Your pain history"),
                ("Ctrl+R", "Your routines: make, change, share and print them"),
            ],
        ),
        (
            "Pain check",
            [
                ("0 to 9", "Your pain score (10 with the mouse or Tab)"),
                ("Enter", "Continue, or skip when no score is chosen"),
                ("Esc", "Back to the routines"),
            ],
        ),
        (
            "During a session",
            [
                ("Space", "Start, pause or carry on"),
                ("Enter", "Start, or go on once you have found the point"),
                ("Left", "Restart this step; twice quickly for the step before"),
                ("Right", "Skip this phase"),
                ("Shift+Right", "Skip to the next step"),
                ("Esc", "Stop the session (asks first)"),
                (SHARP_PAIN_KEY_NAME, "Sharp pain: stop at once, without a question (mini player too)"),
                ("M", "Mini player, and back to the full window"),
            ],
        ),
        (
            "After a session",
            [
                ("0 to 9", "Your pain score now"),
                ("Enter", "Save"),
                ("Esc", "Finish without answering"),
            ],
        ),
        (
            "History",
            [
                ("Ctrl+PgDown, Ctrl+PgUp", "Next or previous tab"),
                ("Arrows", "Move between the table's rows and cells (Tab leaves the table)"),
                ("F2", "Correct the chosen score or note (or just start typing); Enter saves it"),
                (undo, "Undo"),
                (redo, "Redo"),
                (delete, "Delete the chosen diary entries"),
                ("Esc", "Back to the routines"),
            ],
        ),
        (
            "Routines",
            [
                ("Enter", "Edit the chosen routine, or copy a built-in one to change it"),
                ("Ctrl+N", "New routine"),
                ("Ctrl+O", "Import a routine file"),
                ("Ctrl+D", "Duplicate"),
                ("F2", "Rename"),
                (delete, "Delete (you can undo it)"),
                ("Ctrl+Z", "Undo the last delete"),
                ("Ctrl+E", "Export to a file"),
                ("Ctrl+P", "Save a handout as a PDF"),
                ("Ctrl+Shift+P", "Print the handout"),
                ("Ctrl+Return", "Start the chosen routine"),
                ("Esc", "Back to the start"),
            ],
        ),
        (
            "Routine editor",
            [
                ("Ctrl+S", "Save"),
                ("Alt+P", "Add a point to press"),
                ("Alt+L", "Add a point to find first (the timer waits for you)"),
                ("Alt+A", "Add an activity, such as a stretch"),
                ("Alt+R", "Add a rest"),
                ("Alt+Up, Alt+Down", "Move the chosen step up or down"),
                (f"{delete} (in the steps)", "Remove the chosen step (you can undo it)"),
                ("F5", "Preview the routine at ten times the speed"),
                ("Ctrl+P", "Save a handout as a PDF"),
                (f"{undo}, Ctrl+Shift+Z", "Undo, redo"),
                ("Esc", "Back to the routines"),
            ],
        ),
        (
            "Choosing a point",
            [
                ("Up, Down", "Move through the points while you type in the search"),
                ("Enter", "Add the chosen point"),
                ("Esc", "Cancel"),
            ],
        ),
        ("Settings", [("Ctrl+PgDown, Ctrl+PgUp", "Next or previous page"), ("Esc", "Cancel")]),
    ]


_EFFECTS = (
    "After a recent injury, the app suggests waiting until the acute phase (the first painful days) is over.",
    (
        "With a heart or circulation condition, cancer or blood thinners, it suggests asking your doctor "
        "first and keeping the pressure light."
    ),
    (
        "With broken or sore skin, each point reminds you to skip it where the skin is affected, and the "
        "acupressure mat reminds you not to lie on it there."
    ),
    "In pregnancy or with blood thinners, the acupressure mat is left out of sessions.",
    "After a sharp pain you can leave that point out of your sessions; Settings can bring it back.",
)


def _list(items: list[str]) -> str:
    return "<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>"


def help_html(paths: AppPaths, points: PointLibrary | None = None) -> str:
    """The help text as simple HTML (QTextBrowser's subset)."""
    about = (
        "<p>The app guides you through a short acupressure routine for sciatica: where each point is, how "
        "to press it, and a timer through pressing, holding, releasing slowly and breathing, with sounds "
        "so you need not watch the screen. Before and after each session it asks how your pain is, and "
        "keeps a private diary so you can see over the weeks whether the routine helps.</p>"
    )
    care = (
        f"<p>{escape(NOT_MEDICAL_ADVICE)} Pressure should feel like a deep, dull ache; if a point hurts "
        f"sharply, stop: <b>{SHARP_PAIN_KEY_NAME}</b> (or the “Sharp pain: stop” button, in the window and "
        "the mini player) ends a session at once, without a question, and the next page says which point "
        "it was and offers to leave it out of your sessions.</p>"
    )
    parts = [
        f"<h2>{escape(APP_NAME)}</h2>",
        about,
        care,
        "<p><a href='#known'>What is known about acupressure for sciatica</a></p>",
        "<h3>Get medical help first: warning signs</h3>",
        (
            "<p>Do not use pressure points, and get help as each group says, if you have any of these. "
            "The app asks about them on the first run and again every "
            f"{RECHECK_DAYS} days; before each session the pain check links to this list.</p>"
        ),
    ]
    for severity in (Severity.EMERGENCY, Severity.URGENT, Severity.SOON):
        flags = [
            f"<b>{escape(RED_FLAG_QUESTIONS[flag].label)}</b>: {escape(RED_FLAG_QUESTIONS[flag].detail)}"
            for flag in RedFlag
            if RED_FLAG_SEVERITY[flag] is severity
        ]
        parts.append(f"<p><i>{escape(URGENCY_WORDS[severity])}</i></p>")
        parts.append(_list(flags))
    parts += [
        "<h3>Take care if…</h3>",
        "<p>The safety checklist asks about these; change your answers from Settings at any time.</p>",
    ]
    precautions = [
        f"<b>{escape(question.label)}</b>: {escape(question.detail)}"
        for question in PRECAUTION_QUESTIONS.values()
    ]
    parts.append(_list(precautions))
    avoided = ", ".join(sorted(pregnancy_points(points))) if points is not None else ""
    in_pregnancy = (
        f"In pregnancy, points traditionally avoided then ({avoided}) are left out of every session"
        if avoided
        else "In pregnancy, points traditionally avoided then are left out of every session"
    )
    parts.append("<p>What your answers change:</p>")
    parts.append(_list([f"{in_pregnancy}, and you are reminded to ask your midwife or doctor.", *_EFFECTS]))
    parts.append("<h3><a name='known'></a>What is known about acupressure for sciatica</h3>")
    parts.append(_list([escape(text) for text in WHAT_IS_KNOWN]))
    parts.append("<h3>Keyboard shortcuts</h3>")
    rows = []
    for screen, keys in shortcuts():
        rows.append(f"<tr><td colspan='2' style='padding-top: 0.6em'><i>{escape(screen)}</i></td></tr>")
        rows += [f"<tr><td><b>{escape(k)}</b></td><td>{escape(what)}</td></tr>" for k, what in keys]
    parts.append(f"<table cellspacing='0' cellpadding='2'>{''.join(rows)}</table>")
    parts += [
        "<h3>Where your data lives</h3>",
        "<p>Everything stays on this computer; the app makes no network connections.</p>",
        _list(
            [
                f"History, backups and your routines: <tt>{escape(str(paths.data_dir))}</tt>",
                f"Settings and the window's place: <tt>{escape(str(paths.config_dir))}</tt>",
                f"Log files: <tt>{escape(str(paths.log_dir))}</tt>",
            ]
        ),
    ]
    return "\n".join(parts)


class HelpWindow(QDialog):
    """Not modal: a session can go on while it is open. Esc or Close hides it."""

    def __init__(
        self, paths: AppPaths, points: PointLibrary | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("help-window")
        self.setWindowTitle(f"{APP_NAME} help")
        self.setModal(False)
        set_role(self, "page")
        em = self.fontMetrics().height()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(round(em * 0.8), round(em * 0.8), round(em * 0.8), round(em * 0.8))
        self.text = QTextBrowser()
        self.text.setOpenLinks(False)
        # The only links are to places on this page ("What is known…"): nothing is opened outside.
        self.text.anchorClicked.connect(lambda url: self.text.scrollToAnchor(url.fragment()))
        self.text.setAccessibleName("Help")
        self.text.document().setDocumentMargin(em * 0.8)
        self.text.setHtml(help_html(paths, points))
        layout.addWidget(self.text, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.close_button = QPushButton("Close")
        set_role(self.close_button, "secondary")
        self.close_button.setToolTip("Close the help (Esc)")
        self.close_button.clicked.connect(self.close)
        buttons.addWidget(self.close_button)
        layout.addLayout(buttons)
        # A comfortable reading size, but never larger than the screen (large text makes em large).
        room = self.screen().availableGeometry()
        self.resize(
            min(round(em * 34), round(room.width() * 0.9)), min(round(em * 36), round(room.height() * 0.85))
        )
        self.text.setFocus(Qt.FocusReason.OtherFocusReason)

    def plain_text(self) -> str:
        return self.text.toPlainText()
