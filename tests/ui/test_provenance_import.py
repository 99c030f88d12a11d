"""An image made elsewhere that carries its prompt (Midjourney's downloads, our own exports) offers
"Use its prompt" when dropped on an image input or opened with mjdesk; the prompt lands in the
Imagine composer (issue 15)."""

from __future__ import annotations

import asyncio
import io
import zlib
from collections.abc import Callable
from pathlib import Path

from PIL import Image, PngImagePlugin
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent

from mjdesk.core.provenance import png as png_chunks
from mjdesk.ui.main_window import MainWindow

from .conftest import until

MJ_PROMPT = "a red fox asleep in deep snow, soft morning light --ar 3:2 --v 6.1"


def midjourney_png(path: Path) -> Path:
    info = PngImagePlugin.PngInfo()
    info.add_itxt("Description", f"{MJ_PROMPT} Job ID: 0c3f9a4e-1b2c-4d5e-8f90-123456789abc")
    info.add_text("Author", "designer_42")
    Image.new("RGB", (320, 214), (200, 90, 40)).save(path, "PNG", pnginfo=info)
    return path


def drop(widget, path: Path) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    event = QDropEvent(
        QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )
    widget.dropEvent(event)


async def test_a_dropped_midjourney_png_gives_its_prompt_to_the_composer(
    make_window: Callable[..., MainWindow], tmp_path: Path
) -> None:
    window = make_window()
    window.show()
    images = window.imagine.images
    drop(images, midjourney_png(tmp_path / "fox.png"))
    tile = images.tiles[0]
    await until(lambda: not tile.prompt_button.isHidden(), what="the offer to use its prompt")
    assert MJ_PROMPT in tile.prompt_button.toolTip()
    assert tile.prompt_button.accessibleName()
    window.imagine.set_prompt("something else")
    tile.prompt_button.click()
    assert window.imagine.editor.toPlainText() == MJ_PROMPT
    assert window.tabs.currentWidget() is window.imagine
    assert images.images()  # the image itself stays an image prompt


async def test_open_with_mjdesk_offers_it_from_another_tab(
    make_window: Callable[..., MainWindow], tmp_path: Path
) -> None:
    window = make_window()
    window.show()
    window.tabs.setCurrentWidget(window._pages["describe"])
    describe = window.describe  # built now, with its own image input
    drop(describe.image, midjourney_png(tmp_path / "fox.png"))
    tile = describe.image.tiles[0]
    await until(lambda: not tile.prompt_button.isHidden(), what="the offer on the Describe input")
    tile.prompt_button.click()
    assert window.imagine.editor.toPlainText() == MJ_PROMPT
    assert window.tabs.currentWidget() is window.imagine

    window.open_images([str(midjourney_png(tmp_path / "again.png"))])
    tile = window.imagine.images.tiles[-1]
    await until(lambda: not tile.prompt_button.isHidden(), what="the offer after Open with mjdesk")


async def test_images_without_a_prompt_or_with_hostile_metadata_offer_nothing(
    make_window: Callable[..., MainWindow], tmp_path: Path
) -> None:
    window = make_window()
    plain = tmp_path / "plain.png"
    Image.new("RGB", (64, 64), (1, 2, 3)).save(plain)
    buf = io.BytesIO()
    Image.new("RGB", (64, 64), (1, 2, 3)).save(buf, "PNG")
    data = buf.getvalue()
    iend = data.rindex(b"IEND") - 4
    bomb = png_chunks.chunk(b"zTXt", b"Description\0\0" + zlib.compress(b"a" * (32 << 20), 9))
    entities = png_chunks.itxt(
        "XML:com.adobe.xmp",
        '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">&b;</x:xmpmeta>',
    )
    entity_file = tmp_path / "entities.png"
    entity_file.write_bytes(data[:iend] + entities + data[iend:])
    bomb_file = tmp_path / "bomb.png"
    bomb_file.write_bytes(data[:iend] + bomb + data[iend:])
    images = window.imagine.images
    images.add_sources([str(plain), str(entity_file), str(bomb_file)])
    await until(lambda: not images.busy, what="all three looked at")
    # The entity bomb is ignored; the compression bomb is refused by the image pipeline itself.
    assert [t.error is None for t in images.tiles] == [True, True, False]
    assert all(t.prompt_button.isHidden() and t.provenance is None for t in images.tiles)


async def test_the_detail_shows_what_a_library_file_says_when_it_differs(
    live_window: MainWindow, tmp_path: Path
) -> None:
    """A server that passes on Midjourney's own download: the file names a prompt the job does not
    (here the job's prompt was a translation); the detail offers it."""
    from mjdesk.core.library import ImageKind

    from .gallery.test_actions import imagine

    window = live_window
    job = await imagine(window, "一只在雪中睡觉的红狐狸")
    detail = window.detail
    await until(lambda: detail.job is not None and detail.job.id == job.id, what="the job in the detail")
    await asyncio.sleep(0.3)
    assert not detail.form.isRowVisible(detail.embedded)  # the simulator's files say nothing

    library = window.backend.library
    library.add_image(job.id, ImageKind.UPSCALE, midjourney_png(tmp_path / "fox.png").read_bytes())
    window.gallery.model.job_changed(library.job(job.id))
    detail.show_job(library.job(job.id))
    await until(lambda: detail.form.isRowVisible(detail.embedded), what="the file's own prompt")
    assert MJ_PROMPT in detail.embedded.text() and "designer_42" in detail.embedded.text()
    detail.embedded_button.click()
    assert window.imagine.editor.toPlainText() == MJ_PROMPT
