"""The tracker survives anything a server sends, and says when polling fails (issues 10, 11).

Real client, real library file, real loopback server (tests/support/hostile.py).
"""

from __future__ import annotations

import asyncio
import json
import sqlite3
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mjdesk.core.api import Dialect, ImagineRequest, Task
from mjdesk.core.jobs import JobService, PollPolicy, ServerHealth
from mjdesk.core.library import JobRecord
from tests.core.hardening.conftest import HostileService
from tests.support.hostile import HostileServer, drop, raw

POLICY = PollPolicy(
    running_interval=0.05,
    waiting_interval=0.1,
    batch_size=50,
    fetch_concurrency=4,
    error_backoff=0.1,
    error_backoff_cap=0.3,
    lost_after_cycles=1000,
    lost_grace=1000,
    download_attempts=2,
    download_backoff=0.05,
    download_retry_after=0.3,
    download_rounds=2,
    deferred_backoff=0.2,
    deferred_backoff_cap=0.5,
    stale_sending_after=0.0,
)
LIST = "/mj/task/list-by-condition"


MakeService = Callable[..., Any]


@pytest.fixture
def make_service(hostile_service: HostileService) -> MakeService:
    return lambda dialect=Dialect.MIDJOURNEY_PROXY: hostile_service(dialect=dialect, policy=POLICY)


def running(task_id: str, **extra: Any) -> dict[str, Any]:
    return {
        "id": task_id,
        "action": "IMAGINE",
        "status": "IN_PROGRESS",
        "progress": "14%",
        "prompt": "p",
        "imageUrl": "",
        "buttons": [],
        "properties": {},
        **extra,
    }


async def until(
    service: JobService, job_id: int, check: Callable[[JobRecord], bool], timeout: float = 10.0
) -> JobRecord:
    async with asyncio.timeout(timeout):
        while True:
            job = await service.job(job_id)
            if check(job):
                return job
            await asyncio.sleep(0.03)


async def polled(service: JobService, cycles: int = 3, timeout: float = 10.0) -> None:
    """Until the server's tracker has asked it ``cycles`` more times (instead of a fixed sleep)."""
    tracker = service.tracker("h")
    assert tracker is not None
    target = tracker.cycles + cycles
    async with asyncio.timeout(timeout):
        while tracker.cycles < target:
            await asyncio.sleep(0.01)


async def submit(service: JobService, prompt: str = "a cat") -> JobRecord:
    return await service.submit("h", ImagineRequest(prompt=prompt))


# -- 1. one bad answer never ends tracking ------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        b"[" * 100_000,  # RecursionError in the JSON decoder
        b'{"id": "h1"}',  # a dict where a list belongs
        b'"just a string"',
    ],
)
async def test_an_unreadable_list_answer_is_a_server_error_and_tracking_goes_on(
    make_service: MakeService, hostile: HostileServer, body: bytes
) -> None:
    hostile.new_task = lambda i, _b: running(i)
    hostile.route("POST", LIST, raw(200, body))
    service = await make_service()
    health: list[ServerHealth] = []
    service.subscribe_health(health.append)
    job = await submit(service)
    async with asyncio.timeout(5):
        while not any(h.state == "unreadable" for h in health):
            await asyncio.sleep(0.02)
    tracker = service.tracker("h")
    assert tracker is not None and tracker.mode == "backoff"
    # The server heals: the same job is tracked to the end.
    del hostile.routes[("POST", LIST)]
    hostile.task("h1", hostile.success_task("h1"))
    done = await until(service, job.id, lambda j: j.status == "SUCCESS")
    assert done.is_finished
    # The recovery is announced by the cycle that succeeded; its event may trail the job's update.
    async with asyncio.timeout(5):
        while health[-1].state != "ok":
            await asyncio.sleep(0.02)


@pytest.mark.parametrize(
    "bad",
    [
        '{"id":"h1","status":"IN_PROGRESS","progress":NaN,"startTime":1e400,"submitTime":-Infinity}',
        '{"id":"h1","status":"IN_PROGRESS","progress":Infinity,"finishTime":NaN,"buttons":{"a":1}}',
        '{"id":"h1","status":["SUCCESS"],"properties":[1,2],"buttons":[{"customId":{"x":1}},7,null],'
        '"imageUrls":{"url":3},"failReason":{"a":[]},"prompt":[["deep"]]}',
        '{"id":"h1","status":"IN_PROGRESS","progress":"999%","imageUrl":{"u":1}}',
    ],
)
async def test_a_malformed_task_affects_only_itself(
    make_service: MakeService, hostile: HostileServer, bad: str
) -> None:
    hostile.new_task = lambda i, _b: running(i)
    service = await make_service()
    first = await submit(service)
    second = await submit(service, "a dog")
    hostile.task("h1", bad)
    hostile.task("h2", hostile.success_task("h2"))
    done = await until(service, second.id, lambda j: j.status == "SUCCESS")
    assert done.is_finished
    # The odd one is still tracked: once the server sends it properly it finishes too.
    tracker = service.tracker("h")
    assert tracker is not None and tracker.mode != "stopped"
    hostile.task("h1", hostile.success_task("h1"))
    await until(service, first.id, lambda j: j.status == "SUCCESS")


async def test_a_task_whose_id_is_an_object_does_not_stop_the_others(
    make_service: MakeService, hostile: HostileServer
) -> None:
    hostile.new_task = lambda i, _b: running(i)
    service = await make_service()
    job = await submit(service)
    hostile.route(
        "POST",
        LIST,
        raw(200, json.dumps([{"id": {"x": 1}, "status": "SUCCESS"}, {"id": ["h1"]}, hostile.success_task("h1")])),
    )
    await until(service, job.id, lambda j: j.status == "SUCCESS")


@pytest.mark.allow_error_logs  # provoked on purpose
async def test_the_run_loop_survives_an_unexpected_exception(make_service: MakeService, hostile: HostileServer) -> None:
    hostile.new_task = lambda i, _b: running(i)
    service = await make_service()
    job = await submit(service)
    tracker = service.tracker("h")
    assert tracker is not None
    real, calls = tracker.poll_once, 0

    async def broken() -> Any:
        nonlocal calls
        calls += 1
        if calls <= 2:
            raise RuntimeError("a bug, not the server")
        return await real()

    tracker.poll_once = broken  # type: ignore[method-assign]
    hostile.task("h1", hostile.success_task("h1"))
    await until(service, job.id, lambda j: j.status == "SUCCESS")
    assert calls > 2


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
        lambda children: (
            st.lists(children, max_size=4)
            | st.dictionaries(
                st.sampled_from(
                    [
                        "id",
                        "status",
                        "progress",
                        "prompt",
                        "buttons",
                        "properties",
                        "imageUrls",
                        "submitTime",
                        "startTime",
                        "finishTime",
                        "failReason",
                        "imageUrl",
                        "x",
                    ]
                )
                | st.text(),
                children,
                max_size=6,
            )
        ),
        max_leaves=30,
    ),
    st.sampled_from(list(Dialect)),
)
def test_any_json_makes_a_storable_task(obj: Any, dialect: Dialect) -> None:
    task = Task.from_json(obj, dialect)
    assert task.progress is None or 0 <= task.progress <= 100
    text = json.dumps(task.raw, ensure_ascii=False, allow_nan=False)
    # Everything the library keeps can be written by SQLite (no lone surrogates, no NUL).
    db = sqlite3.connect(":memory:")
    db.execute("create table t (a, b)")
    db.execute("insert into t values (?, ?)", (text, task.prompt))
    for value in (task.id, task.status_raw, task.progress_raw, task.fail_reason, task.image_url):
        if value is not None:
            assert "\x00" not in value
            value.encode("utf-8")  # raises on a lone surrogate


# -- 2. a lone surrogate rolls back nothing -------------------------------------------------------------


async def test_a_lone_surrogate_in_one_task_does_not_stop_the_others_being_written(
    make_service: MakeService, hostile: HostileServer
) -> None:
    hostile.new_task = lambda i, _b: running(i)
    service = await make_service()
    first = await submit(service)
    second = await submit(service, "a dog")
    hostile.task(
        "h1",
        '{"id":"h1","status":"IN_PROGRESS","progress":"40%","prompt":"bad \\ud800 \\u0000 x",'
        '"failReason":"","properties":{"finalPrompt":"\\udfff"}}',
    )
    hostile.task("h2", running("h2", progress="55%"))
    one = await until(service, first.id, lambda j: j.progress == 40)
    two = await until(service, second.id, lambda j: j.progress == 55)
    assert one.status == "IN_PROGRESS" and two.status == "IN_PROGRESS"
    assert "\x00" not in json.dumps(one.raw) and "\ud800" not in str(one.raw)


# -- 3. progress never decides completion on its own ------------------------------------------------


async def test_progress_999_keeps_a_new_api_job_running(make_service: MakeService, hostile: HostileServer) -> None:
    hostile.new_task = lambda i, _b: running(i, progress="999%", imageUrl=f"{hostile.base_url}/img/preview.png")
    service = await make_service(Dialect.NEW_API)
    job = await submit(service)
    await until(service, job.id, lambda j: j.status == "IN_PROGRESS")
    await polled(service)  # "999%" answered three more times
    job = await service.job(job.id)
    assert job.status == "IN_PROGRESS" and not job.is_finished and not job.images
    assert job.progress is None
    hostile.task("h1", running("h1", progress="100%"))
    await polled(service)
    assert not (await service.job(job.id)).is_finished
    hostile.task("h1", hostile.success_task("h1"))
    await until(service, job.id, lambda j: j.status == "SUCCESS")


# -- 4. outages are visible ----------------------------------------------------------------------------


async def test_health_events_on_outage_and_recovery(make_service: MakeService, hostile: HostileServer) -> None:
    hostile.new_task = lambda i, _b: running(i)
    service = await make_service()
    health: list[ServerHealth] = []
    service.subscribe_health(health.append)
    job = await submit(service)
    await until(service, job.id, lambda j: j.status == "IN_PROGRESS")
    hostile.route("POST", LIST, drop())
    async with asyncio.timeout(5):
        while not health or health[-1].state != "unreachable":
            await asyncio.sleep(0.02)
    down = health[-1]
    assert down.profile == "h" and down.retry_in is not None and down.retry_in > 0
    assert "sk-h" not in down.detail
    count = len(health)
    await polled(service)  # three more failed cycles: each says "unreachable" again, nothing else
    assert len(health) > count and all(h.state == "unreachable" for h in health[count - 1 :])
    del hostile.routes[("POST", LIST)]
    async with asyncio.timeout(5):
        while health[-1].state != "ok":
            await asyncio.sleep(0.02)
    assert service.health("h").state == "ok"


# -- background tasks never leave an exception unretrieved -------------------------------------------


async def test_cancel_and_wait_retrieves_an_exception_raised_while_cancelling() -> None:
    import gc

    from mjdesk.core.cancel import cancel_and_wait

    loop = asyncio.get_running_loop()
    reported: list[dict[str, Any]] = []
    loop.set_exception_handler(lambda _loop, context: reported.append(context))

    async def fails_when_cancelled() -> None:
        try:
            await asyncio.sleep(10)
        except asyncio.CancelledError:
            raise RuntimeError("cleanup went wrong") from None

    task = loop.create_task(fails_when_cancelled())
    await asyncio.sleep(0)
    await cancel_and_wait([task])
    del task
    gc.collect()
    await asyncio.sleep(0)
    loop.set_exception_handler(None)
    assert not [c for c in reported if "never retrieved" in str(c.get("message"))]


@pytest.mark.allow_error_logs  # provoked on purpose
async def test_a_task_that_cannot_be_read_waits_alone_and_is_counted(
    make_service: MakeService, hostile: HostileServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Task.from_json is built never to raise (see the property test); this stands in for a bug in
    # it that a future server shape might hit, for one task only.
    from mjdesk.core.jobs import tracker as tracker_module

    real = Task.from_json

    def from_json(obj: Any, dialect: Any = None) -> Task:
        if isinstance(obj, dict) and obj.get("prompt") == "poison":
            raise ValueError("a parser bug")
        return real(obj, dialect)

    monkeypatch.setattr(tracker_module.Task, "from_json", staticmethod(from_json))
    hostile.new_task = lambda i, _b: running(i)
    service = await make_service()
    health: list[ServerHealth] = []
    service.subscribe_health(health.append)
    first = await submit(service)
    second = await submit(service, "a dog")
    await until(service, first.id, lambda j: j.progress == 14)
    hostile.task("h1", running("h1", prompt="poison", progress="50%"))
    hostile.task("h2", hostile.success_task("h2"))
    await until(service, second.id, lambda j: j.status == "SUCCESS")
    async with asyncio.timeout(5):
        while not any(h.ok and h.unreadable_tasks == 1 for h in health):
            await asyncio.sleep(0.02)
    assert (await service.job(first.id)).progress == 14  # as it was; not failed
    hostile.task("h1", hostile.success_task("h1"))
    await until(service, first.id, lambda j: j.status == "SUCCESS")


# -- 5. live previews are a nicety: a broken one costs nothing -----------------------------------------


@pytest.mark.parametrize(
    "preview",
    ["not-an-image", "file:///etc/passwd", "http://169.254.169.254/latest/meta-data", "missing"],
)
async def test_a_preview_that_cannot_be_shown_changes_nothing_else(
    make_service: MakeService, hostile: HostileServer, preview: str
) -> None:
    from mjdesk.core.jobs.service import PREVIEW_INDEX
    from mjdesk.core.library import ImageKind

    if preview == "not-an-image":
        url = hostile.image("p.webp", raw(200, b"<html>oops</html>", "image/webp"))
    elif preview == "missing":
        url = f"{hostile.base_url}/img/nothing-here.webp"
    else:
        url = preview
    hostile.new_task = lambda i, _b: running(i, progress="40%", imageUrl=url)
    service = await make_service()
    job = await submit(service)
    await until(service, job.id, lambda j: j.status == "IN_PROGRESS")
    await polled(service)
    job = await service.job(job.id)
    assert job.image(ImageKind.PREVIEW, PREVIEW_INDEX) is None and not job.is_finished
    hostile.task("h1", hostile.success_task("h1"))
    done = await until(service, job.id, lambda j: j.downloaded_at is not None)
    assert done.status == "SUCCESS" and done.download_error is None and done.cover is not None
    assert done.cover.kind is ImageKind.GRID
