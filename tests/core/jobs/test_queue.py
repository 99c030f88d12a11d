"""The user's own queue: jobs wait locally while their server is at its cap, in an order the user
sets, and survive a restart — against the simulator over loopback HTTP, with a real library."""

from __future__ import annotations

import asyncio
import json
from dataclasses import replace

from mjdesk.core.api import ActionRequest, ButtonKind, ImagineRequest
from mjdesk.core.jobs import JobService
from mjdesk.core.library import JobRecord, Library, SubmitState
from mjdesk.sim import Simulator

from .conftest import FAST, Recorder, ServiceFactory, SimFactory, api_requests, button, profile_for


async def _settle_all(service: JobService, ids: list[int], timeout: float = 60) -> None:
    for job_id in ids:
        await service.wait(job_id, timeout=timeout)


class InFlight:
    """The most jobs the library ever had in flight on the server, sampled at every event."""

    def __init__(self, service: JobService, library: Library) -> None:
        self.library = library
        self.most = 0
        service.subscribe(self.sample)

    def sample(self, _event: object) -> None:
        self.most = max(self.most, self.library.in_flight("sim"))


async def test_thirty_jobs_with_a_cap_of_three_never_exceed_it_and_each_is_sent_once(
    make_sim: SimFactory, make_service: ServiceFactory, library: Library
) -> None:
    sim: Simulator = await make_sim(dialect="midjourney-proxy", concurrency=3, queue_size=0, speed=0.3)
    service: JobService = await make_service(sim, profile=profile_for(sim, max_running=3))
    service._queue_submits = True  # as the window builds it
    watch = InFlight(service, library)
    jobs = [await service.submit("sim", ImagineRequest(prompt=f"door {n}")) for n in range(30)]
    assert all(j.submit_state is SubmitState.DEFERRED and j.status == "QUEUED" for j in jobs)
    await _settle_all(service, [j.id for j in jobs])

    finished = [await service.job(j.id) for j in jobs]
    assert [j.status for j in finished] == ["SUCCESS"] * 30
    assert 1 <= watch.most <= 3
    # A cap of 3 on a server that runs 3: its queue was never full, nothing was refused or resent.
    assert len(api_requests(sim, "/submit/imagine")) == 30
    assert sorted(t.prompt for t in sim.tasks.values()) == sorted(f"door {n}" for n in range(30))
    assert all(j.submit_attempts == 1 for j in finished)
    # Sent in the order they were queued (up to 3 go out together, arriving in any order).
    sent = _sent(sim)
    assert all(abs(sent.index(f"door {n}") - n) < 3 for n in range(30)), sent


async def test_the_queue_survives_a_restart_paused_and_each_job_is_sent_once(
    make_sim: SimFactory, make_service: ServiceFactory, library: Library
) -> None:
    sim: Simulator = await make_sim(dialect="midjourney-proxy", concurrency=3, queue_size=0, speed=0.4)
    profile = profile_for(sim, max_running=3)
    first: JobService = await make_service(sim, profile=profile)
    first._queue_submits = True
    jobs = [await first.submit("sim", ImagineRequest(prompt=f"window {n}")) for n in range(30)]
    # Let a few go out, then pause: the rest stay queued, and nothing is mid-send at the restart.
    while len(api_requests(sim, "/submit/imagine")) < 4:
        await asyncio.sleep(0.02)
    await first.pause_queue("sim")
    while await asyncio.to_thread(_sending, library):
        await asyncio.sleep(0.02)
    await first.aclose()
    sent_before = len(api_requests(sim, "/submit/imagine"))
    assert 4 <= sent_before < 30

    second: JobService = await make_service(sim, profile=profile)
    second._queue_submits = True
    waiting = await second.queued("sim")
    assert [j.id for j in waiting] == [j.id for j in jobs[sent_before:]]  # same jobs, same order
    assert all(second.planned(j.id) == {"send"} for j in waiting)
    await asyncio.sleep(0.5)
    assert len(api_requests(sim, "/submit/imagine")) == sent_before  # still paused after the restart
    assert await second.queue_paused("sim")

    await second.pause_queue("sim", paused=False)
    await _settle_all(second, [j.id for j in jobs])
    assert [(await second.job(j.id)).status for j in jobs] == ["SUCCESS"] * 30
    assert len(api_requests(sim, "/submit/imagine")) == 30
    assert len({t.prompt for t in sim.tasks.values()}) == 30


def _sent(sim: Simulator) -> list[str]:
    """The prompts of every imagine request that reached the server, in arrival order."""
    return [json.loads(r.body)["prompt"] for r in api_requests(sim, "/submit/imagine")]


def _sending(library: Library) -> bool:
    return any(j.submit_state is SubmitState.SENDING for j in library.unfinished_jobs("sim"))


async def test_queued_jobs_can_be_reordered_held_and_cancelled_before_they_are_sent(
    make_sim: SimFactory, make_service: ServiceFactory, library: Library
) -> None:
    sim: Simulator = await make_sim(dialect="midjourney-proxy", concurrency=1, queue_size=0, speed=0.3)
    service: JobService = await make_service(sim, profile=profile_for(sim, max_running=1))
    service._queue_submits = True
    rec = Recorder(service)
    await service.pause_queue("sim")
    a, b, c, d = [await service.submit("sim", ImagineRequest(prompt=p)) for p in "abcd"]

    await service.move_in_queue(d.id, "top")
    await service.move_in_queue(a.id, "down")
    assert [j.prompt for j in await service.queued("sim")] == ["d", "b", "a", "c"]
    await service.hold([b.id])
    withdrawn = await service.withdraw(c.id, "Cancelled before sending.")
    assert withdrawn.submit_state is SubmitState.CANCELLED and service.planned(c.id) == frozenset()
    assert "updated" in rec.kinds(d.id)  # the window hears of every change to the queue

    await service.pause_queue("sim", paused=False)
    for job in (d, a):
        assert (await service.wait(job.id, timeout=15)).status == "SUCCESS"
    held = await service.job(b.id)
    assert held.submit_state is SubmitState.DEFERRED and held.held  # waits until released
    assert _sent(sim) == ["d", "a"]

    await service.hold([b.id], held=False)
    assert (await service.wait(b.id, timeout=15)).status == "SUCCESS"
    assert _sent(sim) == ["d", "a", "b"]
    assert "c" not in {t.prompt for t in sim.tasks.values()}


async def test_a_full_server_queue_sends_the_job_back_to_its_place_and_retries_only_after_a_refusal(
    make_sim: SimFactory, make_service: ServiceFactory
) -> None:
    sim: Simulator = await make_sim(dialect="midjourney-proxy", concurrency=3, queue_size=0, speed=0.3)
    # No cap of ours (the server's queue decides); a second between tries, to see the line wait.
    slow_retry = replace(FAST, deferred_backoff=1.0, deferred_backoff_cap=1.0)
    service: JobService = await make_service(sim, policy=slow_retry)
    service._queue_submits = True
    rec = Recorder(service)
    sim.force_next_submit("queue_full")
    first = await service.submit("sim", ImagineRequest(prompt="first"))
    while "deferred" not in rec.kinds(first.id):
        await asyncio.sleep(0.01)
    # Refused with nothing accepted: back at the head of the line, and what comes after waits behind it.
    second = await service.submit("sim", ImagineRequest(prompt="second"))
    await asyncio.sleep(0.4)
    assert _sent(sim) == ["first"]  # the server said it is full: nothing more goes before the retry
    for job in (first, second):
        assert (await service.wait(job.id, timeout=15)).status == "SUCCESS"
    first = await service.job(first.id)
    assert first.submit_attempts == 2  # refused once (nothing accepted), then sent again
    assert sorted(_sent(sim)) == ["first", "first", "second"]  # after the wait they may go together
    assert [t.prompt for t in sim.tasks.values()].count("first") == 1


async def test_a_modal_waiting_for_the_user_does_not_hold_a_slot(
    make_sim: SimFactory, make_service: ServiceFactory, library: Library
) -> None:
    sim: Simulator = await make_sim(dialect="midjourney-proxy", speed=0.2)
    service: JobService = await make_service(sim, profile=profile_for(sim, max_running=1))
    service._queue_submits = True

    async def press(parent: JobRecord, kind: ButtonKind, index: int | None = None) -> JobRecord:
        custom_id = button(parent, kind, index)
        job = await service.submit(
            "sim", ActionRequest(parent.remote_id or "", custom_id), parent_job_id=parent.id, parent_button=custom_id
        )
        return await service.wait(job.id, timeout=15)

    grid = await service.wait((await service.submit("sim", ImagineRequest(prompt="a cat"))).id, timeout=15)
    upscale = await press(grid, ButtonKind.UPSCALE, 1)
    region = await press(upscale, ButtonKind.VARY_REGION)
    assert region.modal_pending  # waits for the user's mask, maybe for hours
    after = await service.wait((await service.submit("sim", ImagineRequest(prompt="a dog"))).id, timeout=15)
    assert after.status == "SUCCESS"
    assert library.in_flight("sim") == 0
