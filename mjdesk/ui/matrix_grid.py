"""A variation matrix's results as a labelled grid: rows and columns of its choices, each cell the
job's image (or its state while it runs), live; a cell opens the viewer."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QDialog, QGridLayout, QLabel, QScrollArea, QToolButton, QVBoxLayout, QWidget
from shiboken6 import isValid

from .job_texts import state_label

if TYPE_CHECKING:
    from mjdesk.core.library import JobRecord
    from mjdesk.core.matrix import Matrix

    from .backend import Backend
    from .gallery.thumbnails import ThumbnailLoader
    from .job_model import Job

CELL = 180


class MatrixGrid(QDialog):
    """``cells``: the matrix's jobs in the order of ``matrix.jobs``. The last variable's choices
    (times the --repeat copies) are the columns; the other variables' combinations the rows."""

    def __init__(
        self,
        backend: Backend,
        matrix: Matrix,
        jobs: list[Job],
        loader: ThumbnailLoader | None,
        open_job: Callable[[JobRecord], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Variation matrix: {count} jobs").format(count=len(jobs)))
        self.loader = loader
        self.open_job = open_job
        self.cells: dict[int, QToolButton] = {}  # job index -> its cell
        self.jobs = jobs
        variables = matrix.variables
        repeats = max((e.repeat for e in matrix.jobs), default=1)
        columns_var = variables[-1] if variables else None
        row_vars = variables[:-1]
        column_labels = [
            choice if repeats == 1 else f"{choice} · {copy}"
            for choice in (columns_var.choices if columns_var else ("",))
            for copy in range(1, repeats + 1)
        ]
        row_keys = list(itertools.product(*(range(len(v.choices)) for v in row_vars)))
        grid_widget = QWidget(self)
        grid = QGridLayout(grid_widget)
        grid.setSpacing(6)
        if not variables:
            corner = self.tr("Copies")
        elif row_vars:
            corner = f"{' · '.join(v.label for v in row_vars)} ↓   {variables[-1].label} →"
        else:
            corner = f"{variables[-1].label} →"
        grid.addWidget(QLabel(f"<b>{_escape(corner)}</b>", grid_widget), 0, 0)
        for c, text in enumerate(column_labels):
            header = QLabel(_escape(text) or "—", grid_widget)
            header.setAlignment(Qt.AlignmentFlag.AlignCenter)
            header.setWordWrap(True)
            grid.addWidget(header, 0, c + 1)
        for r, key in enumerate(row_keys):
            label = " · ".join(row_vars[i].choices[p] for i, p in enumerate(key)) if row_vars else ""
            row_header = QLabel(_escape(label), grid_widget)
            row_header.setWordWrap(True)
            row_header.setMaximumWidth(160)
            grid.addWidget(row_header, r + 1, 0)
        for index, (expansion, _job) in enumerate(zip(matrix.jobs, jobs, strict=True)):
            picks = expansion.picks
            row = row_keys.index(tuple(picks[:-1])) if variables else 0
            column = (picks[-1] if variables else 0) * repeats + expansion.repeat - 1
            cell = QToolButton(grid_widget)
            cell.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextUnderIcon)
            cell.setIconSize(QSize(CELL, CELL))
            cell.setFixedSize(CELL + 16, CELL + 36)
            cell.setAccessibleName(self.tr("Result: {prompt}").format(prompt=expansion.prompt))
            cell.setToolTip(expansion.prompt)
            cell.clicked.connect(lambda _=False, i=index: self._open(i))
            grid.addWidget(cell, row + 1, column + 1)
            self.cells[index] = cell
        scroll = QScrollArea(self)
        scroll.setWidget(grid_widget)
        scroll.setWidgetResizable(True)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll)
        self.resize(min(1200, 200 + len(column_labels) * (CELL + 24)), min(860, 120 + len(row_keys) * (CELL + 44)))
        backend.job_changed.connect(self._job_changed)
        if loader is not None:
            loader.ready.connect(lambda _path: self._refresh_all())
        self._refresh_all()

    def _job_changed(self, job: Job) -> None:
        if not isValid(self):
            return
        for index, mine in enumerate(self.jobs):
            if mine is job:
                self._refresh(index)

    def _refresh_all(self) -> None:
        if isValid(self):
            for index in self.cells:
                self._refresh(index)

    def _refresh(self, index: int) -> None:
        job, cell = self.jobs[index], self.cells[index]
        cell.setText(state_label(job))
        record = job.record
        cover = record.cover if record is not None else None
        if cover is not None and self.loader is not None:
            pixmap = self.loader.pixmap(cover.path)
            cell.setIcon(QIcon(pixmap) if pixmap is not None else QIcon())

    def _open(self, index: int) -> None:
        record = self.jobs[index].record
        if record is not None:
            self.open_job(record)


def _escape(text: str) -> str:
    import html

    return html.escape(text)
