"""The library: one SQLite file in WAL mode plus a content-addressed file store.

``Library`` puts together the connection (``connection.py``), reading (``browse.py``), the job life
cycle (``lifecycle.py``) and files (``media.py``), and keeps the server profiles itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .errors import (
    LibraryError,
)
from .ledger import Ledger
from .lifecycle import Lifecycle
from .media import Media
from .models import (
    ProfileRecord,
)
from .queue import Queueing
from .references import References
from .rows import (
    PROFILE_COLUMNS,
    check_profile,
    now_ms,
    profile_from_row,
    to_json,
)
from .user_collections import Collecting


class Library(Lifecycle, Media, Queueing, Ledger, References, Collecting):
    """The local library. Open with :meth:`open`; every method is safe to call from any thread."""

    # ------------------------------------------------------------------------------------ profiles

    def save_profile(self, profile: ProfileRecord) -> ProfileRecord:
        """Insert or replace the profile of that name. Rejects settings that look like credentials."""
        if not profile.name.strip():
            raise ValueError("a profile needs a name")
        check_profile(profile)
        now = now_ms()
        with self.transaction() as db:
            if profile.is_default:
                db.execute("UPDATE profiles SET is_default = 0 WHERE is_default = 1 AND name != ?", (profile.name,))
            db.execute(
                "INSERT INTO profiles (name, base_url, dialect, settings, is_default, created_at, "
                "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET "
                "base_url = excluded.base_url, dialect = excluded.dialect, settings = excluded.settings, "
                "is_default = excluded.is_default, updated_at = excluded.updated_at",
                (
                    profile.name,
                    profile.base_url,
                    str(profile.dialect),
                    to_json(profile.settings),
                    int(profile.is_default),
                    now,
                    now,
                ),
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
            rows = (
                self._db()
                .execute(f"SELECT {PROFILE_COLUMNS} FROM profiles WHERE {where} ORDER BY name COLLATE NOCASE", params)
                .fetchall()
            )
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
            if (
                db.execute("UPDATE profiles SET name = ?, updated_at = ? WHERE name = ?", (new, now_ms(), old)).rowcount
                == 0
            ):
                raise LibraryError(f"there is no profile named {old!r}")
            db.execute("UPDATE jobs SET profile = ? WHERE profile = ?", (new, old))
