"""A small HTTP/1.1 server on ``asyncio.start_server`` — just enough for the simulator.

Why not ``http.server`` or aiohttp: the simulator has to run inside whatever loop is already
running (asyncio in tests, qasync in the GUI) and must not add dependencies. It supports
keep-alive, ``Content-Length`` and chunked request bodies, query strings and ``Connection: close``,
answers 413 for oversized bodies, and lets the handler drop a connection without answering (the
fault injection needs that).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from email.utils import formatdate
from http import HTTPStatus
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

log = logging.getLogger(__name__)

MAX_HEADER_BYTES = 64 * 1024
# An idle keep-alive connection is closed after this long, so a forgotten client cannot pin a task.
IDLE_TIMEOUT = 30.0


@dataclass
class Request:
    method: str
    path: str  # percent-decoded, without the query string
    query: dict[str, str]
    headers: dict[str, str]  # lower-case names
    body: bytes
    version: str = "HTTP/1.1"

    def json(self) -> Any:
        """The body parsed as JSON, or None when it is empty or not JSON."""
        if not self.body:
            return None
        try:
            return json.loads(self.body)
        except (ValueError, UnicodeDecodeError):
            return None


@dataclass
class Response:
    status: int = 200
    body: bytes = b""
    content_type: str | None = None
    headers: dict[str, str] = field(default_factory=dict)

    @classmethod
    def json(cls, obj: Any, status: int = 200) -> Response:
        data = json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode()
        return cls(status, data, "application/json; charset=utf-8")

    @classmethod
    def text(cls, text: str, status: int = 200, content_type: str = "text/plain; charset=utf-8") -> Response:
        return cls(status, text.encode(), content_type)

    @classmethod
    def empty(cls, status: int = 200) -> Response:
        return cls(status)


class _BadRequest(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


# The handler returns None to drop the connection without an answer (fault injection).
Handler = Callable[[Request], Awaitable[Response | None]]
# Called for requests refused before the handler sees them (413, malformed), for the request log.
RejectHook = Callable[[Request, int], None]


class HttpServer:
    def __init__(
        self,
        handler: Handler,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        max_body_bytes: int = 10 * 1024 * 1024,
        on_reject: RejectHook | None = None,
    ) -> None:
        self._handler = handler
        self._host, self._port = host, port
        self._max_body = max_body_bytes
        self._on_reject = on_reject
        self._server: asyncio.Server | None = None
        # Connection tasks are kept so stop() can end them: on Python 3.11 Server.wait_closed()
        # does not wait for (or close) connections that are still open.
        self._connections: set[asyncio.Task[None]] = set()

    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError("the server is not started")
        return int(self._server.sockets[0].getsockname()[1])

    async def start(self) -> None:
        self._server = await asyncio.start_server(
            self._serve_connection, self._host, self._port, limit=MAX_HEADER_BYTES
        )

    async def stop(self) -> None:
        if self._server is not None:
            self._server.close()
        # A connection accepted just now has a task that has not run yet, so it is not in
        # _connections: let it start (and register) before cancelling, or it outlives the loop.
        await asyncio.sleep(0)
        for task in list(self._connections):
            task.cancel()
        if self._connections:
            await asyncio.gather(*self._connections, return_exceptions=True)
        if self._server is not None:
            with contextlib.suppress(Exception):
                async with asyncio.timeout(2):
                    await self._server.wait_closed()
            self._server = None

    async def _serve_connection(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._connections.add(task)
        try:
            while True:
                try:
                    # asyncio.timeout, not wait_for: wait_for wraps the read in a task of its own,
                    # which a loop stopping before that task's first step leaves "never awaited".
                    async with asyncio.timeout(IDLE_TIMEOUT):
                        request = await self._read_request(reader)
                except _BadRequest as exc:
                    await self._write(writer, Response.text(str(exc), exc.status), close=True)
                    break
                if request is None:  # the client closed the connection (or idled out)
                    break
                keep_alive = _wants_keep_alive(request)
                if isinstance(request, _Oversized):
                    if self._on_reject is not None:
                        self._on_reject(request.request, 413)
                    # The body was not read, so the connection cannot be reused.
                    await self._write(writer, Response.text("Request Entity Too Large", 413), close=True)
                    break
                try:
                    response = await self._handler(request)
                except Exception:
                    # A bug in a handler must not kill the connection task silently.
                    log.exception("simulator handler failed for %s %s", request.method, request.path)
                    response = Response.text("Internal Server Error", 500)
                if response is None:
                    break  # dropped on purpose: close without a word
                await self._write(writer, response, close=not keep_alive)
                if not keep_alive:
                    break
        except (ConnectionError, asyncio.IncompleteReadError, TimeoutError):
            pass
        except asyncio.CancelledError:
            pass  # stop() ends open connections
        finally:
            self._connections.discard(task)
            writer.close()
            with contextlib.suppress(Exception):
                async with asyncio.timeout(1):
                    await writer.wait_closed()

    async def _read_request(self, reader: asyncio.StreamReader) -> Request | _Oversized | None:
        try:
            line = await reader.readline()
        except (asyncio.LimitOverrunError, ValueError) as exc:
            raise _BadRequest(431, "Request Header Fields Too Large") from exc
        if not line:
            return None
        parts = line.decode("latin-1").strip().split()
        if len(parts) != 3 or not parts[2].startswith("HTTP/"):
            raise _BadRequest(400, "Bad Request")
        method, target, version = parts
        headers: dict[str, str] = {}
        size = len(line)
        while True:
            try:
                raw = await reader.readline()
            except (asyncio.LimitOverrunError, ValueError) as exc:
                raise _BadRequest(431, "Request Header Fields Too Large") from exc
            size += len(raw)
            if size > MAX_HEADER_BYTES:
                raise _BadRequest(431, "Request Header Fields Too Large")
            if raw in (b"\r\n", b"\n", b""):
                break
            name, sep, value = raw.decode("latin-1").partition(":")
            if not sep:
                raise _BadRequest(400, "Bad Request")
            key = name.strip().lower()
            value = value.strip()
            # Repeated headers are joined as RFC 9110 allows; none the simulator reads repeat.
            headers[key] = f"{headers[key]}, {value}" if key in headers else value
        split = urlsplit(target)
        request = Request(
            method=method.upper(),
            path=unquote(split.path) or "/",
            query=dict(parse_qsl(split.query, keep_blank_values=True)),
            headers=headers,
            body=b"",
            version=version,
        )
        if "chunked" in headers.get("transfer-encoding", "").lower():
            body = await self._read_chunked(reader)
            if body is None:
                return _Oversized(request)
            request.body = body
            return request
        try:
            length = int(headers.get("content-length", "0") or 0)
        except ValueError as exc:
            raise _BadRequest(400, "Bad Content-Length") from exc
        if length < 0:
            raise _BadRequest(400, "Bad Content-Length")
        if length > self._max_body:
            return _Oversized(request)
        if length:
            request.body = await reader.readexactly(length)
        return request

    async def _read_chunked(self, reader: asyncio.StreamReader) -> bytes | None:
        chunks = bytearray()
        while True:
            size_line = await reader.readline()
            try:
                size = int(size_line.split(b";")[0].strip(), 16)
            except ValueError as exc:
                raise _BadRequest(400, "Bad chunk") from exc
            if size == 0:
                while (await reader.readline()) not in (b"\r\n", b"\n", b""):
                    pass  # trailers are ignored
                return bytes(chunks)
            if len(chunks) + size > self._max_body:
                return None
            chunks += await reader.readexactly(size)
            await reader.readline()

    @staticmethod
    async def _write(writer: asyncio.StreamWriter, response: Response, *, close: bool) -> None:
        try:
            reason = HTTPStatus(response.status).phrase
        except ValueError:
            reason = ""
        lines = [f"HTTP/1.1 {response.status} {reason}"]
        headers = {
            "Date": formatdate(usegmt=True),
            "Server": "mjdesk-sim",
            **response.headers,
        }
        if response.content_type:
            headers["Content-Type"] = response.content_type
        # 204 and 304 must not carry a body or a length (RFC 9110 §8.6).
        if response.status not in (204, 304):
            headers["Content-Length"] = str(len(response.body))
        headers["Connection"] = "close" if close else "keep-alive"
        lines += [f"{k}: {v}" for k, v in headers.items()]
        writer.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1"))
        if response.status not in (204, 304):
            writer.write(response.body)
        await writer.drain()


@dataclass
class _Oversized:
    request: Request


def _wants_keep_alive(request: Request | _Oversized) -> bool:
    if isinstance(request, _Oversized):
        return False
    token = request.headers.get("connection", "").lower()
    if request.version == "HTTP/1.0":
        return "keep-alive" in token
    return "close" not in token
