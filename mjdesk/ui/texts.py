"""Translating the core's marked messages, which carry an English template and format arguments.

The core cannot call Qt; it marks its templates with QT_TRANSLATE_NOOP(context, text). Here the
template is translated first and formatted afterwards, so translators see ``{placeholders}``.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication

from mjdesk.core.api.errors import MjError, NetworkError
from mjdesk.core.imaging import ImageInputError
from mjdesk.core.prompt import PromptIssue
from mjdesk.core.text import clip


def translate(context: str, template: str, args: dict[str, Any] | None = None) -> str:
    text = QCoreApplication.translate(context, template)
    if not args:
        return text
    try:
        return text.format(**args)
    except (KeyError, IndexError, ValueError):
        # A broken translation must not hide the message: fall back to the English template.
        return template.format(**args)


def error_text(exc: MjError) -> str:
    """The summary in the user's language, then the server's own words, untranslated."""
    summary = translate("MjError", exc.summary, exc.summary_args)
    if not exc.server_text:
        return summary
    if isinstance(exc, NetworkError) and exc.http_status is None:
        # No server answered: the words are this machine's (the OS, the proxy), not a server's.
        return QCoreApplication.translate("texts", "{summary}\nDetails: {details}").format(
            summary=summary, details=clip(exc.server_text, 200)
        )
    return QCoreApplication.translate("texts", "{summary}\nThe server said: {server}").format(
        summary=summary, server=exc.server_text
    )


def image_error_text(exc: ImageInputError) -> str:
    return translate("ImageInputError", exc.template, exc.params)


def issue_text(issue: PromptIssue) -> str:
    return translate("Prompt", issue.template, issue.args)


def note_text(note: str) -> str:
    return QCoreApplication.translate("PreparedImage", note)
