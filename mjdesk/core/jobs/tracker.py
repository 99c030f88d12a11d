"""Polling of one server: every unfinished task in a few batched requests per cycle.

The tracker only knows remote task ids and what it saw last; it reports each cycle's changes to
the service (which writes the library and sends events) and decides when to poll next:
``running_interval`` while a task runs, ``waiting_interval`` while tasks only wait, not at all
while nothing is tracked (a submit wakes it), and with exponential backoff after errors.

Nothing a server sends ends the tracking (issue 10). An answer that cannot be read (not JSON,
nested 100k deep, the wrong shape) is a failed cycle like a network error: backoff, and a
``ServerHealth`` event that the window and the CLI show. A task that cannot be read affects only
itself: ``Task.from_json`` never raises (property-tested with arbitrary JSON) and makes every text
storable, and should reading one task fail anyway, it is left as it was, logged, counted in the
health event's ``unreadable_tasks`` and read again next cycle — never failed by us: the server may
well send it properly later, and a wrongly failed job would stop being tracked for good. Any other
exception in a cycle is logged and counts as a failed cycle; the loop itself never ends.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from mjdesk.core.api import Endpoint, MjClient, MjError, RawTaskList, Task, TaskStatus, UnsupportedError
from mjdesk.core.api.errors import NetworkError, ServerError, UnexpectedResponseError
from mjdesk.core.api.models import task_id_of
from mjdesk.core.cancel import cancel_and_wait, log_failure
from mjdesk.core.i18n import QT_TRANSLATE_NOOP

from ..backoff import Backoff
from .events import HealthState, ServerHealth
from .policy import PollPolicy

log = logging.getLogger(__name__)

Fingerprint = tuple[object, ...]
Mode = Literal["idle", "waiting", "running", "backoff", "stopped"]


def fingerprint(task: Task) -> Fingerprint:
    """What a user can see change; a task whose fingerprint is unchanged is not written again."""
    return (
        task.status,
        task.progress_raw,
        task.image_url,
        tuple(task.image_urls),
        task.video_url,
        tuple(task.video_urls),
        task.fail_reason,
        task.final_prompt,
        tuple(b.custom_id for b in task.buttons),
    )


@dataclass
class Tracked:
    job_id: int
    remote_id: str
    submitted_at: float  # wall-clock seconds; a task younger than the grace is never "lost"
    status: TaskStatus | None = None
    seen: Fingerprint | None = None
    # The task object behind ``seen``, as the server sent it: an identical answer is unchanged
    # without being parsed (most of a poll's tasks, most of the time).
    seen_raw: dict[str, Any] | None = None
    missing: int = 0  # consecutive successful cycles whose answers lacked this task
    # The server accepted our modal answer: a MODAL row from a poll that was already under way
    # is stale and must not put the job back to "waiting for you".
    modal_answered: bool = False


@dataclass(frozen=True)
class CycleStats:
    """What one poll cycle cost, for diagnostics and the benchmark."""

    started: float  # wall clock
    tracked: int
    requests: int
    changed: int
    cpu: float  # process CPU seconds from the first request to the last event
    wall: float


@dataclass
class CycleReport:
    changed: list[tuple[Tracked, Task]] = field(default_factory=list)
    lost: list[Tracked] = field(default_factory=list)
    requests: int = 0
    errors: list[MjError] = field(default_factory=list)
    # Tasks in the answers whose JSON differs from the last one seen, parsed; ``same`` has the ids
    # of those sent exactly as last time (not parsed: nothing about them can have changed).
    found: dict[str, Task] = field(default_factory=dict)
    same: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # answered for, but not in the answer
    # Tasks in the answers that could not be read at all: kept tracked (as they were) and read
    # again next cycle; the server's health names how many there are.
    unreadable: list[str] = field(default_factory=list)


OnCycle = Callable[[CycleReport], Awaitable[None]]
OnHealth = Callable[[ServerHealth], None]


def _unreadable_answer(exc: BaseException) -> UnexpectedResponseError:
    """What an answer that broke our own reading of it counts as: the server's error."""
    return UnexpectedResponseError(
        type(exc).__name__,
        summary=QT_TRANSLATE_NOOP("MjError", "The server sent an answer that cannot be read."),
    )


def health_state(error: MjError) -> HealthState:
    if isinstance(error, UnexpectedResponseError):
        return "unreadable"
    if isinstance(error, NetworkError | ServerError):
        return "unreachable"
    return "failing"


class ServerTracker:
    def __init__(
        self,
        profile_name: str,
        client: MjClient,
        policy: PollPolicy,
        on_cycle: OnCycle,
        *,
        clock: Callable[[], float] = time.time,
        on_health: OnHealth | None = None,
    ) -> None:
        self.profile_name = profile_name
        self._client = client
        self._policy = policy
        self._on_cycle = on_cycle
        self._on_health = on_health
        self._clock = clock
        self._jobs: dict[str, Tracked] = {}
        self._wake = asyncio.Event()
        self._backoff = Backoff(policy.error_backoff, policy.error_backoff_cap)
        self._task: asyncio.Task[None] | None = None
        self._use_list = Endpoint.LIST_BY_CONDITION in client.profile.capabilities
        # Last cycle's answer per batch of ids: a byte-identical answer is then not even decoded.
        self._answers: dict[tuple[str, ...], RawTaskList] = {}
        self.mode: Mode = "stopped"
        self.last_error: MjError | None = None
        self.health = ServerHealth(profile_name, "ok")
        self.cycles = 0
        self.stats: deque[CycleStats] = deque(maxlen=100)

    # -- what is tracked ------------------------------------------------------------------------

    def track(
        self, job_id: int, remote_id: str, submitted_at: float | None = None, status: TaskStatus | None = None
    ) -> None:
        if remote_id not in self._jobs:
            self._jobs[remote_id] = Tracked(job_id, remote_id, submitted_at or self._clock(), status)

    def modal_answered(self, remote_id: str) -> None:
        tracked = self._jobs.get(remote_id)
        if tracked is not None:
            tracked.modal_answered = True
            tracked.status = TaskStatus.SUBMITTED
            tracked.seen = tracked.seen_raw = None

    def forget_seen(self, remote_id: str) -> None:
        """Report the task at the next poll even if it looks the same as last time."""
        tracked = self._jobs.get(remote_id)
        if tracked is not None:
            tracked.seen = tracked.seen_raw = None

    def untrack(self, remote_id: str) -> None:
        self._jobs.pop(remote_id, None)

    def tracked(self) -> list[Tracked]:
        return list(self._jobs.values())

    def wake(self) -> None:
        """Poll soon: something was submitted (a backoff after errors is still honoured)."""
        self._wake.set()

    # -- lifecycle ------------------------------------------------------------------------------

    def start(self) -> None:
        if self._task is None:
            self._task = asyncio.get_running_loop().create_task(self._run(), name=f"mjdesk-tracker-{self.profile_name}")
            self._task.add_done_callback(log_failure)

    async def aclose(self) -> None:
        task, self._task = self._task, None
        if task is not None:
            await cancel_and_wait([task])
        self.mode = "stopped"

    async def _run(self) -> None:
        while True:
            if not self._jobs:
                self.mode = "idle"
                self._wake.clear()
                await self._wake.wait()
                continue
            self._wake.clear()
            started, cpu, wall = self._clock(), time.process_time(), time.perf_counter()
            tracked = len(self._jobs)
            try:
                report = await self.poll_once()
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                # Never the end of tracking for every job of this server: a failed cycle. The
                # client's errors are scrubbed of the key; this is a bug of ours or an answer that
                # broke the reading of it, so its type and traceback are what helps.
                log.exception("polling %s failed unexpectedly", self.profile_name)
                report = CycleReport(errors=[_unreadable_answer(exc)])
            try:
                await self._on_cycle(report)
            except asyncio.CancelledError:
                raise
            except Exception:
                # A failed write must not stop the tracking of every other job; the next cycle
                # sees the same changes again because nothing was committed.
                log.exception("applying a poll cycle of %s failed", self.profile_name)
                await self._sleep(self._backoff.next_delay(), wakeable=False)
                continue
            self._commit(report)
            self.stats.append(
                CycleStats(
                    started,
                    tracked,
                    report.requests,
                    len(report.changed),
                    time.process_time() - cpu,
                    time.perf_counter() - wall,
                )
            )
            if report.errors:
                self.last_error = report.errors[-1]
                self.mode = "backoff"
                delay = self._backoff.next_delay()
                log.info("polling %s failed (%s); next try in %.1f s", self.profile_name, self.last_error, delay)
                self._set_health(
                    ServerHealth(self.profile_name, health_state(self.last_error), delay, str(self.last_error))
                )
                await self._sleep(delay, wakeable=False)
                continue
            self._backoff.reset()
            self.last_error = None
            self._set_health(ServerHealth(self.profile_name, "ok", unreadable_tasks=len(report.unreadable)))
            running = any(t.status is TaskStatus.IN_PROGRESS for t in self._jobs.values())
            self.mode = "running" if running else "waiting"
            interval = self._policy.running_interval if running else self._policy.waiting_interval
            # Cycles start at a fixed rate, not a fixed pause after the last one: a change on the
            # server is then seen within one interval plus the time a cycle takes.
            await self._sleep(max(0.0, interval - (time.perf_counter() - wall)), wakeable=True)

    def _set_health(self, health: ServerHealth) -> None:
        """Publish a change; a failure is published every cycle (its ``retry_in`` moves on)."""
        changed = health != self.health
        self.health = health
        if self._on_health is not None and (changed or not health.ok):
            try:
                self._on_health(health)
            except Exception:
                log.exception("publishing the health of %s failed", self.profile_name)

    async def _sleep(self, delay: float, *, wakeable: bool) -> None:
        if not wakeable:
            await asyncio.sleep(delay)
            return
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(delay):
                await self._wake.wait()

    # -- one cycle ------------------------------------------------------------------------------

    async def poll_once(self) -> CycleReport:
        """Ask the server about every tracked task; report what changed. Commits nothing."""
        self.cycles += 1
        report = CycleReport()
        ids = list(self._jobs)
        answered: set[str] = set()  # ids whose request succeeded, found or not
        answers: dict[str, dict[str, Any]] = {}
        previous, self._answers = self._answers, {}
        limit = asyncio.Semaphore(self._policy.fetch_concurrency)

        async def fetch_batch(batch: list[str]) -> None:
            key = tuple(batch)
            async with limit:
                report.requests += 1
                try:
                    objs = await self._client.list_raw(batch, previous=previous.get(key))
                except UnsupportedError:
                    objs = None
                except MjError as exc:
                    report.errors.append(exc)
                    return
                except Exception as exc:  # e.g. RecursionError decoding 100k nested brackets
                    log.warning("the answer of %s could not be read: %r", self.profile_name, exc)
                    report.errors.append(_unreadable_answer(exc))
                    return
            if objs is None:
                # The server has no batch endpoint after all: fetch one by one from now on.
                self._use_list = False
                await asyncio.gather(*(fetch_one(i) for i in batch))
                return
            self._answers[key] = objs
            answered.update(batch)
            for obj in objs:
                answers[task_id_of(obj)] = obj

        async def fetch_one(remote_id: str) -> None:
            async with limit:
                report.requests += 1
                try:
                    obj = await self._client.fetch_raw(remote_id)
                except MjError as exc:
                    report.errors.append(exc)
                    return
                except Exception as exc:
                    log.warning("the answer of %s could not be read: %r", self.profile_name, exc)
                    report.errors.append(_unreadable_answer(exc))
                    return
            answered.add(remote_id)
            if obj is not None:
                answers[remote_id] = obj

        if self._use_list:
            size = self._policy.batch_size
            await asyncio.gather(*(fetch_batch(ids[i : i + size]) for i in range(0, len(ids), size)))
        else:
            await asyncio.gather(*(fetch_one(i) for i in ids))

        now = self._clock()
        dialect = self._client.profile.dialect
        for remote_id in ids:
            tracked = self._jobs.get(remote_id)
            if tracked is None or remote_id not in answered:
                continue
            obj = answers.get(remote_id)
            if obj is None:
                report.missing.append(remote_id)
                if (
                    tracked.missing + 1 >= self._policy.lost_after_cycles
                    and now - tracked.submitted_at >= self._policy.lost_grace
                ):
                    report.lost.append(tracked)
                continue
            try:
                self._read(tracked, obj, dialect, report)
            except Exception:
                # Task.from_json is built never to raise; should it anyway, only this task waits.
                log.exception("task %s of %s could not be read", remote_id, self.profile_name)
                report.unreadable.append(remote_id)
        return report

    @staticmethod
    def _read(tracked: Tracked, obj: dict[str, Any], dialect: Any, report: CycleReport) -> None:
        if obj == tracked.seen_raw:
            report.same.append(tracked.remote_id)
            return
        task = Task.from_json(obj, dialect)
        report.found[tracked.remote_id] = task
        if is_stale(tracked, task):
            return
        if fingerprint(task) != tracked.seen:
            report.changed.append((tracked, task))

    def _commit(self, report: CycleReport) -> None:
        for remote_id in report.missing:
            if remote_id in self._jobs:
                self._jobs[remote_id].missing += 1
        for remote_id in report.same:
            if remote_id in self._jobs:
                self._jobs[remote_id].missing = 0
        for remote_id, task in report.found.items():
            tracked = self._jobs.get(remote_id)
            if tracked is None:
                continue
            tracked.missing = 0
            if is_stale(tracked, task):
                continue
            tracked.status = task.status
            tracked.seen = fingerprint(task)
            tracked.seen_raw = task.raw
            if task.is_terminal:
                del self._jobs[remote_id]
        for tracked in report.lost:
            self._jobs.pop(tracked.remote_id, None)


def is_stale(tracked: Tracked, task: Task) -> bool:
    """A row that says less than what we already know about the task."""
    # A gateway's placeholder row (new-api's status "" before its own first poll) says nothing
    # new, and must not overwrite MODAL while the user paints a mask.
    if task.status is TaskStatus.PENDING and tracked.status is not None:
        return True
    return task.status is TaskStatus.MODAL and tracked.modal_answered
