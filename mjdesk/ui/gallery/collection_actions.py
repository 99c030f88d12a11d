"""The gallery menu's collection and tag entries ("Add to collection ▸", "Remove from …", "Tags…")
and the contact sheet, of the selection or of a whole collection.

Library work and the PDF's drawing run in worker threads; every dialog opens with ``open()``.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMenu, QWidget
from shiboken6 import isValid

from mjdesk.core.contact_sheet import cell_text
from mjdesk.core.safefiles import safe_file_name
from mjdesk.core.text import plural

from ..asyncutil import spawn
from ..contact_sheet import SheetEntry, SheetOptions, render_sheet
from ..dialogs.awaitable import run_dialog
from .files import still_path

if TYPE_CHECKING:
    from mjdesk.core.library import CollectionRecord, JobRecord

    from ..backend import Backend
    from .collections_panel import CollectionsPanel
    from .model import GalleryModel


class CollectionActions(QObject):
    message = Signal(str)
    sheet_written = Signal(object, int)  # the PDF (Path), its page count

    def __init__(
        self,
        backend: Backend,
        model: GalleryModel,
        panel: CollectionsPanel,
        selected: Callable[[], list[JobRecord]],
        downloads: Callable[[], Path],
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self.backend = backend
        self.model = model
        self.panel = panel
        self._selected = selected
        self._downloads = downloads
        self._widget = parent
        self.dialog: QWidget | None = None  # the dialog while open (tests answer it)
        self.add_menu = QMenu(self.tr("Add to collection"), parent)
        self.add_menu.aboutToShow.connect(self.fill_add_menu)
        self.remove = QAction(self.tr("Remove from the collection"), self)
        self.remove.triggered.connect(self._remove)
        self.tags = QAction(self.tr("Tags…"), self)
        self.tags.triggered.connect(self.edit_tags)
        self.contact_sheet = QAction(self.tr("Contact sheet (PDF)…"), self)
        self.contact_sheet.triggered.connect(self._selection_sheet)
        panel.contact_sheet_requested.connect(self.collection_sheet)

    def add_to(self, menu: QMenu) -> None:
        """This group of the gallery's context menu."""
        jobs = self._selected()
        collection = self.panel.current_collection()
        self.add_menu.setEnabled(bool(jobs))
        self.remove.setVisible(collection is not None)
        self.remove.setEnabled(collection is not None and bool(jobs))
        if collection is not None:
            self.remove.setText(self.tr("Remove from “{name}”").format(name=collection.name))
        self.tags.setEnabled(bool(jobs))
        self.contact_sheet.setEnabled(bool(jobs))
        menu.addMenu(self.add_menu)
        menu.addAction(self.remove)
        menu.addAction(self.tags)
        menu.addAction(self.contact_sheet)

    # -- collections ----------------------------------------------------------------------------

    def fill_add_menu(self) -> None:
        menu = self.add_menu
        menu.clear()
        for collection in self.panel.collections:
            menu.addAction(collection.name, partial(self.add_selected, collection.id))
        if not self.panel.collections:
            none = menu.addAction(self.tr("No collections yet"))
            none.setEnabled(False)
        menu.addSeparator()
        menu.addAction(self.tr("New collection…"), self._new_with_selection)

    def add_selected(self, collection_id: int) -> None:
        ids = [j.id for j in self._selected()]
        if ids:
            spawn(self.panel.add(collection_id, ids), name="collection-add")

    def _new_with_selection(self) -> None:
        self.dialog = self.panel.new_collection([j.id for j in self._selected()])

    def _remove(self) -> None:
        collection = self.panel.current_collection()
        ids = [j.id for j in self._selected()]
        if collection is not None and ids:
            spawn(self._remove_from(collection.id, ids), name="collection-remove")

    async def _remove_from(self, collection_id: int, ids: list[int]) -> None:
        await self.panel.remove(collection_id, ids)
        shown = self.panel.current_collection()
        if isValid(self.model) and shown is not None and shown.id == collection_id:
            self.model.remove_jobs(set(ids))  # out of the collection shown: out of sight

    # -- tags -----------------------------------------------------------------------------------

    def edit_tags(self) -> None:
        jobs = self._selected()
        if jobs:
            spawn(self._edit_tags(jobs), name="tags")

    async def _edit_tags(self, jobs: list[JobRecord]) -> None:
        from ..dialogs.tags import TagsDialog

        library = self.backend.library
        known = [tag for tag, _count in await asyncio.to_thread(library.all_tags)]
        dialog = TagsDialog([j.tags for j in jobs], known, self._widget)
        self.dialog = dialog
        answer = await run_dialog(dialog, dialog.chosen)
        if answer is None:
            return
        add, remove = answer
        ids = [j.id for j in jobs]

        def work() -> list[JobRecord]:
            with library.transaction():
                for job_id in ids:
                    for tag in add:
                        library.add_tag(job_id, tag)
                    for tag in remove:
                        library.remove_tag(job_id, tag)
            return library.jobs(ids)

        for job in await asyncio.to_thread(work):
            if isValid(self.model):
                self.model.job_changed(job)  # the detail of the selected job follows its tile
        if isValid(self.panel):
            self.panel.refresh()

    # -- contact sheet --------------------------------------------------------------------------

    def _selection_sheet(self) -> None:
        jobs = self._selected()
        if jobs:
            spawn(self.write_sheet(jobs, self.tr("Contact sheet")), name="contact-sheet")

    def collection_sheet(self, collection: CollectionRecord) -> None:
        spawn(self._collection_sheet(collection), name="contact-sheet")

    async def _collection_sheet(self, collection: CollectionRecord) -> None:
        library = self.backend.library
        jobs = await asyncio.to_thread(lambda: library.jobs(library.collection_job_ids(collection.id)))
        if not jobs:
            self.message.emit(self.tr("“{name}” is empty: drag images onto it first.").format(name=collection.name))
            return
        await self.write_sheet(jobs, collection.name, per_page=0)

    def entry(self, job: JobRecord) -> SheetEntry:
        text = cell_text(job.prompt)
        when = time.strftime("%Y-%m-%d %H:%M", time.localtime(job.created_at / 1000))
        facts = self.tr("Job {id} · {date} · {server}").format(id=job.id, date=when, server=job.profile)
        return SheetEntry(still_path(job), text.prompt or job.action, text.parameters, facts)

    async def write_sheet(self, jobs: list[JobRecord], title: str, *, per_page: int = 0) -> Path | None:
        """Ask how (grid, paper, title), then where, then write the PDF; returns where it went."""
        from ..dialogs.contact_sheet import ContactSheetDialog

        dialog = ContactSheetDialog(title, len(jobs), self._widget, per_page=per_page)
        self.dialog = dialog
        answer = await run_dialog(dialog, dialog.chosen)
        if answer is None or not isValid(self):
            return None
        options: SheetOptions = answer[0]
        name = safe_file_name(options.title or self.tr("Contact sheet"), "pdf")
        files = QFileDialog(self._widget, self.tr("Save contact sheet"), str(self._downloads() / name))
        files.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        files.setDefaultSuffix("pdf")
        files.setNameFilter(self.tr("PDF documents (*.pdf)"))
        self.dialog = files
        chosen = await run_dialog(files, files.fileSelected)
        if chosen is None or not isValid(self):
            return None
        target = Path(chosen[0])
        count = plural(len(jobs), self.tr("{count} image"), self.tr("{count} images")).format(count=len(jobs))
        options = replace(
            options,
            subtitle=f"{time.strftime('%Y-%m-%d')} · {count}",
            no_image=self.tr("No image"),
        )
        entries = [self.entry(j) for j in jobs]
        self.message.emit(self.tr("Writing the contact sheet…"))
        try:
            pages = await asyncio.to_thread(render_sheet, target, entries, options)
        except OSError as exc:
            self.message.emit(
                self.tr("Could not write {path}: {error}").format(path=target, error=exc.strerror or str(exc))
            )
            return None
        if not isValid(self):
            return target
        self.message.emit(self.sheet_text(target, pages))
        self.sheet_written.emit(target, pages)
        return target

    def sheet_text(self, path: Path, pages: int) -> str:
        text = plural(
            pages,
            self.tr("Contact sheet saved: {path} ({count} page)."),
            self.tr("Contact sheet saved: {path} ({count} pages)."),
        )
        return text.format(path=path, count=pages)
