"""The server commands. Every submit goes through the job service, so it is in the library (the
window sees it) before the request leaves; each failure maps to a documented exit code."""

from __future__ import annotations

import argparse
import asyncio
import os
from typing import TYPE_CHECKING

from . import output
from .errors import EXIT_FAILED, EXIT_OK, CliError
from .follow import exit_code_of, prepare, run, submit_and_follow
from .session import Session

if TYPE_CHECKING:
    from mjdesk.core.library import JobRecord

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
                prompt=args.prompt,
                task_id=args.from_task,
                index=args.index - 1,
                action="extend",
                motion=args.motion,
                hd=args.hd,
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
            hd=args.hd,
        )
        return await submit_and_follow(session, args, req, images)

    return run(args, body)


def edit(args: argparse.Namespace) -> int:
    from mjdesk.core.api import EditsRequest, RetextureRequest

    require_text(args.prompt, "an edit needs a prompt: what the image (or its painted area) should show")
    if args.retexture and args.mask:
        raise CliError("--retexture changes the whole image; it takes no --mask")

    async def body(session: Session) -> int:
        (image,) = await prepare([args.image], action="edit", min_count=1, max_count=1)
        data_url = image.data_url
        if args.mask:
            data_url = await _erased(image.data_url, args.mask)
        kind = RetextureRequest if args.retexture else EditsRequest
        return await submit_and_follow(session, args, kind(prompt=args.prompt, image=data_url), [image])

    return run(args, body)


async def _erased(image_data_url: str, mask_path: str) -> str:
    """The image with the mask's white area made transparent: what the edit repaints."""
    from pathlib import Path

    from mjdesk.core.imaging import ImageInputError, erase_to_data_url
    from mjdesk.core.imaging.model import DEFAULT_BUDGET
    from mjdesk.core.safefiles import UserFileError, read_capped

    def work() -> str:
        try:
            mask = read_capped(Path(mask_path), DEFAULT_BUDGET.max_input_bytes)
        except UserFileError as exc:
            raise CliError(str(exc)) from None
        try:
            return erase_to_data_url(image_data_url, mask)
        except ImageInputError as exc:
            raise CliError(f"{mask_path}: {exc}") from None

    return await asyncio.to_thread(work)


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
