"""Encoding a normalised image within a byte budget, as a data URL, and caching the result."""

from __future__ import annotations

import base64
import hashlib
import io
import math
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable

from PIL import Image

from mjdesk.core.i18n import QT_TRANSLATE_NOOP

from .errors import ImageInputError
from .model import ImageBudget, MiB, PreparedImage
from .normalise import Normalised, resize

NOTE_JPEG_FOR_SIZE = QT_TRANSLATE_NOOP("PreparedImage", "saved as JPEG to fit the size limit")
NOTE_QUALITY = QT_TRANSLATE_NOOP("PreparedImage", "JPEG quality lowered to fit the size limit")
NOTE_SHRUNK = QT_TRANSLATE_NOOP("PreparedImage", "scaled down further to fit the size limit")

# Below this many distinct colours (in a small sample) an image is a drawing, logo or screenshot:
# PNG keeps its edges crisp and is usually smaller than JPEG for it. Photos have tens of thousands.
_FLAT_COLOURS = 4096
_LOWER_QUALITY = 80
_PNG_LEVEL = 6


def choose_format(norm: Normalised) -> str:
    if norm.has_alpha:
        return "PNG"
    if norm.lossy_source:
        return "JPEG"
    if norm.image.mode == "L":
        return "PNG"
    sample = norm.image.copy()
    sample.thumbnail((256, 256), Image.Resampling.NEAREST)  # NEAREST invents no new colours
    return "PNG" if sample.getcolors(_FLAT_COLOURS) is not None else "JPEG"


def encode(image: Image.Image, fmt: str, quality: int) -> bytes:
    buf = io.BytesIO()
    if fmt == "JPEG":
        image.save(buf, "JPEG", quality=quality)
    else:
        image.save(buf, "PNG", compress_level=_PNG_LEVEL)
    return buf.getvalue()


def data_url(data: bytes, fmt: str) -> str:
    mime = "image/jpeg" if fmt == "JPEG" else "image/png"
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


def data_url_length(encoded_size: int, fmt: str) -> int:
    """Characters of the data URL for ``encoded_size`` bytes, without building it."""
    prefix = len("data:image/jpeg;base64,") if fmt == "JPEG" else len("data:image/png;base64,")
    return prefix + 4 * math.ceil(encoded_size / 3)


def encode_within(name: str, norm: Normalised, budget: ImageBudget, max_bytes: int) -> PreparedImage:
    """Encode ``norm`` as PNG or JPEG; lower the JPEG quality, then the size, until ``max_bytes`` fits."""
    image = norm.image
    notes = list(norm.notes)
    fmt = choose_format(norm)
    quality = budget.jpeg_quality
    data = encode(image, fmt, quality)
    if len(data) > max_bytes and fmt == "PNG" and not norm.has_alpha:
        fmt = "JPEG"
        notes.append(NOTE_JPEG_FOR_SIZE)
        data = encode(image, fmt, quality)
    if len(data) > max_bytes and fmt == "JPEG" and quality > _LOWER_QUALITY:
        quality = _LOWER_QUALITY
        notes.append(NOTE_QUALITY)
        data = encode(image, fmt, quality)
    shrunk = False
    while len(data) > max_bytes:
        # Encoded size grows roughly with the pixel count; aim a little under to converge in 1-2 steps.
        scale = math.sqrt(max_bytes / len(data)) * 0.9
        size = (round(image.width * scale), round(image.height * scale))
        if min(size) < budget.min_side:
            raise ImageInputError(
                name,
                QT_TRANSLATE_NOOP(
                    "ImageInputError",
                    "cannot be made smaller than {limit:.2f} MiB without going below {min} px",
                ),
                limit=max_bytes / MiB,
                min=budget.min_side,
            )
        image = resize(image, size)
        data = encode(image, fmt, quality)
        shrunk = True
    if shrunk:
        notes.append(NOTE_SHRUNK)
    return PreparedImage(
        name=name,
        data_url=data_url(data, fmt),
        width=image.width,
        height=image.height,
        format=fmt,
        encoded_size=len(data),
        scaled=image.size != norm.original_size,
        original_width=norm.original_size[0],
        original_height=norm.original_size[1],
        notes=tuple(notes),
        sha256=hashlib.sha256(data).hexdigest(),
    )


class EncodeCache:
    """A bounded LRU of prepared images keyed by content hash + settings; thread-safe.

    A key being encoded by one thread makes other threads asking for it wait for that result rather
    than encode the same image again.
    """

    def __init__(self, max_chars: int = 128 * MiB) -> None:
        self._max_chars = max_chars
        self._chars = 0
        self._items: OrderedDict[Hashable, PreparedImage] = OrderedDict()
        self._lock = threading.Lock()
        self._in_flight: dict[Hashable, threading.Lock] = {}

    def get_or_make(self, key: Hashable, make: Callable[[], PreparedImage]) -> PreparedImage:
        with self._lock:
            hit = self._lookup(key)
            if hit is not None:
                return hit
            key_lock = self._in_flight.setdefault(key, threading.Lock())
        with key_lock:
            with self._lock:
                hit = self._lookup(key)
            if hit is not None:
                return hit
            try:
                value = make()
                self._store(key, value)
            finally:
                with self._lock:
                    self._in_flight.pop(key, None)
        return value

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self._chars = 0

    def _lookup(self, key: Hashable) -> PreparedImage | None:
        hit = self._items.get(key)
        if hit is not None:
            self._items.move_to_end(key)
        return hit

    def _store(self, key: Hashable, value: PreparedImage) -> None:
        size = len(value.data_url)
        if size > self._max_chars:
            return
        with self._lock:
            if key in self._items:
                return
            self._items[key] = value
            self._chars += size
            while self._chars > self._max_chars:
                _, old = self._items.popitem(last=False)
                self._chars -= len(old.data_url)
