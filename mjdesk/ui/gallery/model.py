"""The gallery's list model: the library's jobs, newest first, read page by page off the GUI thread.

Qt asks ``canFetchMore``/``fetchMore`` as the user scrolls; a page is read in a worker thread and
inserted when it arrives, so 10,000 jobs never load at once and SQLite never runs on the loop.
Job events update a row in place (``dataChanged`` for that row only) or insert a new job at the top.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, Qt, QTimer, Signal
from shiboken6 import isValid

from ..asyncutil import loop_running, spawn
from .states import tooltip

if TYPE_CHECKING:
    from mjdesk.core.library import JobQuery, JobRecord, Library

PAGE = 300
INSERT_BATCH_MS = 100  # a new tile shows within a tenth of a second; a burst is one relayout
# Every submit state but "cancelled": a withdrawn job (an abandoned modal step, a dismissed unknown
# submit) has nothing to show, and its tile only said "Withdrawn / No image" forever.
GALLERY_SUBMIT_STATES = ("sending", "accepted", "refused", "unknown", "deferred")
JobRole = Qt.ItemDataRole.UserRole + 1
_Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class GalleryFilter:
    """What the filter bar asks for; ``None`` means "any"."""

    action: str | tuple[str, ...] | None = None  # one recorded action or any of several
    statuses: tuple[str, ...] | None = None
    favourite: bool | None = None
    since: int | None = None  # epoch ms
    search: str = ""
    dismissed: bool = False  # the jobs the user dismissed, instead of the others
    collection: int | None = None  # a collection's id (the sidebar): only its jobs
    tag: str | None = None  # only the jobs with this tag
    min_rating: int = 0  # at least this many stars (0: any, unrated included)
    rejected: bool | None = False  # False: rejected jobs left out; True: only them; None: all

    def query(self) -> JobQuery:
        from mjdesk.core.library import JobQuery, SubmitState  # sqlite3: not before the first paint

        return JobQuery(
            action=self.action,
            status=self.statuses,
            favourite=self.favourite or None,
            since=self.since,
            search=self.search.strip() or None,
            submit_state=[SubmitState(s) for s in GALLERY_SUBMIT_STATES],
            hidden=self.dismissed,
            collection=self.collection,
            tag=self.tag,
            min_rating=self.min_rating or None,
            rejected=self.rejected,
        )

    def belongs(self, job: JobRecord) -> bool:
        """Whether the job has a tile in this view at all (a withdrawn job never has one); the
        user's marks decide too, so a job rated below the filter or rejected leaves at once."""
        return (
            job.submit_state in GALLERY_SUBMIT_STATES
            and job.hidden == self.dismissed
            and job.rating >= self.min_rating
            and (self.rejected is None or job.rejected == self.rejected)
        )

    def matches(self, job: JobRecord) -> bool:
        """Whether a job that appeared while the gallery is open belongs in it; with a search the
        library's own search decides, on the next reload."""
        if self.search.strip() or self.collection is not None or self.tag is not None:
            return False  # a new job is in no collection and has no tag yet
        actions = (self.action,) if isinstance(self.action, str) else self.action
        return (
            (actions is None or job.action in actions)
            and (self.statuses is None or job.status in self.statuses)
            and (not self.favourite or job.favourite)
            and (self.since is None or job.created_at >= self.since)
        )

    def with_search(self, text: str) -> GalleryFilter:
        return replace(self, search=text)


class GalleryModel(QAbstractListModel):
    loading_changed = Signal(bool)
    total_changed = Signal(int)  # how many jobs match the filter

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._library: Library | None = None
        self._jobs: list[JobRecord] = []
        self._rows: dict[int, int] = {}  # job id -> row
        self._filter = GalleryFilter()
        self._exhausted = True
        self._loading: asyncio.Task[None] | None = None
        self._generation = 0  # a reload makes pages of the previous query stale
        self.total = 0
        # New jobs wait here a moment and go in together: a matrix adds hundreds in a burst, and
        # each insert at the top lays every tile out again (gallery relayout is O(rows)).
        self._incoming: dict[int, JobRecord] = {}
        self._incoming_timer = QTimer(self)
        self._incoming_timer.setSingleShot(True)
        self._incoming_timer.setInterval(INSERT_BATCH_MS)
        self._incoming_timer.timeout.connect(self.insert_incoming)

    # -- the Qt model ---------------------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._jobs)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._jobs):
            return None
        job = self._jobs[index.row()]
        if role == JobRole:
            return job
        if role == Qt.ItemDataRole.DisplayRole or role == Qt.ItemDataRole.AccessibleTextRole:
            return job.prompt or job.action
        if role == Qt.ItemDataRole.ToolTipRole:
            return tooltip(job)
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        base = super().flags(index)
        return base | Qt.ItemFlag.ItemIsDragEnabled if index.isValid() else base

    def canFetchMore(self, parent: _Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and not self._exhausted and self._library is not None

    def fetchMore(self, parent: _Index = QModelIndex()) -> None:  # noqa: B008
        if self.canFetchMore(parent) and self._loading is None and loop_running():
            self._loading = spawn(self._load_page(self._generation, len(self._jobs)), name="gallery-page")
            self.loading_changed.emit(True)

    # -- loading --------------------------------------------------------------------------------

    @property
    def filter(self) -> GalleryFilter:
        return self._filter

    @property
    def has_library(self) -> bool:
        return self._library is not None

    @property
    def loading(self) -> bool:
        return self._loading is not None

    def set_library(self, library: Library) -> None:
        self._library = library
        self.reload()

    def set_filter(self, gallery_filter: GalleryFilter) -> None:
        if gallery_filter != self._filter:
            self._filter = gallery_filter
            self.reload()

    def reload(self) -> None:
        """Start again from the newest job (a new filter, a library that changed behind our back)."""
        self._generation += 1
        if self._loading is not None:
            self._loading.cancel()
            self._loading = None
        self.beginResetModel()
        self._jobs, self._rows = [], {}
        self._incoming.clear()
        self._exhausted = self._library is None
        self.endResetModel()
        self.fetchMore()

    async def _load_page(self, generation: int, offset: int) -> None:
        library, query = self._library, self._filter.query()
        assert library is not None
        try:

            def read() -> tuple[list[JobRecord], int | None]:
                jobs = library.recent_jobs(PAGE, offset, query)
                return jobs, library.count_jobs(query) if offset == 0 else None

            jobs, total = await asyncio.to_thread(read)
        finally:
            if isValid(self) and generation == self._generation:
                self._loading = None
                self.loading_changed.emit(False)
        if not isValid(self) or generation != self._generation:
            return  # the window closed meanwhile, or the filter changed
        fresh = [j for j in jobs if j.id not in self._rows]  # a live insert may have got there first
        self._exhausted = len(jobs) < PAGE
        if fresh:
            first = len(self._jobs)
            self.beginInsertRows(QModelIndex(), first, first + len(fresh) - 1)
            self._jobs.extend(fresh)
            self._rows.update((j.id, first + i) for i, j in enumerate(fresh))
            self.endInsertRows()
        if total is not None:
            self.total = total
            self.total_changed.emit(total)

    # -- live updates ---------------------------------------------------------------------------

    def job_changed(self, job: JobRecord) -> None:
        """A job event: update the job's row in place, or show a new job at the top; a job that
        no longer belongs in the gallery (withdrawn, dismissed) leaves it."""
        row = self._rows.get(job.id)
        if not self._filter.belongs(job):
            self._incoming.pop(job.id, None)
            if row is not None:
                self.remove_jobs({job.id})
            return
        if row is not None:
            if job.updated_at >= self._jobs[row].updated_at:
                self._jobs[row] = job
                index = self.index(row)
                self.dataChanged.emit(index, index)
            return
        if self._library is None or not self._filter.matches(job):
            return
        if self._jobs and job.created_at < self._jobs[-1].created_at and not self._exhausted:
            return  # older than what is loaded: its page will bring it
        known = self._incoming.get(job.id)
        if known is None or job.updated_at >= known.updated_at:
            self._incoming[job.id] = job
        if not self._incoming_timer.isActive():
            self._incoming_timer.start()

    def insert_incoming(self) -> None:
        """Put the jobs that appeared since the last time at the top, newest first, in one insert."""
        self._incoming_timer.stop()
        fresh = sorted(
            (j for j in self._incoming.values() if j.id not in self._rows), key=lambda j: (j.created_at, j.id)
        )
        self._incoming.clear()
        if not fresh:
            return
        fresh.reverse()
        self.beginInsertRows(QModelIndex(), 0, len(fresh) - 1)
        self._jobs[:0] = fresh
        self._rows = {j.id: i for i, j in enumerate(self._jobs)}
        self.endInsertRows()
        self.total += len(fresh)
        self.total_changed.emit(self.total)

    def remove_jobs(self, job_ids: set[int]) -> None:
        """Take these jobs' tiles away; ids without a tile here (filtered out) change nothing."""
        rows = sorted((self._rows[i] for i in job_ids if i in self._rows), reverse=True)
        for row in rows:
            self.beginRemoveRows(QModelIndex(), row, row)
            del self._jobs[row]
            self.endRemoveRows()
        self._rows = {j.id: i for i, j in enumerate(self._jobs)}
        self.total = max(0, self.total - len(rows))
        self.total_changed.emit(self.total)

    # -- lookups --------------------------------------------------------------------------------

    def job_at(self, row: int) -> JobRecord | None:
        return self._jobs[row] if 0 <= row < len(self._jobs) else None

    def row_of(self, job_id: int) -> int | None:
        if job_id in self._incoming:
            self.insert_incoming()  # asked for by id (selection, a test): it is there at once
        return self._rows.get(job_id)

    def jobs(self) -> list[JobRecord]:
        return list(self._jobs)


def days_ago(days: int) -> int:
    """The epoch ms of ``days`` days ago, for the date filter."""
    return int((time.time() - days * 86400) * 1000)
