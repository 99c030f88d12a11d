"""The library's tables, and the ordered migrations that build and upgrade them.

``PRAGMA user_version`` holds the number of the last migration applied. Each migration runs in its
own ``BEGIN IMMEDIATE`` transaction and re-reads the version inside it, so two processes opening a
fresh or old library at the same moment do not both apply it. Migrations are append-only: once
released, a migration's statements never change; fixes go into a new one.

Times are epoch milliseconds (UTC); JSON is stored as TEXT.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .errors import NewerLibraryError


@dataclass(frozen=True)
class Migration:
    version: int
    description: str
    apply: Callable[[sqlite3.Connection], None]


def fts_tokenizer(conn: sqlite3.Connection) -> str:
    """``trigram`` (SQLite >= 3.34) finds substrings in any script, Chinese included; otherwise
    ``unicode61``, and searches for CJK text fall back to LIKE."""
    try:
        conn.execute("CREATE VIRTUAL TABLE temp._probe_trigram USING fts5(x, tokenize='trigram')")
    except sqlite3.OperationalError:
        return "unicode61"
    conn.execute("DROP TABLE temp._probe_trigram")
    return "trigram"


_V1_TABLES = (
    """CREATE TABLE meta (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    )""",
    """CREATE TABLE profiles (
        name TEXT PRIMARY KEY,
        base_url TEXT NOT NULL,
        dialect TEXT NOT NULL,
        settings TEXT NOT NULL DEFAULT '{}',
        is_default INTEGER NOT NULL DEFAULT 0 CHECK (is_default IN (0, 1)),
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
    )""",
    "CREATE UNIQUE INDEX profiles_one_default ON profiles(is_default) WHERE is_default = 1",
    # profile is the profile's name, not a foreign key: history outlives a deleted server profile.
    """CREATE TABLE jobs (
        id INTEGER PRIMARY KEY,
        profile TEXT NOT NULL,
        remote_id TEXT,
        action TEXT NOT NULL,
        submit_state TEXT NOT NULL CHECK (submit_state IN
            ('sending', 'accepted', 'refused', 'unknown', 'deferred', 'cancelled')),
        submit_reason TEXT,
        submit_answer TEXT,
        submit_attempts INTEGER NOT NULL DEFAULT 1,
        queued_position INTEGER,
        retry_at INTEGER,
        status TEXT NOT NULL,
        progress INTEGER,
        prompt TEXT NOT NULL DEFAULT '',
        final_prompt TEXT,
        params TEXT NOT NULL DEFAULT '{}',
        request_summary TEXT NOT NULL DEFAULT '{}',
        fail_reason TEXT,
        buttons TEXT NOT NULL DEFAULT '[]',
        raw TEXT,
        image_url TEXT,
        parent_job_id INTEGER REFERENCES jobs(id) ON DELETE SET NULL,
        parent_button TEXT,
        favourite INTEGER NOT NULL DEFAULT 0 CHECK (favourite IN (0, 1)),
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        submitted_at INTEGER,
        finished_at INTEGER,
        downloaded_at INTEGER,
        download_error TEXT,
        download_attempts INTEGER NOT NULL DEFAULT 0,
        remote_submit_time INTEGER,
        remote_start_time INTEGER,
        remote_finish_time INTEGER
    )""",
    "CREATE INDEX jobs_created ON jobs(created_at, id)",
    "CREATE UNIQUE INDEX jobs_remote ON jobs(profile, remote_id) WHERE remote_id IS NOT NULL",
    "CREATE INDEX jobs_parent ON jobs(parent_job_id) WHERE parent_job_id IS NOT NULL",
    # Small by construction: only jobs still in flight, which the poller reads every few seconds.
    "CREATE INDEX jobs_unfinished ON jobs(profile, submit_state) WHERE finished_at IS NULL",
    "CREATE INDEX jobs_undownloaded ON jobs(status) WHERE downloaded_at IS NULL",
    "CREATE INDEX jobs_favourite ON jobs(created_at) WHERE favourite = 1",
    # idx 0 stands for "no index" so the UNIQUE constraint also holds for unindexed kinds.
    """CREATE TABLE images (
        id INTEGER PRIMARY KEY,
        job_id INTEGER NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
        kind TEXT NOT NULL,
        idx INTEGER NOT NULL DEFAULT 0,
        sha256 TEXT NOT NULL,
        ext TEXT NOT NULL,
        size INTEGER NOT NULL,
        width INTEGER,
        height INTEGER,
        mime TEXT,
        source_url TEXT,
        created_at INTEGER NOT NULL,
        UNIQUE (job_id, kind, idx)
    )""",
    "CREATE INDEX images_sha256 ON images(sha256)",
    """CREATE TABLE job_tags (
        job_id INTEGER NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
        tag TEXT NOT NULL COLLATE NOCASE,
        PRIMARY KEY (job_id, tag)
    ) WITHOUT ROWID""",
    "CREATE INDEX job_tags_tag ON job_tags(tag, job_id)",
)

# The FTS table keeps its own copy of the prompts (a few hundred bytes a job): searches for terms
# too short for trigrams scan that compact copy instead of the wide jobs rows. Triggers keep it in
# step; the update trigger fires only when a prompt really changed, so status updates stay cheap.
_V1_FTS_TRIGGERS = (
    """CREATE TRIGGER jobs_fts_insert AFTER INSERT ON jobs BEGIN
        INSERT INTO jobs_fts(rowid, prompt, final_prompt)
        VALUES (new.id, new.prompt, coalesce(new.final_prompt, ''));
    END""",
    """CREATE TRIGGER jobs_fts_delete AFTER DELETE ON jobs BEGIN
        DELETE FROM jobs_fts WHERE rowid = old.id;
    END""",
    """CREATE TRIGGER jobs_fts_update AFTER UPDATE OF prompt, final_prompt ON jobs
    WHEN old.prompt IS NOT new.prompt OR old.final_prompt IS NOT new.final_prompt BEGIN
        UPDATE jobs_fts SET prompt = new.prompt, final_prompt = coalesce(new.final_prompt, '')
        WHERE rowid = new.id;
    END""",
)


def _v1(conn: sqlite3.Connection) -> None:
    for statement in _V1_TABLES:
        conn.execute(statement)
    tokenizer = fts_tokenizer(conn)
    conn.execute(f"CREATE VIRTUAL TABLE jobs_fts USING fts5(prompt, final_prompt, tokenize='{tokenizer}')")
    for statement in _V1_FTS_TRIGGERS:
        conn.execute(statement)
    conn.execute("INSERT INTO meta(key, value) VALUES ('fts_tokenizer', ?)", (tokenizer,))


def _v_hidden(conn: sqlite3.Connection) -> None:
    """Jobs the user dismissed from the gallery (failed ones, mostly): kept, just not shown.
    Helper "gui"'s migration; numbered after helper "actions"' one when both branches merge."""
    conn.execute("ALTER TABLE jobs ADD COLUMN hidden INTEGER NOT NULL DEFAULT 0 CHECK (hidden IN (0, 1))")


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "initial schema: profiles, jobs, images, tags, prompt search", _v1),
    Migration(2, "jobs.hidden: dismissed from the gallery, kept in the library", _v_hidden),
)
SCHEMA_VERSION = MIGRATIONS[-1].version


def user_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def migrate(conn: sqlite3.Connection, migrations: Sequence[Migration] = MIGRATIONS) -> int:
    """Bring the database up to the last of ``migrations``; returns the resulting version.

    ``conn`` must be in autocommit mode (``isolation_level=None``) and outside a transaction.
    """
    for expected, migration in enumerate(migrations, start=1):
        if migration.version != expected:
            raise ValueError(f"migration {migration.version} is out of order (expected {expected})")
    latest = migrations[-1].version if migrations else 0
    current = user_version(conn)
    if current > latest:
        raise NewerLibraryError(
            f"this library has schema version {current}, newer than this mjdesk knows ({latest}); "
            "open it with a newer mjdesk"
        )
    for migration in migrations[current:]:
        conn.execute("BEGIN IMMEDIATE")
        try:
            if user_version(conn) < migration.version:  # another process may have just done it
                migration.apply(conn)
                conn.execute(f"PRAGMA user_version = {int(migration.version)}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    return user_version(conn)
