"""Video: animate a start image (optionally towards an end image), or extend a finished video."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QComboBox, QFormLayout, QPlainTextEdit, QSpinBox, QWidget

from mjdesk.core.api.dialects import Endpoint
from mjdesk.core.api.requests import SubmitRequest, VideoRequest
from mjdesk.core.text import clip

from ..job_model import Job, JobState
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

        # One form for everything, so its labels line up in both modes; the images span it.
        self.start = ImageInput(services.pool, title=self.tr("Start image"), max_count=1, parent=self)
        self.end = ImageInput(services.pool, title=self.tr("End image (optional)"), max_count=1, parent=self)
        for widget in (self.start, self.end):
            widget.changed.connect(self.refresh)
            form.addRow(widget)

        # The finished videos of this server, newest first; a task id can still be typed (a video
        # made elsewhere, or older than what the app loaded).
        self.task_id = QComboBox(self)
        self.task_id.setEditable(True)
        self.task_id.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        if (task_edit := self.task_id.lineEdit()) is not None:  # always, now that the box is editable
            task_edit.setPlaceholderText(self.tr("pick a finished video, or type its task id"))
        self.task_id.setAccessibleName(self.tr("Video task to extend"))
        self.task_id.setMinimumContentsLength(24)
        self.task_id.currentTextChanged.connect(self.refresh)
        form.addRow(self.tr("&Video to extend"), self.task_id)
        self.index = QSpinBox(self)
        self.index.setRange(1, 4)
        self.index.setAccessibleName(self.tr("Which video of the batch to extend"))
        form.addRow(self.tr("Video &number"), self.index)
        self.motion = QComboBox(self)
        self.motion.addItem(self.tr("Low (calm scenes)"), "low")
        self.motion.addItem(self.tr("High (lots of movement)"), "high")
        self.motion.setAccessibleName(self.tr("Motion"))
        form.addRow(self.tr("M&otion"), self.motion)
        self.loop = QCheckBox(self.tr("&Loop (end where it starts)"), self)
        self.loop.setAccessibleName(self.tr("Loop"))
        self.loop.toggled.connect(self.refresh)
        form.addRow("", self.loop)
        self.batch = QComboBox(self)
        self.batch.addItem(self.tr("Server default"), None)
        for n in (1, 2, 4):
            self.batch.addItem(str(n), n)
        self.batch.setAccessibleName(self.tr("Number of videos"))
        form.addRow(self.tr("&Batch size"), self.batch)
        self.hd = QCheckBox(self.tr("&HD (720p; the account must allow it)"), self)
        self.hd.setAccessibleName(self.tr("High-definition video, 720p"))
        form.addRow("", self.hd)
        self.form.addLayout(form)
        self.form.addStretch(1)
        self._rows = form
        self._videos: list[str] = []  # task ids in the list, to rebuild it only when they change
        services.backend.job_added.connect(self._job_changed)
        services.backend.job_changed.connect(self._job_changed)
        services.backend.profiles_changed.connect(self._fill_videos)
        self._fill_videos()
        self._mode_changed()

    def extend(self, task_id: str, index: int = 1) -> None:
        """Switch to extending ``task_id`` (e.g. from the gallery): video ``index`` of its batch."""
        self.mode.setCurrentIndex(self.mode.findData("extend"))
        self._fill_videos()
        self._show_task(task_id)
        self.index.setValue(index)

    def _job_changed(self, job: Job) -> None:
        if job.endpoint is Endpoint.VIDEO and job.state.finished:
            self._fill_videos()

    def _finished_videos(self) -> list[Job]:
        profile = self.services.backend.profile
        return [
            job
            for job in reversed(self.services.backend.jobs)
            if job.endpoint is Endpoint.VIDEO
            and job.state is JobState.SUCCESS
            and job.task_id
            and job.record is not None
            and profile is not None
            and job.record.profile == profile.name
        ]

    def _fill_videos(self) -> None:
        videos = self._finished_videos()
        ids = [job.task_id or "" for job in videos]
        if ids == self._videos:
            return
        self._videos = ids
        typed = self.video_task_id()
        self.task_id.blockSignals(True)
        self.task_id.clear()
        for job in videos:
            self.task_id.addItem(
                self.tr("{title} — task {id}").format(title=clip(job.title, 60), id=job.task_id), job.task_id
            )
        self._show_task(typed)
        self.task_id.blockSignals(False)
        self.refresh()

    def _show_task(self, task_id: str) -> None:
        """Select the listed video ``task_id``, or show it typed when it is not in the list."""
        found = self.task_id.findData(task_id) if task_id else -1
        if found >= 0:
            self.task_id.setCurrentIndex(found)
        else:
            self.task_id.setEditText(task_id)

    def video_task_id(self) -> str:
        """The picked video's task id, or what was typed."""
        text = self.task_id.currentText().strip()
        found = self.task_id.findText(text)
        if found >= 0 and self.task_id.itemData(found):
            return str(self.task_id.itemData(found))
        return text

    def _extending(self) -> bool:
        mode: str = self.mode.currentData()
        return mode == "extend"

    def _mode_changed(self) -> None:
        extending = self._extending()
        for image in (self.start, self.end):
            self._rows.setRowVisible(image, not extending)
        for field in (self.task_id, self.index):
            self._rows.setRowVisible(field, extending)
        self.refresh()

    def validation_reason(self) -> str | None:
        if not self.prompt.toPlainText().strip():
            return self.tr("Describe the motion in the prompt.")
        if self._extending():
            return None if self.video_task_id() else self.tr("Pick the video to extend, or enter its task id.")
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
            "hd": self.hd.isChecked(),
        }
        if self._extending():
            # The server numbers the videos of a batch from 0; people count from 1.
            return VideoRequest(task_id=self.video_task_id(), index=self.index.value() - 1, action="extend", **common)
        end = self.end.images()
        return VideoRequest(image=self.start.images()[0].data_url, end_image=end[0].data_url if end else None, **common)

    def job_title(self) -> str:
        return self.prompt.toPlainText().strip()
