"""The image input through real drop events and the clipboard, and a submit on the simulator."""

from __future__ import annotations

import http.server
import io
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QGuiApplication, QImage
from PySide6.QtWidgets import QApplication

from mjdesk.ui.widgets.image_input import ImageInput, sources_from_mime

from .conftest import until


def png_bytes(size: tuple[int, int] = (300, 200), color: str = "teal") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, "PNG")
    return out.getvalue()


@pytest.fixture
def image_server() -> Iterator[str]:
    """A loopback web server with one image, as a browser drag would point at."""
    body = png_bytes((400, 300), "orange")

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/pics/photo.png?sig=abc"
    server.shutdown()
    server.server_close()
    thread.join(5)


def drop(widget: ImageInput, mime: QMimeData) -> None:
    # Qt delivers a drop only after an accepted drag-enter, as a real drag would send.
    enter = QDragEnterEvent(
        QPoint(10, 10),  # a QPoint here (QPointF is accepted only from PySide6 6.12 on)
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(widget, enter)
    assert enter.isAccepted()
    event = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(widget, event)


def files(tmp_path: Path, n: int) -> list[Path]:
    paths = []
    for i in range(n):
        p = tmp_path / f"img{i}.png"
        p.write_bytes(png_bytes((320 + i, 240), ("red", "green", "blue")[i % 3]))
        paths.append(p)
    return paths


async def test_drop_several_files_then_reorder_and_remove(qtbot, pool, tmp_path: Path) -> None:
    widget = ImageInput(pool, title="Refs", max_count=5)
    qtbot.addWidget(widget)
    paths = files(tmp_path, 3)
    (tmp_path / "notes.txt").write_text("not an image")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in [*paths, tmp_path / "notes.txt"]])
    drop(widget, mime)
    assert len(widget.tiles) == 4 and widget.busy
    await until(lambda: not widget.busy, what="images prepared")
    assert [i.width for i in widget.images()] == [320, 321, 322]
    bad = widget.tiles[3]
    assert bad.error and "text file" in bad.error and "text file" in bad.info.text()
    assert "320×240 · PNG" in widget.tiles[0].info.text()

    widget.tiles[0].right.click()
    assert [i.width for i in widget.images()] == [321, 320, 322]
    bad.remove.click()
    assert widget.errors == [] and len(widget.tiles) == 3


async def test_drop_browser_html_img_downloads_the_image(qtbot, pool, image_server: str) -> None:
    widget = ImageInput(pool, title="Refs", max_count=5)
    qtbot.addWidget(widget)
    mime = QMimeData()
    mime.setHtml(f'<a href="https://example.com/page"><img alt="x" src="{image_server.replace("&", "&amp;")}"></a>')
    mime.setUrls([QUrl("https://example.com/page")])  # the link, not the image: html must win
    drop(widget, mime)
    await until(lambda: not widget.busy, what="download")
    assert widget.errors == []
    assert [(i.width, i.height) for i in widget.images()] == [(400, 300)]


async def test_drop_url_and_single_slot_replaces(qtbot, pool, image_server: str, tmp_path: Path) -> None:
    widget = ImageInput(pool, title="Face", max_count=1)
    qtbot.addWidget(widget)
    mime = QMimeData()
    mime.setUrls([QUrl(image_server)])
    drop(widget, mime)
    await until(lambda: not widget.busy, what="download")
    assert widget.images()[0].width == 400
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in files(tmp_path, 2)])
    drop(widget, mime)
    await until(lambda: not widget.busy, what="file")
    assert [i.width for i in widget.images()] == [320]


async def test_big_image_is_scaled_with_a_note(qtbot, pool, tmp_path: Path) -> None:
    widget = ImageInput(pool, title="Refs", max_count=2)
    qtbot.addWidget(widget)
    big = tmp_path / "big.png"
    big.write_bytes(png_bytes((4000, 1000)))
    widget.add_sources([str(big)])
    await until(lambda: not widget.busy, what="scale")
    image = widget.images()[0]
    assert image.scaled and image.width < 4000
    assert "scaled from 4000×1000" in widget.tiles[0].info.text()


async def test_paste_qimage_from_clipboard(qtbot, pool) -> None:
    widget = ImageInput(pool, title="Refs", max_count=5)
    qtbot.addWidget(widget)
    image = QImage(256, 128, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.magenta)
    QGuiApplication.clipboard().setImage(image)
    widget.paste()
    await until(lambda: not widget.busy, what="clipboard image")
    assert widget.errors == []
    pasted = widget.images()[0]
    assert (pasted.width, pasted.height, pasted.name) == (256, 128, "clipboard")


def test_mime_text_url_and_nothing() -> None:
    mime = QMimeData()
    mime.setText("https://example.com/a.jpg")
    assert sources_from_mime(mime) == ["https://example.com/a.jpg"]
    mime = QMimeData()
    mime.setText("just words")
    assert sources_from_mime(mime) == []
