"""``mjdesk-cli action``: press a button of a finished task, answering a modal when one is required."""

from __future__ import annotations

import argparse
import asyncio
import re
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import EXIT_FAILED, EXIT_USAGE, CliError

if TYPE_CHECKING:
    from mjdesk.core.api import Button, MjClient, Task

_ZOOM_RE = re.compile(r"--zoom\s+([0-9]*\.?[0-9]+)")


def _norm(text: str) -> str:
    return " ".join(text.lower().split())


def find_button(task: Task, wanted: str) -> Button:
    """Match a customId exactly, else a label (case and spacing ignored), else an emoji."""
    buttons = list(task.buttons)
    for b in buttons:
        if b.custom_id == wanted:
            return b
    for b in buttons:
        if b.label and _norm(b.label) == _norm(wanted):
            return b
    for b in buttons:
        if b.emoji and b.emoji == wanted.strip():
            return b
    available = ", ".join(repr(b.label or b.emoji or b.custom_id) for b in buttons) or "none"
    raise CliError(f"task {task.id} has no button {wanted!r}; its buttons: {available}", EXIT_USAGE)


async def _load_mask(path: str, width: int, height: int) -> str:
    from mjdesk.core.imaging import ImageInputError, mask_to_data_url

    def convert() -> str:
        from PIL import Image, UnidentifiedImageError

        try:
            with Image.open(Path(path)) as img:
                if img.size != (width, height):
                    raise CliError(
                        f"{path}: the mask is {img.width}x{img.height} but the image is {width}x{height}"
                    )
                gray = img.convert("L")
        except (OSError, UnidentifiedImageError) as exc:
            raise CliError(f"{path}: not a readable image ({exc.__class__.__name__})") from None
        return mask_to_data_url(gray.point(lambda v: 255 if v > 127 else 0).tobytes(), width, height)

    try:
        return await asyncio.to_thread(convert)
    except ImageInputError as exc:
        raise CliError(str(exc), EXIT_USAGE) from None


async def _image_size(client: MjClient, task: Task) -> tuple[int, int]:
    if not task.image_url:
        raise CliError(f"task {task.id} has no image to paint a mask on", EXIT_FAILED)
    data = await client.download(task.image_url)

    def measure() -> tuple[int, int]:
        import io

        from PIL import Image

        with Image.open(io.BytesIO(data)) as img:
            return img.size

    return await asyncio.to_thread(measure)


async def run_action(client: MjClient, args: argparse.Namespace) -> int:
    from mjdesk.core.api import ActionRequest, ButtonKind, ModalRequest

    from .commands import _follow, _submit_and_follow

    parent = await client.fetch(args.task_id)
    if parent is None:
        raise CliError(f"the server does not know task {args.task_id}", EXIT_FAILED)
    button = find_button(parent, args.button)

    # Check what the modal will need before pressing the button: a pressed Vary Region without
    # a mask would leave an orphan modal task on the server.
    mask: str | None = None
    if button.kind is ButtonKind.VARY_REGION:
        if not args.mask:
            raise CliError("Vary (Region) needs --mask PNG (white = repaint, black = keep)")
        width, height = await _image_size(client, parent)
        mask = await _load_mask(args.mask, width, height)
    elif args.mask:
        raise CliError("--mask is only for Vary (Region)")
    if button.kind is ButtonKind.CUSTOM_ZOOM:
        match = _ZOOM_RE.search(args.prompt or "")
        if not match or not 1.0 <= float(match.group(1)) <= 2.0:
            raise CliError("Custom Zoom needs --prompt with --zoom between 1 and 2, e.g. 'a cat --zoom 1.5'")

    request = ActionRequest(task_id=parent.id, custom_id=button.custom_id)
    if args.dry_run:
        return await _submit_and_follow(client, args, request)
    result = await client.submit(request)
    if result.modal_required and result.task_id:
        prompt = args.prompt if args.prompt is not None else (result.final_prompt or parent.prompt or "")
        result = await client.submit(ModalRequest(task_id=result.task_id, prompt=prompt, mask_base64=mask))
    return await _follow(client, args, result)
