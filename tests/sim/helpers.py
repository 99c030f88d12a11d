"""Helpers for the simulator tests: plain httpx calls, polling, test images."""

from __future__ import annotations

import asyncio
import base64
import io
from collections.abc import Awaitable, Callable
from typing import Any

import httpx

from mjdesk.sim import Simulator

KEY = "sk-test"
HEADERS = {
    "new-api": {"Authorization": f"Bearer {KEY}"},
    "midjourney-proxy": {"mj-api-secret": KEY},
    "trueai": {"Authorization": KEY},
}
DIALECTS = tuple(HEADERS)

StartSim = Callable[..., Awaitable[tuple[Simulator, httpx.AsyncClient]]]


async def wait_done(client: httpx.AsyncClient, task_id: str, timeout: float = 5.0) -> dict[str, Any]:
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        r = await client.get(f"/mj/task/{task_id}/fetch")
        assert r.status_code == 200, r.text
        task = r.json()
        if task["status"] in ("SUCCESS", "FAILURE"):
            return task
        assert asyncio.get_running_loop().time() < deadline, f"task {task_id} stuck at {task}"
        await asyncio.sleep(0.02)


async def submit(client: httpx.AsyncClient, path: str, body: dict[str, Any]) -> dict[str, Any]:
    r = await client.post(path, json=body)
    assert r.status_code == 200, r.text
    answer = r.json()
    assert answer["code"] in (1, 22), answer
    return answer


async def imagine(client: httpx.AsyncClient, prompt: str = "a red fox in snow") -> dict[str, Any]:
    answer = await submit(client, "/mj/submit/imagine", {"prompt": prompt})
    task = await wait_done(client, answer["result"])
    assert task["status"] == "SUCCESS", task
    return task


async def press(client: httpx.AsyncClient, task: dict[str, Any], label: str, **extra: Any) -> httpx.Response:
    """Press the button of ``task`` whose label (or emoji) is ``label``."""
    button = next(b for b in task["buttons"] if label in (b["label"], b["emoji"]))
    return await client.post("/mj/submit/action", json={"taskId": task["id"], "customId": button["customId"], **extra})


async def upscale(client: httpx.AsyncClient, index: int = 1, prompt: str = "a red fox in snow") -> dict[str, Any]:
    grid = await imagine(client, prompt)
    r = await press(client, grid, f"U{index}")
    assert r.status_code == 200 and r.json()["code"] == 1, r.text
    task = await wait_done(client, r.json()["result"])
    assert task["status"] == "SUCCESS", task
    return task


def png(size: tuple[int, int], box: tuple[int, int, int, int] | None = None, mode: str = "L") -> bytes:
    """A black image with an optional white box — a Vary (Region) mask."""
    from PIL import Image, ImageDraw

    img = Image.new(mode, size, 0)
    if box:
        ImageDraw.Draw(img).rectangle(box, fill=255)
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return buf.getvalue()


def data_url(data: bytes, mime: str = "image/png") -> str:
    return f"data:{mime};base64,{base64.b64encode(data).decode()}"


def photo(colour: tuple[int, int, int] = (200, 80, 40), size: tuple[int, int] = (64, 48)) -> str:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", size, colour).save(buf, "PNG")
    return data_url(buf.getvalue())
