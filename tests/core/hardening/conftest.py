"""What the hardening tests share: a real library, a job service on the hostile server, and a disk
that is really full (a 1 MB tmpfs; root only, skipped elsewhere with the reason)."""

from __future__ import annotations

import subprocess
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from mjdesk.core.api import Dialect, MjClient, ServerProfile
from mjdesk.core.jobs import JobService, PollPolicy
from mjdesk.core.library import Library
from mjdesk.core.paths import app_paths
from tests.core.jobs.conftest import FAST
from tests.support.hostile import HostileServer

HostileService = Callable[..., Any]


@pytest.fixture
def library(tmp_path: Path) -> Iterator[Library]:
    lib = Library.open(app_paths(tmp_path / "home").ensure())
    yield lib
    lib.close()


@pytest.fixture
async def hostile_service(library: Library, hostile: HostileServer) -> AsyncIterator[HostileService]:
    """``await hostile_service(key=..., policy=..., tune=...)``: a started JobService whose one profile
    "h" points at the hostile server; ``tune(client)`` adjusts each client (timeouts, retries)."""
    services: list[JobService] = []

    async def make(
        *,
        key: str = "sk-h",
        dialect: Dialect = Dialect.MIDJOURNEY_PROXY,
        policy: PollPolicy = FAST,
        tune: Callable[[MjClient], None] | None = None,
        lib: Library | None = None,
        **profile_kw: Any,
    ) -> JobService:
        profile = ServerProfile(name="h", base_url=hostile.base_url, dialect=dialect, **profile_kw)

        def client_for(_name: str) -> MjClient:
            client = MjClient(profile, key)
            if tune is not None:
                tune(client)
            return client

        service = JobService(lib or library, client_for=client_for, poll=policy)
        services.append(service)
        await service.start()
        return service

    yield make
    for service in services:
        await service.aclose()


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    mount = tmp_path / "small"
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount)], capture_output=True, check=False
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here (needs root): {done.stderr.decode().strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)
