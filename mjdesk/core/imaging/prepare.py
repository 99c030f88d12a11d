"""The entry points: any input, or several for one request, to PreparedImage within the budgets."""

from __future__ import annotations

import dataclasses
import hashlib
import os
from collections.abc import Sequence
from typing import cast

from PIL import Image

from mjdesk.core.i18n import QT_TRANSLATE_NOOP
from mjdesk.core.text import plural

from .encode import EncodeCache, data_url_length, encode_within
from .errors import ImageInputError
from .model import DEFAULT_BUDGET, ImageBudget, MiB, PreparedImage
from .normalise import Normalised, check_dimensions, decode, finish
from .sources import Source, display_name, load_source

ImageSource = str | os.PathLike[str] | bytes

_cache = EncodeCache()


def clear_cache() -> None:
    """Forget every encoded image (tests; or after the user changes the budget settings)."""
    _cache.clear()


def prepare_image(
    source: ImageSource, *, budget: ImageBudget = DEFAULT_BUDGET, name: str | None = None
) -> PreparedImage:
    """A file path, bytes, http(s) URL or data URL as an upright data URL within ``budget``.

    Raises ImageInputError naming the input and the reason for anything that cannot be sent.
    """
    return _prepare_source(load_source(source, budget=budget, name=name), budget, budget.max_bytes)


def prepare_images(
    sources: Sequence[ImageSource],
    *,
    budget: ImageBudget = DEFAULT_BUDGET,
    min_count: int = 0,
    max_count: int | None = None,
    action: str | None = None,
) -> list[PreparedImage]:
    """Prepare every image of one request, checking how many there are and that together they fit.

    When the data URLs together exceed ``budget.request_max_bytes`` the largest are re-encoded
    smaller (each to a fair share of what is left); when that is impossible the error says so.
    """
    sources = list(sources)
    label = action or "request"
    _check_count(label, len(sources), min_count, max_count)
    several = len(sources) > 1
    loaded = [
        load_source(src, budget=budget, name=_indexed_name(src, i) if several else None)
        for i, src in enumerate(sources, start=1)
    ]
    prepared = [_prepare_source(src, budget, budget.max_bytes) for src in loaded]
    return _fit_request(label, loaded, prepared, budget)


def prepare_raw_rgba(
    data: bytes | bytearray | memoryview,
    width: int,
    height: int,
    stride: int,
    *,
    fmt: str = "RGBA",
    budget: ImageBudget = DEFAULT_BUDGET,
    name: str = "clipboard",
) -> PreparedImage:
    """Raw pixels (e.g. a QImage's ``constBits()``) as a PreparedImage, without a PNG round trip.

    ``fmt`` is the byte order in memory: "RGBA", "RGB", "BGRA" (QImage.Format_ARGB32 on little-endian
    machines) or "BGRX" (Format_RGB32). Premultiplied formats must be converted by the caller.
    """
    channels = {"RGBA": 4, "RGB": 3, "BGRA": 4, "BGRX": 4}.get(fmt)
    if channels is None:
        raise ValueError(f"prepare_raw_rgba: unsupported pixel layout {fmt!r}")
    check_dimensions(name, (width, height), budget)
    if stride < width * channels or len(data) < stride * (height - 1) + width * channels:
        raise ImageInputError(
            name,
            QT_TRANSLATE_NOOP("ImageInputError", "the pixel buffer is too short for {width}×{height} px"),
            width=width,
            height=height,
        )
    key = ("raw", hashlib.sha256(data).hexdigest(), width, height, stride, fmt, budget)

    def make() -> PreparedImage:
        mode = "RGB" if fmt in ("RGB", "BGRX") else "RGBA"
        # Pillow's stub omits memoryview; frombuffer takes any buffer (a clipboard's pixels are one)
        buffer = cast("bytes", data)
        image = Image.frombuffer(mode, (width, height), buffer, "raw", fmt, stride, 1).copy()
        norm = finish(image, "RAW", (width, height), [], max_side=budget.max_side)
        return encode_within(name, norm, budget, budget.max_bytes)

    return _renamed(_cache.get_or_make(key, make), name)


def _prepare_source(src: Source, budget: ImageBudget, max_bytes: int) -> PreparedImage:
    def make() -> PreparedImage:
        norm: Normalised = decode(src, budget, max_side=budget.max_side)
        return encode_within(src.name, norm, budget, max_bytes)

    return _renamed(_cache.get_or_make((src.sha256, budget, max_bytes), make), src.name)


def _renamed(image: PreparedImage, name: str) -> PreparedImage:
    return image if image.name == name else dataclasses.replace(image, name=name)


def _indexed_name(source: ImageSource, index: int) -> str | None:
    # "image" or "data URL" alone would not tell the user which of several inputs is meant.
    shown = display_name(source)
    return f"{shown} {index}" if shown in ("image", "data URL") else None


def _check_count(label: str, count: int, min_count: int, max_count: int | None) -> None:
    if min_count <= count and (max_count is None or count <= max_count):
        return
    if max_count is None:
        template = plural(
            min_count,
            QT_TRANSLATE_NOOP("ImageInputError", "needs at least {min} image, got {count}"),
            QT_TRANSLATE_NOOP("ImageInputError", "needs at least {min} images, got {count}"),
        )
    elif min_count == max_count:
        template = plural(
            min_count,
            QT_TRANSLATE_NOOP("ImageInputError", "needs exactly {min} image, got {count}"),
            QT_TRANSLATE_NOOP("ImageInputError", "needs exactly {min} images, got {count}"),
        )
    else:
        template = QT_TRANSLATE_NOOP("ImageInputError", "takes {min}–{max} images, got {count}")
    raise ImageInputError(label, template, min=min_count, max=max_count, count=count)


def _fit_request(
    label: str, loaded: list[Source], prepared: list[PreparedImage], budget: ImageBudget
) -> list[PreparedImage]:
    def size(img: PreparedImage) -> int:
        return len(img.data_url)

    limit = budget.request_max_bytes
    if sum(map(size, prepared)) <= limit:
        return prepared
    result = list(prepared)
    remaining = limit
    order = sorted(range(len(prepared)), key=lambda i: size(prepared[i]))
    for position, i in enumerate(order):
        share = remaining // (len(order) - position)
        if size(result[i]) > share:
            # The share is counted in data-URL characters; the encoder's limit is in bytes.
            max_bytes = (share - data_url_length(0, "JPEG")) * 3 // 4
            try:
                result[i] = _prepare_source(loaded[i], budget, max(1, max_bytes))
            except ImageInputError:
                raise _request_too_large(label, len(prepared), sum(map(size, prepared)), limit) from None
        remaining -= size(result[i])
    if remaining < 0:
        raise _request_too_large(label, len(prepared), sum(map(size, prepared)), limit)
    return result


def _request_too_large(label: str, count: int, total: int, limit: int) -> ImageInputError:
    return ImageInputError(
        label,
        QT_TRANSLATE_NOOP(
            "ImageInputError",
            "{count} images need {total:.1f} MiB, more than the request limit of {limit:.1f} MiB even when scaled down",
        ),
        count=count,
        total=total / MiB,
        limit=limit / MiB,
    )
