"""Star ratings and rejects, set from the gallery's keys and from the compare window alike: written
to the library in a worker thread, then announced once with the jobs as they now are."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from shiboken6 import isValid

from ..asyncutil import spawn

if TYPE_CHECKING:
    from mjdesk.core.library import JobRecord

    from ..backend import Backend

MAX_RATING = 5


def stars(rating: int) -> str:
    """★★★☆☆ for 3: how a rating reads on a caption or a menu."""
    rating = max(0, min(MAX_RATING, rating))
    return "★" * rating + "☆" * (MAX_RATING - rating)


class Culling(QObject):
    changed = Signal(object)  # list[JobRecord]: the jobs with their new marks

    def __init__(self, backend: Backend, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.backend = backend

    def rate(self, ids: Sequence[int], rating: int) -> asyncio.Task[None] | None:
        """1-5 stars, or 0 to clear the rating."""
        if not ids or not 0 <= rating <= MAX_RATING:
            return None
        return spawn(self._apply(list(ids), rating=rating), name="rate")

    def reject(self, ids: Sequence[int], rejected: bool) -> asyncio.Task[None] | None:
        if not ids:
            return None
        return spawn(self._apply(list(ids), rejected=rejected), name="reject")

    async def _apply(self, ids: list[int], *, rating: int | None = None, rejected: bool | None = None) -> None:
        library = self.backend.library

        def work() -> list[JobRecord]:
            if rating is not None:
                library.set_rating(ids, rating)
            if rejected is not None:
                library.set_rejected(ids, rejected)
            return library.jobs(ids)

        jobs = await asyncio.to_thread(work)
        if isValid(self):
            self.changed.emit(jobs)
