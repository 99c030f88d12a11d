"""Which jobs a gallery page, a count or a CLI listing asks for: one query value, turned into SQL
in one place."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from .connection import marks
from .models import SubmitState
from .search import search_condition


def _as_list(value: str | Iterable[str] | None) -> list[str] | None:
    if value is None:
        return None
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value]


@dataclass(frozen=True)
class JobQuery:
    """Filters on the library's jobs; ``None`` means "any". Sequences mean "any of these" (an empty
    one matches nothing); ``since``/``until`` are epoch milliseconds, ``until`` exclusive;
    ``min_rating`` keeps jobs with at least that many stars; ``rejected`` False hides the rejected
    jobs, True keeps only them."""

    profile: str | None = None
    status: str | Iterable[str] | None = None
    action: str | Iterable[str] | None = None
    submit_state: SubmitState | Iterable[SubmitState] | None = None
    favourite: bool | None = None
    search: str | None = None
    since: int | None = None
    until: int | None = None
    tag: str | None = None
    collection: int | None = None  # a collection's id: only the jobs it holds
    hidden: bool | None = None
    min_rating: int | None = None
    rejected: bool | None = None

    def where(self, tokenizer: str) -> tuple[str, list[Any]]:
        """The SQL condition over ``jobs j`` and its parameters."""
        clauses: list[str] = []
        params: list[Any] = []
        if self.profile is not None:
            clauses.append("j.profile = ?")
            params.append(self.profile)
        for column, value in (("status", self.status), ("action", self.action), ("submit_state", self.submit_state)):
            values = _as_list(value)
            if values is not None:
                clauses.append(f"j.{column} IN ({marks(len(values))})" if values else "0")
                params.extend(values)
        for column, flag in (("favourite", self.favourite), ("hidden", self.hidden), ("rejected", self.rejected)):
            if flag is not None:
                clauses.append(f"j.{column} = ?")
                params.append(int(flag))
        if self.min_rating:  # 0 and None: any rating, unrated included
            clauses.append("j.rating >= ?")
            params.append(int(self.min_rating))
        if self.since is not None:
            clauses.append("j.created_at >= ?")
            params.append(self.since)
        if self.until is not None:
            clauses.append("j.created_at < ?")
            params.append(self.until)
        if self.tag is not None:
            clauses.append("j.id IN (SELECT job_id FROM job_tags WHERE tag = ?)")
            params.append(self.tag.strip())
        if self.collection is not None:
            clauses.append("j.id IN (SELECT job_id FROM collection_jobs WHERE collection_id = ?)")
            params.append(self.collection)
        if self.search and self.search.strip():
            clause, search_params = search_condition(self.search, tokenizer)
            clauses.append(clause)
            params.extend(search_params)
        return (" AND ".join(clauses) or "1"), params


ALL_JOBS = JobQuery()
