"""Shorten: a long prompt in, shorter candidates out, each one click away from Imagine."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QWidget

from mjdesk.core.api.dialects import Endpoint
from mjdesk.core.api.requests import ShortenRequest, SubmitRequest

from ..asyncutil import spawn
from ..backend import Job
from ..services import Services
from ..widgets.job_list import problem_text
from .base import ActionTab
from .results import ResultList, numbered_items


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
        self.results.show_items([], self.use_prompt.emit)
        self.results.show_status(self.tr("Shortening…"))
        spawn(self._wait(job))

    async def _wait(self, job: Job) -> None:
        await self.backend.wait(job)
        problem = problem_text(job)
        if problem is not None:
            self.results.show_status(problem)
            return
        text = (job.task.final_prompt or "") if job.task else ""
        items = numbered_items(text)
        self.results.show_status("" if items else self.tr("The server returned no shorter prompts."))
        self.results.show_items(items, self.use_prompt.emit)
