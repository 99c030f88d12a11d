"""The Vary Region mask as a document: image-sized 8-bit pixels, edits, undo, coverage, export.

No widgets here (QtGui only), so it is unit-tested without a window. Pixels are 0 (keep) or 255
(repaint) and nothing else: painting runs with antialiasing off, so the mask that reaches the server
is exactly what the overlay showed. Coordinates are source-image pixels; pixel (x, y) covers the
square [x, x+1) × [y, y+1), so a point at (10.5, 10.5) is the centre of pixel (10, 10).

Every edit becomes one QUndoCommand holding only the bytes of the rectangle it changed (before and
after), so a 2048×2048 mask with a hundred strokes costs the strokes' areas, not a hundred copies.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PIL import Image, ImageChops
from PySide6.QtCore import QObject, QPointF, QRect, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QPen, QPolygonF, QUndoStack

from mjdesk.core.imaging import mask_to_data_url

from .commands import InvertCommand, RegionCommand

KEEP, REPAINT = 0, 255
_WHITE, _BLACK = QColor(255, 255, 255), QColor(0, 0, 0)


class MaskDocument(QObject):
    """The mask of one image. ``changed(rect)`` reports every repainted rectangle (source pixels)."""

    changed = Signal(QRect)

    def __init__(self, width: int, height: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        if width < 1 or height < 1:
            raise ValueError(f"a mask needs a positive size, not {width}×{height}")
        self.width, self.height = width, height
        self._image = QImage(width, height, QImage.Format.Format_Grayscale8)
        self._image.fill(KEEP)
        self._painted = 0  # pixels at REPAINT, kept up to date by every write
        self.undo_stack = QUndoStack(self)
        # The stroke in progress: the mask as it was before it, its pen, last point and dirty rect.
        self._before: QImage | None = None
        self._pen: QPen | None = None
        self._last = QPointF()
        self._dirty = QRect()
        self._stroke_text = ""

    # -- reading -------------------------------------------------------------------------------

    @property
    def image(self) -> QImage:
        """The mask itself (Format_Grayscale8); read it, never paint on it."""
        return self._image

    @property
    def rect(self) -> QRect:
        return QRect(0, 0, self.width, self.height)

    @property
    def painted_pixels(self) -> int:
        return self._painted

    def coverage(self) -> float:
        """The share of the image marked for repainting, 0.0 to 1.0."""
        return self._painted / (self.width * self.height)

    def to_bytes(self) -> bytes:
        """Row-major ``width*height`` bytes without Qt's row padding."""
        return read_rect(self._image, self.rect)

    def export_data_url(self) -> str:
        """The mask as a PNG data URL of exactly the image's size. Raises MaskError when nothing or
        everything is painted (the imaging module's rule, with its translated message)."""
        return mask_to_data_url(self.to_bytes(), self.width, self.height)

    @property
    def stroking(self) -> bool:
        return self._before is not None

    # -- strokes (brush and eraser) ------------------------------------------------------------

    def begin_stroke(self, point: QPointF, diameter: float, *, erase: bool = False) -> None:
        """Start a stroke with round caps; it paints at once and becomes one command at end_stroke."""
        if self._before is not None:
            self.end_stroke()
        # A whole copy, but a transient one: the command keeps only the dirty rectangle of it.
        self._before = self._image.copy()
        self._pen = QPen(
            _BLACK if erase else _WHITE,
            max(1.0, diameter),
            Qt.PenStyle.SolidLine,
            Qt.PenCapStyle.RoundCap,
            Qt.PenJoinStyle.RoundJoin,
        )
        self._stroke_text = self.tr("Erase") if erase else self.tr("Brush stroke")
        self._dirty = QRect()
        self._last = QPointF(point)
        self._paint_segment(point, point)

    def extend_stroke(self, point: QPointF) -> None:
        if self._before is None:
            return
        if point != self._last:
            self._paint_segment(self._last, point)
            self._last = QPointF(point)

    def end_stroke(self) -> None:
        before, self._before = self._before, None
        if before is None or self._dirty.isEmpty():
            return
        self._push_change(self._dirty, read_rect(before, self._dirty), self._stroke_text)

    def cancel_stroke(self) -> None:
        """Drop the stroke in progress (e.g. Escape mid-drag), leaving no command behind."""
        before, self._before = self._before, None
        if before is not None and not self._dirty.isEmpty():
            self.write_rect(self._dirty, read_rect(before, self._dirty))

    def stroke(self, points: Sequence[QPointF], diameter: float, *, erase: bool = False) -> None:
        """A whole stroke at once (one command)."""
        if not points:
            return
        self.begin_stroke(points[0], diameter, erase=erase)
        for p in points[1:]:
            self.extend_stroke(p)
        self.end_stroke()

    def _paint_segment(self, a: QPointF, b: QPointF) -> None:
        assert self._pen is not None
        half = self._pen.widthF() / 2 + 2  # +2: aliased rounding may reach one pixel further
        bounds = QRectF(a, b).normalized().adjusted(-half, -half, half, half).toAlignedRect()
        bounds = bounds.intersected(self.rect)
        if bounds.isEmpty():
            return
        pen = self._pen

        def paint(p: QPainter) -> None:
            p.setPen(pen)
            if a == b:
                p.drawPoint(a)
            else:
                p.drawLine(a, b)

        self._paint(bounds, paint)
        self._dirty = self._dirty.united(bounds)

    # -- shapes and whole-mask edits -----------------------------------------------------------

    def rectangle(self, rect: QRect, *, erase: bool = False) -> None:
        """Pixels inside ``rect`` (integer source pixels, right/bottom exclusive as in QRect)."""
        value = KEEP if erase else REPAINT
        self._edit(
            rect.normalized(),
            lambda p: p.fillRect(rect.normalized(), QColor(value, value, value)),
            self.tr("Rectangle"),
        )

    def lasso(self, points: Sequence[QPointF], *, erase: bool = False) -> None:
        """The closed polygon through ``points``, filled (odd-even, as a lasso drawn across itself)."""
        if len(points) < 3:
            return
        polygon = QPolygonF(list(points))
        colour = _BLACK if erase else _WHITE

        def paint(p: QPainter) -> None:
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(colour)
            p.drawPolygon(polygon, Qt.FillRule.OddEvenFill)

        self._edit(polygon.boundingRect().toAlignedRect().adjusted(-1, -1, 1, 1), paint, self.tr("Lasso"))

    def fill(self) -> None:
        self._edit(self.rect, lambda p: p.fillRect(self.rect, _WHITE), self.tr("Fill"))

    def clear(self) -> None:
        self._edit(self.rect, lambda p: p.fillRect(self.rect, _BLACK), self.tr("Clear"))

    def invert(self) -> None:
        # Its own inverse: the command needs no bytes at all, however large the image.
        self._push(InvertCommand(self, self.tr("Invert")))

    # -- for the commands ----------------------------------------------------------------------

    def write_rect(self, rect: QRect, data: bytes) -> None:
        """Put ``data`` (rows of ``rect``) back into the mask; undo and redo go through here."""
        old = read_rect(self._image, rect)
        bits = memoryview(self._image.bits())  # PySide6 gives a writable memoryview; typed as any buffer
        bpl, w = self._image.bytesPerLine(), rect.width()
        for row in range(rect.height()):
            start = (rect.y() + row) * bpl + rect.x()
            bits[start : start + w] = data[row * w : (row + 1) * w]
        self._painted += data.count(REPAINT) - old.count(REPAINT)
        self.changed.emit(QRect(rect))

    def invert_pixels(self) -> None:
        self._image.invertPixels()
        self._painted = self.width * self.height - self._painted
        self.changed.emit(self.rect)

    # -- internals -----------------------------------------------------------------------------

    def _paint(self, bounds: QRect, paint: Callable[[QPainter], None]) -> None:
        """Paint without a command (a stroke's segments), keeping the count of painted pixels."""
        old = read_rect(self._image, bounds).count(REPAINT)
        painter = QPainter(self._image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        painter.setClipRect(bounds)
        paint(painter)
        painter.end()
        self._painted += read_rect(self._image, bounds).count(REPAINT) - old
        self.changed.emit(QRect(bounds))

    def _edit(self, bounds: QRect, paint: Callable[[QPainter], None], text: str) -> None:
        if self._before is not None:
            self.end_stroke()
        bounds = bounds.intersected(self.rect)
        if bounds.isEmpty():
            return
        before = read_rect(self._image, bounds)
        self._paint(bounds, paint)
        self._push_change(bounds, before, text)

    def _push_change(self, bounds: QRect, before: bytes, text: str) -> None:
        """One command for what changed inside ``bounds``, shrunk to the pixels that really differ
        (a fill over a half-painted mask keeps only the other half's bytes)."""
        after = read_rect(self._image, bounds)
        size = (bounds.width(), bounds.height())
        diff = ImageChops.difference(Image.frombytes("L", size, before), Image.frombytes("L", size, after))
        box = diff.getbbox()
        if box is None:  # a click that changed nothing leaves no undo step behind
            return
        left, top, right, bottom = box
        rect = QRect(bounds.x() + left, bounds.y() + top, right - left, bottom - top)
        if rect != bounds:
            before, after = (_crop(b, bounds.width(), box) for b in (before, after))
        self._push(RegionCommand(self, rect, before, after, text))

    def _push(self, command: RegionCommand | InvertCommand) -> None:
        self.undo_stack.push(command)


def _crop(data: bytes, width: int, box: tuple[int, int, int, int]) -> bytes:
    left, top, right, bottom = box
    return b"".join(data[y * width + left : y * width + right] for y in range(top, bottom))


def read_rect(image: QImage, rect: QRect) -> bytes:
    """The bytes of ``rect`` in an 8-bit image, row after row, without the row padding."""
    data = image.constBits()
    bpl, x, w = image.bytesPerLine(), rect.x(), rect.width()
    if x == 0 and w == bpl:
        return bytes(data[rect.y() * bpl : (rect.y() + rect.height()) * bpl])
    return b"".join(data[(y * bpl) + x : (y * bpl) + x + w] for y in range(rect.y(), rect.y() + rect.height()))
