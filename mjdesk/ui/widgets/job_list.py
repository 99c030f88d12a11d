"""The jobs in the library, newest first: what was sent, where it stands, why it failed, and the
decisions only the user can make (send again after an unknown outcome, cancel a deferred submit).

A stand-in for the gallery (its own issue); it reads only Backend jobs and signals.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtGui import QShowEvent
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
from shiboken6 import isValid

from mjdesk.core.text import clip

from ..backend import Backend
from ..job_model import Job, JobState
from ..job_texts import can_send_again, endpoint_label, problem_text, state_label

_COLORS = {
    JobState.FAILED: "#c0392b",
    JobState.SUCCESS: "#1e8449",
    JobState.UNKNOWN: "#9a6700",
    JobState.DEFERRED: "#9a6700",
    JobState.WAITING: "#9a6700",
    JobState.WITHDRAWN: "palette(placeholder-text)",
}
TITLE_CHARS = 140
# Rows kept: the newest, plus every job waiting on a decision (resubmit, dismiss, cancel). A row
# is a frame with three labels and three buttons; a library resuming thousands of downloads made
# thousands of them (over 200 MB). The gallery has every job.
MAX_ROWS = 150
ROWS_PER_TURN = 10


def needs_decision(job: Job) -> bool:
    return can_send_again(job) or job.state in (JobState.UNKNOWN, JobState.DEFERRED, JobState.WAITING)


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
        title = clip(job.title, TITLE_CHARS)
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
        self.cancel_button.setVisible(job.state in (JobState.DEFERRED, JobState.IN_QUEUE) and job.id is not None)
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
                "No jobs yet.\nWhat you submit from the tabs on the left appears here, with its progress and result."
            ),
            self,
        )
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.empty.setStyleSheet("color: palette(placeholder-text); padding: 24px;")
        self.scroll_area = QScrollArea(self)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setAccessibleName(self.tr("Submitted jobs"))
        body = QWidget(self.scroll_area)
        self._layout = QVBoxLayout(body)
        self._layout.setContentsMargins(0, 0, 4, 0)
        self._layout.setSpacing(6)
        self._layout.addStretch(1)
        self.scroll_area.setWidget(body)
        stack.addWidget(self.empty)
        stack.addWidget(self.scroll_area)
        self._stack = stack
        # New rows are made a few per turn of the event loop: a row is ~0.7 ms to build, and a
        # matrix adds hundreds of jobs at once (benchmarks/matrix_submit.py).
        self._pending: list[Job] = []
        self._pending_timer = QTimer(self)
        self._pending_timer.setInterval(0)
        self._pending_timer.timeout.connect(self._add_some)
        backend.job_added.connect(self._add)
        backend.job_changed.connect(self._update)
        jobs = backend.jobs  # oldest first
        newest = {id(job) for job in jobs[-MAX_ROWS:]}
        for job in jobs:
            if id(job) in newest or needs_decision(job):
                self._add(job)

    def rows(self) -> list[JobRow]:
        """Newest first, as shown."""
        self._add_pending(len(self._pending))
        return self._shown_rows()

    def _shown_rows(self) -> list[JobRow]:
        count = self._layout.count() - 1  # the stretch at the end
        items = (self._layout.itemAt(i) for i in range(count))
        return [w for item in items if item is not None and isinstance(w := item.widget(), JobRow)]

    def row(self, job: Job) -> JobRow | None:
        self._add_pending(len(self._pending))
        return self._rows.get(job.local_id)

    def _add(self, job: Job) -> None:
        self._pending.append(job)
        self._stack.setCurrentWidget(self.scroll_area)
        if len(self._pending) > MAX_ROWS:
            # Rows past MAX_ROWS would be trimmed as soon as made: only those needing a decision stay.
            cut = len(self._pending) - MAX_ROWS
            self._pending = [j for j in self._pending[:cut] if needs_decision(j)] + self._pending[cut:]
        # Hidden (another side tab is up, as usual), rows wait until the list is shown.
        if self.isVisible() and not self._pending_timer.isActive():
            self._pending_timer.start()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._pending and not self._pending_timer.isActive():
            self._pending_timer.start()

    def _add_some(self) -> None:
        self._add_pending(ROWS_PER_TURN)

    def _add_pending(self, count: int) -> None:
        batch, self._pending = self._pending[:count], self._pending[count:]
        if not self._pending and isValid(self._pending_timer):
            self._pending_timer.stop()
        for job in batch:
            self._add_row(job)

    def _add_row(self, job: Job) -> None:
        row = JobRow(self.backend, job, self.scroll_area.widget())
        self._rows[job.local_id] = row
        self._layout.insertWidget(0, row)
        self._stack.setCurrentWidget(self.scroll_area)
        if len(self._rows) > MAX_ROWS:
            self._trim()

    def _trim(self) -> None:
        """Drop the oldest rows beyond MAX_ROWS that wait on no decision."""
        plain = [row for row in self._shown_rows() if not needs_decision(row.job)]
        for row in plain[MAX_ROWS:]:
            self._rows.pop(row.job.local_id, None)
            self._layout.removeWidget(row)
            row.deleteLater()

    def _update(self, job: Job) -> None:
        row = self._rows.get(job.local_id)
        if row is not None:
            row.update_view()
