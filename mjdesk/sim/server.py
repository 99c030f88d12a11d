"""The Simulator: an mj-proxy API server plus a separate image host, both on loopback.

One dialect-neutral engine validates submits, creates tasks and answers queries; the configured
``Dialect`` decides routes, auth, envelopes and texts. Fault injection (``Faults``) sits in front
of the engine so a client can be tested against errors, drops and latency; every request,
including dropped ones, lands in ``Simulator.requests``.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import random
import re
import signal
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from . import images
from . import texts as tx
from .buttons import Pressed, na_action, parse_custom_id
from .clock import SimClock
from .dialects import NGINX_502, Dialect, Submit, ViewContext, get_dialect
from .http import HttpServer, Request, Response
from .tasks import FAIL_REASONS, MaskInfo, QueueFull, SimTask, TaskStore

FORCE_KINDS = ("queue_full", "banned", "quota", "queued", "server_error", "html_error")
# Parents a change / U-V button may act on (NZ "关联任务不允许执行变化").
GRID_ACTIONS = frozenset({"IMAGINE", "VARIATION", "REROLL", "BLEND", "PAN", "ZOOM", "EDIT", "EDITS"})
_ZOOM_RE = re.compile(r"--zoom\s+([0-9]*\.?[0-9]+)")
_SPEED_RE = re.compile(r"--(fast|relax|turbo)\b", re.IGNORECASE)


@dataclass
class SimConfig:
    dialect: str = "new-api"  # "new-api" | "midjourney-proxy" | "trueai"
    api_key: str = "sk-test"  # "" disables auth
    speed: float = 0.3  # seconds for a whole task lifecycle; 0 = done by the next poll
    host: str = "127.0.0.1"
    port: int = 0
    image_port: int = 0
    concurrency: int = 3
    queue_size: int = 10
    banned_words: tuple[str, ...] = ("forbiddenword",)
    quota: int | None = None  # accepted submits before quota errors; None = unlimited
    max_body_bytes: int = 10 * 1024 * 1024
    admin: bool = True  # trueai: may cancel
    fail_rate: float = 0.0


@dataclass
class Faults:
    error_rate: float = 0.0  # → 500/502/503 in the dialect's error shape
    html_error_rate: float = 0.0  # → 502 with an nginx HTML page
    drop_rate: float = 0.0  # close the connection before processing
    drop_after_processing_rate: float = 0.0  # process (e.g. create the task), then close silently
    latency: float = 0.0  # seconds added before answering
    # Path prefix -> seconds added AFTER processing: the answer describes the state when it was
    # computed and lands late (a slow gateway or network), so it can overtake newer requests.
    slow_answers: dict[str, float] = field(default_factory=dict)
    seed: int | None = None  # for the fault dice; changing it re-seeds
    include_image_host: bool = False  # faults hit only the API unless this is set


@dataclass
class LoggedRequest:
    server: str  # "api" | "image"
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: bytes
    json: Any
    time: float
    dropped: bool = False
    status: int | None = None  # the status answered; None when dropped


class Simulator:
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
        self._forced: str | None = None
        self._accepted_submits = 0
        self._uploads: dict[str, tuple[bytes, str]] = {}
        self._image_cache: dict[str, tuple[bytes, str]] = {}
        self._image_jobs: dict[str, asyncio.Task[tuple[bytes, str]]] = {}
        self._api: HttpServer | None = None
        self._images: HttpServer | None = None
        self.base_url = ""
        self.image_base_url = ""

    # --- public ------------------------------------------------------------------------------

    @property
    def tasks(self) -> dict[str, SimTask]:
        return self._store.tasks

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

    @property
    def _ctx(self) -> ViewContext:
        return ViewContext(self.base_url, self.image_base_url)

    async def _dispatch(self, request: Request) -> Response:
        d = self.dialect
        match = re.fullmatch(r"/mj/image/([^/]+)", request.path)
        if d.unauthenticated_image_route and request.method == "GET" and match:
            return await self._na_image(match.group(1))  # no auth on this route (spec §3.14)
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
        if name in ("fetch", "image-seed", "cancel"):
            assert task_id is not None
            query: Callable[[str], Response] = getattr(self, "_ep_" + name.replace("-", "_"))
            return query(task_id)
        if name in ("list", "queue"):
            return self._ep_list(queue=name == "queue")
        body = request.json()
        if name in ("list-by-condition", "list-by-ids"):
            return self._ep_list_by_condition(body)
        if not isinstance(body, dict):
            return d.reject("bad_json")
        if name == "upload":
            return self._ep_upload(body)
        return await self._submit(name, body, request)

    # --- submits -----------------------------------------------------------------------------

    async def _submit(self, name: str, body: dict[str, Any], request: Request) -> Response:
        handler: Callable[[dict[str, Any], _SubmitContext], Awaitable[Response]] = getattr(
            self, "_ep_" + name.replace("-", "_")
        )
        return await handler(body, _SubmitContext(request))

    def _gate(self, sc: _SubmitContext, prompt: str = "") -> Response | None:
        """Forced answers, quota and the synchronous banned-word check, in the servers' order.

        Every task submit that passed validation comes through here exactly once, so this is
        where a ``force_next_submit`` is used up (a refused, invalid submit does not use it).
        """
        d = self.dialect
        sc.forced, self._forced = self._forced, None
        if sc.forced == "server_error":
            return d.server_error(500, sc.request.path)
        if sc.forced == "html_error":
            return Response.text(NGINX_502, 502, "text/html")
        quota = self.config.quota
        if sc.forced == "quota" or (quota is not None and self._accepted_submits >= quota):
            return d.quota()
        word = self._banned_word(prompt) if sc.forced != "banned" else self._any_banned_word()
        if word:
            sc.banned = word
            return d.banned(prompt, word)  # None on trueai: the task will fail instead
        if sc.forced == "queue_full":
            return d.queue_full()
        return None

    def _banned_word(self, prompt: str) -> str | None:
        low = prompt.lower()
        return next((w for w in self.config.banned_words if w and w.lower() in low), None)

    def _any_banned_word(self) -> str:
        return next(iter(self.config.banned_words), "") or "forbiddenword"

    def _new_task(self, action: str, sc: _SubmitContext, body: dict[str, Any], **kw: Any) -> SimTask:
        task = SimTask(id=self._store.new_id(), action=action, state=_str_or_none(body.get("state")), **kw)
        if not task.na_action:
            task.na_action = action
        if self.dialect.reads_bot_type:
            bot = str(body.get("botType") or "")
            if bot in ("NIJI_JOURNEY", "niji") and task.bot_type == "MID_JOURNEY":
                task.bot_type = "NIJI_JOURNEY"
        if self.dialect.speed_from_path:
            task.mode = self._speed_mode(sc.request.path, body, task.prompt)
        task.seed = str(int.from_bytes(hashlib.sha256(task.id.encode()).digest()[:4], "big"))
        if not task.art_seed:
            task.art_seed = task.id
        if sc.banned:
            # TA accepted the submit; its queue worker fails the task right away (spec §4 code 24).
            task.will_fail, task.fail_early = "可能包含敏感词", True
        elif self.config.fail_rate and self._rnd.random() < self.config.fail_rate:
            task.will_fail = self._rnd.choice(FAIL_REASONS)
        return task

    def _speed_mode(self, path: str, body: dict[str, Any], prompt: str) -> str:
        # Priority: URL prefix, then accountFilter.modes, then a prompt flag (spec §10).
        mode = self.dialect.mode_of(path)
        if mode:
            return mode
        af = body.get("accountFilter")
        modes = af.get("modes") if isinstance(af, dict) else None
        if isinstance(modes, list) and modes and str(modes[0]).upper() in ("FAST", "RELAX", "TURBO"):
            return str(modes[0]).upper()
        flag = _SPEED_RE.search(prompt or "")
        return flag.group(1).upper() if flag else "FAST"

    def _enqueue(self, task: SimTask, sc: _SubmitContext) -> Response:
        d = self.dialect
        try:
            ahead = self._store.enqueue(task, force_queue=sc.forced == "queued")
        except QueueFull:
            return d.queue_full()
        self._accepted_submits += 1
        if ahead is None:
            outcome = Submit(1, "提交成功", task.id, d.instance_properties())
        else:
            outcome = Submit(
                22, f"排队中，前面还有{ahead}个任务", task.id, {**d.instance_properties(), "numberOfQueues": ahead}
            )
        task.submit_description = outcome.description
        return d.submit(outcome, action=task.na_action)

    def _decode_images(self, values: Any, *, allow_raw: bool) -> list[images.DecodedInput] | None:
        if not isinstance(values, list):
            return None
        out = []
        for value in values:
            decoded = images.decode_data(value, require_data_url=not allow_raw)
            if decoded is None:
                return None
            out.append(decoded)
        return out

    @property
    def _lenient_inputs(self) -> bool:
        # TA accepts raw base64 (as PNG); NZ — also the upstream behind new-api — wants data URLs.
        return self.dialect.lenient_inputs

    def _store_upload(self, item: images.DecodedInput) -> str:
        name = f"{uuid.uuid4().hex}.{images.mime_extension(item.mime)}"
        self._uploads[name] = (item.data, item.mime)
        return f"{self.image_base_url}/uploads/{name}"

    async def _ep_imagine(self, body: dict[str, Any], sc: _SubmitContext) -> Response:
        d = self.dialect
        prompt = str(body.get("prompt") or "").strip()
        if not prompt:
            return d.reject("prompt_required")
        refs = body.get("base64Array") or ([body["base64"]] if body.get("base64") else [])
        decoded = self._decode_images(refs, allow_raw=self._lenient_inputs)
        if decoded is None:
            return d.reject("base64_format")
        gate = self._gate(sc, prompt)
        if gate is not None:
            return gate
        urls = [self._store_upload(item) for item in decoded]
        prompt_en = " ".join([*urls, prompt])
        size = images.grid_size(images.aspect_of(prompt))
        task = self._new_task(
            "IMAGINE",
            sc,
            body,
            prompt=prompt,
            prompt_en=prompt_en,
            description=f"/imagine {prompt}",
            final_prompt=prompt_en,
            art_prompt=prompt,
            width=size[0],
            height=size[1],
            inputs=[i.data for i in decoded],
        )
        return self._enqueue(task, sc)

    async def _ep_blend(self, body: dict[str, Any], sc: _SubmitContext) -> Response:
        d = self.dialect
        decoded = self._decode_images(body.get("base64Array"), allow_raw=self._lenient_inputs)
        count = len(body.get("base64Array") or []) if isinstance(body.get("base64Array"), list) else 0
        if not 2 <= count <= 5:
            return d.reject("blend_images")
        if decoded is None:
            return d.reject("base64_format")
        dims = body.get("dimensions", "SQUARE")
        aspect = {"PORTRAIT": "2:3", "SQUARE": "1:1", "LANDSCAPE": "3:2"}.get(str(dims))
        if aspect is None:
            return d.reject("blend_dimensions")
        gate = self._gate(sc)
        if gate is not None:
            return gate
        urls = [self._store_upload(item) for item in decoded]
        prompt_en = " ".join(urls) + f" --ar {aspect}"
        size = images.grid_size(aspect)
        task = self._new_task(
            "BLEND",
            sc,
            body,
            prompt="",
            prompt_en=prompt_en,
            final_prompt=prompt_en,
            art_prompt=hashlib.sha256(b"".join(i.data for i in decoded)).hexdigest(),
            width=size[0],
            height=size[1],
            inputs=[i.data for i in decoded],
        )
        task.description = f"/blend {task.id} {count}"
        return self._enqueue(task, sc)

    async def _ep_describe(self, body: dict[str, Any], sc: _SubmitContext) -> Response:
        d = self.dialect
        raw, link = body.get("base64"), body.get("link")
        if d.describes_links and not raw and link:
            if not re.match(r"^https?://.+", str(link)):
                return d.reject("link_format")
            data = str(link).encode()
            inputs: list[bytes] = []
        else:
            if not raw:
                return d.reject("describe_missing")
            decoded = images.decode_data(raw, require_data_url=not self._lenient_inputs)
            if decoded is None:
                return d.reject("base64_format")
            data, inputs = decoded.data, [decoded.data]
        gate = self._gate(sc)
        if gate is not None:
            return gate
        text = d.describe_text(tx.describe_prompts(data))
        task = self._new_task("DESCRIBE", sc, body, result_kind="describe", final_prompt=text, inputs=inputs)
        # TA sets promptEn to the same text; NZ leaves the prompt fields empty for describe.
        task.prompt_en = text if d.describe_prompt_en else ""
        task.description = f"/describe {task.id}.png"
        return self._enqueue(task, sc)

    async def _ep_shorten(self, body: dict[str, Any], sc: _SubmitContext) -> Response:
        d = self.dialect
        prompt = str(body.get("prompt") or "").strip()
        if not prompt and d.shorten_needs_prompt:
            return d.reject("prompt_required")
        gate = self._gate(sc)
        if gate is not None:
            return gate
        task = self._new_task(
            "SHORTEN",
            sc,
            body,
            prompt=prompt,
            prompt_en=prompt,
            description=f"/shorten {prompt}",
            result_kind="shorten",
            final_prompt=tx.shorten_text(prompt or "image"),
        )
        return self._enqueue(task, sc)

    def _parent(self, task_id: Any) -> SimTask | None:
        return self.tasks.get(str(task_id)) if task_id else None

    async def _ep_action(self, body: dict[str, Any], sc: _SubmitContext) -> Response:
        d = self.dialect
        task_id, custom_id = body.get("taskId"), str(body.get("customId") or "")
        if d.checks_custom_id_first:
            if not custom_id:
                return d.reject("custom_id_required")
            if na_action(custom_id) is None:
                return d.reject("unknown_action", custom_id)
            if not task_id:
                return d.reject("task_id_required")
        elif not task_id or not custom_id:
            return d.reject("params")
        parent = self._parent(task_id)
        if parent is None:
            return d.reject("parent_missing")
        if parent.status != "SUCCESS":
            return d.reject("parent_status")
        pressed = parse_custom_id(custom_id)
        if pressed is None or pressed.kind in d.refused_buttons:
            return d.reject("unknown_action", custom_id)
        if custom_id not in {b["customId"] for b in parent.buttons}:
            # Stricter than the servers on purpose: prove the client copies customIds verbatim.
            return d.reject(
                "unknown_action", custom_id, text=f"customId {custom_id} is not a button of task {parent.id}"
            )
        remix = bool(body.get("enableRemix")) and d.enable_remix
        return await self._press(parent, pressed, custom_id, body, sc, remix=remix)

    async def _press(
        self,
        parent: SimTask,
        pressed: Pressed,
        custom_id: str,
        body: dict[str, Any],
        sc: _SubmitContext,
        *,
        remix: bool,
    ) -> Response:
        d = self.dialect
        kind = pressed.kind
        if kind == "reroll" and parent.action in d.no_reroll_parents:
            return d.reject("reroll_unsupported")
        gate = self._gate(sc, parent.prompt)
        if gate is not None:
            return gate
        common: dict[str, Any] = {
            "parent_id": parent.id,
            "custom_id": custom_id,
            "prompt": parent.prompt,
            "prompt_en": parent.prompt_en,
            "art_prompt": parent.art_prompt,
            "bot_type": parent.bot_type,
        }
        grid = {"width": parent.width, "height": parent.height, "final_prompt": parent.prompt_en}
        if parent.result_kind in ("upscale", "upscale_hd"):
            grid["width"], grid["height"] = images.grid_size(images.aspect_of(parent.prompt))
        na = na_action(custom_id) or ""

        if kind == "pic_reader_all":  # TA: imagine every described prompt at once
            ids = []
            for prompt in _described_prompts(parent.final_prompt)[:4]:
                size = images.grid_size(images.aspect_of(prompt))
                task = self._new_task(
                    "IMAGINE",
                    sc,
                    body,
                    prompt=prompt,
                    prompt_en=prompt,
                    description=f"/imagine {prompt}",
                    final_prompt=prompt,
                    art_prompt=prompt,
                    width=size[0],
                    height=size[1],
                    parent_id=parent.id,
                    custom_id=custom_id,
                )
                with contextlib.suppress(QueueFull):
                    self._store.enqueue(task)
                    self._accepted_submits += 1
                    ids.append(task.id)
            if not ids:
                return d.queue_full()
            return d.submit(Submit(1, "提交成功", ",".join(ids), d.instance_properties()))

        if kind in ("inpaint", "custom_zoom", "pic_reader", "prompt_analyzer") or (
            remix and kind in ("variation", "vary_subtle", "vary_strong", "reroll", "pan")
        ):
            return self._open_modal(parent, pressed, custom_id, body, sc, common, grid, na)

        task = self._action_task(parent, pressed, body, sc, common, grid, na)
        return self._enqueue(task, sc)

    def _action_task(
        self,
        parent: SimTask,
        pressed: Pressed,
        body: dict[str, Any],
        sc: _SubmitContext,
        common: dict[str, Any],
        grid: dict[str, Any],
        na: str,
    ) -> SimTask:
        kind = pressed.kind
        if kind == "upsample":
            return self._new_task(
                "UPSCALE",
                sc,
                body,
                **common,
                na_action=na,
                result_kind="upscale",
                index=pressed.index,
                art_seed=parent.art_seed,
                width=parent.width,
                height=parent.height,
                final_prompt=parent.prompt_en,
                description=f"/up {parent.id} U{pressed.index}",
            )
        if kind == "upscale_hd":
            return self._new_task(
                self.dialect.upscale_hd_action,
                sc,
                body,
                **common,
                na_action=na,
                result_kind="upscale_hd",
                index=parent.index,
                art_seed=parent.art_seed,
                width=parent.width * 2,
                height=parent.height * 2,
                final_prompt=parent.prompt_en,
                description=f"/up {parent.id} HD",
            )
        if kind == "picread_retry":
            return self._new_task(
                "DESCRIBE",
                sc,
                body,
                parent_id=parent.id,
                custom_id=common["custom_id"],
                result_kind="describe",
                inputs=parent.inputs,
                final_prompt=self.dialect.describe_text(
                    tx.describe_prompts(parent.inputs[0] if parent.inputs else parent.id.encode())
                ),
                description=f"/describe {parent.id}.png",
            )
        if kind == "reroll":
            action = parent.action if self.dialect.reroll_keeps_parent_action else "REROLL"
            return self._new_task(action, sc, body, **common, na_action=na, **grid, description=f"/up {parent.id} R")
        action, label = {
            "variation": ("VARIATION", f"V{pressed.index}"),
            "vary_subtle": ("VARIATION", "Vary (Subtle)"),
            "vary_strong": ("VARIATION", "Vary (Strong)"),
            "zoom": ("ZOOM", f"Zoom Out {pressed.zoom:g}x"),
            "pan": ("PAN", f"Pan {pressed.direction}"),
        }[kind]
        task = self._new_task(action, sc, body, **common, na_action=na, **grid, description=f"/up {parent.id} {label}")
        if kind == "zoom":
            task.final_prompt = f"{parent.prompt_en} --zoom {pressed.zoom:g}"
        return task

    def _open_modal(
        self,
        parent: SimTask,
        pressed: Pressed,
        custom_id: str,
        body: dict[str, Any],
        sc: _SubmitContext,
        common: dict[str, Any],
        grid: dict[str, Any],
        na: str,
    ) -> Response:
        """Create the MODAL task M and answer code 21 (spec §8.3)."""
        d = self.dialect
        kind = pressed.kind
        prefill = parent.prompt_en or parent.prompt
        if kind == "inpaint":
            action, modal_kind, prefill = ("VARIATION", "inpaint", "")  # Vary Region: empty pre-fill
        elif kind == "custom_zoom":
            action, modal_kind = "ZOOM", "custom_zoom"
        elif kind == "pic_reader":
            action, modal_kind = "IMAGINE", "pic_reader"
            prompts = _described_prompts(parent.final_prompt)
            prefill = prompts[pressed.index - 1] if len(prompts) >= pressed.index else ""
        elif kind == "prompt_analyzer":
            action, modal_kind = "IMAGINE", "prompt_analyzer"
            prefill = tx.shortened_prompts(parent.prompt or "image")[pressed.index - 1]
        else:
            modal_kind = "remix"
            action = "VARIATION" if "vary" in kind or kind == "variation" else kind.upper()
            if kind == "reroll" and d.reroll_keeps_parent_action:
                action = parent.action
        task = self._new_task(action, sc, body, **common, na_action=na, **grid, modal_kind=modal_kind)
        task.final_prompt = prefill
        task.status, task.progress = "MODAL", "0%"
        task.description = d.modal_description
        self._store.add(task)
        task.submit_description = d.modal_description
        return d.submit(Submit(21, d.modal_description, task.id, {"finalPrompt": prefill, "remix": True}), action=na)

    async def _ep_modal(self, body: dict[str, Any], sc: _SubmitContext) -> Response:
        d = self.dialect
        task_id = body.get("taskId")
        if not task_id:
            return d.reject("task_id_required")
        task = self._parent(task_id)
        if task is None:
            return d.reject("parent_missing")
        if task.status != "MODAL":
            return d.reject("parent_status")
        parent = self._parent(task.parent_id)
        prompt = str(body.get("prompt") or "").strip()
        if not prompt:  # TA falls back to the parent's prompt, then its finalPrompt (§3.7)
            prompt = task.final_prompt or (parent.prompt if parent else "") or (parent.final_prompt if parent else "")
        if not prompt and task.modal_kind != "inpaint":
            return d.reject("prompt_required")
        if task.modal_kind == "inpaint":
            refusal = await self._check_mask(task, parent, body.get("maskBase64"))
            if refusal is not None:
                return refusal
        if task.modal_kind == "custom_zoom":
            zoom = _ZOOM_RE.search(prompt)
            if zoom is None or not 1.0 <= float(zoom.group(1)) <= 2.0:
                return d.reject(
                    "params", text="Custom Zoom needs --zoom between 1 and 2 in the prompt (e.g. --zoom 1.5)"
                )
        gate = self._gate(sc, prompt)
        if gate is not None:
            return gate
        task.prompt, task.prompt_en, task.final_prompt = prompt, prompt, prompt
        task.art_prompt = prompt if task.modal_kind in ("pic_reader", "prompt_analyzer") else task.art_prompt
        if task.modal_kind in ("pic_reader", "prompt_analyzer"):
            task.width, task.height = images.grid_size(images.aspect_of(prompt))
            task.description = f"/imagine {prompt}"
        else:
            task.description = f"/up {task.parent_id} {task.modal_kind}"
        task.submit_time = int(time.time() * 1000)
        if sc.banned:
            task.will_fail, task.fail_early = "可能包含敏感词", True
        return self._enqueue(task, sc)

    async def _check_mask(self, task: SimTask, parent: SimTask | None, mask: Any) -> Response | None:
        """Vary Region: a PNG of exactly the parent's pixel size (stricter than the servers, §8.4)."""
        d = self.dialect
        ew, eh = (parent.width, parent.height) if parent else (0, 0)
        decoded = images.decode_data(mask) if isinstance(mask, str) else None
        if decoded is None or decoded.mime != "image/png":
            return d.reject("params", text="maskBase64 must be a PNG data URL (data:image/png;base64,...)")
        stats = await asyncio.to_thread(images.mask_stats, decoded.data)
        if stats is None or stats[3] != "PNG":
            return d.reject("params", text="maskBase64 is not a readable PNG image")
        w, h, white, _ = stats
        info = MaskInfo(task.id, w, h, white, ew, eh)
        self.masks.append(info)
        if (w, h) != (ew, eh):
            return d.reject(
                "params",
                text=f"maskBase64 is {w}x{h} but the image is {ew}x{eh}; "
                "the mask must have the image's exact pixel size",
            )
        task.mask_info = info
        return None

    async def _ep_change(self, body: dict[str, Any], sc: _SubmitContext) -> Response:
        d = self.dialect
        action = str(body.get("action") or "")
        try:
            index = int(body.get("index") or 0)
        except (TypeError, ValueError):
            index = 0
        if d.local_change_checks:  # they run before anything is relayed (spec §11.3)
            if not action:
                return d.reject("change_action")
            if index == 0:
                return d.reject("index")  # even for REROLL
        return await self._change(body.get("taskId"), action, index, body, sc)

    async def _ep_simple_change(self, body: dict[str, Any], sc: _SubmitContext) -> Response:
        match = re.fullmatch(
            r"\s*(\S+)\s+([UV])([1-4])\s*|\s*(\S+)\s+(R)\s*", str(body.get("content") or ""), re.IGNORECASE
        )
        if match is None:
            return self.dialect.reject("content")
        if match.group(4):
            return await self._change(match.group(4), "REROLL", 0, body, sc)
        action = "UPSCALE" if match.group(2).upper() == "U" else "VARIATION"
        return await self._change(match.group(1), action, int(match.group(3)), body, sc)

    async def _change(
        self, task_id: Any, action: str, index: int, body: dict[str, Any], sc: _SubmitContext
    ) -> Response:
        d = self.dialect
        if not task_id:
            return d.reject("task_id_required")
        if action not in ("UPSCALE", "VARIATION", "REROLL"):
            return d.reject("change_action")
        if action != "REROLL" and not 1 <= index <= 4:
            return d.reject("index")
        parent = self._parent(task_id)
        if parent is None:
            return d.reject("parent_missing")
        if parent.status != "SUCCESS":
            return d.reject("parent_status")
        if parent.action not in GRID_ACTIONS or parent.result_kind != "grid":
            return d.reject("change_not_allowed")
        h = parent.job_hash
        custom_id = {
            "UPSCALE": f"MJ::JOB::upsample::{index}::{h}",
            "VARIATION": f"MJ::JOB::variation::{index}::{h}",
            "REROLL": f"MJ::JOB::reroll::0::{h}::SOLO",
        }[action]
        pressed = parse_custom_id(custom_id)
        assert pressed is not None
        return await self._press(parent, pressed, custom_id, body, sc, remix=False)

    async def _ep_video(self, body: dict[str, Any], sc: _SubmitContext) -> Response:
        d = self.dialect
        task_id, action = body.get("taskId"), body.get("action")
        if task_id or action:
            if action != "extend" or not task_id:
                return d.reject("video_action")
            parent = self._parent(task_id)
            if parent is None:
                return d.reject("parent_missing")
            try:
                index = int(body.get("index", -1))
            except (TypeError, ValueError):
                index = -1
            if parent.status != "SUCCESS" or parent.result_kind != "video":
                return d.reject("parent_status")
            if not 0 <= index < parent.video_count:
                return d.reject("index")
            gate = self._gate(sc, parent.prompt)
            if gate is not None:
                return gate
            prompt = str(body.get("prompt") or parent.prompt)
            task = self._new_task(
                "VIDEO",
                sc,
                body,
                prompt=prompt,
                prompt_en=f"{prompt} --video 1",
                final_prompt=f"{prompt} --video 1",
                parent_id=parent.id,
                art_prompt=parent.art_prompt,
                result_kind="video",
                video_count=parent.video_count,
                width=parent.width,
                height=parent.height,
                description=f"/video extend {parent.id} {index + 1}",
            )
            return self._enqueue(task, sc)
        prompt = str(body.get("prompt") or "").strip()
        if not prompt:
            return d.reject("video_prompt")
        motion = str(body.get("motion") or "low")
        batch = body.get("batchSize", 4)
        if motion not in ("low", "high") or batch not in (1, 2, 4):
            return d.reject("params")
        start_url, inputs = "", []
        image = body.get("image")
        if image:
            if re.match(r"^https?://", str(image)):
                start_url = str(image)
            else:
                decoded = images.decode_data(image)
                if decoded is None:
                    return d.reject("base64_format")
                start_url, inputs = self._store_upload(decoded), [decoded.data]
        gate = self._gate(sc, prompt)
        if gate is not None:
            return gate
        parts = [start_url, prompt, f"--motion {motion}"]
        if body.get("endImage"):
            parts.append(f"--end {body['endImage']}" if str(body["endImage"]).startswith("http") else "--end <image>")
        if body.get("loop"):
            parts.append("--end loop")
        if batch in (1, 2):
            parts.append(f"--bs {batch}")
        prompt_en = " ".join(p for p in [*parts, "--video 1"] if p)
        size = images.grid_size(images.aspect_of(prompt))
        task = self._new_task(
            "VIDEO",
            sc,
            body,
            prompt=prompt,
            prompt_en=prompt_en,
            final_prompt=prompt_en,
            art_prompt=prompt,
            result_kind="video",
            video_count=int(batch),
            width=size[0],
            height=size[1],
            inputs=inputs,
            description=f"/video {prompt}",
        )
        return self._enqueue(task, sc)

    async def _ep_edits(self, body: dict[str, Any], sc: _SubmitContext) -> Response:
        d = self.dialect
        prompt, image = str(body.get("prompt") or "").strip(), body.get("image")
        if not prompt or not image:
            return d.reject("edits_missing")
        inputs: list[bytes] = []
        if not re.match(r"^https?://", str(image)):
            decoded = images.decode_data(image)  # raw base64 gets a PNG prefix (spec §3.9)
            if decoded is None:
                return d.reject("base64_format")
            inputs = [decoded.data]
        gate = self._gate(sc, prompt)
        if gate is not None:
            return gate
        size = images.grid_size(images.aspect_of(prompt))
        task = self._new_task(
            "EDIT",
            sc,
            body,
            na_action="EDITS",
            prompt=prompt,
            prompt_en=prompt,
            final_prompt=prompt,
            art_prompt=prompt,
            width=size[0],
            height=size[1],
            inputs=inputs,
            description=f"/edit {prompt}",
        )
        return self._enqueue(task, sc)

    async def _ep_swap(self, body: dict[str, Any], sc: _SubmitContext) -> Response:
        d = self.dialect
        src, dst = body.get("sourceBase64"), body.get("targetBase64")
        if not d.swap_accepts_urls:
            if not src or not dst:
                return d.reject("swap_source")
        else:
            if not src and not body.get("sourceUrl"):
                return d.reject("swap_source")
            if not dst and not body.get("targetUrl"):
                return d.reject("swap_target")
        if (src or body.get("sourceUrl")) == (dst or body.get("targetUrl")):
            return d.reject("swap_same")
        target = images.decode_data(dst) if dst else None
        if dst and target is None:
            return d.reject("base64_format")
        gate = self._gate(sc)
        if gate is not None:
            return gate
        task = self._new_task(
            "SWAP_FACE",
            sc,
            body,
            bot_type="INSIGHT_FACE",
            result_kind="single",
            inputs=[target.data] if target else [],
            description="/swap",
            art_prompt=str(src)[:200],
        )
        png = await asyncio.to_thread(
            images.derived_png, target.data if target else None, task.art_prompt, task.art_seed, images.grid_size("1:1")
        )
        size = await asyncio.to_thread(images.image_size, png)
        task.width, task.height = size or images.grid_size("1:1")
        self._image_cache[f"{task.id}/main"] = (png, "image/png")
        return self._enqueue(task, sc)

    def _ep_upload(self, body: dict[str, Any]) -> Response:
        d = self.dialect
        values = body.get("base64Array")
        if not isinstance(values, list) or not values:
            return d.reject("upload_empty")
        decoded = self._decode_images(values, allow_raw=True)
        if decoded is None:
            return d.reject("base64_format")
        urls = [self._store_upload(item) for item in decoded]
        return d.submit(Submit(1, "提交成功", urls, d.instance_properties()), action="UPLOAD")

    # --- queries -----------------------------------------------------------------------------

    def _ep_fetch(self, task_id: str) -> Response:
        task = self.tasks.get(task_id)
        if task is None:
            return self.dialect.unknown_fetch()
        return Response.json(self.dialect.task_json(task, self._ctx, poll=True))

    def _ep_list_by_condition(self, body: Any) -> Response:
        d = self.dialect
        if not isinstance(body, dict):
            if d.rejects_bad_list_body:
                return d.reject("list_body")
            body = {}
        ids = body.get("ids") or []
        found = [self.tasks[str(i)] for i in ids if str(i) in self.tasks] if isinstance(ids, list) else []
        return Response.json([d.task_json(t, self._ctx, poll=True) for t in found])

    def _ep_list(self, *, queue: bool) -> Response:
        d = self.dialect
        if queue:
            chosen = self._store.unfinished()
        else:
            # Newest first = reverse creation order (the dict keeps it); ids made within one
            # millisecond end in random digits, so sorting by id would shuffle them.
            chosen = list(reversed(self.tasks.values()))
            if d.list_limit is not None:
                chosen = chosen[: d.list_limit]
        return Response.json([d.task_json(t, self._ctx) for t in chosen])

    def _ep_image_seed(self, task_id: str) -> Response:
        d = self.dialect
        task = self.tasks.get(task_id)
        if task is None:
            return d.seed_unknown()
        if task.status != "SUCCESS":
            return d.seed_not_ready()
        return d.submit(Submit(1, "成功", task.seed, {}))

    def _ep_cancel(self, task_id: str) -> Response:
        d = self.dialect
        if not self.config.admin:
            return Response.text("演示模式，禁止操作", 400)
        task = self.tasks.get(task_id)
        if task is None:
            return d.reject("parent_missing")
        self._store.cancel(task, "取消任务")
        return Response.empty(200)

    # --- images ------------------------------------------------------------------------------

    async def _na_image(self, task_id: str) -> Response:
        task = self.tasks.get(task_id)
        if task is None:
            return Response.json({"error": "midjourney_task_not_found"}, 400)
        upstream = Dialect.image_url(task, self._ctx)
        if not upstream:
            return Response.json({"error": "http_get_image_failed"}, 500)
        response = await self._serve_image_path(Request("GET", upstream[len(self.image_base_url) :], {}, {}, b""))
        if response.status != 200:
            return Response.json({"error": response.body.decode(errors="replace")}, response.status)
        return response

    async def _serve_image_path(self, request: Request) -> Response:
        if request.method != "GET":
            return Response.text("Method Not Allowed", 405)
        parts = request.path.strip("/").split("/")
        if len(parts) == 2 and parts[0] == "uploads" and parts[1] in self._uploads:
            data, mime = self._uploads[parts[1]]
            return Response(200, data, mime)
        if len(parts) != 3 or parts[0] != "attachments" or parts[1] not in self.tasks:
            return Response.text("Not Found", 404)
        task, name = self.tasks[parts[1]], parts[2]
        made = self._image_recipe(task, name)
        if made is None:
            return Response.text("Not Found", 404)
        key, recipe = made
        data, mime = await self._cached(key, recipe)
        return Response(200, data, mime, {"Cache-Control": "max-age=86400"})

    def _image_recipe(self, task: SimTask, name: str) -> tuple[str, Callable[[], tuple[bytes, str]]] | None:
        """Which bytes a file name of a task stands for, as (cache key, blocking producer)."""
        size = (task.width, task.height)
        done = task.status == "SUCCESS"
        if name == "input.png" and task.inputs:
            data = task.inputs[0]
            return f"{task.id}/input", lambda: (data, "image/png")
        if name == f"mjdesk_{task.job_hash}.png" and done:
            return f"{task.id}/main", lambda: (self._main_png(task), "image/png")
        if name == f"mjdesk_{task.job_hash}_640_N.webp" and done:
            return f"{task.id}/main-thumb", lambda: (images.thumbnail_webp(self._main_png(task)), "image/webp")
        match = re.fullmatch(rf"{task.job_hash}_progress_(\d+)\.webp", name)
        if match and task.result_kind not in ("describe", "shorten", "none"):
            fraction = int(match.group(1)) / 100
            return f"{task.id}/progress-{match.group(1)}", lambda: (
                images.preview_webp(task.art_prompt, task.art_seed, size, fraction),
                "image/webp",
            )
        match = re.fullmatch(r"0_([0-3])(_640_N\.webp|\.png|\.mp4)", name)
        if match and done and task.result_kind in ("grid", "video"):
            i, ext = int(match.group(1)), match.group(2)
            if ext == ".mp4":
                if i >= task.video_count:
                    return None
                return f"{task.id}/video-{i}", lambda: (images.fake_mp4(task.art_seed, i), "video/mp4")

            def png() -> bytes:
                return images.single_png(task.art_prompt, task.art_seed, i + 1, size)

            if ext == ".png":
                return f"{task.id}/candidate-{i}", lambda: (png(), "image/png")
            return f"{task.id}/candidate-{i}-thumb", lambda: (images.thumbnail_webp(png()), "image/webp")
        return None

    def _main_png(self, task: SimTask) -> bytes:
        cached = self._image_cache.get(f"{task.id}/main")
        if cached:
            return cached[0]
        size = (task.width, task.height)
        if task.result_kind in ("upscale", "upscale_hd"):
            return images.single_png(task.art_prompt, task.art_seed, task.index or 1, size)
        return images.grid_png(task.art_prompt, task.art_seed, size)

    async def _cached(self, key: str, recipe: Callable[[], tuple[bytes, str]]) -> tuple[bytes, str]:
        if key in self._image_cache:
            return self._image_cache[key]
        job = self._image_jobs.get(key)
        if job is None:
            # Several requests for the same picture share one rendering, off the event loop.
            job = asyncio.get_running_loop().create_task(asyncio.to_thread(recipe))
            self._image_jobs[key] = job
        try:
            result = await asyncio.shield(job)
        finally:
            if job.done():
                self._image_jobs.pop(key, None)
        self._image_cache[key] = result
        return result


@dataclass
class _SubmitContext:
    request: Request
    forced: str | None = None
    banned: str | None = None


def _described_prompts(text: str) -> list[str]:
    """The four prompts out of a describe result in either layout (keycaps or CRLF)."""
    lines = [line.strip() for line in re.split(r"\r\n|\n", text or "") if line.strip()]
    return [re.sub(r"^[1-4]\ufe0f\u20e3\s*", "", line) for line in lines]


def _str_or_none(value: Any) -> str | None:
    return None if value is None else str(value)


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
