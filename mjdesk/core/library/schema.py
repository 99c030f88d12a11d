"""The library's tables, and the ordered migrations that build and upgrade them.

``PRAGMA user_version`` holds the number of the last migration applied. Each migration runs in its
own ``BEGIN IMMEDIATE`` transaction and re-reads the version inside it, so two processes opening a
fresh or old library at the same moment do not both apply it. Migrations are append-only: once
released, a migration's statements never change; fixes go into a new one.

Times are epoch milliseconds (UTC); JSON is stored as TEXT.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

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


def _json_object(text: str | None) -> dict[str, Any]:
    try:
        value = json.loads(text) if text else None
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


# Actions a server may report that say nothing about what the job is (spec §7).
_VAGUE_ACTIONS = frozenset({"", "ACTION", "MODAL", "UNKNOWN"})
_ACTION_WORD = re.compile(r"^[A-Z][A-Z0-9_]{0,31}$")


def _derived_action(params: str | None, summary: str | None, button: str | None, raw: str | None) -> str | None:
    """What a job recorded as ACTION really was, from what it stored; None when nothing tells."""
    # The same mapping the job service records new presses with: old and new rows agree.
    from mjdesk.core.api.buttons import GENERIC_ACTION, action_of_custom_id

    request = _json_object(summary)
    for custom_id in (_json_object(params).get("custom_id"), request.get("custom_id"), button):
        if isinstance(custom_id, str) and "::" in custom_id:
            action = action_of_custom_id(custom_id)
            if action != GENERIC_ACTION:
                return action
    if request.get("type") == "ChangeRequest" and request.get("action") in ("UPSCALE", "VARIATION", "REROLL"):
        return str(request["action"])
    told = _json_object(raw).get("action")  # the server's word; untrusted, so only a plain name
    if (
        isinstance(told, str)
        and told.strip().upper() not in _VAGUE_ACTIONS
        and _ACTION_WORD.match(told.strip().upper())
    ):
        return told.strip().upper()
    return None


def _v2(conn: sqlite3.Connection) -> None:
    """Button presses were all stored as ACTION with an empty prompt: name each one (UPSCALE, ZOOM,
    INPAINT...) and give it its family's prompt, as the job service now records them."""
    rows = conn.execute(
        "SELECT id, params, request_summary, parent_button, raw FROM jobs "
        "WHERE action IN ('ACTION', 'CHANGE', 'SIMPLE_CHANGE')"
    ).fetchall()
    from mjdesk.core.api.buttons import OWN_PROMPT_ACTIONS

    named = [
        (action, job_id)
        for job_id, params, summary, button, raw in rows
        if (action := _derived_action(params, summary, button, raw)) is not None
    ]
    conn.executemany("UPDATE jobs SET action = ? WHERE id = ?", named)
    # Parents are older than their children, so one pass in id order hands a prompt down a family.
    parents = {r[0] for r in conn.execute("SELECT DISTINCT parent_job_id FROM jobs WHERE parent_job_id IS NOT NULL")}
    prompts: dict[int, str] = {}  # of parents only: a big library's prompts need not all be in memory
    inherited: list[tuple[str, int]] = []
    for job_id, parent, action, prompt in conn.execute(
        "SELECT id, parent_job_id, action, prompt FROM jobs WHERE id IN (SELECT parent_job_id FROM jobs) "
        "OR parent_job_id IS NOT NULL ORDER BY id"
    ).fetchall():
        if not prompt and parent in prompts and action not in OWN_PROMPT_ACTIONS:
            prompt = prompts[parent]
            inherited.append((prompt, job_id))
        if prompt and job_id in parents:
            prompts[job_id] = prompt
    conn.executemany("UPDATE jobs SET prompt = ? WHERE id = ?", inherited)


def _v3(conn: sqlite3.Connection) -> None:
    """Jobs the user dismissed from the gallery (failed ones, mostly): kept, just not shown."""
    conn.execute("ALTER TABLE jobs ADD COLUMN hidden INTEGER NOT NULL DEFAULT 0 CHECK (hidden IN (0, 1))")


def _v4(conn: sqlite3.Connection) -> None:
    """The user's own queue: deferred jobs wait in ``queue_order`` (reorderable), ``held`` ones are
    skipped until released. Jobs already deferred keep the order they were made in."""
    conn.execute("ALTER TABLE jobs ADD COLUMN queue_order INTEGER")
    conn.execute("ALTER TABLE jobs ADD COLUMN held INTEGER NOT NULL DEFAULT 0 CHECK (held IN (0, 1))")
    conn.execute("UPDATE jobs SET queue_order = id WHERE submit_state = 'deferred'")
    conn.execute("CREATE INDEX jobs_queue ON jobs(profile, queue_order) WHERE submit_state = 'deferred'")


def _v5(conn: sqlite3.Connection) -> None:
    """What each accepted job cost (ledger.py): the price in force at acceptance beside what it
    counts for now (0 once refunded). Older jobs have no row: nothing was priced then."""
    conn.execute(
        """CREATE TABLE job_costs (
            job_id INTEGER PRIMARY KEY REFERENCES jobs(id) ON DELETE CASCADE,
            amount REAL NOT NULL CHECK (amount >= 0),
            estimate REAL NOT NULL CHECK (estimate >= 0),
            unit TEXT NOT NULL,
            source TEXT NOT NULL,
            recorded_at INTEGER NOT NULL
        )"""
    )
    conn.execute("CREATE INDEX job_costs_recorded ON job_costs(recorded_at)")


def _v6(conn: sqlite3.Connection) -> None:
    """The reference library (saved --sref/--cref/--oref images and codes, --p codes) and the links
    images got when uploaded to a server, by content: reused while they live, renewed when not."""
    conn.execute(
        """CREATE TABLE refs (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL CHECK (kind IN ('sref', 'cref', 'oref', 'p')),
            name TEXT NOT NULL,
            tags TEXT NOT NULL DEFAULT '[]',
            weight INTEGER,
            code TEXT,
            image_sha TEXT,
            image_ext TEXT,
            created_at INTEGER NOT NULL,
            used_at INTEGER,
            CHECK (code IS NOT NULL OR image_sha IS NOT NULL)
        )"""
    )
    conn.execute("CREATE INDEX refs_image ON refs(image_sha) WHERE image_sha IS NOT NULL")
    conn.execute(
        """CREATE TABLE upload_links (
            profile TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            url TEXT NOT NULL,
            uploaded_at INTEGER NOT NULL,
            expires_at INTEGER,
            PRIMARY KEY (profile, sha256)
        )"""
    )
    conn.execute("CREATE INDEX upload_links_url ON upload_links(url)")


def _v7(conn: sqlite3.Connection) -> None:
    """Collections: named folders the user makes, renames and deletes, each holding any jobs (a job
    can be in many); deleting a collection or a job only removes the membership. A table of their
    own rather than tags: a collection exists while empty, keeps its place in the list and is
    renamed in one row, while tags stay free labels that exist only on the jobs carrying them."""
    conn.execute(
        """CREATE TABLE collections (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE COLLATE NOCASE,
            position INTEGER NOT NULL,
            created_at INTEGER NOT NULL
        )"""
    )
    conn.execute(
        """CREATE TABLE collection_jobs (
            collection_id INTEGER NOT NULL REFERENCES collections(id) ON DELETE CASCADE,
            job_id INTEGER NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
            added_at INTEGER NOT NULL,
            PRIMARY KEY (collection_id, job_id)
        ) WITHOUT ROWID"""
    )
    conn.execute("CREATE INDEX collection_jobs_job ON collection_jobs(job_id, collection_id)")


def _v8(conn: sqlite3.Connection) -> None:
    """Culling: a star rating (0 = unrated, 1-5) and a reject flag, kept apart as in Lightroom, so
    taking a reject back leaves the stars it had; the partial index serves "delete rejected"."""
    conn.execute("ALTER TABLE jobs ADD COLUMN rating INTEGER NOT NULL DEFAULT 0 CHECK (rating BETWEEN 0 AND 5)")
    conn.execute("ALTER TABLE jobs ADD COLUMN rejected INTEGER NOT NULL DEFAULT 0 CHECK (rejected IN (0, 1))")
    conn.execute("CREATE INDEX jobs_rejected ON jobs(id) WHERE rejected = 1")


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "initial schema: profiles, jobs, images, tags, prompt search", _v1),
    Migration(2, "follow-ups named by their real action (UPSCALE, ZOOM, ...) and given their family's prompt", _v2),
    Migration(3, "jobs.hidden: dismissed from the gallery, kept in the library", _v3),
    Migration(4, "the user's own queue: jobs.queue_order and jobs.held", _v4),
    Migration(5, "job_costs: what each accepted job cost, for the ledger and the budget guard", _v5),
    Migration(6, "the reference library (refs) and uploaded links by content (upload_links)", _v6),
    Migration(7, "collections: named folders of jobs (a job can be in many)", _v7),
    Migration(8, "culling: jobs.rating (0-5) and jobs.rejected", _v8),
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
