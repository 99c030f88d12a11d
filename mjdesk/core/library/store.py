"""The library: one SQLite file in WAL mode plus a content-addressed file store.

Concurrency. One connection per ``Library``, shared by the threads of a process behind a re-entrant
lock (the GUI thread and an asyncio worker take turns for the few milliseconds a statement needs).
Between processes (GUI + CLI) WAL lets readers run beside a writer, and the busy timeout makes a
writer wait for another one. Every write transaction starts with ``BEGIN IMMEDIATE``: a deferred
transaction that reads first and writes later would fail at once with ``database is locked`` when
another process wrote in between, whatever the busy timeout.

Durability. ``synchronous=FULL``: a job is written before its submit is sent, so the row must be on
disk before the request leaves, or a power cut could lose a job the server is running.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ..paths import AppPaths
from . import schema
from .errors import (
    InvalidTransitionError,
    JobNotFoundError,
    LibraryBusyError,
    LibraryError,
)
from .files import FileStore
from .models import (
    STATUS_CANCEL,
    STATUS_FAILURE,
    STATUS_MODAL,
    STATUS_SUBMITTED,
    STATUS_SUBMITTING,
    STATUS_SUCCESS,
    ImageKind,
    ImageRecord,
    JobRecord,
    LineageNode,
    NewImage,
    ProfileRecord,
    SubmitState,
    TaskUpdate,
)
from .rows import (
    IMAGE_COLUMNS,
    JOB_COLUMNS,
    PROFILE_COLUMNS,
    check_no_payload,
    check_profile,
    image_from_row,
    job_from_row,
    now_ms,
    profile_from_row,
    to_json,
)
from .search import search_condition

log = logging.getLogger(__name__)

DEFAULT_BUSY_TIMEOUT_MS = 5000
# SQLite allows 32766 bound parameters; stay far below for IN (...) lists.
_CHUNK = 500

_S = SubmitState


def _chunks(items: Sequence[int]) -> Iterator[Sequence[int]]:
    for start in range(0, len(items), _CHUNK):
        yield items[start:start + _CHUNK]


def _marks(n: int) -> str:
    return ",".join("?" * n)


def _as_list(value: str | Iterable[str] | None) -> list[str] | None:
    if value is None:
        return None
    return [value] if isinstance(value, str) else [str(v) for v in value]


class Library:
    """The local library. Open with :meth:`open`; every method is safe to call from any thread."""

    def __init__(self, conn: sqlite3.Connection, paths: AppPaths, tokenizer: str) -> None:
        self._conn: sqlite3.Connection | None = conn
        self.paths = paths
        self.files = FileStore(paths.files)
        self._tokenizer = tokenizer
        self._lock = threading.RLock()
        self._depth = 0  # transaction nesting of the thread holding the lock
        self._after_commit: list[Callable[[], None]] = []

    # ----------------------------------------------------------------- connection and transactions

    @classmethod
    def open(cls, paths: AppPaths, *, busy_timeout_ms: int = DEFAULT_BUSY_TIMEOUT_MS) -> Library:
        """Open (creating and migrating as needed) the library under ``paths.data``."""
        paths.data.mkdir(parents=True, exist_ok=True)
        paths.files.mkdir(parents=True, exist_ok=True)
        try:
            conn = sqlite3.connect(
                paths.database, timeout=busy_timeout_ms / 1000, isolation_level=None,
                check_same_thread=False,
            )
        except sqlite3.Error as exc:
            raise LibraryError(f"cannot open the library at {paths.database}: {exc}") from exc
        try:
            conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = FULL")
            conn.execute("PRAGMA foreign_keys = ON")
            schema.migrate(conn)
            tokenizer = conn.execute("SELECT value FROM meta WHERE key = 'fts_tokenizer'").fetchone()[0]
        except sqlite3.OperationalError as exc:
            conn.close()
            if "locked" in str(exc) or "busy" in str(exc):
                raise LibraryBusyError(f"the library at {paths.database} is busy: {exc}") from exc
            raise LibraryError(f"cannot open the library at {paths.database}: {exc}") from exc
        except BaseException as exc:
            conn.close()
            if isinstance(exc, sqlite3.DatabaseError):
                raise LibraryError(f"{paths.database} is not a usable library: {exc}") from exc
            raise
        return cls(conn, paths, tokenizer)

    @property
    def root(self) -> Path:
        """The library folder (database and files); other services may keep their state beside."""
        return self.paths.data

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _db(self) -> sqlite3.Connection:
        if self._conn is None:
            raise LibraryError("the library is closed")
        return self._conn

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction; nested calls become savepoints of the outer one.

        Use it to make several library calls atomic (``with lib.transaction(): ...``). Keep it short:
        other processes wait for it. No network I/O inside.
        """
        with self._lock:
            conn = self._db()
            if self._depth:
                name = f"sp{self._depth}"
                conn.execute(f"SAVEPOINT {name}")
                self._depth += 1
                try:
                    yield conn
                except BaseException:
                    conn.execute(f"ROLLBACK TO {name}")
                    conn.execute(f"RELEASE {name}")
                    raise
                else:
                    conn.execute(f"RELEASE {name}")
                finally:
                    self._depth -= 1
                return
            self._begin(conn, "BEGIN IMMEDIATE")
            self._depth = 1
            try:
                yield conn
                conn.execute("COMMIT")
            except BaseException:
                self._after_commit.clear()
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
            finally:
                self._depth = 0
            hooks, self._after_commit = self._after_commit, []
            for hook in hooks:
                hook()

    @contextmanager
    def _snapshot(self) -> Iterator[sqlite3.Connection]:
        """A read transaction, so a query made of several statements sees one state of the file."""
        with self._lock:
            conn = self._db()
            if self._depth:
                yield conn
                return
            self._begin(conn, "BEGIN")
            self._depth = 1
            try:
                yield conn
            finally:
                self._depth = 0
                if conn.in_transaction:
                    conn.execute("COMMIT")

    @staticmethod
    def _begin(conn: sqlite3.Connection, statement: str) -> None:
        try:
            conn.execute(statement)
        except sqlite3.OperationalError as exc:
            if "locked" in str(exc) or "busy" in str(exc):
                raise LibraryBusyError(f"the library stayed busy: {exc}") from exc
            raise

    # ------------------------------------------------------------------------------------ profiles

    def save_profile(self, profile: ProfileRecord) -> ProfileRecord:
        """Insert or replace the profile of that name. Rejects settings that look like credentials."""
        if not profile.name.strip():
            raise ValueError("a profile needs a name")
        check_profile(profile)
        now = now_ms()
        with self.transaction() as db:
            if profile.is_default:
                db.execute("UPDATE profiles SET is_default = 0 WHERE is_default = 1 AND name != ?",
                           (profile.name,))
            db.execute(
                "INSERT INTO profiles (name, base_url, dialect, settings, is_default, created_at, "
                "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET "
                "base_url = excluded.base_url, dialect = excluded.dialect, settings = excluded.settings, "
                "is_default = excluded.is_default, updated_at = excluded.updated_at",
                (profile.name, profile.base_url, str(profile.dialect), to_json(profile.settings),
                 int(profile.is_default), now, now),
            )
            return self._profiles("name = ?", (profile.name,))[0]

    def profiles(self) -> list[ProfileRecord]:
        return self._profiles("1", ())

    def profile(self, name: str) -> ProfileRecord | None:
        found = self._profiles("name = ?", (name,))
        return found[0] if found else None

    def default_profile(self) -> ProfileRecord | None:
        """The profile marked default; None when none is (the caller decides what to fall back on)."""
        found = self._profiles("is_default = 1", ())
        return found[0] if found else None

    def _profiles(self, where: str, params: Sequence[Any]) -> list[ProfileRecord]:
        with self._lock:
            rows = self._db().execute(
                f"SELECT {PROFILE_COLUMNS} FROM profiles WHERE {where} ORDER BY name COLLATE NOCASE", params
            ).fetchall()
        return [profile_from_row(r) for r in rows]

    def delete_profile(self, name: str) -> bool:
        """Forget the profile; its jobs stay in the library. The caller removes the keychain entry."""
        with self.transaction() as db:
            return db.execute("DELETE FROM profiles WHERE name = ?", (name,)).rowcount > 0

    def rename_profile(self, old: str, new: str) -> None:
        """Rename the profile and move its jobs with it. The caller moves the keychain entry."""
        if not new.strip():
            raise ValueError("a profile needs a name")
        with self.transaction() as db:
            if db.execute("SELECT 1 FROM profiles WHERE name = ?", (new,)).fetchone():
                raise LibraryError(f"a profile named {new!r} already exists")
            if db.execute("UPDATE profiles SET name = ?, updated_at = ? WHERE name = ?",
                          (new, now_ms(), old)).rowcount == 0:
                raise LibraryError(f"there is no profile named {old!r}")
            db.execute("UPDATE jobs SET profile = ? WHERE profile = ?", (new, old))

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
    ) -> JobRecord:
        """Record a job about to be submitted (``sending``). Call it before the request goes out."""
        params = params or {}
        request_summary = request_summary or {}
        check_no_payload(params, "params")
        check_no_payload(request_summary, "request_summary")
        now = now_ms()
        with self.transaction() as db:
            if parent_job_id is not None and not db.execute(
                "SELECT 1 FROM jobs WHERE id = ?", (parent_job_id,)
            ).fetchone():
                raise JobNotFoundError(parent_job_id)
            cur = db.execute(
                "INSERT INTO jobs (profile, action, submit_state, status, prompt, params, "
                "request_summary, parent_job_id, parent_button, created_at, updated_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (profile, action, _S.SENDING, STATUS_SUBMITTING, prompt, to_json(params),
                 to_json(request_summary), parent_job_id, parent_button, now, now),
            )
            assert cur.lastrowid is not None
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
            return self._transition(job_id, {_S.SENDING, _S.UNKNOWN}, _S.ACCEPTED, {
                "remote_id": remote_id, "submit_answer": to_json(submit_answer),
                "queued_position": queued_position, "status": status, "submit_reason": None,
                "submitted_at": now,
            }, now)
        except sqlite3.IntegrityError as exc:
            raise LibraryError(f"task {remote_id!r} is already recorded as another job") from exc

    def mark_refused(
        self, job_id: int, reason: str, submit_answer: dict[str, Any] | None = None
    ) -> JobRecord:
        """The server said no (validation, banned word, a refused modal, ...), or a deferred job can
        no longer be sent. Final: status FAILURE with the reason."""
        now = now_ms()
        return self._transition(job_id, {_S.SENDING, _S.DEFERRED}, _S.REFUSED, {
            "submit_reason": reason, "fail_reason": reason, "status": STATUS_FAILURE,
            "submit_answer": None if submit_answer is None else to_json(submit_answer),
            "retry_at": None, "finished_at": now,
        }, now, modal=True)

    def mark_submit_unknown(self, job_id: int, reason: str) -> JobRecord:
        """The request may or may not have reached the server (timeout, dropped connection...).

        Such a job never goes back to ``sending``: sending again means a new job, on the user's say-so.
        """
        return self._transition(job_id, {_S.SENDING}, _S.UNKNOWN, {"submit_reason": reason}, now_ms())

    def mark_deferred(
        self, job_id: int, reason: str, retry_at: int, submit_answer: dict[str, Any] | None = None
    ) -> JobRecord:
        """The queue was full and the user chose to resubmit later, no earlier than ``retry_at``
        (epoch ms)."""
        return self._transition(job_id, {_S.SENDING}, _S.DEFERRED, {
            "submit_reason": reason, "retry_at": retry_at,
            "submit_answer": None if submit_answer is None else to_json(submit_answer),
        }, now_ms())

    def mark_sending(self, job_id: int) -> JobRecord:
        """Claim a deferred job for sending again; call it before re-sending.

        Only one caller (thread or process) wins the claim; the others get
        :class:`InvalidTransitionError` and must not send.
        """
        with self.transaction() as db:
            self._transition(job_id, {_S.DEFERRED}, _S.SENDING, {
                "submit_reason": None, "retry_at": None, "status": STATUS_SUBMITTING,
            }, now_ms())
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
        return self._transition(job_id, {_S.DEFERRED, _S.UNKNOWN}, _S.CANCELLED, {
            "submit_reason": reason, "status": STATUS_CANCEL, "retry_at": None, "finished_at": now,
        }, now, modal=True)

    def mark_uploaded(self, job_id: int, submit_answer: dict[str, Any], urls: Sequence[str]) -> JobRecord:
        """An upload finished with its answer: the URLs are the result; no task, nothing to poll."""
        now = now_ms()
        return self._transition(job_id, {_S.SENDING}, _S.ACCEPTED, {
            "submit_answer": to_json(submit_answer), "status": STATUS_SUCCESS, "submit_reason": None,
            "raw": to_json({"urls": list(urls)}), "image_url": urls[0] if urls else None,
            "submitted_at": now, "finished_at": now, "downloaded_at": now,
        }, now)

    def mark_fanned_out(self, job_id: int, submit_answer: dict[str, Any]) -> JobRecord:
        """The submit started several tasks (PicReader "imagine all"): this job is complete, and one
        child job per task id is added with :meth:`add_job` + :meth:`mark_submitted`."""
        now = now_ms()
        return self._transition(job_id, {_S.SENDING}, _S.ACCEPTED, {
            "submit_answer": to_json(submit_answer), "status": STATUS_SUCCESS, "submit_reason": None,
            "submitted_at": now, "finished_at": now, "downloaded_at": now,
        }, now)

    def mark_stale_sending_unknown(self, older_than_ms: int, reason: str) -> list[int]:
        """Jobs left in ``sending`` longer than ``older_than_ms`` (the app stopped mid-submit) become
        ``unknown``. Pick a threshold above the submit timeout: another process may still be sending.
        """
        now = now_ms()
        with self.transaction() as db:
            ids = [r[0] for r in db.execute(
                "SELECT id FROM jobs WHERE finished_at IS NULL AND submit_state = ? AND updated_at < ?",
                (_S.SENDING, now - older_than_ms),
            )]
            for chunk in _chunks(ids):
                db.execute(
                    f"UPDATE jobs SET submit_state = ?, submit_reason = ?, updated_at = ? "
                    f"WHERE id IN ({_marks(len(chunk))})",
                    (_S.UNKNOWN, reason, now, *chunk),
                )
        return ids

    def _transition(
        self, job_id: int, allowed: set[SubmitState], target: SubmitState, changes: dict[str, Any],
        now: int, *, modal: bool = False,
    ) -> JobRecord:
        # A compare-and-set on submit_state, decided inside one UPDATE: two processes can never both
        # take the same job through the same transition. ``modal`` also admits an accepted job
        # waiting in MODAL.
        assignments = ", ".join(f"{column} = ?" for column in changes)
        states = sorted(str(s) for s in allowed)
        condition = f"submit_state IN ({_marks(len(states))})"
        params: list[Any] = [*states]
        if modal:
            condition = f"({condition} OR (submit_state = ? AND status = ?))"
            params += [_S.ACCEPTED, STATUS_MODAL]
        with self.transaction() as db:
            cur = db.execute(
                f"UPDATE jobs SET submit_state = ?, {assignments}, updated_at = ? "
                f"WHERE id = ? AND {condition}",
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
        update = TaskUpdate(job_id, status, progress, final_prompt, fail_reason, buttons, raw, image_url,
                            submit_time, start_time, finish_time, terminal)
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
                    (u.status, u.progress, u.final_prompt, u.fail_reason,
                     None if u.buttons is None else to_json(u.buttons),
                     None if u.raw is None else to_json(u.raw), u.image_url, u.submit_time,
                     u.start_time, u.finish_time, terminal, now, now, u.job_id, terminal),
                )
                if cur.rowcount:
                    applied.append(u.job_id)
        return applied

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

    def add_images(
        self, job_id: int, images: Sequence[NewImage], *, downloaded: bool = False
    ) -> list[ImageRecord]:
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
                    (job_id, str(image.kind), image.index or 0, file.sha256, file.ext, file.size,
                     image.width, image.height, image.mime, image.source_url, now),
                )
            if downloaded:
                db.execute("UPDATE jobs SET downloaded_at = ?, download_error = NULL, updated_at = ? "
                           "WHERE id = ?", (now, now, job_id))
            self._discard_files_later(old)
            rows = db.execute(f"SELECT {IMAGE_COLUMNS} FROM images WHERE job_id = ?", (job_id,)).fetchall()
        records = [image_from_row(r, self.files.root) for r in rows]
        by_key = {(str(im.kind), im.index or 0): im for im in records}
        return [by_key[(str(im.kind), im.index or 0)] for im in images]

    @staticmethod
    def _replaced_files(
        db: sqlite3.Connection, job_id: int, images: Sequence[NewImage]
    ) -> set[tuple[str, str]]:
        out: set[tuple[str, str]] = set()
        for image in images:
            row = db.execute("SELECT sha256, ext FROM images WHERE job_id = ? AND kind = ? AND idx = ?",
                             (job_id, str(image.kind), image.index or 0)).fetchone()
            if row:
                out.add((row[0], row[1]))
        return out

    def _discard_files_later(self, files: set[tuple[str, str]]) -> None:
        """Remove these files after the current transaction commits, if no image refers to them then.

        After, not during: a rolled-back deletion must not have taken its files along; a crash in
        between only leaves unreferenced files, which :meth:`prune_files` collects.
        """
        if not files:
            return

        def remove() -> None:
            try:
                with self.transaction() as db:
                    # Under the write lock, where add_images re-checks that its files exist.
                    for sha256, ext in files:
                        if not db.execute("SELECT 1 FROM images WHERE sha256 = ? LIMIT 1",
                                          (sha256,)).fetchone():
                            self.files.remove(sha256, ext)
            except (LibraryError, OSError) as exc:
                log.warning("unreferenced files were left for a later prune: %s", exc)

        self._after_commit.append(remove)

    def images(self, job_id: int) -> list[ImageRecord]:
        with self._lock:
            rows = self._db().execute(
                f"SELECT {IMAGE_COLUMNS} FROM images WHERE job_id = ? ORDER BY kind, idx", (job_id,)
            ).fetchall()
        return [image_from_row(r, self.files.root) for r in rows]

    def mark_downloaded(self, job_id: int) -> JobRecord:
        """The job's results are all stored (or it has none to fetch, e.g. describe)."""
        now = now_ms()
        with self.transaction() as db:
            if db.execute("UPDATE jobs SET downloaded_at = ?, download_error = NULL, updated_at = ? "
                          "WHERE id = ?", (now, now, job_id)).rowcount == 0:
                raise JobNotFoundError(job_id)
            return self.job(job_id)

    def mark_download_failed(self, job_id: int, error: str) -> JobRecord:
        """Record a failed download attempt (``download_attempts`` counts them)."""
        with self.transaction() as db:
            if db.execute(
                "UPDATE jobs SET download_error = ?, download_attempts = download_attempts + 1, "
                "updated_at = ? WHERE id = ?", (error, now_ms(), job_id),
            ).rowcount == 0:
                raise JobNotFoundError(job_id)
            return self.job(job_id)

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
                if not db.execute("SELECT 1 FROM images WHERE sha256 = ? LIMIT 1", (sha256,)).fetchone():
                    self.files.remove(sha256, ext)
                    removed += 1
        return removed

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
            for chunk in _chunks(ids):
                found.update((j.id, j) for j in self._select_jobs(f"j.id IN ({_marks(len(chunk))})", chunk))
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
        where = ("j.finished_at IS NULL AND (j.submit_state = 'unknown' OR "
                 "(j.submit_state = 'accepted' AND j.status = ?))")
        params: list[Any] = [STATUS_MODAL]
        if profile is not None:
            where += " AND j.profile = ?"
            params.append(profile)
        return self._select_jobs(where, params, order="j.id")

    def recent_jobs(
        self,
        limit: int = 200,
        offset: int = 0,
        *,
        profile: str | None = None,
        status: str | Iterable[str] | None = None,
        action: str | Iterable[str] | None = None,
        submit_state: SubmitState | Iterable[SubmitState] | None = None,
        favourite: bool | None = None,
        search: str | None = None,
        since: int | None = None,
        until: int | None = None,
        tag: str | None = None,
    ) -> list[JobRecord]:
        """Newest first, with images and tags (three queries whatever the page size)."""
        where, params = self._filter(profile, status, action, submit_state, favourite, search, since,
                                     until, tag)
        return self._select_jobs(where, params, order="j.created_at DESC, j.id DESC", limit=limit,
                                 offset=offset)

    def count_jobs(
        self,
        *,
        profile: str | None = None,
        status: str | Iterable[str] | None = None,
        action: str | Iterable[str] | None = None,
        submit_state: SubmitState | Iterable[SubmitState] | None = None,
        favourite: bool | None = None,
        search: str | None = None,
        since: int | None = None,
        until: int | None = None,
        tag: str | None = None,
    ) -> int:
        where, params = self._filter(profile, status, action, submit_state, favourite, search, since,
                                     until, tag)
        with self._lock:
            return int(self._db().execute(f"SELECT count(*) FROM jobs j WHERE {where}", params).fetchone()[0])

    def search(self, text: str, limit: int = 200) -> list[JobRecord]:
        """Jobs whose prompt or final prompt contains every word of ``text`` (any script), newest first."""
        return self.recent_jobs(limit, search=text)

    def _filter(
        self,
        profile: str | None,
        status: str | Iterable[str] | None,
        action: str | Iterable[str] | None,
        submit_state: SubmitState | Iterable[SubmitState] | None,
        favourite: bool | None,
        search: str | None,
        since: int | None,
        until: int | None,
        tag: str | None,
    ) -> tuple[str, list[Any]]:
        clauses: list[str] = []
        params: list[Any] = []
        if profile is not None:
            clauses.append("j.profile = ?")
            params.append(profile)
        for column, value in (("status", status), ("action", action), ("submit_state", submit_state)):
            values = _as_list(value)
            if values is not None:
                clauses.append(f"j.{column} IN ({_marks(len(values))})" if values else "0")
                params.extend(values)
        if favourite is not None:
            clauses.append("j.favourite = ?")
            params.append(int(favourite))
        if since is not None:
            clauses.append("j.created_at >= ?")
            params.append(since)
        if until is not None:
            clauses.append("j.created_at < ?")
            params.append(until)
        if tag is not None:
            clauses.append("j.id IN (SELECT job_id FROM job_tags WHERE tag = ?)")
            params.append(tag.strip())
        if search and search.strip():
            clause, search_params = search_condition(search, self._tokenizer)
            clauses.append(clause)
            params.extend(search_params)
        return (" AND ".join(clauses) or "1"), params

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
            for chunk in _chunks(ids):
                marks = _marks(len(chunk))
                for r in db.execute(
                    f"SELECT {IMAGE_COLUMNS} FROM images WHERE job_id IN ({marks}) "
                    "ORDER BY job_id, kind, idx", chunk,
                ):
                    images.setdefault(r[1], []).append(image_from_row(r, root))
                for r in db.execute(
                    f"SELECT job_id, tag FROM job_tags WHERE job_id IN ({marks}) ORDER BY tag", chunk
                ):
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
            ids = [r[0] for r in db.execute(
                "WITH RECURSIVE up(id, parent, depth) AS ("
                " SELECT id, parent_job_id, 0 FROM jobs WHERE id = ?"
                " UNION ALL SELECT j.id, j.parent_job_id, up.depth + 1"
                " FROM jobs j JOIN up ON j.id = up.parent"
                ") SELECT id FROM up ORDER BY depth DESC", (job_id,))]
            if not ids:
                raise JobNotFoundError(job_id)
            by_id = {j.id: j for j in self._select_jobs(f"j.id IN ({_marks(len(ids))})", ids)}
        return [by_id[i] for i in ids]

    def lineage(self, job_id: int) -> LineageNode:
        """The whole family tree the job belongs to, from its root (parents are set only at
        creation to an existing job, so there are no cycles)."""
        root_id = self.ancestors(job_id)[0].id
        with self._snapshot():
            jobs = self._select_jobs(
                "j.id IN (WITH RECURSIVE down(id) AS (SELECT ? UNION ALL "
                "SELECT c.id FROM jobs c JOIN down ON c.parent_job_id = down.id) SELECT id FROM down)",
                [root_id], order="j.created_at, j.id",
            )
        nodes = {j.id: LineageNode(j) for j in jobs}
        for job in jobs:
            if job.id != root_id and job.parent_job_id in nodes:
                nodes[job.parent_job_id].children.append(nodes[job.id])
        return nodes[root_id]

    # -------------------------------------------------------------------------- favourites, tags

    def set_favourite(self, job_id: int, favourite: bool) -> None:
        with self.transaction() as db:
            if db.execute("UPDATE jobs SET favourite = ? WHERE id = ?",
                          (int(favourite), job_id)).rowcount == 0:
                raise JobNotFoundError(job_id)

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
            rows = self._db().execute("SELECT tag FROM job_tags WHERE job_id = ? ORDER BY tag",
                                      (job_id,)).fetchall()
        return [r[0] for r in rows]

    def all_tags(self) -> list[tuple[str, int]]:
        """Every tag in use with how many jobs carry it, alphabetically."""
        with self._lock:
            rows = self._db().execute(
                "SELECT tag, count(*) FROM job_tags GROUP BY tag ORDER BY tag").fetchall()
        return [(r[0], int(r[1])) for r in rows]

    # ------------------------------------------------------------------------------------ deletion

    def delete_jobs(self, job_ids: Iterable[int], *, delete_files: bool = True) -> int:
        """Delete jobs with their images and tags; returns how many were deleted.

        Children are kept (they become roots). A file goes only when no remaining image shares its
        content, decided under the write lock so a concurrent add of the same content cannot lose it.
        """
        ids = sorted(set(job_ids))
        deleted = 0
        with self.transaction() as db:
            files: set[tuple[str, str]] = set()
            for chunk in _chunks(ids):
                marks = _marks(len(chunk))
                files.update((r[0], r[1]) for r in db.execute(
                    f"SELECT DISTINCT sha256, ext FROM images WHERE job_id IN ({marks})", chunk))
                deleted += db.execute(f"DELETE FROM jobs WHERE id IN ({marks})", chunk).rowcount
            if delete_files:
                self._discard_files_later(files)
        return deleted


__all__ = ["DEFAULT_BUSY_TIMEOUT_MS", "Library"]
