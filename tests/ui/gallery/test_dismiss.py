"""No permanent dead tiles: withdrawn jobs (an abandoned modal step) never show in the gallery,
failed ones can be dismissed (context menu, the tile's × on hover, the Delete key); both stay in
the library, and a dismissal survives a reload (issue 11)."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox

from mjdesk.core.library import ImageKind, JobRecord, Library
from mjdesk.ui.gallery.delegate import dismiss_rect
from mjdesk.ui.main_window import MainWindow
from tests.support.gallery_library import png

from ..conftest import fake_profile, until


def refused(library: Library, prompt: str) -> JobRecord:
    job = library.add_job(profile="t", action="IMAGINE", prompt=prompt)
    return library.mark_refused(job.id, "The server refused: quota used up")


def withdrawn(library: Library, prompt: str) -> JobRecord:
    job = library.add_job(profile="t", action="IMAGINE", prompt=prompt)
    library.mark_submit_unknown(job.id, "timed out")
    return library.mark_abandoned(job.id, "The modal was abandoned.")


def done(library: Library, prompt: str) -> JobRecord:
    job = library.add_job(profile="t", action="IMAGINE", prompt=prompt)
    library.mark_submitted(job.id, f"r-{job.id}", {"code": 1})
    library.update_from_task(job.id, "SUCCESS", progress=100, terminal=True)
    library.add_image(job.id, ImageKind.GRID, png(job.id))
    return library.job(job.id)


def shown_ids(window: MainWindow) -> set[int]:
    return {j.id for j in window.gallery.model.jobs()}


async def test_withdrawn_hidden_failed_dismissible(make_window, library: Library) -> None:
    good = done(library, "a good one")
    gone = withdrawn(library, "an abandoned vary region")
    failed = [refused(library, f"failed {i}") for i in range(3)]
    window: MainWindow = make_window(fake_profile())
    window.resize(1400, 900)
    window.show()
    gallery = window.gallery
    await until(
        lambda: not gallery.model.loading and shown_ids(window) == {good.id, *(f.id for f in failed)},
        what="the gallery without the withdrawn job",
    )
    assert library.job(gone.id).id == gone.id  # still in the library
    assert gallery.model.total == 4

    # Context menu: Dismiss, only for failed jobs.
    gallery.select_job(good.id)
    assert not gallery.job_actions.dismiss.isEnabled()
    gallery.select_job(failed[0].id)
    assert (
        gallery.job_actions.dismiss.isEnabled() and gallery.job_actions.dismiss in gallery.job_actions.menu().actions()
    )
    gallery.job_actions.dismiss.trigger()
    await until(lambda: failed[0].id not in shown_ids(window), what="dismissed from the menu")
    assert library.job(failed[0].id).hidden and gallery.model.total == 3

    # The Delete key on a failed tile dismisses it (no question: nothing is lost).
    gallery.select_job(failed[1].id)
    gallery.view.setFocus()
    QTest.keyClick(gallery.view, Qt.Key.Key_Delete)
    await until(lambda: failed[1].id not in shown_ids(window), what="dismissed with Delete")
    assert library.job(failed[1].id).hidden and gallery.job_actions.dialog is None

    # The × a failed tile shows under the mouse.
    index = gallery.model.index(gallery.model.row_of(failed[2].id))
    tile = gallery.view.visualRect(index)
    cross = dismiss_rect(gallery.delegate.image_rect(tile, index.row()))
    spot = cross.center() + QPoint(0, 7)  # inside the ×'s disc, off its strokes

    def brightness() -> int:
        return QColor(gallery.view.viewport().grab().toImage().pixel(spot)).lightness()

    before = brightness()
    QTest.mouseMove(gallery.view.viewport(), tile.center())
    await until(lambda: brightness() < before - 40, what="the × drawn under the mouse")
    QTest.mouseClick(gallery.view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, cross.center())
    await until(lambda: failed[2].id not in shown_ids(window), what="dismissed with the ×")
    assert library.job(failed[2].id).hidden

    # Delete on a good job still asks before deleting anything.
    gallery.select_job(good.id)
    QTest.keyClick(gallery.view, Qt.Key.Key_Delete)
    assert isinstance(gallery.job_actions.dialog, QMessageBox) and gallery.job_actions.dialog.isVisible()
    gallery.job_actions.dialog.reject()

    # Dismissed stays dismissed.
    gallery.model.reload()
    await until(lambda: not gallery.model.loading and gallery.model.rowCount() == 1, what="reload")
    assert shown_ids(window) == {good.id}


async def test_a_modal_step_abandoned_while_shown_leaves_the_gallery(make_window, library: Library) -> None:
    window: MainWindow = make_window(fake_profile())
    window.show()
    job = library.add_job(profile="t", action="VARY_REGION", prompt="a fox")
    job = library.mark_submitted(job.id, "r-modal", {"code": 21}, status="MODAL")
    await until(lambda: not window.gallery.model.loading, what="load")
    window.gallery.model.job_changed(library.job(job.id))
    assert job.id in shown_ids(window)
    window.gallery.model.job_changed(library.mark_abandoned(job.id, "The modal was abandoned."))
    assert job.id not in shown_ids(window)


async def test_dismissed_jobs_have_their_own_view_and_can_come_back(make_window, library: Library) -> None:
    good = done(library, "a good one")
    failed = refused(library, "failed once")
    library.set_hidden([failed.id], True)
    window: MainWindow = make_window(fake_profile())
    window.show()
    gallery = window.gallery
    await until(lambda: not gallery.model.loading and shown_ids(window) == {good.id}, what="the gallery")

    status = gallery.filter_bar.status
    status.setCurrentIndex(status.findData("dismissed"))
    await until(lambda: not gallery.model.loading and shown_ids(window) == {failed.id}, what="the Dismissed view")
    gallery.select_job(failed.id)
    gallery.job_actions.update_enabled()
    assert not gallery.job_actions.dismiss.isEnabled()
    assert (
        gallery.job_actions.bring_back.isEnabled()
        and gallery.job_actions.bring_back in gallery.job_actions.menu().actions()
    )
    gallery.job_actions.bring_back.trigger()
    await until(lambda: failed.id not in shown_ids(window), what="gone from the Dismissed view")
    assert not library.job(failed.id).hidden

    status.setCurrentIndex(status.findData(None))
    await until(lambda: not gallery.model.loading and shown_ids(window) == {good.id, failed.id}, what="back")
    gallery.select_job(good.id)
    gallery.job_actions.update_enabled()
    assert not gallery.job_actions.bring_back.isEnabled()
