"""The app's one icon set: Lucide's SVG icons (mjdesk/resources/icons, ISC licence), tinted.

Servers decorate buttons with emoji (🔄 🪄 🖌️ 🔍 ⬅️ ❤️), which render as empty boxes where no
emoji font is installed; every icon here comes from the shipped SVG files instead, drawn in the
palette's button-text colour (so it follows the theme) at 1x, 2x and 3x (sharp on HiDPI screens).
The files use ``currentColor``, which is replaced by the wanted colour before rendering.
"""

from __future__ import annotations

import weakref
from functools import cache, lru_cache
from pathlib import Path

from PySide6.QtCore import QByteArray, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QIcon, QIconEngine, QImage, QPainter, QPalette, QPixmap
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QApplication, QWidget
from shiboken6 import isValid

from mjdesk.core.api.buttons import Button, ButtonKind

ICON_DIR = Path(__file__).resolve().parents[1] / "resources" / "icons"
SIZE = 16  # logical pixels of a button's icon
RATIOS = (1.0, 2.0, 3.0)  # the screen scales the icons are checked at (the engine renders any)

# The app's names for what an icon means -> the Lucide file that shows it.
NAMES: dict[str, str] = {
    "heart": "heart",
    "open": "maximize-2",
    "download": "download",
    "reference": "image-plus",
    "upscale": "image-upscale",
    "vary": "sparkles",
    "region": "square-dashed",
    "zoom-out": "zoom-out",
    "zoom-in": "zoom-in",
    "pan-left": "arrow-left",
    "pan-right": "arrow-right",
    "pan-up": "arrow-up",
    "pan-down": "arrow-down",
    "reroll": "refresh-cw",
    "video": "film",
    "play": "play",
    "pause": "pause",
    "loop": "repeat",
    "imagine": "wand-sparkles",
    "blend": "combine",
    "describe": "scan-text",
    "shorten": "scissors",
    "swap_face": "replace",
    "upload": "upload",
    "edit": "brush",
    "previous": "chevron-left",
    "next": "chevron-right",
    "close": "x",
    "compare": "columns-2",
    "fit": "scan",
    "brush": "brush",
    "eraser": "eraser",
    "rectangle": "square",
    "lasso": "lasso",
    "undo": "undo-2",
    "redo": "redo-2",
    "invert": "contrast",
    "clear": "trash-2",
    "fill": "paint-bucket",
    "show": "eye",
    "star": "star",
    "info": "info",
    "fold": "panel-left-close",
    "unfold": "panel-left-open",
    "search": "search",
    "copy": "copy",
    "folder": "folder-open",
    "warning": "circle-alert",
    "pan": "hand",
    "scale": "scaling",
    "expand": "expand",
}


@cache
def _svg(file: str) -> bytes:
    return (ICON_DIR / f"{file}.svg").read_bytes()


@lru_cache(maxsize=1024)
def _image(name: str, rgba: int, side: int, filled: bool) -> QImage:
    color = QColor.fromRgba(rgba)
    data = _svg(NAMES[name]).replace(b"currentColor", color.name().encode())
    if filled:
        data = data.replace(b'fill="none"', f'fill="{color.name()}"'.encode())
    renderer = QSvgRenderer(QByteArray(data))
    image = QImage(side, side, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setOpacity(color.alphaF())
    renderer.render(painter, QRectF(0, 0, side, side))
    painter.end()
    return image


def pixmap(name: str, color: QColor, size: int = SIZE, ratio: float = 2.0, *, filled: bool = False) -> QPixmap:
    """Icon ``name`` (a key of NAMES) in ``color``, ``size`` logical pixels at ``ratio``."""
    result = QPixmap.fromImage(_image(name, color.rgba(), round(size * ratio), filled))
    result.setDevicePixelRatio(ratio)
    return result


class _PaletteEngine(QIconEngine):
    """Draws icon ``name`` in its widget's button-text colour at paint time, so a theme switched
    while the app runs (or the viewer's own dark palette) recolours it without rebuilding it."""

    def __init__(self, name: str, widget: QWidget | None) -> None:
        super().__init__()
        self.name = name
        self._widget = weakref.ref(widget) if widget is not None else None

    def _color(self, mode: QIcon.Mode) -> QColor:
        widget = self._widget() if self._widget is not None else None
        palette = widget.palette() if widget is not None and isValid(widget) else QApplication.palette()
        group = QPalette.ColorGroup.Disabled if mode == QIcon.Mode.Disabled else QPalette.ColorGroup.Active
        return palette.color(group, QPalette.ColorRole.ButtonText)

    def scaledPixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State, scale: float) -> QPixmap:
        return pixmap(self.name, self._color(mode), min(size.width(), size.height()), scale)

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        return self.scaledPixmap(size, mode, state, 1.0)

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State) -> None:
        side = min(rect.width(), rect.height())
        picture = pixmap(self.name, self._color(mode), side, painter.device().devicePixelRatioF())
        painter.drawPixmap(QRect(rect.x(), rect.y(), side, side), picture)

    def clone(self) -> QIconEngine:
        return _PaletteEngine(self.name, self._widget() if self._widget is not None else None)


def glyph_icon(name: str, widget: QWidget | None = None) -> QIcon:
    """Icon ``name`` that follows the widget's palette (the application's without one), sharp at
    any scale: for buttons that live as long as the window, across theme switches."""
    NAMES[name]  # a wrong name fails here, not as an empty button
    return QIcon(_PaletteEngine(name, widget))


def glyph(name: str, color: QColor, size: int = SIZE) -> QPixmap:
    """A picture painted by hand (the gallery's hover actions), at 2x; ``heart-filled`` is the
    heart painted solid."""
    filled = name.endswith("-filled")
    return pixmap(name.removesuffix("-filled"), color, size, 2.0, filled=filled)


def name_for(button: Button) -> str | None:
    """The icon of a follow-up; None for buttons whose short label says it all (U1, V2, 1..4)
    and for buttons the app does not know."""
    kind = button.kind
    if kind in (ButtonKind.UPSCALE, ButtonKind.VARIATION, ButtonKind.PROMPT_ANALYZER):
        return None
    if kind is ButtonKind.PIC_READER:
        return "vary" if button.custom_id.endswith("::all") else None
    if kind is ButtonKind.PAN:
        return f"pan-{button.pan_direction}" if button.pan_direction in ("left", "right", "up", "down") else "pan-right"
    return {
        ButtonKind.UPSCALE_HD: "upscale",
        ButtonKind.VARY_SUBTLE: "vary",
        ButtonKind.VARY_STRONG: "vary",
        ButtonKind.VARY_REGION: "region",
        ButtonKind.ZOOM_OUT: "zoom-out",
        ButtonKind.CUSTOM_ZOOM: "zoom-in",
        ButtonKind.REROLL: "reroll",
        ButtonKind.RETRY: "reroll",
        ButtonKind.VIDEO: "video",
        ButtonKind.BOOKMARK: "heart",
    }.get(kind)


def button_icon(button: Button, widget: QWidget | None = None) -> QIcon:
    """The follow-up's icon in its widget's button-text colour, following theme switches (a null
    icon when it has none)."""
    name = name_for(button)
    return glyph_icon(name, widget) if name is not None else QIcon()
