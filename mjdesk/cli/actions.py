"""``mjdesk-cli action``: press a button of a finished task, answering a modal when one is required."""

from __future__ import annotations

import argparse
import asyncio
import io
import re
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import EXIT_FAILED, EXIT_USAGE, CliError
from .follow import exit_code_of, follow, submit_and_follow

if TYPE_CHECKING:
    from mjdesk.core.api import Button, Task

    from .session import Session

_ZOOM_RE = re.compile(r"--zoom\s+([0-9]*\.?[0-9]+)")


def _norm(text: str) -> str:
    return " ".join(text.lower().split())


def find_button(task: Task, wanted: str) -> Button:
    """Match a customId exactly, else a label (case and spacing ignored), else an emoji."""
    buttons = list(task.buttons)
    for match in (
        lambda b: b.custom_id == wanted,
        lambda b: bool(b.label) and _norm(b.label) == _norm(wanted),
        lambda b: bool(b.emoji) and b.emoji == wanted.strip(),
    ):
        found = next((b for b in buttons if match(b)), None)
        if found is not None:
            return found
    available = ", ".join(repr(b.label or b.emoji or b.custom_id) for b in buttons) or "none"
    raise CliError(f"task {task.id} has no button {wanted!r}; its buttons: {available}", EXIT_USAGE)


async def _load_mask(path: str, width: int, height: int) -> str:
    from mjdesk.core.imaging import ImageInputError, mask_to_data_url

    def convert() -> str:
        from PIL import Image, UnidentifiedImageError

        from mjdesk.core.imaging.model import DEFAULT_BUDGET
        from mjdesk.core.safefiles import UserFileError, read_capped

        try:
            # Bounded and regular files only: a FIFO or /dev/zero given as the mask must not hang.
            data = read_capped(Path(path), DEFAULT_BUDGET.max_input_bytes)
        except UserFileError as exc:
            raise CliError(str(exc), EXIT_USAGE) from None
        try:
            with Image.open(io.BytesIO(data)) as img:
                if img.size != (width, height):
                    raise CliError(f"{path}: the mask is {img.width}x{img.height} but the image is {width}x{height}")
                gray = img.convert("L")
        except (OSError, UnidentifiedImageError) as exc:
            raise CliError(f"{path}: not a readable image ({exc.__class__.__name__})") from None
        return mask_to_data_url(gray.point(lambda v: 255 if v > 127 else 0).tobytes(), width, height)

    try:
        return await asyncio.to_thread(convert)
    except ImageInputError as exc:
        raise CliError(str(exc), EXIT_USAGE) from None


async def _image_size(session: Session, task: Task) -> tuple[int, int]:
    """The pixel size of the image a mask is painted on: from the library when we have it."""
    from mjdesk.core.library import ImageKind

    assert session.profile is not None
    job = await asyncio.to_thread(session.library.job_by_remote, session.profile.name, task.id)
    if job is not None:
        for image in await asyncio.to_thread(session.library.images, job.id):
            if image.kind in (ImageKind.UPSCALE, ImageKind.GRID) and image.width and image.height:
                return image.width, image.height
    if not task.image_url:
        raise CliError(f"task {task.id} has no image to paint a mask on", EXIT_FAILED)
    data = await session.client.download(task.image_url)

    def measure() -> tuple[int, int]:

        from PIL import Image

        with Image.open(io.BytesIO(data)) as img:
            return img.size

    return await asyncio.to_thread(measure)


async def run_action(session: Session, args: argparse.Namespace) -> int:
    from mjdesk.core.api import ActionRequest, ButtonKind

    parent = await session.client.fetch(args.task_id)
    if parent is None:
        raise CliError(f"the server does not know task {args.task_id}", EXIT_FAILED)
    button = find_button(parent, args.button)

    # Check what the modal will need before pressing the button: a pressed Vary Region without
    # a mask would leave an orphan modal task on the server.
    mask: str | None = None
    if button.kind is ButtonKind.VARY_REGION:
        if not args.mask:
            raise CliError("Vary (Region) needs --mask PNG (white = repaint, black = keep)")
        width, height = await _image_size(session, parent)
        mask = await _load_mask(args.mask, width, height)
    elif args.mask:
        raise CliError("--mask is only for Vary (Region)")
    if button.kind is ButtonKind.CUSTOM_ZOOM:
        match = _ZOOM_RE.search(args.prompt or "")
        if not match or not 1.0 <= float(match.group(1)) <= 2.0:
            raise CliError("Custom Zoom needs --prompt with --zoom between 1 and 2, e.g. 'a cat --zoom 1.5'")

    assert session.profile is not None
    known = await asyncio.to_thread(session.library.job_by_remote, session.profile.name, parent.id)
    request = ActionRequest(task_id=parent.id, custom_id=button.custom_id)
    if args.dry_run:
        return await submit_and_follow(session, args, request)
    job = await session.service.submit(
        session.profile.name, request, parent_job_id=known.id if known else None, parent_button=button.custom_id
    )
    if job.modal_pending and exit_code_of(job) is None:
        # As the window does: the parent's prompt with its parameters, whatever the dialect offers.
        from mjdesk.core.jobs.prefill import modal_prefill
        from mjdesk.core.prompt import strip_links

        prompt = (
            args.prompt if args.prompt is not None else (modal_prefill(job, known) or strip_links(parent.prompt or ""))
        )
        job = await session.service.submit_modal(job.id, prompt, mask)
    return await follow(session, args, job)
