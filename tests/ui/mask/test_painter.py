"""The Vary Region dialog driven like a person: real mouse and key events on the view's viewport."""

from __future__ import annotations

import asyncio
import base64
import io
import math

import pytest
from PIL import Image
from PySide6.QtCore import QPoint, QPointF, QRect, Qt
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from mjdesk.ui.mask.painter_dialog import VaryRegionDialog, ask_vary_region
from mjdesk.ui.mask.tools import Tool
from mjdesk.ui.mask.view import pixel_rect

from ..conftest import until

W, H = 1232, 928  # odd proportions, as Midjourney's upscales are (not a power of two, not square)
ZOOM = 0.5


def make_image(width: int = W, height: int = H) -> QImage:
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor("#3a6ea5"))
    painter = QPainter(image)
    painter.fillRect(QRect(width // 3, height // 3, width // 3, height // 3), QColor("#f6ae2d"))
    painter.end()
    return image


@pytest.fixture
def dialog(qtbot) -> VaryRegionDialog:
    d = VaryRegionDialog(make_image(), "a lighthouse at dawn")
    qtbot.addWidget(d)
    d.show()
    qtbot.waitExposed(d)
    d.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is d)
    d.view.set_zoom(ZOOM)
    d.view.setFocus()
    return d


def to_view(d: VaryRegionDialog, x: float, y: float) -> QPoint:
    return d.view.mapFromScene(QPointF(x, y))


def to_scene(d: VaryRegionDialog, p: QPoint) -> QPointF:
    return d.view.mapToScene(p)


def drag(d: VaryRegionDialog, points: list[QPoint]) -> None:
    viewport = d.view.viewport()
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, points[0])
    for p in points[1:]:
        QTest.mouseMove(viewport, p)
    QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, points[-1])


def paint_stroke(d: VaryRegionDialog, diameter: int = 40) -> float:
    """A horizontal brush stroke from (300, 300) to (700, 300); returns the area it should cover."""
    d.set_brush_size(diameter)
    start, end = to_view(d, 300, 300), to_view(d, 700, 300)
    drag(d, [QPoint(x, start.y()) for x in range(start.x(), end.x() + 1, 10)] + [end])
    # The area of a stadium between the points the mouse really hit (mapped back from the viewport,
    # so the 2-source-pixel grid of 50 % zoom is accounted for).
    length = to_scene(d, end).x() - to_scene(d, start).x()
    return diameter * length + math.pi * (diameter / 2) ** 2


def decode(url: str) -> Image.Image:
    image = Image.open(io.BytesIO(base64.b64decode(url.removeprefix("data:image/png;base64,"))))
    image.load()
    return image


def test_paint_stroke_and_rectangle_at_half_zoom_undo_redo_and_export(qtbot, dialog: VaryRegionDialog) -> None:
    d = dialog
    assert d.view.zoom() == pytest.approx(ZOOM)
    stroke_area = paint_stroke(d)
    # Aliased edges are off by at most half a pixel along the outline (~1 000 px here): ±500 px of
    # 17 000 (3 %), far less than a stroke of the wrong diameter (30 px would be -25 %) or a
    # stroke drawn in viewport pixels (2× too long at this zoom).
    perimeter = 2 * 400 + math.pi * 40
    assert d.document.painted_pixels == pytest.approx(stroke_area, abs=perimeter / 2)
    assert d.document.undo_stack.count() == 1  # forty mouse moves, one stroke, one undo step
    after_stroke = d.document.painted_pixels

    QTest.keyClick(d.view, Qt.Key.Key_R)  # the Rectangle tool's shortcut
    assert d.view.tool is Tool.RECTANGLE and d.tool_actions[Tool.RECTANGLE].isChecked()
    a, b = to_view(d, 200, 500), to_view(d, 501, 801)
    drag(d, [a, (a + b) / 2, b])
    rect = pixel_rect(to_scene(d, a), to_scene(d, b))
    assert rect.width() == pytest.approx(300, abs=2) and rect.height() == pytest.approx(300, abs=2)
    assert d.document.painted_pixels == after_stroke + rect.width() * rect.height()  # exact
    both = d.document.painted_pixels
    assert d.coverage_label.text() == f"Painted: {both / (W * H) * 100:.1f} %"

    d.undo_action.trigger()
    assert d.document.painted_pixels == after_stroke
    d.undo_action.trigger()
    assert d.document.painted_pixels == 0
    d.redo_action.trigger()
    d.redo_action.trigger()
    assert d.document.painted_pixels == both

    QTest.keyClick(d.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert d.document.painted_pixels == after_stroke
    QTest.keyClick(d.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert d.document.painted_pixels == both
    QTest.keyClick(d.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(d.view, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert d.document.painted_pixels == both

    with qtbot.waitSignal(d.submitted) as blocker:
        QTest.keyClick(d.view, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    url, prompt = blocker.args
    assert prompt == "a lighthouse at dawn"
    mask = decode(url)
    assert mask.format == "PNG" and mask.size == (W, H)
    assert set(mask.get_flattened_data()) == {0, 255}
    assert list(mask.get_flattened_data()).count(255) == both
    assert mask.getpixel((500, 300)) == 255 and mask.getpixel((300, 650)) == 255
    assert mask.getpixel((1000, 100)) == 0
    assert not d.isVisible()


def test_eraser_and_lasso_with_the_mouse(dialog: VaryRegionDialog) -> None:
    d = dialog
    d.set_tool(Tool.LASSO)
    corners = [to_view(d, x, y) for x, y in ((100, 100), (500, 100), (500, 400), (100, 400))]
    drag(d, [*corners, corners[0]])
    lasso = d.document.painted_pixels
    assert lasso == pytest.approx(400 * 300, rel=0.02)
    QTest.keyClick(d.view, Qt.Key.Key_E)
    assert d.view.tool is Tool.ERASER
    d.set_brush_size(20)
    drag(d, [to_view(d, 300, 250), to_view(d, 300, 250)])  # a click: one round dab
    assert lasso - d.document.painted_pixels == pytest.approx(math.pi * 10**2, abs=40)


def test_brush_size_keys_zoom_and_middle_drag_pan(dialog: VaryRegionDialog) -> None:
    d = dialog
    d.set_brush_size(40)
    QTest.keyClick(d.view, Qt.Key.Key_BracketRight)
    assert d.size_spin.value() == 46 and d.size_slider.value() == 46 and d.view.brush_size == 46
    QTest.keyClick(d.view, Qt.Key.Key_BracketLeft)
    QTest.keyClick(d.view, Qt.Key.Key_BracketLeft)
    assert d.view.brush_size == 35

    QTest.keyClick(d.view, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert d.view.zoom() == 1.0 and d.zoom_label.text() == "100 %"
    d.view.set_zoom(2.0)
    bar = d.view.horizontalScrollBar()
    before = bar.value()
    assert bar.minimum() < before - 100 and before + 100 < bar.maximum()
    viewport = d.view.viewport()
    centre = viewport.rect().center()
    QTest.mousePress(viewport, Qt.MouseButton.MiddleButton, Qt.KeyboardModifier.NoModifier, centre)
    QTest.mouseMove(viewport, centre + QPoint(-100, 0))
    QTest.mouseRelease(viewport, Qt.MouseButton.MiddleButton, Qt.KeyboardModifier.NoModifier, centre + QPoint(-100, 0))
    assert bar.value() == before + 100
    assert d.document.painted_pixels == 0  # panning never paints
    QTest.keyClick(d.view, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert d.view.zoom() < 1.0


def test_cursor_position_is_reported_in_source_pixels(dialog: VaryRegionDialog) -> None:
    d = dialog
    at = to_view(d, 601, 401)
    QTest.mouseMove(d.view.viewport(), at)
    x, y = (int(v) for v in (to_scene(d, at).x(), to_scene(d, at).y()))  # on the 50 % zoom grid
    assert abs(x - 601) <= 2 and abs(y - 401) <= 2
    assert d.position_label.text() == f"x {x}, y {y}"
    QTest.mouseMove(d.view.viewport(), to_view(d, -30, 10))
    assert d.position_label.text() == ""  # off the image


def test_an_empty_mask_is_refused_inline_and_the_dialog_stays(qtbot, dialog: VaryRegionDialog) -> None:
    sent: list[tuple[str, str]] = []
    dialog.submitted.connect(lambda url, prompt: sent.append((url, prompt)))
    dialog.submit_button.click()
    assert sent == [] and dialog.isVisible()
    assert dialog.error_label.text() == ("The mask cannot be sent: nothing is painted; paint over the area to repaint.")
    paint_stroke(dialog)
    assert dialog.error_label.text() == ""  # painting clears the complaint


async def test_ask_vary_region_returns_the_mask_and_prompt_or_none(qtbot) -> None:
    # A parent window stays open, as the main window does: closing the last window would quit the
    # application and stop the qasync loop under the test.
    window = QWidget()
    qtbot.addWidget(window)
    window.show()

    def opened() -> VaryRegionDialog | None:
        return next(
            (w for w in QApplication.topLevelWidgets() if isinstance(w, VaryRegionDialog) and w.isVisible()), None
        )

    task = asyncio.ensure_future(ask_vary_region(window, make_image(64, 48), "sea"))
    await until(lambda: opened() is not None, what="the dialog")
    d = opened()
    assert d is not None
    d.document.rectangle(QRect(0, 0, 10, 10))
    d.prompt_edit.setText("  stormy sea ")
    d.submit_button.click()
    url, prompt = await asyncio.wait_for(task, 5)
    assert prompt == "stormy sea" and decode(url).size == (64, 48)

    task = asyncio.ensure_future(ask_vary_region(window, make_image(64, 48)))
    await until(lambda: opened() is not None, what="the dialog")
    opened().reject()  # type: ignore[union-attr]
    assert await asyncio.wait_for(task, 5) is None


def test_an_image_path_is_loaded_and_a_broken_one_refused(qtbot, tmp_path) -> None:
    path = tmp_path / "up.png"
    assert make_image(33, 21).save(str(path))
    d = VaryRegionDialog(path)
    qtbot.addWidget(d)
    assert (d.document.width, d.document.height) == (33, 21)
    (tmp_path / "bad.png").write_bytes(b"not a png")
    with pytest.raises(ValueError):
        VaryRegionDialog(tmp_path / "bad.png")


def test_the_painted_area_has_a_dark_ring_readable_on_a_bright_image(qtbot) -> None:
    """On a white or red image the half-transparent overlay alone barely shows: a dark ring of
    about two screen pixels outlines the painted area, at full strength, and follows the zoom."""
    d = VaryRegionDialog(make_image(400, 300), "")
    qtbot.addWidget(d)
    d.resize(900, 700)
    d.show()
    d.view.set_zoom(1.0)
    d.document.rectangle(QRect(100, 100, 80, 60))
    ring = d.view.edge.ring
    assert ring == 2
    edge = d.view.edge._image
    assert edge.pixelColor(99, 130).alpha() > 150  # just outside the left side: dark
    assert edge.pixelColor(140, 130).alpha() == 0  # inside: the overlay's colour, no ring
    assert edge.pixelColor(90, 130).alpha() == 0  # further out: untouched
    # The view shows it over the image: black-ish pixels beside the painted edge.
    shot = d.view.viewport().grab().toImage()
    at = d.view.mapFromScene(QPointF(99, 130))
    assert shot.pixelColor(at).lightness() < 80
    d.view.set_zoom(0.25)  # zoomed out: the ring grows in image pixels, stays ~2 on screen
    assert d.view.edge.ring == 8
    d.document.clear()
    assert d.view.edge._image.pixelColor(99, 130).alpha() == 0
