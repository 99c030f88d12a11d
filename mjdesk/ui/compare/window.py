"""Compare 2-4 jobs (issue 15): side by side (two in a row, three or four in a 2×2 grid) with synced
zoom and pan, or — for exactly two — flicker A/B in one place; each pane captioned and rated or
rejected with the gallery's keys; below, what differs in their prompts and parameters.

Keys: 1-5 stars and 0 clears (the pane with the focus, or the image flicker shows), X reject,
Space or Tab swap A/B in flicker, F fit, Z 100 %, Esc close. Images are decoded in worker threads,
big upscales at most ``MAX_SIDE`` pixels a side, so the loop never waits for a decode.
"""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QImage, QImageReader, QKeySequence, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QSplitter,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from ..asyncutil import spawn
from ..gallery.culling import MAX_RATING, stars
from ..gallery.files import still_path
from ..job_texts import caption
from .diff import LETTERS, ParamTable, PromptDiff
from .views import CompareView, ViewSync

if TYPE_CHECKING:
    from mjdesk.core.library import JobRecord

    from ..backend import Backend
    from ..gallery.culling import Culling

log = logging.getLogger(__name__)

MAX_SIDE = 4096  # a bigger image is decoded scaled down to this (100 % of a 4x upscale stays sharp)
PREVIEW_SIDE = 1600  # the small copy painted while zoomed out (a fitted pane is rarely wider)
FLICKER_MS = 600  # the automatic flicker's rhythm: long enough to see each, short enough to compare


def read_image(path: Path, max_side: int = MAX_SIDE) -> tuple[QImage, QImage | None, int]:
    """In a worker: the image (scaled down to ``max_side`` when larger), a small copy when it is
    big (None otherwise) and its real pixel width."""
    reader = QImageReader(str(path))
    reader.setAutoTransform(True)
    size = reader.size()
    if size.isValid() and max(size.width(), size.height()) > max_side:
        reader.setScaledSize(size.scaled(QSize(max_side, max_side), Qt.AspectRatioMode.KeepAspectRatio))
    image = reader.read()
    if image.isNull():
        raise OSError(reader.errorString())
    preview = None
    if max(image.width(), image.height()) > PREVIEW_SIDE:
        preview = image.scaled(
            PREVIEW_SIDE, PREVIEW_SIDE, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
        )
    return image, preview, size.width() if size.isValid() else image.width()


class ComparePane(QWidget):
    """One image with its caption: letter, rating, rejected, the job's line."""

    def __init__(self, letter: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.letter = letter
        self.caption = QLabel(self)
        self.caption.setTextFormat(Qt.TextFormat.PlainText)
        self.caption.setAccessibleName(self.tr("Image {letter}").format(letter=letter))
        self.view = CompareView(self)
        self.view.setAccessibleName(self.tr("Image {letter}, zoom with the wheel, drag to pan").format(letter=letter))
        self.view.set_placeholder(self.tr("Loading…"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.setSpacing(2)
        layout.addWidget(self.caption)
        layout.addWidget(self.view, 1)

    def show_job(self, job: JobRecord, current: bool) -> None:
        marks = [self.letter, stars(job.rating) if job.rating else self.tr("not rated")]
        if job.rejected:
            marks.append(self.tr("rejected"))
        self.caption.setText(" · ".join([*marks, caption(job)]))
        self.caption.setToolTip(caption(job))
        weight = "bold" if current else "normal"
        colour = "color: palette(highlight);" if current else ""
        # Rejected reads dimmed, as on its gallery tile.
        dim = "color: palette(placeholder-text);" if job.rejected and not current else ""
        self.caption.setStyleSheet(f"font-weight: {weight}; {colour}{dim}")


class CompareWindow(QWidget):
    def __init__(
        self, backend: Backend, jobs: list[JobRecord], culling: Culling, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        if not 2 <= len(jobs) <= 4:
            raise ValueError("compare takes 2 to 4 jobs")
        self.backend = backend
        self.culling = culling
        self.jobs = list(jobs)
        self.current = 0
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(self.tr("Compare {count} images").format(count=len(jobs)))
        self.setAccessibleName(self.tr("Compare"))
        self.resize(1200, 820)

        # -- the images ---------------------------------------------------------------------------
        self.panes = [ComparePane(LETTERS[n], self) for n in range(len(jobs))]
        self.grid_box = grid_box = QWidget(self)
        grid = QGridLayout(grid_box)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(6)
        columns = 2
        for n, pane in enumerate(self.panes):
            grid.addWidget(pane, n // columns, n % columns)
        self.flicker = ComparePane("A", self)  # A and B in one place, one shown at a time
        self.stack = QStackedWidget(self)
        self.stack.addWidget(grid_box)
        self.stack.addWidget(self.flicker)
        self.sync = ViewSync([p.view for p in self.panes] + [self.flicker.view], self)
        self.sync.zoom_changed.connect(self._show_zoom)
        for pane in self.panes:
            pane.view.installEventFilter(self)
        self.flicker.view.installEventFilter(self)

        # -- the bar --------------------------------------------------------------------------------
        self.side_button = self._tool(self.tr("Side by side"), lambda: self.set_mode(flicker=False), checkable=True)
        self.flicker_button = self._tool(self.tr("Flicker A/B"), lambda: self.set_mode(flicker=True), checkable=True)
        self.flicker_button.setToolTip(self.tr("A and B in one place; Space or Tab swaps them"))
        self.flicker_button.setEnabled(len(jobs) == 2)
        if len(jobs) != 2:
            self.flicker_button.setToolTip(self.tr("Flicker compares exactly two images"))
        self.side_button.setChecked(True)
        self.swap_button = self._tool(self.tr("Swap"), self.swap)
        self.swap_button.setToolTip(self.tr("Show the other image (Space or Tab)"))
        self.auto = QCheckBox(self.tr("Auto-flicker"), self)
        self.auto.setAccessibleName(self.tr("Swap A and B by itself"))
        self.auto.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.auto.toggled.connect(self._auto_toggled)
        self.fit_button = self._tool(self.tr("Fit"), self.sync.fit)
        self.fit_button.setToolTip(self.tr("The whole image in each pane (F)"))
        self.actual_button = self._tool(self.tr("100 %"), self._actual_size)
        self.actual_button.setToolTip(self.tr("One screen pixel per image pixel (Z)"))
        self.zoom_label = QLabel(self)
        self.zoom_label.setAccessibleName(self.tr("Zoom"))
        self.zoom_label.setMinimumWidth(60)
        self.hint = QLabel(self.tr("1–5 stars · 0 clears · X reject"), self)
        self.hint.setStyleSheet("color: palette(placeholder-text);")
        bar = QHBoxLayout()
        for widget in (self.side_button, self.flicker_button, self.swap_button, self.auto):
            bar.addWidget(widget)
        bar.addSpacing(12)
        for zoom_widget in (self.fit_button, self.actual_button, self.zoom_label):
            bar.addWidget(zoom_widget)
        bar.addStretch(1)
        bar.addWidget(self.hint)

        # -- what differs -----------------------------------------------------------------------------
        self.prompt_diff = PromptDiff(self)
        self.params = ParamTable(self)
        below = QSplitter(Qt.Orientation.Horizontal, self)
        below.addWidget(self.prompt_diff)
        below.addWidget(self.params)
        below.setStretchFactor(0, 3)
        below.setStretchFactor(1, 2)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.stack)
        split.addWidget(below)
        split.setStretchFactor(0, 4)
        split.setStretchFactor(1, 1)
        split.setChildrenCollapsible(False)
        split.setSizes([600, 170])  # the images first; the diff is a few lines

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addLayout(bar)
        layout.addWidget(split, 1)

        self._timer = QTimer(self)
        self._timer.setInterval(FLICKER_MS)
        self._timer.timeout.connect(self.swap)
        self._keys()
        culling.changed.connect(self._marks_changed)
        self.prompt_diff.show_jobs(self.jobs)
        self.params.show_jobs(self.jobs)
        self._refresh()
        self.set_mode(flicker=False)
        self.loading: asyncio.Task[None] | None = spawn(self._load(), name="compare-images")

    def _tool(self, text: str, handler: object, *, checkable: bool = False) -> QToolButton:
        button = QToolButton(self)
        button.setText(text)
        button.setAccessibleName(text)
        button.setCheckable(checkable)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the keys belong to the images
        button.clicked.connect(handler)
        return button

    def _keys(self) -> None:
        def key(sequence: str, handler: object) -> None:
            action = QAction(self)
            action.setShortcut(QKeySequence(sequence))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.triggered.connect(handler)
            self.addAction(action)

        for n in range(MAX_RATING + 1):
            key(str(n), lambda _checked=False, n=n: self.rate(n))
        key("X", self.toggle_reject)
        key("Space", self.swap)
        key("Tab", self.swap)
        key("F", self.sync.fit)
        key("Z", self._actual_size)
        key("Esc", self.close)

    # -- images ---------------------------------------------------------------------------------

    async def _load(self) -> None:
        paths = [still_path(job) for job in self.jobs]

        async def one(path: Path | None) -> tuple[QImage, QImage | None, int] | None:
            if path is None:
                return None
            try:
                return await asyncio.to_thread(read_image, path)
            except OSError as exc:
                log.info("compare: cannot read %s: %s", path, exc)
                return None

        results = await asyncio.gather(*(one(p) for p in paths))
        if not isValid(self):
            return
        for n, found in enumerate(results):
            view = self.panes[n].view
            if found is None:
                view.set_placeholder(self.tr("No image in the library"))
                continue
            image, small, width = found
            # The GUI thread: QPixmap is allowed here (and shares the decoded RGB32 image's pixels).
            pixmap = QPixmap.fromImage(image)
            preview = QPixmap.fromImage(small) if small is not None else None
            view.set_image(0, pixmap, width, preview)
            if n < 2 and len(self.jobs) == 2:
                self.flicker.view.set_image(n, pixmap, width, preview)
        self._show_zoom()

    # -- modes ----------------------------------------------------------------------------------

    @property
    def flickering(self) -> bool:
        return self.stack.currentWidget() is self.flicker

    def set_mode(self, *, flicker: bool) -> None:
        flicker = flicker and len(self.jobs) == 2
        source = self.panes[0].view if flicker else self.flicker.view
        page = self.flicker if flicker else self.grid_box
        self.stack.setCurrentWidget(page)
        layout = page.layout()
        if layout is not None:
            layout.activate()  # the page's views get their size now, before they take the place
        self.side_button.setChecked(not flicker)
        self.flicker_button.setChecked(flicker)
        self.swap_button.setVisible(flicker)
        self.auto.setVisible(flicker)
        if not flicker:
            self.auto.setChecked(False)
        self.sync.follow(source)  # the new mode shows the same part of the images
        if flicker:
            self.current = self.flicker.view.shown
            self.flicker.view.setFocus()
        else:
            self.panes[self.current].view.setFocus()
        self._refresh()

    def swap(self) -> None:
        """Flicker: show the other of A and B, at the same zoom and place."""
        if not self.flickering:
            return
        shown = 1 - self.flicker.view.shown
        self.flicker.view.show_slot(shown)
        self.flicker.letter = LETTERS[shown]
        self.current = shown
        self._refresh()

    def _auto_toggled(self, on: bool) -> None:
        if on and self.flickering:
            self._timer.start()
        else:
            self._timer.stop()

    def _actual_size(self) -> None:
        view = self.flicker.view if self.flickering else self.panes[self.current].view
        self.sync.actual_size(view)

    def _show_zoom(self) -> None:
        view = self.flicker.view if self.flickering else self.panes[self.current].view
        percent = self.sync.percent(view)
        self.zoom_label.setText("" if percent is None else f"{percent} %")

    # -- rating ---------------------------------------------------------------------------------

    def rate(self, rating: int) -> None:
        self.culling.rate([self.jobs[self.current].id], rating)

    def toggle_reject(self) -> None:
        """X: reject the current image (or take it back), then go on to the next pane."""
        job = self.jobs[self.current]
        self.culling.reject([job.id], not job.rejected)
        if not self.flickering:
            self.current = (self.current + 1) % len(self.jobs)
            self.panes[self.current].view.setFocus()
            self._refresh()

    def _marks_changed(self, jobs: list[JobRecord]) -> None:
        fresh = {j.id: j for j in jobs}
        if not any(j.id in fresh for j in self.jobs):
            return
        self.jobs = [fresh.get(j.id, j) for j in self.jobs]
        self._refresh()

    def _refresh(self) -> None:
        for n, pane in enumerate(self.panes):
            pane.show_job(self.jobs[n], current=n == self.current and not self.flickering)
        shown = self.flicker.view.shown
        self.flicker.show_job(self.jobs[shown], current=True)

    # -- focus follows the pane clicked -----------------------------------------------------------

    def eventFilter(self, watched: object, event: object) -> bool:
        from PySide6.QtCore import QEvent

        if isinstance(event, QEvent) and event.type() == QEvent.Type.FocusIn:
            for n, pane in enumerate(self.panes):
                if watched is pane.view and self.current != n:
                    self.current = n
                    self._refresh()
                    self._show_zoom()
        return False

    def closeEvent(self, event: QCloseEvent) -> None:
        self._timer.stop()
        if self.loading is not None and not self.loading.done():
            self.loading.cancel()
        super().closeEvent(event)
