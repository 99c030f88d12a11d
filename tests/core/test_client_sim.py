"""MjClient against the built-in simulator over real loopback HTTP, for each of the three dialects."""

from __future__ import annotations

import asyncio
import base64
import io
from collections.abc import AsyncIterator

import pytest
from PIL import Image, ImageDraw

from mjdesk.core.api import (
    ActionRequest,
    AuthError,
    BannedPromptError,
    BlendRequest,
    ButtonKind,
    DescribeRequest,
    Dialect,
    EditsRequest,
    Endpoint,
    ImagineRequest,
    MjClient,
    ModalRequest,
    NetworkError,
    ProxySetting,
    QueueFullError,
    QuotaError,
    ServerError,
    ServerProfile,
    ShortenRequest,
    SubmitOutcomeUnknown,
    SwapFaceRequest,
    Task,
    TaskAction,
    TaskStatus,
    UnsupportedError,
    UploadRequest,
    VideoRequest,
    failure_from_task,
)
from mjdesk.sim import SimConfig, Simulator

KEY = "sk-test"
CREDENTIAL_HEADERS = ("authorization", "mj-api-secret")


def png_data_url(color: tuple[int, int, int], size: tuple[int, int] = (64, 64)) -> str:
    buf = io.BytesIO()
    Image.new("RGB", size, color).save(buf, "PNG")
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode()


RED, BLUE = png_data_url((200, 40, 40)), png_data_url((40, 40, 200))


def mask_for(image: bytes) -> str:
    """White rectangle (repaint) on black (keep), at the image's own pixel size."""
    with Image.open(io.BytesIO(image)) as img:
        w, h = img.size
    mask = Image.new("L", (w, h), 0)
    ImageDraw.Draw(mask).rectangle((w // 4, h // 4, w * 3 // 4, h * 3 // 4), fill=255)
    buf = io.BytesIO()
    mask.save(buf, "PNG")
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode()


@pytest.fixture(params=[d.value for d in Dialect])
async def sim(request: pytest.FixtureRequest) -> AsyncIterator[Simulator]:
    simulator = Simulator(SimConfig(dialect=request.param, api_key=KEY, speed=0.1))
    await simulator.start()
    try:
        yield simulator
    finally:
        await simulator.stop()


def profile_for(sim: Simulator, **kw: object) -> ServerProfile:
    return ServerProfile("sim", sim.base_url, Dialect(sim.config.dialect), proxy=ProxySetting("none"), **kw)  # type: ignore[arg-type]


@pytest.fixture
async def client(sim: Simulator) -> AsyncIterator[MjClient]:
    async with MjClient(profile_for(sim), KEY) as c:
        c.retry_base = 0.01
        yield c


async def wait(client: MjClient, task_id: str, timeout: float = 10.0) -> Task:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while loop.time() < deadline:
        task = await client.fetch(task_id)
        if task is not None and task.is_terminal:
            return task
        await asyncio.sleep(0.05)
    raise AssertionError(f"task {task_id} did not finish")


async def run(client: MjClient, request: object) -> Task:
    result = await client.submit(request)  # type: ignore[arg-type]
    assert result.task_id, result
    task = await wait(client, result.task_id)
    assert task.status is TaskStatus.SUCCESS, (task.status_raw, task.fail_reason)
    return task


def submits(sim: Simulator, suffix: str) -> int:
    return sum(1 for r in sim.requests if r.server == "api" and r.method == "POST" and r.path.endswith(suffix))


def button(task: Task, kind: ButtonKind, index: int | None = None) -> str:
    return next(b.custom_id for b in task.buttons if b.kind is kind and (index is None or b.index == index))


def assert_no_credentials_on_image_host(sim: Simulator) -> None:
    image_requests = [r for r in sim.requests if r.server == "image"]
    for r in image_requests:
        assert not any(h in r.headers for h in CREDENTIAL_HEADERS), r.path


# -- flows ------------------------------------------------------------------------------------


async def test_imagine_upscale_vary_region_and_custom_zoom(sim: Simulator, client: MjClient) -> None:
    grid = await run(client, ImagineRequest("a lighthouse at dawn --ar 3:2"))
    assert grid.action is TaskAction.IMAGINE and grid.image_url
    assert {b.kind for b in grid.buttons} >= {ButtonKind.UPSCALE, ButtonKind.VARIATION, ButtonKind.REROLL}

    upscale = await run(client, ActionRequest(grid.id, button(grid, ButtonKind.UPSCALE, 1)))
    assert upscale.action is TaskAction.UPSCALE and upscale.image_url
    image = await client.download(upscale.image_url)
    assert image.startswith(b"\x89PNG")

    # Vary Region: code 21 in every dialect (new-api keeps it for INPAINT), then the modal.
    pressed = await client.submit(ActionRequest(upscale.id, button(upscale, ButtonKind.VARY_REGION)))
    assert pressed.modal_required and pressed.task_id
    mask = mask_for(image)
    answered = await client.submit(ModalRequest(pressed.task_id, "a red lighthouse", mask_base64=mask))
    assert answered.task_id == pressed.task_id
    region = await wait(client, pressed.task_id)
    assert region.status is TaskStatus.SUCCESS
    received = sim.masks[-1]
    assert (received.width, received.height) == (received.expected_width, received.expected_height)
    assert 0.2 < received.white_fraction < 0.3

    pressed = await client.submit(ActionRequest(upscale.id, button(upscale, ButtonKind.CUSTOM_ZOOM)))
    assert pressed.modal_required and pressed.task_id
    await client.submit(ModalRequest(pressed.task_id, "a lighthouse at dawn --zoom 1.5"))
    assert (await wait(client, pressed.task_id)).status is TaskStatus.SUCCESS

    seed = await client.image_seed(grid.id)
    assert seed.isdigit()
    assert_no_credentials_on_image_host(sim)
    assert any(r.server == "image" for r in sim.requests) or sim.config.dialect == "new-api"


async def test_every_other_endpoint(sim: Simulator, client: MjClient) -> None:
    dialect = client.profile.dialect
    described = await run(client, DescribeRequest(image=RED))
    assert described.final_prompt and "--ar" in described.final_prompt
    blended = await run(client, BlendRequest([RED, BLUE], "LANDSCAPE"))
    assert blended.action is TaskAction.BLEND
    shortened = await run(client, ShortenRequest("a very very detailed and beautiful painting of a cat"))
    assert shortened.final_prompt
    swapped = await run(client, SwapFaceRequest(RED, BLUE))
    assert swapped.image_url
    uploaded = await client.submit(UploadRequest([RED]))
    assert uploaded.urls and uploaded.task_ids == []
    assert await client.download(uploaded.urls[0]) == base64.b64decode(RED.split(",", 1)[1])

    if Endpoint.VIDEO in client.profile.capabilities:
        video = await run(client, VideoRequest("waves rolling", image=RED, batch_size=2))
        assert len(video.video_urls) == 2 or video.video_url
        assert await client.download(video.video_urls[0] if video.video_urls else video.video_url or "")
        hd = await run(client, VideoRequest("waves in HD", image=RED, batch_size=1, hd=True))
        assert "--hd" in (hd.prompt_en or hd.final_prompt or hd.description or "")
        sent = [r.json for r in sim.requests if r.path.endswith("/submit/video") and isinstance(r.json, dict)]
        assert sent[-1]["videoType"] == "vid_1.1_i2v_720"
        edit = await run(client, EditsRequest("add a hat", RED))
        assert edit.image_url
    else:
        before = len(sim.requests)
        with pytest.raises(UnsupportedError):
            await client.submit(VideoRequest("waves", image=RED))
        assert len(sim.requests) == before  # refused locally, nothing sent

    assert await client.fetch("1234567890123456") is None
    tasks = await client.list_by_condition([described.id, "1234567890123456", blended.id])
    assert [t.id for t in tasks] == [described.id, blended.id]
    assert all(t.status is TaskStatus.SUCCESS for t in tasks)

    if dialect is Dialect.TRUEAI:
        started = await client.submit(ImagineRequest("to be cancelled"))
        assert started.task_id
        await client.cancel(started.task_id)
        cancelled = await wait(client, started.task_id)
        assert cancelled.status is TaskStatus.FAILURE and cancelled.fail_reason == "取消任务"
    else:
        with pytest.raises(UnsupportedError):
            await client.cancel(described.id)
    if Endpoint.LIST in client.profile.capabilities:
        assert described.id in {t.id for t in await client.list_tasks()}
    if Endpoint.QUEUE in client.profile.capabilities:
        assert isinstance(await client.queue(), list)
    assert_no_credentials_on_image_host(sim)


async def test_action_becomes_change_without_action_endpoint(sim: Simulator) -> None:
    if sim.config.dialect == "trueai":
        pytest.skip("trueai dropped /submit/change in v10")
    caps = frozenset({Endpoint.IMAGINE, Endpoint.CHANGE, Endpoint.FETCH, Endpoint.LIST_BY_CONDITION})
    async with MjClient(profile_for(sim, endpoints_override=caps), KEY) as client:
        grid = await run(client, ImagineRequest("a fox"))
        upscale = await run(client, ActionRequest(grid.id, button(grid, ButtonKind.UPSCALE, 2)))
        reroll = await run(client, ActionRequest(grid.id, button(grid, ButtonKind.REROLL)))
        with pytest.raises(UnsupportedError):
            await client.submit(ActionRequest(upscale.id, button(upscale, ButtonKind.VARY_REGION)))
    change_bodies = [r.json for r in sim.requests if r.path == "/mj/submit/change"]
    assert change_bodies[0] == {"taskId": grid.id, "action": "UPSCALE", "index": 2}
    assert change_bodies[1]["action"] == "REROLL"
    assert ("index" in change_bodies[1]) == (sim.config.dialect == "new-api")
    assert reroll.status is TaskStatus.SUCCESS
    assert submits(sim, "/submit/action") == 0


async def test_test_connection(sim: Simulator, client: MjClient) -> None:
    report = await client.test_connection()
    assert report.ok and report.auth_ok and report.error is None
    async with MjClient(profile_for(sim), "sk-wrong") as bad:
        report = await bad.test_connection()
    assert not report.ok and report.auth_ok is False and isinstance(report.error, AuthError)
    assert "sk-wrong" not in report.message


# -- refusals ---------------------------------------------------------------------------------


async def test_bad_key(sim: Simulator) -> None:
    async with MjClient(profile_for(sim), "sk-wrong") as client:
        with pytest.raises(AuthError) as info:
            await client.submit(ImagineRequest("a cat"))
        with pytest.raises(AuthError):
            await client.fetch("1")
    assert info.value.exit_code == 4 and "sk-wrong" not in repr(info.value)


async def test_queue_full(sim: Simulator, client: MjClient) -> None:
    sim.force_next_submit("queue_full")
    with pytest.raises(QueueFullError) as info:
        await client.submit(ImagineRequest("a cat"))
    assert "队列已满" in info.value.server_text and info.value.retryable


async def test_queued_answer(sim: Simulator, client: MjClient) -> None:
    sim.force_next_submit("queued")
    result = await client.submit(ImagineRequest("a cat"))
    assert result.queued and result.queue_position == 0 and result.task_id
    assert (await wait(client, result.task_id)).status is TaskStatus.SUCCESS


async def test_quota(sim: Simulator, client: MjClient) -> None:
    sim.force_next_submit("quota")
    with pytest.raises(QuotaError) as info:
        await client.submit(ImagineRequest("a cat"))
    assert info.value.server_text


async def test_banned_word(sim: Simulator, client: MjClient) -> None:
    request = ImagineRequest("a forbiddenword cat")
    if client.profile.dialect is Dialect.TRUEAI:
        # trueai accepts the submit and fails the task afterwards.
        result = await client.submit(request)
        assert result.task_id
        task = await wait(client, result.task_id)
        error = failure_from_task(task)
        assert isinstance(error, BannedPromptError) and error.server_text == "可能包含敏感词"
        return
    with pytest.raises(BannedPromptError) as info:
        await client.submit(request)
    assert info.value.banned_word == "forbiddenword"


# -- faults: a submit is sent at most once -----------------------------------------------------


async def test_drop_after_processing_is_outcome_unknown_and_not_resent(sim: Simulator, client: MjClient) -> None:
    sim.faults.drop_after_processing_rate = 1.0
    before = len(sim.tasks)
    with pytest.raises(SubmitOutcomeUnknown) as info:
        await client.submit(ImagineRequest("a cat"))
    assert info.value.may_have_reached_server
    assert submits(sim, "/submit/imagine") == 1
    assert len(sim.tasks) == before + 1  # the server did create (and would bill) the task


async def test_drop_before_processing_is_not_resent_either(sim: Simulator, client: MjClient) -> None:
    sim.faults.drop_rate = 1.0
    with pytest.raises(SubmitOutcomeUnknown):
        await client.submit(ImagineRequest("a cat"))
    assert submits(sim, "/submit/imagine") == 1


async def test_slow_server_times_out_once(sim: Simulator, client: MjClient) -> None:
    sim.faults.latency = 0.5
    client.plain_submit_timeout = 0.1
    with pytest.raises(SubmitOutcomeUnknown):
        await client.submit(ImagineRequest("a cat"))
    assert submits(sim, "/submit/imagine") == 1
    sim.faults.latency = 0.0
    async with asyncio.timeout(5):  # the server goes on and creates the task after the client gave up
        while not sim.tasks:
            await asyncio.sleep(0.02)
    assert len(sim.tasks) == 1 and submits(sim, "/submit/imagine") == 1


@pytest.mark.parametrize("fault", ["error_rate", "html_error_rate"])
async def test_server_errors_on_submit_are_not_retried(sim: Simulator, client: MjClient, fault: str) -> None:
    setattr(sim.faults, fault, 1.0)
    for _ in range(3):
        with pytest.raises((ServerError, SubmitOutcomeUnknown)):
            await client.submit(ImagineRequest("a cat"))
    assert submits(sim, "/submit/imagine") == 3


async def test_queries_ride_out_faults(sim: Simulator, client: MjClient) -> None:
    result = await client.submit(ImagineRequest("a cat"))
    assert result.task_id
    sim.faults.seed = 7
    sim.faults.error_rate = 0.2
    sim.faults.drop_rate = 0.1
    sim.faults.html_error_rate = 0.1
    client.retry_attempts = 8
    task = await wait(client, result.task_id)
    assert task.status is TaskStatus.SUCCESS
    sim.faults.error_rate = sim.faults.html_error_rate = 0.0
    sim.faults.drop_rate = 1.0
    client.retry_attempts = 3
    before = len(sim.requests)
    with pytest.raises(NetworkError):
        await client.fetch(result.task_id)
    assert len(sim.requests) - before == 3


async def test_downloads_through_image_faults_never_carry_the_key(sim: Simulator, client: MjClient) -> None:
    grid = await run(client, ImagineRequest("a cat"))
    sim.faults.include_image_host = True
    sim.faults.seed = 3
    sim.faults.error_rate = 0.4
    client.retry_attempts = 8
    assert grid.image_url
    data = await client.download(grid.image_url)
    assert data.startswith(b"\x89PNG")
    for url in grid.image_urls:
        assert (await client.download(url)).startswith(b"\x89PNG")
    assert_no_credentials_on_image_host(sim)
