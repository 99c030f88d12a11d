"""Parsers of the history and quota answers: every page shape the gateways use, and anything else
a server may send answered with a typed error, never a crash."""

from __future__ import annotations

import json

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from mjdesk.core.api import MjError
from mjdesk.core.api.responses import account_info, task_page

TASK = {"id": "1", "action": "IMAGINE", "status": "SUCCESS", "prompt": "a fox"}


def answer(obj: object, status: int = 200) -> httpx.Response:
    return httpx.Response(status, content=json.dumps(obj).encode(), request=httpx.Request("POST", "http://x/"))


@pytest.mark.parametrize(
    ("obj", "total"),
    [
        ({"content": [TASK], "totalElements": 7, "number": 0, "size": 1}, 7),  # Spring Data
        ({"records": [TASK], "total": 7}, 7),  # MyBatis-Plus
        ({"code": 1, "data": {"list": [TASK], "totalCount": 7}}, 7),  # wrapped
        ([TASK], None),  # a bare list
        ({"items": [TASK, {"no": "id"}, "junk"]}, None),
    ],
)
def test_page_shapes(obj: object, total: int | None) -> None:
    page = task_page(answer(obj), page=1, size=1, status=None)
    assert [t.id for t in page.tasks] == ["1"] and page.total == total


def test_account_answer() -> None:
    data = {"object": "token_usage", "name": "k", "total_granted": 10, "total_used": 4, "total_available": 6}
    info = account_info(answer({"code": True, "data": {**data, "unlimited_quota": False, "expires_at": 0}}))
    assert (info.granted, info.used, info.available, info.unlimited, info.expires_at) == (10, 4, 6, False, None)
    with pytest.raises(MjError):
        account_info(answer({"success": False, "message": "token not found"}, 401))
    assert account_info(answer({"data": {"total_used": "x"}})).used is None


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
    max_leaves=20,
)


@given(json_values)
def test_any_json_is_a_page_or_a_typed_error(obj: object) -> None:
    try:
        page = task_page(answer(obj), page=1, size=5, status=None)
    except MjError:
        return
    assert len(page.tasks) <= 5


@given(json_values)
def test_any_json_is_an_account_or_a_typed_error(obj: object) -> None:
    try:
        account_info(answer(obj))
    except MjError:
        pass


@pytest.mark.parametrize(
    ("status", "body", "exists"),
    [
        (404, {"timestamp": "x", "status": 404, "error": "Not Found", "path": "/mj/submit/video"}, False),  # Spring
        (404, {"error": {"message": "Invalid URL (POST /mj/submit/video)", "type": "invalid_request_error"}}, False),
        (404, {"code": 3, "description": "关联任务不存在或已失效"}, True),  # trueai: the route answered
        (405, "", False),
        (400, {"code": 4, "description": "参数错误"}, True),
        (400, "Bad Request", True),
        (200, [], True),
        (401, "", None),
        (403, {"code": 403}, None),
        (502, "<html>bad gateway</html>", None),
    ],
)
def test_what_a_probe_answer_says(status: int, body: object, exists: bool | None) -> None:
    from mjdesk.core.api.responses import route_exists

    content = body.encode() if isinstance(body, str) else json.dumps(body).encode()
    assert route_exists(httpx.Response(status, content=content, request=httpx.Request("POST", "http://x/"))) is exists


@pytest.mark.parametrize(
    ("task", "instance"),
    [
        ({"id": "1", "instanceId": "1118138338562560102"}, "1118138338562560102"),
        ({"id": "1", "displays": {"status": "已完成", "discordInstanceId": 42}}, "42"),
        ({"id": "1", "properties": {"discordInstanceId": "7"}}, "7"),
        ({"id": "1", "displays": "not a dict", "instanceId": ""}, None),
        ({"id": "1"}, None),
    ],
)
def test_the_account_instance_of_a_task(task: dict, instance: str | None) -> None:
    from mjdesk.core.api import Task

    assert Task.from_json(task).instance == instance
