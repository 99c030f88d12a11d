"""Synthetic result images: grids of four visibly different candidates, upscales, previews, videos.

Everything is derived deterministically from a text key (prompt + task id), so a grid's quadrant
``i`` and the upscale of candidate ``i`` show the same composition — the client can check it cut
the right quadrant. Pillow is imported inside the functions: the CLI imports the simulator package
without paying for Pillow until an image is actually drawn. These functions block; the server
calls them through ``asyncio.to_thread``.
"""

from __future__ import annotations

import base64
import binascii
import colorsys
import hashlib
import io
import random
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PIL import Image

# Midjourney's --ar values the simulator understands; others fall back to 1:1.
ASPECTS: dict[str, tuple[int, int]] = {
    "1:1": (1, 1),
    "2:3": (2, 3),
    "3:2": (3, 2),
    "16:9": (16, 9),
    "9:16": (9, 16),
    "4:3": (4, 3),
    "3:4": (3, 4),
}
LONG_SIDE = 1024
_AR_RE = re.compile(r"--(?:ar|aspect)\s+(\d+)\s*:\s*(\d+)", re.IGNORECASE)


def aspect_of(prompt: str) -> str:
    match = _AR_RE.search(prompt or "")
    if match:
        key = f"{int(match.group(1))}:{int(match.group(2))}"
        if key in ASPECTS:
            return key
    return "1:1"


def grid_size(aspect: str) -> tuple[int, int]:
    """Pixel size of a grid (and of an upscale, which is one candidate at grid size).

    Both sides are even so the grid splits into four equal quadrants.
    """
    aw, ah = ASPECTS.get(aspect, (1, 1))
    if aw >= ah:
        w, h = LONG_SIDE, round(LONG_SIDE * ah / aw)
    else:
        w, h = round(LONG_SIDE * aw / ah), LONG_SIDE
    return w - w % 2, h - h % 2


def _digest(key: str) -> bytes:
    return hashlib.sha256(key.encode("utf-8")).digest()


def palette(prompt_key: str) -> list[tuple[int, int, int]]:
    """Five colours from a hash of the prompt: same prompt, same family of colours."""
    d = _digest(prompt_key)
    base = d[0] / 255
    colours = []
    for i in range(5):
        hue = (base + i * 0.17 + d[i + 1] / 2550) % 1.0
        light = 0.35 + (d[i + 6] / 255) * 0.35
        sat = 0.45 + (d[i + 11] / 255) * 0.5
        r, g, b = colorsys.hls_to_rgb(hue, light, sat)
        colours.append((int(r * 255), int(g * 255), int(b * 255)))
    return colours


def render_candidate(prompt_key: str, seed_key: str, index: int, size: tuple[int, int]) -> Image.Image:
    """One candidate (index 1..4) at any size; the composition scales with the size.

    Each index gets its own kind of shapes and a rotated palette so the four quadrants of a grid
    differ visibly; ``seed_key`` (the task) varies the layout between tasks of the same prompt.
    """
    from PIL import Image, ImageDraw

    w, h = size
    colours = palette(prompt_key)
    shift = index - 1
    colours = colours[shift:] + colours[:shift]
    rnd = random.Random(int.from_bytes(_digest(f"{seed_key}#{index}")[:8], "big"))
    img = Image.new("RGB", (w, h), colours[0])
    draw = ImageDraw.Draw(img)
    # A soft two-band background so even a blurred preview shows structure.
    draw.rectangle((0, int(h * 0.62), w, h), fill=colours[1])
    for _ in range(7):
        cx, cy = rnd.uniform(0.1, 0.9) * w, rnd.uniform(0.1, 0.9) * h
        r = rnd.uniform(0.06, 0.22) * min(w, h)
        fill = colours[rnd.randint(2, 4)]
        if index == 1:
            draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=fill)
        elif index == 2:
            draw.rectangle((cx - r, cy - r * 0.7, cx + r, cy + r * 0.7), fill=fill)
        elif index == 3:
            draw.polygon([(cx, cy - r), (cx + r, cy + r), (cx - r, cy + r)], fill=fill)
        else:
            width = max(2, int(r / 4))
            for k in range(3):
                rr = r * (1 - k * 0.3)
                draw.ellipse((cx - rr, cy - rr, cx + rr, cy + rr), outline=fill, width=width)
    # The candidate number, small, in the corner (helps a human check quadrant order).
    mark = max(12, min(w, h) // 24)
    draw.rectangle((4, 4, 4 + mark * 2, 4 + mark * 2), fill=(255, 255, 255))
    draw.text((4 + mark * 0.6, 4 + mark * 0.4), str(index), fill=(0, 0, 0))
    return img


def _png(img: Image.Image) -> bytes:
    buf = io.BytesIO()
    img.save(buf, "PNG", compress_level=1)  # speed over size: these are throw-away test images
    return buf.getvalue()


def render_grid_image(prompt_key: str, seed_key: str, size: tuple[int, int]) -> Image.Image:
    from PIL import Image

    w, h = size
    qw, qh = w // 2, h // 2
    grid = Image.new("RGB", (w, h))
    for i, (x, y) in enumerate(((0, 0), (qw, 0), (0, qh), (qw, qh)), start=1):
        grid.paste(render_candidate(prompt_key, seed_key, i, (qw, qh)), (x, y))
    return grid


def grid_png(prompt_key: str, seed_key: str, size: tuple[int, int]) -> bytes:
    return _png(render_grid_image(prompt_key, seed_key, size))


def single_png(prompt_key: str, seed_key: str, index: int, size: tuple[int, int]) -> bytes:
    return _png(render_candidate(prompt_key, seed_key, index, size))


def thumbnail_webp(png: bytes, max_side: int = 640) -> bytes:
    from PIL import Image

    with Image.open(io.BytesIO(png)) as opened:
        img = opened.convert("RGB")
        img.thumbnail((max_side, max_side))
        buf = io.BytesIO()
        img.save(buf, "WEBP", quality=70)
    return buf.getvalue()


def preview_webp(prompt_key: str, seed_key: str, size: tuple[int, int], fraction: float) -> bytes:
    """A progress preview: the final grid at low resolution, blurrier the earlier it is."""
    from PIL import ImageFilter

    w, h = size
    small = (max(8, w // 4), max(8, h // 4))
    img = render_grid_image(prompt_key, seed_key, small)
    radius = max(0.5, (1 - fraction) * 8)
    img = img.filter(ImageFilter.GaussianBlur(radius))
    buf = io.BytesIO()
    img.save(buf, "WEBP", quality=50)
    return buf.getvalue()


def derived_png(source: bytes | None, prompt_key: str, seed_key: str, size: tuple[int, int]) -> bytes:
    """A result derived from an input image (face swap): the target, tinted, with a new 'face'.

    Falls back to a drawn candidate when the source does not decode.
    """
    from PIL import Image, ImageDraw, ImageOps

    img: Image.Image | None = None
    if source:
        try:
            with Image.open(io.BytesIO(source)) as raw:
                img = ImageOps.exif_transpose(raw).convert("RGB")
        except Exception:
            img = None
    if img is None:
        img = render_candidate(prompt_key, seed_key, 1, size)
    img.thumbnail((LONG_SIDE, LONG_SIDE))
    w, h = img.size
    tint = palette(prompt_key)[2]
    img = Image.blend(img, Image.new("RGB", img.size, tint), 0.25)
    draw = ImageDraw.Draw(img)
    draw.ellipse((w * 0.35, h * 0.2, w * 0.65, h * 0.55), fill=palette(seed_key)[3], outline=(255, 255, 255))
    return _png(img)


VIDEO_SIZE = (480, 480)  # small: a second of frames is encoded on every request
VIDEO_FRAMES = 24  # two seconds at 12 frames per second


def video_mp4(prompt_key: str, seed_key: str, index: int) -> bytes:
    """A real, playable ``video/mp4`` for a video result: the candidate's picture, slowly zoomed
    in, with a light sweeping across it (Motion-JPEG frames; sim/mp4.py)."""
    from PIL import Image, ImageDraw

    from .mp4 import mjpeg_mp4

    w, h = VIDEO_SIZE
    base = render_candidate(prompt_key, seed_key, index + 1, (w * 5 // 4, h * 5 // 4))
    frames = []
    for n in range(VIDEO_FRAMES):
        t = n / (VIDEO_FRAMES - 1)
        inset = t * w / 8  # the zoom: a shrinking crop of the larger picture
        frame = base.crop((inset, inset, base.width - inset, base.height - inset)).resize((w, h))
        glow = Image.new("RGB", (w, h), (255, 255, 255))
        mask = Image.new("L", (w, h), 0)
        x = int(t * w * 1.4 - w * 0.2)
        ImageDraw.Draw(mask).ellipse((x - w // 6, h // 3, x + w // 6, h * 2 // 3), fill=90)
        frame.paste(glow, (0, 0), mask)
        frames.append(frame)
    return mjpeg_mp4(frames, fps=12)


# --- inputs ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DecodedInput:
    data: bytes
    mime: str


def decode_data(value: str, *, require_data_url: bool = False) -> DecodedInput | None:
    """A data URL (``data:<mime>;base64,<data>``) or, unless forbidden, bare base64 (taken as PNG)."""
    if not isinstance(value, str) or not value:
        return None
    mime = "image/png"
    payload = value
    if value.startswith("data:"):
        head, sep, payload = value.partition(",")
        if not sep or ";base64" not in head:
            return None
        mime = head[5:].split(";")[0] or "application/octet-stream"
    elif require_data_url:
        return None
    try:
        data = base64.b64decode(payload, validate=True)
    except (binascii.Error, ValueError):
        return None
    return DecodedInput(data, mime) if data else None


def image_size(data: bytes) -> tuple[int, int] | None:
    from PIL import Image

    try:
        with Image.open(io.BytesIO(data)) as img:
            return img.size
    except Exception:
        return None


def mask_stats(data: bytes) -> tuple[int, int, float, str] | None:
    """(width, height, fraction of pixels brighter than 127, format) of a mask image, or None."""
    from PIL import Image

    try:
        with Image.open(io.BytesIO(data)) as img:
            fmt = img.format or ""
            gray = img.convert("L")
    except Exception:
        return None
    hist = gray.histogram()
    total = gray.width * gray.height
    white = sum(hist[128:])
    return gray.width, gray.height, (white / total if total else 0.0), fmt


def mime_extension(mime: str) -> str:
    return {"image/jpeg": "jpg", "image/webp": "webp", "image/gif": "gif"}.get(mime, "png")
