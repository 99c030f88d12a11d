"""The viewer: a job's image as large as the window allows, over the gallery (Space, Enter or a
double-click on a tile), with its facts and follow-ups beside it.

Keys: Left/Right the previous/next job of the gallery, 1-4 a candidate and 0 the whole grid,
Z actual size, F fit, P side by side with the parent job, K play/pause a video, Space or Esc back
to the gallery. It is the detail panel laid out large (one ``DetailPanel``: the same follow-ups,
candidates, seed, errors and video bar), plus browsing, the comparison with the parent, and a
video's Extend or an image's Animate (both continue in the composer's Video action).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QColor, QImage, QKeyEvent, QPalette, QPixmap
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from .asyncutil import spawn
from .detail.image_view import ImageView
from .detail.panel import DetailPanel
from .gallery.files import original_path
from .gallery.model import JobRole
from .icons import glyph_icon
from .job_texts import caption
from .theme import dark_palette

if TYPE_CHECKING:
    from mjdesk.core.library import JobRecord

    from .backend import Backend
    from .gallery.model import GalleryModel
    from .gallery.view import GalleryView

# A lightbox is dark whatever the theme: images are judged against a neutral dark surround.
BACKDROP = QColor(18, 18, 20)
INK = QColor(230, 230, 232)


def _read(path: Path) -> QImage:
    return QImage(str(path))


class Viewer(QWidget):
    closed = Signal()
    extend_video = Signal(str)  # the video job's task id: continue it in the Video action
    animate = Signal(object)  # an image's Path: the start frame of a new video

    def __init__(self, backend: Backend, gallery: GalleryView, parent: QWidget) -> None:
        super().__init__(parent)
        self.backend = backend
        self.gallery = gallery
        self.setAccessibleName(self.tr("Viewer"))
        self.setAutoFillBackground(True)
        # The whole dark palette (buttons, group titles, fields), not only the window and text
        # colours: under the light theme, light text on light buttons was unreadable.
        palette = dark_palette()
        for role in (QPalette.ColorRole.Window, QPalette.ColorRole.Base):
            palette.setColor(role, BACKDROP)
        self.setPalette(palette)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

        self.panel = DetailPanel(backend, self)
        self.panel.hide()  # the logic; its two halves are laid out below
        self.panel.navigate.connect(self._navigate)
        self.panel.autoplay = True  # a video in the lightbox plays at once, and loops
        self.panel.groups_across = True  # the follow-ups under the image, their groups side by side

        self.position = QLabel(self)
        self.position.setAccessibleName(self.tr("Position in the gallery"))
        self.compare_button = self._tool(
            self.tr("Parent"), self.tr("Side by side with the parent job (P)"), self.toggle_compare, checkable=True
        )
        self.compare_button.setIcon(glyph_icon("compare", self))
        self.extend_button = self._tool(self.tr("Extend"), self.tr("Extend this video…"), self._extend)
        self.extend_button.setIcon(glyph_icon("video", self))
        self.animate_button = self._tool(self.tr("Animate"), self.tr("Animate this image into a video…"), self._animate)
        self.animate_button.setIcon(glyph_icon("play", self))
        self.previous_button = self._tool("", self.tr("Previous job (Left)"), lambda: self.step(-1))
        self.previous_button.setIcon(glyph_icon("previous", self))
        self.next_button = self._tool("", self.tr("Next job (Right)"), lambda: self.step(1))
        self.next_button.setIcon(glyph_icon("next", self))
        self.close_button = self._tool(self.tr("Close"), self.tr("Back to the gallery (Esc)"), self.close_viewer)
        self.close_button.setIcon(glyph_icon("close", self))
        for button in (self.compare_button, self.extend_button, self.animate_button, self.close_button):
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        bar.addWidget(self.previous_button)
        bar.addWidget(self.next_button)
        bar.addWidget(self.position)
        bar.addWidget(self.panel.title, 1)
        # The title's style sheet was resolved against the window's palette: say its colour here.
        self.panel.title.setStyleSheet(f"{self.panel.title.styleSheet()} color: {INK.name()};")
        bar.addWidget(self.extend_button)
        bar.addWidget(self.animate_button)
        bar.addWidget(self.compare_button)
        bar.addWidget(self.close_button)

        self.parent_view = ImageView(self)
        self.parent_view.setAccessibleName(self.tr("The parent job's image"))
        self.parent_caption = QLabel(self)
        self.parent_caption.setWordWrap(True)
        parent_box = QWidget(self)
        parent_layout = QVBoxLayout(parent_box)
        parent_layout.setContentsMargins(0, 0, 0, 0)
        parent_layout.addWidget(self.parent_view, 1)
        parent_layout.addWidget(self.parent_caption)
        self.parent_box = parent_box
        parent_box.hide()
        self.parent_job: JobRecord | None = None
        self._parent_task: asyncio.Task[None] | None = None

        # The image with its follow-ups right under it, as in Midjourney's own viewer; the facts
        # (prompt, parameters, seed, lineage) beside.
        stage = QWidget(self)
        stage_layout = QVBoxLayout(stage)
        stage_layout.setContentsMargins(0, 0, 0, 0)
        stage_layout.addWidget(self.panel.image_area, 1)
        stage_layout.addWidget(self.panel.actions_box)
        stage_layout.addWidget(self.panel.followup_error)
        self.split = QSplitter(Qt.Orientation.Horizontal, self)
        self.split.addWidget(parent_box)
        self.split.addWidget(stage)
        self.split.addWidget(self.panel.info_area)
        self.split.setStretchFactor(0, 3)
        self.split.setStretchFactor(1, 3)
        self.split.setStretchFactor(2, 1)
        self.split.setChildrenCollapsible(False)
        self.panel.info_area.setMinimumWidth(300)
        self.panel.info_area.setMaximumWidth(460)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 12)
        layout.addLayout(bar)
        layout.addWidget(self.split, 1)
        parent.installEventFilter(self)  # follow the window's size
        self.hide()

    def _tool(
        self, text: str, accessible: str, handler: Callable[[], object], *, checkable: bool = False
    ) -> QToolButton:
        button = QToolButton(self)
        button.setText(text)
        button.setToolTip(accessible)
        button.setAccessibleName(accessible)
        button.setCheckable(checkable)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the keys belong to the viewer
        button.clicked.connect(handler)
        return button

    # -- opening and closing --------------------------------------------------------------------

    @property
    def job(self) -> JobRecord | None:
        return self.panel.job

    def open_job(self, job: JobRecord | None) -> None:
        if job is None:
            return
        self._fill_window()
        self.show()
        self.raise_()
        self.setFocus(Qt.FocusReason.OtherFocusReason)
        self._show(job)

    def close_viewer(self) -> None:
        if not self.isVisible():
            return
        self.hide()
        self.panel.video.stop()  # a hidden lightbox must not go on decoding
        self.gallery.setFocus(Qt.FocusReason.OtherFocusReason)
        self.closed.emit()

    def _fill_window(self) -> None:
        parent = self.parentWidget()
        if parent is not None:
            self.setGeometry(parent.rect())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.parentWidget() and event.type() == QEvent.Type.Resize and self.isVisible():
            self._fill_window()
        return False

    # -- browsing -------------------------------------------------------------------------------

    def _show(self, job: JobRecord) -> None:
        self.panel.show_job(job)
        self.panel.view.fit()
        if self.panel.videos():  # the same job again after a close: play it from the start
            self.panel.video.set_videos(self.panel.videos(), autoplay=True)
        index = self._index_of(job.id)
        total = self.model.rowCount()
        # Out of every job the filter matches, not only the pages read so far.
        self.position.setText(f"{index.row() + 1} / {max(total, self.model.total)}" if index.isValid() else "")
        self.previous_button.setEnabled(index.isValid() and index.row() > 0)
        self.next_button.setEnabled(index.isValid() and index.row() + 1 < total)
        self.parent_job = None
        self.extend_button.setVisible(self._extendable(job))
        self.animate_button.setVisible(self._animatable(job) is not None)
        self.compare_button.setEnabled(job.parent_job_id is not None)
        if job.parent_job_id is None:
            self.compare_button.setChecked(False)
            self.parent_box.hide()
        elif self.compare_button.isChecked():
            self._load_parent(job.parent_job_id)

    def _index_of(self, job_id: int) -> QModelIndex:
        row = self.model.row_of(job_id)  # the model's own id -> row map, not a scan of 10,000 rows
        return self.model.index(row, 0) if row is not None else QModelIndex()

    @property
    def model(self) -> GalleryModel:
        return cast("GalleryModel", self.gallery.model())

    def step(self, delta: int) -> None:
        """The previous (-1) or next (+1) job in the gallery's order; the gallery follows."""
        job = self.job
        if job is None:
            return
        model = self.model
        index = self._index_of(job.id)
        if not index.isValid():
            return
        row = index.row() + delta
        if row >= model.rowCount() and model.canFetchMore(QModelIndex()):
            model.fetchMore(QModelIndex())
        if not 0 <= row < model.rowCount():
            return
        target = model.index(row, 0)
        self.gallery.setCurrentIndex(target)
        self.gallery.scrollTo(target)
        record = target.data(JobRole)
        if record is not None:
            self._show(record)

    def _navigate(self, job_id: int) -> None:
        """A lineage link in the facts: show that job here too."""

        async def go() -> None:
            record = await asyncio.to_thread(self.backend.library.job, job_id)
            if self.isVisible():
                self._show(record)

        spawn(go(), name="viewer-navigate")

    # -- continuing in the composer ----------------------------------------------------------------

    @staticmethod
    def _extendable(job: JobRecord) -> bool:
        return job.action in ("VIDEO", "VIDEO_EXTEND") and job.status == "SUCCESS" and job.remote_id is not None

    def _animatable(self, job: JobRecord) -> Path | None:
        """The image a new video would start from: a finished job's picture (not a video's)."""
        if job.status != "SUCCESS" or self.panel.videos():
            return None
        path = self.panel.image_path()
        return path if path is not None and path.suffix.lower() in (".png", ".jpg", ".jpeg", ".webp") else None

    def _extend(self) -> None:
        job = self.job
        if job is not None and self._extendable(job) and job.remote_id:
            self.close_viewer()
            self.extend_video.emit(job.remote_id)

    def _animate(self) -> None:
        job = self.job
        path = self._animatable(job) if job is not None else None
        if path is not None:
            self.close_viewer()
            self.animate.emit(path)

    # -- the parent, side by side ---------------------------------------------------------------

    def toggle_compare(self) -> None:
        job = self.job
        wanted = self.compare_button.isChecked() and job is not None and job.parent_job_id is not None
        self.parent_box.setVisible(wanted)
        if wanted and job is not None and job.parent_job_id is not None:
            self._load_parent(job.parent_job_id)

    def _load_parent(self, parent_id: int) -> None:
        self.parent_box.show()
        self.parent_view.set_pixmap(None)
        self.parent_view.set_placeholder(self.tr("Loading…"))
        if self._parent_task is not None:
            self._parent_task.cancel()
        self._parent_task = spawn(self._read_parent(parent_id), name="viewer-parent")

    async def _read_parent(self, parent_id: int) -> None:
        parent = await asyncio.to_thread(self.backend.library.job, parent_id)
        path = original_path(parent)
        image = await asyncio.to_thread(_read, path) if path is not None else QImage()
        if self.job is None or self.job.parent_job_id != parent_id:
            return  # browsed on meanwhile
        self.parent_job = parent
        self.parent_caption.setText(self.tr("Parent: {title}").format(title=caption(parent)))
        if image.isNull():
            self.parent_view.set_pixmap(None)
            self.parent_view.set_placeholder(self.tr("The parent has no image in the library."))
        else:
            self.parent_view.set_pixmap(QPixmap.fromImage(image))

    # -- keys -----------------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key, plain = event.key(), not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if key in (Qt.Key.Key_Escape, Qt.Key.Key_Space):
            self.close_viewer()
        elif key == Qt.Key.Key_Left:
            self.step(-1)
        elif key == Qt.Key.Key_Right:
            self.step(1)
        elif plain and Qt.Key.Key_0 <= key <= Qt.Key.Key_4:
            self.panel.show_candidate(key - Qt.Key.Key_0)
        elif key == Qt.Key.Key_Z:
            self.panel.view.actual_size()
        elif key == Qt.Key.Key_F:
            self.panel.view.fit()
        elif key == Qt.Key.Key_K and self.panel.video.isVisibleTo(self):
            self.panel.video.toggle()
        elif key == Qt.Key.Key_P and self.compare_button.isEnabled():
            self.compare_button.toggle()
            self.toggle_compare()
        else:
            super().keyPressEvent(event)
