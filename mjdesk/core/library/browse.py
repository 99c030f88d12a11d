"""Reading the library: single jobs, filtered pages for the gallery, search, lineage; and the
user's own marks on jobs (favourites, tags)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from .connection import LibraryBase, chunks, marks
from .errors import (
    JobNotFoundError,
)
from .models import (
    STATUS_MODAL,
    ImageRecord,
    JobRecord,
    LineageNode,
)
from .query import ALL_JOBS, JobQuery
from .rows import (
    IMAGE_COLUMNS,
    JOB_COLUMNS,
    image_from_row,
    job_from_row,
    now_ms,
)


class Browsing(LibraryBase):
    # ------------------------------------------------------------------------------------ queries

    def job(self, job_id: int) -> JobRecord:
        jobs = self._select_jobs("j.id = ?", [job_id])
        if not jobs:
            raise JobNotFoundError(job_id)
        return jobs[0]

    def jobs(self, job_ids: Iterable[int]) -> list[JobRecord]:
        """The jobs with these ids that exist, in the order asked (e.g. those :meth:`update_many`
        changed)."""
        ids = list(dict.fromkeys(job_ids))
        found: dict[int, JobRecord] = {}
        with self._snapshot():
            for chunk in chunks(ids):
                found.update((j.id, j) for j in self._select_jobs(f"j.id IN ({marks(len(chunk))})", chunk))
        return [found[i] for i in ids if i in found]

    def job_by_remote(self, profile: str, remote_id: str) -> JobRecord | None:
        jobs = self._select_jobs("j.profile = ? AND j.remote_id = ?", [profile, remote_id])
        return jobs[0] if jobs else None

    def unfinished_jobs(self, profile: str | None = None) -> list[JobRecord]:
        """What the job service has to look after, oldest first: accepted jobs not final yet (to
        poll), deferred ones (to resubmit at ``retry_at``) and ones caught in ``sending`` (by a crash,
        or in flight in another process). ``unknown`` jobs wait for the user: see
        :meth:`attention_jobs`."""
        where = "j.finished_at IS NULL AND j.submit_state IN ('sending', 'accepted', 'deferred')"
        params: list[Any] = []
        if profile is not None:
            where += " AND j.profile = ?"
            params.append(profile)
        return self._select_jobs(where, params, order="j.id")

    def attention_jobs(self, profile: str | None = None) -> list[JobRecord]:
        """Jobs the user must decide about: submit outcome unknown, or waiting in a modal."""
        where = (
            "j.finished_at IS NULL AND (j.submit_state = 'unknown' OR (j.submit_state = 'accepted' AND j.status = ?))"
        )
        params: list[Any] = [STATUS_MODAL]
        if profile is not None:
            where += " AND j.profile = ?"
            params.append(profile)
        return self._select_jobs(where, params, order="j.id")

    def recent_jobs(self, limit: int = 200, offset: int = 0, query: JobQuery = ALL_JOBS) -> list[JobRecord]:
        """Newest first, with images and tags (three queries whatever the page size)."""
        where, params = query.where(self._tokenizer)
        return self._select_jobs(where, params, order="j.created_at DESC, j.id DESC", limit=limit, offset=offset)

    def count_jobs(self, query: JobQuery = ALL_JOBS) -> int:
        where, params = query.where(self._tokenizer)
        with self._lock:
            return int(self._db().execute(f"SELECT count(*) FROM jobs j WHERE {where}", params).fetchone()[0])

    def search(self, text: str, limit: int = 200) -> list[JobRecord]:
        """Jobs whose prompt or final prompt contains every word of ``text`` (any script), newest first."""
        return self.recent_jobs(limit, query=JobQuery(search=text))

    def _select_jobs(
        self, where: str, params: Sequence[Any], *, order: str = "j.id", limit: int = -1, offset: int = 0
    ) -> list[JobRecord]:
        with self._snapshot() as db:
            rows = db.execute(
                f"SELECT {JOB_COLUMNS} FROM jobs j WHERE {where} ORDER BY {order} LIMIT ? OFFSET ?",
                (*params, limit, offset),
            ).fetchall()
            root = self.files.root
            ids = [r[0] for r in rows]
            images: dict[int, list[ImageRecord]] = {}
            tags: dict[int, list[str]] = {}
            for chunk in chunks(ids):
                places = marks(len(chunk))
                for r in db.execute(
                    f"SELECT {IMAGE_COLUMNS} FROM images WHERE job_id IN ({places}) ORDER BY job_id, kind, idx",
                    chunk,
                ):
                    images.setdefault(r[1], []).append(image_from_row(r, root))
                for r in db.execute(f"SELECT job_id, tag FROM job_tags WHERE job_id IN ({places}) ORDER BY tag", chunk):
                    tags.setdefault(r[0], []).append(r[1])
        return [job_from_row(r, tuple(images.get(r[0], ())), tuple(tags.get(r[0], ()))) for r in rows]

    # ------------------------------------------------------------------------------------ lineage

    def parent(self, job_id: int) -> JobRecord | None:
        parent_id = self.job(job_id).parent_job_id
        return self.job(parent_id) if parent_id is not None else None

    def children(self, job_id: int) -> list[JobRecord]:
        return self._select_jobs("j.parent_job_id = ?", [job_id], order="j.created_at, j.id")

    def ancestors(self, job_id: int) -> list[JobRecord]:
        """The path from the root of the job's family down to the job itself (inclusive)."""
        with self._snapshot() as db:
            ids = [
                r[0]
                for r in db.execute(
                    "WITH RECURSIVE up(id, parent, depth) AS ("
                    " SELECT id, parent_job_id, 0 FROM jobs WHERE id = ?"
                    " UNION ALL SELECT j.id, j.parent_job_id, up.depth + 1"
                    " FROM jobs j JOIN up ON j.id = up.parent"
                    ") SELECT id FROM up ORDER BY depth DESC",
                    (job_id,),
                )
            ]
            if not ids:
                raise JobNotFoundError(job_id)
            by_id = {j.id: j for j in self._select_jobs(f"j.id IN ({marks(len(ids))})", ids)}
        return [by_id[i] for i in ids]

    def lineage(self, job_id: int) -> LineageNode:
        """The whole family tree the job belongs to, from its root (parents are set only at
        creation to an existing job, so there are no cycles)."""
        root_id = self.ancestors(job_id)[0].id
        with self._snapshot():
            jobs = self._select_jobs(
                "j.id IN (WITH RECURSIVE down(id) AS (SELECT ? UNION ALL "
                "SELECT c.id FROM jobs c JOIN down ON c.parent_job_id = down.id) SELECT id FROM down)",
                [root_id],
                order="j.created_at, j.id",
            )
        nodes = {j.id: LineageNode(j) for j in jobs}
        for job in jobs:
            if job.id != root_id and job.parent_job_id in nodes:
                nodes[job.parent_job_id].children.append(nodes[job.id])
        return nodes[root_id]

    # -------------------------------------------------------------------------------- favourites

    def set_favourite(self, job_id: int, favourite: bool) -> None:
        with self.transaction() as db:
            # updated_at moves for the same reason as a rating's (_set_mark).
            if (
                db.execute(
                    "UPDATE jobs SET favourite = ?, updated_at = max(updated_at + 1, ?) WHERE id = ?",
                    (int(favourite), now_ms(), job_id),
                ).rowcount
                == 0
            ):
                raise JobNotFoundError(job_id)

    def set_hidden(self, job_ids: Iterable[int], hidden: bool) -> None:
        """Dismiss jobs from the gallery (or bring them back); they stay in the library."""
        ids = list(job_ids)
        with self.transaction() as db:
            for chunk in chunks(ids):
                db.execute(f"UPDATE jobs SET hidden = ? WHERE id IN ({marks(len(chunk))})", (int(hidden), *chunk))

    # ------------------------------------------------------------------------------------ culling

    def set_rating(self, job_ids: Iterable[int], rating: int) -> None:
        """Give jobs 1-5 stars, or 0 to clear their rating."""
        if not isinstance(rating, int) or not 0 <= rating <= 5:
            raise ValueError(f"a rating is a whole number from 0 to 5, not {rating!r}")
        self._set_mark(job_ids, "rating", rating)

    def set_rejected(self, job_ids: Iterable[int], rejected: bool) -> None:
        """Reject jobs (culled: "Delete rejected" removes them) or take the reject back."""
        self._set_mark(job_ids, "rejected", int(rejected))

    def _set_mark(self, job_ids: Iterable[int], column: str, value: int) -> None:
        # updated_at moves so a job event read just before cannot paint the old mark back.
        ids = sorted(set(job_ids))
        now = now_ms()
        with self.transaction() as db:
            for chunk in chunks(ids):
                db.execute(
                    f"UPDATE jobs SET {column} = ?, updated_at = max(updated_at + 1, ?) "
                    f"WHERE id IN ({marks(len(chunk))})",
                    (value, now, *chunk),
                )

    # -------------------------------------------------------------------------- favourites, tags

    def add_tag(self, job_id: int, tag: str) -> None:
        tag = tag.strip()
        if not tag:
            raise ValueError("a tag cannot be blank")
        with self.transaction() as db:
            if not db.execute("SELECT 1 FROM jobs WHERE id = ?", (job_id,)).fetchone():
                raise JobNotFoundError(job_id)
            db.execute("INSERT OR IGNORE INTO job_tags (job_id, tag) VALUES (?, ?)", (job_id, tag))

    def remove_tag(self, job_id: int, tag: str) -> None:
        with self.transaction() as db:
            db.execute("DELETE FROM job_tags WHERE job_id = ? AND tag = ?", (job_id, tag.strip()))

    def tags(self, job_id: int) -> list[str]:
        with self._lock:
            rows = self._db().execute("SELECT tag FROM job_tags WHERE job_id = ? ORDER BY tag", (job_id,)).fetchall()
        return [r[0] for r in rows]

    def all_tags(self) -> list[tuple[str, int]]:
        """Every tag in use with how many jobs carry it, alphabetically."""
        with self._lock:
            rows = self._db().execute("SELECT tag, count(*) FROM job_tags GROUP BY tag ORDER BY tag").fetchall()
        return [(r[0], int(r[1])) for r in rows]
