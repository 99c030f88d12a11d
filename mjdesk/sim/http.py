"""A small HTTP/1.1 server: ``asyncio.start_server`` for the sockets, ``h11`` for the protocol.

Why not ``http.server`` or aiohttp: the simulator has to run inside whatever loop is already
running (asyncio in tests, qasync in the GUI); h11 (already there under httpx) parses requests and
frames answers, so nothing here reads request lines or chunk sizes by hand. It keeps connections
alive, answers 413 for oversized bodies before reading them, 431 for oversized headers, 400 for
malformed requests, and lets the handler drop a connection without answering (the fault
injection needs that).
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

import h11

log = logging.getLogger(__name__)

MAX_HEADER_BYTES = 64 * 1024
# An idle keep-alive connection is closed after this long, so a forgotten client cannot pin a task.
IDLE_TIMEOUT = 30.0
READ_CHUNK = 64 * 1024


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
        self._server = await asyncio.start_server(self._serve_connection, self._host, self._port)

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
        conn = h11.Connection(h11.SERVER, max_incomplete_event_size=MAX_HEADER_BYTES)
        try:
            while True:
                try:
                    # asyncio.timeout, not wait_for: wait_for wraps the read in a task of its own,
                    # which a loop stopping before that task's first step leaves "never awaited".
                    async with asyncio.timeout(IDLE_TIMEOUT):
                        request = await self._read_request(conn, reader)
                except h11.RemoteProtocolError as exc:
                    # Answer a malformed request, unless the client has gone (a body cut off).
                    if not reader.at_eof() and conn.our_state in (h11.IDLE, h11.SEND_RESPONSE):
                        status = exc.error_status_hint
                        text = "Request Header Fields Too Large" if status == 431 else "Bad Request"
                        await self._write(conn, writer, Response.text(text, status), close=True)
                    break
                if request is None:  # the client closed the connection (or idled out)
                    break
                if isinstance(request, _Oversized):
                    if self._on_reject is not None:
                        self._on_reject(request.request, 413)
                    # The body was not read, so the connection cannot be reused.
                    await self._write(conn, writer, Response.text("Request Entity Too Large", 413), close=True)
                    break
                try:
                    response = await self._handler(request)
                except Exception:
                    # A bug in a handler must not kill the connection task silently.
                    log.exception("simulator handler failed for %s %s", request.method, request.path)
                    response = Response.text("Internal Server Error", 500)
                if response is None:
                    break  # dropped on purpose: close without a word
                await self._write(conn, writer, response, close=False)
                if conn.our_state is not h11.DONE or conn.their_state is not h11.DONE:
                    break  # h11 decided the connection ends here (Connection: close, HTTP/1.0)
                conn.start_next_cycle()
        except (ConnectionError, asyncio.IncompleteReadError, TimeoutError, h11.ProtocolError):
            pass
        except asyncio.CancelledError:
            pass  # stop() ends open connections
        finally:
            self._connections.discard(task)
            writer.close()
            with contextlib.suppress(Exception):
                async with asyncio.timeout(1):
                    await writer.wait_closed()

    @staticmethod
    async def _next_event(conn: h11.Connection, reader: asyncio.StreamReader) -> Any:
        while True:
            event = conn.next_event()
            if event is not h11.NEED_DATA:
                return event
            conn.receive_data(await reader.read(READ_CHUNK))  # b"": the peer closed its side

    async def _read_request(self, conn: h11.Connection, reader: asyncio.StreamReader) -> Request | _Oversized | None:
        event = await self._next_event(conn, reader)
        if isinstance(event, h11.ConnectionClosed):
            return None
        assert isinstance(event, h11.Request), event
        # h11 bounds only a head that has not fully arrived yet; one that came in whole is
        # measured here.
        if len(event.target) + sum(len(n) + len(v) + 4 for n, v in event.headers) > MAX_HEADER_BYTES:
            raise h11.RemoteProtocolError("Request Header Fields Too Large", error_status_hint=431)
        headers: dict[str, str] = {}
        for raw_name, raw_value in event.headers:
            key, value = raw_name.decode("latin-1"), raw_value.decode("latin-1")
            # Repeated headers are joined as RFC 9110 allows; none the simulator reads repeat.
            headers[key] = f"{headers[key]}, {value}" if key in headers else value
        split = urlsplit(event.target.decode("latin-1"))
        request = Request(
            method=event.method.decode("latin-1").upper(),
            path=unquote(split.path) or "/",
            query=dict(parse_qsl(split.query, keep_blank_values=True)),
            headers=headers,
            body=b"",
            version="HTTP/" + event.http_version.decode("latin-1"),
        )
        declared = headers.get("content-length")
        if declared is not None and int(declared) > self._max_body:  # h11 checked it is a number
            return _Oversized(request)
        body = bytearray()
        while True:
            part = await self._next_event(conn, reader)
            if isinstance(part, h11.Data):
                body += part.data
                if len(body) > self._max_body:
                    return _Oversized(request)
            elif isinstance(part, h11.EndOfMessage):
                request.body = bytes(body)
                return request
            else:  # closed before the whole body arrived
                return None

    @staticmethod
    async def _write(conn: h11.Connection, writer: asyncio.StreamWriter, response: Response, *, close: bool) -> None:
        try:
            reason = HTTPStatus(response.status).phrase
        except ValueError:
            reason = ""
        headers = {
            "Date": formatdate(usegmt=True),
            "Server": "mjdesk-sim",
            **response.headers,
        }
        if response.content_type:
            headers["Content-Type"] = response.content_type
        # 204 and 304 carry no body and no length (RFC 9110 §8.6).
        bodyless = response.status in (204, 304)
        if not bodyless:
            headers["Content-Length"] = str(len(response.body))
        # h11 turns keep-alive into close where the client asked for it or cannot keep alive.
        headers["Connection"] = "close" if close else "keep-alive"
        data = conn.send(h11.Response(status_code=response.status, headers=list(headers.items()), reason=reason))
        if response.body and not bodyless:
            data = (data or b"") + (conn.send(h11.Data(data=response.body)) or b"")
        data = (data or b"") + (conn.send(h11.EndOfMessage()) or b"")
        writer.write(data)
        await writer.drain()


@dataclass
class _Oversized:
    request: Request
