"""The server's own history over loopback HTTP, for each dialect: its task list (paged where the
server pages), its queue, the key's quota, and importing the history into the library."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from mjdesk.core.api import ImagineRequest, MjClient, UnsupportedError
from mjdesk.core.jobs import settled
from mjdesk.core.library import ImageKind, Library

from .conftest import SimFactory, profile_for

DIALECTS = ["new-api", "midjourney-proxy", "trueai"]


async def _finished_tasks(client: MjClient, n: int) -> list[str]:
    ids = [(await client.submit(ImagineRequest(f"island {i}"))).task_id for i in range(n)]
    for _ in range(200):
        tasks = await client.list_by_condition(ids)
        if len(tasks) == n and all(t.is_terminal for t in tasks):
            return ids
        await asyncio.sleep(0.05)
    raise AssertionError("the tasks did not finish")


@pytest.mark.parametrize("dialect", DIALECTS)
async def test_the_task_history_pages_where_the_server_has_one(make_sim: SimFactory, dialect: str) -> None:
    sim = await make_sim(dialect=dialect, speed=0.05)
    async with MjClient(profile_for(sim), sim.config.api_key) as client:
        ids = await _finished_tasks(client, 5)
        if dialect == "new-api":  # no task list at all: a clear refusal, nothing sent
            sent = len(sim.requests)
            with pytest.raises(UnsupportedError):
                await client.task_page(1, 2)
            assert len(sim.requests) == sent
            return
        first = await client.task_page(1, 2)
        second = await client.task_page(2, 2)
        last = await client.task_page(3, 2)
        assert [t.id for t in first.tasks + second.tasks + last.tasks] == list(reversed(ids))  # newest first
        assert first.total == 5 and first.pages == 3 and len(last.tasks) == 1
        path = sim.requests[-1].path
        assert path == ("/mj/task/query" if dialect == "midjourney-proxy" else "/mj/task/list")
        assert (await client.task_page(1, 10, status="FAILURE")).tasks == []


@pytest.mark.parametrize("dialect", DIALECTS)
async def test_queue_and_account_where_offered_and_refused_elsewhere(make_sim: SimFactory, dialect: str) -> None:
    sim = await make_sim(dialect=dialect, speed=30, quota=40)
    async with MjClient(profile_for(sim), sim.config.api_key) as client:
        running = (await client.submit(ImagineRequest("a slow lighthouse"))).task_id
        if dialect == "midjourney-proxy":
            assert running in {t.id for t in await client.queue()}
        else:
            with pytest.raises(UnsupportedError):
                await client.queue()
        if dialect == "new-api":
            account = await client.account()
            assert account.used == 50_000 and account.granted == 40 * 50_000
            assert account.available == account.granted - account.used and not account.unlimited
        else:
            with pytest.raises(UnsupportedError):
                await client.account()


@pytest.mark.parametrize("dialect", DIALECTS)
async def test_the_simulator_refuses_routes_its_dialect_lacks(make_sim: SimFactory, dialect: str) -> None:
    sim = await make_sim(dialect=dialect)
    auth = {"Authorization": f"Bearer {sim.config.api_key}", "mj-api-secret": sim.config.api_key}
    async with httpx.AsyncClient(base_url=sim.base_url) as http:
        query = await http.post("/mj/task/query", json={"pageNumber": 0, "pageSize": 5}, headers=auth)
        usage = await http.get("/api/usage/token", headers=auth)
        queue = await http.get("/mj/task/queue", headers=auth)
    assert (query.status_code == 200) is (dialect == "midjourney-proxy")
    assert (queue.status_code == 200) is (dialect == "midjourney-proxy")
    assert (usage.status_code == 200) is (dialect == "new-api")


@pytest.mark.parametrize("dialect", ["midjourney-proxy", "trueai"])
async def test_import_brings_the_history_in_once_and_downloads_it(
    make_sim: SimFactory, make_service, library: Library, dialect: str
) -> None:
    sim = await make_sim(dialect=dialect, speed=0.05)
    async with MjClient(profile_for(sim), sim.config.api_key) as client:
        ids = await _finished_tasks(client, 3)
        page = await client.task_page(1, 50)
    service = await make_service(sim)
    report = await service.import_tasks("sim", page.tasks)
    assert report.known == 0 and sorted(j.remote_id for j in report.added) == sorted(ids)
    for job in report.added:
        done = await service.wait(job.id, timeout=20)
        assert settled(done) and done.status == "SUCCESS"
        assert done.image(ImageKind.GRID) is not None and done.image(ImageKind.GRID).path.exists()
        assert done.prompt.startswith("island")
    again = await service.import_tasks("sim", page.tasks)
    assert again.added == [] and again.known == 3  # importing twice adds nothing
    assert library.count_jobs() == 3


async def test_cancel_on_the_server_where_offered_else_stop_tracking(make_sim: SimFactory, make_service) -> None:
    from mjdesk.core.api import ImagineRequest as Imagine

    trueai = await make_sim(dialect="trueai", speed=60)
    service = await make_service(trueai)
    job = await service.submit("sim", Imagine("a slow comet"))
    await service.cancel_on_server(job.id)
    done = await service.wait(job.id, timeout=10)
    assert done.status == "FAILURE" and any(r.path.endswith("/cancel") for r in trueai.requests)

    proxy = await make_sim(dialect="midjourney-proxy", speed=60)
    other = await make_service(proxy)
    job = await other.submit("sim", Imagine("another slow comet"))
    kept = await other.submit("sim", Imagine("a comet still followed"))
    with pytest.raises(UnsupportedError):
        await other.cancel_on_server(job.id)
    stopped = await other.stop_tracking(job.id)
    assert stopped.status == "CANCEL" and stopped.finished_at is not None and "may still finish" in stopped.fail_reason
    polls = len(proxy.requests)
    await asyncio.sleep(0.5)
    later = proxy.requests[polls:]
    assert any(job_polled(r, kept.remote_id) for r in later)  # polling goes on for the other job
    assert not any(job_polled(r, stopped.remote_id) for r in later)  # but not for the stopped one


def job_polled(request: object, remote_id: str | None) -> bool:
    text = getattr(request, "path", "") + getattr(request, "body", b"").decode("utf-8", "replace")
    return bool(remote_id) and remote_id in text


@pytest.mark.parametrize("dialect", DIALECTS)
async def test_probing_finds_each_dialects_routes_and_creates_nothing(make_sim: SimFactory, dialect: str) -> None:
    from mjdesk.core.api import Endpoint, ServerProfile
    from mjdesk.core.api.dialects import dialect_info

    sim = await make_sim(dialect=dialect)
    async with MjClient(profile_for(sim), sim.config.api_key) as client:
        found = await client.probe()
    assert {e for e, ok in found.items() if ok} == dialect_info(dialect).endpoints & set(found)
    assert not [e for e, ok in found.items() if ok and e not in dialect_info(dialect).endpoints]
    assert sim.tasks == {} and sim._accepted_submits == 0  # nothing created, nothing charged
    # the answer narrows what the client offers, and survives a save
    profile = profile_for(sim)
    profile.probed = {**found, Endpoint.IMAGINE: False}
    assert Endpoint.IMAGINE not in profile.capabilities
    assert ServerProfile.from_dict(profile.to_dict()).capabilities == profile.capabilities
    async with MjClient(profile, sim.config.api_key) as client:
        with pytest.raises(UnsupportedError):
            await client.submit(ImagineRequest("refused here, never sent"))


async def test_a_probe_stops_quietly_when_its_client_closes(make_sim: SimFactory) -> None:
    sim = await make_sim(dialect="trueai")
    client = MjClient(profile_for(sim), sim.config.api_key)
    await client.aclose()  # the app quit (or the server was reconfigured) before the probe asked
    assert await client.probe() == {}
    assert sim.requests == []
