"""Vary Region masks: white = repaint, black = keep, exactly the source image's size (spec §8.4)."""

from __future__ import annotations

import base64
import io

from PIL import Image

from mjdesk.core.i18n import QT_TRANSLATE_NOOP

from .errors import MaskError

_NAME = "mask"


def mask_to_data_url(mask: bytes | bytearray | memoryview, width: int, height: int) -> str:
    """An 8-bit, row-major ``width*height`` mask as a PNG data URL of pure 0/255 grey pixels.

    Values of 128 and above count as painted (a soft brush's faint fringe does not). Raises
    MaskError when the buffer does not match the size, or nothing or everything is painted.
    """
    if width < 1 or height < 1 or len(mask) != width * height:
        raise MaskError(
            _NAME,
            QT_TRANSLATE_NOOP("ImageInputError", "expected {expected} bytes for {width}×{height} px, got {got}"),
            expected=max(width, 0) * max(height, 0),
            width=width,
            height=height,
            got=len(mask),
        )
    image = Image.frombytes("L", (width, height), bytes(mask)).point(lambda v: 255 if v >= 128 else 0)
    low, high = image.getextrema()
    if high == 0:
        raise MaskError(
            _NAME, QT_TRANSLATE_NOOP("ImageInputError", "nothing is painted; paint over the area to repaint")
        )
    if low == 255:
        raise MaskError(
            _NAME,
            QT_TRANSLATE_NOOP(
                "ImageInputError", "the whole image is painted; leave the part to keep unpainted, or use Vary"
            ),
        )
    buf = io.BytesIO()
    # zlib's default level, not optimize=True: on a painted 2048² mask that is ~3× faster (the Submit
    # click waits for it; issue 6 allows 100 ms) for a PNG only some 8 KB larger.
    image.save(buf, "PNG")
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode("ascii")
