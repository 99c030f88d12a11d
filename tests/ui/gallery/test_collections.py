"""Collections in the window, against the simulator: made from the sidebar, filled from the job menu
and by dragging tiles, shown on click, printed as a contact sheet PDF whose pages and text are read
back with Qt's own PDF reader; tags edited for a selection; the detail says where a job is filed."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, QPoint, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtPdf import QPdfDocument
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QFileDialog, QInputDialog, QMessageBox, QTreeWidgetItem

from mjdesk.core.api import ImagineRequest
from mjdesk.ui.dialogs.contact_sheet import ContactSheetDialog
from mjdesk.ui.dialogs.tags import TagsDialog
from mjdesk.ui.gallery.job_mime import JOB_IDS_MIME, job_ids_from
from mjdesk.ui.gallery.panel import GalleryPanel
from mjdesk.ui.main_window import MainWindow
from tests.support.gallery_library import finished_job

from ..conftest import fake_profile, until

PROMPTS = (
    "a lighthouse on a cliff at dusk --ar 3:2",
    "paper boats on a still lake --ar 2:3",
    "neon street in the rain --ar 16:9",
    "水彩画，雾中的群山和风 --ar 4:3",  # 风 and 水 share glyphs with radicals: they must read back as written
    "a ceramic teapot, studio light",
    "a fox in the snow, ink wash --v 7",
    "an empty chair by the window",
)


def select(gallery: GalleryPanel, job_ids: list[int]) -> None:
    selection = gallery.view.selectionModel()
    selection.clearSelection()
    for job_id in job_ids:
        row = gallery.model.row_of(job_id)
        assert row is not None
        selection.select(gallery.model.index(row), QItemSelectionModel.SelectionFlag.Select)


def item_center(gallery: GalleryPanel, item: QTreeWidgetItem) -> QPoint:
    return gallery.collections.tree.visualItemRect(item).center()


def drop(gallery: GalleryPanel, at: QPoint) -> bool:
    """What a drag of the selected tiles onto the sidebar delivers there (Qt's drag loop itself
    cannot run headless): the view's own drag data, the events a drop sends."""
    mime = gallery.view.drag_mime()
    assert mime is not None and mime.hasFormat(JOB_IDS_MIME)
    target = gallery.collections.tree.viewport()
    actions = Qt.DropAction.CopyAction
    buttons, keys = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(at, actions, mime, buttons, keys)
    QApplication.sendEvent(target, enter)
    move = QDragMoveEvent(at, actions, mime, buttons, keys)
    QApplication.sendEvent(target, move)
    if not move.isAccepted():
        return False
    dropped = QDropEvent(QPointF(at), actions, mime, buttons, keys)
    QApplication.sendEvent(target, dropped)
    return dropped.isAccepted()


def pdf_text(path: Path) -> tuple[int, list[str]]:
    document = QPdfDocument(None)
    assert document.load(str(path)) == QPdfDocument.Error.None_
    pages = [document.getAllText(i).text() for i in range(document.pageCount())]
    count = document.pageCount()
    document.close()
    return count, pages


async def test_a_collection_from_menu_and_drag_filters_and_prints(live_window: MainWindow, tmp_path: Path) -> None:
    window = live_window
    window.show()
    gallery, library = window.gallery, window.backend.library
    panel, actions = gallery.collections, gallery.collection_actions
    jobs = [window.backend.submit(ImagineRequest(prompt=p), p) for p in PROMPTS]
    await until(lambda: all(j.id is not None and j.downloaded for j in jobs), timeout=40, what="seven jobs done")
    ids = [j.id for j in jobs]
    assert all(isinstance(i, int) for i in ids)
    await until(lambda: all(gallery.model.row_of(i) is not None for i in ids), what="their tiles")  # type: ignore[arg-type]

    # A new collection from the sidebar's "+": asked with a non-blocking dialog.
    await until(lambda: panel.tree.topLevelItemCount() > 0, what="the sidebar")
    panel.new_button.click()
    ask = panel.dialog
    assert isinstance(ask, QInputDialog) and ask.isVisible()
    ask.setTextValue("Autumn 秋")
    ask.accept()
    await until(lambda: [c.name for c in panel.collections] == ["Autumn 秋"], what="the collection listed")
    autumn = panel.collections[0]
    assert autumn.count == 0

    # Five tiles into it through the job menu's "Add to collection ▸ Autumn 秋".
    chosen = ids[:5]
    select(gallery, chosen)  # type: ignore[arg-type]
    menu = gallery.job_actions.popup(gallery.view.mapToGlobal(QPoint(5, 5)))
    assert actions.add_menu.menuAction() in menu.actions()
    actions.add_menu.popup(QPoint(0, 0))  # opening it fills it with the collections
    entries = {a.text(): a for a in actions.add_menu.actions()}
    assert "New collection…" in entries
    entries["Autumn 秋"].trigger()
    actions.add_menu.close()
    menu.close()
    await until(lambda: panel.collections[0].count == 5, what="five jobs in it")

    # One more dragged onto its name; "All jobs" takes no drop.
    select(gallery, [ids[5]])  # type: ignore[list-item]
    assert job_ids_from(gallery.view.drag_mime()) == [ids[5]]  # type: ignore[arg-type]
    all_jobs = panel.tree.topLevelItem(0)
    assert not drop(gallery, item_center(gallery, all_jobs))
    item = panel.item_of(autumn.id)
    assert item is not None and item.text(1) == "5"
    assert drop(gallery, item_center(gallery, item))
    await until(lambda: panel.collections and panel.collections[0].count == 6, what="the dropped job in it")
    item = panel.item_of(autumn.id)
    assert item is not None and item.text(1) == "6"  # the count beside its name

    # Clicking the collection shows exactly its jobs.
    gallery.model.insert_incoming()
    QApplication.processEvents()
    panel.tree.scrollToItem(item)
    QTest.mouseClick(panel.tree.viewport(), Qt.MouseButton.LeftButton, pos=item_center(gallery, item))
    await until(lambda: gallery.model.filter.collection == autumn.id, what="the filter")
    await until(lambda: not gallery.model.loading and gallery.model.rowCount() == 6, what="the collection's jobs")
    assert {j.id for j in gallery.model.jobs()} == set(ids[:6])
    assert gallery.count_label.text() == "6 jobs"

    # The detail names the collection of a selected job.
    assert gallery.select_job(ids[0])  # type: ignore[arg-type]
    await until(lambda: window.detail.in_collections.text() == "Autumn 秋", what="the detail's collections")

    # Its contact sheet, four images a page: two pages, every prompt readable, page numbers.
    window.services.settings.download_folder = str(tmp_path)
    panel_menu = panel.menu_for(autumn.id)
    sheet = next(a for a in panel_menu.actions() if a.text() == "Contact sheet (PDF)…")
    sheet.trigger()
    await until(lambda: isinstance(actions.dialog, ContactSheetDialog) and actions.dialog.isVisible(), what="ask")
    dialog = actions.dialog
    assert isinstance(dialog, ContactSheetDialog)
    assert dialog.title.text() == "Autumn 秋"
    dialog.per_page.setCurrentIndex(dialog.per_page.findData(4))
    assert dialog.pages.text() == "6 images on 2 pages"
    dialog._accept()
    await until(lambda: isinstance(actions.dialog, QFileDialog) and actions.dialog.isVisible(), what="where")
    files = actions.dialog
    assert isinstance(files, QFileDialog)
    target = Path(files.selectedFiles()[0])
    assert target == tmp_path / "Autumn 秋.pdf"  # named after the collection, in the download folder
    files.accept()
    await until(lambda: gallery.export_note.isVisible() and target.is_file(), timeout=20, what="the PDF written")
    assert "2 pages" in gallery.export_note.text() and "Open folder" in gallery.export_note.text()
    pages, texts = pdf_text(target)
    assert pages == 2
    flat = [" ".join(t.split()) for t in texts]
    whole = " ".join(flat)
    for prompt in PROMPTS[:6]:
        body, _, params = prompt.partition(" --")
        assert body in whole, body
        if params:
            assert "--" + params in whole
    assert "雾中的群山和风" in whole  # as written, not as look-alike radicals (⻛, ⽔)
    assert PROMPTS[6] not in whole  # not in the collection
    assert "1 / 2" in flat[0] and "2 / 2" in flat[1]
    assert all("Autumn 秋" in page for page in flat)
    assert f"Job {ids[0]}" in whole and "sim" in whole
    assert unicodedata.normalize("NFC", whole) == whole

    # Taken out again from the menu: it leaves the view, stays in the library.
    select(gallery, [ids[5]])  # type: ignore[list-item]
    menu = gallery.job_actions.popup(gallery.view.mapToGlobal(QPoint(5, 5)))
    assert actions.remove.isVisible() and actions.remove.text() == "Remove from “Autumn 秋”"
    menu.close()
    actions.remove.trigger()
    await until(lambda: gallery.model.row_of(ids[5]) is None, what="gone from the view")  # type: ignore[arg-type]
    await until(lambda: panel.collections[0].count == 5, what="five left")

    # Deleting the collection asks, with the count, and keeps the jobs.
    box = panel.confirm_delete(panel.collections[0])
    assert isinstance(box, QMessageBox) and "5 jobs stay in the library" in box.text()
    next(b for b in box.buttons() if box.buttonRole(b) is QMessageBox.ButtonRole.DestructiveRole).click()
    await until(lambda: not panel.collections, what="the collection gone")
    await until(lambda: gallery.model.filter.collection is None, what="back to all jobs")
    await until(lambda: not gallery.model.loading and gallery.model.rowCount() == 7, what="all seven shown")
    assert library.count_jobs() == 7


async def test_tags_of_a_selection_and_the_tag_filter(make_window, library) -> None:
    jobs = [finished_job(library, f"poster {i}") for i in range(3)]
    library.add_tag(jobs[0].id, "client")
    library.add_tag(jobs[2].id, "draft")
    window: MainWindow = make_window(fake_profile())
    window.show()
    gallery = window.gallery
    await until(lambda: all(gallery.model.row_of(j.id) is not None for j in jobs), what="the tiles")
    select(gallery, [jobs[0].id, jobs[1].id])
    gallery.collection_actions.tags.trigger()
    await until(lambda: isinstance(gallery.collection_actions.dialog, TagsDialog), what="the tags dialog")
    dialog = gallery.collection_actions.dialog
    assert isinstance(dialog, TagsDialog)
    client = dialog.list.item(0)
    assert (client.text(), client.checkState()) == ("client", Qt.CheckState.PartiallyChecked)  # one of two
    completer = dialog.edit.completer()
    assert completer is not None and sorted(completer.model().stringList()) == ["client", "draft"]
    client.setCheckState(Qt.CheckState.Unchecked)
    dialog.edit.setText("Print  run")
    dialog.add_typed()
    dialog.edit.setText("DRAFT")  # the tag in use, whatever the case
    dialog.add_typed()
    add, remove = dialog.changes()
    assert (sorted(add), remove) == (["Print run", "draft"], ["client"])
    dialog._accept()
    await until(lambda: library.tags(jobs[1].id) == ["draft", "Print run"], what="tags saved")
    assert library.tags(jobs[0].id) == ["draft", "Print run"] and library.tags(jobs[2].id) == ["draft"]

    # The sidebar lists the tags with counts; a tag filters the gallery; the detail shows them.
    panel = gallery.collections
    await until(lambda: ("draft", 3) in panel.tags, what="the tags listed")
    panel.choose("tag", "Print run")
    await until(lambda: not gallery.model.loading and gallery.model.rowCount() == 2, what="the tag's jobs")
    assert {j.id for j in gallery.model.jobs()} == {jobs[0].id, jobs[1].id}
    assert gallery.select_job(jobs[0].id)
    await until(lambda: window.detail.tags.text() == "draft, Print run", what="the detail's tags")
    await until(lambda: window.detail.in_collections.text() == "—", what="in no collection")


def test_dropped_ids_from_elsewhere_are_only_digits(qtbot) -> None:
    from PySide6.QtCore import QByteArray, QMimeData

    mime = QMimeData()
    mime.setData(JOB_IDS_MIME, QByteArray(b"12,x,-3,7;9,999999999999999,4"))
    assert job_ids_from(mime) == [12, 4]
    assert job_ids_from(QMimeData()) == []
