"""A zoomable view of one image: wheel zooms about the cursor, Fit and 100 % on demand."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPainter, QPalette, QPixmap, QResizeEvent, QWheelEvent
from PySide6.QtWidgets import (
    QFrame,
    QGraphicsPixmapItem,
    QGraphicsScene,
    QGraphicsSimpleTextItem,
    QGraphicsView,
    QWidget,
)

MIN_ZOOM, MAX_ZOOM = 0.05, 16.0


class ImageView(QGraphicsView):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setScene(QGraphicsScene(self))
        self._item = QGraphicsPixmapItem()
        self._item.setTransformationMode(Qt.TransformationMode.SmoothTransformation)
        self.scene().addItem(self._item)
        self._placeholder = QGraphicsSimpleTextItem()
        self._placeholder.setBrush(self.palette().color(QPalette.ColorRole.PlaceholderText))
        self.scene().addItem(self._placeholder)
        self.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.fitting = True  # follow the widget's size until the user zooms

    def set_placeholder(self, text: str) -> None:
        """What the view says while it has no image (failed job, not done yet)."""
        self._placeholder.setText(text)
        self._placeholder.setVisible(not self.has_image() and bool(text))
        if not self.has_image():
            self.resetTransform()
            self.scene().setSceneRect(self._placeholder.boundingRect())

    def set_pixmap(self, pixmap: QPixmap | None) -> None:
        self._item.setPixmap(pixmap or QPixmap())
        self._placeholder.setVisible(False)
        self.scene().setSceneRect(self._item.boundingRect())
        if self.fitting:
            self.fit()

    def has_image(self) -> bool:
        return not self._item.pixmap().isNull()

    @property
    def zoom(self) -> float:
        return self.transform().m11()

    def fit(self) -> None:
        self.fitting = True
        if self.has_image():
            self.fitInView(self._item, Qt.AspectRatioMode.KeepAspectRatio)

    def actual_size(self) -> None:
        self.fitting = False
        self.resetTransform()

    def zoom_by(self, factor: float) -> None:
        target = min(MAX_ZOOM, max(MIN_ZOOM, self.zoom * factor))
        self.fitting = False
        self.scale(target / self.zoom, target / self.zoom)

    def wheelEvent(self, event: QWheelEvent) -> None:
        if not self.has_image():
            return
        steps = event.angleDelta().y() / 120
        if steps:
            self.zoom_by(1.2**steps)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.fitting:
            self.fit()
