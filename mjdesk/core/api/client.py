"""The HTTP client of one server profile.

Two retry policies: queries are retried on any transient failure; a submit is retried only when
the failure proves the request never left, because a second imagine costs the user twice.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import random
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urljoin

import httpx

from mjdesk import __version__
from mjdesk.core.costs import ServerPrices
from mjdesk.core.i18n import QT_TRANSLATE_NOOP
from mjdesk.core.text import clip

from ..backoff import Backoff
from .dialects import ENDPOINT_PATHS, PROBED_ENDPOINTS, ROOT_PATHS, AuthStyle, Endpoint, dialect_info
from .errors import (
    AddressError,
    AnswerTooLargeError,
    AuthError,
    ForbiddenError,
    MjError,
    RequestTooLargeError,
    ServerError,
    SubmitOutcomeUnknown,
    UnexpectedResponseError,
    UnsupportedError,
)
from .models import SubmitResult, Task, task_id_of
from .profile import ServerProfile
from .requests import PreparedRequest, SubmitRequest, prepare
from .responses import (
    AccountInfo,
    TaskPage,
    account_info,
    error_from_response,
    excerpt,
    route_exists,
    server_prices,
    submit_result,
    task_json_list,
    task_json_or_none,
    task_list,
    task_page,
)
from .transport import NOT_SENT, network_error, origin, redact, retryable_transport
from .urls import base_url_problem

log = logging.getLogger("mjdesk.api")

_MiB = 1024 * 1024


@dataclass
class ConnectionReport:
    ok: bool
    auth_ok: bool | None  # None: could not tell (the server was not reached or answered oddly)
    latency_ms: float | None
    supported: frozenset[Endpoint]
    message: str
    error: MjError | None = None


class MjClient:
    retry_attempts = 4
    retry_base = 0.25  # seconds; full jitter over base * 2**attempt, capped
    retry_cap = 4.0
    connect_timeout = 10.0
    plain_submit_timeout = 60.0  # submits without images
    max_download_bytes = 64 * _MiB
    # No API answer is anywhere near this (a list of 200 tasks is ~1 MiB): beyond it the server is
    # broken or hostile, and reading on would cost memory and fill the library.
    max_answer_bytes = 8 * _MiB
    # A whole file download may take this long at most, however slowly the bytes trickle in.
    download_deadline = 600.0
    max_redirects = 5
    fetch_concurrency = 8
    list_chunk = 200

    def __init__(
        self, profile: ServerProfile, api_key: str, *, transport: httpx.AsyncBaseTransport | None = None
    ) -> None:
        problem = base_url_problem(profile.base_url)
        if problem is not None:
            # Refused before any client exists: user:key@ in the address would go out as Basic auth.
            raise AddressError(summary=problem)
        self.profile = profile
        self._api_key = api_key
        self._random = random.Random()
        options: dict[str, Any] = {
            "follow_redirects": False,  # a redirect must never carry the key to another host
            "timeout": httpx.Timeout(profile.query_timeout, connect=self.connect_timeout),
            "headers": {"User-Agent": f"mjdesk/{__version__}"},
        }
        if transport is not None:
            options["transport"] = transport
        else:
            options.update(profile.proxy.client_options())
        self._http = httpx.AsyncClient(**options)

    def __repr__(self) -> str:
        return f"MjClient(profile={self.profile.name!r}, dialect={self.profile.dialect.value!r})"

    async def __aenter__(self) -> MjClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._http.aclose()

    # -- plumbing -------------------------------------------------------------------------------

    def _url(self, path: str) -> str:
        return self.profile.api_root + path

    def _auth_headers(self) -> dict[str, str]:
        style = self.profile.effective_auth_style
        if style is AuthStyle.BEARER:
            key = self._api_key
            return {"Authorization": key if key.lower().startswith("bearer ") else f"Bearer {key}"}
        if style is AuthStyle.RAW:
            return {"Authorization": self._api_key}
        return {"mj-api-secret": self._api_key}

    def _headers_for(self, url: str) -> dict[str, str]:
        if origin(url) == origin(self.profile.api_root):
            return self._auth_headers()
        return {}

    @contextlib.contextmanager
    def _scrubbed(self) -> Iterator[None]:
        """Keep the key out of every message, even when a server echoes it back."""
        try:
            yield
        except MjError as exc:
            key = self._api_key
            if key and len(key) >= 4 and key in exc.server_text:
                exc.server_text = exc.server_text.replace(key, "***")
                exc.args = (str(exc),)
            raise

    def _scrub_answer(self, content: bytes) -> bytes:
        """The answer with the key blanked out: a server that echoes it (in a failReason, a
        description, anywhere) must not get it into the library, a log or the terminal."""
        key = self._api_key
        if key and len(key) >= 4:
            for form in {key.encode(), json.dumps(key)[1:-1].encode()}:
                content = content.replace(form, b"***")
        return content

    def _retry_backoff(self) -> Backoff:
        """The waits between the attempts of one request: full jitter, doubling up to the cap."""
        return Backoff(self.retry_base, self.retry_cap, jitter=1.0, _random=self._random)

    async def _send(self, method: str, url: str, *, body: Any = None, timeout: float | None = None) -> httpx.Response:
        """One request to the API itself (``url`` is ``api_root`` + a path: the key may go along)."""
        debug = log.isEnabledFor(logging.DEBUG)
        if debug:
            shown = json.dumps(redact(body), ensure_ascii=False) if body else ""
            log.debug("-> %s %s %s", method, url, shown)
        started = time.monotonic()
        # Built here rather than via _headers_for: the URL is the API's own by construction, and
        # parsing it twice per request for the origin check was a tenth of a poll's client time.
        kwargs: dict[str, Any] = {"headers": self._auth_headers()}
        if body is not None:
            kwargs["json"] = body
        if timeout is not None:
            kwargs["timeout"] = httpx.Timeout(timeout, connect=self.connect_timeout)
        request = self._http.build_request(method, url, **kwargs)
        # Per-read timeouts alone let a server trickle one byte at a time forever (slow-loris):
        # the whole exchange gets one deadline too.
        deadline = (timeout or self.profile.query_timeout) + self.connect_timeout
        try:
            async with asyncio.timeout(deadline):
                streamed = await self._http.send(request, stream=True)
                try:
                    content = await self._read_answer(streamed)
                finally:
                    await streamed.aclose()
        except TimeoutError:
            raise httpx.ReadTimeout(f"no complete answer within {deadline:.0f} s", request=request) from None
        headers = [
            (k, v)
            for k, v in streamed.headers.multi_items()
            if k.lower() not in ("content-encoding", "content-length", "transfer-encoding")
        ]
        response = httpx.Response(
            streamed.status_code,
            headers=headers,
            content=self._scrub_answer(content),
            request=request,
            extensions=streamed.extensions,
        )
        if debug:
            log.debug("<- %s %s %s (%.0f ms)", response.status_code, method, url, (time.monotonic() - started) * 1000)
        return response

    async def _read_answer(self, response: httpx.Response) -> bytes:
        """The (decoded) body, read in chunks and abandoned past ``max_answer_bytes``."""
        limit = self.max_answer_bytes
        declared = response.headers.get("content-length", "")
        chunks: list[bytes] = []
        size = 0
        if not (declared.isdigit() and int(declared) > limit):
            async for chunk in response.aiter_bytes():
                size += len(chunk)
                if size > limit:
                    break
                chunks.append(chunk)
            else:
                return b"".join(chunks)
        raise AnswerTooLargeError(summary_args={"limit": limit // _MiB}, http_status=response.status_code)

    async def _query(self, method: str, path: str, *, body: Any = None) -> httpx.Response:
        """A request without side effects worth protecting: retried on every transient failure."""
        url = self._url(path)
        backoff = self._retry_backoff()
        for attempt in range(self.retry_attempts):
            last = attempt + 1 >= self.retry_attempts
            try:
                response = await self._send(method, url, body=body)
            except httpx.TransportError as exc:
                log.debug("%s %s failed: %s", method, url, type(exc).__name__)
                if last or not retryable_transport(exc):
                    raise network_error(exc) from exc
                await asyncio.sleep(backoff.next_delay())
                continue
            if not last and (response.status_code >= 500 or response.status_code == 429):
                await asyncio.sleep(backoff.next_delay())
                continue
            return response
        raise AssertionError("unreachable")  # the loop returns or raises on its last attempt

    async def _submit_once(self, prepared: PreparedRequest) -> httpx.Response:
        url = self._url(prepared.path)
        timeout = self.profile.submit_timeout if prepared.has_images else self.plain_submit_timeout
        backoff = self._retry_backoff()
        for attempt in range(self.retry_attempts):
            try:
                return await self._send(prepared.method, url, body=prepared.body, timeout=timeout)
            except NOT_SENT as exc:
                # The connection was never established: the server cannot have seen the request.
                if attempt + 1 >= self.retry_attempts or not retryable_transport(exc):
                    raise network_error(exc) from exc
                await asyncio.sleep(backoff.next_delay())
            except httpx.TransportError as exc:
                if isinstance(exc, httpx.ProxyError | httpx.UnsupportedProtocol | httpx.LocalProtocolError):
                    raise network_error(exc) from exc
                raise SubmitOutcomeUnknown(str(exc) or type(exc).__name__) from exc
            except AnswerTooLargeError as exc:
                # The server did answer, so it got the request: whether it took it is anyone's guess.
                raise SubmitOutcomeUnknown(exc.message, http_status=exc.http_status) from exc
        raise AssertionError("unreachable")

    # -- submits --------------------------------------------------------------------------------

    def preview(self, request: SubmitRequest) -> dict[str, Any]:
        """What ``submit`` would send (without headers), for dry runs."""
        prepared = prepare(request, self.profile)
        return {
            "method": prepared.method,
            "url": self._url(prepared.path),
            "endpoint": prepared.endpoint.value,
            "body": prepared.body,
        }

    async def submit(self, request: SubmitRequest) -> SubmitResult:
        with self._scrubbed():
            prepared = prepare(request, self.profile)
            response = await self._submit_once(prepared)
            status = response.status_code
            if status in (502, 504) or (status >= 500 and not _looks_json(response)):
                # A gateway gave up waiting, or something in front of the API broke: the request
                # may well have been processed behind it.
                raise SubmitOutcomeUnknown(excerpt(response.text), http_status=status)
            return submit_result(response)

    # -- queries --------------------------------------------------------------------------------

    def _require(self, endpoint: Endpoint) -> None:
        if endpoint not in self.profile.capabilities:
            raise UnsupportedError(
                summary=QT_TRANSLATE_NOOP("MjError", "This server ({dialect}) does not offer {endpoint}."),
                summary_args={"dialect": self.profile.dialect.value, "endpoint": endpoint.value},
            )

    def _path(self, endpoint: Endpoint, task_id: str = "") -> str:
        path = ENDPOINT_PATHS[endpoint][1].replace("{id}", quote(str(task_id), safe=""))
        return path if endpoint in ROOT_PATHS else "/mj" + path

    async def fetch(self, task_id: str) -> Task | None:
        """The task, or None when the server does not know the id."""
        obj = await self.fetch_raw(task_id)
        return None if obj is None else Task.from_json(obj, self.profile.dialect)

    async def fetch_raw(self, task_id: str) -> dict[str, Any] | None:
        """``fetch`` without the parsing: the task object as the server sent it, or None."""
        with self._scrubbed():
            response = await self._query("GET", self._path(Endpoint.FETCH, task_id))
            return task_json_or_none(response)

    async def list_by_condition(self, ids: Sequence[str]) -> list[Task]:
        """The tasks the server knows among ``ids``, in the order asked; unknown ids are left out."""
        dialect = self.profile.dialect
        return [Task.from_json(obj, dialect) for obj in await self.list_raw(ids)]

    async def list_raw(self, ids: Sequence[str], *, previous: RawTaskList | None = None) -> RawTaskList:
        """``list_by_condition`` without the parsing: the task objects as the server sent them.

        For pollers, which compare each task with the last one and parse only what changed. When
        every answer body is byte-identical to those ``previous`` was decoded from, ``previous``
        itself is returned and nothing is decoded: ``result is previous`` means "all unchanged".
        """
        wanted = list(dict.fromkeys(str(i) for i in ids if i))
        if not wanted:
            return RawTaskList()
        with self._scrubbed():
            if Endpoint.LIST_BY_CONDITION not in self.profile.capabilities:
                return _in_order(RawTaskList(await self._fetch_each(wanted)), wanted)
            chunk = self.list_chunk
            responses = [await self._list_chunk(wanted[i : i + chunk]) for i in range(0, len(wanted), chunk)]
            bodies = tuple(r.content for r in responses)
            # What task_json_list makes of an answer depends only on its success and its body.
            if previous is not None and previous.bodies == bodies and all(r.is_success for r in responses):
                return previous
            found = RawTaskList(obj for r in responses for obj in task_json_list(r))
        found.bodies = bodies
        return _in_order(found, wanted)

    async def _list_chunk(self, ids: list[str]) -> httpx.Response:
        body = {"ids": ids}
        response = await self._query("POST", self._path(Endpoint.LIST_BY_CONDITION), body=body)
        if response.status_code in (404, 405) and dialect_info(self.profile.dialect).list_by_ids_fallback:
            response = await self._query("POST", "/mj/task/list-by-ids", body=body)
        return response

    async def _fetch_each(self, ids: list[str]) -> list[dict[str, Any]]:
        gate = asyncio.Semaphore(self.fetch_concurrency)

        async def one(task_id: str) -> dict[str, Any] | None:
            async with gate:
                return await self.fetch_raw(task_id)

        results = await asyncio.gather(*(one(i) for i in ids))
        return [t for t in results if t is not None]

    async def image_seed(self, task_id: str) -> str:
        self._require(Endpoint.IMAGE_SEED)
        with self._scrubbed():
            response = await self._query("GET", self._path(Endpoint.IMAGE_SEED, task_id))
            result = submit_result(response).result_raw
            return "" if result is None else str(result)

    async def cancel(self, task_id: str) -> None:
        self._require(Endpoint.CANCEL)
        with self._scrubbed():
            response = await self._query("POST", self._path(Endpoint.CANCEL, task_id))
            if not response.is_success:
                raise error_from_response(response)
            if _looks_json(response):
                obj = response.json()
                refused = isinstance(obj, dict) and (obj.get("success") is False or obj.get("code") not in (None, 1))
                if refused:
                    raise error_from_response(response)

    async def list_tasks(self) -> list[Task]:
        self._require(Endpoint.LIST)
        with self._scrubbed():
            return task_list(await self._query("GET", self._path(Endpoint.LIST)), self.profile.dialect)

    async def queue(self) -> list[Task]:
        self._require(Endpoint.QUEUE)
        with self._scrubbed():
            return task_list(await self._query("GET", self._path(Endpoint.QUEUE)), self.profile.dialect)

    async def task_page(self, page: int = 1, size: int = 20, status: str | None = None) -> TaskPage:
        """One page (1-based) of the server's task history, newest first, optionally of one status.

        The paged query where the server has one; else its task list (midjourney-proxy: all tasks,
        trueai: the newest 100) cut into pages here. UnsupportedError where it has neither.
        """
        if Endpoint.QUERY in self.profile.capabilities:
            body: dict[str, Any] = {"pageNumber": page - 1, "pageSize": size}  # Spring pages count from 0
            if status:
                body["status"] = status
            with self._scrubbed():
                response = await self._query("POST", self._path(Endpoint.QUERY), body=body)
                return task_page(response, self.profile.dialect, page=page, size=size, status=status)
        self._require(Endpoint.LIST)
        tasks = await self.list_tasks()
        if status:
            tasks = [t for t in tasks if t.status_raw.upper() == status.upper()]
        start = (page - 1) * size
        return TaskPage(tasks=tasks[start : start + size], page=page, size=size, total=len(tasks))

    async def history(self, size: int = 100, pages: int | None = None) -> list[Task]:
        """The server's whole task history (or its first ``pages`` pages), page by page until a
        short or last page: what an import takes in."""
        found: list[Task] = []
        number = 1
        while pages is None or number <= pages:
            page = await self.task_page(number, size)
            found += page.tasks
            if len(page.tasks) < size or (page.pages is not None and number >= page.pages):
                break
            number += 1
        return found

    async def account(self) -> AccountInfo:
        """What the server says about the key in use: its quota (new-api). UnsupportedError elsewhere."""
        self._require(Endpoint.ACCOUNT)
        with self._scrubbed():
            return account_info(await self._query("GET", self._path(Endpoint.ACCOUNT)))

    async def pricing(self) -> ServerPrices:
        """The gateway's price of each model (new-api's public price list). UnsupportedError where
        the server has none; see ``costs.from_new_api`` for the table it makes."""
        self._require(Endpoint.PRICING)
        with self._scrubbed():
            return server_prices(await self._query("GET", self._path(Endpoint.PRICING)))

    async def probe(self) -> dict[Endpoint, bool]:
        """Which routes the server has, asked without side effects: each submit route gets a JSON
        array where an object belongs (refused while the body is read, before anything is created
        or charged), the history routes a harmless read. A route is missing when the answer is a
        plain "no such path" (404/405 without an mj-proxy answer); a refused key or an unreachable
        server tells nothing, so those routes keep the dialect's default (left out of the result)."""
        found: dict[Endpoint, bool] = {}
        with self._scrubbed():
            for endpoint in PROBED_ENDPOINTS:
                if self._http.is_closed:
                    break  # closed meanwhile (the app quits, the server was reconfigured): stop asking
                method = ENDPOINT_PATHS[endpoint][0]
                body: Any = [] if method == "POST" else None
                try:
                    response = await self._send(method, self._url(self._path(endpoint)), body=body, timeout=10.0)
                except httpx.HTTPError:
                    continue
                verdict = route_exists(response)
                if verdict is not None:
                    found[endpoint] = verdict
        return found

    # -- downloads ------------------------------------------------------------------------------

    async def download(self, url: str) -> bytes:
        """A result file. The key is sent only to the API's own origin, also across redirects."""
        if self.profile.image_url_rewrite is not None:
            url = self.profile.image_url_rewrite.apply(url)
        try:
            joined = urljoin(self.profile.api_root + "/", url)
        except ValueError:  # "http://[bad"
            joined = ""
        if base_url_problem(joined) is not None:
            # The address comes from the server: file:, javascript:, a bad port or user:key@ are
            # refused here rather than surfacing as odd errors from deep inside the HTTP stack.
            raise UnexpectedResponseError(
                summary=QT_TRANSLATE_NOOP("MjError", "The server gave a file address that cannot be downloaded."),
                server_text=clip(url, 200),
            )
        url = joined
        with self._scrubbed():
            backoff = self._retry_backoff()
        for attempt in range(self.retry_attempts):
            last = attempt + 1 >= self.retry_attempts
            try:
                async with asyncio.timeout(self.download_deadline):
                    return await self._download_once(url)
            except TimeoutError:
                if last:
                    raise network_error(
                        httpx.ReadTimeout(f"the file did not arrive within {self.download_deadline:.0f} s")
                    ) from None
            except httpx.TransportError as exc:
                if last or not retryable_transport(exc):
                    raise network_error(exc) from exc
            except MjError as exc:
                if last or not exc.retryable:
                    raise
            await asyncio.sleep(backoff.next_delay())
        raise AssertionError("unreachable")

    async def _download_once(self, url: str) -> bytes:
        for _ in range(self.max_redirects + 1):
            headers = self._headers_for(url)
            log.debug("-> GET %s", url)
            async with self._http.stream("GET", url, headers=headers) as response:
                if response.is_redirect and "location" in response.headers:
                    url = urljoin(url, response.headers["location"])
                    continue
                if not response.is_success:
                    await response.aread()
                    error = error_from_response(response, api=False)
                    if response.status_code == 429 or response.status_code >= 500:
                        error.retryable = True
                    raise error
                return await self._read_capped(response)
        raise ServerError(
            summary=QT_TRANSLATE_NOOP("MjError", "Too many redirects while downloading a file."),
            retryable=False,
        )

    async def _read_capped(self, response: httpx.Response) -> bytes:
        limit = self.max_download_bytes
        too_big = RequestTooLargeError(
            summary=QT_TRANSLATE_NOOP("MjError", "The file is larger than {limit} MiB; not downloaded."),
            summary_args={"limit": limit // _MiB},
            http_status=response.status_code,
        )
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            raise too_big
        chunks: list[bytes] = []
        size = 0
        async for chunk in response.aiter_bytes():
            size += len(chunk)
            if size > limit:
                raise too_big
            chunks.append(chunk)
        return b"".join(chunks)

    # -- connection test ------------------------------------------------------------------------

    async def test_connection(self) -> ConnectionReport:
        """Fetch a random id nobody has: any "unknown task" answer proves the address and the key."""
        probe = "".join(self._random.choice("0123456789") for _ in range(19))
        supported = self.profile.capabilities
        started = time.monotonic()
        try:
            await self.fetch(probe)
        except (AuthError, ForbiddenError) as exc:
            return ConnectionReport(
                False, False, _ms_since(started), supported, f"Reached the server, but it refused the key: {exc}", exc
            )
        except MjError as exc:
            return ConnectionReport(False, None, None, supported, f"Connection failed: {exc}", exc)
        latency = _ms_since(started)
        return ConnectionReport(
            True, True, latency, supported, f"Connected to {self.profile.api_root}; the key works ({latency:.0f} ms)."
        )


class RawTaskList(list[dict[str, Any]]):
    """Task objects as the server sent them (see ``MjClient.list_raw``), in the order asked."""

    # The answer bodies they were decoded from; empty when they came from one fetch per task.
    bodies: tuple[bytes, ...] = ()


def _in_order(found: RawTaskList, wanted: list[str]) -> RawTaskList:
    by_id = {task_id_of(obj): obj for obj in found}
    ordered = RawTaskList(by_id[i] for i in wanted if i in by_id)
    ordered.bodies = found.bodies
    return ordered


def _ms_since(started: float) -> float:
    return (time.monotonic() - started) * 1000


def _looks_json(response: httpx.Response) -> bool:
    try:
        json.loads(response.content)
    except (ValueError, UnicodeDecodeError):
        return False
    return bool(response.content.strip())
