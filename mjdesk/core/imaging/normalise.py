"""From input bytes to an upright, 8-bit, sRGB, metadata-free image no larger than asked for.

Order matters for speed and memory: the header is checked before any pixel is decoded, JPEGs are
decoded at a reduced DCT scale (``draft``) when the result will be smaller anyway, the EXIF rotation
is applied first to what was decoded, and colour management runs on the resized image.
"""

from __future__ import annotations

import importlib
import io
import math
import os
import struct
import threading
from dataclasses import dataclass, field
from typing import BinaryIO, cast

from PIL import Image, ImageCms, ImageFile, ImageOps, UnidentifiedImageError

from mjdesk.core.i18n import QT_TRANSLATE_NOOP

from .errors import ImageInputError
from .model import ImageBudget
from .sources import Source, sniff_format
from .threads import helper_pool

# The sniffed format picks exactly one Pillow plugin: every other one Pillow would try (EPS runs
# Ghostscript, PSD, ICO, ...) is attack surface, and none is something a gateway accepts.
_PILLOW_FORMATS = {
    "JPEG": "JPEG",  # its factory also yields MPO (multi-picture JPEGs from cameras and phones)
    "PNG": "PNG",
    "GIF": "GIF",
    "WEBP": "WEBP",
    "BMP": "BMP",
    "TIFF": "TIFF",
    "HEIF": "HEIF",
    "AVIF": "AVIF",
}
_LOSSY_FORMATS = frozenset({"JPEG", "HEIF", "AVIF"})

_NOT_RASTER = {
    "SVG": QT_TRANSLATE_NOOP("ImageInputError", "an SVG drawing, not a raster image; export it as PNG or JPEG first"),
    "HTML": QT_TRANSLATE_NOOP("ImageInputError", "a web page, not an image"),
    "TEXT": QT_TRANSLATE_NOOP("ImageInputError", "a text file, not an image"),
    "PDF": QT_TRANSLATE_NOOP("ImageInputError", "a PDF document, not an image; export the page as PNG or JPEG"),
    "PSD": QT_TRANSLATE_NOOP("ImageInputError", "a Photoshop document; export it as PNG or JPEG first"),
    "VIDEO": QT_TRANSLATE_NOOP("ImageInputError", "a video, not an image"),
}

NOTE_ROTATED = QT_TRANSLATE_NOOP("PreparedImage", "turned upright, as the camera recorded it")
NOTE_GIF_FRAME = QT_TRANSLATE_NOOP("PreparedImage", "first frame of an animated GIF")
NOTE_FIRST_FRAME = QT_TRANSLATE_NOOP("PreparedImage", "first frame of an animated image")
NOTE_FIRST_PAGE = QT_TRANSLATE_NOOP("PreparedImage", "first page of a multi-page TIFF")
NOTE_CMYK = QT_TRANSLATE_NOOP("PreparedImage", "converted from CMYK")
NOTE_16BIT = QT_TRANSLATE_NOOP("PreparedImage", "reduced from 16 to 8 bits per channel")
NOTE_HIGH_DEPTH = QT_TRANSLATE_NOOP("PreparedImage", "reduced from high bit depth to 8 bits")
NOTE_PROFILE = QT_TRANSLATE_NOOP("PreparedImage", "colours converted to sRGB from the embedded profile")
NOTE_ALPHA_DROPPED = QT_TRANSLATE_NOOP("PreparedImage", "transparency removed (the image had none visible)")


@dataclass
class Normalised:
    image: Image.Image  # mode L, LA, RGB or RGBA; upright; sRGB; image.info empty
    source_format: str  # sniffed: "JPEG", "PNG", ..., or "RAW" for pixels handed over directly
    original_size: tuple[int, int]  # upright
    notes: list[str] = field(default_factory=list)
    lossy_source: bool = False  # a photo codec made it: re-encoding it losslessly would only waste bytes

    @property
    def has_alpha(self) -> bool:
        return self.image.mode in ("LA", "RGBA")


def decode(source: Source, budget: ImageBudget, *, max_side: int, check_shape: bool = True) -> Normalised:
    """Decode ``source`` and fit it within ``max_side``; raise ImageInputError for anything unusable.

    ``check_shape`` applies the budget's minimum size and aspect limits (not wanted for thumbnails).
    """
    fmt = sniff_format(source.head)
    _require_supported(source.name, fmt)
    assert fmt is not None
    with source.open() as fh:
        try:
            im = _open(fh, fmt)
        except (
            UnidentifiedImageError,
            OSError,
            SyntaxError,
            ValueError,
            EOFError,
            IndexError,
            TypeError,
            struct.error,
        ) as exc:
            raise _damaged(source.name, fmt, exc) from None
        notes: list[str] = []
        try:
            stored = im.size
            check_dimensions(source.name, stored, budget, check_shape=check_shape)
            notes.extend(_frame_notes(im, fmt))
            if fmt == "JPEG":
                _draft(im, stored, max_side)
            im.load()
            orientation = im.getexif().get(0x0112, 1)
            ImageOps.exif_transpose(im, in_place=True)
            upright = (stored[1], stored[0]) if orientation in (5, 6, 7, 8) else stored
            if orientation in range(2, 9):
                notes.append(NOTE_ROTATED)
            icc = im.info.get("icc_profile")
            image = _resizable(im, notes)
        except Image.DecompressionBombError:
            raise _bomb(source.name, *im.size, budget.max_pixels) from None
        except MemoryError:
            raise ImageInputError(
                source.name, QT_TRANSLATE_NOOP("ImageInputError", "not enough memory to decode it")
            ) from None
        except (OSError, SyntaxError, ValueError, EOFError) as exc:
            raise _damaged(source.name, fmt, exc) from None
    norm = finish(image, fmt, upright, notes, max_side=max_side, icc=icc)
    # Simple WebP files name their codec in the first chunk: "VP8 " is lossy, "VP8L" lossless.
    norm.lossy_source = fmt in _LOSSY_FORMATS or (fmt == "WEBP" and b"VP8 " in source.head[:256])
    return norm


def finish(
    image: Image.Image,
    source_format: str,
    original_size: tuple[int, int],
    notes: list[str],
    *,
    max_side: int,
    icc: bytes | None = None,
) -> Normalised:
    """Resize to fit, convert to sRGB, drop a useless alpha channel and every piece of metadata."""
    image = fit_within(image, max_side, original_size)
    image = _to_srgb(image, icc, notes)
    if image.mode in ("LA", "RGBA") and image.getchannel("A").getextrema()[0] == 255:
        image = image.convert(image.mode[:-1])
        notes.append(NOTE_ALPHA_DROPPED)
    # EXIF (GPS, camera serials), XMP, comments and profiles ride along in .info into the encoders.
    image.info = {}
    return Normalised(image=image, source_format=source_format, original_size=original_size, notes=notes)


def check_dimensions(name: str, size: tuple[int, int], budget: ImageBudget, *, check_shape: bool = True) -> None:
    width, height = size
    if width < 1 or height < 1:
        raise ImageInputError(name, QT_TRANSLATE_NOOP("ImageInputError", "the image has no pixels"))
    if width * height > budget.max_pixels:
        raise _bomb(name, width, height, budget.max_pixels)
    if not check_shape:
        return
    if min(width, height) < budget.min_side:
        raise ImageInputError(
            name,
            QT_TRANSLATE_NOOP("ImageInputError", "too small ({width}×{height} px; at least {min} px on each side)"),
            width=width,
            height=height,
            min=budget.min_side,
        )
    if max(width, height) / min(width, height) > budget.max_aspect:
        raise ImageInputError(
            name,
            QT_TRANSLATE_NOOP("ImageInputError", "aspect ratio too extreme ({width}×{height} px; at most {max:g}:1)"),
            width=width,
            height=height,
            max=budget.max_aspect,
        )


def fit_within(image: Image.Image, max_side: int, original_size: tuple[int, int] | None = None) -> Image.Image:
    """Scale down (never up) so the long side is at most ``max_side``.

    ``original_size`` is the size before a JPEG draft decode, whose rounding up to whole DCT blocks
    would otherwise skew the aspect ratio by a pixel.
    """
    width, height = original_size or image.size
    if max(width, height) <= max_side:
        return image
    scale = max_side / max(width, height)
    target = (max(1, round(width * scale)), max(1, round(height * scale)))
    if target == image.size:
        return image
    # A box average by an integer factor is cheap and exact enough far from the target; the filter
    # then does only the last step (< 4x), where its quality shows. Same idea as Pillow's reducing_gap.
    factor = int(image.width / target[0] // 2)
    if factor >= 2:
        image = image.reduce(factor)
    return resize(image, target)


# The last step follows a JPEG draft (DCT-domain reduction) or a box reduce, so it is a small one; for
# it BICUBIC is ~25% faster than LANCZOS and, on a 6000×4000 photo, 48 dB PSNR from the naive full
# decode + LANCZOS result (LANCZOS: 51 dB): no visible difference. benchmarks/imaging.py prints it.
FILTER = Image.Resampling.BICUBIC
# Output pixels per strip below which handing work to another thread costs more than it saves.
_STRIP_PIXELS = 1_000_000


def resize(image: Image.Image, size: tuple[int, int]) -> Image.Image:
    """Resize with FILTER, split into horizontal strips resized on several cores when the result is large.

    Pillow releases the GIL while resampling, so one big photo uses every core instead of one. Each
    strip samples the same source rows a whole-image resize would (``box`` only moves the window,
    kernels still reach across strip edges), so the seams are invisible: at most 1 level of rounding.
    """
    cores = os.cpu_count() or 1
    strips = min(cores, max(1, size[0] * size[1] // _STRIP_PIXELS))
    if strips == 1:
        return image.resize(size, FILTER)
    src_h = image.height
    rows = [round(size[1] * k / strips) for k in range(strips + 1)]

    def strip(k: int) -> Image.Image:
        top, bottom = rows[k], rows[k + 1]
        box = (0.0, top * src_h / size[1], float(image.width), bottom * src_h / size[1])
        return image.resize((size[0], bottom - top), FILTER, box=box)

    pool = helper_pool()
    # This thread does the first strip itself rather than sit idle waiting for the helpers.
    futures = [pool.submit(strip, k) for k in range(1, strips)]
    parts = [strip(0)] + [f.result() for f in futures]
    out = Image.new(image.mode, size)
    for top, part in zip(rows, parts, strict=False):
        out.paste(part, (0, top))
    return out


def _open(fh: BinaryIO, fmt: str) -> ImageFile.ImageFile:
    """Parse the header only. Unlike ``Image.open`` this runs no decompression-bomb check of its own:
    ours follows with the budget's limit and a message giving the size, and Pillow's would warn on
    stderr for 90-179 MP and refuse above with a message naming no file.
    """
    Image.init()
    factory, _accept = Image.OPEN[_PILLOW_FORMATS[fmt]]
    im = factory(fh, "")
    if not isinstance(im, ImageFile.ImageFile):
        raise UnidentifiedImageError(fmt)
    return im


def _require_supported(name: str, fmt: str | None) -> None:
    if fmt is None:
        raise ImageInputError(name, QT_TRANSLATE_NOOP("ImageInputError", "not an image (unrecognised content)"))
    if fmt in _NOT_RASTER:
        raise ImageInputError(name, _NOT_RASTER[fmt])
    if fmt == "HEIF" and not _heif_available():
        raise ImageInputError(
            name,
            QT_TRANSLATE_NOOP(
                "ImageInputError", "HEIC/HEIF photos need the pillow-heif package, which is not installed"
            ),
        )
    if fmt == "AVIF" and not _avif_available():
        raise ImageInputError(
            name, QT_TRANSLATE_NOOP("ImageInputError", "AVIF is not supported by this installation of Pillow")
        )


_heif_lock = threading.Lock()
_heif_state: list[bool] = []  # empty until the first HEIF file asks; registering costs ~100 ms


def register_heif() -> bool:
    """Teach Pillow HEIF: the decode-only pi-heif the app ships, else a full pillow-heif a
    developer may have installed. False when neither is there."""
    for name in ("pi_heif", "pillow_heif"):
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        module.register_heif_opener()
        return True
    return False


def _heif_available() -> bool:
    with _heif_lock:
        if not _heif_state:
            _heif_state.append(register_heif())
        return _heif_state[0]


def _avif_available() -> bool:
    from PIL import features

    return bool(features.check("avif"))


def _frame_notes(im: Image.Image, fmt: str) -> list[str]:
    # is_animated looks at one more frame only; n_frames would walk every frame of a huge GIF.
    if not getattr(im, "is_animated", False):
        return []
    im.seek(0)
    if fmt == "GIF":
        return [NOTE_GIF_FRAME]
    if fmt == "TIFF":
        return [NOTE_FIRST_PAGE]
    return [NOTE_FIRST_FRAME]


def _draft(im: Image.Image, stored: tuple[int, int], max_side: int) -> None:
    width, height = stored
    scale = max_side / max(width, height)
    if scale < 1:
        # draft picks the largest DCT reduction (1/2, 1/4, 1/8) that still covers the requested size.
        im.draft(im.mode, (math.ceil(width * scale), math.ceil(height * scale)))


def _resizable(im: Image.Image, notes: list[str]) -> Image.Image:
    """Bring any decoded mode into one that resizes correctly: L, LA, RGB, RGBA (or CMYK, kept for ICC)."""
    mode = im.mode
    if mode in ("L", "RGB") and "transparency" in im.info:  # a tRNS colour key
        return im.convert(mode + "A")
    if mode in ("L", "LA", "RGB", "RGBA", "CMYK"):
        return im
    if mode == "1":
        return im.convert("L")
    if mode in ("P", "PA"):
        return im.convert("RGBA" if mode == "PA" or im.has_transparency_data else "RGB")
    if mode.startswith("I;16"):
        notes.append(NOTE_16BIT)
        return im.convert("I").point(lambda v: v * (1 / 257)).convert("L")
    if mode in ("I", "F"):
        notes.append(NOTE_HIGH_DEPTH)
        low, high = cast("tuple[float, float]", im.getextrema())  # one band: (min, max)
        if low >= 0 and high <= 255:
            return im.convert("L")
        scale = 255 / high if high > 0 else 1.0
        return im.point(lambda v: v * scale).convert("L")
    if mode in ("La", "RGBa"):  # premultiplied alpha
        return im.convert({"La": "LA", "RGBa": "RGBA"}[mode])
    return im.convert("RGBA" if "A" in mode else "RGB")


_SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


def _to_srgb(image: Image.Image, icc: bytes | None, notes: list[str]) -> Image.Image:
    was_cmyk = image.mode == "CMYK"
    # Grey images keep their values: a grey profile cannot be mapped onto sRGB's three channels.
    if icc and image.mode in ("RGB", "RGBA", "CMYK"):
        try:
            profile = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            if "srgb" not in ImageCms.getProfileDescription(profile).lower():
                out_mode = "RGB" if image.mode == "CMYK" else image.mode
                converted = ImageCms.profileToProfile(image, profile, _SRGB, outputMode=out_mode)
                assert converted is not None
                image = converted
                notes.append(NOTE_PROFILE)
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass  # a broken or mismatched profile: fall back to the plain conversion below
    if image.mode == "CMYK":
        image = image.convert("RGB")
    if was_cmyk:
        notes.append(NOTE_CMYK)
    return image


def _bomb(name: str, width: int, height: int, limit: int) -> ImageInputError:
    return ImageInputError(
        name,
        QT_TRANSLATE_NOOP(
            "ImageInputError",
            "the image claims {width}×{height} px ({mp:.0f} megapixels), above the limit of {limit:.0f}; "
            "refusing to decode it",
        ),
        width=width,
        height=height,
        mp=width * height / 1e6,
        limit=limit / 1e6,
    )


def _damaged(name: str, fmt: str, exc: BaseException) -> ImageInputError:
    text = str(exc).lower()
    if "truncated" in text or isinstance(exc, EOFError) or "premature end" in text:
        return ImageInputError(
            name,
            QT_TRANSLATE_NOOP("ImageInputError", "the {format} file is truncated (incomplete download or copy?)"),
            format=fmt,
        )
    return ImageInputError(
        name,
        QT_TRANSLATE_NOOP("ImageInputError", "the {format} file is damaged and cannot be decoded"),
        format=fmt,
    )
