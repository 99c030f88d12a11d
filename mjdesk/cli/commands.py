"""The server commands. Every submit goes through the job service, so it is in the library (the
window sees it) before the request leaves; each failure maps to a documented exit code."""

from __future__ import annotations

import argparse
import asyncio
import os
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
        output.dry_run(session.client.preview(request), images, as_json=args.json)
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


# -- commands -------------------------------------------------------------------------------


def imagine(args: argparse.Namespace) -> int:
    from mjdesk.core.api import ImagineRequest, SpeedMode

    require_text(args.prompt, "the prompt is empty")

    async def body(session: Session) -> int:
        images = await prepare(args.image, action="imagine", min_count=0, max_count=5)
        if args.mode:
            session.client.profile.speed = SpeedMode(args.mode)
        req = ImagineRequest(prompt=args.prompt, images=[i.data_url for i in images], bot=args.bot)
        return await submit_and_follow(session, args, req, images)

    return run(args, body)


def blend(args: argparse.Namespace) -> int:
    from mjdesk.core.api import BlendRequest

    async def body(session: Session) -> int:
        images = await prepare(args.images, action="blend", min_count=2, max_count=5)
        req = BlendRequest(images=[i.data_url for i in images], dimensions=args.dimensions.upper())
        return await submit_and_follow(session, args, req, images)

    return run(args, body)


def describe(args: argparse.Namespace) -> int:
    from mjdesk.core.api import DescribeRequest

    async def body(session: Session) -> int:
        images = await prepare([args.image], action="describe", max_count=1)
        return await submit_and_follow(session, args, DescribeRequest(image=images[0].data_url), images)

    return run(args, body)


def shorten(args: argparse.Namespace) -> int:
    from mjdesk.core.api import ShortenRequest

    require_text(args.prompt, "the prompt is empty")
    request = ShortenRequest(prompt=args.prompt)
    return run(args, lambda session: submit_and_follow(session, args, request))


def swap_face(args: argparse.Namespace) -> int:
    from mjdesk.core.api import SwapFaceRequest

    async def body(session: Session) -> int:
        images = await prepare([args.source, args.target], action="swap-face", min_count=2, max_count=2)
        req = SwapFaceRequest(source=images[0].data_url, target=images[1].data_url)
        return await submit_and_follow(session, args, req, images)

    return run(args, body)


def video(args: argparse.Namespace) -> int:
    from mjdesk.core.api import VideoRequest

    if args.from_task:
        if args.index is None or not 1 <= args.index <= 4:
            raise CliError("extending a video needs --index N (1-4): which video of the task to extend")
        if args.image or args.end_image:
            raise CliError("--from extends a finished video; it takes no --image or --end-image")
    elif not args.image:
        raise CliError("a video needs a start frame: --image IMAGE (or --from TASK_ID --index N)")

    async def body(session: Session) -> int:
        if args.from_task:
            parent = await _library_job(session, args.from_task)
            req = VideoRequest(
                prompt=args.prompt, task_id=args.from_task, index=args.index - 1, action="extend", motion=args.motion
            )
            return await submit_and_follow(session, args, req, parent_job_id=parent.id if parent else None)
        frames = [args.image] + ([args.end_image] if args.end_image else [])
        images = await prepare(frames, action="video", min_count=1, max_count=2)
        req = VideoRequest(
            prompt=args.prompt,
            image=images[0].data_url,
            end_image=images[1].data_url if len(images) > 1 else None,
            motion=args.motion,
            loop=args.loop,
            batch_size=args.batch_size,
        )
        return await submit_and_follow(session, args, req, images)

    return run(args, body)


def upload(args: argparse.Namespace) -> int:
    from mjdesk.core.api import UploadRequest

    async def body(session: Session) -> int:
        images = await prepare(args.images, action="upload", min_count=1, max_count=10)
        req = UploadRequest(images=[i.data_url for i in images])
        if args.dry_run:
            output.dry_run(session.client.preview(req), images, as_json=args.json)
            return EXIT_OK
        assert session.profile is not None
        job = await session.service.submit(session.profile.name, req)
        refused = exit_code_of(job)
        if refused is not None:
            output.submit_failed(job, as_json=args.json)
            return refused
        output.uploaded(job, as_json=args.json)
        return EXIT_OK

    return run(args, body)


def fetch(args: argparse.Namespace) -> int:
    async def body(session: Session) -> int:
        tasks = await session.client.list_by_condition(args.task_ids)
        known = {t.id for t in tasks}
        missing = [t for t in args.task_ids if t not in known]
        output.tasks(tasks, as_json=args.json)
        if missing:
            raise CliError(f"the server does not know task {', '.join(missing)}", EXIT_FAILED)
        return EXIT_OK

    return run(args, body)


def seed(args: argparse.Namespace) -> int:
    async def body(session: Session) -> int:
        output.value("seed", await session.client.image_seed(args.task_id), as_json=args.json)
        return EXIT_OK

    return run(args, body)


def cancel(args: argparse.Namespace) -> int:
    async def body(session: Session) -> int:
        await session.client.cancel(args.task_id)
        output.value("cancelled", args.task_id, as_json=args.json)
        return EXIT_OK

    return run(args, body)


def test_connection(args: argparse.Namespace) -> int:
    async def body(session: Session) -> int:
        report = await session.client.test_connection()
        output.connection_report(report, as_json=args.json)
        if report.ok:
            return EXIT_OK
        return report.error.exit_code if report.error is not None else EXIT_FAILED

    return run(args, body)


def action(args: argparse.Namespace) -> int:
    from .actions import run_action

    return run(args, lambda session: run_action(session, args))


def serve_sim(args: argparse.Namespace) -> int:
    from mjdesk.sim import SimConfig, serve

    dialect = args.dialect or os.environ.get("MJDESK_DIALECT") or "new-api"
    serve(SimConfig(dialect=dialect, api_key=args.sim_key, speed=args.speed, port=args.port))
    return EXIT_OK


def demo(args: argparse.Namespace) -> int:
    from .demo import run_demo

    dialect = args.dialect or os.environ.get("MJDESK_DIALECT") or "new-api"
    return run_demo(dialect=dialect, speed=args.speed, download=args.download)


def require_text(text: str, message: str) -> None:
    if not text or not text.strip():
        raise CliError(message)


async def _library_job(session: Session, task_id: str) -> JobRecord | None:
    assert session.profile is not None
    return await asyncio.to_thread(session.library.job_by_remote, session.profile.name, task_id)
