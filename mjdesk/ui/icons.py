"""The app's own small icons for follow-up buttons, drawn with QPainter.

Servers decorate buttons with emoji (🔄 🪄 🖌️ 🔍 ⬅️ ❤️); where no emoji font is installed they
render as empty boxes. These icons are drawn in the palette's button-text colour, so they follow
the theme, need no font and no files (nothing to forget in the frozen bundle).
"""

from __future__ import annotations

import math
from collections.abc import Callable

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPainterPath, QPalette, QPen, QPixmap
from PySide6.QtWidgets import QApplication

from mjdesk.core.api.buttons import Button, ButtonKind

SIZE = 16  # logical pixels; drawn at 2x so it stays sharp on HiDPI screens
_SCALE = 2

Draw = Callable[[QPainter], None]


def _arrow(p: QPainter, start: QPointF, end: QPointF, head: float = 3.5) -> None:
    p.drawLine(start, end)
    angle = math.atan2(end.y() - start.y(), end.x() - start.x())
    for side in (-1, 1):
        a = angle + math.pi - side * math.pi / 4
        p.drawLine(end, QPointF(end.x() + head * math.cos(a), end.y() + head * math.sin(a)))


def _upscale(p: QPainter) -> None:
    p.drawRect(QRectF(2.5, 6.5, 7, 7))
    _arrow(p, QPointF(8, 8), QPointF(13.5, 2.5))


def _sparkle(p: QPainter, cx: float = 8, cy: float = 8, r: float = 6) -> None:
    path = QPainterPath()
    k = r * 0.22
    pts = [(0, -r), (k, -k), (r, 0), (k, k), (0, r), (-k, k), (-r, 0), (-k, -k)]
    path.moveTo(cx + pts[0][0], cy + pts[0][1])
    for x, y in pts[1:]:
        path.lineTo(cx + x, cy + y)
    path.closeSubpath()
    p.drawPath(path)


def _vary(p: QPainter) -> None:
    _sparkle(p, 6.5, 9, 5.5)
    _sparkle(p, 12.5, 4, 2.8)


def _region(p: QPainter) -> None:
    pen = p.pen()
    dashed = QPen(pen)
    dashed.setStyle(Qt.PenStyle.DashLine)
    p.setPen(dashed)
    p.drawRect(QRectF(1.5, 1.5, 13, 13))
    p.setPen(pen)
    _sparkle(p, 8, 8, 4.5)


def _magnifier(p: QPainter, sign: str) -> None:
    p.drawEllipse(QRectF(1.5, 1.5, 9, 9))
    p.drawLine(QPointF(9.2, 9.2), QPointF(14.5, 14.5))
    p.drawLine(QPointF(4, 6), QPointF(8, 6))
    if sign == "+":
        p.drawLine(QPointF(6, 4), QPointF(6, 8))


def _pan(direction: str) -> Draw:
    ends = {"left": ((13, 8), (3, 8)), "right": ((3, 8), (13, 8)), "up": ((8, 13), (8, 3)), "down": ((8, 3), (8, 13))}
    (x1, y1), (x2, y2) = ends.get(direction, ends["right"])
    return lambda p: _arrow(p, QPointF(x1, y1), QPointF(x2, y2), 4.5)


def _reroll(p: QPainter) -> None:
    p.drawArc(QRectF(2.5, 2.5, 11, 11), 90 * 16, 270 * 16)
    _arrow(p, QPointF(6, 2.5), QPointF(8.5, 2.5), 3)


def _play(p: QPainter) -> None:
    path = QPainterPath(QPointF(4.5, 2.5))
    path.lineTo(13.5, 8)
    path.lineTo(4.5, 13.5)
    path.closeSubpath()
    p.drawPath(path)


def _text_lines(p: QPainter) -> None:
    for y, right in ((4, 13.5), (8, 11), (12, 13.5)):
        p.drawLine(QPointF(2.5, y), QPointF(right, y))


def _heart(p: QPainter) -> None:
    path = QPainterPath(QPointF(8, 14))
    path.cubicTo(QPointF(1, 9), QPointF(1, 3), QPointF(5, 2.8))
    path.cubicTo(QPointF(6.6, 2.7), QPointF(7.6, 3.8), QPointF(8, 5))
    path.cubicTo(QPointF(8.4, 3.8), QPointF(9.4, 2.7), QPointF(11, 2.8))
    path.cubicTo(QPointF(15, 3), QPointF(15, 9), QPointF(8, 14))
    p.drawPath(path)


def drawing_for(button: Button) -> Draw | None:
    """How the icon of this button is drawn; None for buttons whose short label says it all (U1,
    V2, 1..4) and for buttons the app does not know."""
    kind = button.kind
    if kind in (ButtonKind.UPSCALE, ButtonKind.VARIATION, ButtonKind.PROMPT_ANALYZER):
        return None
    if kind is ButtonKind.PIC_READER:
        return _vary if button.custom_id.endswith("::all") else None
    if kind is ButtonKind.PAN:
        return _pan(button.pan_direction or "")
    return {
        ButtonKind.UPSCALE_HD: _upscale,
        ButtonKind.VARY_SUBTLE: _vary,
        ButtonKind.VARY_STRONG: _vary,
        ButtonKind.VARY_REGION: _region,
        ButtonKind.ZOOM_OUT: lambda p: _magnifier(p, "-"),
        ButtonKind.CUSTOM_ZOOM: lambda p: _magnifier(p, "+"),
        ButtonKind.REROLL: _reroll,
        ButtonKind.RETRY: _reroll,
        ButtonKind.VIDEO: _play,
        ButtonKind.BOOKMARK: _heart,
    }.get(kind)


def button_icon(button: Button, palette: QPalette | None = None) -> QIcon:
    """The button's icon in the palette's button-text colour (a null icon when it has none)."""
    draw = drawing_for(button)
    if draw is None:
        return QIcon()
    palette = palette if palette is not None else QApplication.palette()
    icon = QIcon()
    for group, mode in (
        (QPalette.ColorGroup.Active, QIcon.Mode.Normal),
        (QPalette.ColorGroup.Disabled, QIcon.Mode.Disabled),
    ):
        icon.addPixmap(_render(draw, palette.color(group, QPalette.ColorRole.ButtonText)), mode)
    return icon


def _render(draw: Draw, color: QColor) -> QPixmap:
    pixmap = QPixmap(SIZE * _SCALE, SIZE * _SCALE)
    pixmap.setDevicePixelRatio(_SCALE)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    pen = QPen(color, 1.5)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    draw(painter)
    painter.end()
    return pixmap


def _heart_filled(p: QPainter) -> None:
    p.setBrush(p.pen().color())
    _heart(p)


_GLYPHS: dict[str, Draw] = {
    "heart": _heart,
    "heart-filled": _heart_filled,
    "open": lambda p: _magnifier(p, "+"),
}


def glyph(name: str, color: QColor) -> QPixmap:
    """One of the app's own small pictures by name (the gallery's hover actions), in ``color``."""
    return _render(_GLYPHS[name], color)
