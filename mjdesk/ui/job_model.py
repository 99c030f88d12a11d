"""What the window shows of a job: its state in words the UI uses (``JobState``), the ``Job`` row
that follows the library's record, and how a record's state and error are derived from what the
library kept."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum
from types import ModuleType
from typing import TYPE_CHECKING, Any

from mjdesk.core.api import errors as api_errors
from mjdesk.core.api.dialects import Endpoint
from mjdesk.core.api.errors import MjError

if TYPE_CHECKING:
    import asyncio

    from mjdesk.core.api.models import Task
    from mjdesk.core.library import JobRecord


def _asyncio() -> ModuleType:
    # The window exists before the event loop: asyncio, and ssl behind it, are imported once the
    # window is on screen (~25 ms less before the first paint).
    import asyncio

    return asyncio


class JobState(StrEnum):
    SUBMITTING = "submitting"
    IN_QUEUE = "in_queue"  # waits in the user's own queue, not sent yet (maybe on hold)
    QUEUED = "queued"
    RUNNING = "running"
    WAITING = "waiting"  # the server waits for the user's answer (Vary Region, Custom Zoom, ...)
    SUCCESS = "success"
    FAILED = "failed"
    UNKNOWN = "unknown"  # may not have reached the server: the user decides
    DEFERRED = "deferred"  # queue full: sent again when it frees
    WITHDRAWN = "withdrawn"

    @property
    def finished(self) -> bool:
        """Nothing more happens without the user."""
        return self in (JobState.SUCCESS, JobState.FAILED, JobState.UNKNOWN, JobState.WITHDRAWN)


@dataclass(eq=False)
class Job:
    """One row of the job list: the library's record once it exists, and what the UI derives."""

    local_id: int
    endpoint: Endpoint
    title: str
    record: JobRecord | None = None
    state: JobState = JobState.SUBMITTING
    error: MjError | None = None
    dialect: str | None = None
    # Polling its server fails right now: its last known progress may be stale (see Backend._on_health).
    server_waiting: bool = False
    done: asyncio.Event = field(default_factory=lambda: _asyncio().Event(), repr=False)

    @property
    def id(self) -> int | None:
        return self.record.id if self.record is not None else None

    @property
    def progress(self) -> int | None:
        return self.record.progress if self.record is not None else None

    @property
    def task_id(self) -> str | None:
        return self.record.remote_id if self.record is not None else None

    @property
    def queue_position(self) -> int | None:
        return self.record.queued_position if self.record is not None else None

    @property
    def downloaded(self) -> bool:
        return self.record is not None and self.record.downloaded_at is not None

    @property
    def task(self) -> Task | None:
        if self.record is None or not self.record.raw:
            return None
        from mjdesk.core.api.models import Task

        return Task.from_json(self.record.raw, self.dialect)  # type: ignore[arg-type]

    @property
    def urls(self) -> list[str]:
        """An upload's links."""
        raw = self.record.raw if self.record is not None else None
        return [u for u in (raw or {}).get("urls", []) if isinstance(u, str)]

    def apply(self, record: JobRecord) -> None:
        self.record = record
        self.title = record_title(record) or self.title
        self.state = state_of(record)
        self.error = error_of(record, self.dialect)
        if self.state.finished:
            self.done.set()


def endpoint_of(action: str) -> Endpoint:
    try:
        return Endpoint(action.lower().replace("_", "-"))
    except ValueError:
        return Endpoint.ACTION  # a button press (upscale, zoom, ...) and other server-side actions


def record_title(record: JobRecord) -> str:
    return str(record.request_summary.get("title") or record.prompt or "")


def state_of(record: JobRecord) -> JobState:
    from mjdesk.core.library import SubmitState

    submit = record.submit_state
    if submit is SubmitState.SENDING:
        return JobState.SUBMITTING
    if submit is SubmitState.DEFERRED:
        return JobState.IN_QUEUE if record.waits_in_queue else JobState.DEFERRED
    if submit is SubmitState.UNKNOWN:
        return JobState.UNKNOWN
    if submit is SubmitState.REFUSED:
        return JobState.FAILED
    if submit is SubmitState.CANCELLED:
        return JobState.WITHDRAWN
    from mjdesk.core.api.models import TaskStatus  # here: ~3 ms less before the window shows

    status = TaskStatus.parse(record.status)
    if status is TaskStatus.SUCCESS:
        return JobState.SUCCESS
    if status is TaskStatus.MODAL:
        return JobState.WAITING
    if record.is_finished:
        # FAILURE, CANCEL, a task the server forgot; new-api's "100 %" counts as success.
        return JobState.SUCCESS if record.status == "IN_PROGRESS" else JobState.FAILED
    if status is TaskStatus.IN_PROGRESS:
        return JobState.RUNNING
    return JobState.QUEUED


_WORD_RE = re.compile(r": (.+)\.$")


def error_of(record: JobRecord, dialect: str | None) -> MjError | None:
    """The typed error behind a refusal or a failed task, rebuilt from what the library kept, so
    the list can show it translated with the server's own words."""
    from mjdesk.core.library import SubmitState

    if record.submit_state is SubmitState.REFUSED:
        answer = record.submit_answer or {}
        cls = getattr(api_errors, str(answer.get("error", "")), MjError)
        if not (isinstance(cls, type) and issubclass(cls, MjError)):
            cls = MjError
        kwargs: dict[str, Any] = {"http_status": answer.get("http_status"), "code": answer.get("code")}
        if cls is api_errors.BannedPromptError:
            # The word is kept only inside the English summary ("...does not allow: cat.").
            match = _WORD_RE.search(str(answer.get("summary", "")))
            kwargs["banned_word"] = match.group(1) if match else None
        return cls(str(answer.get("server_text") or ""), **kwargs)
    from mjdesk.core.jobs import STATUS_LOST  # not at the top: the job service pulls in httpx

    if state_of(record) is JobState.FAILED and record.status != STATUS_LOST and record.raw:
        from mjdesk.core.api.models import Task

        return api_errors.failure_from_task(Task.from_json(record.raw, dialect))  # type: ignore[arg-type]
    return None
