"""System, light or dark: Qt's Fusion style with a dark palette, or the platform's own look."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

_original: tuple[str, QPalette] | None = None


def apply_theme(app: QApplication, theme: str) -> None:
    global _original
    if _original is None:
        # What the platform chose, so "system" can go back to it within the session.
        _original = (app.style().name(), QPalette(app.palette()))
    style, palette = _original
    if theme == "system":
        app.setStyle(style)
        app.setPalette(palette)
        return
    app.setStyle("Fusion")
    app.setPalette(dark_palette() if theme == "dark" else app.style().standardPalette())


def dark_palette() -> QPalette:
    p = QPalette()
    role = QPalette.ColorRole
    base, window, text = QColor("#1e1f22"), QColor("#2b2d30"), QColor("#dfe1e5")
    for r, c in (
        (role.Window, window), (role.WindowText, text), (role.Base, base),
        (role.AlternateBase, QColor("#26282b")), (role.ToolTipBase, window), (role.ToolTipText, text),
        (role.Text, text), (role.Button, QColor("#393b40")), (role.ButtonText, text),
        (role.BrightText, QColor("#ff6b68")), (role.Highlight, QColor("#2f65ca")),
        (role.HighlightedText, QColor("#ffffff")), (role.Link, QColor("#589df6")),
        (role.PlaceholderText, QColor("#8c8f94")), (role.Mid, QColor("#43454a")),
    ):
        p.setColor(r, c)
    disabled = QPalette.ColorGroup.Disabled
    for r in (role.Text, role.ButtonText, role.WindowText):
        p.setColor(disabled, r, QColor("#6f737a"))
    return p
