"""Swap Face: the face from one picture put into another."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from mjdesk.core.api.dialects import Endpoint
from mjdesk.core.api.requests import SubmitRequest, SwapFaceRequest

from ..services import Services
from ..widgets.image_input import ImageInput
from .base import ActionTab


class SwapFaceTab(ActionTab):
    endpoint = Endpoint.SWAP_FACE

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(services, parent)
        self.face = ImageInput(services.pool, title=self.tr("Face (the person to use)"), max_count=1, parent=self)
        self.target = ImageInput(
            services.pool,
            title=self.tr("Target (the picture to put the face into)"),
            max_count=1,
            parent=self,
        )
        for widget in (self.face, self.target):
            widget.changed.connect(self.refresh)
            self.form.addWidget(widget)
        self.form.addStretch(1)
        self.refresh()

    def validation_reason(self) -> str | None:
        if self.face.busy or self.target.busy:
            return self.tr("Wait until the images are ready.")
        if self.face.errors or self.target.errors:
            return self.tr("Replace the images that could not be used.")
        if not self.face.images():
            return self.tr("Add the face image.")
        if not self.target.images():
            return self.tr("Add the target image.")
        if self.face.images()[0].sha256 and self.face.images()[0].sha256 == self.target.images()[0].sha256:
            return self.tr("The face and the target are the same image; choose two different ones.")
        return None

    def build_request(self) -> SubmitRequest:
        return SwapFaceRequest(source=self.face.images()[0].data_url, target=self.target.images()[0].data_url)

    def job_title(self) -> str:
        return f"{self.face.images()[0].name} → {self.target.images()[0].name}"
