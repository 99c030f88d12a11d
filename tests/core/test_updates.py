"""The release feed over real loopback HTTP: newer, same, malformed, unreachable, hostile; versions."""

from __future__ import annotations

import json
import socket
import time
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mjdesk.core import updates
from mjdesk.core.api.profile import ProxySetting
from mjdesk.core.updates import CheckState, FeedError, Release
from tests.support.hostile import HostileServer, endless, json_answer, raw

FEED = {
    "schema": 1,
    "name": "mjdesk",
    "version": "0.2.0",
    "date": "2026-12-04",
    "notes": ["Gallery days", "  Video   plays  "],
    "url": "https://github.com/mjdesk/mjdesk/releases/tag/v0.2.0",
}


def feed(**changes: object) -> dict[str, object]:
    return {**FEED, **changes}


@pytest.mark.parametrize(
    ("candidate", "current", "newer"),
    [
        ("0.2.0", "0.1.0", True),
        ("0.1.0", "0.1.0", False),
        ("0.1", "0.1.0", False),  # the same version written shorter
        ("0.1.1", "0.1.0", True),
        ("0.10.0", "0.9.0", True),  # numbers, not text
        ("0.0.9", "0.1.0", False),
        ("v1.0.0", "0.9.9", True),
        ("0.2.0rc1", "0.1.0", False),  # a pre-release is not offered to a final release
        ("0.2.0rc2", "0.2.0rc1", True),
        ("0.2.0", "0.2.0rc1", True),  # the final release after its candidate
        ("0.2.0b1", "0.2.0rc1", False),
    ],
)
def test_versions_compare_as_numbers(candidate: str, current: str, newer: bool) -> None:
    assert updates.is_newer(candidate, current) is newer


@given(st.text(max_size=30))
def test_any_version_text_parses_or_is_refused_cleanly(text: str) -> None:
    try:
        updates.version_key(text)
    except FeedError:
        pass


@given(st.lists(st.integers(0, 999), min_size=1, max_size=4), st.lists(st.integers(0, 999), min_size=1, max_size=4))
def test_version_order_is_the_order_of_the_numbers(a: list[int], b: list[int]) -> None:
    def trimmed(xs: list[int]) -> list[int]:
        xs = list(xs)
        while len(xs) > 1 and xs[-1] == 0:
            xs.pop()
        return xs

    left, right = ".".join(map(str, a)), ".".join(map(str, b))
    assert updates.is_newer(left, right) == (trimmed(a) > trimmed(b))


@pytest.mark.parametrize(
    ("raw_feed", "reason"),
    [
        (b"<html>rate limited</html>", "not JSON"),
        (b"\xff\xfe", "not JSON"),
        (json.dumps([FEED]).encode(), "not mjdesk's release feed"),
        (json.dumps(feed(name="other")).encode(), "not mjdesk's release feed"),
        (json.dumps(feed(version="latest")).encode(), "not a version number"),
        (json.dumps(feed(version=2)).encode(), "'version'"),
        (json.dumps(feed(url="http://evil.example/mjdesk.exe")).encode(), "not an https address"),
        (json.dumps(feed(url="javascript:alert(1)")).encode(), "not an https address"),
        (json.dumps(feed(notes="one string")).encode(), "not a list of texts"),
        (json.dumps(feed(date="yesterday")).encode(), "YYYY-MM-DD"),
        (b" " * (updates.MAX_FEED_BYTES + 1), "larger than"),
    ],
)
def test_malformed_feeds_are_refused_with_a_reason(raw_feed: bytes, reason: str) -> None:
    with pytest.raises(FeedError, match=reason):
        updates.parse_feed(raw_feed)


def test_notes_are_cleaned_and_capped() -> None:
    many = feed(notes=["x" * 5000, "", *[f"n{i}" for i in range(100)]])
    release = updates.parse_feed(json.dumps(many).encode())
    assert len(release.notes[0]) == updates.MAX_NOTE_CHARS
    assert len(release.notes) == updates.MAX_NOTES - 1  # the empty one dropped
    assert updates.parse_feed(json.dumps(FEED).encode()).notes == ("Gallery days", "Video plays")


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("https://github.com/mjdesk/mjdesk/releases/latest/download/release-feed.json", True),
        ("http://127.0.0.1:8000/feed.json", True),
        ("http://localhost/feed.json", True),
        ("http://example.com/feed.json", False),  # swappable on the way
        ("ftp://example.com/feed.json", False),
        ("https://", False),
        ("not a url", False),
    ],
)
def test_feed_address_rules(url: str, ok: bool) -> None:
    assert (updates.feed_url_problem(url) is None) is ok


def test_check_state_is_daily_and_survives_a_bad_file(tmp_path: Path) -> None:
    now = time.time()
    assert CheckState().due(now)
    assert not CheckState(checked_at=now - 3600).due(now)
    assert CheckState(checked_at=now - updates.CHECK_EVERY_S - 1).due(now)
    assert CheckState(checked_at=now + 3600).due(now)  # a clock set back: check rather than wait a year
    updates.save_state(tmp_path, CheckState(checked_at=123.0, skipped="0.2.0"))
    assert updates.load_state(tmp_path) == CheckState(checked_at=123.0, skipped="0.2.0")
    (tmp_path / updates.STATE_FILE).write_text("{broken", encoding="utf-8")
    assert updates.load_state(tmp_path) == CheckState()


# -- over HTTP --------------------------------------------------------------------------------------


async def test_a_newer_release_is_offered_and_nothing_about_the_user_is_sent(hostile: HostileServer) -> None:
    hostile.route("GET", "/feed.json", json_answer(FEED))
    release = await updates.newer_release(f"{hostile.base_url}/feed.json", "0.1.0", CheckState())
    assert release == Release(
        version="0.2.0", date="2026-12-04", notes=("Gallery days", "Video plays"), url=FEED["url"]
    )
    (request,) = hostile.seen("/feed.json")
    assert request.method == "GET" and request.target == "/feed.json" and request.body == b""
    assert request.headers["user-agent"] == "mjdesk"  # no version, platform or machine
    assert set(request.headers) <= {"host", "accept", "accept-encoding", "connection", "user-agent"}


async def test_the_same_or_an_older_or_a_skipped_version_offers_nothing(hostile: HostileServer) -> None:
    hostile.route("GET", "/feed.json", json_answer(FEED))
    url = f"{hostile.base_url}/feed.json"
    assert await updates.newer_release(url, "0.2.0", CheckState()) is None
    assert await updates.newer_release(url, "0.3.0", CheckState()) is None
    assert await updates.newer_release(url, "0.1.0", CheckState(skipped="0.2.0")) is None


@pytest.mark.parametrize(
    ("behaviour", "reason"),
    [
        (raw(200, b"<html>Sign in to continue</html>", "text/html"), "not JSON"),
        (raw(404, b"Not Found", "text/plain"), "HTTP 404"),
        (raw(503, b"", "text/plain"), "HTTP 503"),
        (endless(prefix=b'{"name": "mjdesk", "notes": ["'), "larger than"),
        (json_answer(feed(url="http://downloads.example/setup.exe")), "not an https address"),
    ],
)
async def test_a_bad_answer_is_a_reason_not_a_crash(hostile: HostileServer, behaviour: object, reason: str) -> None:
    hostile.route("GET", "/feed.json", behaviour)  # type: ignore[arg-type]
    with pytest.raises(FeedError, match=reason):
        await updates.newer_release(f"{hostile.base_url}/feed.json", "0.1.0", CheckState())


async def test_an_unreachable_feed_is_a_reason() -> None:
    with socket.socket() as s:  # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(FeedError, match="could not be reached"):
        await updates.newer_release(f"http://127.0.0.1:{port}/feed.json", "0.1.0", CheckState(), timeout=2)


async def test_a_redirect_to_plain_http_elsewhere_is_refused(hostile: HostileServer) -> None:
    hostile.route("GET", "/feed.json", raw(302, b"", headers={"Location": "http://feeds.example/feed.json"}))
    with pytest.raises(FeedError, match="redirected"):
        await updates.newer_release(f"{hostile.base_url}/feed.json", "0.1.0", CheckState())


async def test_the_servers_proxy_setting_applies(hostile: HostileServer) -> None:
    """An http proxy from the server profile carries the request: the proxy (here the loopback
    server) sees the absolute address of a feed that is itself unreachable."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    target = f"http://127.0.0.1:{port}/feed.json"
    hostile.route("GET", target, json_answer(FEED))
    proxy = ProxySetting(kind="http", url=hostile.base_url)
    release = await updates.newer_release(target, "0.1.0", CheckState(), proxy)
    assert release is not None and release.version == "0.2.0"
    assert [r.target for r in hostile.seen()] == [target]
