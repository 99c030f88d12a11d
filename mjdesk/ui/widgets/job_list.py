"""The submitted jobs, newest first: what was sent, where it stands, and why it failed.

A stand-in for the gallery (its own issue); it reads only Backend jobs and signals.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QStackedLayout, QWidget

from mjdesk.core.api.dialects import Endpoint

from ..backend import Backend, Job, JobState
from ..texts import error_text

_COLORS = {JobState.FAILED: QColor("#c0392b"), JobState.SUCCESS: QColor("#1e8449")}


def endpoint_label(endpoint: Endpoint) -> str:
    labels = {
        Endpoint.IMAGINE: QCoreApplication.translate("JobList", "Imagine"),
        Endpoint.BLEND: QCoreApplication.translate("JobList", "Blend"),
        Endpoint.DESCRIBE: QCoreApplication.translate("JobList", "Describe"),
        Endpoint.SHORTEN: QCoreApplication.translate("JobList", "Shorten"),
        Endpoint.SWAP_FACE: QCoreApplication.translate("JobList", "Swap Face"),
        Endpoint.VIDEO: QCoreApplication.translate("JobList", "Video"),
        Endpoint.UPLOAD: QCoreApplication.translate("JobList", "Upload"),
    }
    return labels.get(endpoint, endpoint.value)


def state_label(job: Job) -> str:
    if job.state is JobState.SUBMITTING:
        return QCoreApplication.translate("JobList", "submitting…")
    if job.state is JobState.QUEUED:
        if job.queue_position:
            return QCoreApplication.translate("JobList", "queued ({count} ahead)").format(
                count=job.queue_position
            )
        return QCoreApplication.translate("JobList", "queued")
    if job.state is JobState.RUNNING:
        return (
            QCoreApplication.translate("JobList", "running {progress}%").format(progress=job.progress)
            if job.progress
            else QCoreApplication.translate("JobList", "running")
        )
    if job.state is JobState.SUCCESS:
        return QCoreApplication.translate("JobList", "done")
    return QCoreApplication.translate("JobList", "failed")


class JobList(QWidget):
    def __init__(self, backend: Backend, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.backend = backend
        self._items: dict[int, QListWidgetItem] = {}
        stack = QStackedLayout(self)
        self.empty = QLabel(
            self.tr(
                "No jobs yet.\nWhat you submit from the tabs on the left appears here, "
                "with its progress and result."
            ),
            self,
        )
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.empty.setStyleSheet("color: palette(placeholder-text); padding: 24px;")
        self.list = QListWidget(self)
        self.list.setAccessibleName(self.tr("Submitted jobs"))
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(True)
        stack.addWidget(self.empty)
        stack.addWidget(self.list)
        self._stack = stack
        backend.job_added.connect(self._add)
        backend.job_changed.connect(self._update)
        for job in backend.jobs:
            self._add(job)

    def _add(self, job: Job) -> None:
        item = QListWidgetItem()
        self._items[job.local_id] = item
        self.list.insertItem(0, item)
        self._stack.setCurrentWidget(self.list)
        self._update(job)

    def _update(self, job: Job) -> None:
        item = self._items.get(job.local_id)
        if item is None:
            return
        title = job.title if len(job.title) <= 140 else job.title[:139] + "…"
        lines = [f"{endpoint_label(job.endpoint)} · {state_label(job)}", title]
        if job.error is not None:
            lines.append(error_text(job.error))
        item.setText("\n".join(lines))
        item.setToolTip("\n".join([*lines, job.task_id or ""]).strip())
        color = _COLORS.get(job.state)
        if color is not None:
            item.setForeground(color)
