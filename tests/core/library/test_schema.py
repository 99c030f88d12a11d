from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from mjdesk.core.library import SCHEMA_VERSION, Library, LibraryError, NewerLibraryError
from mjdesk.core.library.schema import MIGRATIONS, Migration, migrate, user_version
from mjdesk.core.paths import AppPaths


def _connect(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(path, isolation_level=None)


def test_open_creates_folders_wal_and_current_schema(paths: AppPaths) -> None:
    with Library.open(paths):
        pass
    assert paths.files.is_dir()
    conn = _connect(paths.database)
    try:
        assert user_version(conn) == SCHEMA_VERSION == len(MIGRATIONS)
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type IN ('table')")}
        assert {"profiles", "jobs", "images", "job_tags", "jobs_fts", "meta"} <= tables
    finally:
        conn.close()


def test_reopening_does_not_migrate_again(paths: AppPaths) -> None:
    with Library.open(paths) as lib:
        job = lib.add_job(profile="p", action="IMAGINE", prompt="kept").id
    with Library.open(paths) as lib:
        assert lib.job(job).prompt == "kept"


def test_a_v1_file_is_upgraded_by_a_later_migration(tmp_path: Path) -> None:
    db = tmp_path / "old.sqlite3"
    conn = _connect(db)
    assert migrate(conn, MIGRATIONS[:1]) == 1
    conn.execute(
        "INSERT INTO jobs (profile, action, submit_state, status, created_at, updated_at) "
        "VALUES ('p', 'IMAGINE', 'accepted', 'SUCCESS', 1, 1)"
    )

    def add_rating(c: sqlite3.Connection) -> None:
        c.execute("ALTER TABLE jobs ADD COLUMN rating INTEGER NOT NULL DEFAULT 0")
        c.execute("UPDATE jobs SET rating = 3 WHERE status = 'SUCCESS'")

    assert migrate(conn, (*MIGRATIONS[:1], Migration(2, "ratings", add_rating))) == 2
    assert conn.execute("SELECT rating FROM jobs").fetchone()[0] == 3
    conn.close()


def test_a_failing_migration_leaves_the_previous_version_intact(tmp_path: Path) -> None:
    conn = _connect(tmp_path / "db.sqlite3")
    migrate(conn, MIGRATIONS[:1])

    def broken(c: sqlite3.Connection) -> None:
        c.execute("ALTER TABLE jobs ADD COLUMN half_done INTEGER")
        raise RuntimeError("disk on fire")

    with pytest.raises(RuntimeError):
        migrate(conn, (*MIGRATIONS[:1], Migration(2, "broken", broken)))
    assert user_version(conn) == 1
    columns = {r[1] for r in conn.execute("PRAGMA table_info(jobs)")}
    assert "half_done" not in columns
    conn.close()


def test_migrations_must_be_numbered_in_order(tmp_path: Path) -> None:
    conn = _connect(tmp_path / "db.sqlite3")
    with pytest.raises(ValueError, match="out of order"):
        migrate(conn, (Migration(2, "skips one", lambda c: None),))
    conn.close()


def test_a_library_from_a_newer_version_is_refused(paths: AppPaths) -> None:
    with Library.open(paths):
        pass
    conn = _connect(paths.database)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(NewerLibraryError):
        Library.open(paths)


def test_a_file_that_is_not_a_database_gives_a_library_error(paths: AppPaths) -> None:
    paths.data.mkdir(parents=True)
    paths.database.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(LibraryError):
        Library.open(paths)


def test_closed_library_refuses_calls(paths: AppPaths) -> None:
    lib = Library.open(paths)
    lib.close()
    with pytest.raises(LibraryError, match="closed"):
        lib.recent_jobs()
