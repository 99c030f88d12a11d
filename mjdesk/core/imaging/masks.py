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
    image = _painted(Image.frombytes("L", (width, height), bytes(mask)))
    buf = io.BytesIO()
    # zlib's default level, not optimize=True: on a painted 2048² mask that is ~3× faster (the Submit
    # click waits for it; issue 6 allows 100 ms) for a PNG only some 8 KB larger.
    image.save(buf, "PNG")
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


def erase_to_data_url(image_data_url: str, mask_png: bytes) -> str:
    """The image with the mask's painted (white) area erased to transparency, as a PNG data URL:
    what Midjourney's editor repaints in an Edit. A mask of another size is scaled to the image
    (nearest neighbour: the edge stays hard). Raises MaskError as :func:`mask_to_data_url` does."""
    payload = image_data_url.partition(",")[2]
    with Image.open(io.BytesIO(base64.b64decode(payload))) as source:
        image = source.convert("RGBA")
    try:
        with Image.open(io.BytesIO(mask_png)) as raw:
            mask = raw.convert("L")
    except OSError:
        raise MaskError(_NAME, QT_TRANSLATE_NOOP("ImageInputError", "the mask is not a readable image")) from None
    if mask.size != image.size:
        mask = mask.resize(image.size, Image.Resampling.NEAREST)
    painted = _painted(mask)
    alpha = Image.eval(painted, lambda v: 255 - v)  # painted -> transparent
    image.putalpha(Image.composite(alpha, image.getchannel("A"), painted))
    buf = io.BytesIO()
    image.save(buf, "PNG")
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


def _painted(mask: Image.Image) -> Image.Image:
    """Pure 0/255 from a grey mask (128 and above count as painted: a soft brush's faint fringe
    does not); MaskError when nothing or everything is painted."""
    painted = mask.point(lambda v: 255 if v >= 128 else 0)
    low, high = painted.getextrema()
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
    return painted


def kept_mask_data_url(path: str | object, width: int, height: int) -> str:
    """A mask kept in the library (a PNG) as the data URL for an image of ``width``×``height``:
    scaled (nearest neighbour, so it stays pure black and white) when the new image is not the
    size the mask was painted on. Runs in a worker; raises MaskError or OSError."""
    from pathlib import Path

    with Image.open(Path(str(path))) as source:
        grey = source.convert("L")
    if grey.size != (width, height):
        grey = grey.resize((width, height), Image.Resampling.NEAREST)
    return mask_to_data_url(grey.tobytes(), width, height)
