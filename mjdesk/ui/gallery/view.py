"""The gallery's list view: icon mode, uniform tiles, batched layout; drags images out as files."""

from __future__ import annotations

from PySide6.QtCore import QMimeData, QSize, Qt, QUrl, Signal
from PySide6.QtGui import QDrag, QImage, QKeyEvent, QResizeEvent, QWheelEvent
from PySide6.QtWidgets import QAbstractItemView, QListView, QWidget

from .delegate import CAPTION, MARGIN, TILE, TILE_MAX, TILE_MIN, GalleryDelegate
from .files import original_path
from .model import GalleryModel, JobRole

# A dragged image's pixels travel too, for targets that take no files (chat boxes, some editors);
# a very large file goes as a file only, so a drag never stalls on decoding.
DRAG_IMAGE_MAX_BYTES = 12 * 1024 * 1024


class GalleryView(QListView):
    activated_job = Signal(object)  # Enter, Space or double-click on a tile: open the viewer
    delete_pressed = Signal()
    candidate_key = Signal(int)  # 1-4: that candidate of the selected grid in the detail; 0: the grid
    tile_changed = Signal(int)  # the preferred tile size (the size slider follows Ctrl+wheel)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # A grid of icons, laid out by the list-mode engine: IconMode's own engine places every item
        # one by one and re-lays out all of them on each page (seconds at a few thousand rows);
        # list mode with left-to-right flow and wrapping draws the same grid and, with uniform
        # item sizes, lays out in constant time per row.
        self.setViewMode(QListView.ViewMode.ListMode)
        self.setFlow(QListView.Flow.LeftToRight)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setMovement(QListView.Movement.Static)
        self.setUniformItemSizes(True)
        # Not Batched: it restarts its batches on every page inserted and the scroll range shrinks
        # back meanwhile, so scrolling to the end stalled for tens of seconds at 5,000 rows.
        self.setLayoutMode(QListView.LayoutMode.SinglePass)
        self.setGridSize(QSize(TILE + 2 * MARGIN, TILE + CAPTION + 2 * MARGIN))
        self.preferred_tile = TILE  # what the designer chose; the tiles stretch to fill each row
        self.setSpacing(0)
        self.setWrapping(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.verticalScrollBar().setSingleStep(24)
        self.setDragEnabled(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.setMouseTracking(True)
        self.doubleClicked.connect(lambda index: self.activated_job.emit(index.data(JobRole)))

    # -- tile size ------------------------------------------------------------------------------

    def set_preferred_tile(self, size: int) -> None:
        size = max(TILE_MIN, min(TILE_MAX, int(size)))
        if size != self.preferred_tile:
            self.preferred_tile = size
            self.tile_changed.emit(size)
        self.fit_tiles()

    def fit_tiles(self) -> None:
        """Tiles as close to the preferred size as whole columns allow, filling the row: no gap
        at the right edge whatever the width. The scroll bar's width is always set aside, so its
        coming and going cannot make the layout flip back and forth."""
        delegate = self.itemDelegate()
        if not isinstance(delegate, GalleryDelegate):
            return
        # QListView wraps a row when the next cell would touch the right edge: keep a pixel free.
        width = self.width() - 2 * self.frameWidth() - self.verticalScrollBar().sizeHint().width() - 1
        cell = self.preferred_tile + 2 * MARGIN
        columns = max(1, round(width / cell))  # the nearest whole number of columns
        side = max(TILE_MIN // 2, width // columns - 2 * MARGIN)
        if side != delegate.tile:
            delegate.tile = side
            self.setGridSize(QSize(side + 2 * MARGIN, side + CAPTION + 2 * MARGIN))

    @property
    def tile(self) -> int:
        delegate = self.itemDelegate()
        return delegate.tile if isinstance(delegate, GalleryDelegate) else TILE

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit_tiles()

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:  # Ctrl+wheel: bigger / smaller tiles
            steps = event.angleDelta().y() / 120
            if steps:
                self.set_preferred_tile(round(self.preferred_tile * 1.12**steps))
            event.accept()
            return
        super().wheelEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Enter, or Space as in a photo library: the selected job large, in the viewer.
        opens = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space)
        if event.key() in opens and not event.modifiers() and self.currentIndex().isValid():
            self.activated_job.emit(self.currentIndex().data(JobRole))
            return
        # Item views take printable keys for type-ahead search, before any shortcut sees them.
        if Qt.Key.Key_0 <= event.key() <= Qt.Key.Key_4 and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            self.candidate_key.emit(event.key() - Qt.Key.Key_0)
            return
        if event.key() == Qt.Key.Key_Delete and self.selectionModel().hasSelection():
            self.delete_pressed.emit()
            return
        super().keyPressEvent(event)

    def drag_mime(self) -> QMimeData | None:
        """The selected jobs' full-resolution files as URLs, and the first one's pixels."""
        paths = []
        for index in self.selectedIndexes():
            path = original_path(index.data(JobRole))
            if path is not None and path.is_file():
                paths.append(path)
        if not paths:
            return None
        mime = QMimeData()
        mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
        if paths[0].stat().st_size <= DRAG_IMAGE_MAX_BYTES:
            image = QImage(str(paths[0]))
            if not image.isNull():
                mime.setImageData(image)
        return mime

    def startDrag(self, supportedActions: Qt.DropAction) -> None:
        mime = self.drag_mime()
        if mime is None:
            return
        drag = QDrag(self)
        drag.setMimeData(mime)
        index = self.currentIndex()
        delegate = self.itemDelegate()
        job = index.data(JobRole) if index.isValid() else None
        cover = job.cover if job is not None else None
        loader = delegate.loader if isinstance(delegate, GalleryDelegate) else None
        pixmap = loader.pixmap(cover.path) if loader is not None and cover is not None else None
        if pixmap is not None:
            drag.setPixmap(
                pixmap.scaled(96, 96, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation)
            )
        drag.exec(Qt.DropAction.CopyAction)

    def gallery_model(self) -> GalleryModel:
        model = self.model()
        assert isinstance(model, GalleryModel)
        return model
