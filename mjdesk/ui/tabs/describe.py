"""Describe: one image in, four prompts out, each one click away from Imagine."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QWidget

from mjdesk.core.api.dialects import Endpoint
from mjdesk.core.api.models import Task
from mjdesk.core.api.requests import DescribeRequest, SubmitRequest

from ..job_model import Job
from ..job_texts import numbered_items
from ..services import Services
from ..widgets.image_input import ImageInput
from .base import ActionTab
from .results import ResultList


class DescribeTab(ActionTab):
    endpoint = Endpoint.DESCRIBE
    use_prompt = Signal(str)

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(services, parent)
        self.image = ImageInput(services.pool, title=self.tr("Image to describe"), max_count=1, parent=self)
        self.image.changed.connect(self.refresh)
        self.form.addWidget(self.image)
        self.form.addWidget(QLabel(self.tr("<b>Suggested prompts</b>"), self))
        self.results = ResultList(self.tr("Use in Imagine"), self)
        self.results.show_status(self.tr("Submit an image to get four prompts that could have made it."))
        self.form.addWidget(self.results)
        self.form.addStretch(1)
        self.refresh()

    def validation_reason(self) -> str | None:
        if self.image.busy:
            return self.tr("Wait until the image is ready.")
        if self.image.errors:
            return self.tr("This image cannot be used; choose another one.")
        if not self.image.images():
            return self.tr("Add the image to describe.")
        return None

    def build_request(self) -> SubmitRequest:
        return DescribeRequest(image=self.image.images()[0].data_url)

    def job_title(self) -> str:
        return self.image.images()[0].name

    def submitted(self, job: Job) -> None:
        self.results.follow(
            self.backend,
            job,
            busy=self.tr("Describing…"),
            empty=self.tr("The server returned no prompts."),
            items_of=_prompts,
            use=self.use_prompt.emit,
        )


def _prompts(task: Task) -> list[str]:
    text = task.final_prompt or task.prompt or ""
    return numbered_items(text) or [line.strip() for line in text.splitlines() if line.strip()]
