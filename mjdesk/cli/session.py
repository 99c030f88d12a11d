"""One CLI run's services: the library, the job service and the resolved server."""

from __future__ import annotations

import argparse
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .connection import insecure_transport_note, resolve_key, resolve_profile

if TYPE_CHECKING:
    from mjdesk.core.api import MjClient, ServerProfile
    from mjdesk.core.jobs import JobService
    from mjdesk.core.library import Library


@dataclass
class Session:
    library: Library
    service: JobService
    profile: ServerProfile | None  # None for commands that only read the library

    @property
    def client(self) -> MjClient:
        assert self.profile is not None
        return self.service.client(self.profile.name)


def open_library(args: argparse.Namespace) -> Library:
    from mjdesk.core.library import Library
    from mjdesk.core.paths import app_paths

    return Library.open(app_paths(getattr(args, "home", None)).ensure())


@asynccontextmanager
async def open_session(args: argparse.Namespace, *, server: bool = True) -> AsyncIterator[Session]:
    from mjdesk.core import profiles
    from mjdesk.core.api import MjClient
    from mjdesk.core.jobs import PollPolicy

    library = open_library(args)
    try:
        profile = resolve_profile(args, library) if server else None
        if profile is not None:
            insecure_transport_note(profile)
        key = resolve_key(args, profile.name) if profile is not None else None

        def client_for(name: str) -> MjClient:
            if profile is not None and name == profile.name:
                assert key is not None
                return MjClient(profile, key)
            saved = profiles.load(library, name)
            if saved is None:
                raise LookupError(f"no saved profile {name!r}")
            return MjClient(saved, resolve_key(args, name))

        interval = float(getattr(args, "interval", 0) or 0)
        policy = PollPolicy(running_interval=interval, waiting_interval=interval) if interval else None
        async with _service(library, client_for, policy) as service:
            yield Session(library=library, service=service, profile=profile)
    finally:
        library.close()


@asynccontextmanager
async def _service(library: Library, client_for: object, policy: object) -> AsyncIterator[JobService]:
    from mjdesk.core.imaging import ImagingPool
    from mjdesk.core.jobs import JobService

    pool = ImagingPool()
    service = JobService(library, client_for=client_for, imaging_pool=pool, poll=policy)  # type: ignore[arg-type]
    try:
        yield service
    finally:
        await service.aclose()
        pool.shutdown()
