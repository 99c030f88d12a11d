"""One CLI run's services: the library, the job service and the resolved server."""

from __future__ import annotations

import argparse
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

from mjdesk.core.text import printable

from .connection import resolve_key, resolve_profile
from .errors import EXIT_FAILED, EXIT_USAGE, CliError

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
    from mjdesk.core.library import Library, LibraryUnusableError
    from mjdesk.core.paths import app_paths

    paths = app_paths(getattr(args, "home", None))
    try:
        paths.ensure()
    except OSError as exc:  # --home names a file, or a folder that cannot be created
        # Name the culprit: the file in the way, not the folder below it that could not be made.
        blocker = next((p for p in paths.data.parents if p.exists() and not p.is_dir()), None)
        if blocker is not None:
            raise CliError(f"{blocker} is a file, not a folder; choose another --home", EXIT_USAGE) from None
        raise CliError(
            f"cannot create the home folder {exc.filename or paths.data}: {exc.strerror or exc}; choose another --home",
            EXIT_USAGE,
        ) from None
    try:
        return Library.open(paths)
    except LibraryUnusableError as exc:
        raise CliError(f"library: {exc}", EXIT_USAGE if exc.usage else EXIT_FAILED) from None


def warn_if_plain_http(base_url: str) -> None:
    from mjdesk.core.api.urls import plain_http_to_remote

    if plain_http_to_remote(base_url):
        print(
            f"mjdesk-cli: warning: {printable(base_url)} is plain http:// to another machine: the API key "
            "travels unencrypted (use https:// unless the server is on your own network)",
            file=sys.stderr,
        )


@asynccontextmanager
async def open_session(args: argparse.Namespace, *, server: bool = True) -> AsyncIterator[Session]:
    from mjdesk.core import profiles
    from mjdesk.core.api import MjClient
    from mjdesk.core.jobs import PollPolicy

    library = open_library(args)
    try:
        profile = resolve_profile(args, library) if server else None
        key = resolve_key(args, profile.name) if profile is not None else None
        if profile is not None:
            warn_if_plain_http(profile.base_url)

        def client_for(name: str) -> MjClient:
            if profile is not None and name == profile.name:
                assert key is not None
                return MjClient(profile, key)
            saved = profiles.load(library, name)
            if saved is None:
                raise LookupError(f"no saved profile {name!r}")
            return MjClient(saved, resolve_key(args, name))

        interval = float(getattr(args, "interval", 0) or 0)
        # No live previews: a terminal shows a progress line, not the server's in-progress image.
        policy = (
            PollPolicy(running_interval=interval, waiting_interval=interval, live_previews=False)
            if interval
            else PollPolicy(live_previews=False)
        )
        async with _service(library, client_for, policy) as service:
            yield Session(library=library, service=service, profile=profile)
    finally:
        library.close()


@asynccontextmanager
async def _service(library: Library, client_for: object, policy: object) -> AsyncIterator[JobService]:
    from mjdesk.core.imaging import ImagingPool
    from mjdesk.core.jobs import JobService
    from mjdesk.core.jobs.costs import CostRecorder

    pool = ImagingPool()
    service = JobService(library, client_for=client_for, imaging_pool=pool, poll=policy)  # type: ignore[arg-type]
    costs = CostRecorder(service)  # what each accepted job costs, into the ledger
    try:
        yield service
    finally:
        await service.aclose()
        await costs.aclose()
        pool.shutdown()
