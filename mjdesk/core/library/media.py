"""A job's files: storing results, their download state, checking and pruning, deleting jobs."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from .browse import Browsing
from .connection import chunks, file_in_use, marks
from .errors import (
    JobNotFoundError,
)
from .models import (
    STATUS_SUCCESS,
    DeletePlan,
    ImageKind,
    ImageRecord,
    JobRecord,
    NewImage,
)
from .rows import (
    IMAGE_COLUMNS,
    image_from_row,
    now_ms,
)


class Media(Browsing):
    # ------------------------------------------------------------------------------------- images

    def add_image(
        self,
        job_id: int,
        kind: ImageKind,
        data: bytes | Path,
        *,
        index: int | None = None,
        source_url: str | None = None,
        width: int | None = None,
        height: int | None = None,
        mime: str | None = None,
    ) -> ImageRecord:
        """Store one file for the job (replacing the one of the same kind and index)."""
        return self.add_images(job_id, [NewImage(kind, data, index, source_url, width, height, mime)])[0]

    def add_images(self, job_id: int, images: Sequence[NewImage], *, downloaded: bool = False) -> list[ImageRecord]:
        """Store several files for one job in one transaction; ``downloaded=True`` also marks the
        job's results as stored, in that same transaction, so a crash cannot separate the two."""
        for image in images:
            if image.kind is ImageKind.CANDIDATE and image.index not in (1, 2, 3, 4):
                raise ValueError("a candidate image needs an index from 1 to 4")
        # Files first, outside the transaction, so other processes are not kept waiting on disk I/O.
        stored = [self.files.put(image.data) for image in images]
        now = now_ms()
        with self.transaction() as db:
            if not db.execute("SELECT 1 FROM jobs WHERE id = ?", (job_id,)).fetchone():
                raise JobNotFoundError(job_id)
            old = self._replaced_files(db, job_id, images)
            for image, file in zip(images, stored, strict=True):
                # A concurrent delete_jobs may have removed an identical file after put(); that
                # removal and this check both happen under the write lock, so re-put is enough.
                if not file.path.exists():
                    self.files.put(image.data)
                db.execute(
                    "INSERT INTO images (job_id, kind, idx, sha256, ext, size, width, height, mime, "
                    "source_url, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                    "ON CONFLICT (job_id, kind, idx) DO UPDATE SET sha256 = excluded.sha256, "
                    "ext = excluded.ext, size = excluded.size, width = excluded.width, "
                    "height = excluded.height, mime = excluded.mime, source_url = excluded.source_url, "
                    "created_at = excluded.created_at",
                    (
                        job_id,
                        str(image.kind),
                        image.index or 0,
                        file.sha256,
                        file.ext,
                        file.size,
                        image.width,
                        image.height,
                        image.mime,
                        image.source_url,
                        now,
                    ),
                )
            if downloaded:
                db.execute(
                    "UPDATE jobs SET downloaded_at = ?, download_error = NULL, updated_at = ? WHERE id = ?",
                    (now, now, job_id),
                )
            self._discard_files_later(old)
            rows = db.execute(f"SELECT {IMAGE_COLUMNS} FROM images WHERE job_id = ?", (job_id,)).fetchall()
        records = [image_from_row(r, self.files.root) for r in rows]
        by_key = {(str(im.kind), im.index or 0): im for im in records}
        return [by_key[(str(im.kind), im.index or 0)] for im in images]

    @staticmethod
    def _replaced_files(db: sqlite3.Connection, job_id: int, images: Sequence[NewImage]) -> set[tuple[str, str]]:
        out: set[tuple[str, str]] = set()
        for image in images:
            row = db.execute(
                "SELECT sha256, ext FROM images WHERE job_id = ? AND kind = ? AND idx = ?",
                (job_id, str(image.kind), image.index or 0),
            ).fetchone()
            if row:
                out.add((row[0], row[1]))
        return out

    def images(self, job_id: int) -> list[ImageRecord]:
        with self._lock:
            rows = (
                self._db()
                .execute(f"SELECT {IMAGE_COLUMNS} FROM images WHERE job_id = ? ORDER BY kind, idx", (job_id,))
                .fetchall()
            )
        return [image_from_row(r, self.files.root) for r in rows]

    def mark_downloaded(self, job_id: int) -> JobRecord:
        """The job's results are all stored (or it has none to fetch, e.g. describe)."""
        now = now_ms()
        with self.transaction() as db:
            if (
                db.execute(
                    "UPDATE jobs SET downloaded_at = ?, download_error = NULL, updated_at = ? WHERE id = ?",
                    (now, now, job_id),
                ).rowcount
                == 0
            ):
                raise JobNotFoundError(job_id)
            return self.job(job_id)

    def mark_download_failed(self, job_id: int, error: str) -> JobRecord:
        """Record a failed download attempt (``download_attempts`` counts them)."""
        with self.transaction() as db:
            if (
                db.execute(
                    "UPDATE jobs SET download_error = ?, download_attempts = download_attempts + 1, "
                    "updated_at = ? WHERE id = ?",
                    (error, now_ms(), job_id),
                ).rowcount
                == 0
            ):
                raise JobNotFoundError(job_id)
            return self.job(job_id)

    def retry_downloads_now(self, job_ids: Iterable[int]) -> None:
        """Forget the last download error of these jobs (their attempt count stays), so whoever
        waits for them waits for the next attempt instead of the failure that is already known."""
        ids = sorted(set(job_ids))
        with self.transaction() as db:
            for chunk in chunks(ids):
                db.execute(
                    f"UPDATE jobs SET download_error = NULL WHERE downloaded_at IS NULL "
                    f"AND id IN ({marks(len(chunk))})",
                    chunk,
                )

    def jobs_needing_download(self, profile: str | None = None) -> list[JobRecord]:
        """Successful jobs whose results are not stored yet (e.g. the app stopped mid-download)."""
        where = "j.downloaded_at IS NULL AND j.status = ?"
        params: list[Any] = [STATUS_SUCCESS]
        if profile is not None:
            where += " AND j.profile = ?"
            params.append(profile)
        return self._select_jobs(where, params, order="j.id")

    def verify_files(self) -> list[ImageRecord]:
        """Images whose file is missing or no longer matches its hash (slow: reads every file)."""
        with self._lock:
            rows = self._db().execute(f"SELECT {IMAGE_COLUMNS} FROM images").fetchall()
        checked: dict[str, bool] = {}
        bad: list[ImageRecord] = []
        for row in rows:
            image = image_from_row(row, self.files.root)
            if image.sha256 not in checked:
                checked[image.sha256] = self.files.verify(image.sha256, image.ext)
            if not checked[image.sha256]:
                bad.append(image)
        return bad

    def prune_files(self, temp_older_than_s: float = 3600.0) -> int:
        """Remove files no image refers to (left by a crash between writing and recording them) and
        stale temporary files; returns how many files went."""
        removed = self.files.sweep_temp(temp_older_than_s)
        candidates = list(self.files.iter_files())
        with self.transaction() as db:
            for sha256, ext, _path in candidates:
                if not file_in_use(db, sha256):
                    self.files.remove(sha256, ext)
                    removed += 1
        return removed

    # ------------------------------------------------------------------------------------ deletion

    def delete_plan(self, job_ids: Iterable[int]) -> DeletePlan:
        """What :meth:`delete_jobs` would remove now: the jobs that exist, and the files no other
        job shares (by content hash), with their bytes."""
        ids = sorted(set(job_ids))
        with self._snapshot() as db:
            existing: list[int] = []
            files: dict[tuple[str, str], int] = {}
            for chunk in chunks(ids):
                places = marks(len(chunk))
                existing += [r[0] for r in db.execute(f"SELECT id FROM jobs WHERE id IN ({places})", chunk)]
                for sha256, ext, size in db.execute(
                    f"SELECT sha256, ext, size FROM images WHERE job_id IN ({places})", chunk
                ):
                    files[(sha256, ext)] = size
            doomed = set(ids)
            hashes = sorted({sha256 for sha256, _ext in files})
            shared: set[str] = set()
            for start in range(0, len(hashes), 500):
                part = hashes[start : start + 500]
                shared.update(
                    sha256
                    for sha256, job_id in db.execute(
                        f"SELECT sha256, job_id FROM images WHERE sha256 IN ({marks(len(part))})", part
                    )
                    if job_id not in doomed
                )
                # A saved reference keeps its image file too (references.py).
                shared.update(
                    r[0]
                    for r in db.execute(f"SELECT image_sha FROM refs WHERE image_sha IN ({marks(len(part))})", part)
                )
        kept = {key: size for key, size in files.items() if key[0] not in shared}
        return DeletePlan(tuple(sorted(existing)), len(kept), sum(kept.values()))

    def rejected_files(self) -> DeletePlan:
        """What "Delete rejected" would remove: every rejected job, and the files only they use."""
        with self._lock:
            ids = [r[0] for r in self._db().execute("SELECT id FROM jobs WHERE rejected = 1")]
        return self.delete_plan(ids)

    def delete_jobs(self, job_ids: Iterable[int], *, delete_files: bool = True) -> int:
        """Delete jobs with their images and tags; returns how many were deleted.

        Children are kept (they become roots). A file goes only when no remaining image shares its
        content, decided under the write lock so a concurrent add of the same content cannot lose it.
        """
        ids = sorted(set(job_ids))
        deleted = 0
        with self.transaction() as db:
            files: set[tuple[str, str]] = set()
            for chunk in chunks(ids):
                places = marks(len(chunk))
                files.update(
                    (r[0], r[1])
                    for r in db.execute(f"SELECT DISTINCT sha256, ext FROM images WHERE job_id IN ({places})", chunk)
                )
                deleted += db.execute(f"DELETE FROM jobs WHERE id IN ({places})", chunk).rowcount
            if delete_files:
                self._discard_files_later(files)
        return deleted
