"""Copying a job's results out of the library under names a person (or a script) chooses."""

from __future__ import annotations

import json
import re
import shutil
import string
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import EXIT_USAGE, CliError

if TYPE_CHECKING:
    from mjdesk.core.library import ImageRecord, JobRecord, Library

# `--download DIR` keeps the names scripts already rely on: <task>.png, <task>_1.png ... <task>_4.png.
DOWNLOAD_TEMPLATE = "{remote}{n}"
EXPORT_TEMPLATE = "{date}_{remote}_{kind}{n}"
FIELDS = ("job", "remote", "action", "kind", "index", "n", "date", "prompt")
_SKIPPED_KINDS = frozenset({"thumbnail", "preview", "upload"})
# The order a person reads results in: the grid, its candidates 1-4, then single images.
_KIND_ORDER = {"grid": 0, "candidate": 1, "upscale": 2, "video": 3, "other": 4}


def check_template(template: str) -> None:
    try:
        names = {f for _, f, _, _ in string.Formatter().parse(template) if f is not None}
    except ValueError as exc:
        raise CliError(f"bad --name-template {template!r}: {exc}", EXIT_USAGE) from None
    unknown = names - set(FIELDS)
    if unknown:
        raise CliError(f"bad --name-template: unknown field {{{sorted(unknown)[0]}}}; "
                       f"use {', '.join('{' + f + '}' for f in FIELDS)}", EXIT_USAGE)


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
        "job": job.id, "remote": job.remote_id or f"job{job.id}", "action": job.action.lower(),
        "kind": kind, "index": "" if index is None else index, "n": n,
        "date": time.strftime("%Y%m%d-%H%M%S", time.localtime(job.created_at / 1000)),
        "prompt": _slug(job.prompt),
    }


def _unique(path: Path, taken: set[Path]) -> Path:
    candidate, i = path, 2
    while candidate in taken:
        candidate = path.with_name(f"{path.stem}-{i}{path.suffix}")
        i += 1
    taken.add(candidate)
    return candidate


def export_job(library: Library, job: JobRecord, folder: Path, *, template: str = DOWNLOAD_TEMPLATE,
               sidecar: bool = False) -> list[Path]:
    """Copy the job's result files (not thumbnails, previews or inputs); returns the new paths."""
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    taken: set[Path] = set()
    images = [i for i in library.images(job.id) if i.kind.value not in _SKIPPED_KINDS]
    for image in sorted(images, key=lambda i: (_KIND_ORDER.get(i.kind.value, 9), i.index or 0)):
        target = _unique(folder / (template.format(**_fields(job, image)) + "." + image.ext), taken)
        tmp = target.with_name(f".{target.name}.part")
        shutil.copyfile(image.path, tmp)
        tmp.replace(target)
        written.append(target)
    if sidecar:
        info = folder / (template.format(**_fields(job, None)) + ".json")
        info.write_text(json.dumps(sidecar_of(job, written), ensure_ascii=False, indent=2), encoding="utf-8")
        written.append(info)
    return written


def sidecar_of(job: JobRecord, files: list[Path]) -> dict[str, Any]:
    return {
        "job": job.id, "profile": job.profile, "task": job.remote_id, "action": job.action,
        "status": job.status, "prompt": job.prompt, "finalPrompt": job.final_prompt,
        "params": job.params, "parentJob": job.parent_job_id, "button": job.parent_button,
        "created": job.created_at, "finished": job.finished_at, "files": [p.name for p in files],
    }
