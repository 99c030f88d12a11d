"""System, light or dark: Qt's Fusion style with a dark palette, or the platform's own look."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPainter, QPalette, QPen
from PySide6.QtWidgets import QApplication, QProxyStyle, QStyle, QStyleOption, QWidget

_original: tuple[str, QPalette] | None = None

# Message colours that keep a 4.5:1 contrast on either kind of window (WCAG AA): the light pair on
# #efefef/#ffffff, the dark pair on #2b2d30/#1e1f22.
_TONES = {
    "error": ("#b03a2e", "#ff8a80"),
    "warning": ("#8a5a00", "#f0b959"),
    "ok": ("#1e7a43", "#6fcf97"),
}
# Light-window colours written into style sheets before tone() existed: on a theme switch they are
# swapped for the dark tone (and back), so no red-on-charcoal message survives the switch.
_LEGACY = {"#c0392b": "error", "#1e8449": "ok", "#9a6700": "warning", "#b9770e": "warning"}


def apply_theme(app: QApplication, theme: str) -> None:
    global _original
    if _original is None:
        # What the platform chose, so "system" can go back to it within the session.
        _original = (app.style().name(), QPalette(app.palette()))
    style, palette = _original
    if theme == "system" and not system_is_dark(app):
        app.setStyle(style)
        app.setPalette(palette)
    elif theme == "system":
        # A dark desktop: the app's own complete dark look (Fusion), not a platform palette
        # that leaves light strips in some widgets.
        app.setStyle(_VisibleIndicators("Fusion"))
        app.setPalette(dark_palette())
    else:
        app.setStyle(_VisibleIndicators("Fusion"))
        app.setPalette(dark_palette() if theme == "dark" else app.style().standardPalette())
    _refresh_style_sheets(app)


def system_is_dark(app: QApplication) -> bool:
    """The desktop asks for dark (Qt 6.5+; Unknown, as on a bare X server, is not dark)."""
    return app.styleHints().colorScheme() == Qt.ColorScheme.Dark


def is_dark(palette: QPalette | None = None) -> bool:
    palette = palette if palette is not None else QApplication.palette()
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def tone(name: str, palette: QPalette | None = None) -> str:
    """A message colour ("error", "warning", "ok") readable on the current window colour."""
    light, dark = _TONES[name]
    return dark if is_dark(palette) else light


def _refresh_style_sheets(app: QApplication) -> None:
    """Style sheets resolve ``palette(...)`` when they are applied: a widget styled before the
    theme changed keeps the old colours (black text on the dark window) and hands them down to
    its children. Setting each sheet again resolves it against the new palette."""
    dark = is_dark(app.palette())
    swaps = [(light, dark_tone) if dark else (dark_tone, light) for light, dark_tone in _TONES.values()]
    swaps += [(old, _TONES[name][1]) for old, name in _LEGACY.items()] if dark else []
    for widget in app.allWidgets():
        sheet = widget.styleSheet()
        if sheet:
            for old, new in swaps:
                sheet = sheet.replace(old, new)
            widget.setStyleSheet("")
            widget.setStyleSheet(sheet)


class _VisibleIndicators(QProxyStyle):
    """Fusion draws check boxes and radio buttons as a Base-coloured box with a rim darker than
    the window: on a dark window the box all but disappears. A rim in the text colour fixes it."""

    def name(self) -> str:  # the style is still Fusion to anyone who asks (settings, tests, logs)
        return self.baseStyle().name()

    def drawPrimitive(
        self, element: QStyle.PrimitiveElement, option: QStyleOption, painter: QPainter, widget: QWidget | None = None
    ) -> None:
        super().drawPrimitive(element, option, painter, widget)
        kinds = (QStyle.PrimitiveElement.PE_IndicatorCheckBox, QStyle.PrimitiveElement.PE_IndicatorRadioButton)
        if element not in kinds or not is_dark(option.palette):
            return
        rim = QColor(option.palette.color(QPalette.ColorRole.Text))
        rim.setAlpha(150)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(rim, 1))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        r = option.rect.adjusted(1, 1, -1, -1)
        if element is QStyle.PrimitiveElement.PE_IndicatorRadioButton:
            painter.drawEllipse(r)
        else:
            painter.drawRoundedRect(r.toRectF().adjusted(0.5, 0.5, -0.5, -0.5), 2, 2)
        painter.restore()


def dark_palette() -> QPalette:
    p = QPalette()
    role = QPalette.ColorRole
    base, window, text = QColor("#1e1f22"), QColor("#2b2d30"), QColor("#dfe1e5")
    for r, c in (
        (role.Window, window),
        (role.WindowText, text),
        (role.Base, base),
        (role.AlternateBase, QColor("#26282b")),
        (role.ToolTipBase, window),
        (role.ToolTipText, text),
        (role.Text, text),
        (role.Button, QColor("#393b40")),
        (role.ButtonText, text),
        (role.BrightText, QColor("#ff6b68")),
        (role.Highlight, QColor("#2f65ca")),
        (role.HighlightedText, QColor("#ffffff")),
        (role.Link, QColor("#589df6")),
        # Hints in placeholder grey still need 4.5:1 on the window colour (#8c8f94 had 4.3).
        (role.PlaceholderText, QColor("#a0a3a8")),
        # Mid draws frames and the image strip's dashed outline: visible against Window.
        (role.Mid, QColor("#5c5f66")),
        (role.Dark, QColor("#17181a")),
        (role.Light, QColor("#4a4d52")),
        (role.Midlight, QColor("#43454a")),
        (role.Shadow, QColor("#0d0d0e")),
    ):
        p.setColor(r, c)
    disabled = QPalette.ColorGroup.Disabled
    for r in (role.Text, role.ButtonText, role.WindowText):
        p.setColor(disabled, r, QColor("#7d8188"))
    return p
