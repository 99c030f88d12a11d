"""Turning HTTP answers of the three dialects into results, tasks or typed errors (spec §4, §11.2)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

import httpx

from mjdesk.core.costs import ServerPrices, valid_price
from mjdesk.core.i18n import QT_TRANSLATE_NOOP
from mjdesk.core.text import clip

from .errors import (
    AuthError,
    BannedPromptError,
    ForbiddenError,
    MjError,
    NotFoundError,
    QueueFullError,
    RequestTooLargeError,
    ServerError,
    UnexpectedResponseError,
    ValidationError,
    error_from_text,
)
from .models import SubmitCode, SubmitResult, Task

_EXCERPT = 200
_TITLE_RE = re.compile(r"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)
_TAG_RE = re.compile(r"<[^>]+>")
_ACCEPTED = (SubmitCode.SUCCESS, SubmitCode.MODAL, SubmitCode.IN_QUEUE)
_TASK_MISSING = ("task_no_found", "task_not_found", "不存在")
_NO_SUCH_PATH = QT_TRANSLATE_NOOP("MjError", "The server has no such API path. Check the base URL and the server type.")


def excerpt(text: str, limit: int = _EXCERPT) -> str:
    """A short readable piece of a body: an HTML page's title, else its text without tags."""
    if "<" in text and ">" in text:
        title = _TITLE_RE.search(text)
        text = title.group(1) if title else _TAG_RE.sub(" ", text)
    text = " ".join(text.split())
    return clip(text, limit)


def _text(response: httpx.Response) -> str:
    try:
        return response.text
    except (UnicodeDecodeError, LookupError):
        return response.content.decode("utf-8", "replace")


def _json(response: httpx.Response) -> tuple[bool, Any]:
    """(True, value) when the body is JSON; (False, None) for an empty or non-JSON body."""
    if not response.content.strip():
        return False, None
    try:
        return True, json.loads(response.content)
    except (ValueError, UnicodeDecodeError, RecursionError):  # RecursionError: "[" * 100_000
        return False, None


def _message(obj: Any) -> tuple[str, Any]:
    """The human message and code of any of the error envelopes."""
    if isinstance(obj, str):
        return obj, None
    if not isinstance(obj, dict):
        return "", None
    error = obj.get("error")
    if isinstance(error, dict):  # new-api, OpenAI style
        return str(error.get("message") or ""), error.get("code") or error.get("type")
    if isinstance(error, str):  # new-api image route
        return error, None
    if obj.get("success") is False:  # trueai LogicException envelope
        return str(obj.get("message") or ""), obj.get("code")
    for key in ("description", "message", "msg"):
        if isinstance(obj.get(key), str):
            return obj[key], obj.get("code")
    return "", obj.get("code")


def _from_code(code: Any, text: str, props: dict[str, Any], status: int | None) -> MjError:
    """The error of a refused submit-style answer (codes of spec §4 and new-api's 4/5)."""
    parsed = SubmitCode.parse(code)
    kwargs: dict[str, Any] = {"http_status": status, "code": code}
    if parsed is SubmitCode.BANNED_PROMPT:
        word = props.get("bannedWord")
        return BannedPromptError(text, banned_word=word if isinstance(word, str) else None, **kwargs)
    if parsed is SubmitCode.QUEUE_FULL:
        return QueueFullError(text, **kwargs)
    if parsed is SubmitCode.NOT_FOUND:
        if "实例" in text:  # 无可用的账号实例: the server has no Discord account free right now
            return ServerError(
                text,
                summary=QT_TRANSLATE_NOOP("MjError", "The server has no Midjourney account available right now."),
                **kwargs,
            )
        return NotFoundError(text, **kwargs)
    if parsed is SubmitCode.FAILURE:
        return error_from_text(text, default=ServerError, **kwargs)
    if code == 5:  # new-api: its upstream could not be reached
        return ServerError(text, **kwargs)
    if "task_status_not_success" in text:
        # new-api refreshes its copy of a task every 15 s; the parent succeeds there a bit later.
        return ValidationError(text, retryable=True, **kwargs)
    if "演示模式" in text or "未登录" in text:
        return ForbiddenError(text, **kwargs)
    if "服务暂不可用" in text or "操作失败" in text:
        return ServerError(text, **kwargs)
    refused_input = status is not None and 400 <= status < 500
    default = ValidationError if refused_input or parsed is SubmitCode.VALIDATION_ERROR or code in (-1, 4) else MjError
    return error_from_text(text, default=default, **kwargs)


def error_from_response(response: httpx.Response, *, api: bool = True) -> MjError:
    """The typed error for a failed HTTP answer (and for trueai's 200 ``success:false``)."""
    status = response.status_code
    is_json, obj = _json(response)
    raw = _text(response)
    if is_json:
        text, code = _message(obj)
    else:
        text, code = excerpt(raw), None
    text = text.strip()
    # trueai answers some refusals in plain text; only markup means "not the API".
    is_html = not is_json and "<" in raw and ">" in raw
    kwargs: dict[str, Any] = {"http_status": status, "code": code}
    if status == 401:
        return AuthError(text, **kwargs)
    if status == 403:
        return ForbiddenError(text, **kwargs)
    if status == 413:
        return RequestTooLargeError(text, **kwargs)
    if status == 429:
        return QueueFullError(text, **kwargs)
    if status == 404:
        if not api or (is_json and _names_missing_task(code, text)):
            return NotFoundError(text, **kwargs)
        # Any other 404 is a missing route (wrong base URL or server type), never "unknown task":
        # taking it for one would make any web server look like a working API.
        return UnexpectedResponseError(text, summary=_NO_SUCH_PATH, **kwargs)
    if is_html or not text:
        return UnexpectedResponseError(text, retryable=status >= 500, **kwargs)
    if status >= 500:
        return ServerError(text, **kwargs)
    props = obj.get("properties") if isinstance(obj, dict) else None
    return _from_code(code, text, props if isinstance(props, dict) else {}, status)


def _names_missing_task(code: Any, text: str) -> bool:
    return SubmitCode.parse(code) is SubmitCode.NOT_FOUND or any(w in text for w in _TASK_MISSING)


def _is_error_envelope(obj: Any) -> bool:
    return isinstance(obj, dict) and (obj.get("success") is False or isinstance(obj.get("error"), dict | str))


def _json_answer(response: httpx.Response) -> Any:
    """The JSON of a successful answer; the typed error for a refusal, an error envelope or a body
    that is not JSON."""
    if not response.is_success:
        raise error_from_response(response)
    is_json, obj = _json(response)
    if not is_json:
        raise UnexpectedResponseError(excerpt(_text(response)), http_status=response.status_code)
    if _is_error_envelope(obj):
        raise error_from_response(response)
    return obj


def submit_result(response: httpx.Response) -> SubmitResult:
    """A submit answer with code 1, 21 or 22; raises the typed error for every refusal."""
    obj = _json_answer(response)
    if not isinstance(obj, dict) or "code" not in obj:
        raise UnexpectedResponseError(excerpt(_text(response)), http_status=response.status_code)
    result = SubmitResult.from_json(obj)
    if result.code in _ACCEPTED:
        return result
    raise _from_code(obj.get("code"), result.description.strip(), result.properties, response.status_code)


def task_or_none(response: httpx.Response, dialect: Any = None) -> Task | None:
    """A fetched task, or None when the server says it does not know the id (each dialect its way)."""
    obj = task_json_or_none(response)
    return None if obj is None else Task.from_json(obj, dialect)


def task_json_or_none(response: httpx.Response) -> dict[str, Any] | None:
    """``task_or_none`` without the parsing: the task object as the server sent it."""
    if response.status_code == 204:
        return None
    if not response.is_success:
        error = error_from_response(response)
        if isinstance(error, NotFoundError) and _names_missing_task(error.code, error.server_text):
            return None
        raise error
    is_json, obj = _json(response)
    if not response.content.strip() or (is_json and obj is None):
        return None
    if not is_json:
        raise UnexpectedResponseError(excerpt(_text(response)), http_status=response.status_code)
    if _is_error_envelope(obj):
        error = error_from_response(response)
        if isinstance(error, NotFoundError):
            return None
        raise error
    if not isinstance(obj, dict) or obj.get("id") in (None, ""):
        raise UnexpectedResponseError(excerpt(_text(response)), http_status=response.status_code)
    return obj


def task_list(response: httpx.Response, dialect: Any = None) -> list[Task]:
    return [Task.from_json(obj, dialect) for obj in task_json_list(response)]


def task_json_list(response: httpx.Response) -> list[dict[str, Any]]:
    """``task_list`` without the parsing: the task objects (those with an id) as the server sent them."""
    if not response.is_success:
        raise error_from_response(response)
    is_json, obj = _json(response)
    if not response.content.strip() or (is_json and obj is None):
        return []
    if _is_error_envelope(obj):
        raise error_from_response(response)
    if not is_json or not isinstance(obj, list):
        raise UnexpectedResponseError(excerpt(_text(response)), http_status=response.status_code)
    return [item for item in obj if isinstance(item, dict) and item.get("id")]


@dataclass(frozen=True)
class TaskPage:
    """One page of a server's task history (1-based ``page``); ``total`` when the server says."""

    tasks: list[Task]
    page: int
    size: int
    total: int | None = None

    @property
    def pages(self) -> int | None:
        return None if self.total is None else max(1, -(-self.total // self.size))


# Where paged answers put their items: Spring Data (content), MyBatis-Plus (records), others.
_PAGE_ITEMS = ("content", "records", "list", "items", "data", "rows")
_PAGE_TOTAL = ("totalElements", "total", "totalCount", "count")


def task_page(response: httpx.Response, dialect: Any = None, *, page: int, size: int, status: str | None) -> TaskPage:
    """A paged query's answer: a page object of any common shape, or a bare list of tasks."""
    obj = _json_answer(response)
    if isinstance(obj, dict) and isinstance(obj.get("data"), dict):
        obj = obj["data"]  # {"code": 1, "data": {...page...}}
    items: Any = obj
    total: Any = None
    if isinstance(obj, dict):
        items = next((obj[k] for k in _PAGE_ITEMS if isinstance(obj.get(k), list)), None)
        total = next(
            (obj[k] for k in _PAGE_TOTAL if isinstance(obj.get(k), int) and not isinstance(obj[k], bool)), None
        )
    if not isinstance(items, list):
        raise UnexpectedResponseError(excerpt(_text(response)), http_status=response.status_code)
    tasks = [Task.from_json(item, dialect) for item in items if isinstance(item, dict) and item.get("id")]
    if status:  # a server that ignores the filter
        tasks = [t for t in tasks if t.status_raw.upper() == status.upper()]
    return TaskPage(tasks=tasks[:size], page=page, size=size, total=total if total is None or total >= 0 else None)


@dataclass(frozen=True)
class AccountInfo:
    """The key's quota as the server reports it (new-api's units: 500,000 per US dollar by default)."""

    name: str
    granted: int | None
    used: int | None
    available: int | None
    unlimited: bool
    expires_at: int | None  # epoch seconds; None = never


def account_info(response: httpx.Response) -> AccountInfo:
    """new-api's ``/api/usage/token`` answer: ``{"code": true, "data": {"object": "token_usage", ...}}``."""
    obj = _json_answer(response)
    data = obj.get("data") if isinstance(obj, dict) else None
    if not isinstance(data, dict):
        raise UnexpectedResponseError(excerpt(_text(response)), http_status=response.status_code)

    def number(key: str) -> int | None:
        value = data.get(key)
        if isinstance(value, bool) or not isinstance(value, int | float) or value != value:  # NaN
            return None
        return int(value)

    expires = number("expires_at")
    name = data.get("name")
    return AccountInfo(
        name=clip(name, 80) if isinstance(name, str) else "",
        granted=number("total_granted"),
        used=number("total_used"),
        available=number("total_available"),
        unlimited=data.get("unlimited_quota") is True,
        expires_at=expires if expires and expires > 0 else None,
    )


MAX_PRICED_MODELS = 10_000


def server_prices(response: httpx.Response) -> ServerPrices:
    """new-api's ``/api/pricing`` answer (``controller/pricing.go``, ``model/pricing.go``):
    ``{"success": true, "data": [{"model_name", "quota_type", "model_price", "model_ratio", ...}],
    "group_ratio": {group: ratio}, ...}``. Only fixed prices (``quota_type`` 1, US dollars per
    call) are kept: a token-priced model says nothing about a Midjourney job. Untrusted: every
    entry that is not exactly that shape is skipped, and no answer without the list is taken."""
    obj = _json_answer(response)
    data = obj.get("data") if isinstance(obj, dict) else None
    if not isinstance(data, list):
        raise UnexpectedResponseError(excerpt(_text(response)), http_status=response.status_code)
    prices: dict[str, float] = {}
    for item in data[:MAX_PRICED_MODELS]:
        if not isinstance(item, dict) or item.get("quota_type") != 1 or isinstance(item.get("quota_type"), bool):
            continue
        name, price = item.get("model_name"), valid_price(item.get("model_price"))
        if isinstance(name, str) and 0 < len(name) <= 200 and price is not None:
            prices.setdefault(name, price)
    ratios = obj.get("group_ratio")
    groups: dict[str, float] = {}
    if isinstance(ratios, dict):
        for group, value in list(ratios.items())[:MAX_PRICED_MODELS]:
            ratio = valid_price(value)
            if isinstance(group, str) and 0 < len(group) <= 200 and ratio is not None:
                groups[group] = ratio
    return ServerPrices(model_prices=prices, group_ratios=groups)


def route_exists(response: httpx.Response) -> bool | None:
    """What a probe's answer says about its route: False for a plain "no such path" (404/405 from
    the web framework, not an mj-proxy answer), True for any answer of the route itself (also a
    refusal of the probe's body), None when the answer tells nothing (auth refused, server down)."""
    status = response.status_code
    if status in (401, 403, 407) or status >= 500:
        return None
    if status in (404, 405):
        is_json, obj = _json(response)
        # trueai answers an unknown task with 404 and an mj-proxy body: that route exists.
        speaks_mj = is_json and isinstance(obj, dict) and "code" in obj and "description" in obj
        return bool(speaks_mj)
    return True
