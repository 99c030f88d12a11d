"""A folder of real image files, good and broken, made with Pillow once per test session."""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

import pytest
from PIL import Image

from mjdesk.core.imaging import clear_cache

RED = (255, 0, 0)
BLUE = (0, 0, 255)
CAMERA_MAKE = "SecretCam Model X"  # must never appear in anything the app sends


def photo(size: tuple[int, int], seed: int = 0) -> Image.Image:
    """Something that compresses like a photo: smooth shapes plus sensor-like noise, many colours."""
    width, height = size
    extent = (-2 + seed * 0.01, -1.2, 1, 1.2)  # a different seed gives a different picture
    base = Image.effect_mandelbrot((max(1, width // 4), max(1, height // 4)), extent, 80)
    base = base.convert("RGB").resize(size, Image.Resampling.BICUBIC)
    channels = [Image.blend(c, Image.effect_noise(size, 24), 0.3) for c in base.split()]
    return Image.merge("RGB", channels)


def encode(image: Image.Image, fmt: str, **kwargs: object) -> bytes:
    buf = io.BytesIO()
    image.save(buf, fmt, **kwargs)
    return buf.getvalue()


def png_claiming(width: int, height: int) -> bytes:
    """A valid PNG header claiming ``width``×``height`` px with almost no data: a decompression bomb."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 1024)) + chunk(b"IEND", b"")
    )


def _rotated_phone_photo() -> bytes:
    # Stored landscape 400×200, left half red, right half blue, with Orientation 6 ("rotate 90° CW to
    # view"): upright it is portrait 200×400 with red on top.
    image = Image.new("RGB", (400, 200), BLUE)
    image.paste(RED, (0, 0, 200, 200))
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation
    exif[0x010F] = CAMERA_MAKE  # Make
    gps = exif.get_ifd(0x8825)
    gps[1] = "N"
    gps[2] = (52.0, 22.0, 7.5)
    gps[3] = "E"
    gps[4] = (4.0, 53.0, 36.0)
    return encode(image, "JPEG", quality=95, exif=exif)


def _palette_with_transparency() -> bytes:
    image = Image.new("P", (120, 100), 0)
    image.putpalette([0, 0, 0, 255, 0, 0] + [0] * 762)
    image.paste(1, (30, 30, 90, 70))
    return encode(image, "PNG", transparency=0)


def _animated_gif() -> bytes:
    frames = [Image.new("RGB", (100, 80), RED), Image.new("RGB", (100, 80), BLUE)]
    return encode(frames[0], "GIF", save_all=True, append_images=frames[1:], duration=100, loop=0)


def _sixteen_bit() -> bytes:
    # A horizontal ramp over the whole 16-bit range; clipping to 8 bits would make it almost all white.
    image = Image.new("I;16", (256, 100))
    row = b"".join(struct.pack("<H", x * 257) for x in range(256))
    image.frombytes(row * 100)
    return encode(image, "PNG")


def _one_bit() -> bytes:
    image = Image.new("1", (128, 96), 0)
    image.paste(1, (64, 0, 128, 96))
    return encode(image, "PNG")


def _grey_alpha() -> bytes:
    image = Image.new("LA", (100, 100), (128, 255))
    image.paste((200, 0), (0, 0, 50, 100))
    return encode(image, "PNG")


def _cmyk_jpeg() -> bytes:
    return encode(Image.new("CMYK", (160, 120), (255, 0, 0, 0)), "JPEG", quality=95)  # pure cyan ink


SAMPLES: dict[str, object] = {
    "rotated_gps.jpg": _rotated_phone_photo,
    "cmyk.jpg": _cmyk_jpeg,
    "sixteen_bit.png": _sixteen_bit,
    "one_bit.png": _one_bit,
    "palette_alpha.png": _palette_with_transparency,
    "grey_alpha.png": _grey_alpha,
    "animated.gif": _animated_gif,
    "photo.webp": lambda: encode(photo((640, 480)), "WEBP", quality=85),
    "photo.tiff": lambda: encode(photo((320, 240)), "TIFF"),
    "photo.bmp": lambda: encode(photo((320, 240)), "BMP"),
    "photo.jpg": lambda: encode(photo((1200, 800)), "JPEG", quality=90),
    "big_photo.jpg": lambda: encode(photo((3000, 2250)), "JPEG", quality=90),
    "bomb.png": lambda: png_claiming(30000, 30000),
    "truncated.jpg": lambda: encode(photo((800, 600)), "JPEG")[:6000],
    "zero.png": lambda: b"",
    "text.png": lambda: b"This is a shopping list, not a picture.\nmilk\neggs\n",
    "drawing.svg": lambda: b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="9"/>',
    "tiny.png": lambda: encode(Image.new("RGB", (20, 20), RED), "PNG"),
    "banner.png": lambda: encode(Image.new("RGB", (2000, 100), RED), "PNG"),
}


@pytest.fixture(scope="session")
def samples(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("images")
    paths = {}
    for name, make in SAMPLES.items():
        path = folder / name
        path.write_bytes(make())  # type: ignore[operator]
        paths[name] = path
    return paths


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    # Each test sees the pipeline's real work, not an encoding left by an earlier test.
    clear_cache()


def decode_data_url(url: str) -> Image.Image:
    import base64

    header, _, payload = url.partition(",")
    assert header in ("data:image/jpeg;base64", "data:image/png;base64"), header
    image = Image.open(io.BytesIO(base64.b64decode(payload, validate=True)))
    image.load()
    return image
