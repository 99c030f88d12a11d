"""Culling while browsing (issue 15), on jobs made against the simulator: 1-5 rate and 0 clears the
selected tiles, X rejects and moves to the next tile, the filter bar hides / shows / keeps only the
rejected and filters by rating, and "Delete rejected…" says exactly how many jobs and files go —
files a kept job shares by content stay — and removes them only once confirmed."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QColor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox

from mjdesk.core.api import ImagineRequest
from mjdesk.core.library import ImageKind, JobRecord, Library
from mjdesk.core.text import human_size
from mjdesk.ui.main_window import MainWindow

from ..conftest import until


async def made(window: MainWindow, prompts: list[str]) -> list[JobRecord]:
    """Imagine jobs through the window's backend, finished and downloaded, oldest first."""
    library = window.backend.library
    jobs = [window.backend.submit(ImagineRequest(prompt=p), p) for p in prompts]
    await until(lambda: all(j.id is not None for j in jobs), what="the jobs in the library")
    ids = [j.id for j in jobs]
    await until(
        lambda: all(library.job(i).downloaded_at is not None for i in ids), timeout=30, what="the jobs downloaded"
    )
    gallery = window.gallery
    await until(lambda: all(gallery.model.row_of(i) is not None for i in ids), what="the tiles")
    # The tiles' records catch up with the downloads through the service's events.
    await until(
        lambda: all(gallery.model.job_at(gallery.model.row_of(i)).cover is not None for i in ids), what="covers"
    )
    return [library.job(i) for i in ids]


def shown(window: MainWindow) -> list[int]:
    return [j.id for j in window.gallery.model.jobs()]


def select(window: MainWindow, *ids: int) -> None:
    gallery = window.gallery
    gallery.select_job(ids[0])
    for job_id in ids[1:]:
        index = gallery.model.index(gallery.model.row_of(job_id))
        gallery.view.selectionModel().select(index, QItemSelectionModel.SelectionFlag.Select)
    gallery.view.setFocus()


def key(window: MainWindow, k: Qt.Key) -> None:
    QTest.keyClick(window.gallery.view, k)


async def test_rate_and_reject_by_keys_and_filter(live_window: MainWindow) -> None:
    window = live_window
    window.show()
    window.activateWindow()  # shortcuts reach the active window only
    library: Library = window.backend.library
    await made(window, [f"a heron on a post, take {n}" for n in range(4)])
    gallery = window.gallery
    # Named by their place in the gallery (newest first: d c b a), whichever the queue sent first.
    a, b, c, d = (library.job(i) for i in reversed(shown(window)))

    select(window, c.id)
    key(window, Qt.Key.Key_3)
    await until(lambda: library.job(c.id).rating == 3, what="3 stars")
    await until(lambda: gallery.model.job_at(gallery.model.row_of(c.id)).rating == 3, what="the tile's stars")
    assert gallery.job_actions.ratings[3].isChecked()
    key(window, Qt.Key.Key_0)
    await until(lambda: library.job(c.id).rating == 0, what="the rating cleared")
    select(window, a.id, b.id)
    key(window, Qt.Key.Key_5)
    await until(lambda: library.job(a.id).rating == library.job(b.id).rating == 5, what="both selected rated")
    assert library.job(c.id).rating == 0 and library.job(d.id).rating == 0

    # X on c: rejected, gone from the default view (rejected hidden), and the next tile (b) selected.
    select(window, c.id)
    key(window, Qt.Key.Key_X)
    await until(lambda: library.job(c.id).rejected, what="rejected")
    await until(lambda: c.id not in shown(window), what="the rejected tile hidden")
    assert gallery.current_job() is not None and gallery.current_job().id == b.id
    assert gallery.model.total == 3

    # Show rejected: it is back, dimmed; X again takes the reject back (and the tile brightens).
    bar = gallery.filter_bar
    bar.rejected.setCurrentIndex(bar.rejected.findData("show"))
    await until(lambda: not gallery.model.loading and c.id in shown(window), what="rejected shown")
    window.resize(1400, 900)
    gallery.view.fit_tiles(force=True)

    def lightness() -> int:
        index = gallery.model.index(gallery.model.row_of(c.id))
        square = gallery.delegate.image_rect(gallery.view.visualRect(index), index.row())
        return QColor(gallery.view.viewport().grab().toImage().pixel(square.center())).lightness()

    await until(lambda: gallery.loader.pixmap(library.job(c.id).cover.path) is not None, what="the thumbnail")
    dimmed = lightness()
    select(window, c.id)
    key(window, Qt.Key.Key_X)
    await until(lambda: not library.job(c.id).rejected, what="reject taken back")
    await until(lambda: lightness() > dimmed + 30, what="the tile no longer dimmed")
    assert gallery.current_job().id == b.id  # moved on past it, as with a reject

    # Only rejected; then a rating filter.
    library.set_rejected([d.id], True)
    bar.rejected.setCurrentIndex(bar.rejected.findData("only"))
    await until(lambda: not gallery.model.loading and shown(window) == [d.id], what="only the rejected")
    bar.rejected.setCurrentIndex(bar.rejected.findData("hide"))
    bar.rating.setCurrentIndex(bar.rating.findData(4))
    await until(lambda: not gallery.model.loading and shown(window) == [b.id, a.id], what="4 stars or more")
    # Rated down below the filter: the tile leaves at once.
    select(window, b.id)
    key(window, Qt.Key.Key_2)
    await until(lambda: shown(window) == [a.id], what="rated below the filter")


async def test_delete_rejected_says_what_goes_and_removes_exactly_that(live_window: MainWindow) -> None:
    window = live_window
    window.show()
    library: Library = window.backend.library
    kept, twin, lone = await made(window, ["a kept lighthouse", "a rejected lighthouse", "a rejected pier"])
    # The kept job holds a copy of the twin's grid (imported twice, say): that file must stay.
    twin_grid = twin.image(ImageKind.GRID)
    assert twin_grid is not None
    library.add_image(kept.id, ImageKind.OTHER, twin_grid.path)
    library.set_rejected([twin.id, lone.id], True)
    kept_files = {im.sha256 for im in library.images(kept.id)}
    doomed = {(im.sha256, im.path, im.size) for j in (twin, lone) for im in library.images(j.id)}
    going = {(sha, path, size) for sha, path, size in doomed if sha not in kept_files}
    assert len(going) < len(doomed)  # the shared grid is not among them
    size = human_size(sum(s for _sha, _p, s in going))

    actions = window.gallery.job_actions
    assert actions.delete_rejected in actions.menu().actions()

    async def question() -> QMessageBox:
        actions.dialog = None
        actions.delete_rejected.trigger()
        await until(lambda: isinstance(actions.dialog, QMessageBox) and actions.dialog.isVisible(), what="question")
        assert isinstance(actions.dialog, QMessageBox)
        return actions.dialog

    box = await question()
    text = box.text()
    assert "2 rejected jobs" in text and f"{len(going)} image files" in text and size in text, text
    box.button(QMessageBox.StandardButton.Cancel).click()
    await until(lambda: not box.isVisible(), what="cancelled")
    assert {j.id for j in library.jobs([twin.id, lone.id])} == {twin.id, lone.id}
    assert all(path.exists() for _sha, path, _s in doomed)

    box = await question()
    delete = next(b for b in box.buttons() if box.buttonRole(b) == QMessageBox.ButtonRole.DestructiveRole)
    delete.click()
    await until(lambda: not library.jobs([twin.id, lone.id]), what="the rejected jobs deleted")
    await until(lambda: not any(path.exists() for _sha, path, _s in going), what="their own files removed")
    assert twin_grid.path.exists()  # the kept job's copy
    assert [j.id for j in library.recent_jobs()] == [kept.id]
    assert all(im.path.exists() for im in library.images(kept.id))

    # Nothing rejected: no question, a sentence.
    messages: list[str] = []
    actions.message.connect(messages.append)
    actions.dialog = None
    actions.delete_rejected.trigger()
    await until(lambda: any("No job is rejected" in m for m in messages), what="nothing to delete")
    assert actions.dialog is None


async def test_a_gallery_of_rejects_only_says_so(live_window: MainWindow) -> None:
    window = live_window
    window.show()
    library: Library = window.backend.library
    jobs = await made(window, ["a kettle, take 1", "a kettle, take 2"])
    library.set_rejected([j.id for j in jobs], True)
    window.gallery.model.reload()
    empty = window.gallery.empty
    await until(lambda: "rejected" in empty.text(), what="the empty gallery's word")
    assert "All 2 jobs here are rejected" in empty.text() and "Nothing here yet" not in empty.text()
