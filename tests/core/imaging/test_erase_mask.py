"""An Edit's mask: the painted area of the user's image becomes transparent, the rest untouched."""

from __future__ import annotations

import base64
import io

import pytest
from PIL import Image, ImageDraw

from mjdesk.core.imaging import erase_to_data_url
from mjdesk.core.imaging.errors import MaskError


def data_url(image: Image.Image, fmt: str = "JPEG") -> str:
    buf = io.BytesIO()
    image.save(buf, fmt)
    return f"data:image/{fmt.lower()};base64," + base64.b64encode(buf.getvalue()).decode()


def png(image: Image.Image) -> bytes:
    buf = io.BytesIO()
    image.save(buf, "PNG")
    return buf.getvalue()


def decoded(url: str) -> Image.Image:
    return Image.open(io.BytesIO(base64.b64decode(url.split(",", 1)[1])))


def test_the_painted_area_is_erased_and_the_rest_kept() -> None:
    photo = Image.new("RGB", (200, 100), (30, 120, 200))
    mask = Image.new("L", (200, 100), 0)
    ImageDraw.Draw(mask).rectangle((20, 10, 79, 59), fill=255)
    out = decoded(erase_to_data_url(data_url(photo), png(mask)))
    assert out.mode == "RGBA" and out.size == (200, 100)
    assert out.getpixel((50, 30))[3] == 0  # erased: Midjourney repaints it
    kept = out.getpixel((150, 80))
    assert kept[3] == 255 and abs(kept[2] - 200) < 8
    assert out.getchannel("A").histogram()[0] == 60 * 50


def test_a_mask_of_another_size_is_scaled_with_a_hard_edge() -> None:
    photo = Image.new("RGB", (400, 200), "white")
    mask = Image.new("L", (100, 50), 0)
    ImageDraw.Draw(mask).rectangle((0, 0, 49, 49), fill=255)  # the left half
    alpha = decoded(erase_to_data_url(data_url(photo, "PNG"), png(mask))).getchannel("A")
    histogram = alpha.histogram()
    assert histogram[0] + histogram[255] == 400 * 200
    assert alpha.getpixel((10, 100)) == 0 and alpha.getpixel((390, 100)) == 255


@pytest.mark.parametrize("fill", [0, 255])
def test_nothing_or_everything_painted_is_refused(fill: int) -> None:
    with pytest.raises(MaskError):
        erase_to_data_url(data_url(Image.new("RGB", (20, 20))), png(Image.new("L", (20, 20), fill)))


def test_a_mask_that_is_not_an_image_is_refused() -> None:
    with pytest.raises(MaskError, match="not a readable image"):
        erase_to_data_url(data_url(Image.new("RGB", (20, 20))), b"not a png")
