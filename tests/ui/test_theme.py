"""The dark theme reaches every widget: the image strip, its labels, check boxes (issue 11)."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication, QCheckBox, QLabel, QWidget

from mjdesk.ui.main_window import MainWindow
from mjdesk.ui.theme import apply_theme
from mjdesk.ui.widgets.image_input import ImageInput


def luminance(c: QColor) -> float:
    def lin(v: float) -> float:
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    return 0.2126 * lin(c.redF()) + 0.7152 * lin(c.greenF()) + 0.0722 * lin(c.blueF())


def contrast(a: QColor, b: QColor) -> float:
    la, lb = sorted((luminance(a), luminance(b)))
    return (lb + 0.05) / (la + 0.05)


def ink_contrast(image: QImage, rect: QRect, background: QColor) -> float:
    """The strongest contrast any pixel in ``rect`` has against the background: the glyph ink."""
    best = 1.0
    for y in range(rect.top(), rect.bottom() + 1):
        for x in range(rect.left(), rect.right() + 1):
            best = max(best, contrast(image.pixelColor(x, y), background))
    return best


@pytest.fixture
def themed() -> Iterator[Callable[[str], None]]:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    yield lambda theme: apply_theme(app, theme)
    apply_theme(app, "system")  # the other tests run in the platform's look


def _in(window: QWidget, widget: QWidget) -> QRect:
    return QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())


def test_switching_to_dark_turns_the_image_strip_dark_with_readable_labels(
    make_window: Callable[..., MainWindow], themed: Callable[[str], None]
) -> None:
    window = make_window()
    window.resize(1300, 900)
    window.show()
    strips = [w for w in window.imagine.findChildren(ImageInput)]
    assert strips
    strip = strips[0]
    strip.window().activateWindow()
    # The designer picks "Dark" in the settings after the window is up, as in the app.
    themed("dark")
    parent = strip.parentWidget()
    while parent is not None and not strip.isVisible():
        parent.show()
        parent = parent.parentWidget()
    strip.show()
    QApplication.processEvents()
    image = window.grab().toImage()

    inside = _in(window, strip.scroll_area).center()
    background = image.pixelColor(inside)
    assert luminance(background) < 0.05, background.name()  # a dark strip, not the light one
    for label in (strip.title, strip.count, strip.empty):
        assert isinstance(label, QLabel)
        assert ink_contrast(image, _in(window, label), background) >= 4.5, label.text()
    for button in (strip.add_button, strip.paste_button):
        face = image.pixelColor(_in(window, button).topLeft() + QPoint(4, button.height() // 2))
        assert luminance(face) < 0.1, (button.text(), face.name())


def test_dark_check_boxes_have_a_visible_box(qtbot: object, themed: Callable[[str], None]) -> None:
    themed("dark")
    box = QCheckBox("Raw")
    qtbot.addWidget(box)  # type: ignore[attr-defined]
    box.show()
    image = box.grab().toImage()
    background = box.palette().color(box.backgroundRole())
    indicator = QRect(0, 0, min(box.height(), 20), box.height())
    assert ink_contrast(image, indicator, background) >= 3.0  # WCAG's minimum for a control's outline


def test_messages_stay_readable_after_the_switch(
    make_window: Callable[..., MainWindow], themed: Callable[[str], None]
) -> None:
    """The tab's "why can't I submit" line was dark red on the dark window (2.3:1)."""
    window = make_window()
    reason = window.imagine.reason
    for theme in ("dark", "light"):
        themed(theme)
        color = QColor(reason.styleSheet().split("color:")[1].split(";")[0].strip())
        background = QApplication.palette().color(reason.backgroundRole())
        assert contrast(color, background) >= 4.5, (theme, color.name())


def test_system_follows_a_dark_desktop_with_the_complete_dark_look(
    make_window: Callable[..., MainWindow], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The "system" theme (the default) on a desktop that asks for dark gets the app's own dark palette in
    every widget, and follows the desktop back to light while the app runs. (The offscreen platform
    cannot be switched to dark: what the desktop reports is stood in for.)"""
    from mjdesk.ui import theme

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    window = make_window()
    assert window.services.settings.theme == "system"
    light = app.palette().color(app.palette().ColorRole.Window).lightness()
    try:
        monkeypatch.setattr(theme, "system_is_dark", lambda _app: True)
        window._desktop_scheme_changed(None)  # the desktop switched to dark
        assert app.palette().color(app.palette().ColorRole.Window).lightness() < 80
        assert app.style().name().lower() == "fusion"
        monkeypatch.setattr(theme, "system_is_dark", lambda _app: False)
        window._desktop_scheme_changed(None)  # and back
        assert app.palette().color(app.palette().ColorRole.Window).lightness() == light
    finally:
        monkeypatch.undo()
        apply_theme(app, "system")
