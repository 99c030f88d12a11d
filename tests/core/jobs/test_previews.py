"""Live previews: while a task runs, the server's in-progress image lands in the library as the
job's cover (PREVIEW, index 0), a few at a time and only when the link changed; the results replace
it as the cover, and a preview that cannot be fetched changes nothing else (tests/core/hardening)."""

from __future__ import annotations

import asyncio
import dataclasses

from mjdesk.core.api import ImagineRequest
from mjdesk.core.jobs import JobService
from mjdesk.core.jobs.service import PREVIEW_INDEX
from mjdesk.core.library import ImageKind, JobRecord

from .conftest import FAST, Recorder, ServiceFactory, SimFactory

POLICY = dataclasses.replace(FAST, preview_interval=0.05)


async def watch(service: JobService, job_id: int, timeout: float = 15.0) -> list[JobRecord]:
    """Every state of the job until it is downloaded."""
    seen: list[JobRecord] = []
    async with asyncio.timeout(timeout):
        while True:
            job = await service.job(job_id)
            seen.append(job)
            if job.downloaded_at is not None:
                return seen
            await asyncio.sleep(0.02)


async def test_a_running_job_shows_the_servers_preview_until_its_results_arrive(
    make_sim: SimFactory, make_service: ServiceFactory
) -> None:
    sim = await make_sim(dialect="midjourney-proxy", speed=2.0)
    service: JobService = await make_service(sim, policy=POLICY)
    rec = Recorder(service)
    job = await service.submit("sim", ImagineRequest(prompt="a lighthouse in fog"))
    states = await watch(service, job.id)

    running = [j for j in states if j.status == "IN_PROGRESS" and j.image(ImageKind.PREVIEW, PREVIEW_INDEX)]
    assert running, "no preview while the job ran"
    assert all(j.cover is not None and j.cover.kind is ImageKind.PREVIEW for j in running)
    previews = {j.image(ImageKind.PREVIEW, PREVIEW_INDEX).sha256 for j in running}  # type: ignore[union-attr]
    assert len(previews) >= 2  # it follows the progress
    done = states[-1]
    assert done.status == "SUCCESS" and done.cover is not None and done.cover.kind is ImageKind.GRID
    assert "updated" in rec.kinds(job.id)
    # Each preview link was fetched once at most, none after the task had finished.
    gets = [r.path for r in sim.requests if r.server == "image" and "_progress_" in r.path]
    assert len(gets) == len(set(gets))


async def test_a_service_without_live_previews_fetches_none(make_sim: SimFactory, make_service: ServiceFactory) -> None:
    sim = await make_sim(dialect="midjourney-proxy", speed=1.0)
    service: JobService = await make_service(sim, policy=dataclasses.replace(POLICY, live_previews=False))
    job = await service.submit("sim", ImagineRequest(prompt="a quiet terminal"))
    done = (await watch(service, job.id))[-1]
    assert done.status == "SUCCESS" and done.image(ImageKind.PREVIEW, PREVIEW_INDEX) is None
    assert not [r for r in sim.requests if r.server == "image" and "_progress_" in r.path]
