"""The image host: result grids, upscales, previews, videos and uploads, generated on first request
and cached; new-api's unauthenticated /mj/image/{id} proxy (spec §3.14, §12)."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable

from . import images
from .dialects import Dialect
from .http import Request, Response
from .state import SimState
from .tasks import SimTask


class ImageHost(SimState):
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
                return f"{task.id}/video-{i}", lambda: (
                    images.video_mp4(task.art_prompt, task.art_seed, i),
                    "video/mp4",
                )

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
