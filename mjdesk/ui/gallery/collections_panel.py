"""The gallery's sidebar: "All jobs", the user's collections and the tags in use, each with its
count. Clicking one shows only its jobs; tiles dragged onto a collection join it; a collection's
menu renames, deletes (its jobs stay) or prints it as a contact sheet.

Library reads and writes run in worker threads; questions open with ``open()``.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from mjdesk.core.library import CollectionExistsError, CollectionNotFoundError, CollectionRecord, JobQuery
from mjdesk.core.library.user_collections import MAX_NAME
from mjdesk.core.text import plural

from ..asyncutil import loop_running, spawn
from .job_mime import JOB_IDS_MIME, job_ids_from

if TYPE_CHECKING:
    from ..backend import Backend

KindRole = Qt.ItemDataRole.UserRole + 1  # "all", "collection", "tag", or None for a heading
KeyRole = Qt.ItemDataRole.UserRole + 2  # the collection's id, the tag's name


class CollectionTree(QTreeWidget):
    """The list itself; a drop of gallery tiles on a collection asks the panel to add them."""

    dropped = Signal(int, object)  # collection id, list of job ids

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setColumnCount(2)
        self.setHeaderHidden(True)
        self.setRootIsDecorated(False)
        self.setIndentation(10)
        self.setUniformRowHeights(True)
        self.setAcceptDrops(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DropOnly)
        self.setDropIndicatorShown(True)
        self.header().setStretchLastSection(False)
        self.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)

    def _target(self, event: QDragMoveEvent | QDropEvent) -> int | None:
        item = self.itemAt(event.position().toPoint())
        if item is None or item.data(0, KindRole) != "collection" or not job_ids_from(event.mimeData()):
            return None
        return int(item.data(0, KeyRole))

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasFormat(JOB_IDS_MIME):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        target = self._target(event)
        if target is None:
            event.ignore()
            return
        item = self.itemAt(event.position().toPoint())
        if item is not None:  # where it would go
            self.setCurrentItem(item, 0, self.selectionModel().SelectionFlag.NoUpdate)
        event.setDropAction(Qt.DropAction.CopyAction)
        event.accept()

    def dropEvent(self, event: QDropEvent) -> None:
        target = self._target(event)
        if target is None:
            event.ignore()
            return
        event.setDropAction(Qt.DropAction.CopyAction)
        event.accept()
        self.dropped.emit(target, job_ids_from(event.mimeData()))


class CollectionsPanel(QWidget):
    chosen = Signal()  # the user picked "All jobs", a collection or a tag: filter the gallery
    changed = Signal()  # collections or their jobs changed (names, counts, membership)
    members_added = Signal(int)  # jobs went into this collection (the gallery may be showing it)
    message = Signal(str)
    contact_sheet_requested = Signal(object)  # CollectionRecord

    def __init__(self, backend: Backend, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.backend = backend
        self.collections: list[CollectionRecord] = []
        self.tags: list[tuple[str, int]] = []
        self.dialog: QWidget | None = None  # the name question or the delete confirmation while open
        self._loading: asyncio.Task[None] | None = None
        self._selection: tuple[str, object] = ("all", None)

        title = QLabel(self.tr("Library"), self)  # "Collections" heads the list's own section
        title.setStyleSheet("font-weight: bold;")
        self.new_button = QToolButton(self)
        self.new_button.setText("+")
        self.new_button.setAutoRaise(True)
        self.new_button.setToolTip(self.tr("New collection…"))
        self.new_button.setAccessibleName(self.tr("New collection"))
        self.new_button.clicked.connect(self.new_collection)
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(title, 1)
        top.addWidget(self.new_button)

        self.tree = CollectionTree(self)
        self.tree.setAccessibleName(self.tr("Collections and tags"))
        self.tree.itemClicked.connect(self._clicked)
        self.tree.dropped.connect(self._dropped)
        self.tree.customContextMenuRequested.connect(self._context_menu)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.tree, 1)
        self._fill(0)

    # -- what is chosen -------------------------------------------------------------------------

    @property
    def selection(self) -> tuple[str, object]:
        """("all", None), ("collection", id) or ("tag", name)."""
        return self._selection

    def current_collection(self) -> CollectionRecord | None:
        kind, key = self._selection
        if kind != "collection":
            return None
        return next((c for c in self.collections if c.id == key), None)

    def current_tag(self) -> str | None:
        kind, key = self._selection
        return str(key) if kind == "tag" else None

    def choose(self, kind: str, key: object = None) -> None:
        """Show "All jobs" (kind "all"), a collection (its id) or a tag (its name) in the gallery."""
        self._selection = (kind, key)
        self._select_item()
        self.chosen.emit()

    def _clicked(self, item: QTreeWidgetItem, _column: int) -> None:
        kind = item.data(0, KindRole)
        if kind is not None:
            self.choose(kind, item.data(0, KeyRole))

    # -- the list -------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Read the collections, tags and counts again (in a worker)."""
        if not self.backend.started or not loop_running():
            return
        if self._loading is not None:
            self._loading.cancel()
        self._loading = spawn(self._load(), name="collections")

    async def _load(self) -> None:
        library = self.backend.library

        def read() -> tuple[list[CollectionRecord], list[tuple[str, int]], int]:
            return library.collections(), library.all_tags(), library.count_jobs(JobQuery(hidden=False))

        collections, tags, total = await asyncio.to_thread(read)
        if not isValid(self):
            return
        self._loading = None
        self.collections, self.tags = collections, tags
        kind, key = self._selection
        gone = (kind == "collection" and all(c.id != key for c in collections)) or (
            kind == "tag" and all(t.lower() != str(key).lower() for t, _n in tags)
        )
        self._fill(total)
        if gone:  # deleted (here or by another window): back to everything
            self.choose("all")
        self.changed.emit()

    def _fill(self, total: int) -> None:
        tree = self.tree
        tree.clear()

        def row(
            parent: QTreeWidget | QTreeWidgetItem, text: str, count: int | None, kind: str | None, key: object
        ) -> None:
            item = QTreeWidgetItem(parent, [text, "" if count is None else str(count)])
            item.setData(0, KindRole, kind)
            item.setData(0, KeyRole, key)
            item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            item.setToolTip(0, text)
            if kind is None:
                item.setFlags(Qt.ItemFlag.ItemIsEnabled)

        row(tree, self.tr("All jobs"), total, "all", None)
        heading = QTreeWidgetItem(tree, [self.tr("Collections"), ""])
        heading.setFlags(Qt.ItemFlag.ItemIsEnabled)
        bold = heading.font(0)
        bold.setBold(True)
        heading.setFont(0, bold)
        for collection in self.collections:
            row(heading, collection.name, collection.count, "collection", collection.id)
        if not self.collections:
            hint = QTreeWidgetItem(heading, [self.tr("None yet: press +"), ""])
            hint.setFlags(Qt.ItemFlag.ItemIsEnabled)
            hint.setForeground(0, self.palette().placeholderText())
            hint.setToolTip(0, self.tr("Make a collection with +, then drag images onto it"))
        if self.tags:
            tags = QTreeWidgetItem(tree, [self.tr("Tags"), ""])
            tags.setFlags(Qt.ItemFlag.ItemIsEnabled)
            tags.setFont(0, bold)
            for tag, count in self.tags:
                row(tags, tag, count, "tag", tag)
        tree.expandAll()
        self._select_item()

    def _select_item(self) -> None:
        kind, key = self._selection
        for item in self._items():
            if item.data(0, KindRole) == kind and (kind == "all" or item.data(0, KeyRole) == key):
                self.tree.setCurrentItem(item)
                return

    def _items(self) -> list[QTreeWidgetItem]:
        found: list[QTreeWidgetItem] = []
        for i in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(i)
            if top is None:
                continue
            found.append(top)
            found.extend(child for j in range(top.childCount()) if (child := top.child(j)) is not None)
        return found

    def item_of(self, collection_id: int) -> QTreeWidgetItem | None:
        return next(
            (i for i in self._items() if i.data(0, KindRole) == "collection" and i.data(0, KeyRole) == collection_id),
            None,
        )

    def _context_menu(self, pos: QPoint) -> None:
        item = self.tree.itemAt(pos)
        menu = self.menu_for(
            item.data(0, KeyRole) if item is not None and item.data(0, KindRole) == "collection" else None
        )
        menu.popup(self.tree.viewport().mapToGlobal(pos))  # never exec(): the loop keeps running

    def menu_for(self, collection_id: int | None) -> QMenu:
        """A collection's menu (rename, delete, contact sheet), or just "New collection…"."""
        menu = QMenu(self)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        collection = next((c for c in self.collections if c.id == collection_id), None)
        if collection is not None:
            menu.addAction(self.tr("Contact sheet (PDF)…"), lambda: self.contact_sheet_requested.emit(collection))
            menu.addSeparator()
            menu.addAction(self.tr("Rename…"), lambda: self.rename_collection(collection))
            menu.addAction(self.tr("Delete…"), lambda: self.confirm_delete(collection))
            menu.addSeparator()
        menu.addAction(self.tr("New collection…"), self.new_collection)
        return menu

    # -- changing collections -------------------------------------------------------------------

    def _ask_name(self, title: str, label: str, text: str = "") -> QInputDialog:
        dialog = QInputDialog(self)
        dialog.setWindowTitle(title)
        dialog.setLabelText(label)
        dialog.setTextValue(text)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        edit = dialog.findChild(QLineEdit)
        if edit is not None:
            edit.setMaxLength(MAX_NAME)
            edit.setAccessibleName(self.tr("Collection name"))
        self.dialog = dialog
        return dialog

    def new_collection(self, job_ids: list[int] | None = None) -> QInputDialog:
        """Ask for a name, make the collection and put ``job_ids`` in it (the menu's "New collection…")."""
        ids = list(job_ids) if isinstance(job_ids, list) else []  # clicked() passes a bool
        dialog = self._ask_name(self.tr("New collection"), self.tr("Name of the new collection:"))
        dialog.textValueSelected.connect(lambda name: spawn(self.create_named(name, ids), name="collection-new"))
        dialog.open()
        return dialog

    async def create_named(self, name: str, job_ids: list[int] | None = None) -> CollectionRecord | None:
        library = self.backend.library

        def work() -> tuple[CollectionRecord, int]:
            collection = library.create_collection(name)
            return collection, library.add_to_collection(collection.id, job_ids) if job_ids else 0

        try:
            collection, added = await asyncio.to_thread(work)
        except CollectionExistsError:
            self.message.emit(self.tr("A collection named “{name}” already exists.").format(name=name.strip()))
            return None
        except ValueError:
            self.message.emit(self.tr("A collection needs a name."))
            return None
        if not isValid(self):
            return None
        if added:
            self.members_added.emit(collection.id)
        self.message.emit(
            self._added_text(added, collection.name)
            if job_ids
            else self.tr("Collection “{name}” made.").format(name=collection.name)
        )
        self.refresh()
        return collection

    def rename_collection(self, collection: CollectionRecord) -> QInputDialog:
        dialog = self._ask_name(self.tr("Rename collection"), self.tr("New name:"), collection.name)
        dialog.textValueSelected.connect(lambda name: spawn(self.rename(collection.id, name), name="collection-rename"))
        dialog.open()
        return dialog

    async def rename(self, collection_id: int, name: str) -> None:
        try:
            await asyncio.to_thread(self.backend.library.rename_collection, collection_id, name)
        except CollectionExistsError:
            self.message.emit(self.tr("A collection named “{name}” already exists.").format(name=name.strip()))
            return
        except (ValueError, CollectionNotFoundError):
            return
        if isValid(self):
            self.refresh()

    def confirm_delete(self, collection: CollectionRecord) -> QMessageBox:
        count = collection.count
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Delete collection"),
            plural(
                count,
                self.tr("Delete the collection “{name}”? Its {count} job stays in the library."),
                self.tr("Delete the collection “{name}”? Its {count} jobs stay in the library."),
            ).format(name=collection.name, count=count),
            QMessageBox.StandardButton.Cancel,
            self,
        )
        delete = box.addButton(self.tr("Delete collection"), QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.buttonClicked.connect(
            lambda button: spawn(self.delete(collection.id), name="collection-delete") if button is delete else None
        )
        self.dialog = box
        box.open()
        return box

    async def delete(self, collection_id: int) -> None:
        try:
            await asyncio.to_thread(self.backend.library.delete_collection, collection_id)
        except CollectionNotFoundError:
            pass
        if isValid(self):
            self.refresh()

    # -- jobs in collections --------------------------------------------------------------------

    def _dropped(self, collection_id: int, job_ids: list[int]) -> None:
        spawn(self.add(collection_id, job_ids), name="collection-drop")

    async def add(self, collection_id: int, job_ids: list[int]) -> int:
        library = self.backend.library
        try:
            added = await asyncio.to_thread(library.add_to_collection, collection_id, job_ids)
        except CollectionNotFoundError:
            return 0
        if not isValid(self):
            return added
        name = next((c.name for c in self.collections if c.id == collection_id), "")
        self.message.emit(self._added_text(added, name))
        if added:
            self.members_added.emit(collection_id)
        self.refresh()
        return added

    async def remove(self, collection_id: int, job_ids: list[int]) -> int:
        removed = await asyncio.to_thread(self.backend.library.remove_from_collection, collection_id, job_ids)
        if isValid(self):
            name = next((c.name for c in self.collections if c.id == collection_id), "")
            text = plural(
                removed,
                self.tr("{count} job taken out of “{name}” (it stays in the library)."),
                self.tr("{count} jobs taken out of “{name}” (they stay in the library)."),
            )
            self.message.emit(text.format(count=removed, name=name))
            self.refresh()
        return removed

    def _added_text(self, added: int, name: str) -> str:
        text = plural(added, self.tr("{count} job added to “{name}”."), self.tr("{count} jobs added to “{name}”."))
        return text.format(count=added, name=name)
