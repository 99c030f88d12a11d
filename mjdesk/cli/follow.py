"""Running a command against a server and following what it submitted: the session around it,
the wait (stopped at once when the key is refused), exit codes of a job and its export. Shared by
the server commands, the button actions, batches and resume."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Awaitable, Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

from . import output
from .errors import EXIT_AUTH, EXIT_FAILED, EXIT_NETWORK, EXIT_OK, EXIT_USAGE, CliError
from .session import Session, open_session

if TYPE_CHECKING:
    from mjdesk.core.api import SubmitRequest
    from mjdesk.core.imaging import PreparedImage
    from mjdesk.core.library import JobRecord

T = TypeVar("T")
# How often the CLI looks whether polling was refused (a flag read, no request).
REFUSAL_CHECK_INTERVAL = 0.1


def run(args: argparse.Namespace, body: Callable[[Session], Awaitable[int]], *, server: bool = True) -> int:
    from mjdesk.core.api import MjError
    from mjdesk.core.library import LibraryError

    async def program() -> int:
        async with open_session(args, server=server) as session:
            return await body(session)

    try:
        return asyncio.run(program())
    except MjError as exc:
        raise CliError(str(exc), exc.exit_code) from None
    except LibraryError as exc:
        raise CliError(f"library: {exc}", EXIT_FAILED) from None


# -- images ---------------------------------------------------------------------------------


async def prepare(
    sources: Sequence[str], *, action: str, min_count: int = 1, max_count: int | None = None
) -> list[PreparedImage]:
    from mjdesk.core.imaging import ImageInputError, prepare_images

    try:
        return await asyncio.to_thread(
            prepare_images, list(sources), min_count=min_count, max_count=max_count, action=action
        )
    except ImageInputError as exc:
        raise CliError(str(exc), EXIT_USAGE) from None


# -- submitting and following ---------------------------------------------------------------


async def submit_and_follow(
    session: Session,
    args: argparse.Namespace,
    request: SubmitRequest,
    images: Sequence[PreparedImage] = (),
    **submit: Any,
) -> int:
    if getattr(args, "dry_run", False):
        from mjdesk.core.jobs.costs import job_action

        output.dry_run(session.client.preview(request), images, as_json=args.json)
        output.estimate(session.profile, [job_action(request)])
        return EXIT_OK
    assert session.profile is not None
    job = await session.service.submit(session.profile.name, request, **submit)
    return await follow(session, args, job)


async def follow(session: Session, args: argparse.Namespace, job: JobRecord) -> int:
    """Report a submitted job; with --wait, track it to the end (results land in the library)."""
    refused = exit_code_of(job)
    if refused is not None:
        output.submit_failed(job, as_json=args.json)
        return refused
    if not getattr(args, "wait", False):
        output.submitted(job, as_json=args.json)
        return EXIT_OK
    output.submitted_note(job)
    job = await wait(session, job.id, timeout=args.timeout)
    saved = export_results(session, job, Path(args.download)) if getattr(args, "download", None) else []
    output.final_job(job, saved, as_json=args.json)
    if job.download_error and job.downloaded_at is None:
        # The task succeeded but its results are not (all) in the library; the job keeps its
        # download pending, so resume retries it.
        print(f"mjdesk-cli: Download failed: {' '.join(job.download_error.split())}", file=sys.stderr)
        return exit_code_of(job) or EXIT_FAILED
    return exit_code_of(job) or EXIT_OK


async def wait(session: Session, job_id: int, *, timeout: float) -> JobRecord:
    from mjdesk.core.jobs import settled

    progress = output.Progress()
    unsubscribe = session.service.subscribe(lambda ev: progress.update(ev.job) if ev.job_id == job_id else None)
    unsubscribe_health = session.service.subscribe_health(progress.server_health)
    assert session.profile is not None
    try:
        job = await unless_key_refused(session, [session.profile.name], session.service.wait(job_id, timeout=timeout))
    except TimeoutError:
        job = await session.service.job(job_id)
        raise CliError(
            f"job {job_id} (task {job.remote_id}) is still {job.status} after {timeout:.0f} s; "
            f"it stays in the library: mjdesk-cli resume",
            EXIT_NETWORK,
        ) from None
    finally:
        unsubscribe()
        unsubscribe_health()
        progress.done()
    assert settled(job)
    return job


async def unless_key_refused(session: Session, profile_names: Iterable[str], work: Awaitable[T]) -> T:
    """``work``'s result, unless polling one of these servers is refused (401/403) first: then the
    job service would only back off and retry until the timeout (30 min for resume), so stop at
    once with exit 4. The jobs stay in the library; nothing was submitted again."""
    names = list(profile_names)
    task = asyncio.ensure_future(work)
    watch = asyncio.ensure_future(_key_refused(session, names))
    try:
        await asyncio.wait({task, watch}, return_when=asyncio.FIRST_COMPLETED)
        if watch.done():
            watch.result()  # raises the CliError
        return task.result()
    finally:
        for t in (task, watch):
            t.cancel()
        await asyncio.gather(task, watch, return_exceptions=True)


async def _key_refused(session: Session, names: list[str]) -> NoReturn:
    from mjdesk.core.api import AuthError, ForbiddenError

    # The job service has no event for a failed poll cycle (only job events), but each server's
    # tracker keeps its last error: read that flag a few times a second.
    while True:
        for name in names:
            tracker = session.service.tracker(name)
            error = tracker.last_error if tracker is not None else None
            if isinstance(error, (AuthError, ForbiddenError)):
                raise CliError(
                    f"{name}: {error} (the jobs stay in the library: mjdesk-cli resume once the key works)", EXIT_AUTH
                )
        await asyncio.sleep(REFUSAL_CHECK_INTERVAL)


def exit_code_of(job: JobRecord) -> int | None:
    """None while the job is fine (accepted, running or done well), else its exit code."""
    from mjdesk.core import api
    from mjdesk.core.library import SubmitState
    from mjdesk.core.library.models import STATUS_SUCCESS

    if job.submit_state is SubmitState.REFUSED:
        name = (job.submit_answer or {}).get("error")
        cls = getattr(api, name, None) if isinstance(name, str) else None
        return getattr(cls, "exit_code", EXIT_FAILED)
    if job.submit_state is SubmitState.UNKNOWN:
        return EXIT_NETWORK
    if job.is_finished and job.status != STATUS_SUCCESS:
        return EXIT_FAILED
    return None


def export_results(session: Session, job: JobRecord, folder: Path) -> list[Path]:
    from .export import export_job

    return export_job(session.library, job, folder)
