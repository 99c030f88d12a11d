"""Every path out of a submit ends in a definite state in the library, even with a hostile server.

(Complements test_client_hostile.py: odd answer shapes, and "success" without a usable id.)"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from mjdesk.core.api import ImagineRequest, MjClient
from mjdesk.core.library import Library, SubmitState
from tests.core.hardening.conftest import HostileService
from tests.support.hostile import HostileServer, endless, json_answer, raw

KEY = "sk-hostile-secret-0123456789"


def _quick(client: MjClient) -> None:
    client.plain_submit_timeout = 1.5
    client.retry_attempts = 1


@pytest.fixture
def make(hostile_service: HostileService) -> Callable[..., Any]:
    """``await make(base_url)``: the base URL is the hostile server's (kept in the call for reading)."""
    return lambda _base_url, **profile_kw: hostile_service(key=KEY, tune=_quick, **profile_kw)


def _deep(depth: int) -> bytes:
    return b'{"code":1,"result":' + b'{"a":[' * depth + b"1" + b"]}" * depth + b"}"


@pytest.mark.parametrize(
    "answer, state",
    [
        (json_answer({"code": 1, "result": {"a": [{"b": 1}]}}), SubmitState.UNKNOWN),  # accepted, id unusable
        (raw(200, _deep(100_000)), SubmitState.REFUSED),  # not an answer: unreadable JSON
        (raw(200, b"[" * 5000), SubmitState.REFUSED),
        (endless(prefix=b'{"code":1,"result":"'), SubmitState.UNKNOWN),
    ],
)
async def test_odd_submit_answers_end_in_a_definite_state(
    hostile: HostileServer, make: Callable[..., Any], library: Library, answer: Any, state: SubmitState
) -> None:
    hostile.route("POST", "/mj/submit/imagine", answer)
    service = await make(hostile.base_url)
    job = await service.submit("h", ImagineRequest(prompt="a cat"))
    assert job.submit_state is state
    assert library.job(job.id).submit_state is state
    assert job.submit_reason
    assert len(hostile.seen("/submit/imagine")) == 1  # never resent
