"""MjClient against scripted transports: auth, retries, submit-at-most-once, downloads, fallbacks."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from mjdesk.core.api import (
    ActionRequest,
    AuthError,
    ConnectionRefusedByServerError,
    Dialect,
    Endpoint,
    ForbiddenError,
    ImagineRequest,
    MjClient,
    NetworkTimeoutError,
    NotFoundError,
    ProxySetting,
    RequestTooLargeError,
    ServerError,
    ServerProfile,
    SubmitOutcomeUnknown,
    UnsupportedError,
    UrlRewrite,
)

KEY = "sk-test-key"
API = "https://api.example"
PNG = "data:image/png;base64,iVBORw0KGgo="
Handler = Callable[[httpx.Request], Any]


def make(handler: Handler, dialect: Dialect = Dialect.NEW_API, **kw: Any) -> MjClient:
    client = MjClient(ServerProfile("p", API + "/mj", dialect, **kw), KEY, transport=httpx.MockTransport(handler))
    client.retry_base = 0.001
    return client


def ok_task(request: httpx.Request) -> httpx.Response:
    return httpx.Response(200, json={"id": "1", "status": "SUCCESS", "progress": "100%"})


@pytest.mark.parametrize(
    ("dialect", "name", "value"),
    [
        (Dialect.NEW_API, "authorization", f"Bearer {KEY}"),
        (Dialect.MIDJOURNEY_PROXY, "mj-api-secret", KEY),
        (Dialect.TRUEAI, "authorization", KEY),
    ],
)
async def test_auth_header_per_dialect(dialect: Dialect, name: str, value: str) -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return ok_task(request)

    async with make(handler, dialect) as client:
        task = await client.fetch("1")
    assert task is not None and task.id == "1"
    assert seen[0].headers[name] == value
    assert str(seen[0].url) == f"{API}/mj/task/1/fetch"
    other = {"authorization", "mj-api-secret"} - {name}
    assert not any(h in seen[0].headers for h in other)


async def test_queries_retry_5xx_and_drops_then_succeed() -> None:
    answers: list[Any] = [
        httpx.Response(502, text="<html><title>502</title></html>"),
        httpx.RemoteProtocolError("dropped"),
        httpx.Response(429),
        ok_task,
    ]
    calls = 0

    def handler(request: httpx.Request) -> httpx.Response:
        nonlocal calls
        answer = answers[calls]
        calls += 1
        if isinstance(answer, Exception):
            raise answer
        return answer if isinstance(answer, httpx.Response) else answer(request)

    async with make(handler) as client:
        assert (await client.fetch("1")) is not None
    assert calls == 4


async def test_queries_give_up_after_attempts() -> None:
    calls = 0

    def handler(request: httpx.Request) -> httpx.Response:
        nonlocal calls
        calls += 1
        raise httpx.ReadTimeout("slow", request=request)

    async with make(handler) as client:
        client.retry_attempts = 3
        with pytest.raises(NetworkTimeoutError) as info:
            await client.fetch("1")
    assert calls == 3 and info.value.exit_code == 3


@pytest.mark.parametrize(
    "failure",
    [httpx.ReadTimeout, httpx.RemoteProtocolError, httpx.ReadError, httpx.WriteError, httpx.WriteTimeout],
)
async def test_submit_never_retried_once_it_may_have_left(failure: type[httpx.TransportError]) -> None:
    calls = 0

    def handler(request: httpx.Request) -> httpx.Response:
        nonlocal calls
        calls += 1
        raise failure("boom", request=request)

    async with make(handler) as client:
        with pytest.raises(SubmitOutcomeUnknown) as info:
            await client.submit(ImagineRequest("a cat"))
    assert calls == 1
    assert info.value.may_have_reached_server and not info.value.retryable and info.value.exit_code == 3


@pytest.mark.parametrize("status", [502, 504])
async def test_submit_gateway_errors_are_outcome_unknown(status: int) -> None:
    calls = 0

    def handler(request: httpx.Request) -> httpx.Response:
        nonlocal calls
        calls += 1
        return httpx.Response(status, text="<html><title>Gateway</title></html>")

    async with make(handler) as client:
        with pytest.raises(SubmitOutcomeUnknown):
            await client.submit(ImagineRequest("a cat"))
    assert calls == 1


async def test_submit_json_500_is_server_error_not_retried() -> None:
    calls = 0

    def handler(request: httpx.Request) -> httpx.Response:
        nonlocal calls
        calls += 1
        return httpx.Response(500, json={"success": False, "code": -1, "message": "操作失败"})

    async with make(handler, Dialect.TRUEAI) as client:
        with pytest.raises(ServerError) as info:
            await client.submit(ImagineRequest("a cat"))
    assert calls == 1 and info.value.server_text == "操作失败"


async def test_submit_retried_when_the_connection_never_opened() -> None:
    calls = 0

    def handler(request: httpx.Request) -> httpx.Response:
        nonlocal calls
        calls += 1
        if calls < 3:
            raise httpx.ConnectError("[Errno 111] Connection refused", request=request)
        return httpx.Response(200, json={"code": 1, "description": "提交成功", "result": "42"})

    async with make(handler) as client:
        assert (await client.submit(ImagineRequest("a cat"))).task_id == "42"
    assert calls == 3


async def test_refused_connection_maps_to_typed_error() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("[Errno 111] Connection refused", request=request)

    async with make(handler) as client:
        client.retry_attempts = 2
        with pytest.raises(ConnectionRefusedByServerError):
            await client.submit(ImagineRequest("a cat"))


async def test_timeouts_for_submits_and_queries() -> None:
    seen: list[dict[str, float]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.extensions["timeout"])
        if request.method == "GET":
            return ok_task(request)
        return httpx.Response(200, json={"code": 1, "result": "1"})

    async with make(handler, query_timeout=7.0, submit_timeout=99.0) as client:
        await client.submit(ImagineRequest("a", images=[PNG]))
        await client.submit(ImagineRequest("a"))
        await client.fetch("1")
    assert [t["read"] for t in seen] == [99.0, client.plain_submit_timeout, 7.0]
    assert all(t["connect"] == 10.0 for t in seen)


async def test_submit_body_and_preview() -> None:
    bodies: list[bytes] = []

    def handler(request: httpx.Request) -> httpx.Response:
        bodies.append(request.content)
        return httpx.Response(
            200,
            json={
                "code": 21,
                "description": "Waiting for window confirm",
                "result": "9",
                "properties": {"finalPrompt": ""},
            },
        )

    async with make(handler, Dialect.TRUEAI) as client:
        req = ActionRequest("5", "MJ::Inpaint::1::abc::SOLO")
        preview = client.preview(req)
        result = await client.submit(req)
    assert preview == {
        "method": "POST",
        "url": f"{API}/mj/submit/action",
        "endpoint": "action",
        "body": {"taskId": "5", "customId": "MJ::Inpaint::1::abc::SOLO"},
    }
    assert result.modal_required and result.task_id == "9"
    assert b'"customId"' in bodies[0]


# -- downloads ---------------------------------------------------------------------------------


async def test_download_credentials_only_for_the_api_origin() -> None:
    seen: dict[str, httpx.Headers] = {}

    def handler(request: httpx.Request) -> httpx.Response:
        seen[str(request.url)] = request.headers
        if request.url.host == "api.example" and request.url.path == "/redirect":
            return httpx.Response(302, headers={"location": "https://cdn.example/moved.png"})
        return httpx.Response(200, content=b"PNGDATA")

    async with make(handler, Dialect.MIDJOURNEY_PROXY) as client:
        assert await client.download(f"{API}/mj/image/1") == b"PNGDATA"
        assert await client.download("https://cdn.example/a.png") == b"PNGDATA"
        assert await client.download("http://api.example/b.png") == b"PNGDATA"  # other scheme = other origin
        assert await client.download("https://api.example:8443/c.png") == b"PNGDATA"  # other port
        assert await client.download(f"{API}/redirect") == b"PNGDATA"
    assert seen[f"{API}/mj/image/1"]["mj-api-secret"] == KEY
    for url in (
        "https://cdn.example/a.png",
        "http://api.example/b.png",
        "https://api.example:8443/c.png",
        "https://cdn.example/moved.png",
    ):
        assert "mj-api-secret" not in seen[url] and "authorization" not in seen[url], url


async def test_download_applies_rewrite_and_cap() -> None:
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        return httpx.Response(200, content=b"x" * 2048)

    rewrite = UrlRewrite("host", "https://mirror.example", match="cdn.discordapp.com")
    async with make(handler, image_url_rewrite=rewrite) as client:
        await client.download("https://cdn.discordapp.com/attachments/1/a.png")
        client.max_download_bytes = 1024
        with pytest.raises(RequestTooLargeError):
            await client.download("https://cdn.example/big.png")
    assert seen[0] == "https://mirror.example/attachments/1/a.png"


async def test_download_retries_5xx_but_not_404() -> None:
    calls: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request.url.path)
        if request.url.path == "/gone.png":
            return httpx.Response(404, text="Not Found")
        if calls.count("/flaky.png") < 3:
            return httpx.Response(503, text="busy")
        return httpx.Response(200, content=b"ok")

    async with make(handler) as client:
        assert await client.download("https://cdn.example/flaky.png") == b"ok"
        with pytest.raises(NotFoundError):
            await client.download("https://cdn.example/gone.png")
    assert calls.count("/flaky.png") == 3 and calls.count("/gone.png") == 1


# -- lists, fallbacks, other queries ------------------------------------------------------------


async def test_list_by_condition_batches_and_keeps_order() -> None:
    bodies: list[Any] = []

    def handler(request: httpx.Request) -> httpx.Response:
        import json

        ids = json.loads(request.content)["ids"]
        bodies.append(ids)
        return httpx.Response(200, json=[{"id": i, "status": "SUCCESS"} for i in reversed(ids) if i != "2"])

    async with make(handler) as client:
        client.list_chunk = 2
        tasks = await client.list_by_condition(["1", "2", "3", "3", ""])
        assert await client.list_by_condition([]) == []
    assert [t.id for t in tasks] == ["1", "3"]
    assert bodies == [["1", "2"], ["3"]]


async def test_list_by_condition_falls_back_to_concurrent_fetches() -> None:
    active = peak = 0

    async def handler(request: httpx.Request) -> httpx.Response:
        nonlocal active, peak
        assert request.url.path.endswith("/fetch")
        active += 1
        peak = max(peak, active)
        await asyncio.sleep(0.01)
        active -= 1
        task_id = request.url.path.split("/")[-2]
        if task_id == "7":
            return httpx.Response(200, content=b"")
        return httpx.Response(200, json={"id": task_id, "status": "IN_PROGRESS"})

    only_fetch = frozenset({Endpoint.IMAGINE, Endpoint.FETCH})
    async with make(handler, Dialect.MIDJOURNEY_PROXY, endpoints_override=only_fetch) as client:
        client.fetch_concurrency = 3
        tasks = await client.list_by_condition([str(i) for i in range(10)])
    assert [t.id for t in tasks] == [str(i) for i in range(10) if i != 7]
    assert peak == 3


async def test_trueai_list_by_ids_alias() -> None:
    paths: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        paths.append(request.url.path)
        if request.url.path.endswith("list-by-condition"):
            return httpx.Response(404, json={"code": 3, "description": "not here"})
        return httpx.Response(200, json=[{"id": "1"}])

    async with make(handler, Dialect.TRUEAI) as client:
        assert [t.id for t in await client.list_by_condition(["1"])] == ["1"]
    assert paths == ["/mj/task/list-by-condition", "/mj/task/list-by-ids"]


async def test_seed_cancel_list_queue() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        path = request.url.path
        if path.endswith("/image-seed"):
            return httpx.Response(200, json={"code": 1, "description": "success", "result": 2735212})
        if path.endswith("/cancel"):
            return httpx.Response(200, content=b"")
        return httpx.Response(200, json=[{"id": "1"}, {"id": "2"}])

    async with make(handler, Dialect.TRUEAI) as client:
        assert await client.image_seed("1") == "2735212"
        await client.cancel("1")
        assert len(await client.list_tasks()) == 2
        with pytest.raises(UnsupportedError):
            await client.queue()
    async with make(handler, Dialect.MIDJOURNEY_PROXY) as client:
        assert len(await client.queue()) == 2
        with pytest.raises(UnsupportedError):
            await client.cancel("1")


async def test_cancel_refused_for_non_admin() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(400, text="演示模式，禁止操作")

    async with make(handler, Dialect.TRUEAI) as client:
        with pytest.raises(ForbiddenError) as info:
            await client.cancel("1")
    assert info.value.server_text == "演示模式，禁止操作"


@pytest.mark.parametrize(
    ("answer", "ok", "auth_ok"),
    [
        (
            httpx.Response(400, json={"description": "task_no_found ", "type": "upstream_error", "code": 4}),
            True,
            True,
        ),
        (httpx.Response(204), True, True),
        (httpx.Response(200, content=b""), True, True),
        (httpx.Response(401, content=b""), False, False),
        (httpx.Response(403, text="账号不可用"), False, False),
        (httpx.Response(404, text="404 page not found"), False, None),
        (httpx.Response(200, text="<html><title>Welcome to nginx!</title></html>"), False, None),
    ],
)
async def test_connection_report(answer: httpx.Response, ok: bool, auth_ok: bool | None) -> None:
    async with make(lambda request: answer) as client:
        report = await client.test_connection()
    assert (report.ok, report.auth_ok) == (ok, auth_ok)
    assert report.supported == client.profile.capabilities
    if ok:
        assert report.error is None and report.latency_ms is not None
    else:
        assert report.error is not None and str(report.error) in report.message
    if auth_ok is False:
        assert isinstance(report.error, AuthError | ForbiddenError) and report.error.exit_code == 4


def test_proxy_settings_reach_httpx() -> None:
    def build(kind: str, url: str = "") -> MjClient:
        return MjClient(ServerProfile("p", API, Dialect.NEW_API, proxy=ProxySetting(kind, url)), KEY)  # type: ignore[arg-type]

    assert build("none")._http.trust_env is False
    assert build("system")._http.trust_env is True
    client = build("http", "http://127.0.0.1:3128")
    assert client._http.trust_env is False
    pool = client._http._transport_for_url(httpx.URL(API))
    assert type(pool).__name__ == "AsyncHTTPTransport" and pool._pool.__class__.__name__ == "AsyncHTTPProxy"
    socks = build("socks5", "socks5://127.0.0.1:1080")._http._transport_for_url(httpx.URL(API))
    assert socks._pool.__class__.__name__ == "AsyncSOCKSProxy"
