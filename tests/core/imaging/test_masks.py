"""Vary Region masks: white = repaint, black = keep, the image's exact size."""

from __future__ import annotations

import pytest

from mjdesk.core.imaging import ImageInputError, MaskError, mask_to_data_url

from .conftest import decode_data_url


def test_mask_is_a_pure_black_and_white_png_of_the_image_size() -> None:
    width, height = 301, 199
    painted = bytearray(width * height)
    for y in range(50, 100):
        painted[y * width + 10 : y * width + 60] = bytes([200]) * 50
    painted[0] = 90  # a faint brush fringe: below half, so kept
    url = mask_to_data_url(bytes(painted), width, height)
    assert url.startswith("data:image/png;base64,")
    mask = decode_data_url(url)
    assert mask.mode == "L" and mask.size == (width, height)
    assert set(mask.get_flattened_data()) == {0, 255}
    assert mask.getpixel((30, 70)) == 255 and mask.getpixel((0, 0)) == 0 and mask.getpixel((200, 150)) == 0


@pytest.mark.parametrize(
    ("fill", "reason"),
    [(0, "nothing is painted"), (255, "the whole image is painted")],
)
def test_empty_and_full_masks_are_refused(fill: int, reason: str) -> None:
    with pytest.raises(MaskError, match=f"^mask: {reason}") as info:
        mask_to_data_url(bytes([fill]) * 100, 10, 10)
    assert isinstance(info.value, ImageInputError)


def test_a_mask_of_the_wrong_size_is_refused() -> None:
    with pytest.raises(MaskError, match=r"^mask: expected 100 bytes for 10×10 px, got 99$"):
        mask_to_data_url(bytes(99), 10, 10)
