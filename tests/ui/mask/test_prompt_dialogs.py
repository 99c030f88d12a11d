"""The other modal answers: Custom Zoom (--zoom/--ar written into the prompt) and Remix."""

from __future__ import annotations

import asyncio

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from mjdesk.ui.dialogs.custom_zoom import CustomZoomDialog, ask_custom_zoom, format_zoom
from mjdesk.ui.dialogs.remix import RemixDialog, ask_remix

from ..conftest import until

ORIGINAL = "https://x.test/ref.png a lighthouse at dawn, film grain --stylize 250 --v 7"


@pytest.fixture
def zoom(qtbot) -> CustomZoomDialog:
    d = CustomZoomDialog(ORIGINAL)
    qtbot.addWidget(d)
    d.show()
    return d


def test_custom_zoom_defaults_to_1_5_and_writes_it_into_the_prompt(zoom: CustomZoomDialog) -> None:
    assert zoom.zoom_spin.value() == 1.5 and zoom.zoom_slider.value() == 150
    assert zoom.prompt() == ORIGINAL + " --zoom 1.5"
    assert zoom.submit_button.isEnabled()


def test_custom_zoom_factor_and_aspect_ratio(qtbot, zoom: CustomZoomDialog) -> None:
    zoom.zoom_spin.setValue(1.75)
    zoom.ar_combo.setCurrentIndex(zoom.ar_combo.findData("16:9"))
    assert zoom.prompt() == ORIGINAL + " --zoom 1.75 --ar 16:9"
    zoom.zoom_slider.setValue(200)
    assert zoom.zoom_spin.value() == 2.0 and zoom.prompt() == ORIGINAL + " --zoom 2 --ar 16:9"
    zoom.ar_combo.setCurrentIndex(zoom.ar_combo.findData("custom"))
    zoom.ar_width.setValue(5)
    zoom.ar_height.setValue(4)
    assert zoom.prompt().endswith("--zoom 2 --ar 5:4")
    zoom.ar_combo.setCurrentIndex(0)  # keep: the prompt had no --ar, so none again
    assert zoom.prompt() == ORIGINAL + " --zoom 2"
    with qtbot.waitSignal(zoom.submitted) as blocker:
        zoom.submit_button.click()
    assert blocker.args == [ORIGINAL + " --zoom 2"]


def test_existing_zoom_and_ar_are_replaced_in_place(qtbot) -> None:
    d = CustomZoomDialog("a cat --ar 3:2 --zoom 1.2 --tile")
    qtbot.addWidget(d)
    assert d.zoom_spin.value() == pytest.approx(1.2)  # the prompt's own value wins over 1.5
    assert d.ar_combo.currentData() == "keep" and "3:2" in d.ar_combo.currentText()
    d.zoom_spin.setValue(1.75)
    d.ar_combo.setCurrentIndex(d.ar_combo.findData("16:9"))
    assert d.prompt() == "a cat --ar 16:9 --zoom 1.75 --tile"


def test_typing_in_the_prompt_moves_the_controls_and_bad_zoom_blocks(qtbot, zoom: CustomZoomDialog) -> None:
    zoom.editor.setPlainText("a fox --zoom 1.85 --ar 9:16")
    assert zoom.zoom_spin.value() == pytest.approx(1.85) and zoom.ar_combo.currentData() == "9:16"
    zoom.editor.setPlainText("a fox --zoom 3")
    assert not zoom.submit_button.isEnabled()
    assert "--zoom" in zoom.reason.text()
    zoom.editor.setPlainText("a fox")
    assert zoom.reason.text() == "Custom Zoom needs --zoom with a value from 1 to 2."


def test_format_zoom() -> None:
    assert [format_zoom(v) for v in (1.0, 1.5, 1.75, 2.0, 1.05)] == ["1", "1.5", "1.75", "2", "1.05"]


def test_remix_returns_the_edited_prompt(qtbot) -> None:
    d = RemixDialog("a red fox --ar 2:3", "Remix: Vary (Strong)")
    qtbot.addWidget(d)
    d.show()
    d.activateWindow()  # shortcuts only reach the active window
    qtbot.waitUntil(lambda: QApplication.activeWindow() is d)
    assert d.windowTitle() == "Remix: Vary (Strong)"
    d.editor.setPlainText("a red fox in snow\n--ar 2:3")
    with qtbot.waitSignal(d.submitted) as blocker:
        QTest.keyClick(d.editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert blocker.args == ["a red fox in snow --ar 2:3"]
    assert d.result() == QDialog.DialogCode.Accepted


def test_remix_refuses_an_empty_prompt(qtbot) -> None:
    d = RemixDialog("", "Remix")
    qtbot.addWidget(d)
    assert not d.submit_button.isEnabled() and d.reason.text() == "Write a prompt."


async def test_ask_helpers_return_the_prompt_or_none_on_cancel(qtbot) -> None:
    window = QWidget()  # stays open, as the main window does, so closing the dialog does not quit
    qtbot.addWidget(window)
    window.show()

    def opened(kind: type[QDialog]) -> QDialog | None:
        return next((w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()), None)

    task = asyncio.ensure_future(ask_custom_zoom(window, "a harbour"))
    await until(lambda: opened(CustomZoomDialog) is not None, what="Custom Zoom")
    d = opened(CustomZoomDialog)
    d.zoom_spin.setValue(1.75)  # type: ignore[union-attr]
    d.submit_button.click()  # type: ignore[union-attr]
    assert await asyncio.wait_for(task, 5) == "a harbour --zoom 1.75"

    task = asyncio.ensure_future(ask_custom_zoom(window, "a harbour"))
    await until(lambda: opened(CustomZoomDialog) is not None, what="Custom Zoom")
    opened(CustomZoomDialog).reject()  # type: ignore[union-attr]
    assert await asyncio.wait_for(task, 5) is None

    task = asyncio.ensure_future(ask_remix(window, "a harbour at night", "Remix"))
    await until(lambda: opened(RemixDialog) is not None, what="Remix")
    d = opened(RemixDialog)
    d.editor.setPlainText("a harbour at noon")  # type: ignore[union-attr]
    d.submit_button.click()  # type: ignore[union-attr]
    assert await asyncio.wait_for(task, 5) == "a harbour at noon"

    task = asyncio.ensure_future(ask_remix(window, "a harbour at night", "Remix"))
    await until(lambda: opened(RemixDialog) is not None, what="Remix")
    QTest.keyClick(opened(RemixDialog), Qt.Key.Key_Escape)  # type: ignore[arg-type]
    assert await asyncio.wait_for(task, 5) is None
