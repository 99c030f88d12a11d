"""Ctrl+V in the prompt box pastes images into the image prompts and text as text; closing the
window while jobs run asks first, and only then (issue 11)."""

from __future__ import annotations

from pathlib import Path

from PIL import Image
from PySide6.QtCore import QMimeData, Qt, QUrl
from PySide6.QtGui import QGuiApplication, QImage
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox

from mjdesk.core.api import ImagineRequest
from mjdesk.sim import Simulator
from mjdesk.ui.main_window import MainWindow

from .conftest import fake_profile, until


def paste_into_prompt(window: MainWindow) -> None:
    editor = window.imagine.editor
    editor.setFocus()
    QTest.keyClick(editor, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)


async def test_ctrl_v_in_the_prompt_adds_a_copied_image(make_window, tmp_path: Path) -> None:
    window = make_window(fake_profile())
    window.show()
    tab = window.imagine
    tab.set_prompt("a fox")
    image = QImage(200, 100, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.magenta)
    QGuiApplication.clipboard().setImage(image)
    paste_into_prompt(window)
    assert len(tab.images.tiles) == 1
    await until(lambda: not tab.images.busy, what="the pasted image")
    assert (tab.images.images()[0].width, tab.images.images()[0].height) == (200, 100)
    assert tab.editor.toPlainText() == "a fox"  # no garbage in the prompt

    # Copied image files (a file manager's Ctrl+C) go the same way.
    Image.new("RGB", (96, 72), "teal").save(tmp_path / "ref.png")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(tmp_path / "ref.png"))])
    QGuiApplication.clipboard().setMimeData(mime)
    paste_into_prompt(window)
    assert len(tab.images.tiles) == 2
    await until(lambda: not tab.images.busy, what="the pasted file")
    assert tab.images.errors == [] and tab.editor.toPlainText() == "a fox"


def test_ctrl_v_of_text_stays_text(make_window) -> None:
    window = make_window(fake_profile())
    window.show()
    tab = window.imagine
    QGuiApplication.clipboard().setText("a red fox https://example.com/a.png")
    paste_into_prompt(window)
    assert tab.editor.toPlainText() == "a red fox https://example.com/a.png"
    assert tab.images.tiles == []


def message_box(window: MainWindow) -> QMessageBox | None:
    return next((w for w in window.findChildren(QMessageBox) if w.isVisible()), None)


async def test_closing_with_running_jobs_asks_first(make_window, backend, sim: Simulator) -> None:
    from .conftest import SIM_KEY, sim_profile

    window = make_window(sim_profile(sim), SIM_KEY)
    await backend.start()
    try:
        window.show()
        # Nothing running: the window closes without a question.
        assert window.close() and not window.isVisible()
        window.show()
        sim.config.speed = 30.0  # these stay running while the test looks
        for prompt in ("a fox", "a barn"):
            backend.submit(ImagineRequest(prompt=prompt), prompt)
        await until(
            lambda: sum(backend.counts()) == 2 and all(j.task_id for j in backend.jobs), what="two running jobs"
        )
        assert not window.close()  # not yet: a question first
        box = message_box(window)
        assert box is not None and box.isModal()
        assert box.text().startswith("Jobs still running: 2.")
        assert "fetched the next time you open mjdesk" in box.text()
        box.button(QMessageBox.StandardButton.Cancel).click()
        await until(lambda: message_box(window) is None, what="the question gone")
        assert window.isVisible()

        assert not window.close()
        box = message_box(window)
        assert box is not None
        next(b for b in box.buttons() if b.text() == "Quit").click()
        await until(lambda: not window.isVisible(), what="the window closed")
        # The jobs are still in the library, unfinished: the next start resumes them.
        assert len(backend.library.unfinished_jobs()) == 2
    finally:
        await backend.aclose()
