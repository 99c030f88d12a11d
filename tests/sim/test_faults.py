"""Fault injection and the request log."""

from __future__ import annotations

import time

import httpx
import pytest

from .helpers import DIALECTS, StartSim, imagine


async def test_drop_before_processing_creates_nothing(start_sim: StartSim) -> None:
    sim, client = await start_sim("trueai")
    sim.faults.drop_rate = 1.0
    with pytest.raises(httpx.RemoteProtocolError):
        await client.post("/mj/submit/imagine", json={"prompt": "lost"})
    assert not sim.tasks
    entry = sim.requests[-1]
    assert entry.dropped and entry.status is None and entry.json == {"prompt": "lost"}


async def test_drop_after_processing_created_the_task(start_sim: StartSim) -> None:
    sim, client = await start_sim("new-api")
    sim.faults.drop_after_processing_rate = 1.0
    with pytest.raises(httpx.RemoteProtocolError):
        await client.post("/mj/submit/imagine", json={"prompt": "did it arrive?"})
    assert [t.prompt for t in sim.tasks.values()] == ["did it arrive?"]
    assert sim.requests[-1].dropped
    sim.faults.drop_after_processing_rate = 0.0
    listed = await client.post("/mj/task/list-by-condition", json={"ids": list(sim.tasks)})
    assert len(listed.json()) == 1  # the client can find its task afterwards


async def test_html_error_page(start_sim: StartSim) -> None:
    sim, client = await start_sim("midjourney-proxy")
    sim.faults.html_error_rate = 1.0
    r = await client.get("/mj/task/1/fetch")
    assert r.status_code == 502 and r.headers["content-type"].startswith("text/html") and "nginx" in r.text
    assert sim.requests[-1].status == 502


@pytest.mark.parametrize("dialect", DIALECTS)
async def test_error_rate_answers_5xx(start_sim: StartSim, dialect: str) -> None:
    sim, client = await start_sim(dialect)
    sim.faults.error_rate, sim.faults.seed = 1.0, 7
    statuses = {(await client.post("/mj/submit/imagine", json={"prompt": "x"})).status_code for _ in range(12)}
    assert statuses <= {500, 502, 503} and len(statuses) > 1
    assert not sim.tasks


async def test_seeded_faults_repeat(start_sim: StartSim) -> None:
    outcomes = []
    for _ in range(2):
        sim, client = await start_sim("midjourney-proxy")
        sim.faults.error_rate, sim.faults.seed = 0.5, 1234
        outcomes.append([(await client.get("/mj/task/1/fetch")).status_code for _ in range(10)])
    assert outcomes[0] == outcomes[1] and len(set(outcomes[0])) > 1


async def test_latency(start_sim: StartSim) -> None:
    sim, client = await start_sim("trueai")
    sim.faults.latency = 0.2
    t0 = time.monotonic()
    await client.get("/mj/task/list")
    assert time.monotonic() - t0 >= 0.2


async def test_faults_spare_the_image_host_unless_asked(start_sim: StartSim) -> None:
    sim, client = await start_sim("trueai")
    grid = await imagine(client)
    sim.faults.html_error_rate = 1.0
    assert (await client.get(grid["imageUrl"])).status_code == 200
    sim.faults.include_image_host = True
    assert (await client.get(grid["imageUrl"])).status_code == 502


async def test_request_log_records_everything(start_sim: StartSim) -> None:
    sim, client = await start_sim("new-api")
    sim.clear_log()
    await client.post("/mj/submit/imagine?x=1&y=", json={"prompt": "logged"})
    await client.get(f"{sim.image_base_url}/nothing")
    api, image = sim.requests
    assert (api.server, api.method, api.path, api.query) == (
        "api",
        "POST",
        "/mj/submit/imagine",
        {"x": "1", "y": ""},
    )
    assert api.headers["authorization"] == "Bearer sk-test" and api.json == {"prompt": "logged"}
    assert api.body == b'{"prompt":"logged"}' and api.status == 200 and not api.dropped
    assert api.time <= image.time and image.server == "image" and image.status == 404
    sim.clear_log()
    assert sim.requests == []
