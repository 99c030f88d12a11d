"""The image pipeline (Pillow, no Qt): any image a designer drops in becomes a valid payload.

Inputs (paths, bytes, http(s) URLs, data URLs, raw clipboard pixels) are sniffed from their bytes,
checked against an ImageBudget before decoding, made upright, 8-bit and sRGB, stripped of metadata,
scaled to the budget and encoded as a JPEG or PNG data URL. Every refusal is an ImageInputError whose
text is one line naming the input and the reason. All functions are thread-safe; ImagingPool runs
them off the event loop.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mjdesk.core.lazy import lazy_exports

if TYPE_CHECKING:
    from .encode import EncodeCache
    from .errors import ImageInputError, MaskError
    from .grid import split_grid
    from .masks import erase_to_data_url, kept_mask_data_url, mask_to_data_url
    from .model import ImageBudget, PreparedImage
    from .pool import ImagingPool
    from .prepare import clear_cache, prepare_image, prepare_images, prepare_raw_rgba
    from .sources import decode_data_url, download, sniff_format
    from .thumbnails import make_thumbnail

__all__ = [
    "EncodeCache",
    "ImageBudget",
    "ImageInputError",
    "ImagingPool",
    "MaskError",
    "PreparedImage",
    "clear_cache",
    "decode_data_url",
    "download",
    "erase_to_data_url",
    "kept_mask_data_url",
    "make_thumbnail",
    "mask_to_data_url",
    "prepare_image",
    "prepare_images",
    "prepare_raw_rgba",
    "sniff_format",
    "split_grid",
]

# Where each name lives, imported on first use: the window needs the budget and error types at
# start-up, not Pillow behind the pipeline.
_SOURCES = {
    "EncodeCache": "encode",
    "ImageInputError": "errors",
    "MaskError": "errors",
    "split_grid": "grid",
    "mask_to_data_url": "masks",
    "kept_mask_data_url": "masks",
    "erase_to_data_url": "masks",
    "ImageBudget": "model",
    "PreparedImage": "model",
    "ImagingPool": "pool",
    "clear_cache": "prepare",
    "prepare_image": "prepare",
    "prepare_images": "prepare",
    "prepare_raw_rgba": "prepare",
    "decode_data_url": "sources",
    "download": "sources",
    "sniff_format": "sources",
    "make_thumbnail": "thumbnails",
}


__getattr__, __dir__ = lazy_exports(__name__, globals(), _SOURCES)
