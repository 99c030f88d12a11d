"""The first start: add a server (with a connection test), or try the built-in demo."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget
from shiboken6 import isValid

from mjdesk.core.library import Library

from ..asyncutil import spawn
from ..theme import tone
from .server import (
    ProfileForm,
    ServerTester,
    fit_height,
    reserve_lines,
    save_profile,
    secret_error_text,
    show_message,
)


class FirstRunDialog(QDialog):
    """``saved(name)`` after the server is stored (the new default); ``demo_requested`` for the demo."""

    saved = Signal(str)
    demo_requested = Signal()

    def __init__(self, library: Library, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self.setWindowTitle(self.tr("Welcome to mjdesk"))
        self.setMinimumWidth(600)
        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        intro = QLabel(
            self.tr(
                "<h3>Connect a Midjourney server</h3>"
                "<p>mjdesk talks to a Midjourney-compatible gateway (“mj-proxy”). Enter the address "
                "and API key your provider gave you, then test the connection.</p>"
                "<p>No account yet? <b>Try the demo</b>: a simulated server on this computer, so "
                "you can explore every tab for free.</p>"
            ),
            self,
        )
        intro.setWordWrap(True)
        intro.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(intro)
        self.form = ProfileForm(advanced=False, key_folder=library.paths.config, parent=self)
        layout.addWidget(self.form)
        self.tester = ServerTester(self.form, self)
        layout.addWidget(self.tester)
        self.problem = QLabel(self)
        self.problem.setTextFormat(Qt.TextFormat.PlainText)
        reserve_lines(self.problem, 2)  # what is missing comes and goes as the user types
        self.problem.setStyleSheet(f"color: {tone('error')};")
        layout.addWidget(self.problem)
        layout.addStretch(1)  # spare height goes here, below the messages, not between them

        row = QHBoxLayout()
        # Only "Save and start" answers Enter: a focused "Try the demo" (where the focus lands
        # while "Test connection" is busy) must not discard the server the user just typed.
        self.demo_button = QPushButton(self.tr("Try the &demo"), self)
        self.demo_button.setAccessibleName(self.tr("Try the demo with a simulated server"))
        self.demo_button.setAutoDefault(False)
        self.demo_button.clicked.connect(self._demo)
        row.addWidget(self.demo_button)
        row.addStretch(1)
        self.later_button = QPushButton(self.tr("&Later"), self)
        self.later_button.setAccessibleName(self.tr("Close and set up a server later in Settings"))
        self.later_button.setAutoDefault(False)
        self.later_button.clicked.connect(self.reject)
        row.addWidget(self.later_button)
        self.save_button = QPushButton(self.tr("&Save and start"), self)
        self.save_button.setAccessibleName(self.tr("Save this server and start"))
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self._save)
        row.addWidget(self.save_button)
        layout.addLayout(row)
        self.form.changed.connect(self._refresh)
        self._refresh()
        fit_height(self)  # the wrapped introduction and key note must not squeeze the form
        self.form.key_note.changed.connect(lambda: fit_height(self))
        self.form.name.setFocus()

    def _refresh(self) -> None:
        problem = self.form.problem()
        # Empty fields are not a mistake yet; only say what is missing once something was typed.
        touched = any(e.text() for e in (self.form.name, self.form.base_url, self.form.key))
        show_message(self.problem, problem if touched else None, self.form.warning())
        self.save_button.setEnabled(problem is None)

    def _demo(self) -> None:
        self.demo_requested.emit()
        self.accept()

    def _save(self) -> None:
        if self.form.problem() is not None:
            return
        self.save_button.setEnabled(False)
        spawn(self._write(), name="first-run-save")

    async def _write(self) -> None:
        profile = self.form.profile()
        try:
            await save_profile(self.library, profile, self.form.key_text(), make_default=True)
        except Exception as exc:  # no key store worked: the user must know before going on
            if isValid(self):
                self.problem.setText(self.tr("Could not save: {error}").format(error=secret_error_text(exc)))
                self.save_button.setEnabled(True)
            return
        if not isValid(self):
            return
        self.saved.emit(profile.name)
        self.accept()
