"""Between SQLite rows and records: JSON columns, and the guards on what may be stored at all."""

from __future__ import annotations

import json
import re
import sqlite3
import time
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from .errors import PayloadInSummaryError, SecretInProfileError
from .files import FileStore
from .models import ImageKind, ImageRecord, JobRecord, ProfileRecord, SubmitState

JOB_COLUMNS = (
    "id, profile, remote_id, action, submit_state, submit_reason, submit_answer, submit_attempts, "
    "queued_position, retry_at, status, progress, prompt, final_prompt, params, request_summary, "
    "fail_reason, buttons, raw, image_url, parent_job_id, parent_button, favourite, created_at, "
    "updated_at, submitted_at, finished_at, downloaded_at, download_error, download_attempts, "
    "remote_submit_time, remote_start_time, remote_finish_time"
)
IMAGE_COLUMNS = (
    "id, job_id, kind, idx, sha256, ext, size, width, height, mime, source_url, created_at"
)


def now_ms() -> int:
    return time.time_ns() // 1_000_000


def to_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def from_json(text: str | None) -> Any:
    return None if text is None else json.loads(text)


def profile_from_row(row: sqlite3.Row) -> ProfileRecord:
    return ProfileRecord(
        name=row["name"], base_url=row["base_url"], dialect=row["dialect"],
        settings=json.loads(row["settings"]), is_default=bool(row["is_default"]),
        created_at=row["created_at"], updated_at=row["updated_at"],
    )


def image_from_row(row: sqlite3.Row, files: FileStore) -> ImageRecord:
    return ImageRecord(
        id=row["id"], job_id=row["job_id"], kind=ImageKind(row["kind"]), index=row["idx"] or None,
        sha256=row["sha256"], ext=row["ext"], size=row["size"],
        path=files.path_for(row["sha256"], row["ext"]), width=row["width"], height=row["height"],
        mime=row["mime"], source_url=row["source_url"], created_at=row["created_at"],
    )


def job_from_row(
    row: sqlite3.Row, images: tuple[ImageRecord, ...] = (), tags: tuple[str, ...] = ()
) -> JobRecord:
    return JobRecord(
        id=row["id"], profile=row["profile"], action=row["action"],
        submit_state=SubmitState(row["submit_state"]), status=row["status"], prompt=row["prompt"],
        created_at=row["created_at"], updated_at=row["updated_at"], remote_id=row["remote_id"],
        progress=row["progress"], final_prompt=row["final_prompt"], params=json.loads(row["params"]),
        request_summary=json.loads(row["request_summary"]),
        submit_answer=from_json(row["submit_answer"]), submit_reason=row["submit_reason"],
        submit_attempts=row["submit_attempts"], queued_position=row["queued_position"],
        retry_at=row["retry_at"], fail_reason=row["fail_reason"], buttons=json.loads(row["buttons"]),
        raw=from_json(row["raw"]), image_url=row["image_url"], parent_job_id=row["parent_job_id"],
        parent_button=row["parent_button"], favourite=bool(row["favourite"]),
        submitted_at=row["submitted_at"], finished_at=row["finished_at"],
        downloaded_at=row["downloaded_at"], download_error=row["download_error"],
        download_attempts=row["download_attempts"], remote_submit_time=row["remote_submit_time"],
        remote_start_time=row["remote_start_time"], remote_finish_time=row["remote_finish_time"],
        images=images, tags=tags,
    )


# Setting names that carry credentials, compared with case and separators removed
# ("API-Key", "api_key", "apiKey" -> "apikey").
_SECRET_NAMES = frozenset({"key", "apikey", "secret", "token", "authorization", "password", "passwd",
                           "bearer", "credential", "credentials", "cookie"})
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
                f"{found} looks like a credential; API keys belong in the system keychain, "
                "never in the library"
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
