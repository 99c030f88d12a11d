"""The submit endpoints that create a task from a prompt or images (imagine, blend, describe,
shorten, video, edits, swap face, upload), and the gate every submit passes: forced answers,
banned words, quota, the queue."""

from __future__ import annotations

import asyncio
import hashlib
import re
import uuid
from typing import Any

from . import images
from . import texts as tx
from .dialects import NGINX_502, Submit
from .http import Response
from .state import SimState, SubmitContext, str_or_none
from .tasks import FAIL_REASONS, QueueFull, SimTask

_SPEED_RE = re.compile(r"--(fast|relax|turbo)\b", re.IGNORECASE)


class SubmitEndpoints(SimState):
    def _gate(self, sc: SubmitContext, prompt: str = "") -> Response | None:
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

    def _new_task(self, action: str, sc: SubmitContext, body: dict[str, Any], **kw: Any) -> SimTask:
        task = SimTask(id=self._store.new_id(), action=action, state=str_or_none(body.get("state")), **kw)
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

    def _enqueue(self, task: SimTask, sc: SubmitContext, *, billed: str | None = None) -> Response:
        """Start or queue the task; ``billed``: the action new-api charges, if not the task's own."""
        d = self.dialect
        try:
            ahead = self._store.enqueue(task, force_queue=sc.forced == "queued")
        except QueueFull:
            return d.queue_full()
        self._accepted_submits += 1
        self._charge(task, billed or task.na_action)
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

    async def _ep_imagine(self, body: dict[str, Any], sc: SubmitContext) -> Response:
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

    async def _ep_blend(self, body: dict[str, Any], sc: SubmitContext) -> Response:
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

    async def _ep_describe(self, body: dict[str, Any], sc: SubmitContext) -> Response:
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

    async def _ep_shorten(self, body: dict[str, Any], sc: SubmitContext) -> Response:
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

    async def _ep_video(self, body: dict[str, Any], sc: SubmitContext) -> Response:
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
        video_type = body.get("videoType", "vid_1.1_i2v_480")
        if motion not in ("low", "high") or batch not in (1, 2, 4):
            return d.reject("params")
        if video_type not in ("vid_1.1_i2v_480", "vid_1.1_i2v_720"):
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
        if video_type.endswith("720"):
            parts.append("--hd")  # how the HD video shows in the final prompt
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

    async def _ep_retexture(self, body: dict[str, Any], sc: SubmitContext) -> Response:
        return await self._ep_edits(body, sc, action="RETEXTURE")

    async def _ep_edits(self, body: dict[str, Any], sc: SubmitContext, action: str = "EDIT") -> Response:
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
            action,
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
            description=f"/{action.lower()} {prompt}",
        )
        return self._enqueue(task, sc)

    async def _ep_swap(self, body: dict[str, Any], sc: SubmitContext) -> Response:
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
        self._charge(None, "UPLOAD")
        return d.submit(Submit(1, "提交成功", urls, d.instance_properties()), action="UPLOAD")
