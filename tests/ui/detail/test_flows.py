"""The designer's path on the simulator, through the window: imagine → pick a candidate (keys 1–4)
→ U2 pressed in the detail panel → Vary Region painted with real mouse events → modal answered
(the simulator gets a mask of the image's size with the painted fraction) → Custom Zoom → Remix;
closing a dialog abandons the modal; lineage links navigate; a search typed into the gallery finds
the remixed job — on every dialect."""

from __future__ import annotations

import math

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QPushButton

from mjdesk.core.api import ButtonKind, Dialect, ImagineRequest, parse_custom_id
from mjdesk.core.library import ImageKind, JobRecord
from mjdesk.ui.dialogs.custom_zoom import CustomZoomDialog
from mjdesk.ui.dialogs.remix import RemixDialog
from mjdesk.ui.main_window import MainWindow
from mjdesk.ui.mask.painter_dialog import VaryRegionDialog

from ..conftest import until


def top_level(cls: type) -> object | None:
    return next((w for w in QApplication.topLevelWidgets() if isinstance(w, cls) and w.isVisible()), None)


async def finished_job(window: MainWindow, job_id: int) -> JobRecord:
    library = window.backend.library
    await until(lambda: library.job(job_id).downloaded_at is not None, timeout=20, what=f"job {job_id}")
    return library.job(job_id)


def button(window: MainWindow, kind: ButtonKind, index: int | None = None) -> QPushButton:
    for widget in window.detail.action_buttons():
        found = parse_custom_id(widget.property("custom_id"))
        if found[0] is kind and (index is None or found[1] == index):
            return widget
    raise AssertionError(f"no {kind} button among {[b.text() for b in window.detail.action_buttons()]}")


async def select(window: MainWindow, job_id: int) -> None:
    await until(lambda: window.gallery.select_job(job_id), what=f"tile of job {job_id}")
    # The tile's record catches up with the library through the service's events.
    await until(
        lambda: (
            window.detail.job is not None
            and window.detail.job.id == job_id
            and window.detail.job.updated_at >= window.backend.library.job(job_id).updated_at
        ),
        what="detail",
    )


async def imagine(window: MainWindow, prompt: str) -> JobRecord:
    job = window.backend.submit(ImagineRequest(prompt=prompt), prompt)
    await until(lambda: job.id is not None, what="the job in the library")
    assert job.id is not None
    await until(lambda: window.gallery.model.row_of(job.id) == 0, what="the job at the top of the gallery")
    return await finished_job(window, job.id)


async def child_of(window: MainWindow, parent_id: int) -> JobRecord:
    library = window.backend.library
    await until(lambda: bool(library.children(parent_id)), what="the child job")
    child = library.children(parent_id)[-1]
    await until(lambda: window.gallery.model.row_of(child.id) == 0, timeout=2, what="the child in the gallery")
    return child


@pytest.mark.parametrize("sim", [d.value for d in Dialect], indirect=True)
async def test_imagine_u2_vary_region_custom_zoom_remix_search(live_window: MainWindow, sim) -> None:
    window = live_window
    window.show()
    grid = await imagine(window, "a lighthouse at dawn --ar 4:3")
    await select(window, grid.id)
    detail = window.detail

    # Keys 1-4 show the split candidates and 0 the whole grid in the detail panel; Alt+1-4 and
    # Alt+0 in the gallery while browsing (its plain digits are star ratings).
    for n in (1, 2, 3, 4):
        for host, modifier in (
            (detail.view, Qt.KeyboardModifier.NoModifier),
            (window.gallery.view, Qt.KeyboardModifier.AltModifier),
        ):
            host.setFocus()
            QTest.keyClick(host, Qt.Key(Qt.Key.Key_0 + n), modifier)
            assert detail.image_path() == grid.image(ImageKind.CANDIDATE, n).path, (host, detail.candidate)
            QTest.keyClick(host, Qt.Key.Key_0, modifier)
            assert detail.candidate == 0
        detail.view.setFocus()
        QTest.keyClick(detail.view, Qt.Key(Qt.Key.Key_0 + n))
    await until(lambda: detail.view.has_image(), what="a candidate shown")
    QTest.keyClick(detail.view, Qt.Key.Key_0)
    assert detail.candidate == 0

    # U2 from the task's own buttons; the child shows in the gallery at once.
    QTest.mouseClick(button(window, ButtonKind.UPSCALE, 2), Qt.MouseButton.LeftButton)
    upscale = await child_of(window, grid.id)
    assert upscale.parent_button and parse_custom_id(upscale.parent_button) == (ButtonKind.UPSCALE, 2)
    upscale = await finished_job(window, upscale.id)
    await select(window, upscale.id)

    # Vary (Region): the painter over the upscale, painted with the mouse.
    button(window, ButtonKind.VARY_REGION).click()
    await until(lambda: top_level(VaryRegionDialog) is not None, what="the painter")
    d = top_level(VaryRegionDialog)
    assert isinstance(d, VaryRegionDialog)
    w, h = d.image.width(), d.image.height()
    assert (w, h) == (upscale.image(ImageKind.UPSCALE).width or w, upscale.image(ImageKind.UPSCALE).height or h)
    d.view.set_zoom(0.5)
    d.set_brush_size(40)
    viewport = d.view.viewport()
    a, b = d.view.mapFromScene(QPointF(w * 0.3, h * 0.5)), d.view.mapFromScene(QPointF(w * 0.7, h * 0.5))
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, a)
    for x in range(a.x(), b.x(), 6):
        QTest.mouseMove(viewport, QPoint(x, a.y()))
    QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, b)
    length = d.view.mapToScene(b).x() - d.view.mapToScene(a).x()
    painted = 40 * length + math.pi * 20**2
    coverage = d.document.coverage()
    d.submit_button.click()
    await until(lambda: len(sim.masks) == 1, what="the mask at the server")
    mask = sim.masks[-1]
    assert (mask.width, mask.height) == (w, h)
    assert mask.white_fraction == pytest.approx(coverage, abs=1e-9)
    assert mask.white_fraction == pytest.approx(painted / (w * h), rel=0.15)
    region = await child_of(window, upscale.id)
    assert parse_custom_id(region.parent_button or "")[0] is ButtonKind.VARY_REGION
    await until(lambda: window.backend.library.job(region.id).status != "MODAL", what="the modal answered")

    # Custom Zoom: its dialog; the answer carries --zoom.
    await select(window, upscale.id)
    button(window, ButtonKind.CUSTOM_ZOOM).click()
    await until(lambda: top_level(CustomZoomDialog) is not None, what="the zoom dialog")
    zoom = top_level(CustomZoomDialog)
    assert isinstance(zoom, CustomZoomDialog)
    zoom.zoom_spin.setValue(1.8)
    zoom.submit_button.click()
    zoomed = await child_of(window, upscale.id)
    assert parse_custom_id(zoomed.parent_button or "")[0] is ButtonKind.CUSTOM_ZOOM
    await until(lambda: window.backend.library.job(zoomed.id).status != "MODAL", what="zoom answered")
    assert "--zoom 1.8" in sim.tasks[zoomed.remote_id].prompt_en

    # Remix: V1 with Remix on opens the prompt editor with the server's finalPrompt; we change it.
    # Only trueai's request can ask for the modal; elsewhere the box is not offered at all.
    await select(window, grid.id)
    if sim.config.dialect != "trueai":
        assert detail.remix.isHidden()
        varied = await imagine(window, "a lighthouse at dusk, storm --ar 4:3")  # the changed prompt, anew
        await search_finds(window, "dusk", varied.id, {grid.id, upscale.id, region.id, zoomed.id})
        return
    detail.remix.setChecked(True)
    button(window, ButtonKind.VARIATION, 1).click()
    await until(lambda: top_level(RemixDialog) is not None, what="the remix editor")
    remix = top_level(RemixDialog)
    assert isinstance(remix, RemixDialog)
    assert "lighthouse" in remix.prompt()
    remix.editor.setPlainText("a lighthouse at dusk, storm --ar 4:3")
    remix.submit_button.click()
    varied = await child_of(window, grid.id)
    await until(lambda: window.backend.library.job(varied.id).status != "MODAL", what="remix answered")
    assert "dusk" in sim.tasks[varied.remote_id].prompt_en

    # Closing the dialog abandons the modal: the job is closed, never left waiting.
    button(window, ButtonKind.VARIATION, 2).click()
    await until(lambda: top_level(RemixDialog) is not None, what="the remix editor again")
    closing = top_level(RemixDialog)
    assert isinstance(closing, RemixDialog)
    closing.reject()
    abandoned = await child_of(window, grid.id)
    await until(lambda: window.backend.library.job(abandoned.id).status == "CANCEL", what="abandoned")

    # Lineage: the grid's children are links; one click goes there (detail and gallery selection).
    await select(window, grid.id)
    await until(lambda: len(detail.lineage_links()) == 3, what="lineage links")
    link = next(b for b in detail.lineage_links() if b.property("job_id") == upscale.id)
    link.click()
    await until(lambda: detail.job is not None and detail.job.id == upscale.id, what="navigation")
    assert window.gallery.current_job() is not None and window.gallery.current_job().id == upscale.id

    await search_finds(window, "dusk", varied.id, {grid.id, upscale.id, region.id, zoomed.id})


async def search_finds(window: MainWindow, word: str, job_id: int, others: set[int]) -> None:
    """Typed into the gallery's filter bar, ``word`` leaves only ``job_id``; clearing it brings the
    others back."""
    search = window.gallery.filter_bar.search
    search.setFocus()
    QTest.keyClicks(search, word)
    await until(lambda: [j.id for j in window.gallery.model.jobs()] == [job_id], what="the search result")
    search.clear()
    every = {job_id, *others}
    await until(lambda: every <= {j.id for j in window.gallery.model.jobs()}, what="every job back")
