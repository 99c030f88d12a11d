"""A job's way from "sending" to final: the submit answer, then what each poll says.

Every change of ``submit_state`` is a compare-and-set in one UPDATE, so two threads or processes
can never both take a job through the same step (e.g. both re-send a deferred job).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from typing import Any

from .browse import Browsing
from .connection import chunks, marks
from .errors import (
    InvalidTransitionError,
    JobNotFoundError,
    LibraryError,
)
from .models import (
    STATUS_CANCEL,
    STATUS_FAILURE,
    STATUS_MODAL,
    STATUS_QUEUED,
    STATUS_SUBMITTED,
    STATUS_SUBMITTING,
    STATUS_SUCCESS,
    JobRecord,
    SubmitState,
    TaskUpdate,
)
from .rows import (
    check_no_payload,
    now_ms,
    to_json,
)

_S = SubmitState


class Lifecycle(Browsing):
    # -------------------------------------------------------------------------- submit life cycle

    def add_job(
        self,
        *,
        profile: str,
        action: str,
        prompt: str = "",
        params: dict[str, Any] | None = None,
        request_summary: dict[str, Any] | None = None,
        parent_job_id: int | None = None,
        parent_button: str | None = None,
        queued: bool = False,
    ) -> JobRecord:
        """Record a job about to be submitted (``sending``). Call it before the request goes out.

        ``queued``: the job waits in the user's own queue instead (``deferred``, status QUEUED, last
        in line) until :meth:`claim_queued` takes it out for sending."""
        params = params or {}
        request_summary = request_summary or {}
        check_no_payload(params, "params")
        check_no_payload(request_summary, "request_summary")
        now = now_ms()
        with self.transaction() as db:
            if (
                parent_job_id is not None
                and not db.execute("SELECT 1 FROM jobs WHERE id = ?", (parent_job_id,)).fetchone()
            ):
                raise JobNotFoundError(parent_job_id)
            cur = db.execute(
                "INSERT INTO jobs (profile, action, submit_state, status, prompt, params, "
                "request_summary, parent_job_id, parent_button, created_at, updated_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    profile,
                    action,
                    _S.DEFERRED if queued else _S.SENDING,
                    STATUS_QUEUED if queued else STATUS_SUBMITTING,
                    prompt,
                    to_json(params),
                    to_json(request_summary),
                    parent_job_id,
                    parent_button,
                    now,
                    now,
                ),
            )
            assert cur.lastrowid is not None
            if queued:  # ids only grow: a new job is last in line, whatever was reordered before
                db.execute("UPDATE jobs SET queue_order = id WHERE id = ?", (cur.lastrowid,))
            return self.job(cur.lastrowid)

    def mark_submitted(
        self,
        job_id: int,
        remote_id: str,
        submit_answer: dict[str, Any],
        queued_position: int | None = None,
        *,
        status: str = STATUS_SUBMITTED,
    ) -> JobRecord:
        """The server accepted the job as ``remote_id``; pass ``status="MODAL"`` for a code-21 answer.

        Also how an ``unknown`` job is reconciled once it is found on the server.
        """
        if not remote_id:
            raise ValueError("an accepted job needs the server's task id")
        now = now_ms()
        try:
            return self._transition(
                job_id,
                {_S.SENDING, _S.UNKNOWN},
                _S.ACCEPTED,
                {
                    "remote_id": remote_id,
                    "submit_answer": to_json(submit_answer),
                    "queued_position": queued_position,
                    "status": status,
                    "submit_reason": None,
                    "submitted_at": now,
                },
                now,
            )
        except sqlite3.IntegrityError as exc:
            raise LibraryError(f"task {remote_id!r} is already recorded as another job") from exc

    def mark_refused(self, job_id: int, reason: str, submit_answer: dict[str, Any] | None = None) -> JobRecord:
        """The server said no (validation, banned word, a refused modal, ...), or a deferred job can
        no longer be sent. Final: status FAILURE with the reason."""
        now = now_ms()
        return self._transition(
            job_id,
            {_S.SENDING, _S.DEFERRED},
            _S.REFUSED,
            {
                "submit_reason": reason,
                "fail_reason": reason,
                "status": STATUS_FAILURE,
                "submit_answer": None if submit_answer is None else to_json(submit_answer),
                "retry_at": None,
                "finished_at": now,
            },
            now,
            modal=True,
        )

    def mark_submit_unknown(self, job_id: int, reason: str) -> JobRecord:
        """The request may or may not have reached the server (timeout, dropped connection...).

        Such a job never goes back to ``sending``: sending again means a new job, on the user's say-so.
        """
        return self._transition(job_id, {_S.SENDING}, _S.UNKNOWN, {"submit_reason": reason}, now_ms())

    def mark_deferred(
        self, job_id: int, reason: str, retry_at: int, submit_answer: dict[str, Any] | None = None
    ) -> JobRecord:
        """The queue was full and the user chose to resubmit later, no earlier than ``retry_at``
        (epoch ms). The job goes back to its place in the user's queue (a job that never was in it
        is placed by its id, i.e. by when it was made)."""
        with self.transaction() as db:
            self._transition(
                job_id,
                {_S.SENDING},
                _S.DEFERRED,
                {
                    "submit_reason": reason,
                    "retry_at": retry_at,
                    "submit_answer": None if submit_answer is None else to_json(submit_answer),
                },
                now_ms(),
            )
            db.execute("UPDATE jobs SET queue_order = coalesce(queue_order, id) WHERE id = ?", (job_id,))
            return self.job(job_id)

    def mark_sending(self, job_id: int) -> JobRecord:
        """Claim a deferred job for sending again; call it before re-sending.

        Only one caller (thread or process) wins the claim; the others get
        :class:`InvalidTransitionError` and must not send.
        """
        with self.transaction() as db:
            self._transition(
                job_id,
                {_S.DEFERRED},
                _S.SENDING,
                {
                    "submit_reason": None,
                    "retry_at": None,
                    "status": STATUS_SUBMITTING,
                },
                now_ms(),
            )
            db.execute("UPDATE jobs SET submit_attempts = submit_attempts + 1 WHERE id = ?", (job_id,))
            return self.job(job_id)

    def note_modal_answer(
        self,
        job_id: int,
        prompt: str,
        submit_answer: dict[str, Any] | None,
        unknown_reason: str | None = None,
    ) -> JobRecord:
        """The user answered a job waiting in MODAL (Vary Region, Custom Zoom, Remix...).

        The task already exists on the server, so the job stays ``accepted`` either way: with an
        answer it is SUBMITTED again; when the answer's fate is unknown (``unknown_reason``) it stays
        MODAL and polling shows whether the answer arrived.
        """
        changes: dict[str, Any] = {"prompt": prompt, "submit_reason": unknown_reason}
        if submit_answer is not None:
            changes["submit_answer"] = to_json(submit_answer)
        if unknown_reason is None:
            changes["status"] = STATUS_SUBMITTED
        with self.transaction() as db:
            self._transition(job_id, set(), _S.ACCEPTED, changes, now_ms(), modal=True)
            db.execute("UPDATE jobs SET submit_attempts = submit_attempts + 1 WHERE id = ?", (job_id,))
            return self.job(job_id)

    def mark_abandoned(self, job_id: int, reason: str) -> JobRecord:
        """The user withdrew a deferred or unknown job, or a pending modal: final, nothing more is
        sent (status CANCEL)."""
        now = now_ms()
        return self._transition(
            job_id,
            {_S.DEFERRED, _S.UNKNOWN},
            _S.CANCELLED,
            {
                "submit_reason": reason,
                "status": STATUS_CANCEL,
                "retry_at": None,
                "finished_at": now,
            },
            now,
            modal=True,
        )

    def mark_uploaded(self, job_id: int, submit_answer: dict[str, Any], urls: Sequence[str]) -> JobRecord:
        """An upload finished with its answer: the URLs are the result; no task, nothing to poll."""
        now = now_ms()
        return self._transition(
            job_id,
            {_S.SENDING},
            _S.ACCEPTED,
            {
                "submit_answer": to_json(submit_answer),
                "status": STATUS_SUCCESS,
                "submit_reason": None,
                "raw": to_json({"urls": list(urls)}),
                "image_url": urls[0] if urls else None,
                "submitted_at": now,
                "finished_at": now,
                "downloaded_at": now,
            },
            now,
        )

    def mark_fanned_out(self, job_id: int, submit_answer: dict[str, Any]) -> JobRecord:
        """The submit started several tasks (PicReader "imagine all"): this job is complete, and one
        child job per task id is added with :meth:`add_job` + :meth:`mark_submitted`."""
        now = now_ms()
        return self._transition(
            job_id,
            {_S.SENDING},
            _S.ACCEPTED,
            {
                "submit_answer": to_json(submit_answer),
                "status": STATUS_SUCCESS,
                "submit_reason": None,
                "submitted_at": now,
                "finished_at": now,
                "downloaded_at": now,
            },
            now,
        )

    def mark_stale_sending_unknown(self, older_than_ms: int, reason: str) -> list[int]:
        """Jobs left in ``sending`` longer than ``older_than_ms`` (the app stopped mid-submit) become
        ``unknown``. Pick a threshold above the submit timeout: another process may still be sending.
        """
        now = now_ms()
        with self.transaction() as db:
            ids = [
                r[0]
                for r in db.execute(
                    "SELECT id FROM jobs WHERE finished_at IS NULL AND submit_state = ? AND updated_at < ?",
                    (_S.SENDING, now - older_than_ms),
                )
            ]
            for chunk in chunks(ids):
                db.execute(
                    f"UPDATE jobs SET submit_state = ?, submit_reason = ?, updated_at = ? "
                    f"WHERE id IN ({marks(len(chunk))})",
                    (_S.UNKNOWN, reason, now, *chunk),
                )
        return ids

    def _transition(
        self,
        job_id: int,
        allowed: set[SubmitState],
        target: SubmitState,
        changes: dict[str, Any],
        now: int,
        *,
        modal: bool = False,
    ) -> JobRecord:
        # A compare-and-set on submit_state, decided inside one UPDATE: two processes can never both
        # take the same job through the same transition. ``modal`` also admits an accepted job
        # waiting in MODAL.
        assignments = ", ".join(f"{column} = ?" for column in changes)
        states = sorted(str(s) for s in allowed)
        condition = f"submit_state IN ({marks(len(states))})"
        params: list[Any] = [*states]
        if modal:
            condition = f"({condition} OR (submit_state = ? AND status = ?))"
            params += [_S.ACCEPTED, STATUS_MODAL]
        with self.transaction() as db:
            cur = db.execute(
                f"UPDATE jobs SET submit_state = ?, {assignments}, updated_at = ? WHERE id = ? AND {condition}",
                (target, *changes.values(), now, job_id, *params),
            )
            if cur.rowcount == 0:
                row = db.execute("SELECT submit_state, status FROM jobs WHERE id = ?", (job_id,)).fetchone()
                if row is None:
                    raise JobNotFoundError(job_id)
                raise InvalidTransitionError(job_id, f"{row[0]}/{row[1]}", target)
            return self.job(job_id)

    # -------------------------------------------------------------------------------- task updates

    def update_from_task(
        self,
        job_id: int,
        status: str,
        *,
        progress: int | None = None,
        final_prompt: str | None = None,
        fail_reason: str | None = None,
        buttons: list[dict[str, Any]] | None = None,
        raw: dict[str, Any] | None = None,
        image_url: str | None = None,
        submit_time: int | None = None,
        start_time: int | None = None,
        finish_time: int | None = None,
        terminal: bool | None = None,
    ) -> bool:
        """Record what a poll said about one accepted job; see :meth:`update_many`."""
        update = TaskUpdate(
            job_id,
            status,
            progress,
            final_prompt,
            fail_reason,
            buttons,
            raw,
            image_url,
            submit_time,
            start_time,
            finish_time,
            terminal,
        )
        return bool(self.update_many([update]))

    def update_many(self, updates: Iterable[TaskUpdate]) -> list[int]:
        """Apply a poll's results in ONE transaction; returns the ids of the jobs that changed.

        An update is skipped (not an error: polls race) when the job is gone, not ``accepted``, or
        already final while the update is not: a late, stale answer never un-finishes a job.
        """
        now = now_ms()
        applied: list[int] = []
        with self.transaction() as db:
            for u in updates:
                terminal = u.is_terminal
                cur = db.execute(
                    "UPDATE jobs SET status = ?, progress = coalesce(?, progress), "
                    "final_prompt = coalesce(?, final_prompt), fail_reason = coalesce(?, fail_reason), "
                    "buttons = coalesce(?, buttons), raw = coalesce(?, raw), "
                    "image_url = coalesce(?, image_url), "
                    "remote_submit_time = coalesce(?, remote_submit_time), "
                    "remote_start_time = coalesce(?, remote_start_time), "
                    "remote_finish_time = coalesce(?, remote_finish_time), queued_position = NULL, "
                    "finished_at = CASE WHEN ? THEN coalesce(finished_at, ?) END, updated_at = ? "
                    "WHERE id = ? AND submit_state = 'accepted' AND (finished_at IS NULL OR ?)",
                    (
                        u.status,
                        u.progress,
                        u.final_prompt,
                        u.fail_reason,
                        None if u.buttons is None else to_json(u.buttons),
                        None if u.raw is None else to_json(u.raw),
                        u.image_url,
                        u.submit_time,
                        u.start_time,
                        u.finish_time,
                        terminal,
                        now,
                        now,
                        u.job_id,
                        terminal,
                    ),
                )
                if cur.rowcount:
                    applied.append(u.job_id)
        return applied
