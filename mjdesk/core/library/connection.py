"""The library's connection: opening and migrating, transactions, and work after a commit.

Concurrency. One connection per library object, shared by the threads of a process behind a
re-entrant lock (the GUI thread and an asyncio worker take turns for the few milliseconds a statement
needs). Between processes (GUI + CLI) WAL lets readers run beside a writer, and the busy timeout makes
a writer wait for another one. Every write transaction starts with ``BEGIN IMMEDIATE``: a deferred
transaction that reads first and writes later would fail at once with ``database is locked`` when
another process wrote in between, whatever the busy timeout.

Durability. ``synchronous=FULL``: a job is written before its submit is sent, so the row must be on
disk before the request leaves, or a power cut could lose a job the server is running.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Self

from mjdesk.core.i18n import QT_TRANSLATE_NOOP
from mjdesk.core.safefiles import is_disk_full

from ..paths import AppPaths
from . import schema
from .errors import LibraryBusyError, LibraryError, LibraryUnusableError
from .files import FileStore

log = logging.getLogger(__name__)

DEFAULT_BUSY_TIMEOUT_MS = 5000
# SQLite allows 32766 bound parameters; stay far below for IN (...) lists.
_CHUNK = 500


def chunks(items: Sequence[int]) -> Iterator[Sequence[int]]:
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]


def marks(n: int) -> str:
    return ",".join("?" * n)


class LibraryBase:
    """Connection and transactions; the query and update methods live in the subclasses."""

    def __init__(self, conn: sqlite3.Connection, paths: AppPaths, tokenizer: str) -> None:
        self._conn: sqlite3.Connection | None = conn
        self.paths = paths
        self.files = FileStore(paths.files)
        self._tokenizer = tokenizer
        self._lock = threading.RLock()
        self._depth = 0  # transaction nesting of the thread holding the lock
        self._reading = False  # the outermost transaction is a read snapshot
        self._after_commit: list[Callable[[], None]] = []

    # ----------------------------------------------------------------- connection and transactions

    @classmethod
    def open(cls, paths: AppPaths, *, busy_timeout_ms: int = DEFAULT_BUSY_TIMEOUT_MS) -> Self:
        """Open (creating and migrating as needed) the library under ``paths.data``."""
        try:
            paths.data.mkdir(parents=True, exist_ok=True)
            paths.files.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise LibraryUnusableError(
                QT_TRANSLATE_NOOP(
                    "LibraryUnusableError",
                    "cannot create the library folder {path}: {error}. Choose another home "
                    "folder (--home) or fix that path.",
                ),
                usage=isinstance(exc, FileExistsError | NotADirectoryError),
                path=exc.filename or paths.data,
                error=exc.strerror or exc,
            ) from exc
        _refuse_empty_file(paths.database)
        try:
            conn = sqlite3.connect(
                paths.database,
                timeout=busy_timeout_ms / 1000,
                isolation_level=None,
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
            raise storage_error(exc, paths.database) or LibraryError(
                f"cannot open the library at {paths.database}: {exc}"
            ) from exc
        except BaseException as exc:
            conn.close()
            if isinstance(exc, sqlite3.DatabaseError):
                raise storage_error(exc, paths.database) or LibraryUnusableError(
                    QT_TRANSLATE_NOOP(
                        "LibraryUnusableError",
                        "{path} is damaged ({error}); it was left as it is. Restore it from a "
                        "backup, or move it away to start a new, empty library.",
                    ),
                    path=paths.database,
                    error=exc,
                ) from exc
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

    def __enter__(self) -> Self:
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
            if self._reading:
                # Upgrading a read transaction to a write fails at once, busy timeout or not.
                raise RuntimeError("a write inside a library read snapshot")
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
            except BaseException as exc:
                self._after_commit.clear()
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                # A full disk or a read-only file is not a bug: say which file and what to do.
                unusable = storage_error(exc, self.paths.database)
                if unusable is not None:
                    raise unusable from exc
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
            self._depth, self._reading = 1, True
            try:
                yield conn
            finally:
                self._depth, self._reading = 0, False
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
                        if not file_in_use(db, sha256):
                            self.files.remove(sha256, ext)
            except (LibraryError, OSError) as exc:
                log.warning("unreferenced files were left for a later prune: %s", exc)

        self._after_commit.append(remove)


def file_in_use(db: sqlite3.Connection, sha256: str) -> bool:
    """Whether a job's image or a saved reference still needs the stored file with this content."""
    return (
        db.execute(
            "SELECT 1 FROM images WHERE sha256 = ? UNION ALL SELECT 1 FROM refs WHERE image_sha = ? LIMIT 1",
            (sha256, sha256),
        ).fetchone()
        is not None
    )


def _refuse_empty_file(database: Path) -> None:
    """A zero-byte library file is refused and kept, never silently made into a new empty library.

    SQLite would happily treat it as a new database; but an empty file where a library should be
    usually means something went wrong (a failed copy or sync, a truncation), and writing a fresh
    schema into it would hide that and make a restore harder. The user decides.
    """
    try:
        size = database.stat().st_size
    except FileNotFoundError:
        return  # no library yet: a new one is created
    except OSError:
        return  # connect reports it with its own message
    wal = database.with_name(database.name + "-wal")
    if size == 0 and not (wal.exists() and wal.stat().st_size > 0):
        raise LibraryUnusableError(
            QT_TRANSLATE_NOOP(
                "LibraryUnusableError",
                "{path} is empty (0 bytes), so it is not a library; it was left as it is. "
                "Restore it from a backup, or delete it to start a new, empty library.",
            ),
            path=database,
        )


def storage_error(exc: BaseException, database: Path) -> LibraryUnusableError | None:
    """The clear error for a full disk or a read-only library, or None for anything else."""
    text = str(exc).lower()
    if (isinstance(exc, sqlite3.Error) and "full" in text) or is_disk_full(exc):
        return LibraryUnusableError(
            QT_TRANSLATE_NOOP(
                "LibraryUnusableError",
                "the disk holding {path} is full; nothing was changed. Free some space and try again.",
            ),
            path=database,
        )
    # WAL needs to create "-wal"/"-shm" beside the file: on a read-only folder opening already fails.
    cannot_write = "unable to open" in text and not (
        os.access(database.parent, os.W_OK) and (not database.exists() or os.access(database, os.W_OK))
    )
    if isinstance(exc, sqlite3.Error) and ("readonly" in text or "read-only" in text or cannot_write):
        return LibraryUnusableError(
            QT_TRANSLATE_NOOP(
                "LibraryUnusableError",
                "{path} cannot be written (read-only); make it and its folder writable, "
                "or choose another home folder (--home).",
            ),
            path=database,
        )
    return None
