"""Between SQLite rows and records: JSON columns, and the guards on what may be stored at all."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Mapping, Sequence
from dataclasses import fields
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from .errors import PayloadInSummaryError, SecretInProfileError
from .models import ImageKind, ImageRecord, JobRecord, ProfileRecord, SubmitState

# Records are built positionally from plain tuples: a gallery page is a few thousand rows, and
# name lookups on sqlite3.Row were most of the time it took to read one.
_JOB_FIELD_COLUMNS = {
    "params_json": "params",
    "request_summary_json": "request_summary",
    "submit_answer_json": "submit_answer",
    "buttons_json": "buttons",
    "raw_json": "raw",
}
_JOB_FIELDS = [f.name for f in fields(JobRecord) if f.name not in ("images", "tags")]
JOB_COLUMNS = ", ".join("j." + _JOB_FIELD_COLUMNS.get(name, name) for name in _JOB_FIELDS)
_STATE_AT = _JOB_FIELDS.index("submit_state")
_FAVOURITE_AT = _JOB_FIELDS.index("favourite")
_HIDDEN_AT = _JOB_FIELDS.index("hidden")
_HELD_AT = _JOB_FIELDS.index("held")
_REJECTED_AT = _JOB_FIELDS.index("rejected")
_STATES = {s.value: s for s in SubmitState}
_KINDS = {k.value: k for k in ImageKind}

IMAGE_COLUMNS = "id, job_id, kind, idx, sha256, ext, size, width, height, mime, source_url, created_at"
PROFILE_COLUMNS = "name, base_url, dialect, settings, is_default, created_at, updated_at"


def now_ms() -> int:
    return time.time_ns() // 1_000_000


def to_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def profile_from_row(row: Sequence[Any]) -> ProfileRecord:
    """``row`` in :data:`PROFILE_COLUMNS` order."""
    name, base_url, dialect, settings, is_default, created_at, updated_at = row
    return ProfileRecord(name, base_url, dialect, json.loads(settings), bool(is_default), created_at, updated_at)


def image_from_row(row: Sequence[Any], store_root: Path) -> ImageRecord:
    """``row`` in :data:`IMAGE_COLUMNS` order."""
    id_, job_id, kind, idx, sha256, ext, size, width, height, mime, source_url, created_at = row
    return ImageRecord(
        id_,
        job_id,
        _KINDS[kind],
        idx or None,
        sha256,
        ext,
        size,
        store_root,
        width,
        height,
        mime,
        source_url,
        created_at,
    )


def job_from_row(row: Sequence[Any], images: tuple[ImageRecord, ...] = (), tags: tuple[str, ...] = ()) -> JobRecord:
    """``row`` in :data:`JOB_COLUMNS` order."""
    values = list(row)
    values[_STATE_AT] = _STATES[values[_STATE_AT]]
    values[_FAVOURITE_AT] = bool(values[_FAVOURITE_AT])
    values[_HIDDEN_AT] = bool(values[_HIDDEN_AT])
    values[_HELD_AT] = bool(values[_HELD_AT])
    values[_REJECTED_AT] = bool(values[_REJECTED_AT])
    # values end before the images/tags fields (JOB_COLUMNS), which mypy cannot see in a *list
    return JobRecord(*values, images=images, tags=tags)  # type: ignore[misc]


# Setting names that carry credentials, compared with case and separators removed
# ("API-Key", "api_key", "apiKey" -> "apikey").
_SECRET_NAMES = frozenset(
    {
        "key",
        "apikey",
        "secret",
        "token",
        "authorization",
        "password",
        "passwd",
        "bearer",
        "credential",
        "credentials",
        "cookie",
    }
)
_SECRET_PARTS = ("apikey", "secret", "token", "authorization", "password", "credential")
_KEY_LIKE_VALUE = re.compile(r"^(?:sk-[A-Za-z0-9_-]{16,}|Bearer\s+\S+)$")


def _secret_name(name: str) -> bool:
    flat = re.sub(r"[^a-z0-9]", "", name.lower())
    return flat in _SECRET_NAMES or flat.endswith("key") or any(p in flat for p in _SECRET_PARTS)


def _secret_value(value: str) -> bool:
    if _KEY_LIKE_VALUE.match(value.strip()):
        return True
    # A proxy or base URL with user:password@ would put a credential in the file.
    if "://" in value:
        try:
            return urlsplit(value.strip()).password is not None
        except ValueError:
            return False
    return False


def find_secret(value: Any, where: str = "settings") -> str | None:
    """Where in ``value`` a credential seems to be (``settings.proxy.password``), or None."""
    if isinstance(value, Mapping):
        for name, item in value.items():
            here = f"{where}.{name}"
            if isinstance(name, str) and _secret_name(name) and item not in (None, "", False):
                return here
            found = find_secret(item, here)
            if found:
                return found
    elif isinstance(value, list | tuple):
        for i, item in enumerate(value):
            found = find_secret(item, f"{where}[{i}]")
            if found:
                return found
    elif isinstance(value, str) and _secret_value(value):
        return where
    return None


def check_profile(profile: ProfileRecord) -> None:
    for where, value in (("base_url", profile.base_url), ("settings", profile.settings)):
        found = find_secret(value, where)
        if found:
            raise SecretInProfileError(
                f"{found} looks like a credential; API keys belong in the system keychain, never in the library"
            )


# Generous for a prompt (Midjourney caps them far lower), far too small for an encoded image.
MAX_TEXT = 20_000


def find_payload(value: Any, where: str) -> str | None:
    """Where in ``value`` image data seems to be: a data URL or an implausibly long string."""
    if isinstance(value, Mapping):
        for name, item in value.items():
            found = find_payload(item, f"{where}.{name}")
            if found:
                return found
    elif isinstance(value, list | tuple):
        for i, item in enumerate(value):
            found = find_payload(item, f"{where}[{i}]")
            if found:
                return found
    elif isinstance(value, str) and (value.lstrip()[:5].lower() == "data:" or len(value) > MAX_TEXT):
        return where
    return None


def check_no_payload(value: Any, where: str) -> None:
    found = find_payload(value, where)
    if found:
        raise PayloadInSummaryError(
            f"{found} holds image data or an oversized text; store names, sizes and hashes instead"
        )
