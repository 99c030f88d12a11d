"""The image input every tab shares: drop, paste, pick; thumbnails, order, and what happened to each.

Everything heavy (reading, downloading, decoding, scaling, encoding, thumbnails) runs in the
ImagingPool; the GUI thread only copies clipboard pixels and loads the finished small thumbnail.
"""

from __future__ import annotations

import itertools
import re
import weakref
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from PySide6.QtCore import QMimeData, Qt, QUrl, Signal
from PySide6.QtGui import (
    QDragEnterEvent,
    QDragLeaveEvent,
    QDropEvent,
    QGuiApplication,
    QImage,
    QKeySequence,
    QPixmap,
    QShortcut,
)
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from mjdesk.core.imaging import ImageBudget, ImageInputError, ImagingPool, PreparedImage
from mjdesk.core.text import human_size, plural

from ..asyncutil import spawn
from ..texts import image_error_text, note_text
from ..theme import tone
from .flow_layout import FlowLayout

if TYPE_CHECKING:
    from mjdesk.core.provenance import Provenance

THUMB = 112
_IMG_SRC_RE = re.compile(r"""<img\b[^>]*?\bsrc\s*=\s*(?:"([^"]+)"|'([^']+)'|([^\s>]+))""", re.IGNORECASE)
_FILE_FILTER = "*.png *.jpg *.jpeg *.webp *.gif *.bmp *.tif *.tiff *.heic *.heif *.avif"


@dataclass
class RawPixels:
    """Clipboard/drag image data, copied out of the QImage on the GUI thread."""

    data: bytes
    width: int
    height: int
    stride: int


Source = str | RawPixels


def sources_from_mime(mime: QMimeData) -> list[Source]:
    """What a drop or paste offers, best first: an <img> a browser sent (its URL is the original
    file, while the uri-list may be the page the image links to), then URLs/files, then pixels."""
    if mime.hasHtml():
        found = [next(g for g in m.groups() if g) for m in _IMG_SRC_RE.finditer(mime.html())]
        urls = [u.replace("&amp;", "&") for u in found if u.startswith(("http://", "https://", "data:image/"))]
        if urls:
            return list(dict.fromkeys(urls))
    if mime.hasUrls():
        out: list[Source] = []
        for url in mime.urls():
            if url.isLocalFile():
                out.append(url.toLocalFile())
            elif url.scheme() in ("http", "https"):
                out.append(url.toString())
        if out:
            return out
    if mime.hasImage():
        image = mime.imageData()
        if isinstance(image, QImage) and not image.isNull():
            return [raw_pixels(image)]
    text = mime.text().strip() if mime.hasText() else ""
    if text.startswith(("http://", "https://")) and len(text.split()) == 1:
        return [text]
    return []


_IMAGE_SUFFIXES = frozenset(p[1:] for p in _FILE_FILTER.split())  # ".png", ".jpg", ...


def pasted_images(mime: QMimeData) -> list[Source]:
    """What a paste into a text box should turn into images: copied pixels, or copied image files.
    Empty for anything that is text (a prompt, a link, text with a picture beside it): that stays
    text."""
    text = mime.text().strip() if mime.hasText() else ""
    if mime.hasUrls() and mime.urls():
        urls = mime.urls()
        if all(u.isLocalFile() and Path(u.toLocalFile()).suffix.lower() in _IMAGE_SUFFIXES for u in urls):
            return [u.toLocalFile() for u in urls]
        return []
    if mime.hasImage() and not text:
        image = mime.imageData()
        if isinstance(image, QImage) and not image.isNull():
            return [raw_pixels(image)]
    return []


class ImagePastingTextEdit(QPlainTextEdit):
    """A text box (the prompt) where Ctrl+V of an image adds it to an image input instead of
    being swallowed: QPlainTextEdit takes the paste itself, before any shortcut sees it."""

    images_pasted = Signal(list)  # of Source

    def canInsertFromMimeData(self, source: QMimeData) -> bool:
        return bool(pasted_images(source)) or super().canInsertFromMimeData(source)

    def insertFromMimeData(self, source: QMimeData) -> None:
        images = pasted_images(source)
        if images:
            self.images_pasted.emit(images)
            return
        super().insertFromMimeData(source)


def raw_pixels(image: QImage) -> RawPixels:
    rgba = image.convertToFormat(QImage.Format.Format_RGBA8888)
    return RawPixels(bytes(rgba.constBits()), rgba.width(), rgba.height(), rgba.bytesPerLine())


def _prepare(source: Source, budget: ImageBudget) -> PreparedImage:
    # The pipeline (and Pillow) is imported here, in a worker, so that building the window does not.
    from mjdesk.core.imaging import prepare_image, prepare_raw_rgba

    if isinstance(source, RawPixels):
        return prepare_raw_rgba(
            source.data,
            source.width,
            source.height,
            source.stride,
            fmt="RGBA",
            budget=budget,
            name="clipboard",
        )
    return prepare_image(source, budget=budget)


def _provenance(source: str) -> Provenance | None:
    """What a local image file says about how it was made (a prompt from Midjourney, mjdesk or a
    Stable Diffusion web UI); None for anything unreadable: the tile reports that part itself."""
    from mjdesk.core.provenance import read_file
    from mjdesk.core.safefiles import UserFileError

    try:
        return read_file(Path(source))
    except (UserFileError, OSError):
        return None


def _is_local(source: str) -> bool:
    return not source.startswith(("http://", "https://", "data:"))


def _thumbnail(image: PreparedImage) -> Path:
    from mjdesk.core.imaging import decode_data_url, make_thumbnail

    return make_thumbnail(decode_data_url(image.data_url), THUMB * 2)


class ImageTile(QFrame):
    """One image: thumbnail, name, size/format/notes or the error, and move/remove buttons."""

    remove_requested = Signal(object)
    move_requested = Signal(object, int)
    use_prompt = Signal(str)

    def __init__(self, key: int, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.key = key
        self.name = name
        self.prepared: PreparedImage | None = None
        self.error: str | None = None
        self.setObjectName("imageTile")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setFixedWidth(THUMB + 64)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(3)
        self.thumb = QLabel(self)
        self.thumb.setFixedSize(THUMB, THUMB)
        self.thumb.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.thumb.setStyleSheet("background: palette(base); border-radius: 4px;")
        layout.addWidget(self.thumb, 0, Qt.AlignmentFlag.AlignHCenter)
        self.busy = QProgressBar(self)
        self.busy.setRange(0, 0)
        self.busy.setTextVisible(False)
        self.busy.setMaximumHeight(6)
        self.busy.setAccessibleName(self.tr("Preparing the image"))
        layout.addWidget(self.busy)
        self.title = QLabel(self)
        self.title.setText(
            self.fontMetrics().elidedText(Path(name).name or name, Qt.TextElideMode.ElideMiddle, THUMB + 48)
        )
        self.title.setToolTip(name)
        layout.addWidget(self.title)
        self.info = QLabel(self.tr("Preparing…"), self)
        self.info.setWordWrap(True)
        self.info.setStyleSheet("color: palette(placeholder-text);")
        layout.addWidget(self.info)
        # An image made elsewhere may carry its prompt (Midjourney's downloads, our exports).
        self.provenance: Provenance | None = None
        self.prompt_button = QPushButton(self.tr("Use its prompt"), self)
        self.prompt_button.setAccessibleName(self.tr("Use the prompt written in {name}").format(name=self.title.text()))
        self.prompt_button.clicked.connect(self._use_prompt)
        self.prompt_button.hide()
        layout.addWidget(self.prompt_button)
        buttons = QHBoxLayout()
        buttons.setSpacing(2)
        self.left = self._button(
            "◀",
            self.tr("Move {name} earlier").format(name=self.title.text()),
            lambda: self.move_requested.emit(self, -1),
        )
        self.right = self._button(
            "▶",
            self.tr("Move {name} later").format(name=self.title.text()),
            lambda: self.move_requested.emit(self, 1),
        )
        self.remove = self._button(
            "✕",
            self.tr("Remove {name}").format(name=self.title.text()),
            lambda: self.remove_requested.emit(self),
        )
        buttons.addWidget(self.left)
        buttons.addWidget(self.right)
        buttons.addStretch(1)
        buttons.addWidget(self.remove)
        layout.addLayout(buttons)
        layout.addStretch(1)

    def _button(self, text: str, accessible: str, handler: object) -> QToolButton:
        button = QToolButton(self)
        button.setText(text)
        button.setToolTip(accessible)
        button.setAccessibleName(accessible)
        button.clicked.connect(handler)
        return button

    def set_ready(self, image: PreparedImage) -> None:
        self.prepared = image
        self.busy.hide()
        lines = [
            self.tr("{width}×{height} · {format} · {size}").format(
                width=image.width,
                height=image.height,
                format=image.format,
                size=human_size(image.encoded_size),
            )
        ]
        if image.scaled:
            lines.append(
                self.tr("scaled from {width}×{height}").format(width=image.original_width, height=image.original_height)
            )
        lines.extend(note_text(n) for n in image.notes)
        self.info.setText("\n".join(lines))
        self.setAccessibleName(
            self.tr("Image {name}: {details}").format(name=self.title.text(), details=", ".join(lines))
        )

    def set_provenance(self, found: Provenance) -> None:
        self.provenance = found
        self.prompt_button.setToolTip(
            self.tr("This image carries its prompt:\n{prompt}").format(prompt=_excerpt(found.prompt))
        )
        self.prompt_button.show()

    def _use_prompt(self) -> None:
        if self.provenance is not None:
            self.use_prompt.emit(self.provenance.prompt)

    def set_thumbnail(self, path: Path) -> None:
        pixmap = QPixmap(str(path))
        if not pixmap.isNull():
            self.thumb.setPixmap(
                pixmap.scaled(
                    THUMB,
                    THUMB,
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
            )

    def set_error(self, text: str) -> None:
        self.error = text
        self.busy.hide()
        self.thumb.setText("⚠")
        self.thumb.setStyleSheet("background: palette(base); border-radius: 4px; font-size: 32px;")
        self.info.setText(text)
        self.info.setStyleSheet(f"color: {tone('error')};")
        self.setAccessibleName(
            self.tr("Image {name} could not be used: {error}").format(name=self.title.text(), error=text)
        )


class ImageInput(QFrame):
    """Takes 1..max_count images; ``images()`` are the ready ones, in the order shown."""

    changed = Signal()
    use_prompt = Signal(str)  # "Use its prompt" on an image that carries one: for the Imagine composer
    # Every live input, so settings reach them without findChildren(), which wraps every child
    # widget of a tab in a Python object (11 ms of start-up for the Imagine tab alone).
    instances: ClassVar[weakref.WeakSet[ImageInput]] = weakref.WeakSet()

    def __init__(
        self,
        pool: ImagingPool,
        *,
        title: str,
        max_count: int = 1,
        budget: ImageBudget | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        ImageInput.instances.add(self)
        self.pool = pool
        self.max_count = max_count
        self.budget = budget or ImageBudget()
        self._keys = itertools.count(1)
        self.tiles: list[ImageTile] = []
        self.setObjectName("imageInput")
        self.setAcceptDrops(True)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # so Ctrl+V reaches it from the keyboard
        self.setAccessibleName(title)
        self._set_highlight(False)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(8, 8, 8, 8)
        header = QHBoxLayout()
        self.title = QLabel(f"<b>{title}</b>", self)
        header.addWidget(self.title)
        self.count = QLabel(self)
        self.count.setStyleSheet("color: palette(placeholder-text);")
        header.addWidget(self.count)
        # The buttons wrap under each other in a narrow composer instead of widening it.
        buttons = QWidget(self)
        button_row = FlowLayout(buttons)
        header.addWidget(buttons, 1)
        self.add_button = QPushButton(self.tr("Add images…") if max_count > 1 else self.tr("Choose image…"), self)
        self.add_button.setAccessibleName(self.tr("Add images to {title}").format(title=title))
        self.add_button.clicked.connect(self.pick_files)
        button_row.addWidget(self.add_button)
        self.paste_button = QPushButton(self.tr("Paste"), self)
        self.paste_button.setToolTip(self.tr("Paste an image or image link (Ctrl+V)"))
        self.paste_button.setAccessibleName(self.tr("Paste an image into {title}").format(title=title))
        self.paste_button.clicked.connect(self.paste)
        button_row.addWidget(self.paste_button)
        self.clear_button = QPushButton(self.tr("Clear"), self)
        self.clear_button.setAccessibleName(self.tr("Remove all images from {title}").format(title=title))
        self.clear_button.clicked.connect(self.clear)
        button_row.addWidget(self.clear_button)
        outer.addLayout(header)

        hint = (
            self.tr("Drop images here, paste with Ctrl+V, or use “Add images…”.")
            if max_count > 1
            else self.tr("Drop an image here, paste with Ctrl+V, or use “Choose image…”.")
        )
        more = self.tr("Files, images dragged from a web page, and copied images all work.")
        self.empty = QLabel(f"{hint}\n{more}", self)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.empty.setMinimumHeight(72)
        self.empty.setStyleSheet("color: palette(placeholder-text);")
        outer.addWidget(self.empty)

        self.strip = QWidget(self)
        self.strip_layout = QHBoxLayout(self.strip)
        self.strip_layout.setContentsMargins(0, 0, 0, 0)
        self.strip_layout.addStretch(1)
        self.scroll_area = QScrollArea(self)
        self.scroll_area.setWidget(self.strip)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.scroll_area.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll_area.setMinimumHeight(THUMB + 120)
        self.scroll_area.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        outer.addWidget(self.scroll_area)

        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.hide()
        outer.addWidget(self.message)

        paste = QShortcut(QKeySequence(QKeySequence.StandardKey.Paste), self)
        paste.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        paste.activated.connect(self.paste)
        self._refresh()

    # -- state -------------------------------------------------------------------------------

    def images(self) -> list[PreparedImage]:
        return [t.prepared for t in self.tiles if t.prepared is not None]

    @property
    def busy(self) -> bool:
        return any(t.prepared is None and t.error is None for t in self.tiles)

    @property
    def errors(self) -> list[str]:
        return [f"{t.name}: {t.error}" for t in self.tiles if t.error]

    def _refresh(self) -> None:
        has = bool(self.tiles)
        self.empty.setVisible(not has)
        self.scroll_area.setVisible(has)
        self.clear_button.setEnabled(has)
        self.count.setText(
            self.tr("{count} of {max}").format(count=len(self.tiles), max=self.max_count) if self.max_count > 1 else ""
        )
        for i, tile in enumerate(self.tiles):
            tile.left.setEnabled(i > 0)
            tile.right.setEnabled(i < len(self.tiles) - 1)
            tile.left.setVisible(self.max_count > 1)
            tile.right.setVisible(self.max_count > 1)
        self.changed.emit()

    def _say(self, text: str) -> None:
        self.message.setStyleSheet(f"color: {tone('warning')};")  # readable in the current theme
        self.message.setText(text)
        self.message.setVisible(bool(text))

    # -- adding ------------------------------------------------------------------------------

    def add_sources(self, sources: list[Source]) -> None:
        self._say("")
        if not sources:
            self._say(self.tr("Nothing usable there: drop image files, images from a web page, or image links."))
            return
        if self.max_count == 1:
            self.clear()
            sources = sources[:1]
        room = self.max_count - len(self.tiles)
        if len(sources) > room:
            self._say(
                plural(
                    self.max_count,
                    self.tr("Only one image fits here; {left} left out."),
                    self.tr("Only {max} images fit here; {left} left out."),
                ).format(max=self.max_count, left=len(sources) - max(room, 0))
            )
            sources = sources[: max(room, 0)]
        for source in sources:
            name = self.tr("Pasted image") if isinstance(source, RawPixels) else _short_name(source)
            tile = ImageTile(next(self._keys), name, self.strip)
            tile.remove_requested.connect(self.remove_tile)
            tile.move_requested.connect(self.move_tile)
            tile.use_prompt.connect(self.use_prompt)
            self.tiles.append(tile)
            self.strip_layout.insertWidget(len(self.tiles) - 1, tile)
            spawn(self._process(tile, source), name=f"image-{tile.key}")
        self._refresh()

    async def _process(self, tile: ImageTile, source: Source) -> None:
        try:
            image = await self.pool.run(_prepare, source, self.budget)
        except ImageInputError as exc:
            if tile in self.tiles:
                tile.set_error(image_error_text(exc))
                self._refresh()
            return
        # Before the tile says ready: what the file says about itself (a few chunk reads).
        found = await self.pool.run(_provenance, source) if isinstance(source, str) and _is_local(source) else None
        if tile not in self.tiles:
            return  # removed while it was being prepared
        if found is not None and found.has_prompt:
            tile.set_provenance(found)
        tile.set_ready(image)
        self._refresh()
        try:
            thumb = await self.pool.run(_thumbnail, image)
        except (ImageInputError, OSError):
            return  # the image itself is fine; only the preview is missing
        if tile in self.tiles:
            tile.set_thumbnail(thumb)

    def pick_files(self) -> None:
        dialog = QFileDialog(self, self.tr("Choose images"))
        dialog.setFileMode(
            QFileDialog.FileMode.ExistingFiles if self.max_count > 1 else QFileDialog.FileMode.ExistingFile
        )
        dialog.setNameFilters([self.tr("Images ({patterns})").format(patterns=_FILE_FILTER), self.tr("All files (*)")])
        # open(), not exec(): a nested event loop would stall every running task (docs/ARCHITECTURE.md).
        dialog.filesSelected.connect(lambda files: self.add_sources(list(files)))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def paste(self) -> None:
        mime = QGuiApplication.clipboard().mimeData()
        if mime is None:
            self._say(self.tr("The clipboard is empty."))
            return
        sources = sources_from_mime(mime)
        if not sources:
            self._say(self.tr("The clipboard holds no image or image link."))
            return
        self.add_sources(sources)

    def remove_tile(self, tile: ImageTile) -> None:
        if tile in self.tiles:
            self.tiles.remove(tile)
            tile.deleteLater()
            self._refresh()

    def move_tile(self, tile: ImageTile, delta: int) -> None:
        i = self.tiles.index(tile)
        j = i + delta
        if not 0 <= j < len(self.tiles):
            return
        self.tiles[i], self.tiles[j] = self.tiles[j], self.tiles[i]
        self.strip_layout.removeWidget(tile)
        self.strip_layout.insertWidget(j, tile)
        (tile.left if delta < 0 and j > 0 else tile.right if j < len(self.tiles) - 1 else tile.left).setFocus()
        self._refresh()

    def clear(self) -> None:
        for tile in self.tiles:
            tile.deleteLater()
        self.tiles.clear()
        self._say("")
        self._refresh()

    # -- drag and drop -----------------------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        mime = event.mimeData()
        if mime.hasUrls() or mime.hasImage() or mime.hasHtml() or mime.hasText():
            self._set_highlight(True)
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragLeaveEvent(self, event: QDragLeaveEvent) -> None:
        self._set_highlight(False)

    def dropEvent(self, event: QDropEvent) -> None:
        self._set_highlight(False)
        self.add_sources(sources_from_mime(event.mimeData()))
        event.acceptProposedAction()

    def _set_highlight(self, on: bool) -> None:
        self.setStyleSheet(
            "#imageInput { border: 2px dashed palette(highlight); border-radius: 6px; }"
            if on
            else "#imageInput { border: 1px dashed palette(mid); border-radius: 6px; }"
        )


def _excerpt(text: str, limit: int = 300) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _short_name(source: str) -> str:
    if source.startswith("data:"):
        return "data URL"
    if source.startswith(("http://", "https://")):
        url = QUrl(source)
        return url.fileName() or url.host()
    return source
