"""The small question before a chain is run again: which model, which server."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from mjdesk.core.prompt import parse
from mjdesk.core.text import plural

from ..tabs.imagine import MODELS

if TYPE_CHECKING:
    from mjdesk.core.api.profile import ServerProfile

KEEP = "keep"


def model_name(family: str, version: str) -> str:
    """As the composer's model list says it: "V7", "Niji 6"."""
    return f"V{version}" if family == "v" else f"Niji {version}".strip()


class RunAgainDialog(QDialog):
    """``chosen(profile name, model)``: model None keeps the prompt's own, ("", "") is the
    account's default, else ("v", "7") or ("niji", "6")."""

    chosen = Signal(str, object)

    def __init__(
        self, prompt: str, steps: int, profiles: list[ServerProfile], current: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Run this chain again"))
        self.setMinimumWidth(440)  # the explanation reads in two lines, not five
        layout = QVBoxLayout(self)
        presses = steps - 1
        text = (
            plural(
                presses,
                self.tr("A new imagine of the first prompt, then the same press once it is done."),
                self.tr("A new imagine of the first prompt, then the same {count} presses, each after the one before."),
            ).format(count=presses)
            if presses
            else self.tr("A new imagine of the same prompt.")
        )
        intro = QLabel(text, self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.model = QComboBox(self)
        self.model.setAccessibleName(self.tr("Model"))
        written = parse(prompt).model
        keep = model_name(*written) if written else self.tr("account default")
        self.model.addItem(self.tr("As before ({model})").format(model=keep), KEEP)
        self.model.addItem(self.tr("Account default"), ("", ""))
        for family, version in MODELS:
            self.model.addItem(model_name(family, version), (family, version))
        form.addRow(self.tr("&Model"), self.model)
        self.server = QComboBox(self)
        self.server.setAccessibleName(self.tr("Server"))
        for profile in profiles:
            self.server.addItem(profile.name, profile.name)
        index = self.server.findData(current)
        self.server.setCurrentIndex(max(0, index))
        form.addRow(self.tr("&Server"), self.server)
        layout.addLayout(form)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        run = buttons.addButton(self.tr("Run again"), QDialogButtonBox.ButtonRole.AcceptRole)
        run.setAccessibleName(self.tr("Run the chain again"))
        run.setDefault(True)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _accept(self) -> None:
        data = self.model.currentData()
        model = None if data == KEEP else tuple(data)
        self.chosen.emit(str(self.server.currentData() or ""), model)
        self.accept()
