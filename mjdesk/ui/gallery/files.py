"""Which file of a job is "the image" when it leaves the app (drag, copy, save, export)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from mjdesk.core.safefiles import safe_file_name, unique_path, write_new

if TYPE_CHECKING:
    from mjdesk.core.library import ImageRecord, JobRecord, Library
    from mjdesk.core.provenance import Provenance

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


@dataclass(frozen=True)
class Outgoing:
    """One file leaving the library: the library's copy, where it goes, and whose provenance goes
    inside (none for a file that is not a job's)."""

    source: Path
    target: Path
    job: JobRecord | None = None
    image: ImageRecord | None = None


def outgoing(job: JobRecord, folder: Path) -> Outgoing | None:
    """The job's original, bound for ``folder`` under its export name."""
    image = original(job)
    if image is None:
        return None
    return Outgoing(image.path, folder / export_name(job, image), job, image)


class _Provenances:
    """Each job's provenance read once per batch (it costs two library reads)."""

    def __init__(self, library: Library | None, dialects: dict[str, str] | None = None) -> None:
        self.library = library
        self.dialects = dialects
        self.known: dict[int, Provenance] = {}

    def of(self, item: Outgoing) -> Provenance | None:
        from mjdesk.core.provenance import for_image, from_job

        if self.library is None or item.job is None:
            return None
        if item.job.id not in self.known:
            self.known[item.job.id] = from_job(self.library, item.job, dialects=self.dialects)
        found = self.known[item.job.id]
        return for_image(found, item.image) if item.image is not None else found


def copy_out(items: list[Outgoing], library: Library | None = None, dialects: dict[str, str] | None = None) -> int:
    """In a worker: copy each item, never overwriting, with its job's provenance written inside
    (the library's file stays as the server sent it); returns how many were copied."""
    from mjdesk.core.provenance import copy_with_provenance

    provenances = _Provenances(library, dialects)
    copied = 0
    taken: set[Path] = set()
    for item in items:
        if not item.source.is_file():
            continue
        item.target.parent.mkdir(parents=True, exist_ok=True)
        final = unique_path(item.target, taken)
        write_new(final, partial(copy_with_provenance, item.source, p=provenances.of(item)))
        copied += 1
    return copied


# -- drag-out -------------------------------------------------------------------------------------
# A drag must hand over file URLs at once, on the GUI thread, and a drop target reads them whenever
# it likes: there is no moment to write a file in a worker. So a selected job's original is copied
# with its provenance into the cache's outbox ahead of time, and a drag offers that copy when it is
# there (the library's own file otherwise).


def outbox_file(outbox: Path, job: JobRecord, image: ImageRecord) -> Path:
    # One folder per job and content, so the file keeps the name a designer recognises.
    return outbox / f"{job.id}-{image.sha256[:16]}" / export_name(job, image)


def fill_outbox(outbox: Path, library: Library, jobs: list[JobRecord], dialects: dict[str, str]) -> None:
    """In a worker: the outbox copies of these jobs' originals that are not there yet."""
    from mjdesk.core.provenance import copy_with_provenance

    provenances = _Provenances(library, dialects)
    for job in jobs:
        image = original(job)
        if image is None or image.kind.value == "video" or not image.path.is_file():
            continue
        target = outbox_file(outbox, job, image)
        if target.exists():
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            write_new(
                target,
                partial(copy_with_provenance, image.path, p=provenances.of(Outgoing(image.path, target, job, image))),
            )
        except FileExistsError:
            continue  # another selection change made it meanwhile
