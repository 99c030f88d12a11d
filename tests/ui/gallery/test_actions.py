"""The gallery's context menu and selection actions on a real library and the simulator."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMenu, QMessageBox

from mjdesk.core.api import ImagineRequest
from mjdesk.core.library import ImageKind, JobRecord
from mjdesk.ui.main_window import MainWindow

from ..conftest import until


async def imagine(window: MainWindow, prompt: str) -> JobRecord:
    job = window.backend.submit(ImagineRequest(prompt=prompt), prompt)
    await until(lambda: job.id is not None and job.downloaded, timeout=20, what="the imagine job")
    assert job.id is not None
    await until(lambda: window.gallery.select_job(job.id), what="its tile")
    return window.backend.library.job(job.id)


async def test_context_menu_actions(live_window: MainWindow, tmp_path: Path) -> None:
    window = live_window
    window.services.settings.download_folder = str(tmp_path / "exports")
    job = await imagine(window, "a paper boat on a pond")
    actions = window.gallery.job_actions
    menu = actions.popup(window.gallery.view.mapToGlobal(window.gallery.view.rect().center()))
    assert isinstance(menu, QMenu) and menu.isVisible()
    assert actions.copy_seed in menu.actions() and actions.delete in menu.actions()
    menu.close()
    clipboard = QGuiApplication.clipboard()

    actions.copy_prompt.trigger()
    assert clipboard.text() == (job.final_prompt or job.prompt)
    actions.copy_url.trigger()
    assert clipboard.text() == job.image_url
    actions.copy_image.trigger()
    grid = job.image(ImageKind.GRID)
    await until(lambda: not clipboard.image().isNull(), what="the image on the clipboard")
    assert (clipboard.image().width(), clipboard.image().height()) == (grid.width, grid.height)
    actions.copy_seed.trigger()
    await until(lambda: clipboard.text().isdigit(), what="the seed on the clipboard")

    # Drag out: the full-resolution file (its outbox copy with the provenance inside, once the
    # selection has made it: tests/ui/gallery/test_export_provenance.py) and its pixels.
    mime = window.gallery.view.drag_mime()
    assert mime is not None and len(mime.urls()) == 1
    dragged = Path(mime.urls()[0].toLocalFile())
    assert dragged == grid.path or dragged.read_bytes() != grid.path.read_bytes()
    assert mime.hasImage()

    actions.favourite.trigger()
    await until(lambda: window.backend.library.job(job.id).favourite, what="favourite in the library")
    # The tile learns it when the worker thread's read returns, a moment after the library has it.
    await until(lambda: window.gallery.current_job().favourite, what="favourite on the tile")

    actions.reference["imagine"].trigger()
    assert len(window.imagine.images.tiles) == 1
    assert window.tabs.currentWidget() is window.imagine
    await until(lambda: not window.imagine.images.busy, what="the reference prepared")
    assert not window.imagine.images.errors

    actions.export.trigger()
    await until(lambda: any((tmp_path / "exports").glob("*.png")), what="the export")

    actions.run_again.trigger()
    library = window.backend.library
    await until(lambda: library.count_jobs() == 2, what="the job submitted again")
    again = library.recent_jobs(1)[0]
    assert again.id != job.id and again.prompt == job.prompt and again.action == "IMAGINE"
    await until(lambda: window.gallery.model.row_of(again.id) == 0, what="the new job on top")
    await until(lambda: library.job(again.id).downloaded_at is not None, timeout=20, what="the new job done")

    # Delete: a non-blocking confirmation, then the job and its files are gone.
    await until(lambda: window.gallery.select_job(job.id), what="select the first job")
    files = [im.path for im in job.images]
    assert files and all(p.is_file() for p in files)
    actions.delete.trigger()
    box = actions.dialog
    assert isinstance(box, QMessageBox) and box.isVisible()
    delete = next(b for b in box.buttons() if box.buttonRole(b) is QMessageBox.ButtonRole.DestructiveRole)
    delete.click()
    await until(lambda: window.gallery.model.row_of(job.id) is None, what="the tile removed")
    assert library.count_jobs() == 1
    assert not any(p.exists() for p in files)


async def test_a_job_finishing_in_the_background_is_announced(live_window: MainWindow) -> None:
    window = live_window  # never activated: the designer is in another application
    assert not window.isActiveWindow()
    await imagine(window, "a quiet harbour")
    await until(lambda: bool(window.notifier.sent), what="the notification")
    title, text = window.notifier.sent[-1]
    assert title == "Job finished" and "harbour" in text


async def test_empty_gallery_invites_the_first_prompt(live_window: MainWindow) -> None:
    await until(lambda: not live_window.gallery.model.loading, what="load")
    assert live_window.gallery.model.rowCount() == 0
    assert "Imagine" in live_window.gallery.empty.text()


async def test_tweak_with_the_same_seed(live_window: MainWindow, sim) -> None:
    window = live_window
    job = await imagine(window, "a paper boat on a pond --ar 3:2")
    actions = window.gallery.job_actions
    actions.update_enabled()
    assert actions.same_seed.isEnabled()
    actions.same_seed.trigger()
    seed = sim.tasks[job.remote_id].seed
    await until(lambda: f"--seed {seed}" in window.imagine.editor.toPlainText(), what="the prompt with its seed")
    assert window.imagine.editor.toPlainText().startswith("a paper boat on a pond --ar 3:2")
    assert window.tabs.currentWidget() is window.imagine
