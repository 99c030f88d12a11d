"""Results coming back: the 2×2 grid split into candidates, and gallery thumbnails."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image, ImageChops

from mjdesk.core.imaging import ImageInputError, make_thumbnail, split_grid
from mjdesk.core.imaging import thumbnails as thumbnails_module

from .conftest import RED, encode, photo

QUADRANT_COLOURS = [(255, 0, 0), (0, 255, 0), (0, 0, 255), (255, 255, 0)]  # TL, TR, BL, BR


def _grid(width: int, height: int) -> Image.Image:
    grid = photo((width, height))
    left, top = width // 2, height // 2
    boxes = [(0, 0, left, top), (left, 0, width, top), (0, top, left, height), (left, top, width, height)]
    for colour, box in zip(QUADRANT_COLOURS, boxes, strict=True):
        grid.paste(colour, (box[0], box[1], box[0] + 4, box[1] + 4))  # a marker in each corner
    return grid


@pytest.mark.parametrize(("width", "height"), [(200, 160), (201, 161)])
def test_split_grid_returns_candidates_1_to_4_losslessly(width: int, height: int) -> None:
    grid = _grid(width, height)
    parts = [Image.open(io.BytesIO(p)) for p in split_grid(encode(grid, "PNG"))]
    assert [p.format for p in parts] == ["PNG"] * 4
    left, top = width // 2, height // 2
    assert [p.size for p in parts] == [
        (left, top),
        (width - left, top),
        (left, height - top),
        (width - left, height - top),
    ]
    assert [p.convert("RGB").getpixel((1, 1)) for p in parts] == QUADRANT_COLOURS
    rebuilt = Image.new("RGB", (width, height))
    for part, origin in zip(parts, [(0, 0), (left, 0), (0, top), (left, top)], strict=True):
        rebuilt.paste(part.convert("RGB"), origin)
    assert ImageChops.difference(rebuilt, grid).getbbox() is None  # every pixel, exactly once


def test_split_grid_reads_files_and_refuses_junk(tmp_path: Path) -> None:
    path = tmp_path / "grid.webp"
    path.write_bytes(encode(_grid(128, 128), "WEBP", lossless=True))
    assert len(split_grid(path)) == 4
    with pytest.raises(ImageInputError, match=r"^grid image: a text file, not an image$"):
        split_grid(b"Internal Server Error")


def test_thumbnail_is_small_upright_and_cached_by_content(
    samples: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "thumbs"
    thumb = make_thumbnail(samples["big_photo.jpg"], 256, cache_dir=cache)
    assert thumb.parent == cache and thumb.suffix == ".jpg"
    with Image.open(thumb) as im:
        assert im.size == (256, 192) and not im.getexif()

    rotated = make_thumbnail(samples["rotated_gps.jpg"], 128, cache_dir=cache)
    with Image.open(rotated) as im:
        assert im.size == (64, 128)
        assert all(abs(a - b) < 30 for a, b in zip(im.convert("RGB").getpixel((32, 10)), RED, strict=True))

    def no_decoding(*args: object, **kwargs: object) -> None:
        raise AssertionError("decoded again although cached")

    monkeypatch.setattr(thumbnails_module, "decode", no_decoding)
    copy = tmp_path / "same-content.jpg"
    copy.write_bytes(samples["big_photo.jpg"].read_bytes())
    assert make_thumbnail(copy, 256, cache_dir=cache) == thumb


def test_thumbnail_keeps_transparency_and_defaults_to_the_app_cache(samples: dict[str, Path]) -> None:
    thumb = make_thumbnail(samples["palette_alpha.png"], 64)
    assert thumb.suffix == ".png" and "thumbnails" in thumb.parts
    with Image.open(thumb) as im:
        assert im.mode == "RGBA" and im.getpixel((2, 2))[3] == 0


def test_thumbnail_of_a_bad_file_is_a_clear_error(samples: dict[str, Path], tmp_path: Path) -> None:
    with pytest.raises(ImageInputError, match="truncated"):
        make_thumbnail(samples["truncated.jpg"], cache_dir=tmp_path)
    with pytest.raises(ImageInputError, match="30000×30000"):
        make_thumbnail(samples["bomb.png"], cache_dir=tmp_path)
    assert not list(tmp_path.iterdir())


def test_resizing_in_strips_matches_one_whole_resize() -> None:
    from mjdesk.core.imaging.normalise import FILTER, resize

    source = photo((2400, 1320))
    whole = source.resize((2000, 1100), FILTER)
    in_strips = resize(source, (2000, 1100))
    assert max(hi for _, hi in ImageChops.difference(whole, in_strips).getextrema()) <= 1
