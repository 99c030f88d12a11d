"""Tile size (issue 12): tiles stretch so whole columns fill the gallery's width (no gap at the
right edge), a slider and Ctrl+wheel choose their size, and the size follows the window."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent

from mjdesk.core.library import ImageKind, Library
from mjdesk.ui.gallery.delegate import TILE_MAX, TILE_MIN
from mjdesk.ui.main_window import MainWindow
from tests.support.gallery_library import png

from ..conftest import fake_profile, until


def columns(window: MainWindow) -> int:
    view = window.gallery.view
    return max(1, view.viewport().width() // view.gridSize().width())


def row_is_filled(window: MainWindow) -> bool:
    view = window.gallery.view
    spare = view.viewport().width() - columns(window) * view.gridSize().width()
    # whole columns, no tile-sized gap (the scroll bar's width stays set aside even while hidden)
    slack = 0 if view.verticalScrollBar().isVisible() else view.verticalScrollBar().sizeHint().width()
    return 0 <= spare <= columns(window) + 2 + slack


async def gallery(make_window, library: Library, size: tuple[int, int] = (1280, 800)) -> MainWindow:
    for i in range(12):
        job = library.add_job(profile="t", action="IMAGINE", prompt=f"tile {i}")
        library.mark_submitted(job.id, f"r-{job.id}", {"code": 1})
        library.update_from_task(job.id, "SUCCESS", progress=100, terminal=True)
        library.add_image(job.id, ImageKind.GRID, png(job.id, 64))
    window: MainWindow = make_window(fake_profile())
    window.resize(*size)
    window.show()
    await until(lambda: window.gallery.model.rowCount() == 12, what="the tiles")
    return window


async def test_tiles_fill_the_row_at_any_width(make_window, library: Library) -> None:
    window = await gallery(make_window, library)
    await until(lambda: row_is_filled(window), what="a filled row")
    for width in (1024, 1366, 1920):
        window.resize(width, 800)
        await until(lambda: row_is_filled(window), what=f"a filled row at {width} px")
        tile = window.gallery.view.tile
        assert abs(tile - window.gallery.view.preferred_tile) <= tile // 2 + 12


async def test_the_slider_and_ctrl_wheel_choose_the_size(make_window, library: Library) -> None:
    window = await gallery(make_window, library, (1600, 900))
    panel = window.gallery
    assert panel.size_slider.accessibleName() == "Thumbnail size"
    panel.size_slider.setValue(TILE_MIN)
    many = columns(window)
    panel.size_slider.setValue(TILE_MAX)
    few = columns(window)
    assert many > few >= 1 and row_is_filled(window)
    panel.size_slider.setValue(200)
    viewport = panel.view.viewport()
    wheel = QWheelEvent(
        QPointF(20, 20),
        QPointF(viewport.mapToGlobal(QPoint(20, 20))),
        QPoint(0, 0),
        QPoint(0, 240),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.ControlModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    panel.view.wheelEvent(wheel)
    assert panel.view.preferred_tile > 200 and panel.size_slider.value() == panel.view.preferred_tile
