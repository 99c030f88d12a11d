"""The reference library window: saved style, character and omni references and personalization
codes, each with a thumbnail, a name, tags and a default weight. Double-click (or Use, or drag onto
the composer) puts one into the Imagine prompt; an image is uploaded to the server once and its
link reused while it lives."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QCoreApplication, QMimeData, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QIcon, QImage, QPainter, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from .asyncutil import spawn

if TYPE_CHECKING:
    from mjdesk.core.library import Reference

    from .backend import Backend

MIME = "application/x-mjdesk-reference"
THUMB = 96
_REF_ID = Qt.ItemDataRole.UserRole
# The highest weight of each kind (--sw, --cw, --ow); --p has none.
WEIGHT_MAX = {"sref": 1000, "cref": 100, "oref": 1000}


def kind_names() -> dict[str, str]:
    tr = QCoreApplication.translate
    return {
        "sref": tr("References", "Style reference (--sref)"),
        "cref": tr("References", "Character reference (--cref)"),
        "oref": tr("References", "Omni reference (--oref)"),
        "p": tr("References", "Personalization code (--p)"),
    }


def short_kind_names() -> dict[str, str]:
    tr = QCoreApplication.translate
    return {
        "sref": tr("References", "Style"),
        "cref": tr("References", "Character"),
        "oref": tr("References", "Omni"),
        "p": tr("References", "Personalization"),
    }


def code_tile(flag: str, code: str, background: QColor, ink: QColor) -> QImage:
    """What a code reference shows instead of a picture: its parameter and its code, large."""
    image = QImage(THUMB * 2, THUMB * 2, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(background)
    painter.drawRoundedRect(QRectF(8, 8, THUMB * 2 - 16, THUMB * 2 - 16), 18, 18)
    font = QFont()
    font.setPixelSize(26)
    painter.setFont(font)
    painter.setPen(ink)
    painter.drawText(QRectF(16, 30, THUMB * 2 - 32, 40), Qt.AlignmentFlag.AlignCenter, f"--{flag}")
    font.setPixelSize(34 if len(code) <= 9 else 24)
    font.setBold(True)
    painter.setFont(font)
    elided = QFontMetrics(font).elidedText(code, Qt.TextElideMode.ElideMiddle, THUMB * 2 - 40)
    painter.drawText(QRectF(16, 80, THUMB * 2 - 32, 60), Qt.AlignmentFlag.AlignCenter, elided)
    painter.end()
    return image


def reference_ids(mime: QMimeData) -> list[int]:
    """The saved references a drag carries (from this window onto the composer)."""
    if not mime.hasFormat(MIME):
        return []
    text = bytes(mime.data(MIME).data()).decode("ascii", "replace")
    return [int(part) for part in text.split(",") if part.strip().isdigit()]


def _thumbnail(path: Path) -> QImage:
    # A worker thread: QImage (unlike QPixmap) may be made off the GUI thread.
    from PIL import Image, ImageOps

    with Image.open(path) as opened:
        upright = ImageOps.exif_transpose(opened)
        upright.thumbnail((THUMB * 2, THUMB * 2))
        rgba = upright.convert("RGBA")
        data = rgba.tobytes()
        image = QImage(data, rgba.width, rgba.height, rgba.width * 4, QImage.Format.Format_RGBA8888)
        return image.copy()  # own its pixels: ``data`` goes with this frame


class ReferenceList(QListWidget):
    def mimeData(self, items: list[QListWidgetItem]) -> QMimeData:  # type: ignore[override]
        mime = QMimeData()
        ids = ",".join(str(item.data(_REF_ID)) for item in items)
        mime.setData(MIME, QByteArray(ids.encode("ascii")))
        mime.setText(" ".join(item.text() for item in items))
        return mime

    def mimeTypes(self) -> list[str]:
        return [MIME]


class ReferenceLibrary(QDialog):
    use_requested = Signal(object)  # a Reference

    def __init__(self, backend: Backend, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.backend = backend
        self.setWindowTitle(self.tr("Reference library"))
        self.resize(760, 520)
        self.references: list[Reference] = []
        layout = QVBoxLayout(self)

        top = QHBoxLayout()
        self.kind = QComboBox(self)
        self.kind.setAccessibleName(self.tr("Show references of this kind"))
        self.kind.addItem(self.tr("All kinds"), None)
        for kind, name in kind_names().items():
            self.kind.addItem(name, kind)
        top.addWidget(self.kind)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(self.tr("Search names, tags and codes"))
        self.search.setAccessibleName(self.tr("Search references"))
        self.search.setClearButtonEnabled(True)
        top.addWidget(self.search, 1)
        self.add_image = QPushButton(self.tr("Add &image…"), self)
        self.add_image.setAccessibleName(self.tr("Add an image as a reference"))
        top.addWidget(self.add_image)
        self.new_code = QPushButton(self.tr("Add c&ode"), self)
        self.new_code.setAccessibleName(self.tr("Add a style or personalization code"))
        top.addWidget(self.new_code)
        self._adding_code = False
        layout.addLayout(top)

        body = QHBoxLayout()
        self.list = ReferenceList(self)
        self.list.setAccessibleName(self.tr("Saved references"))
        self.list.setViewMode(QListWidget.ViewMode.IconMode)
        self.list.setIconSize(QSize(THUMB, THUMB))
        self.list.setGridSize(QSize(THUMB + 36, THUMB + 44))
        self.list.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.list.setMovement(QListWidget.Movement.Static)
        self.list.setWordWrap(True)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setDragEnabled(True)
        self.list.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        body.addWidget(self.list, 1)
        self.empty = QLabel(
            self.tr(
                "No saved references yet.\nAdd an image or a code here, or save a result from the gallery's "
                "menu (Save to the reference library). Double-click one to use it in Imagine, or drag it onto "
                "the composer."
            ),
            self,
        )
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setStyleSheet("color: palette(placeholder-text); padding: 24px;")
        body.addWidget(self.empty, 1)

        side = QWidget(self)
        side.setMinimumWidth(240)
        form = QFormLayout(side)
        self.name = QLineEdit(side)
        self.name.setAccessibleName(self.tr("Reference name"))
        form.addRow(self.tr("&Name"), self.name)
        self.ref_kind = QComboBox(side)
        self.ref_kind.setAccessibleName(self.tr("Kind of reference"))
        for kind, name in kind_names().items():
            self.ref_kind.addItem(name, kind)
        form.addRow(self.tr("&Kind"), self.ref_kind)
        self.code = QLineEdit(side)
        self.code.setAccessibleName(self.tr("Style or personalization code"))
        self.code.setPlaceholderText(self.tr("e.g. 3209421 (a style code)"))
        form.addRow(self.tr("&Code"), self.code)
        self.tags = QLineEdit(side)
        self.tags.setAccessibleName(self.tr("Tags, separated by commas"))
        self.tags.setPlaceholderText(self.tr("e.g. poster, warm"))
        form.addRow(self.tr("&Tags"), self.tags)
        self.weight = QSpinBox(side)
        self.weight.setRange(0, 1000)
        self.weight.setSpecialValueText(self.tr("model default"))
        self.weight.setAccessibleName(self.tr("Default weight"))
        form.addRow(self.tr("&Weight"), self.weight)
        buttons = QHBoxLayout()
        self.save = QPushButton(self.tr("&Save"), side)
        self.save.setAccessibleName(self.tr("Save this reference"))
        self.delete = QPushButton(self.tr("&Delete"), side)
        self.delete.setAccessibleName(self.tr("Delete this reference"))
        buttons.addWidget(self.save)
        buttons.addWidget(self.delete)
        form.addRow(buttons)
        self.use = QPushButton(self.tr("&Use in Imagine"), side)
        self.use.setAccessibleName(self.tr("Use this reference in the Imagine prompt"))
        self.use.setDefault(True)
        form.addRow(self.use)
        self.message = QLabel(side)
        self.message.setWordWrap(True)
        self.message.setAccessibleName(self.tr("Reference library message"))
        form.addRow(self.message)
        body.addWidget(side)
        layout.addLayout(body, 1)

        self.kind.currentIndexChanged.connect(self.refresh)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(200)
        self._search_timer.timeout.connect(self.refresh)
        self.search.textChanged.connect(self._search_timer.start)
        self.list.currentItemChanged.connect(self._show_current)
        self.list.itemActivated.connect(self._use_current)
        self.add_image.clicked.connect(self._choose_image)
        self.new_code.clicked.connect(self.start_new_code)
        self.save.clicked.connect(self._save)
        self.delete.clicked.connect(self._delete)
        self.use.clicked.connect(self._use_current)
        self.refresh()
        self._show_current()

    # -- reading ----------------------------------------------------------------------------------

    def refresh(self) -> None:
        spawn(self._refresh(), name="references-refresh")

    async def _refresh(self, select: int | None = None) -> None:
        library = self.backend.library
        refs = await asyncio.to_thread(library.references, self.kind.currentData(), self.search.text())
        thumbs = {}
        for ref in refs:
            if ref.image_path is not None:
                try:
                    thumbs[ref.id] = await asyncio.to_thread(_thumbnail, ref.image_path)
                except (OSError, ValueError) as exc:  # a file gone or damaged: the tile says so
                    self._say(self.tr("The image of “{name}” cannot be read: {error}").format(name=ref.name, error=exc))
        if isValid(self):
            self.show_references(refs, thumbs, select)

    def show_references(self, refs: list[Reference], thumbs: dict[int, QImage], select: int | None = None) -> None:
        current = select if select is not None else self.current_id()
        self.references = refs
        self.list.clear()
        names, short = kind_names(), short_kind_names()
        palette = self.palette()
        for ref in refs:
            item = QListWidgetItem(f"{ref.name}\n{short[ref.kind]}")
            item.setData(_REF_ID, ref.id)
            image = thumbs.get(ref.id)
            if image is None:
                flag = "p" if ref.kind == "p" else ref.kind
                image = code_tile(flag, ref.code or "?", palette.alternateBase().color(), palette.text().color())
            item.setIcon(QIcon(QPixmap.fromImage(image)))
            item.setToolTip("\n".join(filter(None, [ref.name, names[ref.kind], ref.code, ", ".join(ref.tags)])))
            self.list.addItem(item)
            if ref.id == current:
                self.list.setCurrentItem(item)
        self.list.setVisible(bool(refs))
        self.empty.setVisible(not refs)
        self._show_current()

    def current_id(self) -> int | None:
        item = self.list.currentItem()
        return int(item.data(_REF_ID)) if item is not None else None

    def current(self) -> Reference | None:
        ref_id = self.current_id()
        return next((r for r in self.references if r.id == ref_id), None)

    def start_new_code(self) -> None:
        """The form on the right becomes a new code reference: kind, code, name, then Save."""
        self._adding_code = True
        self.list.clearSelection()
        self.list.setCurrentRow(-1)
        fields: tuple[QWidget, ...] = (self.name, self.ref_kind, self.code, self.tags, self.save)
        for widget in fields:
            widget.setEnabled(True)
        for widget in (self.delete, self.use, self.weight):
            widget.setEnabled(False)
        self.ref_kind.setCurrentIndex(max(0, self.ref_kind.findData("sref")))
        for edit in (self.name, self.code, self.tags):
            edit.clear()
        self.code.setFocus()
        self._say(self.tr("Type the code and a name, then Save."))

    def _show_current(self, *_: object) -> None:
        ref = self.current()
        if ref is None and self._adding_code:
            return
        self._adding_code = False
        for widget in (self.name, self.ref_kind, self.code, self.tags, self.weight, self.save, self.delete, self.use):
            widget.setEnabled(ref is not None)
        if ref is None:
            return
        self.name.setText(ref.name)
        self.ref_kind.setCurrentIndex(max(0, self.ref_kind.findData(ref.kind)))
        self.ref_kind.setEnabled(False)  # what a reference is does not change
        self.code.setText(ref.code or "")
        self.code.setEnabled(False)
        self.tags.setText(", ".join(ref.tags))
        self.weight.setEnabled(ref.kind in WEIGHT_MAX)
        self.weight.setMaximum(WEIGHT_MAX.get(ref.kind, 1000))
        self.weight.setValue(ref.weight or 0)

    def _say(self, text: str) -> None:
        if isValid(self):
            self.message.setText(text)

    # -- changing ---------------------------------------------------------------------------------

    def _choose_image(self) -> None:
        from .widgets.image_input import _FILE_FILTER

        dialog = QFileDialog(self, self.tr("Add an image as a reference"))
        dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
        dialog.setNameFilters([self.tr("Images ({patterns})").format(patterns=_FILE_FILTER), self.tr("All files (*)")])
        dialog.filesSelected.connect(self.add_files)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def add_files(self, paths: list[str], kind: str = "sref") -> None:
        spawn(self._add_files([Path(p) for p in paths], kind), name="references-add")

    async def _add_files(self, paths: list[Path], kind: str) -> None:
        from mjdesk.core.imaging import sniff_format

        library = self.backend.library
        added = None
        for path in paths:
            try:
                head = await asyncio.to_thread(_head, path)
                if sniff_format(head) not in _RASTERS:
                    self._say(self.tr("{name} is not an image mjdesk can use.").format(name=path.name))
                    continue
                ref = await asyncio.to_thread(library.add_reference, kind, path.stem, image=path)
            except (OSError, ValueError) as exc:
                self._say(self.tr("{name} cannot be added: {error}").format(name=path.name, error=exc))
                continue
            added = ref.id
        if added is not None and isValid(self):
            await self._refresh(select=added)

    async def _add_code(self, kind: str, code: str, name: str, tags: list[str]) -> None:
        ref = await asyncio.to_thread(self.backend.library.add_reference, kind, name, code=code, tags=tags)
        self._say(self.tr("Saved."))
        await self._refresh(select=ref.id)

    def _save(self) -> None:
        if self._adding_code:
            kind, code = str(self.ref_kind.currentData()), self.code.text().strip()
            if not code or any(c.isspace() for c in code):
                self._say(self.tr("A code is one word of letters and digits, e.g. 3209421."))
                return
            self._adding_code = False
            tags = [t for t in self.tags.text().split(",") if t.strip()]
            spawn(self._add_code(kind, code, self.name.text() or code, tags), name="references-add-code")
            return
        ref = self.current()
        if ref is None:
            return
        tags = [t for t in self.tags.text().split(",") if t.strip()]
        weight = self.weight.value() or None if ref.kind in WEIGHT_MAX else None
        spawn(self._update(ref.id, self.name.text(), tags, weight), name="references-save")

    async def _update(self, ref_id: int, name: str, tags: list[str], weight: int | None) -> None:
        library = self.backend.library
        await asyncio.to_thread(library.update_reference, ref_id, name=name, tags=tags, weight=weight)
        self._say(self.tr("Saved."))
        await self._refresh(select=ref_id)

    def _delete(self) -> None:
        ref = self.current()
        if ref is not None:
            spawn(self._remove(ref.id), name="references-delete")

    async def _remove(self, ref_id: int) -> None:
        await asyncio.to_thread(self.backend.library.delete_reference, ref_id)
        await self._refresh()

    def _use_current(self, *_: object) -> None:
        ref = self.current()
        if ref is not None:
            self.use_requested.emit(ref)


_RASTERS = frozenset({"JPEG", "PNG", "GIF", "WEBP", "BMP", "TIFF", "HEIF", "AVIF"})


def _head(path: Path) -> bytes:
    with path.open("rb") as fh:
        return fh.read(1024)
