"""Fixtures for the job service: the real simulator over loopback HTTP and a real library."""

from __future__ import annotations

import base64
import io
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from mjdesk.core.api import Button, ButtonKind, MjClient, ServerProfile
from mjdesk.core.jobs import JobEvent, JobService, PollPolicy
from mjdesk.core.library import JobRecord, Library
from mjdesk.core.paths import app_paths
from mjdesk.sim import SimConfig, Simulator

# Fast enough for a test folder well under a minute, slow enough to see every state.
FAST = PollPolicy(
    running_interval=0.05,
    waiting_interval=0.1,
    batch_size=50,
    fetch_concurrency=4,
    error_backoff=0.2,
    error_backoff_cap=2.0,
    lost_after_cycles=3,
    lost_grace=0.5,
    download_attempts=2,
    download_backoff=0.05,
    download_retry_after=0.3,
    download_rounds=5,
    deferred_backoff=0.2,
    deferred_backoff_cap=0.5,
    stale_sending_after=0.0,
)

SimFactory = Callable[..., Any]


@pytest.fixture
async def make_sim() -> AsyncIterator[SimFactory]:
    sims: list[Simulator] = []

    async def make(**config: Any) -> Simulator:
        sim = Simulator(SimConfig(**{"speed": 0.3, **config}))
        await sim.start()
        sims.append(sim)
        return sim

    yield make
    for sim in sims:
        await sim.stop()


@pytest.fixture
async def sim(make_sim: SimFactory) -> Simulator:
    return await make_sim(dialect="midjourney-proxy")


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path / "home"


@pytest.fixture
def library(home: Path) -> Iterator[Library]:
    lib = Library.open(app_paths(home).ensure())
    yield lib
    lib.close()


def profile_for(sim: Simulator, **kwargs: Any) -> ServerProfile:
    return ServerProfile(name="sim", base_url=sim.base_url, dialect=sim.config.dialect, **kwargs)


ServiceFactory = Callable[..., Any]


@pytest.fixture
async def make_service(library: Library) -> AsyncIterator[ServiceFactory]:
    services: list[JobService] = []

    async def make(
        sim: Simulator,
        *,
        policy: PollPolicy = FAST,
        lib: Library | None = None,
        profile: ServerProfile | None = None,
        retry_attempts: int | None = None,
        start: bool = True,
    ) -> JobService:
        chosen = profile or profile_for(sim)

        def client_for(name: str) -> MjClient:
            assert name == chosen.name
            client = MjClient(chosen, sim.config.api_key)
            if retry_attempts is not None:
                client.retry_attempts = retry_attempts
            return client

        service = JobService(lib or library, client_for=client_for, poll=policy)
        services.append(service)
        if start:
            await service.start()
        return service

    yield make
    for service in services:
        await service.aclose()


class Recorder:
    """Every event a callback subscriber saw, in order."""

    def __init__(self, service: JobService) -> None:
        self.events: list[JobEvent] = []
        service.subscribe(self.events.append)

    def kinds(self, job_id: int) -> list[str]:
        return [e.kind for e in self.events if e.job_id == job_id]


def api_requests(sim: Simulator, suffix: str) -> list[Any]:
    return [r for r in sim.requests if r.server == "api" and r.path.endswith(suffix)]


def button(job: JobRecord, kind: ButtonKind, index: int | None = None) -> str:
    for raw in job.buttons:
        b = Button.from_json(raw)
        if b is not None and b.kind is kind and (index is None or b.index == index):
            return b.custom_id
    raise AssertionError(f"job {job.id} has no {kind} button: {job.buttons}")


def mask_data_url(width: int, height: int) -> str:
    """White = repaint, black = keep, at the image's exact pixel size (docs/ARCHITECTURE.md)."""
    mask = Image.new("L", (width, height), 0)
    mask.paste(255, (width // 4, height // 4, width // 2, height // 2))
    buf = io.BytesIO()
    mask.save(buf, "PNG")
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode()
