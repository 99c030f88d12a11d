"""The reference library: style, character and omni references (an image, or a style code) and
personalization codes a designer keeps, names, tags and reuses — and the link each stored image got
when it was uploaded to a server, remembered by content so it is uploaded once and renewed only
when it expires."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .browse import Browsing
from .errors import LibraryError
from .rows import now_ms

REFERENCE_KINDS = ("sref", "cref", "oref", "p")
# The weight parameter of each kind (--sw, --cw, --ow); --p has none.
WEIGHT_OF = {"sref": "sw", "cref": "cw", "oref": "ow"}
MAX_NAME = 120
MAX_TAGS = 20
KEEP = object()  # update_reference: leave this field as it is
_COLUMNS = "id, kind, name, tags, weight, code, image_sha, image_ext, created_at, used_at"


@dataclass(frozen=True)
class Reference:
    id: int
    kind: str  # sref | cref | oref | p
    name: str
    tags: tuple[str, ...] = ()
    weight: int | None = None  # the default weight used with it (None: the model's default)
    code: str | None = None  # a style code / personalization code / link typed by the user
    image_sha: str | None = None  # the stored image (content-addressed), for image references
    image_ext: str | None = None
    created_at: int = 0
    used_at: int | None = None
    image_path: Path | None = field(default=None, compare=False)

    @property
    def is_image(self) -> bool:
        return self.image_sha is not None


@dataclass(frozen=True)
class UploadLink:
    profile: str
    sha256: str
    url: str
    uploaded_at: int
    expires_at: int | None  # epoch ms, when the link says so (Discord's ex=); None: not known

    def alive(self, now_ms: int, margin_ms: int = 10 * 60 * 1000) -> bool:
        """Usable for a submit now: not expired, nor about to (the server fetches it a bit later)."""
        return self.expires_at is None or self.expires_at - margin_ms > now_ms


def _clean_tags(tags: Sequence[str]) -> list[str]:
    seen: dict[str, str] = {}
    for tag in tags:
        text = " ".join(str(tag).split())[:40]
        if text and text.lower() not in seen:
            seen[text.lower()] = text
    return list(seen.values())[:MAX_TAGS]


class References(Browsing):
    def _reference(self, row: Sequence[Any]) -> Reference:
        try:
            tags = tuple(str(t) for t in json.loads(row[3]) if isinstance(t, str))
        except (ValueError, TypeError):
            tags = ()
        path = self.files.path_for(row[6], row[7]) if row[6] else None
        return Reference(row[0], row[1], row[2], tags, row[4], row[5], row[6], row[7], row[8], row[9], path)

    def add_reference(
        self,
        kind: str,
        name: str,
        *,
        code: str | None = None,
        image: bytes | Path | None = None,
        tags: Sequence[str] = (),
        weight: int | None = None,
    ) -> Reference:
        """Keep a reference: an image (stored like any library file) or a code, or both."""
        if kind not in REFERENCE_KINDS:
            raise ValueError(f"unknown reference kind {kind!r}")
        code = (code or "").strip() or None
        if code is None and image is None:
            raise ValueError("a reference needs an image or a code")
        if kind == "p" and image is not None:
            raise ValueError("a personalization code has no image")
        stored = self.files.put(image) if image is not None else None
        with self.transaction() as db:
            cur = db.execute(
                f"INSERT INTO refs ({_COLUMNS.replace('id, ', '', 1)}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL)",
                (
                    kind,
                    (name.strip() or kind)[:MAX_NAME],
                    json.dumps(_clean_tags(tags), ensure_ascii=False),
                    weight,
                    code,
                    stored.sha256 if stored else None,
                    stored.ext if stored else None,
                    now_ms(),
                ),
            )
            assert cur.lastrowid is not None
            return self.reference(cur.lastrowid)

    def reference(self, ref_id: int) -> Reference:
        with self._snapshot() as db:
            row = db.execute(f"SELECT {_COLUMNS} FROM refs WHERE id = ?", (ref_id,)).fetchone()
        if row is None:
            raise LibraryError(f"there is no reference {ref_id}")
        return self._reference(row)

    def references(self, kind: str | None = None, search: str = "") -> list[Reference]:
        """Saved references, the most recently used first; ``search`` matches name, tags or code."""
        where, params = ["1"], []
        if kind is not None:
            where.append("kind = ?")
            params.append(kind)
        text = search.strip().lower()
        if text:
            where.append("(lower(name) LIKE ? OR lower(tags) LIKE ? OR lower(coalesce(code, '')) LIKE ?)")
            params += [f"%{text}%"] * 3
        with self._snapshot() as db:
            rows = db.execute(
                f"SELECT {_COLUMNS} FROM refs WHERE {' AND '.join(where)} "
                "ORDER BY coalesce(used_at, created_at) DESC, id DESC",
                params,
            ).fetchall()
        return [self._reference(r) for r in rows]

    def update_reference(
        self,
        ref_id: int,
        *,
        name: str | None = None,
        tags: Sequence[str] | None = None,
        weight: int | object | None = KEEP,
    ) -> Reference:
        """Rename, retag or reweigh (``weight=None`` clears it; leave it out to keep it)."""
        changes: dict[str, Any] = {}
        if name is not None:
            changes["name"] = (name.strip() or "—")[:MAX_NAME]
        if tags is not None:
            changes["tags"] = json.dumps(_clean_tags(tags), ensure_ascii=False)
        if weight is not KEEP:
            changes["weight"] = weight
        if changes:
            with self.transaction() as db:
                db.execute(
                    f"UPDATE refs SET {', '.join(f'{k} = ?' for k in changes)} WHERE id = ?",
                    (*changes.values(), ref_id),
                )
        return self.reference(ref_id)

    def touch_reference(self, ref_id: int) -> None:
        """It was just used: the picker lists it first."""
        with self.transaction() as db:
            db.execute("UPDATE refs SET used_at = ? WHERE id = ?", (now_ms(), ref_id))

    def delete_reference(self, ref_id: int) -> None:
        """Forget a reference; its image file goes too unless a job or another reference has it."""
        with self.transaction() as db:
            row = db.execute("SELECT image_sha, image_ext FROM refs WHERE id = ?", (ref_id,)).fetchone()
            db.execute("DELETE FROM refs WHERE id = ?", (ref_id,))
            if row is not None and row[0]:
                self._discard_files_later({(row[0], row[1])})

    # -------------------------------------------------------------------------------- upload links

    def upload_link(self, profile: str, sha256: str) -> UploadLink | None:
        """The link this content got when last uploaded to this server, if any."""
        with self._snapshot() as db:
            row = db.execute(
                "SELECT profile, sha256, url, uploaded_at, expires_at FROM upload_links "
                "WHERE profile = ? AND sha256 = ?",
                (profile, sha256),
            ).fetchone()
        return UploadLink(*row) if row else None

    def upload_link_by_url(self, url: str) -> UploadLink | None:
        """Which stored content a link was made for (to renew it when it expires)."""
        with self._snapshot() as db:
            row = db.execute(
                "SELECT profile, sha256, url, uploaded_at, expires_at FROM upload_links WHERE url = ? "
                "ORDER BY uploaded_at DESC LIMIT 1",
                (url,),
            ).fetchone()
        return UploadLink(*row) if row else None

    def remember_upload(self, profile: str, sha256: str, url: str, expires_at: int | None) -> UploadLink:
        with self.transaction() as db:
            db.execute(
                "INSERT OR REPLACE INTO upload_links (profile, sha256, url, uploaded_at, expires_at) "
                "VALUES (?, ?, ?, ?, ?)",
                (profile, sha256, url, now_ms(), expires_at),
            )
        link = self.upload_link(profile, sha256)
        assert link is not None
        return link

    def stored_file(self, sha256: str) -> Path | None:
        """The library file with this content (a reference's image or a job's), if there is one."""
        with self._snapshot() as db:
            row = db.execute(
                "SELECT image_ext FROM refs WHERE image_sha = ? UNION ALL "
                "SELECT ext FROM images WHERE sha256 = ? LIMIT 1",
                (sha256, sha256),
            ).fetchone()
        return self.files.path_for(sha256, row[0]) if row else None
