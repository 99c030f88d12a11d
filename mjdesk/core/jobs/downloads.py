"""Results of a finished task, downloaded at once into the library, with retries.

What to fetch is decided from the task alone (``plan``): a 2×2 grid is stored whole and as its four
candidates (split off the event loop), individual ``imageUrls`` are stored as candidates as they
are, a single image (upscale, edit, face swap) as an upscale, and videos as videos. Everything
already stored for the job is skipped, so a retry — in a later cycle or at the next start —
fetches only what is missing.
"""

from __future__ import annotations

import asyncio
import io
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from mjdesk.core.api import ButtonKind, MjClient, MjError, Task, TaskAction

from .backoff import Backoff
from .policy import PollPolicy

log = logging.getLogger(__name__)

RunInPool = Callable[..., Awaitable[Any]]

# Results that are a 2×2 grid when the server gives no buttons to tell (NZ has none; spec §12.2).
GRID_ACTIONS = frozenset({
    TaskAction.IMAGINE, TaskAction.VARIATION, TaskAction.REROLL, TaskAction.BLEND, TaskAction.PAN,
    TaskAction.ZOOM, TaskAction.OUTPAINT, TaskAction.INPAINT, TaskAction.CUSTOM_ZOOM,
    TaskAction.HIGH_VARIATION, TaskAction.LOW_VARIATION,
})


@dataclass(frozen=True)
class Wanted:
    kind: str  # an ImageKind value
    index: int  # 1-based position among results of this kind (candidates 1..4 = TL, TR, BL, BR)
    url: str
    split: bool = False  # a grid whose quadrants are stored as candidates 1..4


def is_grid(task: Task) -> bool:
    if task.buttons:
        # U1..U4 under a result mean it is a grid, whatever the server calls the action.
        return any(b.kind is ButtonKind.UPSCALE and b.index for b in task.buttons)
    return task.action in GRID_ACTIONS


def plan(task: Task) -> list[Wanted]:
    videos = task.video_urls or ([task.video_url] if task.video_url else [])
    if videos:
        wanted = [Wanted("VIDEO", i, url) for i, url in enumerate(videos, start=1)]
        if task.image_url:
            wanted.append(Wanted("PREVIEW", 1, task.image_url))
        return wanted
    if task.image_urls:
        wanted = [Wanted("GRID", 1, task.image_url)] if task.image_url else []
        return wanted + [Wanted("CANDIDATE", i, url) for i, url in enumerate(task.image_urls, start=1)]
    if not task.image_url:
        return []  # describe, shorten: the result is text
    if task.action in (TaskAction.DESCRIBE, TaskAction.SHORTEN):
        return []  # the image shown is the user's own input, already known
    if is_grid(task):
        return [Wanted("GRID", 1, task.image_url, split=True)]
    return [Wanted("UPSCALE", 1, task.image_url)]


@dataclass(frozen=True)
class StoredImage:
    kind: str
    index: int
    data: bytes
    source_url: str
    width: int | None
    height: int | None
    mime: str


def probe(data: bytes) -> tuple[int | None, int | None, str]:
    """Pixel size and MIME type; videos and undecodable files get no size."""
    from PIL import Image, UnidentifiedImageError

    if data[4:8] == b"ftyp":
        return None, None, "video/mp4"
    try:
        with Image.open(io.BytesIO(data)) as img:
            mime = Image.MIME.get(img.format or "", "application/octet-stream")
            return img.width, img.height, mime
    except (UnidentifiedImageError, OSError):
        return None, None, "application/octet-stream"


def split_and_probe(data: bytes) -> list[tuple[bytes, int | None, int | None, str]]:
    """The grid itself followed by its four quadrants, each with its size (runs in a worker)."""
    from mjdesk.core.imaging import split_grid

    return [(part, *probe(part)) for part in [data, *split_grid(data)]]


class DownloadError(Exception):
    def __init__(self, failures: list[tuple[Wanted, MjError]]) -> None:
        self.failures = failures
        super().__init__("; ".join(f"{w.kind} {w.index}: {e}" for w, e in failures))


async def fetch_results(
    client: MjClient,
    task: Task,
    have: set[tuple[str, int]],
    policy: PollPolicy,
    run: RunInPool,
) -> tuple[list[StoredImage], list[tuple[Wanted, MjError]]]:
    """Download what ``plan`` wants and ``have`` lacks; retries network and server errors.

    Returns the images to store and the downloads that still failed after every attempt.
    """
    images: list[StoredImage] = []
    failures: list[tuple[Wanted, MjError]] = []
    for want in plan(task):
        missing = (want.kind, want.index) not in have or (
            want.split and any(("CANDIDATE", i) not in have for i in range(1, 5)))
        if not missing:
            continue
        try:
            data = await _download(client, want.url, policy)
        except MjError as exc:
            failures.append((want, exc))
            continue
        if want.split:
            parts = await run(split_and_probe, data)
            kinds = [("GRID", 1)] + [("CANDIDATE", i) for i in range(1, 5)]
            for (kind, index), (part, w, h, mime) in zip(kinds, parts, strict=True):
                if (kind, index) not in have:
                    images.append(StoredImage(kind, index, part, want.url, w, h, mime))
        else:
            w, h, mime = await run(probe, data)
            images.append(StoredImage(want.kind, want.index, data, want.url, w, h, mime))
    return images, failures


async def _download(client: MjClient, url: str, policy: PollPolicy) -> bytes:
    backoff = Backoff(policy.download_backoff, policy.download_backoff_cap)
    while True:
        try:
            return await client.download(url)
        except MjError as exc:
            if not exc.retryable or backoff.attempts + 1 >= policy.download_attempts:
                raise
            delay = backoff.next_delay()
            log.info("download of %s failed (%s); next attempt in %.1f s", url, exc, delay)
            await asyncio.sleep(delay)
