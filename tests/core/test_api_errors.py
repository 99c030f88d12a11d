"""Every error envelope of the three dialects maps to the right exception (spec §1.2, §4, §11)."""

from __future__ import annotations

import json
import logging
from typing import Any

import httpx
import pytest

from mjdesk.core.api import (
    AuthError,
    BannedPromptError,
    Dialect,
    ForbiddenError,
    MjClient,
    MjError,
    NotFoundError,
    QueueFullError,
    QuotaError,
    RequestTooLargeError,
    ServerError,
    ServerProfile,
    Task,
    TaskFailedError,
    UnexpectedResponseError,
    ValidationError,
    failure_from_task,
)
from mjdesk.core.api.responses import error_from_response, submit_result, task_or_none

NGINX_502 = (
    b"<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway"
    b"</h1></center>\r\n<hr><center>nginx/1.24.0</center>\r\n</body>\r\n</html>\r\n"
)


def resp(status: int, body: Any = None, *, raw: bytes | None = None, ctype: str = "application/json") -> httpx.Response:
    content = raw if raw is not None else (b"" if body is None else json.dumps(body, ensure_ascii=False).encode())
    return httpx.Response(
        status,
        content=content,
        headers={"content-type": ctype},
        request=httpx.Request("POST", "https://api.example/mj/submit/imagine"),
    )


def na(description: str, code: int = 4) -> dict[str, Any]:
    return {"description": description, "type": "upstream_error", "code": code}


def openai(message: str) -> dict[str, Any]:
    return {"error": {"message": message, "type": "new_api_error"}}


def ta_envelope(message: str) -> dict[str, Any]:
    return {"success": False, "code": -1, "message": message, "timestamp": "638700000000000000"}


def submit(code: int, description: str, **props: Any) -> dict[str, Any]:
    return {"code": code, "description": description, "result": None, "properties": props}


SUBMIT_CASES = [
    # new-api local errors: HTTP 400 MJ-style envelope with a trailing space
    (resp(400, na("quota_not_enough ")), QuotaError, "quota_not_enough"),
    (resp(400, na("task_not_found ")), NotFoundError, "task_not_found"),
    (resp(400, na("prompt_is_required ")), ValidationError, "prompt_is_required"),
    (resp(400, na("index_is_required ")), ValidationError, "index_is_required"),
    (resp(400, na("do_request_failed Post http://up: EOF", code=5)), ServerError, "do_request_failed"),
    (resp(400, na("task_status_not_success ")), ValidationError, "task_status_not_success"),
    (
        resp(429, {"description": "当前分组上游负载已饱和，请稍后再试", "type": "upstream_error", "code": 30}),
        QueueFullError,
        "当前分组上游负载已饱和",
    ),
    # new-api OpenAI-style
    (resp(401, openai("无效的令牌")), AuthError, "无效的令牌"),
    (resp(403, openai("该令牌无权访问模型 mj_imagine")), ForbiddenError, "该令牌无权访问模型"),
    (resp(403, openai("用户已被封禁")), ForbiddenError, "用户已被封禁"),
    (
        resp(400, openai("Invalid request, unknown_action:MJ::Job::PicReader::1")),
        ValidationError,
        "unknown_action",
    ),
    (resp(503, openai("当前分组 default 下对于模型 mj_imagine 无可用渠道")), ServerError, "无可用渠道"),
    (resp(413, raw=b"request body too large", ctype="text/plain"), RequestTooLargeError, "too large"),
    # midjourney-proxy
    (resp(401, raw=b""), AuthError, ""),
    (resp(200, submit(23, "队列已满，请稍后尝试", discordInstanceId="1")), QueueFullError, "队列已满"),
    (resp(200, submit(24, "可能包含敏感词", promptEn="x", bannedWord="nsfw")), BannedPromptError, "敏感词"),
    (resp(200, submit(4, "prompt不能为空")), ValidationError, "prompt不能为空"),
    (resp(200, submit(4, "base64格式错误")), ValidationError, "base64格式错误"),
    (resp(200, submit(3, "关联任务不存在或已失效")), NotFoundError, "关联任务不存在或已失效"),
    (resp(200, submit(3, "无可用的账号实例")), ServerError, "无可用的账号实例"),
    (resp(200, submit(9, "系统异常")), ServerError, "系统异常"),
    (resp(200, submit(99, "something new")), MjError, "something new"),
    # trueai
    (
        resp(401, raw=b"Authorization header missing.", ctype="text/plain"),
        AuthError,
        "Authorization header missing.",
    ),
    (resp(401, raw="账号已禁用".encode(), ctype="text/plain"), AuthError, "账号已禁用"),
    (resp(403, raw="账号不可用".encode(), ctype="text/plain"), ForbiddenError, "账号不可用"),
    (resp(404, submit(3, "关联任务不存在或已失效")), NotFoundError, "关联任务不存在或已失效"),
    (resp(400, submit(4, "关联任务状态错误")), ValidationError, "关联任务状态错误"),
    (
        resp(200, submit(9, "提交失败，队列已满，请稍后重试", discordInstanceId="1")),
        QueueFullError,
        "队列已满",
    ),
    (resp(200, submit(4, "当前账号不支持 remix，请开启 remix 功能")), ValidationError, "remix"),
    (resp(200, ta_envelope("今日绘图次数已达上限")), QuotaError, "今日绘图次数已达上限"),
    (resp(200, ta_envelope("State参数过长，最大255字符")), ValidationError, "State参数过长"),
    (resp(200, ta_envelope("服务暂不可用，请联系管理员")), ServerError, "服务暂不可用"),
    (resp(500, ta_envelope("操作失败")), ServerError, "操作失败"),
    (resp(200, submit(4, "人脸图片大小超过最大限制")), RequestTooLargeError, "大小超过"),
    (resp(400, raw="演示模式，禁止操作".encode(), ctype="text/plain"), ForbiddenError, "演示模式"),
    (resp(400, "演示模式，禁止操作"), ForbiddenError, "演示模式"),
    (resp(500, raw=b"Internal Server Error", ctype="text/plain"), ServerError, "Internal Server Error"),
    # anything in front of the API
    (resp(502, raw=NGINX_502, ctype="text/html"), UnexpectedResponseError, "502 Bad Gateway"),
    (
        resp(200, raw=b"<!doctype html><title>Login</title>", ctype="text/html"),
        UnexpectedResponseError,
        "Login",
    ),
    (resp(200, raw=b""), UnexpectedResponseError, ""),
    (resp(200, {"unexpected": True}), UnexpectedResponseError, "unexpected"),
]


@pytest.mark.parametrize(("response", "cls", "text"), SUBMIT_CASES)
def test_submit_errors(response: httpx.Response, cls: type[MjError], text: str) -> None:
    with pytest.raises(MjError) as info:
        submit_result(response)
    err = info.value
    assert type(err) is cls, repr(err)
    assert text in err.server_text
    assert err.http_status == response.status_code
    assert err.summary and str(err).startswith(err.message)
    if err.server_text:
        assert str(err).endswith(" — " + err.server_text)


def test_banned_word_and_trailing_space() -> None:
    with pytest.raises(BannedPromptError) as info:
        submit_result(resp(200, submit(24, "可能包含敏感词", bannedWord="nsfw")))
    assert info.value.banned_word == "nsfw" and "nsfw" in str(info.value) and info.value.code == 24
    with pytest.raises(QuotaError) as quota:
        submit_result(resp(400, na("quota_not_enough ")))
    assert quota.value.server_text == "quota_not_enough" and quota.value.code == 4


@pytest.mark.parametrize(
    ("cls", "exit_code", "retryable"),
    [
        (AuthError, 4, False),
        (ForbiddenError, 4, False),
        (ValidationError, 2, False),
        (QueueFullError, 1, True),
        (ServerError, 1, True),
        (NotFoundError, 1, False),
        (RequestTooLargeError, 2, False),
    ],
)
def test_exit_codes_and_retryable(cls: type[MjError], exit_code: int, retryable: bool) -> None:
    err = cls("x")
    assert (err.exit_code, err.retryable) == (exit_code, retryable)


def test_summary_args_fill_placeholders() -> None:
    err = ValidationError("server words", summary="Blend needs 2 to 5 images, not {count}.", summary_args={"count": 7})
    assert str(err) == "Blend needs 2 to 5 images, not 7. — server words"
    assert "{count}" in err.summary  # the untranslated template stays for the UI


def test_accepted_codes_are_results() -> None:
    for code in (1, 21, 22):
        assert submit_result(resp(200, {"code": code, "description": "", "result": "5"})).task_id == "5"


@pytest.mark.parametrize(
    "response",
    [
        resp(200, raw=b""),  # midjourney-proxy
        resp(204, raw=b""),  # trueai
        resp(400, na("task_no_found ")),  # new-api
        resp(200, raw=b"null"),
        resp(404, submit(3, "关联任务不存在或已失效")),
    ],
)
def test_fetch_unknown_is_none(response: httpx.Response) -> None:
    assert task_or_none(response) is None


@pytest.mark.parametrize(
    ("response", "cls"),
    [
        (resp(401, raw=b""), AuthError),
        (
            resp(404, raw=b"<html><title>404 Not Found</title></html>", ctype="text/html"),
            UnexpectedResponseError,
        ),
        (resp(404, raw=b"404 page not found", ctype="text/plain"), UnexpectedResponseError),
        (resp(404, raw=b""), UnexpectedResponseError),
        (
            resp(
                404,
                {
                    "timestamp": "2026-01-01T00:00:00.000+00:00",
                    "status": 404,
                    "error": "Not Found",
                    "path": "/x/mj/task/1/fetch",
                },
            ),
            UnexpectedResponseError,
        ),
        (
            resp(
                404,
                {
                    "error": {
                        "message": "Invalid URL (GET /v1/mj/task/1/fetch)",
                        "type": "invalid_request_error",
                    }
                },
            ),
            UnexpectedResponseError,
        ),
        (resp(200, raw=b"<html>hi</html>", ctype="text/html"), UnexpectedResponseError),
        (resp(502, raw=NGINX_502, ctype="text/html"), UnexpectedResponseError),
    ],
)
def test_fetch_errors(response: httpx.Response, cls: type[MjError]) -> None:
    with pytest.raises(cls):
        task_or_none(response)


def test_html_5xx_is_retryable_and_short() -> None:
    err = error_from_response(resp(502, raw=NGINX_502 * 50, ctype="text/html"))
    assert isinstance(err, ServerError) and err.retryable
    assert err.server_text == "502 Bad Gateway"
    long_text = error_from_response(resp(500, raw=b"x" * 5000, ctype="text/plain"))
    assert len(long_text.server_text) <= 200


@pytest.mark.parametrize(
    ("reason", "cls"),
    [
        ("可能包含敏感词", BannedPromptError),
        ("[Invalid parameter] Invalid value", TaskFailedError),
        ("任务超时", TaskFailedError),
        ("取消任务", TaskFailedError),
    ],
)
def test_failure_from_task(reason: str, cls: type[MjError]) -> None:
    err = failure_from_task(Task.from_json({"id": "1", "status": "FAILURE", "failReason": reason}))
    assert type(err) is cls and err.server_text == reason


def test_failure_from_task_none_unless_failed() -> None:
    assert failure_from_task(Task.from_json({"id": "1", "status": "SUCCESS"})) is None
    assert failure_from_task(Task.from_json({"id": "1", "status": "IN_PROGRESS"})) is None


# -- the key never appears in messages or logs ------------------------------------------------

KEY = "sk-SECRETSECRET-42"


@pytest.mark.parametrize("dialect", list(Dialect))
async def test_key_never_in_errors_or_logs(dialect: Dialect, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="mjdesk.api")
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        # A careless server that echoes the credential back.
        echoed = request.headers.get("authorization") or request.headers.get("mj-api-secret") or ""
        return httpx.Response(401, json={"error": {"message": f"bad token {echoed}", "type": "x"}})

    profile = ServerProfile("p", "https://api.example", dialect)
    async with MjClient(profile, KEY, transport=httpx.MockTransport(handler)) as client:
        assert KEY not in repr(client)
        with pytest.raises(AuthError) as info:
            await client.fetch("123")
        report = await client.test_connection()
    assert seen, "the handler was called"
    sent = seen[0].headers
    assert KEY in (sent.get("authorization", "") + sent.get("mj-api-secret", ""))
    err = info.value
    for text in (str(err), repr(err), err.server_text, report.message, repr(report)):
        assert KEY not in text
    assert "***" in err.server_text
    assert report.auth_ok is False and not report.ok
    assert KEY not in caplog.text
    assert caplog.records, "the client logs its requests at debug level"
