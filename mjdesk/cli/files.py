"""Saving downloaded results next to each other with sensible names."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

# Results that come as a 2x2 grid of four candidates (spec §12.2).
GRID_ACTIONS = frozenset({"IMAGINE", "VARIATION", "REROLL", "BLEND", "PAN", "ZOOM", "OUTPAINT", "INPAINT",
                          "HIGH_VARIATION", "LOW_VARIATION", "CUSTOM_ZOOM", "MODAL"})

_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", ".png"),
    (b"\xff\xd8\xff", ".jpg"),
    (b"GIF8", ".gif"),
    (b"BM", ".bmp"),
)


def extension_for(data: bytes, default: str = ".bin") -> str:
    for magic, ext in _SIGNATURES:
        if data.startswith(magic):
            return ext
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return ".webp"
    if data[4:8] == b"ftyp":
        return ".mp4"
    return default


def write_file(path: Path, data: bytes) -> Path:
    """Write atomically, so an interrupted download never leaves a half file under the final name."""
    fd, tmp = tempfile.mkstemp(prefix=".part-", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
