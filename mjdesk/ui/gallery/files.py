"""Which file of a job is "the image" when it leaves the app (drag, copy, save, export)."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from mjdesk.core.safefiles import safe_file_name, unique_path, write_new

if TYPE_CHECKING:
    from mjdesk.core.library import ImageRecord, JobRecord

# Full resolution first; a thumbnail only stands in when nothing else was kept.
_ORIGINAL_ORDER = ("upscale", "grid", "video", "candidate", "other", "upload", "preview", "thumbnail")


def original(job: JobRecord) -> ImageRecord | None:
    for kind in _ORIGINAL_ORDER:
        matches = [im for im in job.images if im.kind.value == kind]
        if matches:
            return min(matches, key=lambda im: im.index or 0)
    return None


def still_path(job: JobRecord) -> Path | None:
    """The job's best still image (a video's poster frame, never the video): what can become an
    image prompt or the start frame of a new video."""
    for kind in _ORIGINAL_ORDER:
        if kind == "video":
            continue
        matches = [im for im in job.images if im.kind.value == kind]
        if matches:
            return min(matches, key=lambda im: im.index or 0).path
    return None


def original_path(job: JobRecord) -> Path | None:
    image = original(job)
    return image.path if image is not None else None


def export_name(job: JobRecord, image: ImageRecord) -> str:
    """A name a designer recognises in a folder: job number, a few prompt words, the kind.

    The prompt is server data: the name goes through the one sanitiser (mjdesk/core/safefiles.py).
    """
    words = "".join(c if c.isalnum() else "-" for c in job.prompt[:40]).strip("-")
    words = "-".join(w for w in words.split("-") if w)
    suffix = f"-{image.index}" if image.index else ""
    return safe_file_name(f"mjdesk-{job.id}-{words or job.action.lower()}-{image.kind.value}{suffix}", image.ext)


def copy_out(pairs: list[tuple[Path, Path]]) -> int:
    """In a worker: copy each (source, target), never overwriting; returns how many were copied."""
    import shutil

    copied = 0
    taken: set[Path] = set()
    for source, target in pairs:
        if not source.is_file():
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        final = unique_path(target, taken)
        write_new(final, partial(shutil.copyfile, source))  # copies source to the temporary path
        copied += 1
    return copied
