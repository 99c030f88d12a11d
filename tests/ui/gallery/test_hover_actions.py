"""Hover actions on tiles (issue 12): under the mouse, a tile with an image shows a heart (favourite,
toggled for that tile whatever is selected), a magnifier (the viewer), download and use-as-reference,
and on a finished grid U1-U4, drawn on the image."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QStyle, QStyleOptionViewItem

from mjdesk.core.library import Library
from mjdesk.ui.gallery.delegate import hover_rects
from mjdesk.ui.main_window import MainWindow
from tests.support.gallery_library import finished_job

from ..conftest import fake_profile, until


async def test_the_heart_and_the_magnifier_under_the_mouse(make_window, library: Library) -> None:
    first, second = finished_job(library, "a red door"), finished_job(library, "a blue door")
    window: MainWindow = make_window(fake_profile())
    window.show()
    gallery = window.gallery
    await until(lambda: gallery.select_job(second.id), what="the tiles")
    row = gallery.model.row_of(first.id)
    tile = gallery.view.visualRect(gallery.model.index(row))
    image_rect = gallery.delegate.image_rect(tile, row)
    heart, magnifier = hover_rects(image_rect)["favourite"], hover_rects(image_rect)["open"]
    # Drawn under the mouse only: the delegate paints the tile with and without the hover state.
    option = QStyleOptionViewItem()
    option.rect = QRect(0, 0, tile.width(), tile.height())
    option.palette = gallery.view.palette()
    index = gallery.model.index(gallery.model.row_of(first.id))
    await until(lambda: gallery.loader.pixmap(first.cover.path) is not None, what="the thumbnail")

    def painted(hovered: bool) -> QImage:
        image = QImage(option.rect.size(), QImage.Format.Format_ARGB32)
        image.fill(0)
        state = QStyle.StateFlag.State_Enabled
        option.state = state | QStyle.StateFlag.State_MouseOver if hovered else state
        painter = QPainter(image)
        gallery.delegate.paint(painter, option, index)
        painter.end()
        return image

    spot = hover_rects(gallery.delegate.image_rect(option.rect, row))["favourite"].topLeft() + QPoint(6, 6)
    assert painted(True).pixel(spot) != painted(False).pixel(spot)

    viewport = gallery.view.viewport()
    QTest.mouseClick(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, heart.center())
    await until(lambda: library.job(first.id).favourite, what="the heart to mark a favourite")
    # The heart toggles what the tile shows: wait for the tile, not only the library, before again.
    await until(lambda: gallery.model.job_at(gallery.model.row_of(first.id)).favourite, what="the tile's heart")
    assert not library.job(second.id).favourite  # the selected tile was not touched
    assert gallery.current_job() is not None and gallery.current_job().id == second.id  # nor selected
    QTest.mouseClick(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, heart.center())
    await until(lambda: not library.job(first.id).favourite, what="the heart to unmark it")

    QTest.mouseClick(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, magnifier.center())
    await until(lambda: window.viewer.isVisible(), what="the viewer")
    assert window.viewer.job is not None and window.viewer.job.id == first.id
    await until(window.viewer.panel.view.has_image, what="the image in the viewer")


async def test_a_grid_tile_offers_u1_to_u4_download_and_reference(live_window: MainWindow, sim, tmp_path) -> None:
    """Under the mouse a finished grid shows U1-U4 (pressing one makes the upscale, as the detail's
    own button does), download (its originals into the download folder) and use-as-reference
    (an image prompt in Imagine)."""
    from mjdesk.core.api.buttons import ButtonKind, parse_custom_id

    from ..detail.test_flows import child_of, imagine

    window = live_window
    window.services.settings.download_folder = str(tmp_path / "exports")
    window.show()
    gallery = window.gallery
    grid = await imagine(window, "a paper lantern --ar 3:2")
    row = gallery.model.row_of(grid.id)
    tile = gallery.view.visualRect(gallery.model.index(row))
    image = gallery.delegate.image_rect(tile, row)
    spots = hover_rects(image, upscales=True)
    assert {"U1", "U2", "U3", "U4", "download", "reference"} <= set(spots)
    assert all(image.contains(area) for area in spots.values())
    assert len({a.topLeft().toTuple() for a in spots.values()}) == len(spots)  # none on another
    viewport = gallery.view.viewport()

    exported = []
    gallery.job_actions.exported.connect(lambda folder, count: exported.append((folder, count)))
    QTest.mouseClick(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, spots["download"].center())
    await until(lambda: bool(exported), what="the export")
    folder, count = exported[0]
    assert folder == tmp_path / "exports" and count >= 1
    assert any(p.name.startswith(f"mjdesk-{grid.id}-") for p in folder.iterdir())

    QTest.mouseClick(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, spots["reference"].center())
    await until(lambda: len(window.imagine.images.images()) == 1, what="the image prompt in Imagine")

    QTest.mouseClick(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, spots["U2"].center())
    child = await child_of(window, grid.id)
    assert parse_custom_id(child.parent_button or "") == (ButtonKind.UPSCALE, 2)
