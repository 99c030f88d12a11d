"""Cutting a 2×2 result grid into its four candidates (spec §12.2)."""

from __future__ import annotations

import io
import os

from mjdesk.core.i18n import QT_TRANSLATE_NOOP

from .errors import ImageInputError
from .model import ImageBudget
from .normalise import decode
from .sources import load_source


def split_grid(data: bytes | str | os.PathLike[str]) -> list[bytes]:
    """Four lossless PNGs in button order: 1 top-left, 2 top-right, 3 bottom-left, 4 bottom-right.

    With an odd width or height the extra column/row goes to the right/bottom candidates, so the
    four parts together hold every pixel of the grid exactly once.
    """
    budget = ImageBudget()
    src = load_source(data, budget=budget, name="grid image" if isinstance(data, bytes) else None)
    # max_side = the long side itself: no resizing; the grid is decoded once at full size.
    image = decode(src, budget, max_side=2**31, check_shape=False).image
    width, height = image.size
    if width < 2 or height < 2:
        raise ImageInputError(
            src.name,
            QT_TRANSLATE_NOOP("ImageInputError", "too small to be a 2×2 grid ({width}×{height} px)"),
            width=width,
            height=height,
        )
    left, top = width // 2, height // 2
    boxes = [(0, 0, left, top), (left, 0, width, top), (0, top, left, height), (left, top, width, height)]
    parts = []
    for box in boxes:
        buf = io.BytesIO()
        image.crop(box).save(buf, "PNG", compress_level=3)
        parts.append(buf.getvalue())
    return parts
