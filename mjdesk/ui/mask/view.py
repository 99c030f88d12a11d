"""The painting surface: the image and the mask overlay in a scene whose unit is one source pixel.

Only the view's transform zooms, so every mouse position maps (``mapToScene``) straight to source
pixels and the document never hears about zoom. Pan with space + drag or the middle button; the
wheel zooms around the cursor.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, QPointF, QRect, QRectF, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QImage,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPen,
    QPixmap,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QGraphicsEllipseItem,
    QGraphicsItem,
    QGraphicsPixmapItem,
    QGraphicsScene,
    QGraphicsView,
    QStyleOptionGraphicsItem,
    QWidget,
)

from .document import MaskDocument
from .tools import MIN_BRUSH, Tool

MIN_ZOOM, MAX_ZOOM = 0.02, 32.0
WHEEL_STEP = 1.25  # per notch: eight notches go from fit to about six times closer


class _MaskLayer(QGraphicsItem):
    """An image of the mask's size over the photo, drawn only where exposed."""

    def __init__(self, document: MaskDocument) -> None:
        super().__init__()
        self.document = document
        self._image = QImage(document.width, document.height, QImage.Format.Format_ARGB32_Premultiplied)
        self._image.fill(Qt.GlobalColor.transparent)

    def boundingRect(self) -> QRectF:
        return QRectF(self.document.rect)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        exposed = option.exposedRect.toAlignedRect().intersected(self.document.rect)
        painter.drawImage(exposed, self._image, exposed)


class MaskOverlay(_MaskLayer):
    """The mask drawn in one colour where it is white. The coloured copy is kept up to date per
    changed rectangle, so a brush dab on a 2048² mask recolours a few hundred pixels, not 4 M."""

    def __init__(self, document: MaskDocument, color: QColor) -> None:
        super().__init__(document)
        self._color = QColor(color)
        self._color.setAlpha(255)  # the item's opacity gives the transparency
        self._recolor(document.rect)
        document.changed.connect(self._recolor)

    def set_color(self, color: QColor) -> None:
        self._color = QColor(color)
        self._color.setAlpha(255)
        self._recolor(self.document.rect)

    def _recolor(self, rect: QRect) -> None:
        # The grey mask read as alpha: 255 → opaque, 0 → transparent; then tinted in one pass.
        alpha = self.document.image.copy(rect)
        alpha.reinterpretAsFormat(QImage.Format.Format_Alpha8)
        painter = QPainter(self._image)
        painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_Source)
        painter.drawImage(rect.topLeft(), alpha)
        painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceIn)
        painter.fillRect(rect, self._color)
        painter.end()
        self.update(QRectF(rect))


class MaskEdge(_MaskLayer):
    """A dark ring around the painted area, drawn at full strength whatever the overlay's opacity:
    a half-transparent red wash alone disappears on a bright or red image; its outline does not.

    The ring is ``ring`` source pixels wide (about two screen pixels at the view's zoom); it is
    kept in an image updated per changed rectangle, and rebuilt only when the zoom changes it."""

    def __init__(self, document: MaskDocument) -> None:
        super().__init__(document)
        self.ring = 0
        document.changed.connect(self._update)

    def set_ring(self, ring: int) -> None:
        ring = max(1, ring)
        if ring != self.ring:
            self.ring = ring
            self._update(self.document.rect)

    def _update(self, rect: QRect) -> None:
        if not self.ring:
            return
        r = self.ring
        area = rect.adjusted(-r, -r, r, r).intersected(self.document.rect)
        mask = self.document.image.copy(area.adjusted(-r, -r, r, r).intersected(self.document.rect))
        origin = area.adjusted(-r, -r, r, r).intersected(self.document.rect).topLeft()
        mask.reinterpretAsFormat(QImage.Format.Format_Alpha8)
        painter = QPainter(self._image)
        painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_Source)
        painter.fillRect(area, Qt.GlobalColor.transparent)
        painter.setClipRect(area)
        painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceOver)
        for dx, dy in ((-r, 0), (r, 0), (0, -r), (0, r)):  # the mask grown by the ring...
            painter.drawImage(origin + QPoint(dx, dy), mask)
        painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_DestinationOut)
        painter.drawImage(origin, mask)  # ...minus the mask itself: only the ring stays
        painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceIn)
        painter.fillRect(area, QColor(0, 0, 0, 200))
        painter.end()
        self.update(QRectF(area))


class MaskView(QGraphicsView):
    """Signals: ``cursor_moved(QPoint | None)`` in source pixels (None when off the image),
    ``zoom_changed(float)`` (1.0 = 100 %)."""

    cursor_moved = Signal(object)
    zoom_changed = Signal(float)

    def __init__(self, document: MaskDocument, image: QImage, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.tool = Tool.BRUSH
        self.brush_size = 32
        self._fit_mode = True  # follow the window size until the user zooms by hand
        self._pan_from: QPoint | None = None
        self._space = False
        self._shape_from: QPointF | None = None
        self._lasso: list[QPointF] = []

        scene = QGraphicsScene(self)
        scene.setSceneRect(QRectF(document.rect))
        self.setScene(scene)
        self.photo = QGraphicsPixmapItem(QPixmap.fromImage(image))
        self.photo.setTransformationMode(Qt.TransformationMode.SmoothTransformation)
        scene.addItem(self.photo)
        self.overlay = MaskOverlay(document, QColor("#ff2d55"))
        self.overlay.setOpacity(0.5)
        scene.addItem(self.overlay)
        self.edge = MaskEdge(document)
        scene.addItem(self.edge)
        # Two screen pixels of ring at the current zoom.
        self.zoom_changed.connect(lambda zoom: self.edge.set_ring(min(64, round(2 / max(zoom, 0.01)))))

        # The brush outline: white over black, one screen pixel wide at any zoom, seen on any image.
        self._cursor_items: list[QGraphicsEllipseItem] = []
        for color, width in ((QColor(0, 0, 0, 160), 3), (QColor(255, 255, 255), 1)):
            item = QGraphicsEllipseItem()
            pen = QPen(color, width)
            pen.setCosmetic(True)
            item.setPen(pen)
            item.setVisible(False)
            item.setZValue(10)
            scene.addItem(item)
            self._cursor_items.append(item)
        shape_pen = QPen(QColor(255, 255, 255), 1, Qt.PenStyle.DashLine)
        shape_pen.setCosmetic(True)
        self._rect_item = scene.addRect(QRectF(), shape_pen, QBrush(QColor(255, 255, 255, 40)))
        self._path_item = scene.addPath(QPainterPath(), shape_pen, QBrush(QColor(255, 255, 255, 40)))
        for shape in (self._rect_item, self._path_item):
            shape.setZValue(9)
            shape.setVisible(False)

        self.setBackgroundBrush(QColor("#2b2b2b"))
        self.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setDragMode(QGraphicsView.DragMode.NoDrag)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.viewport().setMouseTracking(True)
        self._update_cursor_shape()

    # -- settings ------------------------------------------------------------------------------

    def set_tool(self, tool: Tool) -> None:
        self._cancel_shape()
        self.tool = tool
        self._update_cursor_shape()

    def set_brush_size(self, size: int) -> None:
        self.brush_size = max(MIN_BRUSH, size)
        self._place_brush_outline(self._last_scene_pos())

    def set_overlay_color(self, color: QColor) -> None:
        self.overlay.set_color(color)

    def set_overlay_opacity(self, opacity: float) -> None:
        self.overlay.setOpacity(opacity)

    # -- zoom ----------------------------------------------------------------------------------

    def zoom(self) -> float:
        return self.transform().m11()

    def set_zoom(self, zoom: float, *, anchor: QPoint | None = None) -> None:
        """Zoom to ``zoom`` (1.0 = one screen pixel per source pixel), keeping the scene point under
        ``anchor`` (viewport coordinates; the centre by default) in place."""
        zoom = min(MAX_ZOOM, max(MIN_ZOOM, zoom))
        self._fit_mode = False
        centre = anchor if anchor is not None else self.viewport().rect().center()
        before = self.mapToScene(centre)
        self.resetTransform()
        self.scale(zoom, zoom)
        # Keep the point under the anchor fixed; AnchorUnderMouse would follow the real mouse instead.
        delta = self.mapFromScene(before) - centre
        self.horizontalScrollBar().setValue(self.horizontalScrollBar().value() + delta.x())
        self.verticalScrollBar().setValue(self.verticalScrollBar().value() + delta.y())
        self.zoom_changed.emit(zoom)

    def zoom_by(self, factor: float, *, anchor: QPoint | None = None) -> None:
        self.set_zoom(self.zoom() * factor, anchor=anchor)

    def zoom_fit(self) -> None:
        self.fitInView(self.scene().sceneRect(), Qt.AspectRatioMode.KeepAspectRatio)
        self._fit_mode = True
        self.zoom_changed.emit(self.zoom())

    def zoom_actual(self) -> None:
        self.set_zoom(1.0)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._fit_mode:
            self.zoom_fit()

    def wheelEvent(self, event: QWheelEvent) -> None:
        delta = event.angleDelta()
        if abs(delta.x()) > abs(delta.y()) or event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
            super().wheelEvent(event)  # sideways (or shift+wheel) scrolls as usual
            return
        if delta.y():
            self.zoom_by(WHEEL_STEP ** (delta.y() / 120), anchor=event.position().toPoint())
        event.accept()

    # -- mouse ---------------------------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        button = event.button()
        if button == Qt.MouseButton.MiddleButton or (button == Qt.MouseButton.LeftButton and self._space):
            self._pan_from = event.position().toPoint()
            self.viewport().setCursor(Qt.CursorShape.ClosedHandCursor)
            event.accept()
            return
        if button != Qt.MouseButton.LeftButton:
            super().mousePressEvent(event)
            return
        pos = self.mapToScene(event.position().toPoint())
        if self.tool.strokes:
            self.document.begin_stroke(pos, self.brush_size, erase=self.tool is Tool.ERASER)
        elif self.tool is Tool.RECTANGLE:
            self._shape_from = pos
            self._rect_item.setRect(QRectF(pos, pos))
            self._rect_item.setVisible(True)
        else:
            self._lasso = [pos]
            self._path_item.setPath(QPainterPath(pos))
            self._path_item.setVisible(True)
        event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        point = event.position().toPoint()
        pos = self.mapToScene(point)
        self._report_cursor(pos)
        if self._pan_from is not None:
            delta = point - self._pan_from
            self._pan_from = point
            self.horizontalScrollBar().setValue(self.horizontalScrollBar().value() - delta.x())
            self.verticalScrollBar().setValue(self.verticalScrollBar().value() - delta.y())
        elif self.document.stroking:
            self.document.extend_stroke(pos)
        elif self._shape_from is not None:
            self._rect_item.setRect(QRectF(self._shape_from, pos).normalized())
        elif self._lasso:
            self._lasso.append(pos)
            path = self._path_item.path()
            path.lineTo(pos)
            self._path_item.setPath(path)
        self._place_brush_outline(pos)
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._pan_from is not None and event.button() in (Qt.MouseButton.MiddleButton, Qt.MouseButton.LeftButton):
            self._pan_from = None
            self._update_cursor_shape()
        elif event.button() == Qt.MouseButton.LeftButton:
            pos = self.mapToScene(event.position().toPoint())
            if self.document.stroking:
                self.document.extend_stroke(pos)
                self.document.end_stroke()
            elif self._shape_from is not None:
                self.document.rectangle(pixel_rect(self._shape_from, pos))
            elif self._lasso:
                self._lasso.append(pos)
                self.document.lasso(self._lasso)
            self._cancel_shape()
        event.accept()

    def leaveEvent(self, event: QEvent) -> None:
        for item in self._cursor_items:
            item.setVisible(False)
        self.cursor_moved.emit(None)
        super().leaveEvent(event)

    # -- keys ----------------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Space:
            if not event.isAutoRepeat():
                self._space = True
                self._update_cursor_shape()
            event.accept()
        elif event.key() == Qt.Key.Key_Escape and (self.document.stroking or self._shape_from or self._lasso):
            self.document.cancel_stroke()
            self._cancel_shape()
            event.accept()  # Escape mid-drag drops the drag, not the whole dialog
        else:
            super().keyPressEvent(event)

    def keyReleaseEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Space and not event.isAutoRepeat():
            self._space = False
            self._update_cursor_shape()
            event.accept()
        else:
            super().keyReleaseEvent(event)

    # -- internals -----------------------------------------------------------------------------

    def _cancel_shape(self) -> None:
        self._shape_from = None
        self._lasso = []
        self._rect_item.setVisible(False)
        self._path_item.setVisible(False)

    def _update_cursor_shape(self) -> None:
        # While painting, the circle item shows the brush size and the cross marks its centre.
        hand = self._space or self._pan_from is not None
        self.viewport().setCursor(Qt.CursorShape.OpenHandCursor if hand else Qt.CursorShape.CrossCursor)
        if not self.tool.strokes or self._space:
            for item in self._cursor_items:
                item.setVisible(False)

    def _last_scene_pos(self) -> QPointF | None:
        if not self.viewport().underMouse():
            return None
        return self.mapToScene(self.viewport().mapFromGlobal(self.cursor().pos()))

    def _place_brush_outline(self, pos: QPointF | None) -> None:
        visible = pos is not None and self.tool.strokes and not self._space and self._pan_from is None
        for item in self._cursor_items:
            item.setVisible(visible)
            if pos is not None:
                r = self.brush_size / 2
                item.setRect(QRectF(pos.x() - r, pos.y() - r, 2 * r, 2 * r))

    def _report_cursor(self, pos: QPointF) -> None:
        x, y = int(pos.x() // 1), int(pos.y() // 1)
        inside = 0 <= x < self.document.width and 0 <= y < self.document.height
        self.cursor_moved.emit(QPoint(x, y) if inside else None)


def pixel_rect(a: QPointF, b: QPointF) -> QRect:
    """The pixels a rectangle dragged from ``a`` to ``b`` covers: edges rounded to pixel borders."""
    left, right = sorted((round(a.x()), round(b.x())))
    top, bottom = sorted((round(a.y()), round(b.y())))
    return QRect(left, top, right - left, bottom - top)
