"""A hostile mj-proxy server on loopback, for the hardening tests.

It speaks just enough of the midjourney-proxy dialect (submit, fetch, list-by-condition, an
image host) for the app and the CLI to run a job against it, and lets each test replace any
answer with something a broken or malicious server might send: raw bytes, a wrong status, a
body that never ends, a body dribbled one byte at a time, a dropped connection.

It runs on a thread (``http.server``) so that both async tests in this process and
``mjdesk-cli`` subprocesses can talk to it; it never touches the simulator's code, so a fault in
the simulator cannot hide a weakness here.

Use::

    with hostile_server() as server:
        server.task("t1", {"status": "IN_PROGRESS", "progress": float("nan")})  # raw JSON allowed
        server.route("GET", "/mj/task/t1/fetch", raw(200, b'{"id": "t1", "progress": NaN}'))
        ... base_url = server.base_url
"""

from __future__ import annotations

import io
import itertools
import json
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from PIL import Image

# A behaviour writes a whole answer (or none) for one request.
Behaviour = Callable[["_Handler"], None]


@dataclass
class Seen:
    """One request the server received."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes
    target: str = ""  # the request line's target as sent, query included

    def json(self) -> Any:
        try:
            return json.loads(self.body)
        except ValueError:
            return None


def png_bytes(size: tuple[int, int] = (64, 64), colour: tuple[int, int, int] = (200, 80, 40)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "PNG")
    return out.getvalue()


# -- behaviours -------------------------------------------------------------------------------------


def raw(
    status: int, body: bytes | str, content_type: str = "application/json", headers: dict[str, str] | None = None
) -> Behaviour:
    """Exactly these bytes, with a correct Content-Length."""
    data = body.encode("utf-8", "surrogatepass") if isinstance(body, str) else body

    def answer(h: _Handler) -> None:
        h.send_response(status)
        h.send_header("Content-Type", content_type)
        h.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            h.send_header(name, value)
        h.end_headers()
        h.wfile.write(data)

    return answer


def json_answer(obj: Any, status: int = 200) -> Behaviour:
    """``obj`` as JSON; NaN/Infinity are written as the bare words Python's json module emits."""
    return raw(status, json.dumps(obj, ensure_ascii=False))


def endless(
    prefix: bytes = b'{"id":"x","prompt":"', chunk: bytes = b"A" * 65536, limit: int = 200 * 1024 * 1024
) -> Behaviour:
    """A chunked body that goes on up to ``limit`` bytes (the client should stop reading far earlier)."""

    def answer(h: _Handler) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "application/json")
        h.send_header("Transfer-Encoding", "chunked")
        h.end_headers()
        sent = 0
        try:
            for part in itertools.chain([prefix], itertools.repeat(chunk)):
                h.wfile.write(b"%x\r\n%s\r\n" % (len(part), part))
                sent += len(part)
                if sent >= limit:
                    break
            h.wfile.write(b"0\r\n\r\n")
        except OSError:
            pass  # the client hung up: what it should do

    return answer


def sized(
    total: int, *, prefix: bytes = b'{"id":"x","prompt":"', suffix: bytes = b'"}', chunk: int = 65536
) -> Behaviour:
    """A valid JSON body of ``total`` bytes, sent with Content-Length."""
    filler = total - len(prefix) - len(suffix)

    def answer(h: _Handler) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "application/json")
        h.send_header("Content-Length", str(total))
        h.end_headers()
        try:
            h.wfile.write(prefix)
            left = filler
            block = b"A" * chunk
            while left > 0:
                h.wfile.write(block[: min(chunk, left)])
                left -= chunk
            h.wfile.write(suffix)
        except OSError:
            pass

    return answer


def dribble(body: bytes, *, every: float = 0.5, status: int = 200) -> Behaviour:
    """Slow-loris: headers at once, then one byte of the body every ``every`` seconds."""

    def answer(h: _Handler) -> None:
        h.send_response(status)
        h.send_header("Content-Type", "application/json")
        h.send_header("Content-Length", str(len(body)))
        h.end_headers()
        try:
            for i in range(len(body)):
                h.wfile.write(body[i : i + 1])
                h.wfile.flush()
                if h.server.closing.wait(every):  # type: ignore[attr-defined]
                    return
        except OSError:
            pass

    return answer


def drop() -> Behaviour:
    """Close the connection without a word (after reading the request)."""

    def answer(h: _Handler) -> None:
        h.close_connection = True
        try:
            h.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass

    return answer


# -- the server -------------------------------------------------------------------------------------


@dataclass
class HostileServer:
    httpd: ThreadingHTTPServer
    routes: dict[tuple[str, str], Behaviour] = field(default_factory=dict)
    tasks: dict[str, Any] = field(default_factory=dict)
    images: dict[str, Behaviour] = field(default_factory=dict)
    requests: list[Seen] = field(default_factory=list)
    # The task id the next submit answers with (then "h2", "h3"…); tests may set it to anything.
    next_ids: Iterator[str] = field(default_factory=lambda: (f"h{i}" for i in itertools.count(1)))
    # What a newly submitted task looks like when polled (``{id}`` and ``{base}`` are filled in).
    new_task: Callable[[str, str], dict[str, Any]] | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def base_url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    def route(self, method: str, path: str, behaviour: Behaviour) -> None:
        """Answer ``method path`` (exact path, without query) with ``behaviour`` from now on."""
        self.routes[(method.upper(), path)] = behaviour

    def task(self, task_id: str, task: Any) -> None:
        """What fetch / list-by-condition return for ``task_id``: a dict, or raw JSON text/bytes."""
        self.tasks[task_id] = task

    def image(self, name: str, behaviour: Behaviour) -> str:
        """Serve ``/img/<name>`` with ``behaviour``; returns its URL."""
        self.images[name] = behaviour
        return f"{self.base_url}/img/{name}"

    def seen(self, path_suffix: str = "") -> list[Seen]:
        with self.lock:
            return [r for r in self.requests if r.path.endswith(path_suffix)]

    def success_task(
        self, task_id: str, *, prompt: str = "a hostile lighthouse", image: str | None = None, **extra: Any
    ) -> dict[str, Any]:
        """A finished IMAGINE task whose image is served by this server (a real PNG by default)."""
        name = image or f"{task_id}.png"
        if name not in self.images:
            self.images[name] = raw(200, png_bytes((256, 256)), "image/png")
        task = {
            "id": task_id,
            "action": "IMAGINE",
            "status": "SUCCESS",
            "progress": "100%",
            "prompt": prompt,
            "promptEn": prompt,
            "description": "Submit success",
            "failReason": "",
            "submitTime": 1_700_000_000_000,
            "startTime": 1_700_000_001_000,
            "finishTime": 1_700_000_009_000,
            "imageUrl": f"{self.base_url}/img/{name}",
            "buttons": [],
            "properties": {},
        }
        task.update(extra)
        return task

    # -- default answers ------------------------------------------------------------------------

    def _default(self, h: _Handler, method: str, path: str, body: bytes) -> None:
        if path.startswith("/img/"):
            behaviour = self.images.get(path[len("/img/") :])
            return (behaviour or raw(404, b"not found", "text/plain"))(h)
        if method == "POST" and path.startswith("/mj/submit/"):
            task_id = next(self.next_ids)
            if task_id not in self.tasks:
                self.tasks[task_id] = (
                    self.new_task(task_id, self.base_url) if self.new_task else self.success_task(task_id)
                )
            return json_answer({"code": 1, "description": "Submit success", "result": task_id})(h)
        if method == "GET" and path.startswith("/mj/task/") and path.endswith("/fetch"):
            task_id = path[len("/mj/task/") : -len("/fetch")]
            if task_id not in self.tasks:
                return raw(200, b"")(h)
            return _task_answer(self.tasks[task_id])(h)
        if method == "POST" and path == "/mj/task/list-by-condition":
            try:
                ids = json.loads(body).get("ids") or []
            except (ValueError, AttributeError):
                ids = []
            parts = [_task_text(self.tasks[i]) for i in ids if isinstance(i, str) and i in self.tasks]
            return raw(200, "[" + ",".join(parts) + "]")(h)
        return raw(404, b'{"code":404,"description":"not found"}')(h)


def _task_text(task: Any) -> str:
    if isinstance(task, bytes):
        return task.decode("utf-8", "surrogatepass")
    if isinstance(task, str):
        return task
    return json.dumps(task, ensure_ascii=False)


def _task_answer(task: Any) -> Behaviour:
    return raw(200, _task_text(task))


class _Handler(BaseHTTPRequestHandler):
    server: _Httpd
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def _handle(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        path = self.path.split("?", 1)[0]
        owner = self.server.owner
        with owner.lock:
            owner.requests.append(
                Seen(self.command, path, {k.lower(): v for k, v in self.headers.items()}, body, self.path)
            )
        behaviour = owner.routes.get((self.command, path))
        if behaviour is not None:
            behaviour(self)
        else:
            owner._default(self, self.command, path, body)

    do_GET = do_POST = do_PUT = do_DELETE = _handle


class _Httpd(ThreadingHTTPServer):
    daemon_threads = True
    owner: HostileServer
    closing: threading.Event

    def handle_error(self, request: Any, client_address: Any) -> None:
        import sys

        # A client that hangs up mid-answer (a size cap, a cancelled request) is what the tests
        # want; anything else is still printed.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@contextmanager
def hostile_server() -> Iterator[HostileServer]:
    httpd = _Httpd(("127.0.0.1", 0), _Handler)
    httpd.closing = threading.Event()
    server = HostileServer(httpd)
    httpd.owner = server
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        httpd.closing.set()
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)
        time.sleep(0)  # let daemon handler threads see the closed socket
