"""Shorten: a long prompt in, shorter candidates out, each one click away from Imagine."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QWidget

from mjdesk.core.api.dialects import Endpoint
from mjdesk.core.api.requests import ShortenRequest, SubmitRequest
from mjdesk.core.prompt import carry_params

from ..job_model import Job
from ..job_texts import numbered_items
from ..services import Services
from .base import ActionTab
from .results import ResultList


class ShortenTab(ActionTab):
    endpoint = Endpoint.SHORTEN
    use_prompt = Signal(str)

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(services, parent)
        label = QLabel(self.tr("&Prompt to shorten"), self)
        self.editor = QPlainTextEdit(self)
        self.editor.setPlaceholderText(
            self.tr("Paste a long prompt; Midjourney suggests shorter ones that keep the important words.")
        )
        self.editor.setAccessibleName(self.tr("Prompt to shorten"))
        self.editor.setTabChangesFocus(True)
        self.editor.setMaximumHeight(140)
        self.editor.textChanged.connect(self.refresh)
        label.setBuddy(self.editor)
        self.form.addWidget(label)
        self.form.addWidget(self.editor)
        self.form.addWidget(QLabel(self.tr("<b>Shorter prompts</b>"), self))
        self.results = ResultList(self.tr("Use"), self)
        self.results.show_status(self.tr("The candidates appear here."))
        self.form.addWidget(self.results)
        self.form.addStretch(1)
        self.refresh()

    def validation_reason(self) -> str | None:
        return None if self.editor.toPlainText().strip() else self.tr("Write or paste a prompt to shorten.")

    def build_request(self) -> SubmitRequest:
        return ShortenRequest(prompt=self.editor.toPlainText().strip())

    def job_title(self) -> str:
        return self.editor.toPlainText().strip()

    def submitted(self, job: Job) -> None:
        # The suggestions are bare descriptions: "Use" keeps the shortened prompt's parameters
        # (--ar, --stylize...) so the image it makes is framed and styled as before.
        original = job.title

        def use(text: str) -> None:
            self.use_prompt.emit(carry_params(text, original))

        self.results.follow(
            self.backend,
            job,
            busy=self.tr("Shortening…"),
            empty=self.tr("The server returned no shorter prompts."),
            items_of=lambda task: numbered_items(task.final_prompt or ""),
            use=use,
        )
