"""Video: animate a start image (optionally towards an end image), or extend a finished video."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QComboBox, QFormLayout, QLineEdit, QPlainTextEdit, QSpinBox, QWidget

from mjdesk.core.api.dialects import Endpoint
from mjdesk.core.api.requests import SubmitRequest, VideoRequest

from ..services import Services
from ..widgets.image_input import ImageInput
from .base import ActionTab


class VideoTab(ActionTab):
    endpoint = Endpoint.VIDEO

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(services, parent)
        form = QFormLayout()
        self.mode = QComboBox(self)
        self.mode.addItem(self.tr("New video from a start image"), "new")
        self.mode.addItem(self.tr("Extend a finished video"), "extend")
        self.mode.setAccessibleName(self.tr("What to make"))
        self.mode.currentIndexChanged.connect(self._mode_changed)
        form.addRow(self.tr("&Make"), self.mode)
        self.prompt = QPlainTextEdit(self)
        self.prompt.setPlaceholderText(self.tr("How it should move, e.g. “slow push-in, leaves drifting”"))
        self.prompt.setAccessibleName(self.tr("Video prompt"))
        self.prompt.setTabChangesFocus(True)
        self.prompt.setMaximumHeight(90)
        self.prompt.textChanged.connect(self.refresh)
        form.addRow(self.tr("&Prompt"), self.prompt)
        self.form.addLayout(form)

        self.start = ImageInput(services.pool, title=self.tr("Start image"), max_count=1, parent=self)
        self.end = ImageInput(services.pool, title=self.tr("End image (optional)"), max_count=1, parent=self)
        for widget in (self.start, self.end):
            widget.changed.connect(self.refresh)
            self.form.addWidget(widget)

        options = QFormLayout()
        self.task_id = QLineEdit(self)
        self.task_id.setPlaceholderText(self.tr("id of the finished video job"))
        self.task_id.setAccessibleName(self.tr("Video task to extend"))
        self.task_id.textChanged.connect(self.refresh)
        options.addRow(self.tr("&Video to extend"), self.task_id)
        self.index = QSpinBox(self)
        self.index.setRange(1, 4)
        self.index.setAccessibleName(self.tr("Which video of the batch to extend"))
        options.addRow(self.tr("Video &number"), self.index)
        self.motion = QComboBox(self)
        self.motion.addItem(self.tr("Low (calm scenes)"), "low")
        self.motion.addItem(self.tr("High (lots of movement)"), "high")
        self.motion.setAccessibleName(self.tr("Motion"))
        options.addRow(self.tr("M&otion"), self.motion)
        self.loop = QCheckBox(self.tr("&Loop (end where it starts)"), self)
        self.loop.setAccessibleName(self.tr("Loop"))
        self.loop.toggled.connect(self.refresh)
        options.addRow("", self.loop)
        self.batch = QComboBox(self)
        self.batch.addItem(self.tr("Server default"), None)
        for n in (1, 2, 4):
            self.batch.addItem(str(n), n)
        self.batch.setAccessibleName(self.tr("Number of videos"))
        options.addRow(self.tr("&Batch size"), self.batch)
        self.form.addLayout(options)
        self.form.addStretch(1)
        self._options = options
        self._mode_changed()

    def _extending(self) -> bool:
        return self.mode.currentData() == "extend"

    def _mode_changed(self) -> None:
        extending = self._extending()
        for widget in (self.start, self.end):
            widget.setVisible(not extending)
        for widget in (self.task_id, self.index):
            self._options.setRowVisible(widget, extending)
        self.refresh()

    def validation_reason(self) -> str | None:
        if not self.prompt.toPlainText().strip():
            return self.tr("Describe the motion in the prompt.")
        if self._extending():
            return None if self.task_id.text().strip() else self.tr("Enter the id of the video to extend.")
        if self.start.busy or self.end.busy:
            return self.tr("Wait until the images are ready.")
        if self.start.errors or self.end.errors:
            return self.tr("Replace the images that could not be used.")
        if not self.start.images():
            return self.tr("Add the start image.")
        if self.loop.isChecked() and self.end.images():
            return self.tr("A looping video ends on its start image; remove the end image or turn off Loop.")
        return None

    def build_request(self) -> SubmitRequest:
        common = {
            "prompt": self.prompt.toPlainText().strip(),
            "motion": self.motion.currentData(),
            "loop": self.loop.isChecked(),
            "batch_size": self.batch.currentData(),
        }
        if self._extending():
            # The server numbers the videos of a batch from 0; people count from 1.
            return VideoRequest(
                task_id=self.task_id.text().strip(), index=self.index.value() - 1, action="extend", **common
            )
        end = self.end.images()
        return VideoRequest(
            image=self.start.images()[0].data_url, end_image=end[0].data_url if end else None, **common
        )

    def job_title(self) -> str:
        return self.prompt.toPlainText().strip()
