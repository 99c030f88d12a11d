"""The provenance of a library job's file: what goes into every copy that leaves the library."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import TYPE_CHECKING

from mjdesk._version import __version__

from .model import Provenance, iso_time, parameters_of

if TYPE_CHECKING:
    from mjdesk.core.library import ImageRecord, JobRecord, Library


def seed_of(job: JobRecord) -> str | None:
    """The seed when the library knows it: the server's task JSON, else the prompt's ``--seed``.
    (Asking the server's image-seed per exported file would make an export wait on the network.)"""
    raw = job.raw or {}
    seed = raw.get("seed")
    if isinstance(seed, int | str) and str(seed).strip():
        return str(seed).strip()
    for name, value in parameters_of(job.prompt):
        if name == "seed" and value:
            return value
    return None


def from_job(
    library: Library, job: JobRecord, image: ImageRecord | None = None, *, dialects: Mapping[str, str] | None = None
) -> Provenance:
    """In a worker thread (reads the library). Only the profile's name and dialect travel with the
    file: never its address, which may carry a key. ``dialects`` names those of profiles the
    library does not keep (the window's session profiles)."""
    dialect = (dialects or {}).get(job.profile)
    if dialect is None:
        profile = library.profile(job.profile)
        dialect = profile.dialect if profile is not None else None
    try:
        parent = library.job(job.parent_job_id) if job.parent_job_id is not None else None
    except LookupError:  # deleted since
        parent = None
    return of_job(job, image, dialect=dialect, parent=parent)


def for_image(p: Provenance, image: ImageRecord) -> Provenance:
    """``p`` naming which file of the job it is written into."""
    return replace(p, image=image.kind.value + (f" {image.index}" if image.index else ""))


def of_job(
    job: JobRecord, image: ImageRecord | None = None, *, dialect: str | None = None, parent: JobRecord | None = None
) -> Provenance:
    p = Provenance(
        prompt=job.prompt,
        final_prompt=job.final_prompt if job.final_prompt and job.final_prompt != job.prompt else None,
        parameters=parameters_of(job.prompt),
        seed=seed_of(job),
        job_id=job.id,
        task_id=job.remote_id,
        parent_job_id=job.parent_job_id,
        parent_task_id=parent.remote_id if parent is not None else None,
        action=job.action,
        button=job.parent_button,
        server=job.profile,
        dialect=dialect,
        created=iso_time(job.created_at),
        finished=iso_time(job.remote_finish_time or job.finished_at),
        software=f"mjdesk {__version__}",
        source="mjdesk",
    )
    return for_image(p, image) if image is not None else p
