"""Collections: the user's named folders of jobs, across servers and dates.

A collection has a name (unique, whatever the case), a place in the list and any number of jobs; a
job can be in several. Deleting a collection keeps its jobs; deleting a job takes it out of every
collection (the foreign keys cascade). Tags (``Browsing.add_tag``) stay what they were: free labels
on jobs, which exist only while some job carries them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .browse import Browsing
from .connection import chunks, marks
from .errors import LibraryError
from .rows import now_ms

MAX_NAME = 80  # a folder name, not a paragraph: the sidebar and the PDF header show it whole


class CollectionExistsError(LibraryError):
    """Another collection already has that name (names are compared without case)."""


class CollectionNotFoundError(LibraryError):
    """No collection has that id (deleted meanwhile, perhaps by another process)."""


@dataclass(frozen=True)
class CollectionRecord:
    id: int
    name: str
    position: int
    created_at: int
    count: int = 0  # how many jobs it holds


def _clean_name(name: str) -> str:
    cleaned = " ".join(name.split())
    if not cleaned:
        raise ValueError("a collection needs a name")
    if len(cleaned) > MAX_NAME:
        raise ValueError(f"a collection name has at most {MAX_NAME} characters")
    return cleaned


_SELECT = (
    "SELECT c.id, c.name, c.position, c.created_at, "
    "(SELECT count(*) FROM collection_jobs m WHERE m.collection_id = c.id) FROM collections c"
)


class Collecting(Browsing):
    def collections(self) -> list[CollectionRecord]:
        """Every collection with its job count, in the user's order (then by name)."""
        with self._snapshot() as db:
            rows = db.execute(f"{_SELECT} ORDER BY c.position, c.name").fetchall()
        return [CollectionRecord(*r) for r in rows]

    def collection(self, collection_id: int) -> CollectionRecord:
        with self._snapshot() as db:
            row = db.execute(f"{_SELECT} WHERE c.id = ?", (collection_id,)).fetchone()
        if row is None:
            raise CollectionNotFoundError(f"there is no collection {collection_id}")
        return CollectionRecord(*row)

    def collection_named(self, name: str) -> CollectionRecord | None:
        with self._snapshot() as db:
            row = db.execute(f"{_SELECT} WHERE c.name = ?", (" ".join(name.split()),)).fetchone()
        return CollectionRecord(*row) if row is not None else None

    def create_collection(self, name: str) -> CollectionRecord:
        """A new, empty collection at the end of the list."""
        name = _clean_name(name)
        with self.transaction() as db:
            if db.execute("SELECT 1 FROM collections WHERE name = ?", (name,)).fetchone():
                raise CollectionExistsError(f"a collection named {name!r} already exists")
            position = db.execute("SELECT coalesce(max(position), 0) + 1 FROM collections").fetchone()[0]
            cursor = db.execute(
                "INSERT INTO collections (name, position, created_at) VALUES (?, ?, ?)", (name, position, now_ms())
            )
            assert cursor.lastrowid is not None
            return self.collection(cursor.lastrowid)

    def rename_collection(self, collection_id: int, name: str) -> CollectionRecord:
        name = _clean_name(name)
        with self.transaction() as db:
            other = db.execute("SELECT id FROM collections WHERE name = ?", (name,)).fetchone()
            if other is not None and other[0] != collection_id:
                raise CollectionExistsError(f"a collection named {name!r} already exists")
            if db.execute("UPDATE collections SET name = ? WHERE id = ?", (name, collection_id)).rowcount == 0:
                raise CollectionNotFoundError(f"there is no collection {collection_id}")
            return self.collection(collection_id)

    def delete_collection(self, collection_id: int) -> int:
        """Remove the collection (its jobs stay in the library); returns how many it held."""
        with self.transaction() as db:
            held = db.execute(
                "SELECT count(*) FROM collection_jobs WHERE collection_id = ?", (collection_id,)
            ).fetchone()[0]
            if db.execute("DELETE FROM collections WHERE id = ?", (collection_id,)).rowcount == 0:
                raise CollectionNotFoundError(f"there is no collection {collection_id}")
            return int(held)

    def reorder_collections(self, ordered_ids: Sequence[int]) -> None:
        """Put the collections in this order; those not named follow, in their order."""
        with self.transaction() as db:
            known = [r[0] for r in db.execute("SELECT id FROM collections ORDER BY position, name")]
            named = [i for i in dict.fromkeys(ordered_ids) if i in set(known)]
            order = named + [i for i in known if i not in set(named)]
            db.executemany("UPDATE collections SET position = ? WHERE id = ?", [(p, i) for p, i in enumerate(order, 1)])

    def add_to_collection(self, collection_id: int, job_ids: Iterable[int]) -> int:
        """Put jobs into the collection; returns how many were not in it yet (unknown ids are skipped)."""
        ids = list(dict.fromkeys(job_ids))
        added = 0
        now = now_ms()
        with self.transaction() as db:
            if not db.execute("SELECT 1 FROM collections WHERE id = ?", (collection_id,)).fetchone():
                raise CollectionNotFoundError(f"there is no collection {collection_id}")
            for chunk in chunks(ids):
                added += db.execute(
                    f"INSERT OR IGNORE INTO collection_jobs (collection_id, job_id, added_at) "
                    f"SELECT ?, id, ? FROM jobs WHERE id IN ({marks(len(chunk))})",
                    (collection_id, now, *chunk),
                ).rowcount
        return added

    def remove_from_collection(self, collection_id: int, job_ids: Iterable[int]) -> int:
        """Take jobs out of the collection (they stay in the library); returns how many were in it."""
        ids = list(dict.fromkeys(job_ids))
        removed = 0
        with self.transaction() as db:
            for chunk in chunks(ids):
                removed += db.execute(
                    f"DELETE FROM collection_jobs WHERE collection_id = ? AND job_id IN ({marks(len(chunk))})",
                    (collection_id, *chunk),
                ).rowcount
        return removed

    def collections_of(self, job_ids: Iterable[int]) -> dict[int, list[str]]:
        """The names of the collections each job is in (jobs in none are left out)."""
        ids = list(dict.fromkeys(job_ids))
        found: dict[int, list[str]] = {}
        with self._snapshot() as db:
            for chunk in chunks(ids):
                for job_id, name in db.execute(
                    f"SELECT m.job_id, c.name FROM collection_jobs m JOIN collections c ON c.id = m.collection_id "
                    f"WHERE m.job_id IN ({marks(len(chunk))}) ORDER BY c.position, c.name",
                    chunk,
                ):
                    found.setdefault(job_id, []).append(name)
        return found

    def collection_job_ids(self, collection_id: int) -> list[int]:
        """The jobs of a collection, newest first (as the gallery shows them)."""
        with self._snapshot() as db:
            rows = db.execute(
                "SELECT j.id FROM collection_jobs m JOIN jobs j ON j.id = m.job_id WHERE m.collection_id = ? "
                "ORDER BY j.created_at DESC, j.id DESC",
                (collection_id,),
            ).fetchall()
        return [r[0] for r in rows]
