"""The cost recorder: what each accepted job costs, written to the library's ledger as it happens.

It only listens to the job service (``JobService.subscribe``), so the service knows nothing of
prices. When a job is accepted, the price its server's table gives its action is recorded (the
price in force; a refused job costs nothing and gets no row). When the server ends a task in
FAILURE and the gateway gives the charge back (``DialectInfo.refunds_failed_tasks``: new-api), the
job's amount becomes 0, its estimate kept beside it. A pending Vary (Region) or Custom Zoom the
user abandons keeps only the price of the press (its modal answer was never sent).

What a task really cost is not read from the server: new-api tells a key holder only its running
total (``/api/usage/token``), which the ledger shows beside the recorded sums to reconcile.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any

from mjdesk.core.api.dialects import dialect_info
from mjdesk.core.library import SubmitState
from mjdesk.core.library.ledger import SOURCE_MODAL_ABANDONED, SOURCE_REFUNDED

from . import payloads

if TYPE_CHECKING:
    from collections.abc import Callable

    from mjdesk.core.api import ServerProfile, SubmitRequest
    from mjdesk.core.library import JobRecord

    from .events import JobEvent
    from .service import JobService

log = logging.getLogger(__name__)

STATUS_FAILURE = "FAILURE"
# Jobs without a task id that still cost a submit: an upload's answer is its result.
_TASKLESS_BILLED = frozenset({"UPLOAD"})


def job_action(request: SubmitRequest) -> str:
    """The action a job of ``request`` will be recorded as (IMAGINE, UPSCALE...): what it is priced by."""
    return payloads.action_of(request)  # the service's own naming, so estimate and record agree


class CostRecorder:
    """Subscribes to ``service`` at once; ``aclose`` (before the library closes) waits for the
    last writes. ``profile_of(name)`` gives a profile's current prices (default: the profile of
    the service's client for it)."""

    def __init__(self, service: JobService, *, profile_of: Callable[[str], ServerProfile | None] | None = None) -> None:
        self._service = service
        self._library = service.library
        self._profile_of = profile_of or self._client_profile
        self._handled: set[int] = set()  # accepted jobs already looked at
        self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="mjdesk-costs")  # in order
        self._pending: set[asyncio.Future[Any]] = set()
        self._closed = False
        self._unsubscribe = service.subscribe(self._on_event)

    def _client_profile(self, name: str) -> ServerProfile | None:
        try:
            return self._service.client(name).profile
        except Exception as exc:  # a deleted profile, a lost key: its jobs are simply not priced
            log.info("no prices for profile %r: %s", name, exc)
            return None

    # -- events (on the loop; quick) ------------------------------------------------------------

    def _on_event(self, event: JobEvent) -> None:
        job = event.job
        if self._closed:
            return
        if job.submit_state is SubmitState.ACCEPTED and job.id not in self._handled:
            self._handled.add(job.id)
            if self._billed(job):
                self._accepted(job)
        if event.kind != "failed":
            return
        if job.submit_state is SubmitState.ACCEPTED and job.status == STATUS_FAILURE:
            self._failed(job)
        elif job.submit_state is SubmitState.CANCELLED:
            self._abandoned(job)

    @staticmethod
    def _billed(job: JobRecord) -> bool:
        if job.request_summary.get("imported") is True:
            return False  # taken in from the server's history: not spent through this app
        # Without a task id only an upload was charged; a PicReader "imagine all" press is paid
        # through the tasks it started, each a job of its own.
        return bool(job.remote_id) or job.action in _TASKLESS_BILLED

    def _accepted(self, job: JobRecord) -> None:
        profile = self._profile_of(job.profile)
        price = profile.prices.price(job.action) if profile is not None else None
        if profile is None or price is None:
            return
        self._write(self._library.record_cost, job.id, price, profile.prices.unit, recorded_at=job.submitted_at)

    def _failed(self, job: JobRecord) -> None:
        profile = self._profile_of(job.profile)
        if profile is None or not dialect_info(profile.dialect).refunds_failed_tasks:
            return
        self._write(self._library.set_cost_amount, job.id, 0.0, SOURCE_REFUNDED)

    def _abandoned(self, job: JobRecord) -> None:
        # Only a pending modal was accepted before being withdrawn: others have no row to change.
        profile = self._profile_of(job.profile)
        press = profile.prices.prices.get(job.action) if profile is not None else None
        if press is not None:
            self._write(self._library.set_cost_amount, job.id, press, SOURCE_MODAL_ABANDONED)

    def _write(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> None:
        loop = asyncio.get_running_loop()
        future = loop.run_in_executor(self._writer, lambda: fn(*args, **kwargs))
        self._pending.add(future)
        future.add_done_callback(self._written)

    def _written(self, future: asyncio.Future[Any]) -> None:
        self._pending.discard(future)
        if not future.cancelled() and future.exception() is not None:
            log.warning("recording a job's cost failed: %r", future.exception())

    # -- lifecycle ------------------------------------------------------------------------------

    async def flush(self) -> None:
        """Wait until every cost seen so far is written."""
        while self._pending:
            await asyncio.gather(*list(self._pending), return_exceptions=True)

    async def aclose(self) -> None:
        if self._closed:
            return
        self._closed = True
        self._unsubscribe()
        with contextlib.suppress(Exception):
            await self.flush()
        self._writer.shutdown(wait=True)
