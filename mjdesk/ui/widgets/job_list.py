"""The jobs in the library, newest first: what was sent, where it stands, why it failed, and the
decisions only the user can make (send again after an unknown outcome, cancel a deferred submit).

A stand-in for the gallery (its own issue); it reads only Backend jobs and signals.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QStackedLayout,
    QVBoxLayout,
    QWidget,
)

from mjdesk.core.api.dialects import Endpoint
from mjdesk.core.api.errors import NetworkError, SubmitOutcomeUnknown

from ..backend import Backend, Job, JobState
from ..texts import error_text

_COLORS = {
    JobState.FAILED: "#c0392b",
    JobState.SUCCESS: "#1e8449",
    JobState.UNKNOWN: "#9a6700",
    JobState.DEFERRED: "#9a6700",
    JobState.WAITING: "#9a6700",
    JobState.WITHDRAWN: "palette(placeholder-text)",
}
TITLE_CHARS = 140


def endpoint_label(endpoint: Endpoint) -> str:
    labels = {
        Endpoint.IMAGINE: QCoreApplication.translate("JobList", "Imagine"),
        Endpoint.BLEND: QCoreApplication.translate("JobList", "Blend"),
        Endpoint.DESCRIBE: QCoreApplication.translate("JobList", "Describe"),
        Endpoint.SHORTEN: QCoreApplication.translate("JobList", "Shorten"),
        Endpoint.SWAP_FACE: QCoreApplication.translate("JobList", "Swap Face"),
        Endpoint.VIDEO: QCoreApplication.translate("JobList", "Video"),
        Endpoint.UPLOAD: QCoreApplication.translate("JobList", "Upload"),
        Endpoint.ACTION: QCoreApplication.translate("JobList", "Follow-up"),
    }
    return labels.get(endpoint, endpoint.value)


def state_label(job: Job) -> str:
    state = job.state
    if state is JobState.SUBMITTING:
        return QCoreApplication.translate("JobList", "submitting…")
    if state is JobState.QUEUED:
        if job.queue_position:
            return QCoreApplication.translate("JobList", "queued ({count} ahead)").format(
                count=job.queue_position
            )
        return QCoreApplication.translate("JobList", "queued")
    if state is JobState.RUNNING:
        if job.progress:
            return QCoreApplication.translate("JobList", "running {progress}%").format(progress=job.progress)
        return QCoreApplication.translate("JobList", "running")
    if state is JobState.WAITING:
        return QCoreApplication.translate("JobList", "waiting for your answer")
    if state is JobState.SUCCESS:
        record = job.record
        if record is not None and record.download_error:
            return QCoreApplication.translate("JobList", "done — some results could not be saved")
        if record is not None and record.downloaded_at is None:
            return QCoreApplication.translate("JobList", "done — saving the results…")
        return QCoreApplication.translate("JobList", "done")
    if state is JobState.UNKNOWN:
        return QCoreApplication.translate("JobList", "may not have reached the server")
    if state is JobState.DEFERRED:
        return QCoreApplication.translate("JobList", "queue full — will submit when it frees")
    if state is JobState.WITHDRAWN:
        return QCoreApplication.translate("JobList", "withdrawn — nothing more is sent")
    return QCoreApplication.translate("JobList", "failed")


def problem_text(job: Job) -> str | None:
    """Why a job did not (or may not have) worked, in the user's language; None when it did."""
    record = job.record
    if job.state is JobState.UNKNOWN:
        return QCoreApplication.translate(
            "JobList",
            "The connection broke after the request left, so the server may have accepted (and "
            "charged) it. Resubmit only if it does not show up; Dismiss if it did.",
        )
    if job.state is JobState.DEFERRED:
        retry = record.retry_at if record is not None else None
        when = time.strftime("%H:%M:%S", time.localtime(retry / 1000)) if retry else "—"
        text = QCoreApplication.translate(
            "JobList", "The server's queue is full. mjdesk will try again by itself (next try at {time})."
        ).format(time=when)
        if job.error is not None and job.error.server_text:
            text += "\n" + QCoreApplication.translate("texts", "The server said: {server}").format(
                server=job.error.server_text
            )
        return text
    if job.state is not JobState.FAILED:
        return None
    if job.error is not None:
        return error_text(job.error)
    if record is not None and record.status == "LOST":
        return QCoreApplication.translate(
            "JobList", "The server no longer knows this task. Whatever was downloaded is kept."
        )
    reason = (record.fail_reason or record.submit_reason) if record is not None else None
    return reason or QCoreApplication.translate("JobList", "The job failed.")


def can_send_again(job: Job) -> bool:
    """Unknown outcome, or a network failure that proves the request never left."""
    if job.id is None:
        return False
    if job.state is JobState.UNKNOWN:
        return True
    error = job.error
    return (
        job.state is JobState.FAILED
        and isinstance(error, NetworkError)
        and not isinstance(error, SubmitOutcomeUnknown)
    )


class JobRow(QFrame):
    def __init__(self, backend: Backend, job: Job, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.backend = backend
        self.job = job
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setObjectName("jobRow")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.setSpacing(3)
        self.heading = QLabel(self)
        self.title = QLabel(self)
        self.title.setWordWrap(True)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail = QLabel(self)
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        for label in (self.heading, self.title, self.detail):
            layout.addWidget(label)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.resubmit_button = QPushButton(QCoreApplication.translate("JobList", "Resubmit"), self)
        self.resubmit_button.clicked.connect(lambda: backend.resubmit(self.job))
        self.dismiss_button = QPushButton(QCoreApplication.translate("JobList", "Dismiss"), self)
        self.dismiss_button.clicked.connect(lambda: backend.withdraw(self.job))
        self.cancel_button = QPushButton(QCoreApplication.translate("JobList", "Cancel"), self)
        self.cancel_button.clicked.connect(lambda: backend.withdraw(self.job))
        for button in (self.resubmit_button, self.dismiss_button, self.cancel_button):
            buttons.addWidget(button)
        layout.addLayout(buttons)
        self.update_view()

    def text(self) -> str:
        return "\n".join(w.text() for w in (self.heading, self.title, self.detail) if w.text())

    def update_view(self) -> None:
        job = self.job
        self.heading.setText(f"<b>{endpoint_label(job.endpoint)}</b> · {state_label(job)}")
        color = _COLORS.get(job.state)
        self.heading.setStyleSheet(f"color: {color};" if color else "")
        title = job.title if len(job.title) <= TITLE_CHARS else job.title[: TITLE_CHARS - 1] + "…"
        self.title.setText(title)
        self.title.setVisible(bool(title))
        problem = problem_text(job)
        self.detail.setText(problem or "")
        self.detail.setVisible(bool(problem))
        self.detail.setStyleSheet(f"color: {color};" if color and job.state is JobState.FAILED else "")
        again = can_send_again(job)
        self.resubmit_button.setVisible(again)
        unknown = job.state is JobState.UNKNOWN
        self.resubmit_button.setText(
            QCoreApplication.translate("JobList", "Resubmit")
            if unknown
            else QCoreApplication.translate("JobList", "Send again")
        )
        self.dismiss_button.setVisible(job.state is JobState.UNKNOWN)
        self.cancel_button.setVisible(job.state is JobState.DEFERRED and job.id is not None)
        summary = self.text().replace("<b>", "").replace("</b>", "")
        self.setAccessibleName(summary)
        self.setToolTip("\n".join(filter(None, [summary, job.task_id or ""])))
        for button, name in (
            (self.resubmit_button, QCoreApplication.translate("JobList", "Send this job again: {title}")),
            (self.dismiss_button, QCoreApplication.translate("JobList", "Dismiss this job: {title}")),
            (self.cancel_button, QCoreApplication.translate("JobList", "Cancel this queued submit: {title}")),
        ):
            button.setAccessibleName(name.format(title=title[:60]))


class JobList(QWidget):
    def __init__(self, backend: Backend, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.backend = backend
        self._rows: dict[int, JobRow] = {}
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
        self.scroll = QScrollArea(self)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setAccessibleName(self.tr("Submitted jobs"))
        body = QWidget(self.scroll)
        self._layout = QVBoxLayout(body)
        self._layout.setContentsMargins(0, 0, 4, 0)
        self._layout.setSpacing(6)
        self._layout.addStretch(1)
        self.scroll.setWidget(body)
        stack.addWidget(self.empty)
        stack.addWidget(self.scroll)
        self._stack = stack
        backend.job_added.connect(self._add)
        backend.job_changed.connect(self._update)
        for job in backend.jobs:
            self._add(job)

    def rows(self) -> list[JobRow]:
        """Newest first, as shown."""
        count = self._layout.count() - 1  # the stretch at the end
        return [w for i in range(count) if isinstance(w := self._layout.itemAt(i).widget(), JobRow)]

    def row(self, job: Job) -> JobRow | None:
        return self._rows.get(job.local_id)

    def _add(self, job: Job) -> None:
        row = JobRow(self.backend, job, self.scroll.widget())
        self._rows[job.local_id] = row
        self._layout.insertWidget(0, row)
        self._stack.setCurrentWidget(self.scroll)

    def _update(self, job: Job) -> None:
        row = self._rows.get(job.local_id)
        if row is not None:
            row.update_view()
