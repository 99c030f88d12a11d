"""A big library fast, for the gallery's tests and benchmark: rows written straight into SQLite in
one transaction (the job service's path takes minutes for 10,000 jobs), real image files only for
the newest ``with_files`` jobs, the rest finished but with nothing downloaded yet."""

from __future__ import annotations

import io
import json
import time

from PIL import Image

from mjdesk.core.library import ImageKind, JobRecord, Library

PROFILE = "bench"
WORDS = (
    "lighthouse",
    "misty",
    "forest",
    "castle",
    "neon",
    "city",
    "ocean",
    "sunset",
    "watercolor",
    "dragon",
    "robot",
    "garden",
    "山水",
    "水墨",
    "城市",
    "夜景",
)
BUTTONS = json.dumps(
    [
        {"customId": f"MJ::JOB::{w}::{i}::f00d", "label": f"{w[0].upper()}{i}", "type": 2}
        for w in ("upsample", "variation")
        for i in range(1, 5)
    ]
)


def png(seed: int, size: int = 512) -> bytes:
    """A small, distinct PNG (a colour field): unique content, so each job has its own file."""
    colour = ((seed * 53) % 256, (seed * 97) % 256, (seed * 193) % 256)
    buf = io.BytesIO()
    Image.new("RGB", (size, size), colour).save(buf, "PNG")
    return buf.getvalue()


def fill(library: Library, jobs: int, *, with_files: int = 0, running_every: int = 50) -> list[int]:
    """Add ``jobs`` imagine jobs (oldest first; the last ones are the newest); returns their ids."""
    stored = [library.files.put(png(i)) for i in range(min(with_files, jobs))]
    now = int(time.time() * 1000) - jobs * 1000
    ids = []
    with library.transaction() as db:
        for i in range(jobs):
            created = now + i * 1000
            running = i % running_every == 0
            prompt = " ".join(WORDS[(i * k) % len(WORDS)] for k in (1, 3, 7)) + f" #{i}"
            cur = db.execute(
                "INSERT INTO jobs (profile, remote_id, action, submit_state, status, progress, prompt, "
                "final_prompt, buttons, created_at, updated_at, submitted_at, finished_at, downloaded_at) "
                "VALUES (?, ?, 'IMAGINE', 'accepted', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    PROFILE,
                    f"t{i:08d}",
                    "IN_PROGRESS" if running else "SUCCESS",
                    40 if running else 100,
                    prompt,
                    prompt + " --v 7",
                    "[]" if running else BUTTONS,
                    created,
                    created,
                    created,
                    None if running else created,
                    None,
                ),
            )
            ids.append(int(cur.lastrowid or 0))
        # The newest jobs get the files: those are what the gallery shows first.
        for n, file in enumerate(stored):
            job_id = ids[-1 - n]
            db.execute(
                "INSERT INTO images (job_id, kind, idx, sha256, ext, size, width, height, created_at) "
                "VALUES (?, 'grid', 0, ?, ?, ?, 512, 512, ?)",
                (job_id, file.sha256, file.ext, file.size, now),
            )
            db.execute(
                "UPDATE jobs SET downloaded_at = ?, status = 'SUCCESS', finished_at = ? WHERE id = ?",
                (now, now, job_id),
            )
    return ids


def finished_job(library: Library, prompt: str, **job: object) -> JobRecord:
    """One finished imagine with a grid file, through the library's own API (the UI tests' unit)."""
    record = library.add_job(profile="t", action="IMAGINE", prompt=prompt, **job)  # type: ignore[arg-type]
    library.mark_submitted(record.id, f"r-{record.id}", {"code": 1})
    library.update_from_task(record.id, "SUCCESS", progress=100, terminal=True)
    library.add_image(record.id, ImageKind.GRID, png(record.id))
    return library.job(record.id)
