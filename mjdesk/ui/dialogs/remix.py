"""The Remix dialog: edit the prompt a waiting modal task will run with (Remix, PicReader 1–4, …).

``PromptDialog`` is the part Custom Zoom shares: a prompt editor checked as you type, the reason
Submit is disabled, Ctrl+Enter, and ``submitted(prompt)``.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from mjdesk.core.prompt import Severity, validate

from ..texts import issue_text
from ..theme import tone
from .awaitable import run_dialog


class PromptDialog(QDialog):
    """A prompt editor with Cancel and a primary button; ``submitted(prompt)`` on a valid submit."""

    submitted = Signal(str)

    def __init__(self, prompt: str, title: str, submit_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.form = QVBoxLayout(self)
        self.form.setSpacing(8)
        self.prompt_label = QLabel(self.tr("&Prompt"), self)
        self.editor = QPlainTextEdit(prompt, self)
        self.editor.setAccessibleName(self.tr("Prompt"))
        self.editor.setTabChangesFocus(True)
        self.editor.setMinimumHeight(90)
        self.prompt_label.setBuddy(self.editor)
        self.form.addWidget(self.prompt_label)
        self.form.addWidget(self.editor, 1)

        row = QHBoxLayout()
        self.reason = QLabel(self)
        self.reason.setStyleSheet(f"color: {tone('error')};")
        self.reason.setWordWrap(True)
        self.reason.setAccessibleName(self.tr("Why the prompt cannot be sent"))
        row.addWidget(self.reason, 1)
        cancel = QPushButton(self.tr("Cancel"), self)
        cancel.setAccessibleName(self.tr("Cancel"))
        cancel.setToolTip(self.tr("Close without sending (Esc)"))
        cancel.setAutoDefault(False)
        cancel.clicked.connect(self.reject)
        self.submit_button = QPushButton(submit_text, self)
        self.submit_button.setAccessibleName(submit_text)
        self.submit_button.setToolTip(self.tr("Send (Ctrl+Enter)"))
        self.submit_button.setDefault(True)
        self.submit_button.clicked.connect(self.submit)
        row.addWidget(cancel)
        row.addWidget(self.submit_button)
        self.buttons = row
        send = QAction(self)
        send.setShortcuts([QKeySequence("Ctrl+Return"), QKeySequence("Ctrl+Enter")])
        send.triggered.connect(self.submit)
        self.addAction(send)
        self.editor.textChanged.connect(self.refresh)
        self.resize(560, 300)

    def finish_layout(self) -> None:
        """Subclasses add their rows between the editor and the buttons, then call this."""
        self.form.addLayout(self.buttons)
        self.refresh()
        self.editor.setFocus()
        self.editor.moveCursor(self.editor.textCursor().MoveOperation.End)

    def prompt(self) -> str:
        return " ".join(self.editor.toPlainText().split())  # a pasted newline must not split the prompt

    def validation_reason(self) -> str | None:
        text = self.prompt()
        if not text:
            return self.tr("Write a prompt.")
        errors = [i for i in validate(text) if i.severity is Severity.ERROR]
        return issue_text(errors[0]) if errors else None

    def refresh(self) -> None:
        reason = self.validation_reason()
        self.reason.setText(reason or "")
        self.submit_button.setEnabled(reason is None)

    def submit(self) -> None:
        self.refresh()
        if self.submit_button.isEnabled():
            self.submitted.emit(self.prompt())
            self.accept()


class RemixDialog(PromptDialog):
    """``RemixDialog(prompt, title, parent=None)``: the prompt pre-filled with the task's
    ``properties.finalPrompt``; ``submitted(prompt)`` or ``rejected``."""

    def __init__(self, prompt: str, title: str, parent: QWidget | None = None) -> None:
        super().__init__(prompt, title, self.tr("Submit"), parent)
        hint = QLabel(self.tr("Change the prompt if you like; the new job uses it instead of the original."), self)
        hint.setWordWrap(True)
        hint.setTextFormat(Qt.TextFormat.PlainText)
        self.form.insertWidget(0, hint)
        self.finish_layout()


async def ask_remix(parent: QWidget | None, prompt: str, title: str) -> str | None:
    """Show the Remix editor and wait: the edited prompt, or None when the user closed it.

    On None the caller decides what happens to the waiting MODAL task: leave it alone (it expires on
    the server) or cancel it where the server allows (TA: ``/mj/task/{id}/cancel``, admin only).
    """
    dialog = RemixDialog(prompt, title, parent)
    answer = await run_dialog(dialog, dialog.submitted)
    return answer[0] if answer is not None else None
