"""The hostile server itself works: a normal job runs end to end against it through the real client."""

from __future__ import annotations

from mjdesk.core.api import Dialect, ImagineRequest, MjClient, ServerProfile
from tests.support.hostile import HostileServer, raw


async def test_a_job_runs_against_the_hostile_server_and_a_route_can_be_replaced(hostile: HostileServer) -> None:
    profile = ServerProfile(name="h", base_url=hostile.base_url, dialect=Dialect.MIDJOURNEY_PROXY)
    async with MjClient(profile, api_key="sk-h") as client:
        result = await client.submit(ImagineRequest(prompt="a cat"))
        assert result.task_id == "h1"
        task = await client.fetch("h1")
        assert task is not None and task.image_url.endswith("/img/h1.png")
        hostile.route("GET", "/mj/task/h1/fetch", raw(200, b""))
        assert await client.fetch("h1") is None
    assert [r.path for r in hostile.seen("/submit/imagine")] == ["/mj/submit/imagine"]
