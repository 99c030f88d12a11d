"""Tile size (issue 12): justified rows — each tile its image's proportions, every full row
ending exactly at the gallery's right edge, a day per group under its name — a slider and
Ctrl+wheel choose the row height, and the rows follow the window."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, QRect, Qt
from PySide6.QtGui import QWheelEvent

from mjdesk.core.library import ImageKind, Library
from mjdesk.ui.gallery.delegate import CAPTION, MARGIN, TILE_MAX, TILE_MIN, day_name
from mjdesk.ui.main_window import MainWindow
from tests.support.gallery_library import png

from ..conftest import fake_profile, until


def rows(window: MainWindow) -> list[list[QRect]]:
    """The tiles' rectangles on screen, row by row (same top)."""
    view = window.gallery.view
    found: dict[int, list[QRect]] = {}
    for row in range(view.model().rowCount()):
        rect = view.visualRect(view.model().index(row, 0))
        found.setdefault(rect.top(), []).append(rect)
    return [sorted(found[top], key=QRect.left) for top in sorted(found)]


def columns(window: MainWindow) -> int:
    return len(rows(window)[0])


def row_is_filled(window: MainWindow) -> bool:
    """Every row but the last ends at the gallery's edge (the scroll bar's width set aside)."""
    view = window.gallery.view
    laid = rows(window)
    return len(laid) > 1 and all(abs(r[-1].right() + 1 - view.row_width()) <= 1 for r in laid[:-1])


async def gallery(make_window, library: Library, size: tuple[int, int] = (1280, 800)) -> MainWindow:
    for i in range(12):
        job = library.add_job(profile="t", action="IMAGINE", prompt=f"tile {i}")
        library.mark_submitted(job.id, f"r-{job.id}", {"code": 1})
        library.update_from_task(job.id, "SUCCESS", progress=100, terminal=True)
        library.add_image(job.id, ImageKind.GRID, wide_png(job.id) if i % 3 == 0 else png(job.id, 64))
    window: MainWindow = make_window(fake_profile())
    window.resize(*size)
    window.show()
    await until(lambda: window.gallery.model.rowCount() == 12, what="the tiles")
    return window


def wide_png(seed: int) -> bytes:
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (160, 90), ((seed * 40) % 256, 90, 160)).save(out, "PNG")
    return out.getvalue()


async def test_rows_are_justified_and_tiles_keep_their_proportions(make_window, library: Library) -> None:
    window = await gallery(make_window, library)
    await until(lambda: row_is_filled(window), what="filled rows")
    view, delegate = window.gallery.view, window.gallery.delegate
    for width in (1024, 1366, 1920):
        window.resize(width, 800)
        await until(lambda: row_is_filled(window), what=f"filled rows at {width} px")
        for row in range(view.model().rowCount()):
            job = view.gallery_model().job_at(row)
            image = delegate.image_rect(view.visualRect(view.model().index(row, 0)), row)
            wide = job is not None and job.cover is not None and job.cover.width == 160
            ratio = image.width() / image.height()
            assert abs(ratio - (16 / 9 if wide else 1.0)) < 0.06, (row, ratio)  # no letterbox, no stretch
        heights = {r[0].height() for r in rows(window)[1:-1]}
        assert all(abs(h - CAPTION - 2 * MARGIN - view.preferred_tile) < view.preferred_tile * 0.5 for h in heights), (
            heights,
            view.preferred_tile,
        )
    # All made today: one group, its name in the band above the first row.
    first = rows(window)[0]
    assert {r.height() for r in first} == {first[0].height()} and first[0].height() > rows(window)[1][0].height()
    assert day_name(view.gallery_model().job_at(0)) == "Today"


async def test_the_slider_and_ctrl_wheel_choose_the_size(make_window, library: Library) -> None:
    window = await gallery(make_window, library, (1600, 900))
    panel = window.gallery
    assert panel.size_slider.accessibleName() == "Thumbnail size"
    panel.size_slider.setValue(TILE_MIN)
    await until(lambda: columns(window) > 4, what="small tiles")
    many = columns(window)
    panel.size_slider.setValue(TILE_MAX)
    await until(lambda: columns(window) < many, what="large tiles")
    await until(lambda: row_is_filled(window), what="filled rows")
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
