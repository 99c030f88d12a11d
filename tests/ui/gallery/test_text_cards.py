"""Text-only jobs (issue 12): a finished Shorten shows its candidates on the tile, numbered, without
the servers' emoji keycaps, instead of a "No image" square."""

from __future__ import annotations

from PySide6.QtCore import QRect
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QStyle, QStyleOptionViewItem

from mjdesk.core.library import Library
from mjdesk.ui.gallery.delegate import text_result
from mjdesk.ui.main_window import MainWindow

from ..conftest import fake_profile, until

SHORTENED = "1\ufe0f\u20e3 a red kite\n\n2\ufe0f\u20e3 kite over dunes, golden hour\n\n3\ufe0f\u20e3 a kite"


def ink(image: QImage, area: QRect) -> int:
    """How many pixels of ``area`` differ clearly from its top-left pixel (the card's background)."""
    background = QColor(image.pixel(area.topLeft())).lightness()
    return sum(
        abs(QColor(image.pixel(x, y)).lightness() - background) > 60
        for x in range(area.left(), area.right(), 2)
        for y in range(area.top(), area.bottom(), 2)
    )


async def test_a_shorten_tile_reads_as_its_candidates(make_window, library: Library) -> None:
    job = library.add_job(profile="t", action="SHORTEN", prompt="a very long prompt about a kite")
    library.mark_submitted(job.id, f"r-{job.id}", {"code": 1})
    library.update_from_task(job.id, "SUCCESS", progress=100, terminal=True, final_prompt=SHORTENED)
    job = library.job(job.id)
    assert text_result(job) == ["a red kite", "kite over dunes, golden hour", "a kite"]

    window: MainWindow = make_window(fake_profile())
    window.show()
    gallery = window.gallery
    await until(lambda: gallery.model.row_of(job.id) is not None, what="the tile")
    index = gallery.model.index(gallery.model.row_of(job.id))
    option = QStyleOptionViewItem()
    tile = gallery.view.visualRect(index)
    option.rect = QRect(0, 0, tile.width(), tile.height())
    option.palette = gallery.view.palette()
    option.state = QStyle.StateFlag.State_Enabled
    image = QImage(option.rect.size(), QImage.Format.Format_ARGB32)
    image.fill(0)
    painter = QPainter(image)
    gallery.delegate.paint(painter, option, index)
    painter.end()
    side = gallery.view.tile
    top_half = QRect(16, 16, side - 24, side // 2 - 16)
    assert ink(image, top_half) > 20  # lines of text at the top of the card, not a centred word
