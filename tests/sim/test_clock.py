"""The simulator's schedule on a manual clock: lifecycles, concurrency and the queue move exactly
as far as the test advances time, with no real waiting and no timing tolerance."""

from __future__ import annotations

import httpx

from mjdesk.sim import SimConfig, Simulator
from mjdesk.sim.clock import ManualClock

from .helpers import HEADERS, KEY

SPEED = 10.0  # virtual seconds per task: fractions of it are far apart


async def _states(client: httpx.AsyncClient, ids: list[str]) -> list[tuple[str, str]]:
    tasks = [(await client.get(f"/mj/task/{i}/fetch")).json() for i in ids]
    return [(t["status"], t["progress"]) for t in tasks]


async def test_lifecycle_concurrency_and_queue_follow_the_clock() -> None:
    clock = ManualClock()
    sim = Simulator(SimConfig(dialect="midjourney-proxy", api_key=KEY, speed=SPEED, concurrency=2), clock=clock)
    await sim.start()
    client = httpx.AsyncClient(base_url=sim.base_url, headers=HEADERS["midjourney-proxy"], verify=False)
    try:
        answers = [(await client.post("/mj/submit/imagine", json={"prompt": f"p{i}"})).json() for i in range(3)]
        assert [a["code"] for a in answers] == [1, 1, 22]  # two slots; the third waits in the queue
        ids = [a["result"] for a in answers]
        assert await _states(client, ids) == [("NOT_START", "0%")] * 3

        start = clock.now()

        async def at(fraction: float) -> list[tuple[str, str]]:
            """The three tasks as the server reports them ``fraction`` of a lifecycle after the submits."""
            await clock.advance(start + fraction * SPEED - clock.now())
            return await _states(client, ids)

        assert await at(0.099) == [("NOT_START", "0%")] * 3
        assert await at(0.101) == [("SUBMITTED", "0%"), ("SUBMITTED", "0%"), ("NOT_START", "0%")]
        assert await at(0.301) == [("IN_PROGRESS", "12%"), ("IN_PROGRESS", "12%"), ("NOT_START", "0%")]
        assert await at(0.999) == [("IN_PROGRESS", "88%"), ("IN_PROGRESS", "88%"), ("NOT_START", "0%")]
        # The first two finish together; the queued one starts at that moment, not before.
        assert await at(1.001) == [("SUCCESS", "100%"), ("SUCCESS", "100%"), ("NOT_START", "0%")]
        assert (await at(1.101))[2] == ("SUBMITTED", "0%")
        assert (await at(1.999))[2] == ("IN_PROGRESS", "88%")
        assert (await at(2.001))[2] == ("SUCCESS", "100%")
    finally:
        await client.aclose()
        await sim.stop()


async def test_a_task_queued_on_purpose_is_held_for_its_time() -> None:
    clock = ManualClock()
    sim = Simulator(SimConfig(dialect="trueai", api_key=KEY, speed=SPEED), clock=clock)
    await sim.start()
    client = httpx.AsyncClient(base_url=sim.base_url, headers=HEADERS["trueai"], verify=False)
    try:
        sim.force_next_submit("queued")
        answer = (await client.post("/mj/submit/imagine", json={"prompt": "held"})).json()
        assert answer["code"] == 22
        await clock.advance(0.3 * SPEED - 0.01)  # held for 30 % of a lifecycle, then it starts
        assert (await _states(client, [answer["result"]]))[0][0] == "NOT_START"
        await clock.advance(0.02 + 0.1 * SPEED)
        assert (await _states(client, [answer["result"]]))[0][0] == "SUBMITTED"
    finally:
        await client.aclose()
        await sim.stop()
