"""The client under a hostile server: answer size, slow-loris deadlines, echoed keys, bad addresses,
and submits that always end in a definite state."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from mjdesk.core.api import (
    AddressError,
    AnswerTooLargeError,
    Dialect,
    ImagineRequest,
    MjClient,
    NetworkTimeoutError,
    ServerProfile,
    SubmitOutcomeUnknown,
)
from mjdesk.core.api.models import MAX_STORED_TEXT
from mjdesk.core.api.urls import base_url_problem, plain_http_to_remote
from mjdesk.core.library import SubmitState
from tests.core.hardening.conftest import HostileService
from tests.support.hostile import HostileServer, dribble, endless, json_answer, raw, sized

KEY = "sk-hostile-5e3cret-key"


def profile_of(server: HostileServer, **kwargs: Any) -> ServerProfile:
    return ServerProfile(name="h", base_url=server.base_url, dialect=Dialect.MIDJOURNEY_PROXY, **kwargs)


@pytest.fixture
async def client(hostile: HostileServer) -> AsyncIterator[MjClient]:
    async with MjClient(profile_of(hostile), KEY) as c:
        c.retry_attempts = 1
        yield c


# -- answer size ---------------------------------------------------------------------------------


async def test_a_50_mb_answer_is_refused_without_reading_it(hostile: HostileServer, client: MjClient) -> None:
    hostile.route("GET", "/mj/task/big/fetch", sized(50 * 1024 * 1024))
    started = time.monotonic()
    with pytest.raises(AnswerTooLargeError, match="larger than 8 MiB"):
        await client.fetch("big")
    assert time.monotonic() - started < 10


async def test_an_endless_answer_is_cut_at_the_cap(hostile: HostileServer, client: MjClient) -> None:
    hostile.route("POST", "/mj/task/list-by-condition", endless())
    with pytest.raises(AnswerTooLargeError):
        await client.list_by_condition(["a", "b"])


async def test_a_huge_answer_to_a_submit_is_an_unknown_outcome_never_a_resend(
    hostile: HostileServer, client: MjClient
) -> None:
    client.retry_attempts = 4
    hostile.route("POST", "/mj/submit/imagine", endless())
    with pytest.raises(SubmitOutcomeUnknown):
        await client.submit(ImagineRequest(prompt="a cat"))
    assert len(hostile.seen("/submit/imagine")) == 1


# -- deadlines -----------------------------------------------------------------------------------


async def test_a_dribbling_fetch_ends_at_its_deadline(hostile: HostileServer) -> None:
    hostile.route("GET", "/mj/task/slow/fetch", dribble(b'{"id":"slow","status":"SUCCESS"}' * 20, every=0.3))
    async with MjClient(profile_of(hostile, query_timeout=1.0), KEY) as c:
        c.retry_attempts, c.connect_timeout = 1, 0.5
        started = time.monotonic()
        with pytest.raises(NetworkTimeoutError):
            await c.fetch("slow")
        # Every byte arrives within the 1 s read timeout, so only an overall deadline ends it.
        assert time.monotonic() - started < 4


async def test_a_dribbling_submit_is_unknown_after_its_deadline_and_not_resent(hostile: HostileServer) -> None:
    hostile.route("POST", "/mj/submit/imagine", dribble(b'{"code":1,"result":"x"}' * 20, every=0.3))
    async with MjClient(profile_of(hostile), KEY) as c:
        c.plain_submit_timeout, c.connect_timeout = 1.0, 0.5
        started = time.monotonic()
        with pytest.raises(SubmitOutcomeUnknown):
            await c.submit(ImagineRequest(prompt="a cat"))
        assert time.monotonic() - started < 4
    assert len(hostile.seen("/submit/imagine")) == 1


# -- the key echoed back ---------------------------------------------------------------------------


async def test_a_key_echoed_in_a_task_never_reaches_the_caller(hostile: HostileServer, client: MjClient) -> None:
    hostile.task(
        "e1",
        hostile.success_task(
            "e1",
            status="FAILURE",
            failReason=f"invalid key {KEY} for account",
            properties={"nested": [{"deep": f"Bearer {KEY}"}]},
        ),
    )
    task = await client.fetch("e1")
    assert task is not None
    assert KEY not in repr(task.raw) and "***" in task.fail_reason
    [listed] = await client.list_by_condition(["e1"])
    assert KEY not in repr(listed.raw)


# -- addresses -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "http://sk-secret@example.com",
        "https://user:pass@example.com/mj",
        "http://example.com:99999",
        "http://[::1",
        "ftp://example.com",
        "example.com",
    ],
)
def test_unusable_addresses_are_refused_before_anything_is_sent(url: str) -> None:
    assert base_url_problem(url) is not None
    with pytest.raises(AddressError):
        MjClient(ServerProfile(name="x", base_url=url, dialect=Dialect.NEW_API), KEY)


def test_plain_http_is_flagged_only_for_other_machines() -> None:
    assert plain_http_to_remote("http://gateway.example.com")
    assert plain_http_to_remote("http://192.168.1.20:8080")
    assert not plain_http_to_remote("https://gateway.example.com")
    for local in ("http://127.0.0.1:8080", "http://localhost:3000", "http://[::1]:8080"):
        assert not plain_http_to_remote(local)


# -- every submit ends in a definite state ----------------------------------------------------------


@pytest.mark.parametrize(
    "answer",
    [
        {"code": 1, "result": {"a": [{"b": {"c": "d"}}]}},
        {"code": 1, "result": [[["x"]]]},
        {"code": 1, "result": None},
        {"code": {"x": 1}, "result": "t1"},
        "[" * 50_000 + "]" * 50_000,
    ],
)
async def test_a_submit_answered_with_odd_json_ends_settled(
    hostile: HostileServer, hostile_service: HostileService, answer: Any
) -> None:
    hostile.route("POST", "/mj/submit/imagine", raw(200, answer) if isinstance(answer, str) else json_answer(answer))
    service = await hostile_service(key=KEY)
    job = await asyncio.wait_for(service.submit("h", ImagineRequest(prompt="a cat")), 10)
    assert job.submit_state in (SubmitState.REFUSED, SubmitState.UNKNOWN), job
    assert job.submit_reason
    assert len(hostile.seen("/submit/imagine")) == 1


async def test_a_reused_task_id_leaves_the_second_job_settled_and_the_first_untouched(
    hostile: HostileServer, hostile_service: HostileService
) -> None:
    hostile.next_ids = iter(["same", "same"])
    service = await hostile_service(key=KEY)
    first = await service.wait((await service.submit("h", ImagineRequest(prompt="one"))).id, timeout=15)
    second = await asyncio.wait_for(service.submit("h", ImagineRequest(prompt="two")), 10)
    assert second.submit_state is SubmitState.UNKNOWN, second
    assert "same" in second.submit_reason and f"job {first.id}" in second.submit_reason
    again = await service.job(first.id)
    assert again.remote_id == "same" and again.prompt == "one"


async def test_a_key_echoed_by_the_server_is_not_in_the_library_file(
    hostile: HostileServer, hostile_service: HostileService, tmp_path: Path
) -> None:
    hostile.new_task = lambda task_id, base: hostile.success_task(
        task_id, status="FAILURE", failReason=f"upstream refused key {KEY}", description=KEY
    )
    service = await hostile_service(key=KEY)
    job = await service.wait((await service.submit("h", ImagineRequest(prompt="a cat"))).id, timeout=15)
    assert job.status == "FAILURE" and KEY not in job.fail_reason
    for path in (tmp_path / "home").rglob("*"):
        if path.is_file():
            assert KEY.encode() not in path.read_bytes(), path


async def test_huge_and_unstorable_server_text_is_clipped_before_the_library(
    hostile: HostileServer, hostile_service: HostileService, tmp_path: Path
) -> None:
    huge = "x" * (1536 * 1024)  # three of them stay under the 8 MiB answer cap
    hostile.new_task = lambda task_id, base: hostile.success_task(
        task_id, status="FAILURE", failReason=huge, prompt="a \ud800 cat " + huge, description=huge
    )
    service = await hostile_service(key=KEY)
    job = await service.wait((await service.submit("h", ImagineRequest(prompt="a cat"))).id, timeout=30)
    assert job.status == "FAILURE"
    # (the reason starts with the app's own summary of a failure)
    assert len(job.fail_reason or "") <= MAX_STORED_TEXT + 100 and len(job.final_prompt or "") <= MAX_STORED_TEXT
    size = sum(p.stat().st_size for p in (tmp_path / "home").rglob("*") if p.is_file())
    assert size < 2 * 1024 * 1024, size
