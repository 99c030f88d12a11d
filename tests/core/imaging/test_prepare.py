"""prepare_image / prepare_images / prepare_raw_rgba: what a designer's drop turns into."""

from __future__ import annotations

import base64
import resource
import sys
import threading
import time
from pathlib import Path

import pytest
from PIL import Image

from mjdesk.core.imaging import (
    ImageBudget,
    ImageInputError,
    PreparedImage,
    prepare_image,
    prepare_images,
    prepare_raw_rgba,
)
from mjdesk.core.imaging import prepare as prepare_module

from .conftest import BLUE, CAMERA_MAKE, RED, decode_data_url, encode, photo


def _close(actual: tuple[int, ...], expected: tuple[int, ...], tolerance: int = 24) -> bool:
    return all(abs(a - e) <= tolerance for a, e in zip(actual, expected, strict=True))


def _assert_within(img: PreparedImage, budget: ImageBudget) -> Image.Image:
    decoded = decode_data_url(img.data_url)
    assert decoded.size == (img.width, img.height)
    assert decoded.format == img.format
    assert max(decoded.size) <= budget.max_side
    raw = base64.b64decode(img.data_url.partition(",")[2])
    assert len(raw) == img.encoded_size <= budget.max_bytes
    return decoded


# -- good inputs ------------------------------------------------------------------------------


def test_rotated_phone_photo_arrives_upright_without_exif_or_gps(samples: dict[str, Path]) -> None:
    img = prepare_image(samples["rotated_gps.jpg"])
    decoded = _assert_within(img, ImageBudget())
    assert decoded.size == (200, 400)
    assert (img.original_width, img.original_height) == (200, 400)
    assert _close(decoded.convert("RGB").getpixel((100, 50)), RED)
    assert _close(decoded.convert("RGB").getpixel((100, 350)), BLUE)
    assert "turned upright, as the camera recorded it" in img.notes
    raw = base64.b64decode(img.data_url.partition(",")[2])
    assert b"Exif" not in raw and CAMERA_MAKE.encode() not in raw
    assert not decoded.getexif()


def test_profiles_and_text_chunks_do_not_leave_the_machine() -> None:
    from PIL import ImageCms, PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "Jane Designer, jane@example.com")
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    drawing = Image.new("RGB", (200, 100), RED)
    img = prepare_image(encode(drawing, "PNG", pnginfo=info, icc_profile=srgb))
    decoded = decode_data_url(img.data_url)
    assert img.format == "PNG" and not decoded.info
    assert b"Jane" not in base64.b64decode(img.data_url.partition(",")[2])


@pytest.mark.parametrize(
    ("name", "expected_format", "note"),
    [
        ("cmyk.jpg", "JPEG", "converted from CMYK"),
        ("sixteen_bit.png", "PNG", "reduced from 16 to 8 bits per channel"),
        ("one_bit.png", "PNG", None),
        ("palette_alpha.png", "PNG", None),
        ("grey_alpha.png", "PNG", None),
        ("animated.gif", "PNG", "first frame of an animated GIF"),
        ("photo.webp", "JPEG", None),
        ("photo.tiff", "JPEG", None),
        ("photo.bmp", "JPEG", None),
        ("photo.jpg", "JPEG", None),
    ],
)
def test_every_common_format_becomes_a_decodable_payload(
    samples: dict[str, Path], name: str, expected_format: str, note: str | None
) -> None:
    img = prepare_image(samples[name])
    decoded = _assert_within(img, ImageBudget())
    assert img.format == expected_format
    assert img.name == str(samples[name])
    assert decoded.mode in ("L", "LA", "RGB", "RGBA")
    if note:
        assert note in img.notes


def test_colours_survive_the_odd_modes(samples: dict[str, Path]) -> None:
    cyan = decode_data_url(prepare_image(samples["cmyk.jpg"]).data_url).convert("RGB")
    assert _close(cyan.getpixel((80, 60)), (0, 255, 255), tolerance=40)

    ramp = decode_data_url(prepare_image(samples["sixteen_bit.png"]).data_url).convert("L")
    assert ramp.getpixel((0, 50)) < 10 and 118 < ramp.getpixel((128, 50)) < 138
    assert ramp.getpixel((255, 50)) > 245

    bits = decode_data_url(prepare_image(samples["one_bit.png"]).data_url).convert("L")
    assert bits.getpixel((10, 10)) == 0 and bits.getpixel((100, 10)) == 255

    gif = decode_data_url(prepare_image(samples["animated.gif"]).data_url).convert("RGB")
    assert _close(gif.getpixel((50, 40)), RED)


def test_transparency_is_kept_as_png_alpha(samples: dict[str, Path]) -> None:
    palette = decode_data_url(prepare_image(samples["palette_alpha.png"]).data_url)
    assert palette.mode == "RGBA"
    assert palette.getpixel((5, 5))[3] == 0
    assert palette.getpixel((60, 50)) == (255, 0, 0, 255)

    grey = decode_data_url(prepare_image(samples["grey_alpha.png"]).data_url)
    assert grey.mode == "LA"
    assert grey.getpixel((10, 10)) == (200, 0) and grey.getpixel((90, 10)) == (128, 255)


def test_a_big_photo_is_scaled_into_the_budget(samples: dict[str, Path]) -> None:
    img = prepare_image(samples["big_photo.jpg"])
    _assert_within(img, ImageBudget())
    assert (img.width, img.height) == (2048, 1536)
    assert (img.original_width, img.original_height) == (3000, 2250)
    assert img.scaled and img.format == "JPEG"
    assert img.to_summary() == {
        "name": str(samples["big_photo.jpg"]),
        "width": 2048,
        "height": 1536,
        "format": "JPEG",
        "encoded_size": img.encoded_size,
        "scaled": True,
        "notes": [],
    }


def test_a_tight_byte_budget_is_met_by_lowering_quality_then_size(samples: dict[str, Path]) -> None:
    budget = ImageBudget(max_side=1024, max_bytes=40_000)
    img = prepare_image(samples["big_photo.jpg"], budget=budget)
    _assert_within(img, budget)
    assert max(img.width, img.height) < 1024
    assert img.notes == ("JPEG quality lowered to fit the size limit", "scaled down further to fit the size limit")


def test_a_photo_saved_as_png_goes_out_as_jpeg_but_a_drawing_stays_png() -> None:
    photo_png = encode(photo((800, 600)), "PNG")
    assert prepare_image(photo_png).format == "JPEG"
    drawing = Image.new("RGB", (800, 600), "white")
    drawing.paste(RED, (100, 100, 400, 300))
    img = prepare_image(encode(drawing, "PNG"))
    assert img.format == "PNG"
    assert decode_data_url(img.data_url).getpixel((200, 200)) == RED  # crisp, not JPEG-smeared


def test_an_alpha_image_over_budget_shrinks_and_keeps_its_alpha() -> None:
    noisy = photo((900, 600)).convert("RGBA")
    noisy.putalpha(Image.linear_gradient("L").resize((900, 600)))
    budget = ImageBudget(max_bytes=200_000)
    img = prepare_image(encode(noisy, "PNG"), budget=budget)
    decoded = _assert_within(img, budget)
    assert img.format == "PNG" and decoded.mode == "RGBA"


def test_data_urls_and_bytes_are_inputs_too(samples: dict[str, Path]) -> None:
    data = samples["photo.jpg"].read_bytes()
    from_bytes = prepare_image(data)
    from_url = prepare_image("data:image/jpeg;base64," + base64.b64encode(data).decode())
    assert from_bytes.name == "image" and from_url.name == "data URL"
    assert from_bytes.sha256 == from_url.sha256


def test_the_same_image_dropped_twice_is_encoded_once(samples: dict[str, Path], tmp_path: Path) -> None:
    copy = tmp_path / "renamed.jpg"
    copy.write_bytes(samples["photo.jpg"].read_bytes())
    first = prepare_image(samples["photo.jpg"])
    second = prepare_image(copy)
    assert second.data_url is first.data_url  # the cached encoding, not a second one
    assert second.name == str(copy)
    smaller = prepare_image(copy, budget=ImageBudget(max_side=512))
    assert smaller.width == 512  # other settings, other entry


def test_concurrent_requests_for_one_image_encode_it_once(
    samples: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = []
    real = prepare_module.encode_within

    def counting(*args: object, **kwargs: object) -> PreparedImage:
        calls.append(1)
        time.sleep(0.05)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(prepare_module, "encode_within", counting)
    results: list[PreparedImage] = []
    threads = [threading.Thread(target=lambda: results.append(prepare_image(samples["photo.jpg"]))) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(calls) == 1 and len({r.sha256 for r in results}) == 1


def test_raw_clipboard_pixels_in_bgra_order() -> None:
    width, height, stride = 100, 80, 100 * 4 + 12  # Qt pads scan lines
    row = bytes((0, 0, 255, 255)) * 50 + bytes((255, 0, 0, 255)) * 50 + b"\0" * 12  # red | blue
    img = prepare_raw_rgba(row * height, width, height, stride, fmt="BGRA")
    decoded = decode_data_url(img.data_url).convert("RGB")
    assert img.name == "clipboard" and decoded.size == (100, 80)
    assert decoded.getpixel((10, 40)) == RED and decoded.getpixel((90, 40)) == BLUE
    with pytest.raises(ImageInputError, match=r"^clipboard: the pixel buffer is too short"):
        prepare_raw_rgba(row * (height - 1), width, height, stride, fmt="BGRA")


# -- bad inputs -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("zero.png", "the file is empty"),
        ("text.png", "a text file, not an image"),
        ("drawing.svg", "an SVG drawing"),
        ("truncated.jpg", "the JPEG file is truncated"),
        ("bomb.png", "the image claims 30000×30000 px (900 megapixels), above the limit of 100"),
        ("tiny.png", "too small (20×20 px; at least 64 px on each side)"),
        ("banner.png", "aspect ratio too extreme (2000×100 px; at most 8:1)"),
    ],
)
def test_bad_files_get_one_line_naming_the_file_and_the_reason(
    samples: dict[str, Path], name: str, reason: str
) -> None:
    path = samples[name]
    with pytest.raises(ImageInputError) as info:
        prepare_image(path)
    message = str(info.value)
    assert message.startswith(f"{path}: ") and reason in message
    assert "\n" not in message
    assert info.value.source == str(path) and reason in info.value.reason


def test_a_bomb_is_refused_without_allocating_it(samples: dict[str, Path]) -> None:
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    with pytest.raises(ImageInputError, match="refusing to decode"):
        prepare_image(samples["bomb.png"])
    grown_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    assert time.perf_counter() - started < 1.0
    assert grown_kib * (1 if sys.platform != "darwin" else 1 / 1024) < 100 * 1024  # 30000² RGB is 2.7 GB


def test_file_urls_are_paths(samples: dict[str, Path]) -> None:
    img = prepare_image(samples["photo.jpg"].as_uri())
    assert (img.width, img.height) == (1200, 800)


def test_missing_files_folders_and_bad_data_urls(tmp_path: Path) -> None:
    with pytest.raises(ImageInputError, match=r"^\(empty\): no file name or URL given$"):
        prepare_image("  ")
    with pytest.raises(ImageInputError, match=r"nope\.jpg: no such file$"):
        prepare_image(tmp_path / "nope.jpg")
    with pytest.raises(ImageInputError, match="this is a folder"):
        prepare_image(tmp_path)
    with pytest.raises(ImageInputError, match=r"^data URL: the data URL is not valid base64$"):
        prepare_image("data:image/png;base64,@@@not base64@@@")
    svg = "data:image/svg+xml;utf8,<svg xmlns='http://www.w3.org/2000/svg'/>"
    with pytest.raises(ImageInputError, match="an SVG drawing"):
        prepare_image(svg)


def test_unsupported_raster_formats_are_named() -> None:
    with pytest.raises(ImageInputError, match="a Photoshop document"):
        prepare_image(b"8BPS" + b"\0" * 100)
    with pytest.raises(ImageInputError, match=r"not an image \(unrecognised content\)"):
        prepare_image(bytes(range(256)) * 4)


# -- several images for one request ------------------------------------------------------------


def test_image_counts_are_checked_per_action(samples: dict[str, Path]) -> None:
    with pytest.raises(ImageInputError, match=r"^blend: takes 2–5 images, got 1$"):
        prepare_images([samples["photo.jpg"]], min_count=2, max_count=5, action="blend")
    with pytest.raises(ImageInputError, match=r"^describe: needs exactly 1 image, got 2$"):
        prepare_images([samples["photo.jpg"]] * 2, min_count=1, max_count=1, action="describe")


def test_a_bad_image_among_several_is_named(samples: dict[str, Path]) -> None:
    with pytest.raises(ImageInputError, match=r"^image 2: the image is empty"):
        prepare_images([samples["photo.jpg"].read_bytes(), b""])


def test_several_images_are_shrunk_to_fit_the_request_limit() -> None:
    sources = [encode(photo((1600, 1200), seed=i), "JPEG", quality=95) for i in range(3)]
    budget = ImageBudget(request_max_bytes=600_000)
    alone = [prepare_image(s, budget=budget) for s in sources]
    assert sum(len(i.data_url) for i in alone) > budget.request_max_bytes
    together = prepare_images(sources, budget=budget, min_count=2, max_count=5, action="blend")
    assert sum(len(i.data_url) for i in together) <= budget.request_max_bytes
    assert [i.name for i in together] == ["image 1", "image 2", "image 3"]
    for img in together:
        decode_data_url(img.data_url)


def test_a_request_that_cannot_fit_says_so(samples: dict[str, Path]) -> None:
    budget = ImageBudget(request_max_bytes=20_000, min_side=256)
    with pytest.raises(ImageInputError, match=r"^blend: 2 images need .* MiB, more than the request limit"):
        prepare_images([samples["photo.jpg"], samples["big_photo.jpg"]], budget=budget, action="blend")
