"""Polling: batched requests, the per-task fallback, adaptive intervals, idling and error backoff."""

from __future__ import annotations

import asyncio
import dataclasses
import itertools
import math
import statistics

from mjdesk.core.api import Endpoint, ImagineRequest
from mjdesk.core.jobs import JobService
from mjdesk.core.library import ImageKind
from mjdesk.sim import Simulator

from .conftest import FAST, Recorder, ServiceFactory, SimFactory, api_requests, profile_for


async def test_thirty_jobs_cost_ceil_30_over_batch_requests_per_cycle(
    make_sim: SimFactory, make_service: ServiceFactory
) -> None:
    sim = await make_sim(dialect="midjourney-proxy", speed=1.0, concurrency=30, queue_size=30)
    policy = dataclasses.replace(FAST, batch_size=8, running_interval=0.25, waiting_interval=0.25)
    service: JobService = await make_service(sim, policy=policy)
    rec = Recorder(service)
    prompts = [ImagineRequest(prompt=f"tile {i}") for i in range(30)]
    jobs = await asyncio.gather(*(service.submit("sim", p) for p in prompts))
    submitted_by = max(r.time for r in api_requests(sim, "/submit/imagine"))
    done = await asyncio.gather(*(service.wait(j.id, timeout=20) for j in jobs))
    assert all(j.status == "SUCCESS" and j.downloaded_at for j in done)

    polls = api_requests(sim, "/task/list-by-condition")
    assert all(len(r.json["ids"]) <= 8 for r in polls)
    # A cycle asks for each running job once: a job asked for again starts the next cycle. (Split
    # by pauses between requests instead, a cycle whose last request was slowed by a busy CI
    # machine counted as two.)
    cycles: list[list[float]] = [[]]
    seen: set[str] = set()
    for r in sorted(polls, key=lambda r: r.time):
        ids = set(r.json["ids"])
        if seen & ids:
            cycles.append([])
            seen = set()
        cycles[-1].append(r.time)
        seen |= ids
    # Submits wake the tracker, so the cycles right after them may run back to back; from one
    # interval later on they are plain timer cycles.
    per_cycle = [len(c) for c in cycles if c and c[0] > submitted_by + 0.3]
    assert per_cycle[0] == math.ceil(30 / 8)  # all 30 still running
    assert max(per_cycle) <= math.ceil(30 / 8)
    assert api_requests(sim, "/fetch") == []
    # Each job's own events stay in order for a subscriber.
    for job in jobs:
        kinds = rec.kinds(job.id)
        assert kinds[0] == "added" and kinds[-2:] == ["finished", "downloaded"]


async def test_without_list_by_condition_tasks_are_fetched_one_by_one_within_the_limit(
    make_sim: SimFactory, make_service: ServiceFactory
) -> None:
    sim = await make_sim(dialect="midjourney-proxy", speed=0.8, concurrency=12, queue_size=12)
    sim.faults.latency = 0.1  # every request takes at least this long, so overlaps show
    caps = profile_for(sim).capabilities - {Endpoint.LIST_BY_CONDITION}
    profile = profile_for(sim, endpoints_override=caps)
    policy = dataclasses.replace(FAST, fetch_concurrency=2)
    service: JobService = await make_service(sim, profile=profile, policy=policy)
    jobs = await asyncio.gather(*(service.submit("sim", ImagineRequest(prompt=f"p{i}")) for i in range(6)))
    done = await asyncio.gather(*(service.wait(j.id, timeout=20) for j in jobs))
    assert all(j.status == "SUCCESS" for j in done)
    assert api_requests(sim, "/task/list-by-condition") == []
    fetches = sorted(r.time for r in api_requests(sim, "/fetch"))
    assert len(fetches) >= 12
    # With each fetch taking >= 0.1 s, at most 2 in flight means at most 2 starts in any 0.08 s.
    assert max(sum(1 for t in fetches if s <= t < s + 0.08) for s in fetches) <= 2


async def test_the_interval_follows_running_waiting_and_idle(
    make_sim: SimFactory, make_service: ServiceFactory
) -> None:
    sim = await make_sim(dialect="midjourney-proxy", speed=3.0)
    policy = dataclasses.replace(FAST, running_interval=0.1, waiting_interval=0.4)
    service: JobService = await make_service(sim, policy=policy)
    job = await service.submit("sim", ImagineRequest(prompt="slow and steady"))
    task = sim.tasks[job.remote_id or ""]
    modes: list[tuple[str, str]] = []
    while not (await service.job(job.id)).is_finished:
        tracker = service.tracker("sim")
        assert tracker is not None
        modes.append((task.status, tracker.mode))
        await asyncio.sleep(0.05)
    await service.wait(job.id, timeout=5)

    # Waiting (NOT_START / SUBMITTED until 0.9 s): ~0.4 s apart; running afterwards: ~0.1 s apart.
    times = [r.time for r in api_requests(sim, "/task/list-by-condition")]
    submit_at = api_requests(sim, "/submit/imagine")[0].time
    waiting = [b - a for a, b in itertools.pairwise(times) if b < submit_at + 0.8]
    running = [b - a for a, b in itertools.pairwise(times) if submit_at + 1.4 < a < submit_at + 2.8]
    assert waiting and statistics.median(waiting) >= 0.3
    assert running and statistics.median(running) <= 0.2
    assert ("IN_PROGRESS", "running") in modes and ("SUBMITTED", "waiting") in modes

    # Idle: nothing unfinished, so nothing is asked at all.
    await asyncio.sleep(0.2)
    sim.clear_log()
    await asyncio.sleep(1.0)
    assert [r for r in sim.requests if r.server == "api"] == []
    assert service.tracker("sim").mode == "idle"  # type: ignore[union-attr]
    # ... until a submit wakes it.
    again = await service.submit("sim", ImagineRequest(prompt="wake up"))
    await asyncio.sleep(0.1)
    assert api_requests(sim, "/task/list-by-condition")
    assert again.remote_id


async def test_poll_errors_back_off_and_recover(make_sim: SimFactory, make_service: ServiceFactory) -> None:
    sim = await make_sim(dialect="midjourney-proxy", speed=0.5)
    policy = dataclasses.replace(
        FAST, running_interval=0.05, waiting_interval=0.05, error_backoff=0.15, error_backoff_cap=1.0
    )
    # One attempt per request, so the spacing seen is the service's own backoff.
    service: JobService = await make_service(sim, policy=policy, retry_attempts=1)
    job = await service.submit("sim", ImagineRequest(prompt="through the storm"))
    sim.faults.error_rate = 1.0
    sim.clear_log()
    await asyncio.sleep(2.2)
    failed = [r.time for r in api_requests(sim, "/task/list-by-condition")]
    gaps = [b - a for a, b in itertools.pairwise(failed)]
    tracker = service.tracker("sim")
    assert tracker is not None and tracker.mode == "backoff" and tracker.last_error is not None
    # Without backoff 2.2 s at 0.05 s would be ~40 requests; with it the pauses grow to the cap.
    assert 4 <= len(failed) <= 9
    assert gaps[2] > gaps[0] * 1.5 and max(gaps) <= 1.0 + 0.1

    sim.faults.error_rate = 0.0
    job = await service.wait(job.id, timeout=5)
    assert job.status == "SUCCESS" and tracker.mode in ("idle", "waiting", "running")
    assert tracker.last_error is None


async def test_events_reach_a_slow_stream_subscriber_in_order(sim: Simulator, make_service: ServiceFactory) -> None:
    service: JobService = await make_service(sim)
    stream = service.events()
    jobs = [await service.submit("sim", ImagineRequest(prompt=f"order {i}")) for i in range(3)]
    for job in jobs:
        await service.wait(job.id, timeout=10)
    seen: dict[int, list[str]] = {}
    # wait() may return as soon as the library says "downloaded", a moment before that event
    # is published: read until every job's last event has arrived.
    while stream.pending() or not all("downloaded" in seen.get(job.id, []) for job in jobs):
        event = await stream.get(timeout=5)
        seen.setdefault(event.job_id, []).append(event.kind)
    for job in jobs:
        kinds = seen[job.id]
        assert kinds[0] == "added" and kinds[-2:] == ["finished", "downloaded"]
        # Unread updates of one job were merged into one snapshot, never reordered.
        assert kinds.count("updated") <= 2
    stream.close()


async def test_picreader_imagine_all_fans_out_into_child_jobs(
    make_sim: SimFactory, make_service: ServiceFactory
) -> None:
    from mjdesk.core.api import ActionRequest, ButtonKind, DescribeRequest

    from .conftest import button, mask_data_url

    sim = await make_sim(dialect="trueai")
    service: JobService = await make_service(sim)
    described = await service.submit("sim", DescribeRequest(image=mask_data_url(256, 256)))
    described = await service.wait(described.id, timeout=10)
    assert described.status == "SUCCESS" and described.final_prompt
    all_id = next(b["customId"] for b in described.buttons if b["customId"].endswith("PicReader::all"))
    pressed = await service.submit(
        "sim", ActionRequest(described.remote_id or "", all_id), parent_job_id=described.id, parent_button=all_id
    )
    children = await asyncio.to_thread(service.library.children, pressed.id)
    assert pressed.is_finished and len(children) >= 2
    assert len({c.remote_id for c in children}) == len(children)
    finished = [await service.wait(c.id, timeout=10) for c in children]
    assert all(c.status == "SUCCESS" and c.image(ImageKind.GRID) for c in finished)
    assert button(finished[0], ButtonKind.UPSCALE, 1)
