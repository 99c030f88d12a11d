"""The event fan-out: order, coalescing, bounded queues and isolation of subscribers."""

from __future__ import annotations

import asyncio
from types import SimpleNamespace
from typing import Any

import pytest

from mjdesk.core.jobs.events import EventHub, JobEvent


def ev(kind: Any, job_id: int, version: int = 0) -> JobEvent:
    return JobEvent(kind, job_id, SimpleNamespace(id=job_id, version=version))  # type: ignore[arg-type]


async def drain(stream: Any) -> list[JobEvent]:
    out = []
    while stream.pending():
        out.append(await stream.get(timeout=1))
    return out


async def test_every_subscriber_gets_every_event_in_order() -> None:
    hub = EventHub()
    a, b = hub.stream(), hub.stream()
    seen: list[JobEvent] = []
    hub.subscribe(seen.append)
    events = [ev("added", 1), ev("finished", 2), ev("downloaded", 1), ev("failed", 3)]
    for e in events:
        hub.publish(e)
    assert await drain(a) == events
    assert await drain(b) == events
    assert seen == events


async def test_updates_of_one_job_coalesce_but_never_overtake_later_events() -> None:
    hub = EventHub()
    s = hub.stream()
    hub.publish(ev("updated", 1, 1))
    hub.publish(ev("updated", 2, 1))
    hub.publish(ev("updated", 1, 2))  # replaces the first, keeps its place
    hub.publish(ev("finished", 1, 3))
    hub.publish(ev("updated", 1, 4))  # after "finished": must come after it
    got = [(e.kind, e.job_id, e.job.version) for e in await drain(s)]
    assert got == [("updated", 1, 2), ("updated", 2, 1), ("finished", 1, 3), ("updated", 1, 4)]


async def test_a_full_queue_drops_updates_first_and_counts_what_it_dropped() -> None:
    hub = EventHub()
    s = hub.stream(maxsize=3)
    hub.publish(ev("added", 1))
    hub.publish(ev("updated", 2))
    hub.publish(ev("finished", 3))
    hub.publish(ev("failed", 4))  # full: the update of job 2 goes
    hub.publish(ev("downloaded", 3))  # full, no update left: the oldest goes
    assert [(e.kind, e.job_id) for e in await drain(s)] == [("finished", 3), ("failed", 4), ("downloaded", 3)]
    assert s.dropped == 2


@pytest.mark.allow_error_logs  # provoked on purpose
async def test_a_failing_callback_does_not_reach_the_publisher_or_the_others() -> None:
    hub = EventHub()
    seen: list[int] = []

    def broken(_: JobEvent) -> None:
        raise RuntimeError("view-model bug")

    hub.subscribe(broken)
    unsubscribe = hub.subscribe(lambda e: seen.append(e.job_id))
    hub.publish(ev("added", 7))
    unsubscribe()
    hub.publish(ev("added", 8))
    assert seen == [7]


async def test_a_waiting_consumer_wakes_and_closing_ends_iteration() -> None:
    hub = EventHub()
    s = hub.stream()

    async def consume() -> list[int]:
        return [e.job_id async for e in s]

    consumer = asyncio.create_task(consume())
    await asyncio.sleep(0.01)
    hub.publish(ev("added", 1))
    hub.publish(ev("added", 2))
    await asyncio.sleep(0.01)
    hub.close()
    assert await asyncio.wait_for(consumer, 1) == [1, 2]
    with pytest.raises(TimeoutError):
        await hub.stream().get(timeout=0.05)
