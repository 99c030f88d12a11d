"""Is there a newer mjdesk? Reads the release feed, compares versions, remembers when it last asked.

The feed is a small JSON document (packaging/release_feed.py renders it from CHANGELOG.md for
each release; the build workflow publishes it beside the installers)::

    {"schema": 1, "name": "mjdesk", "version": "0.2.0", "date": "2026-12-04",
     "notes": ["...", "..."], "url": "https://github.com/mjdesk/mjdesk/releases/tag/v0.2.0"}

The request says nothing about the user: a plain GET without query, cookies or a versioned
user agent. What comes back is untrusted: size-capped, parsed strictly, links only over https,
notes shown as plain text. No Qt here; the window schedules the check (ui/updates.py).
"""

from __future__ import annotations

import json
import logging
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from .safefiles import write_text_atomic

if TYPE_CHECKING:
    from .api.profile import ProxySetting

log = logging.getLogger(__name__)

DEFAULT_FEED_URL = "https://github.com/mjdesk/mjdesk/releases/latest/download/release-feed.json"
CHECK_EVERY_S = 24 * 3600.0
MAX_FEED_BYTES = 64 * 1024
MAX_NOTES = 40
MAX_NOTE_CHARS = 400
TIMEOUT_S = 10.0
STATE_FILE = "update-check.json"

_VERSION = re.compile(r"^v?(?P<release>\d+(?:\.\d+){0,3})(?:(?P<pre>a|b|rc)(?P<pre_n>\d+))?$")
_PRE_RANK = {"a": 0, "b": 1, "rc": 2}
_LOOPBACK = frozenset({"127.0.0.1", "::1", "localhost"})


class FeedError(ValueError):
    """The feed could not be read or does not say what a feed says; the message tells which (in
    English, for the log), ``kind`` what the window says: unreachable, http, insecure, malformed."""

    def __init__(self, message: str, kind: str = "malformed") -> None:
        super().__init__(message)
        self.kind = kind


@dataclass(frozen=True)
class Release:
    version: str
    date: str
    notes: tuple[str, ...]
    url: str  # the release's page: https only


def version_key(text: str) -> tuple[tuple[int, ...], tuple[int, int]]:
    """A sortable key for ``1.2``, ``1.2.0``, ``v1.3.0rc1``; a final release sorts after its pre-releases."""
    m = _VERSION.match(text.strip())
    if not m:
        raise FeedError(f"not a version number: {text[:40]!r}")
    numbers = [int(part) for part in m["release"].split(".")]
    while len(numbers) > 1 and numbers[-1] == 0:
        numbers.pop()  # 1.2 == 1.2.0
    pre = (_PRE_RANK[m["pre"]], int(m["pre_n"])) if m["pre"] else (3, 0)
    return tuple(numbers), pre


def is_prerelease(text: str) -> bool:
    return version_key(text)[1][0] < 3


def is_newer(candidate: str, current: str) -> bool:
    """Whether ``candidate`` is worth offering to someone running ``current``: a later version, and
    not a pre-release unless they already run one."""
    if is_prerelease(candidate) and not is_prerelease(current):
        return False
    return version_key(candidate) > version_key(current)


def parse_feed(raw: bytes) -> Release:
    if len(raw) > MAX_FEED_BYTES:
        raise FeedError(f"the feed is larger than {MAX_FEED_BYTES // 1024} KB")
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise FeedError(f"the feed is not JSON: {exc}") from None
    if not isinstance(data, dict) or data.get("name") != "mjdesk":
        raise FeedError("the document is not mjdesk's release feed")
    version = _text(data, "version", 40)
    version_key(version)
    url = _text(data, "url", 500)
    if not url.startswith("https://"):
        raise FeedError("the release link is not an https address")
    notes = data.get("notes", [])
    if not isinstance(notes, list) or not all(isinstance(n, str) for n in notes):
        raise FeedError("the release notes are not a list of texts")
    clean = tuple(" ".join(n.split())[:MAX_NOTE_CHARS] for n in notes[:MAX_NOTES] if n.strip())
    date = data.get("date", "")
    if not isinstance(date, str) or not re.fullmatch(r"(\d{4}-\d{2}-\d{2})?", date):
        raise FeedError("the release date is not YYYY-MM-DD")
    return Release(version=version, date=date, notes=clean, url=url)


def _text(data: dict[str, Any], key: str, limit: int) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value.strip() or len(value) > limit:
        raise FeedError(f"the feed's {key!r} is missing or not a short text")
    return value.strip()


def feed_url_problem(url: str) -> str | None:
    """Why a feed address cannot be used, or None. Plain http only for this machine (tests, a
    local mirror): a feed from elsewhere must not be swappable on the way."""
    try:
        parsed = urlsplit(url.strip())
        host = parsed.hostname or ""
    except ValueError:
        return "the release feed's address is not a web address"
    if parsed.scheme == "https" and host:
        return None
    if parsed.scheme == "http" and host in _LOOPBACK:
        return None
    return "the release feed must be an https address"


async def fetch_release(url: str, proxy: ProxySetting | None = None, *, timeout: float = TIMEOUT_S) -> Release:
    """The release the feed at ``url`` announces. Raises FeedError for anything but a good answer."""
    import httpx

    problem = feed_url_problem(url)
    if problem:
        raise FeedError(problem, "insecure")

    async def only_https(request: httpx.Request) -> None:
        # GitHub's "latest" link redirects to its file host; a redirect may not step down to http.
        if request.url.scheme != "https" and request.url.host not in _LOOPBACK:
            raise FeedError("the feed redirected to an address that is not https", "insecure")

    from .api.profile import ProxySetting

    options = (proxy or ProxySetting()).client_options()
    async with httpx.AsyncClient(
        timeout=timeout,
        follow_redirects=True,
        max_redirects=5,
        headers={"User-Agent": "mjdesk", "Accept": "application/json"},
        event_hooks={"request": [only_https]},
        **options,
    ) as http:
        try:
            async with http.stream("GET", url) as response:
                if response.status_code != 200:
                    raise FeedError(f"the feed answered HTTP {response.status_code}", "http")
                body = bytearray()
                async for chunk in response.aiter_bytes():
                    body += chunk
                    if len(body) > MAX_FEED_BYTES:
                        raise FeedError(f"the feed is larger than {MAX_FEED_BYTES // 1024} KB")
        except httpx.HTTPError as exc:
            raise FeedError(f"the feed could not be reached: {type(exc).__name__}", "unreachable") from None
    return parse_feed(bytes(body))


@dataclass
class CheckState:
    """What the app remembers between checks (a small file beside the settings; no secrets)."""

    checked_at: float = 0.0
    skipped: str = ""  # a version the user chose not to be told about again

    def due(self, now: float | None = None) -> bool:
        elapsed = (time.time() if now is None else now) - self.checked_at
        return not 0 <= elapsed < CHECK_EVERY_S  # a clock set back counts as due


def load_state(folder: Path) -> CheckState:
    try:
        data = json.loads((folder / STATE_FILE).read_text(encoding="utf-8"))
        return CheckState(checked_at=float(data.get("checked_at", 0.0)), skipped=str(data.get("skipped", "")))
    except FileNotFoundError:
        return CheckState()
    except (OSError, ValueError, TypeError, AttributeError) as exc:
        log.warning("update check state unreadable (%s); starting afresh", exc)
        return CheckState()


def save_state(folder: Path, state: CheckState) -> None:
    write_text_atomic(folder / STATE_FILE, json.dumps({"checked_at": state.checked_at, "skipped": state.skipped}))


async def newer_release(
    url: str, current: str, state: CheckState, proxy: ProxySetting | None = None, *, timeout: float = TIMEOUT_S
) -> Release | None:
    """The release to offer, or None (up to date, or the user skipped it). Raises FeedError."""
    release = await fetch_release(url, proxy, timeout=timeout)
    if not is_newer(release.version, current) or release.version == state.skipped:
        return None
    return release
