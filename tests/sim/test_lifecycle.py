"""Task lifecycle, query endpoints and their dialect differences (spec §3.12–3.13, §5, §6, §11.6)."""

from __future__ import annotations

import asyncio
import time

import pytest

from .helpers import DIALECTS, StartSim, imagine, submit, wait_done

ORDER = {"": 0, "NOT_START": 1, "SUBMITTED": 2, "IN_PROGRESS": 3, "SUCCESS": 4}


@pytest.mark.parametrize("dialect", DIALECTS)
async def test_progress_moves_forward_and_takes_about_speed(start_sim: StartSim, dialect: str) -> None:
    _, client = await start_sim(dialect, speed=0.2)
    t0 = time.monotonic()
    answer = await submit(client, "/mj/submit/imagine", {"prompt": "a lighthouse"})
    seen: list[tuple[str, str, str | None]] = []
    while True:
        task = (await client.get(f"/mj/task/{answer['result']}/fetch")).json()
        seen.append((task["status"], task["progress"], task["imageUrl"]))
        if task["status"] == "SUCCESS":
            break
        await asyncio.sleep(0.01)
    elapsed = time.monotonic() - t0
    assert 0.18 <= elapsed < 1.0
    statuses = [s for s, _, _ in seen]
    assert statuses == sorted(statuses, key=ORDER.__getitem__)
    assert {"SUBMITTED", "IN_PROGRESS", "SUCCESS"} <= set(statuses)
    percents = [int(p.rstrip("%")) for s, p, _ in seen if p]
    assert percents == sorted(percents) and percents[-1] == 100
    assert any(0 < p < 100 for p in percents)
    running = [(p, url) for s, p, url in seen if s == "IN_PROGRESS"]
    if dialect == "new-api":
        assert seen[0][0] == ""  # the row is not refreshed until a poll has seen it
        assert all("?rand=" in url for _, url in running) and "?rand=" not in seen[-1][2]
    else:
        assert all(url and "progress" in url for _, url in running)  # a preview while running


async def test_speed_zero_is_done_by_the_next_poll(start_sim: StartSim) -> None:
    _, client = await start_sim("midjourney-proxy", speed=0)
    answer = await submit(client, "/mj/submit/imagine", {"prompt": "instant"})
    task = (await client.get(f"/mj/task/{answer['result']}/fetch")).json()
    assert task["status"] == "SUCCESS" and task["buttons"]


async def test_preview_is_served_while_running(start_sim: StartSim) -> None:
    _, client = await start_sim("trueai", speed=0.4)
    answer = await submit(client, "/mj/submit/imagine", {"prompt": "preview me"})
    while True:
        task = (await client.get(f"/mj/task/{answer['result']}/fetch")).json()
        if task["status"] == "IN_PROGRESS":
            break
        await asyncio.sleep(0.01)
    r = await client.get(task["imageUrl"])
    assert r.status_code == 200 and r.headers["content-type"] == "image/webp"


@pytest.mark.parametrize(
    ("dialect", "status", "body"),
    [
        ("midjourney-proxy", 200, b""),
        ("trueai", 204, b""),
        ("new-api", 400, b'{"description":"task_no_found ","type":"upstream_error","code":4}'),
    ],
)
async def test_unknown_fetch(start_sim: StartSim, dialect: str, status: int, body: bytes) -> None:
    _, client = await start_sim(dialect)
    r = await client.get("/mj/task/1234567890123456/fetch")
    assert (r.status_code, r.content) == (status, body)


@pytest.mark.parametrize("dialect", DIALECTS)
async def test_list_by_condition(start_sim: StartSim, dialect: str) -> None:
    _, client = await start_sim(dialect)
    a = await submit(client, "/mj/submit/imagine", {"prompt": "a"})
    b = await submit(client, "/mj/submit/imagine", {"prompt": "b"})
    r = await client.post("/mj/task/list-by-condition", json={"ids": [b["result"], "999", a["result"]]})
    assert [t["id"] for t in r.json()] == [b["result"], a["result"]]
    assert (await client.post("/mj/task/list-by-condition", json={})).json() == []
    broken = await client.post("/mj/task/list-by-condition", content=b"[", headers={"content-type": "application/json"})
    if dialect == "new-api":
        assert (broken.status_code, broken.json()["description"]) == (400, "do_request_failed ")
    else:
        assert broken.json() == []
    if dialect == "trueai":
        r = await client.post("/mj/task/list-by-ids", json={"ids": [a["result"]]})
        assert [t["id"] for t in r.json()] == [a["result"]]


@pytest.mark.parametrize(("dialect", "limit"), [("trueai", 100), ("midjourney-proxy", None)])
async def test_list_is_newest_first(start_sim: StartSim, dialect: str, limit: int | None) -> None:
    sim, client = await start_sim(dialect, speed=0, queue_size=200)
    ids = [(await submit(client, "/mj/submit/imagine", {"prompt": f"p{i}"}))["result"] for i in range(103)]
    listed = [t["id"] for t in (await client.get("/mj/task/list")).json()]
    expected = ids[::-1][:limit] if limit else ids[::-1]
    assert listed == expected
    assert len(sim.tasks) == 103


@pytest.mark.parametrize("dialect", DIALECTS)
async def test_image_seed(start_sim: StartSim, dialect: str) -> None:
    _, client = await start_sim(dialect, speed=0.3)
    answer = await submit(client, "/mj/submit/imagine", {"prompt": "seed"})
    early = await client.get(f"/mj/task/{answer['result']}/image-seed")
    if dialect == "trueai":
        assert (early.status_code, early.json()["code"], early.json()["description"]) == (
            400,
            4,
            "关联任务状态错误",
        )
    else:
        assert early.json()["code"] == 4
    await wait_done(client, answer["result"])
    seed = (await client.get(f"/mj/task/{answer['result']}/image-seed")).json()
    assert seed["code"] == 1 and seed["result"].isdigit()
    unknown = await client.get("/mj/task/42/image-seed")
    assert unknown.status_code == {"trueai": 404, "new-api": 400}.get(dialect, 200)


async def test_trueai_cancel_as_admin(start_sim: StartSim) -> None:
    _, client = await start_sim("trueai", speed=1.0)
    answer = await submit(client, "/mj/submit/imagine", {"prompt": "cancel me"})
    r = await client.post(f"/mj/task/{answer['result']}/cancel")
    assert (r.status_code, r.content) == (200, b"")
    task = (await client.get(f"/mj/task/{answer['result']}/fetch")).json()
    assert (task["status"], task["failReason"], task["progress"]) == ("FAILURE", "取消任务", "")


async def test_trueai_cancel_frees_the_slot_for_the_queue(start_sim: StartSim) -> None:
    _, client = await start_sim("trueai", speed=0.3, concurrency=1)
    first = await submit(client, "/mj/submit/imagine", {"prompt": "a"})
    second = await submit(client, "/mj/submit/imagine", {"prompt": "b"})
    assert second["code"] == 22
    await client.post(f"/mj/task/{first['result']}/cancel")
    assert (await wait_done(client, second["result"], timeout=1.0))["status"] == "SUCCESS"


async def test_trueai_cancel_refused_for_non_admin(start_sim: StartSim) -> None:
    _, client = await start_sim("trueai", admin=False)
    answer = await submit(client, "/mj/submit/imagine", {"prompt": "x"})
    r = await client.post(f"/mj/task/{answer['result']}/cancel")
    assert (r.status_code, r.text) == (400, "演示模式，禁止操作")


async def test_new_api_task_shows_its_own_action_vocabulary(start_sim: StartSim) -> None:
    _, client = await start_sim("new-api")
    grid = await imagine(client)
    button = next(b for b in grid["buttons"] if b["label"] == "V2")
    r = await client.post("/mj/submit/action", json={"taskId": grid["id"], "customId": button["customId"]})
    up = await wait_done(client, r.json()["result"])
    assert up["action"] == "VARIATION"
    assert up["imageUrl"].endswith(f"/mj/image/{up['id']}")
