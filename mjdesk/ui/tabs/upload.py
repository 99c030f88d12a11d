"""Upload: images to the server's storage, giving links to copy or use as references."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from mjdesk.core.api.dialects import Endpoint
from mjdesk.core.api.requests import SubmitRequest, UploadRequest
from mjdesk.core.text import plural

from ..asyncutil import spawn
from ..job_model import Job
from ..job_texts import problem_text
from ..services import Services
from ..widgets.image_input import ImageInput
from .base import ActionTab


class UploadTab(ActionTab):
    endpoint = Endpoint.UPLOAD
    use_reference = Signal(str, str)  # kind ("sref", "cref", "oref"), url

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(services, parent)
        self.images = ImageInput(services.pool, title=self.tr("Images to upload"), max_count=10, parent=self)
        self.images.changed.connect(self.refresh)
        self.form.addWidget(self.images)
        self.form.addWidget(QLabel(self.tr("<b>Links</b>"), self))
        self.status = QLabel(
            self.tr(
                "After the upload, each image's link appears here, ready to copy or to use "
                "as a style, character or omni reference."
            ),
            self,
        )
        self.status.setWordWrap(True)
        self.form.addWidget(self.status)
        self.links = QVBoxLayout()
        self.form.addLayout(self.links)
        self.form.addStretch(1)
        self._rows: list[QWidget] = []
        self.refresh()

    def validation_reason(self) -> str | None:
        if self.images.busy:
            return self.tr("Wait until the images are ready.")
        if self.images.errors:
            return self.tr("Remove the images that could not be used.")
        if not self.images.images():
            return self.tr("Add the images to upload.")
        return None

    def build_request(self) -> SubmitRequest:
        return UploadRequest(images=[i.data_url for i in self.images.images()])

    def job_title(self) -> str:
        count = len(self.images.images())
        return plural(count, self.tr("{count} image"), self.tr("{count} images")).format(count=count)

    def submitted(self, job: Job) -> None:
        self.status.setText(self.tr("Uploading…"))
        spawn(self._wait(job))

    async def _wait(self, job: Job) -> None:
        await self.backend.wait(job)
        problem = problem_text(job)
        if problem is not None:
            self.status.setText(problem)
            return
        self.status.setText(
            plural(len(job.urls), self.tr("{count} link:"), self.tr("{count} links:")).format(count=len(job.urls))
            if job.urls
            else self.tr("The server returned no links.")
        )
        for url in job.urls:
            self._add_row(url)

    def _add_row(self, url: str) -> None:
        row = QFrame(self)
        row.setFrameShape(QFrame.Shape.StyledPanel)
        line = QHBoxLayout(row)
        label = QLabel(url, row)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        line.addWidget(label, 1)
        for text, name, action in (
            (self.tr("Copy"), self.tr("Copy the link"), lambda: QGuiApplication.clipboard().setText(url)),
            (
                self.tr("Use as --sref"),
                self.tr("Use as style reference in Imagine"),
                lambda: self.use_reference.emit("sref", url),
            ),
            (
                self.tr("Use as --cref"),
                self.tr("Use as character reference in Imagine"),
                lambda: self.use_reference.emit("cref", url),
            ),
            (
                self.tr("Use as --oref"),
                self.tr("Use as omni reference in Imagine (V7 and V8)"),
                lambda: self.use_reference.emit("oref", url),
            ),
        ):
            button = QPushButton(text, row)
            button.setAccessibleName(name)
            button.setToolTip(name)
            button.clicked.connect(action)
            line.addWidget(button)
        self.links.addWidget(row)
        self._rows.append(row)
