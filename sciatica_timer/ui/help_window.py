"""The help window (F1): what the app does, when to get help first, the precautions, the keys, the files.

One small window beside the main one, so it can stay open during a session.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDialog, QHBoxLayout, QPushButton, QTextBrowser, QVBoxLayout, QWidget

from sciatica_timer import APP_NAME
from sciatica_timer.core.i18n import N_, _, ngettext, pgettext
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


def _said(text: str) -> str:
    """A sentence kept elsewhere (the safety questions and advice), in the person's language."""
    return _(text) if text else text


def shortcuts() -> list[tuple[str, list[tuple[str, str]]]]:
    """Every keyboard shortcut, by the screen it works on: (screen, [(keys, what it does)]).

    Key names are marked too: a German keyboard says "Strg" and "Umschalt", as Qt's own menus do there."""
    undo = _standard(QKeySequence.StandardKey.Undo) or pgettext("keyboard keys", "Ctrl+Z")
    redo = _standard(QKeySequence.StandardKey.Redo) or pgettext("keyboard keys", "Ctrl+Shift+Z")
    delete = _standard(QKeySequence.StandardKey.Delete) or pgettext("keyboard keys", "Del")
    enter = pgettext("keyboard keys", "Enter")
    esc = pgettext("keyboard keys", "Esc")
    score_keys = pgettext("keyboard keys", "0 to 9")
    save = pgettext("button", "Save")
    back_to_routines = _("Back to the routines")
    start_chosen = _("Start the chosen routine")
    handout = _("Save a handout as a PDF")
    anywhere = [
        ("F1", _("Open this help")),
        (pgettext("keyboard keys", "Ctrl+,"), _("Settings")),
        (pgettext("keyboard keys", "Ctrl+L"), _("Log your pain now")),
    ]
    quit_keys = _standard(QKeySequence.StandardKey.Quit)
    if quit_keys:
        anywhere.append((quit_keys, _("Quit (a running session asks first)")))
    return [
        (_("Anywhere"), anywhere),
        (
            _("Safety checklist"),
            [
                (pgettext("keyboard keys", "Tab, Space"), _("Move between the questions and tick them")),
                (
                    enter,
                    _(
                        "From the warning signs to the precautions, then save and continue (a ticked warning "
                        "sign needs “continue anyway” instead)"
                    ),
                ),
                (esc, _("Back, when you opened the checklist yourself; on the first run, back a page")),
            ],
        ),
        (
            pgettext("screen", "Start"),
            [
                (pgettext("keyboard keys", "Up, Down"), _("Choose a routine")),
                (enter, start_chosen),
                (pgettext("keyboard keys", "Ctrl+H"), _("Your pain history")),
                (pgettext("keyboard keys", "Ctrl+R"), _("Your routines: make, change, share and print them")),
            ],
        ),
        (
            _("Pain check"),
            [
                (score_keys, _("Your pain score (10 with the mouse or Tab)")),
                (enter, _("Continue, or skip when no score is chosen")),
                (esc, back_to_routines),
            ],
        ),
        (
            _("During a session"),
            [
                (pgettext("keyboard keys", "Space"), _("Start, pause or carry on")),
                (enter, _("Start, or go on once you have found the point")),
                (
                    pgettext("keyboard keys", "Left"),
                    _("Restart this step; twice quickly for the step before"),
                ),
                (pgettext("keyboard keys", "Right"), _("Skip this phase")),
                (pgettext("keyboard keys", "Shift+Right"), _("Skip to the next step")),
                (esc, _("Stop the session (asks first)")),
                (SHARP_PAIN_KEY_NAME, _("Sharp pain: stop at once, without a question (mini player too)")),
                ("M", _("Mini player, and back to the full window")),
            ],
        ),
        (
            _("After a session"),
            [
                (score_keys, _("Your pain score now")),
                (enter, save),
                (esc, _("Finish without answering")),
            ],
        ),
        (
            _("History"),
            [
                (undo, _("Undo")),
                (redo, _("Redo")),
                (delete, _("Delete the chosen diary entries")),
                (esc, back_to_routines),
            ],
        ),
        (
            _("Routines"),
            [
                (enter, _("Edit the chosen routine, or copy a built-in one to change it")),
                (pgettext("keyboard keys", "Ctrl+N"), _("New routine")),
                (pgettext("keyboard keys", "Ctrl+O"), _("Import a routine file")),
                (pgettext("keyboard keys", "Ctrl+D"), _("Duplicate")),
                ("F2", _("Rename")),
                (delete, _("Delete (you can undo it)")),
                (pgettext("keyboard keys", "Ctrl+Z"), _("Undo the last delete")),
                (pgettext("keyboard keys", "Ctrl+E"), _("Export to a file")),
                (pgettext("keyboard keys", "Ctrl+P"), handout),
                (pgettext("keyboard keys", "Ctrl+Shift+P"), _("Print the handout")),
                (pgettext("keyboard keys", "Ctrl+Return"), start_chosen),
                (esc, _("Back to the start")),
            ],
        ),
        (
            _("Routine editor"),
            [
                (pgettext("keyboard keys", "Ctrl+S"), save),
                (pgettext("keyboard keys", "Alt+Up, Alt+Down"), _("Move the chosen step up or down")),
                ("F5", _("Preview the routine at ten times the speed")),
                (pgettext("keyboard keys", "Ctrl+P"), handout),
                (pgettext("keyboard keys", "{undo}, Ctrl+Shift+Z").format(undo=undo), _("Undo, redo")),
                (esc, back_to_routines),
            ],
        ),
        (
            _("Settings"),
            [
                (pgettext("keyboard keys", "Ctrl+PgDown, Ctrl+PgUp"), _("Next or previous page")),
                (esc, _("Cancel")),
            ],
        ),
    ]


# Marked only: shown in the person's language by help_html.
_EFFECTS = (
    N_(
        "After a recent injury, the app suggests waiting until the acute phase (the first painful days) is "
        "over."
    ),
    N_(
        "With a heart or circulation condition, cancer or blood thinners, it suggests asking your doctor "
        "first and keeping the pressure light."
    ),
    N_(
        "With broken or sore skin, each point reminds you to skip it where the skin is affected, and the "
        "acupressure mat reminds you not to lie on it there."
    ),
    N_("In pregnancy or with blood thinners, the acupressure mat is left out of sessions."),
    N_("After a sharp pain you can leave that point out of your sessions; Settings can bring it back."),
)


def _list(items: list[str]) -> str:
    return "<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>"


def help_html(paths: AppPaths, points: PointLibrary | None = None) -> str:
    """The help text as simple HTML (QTextBrowser's subset)."""
    about = _(
        "<p>The app guides you through a short acupressure routine for sciatica: where each point is, how "
        "to press it, and a timer through pressing, holding, releasing slowly and breathing, with sounds "
        "so you need not watch the screen. Before and after each session it asks how your pain is, and "
        "keeps a private diary so you can see over the weeks whether the routine helps.</p>"
    )
    # Translators: {not_medical_advice} is a sentence of its own; {key} is the sharp-pain key (F9); the
    # quoted button name is the player's "Sharp pain: stop" button.
    care = _(
        "<p>{not_medical_advice} Pressure should feel like a deep, dull ache; if a point hurts "
        "sharply, stop: <b>{key}</b> (or the “Sharp pain: stop” button, in the window and "
        "the mini player) ends a session at once, without a question, and the next page says which point "
        "it was and offers to leave it out of your sessions.</p>"
    ).format(not_medical_advice=escape(_said(NOT_MEDICAL_ADVICE)), key=SHARP_PAIN_KEY_NAME)
    parts = [
        f"<h2>{escape(APP_NAME)}</h2>",
        about,
        care,
        _("<p><a href='#known'>What is known about acupressure for sciatica</a></p>"),
        _("<h3>Get medical help first: warning signs</h3>"),
        ngettext(
            "<p>Do not use pressure points, and get help as each group says, if you have any of these. "
            "The app asks about them on the first run and again every "
            "{days} day; before each session the pain check links to this list.</p>",
            "<p>Do not use pressure points, and get help as each group says, if you have any of these. "
            "The app asks about them on the first run and again every "
            "{days} days; before each session the pain check links to this list.</p>",
            RECHECK_DAYS,
        ).format(days=RECHECK_DAYS),
    ]
    for severity in (Severity.EMERGENCY, Severity.URGENT, Severity.SOON):
        flags = [
            f"<b>{escape(_said(RED_FLAG_QUESTIONS[flag].label))}</b>: "
            f"{escape(_said(RED_FLAG_QUESTIONS[flag].detail))}"
            for flag in RedFlag
            if RED_FLAG_SEVERITY[flag] is severity
        ]
        parts.append(f"<p><i>{escape(_said(URGENCY_WORDS[severity]))}</i></p>")
        parts.append(_list(flags))
    parts += [
        _("<h3>Take care if…</h3>"),
        _("<p>The safety checklist asks about these; change your answers from Settings at any time.</p>"),
    ]
    precautions = [
        f"<b>{escape(_said(question.label))}</b>: {escape(_said(question.detail))}"
        for question in PRECAUTION_QUESTIONS.values()
    ]
    parts.append(_list(precautions))
    avoided = ", ".join(sorted(pregnancy_points(points))) if points is not None else ""
    in_pregnancy = (
        _(
            "In pregnancy, points traditionally avoided then ({points}) are left out of every session, and "
            "you are reminded to ask your midwife or doctor."
        ).format(points=avoided)
        if avoided
        else _(
            "In pregnancy, points traditionally avoided then are left out of every session, and you are "
            "reminded to ask your midwife or doctor."
        )
    )
    parts.append(_("<p>What your answers change:</p>"))
    parts.append(_list([in_pregnancy, *(_(effect) for effect in _EFFECTS)]))
    parts.append(_("<h3><a name='known'></a>What is known about acupressure for sciatica</h3>"))
    parts.append(_list([escape(_said(text)) for text in WHAT_IS_KNOWN]))
    parts.append(_("<h3>Keyboard shortcuts</h3>"))
    rows = []
    for screen, keys in shortcuts():
        rows.append(f"<tr><td colspan='2' style='padding-top: 0.6em'><i>{escape(screen)}</i></td></tr>")
        rows += [f"<tr><td><b>{escape(k)}</b></td><td>{escape(what)}</td></tr>" for k, what in keys]
    parts.append(f"<table cellspacing='0' cellpadding='2'>{''.join(rows)}</table>")
    parts += [
        _("<h3>Where your data lives</h3>"),
        _("<p>Everything stays on this computer; the app makes no network connections.</p>"),
        _list(
            [
                _("History, backups and your routines: <tt>{folder}</tt>").format(
                    folder=escape(str(paths.data_dir))
                ),
                _("Settings and the window's place: <tt>{folder}</tt>").format(
                    folder=escape(str(paths.config_dir))
                ),
                _("Log files: <tt>{folder}</tt>").format(folder=escape(str(paths.log_dir))),
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
        self.setWindowTitle(_("{app} help").format(app=APP_NAME))
        self.setModal(False)
        set_role(self, "page")
        em = self.fontMetrics().height()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(round(em * 0.8), round(em * 0.8), round(em * 0.8), round(em * 0.8))
        self.text = QTextBrowser()
        self.text.setOpenLinks(False)
        # The only links are to places on this page ("What is known…"): nothing is opened outside.
        self.text.anchorClicked.connect(lambda url: self.text.scrollToAnchor(url.fragment()))
        self.text.setAccessibleName(_("Help"))
        self.text.document().setDocumentMargin(em * 0.8)
        self.text.setHtml(help_html(paths, points))
        layout.addWidget(self.text, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.close_button = QPushButton(_("Close"))
        set_role(self.close_button, "secondary")
        self.close_button.setToolTip(_("Close the help (Esc)"))
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
