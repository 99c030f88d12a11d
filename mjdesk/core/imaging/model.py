"""The settings that bound an image and the result the rest of the app sends."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

MiB = 1024 * 1024


@dataclass(frozen=True)
class ImageBudget:
    """Limits for one image and for one request; hashable because it is part of the cache key."""

    max_side: int = 2048  # long side of the encoded image, px
    max_bytes: int = 4 * MiB  # encoded image (not its base64)
    # Counted on the data URLs as sent: the gateway's body limit (usually 10 MiB) sees base64.
    request_max_bytes: int = 9 * MiB
    # Checked against the header before any pixel is decoded. JPEGs are decoded at a reduced
    # scale, but PNG/TIFF/WebP are not, so this also caps the memory one decode may take.
    max_pixels: int = 100_000_000
    min_side: int = 64  # the short side; smaller images make useless references
    max_aspect: float = 8.0
    jpeg_quality: int = 92
    max_input_bytes: int = 200 * MiB  # a file or data URL bigger than this is refused unread
    max_download_bytes: int = 20 * MiB
    download_timeout: float = 30.0  # seconds for the whole download, not per read

    def __post_init__(self) -> None:
        if self.max_side < self.min_side or self.min_side < 1:
            raise ValueError(f"ImageBudget: need 1 <= min_side <= max_side, not {self.min_side}, {self.max_side}")
        if self.max_bytes <= 0 or self.request_max_bytes <= 0:
            raise ValueError("ImageBudget: byte limits must be positive")
        if not 1 <= self.jpeg_quality <= 95:
            raise ValueError(f"ImageBudget: jpeg_quality must be 1..95, got {self.jpeg_quality}")
        if self.max_aspect < 1:
            raise ValueError(f"ImageBudget: max_aspect must be >= 1, got {self.max_aspect}")


DEFAULT_BUDGET = ImageBudget()


@dataclass(frozen=True)
class PreparedImage:
    """An image ready to send: a data URL within the budget, upright, without metadata."""

    name: str  # what the user knows it by: the path as given, a URL without its query, "clipboard"
    data_url: str
    width: int
    height: int
    format: str  # "JPEG" or "PNG"
    encoded_size: int  # bytes of the encoded image, not of its base64
    scaled: bool
    original_width: int  # upright, i.e. after the EXIF rotation
    original_height: int
    notes: tuple[str, ...] = ()
    sha256: str = ""  # of the encoded bytes

    @property
    def mime(self) -> str:
        return "image/jpeg" if self.format == "JPEG" else "image/png"

    def to_summary(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "width": self.width,
            "height": self.height,
            "format": self.format,
            "encoded_size": self.encoded_size,
            "scaled": self.scaled,
            "notes": list(self.notes),
        }
