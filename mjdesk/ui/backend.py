"""The one interface the tabs submit through, and the jobs they watch.

Until the job service and library are wired in, ``DirectBackend`` talks to the server through
``MjClient`` and tracks unfinished tasks with one batched poll. Tabs only see ``Backend``: swapping
in the JobService means another subclass, not changes in the tabs.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
from dataclasses import dataclass, field
from enum import StrEnum

from PySide6.QtCore import QObject, Signal

from mjdesk.core.api.dialects import Endpoint
from mjdesk.core.api.errors import MjError, failure_from_task
from mjdesk.core.api.models import Task, TaskStatus
from mjdesk.core.api.profile import ServerProfile
from mjdesk.core.api.requests import SubmitRequest
from mjdesk.core.i18n import QT_TRANSLATE_NOOP

from .asyncutil import spawn

log = logging.getLogger("mjdesk.ui.backend")

_NO_SERVER = QT_TRANSLATE_NOOP("MjError", "No server is set up. Start mjdesk with --demo to try it.")


class JobState(StrEnum):
    SUBMITTING = "submitting"
    QUEUED = "queued"
    RUNNING = "running"
    SUCCESS = "success"
    FAILED = "failed"

    @property
    def finished(self) -> bool:
        return self in (JobState.SUCCESS, JobState.FAILED)


class ConnectionState(StrEnum):
    NONE = "none"  # no server configured
    CHECKING = "checking"
    CONNECTED = "connected"
    KEY_REFUSED = "key-refused"
    UNREACHABLE = "unreachable"


@dataclass(eq=False)
class Job:
    local_id: int
    endpoint: Endpoint
    title: str
    state: JobState = JobState.SUBMITTING
    progress: int | None = None
    task_id: str | None = None
    queue_position: int | None = None
    error: MjError | None = None
    task: Task | None = None
    urls: list[str] = field(default_factory=list)  # upload results
    done: asyncio.Event = field(default_factory=asyncio.Event, repr=False)


class Backend(QObject):
    job_added = Signal(object)
    job_changed = Signal(object)
    connection_changed = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.jobs: list[Job] = []
        self.connection = ConnectionState.NONE
        self.connection_detail = ""

    @property
    def profile(self) -> ServerProfile | None:
        return None

    def supports(self, endpoint: Endpoint) -> bool:
        return self.profile is not None and endpoint in self.profile.capabilities

    def submit(self, request: SubmitRequest, title: str) -> Job:
        """Create the job at once (state SUBMITTING) and send it in the background."""
        raise NotImplementedError

    async def wait(self, job: Job) -> Job:
        await job.done.wait()
        return job

    async def check_connection(self) -> None:
        raise NotImplementedError

    async def aclose(self) -> None:
        pass

    def counts(self) -> tuple[int, int]:
        """(running, queued) jobs, for the status bar."""
        running = sum(j.state in (JobState.RUNNING, JobState.SUBMITTING) for j in self.jobs)
        queued = sum(j.state is JobState.QUEUED for j in self.jobs)
        return running, queued

    def _set_connection(self, state: ConnectionState, detail: str = "") -> None:
        self.connection, self.connection_detail = state, detail
        self.connection_changed.emit()


class DirectBackend(Backend):
    """Submits with MjClient and polls every unfinished task of the server in one batched call."""

    def __init__(
        self,
        profile: ServerProfile | None,
        api_key: str = "",
        *,
        poll_interval: float = 2.0,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._profile = profile
        self._client = None
        if profile is not None:
            from mjdesk.core.api.client import MjClient

            self._client = MjClient(profile, api_key)
        self.poll_interval = poll_interval
        self._ids = itertools.count(1)
        self._poller: asyncio.Task[None] | None = None
        self._wake = asyncio.Event()

    @property
    def profile(self) -> ServerProfile | None:
        return self._profile

    def submit(self, request: SubmitRequest, title: str) -> Job:
        job = Job(next(self._ids), request.endpoint, title)
        self.jobs.append(job)
        self.job_added.emit(job)
        spawn(self._submit(job, request), name=f"submit-{job.local_id}")
        return job

    async def _submit(self, job: Job, request: SubmitRequest) -> None:
        try:
            if self._client is None:
                from mjdesk.core.api.errors import UnsupportedError

                raise UnsupportedError(summary=_NO_SERVER)
            result = await self._client.submit(request)
        except MjError as exc:
            log.info("submit %s refused: %r", job.endpoint.value, exc)
            self._finish(job, JobState.FAILED, error=exc)
            return
        except asyncio.CancelledError:
            raise
        if job.endpoint is Endpoint.UPLOAD:
            job.urls = result.urls
            self._finish(job, JobState.SUCCESS)
            return
        job.task_id = result.task_id
        job.queue_position = result.queue_position
        job.state = JobState.QUEUED if result.queued else JobState.RUNNING
        self.job_changed.emit(job)
        self._ensure_poller()

    def _finish(self, job: Job, state: JobState, *, error: MjError | None = None) -> None:
        job.state, job.error = state, error
        job.done.set()
        self.job_changed.emit(job)

    def _ensure_poller(self) -> None:
        self._wake.set()
        if self._poller is None or self._poller.done():
            self._poller = spawn(self._poll(), name="poll")

    async def _poll(self) -> None:
        assert self._client is not None
        while True:
            waiting = [j for j in self.jobs if j.task_id and not j.state.finished]
            if not waiting:
                return
            try:
                tasks = await self._client.list_by_condition([j.task_id for j in waiting if j.task_id])
            except MjError as exc:
                log.warning("poll failed: %r", exc)
                tasks = []
            by_id = {t.id: t for t in tasks}
            for job in waiting:
                task = by_id.get(job.task_id or "")
                if task is not None:
                    self._apply(job, task)
            self._wake.clear()
            try:
                await asyncio.wait_for(self._wake.wait(), self.poll_interval)
            except TimeoutError:
                pass

    def _apply(self, job: Job, task: Task) -> None:
        job.task, job.progress = task, task.progress
        if task.status is TaskStatus.SUCCESS:
            self._finish(job, JobState.SUCCESS)
        elif task.is_terminal:
            self._finish(job, JobState.FAILED, error=failure_from_task(task))
        else:
            running = task.status in (TaskStatus.IN_PROGRESS, TaskStatus.SUBMITTED, TaskStatus.MODAL)
            job.state = JobState.RUNNING if running else JobState.QUEUED
            self.job_changed.emit(job)

    async def check_connection(self) -> None:
        if self._client is None:
            self._set_connection(ConnectionState.NONE)
            return
        self._set_connection(ConnectionState.CHECKING)
        report = await self._client.test_connection()
        if report.ok:
            state = ConnectionState.CONNECTED
        elif report.auth_ok is False:
            state = ConnectionState.KEY_REFUSED
        else:
            state = ConnectionState.UNREACHABLE
        self._set_connection(state, report.message)

    async def aclose(self) -> None:
        if self._poller is not None:
            self._poller.cancel()
        if self._client is not None:
            await self._client.aclose()
