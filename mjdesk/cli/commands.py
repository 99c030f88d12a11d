"""The commands. Each runs one asyncio program and maps every failure to a documented exit code."""

from __future__ import annotations

import argparse
import asyncio
import os
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import output
from .connection import Connection, resolve
from .errors import EXIT_FAILED, EXIT_NETWORK, EXIT_OK, EXIT_USAGE, CliError

if TYPE_CHECKING:
    from mjdesk.core.api import MjClient, SubmitResult, Task
    from mjdesk.core.imaging import PreparedImage


def _run(args: argparse.Namespace, body: Callable[[MjClient, Connection], Awaitable[int]]) -> int:
    from mjdesk.core.api import MjClient, MjError

    conn = resolve(args)

    async def program() -> int:
        async with MjClient(conn.profile, conn.api_key) as client:
            return await body(client, conn)

    try:
        return asyncio.run(program())
    except MjError as exc:
        raise CliError(str(exc), exc.exit_code) from None


# -- images ---------------------------------------------------------------------------------

async def _prepare(sources: Sequence[str], *, action: str, min_count: int = 1,
                   max_count: int | None = None) -> list[PreparedImage]:
    from mjdesk.core.imaging import ImageInputError, prepare_images

    try:
        return await asyncio.to_thread(
            prepare_images, list(sources), min_count=min_count, max_count=max_count, action=action
        )
    except ImageInputError as exc:
        raise CliError(str(exc), EXIT_USAGE) from None


# -- submitting and waiting -------------------------------------------------------------------

async def _submit_and_follow(client: MjClient, args: argparse.Namespace, request: Any,
                             images: Sequence[PreparedImage] = ()) -> int:
    if getattr(args, "dry_run", False):
        output.dry_run(client.preview(request), images, as_json=args.json)
        return EXIT_OK
    result = await client.submit(request)
    return await _follow(client, args, result)


async def _follow(client: MjClient, args: argparse.Namespace, result: SubmitResult) -> int:
    task_id = result.task_id
    if not getattr(args, "wait", False) or not task_id:
        output.submitted(result, as_json=args.json)
        return EXIT_OK
    output.submitted_note(result)
    task = await wait_for(client, task_id, interval=args.interval, timeout=args.timeout)
    return await _finish(client, args, task)


async def _finish(client: MjClient, args: argparse.Namespace, task: Task) -> int:
    from mjdesk.core.api import TaskStatus

    saved: list[Path] = []
    if task.status is TaskStatus.SUCCESS and getattr(args, "download", None):
        saved = await download_results(client, task, Path(args.download))
    output.final_task(task, saved, as_json=args.json)
    return EXIT_OK if task.status is TaskStatus.SUCCESS else EXIT_FAILED


async def wait_for(client: MjClient, task_id: str, *, interval: float, timeout: float,
                   unknown_grace: float = 30.0) -> Task:
    """Poll until the task is terminal, printing progress on stderr."""
    loop = asyncio.get_running_loop()
    start = loop.time()
    progress = output.Progress(task_id)
    while True:
        task = await client.fetch(task_id)
        elapsed = loop.time() - start
        if task is None:
            # A gateway may not know a task for a moment after accepting it (new-api stores it
            # only after upstream answered); only a long silence means it is really gone.
            if elapsed > unknown_grace:
                progress.done()
                raise CliError(f"the server no longer knows task {task_id}", EXIT_FAILED)
        else:
            progress.update(task)
            if task.is_terminal:
                progress.done()
                return task
        if elapsed > timeout:
            progress.done()
            raise CliError(f"task {task_id} did not finish within {timeout:.0f} s", EXIT_NETWORK)
        await asyncio.sleep(interval)


async def download_results(client: MjClient, task: Task, folder: Path) -> list[Path]:
    from mjdesk.core.imaging import split_grid

    from .files import GRID_ACTIONS, extension_for, write_file

    folder.mkdir(parents=True, exist_ok=True)
    saved: list[Path] = []
    if task.image_url:
        data = await client.download(task.image_url)
        main = write_file(folder / f"{task.id}{extension_for(data)}", data)
        saved.append(main)
        if task.action.value in GRID_ACTIONS and not task.image_urls:
            parts = await asyncio.to_thread(split_grid, data)
            for i, part in enumerate(parts, start=1):
                saved.append(write_file(folder / f"{task.id}_{i}.png", part))
    for i, url in enumerate(task.image_urls, start=1):
        data = await client.download(url)
        saved.append(write_file(folder / f"{task.id}_{i}{extension_for(data)}", data))
    videos = task.video_urls or ([task.video_url] if task.video_url else [])
    for i, url in enumerate(videos, start=1):
        data = await client.download(url)
        suffix = f"_{i}" if len(videos) > 1 else ""
        saved.append(write_file(folder / f"{task.id}{suffix}{extension_for(data, '.mp4')}", data))
    return saved


# -- commands -------------------------------------------------------------------------------

def imagine(args: argparse.Namespace) -> int:
    from mjdesk.core.api import ImagineRequest, SpeedMode

    async def body(client: MjClient, conn: Connection) -> int:
        images = await _prepare(args.image, action="imagine", min_count=0, max_count=5)
        if args.mode:
            client.profile.speed = SpeedMode(args.mode)
        req = ImagineRequest(prompt=args.prompt, images=[i.data_url for i in images], bot=args.bot)
        return await _submit_and_follow(client, args, req, images)

    _require_text(args.prompt, "the prompt is empty")
    return _run(args, body)


def blend(args: argparse.Namespace) -> int:
    from mjdesk.core.api import BlendRequest

    async def body(client: MjClient, conn: Connection) -> int:
        images = await _prepare(args.images, action="blend", min_count=2, max_count=5)
        req = BlendRequest(images=[i.data_url for i in images], dimensions=args.dimensions.upper())
        return await _submit_and_follow(client, args, req, images)

    return _run(args, body)


def describe(args: argparse.Namespace) -> int:
    from mjdesk.core.api import DescribeRequest

    async def body(client: MjClient, conn: Connection) -> int:
        images = await _prepare([args.image], action="describe", max_count=1)
        return await _submit_and_follow(client, args, DescribeRequest(image=images[0].data_url), images)

    return _run(args, body)


def shorten(args: argparse.Namespace) -> int:
    from mjdesk.core.api import ShortenRequest

    _require_text(args.prompt, "the prompt is empty")
    request = ShortenRequest(prompt=args.prompt)
    return _run(args, lambda client, conn: _submit_and_follow(client, args, request))


def swap_face(args: argparse.Namespace) -> int:
    from mjdesk.core.api import SwapFaceRequest

    async def body(client: MjClient, conn: Connection) -> int:
        images = await _prepare([args.source, args.target], action="swap-face", min_count=2, max_count=2)
        req = SwapFaceRequest(source=images[0].data_url, target=images[1].data_url)
        return await _submit_and_follow(client, args, req, images)

    return _run(args, body)


def video(args: argparse.Namespace) -> int:
    from mjdesk.core.api import VideoRequest

    if args.from_task:
        if args.index is None or not 1 <= args.index <= 4:
            raise CliError("extending a video needs --index N (1-4): which video of the task to extend")
        if args.image or args.end_image:
            raise CliError("--from extends a finished video; it takes no --image or --end-image")
    elif not args.image:
        raise CliError("a video needs a start frame: --image IMAGE (or --from TASK_ID --index N)")

    async def body(client: MjClient, conn: Connection) -> int:
        if args.from_task:
            req = VideoRequest(prompt=args.prompt, task_id=args.from_task, index=args.index - 1,
                               action="extend", motion=args.motion)
            return await _submit_and_follow(client, args, req)
        frames = [args.image] + ([args.end_image] if args.end_image else [])
        images = await _prepare(frames, action="video", min_count=1, max_count=2)
        req = VideoRequest(prompt=args.prompt, image=images[0].data_url,
                           end_image=images[1].data_url if len(images) > 1 else None,
                           motion=args.motion, loop=args.loop, batch_size=args.batch_size)
        return await _submit_and_follow(client, args, req, images)

    return _run(args, body)


def upload(args: argparse.Namespace) -> int:
    from mjdesk.core.api import UploadRequest

    async def body(client: MjClient, conn: Connection) -> int:
        images = await _prepare(args.images, action="upload", min_count=1, max_count=10)
        req = UploadRequest(images=[i.data_url for i in images])
        if args.dry_run:
            output.dry_run(client.preview(req), images, as_json=args.json)
            return EXIT_OK
        result = await client.submit(req)
        output.uploaded(result, as_json=args.json)
        return EXIT_OK

    return _run(args, body)


def fetch(args: argparse.Namespace) -> int:
    async def body(client: MjClient, conn: Connection) -> int:
        tasks = await client.list_by_condition(args.task_ids)
        known = {t.id for t in tasks}
        missing = [t for t in args.task_ids if t not in known]
        output.tasks(tasks, as_json=args.json)
        if missing:
            raise CliError(f"the server does not know task {', '.join(missing)}", EXIT_FAILED)
        return EXIT_OK

    return _run(args, body)


def seed(args: argparse.Namespace) -> int:
    async def body(client: MjClient, conn: Connection) -> int:
        value = await client.image_seed(args.task_id)
        output.value("seed", value, as_json=args.json)
        return EXIT_OK

    return _run(args, body)


def cancel(args: argparse.Namespace) -> int:
    async def body(client: MjClient, conn: Connection) -> int:
        await client.cancel(args.task_id)
        output.value("cancelled", args.task_id, as_json=args.json)
        return EXIT_OK

    return _run(args, body)


def test_connection(args: argparse.Namespace) -> int:
    async def body(client: MjClient, conn: Connection) -> int:
        report = await client.test_connection()
        output.connection_report(report, as_json=args.json)
        if report.ok:
            return EXIT_OK
        return report.error.exit_code if report.error is not None else EXIT_FAILED

    return _run(args, body)


def action(args: argparse.Namespace) -> int:
    from .actions import run_action

    return _run(args, lambda client, conn: run_action(client, args))


def serve_sim(args: argparse.Namespace) -> int:
    from mjdesk.sim import SimConfig, serve

    dialect = args.dialect or os.environ.get("MJDESK_DIALECT") or "new-api"
    serve(SimConfig(dialect=dialect, api_key=args.sim_key, speed=args.speed, port=args.port))
    return EXIT_OK


def demo(args: argparse.Namespace) -> int:
    from .demo import run_demo

    dialect = args.dialect or os.environ.get("MJDESK_DIALECT") or "new-api"
    return run_demo(dialect=dialect, speed=args.speed, download=args.download)


def _require_text(text: str, message: str) -> None:
    if not text or not text.strip():
        raise CliError(message)


