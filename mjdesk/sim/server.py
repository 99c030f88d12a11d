"""The Simulator: an mj-proxy API server plus a separate image host, both on loopback.

One dialect-neutral engine validates submits, creates tasks and answers queries; the configured
``Dialect`` decides routes, auth, envelopes and texts. Fault injection (``Faults``) sits in front
of the engine so a client can be tested against errors, drops and latency; every request,
including dropped ones, lands in ``Simulator.requests``. The endpoints live in groups
(``submits``, ``actions``, ``queries``, ``image_host``) over shared state (``state``); the route
table below says which handler answers which endpoint.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import re
import signal
import time
from collections.abc import Awaitable, Callable
from typing import Any

from .actions import ActionEndpoints
from .clock import SimClock
from .config import Faults, LoggedRequest, SimConfig
from .dialects import NGINX_502, Dialect, get_dialect
from .http import HttpServer, Request, Response
from .image_host import ImageHost
from .pricing import pricing_answer
from .queries import QueryEndpoints
from .state import SubmitContext
from .tasks import MaskInfo, SimTask, TaskStore

FORCE_KINDS = ("queue_full", "banned", "quota", "queued", "server_error", "html_error")


class Simulator(ActionEndpoints, QueryEndpoints, ImageHost):
    def __init__(self, config: SimConfig | None = None, *, clock: SimClock | None = None) -> None:
        """``clock``: the time task lifecycles and queue holds follow (default: real time; tests
        pass a ``ManualClock`` and advance it)."""
        self.config = config or SimConfig()
        self.dialect: Dialect = get_dialect(self.config.dialect)
        self.faults = Faults()
        self.requests: list[LoggedRequest] = []
        self.masks: list[MaskInfo] = []
        self._rnd = random.Random()
        self._fault_rnd = random.Random()
        self._fault_seed: int | None = None
        self._store = TaskStore(
            speed=self.config.speed,
            concurrency=self.config.concurrency,
            queue_size=self.config.queue_size,
            rnd=self._rnd,
            clock=clock,
        )
        self._store.on_finish = self._on_task_finish
        self._forced: str | None = None
        self._accepted_submits = 0
        self._used_quota = 0
        self.refunded_quota = 0
        self._uploads: dict[str, tuple[bytes, str]] = {}
        self._image_cache: dict[str, tuple[bytes, str]] = {}
        self._image_jobs: dict[str, asyncio.Task[tuple[bytes, str]]] = {}
        self._api: HttpServer | None = None
        self._images: HttpServer | None = None
        self.base_url = ""
        self.image_base_url = ""
        # The route table: endpoint name (sim/dialects.py ROUTES, TASK_ROUTE) -> handler. A dialect
        # answers 404 for names outside its ``endpoints`` before this table is consulted.
        self.task_routes: dict[str, Callable[[str], Response]] = {
            "fetch": self._ep_fetch,
            "image-seed": self._ep_image_seed,
            "cancel": self._ep_cancel,
        }
        self.list_routes: dict[str, Callable[[Any], Response]] = {
            "list": lambda _body: self._ep_list(queue=False),
            "queue": lambda _body: self._ep_list(queue=True),
            "query": self._ep_query,
            "list-by-condition": self._ep_list_by_condition,
            "list-by-ids": self._ep_list_by_condition,
        }
        self.submit_routes: dict[str, Callable[[dict[str, Any], SubmitContext], Awaitable[Response]]] = {
            "imagine": self._ep_imagine,
            "blend": self._ep_blend,
            "describe": self._ep_describe,
            "shorten": self._ep_shorten,
            "action": self._ep_action,
            "modal": self._ep_modal,
            "change": self._ep_change,
            "simple-change": self._ep_simple_change,
            "video": self._ep_video,
            "edits": self._ep_edits,
            "retexture": self._ep_retexture,
            "swap": self._ep_swap,
        }

    # --- public ------------------------------------------------------------------------------

    async def start(self) -> None:
        cfg = self.config
        self._api = HttpServer(
            self._handle_api,
            host=cfg.host,
            port=cfg.port,
            max_body_bytes=cfg.max_body_bytes,
            on_reject=lambda r, s: self._log_reject("api", r, s),
        )
        self._images = HttpServer(
            self._handle_image,
            host=cfg.host,
            port=cfg.image_port,
            max_body_bytes=64 * 1024,
            on_reject=lambda r, s: self._log_reject("image", r, s),
        )
        await self._api.start()
        await self._images.start()
        self.base_url = f"http://{cfg.host}:{self._api.port}"
        self.image_base_url = f"http://{cfg.host}:{self._images.port}"

    async def stop(self) -> None:
        for server in (self._api, self._images):
            if server is not None:
                await server.stop()
        await self._store.close()
        jobs = list(self._image_jobs.values())
        for job in jobs:
            job.cancel()
        await asyncio.gather(*jobs, return_exceptions=True)
        self._image_jobs.clear()

    async def __aenter__(self) -> Simulator:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    def force_next_submit(self, kind: str) -> None:
        """One-shot: the next task submit answers as ``kind`` (see FORCE_KINDS)."""
        if kind not in FORCE_KINDS:
            raise ValueError(f"unknown kind {kind!r}; choose one of {', '.join(FORCE_KINDS)}")
        self._forced = kind

    def _on_task_finish(self, task: SimTask) -> None:
        # new-api gives a failed task's charge back to the user (controller/midjourney.go).
        if task.status == "FAILURE" and task.quota:
            self.refunded_quota += task.quota
            task.quota = 0

    def clear_log(self) -> None:
        self.requests.clear()

    # --- request plumbing --------------------------------------------------------------------

    def _log_reject(self, server: str, request: Request, status: int) -> None:
        self._log(server, request, status=status)

    def _log(self, server: str, request: Request, *, status: int | None = None) -> LoggedRequest:
        entry = LoggedRequest(
            server,
            request.method,
            request.path,
            dict(request.query),
            dict(request.headers),
            request.body,
            request.json(),
            time.time(),
            status=status,
        )
        self.requests.append(entry)
        return entry

    def _dice(self) -> float:
        if self.faults.seed != self._fault_seed:
            self._fault_seed = self.faults.seed
            self._fault_rnd.seed(self.faults.seed)
        return self._fault_rnd.random()

    async def _with_faults(
        self, entry: LoggedRequest, request: Request, process: Callable[[Request], Any]
    ) -> Response | None:
        f = self.faults
        if f.latency > 0:
            await asyncio.sleep(f.latency)
        if f.drop_rate and self._dice() < f.drop_rate:
            entry.dropped = True
            return None
        if f.html_error_rate and self._dice() < f.html_error_rate:
            response = Response.text(NGINX_502, 502, "text/html")
        elif f.error_rate and self._dice() < f.error_rate:
            response = self.dialect.server_error(self._fault_rnd.choice((500, 502, 503)), request.path)
        else:
            response = await process(request)
        delay = max((d for prefix, d in f.slow_answers.items() if request.path.startswith(prefix)), default=0.0)
        if delay > 0:
            await asyncio.sleep(delay)
        if f.drop_after_processing_rate and self._dice() < f.drop_after_processing_rate:
            entry.dropped = True
            return None
        entry.status = response.status
        return response

    async def _handle_api(self, request: Request) -> Response | None:
        entry = self._log("api", request)
        return await self._with_faults(entry, request, self._dispatch)

    async def _handle_image(self, request: Request) -> Response | None:
        entry = self._log("image", request)
        if self.faults.include_image_host:
            return await self._with_faults(entry, request, self._serve_image_path)
        response = await self._serve_image_path(request)
        entry.status = response.status
        return response

    async def _dispatch(self, request: Request) -> Response:
        d = self.dialect
        match = re.fullmatch(r"/mj/image/([^/]+)", request.path)
        if d.unauthenticated_image_route and request.method == "GET" and match:
            return await self._na_image(match.group(1))  # no auth on this route (spec §3.14)
        if d.account_route is not None and request.path == d.account_route and request.method == "GET":
            return d.authenticate(request, self.config.api_key) or self._ep_account()
        if d.pricing_route is not None and request.path == d.pricing_route and request.method == "GET":
            return pricing_answer(self._prices, self.config.group_ratio)  # public: no key asked
        sub = d.strip_prefix(request.path)
        if sub is None:
            return d.not_found(request)
        refusal = d.authenticate(request, self.config.api_key)
        if refusal is not None:
            return refusal
        routed = d.route(request.method, sub)
        if routed is None:
            return d.not_found(request)
        name, task_id = routed
        if task_id is not None:
            return self.task_routes[name](task_id)
        if name in self.list_routes:
            return self.list_routes[name](request.json())
        body = request.json()
        if not isinstance(body, dict):
            return d.reject("bad_json")
        if name == "upload":
            return self._ep_upload(body)
        return await self.submit_routes[name](body, SubmitContext(request))


def serve(config: SimConfig) -> None:
    """Run a simulator until Ctrl+C or SIGTERM, printing where it listens (``mjdesk-cli serve-sim``)."""

    async def main() -> None:
        sim = Simulator(config)
        await sim.start()
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError, RuntimeError):  # Windows: no signal handlers
                loop.add_signal_handler(sig, stop.set)
        print(f"mjdesk simulator ({config.dialect}), speed {config.speed:g} s per task", flush=True)
        print(f"api: {sim.base_url}", flush=True)
        print(f"images: {sim.image_base_url}", flush=True)
        print(f"key: {config.api_key or '(none: auth disabled)'}", flush=True)
        try:
            await stop.wait()
        finally:
            await sim.stop()

    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(main())


__all__ = ["Faults", "LoggedRequest", "MaskInfo", "SimConfig", "SimTask", "Simulator", "serve"]
