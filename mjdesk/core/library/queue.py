"""The user's own queue: jobs that wait here, in an order the user sets, until their server has a
free slot. A queued job is ``deferred`` (never sent, so sending it is always safe) and is taken out
of the queue by :meth:`Queueing.claim_queued`, one compare-and-set per job, so two processes never
send the same job or together exceed a server's cap.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .browse import Browsing
from .connection import marks
from .models import STATUS_MODAL, STATUS_SUBMITTING, JobRecord, SubmitState
from .rows import now_ms

_S = SubmitState
_PAUSED_KEY = "queue_paused/"
# Jobs that occupy one of the server's slots: being sent, or accepted and neither final nor
# waiting for the user's modal answer (that wait can last forever and must not stall the queue).
_IN_FLIGHT = "finished_at IS NULL AND (submit_state = 'sending' OR (submit_state = 'accepted' AND status != ?))"


@dataclass(frozen=True)
class QueueClaim:
    """What one look at a server's queue found: the jobs now claimed for sending, and when the
    next waiting job may go (epoch ms; None when nothing waits for a time)."""

    jobs: list[JobRecord]
    next_retry_at: int | None
    waiting: int


class Queueing(Browsing):
    def queued_jobs(self, profile: str | None = None) -> list[JobRecord]:
        """The jobs waiting in the queue (deferred), in the order they will be sent."""
        where = "j.submit_state = 'deferred'"
        params: list[object] = []
        if profile is not None:
            where += " AND j.profile = ?"
            params.append(profile)
        return self._select_jobs(where, params, order="j.profile, j.queue_order, j.id")

    def in_flight(self, profile: str) -> int:
        """How many of this server's slots the library's jobs take (see ``_IN_FLIGHT``)."""
        with self._snapshot() as db:
            row = db.execute(
                f"SELECT count(*) FROM jobs WHERE profile = ? AND {_IN_FLIGHT}", (profile, STATUS_MODAL)
            ).fetchone()
        return int(row[0])

    def claim_queued(self, profile: str, *, limit: int, cap: int | None, now: int | None = None) -> QueueClaim:
        """Claim (``deferred`` → ``sending``) the next jobs of this server's queue: at most
        ``limit``, and no more than leave ``cap`` jobs in flight (None: no cap). Nothing while
        the queue is paused, and nothing while the first job in line waits for its ``retry_at``
        (the server's queue was full: the jobs behind it would be refused too)."""
        now = now_ms() if now is None else now
        with self._snapshot() as db:  # most looks find nothing: no write lock for those
            if not db.execute(
                "SELECT 1 FROM jobs WHERE profile = ? AND submit_state = 'deferred' AND held = 0 LIMIT 1", (profile,)
            ).fetchone():
                return QueueClaim([], None, 0)
        with self.transaction() as db:
            waiting_rows = db.execute(
                "SELECT id, retry_at FROM jobs WHERE profile = ? AND submit_state = 'deferred' AND held = 0 "
                "ORDER BY queue_order, id",
                (profile,),
            ).fetchall()
            waiting = len(waiting_rows)
            if not waiting_rows or self.queue_paused(profile):
                return QueueClaim([], None, waiting)
            head_retry = waiting_rows[0][1]
            if head_retry is not None and head_retry > now:
                return QueueClaim([], head_retry, waiting)
            free = limit
            if cap is not None:
                free = min(free, cap - self.in_flight(profile))
            chosen = [row[0] for row in waiting_rows if row[1] is None or row[1] <= now][: max(0, free)]
            claimed = []
            for job_id in chosen:
                db.execute(
                    "UPDATE jobs SET submit_state = ?, submit_reason = NULL, retry_at = NULL, status = ?, "
                    "submit_attempts = submit_attempts + CASE WHEN status = 'QUEUED' THEN 0 ELSE 1 END, "
                    "updated_at = ? WHERE id = ? AND submit_state = 'deferred'",
                    (_S.SENDING, STATUS_SUBMITTING, now, job_id),
                )
                claimed.append(job_id)
            later = [row[1] for row in waiting_rows if row[1] is not None and row[1] > now]
            return QueueClaim(self.jobs(claimed), min(later) if later else None, waiting - len(claimed))

    def reorder_queue(self, profile: str, ordered_ids: Sequence[int]) -> None:
        """Put these queued jobs of ``profile`` in this order, in the places they held between them
        (jobs not named keep theirs). Ids no longer queued are ignored."""
        ids = list(dict.fromkeys(ordered_ids))
        if not ids:
            return
        with self.transaction() as db:
            rows = db.execute(
                f"SELECT id, coalesce(queue_order, id) FROM jobs WHERE profile = ? AND submit_state = 'deferred' "
                f"AND id IN ({marks(len(ids))})",
                (profile, *ids),
            ).fetchall()
            present = {row[0] for row in rows}
            places = sorted(row[1] for row in rows)
            moved = [i for i in ids if i in present]
            db.executemany("UPDATE jobs SET queue_order = ? WHERE id = ?", list(zip(places, moved, strict=True)))

    def move_in_queue(self, job_id: int, where: str) -> None:
        """``where``: "top", "up", "down" or "bottom" within its server's queue."""
        job = self.job(job_id)
        if job.submit_state is not _S.DEFERRED:
            return
        order = [j.id for j in self.queued_jobs(job.profile)]
        at = order.index(job_id)
        order.pop(at)
        target = {"top": 0, "up": max(0, at - 1), "down": at + 1, "bottom": len(order)}[where]
        order.insert(min(target, len(order)), job_id)
        self.reorder_queue(job.profile, order)

    def set_held(self, job_ids: Sequence[int], held: bool) -> list[int]:
        """Hold queued jobs (skipped until released) or release them; returns those changed."""
        ids = list(job_ids)
        if not ids:
            return []
        with self.transaction() as db:
            changed = [
                r[0]
                for r in db.execute(
                    f"SELECT id FROM jobs WHERE submit_state = 'deferred' AND held != ? AND id IN ({marks(len(ids))})",
                    (int(held), *ids),
                )
            ]
            db.executemany(
                "UPDATE jobs SET held = ?, updated_at = ? WHERE id = ?", [(int(held), now_ms(), i) for i in changed]
            )
        return changed

    def queue_paused(self, profile: str) -> bool:
        with self._snapshot() as db:
            row = db.execute("SELECT value FROM meta WHERE key = ?", (_PAUSED_KEY + profile,)).fetchone()
        return row is not None and row[0] == "1"

    def set_queue_paused(self, profile: str, paused: bool) -> None:
        """Pause a server's queue (nothing more is sent from it, also after a restart) or resume it."""
        with self.transaction() as db:
            if paused:
                db.execute(
                    "INSERT OR REPLACE INTO meta(key, value) VALUES (?, '1')",
                    (_PAUSED_KEY + profile,),
                )
            else:
                db.execute("DELETE FROM meta WHERE key = ?", (_PAUSED_KEY + profile,))
