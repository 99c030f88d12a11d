"""Small previews for the gallery, cached on disk by content hash and size."""

from __future__ import annotations

import io
import os
import tempfile
from pathlib import Path

from .model import ImageBudget
from .normalise import decode
from .sources import load_source

THUMBNAIL_QUALITY = 85


def default_cache_dir() -> Path:
    from mjdesk.core.paths import app_paths

    return app_paths().cache / "thumbnails"


def make_thumbnail(source: bytes | str | os.PathLike[str], size: int = 256, *, cache_dir: Path | None = None) -> Path:
    """The path of a thumbnail whose long side is at most ``size`` px, made on first request.

    Always a file, so the gallery can load it straight from disk: ``<sha256>-<size>.jpg`` (or
    ``.png`` when the image has transparency) under ``cache_dir`` (default: the app's cache folder).
    The same content asked again, under any name, is a lookup. Raises ImageInputError for bad input.
    """
    folder = cache_dir if cache_dir is not None else default_cache_dir()
    budget = ImageBudget()
    src = load_source(source, budget=budget)
    for ext in (".jpg", ".png"):
        cached = folder / f"{src.sha256}-{size}{ext}"
        if cached.is_file():
            return cached
    norm = decode(src, budget, max_side=size, check_shape=False)
    buf = io.BytesIO()
    if norm.has_alpha:
        ext = ".png"
        norm.image.save(buf, "PNG", compress_level=3)
    else:
        ext = ".jpg"
        norm.image.save(buf, "JPEG", quality=THUMBNAIL_QUALITY)
    target = folder / f"{src.sha256}-{size}{ext}"
    folder.mkdir(parents=True, exist_ok=True)
    # Written aside and renamed: a reader (or a second worker making the same thumbnail) never sees
    # half a file.
    fd, tmp = tempfile.mkstemp(prefix=".part-", dir=folder)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(buf.getvalue())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target
