"""The mask document without any widget: shapes in source pixels, exact undo/redo, coverage, export."""

from __future__ import annotations

import base64
import io
import math

import pytest
from PIL import Image
from PySide6.QtCore import QPointF, QRect

from mjdesk.core.imaging import MaskError
from mjdesk.ui.mask.document import MaskDocument

W, H = 301, 199  # odd width: Qt pads each row to 304 bytes, which must never leak into the mask


@pytest.fixture
def doc(qapp: object) -> MaskDocument:
    return MaskDocument(W, H)


def pixel(doc: MaskDocument, x: int, y: int) -> int:
    return doc.to_bytes()[y * doc.width + x]


def decode(url: str) -> Image.Image:
    prefix = "data:image/png;base64,"
    assert url.startswith(prefix)
    image = Image.open(io.BytesIO(base64.b64decode(url[len(prefix) :])))
    image.load()
    return image


def test_a_stroke_has_round_caps_and_its_diameter_in_source_pixels(doc: MaskDocument) -> None:
    doc.stroke([QPointF(100.5, 100.5), QPointF(160.5, 100.5)], 20)
    expected = 60 * 20 + math.pi * 10**2  # a stadium: the segment's band plus two half discs
    # An aliased edge gains or loses at most half a pixel along its length: the perimeter (~183 px)
    # over 2 bounds the error, well under 10 % of the area.
    assert doc.painted_pixels == pytest.approx(expected, abs=92)
    assert pixel(doc, 100, 100) == 255 and pixel(doc, 165, 100) == 255  # cap beyond the end point
    assert pixel(doc, 171, 100) == 0 and pixel(doc, 100, 111) == 0
    assert pixel(doc, 91, 91) == 0  # a square cap would have painted this corner
    assert set(doc.to_bytes()) == {0, 255}
    assert doc.undo_stack.count() == 1


def test_one_command_per_stroke_and_undo_redo_restore_exact_bytes(doc: MaskDocument) -> None:
    doc.rectangle(QRect(10, 10, 40, 30))
    before = doc.to_bytes()
    doc.begin_stroke(QPointF(20, 20), 9)
    for x in range(21, 200, 3):
        doc.extend_stroke(QPointF(x, 20 + x // 4))
    doc.end_stroke()
    after = doc.to_bytes()
    assert doc.undo_stack.count() == 2  # sixty mouse moves, one undo step
    command = doc.undo_stack.command(1)
    assert command.text() == "Brush stroke"
    assert command.stored_bytes < W * H  # only the stroke's rectangle, twice, not the whole mask
    doc.undo_stack.undo()
    assert doc.to_bytes() == before
    assert doc.painted_pixels == before.count(255)
    doc.undo_stack.redo()
    assert doc.to_bytes() == after
    assert doc.painted_pixels == after.count(255)


def test_eraser_removes_paint_and_an_empty_erase_leaves_no_undo_step(doc: MaskDocument) -> None:
    doc.stroke([QPointF(50, 50)], 30, erase=True)
    assert doc.undo_stack.count() == 0
    doc.rectangle(QRect(0, 0, 100, 100))
    doc.stroke([QPointF(50.5, 50.5)], 21, erase=True)
    assert pixel(doc, 50, 50) == 0 and pixel(doc, 5, 5) == 255
    assert doc.painted_pixels == pytest.approx(100 * 100 - math.pi * 10.5**2, abs=40)
    assert doc.undo_stack.command(1).text() == "Erase"


def test_rectangle_is_exact_and_clipped_to_the_image(doc: MaskDocument) -> None:
    doc.rectangle(QRect(290, 190, 50, 50))  # runs off the bottom-right corner
    assert doc.painted_pixels == 11 * 9
    assert pixel(doc, 300, 198) == 255 and pixel(doc, 289, 198) == 0
    doc.rectangle(QRect(290, 190, 50, 50), erase=True)
    assert doc.painted_pixels == 0


def test_lasso_fills_the_polygon(doc: MaskDocument) -> None:
    triangle = [QPointF(0, 0), QPointF(200, 0), QPointF(0, 100)]
    doc.lasso(triangle)
    assert doc.painted_pixels == pytest.approx(200 * 100 / 2, rel=0.03)
    assert pixel(doc, 10, 10) == 255 and pixel(doc, 150, 80) == 0
    doc.lasso(triangle[:2])  # two points enclose nothing
    assert doc.undo_stack.count() == 1


def test_fill_clear_invert_and_coverage(doc: MaskDocument) -> None:
    doc.rectangle(QRect(0, 0, W, 100))  # rows 0-99 of 199
    assert doc.coverage() == pytest.approx(100 / H)
    doc.invert()
    assert doc.coverage() == pytest.approx(99 / H)
    assert pixel(doc, 0, 0) == 0 and pixel(doc, 0, 150) == 255
    assert doc.undo_stack.command(1).stored_bytes == 0
    doc.fill()
    assert doc.coverage() == 1.0
    # fill changed rows 0-99 only, so that is all its command keeps
    assert doc.undo_stack.command(2).stored_bytes == 2 * W * 100
    doc.clear()
    assert doc.coverage() == 0.0
    for expected in (1.0, 99 / H, 100 / H, 0.0):
        doc.undo_stack.undo()
        assert doc.coverage() == pytest.approx(expected)
        assert doc.to_bytes().count(255) == doc.painted_pixels


def test_changed_reports_the_repainted_rectangle(doc: MaskDocument) -> None:
    seen: list[QRect] = []
    doc.changed.connect(seen.append)
    doc.rectangle(QRect(5, 6, 7, 8))
    assert seen == [QRect(5, 6, 7, 8)]
    doc.undo_stack.undo()
    assert seen[-1] == QRect(5, 6, 7, 8)


def test_cancel_stroke_restores_the_mask_without_a_command(doc: MaskDocument) -> None:
    doc.begin_stroke(QPointF(50, 50), 10)
    doc.extend_stroke(QPointF(90, 90))
    assert doc.painted_pixels > 0
    doc.cancel_stroke()
    assert doc.painted_pixels == 0 and set(doc.to_bytes()) == {0}
    assert doc.undo_stack.count() == 0


def test_export_is_a_png_of_the_exact_size_white_repaint_black_keep(doc: MaskDocument) -> None:
    doc.rectangle(QRect(10, 20, 30, 40))
    image = decode(doc.export_data_url())
    assert image.format == "PNG" and image.size == (W, H) and image.mode == "L"
    assert set(image.get_flattened_data()) == {0, 255}
    assert image.getpixel((10, 20)) == 255 and image.getpixel((39, 59)) == 255
    assert image.getpixel((40, 20)) == 0 and image.getpixel((0, 0)) == 0
    assert list(image.get_flattened_data()).count(255) == 30 * 40


def test_empty_and_full_masks_are_refused(doc: MaskDocument) -> None:
    with pytest.raises(MaskError, match="nothing is painted"):
        doc.export_data_url()
    doc.fill()
    with pytest.raises(MaskError, match="the whole image is painted"):
        doc.export_data_url()


def test_a_mask_needs_a_size(qapp: object) -> None:
    with pytest.raises(ValueError):
        MaskDocument(0, 10)
