"""The Edit action on an image of your own: paint the area, the server gets it erased; Retexture
where the server has it."""

from __future__ import annotations

import base64
import io
from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtCore import QRect

from mjdesk.sim import Simulator
from mjdesk.ui.main_window import MainWindow
from mjdesk.ui.tabs.edit import EditTab
from tests.ui.conftest import until
from tests.ui.test_jobs import add_images, photo, submit


def edit_tab(window: MainWindow) -> EditTab:
    window.mode_buttons.button(list(window._pages).index("edit") + 1).click()
    tab = window._pages["edit"].tab()
    assert isinstance(tab, EditTab) and window.tabs.currentWidget() is window._pages["edit"]
    return tab


def sent_bodies(sim: Simulator, route: str) -> list[dict]:
    return [r.json for r in sim.requests if r.path.endswith(route) and isinstance(r.json, dict)]


async def test_the_painted_area_goes_out_erased(live_window: MainWindow, sim: Simulator, tmp_path: Path) -> None:
    tab = edit_tab(live_window)
    await add_images(tab.image, photo(tmp_path, "room.png", "tan", (320, 240)))
    tab.prompt.setPlainText("a green velvet sofa")
    assert "Nothing painted" in tab.area_note.text()
    tab.paint_button.click()
    painter = tab.painter
    assert painter is not None and painter.windowTitle() == "Paint the area to repaint"
    assert not painter.prompt_edit.isVisible()  # the prompt is the tab's
    painter.document.rectangle(QRect(40, 40, 100, 80))
    painter.submit_button.click()
    await until(lambda: tab.erased is not None, what="erased image")
    assert "erased and repainted" in tab.area_note.text()
    job = await submit(live_window, tab)
    await live_window.backend.wait(job)
    (body,) = sent_bodies(sim, "/submit/edits")
    image = Image.open(io.BytesIO(base64.b64decode(body["image"].split(",", 1)[1])))
    assert image.size == (320, 240) and image.mode == "RGBA"
    assert image.getpixel((80, 70))[3] == 0 and image.getpixel((300, 220))[3] == 255
    assert body["prompt"] == "a green velvet sofa"


async def test_retexture_sends_the_whole_image(live_window: MainWindow, sim: Simulator, tmp_path: Path) -> None:
    tab = edit_tab(live_window)
    await add_images(tab.image, photo(tmp_path, "vase.png", "navy"))
    tab.prompt.setPlainText("made of glass")
    tab.mode.setCurrentIndex(1)
    assert not tab.paint_button.isEnabled() and "Retexture keeps the shapes" in tab.area_note.text()
    job = await submit(live_window, tab)
    done = await live_window.backend.wait(job)
    assert done.record is not None and done.record.action == "RETEXTURE"
    assert sent_bodies(sim, "/submit/retexture")[-1]["prompt"] == "made of glass"


@pytest.mark.parametrize("sim", ["new-api"], indirect=True)
async def test_retexture_is_refused_where_the_server_lacks_it(live_window: MainWindow, tmp_path: Path) -> None:
    tab = edit_tab(live_window)
    await add_images(tab.image, photo(tmp_path, "cup.png", "olive"))
    tab.prompt.setPlainText("ceramic")
    tab.mode.setCurrentIndex(1)
    assert "does not offer Retexture" in tab.reason.text() and not tab.submit_button.isEnabled()
    tab.mode.setCurrentIndex(0)
    assert tab.submit_button.isEnabled()
