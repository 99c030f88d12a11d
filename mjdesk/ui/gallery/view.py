"""The gallery's list view: icon mode, uniform tiles, batched layout; drags images out as files."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QAbstractItemModel, QMimeData, QModelIndex, QPersistentModelIndex, Qt, QUrl, Signal
from PySide6.QtGui import QDrag, QImage, QKeyEvent, QResizeEvent, QWheelEvent
from PySide6.QtWidgets import QAbstractItemView, QListView, QWidget

from .delegate import CAPTION, DAY_BAND, MARGIN, TILE, TILE_MAX, TILE_MIN, GalleryDelegate
from .files import original, outbox_file
from .job_mime import JOB_IDS_MIME, job_ids_mime
from .justify import aspect_of, day_of, justify
from .model import GalleryModel, JobRole

# A dragged image's pixels travel too, for targets that take no files (chat boxes, some editors);
# a very large file goes as a file only, so a drag never stalls on decoding.
DRAG_IMAGE_MAX_BYTES = 12 * 1024 * 1024


class GalleryView(QListView):
    activated_job = Signal(object)  # Enter, Space or double-click on a tile: open the viewer
    delete_pressed = Signal()
    candidate_key = Signal(int)  # Alt+1-4: that candidate of the selected grid in the detail; Alt+0: the grid
    tile_changed = Signal(int)  # the preferred tile size (the size slider follows Ctrl+wheel)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.outbox: Path | None = None  # where drag-out copies with provenance wait (files.py)
        # A grid of icons, laid out by the list-mode engine: IconMode's own engine places every item
        # one by one and re-lays out all of them on each page (seconds at a few thousand rows);
        # list mode with left-to-right flow and wrapping draws the same grid and, with uniform
        # item sizes, lays out in constant time per row.
        self.setViewMode(QListView.ViewMode.ListMode)
        self.setFlow(QListView.Flow.LeftToRight)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setMovement(QListView.Movement.Static)
        # Justified rows (justify.py): each tile its image's proportions, rows filling the width.
        self.setUniformItemSizes(False)
        # Not Batched: it restarts its batches on every page inserted and the scroll range shrinks
        # back meanwhile, so scrolling to the end stalled for tens of seconds at 5,000 rows.
        self.setLayoutMode(QListView.LayoutMode.SinglePass)
        self.preferred_tile = TILE  # the row height the designer chose; full rows stretch a little
        self._layout_key: tuple[int, int, int] | None = None
        self._row_starts: list[int] = []  # where each laid-out row begins
        self._laid: list[int] = []  # the job ids the cells were computed for, in order
        self._shapes: dict[int, tuple[float, int]] = {}  # job id -> (aspect, day), computed once
        self._laid_width = 0
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

    def row_width(self) -> int:
        """The width the rows fill. The scroll bar's width is always set aside, so its coming and
        going cannot make the layout flip back and forth; QListView wraps a row when the next
        cell would touch the right edge, so a pixel stays free."""
        return self.width() - 2 * self.frameWidth() - self.verticalScrollBar().sizeHint().width() - 1

    def fit_tiles(self, *, force: bool = False) -> None:
        """Lay the rows out again (justify.py) when the width, the row height or the rows changed."""
        delegate = self.itemDelegate()
        model = self.model()
        if not isinstance(delegate, GalleryDelegate) or not isinstance(model, GalleryModel):
            return
        width = self.row_width()
        key = (width, self.preferred_tile, model.rowCount())
        if key == self._layout_key and not force:
            return
        self._layout_key = key
        jobs = model.jobs()
        ids = [j.id for j in jobs]
        for job in jobs:
            if job.id not in self._shapes:
                self._shapes[job.id] = (aspect_of(job), day_of(job))
        # Rows appended (the next page of the library): only the last row and the new ones change.
        keep = 0
        same_geometry = delegate.tile == self.preferred_tile and width == self._laid_width
        if same_geometry and self._row_starts and len(ids) > len(self._laid) and ids[: len(self._laid)] == self._laid:
            keep = self._row_starts[-1]
        starts = [s for s in self._row_starts if s < keep] if keep else []
        tail = ids[keep:]
        found: list[int] = []
        cells = justify(
            [self._shapes[i][0] for i in tail],
            [self._shapes[i][1] for i in tail],
            width,
            self.preferred_tile,
            margin=MARGIN,
            caption=CAPTION,
            band=DAY_BAND,
            day_before=self._shapes[ids[keep - 1]][1] if keep else None,
            row_starts=found,
        )
        delegate.tile = self.preferred_tile
        delegate.cells = delegate.cells[:keep] + cells
        self._row_starts = starts + [keep + s for s in found]
        self._laid, self._laid_width = ids, width
        self.scheduleDelayedItemsLayout()

    @property
    def tile(self) -> int:
        delegate = self.itemDelegate()
        return delegate.tile if isinstance(delegate, GalleryDelegate) else TILE

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit_tiles()

    def setModel(self, model: QAbstractItemModel | None) -> None:
        super().setModel(model)
        if model is not None:
            # New pages, new or removed jobs, a reload, a cover that arrives (its proportions).
            for signal in (model.rowsInserted, model.rowsRemoved, model.modelReset, model.layoutChanged):
                signal.connect(lambda *_: self.fit_tiles(force=True))
            model.dataChanged.connect(self._data_changed)

    def dataChanged(
        self,
        topLeft: QModelIndex | QPersistentModelIndex,
        bottomRight: QModelIndex | QPersistentModelIndex,
        roles: Sequence[int] = (),
    ) -> None:
        # QListView lays every tile out again on any change when sizes differ: a thumbnail that
        # arrives or a progress tick would cost a relayout of 10,000 tiles (~50 ms). A tile's size
        # changes only with its job's shape, which _data_changed handles; otherwise: repaint.
        QAbstractItemView.dataChanged(self, topLeft, bottomRight, list(roles))

    def _data_changed(self, top: QModelIndex, bottom: QModelIndex, *_: object) -> None:
        delegate = self.itemDelegate()
        if not isinstance(delegate, GalleryDelegate):
            return
        model = self.gallery_model()
        for row in range(top.row(), min(bottom.row() + 1, len(delegate.cells))):
            job = model.job_at(row)
            if job is not None and abs(aspect_of(job) - self._shapes.get(job.id, (0.0, 0))[0]) > 0.01:
                self._shapes.pop(job.id, None)
                self._laid = []  # its shape changed: the rows are laid out again from the top
                self.fit_tiles(force=True)
                return

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
        # Plain 0-5 rate and X rejects (the gallery's actions, as in Lightroom); Alt+1-4 show a
        # grid's candidate in the detail, Alt+0 the whole grid (plain digits do that there).
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if Qt.Key.Key_0 <= event.key() <= Qt.Key.Key_4 and modifiers == Qt.KeyboardModifier.AltModifier:
            self.candidate_key.emit(event.key() - Qt.Key.Key_0)
            return
        if event.key() == Qt.Key.Key_Delete and self.selectionModel().hasSelection():
            self.delete_pressed.emit()
            return
        super().keyPressEvent(event)

    def drag_mime(self) -> QMimeData | None:
        """The selected jobs' ids (for the collections sidebar), their full-resolution files as URLs
        (for other programs) and the first one's pixels: the outbox copy with the job's provenance
        inside when the selection made it (files.py), else the library's own file."""
        paths = []
        jobs = [index.data(JobRole) for index in sorted(self.selectedIndexes(), key=lambda i: i.row())]
        jobs = [job for job in jobs if job is not None]
        for job in jobs:
            record = original(job)
            if record is None:
                continue
            ready = outbox_file(self.outbox, job, record) if self.outbox is not None else None
            path = ready if ready is not None and ready.is_file() else record.path
            if path.is_file():
                paths.append(path)
        if not jobs:
            return None
        mime = QMimeData()
        mime.setData(JOB_IDS_MIME, job_ids_mime(j.id for j in jobs))
        if not paths:
            return mime  # a job without a file can still go into a collection
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
