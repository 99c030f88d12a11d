"""Results of a finished task, downloaded at once into the library, with retries.

What to fetch is decided from the task alone (``plan``): a 2×2 grid is stored whole and as its four
candidates (split off the event loop), individual ``imageUrls`` are stored as candidates as they
are, a single image (upscale, edit, face swap) as an upscale, and videos as videos. Everything
already stored for the job is skipped, so a retry — in a later cycle or at the next start —
fetches only what is missing.
"""

from __future__ import annotations

import asyncio
import dataclasses
import io
import logging
import sqlite3
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from PIL import Image, UnidentifiedImageError

from mjdesk.core.api import ButtonKind, MjClient, MjError, Task, TaskAction
from mjdesk.core.i18n import QT_TRANSLATE_NOOP
from mjdesk.core.imaging import ImageBudget, ImageInputError, split_grid
from mjdesk.core.imaging.normalise import decode
from mjdesk.core.imaging.sources import load_source
from mjdesk.core.library import ImageKind, JobRecord, Library, LibraryError, NewImage
from mjdesk.core.safefiles import is_disk_full

from ..backoff import Backoff
from .policy import PollPolicy

log = logging.getLogger(__name__)

RunInPool = Callable[..., Awaitable[Any]]

# Results that are a 2×2 grid when the server gives no buttons to tell (NZ has none; spec §12.2).
GRID_ACTIONS = frozenset(
    {
        TaskAction.IMAGINE,
        TaskAction.VARIATION,
        TaskAction.REROLL,
        TaskAction.BLEND,
        TaskAction.PAN,
        TaskAction.ZOOM,
        TaskAction.OUTPAINT,
        TaskAction.INPAINT,
        TaskAction.CUSTOM_ZOOM,
        TaskAction.HIGH_VARIATION,
        TaskAction.LOW_VARIATION,
    }
)


@dataclass(frozen=True)
class Wanted:
    kind: ImageKind
    index: int | None  # candidates 1..4 (TL, TR, BL, BR), videos 1..n; None for a single image
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
        wanted = [Wanted(ImageKind.VIDEO, i, url) for i, url in enumerate(videos, start=1)]
        if task.image_url:
            wanted.append(Wanted(ImageKind.PREVIEW, None, task.image_url))
        return wanted
    if task.image_urls:
        wanted = [Wanted(ImageKind.GRID, None, task.image_url)] if task.image_url else []
        urls = enumerate(task.image_urls, start=1)
        return wanted + [Wanted(ImageKind.CANDIDATE, i, url) for i, url in urls]
    if not task.image_url:
        return []  # describe, shorten: the result is text
    if task.action in (TaskAction.DESCRIBE, TaskAction.SHORTEN):
        return []  # the image shown is the user's own input, already known
    if is_grid(task):
        return [Wanted(ImageKind.GRID, None, task.image_url, split=True)]
    return [Wanted(ImageKind.UPSCALE, None, task.image_url)]


def probe(data: bytes) -> tuple[int | None, int | None, str]:
    """Pixel size and MIME type; videos and undecodable files get no size."""
    if data[4:8] == b"ftyp":
        return None, None, "video/mp4"
    try:
        with Image.open(io.BytesIO(data)) as img:
            mime = Image.MIME.get(img.format or "", "application/octet-stream")
            return img.width, img.height, mime
    except (UnidentifiedImageError, OSError):
        return None, None, "application/octet-stream"


def checked_probe(data: bytes, kind: ImageKind = ImageKind.UPSCALE) -> tuple[int | None, int | None, str]:
    """``probe``, after making sure an image result really is one (runs in a worker).

    The server decides what a result URL serves: a login page, an empty or cut-off body or a
    pixel bomb must become a clear download error, not a "downloaded" file nobody can open (grids
    get this from split_grid; single images did not). Decoded small (JPEGs draft-decode) behind
    the imaging bomb guard; ImageInputError says what is wrong.
    """
    if kind is ImageKind.VIDEO:
        if not data:
            raise ImageInputError("video", QT_TRANSLATE_NOOP("ImageInputError", "the file is empty (0 bytes)"))
        return probe(data)
    budget = ImageBudget()
    decode(load_source(data, budget=budget, name=f"{kind} image"), budget, max_side=256, check_shape=False)
    return probe(data)


def split_and_probe(data: bytes) -> list[tuple[bytes, int | None, int | None, str]]:
    """The grid itself followed by its four quadrants, each with its size (runs in a worker)."""
    return [(part, *probe(part)) for part in [data, *split_grid(data)]]


async def fetch_results(
    client: MjClient,
    task: Task,
    have: set[tuple[ImageKind, int | None]],
    policy: PollPolicy,
    run: RunInPool,
) -> tuple[list[NewImage], list[str]]:
    """Download what ``plan`` wants and ``have`` lacks; retries network and server errors.

    Returns the images to store and, for what still failed after every attempt, why.
    """
    images: list[NewImage] = []
    failures: list[str] = []
    for want in plan(task):
        quadrants = [(ImageKind.CANDIDATE, i) for i in range(1, 5)] if want.split else []
        if (want.kind, want.index) in have and all(q in have for q in quadrants):
            continue
        try:
            data = await _download(client, want.url, policy)
            parts = (
                await run(split_and_probe, data) if want.split else [(data, *await run(checked_probe, data, want.kind))]
            )
        except (MjError, ImageInputError) as exc:
            label = f"{want.kind} {want.index}" if want.index else str(want.kind)
            failures.append(f"{label}: {exc}")
            continue
        for (kind, index), (part, width, height, mime) in zip(
            [(want.kind, want.index), *quadrants], parts, strict=True
        ):
            if (kind, index) not in have:
                images.append(NewImage(kind, part, index, want.url, width, height, mime))
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


def storage_failure(exc: BaseException, where: object) -> str:
    """What a failed write into the library means for the user, and what to do (one line)."""
    path = getattr(exc, "filename", None) or where
    if is_disk_full(exc):
        return (
            f"the disk is full ({path}). Free some space; `mjdesk-cli resume` "
            "(or Download again in the app) fetches it again"
        )
    reason = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
    return f"cannot write into the library ({path}): {reason}; `mjdesk-cli resume` fetches it again"


def store_results(library: Library, job_id: int, images: list[NewImage], failures: list[str]) -> JobRecord:
    """Store what was fetched and record what failed; runs in a worker thread.

    A write error (disk full, file size limit, read-only folder) becomes a recorded download failure
    like a network error: the job stays SUCCESS with its download pending, so a later retry or
    ``resume`` fetches it again, and whoever waits for the job hears about it instead of waiting forever.
    """
    try:
        if images:
            library.add_images(job_id, images, downloaded=not failures)
    except (OSError, sqlite3.Error, LibraryError) as exc:
        if isinstance(exc, LibraryError) and not isinstance(exc.__cause__, OSError | sqlite3.Error):
            raise
        log.info("storing the results of job %s failed: %s", job_id, exc)
        failures = [*failures, storage_failure(exc, library.files.root)]
    if not failures:
        return library.mark_downloaded(job_id) if not images else library.job(job_id)
    error = "; ".join(failures)
    try:
        return library.mark_download_failed(job_id, error)
    except (OSError, sqlite3.Error, LibraryError) as exc:
        # Not even the failure could be recorded (the database shares the full disk): the job
        # is still "not downloaded" on disk, so the next start retries; tell the waiters now.
        log.error("recording the failed download of job %s failed too: %s", job_id, exc)
        return dataclasses.replace(library.job(job_id), download_error=error)
