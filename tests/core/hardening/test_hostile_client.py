"""The HTTP client and submits against a hostile server: size caps, key scrubbing, deadlines, odd answers."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from mjdesk.core.api import Dialect, ImagineRequest, MjClient, ServerProfile
from mjdesk.core.api.errors import AnswerTooLargeError, NetworkTimeoutError, SubmitOutcomeUnknown
from mjdesk.core.api.profile import ProfileUrlError, insecure_transport_warning, validate_base_url
from mjdesk.core.api.responses import MAX_FIELD_CHARS
from tests.support.hostile import HostileServer, dribble, endless, json_answer, raw, sized

KEY = "sk-hostile-secret-0123456789"


def _profile(server: HostileServer, **kw: float) -> ServerProfile:
    return ServerProfile(name="h", base_url=server.base_url, dialect=Dialect.MIDJOURNEY_PROXY, **kw)


async def test_an_answer_larger_than_the_cap_is_a_clear_error_for_declared_and_endless_bodies(
        hostile: HostileServer) -> None:
    hostile.route("GET", "/mj/task/big/fetch", sized(50 * 1024 * 1024))
    hostile.route("GET", "/mj/task/inf/fetch", endless())
    async with MjClient(_profile(hostile), KEY) as client:
        for task_id in ("big", "inf"):
            started = time.monotonic()
            with pytest.raises(AnswerTooLargeError) as caught:
                await client.fetch(task_id)
            assert "larger than 8 MB" in str(caught.value)
            assert time.monotonic() - started < 10  # stopped at the cap, not at the end of 50 MB/200 MB


async def test_long_text_fields_are_clipped(hostile: HostileServer) -> None:
    hostile.task("h1", hostile.success_task("h1", prompt="p" * 500_000, failReason="f" * 300_000))
    async with MjClient(_profile(hostile), KEY) as client:
        obj = await client.fetch_raw("h1")
    assert obj is not None
    assert len(obj["prompt"]) == MAX_FIELD_CHARS and obj["prompt"].endswith("…")
    assert len(obj["failReason"]) == MAX_FIELD_CHARS


async def test_the_key_echoed_in_any_field_never_leaves_the_client(hostile: HostileServer) -> None:
    hostile.task("h1", {"id": "h1", "status": "FAILURE", "failReason": f"bad key {KEY}",
                        "description": KEY, "properties": {"nested": [{"deep": f"x{KEY}y"}]}})
    async with MjClient(_profile(hostile), KEY) as client:
        obj = await client.fetch_raw("h1")
        listed = await client.list_raw(["h1"])
    assert KEY not in repr(obj) and KEY not in repr(listed)
    assert obj is not None and obj["failReason"] == "bad key ***"


async def test_a_dribbled_fetch_ends_at_the_query_deadline(hostile: HostileServer) -> None:
    hostile.route("GET", "/mj/task/slow/fetch", dribble(b'{"id":"slow","status":"SUCCESS"}', every=0.3))
    async with MjClient(_profile(hostile, query_timeout=1.0), KEY) as client:
        client.retry_attempts = 1
        started = time.monotonic()
        with pytest.raises(NetworkTimeoutError):
            await client.fetch("slow")
        assert time.monotonic() - started < 4


async def test_a_dribbled_submit_answer_is_an_unknown_outcome_and_never_resent(hostile: HostileServer) -> None:
    hostile.route("POST", "/mj/submit/imagine", dribble(b'{"code":1,"result":"h9"}', every=0.3))
    async with MjClient(_profile(hostile), KEY) as client:
        client.plain_submit_timeout = 1.0
        with pytest.raises(SubmitOutcomeUnknown):
            await client.submit(ImagineRequest(prompt="a cat"))
    assert len(hostile.seen("/submit/imagine")) == 1


async def test_an_oversized_submit_answer_is_an_unknown_outcome(hostile: HostileServer) -> None:
    hostile.route("POST", "/mj/submit/imagine", endless(prefix=b'{"code":1,"result":"'))
    async with MjClient(_profile(hostile), KEY) as client:
        with pytest.raises(SubmitOutcomeUnknown):
            await client.submit(ImagineRequest(prompt="a cat"))
    assert len(hostile.seen("/submit/imagine")) == 1


@pytest.mark.parametrize("url", ["http://sk-abc@example.com", "https://user:pw@example.com/mj",
                                 "http://example.com:99999", "ftp://example.com", "example.com"])
def test_base_urls_with_userinfo_bad_ports_or_no_http_are_refused(url: str) -> None:
    with pytest.raises(ProfileUrlError) as caught:
        validate_base_url(url)
    assert "sk-abc" not in str(caught.value) and "pw" not in str(caught.value).replace("pw@", "")


def test_plain_http_to_a_remote_host_warns_but_loopback_and_https_do_not() -> None:
    def p(url: str) -> ServerProfile:
        return ServerProfile(name="x", base_url=url, dialect=Dialect.MIDJOURNEY_PROXY)
    assert insecure_transport_warning(p("http://mj.example.com")) is not None
    assert "mj.example.com" in (insecure_transport_warning(p("http://mj.example.com")) or "")
    for url in ("https://mj.example.com", "http://127.0.0.1:8080", "http://localhost", "http://[::1]:1"):
        assert insecure_transport_warning(p(url)) is None


_ = (Path, json_answer, raw)
