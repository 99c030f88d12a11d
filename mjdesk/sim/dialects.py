"""What differs between the three server dialects: routes, auth, envelopes, error texts, task JSON.

* ``midjourney-proxy`` — novicezk's server with the PLUS API (spec "NZ" + "PLUS-doc").
* ``trueai`` — trueai-org/midjourney-proxy at HEAD (spec "TA").
* ``new-api`` — the QuantumNous new-api gateway relaying to a midjourney-proxy upstream (spec
  "NA-Q"): its own auth, local checks and error envelopes, upstream answers passed through.

The server (``server.py``) runs one dialect-neutral engine and asks the dialect how to answer.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from typing import Any

from .http import Request, Response
from .tasks import SimTask

DISCORD_INSTANCE_ID = "1118138338562560102"
NGINX_502 = (
    "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
    "<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx/1.24.0</center>\r\n"
    "</body>\r\n</html>\r\n"
)

# Every endpoint name the simulator knows, keyed by (method, path under /mj).
ROUTES: dict[tuple[str, str], str] = {
    ("POST", "/submit/imagine"): "imagine",
    ("POST", "/submit/blend"): "blend",
    ("POST", "/submit/describe"): "describe",
    ("POST", "/submit/shorten"): "shorten",
    ("POST", "/submit/action"): "action",
    ("POST", "/submit/modal"): "modal",
    ("POST", "/submit/change"): "change",
    ("POST", "/submit/simple-change"): "simple-change",
    ("POST", "/submit/video"): "video",
    ("POST", "/submit/edits"): "edits",
    ("POST", "/submit/retexture"): "retexture",
    ("POST", "/submit/upload-discord-images"): "upload",
    ("POST", "/insight-face/swap"): "swap",
    ("POST", "/task/list-by-condition"): "list-by-condition",
    ("POST", "/task/list-by-ids"): "list-by-ids",
    ("GET", "/task/list"): "list",
    ("GET", "/task/queue"): "queue",
    ("POST", "/task/query"): "query",
}
TASK_ROUTE = re.compile(r"^/task/([^/]+)/(fetch|image-seed|cancel)$")
TASK_ROUTE_METHOD = {"fetch": "GET", "image-seed": "GET", "cancel": "POST"}

# Validation texts of the upstream servers (NZ/PLUS and TA), by a neutral key. A tuple carries a
# non-4 code.
_NZ_TEXTS: dict[str, str | tuple[int, str]] = {
    "prompt_required": "prompt不能为空",
    "blend_images": "base64List参数错误",
    "blend_dimensions": "dimensions参数错误",
    "base64_format": "base64格式错误",
    "describe_missing": "base64不能为空",
    "link_format": "链接格式错误",
    "params": "参数错误",
    "task_id_required": "参数错误",
    "custom_id_required": "参数错误",
    "unknown_action": "未知的 Action 类型",
    "parent_missing": (3, "关联任务不存在或已失效"),
    "parent_status": "关联任务状态错误",
    "change_not_allowed": "关联任务不允许执行变化",
    "change_action": "action参数错误",
    "index": "index参数错误",
    "content": "content参数错误",
    "swap_source": "人脸图片不能为空",
    "swap_target": "目标图片不能为空",
    "swap_same": "人脸图片和目标图片不能相同",
    "upload_empty": "base64 参数错误",
    "reroll_unsupported": "该任务不支持重新生成",
    "video_prompt": "Prompt 不能为空",
    "video_action": "任务类型错误",
    "edits_missing": "image或prompt不能为空",
    "bad_json": "参数错误",
}
_TA_TEXTS: dict[str, str | tuple[int, str]] = {
    **_NZ_TEXTS,
    "blend_images": "图片参数错误，2~5张图片",
    "describe_missing": "base64或link不能为空",
}
# new-api's own checks (spec §11.3): MJ-style 400 envelope with these strings.
_NA_LOCAL: dict[str, str] = {
    "prompt_required": "prompt_is_required",
    "parent_missing": "task_not_found",
    "parent_status": "task_status_not_success",
    "change_action": "action_is_required",
    "index": "index_is_required",
    "task_id_required": "task_id_is_required",
    "swap_source": "sour_base64_and_target_base64_is_required",
    "swap_target": "sour_base64_and_target_base64_is_required",
    "bad_json": "bind_request_body_failed",
    "list_body": "do_request_failed",
}
# new-api's checks inside its Distribute middleware arrive OpenAI-style (spec §11.3 last rows).
_NA_OPENAI: dict[str, str] = {
    "unknown_action": "Invalid request, unknown_action:{detail}",
    "custom_id_required": "Invalid request, custom_id_is_required",
}


@dataclass
class Submit:
    """A SubmitResultVO as the (upstream) engine produced it, before the dialect renders it."""

    code: int
    description: str
    result: Any = None
    properties: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ViewContext:
    api_base: str
    image_base: str


class Dialect:
    name = ""
    endpoints: frozenset[str] = frozenset()
    modal_description = "窗口等待"
    # Behaviour the endpoints ask about (sim/server.py compares no dialect names): defaults are the
    # midjourney-proxy (NZ / PLUS) behaviour; each subclass overrides what its server does otherwise.
    unauthenticated_image_route = False  # GET /mj/image/{id} without a key (NA, spec §3.14)
    reads_bot_type = False  # the body's botType chooses Niji (TA)
    speed_from_path = False  # /mj-fast/, /mj-relax/ choose the speed (TA, spec §10)
    lenient_inputs = False  # raw base64 taken as PNG; NZ (and NA's upstream) want data URLs
    describes_links = False  # /describe takes {"link": url} (TA)
    describe_prompt_en = False  # a describe's promptEn repeats its result text (TA)
    shorten_needs_prompt = True  # TA does not check (spec §3.4)
    checks_custom_id_first = False  # NA's Distribute parses the customId before anything (§11.1)
    refused_buttons: frozenset[str] = frozenset({"bookmark", "pic_reader_all"})
    no_reroll_parents: frozenset[str] = frozenset()  # parents whose reroll is refused (TA, §8.2)
    enable_remix = False  # the action body's enableRemix opens a Remix modal (TA)
    upscale_hd_action = "UPSCALE"  # the action a finished HD upscale reports
    reroll_keeps_parent_action = False  # TA HEAD: a reroll reports the parent's action
    local_change_checks = False  # NA checks action and index itself before relaying (§11.3)
    swap_accepts_urls = True  # sourceUrl / targetUrl besides base64 (NA relays only base64)
    rejects_bad_list_body = False  # a list-by-condition body that is no object is an error (NA)
    list_limit: int | None = None  # most tasks GET /task/list returns (TA: 100)
    account_route: str | None = None  # the key's quota, outside /mj (new-api: /api/usage/token)
    pricing_route: str | None = None  # the public price list, no key needed (new-api: /api/pricing)
    bills_quota = False  # each accepted submit charges its model's price; failures refunded (new-api)

    # --- routing ---------------------------------------------------------------------------

    @staticmethod
    def mode_of(path: str) -> str | None:
        """The speed a route prefix chooses (only where ``speed_from_path``)."""
        return None

    def strip_prefix(self, path: str) -> str | None:
        """The path below ``/mj`` (e.g. ``/submit/imagine``), or None if not an API path."""
        return path[3:] if path.startswith("/mj/") else None

    def route(self, method: str, sub: str) -> tuple[str, str | None] | None:
        """(endpoint, task id) for a path below /mj, or None (404) if this dialect lacks it."""
        name = ROUTES.get((method, sub))
        task_id = None
        if name is None:
            match = TASK_ROUTE.match(sub)
            if match and TASK_ROUTE_METHOD[match.group(2)] == method:
                name, task_id = match.group(2), match.group(1)
        if name is None or name not in self.endpoints:
            return None
        return name, task_id

    def not_found(self, request: Request) -> Response:
        raise NotImplementedError

    # --- auth ------------------------------------------------------------------------------

    def authenticate(self, request: Request, api_key: str) -> Response | None:
        """None when the request may pass, else the refusal."""
        raise NotImplementedError

    # --- answers ---------------------------------------------------------------------------

    def submit(self, outcome: Submit, *, action: str = "") -> Response:
        return Response.json(self._vo(outcome))

    def _vo(self, outcome: Submit) -> dict[str, Any]:
        return {
            "code": outcome.code,
            "description": outcome.description,
            "result": outcome.result,
            "properties": outcome.properties,
        }

    def instance_properties(self) -> dict[str, Any]:
        return {"discordInstanceId": DISCORD_INSTANCE_ID}

    def texts(self) -> dict[str, str | tuple[int, str]]:
        return _NZ_TEXTS

    def reject(self, key: str, detail: str = "", *, text: str | None = None) -> Response:
        """A validation error. ``text`` overrides the table (simulator-specific checks)."""
        entry = self.texts().get(key, "参数错误") if text is None else text
        code, message = entry if isinstance(entry, tuple) else (4, entry)
        return self.submit(Submit(code, message, None, {}))

    def quota(self) -> Response:
        return self.submit(Submit(4, "账号额度不足，今日绘图次数已达上限"))

    def queue_full(self) -> Response:
        # NZ DiscordInstanceImpl.submitTask; result is null in the code (spec §4).
        return self.submit(Submit(23, "队列已满，请稍后尝试", None, self.instance_properties()))

    def banned(self, prompt: str, word: str) -> Response | None:
        """The synchronous banned-word refusal, or None when this dialect fails the task later."""
        return self.submit(Submit(24, "可能包含敏感词", None, {"promptEn": prompt, "bannedWord": word}))

    def server_error(self, status: int, path: str) -> Response:
        raise NotImplementedError

    def unknown_fetch(self) -> Response:
        raise NotImplementedError

    def seed_not_ready(self) -> Response:
        return self.submit(Submit(4, "关联任务状态错误"))

    def seed_unknown(self) -> Response:
        return self.reject("parent_missing")

    def describe_text(self, prompts: list[str]) -> str:
        from .texts import describe_text_discord

        return describe_text_discord(prompts)

    def task_json(self, task: SimTask, ctx: ViewContext, *, poll: bool = False) -> dict[str, Any]:
        raise NotImplementedError

    # --- shared task pieces ----------------------------------------------------------------

    @staticmethod
    def image_url(task: SimTask, ctx: ViewContext) -> str:
        """The upstream image URL: the result, or while running the current preview."""
        base = f"{ctx.image_base}/attachments/{task.id}"
        if task.status == "SUCCESS" and task.result_kind != "none":
            if task.result_kind in ("describe", "shorten"):
                return f"{base}/input.png" if task.inputs else ""
            return f"{base}/mjdesk_{task.job_hash}.png"
        if task.status == "IN_PROGRESS" and task.preview_percent:
            return f"{base}/{task.job_hash}_progress_{task.preview_percent}.webp"
        return ""

    @staticmethod
    def candidate_urls(task: SimTask, ctx: ViewContext) -> list[dict[str, str]]:
        if task.status != "SUCCESS" or task.result_kind not in ("grid", "video"):
            return []
        base = f"{ctx.image_base}/attachments/{task.id}"
        return [{"url": f"{base}/0_{i}.png", "thumbnail": f"{base}/0_{i}_640_N.webp"} for i in range(4)]

    @staticmethod
    def video_urls(task: SimTask, ctx: ViewContext) -> list[dict[str, str]]:
        if task.status != "SUCCESS" or task.result_kind != "video":
            return []
        base = f"{ctx.image_base}/attachments/{task.id}"
        return [{"url": f"{base}/0_{i}.mp4", "thumbnail": f"{base}/0_{i}_640_N.webp"} for i in range(task.video_count)]

    def core_properties(self, task: SimTask) -> dict[str, Any]:
        props: dict[str, Any] = {
            "finalPrompt": task.final_prompt or task.prompt_en or task.prompt,
            "notifyHook": None,
            "discordInstanceId": DISCORD_INSTANCE_ID,
            "nonce": task.id[::-1],
        }
        if task.status == "SUCCESS":
            props["messageHash"] = task.job_hash
            props["messageId"] = str(int(task.id) * 7 % 10**19)
        return props


class MidjourneyProxy(Dialect):
    """novicezk/midjourney-proxy with the PLUS API.

    The open-source NZ task JSON has no ``buttons`` (spec §5), but the PLUS server does, and a
    client can only run actions with them — so the simulator gives them buttons.
    """

    name = "midjourney-proxy"
    endpoints = frozenset(
        {
            "imagine",
            "blend",
            "describe",
            "change",
            "simple-change",
            "action",
            "modal",
            "shorten",
            "upload",
            "swap",
            "fetch",
            "list-by-condition",
            "image-seed",
            "list",
            "queue",
            "query",
        }
    )

    def not_found(self, request: Request) -> Response:
        # Spring Boot's default error body.
        return Response.json({"timestamp": _iso_now(), "status": 404, "error": "Not Found", "path": request.path}, 404)

    def authenticate(self, request: Request, api_key: str) -> Response | None:
        if not api_key or request.headers.get("mj-api-secret") == api_key:
            return None
        return Response.empty(401)  # ApiAuthorizeInterceptor: 401, empty body (spec §1.2)

    def server_error(self, status: int, path: str) -> Response:
        error = {500: "Internal Server Error", 502: "Bad Gateway", 503: "Service Unavailable"}[status]
        body = {"timestamp": _iso_now(), "status": status, "error": error, "path": path}
        return Response.json(body, status)

    def unknown_fetch(self) -> Response:
        return Response.empty(200)  # the controller returns null → 200 with no body (spec §3.12)

    def task_json(self, task: SimTask, ctx: ViewContext, *, poll: bool = False) -> dict[str, Any]:
        return {
            "id": task.id,
            "action": task.action,
            "status": task.status,
            "prompt": task.prompt,
            "promptEn": task.prompt_en,
            "description": task.description,
            "state": task.state,
            "submitTime": task.submit_time,
            "startTime": task.start_time or None,
            "finishTime": task.finish_time or None,
            "imageUrl": self.image_url(task, ctx) or None,
            "progress": task.progress,
            "failReason": task.fail_reason or None,
            "properties": self.core_properties(task),
            "buttons": task.buttons,
        }


class TrueAI(Dialect):
    name = "trueai"
    endpoints = frozenset(
        {
            "imagine",
            "blend",
            "describe",
            "action",
            "modal",
            "shorten",
            "upload",
            "video",
            "edits",
            "retexture",
            "swap",
            "fetch",
            "list-by-condition",
            "list-by-ids",
            "image-seed",
            "list",
            "cancel",
        }
    )
    modal_description = "Waiting for window confirm"
    reads_bot_type = True
    speed_from_path = True
    lenient_inputs = True
    describes_links = True
    describe_prompt_en = True
    shorten_needs_prompt = False
    refused_buttons = frozenset({"bookmark", "prompt_analyzer"})  # TA HEAD's controller (spec §8.2)
    no_reroll_parents = frozenset(
        {"REROLL", "ACTION", "INPAINT", "OUTPAINT", "SWAP_FACE", "SWAP_VIDEO_FACE", "PIC_READER"}
        | {"VIDEO_EXTEND", "SHOW"}
    )
    enable_remix = True
    upscale_hd_action = "UPSCALE_HD"
    reroll_keeps_parent_action = True
    list_limit = 100
    _PREFIXES = ("/mj-fast/mj/", "/mj-relax/mj/", "/mj-turbo/mj/")

    def strip_prefix(self, path: str) -> str | None:
        for prefix in self._PREFIXES:
            if path.startswith(prefix):
                return path[len(prefix) - 1 :]
        return super().strip_prefix(path)

    @staticmethod
    def mode_of(path: str) -> str | None:
        for mode in ("fast", "relax", "turbo"):
            if path.startswith(f"/mj-{mode}/"):
                return mode.upper()
        return None

    def not_found(self, request: Request) -> Response:
        return Response.empty(404)  # ASP.NET Core: no matching route → bare 404

    def authenticate(self, request: Request, api_key: str) -> Response | None:
        # The raw header value is the token: no "Bearer " stripping (spec §1.2, WorkContext.cs).
        token = request.headers.get("authorization") or request.headers.get("mj-api-secret")
        if not api_key or token == api_key:
            return None
        return Response.text("Authorization header missing.", 401)

    def instance_properties(self) -> dict[str, Any]:
        return {"discordInstanceId": DISCORD_INSTANCE_ID, "discordChannelId": DISCORD_INSTANCE_ID}

    def texts(self) -> dict[str, str | tuple[int, str]]:
        return _TA_TEXTS

    def reject(self, key: str, detail: str = "", *, text: str | None = None) -> Response:
        response = super().reject(key, detail, text=text)
        if key == "parent_missing":
            response.status = 404  # TA answers a missing parent with HTTP 404 (spec §3.6)
        return response

    def logic_error(self, message: str) -> Response:
        """TA's LogicException envelope, HTTP 200 (spec §4 "TA generic error envelope")."""
        return Response.json({"success": False, "code": -1, "message": message, "timestamp": str(_dotnet_ticks())})

    def quota(self) -> Response:
        return self.logic_error("今日绘图次数已达上限")

    def queue_full(self) -> Response:
        return self.submit(Submit(9, "提交失败，队列已满，请稍后重试", None, self.instance_properties()))

    def banned(self, prompt: str, word: str) -> Response | None:
        return None  # since v11.6.2 the queue worker fails the task instead (spec §4 code 24)

    def server_error(self, status: int, path: str) -> Response:
        if status == 500:
            return Response.json(
                {"success": False, "code": -1, "message": "操作失败", "timestamp": str(_dotnet_ticks())}, 500
            )
        return Response.empty(status)

    def unknown_fetch(self) -> Response:
        return Response.empty(204)  # null result → 204 No Content (spec §3.12)

    def seed_not_ready(self) -> Response:
        response = self.submit(Submit(4, "关联任务状态错误"))
        response.status = 400
        return response

    def describe_text(self, prompts: list[str]) -> str:
        from .texts import describe_text_crlf

        return describe_text_crlf(prompts)

    def task_json(self, task: SimTask, ctx: ViewContext, *, poll: bool = False) -> dict[str, Any]:
        image_url = self.image_url(task, ctx)
        videos = self.video_urls(task, ctx)
        props = self.core_properties(task)
        props["discordChannelId"] = DISCORD_INSTANCE_ID
        props["botType"] = task.bot_type
        if task.custom_id:
            props["custom_id"] = task.custom_id
        if task.modal_kind:
            props["remix"] = True
        done = task.finished
        use_ms = (task.finish_time or int(time.time() * 1000)) - (task.start_time or task.submit_time)
        return {
            "id": task.id,
            "parentId": task.parent_id,
            "botType": task.bot_type,
            "realBotType": task.bot_type,
            "userId": None,
            "nonce": props["nonce"],
            "messageId": props.get("messageId"),
            "messageIds": [],
            "instanceId": DISCORD_INSTANCE_ID,
            "subInstanceId": None,
            "action": task.action,
            "status": task.status,
            "prompt": task.prompt,
            "promptEn": task.prompt_en,
            "promptFull": task.prompt_en,
            "description": task.description,
            "state": task.state,
            "submitTime": task.submit_time,
            "startTime": task.start_time or None,
            "finishTime": task.finish_time or None,
            "imageUrl": image_url or None,
            "imageUrls": self.candidate_urls(task, ctx),
            "thumbnailUrl": (image_url.replace(".png", "_640_N.webp") if image_url.endswith(".png") else None),
            "videoUrl": videos[0]["url"] if videos else None,
            "videoUrls": videos,
            "progress": task.progress,
            "failReason": task.fail_reason or None,
            "buttons": task.buttons,
            "properties": props,
            "seed": task.seed or None,
            "seedError": None,
            "jobId": task.job_hash if done else None,
            "mode": task.mode,
            "requestMode": task.mode,
            "accountFilter": None,
            "width": task.width or None,
            "height": task.height or None,
            "imageWidth": task.width or None,
            "imageHeight": task.height or None,
            "contentType": "video/mp4" if task.result_kind == "video" and done else None,
            "isPartner": False,
            "isOfficial": False,
            "isDiscord": True,
            "isCompleted": done,
            "useTime": f"{max(0, use_ms) / 1000:.2f} s",
            "displays": {"status": task.status, "action": task.action, "discordInstanceId": DISCORD_INSTANCE_ID},
        }


class NewApi(Dialect):
    """QuantumNous new-api relaying to a midjourney-proxy (PLUS) upstream."""

    name = "new-api"
    endpoints = frozenset(
        {
            "imagine",
            "blend",
            "describe",
            "change",
            "action",
            "modal",
            "shorten",
            "upload",
            "swap",
            "video",
            "edits",
            "fetch",
            "list-by-condition",
            "image-seed",
        }
    )
    unauthenticated_image_route = True
    account_route = "/api/usage/token"
    pricing_route = "/api/pricing"
    bills_quota = True
    checks_custom_id_first = True
    refused_buttons = frozenset({"bookmark"})
    local_change_checks = True
    swap_accepts_urls = False
    rejects_bad_list_body = True
    _PREFIX = re.compile(r"^/[^/]+/mj/")

    def strip_prefix(self, path: str) -> str | None:
        # Routes /:mode/mj/...; the prefix is accepted and ignored (spec §1.1, §10).
        if path.startswith("/mj/"):
            return path[3:]
        match = self._PREFIX.match(path)
        return path[match.end() - 1 :] if match else None

    def not_found(self, request: Request) -> Response:
        return Response.json(
            {
                "error": {
                    "message": f"Invalid URL ({request.method} {request.path})",
                    "type": "invalid_request_error",
                    "param": "",
                    "code": "",
                }
            },
            404,
        )

    @staticmethod
    def openai_error(message: str, status: int) -> Response:
        return Response.json({"error": {"message": message, "type": "new_api_error"}}, status)

    @staticmethod
    def mj_error(description: str, code: int = 4, result: str = "") -> Response:
        # relay.go joins description and result with a space: the trailing space is real (§11.2).
        return Response.json({"description": f"{description} {result}", "type": "upstream_error", "code": code}, 400)

    def authenticate(self, request: Request, api_key: str) -> Response | None:
        if not api_key:
            return None
        token = request.headers.get("authorization", "")
        for prefix in ("Bearer ", "bearer "):
            if token.startswith(prefix):
                token = token[len(prefix) :]
        if token in ("", "midjourney-proxy"):
            token = request.headers.get("mj-api-secret", "")
        token = token.removeprefix("sk-")
        if token and token == api_key.removeprefix("sk-"):
            return None
        return self.openai_error("无效的令牌", 401)

    def submit(self, outcome: Submit, *, action: str = "") -> Response:
        # 22 → 1 always; 21 → 1 unless Vary Region / Custom Zoom (spec §4, relay-mj.go). Every
        # other upstream answer (23, 24, code-4 texts) is passed through verbatim at upstream's
        # HTTP 200: relay-mj.go only records it as failReason before copying the body.
        vo = self._vo(outcome)
        if outcome.code == 22 or (outcome.code == 21 and action not in ("INPAINT", "CUSTOM_ZOOM")):
            vo["code"] = 1
        return Response.json(vo)

    def reject(self, key: str, detail: str = "", *, text: str | None = None) -> Response:
        if text is None and key in _NA_OPENAI:
            return self.openai_error(_NA_OPENAI[key].format(detail=detail), 400)
        if text is None and key in _NA_LOCAL:
            return self.mj_error(_NA_LOCAL[key])
        return super().reject(key, detail, text=text)

    def quota(self) -> Response:
        return self.mj_error("quota_not_enough")

    def server_error(self, status: int, path: str) -> Response:
        return self.openai_error(f"upstream error: status code {status}", status)

    def unknown_fetch(self) -> Response:
        return self.mj_error("task_no_found")  # sic, with the trailing space (spec §3.12)

    def seed_unknown(self) -> Response:
        return self.mj_error("task_no_found")

    def task_json(self, task: SimTask, ctx: ViewContext, *, poll: bool = False) -> dict[str, Any]:
        # The small DTO of spec §11.6. A row nobody has polled yet still holds what relay-mj.go
        # inserted at submit time: status "", progress "0%", no image, no buttons.
        fresh = not task.na_polled
        if poll:
            task.na_polled = True
        status = "" if fresh else task.status
        url = f"{ctx.api_base}/mj/image/{task.id}"
        if status != "SUCCESS":
            url += f"?rand={time.time_ns()}"
        videos = [] if fresh else [{"url": v["url"]} for v in self.video_urls(task, ctx)]
        return {
            "id": task.id,
            "action": task.na_action or task.action,
            "customId": "",
            "botType": "",
            "prompt": task.prompt,
            "promptEn": "" if fresh else task.prompt_en,
            "description": task.submit_description,
            "state": task.state or "",
            "submitTime": task.submit_time,
            "startTime": 0 if fresh else task.start_time,
            "finishTime": 0 if fresh else task.finish_time,
            "imageUrl": url,
            "status": status,
            "progress": "0%" if fresh else task.progress,
            "failReason": "" if fresh else task.fail_reason,
            "buttons": [] if fresh else task.buttons,
            "maskBase64": "",
            "properties": None if fresh else {"finalPrompt": task.final_prompt or task.prompt_en, "finalZhPrompt": ""},
            "videoUrl": videos[0]["url"] if videos else "",
            "videoUrls": videos,
        }


DIALECTS: dict[str, type[Dialect]] = {
    "new-api": NewApi,
    "midjourney-proxy": MidjourneyProxy,
    "trueai": TrueAI,
}


def get_dialect(name: str) -> Dialect:
    try:
        return DIALECTS[name]()
    except KeyError:
        raise ValueError(f"unknown dialect {name!r}; choose one of {', '.join(DIALECTS)}") from None


def _iso_now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S.000+00:00", time.gmtime())


def _dotnet_ticks() -> int:
    # .NET ticks: 100 ns units since 0001-01-01 (Result.cs timestamps).
    return int(time.time() * 10**7) + 621355968000000000
