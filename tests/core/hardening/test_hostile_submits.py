"""Every path out of a submit ends in a definite state in the library, even with a hostile server."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest

from mjdesk.core.api import Dialect, ImagineRequest, MjClient, ServerProfile
from mjdesk.core.jobs import JobService
from mjdesk.core.library import Library, SubmitState
from mjdesk.core.paths import app_paths
from tests.core.jobs.conftest import FAST
from tests.support.hostile import HostileServer, dribble, endless, json_answer, raw

KEY = "sk-hostile-secret-0123456789"


@pytest.fixture
def library(tmp_path: Path) -> Any:
    lib = Library.open(app_paths(tmp_path / "home").ensure())
    yield lib
    lib.close()


@pytest.fixture
async def make(library: Library) -> AsyncIterator[Callable[..., Any]]:
    services: list[JobService] = []

    async def factory(base_url: str, **profile_kw: Any) -> JobService:
        profile = ServerProfile(name="h", base_url=base_url, dialect=Dialect.MIDJOURNEY_PROXY, **profile_kw)

        def client_for(name: str) -> MjClient:
            client = MjClient(profile, KEY)
            client.plain_submit_timeout = 1.5
            client.retry_attempts = 1
            return client

        service = JobService(library, client_for=client_for, poll=FAST)
        services.append(service)
        await service.start()
        return service

    yield factory
    for service in services:
        await service.aclose()


def _deep(depth: int) -> bytes:
    return b'{"code":1,"result":' + b'{"a":[' * depth + b"1" + b"]}" * depth + b"}"


@pytest.mark.parametrize("answer, state", [
    (json_answer({"code": 1, "result": {"a": [{"b": 1}]}}), SubmitState.UNKNOWN),  # accepted, id unusable
    (raw(200, _deep(100_000)), SubmitState.REFUSED),  # not an answer: unreadable JSON
    (raw(200, b"[" * 5000), SubmitState.REFUSED),
    (dribble(b'{"code":1,"result":"h1"}', every=0.4), SubmitState.UNKNOWN),
    (endless(prefix=b'{"code":1,"result":"'), SubmitState.UNKNOWN),
])
async def test_odd_submit_answers_end_in_a_definite_state(
        hostile: HostileServer, make: Callable[..., Any], library: Library, answer: Any,
        state: SubmitState) -> None:
    hostile.route("POST", "/mj/submit/imagine", answer)
    service = await make(hostile.base_url)
    job = await service.submit("h", ImagineRequest(prompt="a cat"))
    assert job.submit_state is state
    assert library.job(job.id).submit_state is state
    assert job.submit_reason
    assert len(hostile.seen("/submit/imagine")) == 1  # never resent


async def test_an_invalid_port_is_a_refused_job_not_a_crash(make: Callable[..., Any], library: Library) -> None:
    service = await make("http://127.0.0.1:99999")
    job = await service.submit("h", ImagineRequest(prompt="a cat"))
    assert job.submit_state is SubmitState.REFUSED
    assert "address" in (job.submit_reason or "")


async def test_a_task_id_the_library_already_has_leaves_the_second_job_unknown(
        hostile: HostileServer, make: Callable[..., Any], library: Library) -> None:
    hostile.next_ids = iter(["same", "same"])
    service = await make(hostile.base_url)
    first = await service.submit("h", ImagineRequest(prompt="a cat"))
    second = await service.submit("h", ImagineRequest(prompt="a dog"))
    assert first.submit_state is SubmitState.ACCEPTED and first.remote_id == "same"
    assert second.submit_state is SubmitState.UNKNOWN
    assert "same" in (second.submit_reason or "")
    assert library.job(second.id).submit_state is SubmitState.UNKNOWN


async def test_a_key_echoed_by_the_server_never_reaches_the_library_file(
        hostile: HostileServer, make: Callable[..., Any], library: Library, tmp_path: Path) -> None:
    hostile.new_task = lambda task_id, base: {
        "id": task_id, "action": "IMAGINE", "status": "FAILURE", "progress": "0%", "prompt": f"p {KEY}",
        "description": f"d {KEY}", "failReason": f"invalid key {KEY}",
        "properties": {"echo": [{"deep": KEY}]}, "submitTime": 1_700_000_000_000,
    }
    hostile.route("POST", "/mj/submit/imagine", json_answer(
        {"code": 1, "description": f"ok {KEY}", "result": "h1", "properties": {"k": KEY}}))
    hostile.task("h1", hostile.new_task("h1", hostile.base_url))
    service = await make(hostile.base_url)
    job = await service.submit("h", ImagineRequest(prompt="a cat"))
    job = await service.wait(job.id, timeout=10)
    assert job.status == "FAILURE" and "***" in (job.fail_reason or "")
    library.close()
    data = b"".join(p.read_bytes() for p in (tmp_path / "home").rglob("*") if p.is_file())
    assert KEY.encode() not in data
