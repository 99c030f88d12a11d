"""The job service: submit, track, download, resume — and tell everyone what happened.

Every job is written to the library before its submit leaves, so nothing the user started can be
lost: a crash or a broken connection in between leaves a job marked "unknown" that the user sees
and may resubmit on purpose (never automatically — the server may have accepted and billed it).
Library and Pillow work runs in worker threads; the event loop only coordinates.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, TypeVar

from mjdesk.core import api
from mjdesk.core.api import MjClient, MjError, SubmitRequest, Task, TaskAction, TaskStatus
from mjdesk.core.api.buttons import OWN_PROMPT_ACTIONS
from mjdesk.core.api.models import storable
from mjdesk.core.cancel import cancel_and_wait, log_failure
from mjdesk.core.imaging import ImageInputError
from mjdesk.core.library import (
    ImageKind,
    JobRecord,
    Library,
    LibraryError,
    QueueClaim,
    SubmitState,
    TaskUpdate,
)
from mjdesk.core.prompt import parse, strip_links

from ..backoff import Backoff
from . import downloads, payloads
from .events import Callback, EventHub, EventKind, EventStream, HealthCallback, JobEvent, ServerHealth
from .policy import PollPolicy
from .queue import QueueRunner
from .tracker import CycleReport, ServerTracker, is_stale

log = logging.getLogger(__name__)

T = TypeVar("T")
QueueFullChoice = Literal["refuse", "defer"]
ClientFactory = Callable[[str], MjClient]

# The status of a job whose task the server no longer knows (not a server word: ours).
STATUS_LOST = "LOST"
# A running job's live preview is stored as (PREVIEW, 99): a video's poster is (PREVIEW, no index),
# and the library stores "no index" as 0.
PREVIEW_INDEX = 99
STATUS_MODAL = "MODAL"
STATUS_SUCCESS = "SUCCESS"
STATUS_CANCEL = "CANCEL"  # as the library records a cancelled job (library.models)

CRASH_REASON = "The app stopped while this job was being sent; the server may have accepted it."
LOST_REASON = "The server no longer knows this task; what was downloaded is kept."


class JobError(Exception):
    """A request that does not fit the job's state (e.g. a modal answer for a finished job)."""


def settled(job: JobRecord) -> bool:
    """Nothing more happens without the user: final and downloaded (or download given up for
    now), refused, cancelled, lost, outcome unknown, or waiting for a modal answer."""
    if job.submit_state in (SubmitState.REFUSED, SubmitState.CANCELLED, SubmitState.UNKNOWN):
        return True
    if job.submit_state is SubmitState.ACCEPTED and job.status == STATUS_MODAL:
        return True
    if not job.is_finished:
        return False
    return job.status != STATUS_SUCCESS or job.downloaded_at is not None or job.download_error is not None


class JobService:
    def __init__(
        self,
        library: Library,
        *,
        client_for: ClientFactory,
        imaging_pool: Any = None,
        poll: PollPolicy | None = None,
        payload_folder: Path | None = None,
        clock: Callable[[], float] = time.time,
        queue_submits: bool = False,
    ) -> None:
        """``client_for(profile_name)`` builds the client of a profile (the service closes it);
        ``imaging_pool`` is an ``ImagingPool`` (else Pillow runs via ``asyncio.to_thread``).
        ``queue_submits``: new jobs wait in the user's queue and are sent as their server has room
        (the window); otherwise each is sent at once (the CLI, which waits for what it sends)."""
        self.library = library
        self.policy = poll or PollPolicy()
        self._client_for = client_for
        self._pool = imaging_pool
        self._clock = clock
        self._queue_submits = queue_submits
        folder = payload_folder or library.root / "pending-submits"
        self._payloads = payloads.PayloadStore(folder)
        self._hub = EventHub()
        # The library is thread-safe; its own threads keep SQLite and file writes off the loop
        # without queueing behind other to_thread users.
        self._db_threads = ThreadPoolExecutor(max_workers=2, thread_name_prefix="mjdesk-library")
        # Poll results and modal answers are written one at a time (see submit_modal).
        self._cycle_lock = asyncio.Lock()
        self._clients: dict[str, MjClient] = {}
        self._trackers: dict[str, ServerTracker] = {}
        self._runners: dict[str, QueueRunner] = {}
        self._waiting: set[int] = set()  # deferred jobs this service will send (see planned)
        self._submit_slots: dict[str, asyncio.Semaphore] = {}
        self._downloading: dict[int, asyncio.Task[None]] = {}
        self._download_rounds: dict[int, int] = {}
        self._background: set[asyncio.Task[Any]] = set()
        self._download_gate = asyncio.Semaphore(self.policy.download_concurrency)
        self._preview_gate = asyncio.Semaphore(self.policy.preview_concurrency)
        self._previews: dict[int, asyncio.Task[None]] = {}
        self._preview_seen: dict[int, tuple[str, float]] = {}  # job id -> (link, when fetched)
        self._started = False
        self._closed = False

    # -- events ---------------------------------------------------------------------------------

    def events(self, maxsize: int | None = None) -> EventStream:
        """A new subscriber's stream of every event from now on (see ``events.EventStream``)."""
        return self._hub.stream(maxsize)

    def subscribe(self, callback: Callback) -> Callable[[], None]:
        """Call ``callback(event)`` on the loop for every event; returns the unsubscribe function."""
        return self._hub.subscribe(callback)

    def subscribe_health(self, callback: HealthCallback) -> Callable[[], None]:
        """Call ``callback(health)`` on the loop when a server's polling fails, keeps failing
        (each retry) or recovers; returns the unsubscribe function."""
        return self._hub.subscribe_health(callback)

    def health(self, profile_name: str) -> ServerHealth:
        """How polling this server goes right now ("ok" while nothing is tracked)."""
        tracker = self._trackers.get(profile_name)
        return tracker.health if tracker is not None else ServerHealth(profile_name, "ok")

    def _emit(self, kind: EventKind, job: JobRecord) -> None:
        self._hub.publish(JobEvent(kind, job.id, job))
        runner = self._runners.get(job.profile)
        if runner is not None:
            runner.wake()  # a job that ended, or became a modal, may have freed a slot

    async def wait(self, job_id: int, *, timeout: float | None = None) -> JobRecord:
        """The job once ``settled`` (see there); ``TimeoutError`` after ``timeout`` seconds."""
        stream = self.events()
        try:
            async with asyncio.timeout(timeout):
                job = await self.job(job_id)
                while not settled(job):
                    event = await stream.__anext__()
                    if event.job_id == job_id:
                        job = event.job
                return job
        finally:
            stream.close()

    # -- plumbing -------------------------------------------------------------------------------

    async def _db(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
        loop = asyncio.get_running_loop()
        result: T = await loop.run_in_executor(self._db_threads, functools.partial(fn, *args, **kwargs))
        return result

    async def _in_pool(self, fn: Callable[..., T], /, *args: Any) -> T:
        if self._pool is not None:
            pooled: T = await self._pool.run(fn, *args)
            return pooled
        return await asyncio.to_thread(fn, *args)

    def _spawn(self, coro: Any, name: str) -> asyncio.Task[Any]:
        task = asyncio.get_running_loop().create_task(coro, name=name)
        self._background.add(task)
        task.add_done_callback(self._background.discard)
        task.add_done_callback(log_failure)
        return task

    def client(self, profile_name: str) -> MjClient:
        """The shared client of a profile, created on first use and closed by ``aclose``."""
        client = self._clients.get(profile_name)
        if client is None:
            client = self._clients[profile_name] = self._client_for(profile_name)
        return client

    async def prepare_client(self, profile_name: str) -> None:
        """Build a profile's client in a worker thread ahead of its first use: its TLS context
        reads the certificate store (~40 ms), which would otherwise stall the loop at the first
        submit."""
        if profile_name in self._clients:
            return
        client = await asyncio.to_thread(self._client_for, profile_name)
        if self._clients.setdefault(profile_name, client) is not client:
            await client.aclose()  # made meanwhile on the loop: keep that one

    def _tracker(self, profile_name: str) -> ServerTracker:
        tracker = self._trackers.get(profile_name)
        if tracker is None:
            tracker = ServerTracker(
                profile_name,
                self.client(profile_name),
                self.policy,
                self._apply_cycle,
                clock=self._clock,
                on_health=self._hub.publish_health,
            )
            self._trackers[profile_name] = tracker
            tracker.start()
        return tracker

    def tracker(self, profile_name: str) -> ServerTracker | None:
        """The poller of a server, for its ``mode``, ``last_error`` and ``cycles`` (a status line)."""
        return self._trackers.get(profile_name)

    async def job(self, job_id: int) -> JobRecord:
        return await self._db(self.library.job, job_id)

    def planned(self, job_id: int) -> frozenset[str]:
        """What the service will still do for this job on its own: ``"send"`` (a deferred submit
        waits for its moment), ``"track"`` (its task is polled), ``"download"`` (its results are
        being fetched). Empty: nothing more happens to it without the user."""
        plans = set()
        if job_id in self._waiting:
            plans.add("send")
        if job_id in self._downloading and not self._downloading[job_id].done():
            plans.add("download")
        if any(t.job_id == job_id for tracker in self._trackers.values() for t in tracker.tracked()):
            plans.add("track")
        return frozenset(plans)

    # -- lifecycle ------------------------------------------------------------------------------

    async def __aenter__(self) -> JobService:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def start(self) -> None:
        """Resume every unfinished job of every profile: jobs caught mid-submit by a crash become
        "unknown", deferred submits are rescheduled, accepted ones tracked, downloads completed."""
        if self._started:
            return
        self._started = True
        await self._sweep_stale_sending()
        # One more sweep for jobs another process was still sending a moment ago.
        self._spawn(self._sweep_stale_sending(self.policy.stale_sending_after), "mjdesk-sending-sweep")
        for job in await self._db(self.library.unfinished_jobs):
            self._resume(job)
        for job in await self._db(self.library.jobs_needing_download):
            self._schedule_download(job.id)

    async def _sweep_stale_sending(self, delay: float = 0.0) -> None:
        await asyncio.sleep(delay)
        ids = await self._db(
            self.library.mark_stale_sending_unknown, int(self.policy.stale_sending_after * 1000), CRASH_REASON
        )
        for job_id in ids:
            self._emit("unknown", await self.job(job_id))

    def _resume(self, job: JobRecord) -> None:
        if job.submit_state is SubmitState.DEFERRED:
            self._waiting.add(job.id)
            self._runner(job.profile).wake()
        elif job.submit_state is SubmitState.ACCEPTED and job.remote_id:
            try:
                tracker = self._tracker(job.profile)
            except Exception as exc:  # a deleted profile or a lost key must not stop the others
                log.warning("cannot resume job %s of profile %r: %s", job.id, job.profile, exc)
                return
            tracker.track(job.id, job.remote_id, _seconds(job.submitted_at), _status_of(job))
            tracker.wake()

    async def aclose(self) -> None:
        """Stop tracking, cancel deferred submits and downloads, close the clients. Idempotent.

        Files are never half-written: the library's file store writes atomically, and a job cut
        off mid-submit is marked unknown before the task ends.
        """
        if self._closed:
            return
        self._closed = True
        for tracker in self._trackers.values():
            await tracker.aclose()
        await cancel_and_wait(list(self._background))
        for client in self._clients.values():
            with contextlib.suppress(Exception):
                await client.aclose()
        self._hub.close()
        self._db_threads.shutdown(wait=True)

    # -- submitting -----------------------------------------------------------------------------

    async def submit(
        self,
        profile_name: str,
        request: SubmitRequest,
        *,
        parent_job_id: int | None = None,
        parent_button: str | None = None,
        summary: dict[str, Any] | None = None,
        when_queue_full: QueueFullChoice = "refuse",
        queued: bool | None = None,
    ) -> JobRecord:
        """Record the job, then send it; returns the job as the server's answer left it.

        ``queued`` (default: as the service was built) puts the job in the user's queue instead and
        returns it waiting there; the queue sends it when its server has room.

        Refusals do not raise: the job carries the explained reason and a "failed" event goes out.
        ``when_queue_full="defer"`` keeps a job the full queue refused and sends it again later
        with backoff (safe: a refused submit was not accepted). ``summary`` replaces the automatic
        request summary (which lists images by type, size and hash, never their data).
        """
        client = self.client(profile_name)
        queued = self._queue_submits if queued is None else queued
        action, prompt = payloads.action_of(request), _prompt_of(request)
        if not prompt and parent_job_id is not None and action not in OWN_PROMPT_ACTIONS:
            # A follow-up carries its family's prompt: the gallery captions it, a search finds it,
            # and a Vary Region or Remix answer starts from it (parameters included).
            prompt = await self._db(self._lineage_prompt, parent_job_id)
        fields = {
            "profile": profile_name,
            "action": action,
            "prompt": prompt,
            "params": _params_of(request),
            "request_summary": summary or payloads.summarize(request),
            "parent_job_id": parent_job_id,
            "parent_button": parent_button,
        }
        if queued:
            job = await self._db(self._enqueue, request, fields)
            self._waiting.add(job.id)
            self._emit("added", job)
            self._runner(profile_name).wake()
            return job
        job = await self._db(self.library.add_job, **fields)
        self._emit("added", job)
        try:
            # Kept so the user can send it again after an unknown outcome, even after a restart.
            await asyncio.to_thread(self._payloads.save, job.id, request)
        except OSError as exc:
            log.warning("could not keep the request of job %s: %s", job.id, exc)
        return await self._send(job, client, request, when_queue_full)

    def _enqueue(self, request: SubmitRequest, fields: dict[str, Any]) -> JobRecord:
        # The request is on disk before the job can be seen in the queue: a queued job is sent
        # from its saved request, and one that could not be saved is not queued at all.
        with self.library.transaction():
            job = self.library.add_job(**fields, queued=True)
            self._payloads.save(job.id, request)
        return job

    def _runner(self, profile_name: str) -> QueueRunner:
        runner = self._runners.get(profile_name)
        if runner is None:
            runner = self._runners[profile_name] = QueueRunner(
                profile_name,
                claim=functools.partial(self._claim, profile_name),
                send=self._send_queued,
                spawn=self._spawn,
                slots=self.policy.submit_concurrency,
                clock=self._clock,
            )
            self._spawn(runner.run(), f"mjdesk-queue-{profile_name}")
        return runner

    async def _claim(self, profile_name: str, limit: int) -> QueueClaim:
        cap = self.client(profile_name).profile.max_running or None
        claim = await self._db(
            self.library.claim_queued, profile_name, limit=limit, cap=cap, now=int(self._clock() * 1000)
        )
        self._waiting.difference_update(j.id for j in claim.jobs)
        for job in claim.jobs:
            self._emit("updated", job)
        return claim

    async def _send_queued(self, job: JobRecord) -> None:
        request = await asyncio.to_thread(self._payloads.load, job.id)
        if request is None:
            await self._refuse(job.id, MjError("The saved request of this job is gone."), keep_payload=False)
            return
        await self._send(job, self.client(job.profile), request, "defer")

    def wake_queue(self, profile_name: str) -> None:
        """Look at this server's queue now (its cap changed, say)."""
        self._runner(profile_name).wake()

    async def queued(self, profile_name: str | None = None) -> list[JobRecord]:
        """The user's queue (of one server, or all), in sending order."""
        return await self._db(self.library.queued_jobs, profile_name)

    async def move_in_queue(self, job_id: int, where: str) -> None:
        """Move a queued job to the "top", "up", "down" or "bottom" of its server's queue."""
        await self._db(self.library.move_in_queue, job_id, where)
        await self._queue_changed([job_id])

    async def reorder_queue(self, profile_name: str, ordered_ids: Sequence[int]) -> None:
        await self._db(self.library.reorder_queue, profile_name, ordered_ids)
        await self._queue_changed(list(ordered_ids))

    async def hold(self, job_ids: Sequence[int], held: bool = True) -> None:
        """Keep queued jobs from being sent until released (``held=False``)."""
        changed = await self._db(self.library.set_held, job_ids, held)
        await self._queue_changed(changed)

    async def pause_queue(self, profile_name: str, paused: bool = True) -> None:
        """Send nothing more from this server's queue (also after a restart) until resumed."""
        await self._db(self.library.set_queue_paused, profile_name, paused)
        self._runner(profile_name).wake()

    async def queue_paused(self, profile_name: str) -> bool:
        return await self._db(self.library.queue_paused, profile_name)

    async def _queue_changed(self, job_ids: Sequence[int]) -> None:
        for job in await self._db(self.library.jobs, job_ids):
            self._emit("updated", job)

    async def lineage_prompt(self, job_id: int) -> str:
        """The prompt a job carries by lineage (see ``_lineage_prompt``): "restore this step into
        the composer" and a chain run again start from it."""
        return await self._db(self._lineage_prompt, job_id)

    def _lineage_prompt(self, job_id: int) -> str:
        """The prompt the job ``job_id`` carries by lineage: its own, else its nearest ancestor's
        (a server's echo of it with the image links stripped). Runs in a library thread."""
        for job in reversed(self.library.ancestors(job_id)):
            if job.prompt.strip():
                return job.prompt
            if job.final_prompt and job.action not in _SUGGESTION_ACTIONS:
                # Describe and Shorten keep their suggestions there, not a prompt. A blend's echo is
                # only links and parameters: without its images it is no prompt to carry on.
                echoed = strip_links(job.final_prompt)
                if parse(echoed).body:
                    return echoed
        return ""

    async def _send(
        self,
        job: JobRecord,
        client: MjClient,
        request: SubmitRequest,
        when_queue_full: QueueFullChoice,
    ) -> JobRecord:
        slots = self._submit_slots.setdefault(job.profile, asyncio.Semaphore(max(1, self.policy.submit_concurrency)))
        try:
            async with slots:  # the job is "sending" while it waits, as it was in the HTTP pool
                result = await client.submit(request)
        except asyncio.CancelledError:
            # Shut down mid-submit: the server may have it. Say so now rather than at next start.
            await asyncio.shield(self._mark_unknown(job.id, CRASH_REASON))
            raise
        except api.SubmitOutcomeUnknown as exc:
            return await self._mark_unknown(job.id, str(exc))
        except api.QueueFullError as exc:
            if when_queue_full == "defer":
                return await self._defer(job, exc)
            return await self._refuse(job.id, exc, keep_payload=True)
        except api.NetworkError as exc:
            # No connection was made: provably not sent, so sending it again later is safe.
            return await self._refuse(job.id, exc, keep_payload=True)
        except MjError as exc:
            return await self._refuse(job.id, exc, keep_payload=False)
        except Exception as exc:
            # An answer nobody foresaw (or a bug): the request went out, so the server may have it.
            log.warning("submit of job %s ended unexpectedly: %r", job.id, exc)
            log.debug("the failure in detail", exc_info=exc)
            return await self._mark_unknown(job.id, _unexpected(exc))
        try:
            return await self._accepted(job, request, result)
        except Exception as exc:
            log.warning("recording the accepted job %s failed: %r", job.id, exc)
            log.debug("the failure in detail", exc_info=exc)
            return await self._mark_unknown(job.id, _unexpected(exc))

    async def _mark_unknown(self, job_id: int, reason: str) -> JobRecord:
        job = await self._db(self.library.mark_submit_unknown, job_id, reason)
        self._emit("unknown", job)
        return job

    async def _refuse(self, job_id: int, exc: MjError, *, keep_payload: bool) -> JobRecord:
        job = await self._db(self.library.mark_refused, job_id, str(exc), _answer_of(exc))
        if not keep_payload:
            await asyncio.to_thread(self._payloads.delete, job_id)
        self._emit("failed", job)
        return job

    async def _defer(self, job: JobRecord, exc: MjError) -> JobRecord:
        # The server's queue was full: nothing was accepted, so the job goes back to its place in
        # the user's queue, which waits (with growing delays) before trying the server again.
        backoff = Backoff(self.policy.deferred_backoff, self.policy.deferred_backoff_cap)
        backoff.attempts = max(0, job.submit_attempts - 1)
        retry_at = int((self._clock() + backoff.next_delay()) * 1000)
        job = await self._db(self.library.mark_deferred, job.id, str(exc), retry_at, _answer_of(exc))
        self._waiting.add(job.id)
        self._emit("deferred", job)
        self._runner(job.profile).wake()
        return job

    async def _accepted(self, job: JobRecord, request: SubmitRequest, result: api.SubmitResult) -> JobRecord:
        answer = _answer_of(result)
        if isinstance(request, api.UploadRequest):
            return await self._finish_upload(job, answer)
        ids = result.task_ids
        if not ids:
            # "Success" without a usable id: the job may well run there. Refusing it (and dropping
            # the request) would invite sending it again and paying twice; "unknown" tells the
            # user to look first, and the request is kept for a resubmit on their say-so.
            return await self._mark_unknown(
                job.id,
                "The server said it accepted the job but sent no usable task id. "
                "Check the task list before sending it again.",
            )
        owner = await self._db(self._owner_of_any, job.profile, ids)
        if owner is not None:
            # The server handed out an id it already gave another job: this one cannot be told
            # apart from it, and the other job's record must stay as it is.
            return await self._mark_unknown(job.id, REUSED_ID_REASON.format(remote=owner.remote_id, job=owner.id))
        if result.modal_required:
            status = STATUS_MODAL
        elif result.queued:
            status = TaskStatus.NOT_START.value
        else:
            status = TaskStatus.SUBMITTED.value
        if len(ids) > 1:
            return await self._fan_out(job, ids, answer)
        job = await self._db(
            self.library.mark_submitted,
            job.id,
            ids[0],
            answer,
            result.queue_position if result.queued else None,
            status=status,
        )
        await asyncio.to_thread(self._payloads.delete, job.id)
        self._emit("updated", job)
        tracker = self._tracker(job.profile)
        tracker.track(job.id, ids[0], self._clock(), TaskStatus.MODAL if result.modal_required else None)
        tracker.wake()
        return job

    def _owner_of_any(self, profile: str, ids: list[str]) -> JobRecord | None:
        for remote_id in ids:
            owner = self.library.job_by_remote(profile, remote_id)
            if owner is not None:
                return owner
        return None

    async def _fan_out(self, job: JobRecord, ids: list[str], answer: dict[str, Any]) -> JobRecord:
        """PicReader "imagine all" answers several task ids: the pressed job is complete, and each
        task becomes a child job of its own."""

        def work() -> tuple[JobRecord, list[JobRecord]]:
            with self.library.transaction():
                done = self.library.mark_fanned_out(job.id, answer)
                children = []
                for remote_id in ids:
                    child = self.library.add_job(
                        profile=job.profile,
                        action=TaskAction.IMAGINE.value,
                        prompt=job.prompt,
                        request_summary={"fanned_out_of": job.id},
                        parent_job_id=job.id,
                        parent_button=job.parent_button,
                    )
                    children.append(self.library.mark_submitted(child.id, remote_id, answer))
            return done, children

        job, children = await self._db(work)
        await asyncio.to_thread(self._payloads.delete, job.id)
        self._emit("finished", job)
        tracker = self._tracker(job.profile)
        for child in children:
            self._emit("added", child)
            tracker.track(child.id, child.remote_id or "", self._clock())
        tracker.wake()
        return job

    async def _finish_upload(self, job: JobRecord, answer: dict[str, Any]) -> JobRecord:
        # An upload has no task: its answer (the image URLs) is the result.
        urls = [u for u in answer.get("result") or [] if isinstance(u, str)]
        job = await self._db(self.library.mark_uploaded, job.id, answer, urls)
        await asyncio.to_thread(self._payloads.delete, job.id)
        self._emit("finished", job)
        return job

    # -- modals ---------------------------------------------------------------------------------

    async def submit_modal(self, job_id: int, prompt: str = "", mask_base64: str | None = None) -> JobRecord:
        """Answer the modal of a job whose action asked for one (code 21); the job stays the same.

        Raises ``MjError`` when the server refuses the answer (e.g. a Custom Zoom prompt without
        ``--zoom``): the job then still waits for its modal, so the dialog can stay open. When the
        answer's fate is unknown the job stays in MODAL with the reason, and polling shows whether
        it arrived (the task leaves MODAL) — answering again is safe while it has not.
        """
        job = await self.job(job_id)
        if job.submit_state is not SubmitState.ACCEPTED or job.status != STATUS_MODAL or not job.remote_id:
            raise JobError(f"job {job_id} is not waiting for a modal answer")
        request = api.ModalRequest(task_id=job.remote_id, prompt=prompt, mask_base64=mask_base64)
        tracker = self._tracker(job.profile)
        # An empty answer makes the server use the parent's prompt (spec §3.7): the job keeps the
        # lineage prompt it was recorded with rather than forgetting what it is.
        recorded = prompt or job.prompt
        try:
            result = await self.client(job.profile).submit(request)
        except asyncio.CancelledError:
            await asyncio.shield(self._db(self.library.note_modal_answer, job_id, recorded, None, CRASH_REASON))
            raise
        except api.SubmitOutcomeUnknown as exc:
            job = await self._db(self.library.note_modal_answer, job_id, recorded, None, str(exc))
            self._emit("unknown", job)
            tracker.forget_seen(job.remote_id or "")
            tracker.wake()
            return job
        # Under the lock a poll answer that still says MODAL (asked before the server had our
        # answer) can no longer be written after ours and send the job back to "waiting for you".
        async with self._cycle_lock:
            tracker.track(job.id, job.remote_id or "", self._clock())
            tracker.modal_answered(job.remote_id or "")
            job = await self._db(self.library.note_modal_answer, job_id, recorded, _answer_of(result))
        if mask_base64:
            job = await self._keep_mask(job, mask_base64)
        self._emit("updated", job)
        tracker.wake()
        return job

    async def _keep_mask(self, job: JobRecord, mask_base64: str) -> JobRecord:
        """Keep the painted mask with its job, so the step can be run again (replay.py); a mask that
        cannot be kept costs only that."""
        data = _decode_base64(mask_base64)
        if data is None:
            return job
        try:
            width, height, mime = await self._in_pool(downloads.checked_probe, data, ImageKind.MASK)

            def store() -> JobRecord:
                self.library.add_image(job.id, ImageKind.MASK, data, width=width, height=height, mime=mime)
                return self.library.job(job.id)

            return await self._db(store)
        except (ImageInputError, LibraryError, OSError) as exc:
            log.info("the mask of job %s was not kept: %s", job.id, exc)
            return job

    async def abandon_modal(self, job_id: int) -> JobRecord:
        """Give up a pending modal: cancelled on the server where it can be, closed in the library."""
        job = await self.job(job_id)
        if job.submit_state is not SubmitState.ACCEPTED or job.status != STATUS_MODAL:
            raise JobError(f"job {job_id} is not waiting for a modal answer")
        client = self.client(job.profile)
        if job.remote_id and api.Endpoint.CANCEL in client.profile.capabilities:
            try:
                await client.cancel(job.remote_id)
            except MjError as exc:
                log.info("cancelling the modal task of job %s failed: %s", job_id, exc)
        if job.remote_id and job.profile in self._trackers:
            self._trackers[job.profile].untrack(job.remote_id)
        job = await self._db(self.library.mark_abandoned, job_id, "The modal was abandoned.")
        self._emit("failed", job)
        return job

    # -- the user's decisions -------------------------------------------------------------------

    async def resubmit(self, job_id: int, *, when_queue_full: QueueFullChoice = "refuse") -> JobRecord:
        """Send an unknown, unsent or refused job again, on the user's explicit request.

        A NEW job is created with the old one as its parent (button "resubmit"); an unknown old
        job is withdrawn, so it no longer asks for attention.
        """
        old = await self.job(job_id)
        if old.submit_state not in (SubmitState.UNKNOWN, SubmitState.REFUSED):
            raise JobError(
                f"job {job_id} is {old.submit_state}; only unsent, refused or unknown jobs can be sent again"
            )
        request = await asyncio.to_thread(self._payloads.load, job_id)
        if request is None:
            raise JobError(f"job {job_id} cannot be sent again: its request was not kept")
        new = await self.submit(
            old.profile,
            request,
            parent_job_id=old.id,
            parent_button="resubmit",
            summary=old.request_summary,
            when_queue_full=when_queue_full,
        )
        if old.submit_state is SubmitState.UNKNOWN:
            withdrawn = await self._db(self.library.mark_abandoned, job_id, f"Sent again as job {new.id}.")
            self._emit("failed", withdrawn)
        await asyncio.to_thread(self._payloads.delete, job_id)
        return new

    async def withdraw(self, job_id: int, reason: str = "Withdrawn by the user.") -> JobRecord:
        """Close a deferred or unknown job (or a pending modal) for good: nothing more is sent."""
        job = await self._db(self.library.mark_abandoned, job_id, reason)
        self._waiting.discard(job_id)
        await asyncio.to_thread(self._payloads.delete, job_id)
        self._emit("failed", job)
        return job

    # -- tracking -------------------------------------------------------------------------------

    async def _apply_cycle(self, report: CycleReport) -> None:
        async with self._cycle_lock:
            await self._apply_cycle_locked(report)

    async def _apply_cycle_locked(self, report: CycleReport) -> None:
        # A modal may have been answered while this poll was under way: its MODAL row is stale now.
        report.changed = [(t, task) for t, task in report.changed if not is_stale(t, task)]
        if not report.changed and not report.lost:
            return
        updates = [_task_update(tracked.job_id, task) for tracked, task in report.changed]
        updates += [TaskUpdate(t.job_id, STATUS_LOST, fail_reason=LOST_REASON, terminal=True) for t in report.lost]

        def work() -> tuple[list[int], dict[int, JobRecord]]:
            applied = self.library.update_many(updates)
            return applied, {j.id: j for j in self.library.jobs(applied)}

        applied, records = await self._db(work)
        done = set(applied)
        for tracked, task in report.changed:
            if tracked.job_id not in done:
                continue
            job = records[tracked.job_id]
            if not task.is_terminal:
                self._emit("updated", job)
                if task.status is TaskStatus.IN_PROGRESS and task.image_url:
                    self._schedule_preview(job.id, job.profile, task.image_url)
            elif _succeeded(task):
                self._preview_seen.pop(job.id, None)
                self._emit("finished", job)
                self._schedule_download(job.id)
            else:
                self._preview_seen.pop(job.id, None)
                self._emit("failed", job)
        for tracked in report.lost:
            self._preview_seen.pop(tracked.job_id, None)
            if tracked.job_id in done:
                self._emit("lost", records[tracked.job_id])

    # -- live previews --------------------------------------------------------------------------

    def _schedule_preview(self, job_id: int, profile: str, url: str) -> None:
        """Fetch the running task's preview, unless one is under way, the link is the one already
        shown, or the last one came less than ``preview_interval`` ago. A preview is a nicety:
        it never retries, never delays results and never fails the job."""
        if self._closed or not self.policy.live_previews or job_id in self._previews:
            return
        seen = self._preview_seen.get(job_id)
        now = self._clock()
        if seen is not None and (seen[0] == url or now - seen[1] < self.policy.preview_interval):
            return
        self._preview_seen[job_id] = (url, now)
        self._previews[job_id] = self._spawn(self._fetch_preview(job_id, profile, url), f"mjdesk-preview-{job_id}")

    async def _fetch_preview(self, job_id: int, profile: str, url: str) -> None:
        try:
            async with self._preview_gate:
                data = await self.client(profile).download(url)
                width, height, mime = await self._in_pool(downloads.checked_probe, data, ImageKind.PREVIEW)

                def store() -> JobRecord | None:
                    job = self.library.job(job_id)
                    if job.is_finished:
                        return None  # the results won the race: no stale preview over them
                    self.library.add_image(
                        job_id, ImageKind.PREVIEW, data, index=PREVIEW_INDEX, source_url=url,
                        width=width, height=height, mime=mime,
                    )  # fmt: skip
                    return self.library.job(job_id)

                # Under the cycle lock: a cycle that finishes the job either comes first (then the
                # preview is not stored) or after (then its "finished" follows this "updated").
                async with self._cycle_lock:
                    job = await self._db(store)
                    if job is not None:
                        self._emit("updated", job)
        except (MjError, ImageInputError, LibraryError, OSError) as exc:
            log.info("no preview for job %s: %s", job_id, exc)
        finally:
            self._previews.pop(job_id, None)

    # -- downloads ------------------------------------------------------------------------------

    def _schedule_download(self, job_id: int) -> None:
        if job_id in self._downloading or self._closed:
            return
        self._downloading[job_id] = self._spawn(self._download(job_id), f"mjdesk-download-{job_id}")

    async def _download(self, job_id: int) -> None:
        try:
            async with self._download_gate:
                try:
                    complete = await self._download_once(job_id)
                except Exception as exc:
                    # Whatever went wrong, the job must end as a failed (and retryable) download:
                    # a download task that just died would leave --wait and the tile waiting forever.
                    log.warning("downloading the results of job %s failed: %r", job_id, exc)
                    log.debug("the failure in detail", exc_info=exc)
                    complete = await self._record_download_failure(job_id, exc)
        finally:
            self._downloading.pop(job_id, None)
        if complete:
            self._download_rounds.pop(job_id, None)
            return
        rounds = self._download_rounds[job_id] = self._download_rounds.get(job_id, 0) + 1
        if rounds < self.policy.download_rounds:
            self._spawn(self._download_later(job_id), f"mjdesk-download-retry-{job_id}")

    async def _download_later(self, job_id: int) -> None:
        await asyncio.sleep(self.policy.download_retry_after)
        self._schedule_download(job_id)

    async def _download_once(self, job_id: int) -> bool:
        job = await self.job(job_id)
        client = self.client(job.profile)
        task = Task.from_json(job.raw or {}, client.profile.dialect)
        have = {(img.kind, img.index) for img in job.images}
        images, failures = await downloads.fetch_results(client, task, have, self.policy, self._in_pool)

        job = await self._db(downloads.store_results, self.library, job_id, images, failures)
        failed = job.download_error is not None and job.downloaded_at is None
        self._emit("updated" if failed else "downloaded", job)
        return not failed

    async def _record_download_failure(self, job_id: int, exc: Exception) -> bool:
        reason = f"the download could not be finished ({type(exc).__name__})"
        job = await self._db(downloads.store_results, self.library, job_id, [], [reason])
        self._emit("updated", job)
        return False

    async def cancel_on_server(self, job_id: int) -> JobRecord:
        """Ask the server to cancel a running job (trueai; UnsupportedError elsewhere). The job ends
        when the server reports it ended, as any job does: a refusal leaves it running."""
        job = await self.job(job_id)
        if job.finished_at is not None or not job.remote_id:
            return job
        await self.client(job.profile).cancel(job.remote_id)
        tracker = self.tracker(job.profile)
        if tracker is not None:
            tracker.wake()  # see the cancellation now, not at the next interval
        return job

    async def stop_tracking(self, job_id: int) -> JobRecord:
        """Stop following a running job where the server cannot cancel: the job is closed here
        (status CANCEL, saying why); the server may still finish it, and charge for it."""
        job = await self.job(job_id)
        if job.finished_at is not None:
            return job
        tracker = self.tracker(job.profile)
        if tracker is not None and job.remote_id:
            tracker.untrack(job.remote_id)
        update = TaskUpdate(job_id, STATUS_CANCEL, fail_reason=STOPPED_REASON, terminal=True)
        await self._db(self.library.update_many, [update])
        job = await self.job(job_id)
        self._emit("failed", job)
        return job

    async def import_tasks(self, profile_name: str, tasks: Sequence[Task]) -> ImportReport:
        """Bring a server's tasks into the library: one job per task id not yet known for this
        profile (so importing twice adds nothing), linked to its parent where the server names one
        the library has; finished ones are downloaded, unfinished ones tracked like any job."""
        library = self.library

        def work() -> ImportReport:
            added: list[JobRecord] = []
            known = 0
            # Oldest first: a parent is in the library before the follow-ups that name it.
            for task in sorted(tasks, key=lambda t: (t.submit_time or 0, t.id)):
                if not task.id or library.job_by_remote(profile_name, task.id) is not None:
                    known += 1
                    continue
                parent = library.job_by_remote(profile_name, task.parent_id) if task.parent_id else None
                job = library.add_job(
                    profile=profile_name,
                    action=task.action.value
                    if task.action is not TaskAction.UNKNOWN
                    else (task.action_raw or "IMAGINE"),
                    prompt=task.prompt or "",
                    request_summary={"imported": True},
                    parent_job_id=parent.id if parent is not None else None,
                )
                library.mark_submitted(job.id, task.id, {"imported": True})
                library.update_many([_task_update(job.id, task)])
                added.append(library.job(job.id))
            return ImportReport(added=added, known=known)

        report = await self._db(work)
        for job in report.added:
            self._emit("added", job)
            if job.finished_at is None:
                self._resume(job)
            elif job.status == STATUS_SUCCESS:
                self._schedule_download(job.id)
        return report

    async def retry_downloads(self, job_id: int | None = None) -> None:
        """Fetch missing results again now: of one job, or of every job that lacks some."""
        if job_id is not None:
            ids = [job_id]
        else:
            ids = [j.id for j in await self._db(self.library.jobs_needing_download)]
        for i in ids:
            self._download_rounds.pop(i, None)
            self._schedule_download(i)


# -- helpers --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportReport:
    """What an import of a server's task list did: the jobs it added, the tasks already known."""

    added: list[JobRecord]
    known: int


STOPPED_REASON = (
    "Stopped tracking by the user. The server may still finish this job (and charge for it); "
    "its results will not be downloaded."
)
REUSED_ID_REASON = (
    "The server answered with task id {remote}, which it had already given to job {job}; "
    "this job cannot be followed separately. Check the server's history before sending it again."
)


def _unexpected(exc: BaseException) -> str:
    return f"The server's answer could not be handled ({type(exc).__name__}); it may have accepted the job."


def _decode_base64(text: str) -> bytes | None:
    """The bytes of a data URL or of bare base64; None when it is neither."""
    import base64
    import binascii

    payload = text.split(",", 1)[1] if text.startswith("data:") and "," in text else text
    try:
        return base64.b64decode(payload, validate=True)
    except (binascii.Error, ValueError):
        return None


def _seconds(epoch_ms: int | None) -> float | None:
    return epoch_ms / 1000 if epoch_ms is not None else None


def _succeeded(task: Task) -> bool:
    # new-api may still say IN_PROGRESS at 100% (spec §6): Task.is_terminal counts that as done.
    return task.status is TaskStatus.SUCCESS or (task.is_terminal and not task.status.is_terminal)


def _task_update(job_id: int, task: Task) -> TaskUpdate:
    if _succeeded(task):
        status = STATUS_SUCCESS
    elif task.status is TaskStatus.UNKNOWN:
        status = task.status_raw  # kept as the server said it
    else:
        status = task.status.value
    failure = api.failure_from_task(task) if task.is_terminal and not _succeeded(task) else None
    return TaskUpdate(
        job_id,
        status,
        progress=task.progress,
        final_prompt=task.final_prompt,
        fail_reason=str(failure) if failure else None,
        buttons=[b.to_json() for b in task.buttons],
        raw=task.raw,
        image_url=task.image_url,
        submit_time=task.submit_time,
        start_time=task.start_time,
        finish_time=task.finish_time,
        terminal=task.is_terminal,
    )


def _status_of(job: JobRecord) -> TaskStatus | None:
    status = TaskStatus.parse(job.status)
    return None if status in (TaskStatus.UNKNOWN, TaskStatus.PENDING) else status


_SUGGESTION_ACTIONS = frozenset({"DESCRIBE", "SHORTEN"})


def _prompt_of(request: SubmitRequest) -> str:
    return str(getattr(request, "prompt", "") or "")


def _params_of(request: SubmitRequest) -> dict[str, Any]:
    if isinstance(request, api.ActionRequest):
        return {"task_id": request.task_id, "custom_id": request.custom_id}
    return {}


def _answer_of(obj: api.SubmitResult | MjError) -> dict[str, Any]:
    """The submit answer as the library keeps it: server text made storable like a task's."""
    answer: dict[str, Any]
    if isinstance(obj, MjError):
        answer = {
            "error": type(obj).__name__,
            "summary": obj.message,
            "server_text": obj.server_text,
            "http_status": obj.http_status,
            "code": obj.code,
        }
    else:
        answer = {
            "code": obj.code_raw,
            "description": obj.description,
            "result": obj.result_raw,
            "properties": obj.properties,
        }
    stored: dict[str, Any] = storable(answer)
    return stored
