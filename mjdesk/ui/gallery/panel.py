"""The gallery panel: filter bar, the grid of jobs, the selection's buttons and an empty state."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelectionModel, QPoint, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QSlider,
    QSplitter,
    QStackedLayout,
    QToolButton,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from mjdesk.core.text import plural

from ..asyncutil import loop_running, spawn
from .actions import GalleryActions
from .collection_actions import CollectionActions
from .collections_panel import CollectionsPanel
from .delegate import TILE_MAX, TILE_MIN, GalleryDelegate
from .files import fill_outbox
from .filter_bar import FilterBar
from .model import GalleryFilter, GalleryModel
from .thumbnails import ThumbnailLoader
from .view import GalleryView

if TYPE_CHECKING:
    from mjdesk.core.imaging import ImagingPool
    from mjdesk.core.library import JobRecord, Library

    from ..backend import Backend
    from ..job_model import Job

# A drag of more than this many tiles offers the library's files for the rest.
MAX_DRAG_PREPARED = 20


# Below this width the collections sidebar folds away: the tiles need the room more.
SIDEBAR_FOLD = 640


class GalleryPanel(QWidget):
    job_selected = Signal(object)  # JobRecord or None
    message = Signal(str)
    followup_requested = Signal(int, str)  # (job id, customId): a tile's U1-U4 under the mouse
    collections_shown = Signal(bool)  # the sidebar folded away (a narrow gallery) or came back

    def __init__(
        self,
        backend: Backend,
        pool: ImagingPool,
        cache_dir: Path,
        downloads: Callable[[], Path],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.backend = backend
        self.model = GalleryModel(self)
        self.loader = ThumbnailLoader(pool, cache_dir, self)
        self.filter_bar = FilterBar(self)
        self.view = GalleryView(self)
        self.view.outbox = cache_dir.parent / "outbox"
        self.view.setAccessibleName(self.tr("Gallery"))
        self.view.setModel(self.model)
        self.delegate = GalleryDelegate(self.loader, self.view)
        self.view.setItemDelegate(self.delegate)
        self.job_actions = GalleryActions(backend, self.model, self.selected_jobs, downloads, self)
        self.view.addActions(self.job_actions.all())
        self.collections = CollectionsPanel(backend, self)
        self.collections.setMinimumWidth(120)
        self.collection_actions = CollectionActions(
            backend, self.model, self.collections, self.selected_jobs, downloads, self
        )
        self.job_actions.menu_groups.append(self.collection_actions.add_to)

        self.empty = QLabel(self)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.empty.setTextFormat(Qt.TextFormat.PlainText)
        self.empty.setStyleSheet("color: palette(placeholder-text); font-size: 15px; padding: 40px;")
        self.stack = QStackedLayout()
        self.stack.addWidget(self.view)
        self.stack.addWidget(self.empty)

        self.count_label = QLabel(self)
        # Where the last export went, with a link to open that folder.
        self.export_note = QLabel(self)
        self.export_note.setTextFormat(Qt.TextFormat.RichText)
        self.export_note.setWordWrap(True)
        self.export_note.setAccessibleName(self.tr("Where the last export went"))
        self.export_note.linkActivated.connect(lambda url: self.job_actions.open_folder(Path(QUrl(url).toLocalFile())))
        self.export_note.hide()
        self.size_slider = QSlider(Qt.Orientation.Horizontal, self)
        self.size_slider.setRange(TILE_MIN, TILE_MAX)
        self.size_slider.setValue(self.view.preferred_tile)
        self.size_slider.setFixedWidth(90)
        self.size_slider.setAccessibleName(self.tr("Thumbnail size"))
        self.size_slider.setToolTip(self.tr("Thumbnail size (Ctrl+wheel over the gallery)"))
        self.size_slider.valueChanged.connect(self.view.set_preferred_tile)
        self.view.tile_changed.connect(self.size_slider.setValue)
        bar = QHBoxLayout()
        bar.addWidget(self.count_label)
        bar.addWidget(self.size_slider)
        bar.addWidget(self.export_note, 1)
        for action, name in (
            (self.job_actions.download, self.tr("Download originals")),
            (self.job_actions.export, self.tr("Export")),
            (self.job_actions.delete, self.tr("Delete")),
        ):
            action.setIconText(name)  # the short name on the button; menus keep the full text
            button = QToolButton(self)
            button.setDefaultAction(action)
            button.setAccessibleName(name)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            bar.addWidget(button)

        # The collections beside the tiles, as in a photo library's sidebar; it folds away
        # (View ▸ Collections) when the gallery needs the width.
        tiles = QWidget(self)
        tiles.setLayout(self.stack)
        self.split = QSplitter(Qt.Orientation.Horizontal, self)
        self.split.addWidget(self.collections)
        self.split.addWidget(tiles)
        self.split.setStretchFactor(0, 0)
        self.split.setStretchFactor(1, 1)
        self.split.setCollapsible(1, False)
        self.split.setSizes([170, 10_000])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.filter_bar)
        layout.addWidget(self.split, 1)
        layout.addLayout(bar)

        self._sidebar_auto_hidden = False
        self._sidebar_pinned = False
        # The sidebar's counts follow new and removed jobs, read at most once a second.
        self._counts_timer = QTimer(self)
        self._counts_timer.setSingleShot(True)
        self._counts_timer.setInterval(1000)
        self._counts_timer.timeout.connect(self.collections.refresh)
        for signal in (self.model.rowsInserted, self.model.rowsRemoved):
            signal.connect(self._counts_changed)
        self.filter_bar.changed.connect(self.apply_filter)
        self.collections.chosen.connect(self.apply_filter)
        self.collections.members_added.connect(self._members_added)
        self.collections.message.connect(self.message)
        self.collection_actions.message.connect(self.message)
        self.collection_actions.sheet_written.connect(self._sheet_written)
        self.model.total_changed.connect(self._update_empty)
        self.model.modelReset.connect(self._update_empty)
        self.model.rowsInserted.connect(self._update_empty)
        self.model.rowsRemoved.connect(self._update_empty)
        self.model.loading_changed.connect(self._update_empty)
        self.loader.ready.connect(self._thumbnail_ready)
        self.view.selectionModel().selectionChanged.connect(self._selection_changed)
        self.view.selectionModel().currentChanged.connect(self._selection_changed)
        self.view.customContextMenuRequested.connect(self._context_menu)
        self.view.delete_pressed.connect(self.job_actions.delete_pressed)
        self.delegate.dismiss_requested.connect(lambda job_id: self.job_actions.dismiss_soon([job_id]))
        self.delegate.favourite_requested.connect(self.job_actions.toggle_favourite_of)
        self.delegate.open_requested.connect(self._open_requested)
        self.delegate.action_requested.connect(self._tile_action)
        self.job_actions.message.connect(self.message)
        self.job_actions.exported.connect(self._exported)
        self.job_actions.deleted.connect(self._deleted)
        self.job_actions.culling.changed.connect(self._marks_changed)
        self.job_actions.advance_past.connect(self._advance_past)
        backend.job_added.connect(self._job_event)
        backend.job_changed.connect(self._job_event)
        self._update_empty()
        self.job_actions.update_enabled()
        if backend.started:
            self.set_library(backend.library)

    def set_library(self, library: Library) -> None:
        self.model.set_library(library)
        self.collections.refresh()

    def apply_filter(self, *_: object) -> None:
        """The filter bar's filters within what the sidebar shows (everything, a collection, a tag)."""
        kind, key = self.collections.selection
        self.model.set_filter(
            replace(
                self.filter_bar.current(),
                collection=int(str(key)) if kind == "collection" else None,
                tag=str(key) if kind == "tag" else None,
            )
        )

    def _members_added(self, collection_id: int) -> None:
        if self.model.filter.collection == collection_id:
            self.model.reload()  # the collection on show has new jobs: where they go in its order

    def _deleted(self, _ids: object) -> None:
        self.job_selected.emit(self.current_job())
        self.collections.refresh()  # the counts

    # -- selection ------------------------------------------------------------------------------

    def selected_jobs(self) -> list[JobRecord]:
        rows = sorted(i.row() for i in self.view.selectionModel().selectedIndexes())
        jobs = [self.model.job_at(r) for r in rows]
        return [j for j in jobs if j is not None]

    def current_job(self) -> JobRecord | None:
        jobs = self.selected_jobs()
        return jobs[0] if len(jobs) == 1 else None

    def _tile_action(self, job_id: int, what: str) -> None:
        """A tile's hover button: download or use as reference that job; U1-U4 press its follow-up."""
        row = self.model.row_of(job_id)
        job = self.model.job_at(row) if row is not None else None
        if job is None:
            return
        if what == "download":
            self.job_actions.export_to_downloads([job])
        elif what == "reference":
            self.job_actions.use_as_reference(job)
        else:
            self.followup_requested.emit(job_id, what)

    def _open_requested(self, job_id: int) -> None:
        """The magnifier on a tile: select it and show it in the viewer."""
        if self.select_job(job_id):
            self.view.activated_job.emit(self.current_job())

    def _counts_changed(self, *_: object) -> None:
        if not self._counts_timer.isActive():
            self._counts_timer.start()

    def set_collections_shown(self, shown: bool) -> None:
        """The user's own choice (View ▸ Collections): kept until they change it."""
        self._sidebar_auto_hidden = False
        self._sidebar_pinned = shown and self.width() < SIDEBAR_FOLD
        self.collections.setVisible(shown)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        # A narrow gallery (a laptop with the composer and the detail open) keeps its width for the
        # tiles: the sidebar folds away, and comes back by itself once there is room again.
        wide = self.width() >= SIDEBAR_FOLD
        if not wide and not self.collections.isHidden() and not self._sidebar_pinned:
            self.collections.hide()
            self._sidebar_auto_hidden = True
            self.collections_shown.emit(False)
        elif wide and self._sidebar_auto_hidden:
            self.collections.show()
            self._sidebar_auto_hidden = False
            self.collections_shown.emit(True)

    def select_job(self, job_id: int) -> bool:
        """Select a job's tile if it is loaded (lineage navigation); False when it is not shown."""
        row = self.model.row_of(job_id)
        if row is None:
            return False
        index = self.model.index(row)
        self.view.selectionModel().setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        self.view.scrollTo(index)
        return True

    def _selection_changed(self, *_: object) -> None:
        self.job_actions.update_enabled()
        self.job_selected.emit(self.current_job())
        self._prepare_drag()

    def _prepare_drag(self) -> None:
        """Copies of the selected originals with their provenance, ready before a drag starts."""
        jobs = [j for j in self.selected_jobs()[:MAX_DRAG_PREPARED] if j.status == "SUCCESS"]
        if jobs and self.backend.started and self.view.outbox is not None:
            spawn(
                asyncio.to_thread(fill_outbox, self.view.outbox, self.backend.library, jobs, self.backend.dialects()),
                name="drag-outbox",
            )

    def _advance_past(self, ids: list[int]) -> None:
        """After a reject: select the tile after the last of ``ids`` (the one before at the end)."""
        rows = [r for r in (self.model.row_of(i) for i in ids) if r is not None]
        if not rows:
            return
        after, before = max(rows) + 1, min(rows) - 1
        target = self.model.job_at(after) if after < self.model.rowCount() else self.model.job_at(before)
        if target is not None:
            self.select_job(target.id)

    def _marks_changed(self, jobs: list[JobRecord]) -> None:
        """New stars or rejects: the tiles repaint; a job the filter no longer wants leaves."""
        for job in jobs:
            self.model.job_changed(job)
        self.job_actions.update_enabled()
        self.job_selected.emit(self.current_job())

    def _context_menu(self, pos: QPoint) -> None:
        index = self.view.indexAt(pos)
        if not index.isValid():
            return
        if not self.view.selectionModel().isSelected(index):
            self.view.selectionModel().setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        self.job_actions.popup(self.view.viewport().mapToGlobal(pos))

    # -- updates --------------------------------------------------------------------------------

    def _job_event(self, job: Job) -> None:
        if job.record is None:
            return
        self.model.job_changed(job.record)
        current = self.current_job()
        if current is not None and current.id == job.record.id:
            self.job_actions.update_enabled()
            self.job_selected.emit(self.model.job_at(self.model.row_of(job.record.id) or 0))

    def _exported(self, folder: Path, count: int) -> None:
        self._show_note(folder, self.job_actions.export_text(folder, count))

    def _sheet_written(self, path: Path, pages: int) -> None:
        self._show_note(path.parent, self.collection_actions.sheet_text(path, pages))

    def _show_note(self, folder: Path, text: str) -> None:
        """Where files went, with a link to that folder (the designer has to find them next)."""
        import html

        url = QUrl.fromLocalFile(str(folder)).toString()
        self.export_note.setProperty("folder_url", url)
        self.export_note.setText(f'{html.escape(text)} <a href="{html.escape(url)}">{self.tr("Open folder")}</a>')
        self.export_note.show()

    def _thumbnail_ready(self, _path: str) -> None:
        self.view.viewport().update()  # only visible tiles repaint; cheap compared to mapping paths

    def _update_empty(self, *_: object) -> None:
        rows = self.model.rowCount()
        total = self.model.total
        count = plural(total, self.tr("{count} job"), self.tr("{count} jobs")).format(count=total)
        self.count_label.setText(count if rows else "")
        if rows:
            self.stack.setCurrentWidget(self.view)
            return
        if self.model.loading or not self.backend.started:
            text = self.tr("Loading the library…")
        elif (
            self.model.filter == GalleryFilter(collection=self.model.filter.collection) and self.model.filter.collection
        ):
            text = self.tr(
                "This collection is empty.\nDrag images onto its name on the left, or use “Add to collection” "
                "in an image's menu."
            )
        elif self.model.filter != GalleryFilter():
            text = self.tr("No job matches these filters.")
        else:
            text = self.tr(
                "Nothing here yet.\nWrite a prompt in Imagine and press Ctrl+Enter: "
                "your images will appear here and stay in your library."
            )
            # Rejected jobs are hidden by default: an empty gallery may only hold rejects.
            if loop_running():
                spawn(self._say_if_all_rejected(), name="gallery-rejected-count")
        self.empty.setText(text)
        self.stack.setCurrentWidget(self.empty)

    async def _say_if_all_rejected(self) -> None:
        import asyncio

        from mjdesk.core.library import JobQuery

        library = self.backend.library
        rejected = await asyncio.to_thread(library.count_jobs, JobQuery(rejected=True, hidden=False))
        if rejected and isValid(self) and self.model.rowCount() == 0 and self.model.filter == GalleryFilter():
            self.empty.setText(
                plural(
                    rejected,
                    self.tr("The only job here is rejected.\nChoose “Show rejected” above to see it."),
                    self.tr("All {count} jobs here are rejected.\nChoose “Show rejected” above to see them."),
                ).format(count=rejected)
            )
