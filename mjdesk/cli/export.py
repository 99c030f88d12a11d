"""Copying a job's results out of the library under names a person (or a script) chooses."""

from __future__ import annotations

import functools
import json
import re
import string
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mjdesk.core.safefiles import (
    UnsafePathError,
    inside,
    is_disk_full,
    safe_file_name,
    unique_path,
    write_new,
)

from .errors import EXIT_FAILED, EXIT_USAGE, CliError

if TYPE_CHECKING:
    from mjdesk.core.library import ImageRecord, JobRecord, Library

# `--download DIR` keeps the names scripts already rely on: <task>.png, <task>_1.png ... <task>_4.png.
DOWNLOAD_TEMPLATE = "{remote}{n}"
EXPORT_TEMPLATE = "{date}_{remote}_{kind}{n}"
FIELDS = ("job", "remote", "action", "kind", "index", "n", "date", "prompt")
_SKIPPED_KINDS = frozenset({"thumbnail", "preview", "upload"})
# The order a person reads results in: the grid, its candidates 1-4, then single images.
_KIND_ORDER = {"grid": 0, "candidate": 1, "upscale": 2, "video": 3, "other": 4}


# A width or precision bigger than this in a template is a mistake (or an attack: `{job:99999999}`
# would build a 100 MB name); names are capped at MAX_NAME_BYTES anyway.
_MAX_SPEC_NUMBER = 200


def check_template(template: str) -> None:
    try:
        parsed = [(f, spec) for _, f, spec, _ in string.Formatter().parse(template) if f is not None]
    except ValueError as exc:
        raise CliError(f"bad --name-template {template!r}: {exc}", EXIT_USAGE) from None
    unknown = {f for f, _ in parsed} - set(FIELDS)
    if unknown:
        raise CliError(
            f"bad --name-template: unknown field {{{sorted(unknown)[0]}}}; "
            f"use {', '.join('{' + f + '}' for f in FIELDS)}",
            EXIT_USAGE,
        )
    for field, spec in parsed:
        if "{" in (spec or ""):  # a nested field would take its width from the data
            raise CliError(f"bad --name-template: {{{field}:{spec}}}: no fields inside a format spec", EXIT_USAGE)
        if any(int(n) > _MAX_SPEC_NUMBER for n in re.findall(r"\d+", spec or "")):
            raise CliError(
                f"bad --name-template: {{{field}:{spec}}} asks for a width over {_MAX_SPEC_NUMBER} characters",
                EXIT_USAGE,
            )
    sample = {
        "job": 1,
        "remote": "1",
        "action": "imagine",
        "kind": "grid",
        "index": 1,
        "n": "_1",
        "date": "20250101-000000",
        "prompt": "a-cat",
    }
    try:
        template.format(**sample)
    except (ValueError, TypeError, KeyError, IndexError) as exc:
        raise CliError(f"bad --name-template {template!r}: {exc}", EXIT_USAGE) from None


def _slug(text: str, limit: int = 40) -> str:
    words = re.sub(r"--\S+(\s+[^-\s]\S*)?", " ", text)  # parameters are noise in a file name
    slug = re.sub(r"[^\w]+", "-", words, flags=re.UNICODE).strip("-").lower()
    return slug[:limit].rstrip("-") or "untitled"


def _fields(job: JobRecord, image: ImageRecord | None) -> dict[str, Any]:
    index = image.index if image is not None else None
    kind = image.kind.value if image is not None else "info"
    # Candidates keep their number even when alone; a single grid or upscale needs none.
    n = f"_{index}" if index is not None and kind in ("candidate", "video") else ""
    return {
        "job": job.id,
        "remote": job.remote_id or f"job{job.id}",
        "action": job.action.lower(),
        "kind": kind,
        "index": "" if index is None else index,
        "n": n,
        "date": time.strftime("%Y%m%d-%H%M%S", time.localtime(job.created_at / 1000)),
        "prompt": _slug(job.prompt),
    }


def _target(folder: Path, stem: str, ext: str, taken: set[Path]) -> Path:
    """A new file's path in ``folder``: a safe name (task ids and prompts come from the server),
    verified to stay inside the folder, never an existing file."""
    return unique_path(inside(folder, safe_file_name(stem, ext, fallback="result")), taken)


def export_job(
    library: Library,
    job: JobRecord,
    folder: Path,
    *,
    template: str = DOWNLOAD_TEMPLATE,
    sidecar: bool = False,
    provenance: bool = True,
) -> list[Path]:
    """Copy the job's result files (not thumbnails, previews or inputs); returns the new paths.

    Each copy carries the job's provenance inside (mjdesk/core/provenance); ``provenance=False``
    copies the library's bytes as the server sent them.

    Raises :class:`CliError` when the folder cannot be written (not a folder, read-only, disk full).
    """
    try:
        return _export(library, job, folder, template, sidecar, provenance)
    except UnsafePathError as exc:
        raise CliError(str(exc), EXIT_FAILED) from None
    except OSError as exc:
        where = exc.filename or folder
        if is_disk_full(exc):
            raise CliError(
                f"could not save into {where}: the disk is full; free some space and run "
                f"mjdesk-cli export again (the results are in the library)",
                EXIT_FAILED,
            ) from None
        raise CliError(f"could not save into {where}: {exc.strerror or exc}", EXIT_FAILED) from None


def _export(
    library: Library, job: JobRecord, folder: Path, template: str, sidecar: bool, provenance: bool
) -> list[Path]:
    from mjdesk.core.provenance import copy_with_provenance, for_image, from_job

    folder.mkdir(parents=True, exist_ok=True)
    record = from_job(library, job) if provenance else None
    written: list[Path] = []
    taken: set[Path] = set()
    images = [i for i in library.images(job.id) if i.kind.value not in _SKIPPED_KINDS]
    for image in sorted(images, key=lambda i: (_KIND_ORDER.get(i.kind.value, 9), i.index or 0)):
        target = _target(folder, template.format(**_fields(job, image)), image.ext, taken)
        embedded = for_image(record, image) if record is not None else None
        write_new(target, functools.partial(copy_with_provenance, image.path, p=embedded))
        written.append(target)
    if sidecar:
        info = _target(folder, template.format(**_fields(job, None)), "json", taken)
        text = json.dumps(sidecar_of(job, written), ensure_ascii=False, indent=2)
        write_new(info, lambda tmp: tmp.write_text(text, encoding="utf-8"))
        written.append(info)
    return written


def sidecar_of(job: JobRecord, files: list[Path]) -> dict[str, Any]:
    return {
        "job": job.id,
        "profile": job.profile,
        "task": job.remote_id,
        "action": job.action,
        "status": job.status,
        "prompt": job.prompt,
        "finalPrompt": job.final_prompt,
        "params": job.params,
        "parentJob": job.parent_job_id,
        "button": job.parent_button,
        "created": job.created_at,
        "finished": job.finished_at,
        "files": [p.name for p in files],
    }
