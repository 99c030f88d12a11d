"""Every path out of a submit ends in a definite state in the library, even with a hostile server.

(Complements test_client_hostile.py: odd answer shapes, and "success" without a usable id.)"""

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
from tests.support.hostile import HostileServer, endless, json_answer, raw

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
