"""Fixtures for the simulator tests: a started simulator plus a plain httpx client per dialect."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from mjdesk.sim import SimConfig, Simulator

from .helpers import HEADERS, KEY, StartSim


@pytest.fixture
async def start_sim() -> AsyncIterator[StartSim]:
    started: list[tuple[Simulator, httpx.AsyncClient]] = []

    async def start(dialect: str = "new-api", **config: Any) -> tuple[Simulator, httpx.AsyncClient]:
        config.setdefault("speed", 0.05)  # the lifecycle tests pass 0.2 explicitly
        config.setdefault("api_key", KEY)
        sim = Simulator(SimConfig(dialect=dialect, **config))
        await sim.start()
        # verify=False only skips loading the CA bundle (70 ms a client): everything here is plain http.
        client = httpx.AsyncClient(base_url=sim.base_url, headers=HEADERS[dialect], timeout=10, verify=False)
        started.append((sim, client))
        return sim, client

    yield start
    for sim, client in started:
        await client.aclose()
        await sim.stop()
