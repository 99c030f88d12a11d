"""Buttons pressed on finished tasks: /submit/action (U, V, reroll, zoom, pan, …), the modal step
that some buttons open (code 21, answered through /submit/modal with a prompt or a mask) and the
older /submit/change and /submit/simple-change (spec §3.5-§3.7, §8)."""

from __future__ import annotations

import asyncio
import contextlib
import re
import time
from typing import Any

from . import images
from . import texts as tx
from .buttons import Pressed, na_action, parse_custom_id
from .dialects import Submit
from .http import Response
from .state import SubmitContext, described_prompts
from .submits import SubmitEndpoints
from .tasks import MaskInfo, QueueFull, SimTask

# Parents a change / U-V button may act on (NZ "关联任务不允许执行变化").
GRID_ACTIONS = frozenset({"IMAGINE", "VARIATION", "REROLL", "BLEND", "PAN", "ZOOM", "EDIT", "EDITS"})
_ZOOM_RE = re.compile(r"--zoom\s+([0-9]*\.?[0-9]+)")


class ActionEndpoints(SubmitEndpoints):
    async def _ep_action(self, body: dict[str, Any], sc: SubmitContext) -> Response:
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
        sc: SubmitContext,
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
            for prompt in described_prompts(parent.final_prompt)[:4]:
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
        sc: SubmitContext,
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
        sc: SubmitContext,
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
            prompts = described_prompts(parent.final_prompt)
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
        self._charge(task, na)  # new-api bills the press too (mj_inpaint, mj_custom_zoom: free by default)
        return d.submit(Submit(21, d.modal_description, task.id, {"finalPrompt": prefill, "remix": True}), action=na)

    async def _ep_modal(self, body: dict[str, Any], sc: SubmitContext) -> Response:
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
        return self._enqueue(task, sc, billed="MODAL")

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

    async def _ep_change(self, body: dict[str, Any], sc: SubmitContext) -> Response:
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

    async def _ep_simple_change(self, body: dict[str, Any], sc: SubmitContext) -> Response:
        match = re.fullmatch(
            r"\s*(\S+)\s+([UV])([1-4])\s*|\s*(\S+)\s+(R)\s*", str(body.get("content") or ""), re.IGNORECASE
        )
        if match is None:
            return self.dialect.reject("content")
        if match.group(4):
            return await self._change(match.group(4), "REROLL", 0, body, sc)
        action = "UPSCALE" if match.group(2).upper() == "U" else "VARIATION"
        return await self._change(match.group(1), action, int(match.group(3)), body, sc)

    async def _change(self, task_id: Any, action: str, index: int, body: dict[str, Any], sc: SubmitContext) -> Response:
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
