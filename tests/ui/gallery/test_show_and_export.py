"""Files leaving the gallery say where they went: "Show the file" without a file manager names the
path and offers to copy it; an export says which folder it wrote to, with an "Open folder" link;
the default export folder is the Pictures folder, never the bare home folder (issue 11)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QObject, QUrl, Slot
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QMessageBox

from mjdesk.core.library import ImageKind, JobRecord, Library
from mjdesk.ui.main_window import MainWindow
from tests.support.gallery_library import png

from ..conftest import fake_profile, until


def job_with_file(library: Library, prompt: str = "a paper boat") -> JobRecord:
    job = library.add_job(profile="t", action="IMAGINE", prompt=prompt)
    library.mark_submitted(job.id, f"r-{job.id}", {"code": 1})
    library.update_from_task(job.id, "SUCCESS", progress=100, terminal=True)
    library.add_image(job.id, ImageKind.GRID, png(job.id))
    return library.job(job.id)


async def window_on(make_window, library: Library, job: JobRecord) -> MainWindow:
    window: MainWindow = make_window(fake_profile())
    window.show()
    await until(lambda: window.gallery.select_job(job.id), what="the job's tile")
    return window


class Opener(QObject):
    """Stands in for the desktop's file manager through Qt's own URL-handler hook."""

    def __init__(self) -> None:
        super().__init__()
        self.opened: list[QUrl] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.opened.append(url)


# Qt says that it cannot open the folder: that is the case under test.
@pytest.mark.qt_log_ignore("does not support QPlatformServices::openDocument")
async def test_show_the_file_without_a_file_manager_names_the_path(make_window, library: Library) -> None:
    job = job_with_file(library)
    window = await window_on(make_window, library, job)
    actions = window.gallery.job_actions
    folder = str(job.image(ImageKind.GRID).path.parent)

    # The offscreen platform has no file manager: openUrl says False, as on a bare desktop.
    actions.show_file.trigger()
    box = actions.dialog
    assert isinstance(box, QMessageBox) and box.isVisible()
    assert folder in box.text()
    copy = next(b for b in box.buttons() if b.text() == "Copy path")
    copy.click()
    assert QGuiApplication.clipboard().text() == str(job.image(ImageKind.GRID).path)

    # With a file manager, the folder opens and nothing is asked.
    opener = Opener()
    QDesktopServices.setUrlHandler("file", opener, "open")
    try:
        actions.dialog = None
        actions.show_file.trigger()
        assert [u.toLocalFile() for u in opener.opened] == [folder]
        assert actions.dialog is None
    finally:
        QDesktopServices.unsetUrlHandler("file")


async def test_export_says_where_and_defaults_to_pictures(
    make_window, library: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path / "home"))  # no download folder set, no Pictures yet
    (tmp_path / "home").mkdir()
    job = job_with_file(library)
    window = await window_on(make_window, library, job)
    messages: list[str] = []
    window.gallery.message.connect(messages.append)
    window.gallery.job_actions.export.trigger()
    pictures = tmp_path / "home" / "Pictures"
    await until(lambda: bool(messages), what="the export message")
    assert [p.name for p in pictures.iterdir()] and not [p for p in (tmp_path / "home").iterdir() if p.is_file()]
    assert str(pictures) in messages[-1] and str(pictures) in window.statusBar().currentMessage()
    note = window.gallery.export_note
    assert note.isVisible() and str(pictures) in note.text()

    opener = Opener()
    QDesktopServices.setUrlHandler("file", opener, "open")
    try:
        note.linkActivated.emit(note.property("folder_url"))
        assert [u.toLocalFile() for u in opener.opened] == [str(pictures)]
    finally:
        QDesktopServices.unsetUrlHandler("file")
