"""The compare window's image views and what keeps them together.

Every image is laid into its scene ``SCENE_WIDTH`` units wide, whatever its pixels: the same zoom
and the same relative centre then show the same part of each image, so a wheel or a drag in one
pane is copied to the others as (zoom, centre) — an upscale beside its grid lines up. "100 %" is
one screen pixel per pixel of the widest image.

A big image also gets a small copy (``preview``, made in the worker): while the zoom shows fewer
screen pixels than it has, the view paints that one — a smooth downscale of a 4096-pixel upscale
costs ~40 ms per paint, of its 1600-pixel copy ~5.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QObject, QPointF, Qt, Signal
from PySide6.QtGui import QPainter, QPixmap, QResizeEvent, QTransform, QWheelEvent
from PySide6.QtWidgets import (
    QFrame,
    QGraphicsPixmapItem,
    QGraphicsScene,
    QGraphicsSimpleTextItem,
    QGraphicsView,
    QWidget,
)

from ..viewer import BACKDROP, INK

SCENE_WIDTH = 1000.0
MIN_ZOOM, MAX_ZOOM = 0.02, 64.0  # scene units: 64 is 100 % of a 4096-pixel-wide upscale, doubled
WHEEL_STEP = 1.2


class CompareView(QGraphicsView):
    """One or more images (the flicker view holds two and shows one), zoomed and panned by wheel
    and drag; ``moved`` says the user did so, for the others to follow."""

    moved = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setScene(QGraphicsScene(self))
        self._items: list[QGraphicsPixmapItem] = []
        self._levels: list[tuple[QPixmap, QPixmap | None]] = []  # per slot: full size, small copy
        self.natural_widths: list[int] = []  # the source images' pixel widths, for "100 %"
        self._shown = 0
        self._placeholder = QGraphicsSimpleTextItem()
        self._placeholder.setBrush(INK)  # on the dark backdrop, whatever the theme
        self.scene().addItem(self._placeholder)
        self.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setBackgroundBrush(BACKDROP)  # images are judged against a neutral dark surround
        self.fitting = True  # follow the widget's size until the user zooms
        self._following = False  # set while another view's move is copied here: not a user move
        for bar in (self.horizontalScrollBar(), self.verticalScrollBar()):
            bar.valueChanged.connect(self._scrolled)

    # -- content --------------------------------------------------------------------------------

    def set_placeholder(self, text: str) -> None:
        self._placeholder.setText(text)
        self._placeholder.setVisible(not self.has_image())
        if not self.has_image():
            self.resetTransform()
            self.scene().setSceneRect(self._placeholder.boundingRect())

    def set_image(self, slot: int, pixmap: QPixmap, natural_width: int, preview: QPixmap | None = None) -> None:
        """Put an image in ``slot`` (0, or 1 for the flicker view's B), scaled to the scene's width;
        ``preview``: a smaller copy painted while the zoom does not need more."""
        while len(self._items) <= slot:
            item = QGraphicsPixmapItem()
            item.setTransformationMode(Qt.TransformationMode.SmoothTransformation)
            item.setVisible(False)
            self.scene().addItem(item)
            self._items.append(item)
            self._levels.append((QPixmap(), None))
            self.natural_widths.append(0)
        item = self._items[slot]
        self._levels[slot] = (pixmap, preview)
        self._put(item, pixmap)
        self.natural_widths[slot] = natural_width
        self._placeholder.setVisible(False)
        tallest = max(i.boundingRect().height() * i.scale() for i in self._items if not i.pixmap().isNull())
        self.scene().setSceneRect(0, 0, SCENE_WIDTH, tallest)
        self.show_slot(self._shown)
        if self.fitting:
            self.fit()

    @staticmethod
    def _put(item: QGraphicsPixmapItem, pixmap: QPixmap) -> None:
        if item.pixmap().cacheKey() != pixmap.cacheKey():
            item.setPixmap(pixmap)
            item.setScale(SCENE_WIDTH / max(1, pixmap.width()))

    def _pick_levels(self) -> None:
        """The small copy while the screen shows no more pixels than it has, else the full image."""
        on_screen = self.zoom * SCENE_WIDTH  # screen pixels across the image
        for item, (full, preview) in zip(self._items, self._levels, strict=True):
            small = preview is not None and on_screen <= preview.width()
            self._put(item, preview if small and preview is not None else full)

    def painted_width(self, slot: int = 0) -> int:
        """The pixel width of what the view paints for ``slot`` now (tests, the benchmark)."""
        return self._items[slot].pixmap().width()

    def has_image(self) -> bool:
        return any(not i.pixmap().isNull() for i in self._items)

    def show_slot(self, slot: int) -> None:
        """Which image a view holding several shows (the flicker view's A or B)."""
        self._shown = slot
        for n, item in enumerate(self._items):
            item.setVisible(n == slot)

    @property
    def shown(self) -> int:
        return self._shown

    # -- zoom and pan ---------------------------------------------------------------------------

    @property
    def zoom(self) -> float:
        return self.transform().m11()

    def centre(self) -> QPointF:
        """The viewport's centre as a fraction of the scene (0-1 across and down)."""
        size = self.viewport().size()
        return self._centre_at(size.width(), size.height())

    def fit(self) -> None:
        self.fitting = True
        if self.has_image():
            self.fitInView(self.scene().sceneRect(), Qt.AspectRatioMode.KeepAspectRatio)
            self._pick_levels()

    def zoom_by(self, factor: float) -> None:
        self.set_zoom(self.zoom * factor)

    def set_zoom(self, zoom: float) -> None:
        target = min(MAX_ZOOM, max(MIN_ZOOM, zoom))
        self.fitting = False
        self.scale(target / self.zoom, target / self.zoom)
        self._pick_levels()

    def follow(self, zoom: float, centre: QPointF, fitting: bool) -> None:
        """Show what another view shows: its zoom, centred on the same part of the image."""
        self._following = True
        try:
            if fitting:
                self.fit()
                return
            self.fitting = False
            self.setTransform(QTransform.fromScale(zoom, zoom))
            self._pick_levels()
            rect = self.scene().sceneRect()
            self.centerOn(rect.x() + centre.x() * rect.width(), rect.y() + centre.y() * rect.height())
        finally:
            self._following = False

    def wheelEvent(self, event: QWheelEvent) -> None:
        steps = event.angleDelta().y() / 120
        if self.has_image() and steps:
            self.zoom_by(WHEEL_STEP**steps)
            self.moved.emit()
        event.accept()

    def _scrolled(self, _value: int) -> None:
        if not self._following:
            self.moved.emit()

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._following = True  # a new size is not the user panning
        try:
            # The same part of the image stays in the middle (the resize anchor alone loses it
            # when a hidden view is first laid out).
            old = event.oldSize()
            centre = self._centre_at(old.width(), old.height()) if old.isValid() and not old.isEmpty() else None
            super().resizeEvent(event)
            if self.fitting:
                self.fit()
            elif centre is not None:
                rect = self.scene().sceneRect()
                self.centerOn(rect.x() + centre.x() * rect.width(), rect.y() + centre.y() * rect.height())
        finally:
            self._following = False

    def _centre_at(self, width: int, height: int) -> QPointF:
        rect = self.scene().sceneRect()
        point = self.mapToScene(width // 2, height // 2)
        return QPointF(
            (point.x() - rect.x()) / max(1.0, rect.width()), (point.y() - rect.y()) / max(1.0, rect.height())
        )


class ViewSync(QObject):
    """Copies one view's zoom and pan to the others as the user moves it."""

    zoom_changed = Signal()

    def __init__(self, views: Sequence[CompareView], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.views = list(views)
        self._busy = False
        for view in self.views:
            view.moved.connect(self._moved)

    def _moved(self) -> None:
        source = self.sender()
        if isinstance(source, CompareView):
            self.follow(source)

    def follow(self, source: CompareView) -> None:
        if self._busy:
            return
        self._busy = True
        try:
            zoom, centre = source.zoom, source.centre()
            for view in self.views:
                if view is not source:
                    view.follow(zoom, centre, source.fitting)
        finally:
            self._busy = False
        self.zoom_changed.emit()

    def fit(self) -> None:
        for view in self.views:
            view.fit()
        self.zoom_changed.emit()

    def actual_size(self, around: CompareView) -> None:
        """100 %: one screen pixel per pixel of the widest image, about ``around``'s centre."""
        widest = max((w for v in self.views for w in v.natural_widths), default=0)
        if not widest:
            return
        around.set_zoom(widest / SCENE_WIDTH)
        self.follow(around)

    def percent(self, view: CompareView) -> int | None:
        """The zoom as a percentage of the widest image's pixels; None before any image is in."""
        widest = max((w for v in self.views for w in v.natural_widths), default=0)
        if not widest:
            return None
        return round(view.zoom * SCENE_WIDTH / widest * 100)
