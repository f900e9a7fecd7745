"""Translation of the app's own sentences: the functions every module marks its user-facing text with.

No Qt and no disk: the catalogues are read by ``sciatica_timer.translations`` at start-up and installed here.
Until then, and for English, the text is returned as written (a ``gettext.NullTranslations``).

    from sciatica_timer.core.i18n import _, ngettext, pgettext, N_

    _("Stop pressing for now")
    ngettext("{count} session", "{count} sessions", n).format(count=n)   # plurals from the catalogue
    pgettext("pain score", "Worst")                                    # context for a short word
    TITLE = N_("Rest")        # a constant, marked for extraction only; translate where it is shown: _(TITLE)

``content`` looks up the shipped points' and built-in routines' own text (the "content" catalogue), by a
context that names the point or routine and the field (see core/content_text.py).
"""

from __future__ import annotations

import gettext

_messages: gettext.NullTranslations = gettext.NullTranslations()
_content: gettext.NullTranslations = gettext.NullTranslations()
_language = "en"


def install(
    messages: gettext.NullTranslations, content: gettext.NullTranslations | None = None, language: str = "en"
) -> None:
    """Use these catalogues from now on (``language`` is the code they were chosen for, e.g. "de")."""
    global _messages, _content, _language  # noqa: PLW0603 - one process-wide language, set at start-up
    _messages = messages
    _content = content if content is not None else gettext.NullTranslations()
    _language = language


def reset() -> None:
    """Back to English (the text as written)."""
    install(gettext.NullTranslations())


def language() -> str:
    """The language code the installed catalogues were chosen for ("en" when none is installed)."""
    return _language


def _(message: str) -> str:
    """``message`` in the person's language."""
    return _messages.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or one of the plural forms for the number ``n``, as the language counts them."""
    return _messages.ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """``message`` translated in ``context``: for short words that mean different things in different
    places ("Back" the button, "Back" the body part)."""
    return _messages.pgettext(context, message)


def npgettext(context: str, singular: str, plural: str, n: int) -> str:
    """ngettext with a context."""
    return _messages.npgettext(context, singular, plural, n)


def N_(message: str) -> str:  # noqa: N802 - the name gettext tools look for
    """Marks a constant for the catalogue without translating it (it is defined before a language is
    installed); wherever it is shown, pass it through ``_``."""
    return message


def content(context: str, english: str) -> str:
    """The shipped content's ``english`` text (a point's description, a built-in routine's step), translated
    by its ``context`` (e.g. "point BL23 how_to_press"); the English when there is no translation."""
    return _content.pgettext(context, english)
