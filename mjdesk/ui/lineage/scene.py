"""The lineage tree drawn: a node per job (its image, what made it, its state), an edge per press
labelled with it (U2, Vary (Region), Zoom Out 2x). Generations go left to right, siblings stand
one above the other in the order they were made; the places come from core/lineage_layout.py."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetrics, QPainter, QPainterPath, QPalette, QPen, QPixmap
from PySide6.QtWidgets import QGraphicsItem, QGraphicsObject, QGraphicsScene, QStyleOptionGraphicsItem, QWidget

from mjdesk.core.lineage_layout import Slot, TreeLayout, layout_tree

from ..gallery.states import badge
from ..job_texts import job_name

if TYPE_CHECKING:
    from mjdesk.core.library import JobRecord, LineageNode

NODE_W = 168
THUMB = 148  # the image's square inside a node
NODE_H = THUMB + 52  # two lines of text under it
GEN_GAP = 128  # between generations: room for an edge's label ("Vary (Region)", "Zoom Out 2x")
LANE_GAP = 28
TREE_GAP = 84  # between the original family and a chain run again, with its heading


def _clipped(text: str, metrics: QFontMetrics, width: int) -> str:
    return metrics.elidedText(text, Qt.TextElideMode.ElideRight, width)


class NodeItem(QGraphicsObject):
    """One job. Painted by hand (no child widgets): a family of a hundred jobs stays cheap."""

    def __init__(self, record: JobRecord, pixmap: Callable[[JobRecord], QPixmap | None]) -> None:
        super().__init__()
        self.record = record
        self._pixmap = pixmap
        self.current = False
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsFocusable, False)
        self.setAcceptHoverEvents(True)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setToolTip(_tooltip(record))

    @property
    def job_id(self) -> int:
        return self.record.id

    def set_record(self, record: JobRecord) -> None:
        self.record = record
        self.setToolTip(_tooltip(record))
        self.update()

    def boundingRect(self) -> QRectF:
        return QRectF(-3, -3, NODE_W + 6, NODE_H + 6)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        palette = widget.palette() if widget is not None else QPalette()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        frame = QRectF(0, 0, NODE_W, NODE_H)
        highlight = palette.color(QPalette.ColorRole.Highlight)
        painter.setPen(QPen(highlight, 3) if self.current else QPen(palette.color(QPalette.ColorRole.Mid), 1))
        painter.setBrush(palette.color(QPalette.ColorRole.Base))
        painter.drawRoundedRect(frame, 8, 8)

        square = QRectF((NODE_W - THUMB) / 2, (NODE_W - THUMB) / 2, THUMB, THUMB)
        pixmap = self._pixmap(self.record)
        if pixmap is not None and not pixmap.isNull():
            scaled = pixmap.size().scaled(int(THUMB), int(THUMB), Qt.AspectRatioMode.KeepAspectRatio)
            target = QRectF(
                square.x() + (THUMB - scaled.width()) / 2,
                square.y() + (THUMB - scaled.height()) / 2,
                scaled.width(),
                scaled.height(),
            )
            painter.drawPixmap(target, pixmap, QRectF(pixmap.rect()))
        else:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(palette.color(QPalette.ColorRole.AlternateBase))
            painter.drawRoundedRect(square, 4, 4)
            painter.setPen(palette.color(QPalette.ColorRole.PlaceholderText))
            painter.drawText(
                square, Qt.AlignmentFlag.AlignCenter, QCoreApplication.translate("Lineage", "No image yet")
            )

        found = badge(self.record)
        if found is not None:
            text, colour = found
            metrics = painter.fontMetrics()
            pill = QRectF(square.x() + 4, square.y() + 4, metrics.horizontalAdvance(text) + 14, metrics.height() + 4)
            path = QPainterPath()
            path.addRoundedRect(pill, pill.height() / 2, pill.height() / 2)
            painter.fillPath(path, colour)
            painter.setPen(QColor("white"))
            painter.drawText(pill, Qt.AlignmentFlag.AlignCenter, text)

        text_width = int(NODE_W - 16)
        bold = QFont(painter.font())
        bold.setBold(True)
        painter.setFont(bold)
        painter.setPen(palette.color(QPalette.ColorRole.Text))
        metrics = QFontMetrics(bold)
        top = square.bottom() + 6
        title = f"{job_name(self.record)} · #{self.record.id}"
        painter.drawText(
            QRectF(8, top, text_width, metrics.height()),
            Qt.AlignmentFlag.AlignLeft,
            _clipped(title, metrics, text_width),
        )
        painter.setFont(QFont(widget.font() if widget is not None else painter.font()))
        metrics = painter.fontMetrics()
        painter.setPen(palette.color(QPalette.ColorRole.PlaceholderText))
        line = " ".join(self.record.prompt.split()) or self.record.profile
        painter.drawText(
            QRectF(8, top + metrics.height() + 2, text_width, metrics.height()),
            Qt.AlignmentFlag.AlignLeft,
            _clipped(line, metrics, text_width),
        )


def _tooltip(record: JobRecord) -> str:
    from ..gallery.states import tooltip

    return tooltip(record)


class EdgeItem(QGraphicsItem):
    """A press: a curve from the parent's right edge to the child's left edge, its name on it."""

    def __init__(self, start: QPointF, end: QPointF, label: str) -> None:
        super().__init__()
        self.label = label
        self._path = QPainterPath(start)
        middle = (start.x() + end.x()) / 2
        self._path.cubicTo(QPointF(middle, start.y()), QPointF(middle, end.y()), end)
        self._at = self._path.pointAtPercent(0.5)
        self.setZValue(-1)

    def boundingRect(self) -> QRectF:
        return self._path.boundingRect().united(self._label_rect(None)).adjusted(-4, -4, 4, 4)

    def _label_rect(self, metrics: QFontMetrics | None) -> QRectF:
        width = (metrics.horizontalAdvance(self.label) if metrics is not None else len(self.label) * 8) + 12
        height = (metrics.height() if metrics is not None else 16) + 4
        return QRectF(self._at.x() - width / 2, self._at.y() - height / 2, width, height)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        palette = widget.palette() if widget is not None else QPalette()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(palette.color(QPalette.ColorRole.Mid), 2))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(self._path)
        if not self.label:
            return
        rect = self._label_rect(painter.fontMetrics())
        painter.setPen(QPen(palette.color(QPalette.ColorRole.Mid), 1))
        painter.setBrush(QBrush(palette.color(QPalette.ColorRole.Window)))
        painter.drawRoundedRect(rect, rect.height() / 2, rect.height() / 2)
        painter.setPen(palette.color(QPalette.ColorRole.WindowText))
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, self.label)


class HeadingItem(QGraphicsItem):
    """A tree's title above it (a chain run again: where and with what)."""

    def __init__(self, text: str, width: float) -> None:
        super().__init__()
        self.text = text
        self._width = width

    def boundingRect(self) -> QRectF:
        return QRectF(0, -30, max(self._width, 400), 28)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        palette = widget.palette() if widget is not None else QPalette()
        font = QFont(painter.font())
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(palette.color(QPalette.ColorRole.WindowText))
        painter.drawText(self.boundingRect(), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, self.text)


def edge_label(child: JobRecord) -> str:
    """What made the child from its parent: the press's own name ("U2", "Zoom Out 2x")."""
    return job_name(child)


class LineageScene(QGraphicsScene):
    """Families laid out one under the other; ``nodes`` by job id, ``layouts`` per family."""

    def __init__(self, pixmap: Callable[[JobRecord], QPixmap | None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._pixmap = pixmap
        self.nodes: dict[int, NodeItem] = {}
        self.edges: list[EdgeItem] = []
        self.layouts: list[TreeLayout[int]] = []

    def show_families(self, families: list[tuple[LineageNode, str]]) -> None:
        """Draw each family (its root node, and a heading or "") below the one before."""
        self.clear()
        self.nodes, self.edges, self.layouts = {}, [], []
        top = 0.0
        for root, heading in families:
            if heading:
                top += 34
            placed = layout_tree(root, lambda n: n.children, lambda n: n.job.id)
            self.layouts.append(placed)
            records = {n.job.id: n.job for n in root.walk()}
            for job_id, slot in placed.slots.items():
                node = NodeItem(records[job_id], self._pixmap)
                node.setPos(self.place(slot, top))
                self.addItem(node)
                self.nodes[job_id] = node
            for parent_id, child_id in placed.edges():
                parent, child = self.nodes[parent_id], self.nodes[child_id]
                start = parent.pos() + QPointF(NODE_W, NODE_H / 2)
                end = child.pos() + QPointF(0, NODE_H / 2)
                edge = EdgeItem(start, end, edge_label(child.record))
                self.addItem(edge)
                self.edges.append(edge)
            if heading:
                title = HeadingItem(heading, placed.depths * (NODE_W + GEN_GAP))
                title.setPos(0, top)
                self.addItem(title)
            top += placed.lanes * (NODE_H + LANE_GAP) - LANE_GAP + TREE_GAP
        self.setSceneRect(self.itemsBoundingRect().adjusted(-24, -24, 24, 24))

    @staticmethod
    def place(slot: Slot, top: float) -> QPointF:
        return QPointF(slot.depth * (NODE_W + GEN_GAP), top + slot.lane * (NODE_H + LANE_GAP))

    def layout_of(self, job_id: int) -> TreeLayout[int] | None:
        return next((placed for placed in self.layouts if job_id in placed.slots), None)
