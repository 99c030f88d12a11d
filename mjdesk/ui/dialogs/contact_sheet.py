"""The small question before a contact sheet is written: its title, images per page and paper."""

from __future__ import annotations

from PySide6.QtCore import QLocale, Signal
from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QWidget

from mjdesk.core.contact_sheet import DEFAULT_PER_PAGE, GRIDS, PAPERS, default_paper, grid_of
from mjdesk.core.text import plural

from ..contact_sheet import SheetOptions


class ContactSheetDialog(QDialog):
    chosen = Signal(object)  # SheetOptions (the subtitle and texts are the caller's)

    def __init__(self, title: str, count: int, parent: QWidget | None = None, *, per_page: int = 0) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Contact sheet"))
        self.title = QLineEdit(title, self)
        self.title.setAccessibleName(self.tr("Title printed at the top of each page"))
        self.title.setMaxLength(120)
        self.per_page = QComboBox(self)
        self.per_page.setAccessibleName(self.tr("Images per page"))
        for n in sorted(GRIDS):
            columns, rows = grid_of(n)
            self.per_page.addItem(
                self.tr("{count} ({columns} × {rows})").format(count=n, columns=columns, rows=rows), n
            )
        self.per_page.setCurrentIndex(max(0, self.per_page.findData(per_page or DEFAULT_PER_PAGE)))
        self.paper = QComboBox(self)
        self.paper.setAccessibleName(self.tr("Paper size"))
        names = {"A4": self.tr("A4"), "Letter": self.tr("Letter (US)")}
        for paper in PAPERS:
            self.paper.addItem(names.get(paper, paper), paper)
        self.paper.setCurrentIndex(self.paper.findData(default_paper(QLocale().name())))
        self.pages = QLabel(self)
        self.count = count

        form = QFormLayout(self)
        form.addRow(self.tr("Title"), self.title)
        form.addRow(self.tr("Images per page"), self.per_page)
        form.addRow(self.tr("Paper"), self.paper)
        form.addRow("", self.pages)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        save = buttons.addButton(self.tr("Save PDF…"), QDialogButtonBox.ButtonRole.AcceptRole)
        save.setAccessibleName(self.tr("Choose where to save the PDF"))
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.per_page.currentIndexChanged.connect(self._update_pages)
        self._update_pages()
        self.setMinimumWidth(360)

    def _update_pages(self) -> None:
        per_page = int(self.per_page.currentData())
        pages = max(1, -(-self.count // per_page))
        images = plural(self.count, self.tr("{count} image"), self.tr("{count} images")).format(count=self.count)
        on = plural(pages, self.tr("{images} on {pages} page"), self.tr("{images} on {pages} pages"))
        self.pages.setText(on.format(images=images, pages=pages))

    def options(self) -> SheetOptions:
        return SheetOptions(
            per_page=int(self.per_page.currentData()),
            paper=str(self.paper.currentData()),
            title=self.title.text().strip(),
        )

    def _accept(self) -> None:
        self.chosen.emit(self.options())
        self.accept()
