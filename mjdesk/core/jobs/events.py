"""Fan-out of job events to any number of subscribers, none of which can stall the service.

Each async subscriber has a bounded queue. A new ``updated`` event replaces a still-pending
``updated`` event of the same job (the record is a full snapshot, so only the newest matters); when
the queue is full anyway, the oldest pending ``updated`` event is dropped first, and only if there
is none the oldest event of any kind. ``EventStream.dropped`` counts what was lost, so a consumer
that sees it grow reloads from the library (the source of truth) instead of trusting its copy.
Callbacks run synchronously on the loop and must be quick; an exception in one is logged and
never reaches the service.
"""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from mjdesk.core.library import JobRecord

log = logging.getLogger(__name__)

EventKind = Literal["added", "updated", "finished", "failed", "downloaded", "unknown", "deferred", "lost"]

# How polling a server goes: "ok"; "unreachable" (no connection, timeouts, 5xx); "unreadable" (an
# answer that is not what the protocol says); "failing" (any other refusal, e.g. the key).
HealthState = Literal["ok", "unreachable", "unreadable", "failing"]


@dataclass(frozen=True)
class JobEvent:
    kind: EventKind
    job_id: int
    job: JobRecord


@dataclass(frozen=True)
class ServerHealth:
    """A server's polling state, published when it changes and on every failed cycle (``retry_in``
    moves on). Not a job event: job streams stay job-only, so their consumers need no type checks."""

    profile: str
    state: HealthState
    retry_in: float | None = None  # seconds until the next try, while failing
    detail: str = ""  # the error's summary (never the key: MjError messages are scrubbed)
    unreadable_tasks: int = 0  # tasks of the last good answer that could not be read

    @property
    def ok(self) -> bool:
        return self.state == "ok"


class _Slot:
    """A queue entry; mutable so a newer ``updated`` snapshot can take an older one's place."""

    __slots__ = ("event",)

    def __init__(self, event: JobEvent) -> None:
        self.event = event


class EventStream(AsyncIterator[JobEvent]):
    """One subscriber's view of the events, oldest first. Use ``async for`` and ``aclose()``."""

    def __init__(self, hub: EventHub, maxsize: int) -> None:
        self._hub = hub
        self._maxsize = maxsize
        self._queue: deque[_Slot] = deque()
        self._pending_update: dict[int, _Slot] = {}  # job id -> its not yet delivered "updated" slot
        self._ready = asyncio.Event()
        self._closed = False
        self.dropped = 0

    def _put(self, event: JobEvent) -> None:
        if self._closed:
            return
        if event.kind == "updated":
            slot = self._pending_update.get(event.job_id)
            if slot is not None:
                slot.event = event
                return
        else:
            # A later event of another kind must not be overtaken by an update sitting before it.
            self._pending_update.pop(event.job_id, None)
        if len(self._queue) >= self._maxsize:
            self._drop_one()
        slot = _Slot(event)
        self._queue.append(slot)
        if event.kind == "updated":
            self._pending_update[event.job_id] = slot
        self._ready.set()

    def _drop_one(self) -> None:
        victim = next((s for s in self._queue if s.event.kind == "updated"), self._queue[0])
        self._queue.remove(victim)
        if self._pending_update.get(victim.event.job_id) is victim:
            del self._pending_update[victim.event.job_id]
        self.dropped += 1

    def pending(self) -> int:
        return len(self._queue)

    def __aiter__(self) -> EventStream:
        return self

    async def __anext__(self) -> JobEvent:
        while not self._queue:
            if self._closed:
                raise StopAsyncIteration
            self._ready.clear()
            await self._ready.wait()
        slot = self._queue.popleft()
        if self._pending_update.get(slot.event.job_id) is slot:
            del self._pending_update[slot.event.job_id]
        return slot.event

    async def get(self, timeout: float | None = None) -> JobEvent:
        """The next event; ``TimeoutError`` after ``timeout`` seconds, ``StopAsyncIteration`` once closed."""
        async with asyncio.timeout(timeout):
            return await self.__anext__()

    async def aclose(self) -> None:
        self.close()

    def close(self) -> None:
        """Stop receiving; events already queued are still delivered, then iteration ends."""
        if not self._closed:
            self._closed = True
            self._hub._streams.discard(self)
            self._ready.set()


Callback = Callable[[JobEvent], None]
HealthCallback = Callable[[ServerHealth], None]


class EventHub:
    def __init__(self, *, maxsize: int = 1000) -> None:
        self._maxsize = maxsize
        self._streams: set[EventStream] = set()
        self._callbacks: list[Callback] = []
        self._health_callbacks: list[HealthCallback] = []

    def stream(self, maxsize: int | None = None) -> EventStream:
        s = EventStream(self, maxsize or self._maxsize)
        self._streams.add(s)
        return s

    def subscribe(self, callback: Callback) -> Callable[[], None]:
        """Call ``callback`` for every event from now on; returns the function that unsubscribes."""
        self._callbacks.append(callback)

        def unsubscribe() -> None:
            if callback in self._callbacks:
                self._callbacks.remove(callback)

        return unsubscribe

    def subscribe_health(self, callback: HealthCallback) -> Callable[[], None]:
        """Call ``callback`` for every server health change from now on; returns the unsubscribe."""
        self._health_callbacks.append(callback)

        def unsubscribe() -> None:
            if callback in self._health_callbacks:
                self._health_callbacks.remove(callback)

        return unsubscribe

    def publish_health(self, health: ServerHealth) -> None:
        for cb in list(self._health_callbacks):
            try:
                cb(health)
            except Exception:
                log.exception("a server health subscriber failed on %s", health.profile)

    def publish(self, event: JobEvent) -> None:
        for s in list(self._streams):
            s._put(event)
        for cb in list(self._callbacks):
            try:
                cb(event)
            except Exception:
                log.exception("a job event subscriber failed on %s of job %s", event.kind, event.job_id)

    def close(self) -> None:
        for s in list(self._streams):
            s.close()
        self._callbacks.clear()
        self._health_callbacks.clear()
