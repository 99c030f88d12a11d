"""Blend: two to five images merged into a new one, in a chosen shape."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QFormLayout, QWidget

from mjdesk.core.api.dialects import Endpoint
from mjdesk.core.api.requests import BlendRequest, SubmitRequest

from ..services import Services
from ..widgets.image_input import ImageInput
from .base import ActionTab


class BlendTab(ActionTab):
    endpoint = Endpoint.BLEND

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(services, parent)
        self.images = ImageInput(services.pool, title=self.tr("Images to blend (2 to 5)"), max_count=5, parent=self)
        self.images.changed.connect(self.refresh)
        self.form.addWidget(self.images)
        form = QFormLayout()
        self.shape = QComboBox(self)
        self.shape.addItem(self.tr("Square (1:1)"), "SQUARE")
        self.shape.addItem(self.tr("Portrait (2:3)"), "PORTRAIT")
        self.shape.addItem(self.tr("Landscape (3:2)"), "LANDSCAPE")
        self.shape.setAccessibleName(self.tr("Shape of the result"))
        form.addRow(self.tr("&Shape"), self.shape)
        self.form.addLayout(form)
        self.form.addStretch(1)
        self.refresh()

    def validation_reason(self) -> str | None:
        if self.images.busy:
            return self.tr("Wait until the images are ready.")
        if self.images.errors:
            return self.tr("Remove the images that could not be used.")
        if len(self.images.images()) < 2:
            return self.tr("Add at least two images to blend.")
        return None

    def build_request(self) -> SubmitRequest:
        return BlendRequest(images=[i.data_url for i in self.images.images()], dimensions=self.shape.currentData())

    def job_title(self) -> str:
        return self.tr("{count} images, {shape}").format(
            count=len(self.images.images()), shape=self.shape.currentText()
        )
