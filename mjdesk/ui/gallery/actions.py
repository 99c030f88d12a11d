"""What can be done to gallery jobs: the context menu and the selection's buttons.

Every action reads the jobs it acts on when triggered (the selection or the clicked tile). File
copies, deletes and image decoding run in worker threads; dialogs open with ``open()``.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QMimeData, QObject, QPoint, Qt, QUrl, Signal
from PySide6.QtGui import QAction, QDesktopServices, QGuiApplication, QImage, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox, QWidget
from shiboken6 import isValid

from mjdesk.core.api.errors import MjError
from mjdesk.core.text import human_size, plural

from ..asyncutil import spawn
from ..job_model import JobState, state_of
from .culling import MAX_RATING, Culling, stars
from .files import Outgoing, copy_out, export_name, original, original_path, outgoing, still_path
from .model import GalleryModel, JobRole

if TYPE_CHECKING:
    from mjdesk.core.library import JobRecord, Library

    from ..backend import Backend

log = logging.getLogger(__name__)

REFERENCE_TABS = ("imagine", "blend", "describe")


def _read_image(path: Path) -> QImage:
    image = QImage(str(path))  # QImage (not QPixmap) may be made in a worker
    if image.isNull():
        raise OSError(f"cannot read {path}")
    return image


class GalleryActions(QObject):
    message = Signal(str)  # for the status bar
    use_reference = Signal(str, object)  # tab name (REFERENCE_TABS), Path
    extend_video = Signal(str)  # the task id of a finished video
    use_prompt = Signal(str)  # a prompt for the Imagine composer (same seed, to tweak one thing)
    save_reference = Signal(str, object)  # kind (sref/cref/oref), the job whose image to keep
    show_lineage = Signal(int)  # the job whose family tree to show
    deleted = Signal(object)  # set of job ids
    compare_requested = Signal(object)  # the 2-4 selected jobs (list of JobRecord)
    advance_past = Signal(object)  # job ids a reject just marked: the selection moves on past them
    exported = Signal(object, int)  # the folder (Path), how many images were copied there

    def __init__(
        self,
        backend: Backend,
        model: GalleryModel,
        selected: Callable[[], list[JobRecord]],
        downloads: Callable[[], Path],
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self.backend = backend
        self.model = model
        self._selected = selected
        self._downloads = downloads
        self._widget = parent
        self.dialog: QWidget | None = None  # the confirmation or file dialog while open (tests)
        # Groups other parts of the gallery put in the menu (collections and tags), before Dismiss.
        self.menu_groups: list[Callable[[QMenu], None]] = []

        def act(text: str, handler: Callable[[], None], shortcut: str | None = None) -> QAction:
            action = QAction(text, self)
            action.triggered.connect(handler)
            if shortcut:
                action.setShortcut(QKeySequence(shortcut))
                action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            return action

        self.copy_prompt = act(self.tr("Copy prompt"), self._copy_prompt, "Ctrl+Shift+C")
        self.copy_image = act(self.tr("Copy image"), self._copy_image, "Ctrl+C")
        self.copy_url = act(self.tr("Copy image URL"), self._copy_url)
        self.copy_seed = act(self.tr("Copy seed"), self._copy_seed)
        self.open_browser = act(self.tr("Open in browser"), self._open_browser)
        self.show_file = act(self.tr("Show the file"), self._show_file)
        self.save_as = act(self.tr("Save as…"), self._save_as, "Ctrl+S")
        self.reference = {
            "imagine": act(self.tr("Use as image prompt in Imagine"), lambda: self._reference("imagine")),
            "blend": act(self.tr("Add to Blend"), lambda: self._reference("blend")),
            "describe": act(self.tr("Describe this image"), lambda: self._reference("describe")),
        }
        self.keep_as = {
            "sref": act(self.tr("Style reference (--sref)"), lambda: self._keep_as("sref")),
            "cref": act(self.tr("Character reference (--cref)"), lambda: self._keep_as("cref")),
            "oref": act(self.tr("Omni reference (--oref)"), lambda: self._keep_as("oref")),
        }
        self.run_again = act(self.tr("Run the prompt again"), self._run_again, "Ctrl+R")
        self.same_seed = act(self.tr("Tweak with the same seed…"), self._same_seed)
        self.same_seed.setToolTip(
            self.tr("Puts the prompt and this job's seed in Imagine: change one thing, keep the rest")
        )
        self.extend = act(self.tr("Extend this video…"), self._extend_video)
        self.lineage = act(self.tr("Lineage…"), self._lineage, "L")
        self.lineage.setToolTip(self.tr("Show this job's whole family as a tree"))
        self.favourite = act(self.tr("Favourite"), self._toggle_favourite, "F")
        self.favourite.setCheckable(True)
        self.export = act(self.tr("Export to the download folder"), self._export_downloads, "Ctrl+E")
        self.export_to = act(self.tr("Export to a folder…"), self._export_choose)
        self.download = act(self.tr("Download originals again"), self._download_again)
        self.delete = act(self.tr("Delete…"), self.confirm_delete, "Delete")
        self.dismiss = act(self.tr("Dismiss"), self._dismiss)
        self.dismiss.setToolTip(self.tr("Hide this failed job from the gallery (it stays in the library)"))
        self.bring_back = act(self.tr("Bring back to the gallery"), self._bring_back)
        # The Delete key on the gallery: dismisses failed jobs (nothing to lose), asks before
        # deleting anything else. The menu's "Delete…" (whose shortcut it shows) always asks.
        self.delete_key = act(self.tr("Delete or dismiss"), self.delete_pressed, "Delete")
        self.delete.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)  # the key is delete_key's

        # Culling while browsing, as in Lightroom: 1-5 stars, 0 clears, X rejects and moves on.
        self.culling = Culling(backend, self)
        self.ratings: list[QAction] = []
        for n in range(MAX_RATING + 1):
            text = self.tr("No rating") if n == 0 else stars(n)
            action = act(text, partial(self.rate_selected, n), str(n))
            action.setCheckable(True)
            self.ratings.append(action)
        self.reject = act(self.tr("Reject"), self.toggle_reject, "X")
        self.reject.setCheckable(True)
        self.reject.setToolTip(self.tr("Mark as rejected and go to the next image; Delete rejected removes them"))
        self.compare = act(self.tr("Compare…"), self._compare, "C")
        self.compare.setToolTip(self.tr("Two to four images side by side, with what differs in their prompts"))
        self.delete_rejected = act(self.tr("Delete rejected…"), self.confirm_delete_rejected)

    def all(self) -> list[QAction]:
        return [
            self.copy_prompt,
            self.copy_image,
            self.copy_url,
            self.copy_seed,
            self.open_browser,
            self.show_file,
            self.save_as,
            *self.reference.values(),
            self.run_again,
            self.same_seed,
            self.extend,
            self.lineage,
            self.favourite,
            self.export,
            self.export_to,
            self.download,
            self.dismiss,
            self.bring_back,
            self.delete_key,
            *self.ratings,
            self.reject,
            self.compare,
            self.delete_rejected,
        ]

    # -- the menu -------------------------------------------------------------------------------

    def update_enabled(self) -> None:
        jobs = self._selected()
        one = jobs[0] if len(jobs) == 1 else None
        has_file = one is not None and original(one) is not None
        for action in (self.copy_image, self.show_file, self.save_as, *self.reference.values(), *self.keep_as.values()):
            action.setEnabled(has_file)
        self.copy_prompt.setEnabled(bool(jobs) and any(j.prompt for j in jobs))
        self.copy_url.setEnabled(one is not None and bool(one.image_url))
        self.open_browser.setEnabled(one is not None and bool(one.image_url))
        self.copy_seed.setEnabled(one is not None and one.remote_id is not None and one.status == "SUCCESS")
        self.run_again.setEnabled(
            one is not None and one.action == "IMAGINE" and bool(one.prompt) and self.backend.started
        )
        self.same_seed.setEnabled(
            one is not None and bool(one.prompt) and one.remote_id is not None and one.status == "SUCCESS"
        )
        self.extend.setEnabled(
            one is not None and one.action == "VIDEO" and one.status == "SUCCESS" and one.remote_id is not None
        )
        self.lineage.setEnabled(one is not None and self.backend.started)
        self.favourite.setEnabled(bool(jobs))
        self.favourite.setChecked(bool(jobs) and all(j.favourite for j in jobs))
        for action in (self.export, self.export_to, self.download, self.delete, self.reject, *self.ratings):
            action.setEnabled(bool(jobs))
        rating = jobs[0].rating if jobs and all(j.rating == jobs[0].rating for j in jobs) else None
        for n, action in enumerate(self.ratings):
            action.setChecked(n == rating)
        self.reject.setChecked(bool(jobs) and all(j.rejected for j in jobs))
        self.compare.setEnabled(2 <= len(jobs) <= 4)
        self.dismiss.setEnabled(bool(jobs) and all(dismissible(j) for j in jobs))
        # Only offered in the Dismissed view (an invisible QAction also reads as disabled).
        dismissed = bool(jobs) and all(j.hidden for j in jobs)
        self.bring_back.setVisible(dismissed)
        self.bring_back.setEnabled(dismissed)

    def menu(self) -> QMenu:
        self.update_enabled()
        menu = QMenu(self._widget)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        for group in (
            (self.copy_prompt, self.copy_image, self.copy_url, self.copy_seed),
            (self.open_browser, self.show_file, self.save_as),
            tuple(self.reference.values()),
            (self.run_again, self.same_seed, self.extend, self.lineage, self.favourite),
            (self.compare,),
            (self.export, self.export_to, self.download),
            (self.dismiss, self.bring_back, self.delete),
        ):
            if group[0] is self.dismiss:
                for add_group in self.menu_groups:
                    add_group(menu)
                    menu.addSeparator()
            for action in group:
                menu.addAction(action)
            if group and group[0] is self.reference["imagine"]:
                keep = menu.addMenu(self.tr("Save to the reference library"))
                keep.menuAction().setEnabled(self.keep_as["sref"].isEnabled())
                for action in self.keep_as.values():
                    keep.addAction(action)
            if group == (self.compare,):
                rating = menu.addMenu(self.tr("Rating"))
                rating.addActions(self.ratings)
                menu.addAction(self.reject)
            menu.addSeparator()
        menu.addAction(self.delete_rejected)
        return menu

    def popup(self, global_pos: QPoint) -> QMenu:
        menu = self.menu()
        menu.popup(global_pos)  # never exec(): it would stall the coroutines on the loop
        return menu

    # -- copying --------------------------------------------------------------------------------

    def _one(self) -> JobRecord | None:
        jobs = self._selected()
        return jobs[0] if jobs else None

    def _copy_prompt(self) -> None:
        prompts = [j.final_prompt or j.prompt for j in self._selected() if j.prompt]
        if prompts:
            QGuiApplication.clipboard().setText("\n".join(prompts))
            self.message.emit(self.tr("Prompt copied."))

    def _copy_image(self) -> None:
        job = self._one()
        path = original_path(job) if job is not None else None
        if path is not None:
            spawn(self._copy_image_of(path), name="copy-image")

    async def _copy_image_of(self, path: Path) -> None:
        try:
            image = await asyncio.to_thread(_read_image, path)
        except OSError:
            self.message.emit(self.tr("The image file is missing. Try “Download originals again”."))
            return
        mime = QMimeData()
        mime.setImageData(image)
        mime.setUrls([QUrl.fromLocalFile(str(path))])
        QGuiApplication.clipboard().setMimeData(mime)
        self.message.emit(self.tr("Image copied."))

    def _extend_video(self) -> None:
        job = self._one()
        if job is not None and job.action == "VIDEO" and job.remote_id:
            self.extend_video.emit(job.remote_id)

    def _copy_url(self) -> None:
        job = self._one()
        if job is not None and job.image_url:
            QGuiApplication.clipboard().setText(job.image_url)
            self.message.emit(self.tr("Image URL copied."))

    def _copy_seed(self) -> None:
        job = self._one()
        if job is not None:
            spawn(self._copy_seed_of(job), name="copy-seed")

    async def _copy_seed_of(self, job: JobRecord) -> None:
        seed = await fetch_seed(self.backend, job)
        if seed is None:
            self.message.emit(self.tr("The server did not give the seed."))
            return
        QGuiApplication.clipboard().setText(seed)
        self.message.emit(self.tr("Seed {seed} copied.").format(seed=seed))

    # -- opening, saving ------------------------------------------------------------------------

    def _open_browser(self) -> None:
        job = self._one()
        if job is not None and job.image_url:
            QDesktopServices.openUrl(QUrl(job.image_url))

    def _show_file(self) -> None:
        job = self._one()
        path = original_path(job) if job is not None else None
        if path is not None:
            # Desktops cannot select a file portably; its folder is the next best thing.
            self.open_folder(path.parent, shown=path)

    def open_folder(self, folder: Path, shown: Path | None = None) -> None:
        """Open a folder in the file manager; where there is none (openUrl says False: no
        xdg-open, a bare or sandboxed desktop), name the path and offer to copy it."""
        if QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))):
            return
        path = shown or folder
        box = QMessageBox(
            QMessageBox.Icon.Information,
            self.tr("No file manager"),
            self.tr("No file manager could be opened here. The file is:\n{path}").format(path=path)
            if shown is not None
            else self.tr("No file manager could be opened here. The folder is:\n{path}").format(path=path),
            QMessageBox.StandardButton.Close,
            self._widget,
        )
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        copy = box.addButton(self.tr("Copy path"), QMessageBox.ButtonRole.ActionRole)
        copy.clicked.connect(lambda: QGuiApplication.clipboard().setText(str(path)))
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = box
        box.open()  # not exec(): the loop keeps running

    def _save_as(self) -> None:
        job = self._one()
        image = original(job) if job is not None else None
        if job is None or image is None:
            return
        dialog = QFileDialog(self._widget, self.tr("Save image as"), str(self._downloads() / export_name(job, image)))
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.fileSelected.connect(
            lambda target: spawn(
                self._copy([Outgoing(image.path, Path(target), job, image)], replace=True), name="save-as"
            )
        )
        self.dialog = dialog
        dialog.open()

    def _reference(self, tab: str) -> None:
        job = self._one()
        if job is not None:
            self.use_as_reference(job, tab)

    def _keep_as(self, kind: str) -> None:
        job = self._one()
        if job is not None and still_path(job) is not None:
            self.save_reference.emit(kind, job)

    def use_as_reference(self, job: JobRecord, tab: str = "imagine") -> None:
        """A job's image as an input of ``tab`` (a tile's hover button: Imagine's image prompt);
        for a video, its poster frame."""
        path = still_path(job)
        if path is not None:
            self.use_reference.emit(tab, path)

    # -- jobs -----------------------------------------------------------------------------------

    def _run_again(self) -> None:
        job = self._one()
        if job is None or not job.prompt:
            return
        from mjdesk.core.api.requests import ImagineRequest

        self.backend.submit(ImagineRequest(prompt=job.prompt), job.prompt)
        self.message.emit(self.tr("Submitted again."))

    def _same_seed(self) -> None:
        job = self._one()
        if job is not None and job.prompt:
            spawn(self._same_seed_of(job), name="same-seed")

    async def _same_seed_of(self, job: JobRecord) -> None:
        """The job's prompt with its seed (image-seed), into the composer: one change, same noise."""
        from mjdesk.core import prompt as P

        seed = await fetch_seed(self.backend, job)
        if seed is None:
            self.message.emit(self.tr("The server did not give the seed."))
            return
        self.use_prompt.emit(P.set_param(job.prompt, "seed", seed))
        self.message.emit(self.tr("Seed {seed} kept: change one thing and submit.").format(seed=seed))

    def _lineage(self) -> None:
        jobs = self._selected()
        if len(jobs) == 1:
            self.show_lineage.emit(jobs[0].id)

    def _toggle_favourite(self) -> None:
        jobs = self._selected()
        if jobs:
            on = not all(j.favourite for j in jobs)
            spawn(self._set_favourite([j.id for j in jobs], on), name="favourite")

    def toggle_favourite_of(self, job_id: int) -> None:
        """The heart on a tile: that one job, whatever is selected."""
        row = self.model.row_of(job_id)
        job = self.model.index(row).data(JobRole) if row is not None else None
        if job is not None:
            spawn(self._set_favourite([job_id], not job.favourite), name="favourite")

    async def _set_favourite(self, ids: list[int], on: bool) -> None:
        library = self.backend.library

        def work() -> list[JobRecord]:
            for job_id in ids:
                library.set_favourite(job_id, on)
            return library.jobs(ids)

        for job in await asyncio.to_thread(work):
            if isValid(self.model):
                self.model.job_changed(job)

    def _download_again(self) -> None:
        for job in self._selected():
            spawn(self.backend.service.retry_downloads(job.id), name=f"download-{job.id}")
        self.message.emit(self.tr("Downloading the originals again…"))

    # -- export ---------------------------------------------------------------------------------

    def _export_downloads(self) -> None:
        self.export_jobs(self._selected(), self._downloads())

    def export_to_downloads(self, jobs: list[JobRecord]) -> None:
        """Jobs' originals into the download folder (a tile's hover button: that one job)."""
        self.export_jobs(jobs, self._downloads())

    def _export_choose(self) -> None:
        jobs = self._selected()
        if not jobs:
            return
        dialog = QFileDialog(self._widget, self.tr("Export to folder"), str(self._downloads()))
        dialog.setFileMode(QFileDialog.FileMode.Directory)
        dialog.setOption(QFileDialog.Option.ShowDirsOnly)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.fileSelected.connect(lambda folder: self.export_jobs(jobs, Path(folder)))
        self.dialog = dialog
        dialog.open()

    def export_jobs(self, jobs: list[JobRecord], folder: Path) -> None:
        items = [item for job in jobs if (item := outgoing(job, folder)) is not None]
        spawn(self._export(items, folder), name="export")

    async def _export(self, items: list[Outgoing], folder: Path) -> None:
        try:
            # Each copy carries its job's prompt, ids and server inside (mjdesk/core/provenance).
            copied = await asyncio.to_thread(copy_out, items, self._library(), self.backend.dialects())
        except OSError as exc:
            self.message.emit(
                self.tr("Could not export to {folder}: {error}").format(folder=folder, error=exc.strerror or str(exc))
            )
            return
        # Say where: the designer has to find the files next (it used to be a silent home folder).
        self.message.emit(self.export_text(folder, copied))
        self.exported.emit(folder, copied)

    def export_text(self, folder: Path, count: int) -> str:
        return self.tr("Exported to {folder} (images: {count}).").format(folder=folder, count=count)

    def _library(self) -> Library | None:
        return self.backend.library if self.backend.started else None

    async def _copy(self, items: list[Outgoing], *, replace: bool = False) -> None:
        library, dialects = self._library(), self.backend.dialects()

        def work() -> int:
            if replace:
                for item in items:
                    item.target.unlink(missing_ok=True)  # the save dialog already asked
            return copy_out(items, library, dialects)

        try:
            copied = await asyncio.to_thread(work)
        except OSError as exc:
            self.message.emit(self.tr("Could not save: {error}").format(error=exc.strerror or str(exc)))
            return
        saved = plural(copied, self.tr("{count} image saved."), self.tr("{count} images saved."))
        self.message.emit(saved.format(count=copied))

    # -- culling --------------------------------------------------------------------------------

    def rate_selected(self, rating: int, _checked: bool = False) -> None:
        self.culling.rate([j.id for j in self._selected()], rating)

    def toggle_reject(self) -> None:
        """X: reject the selected jobs (take the reject back when all are rejected already), then
        move on to the next tile, so a whole series is culled with one key."""
        jobs = self._selected()
        if not jobs:
            return
        ids = [j.id for j in jobs]
        self.culling.reject(ids, not all(j.rejected for j in jobs))
        self.advance_past.emit(ids)

    def _compare(self) -> None:
        jobs = self._selected()
        if 2 <= len(jobs) <= 4:
            self.compare_requested.emit(jobs)

    def confirm_delete_rejected(self) -> None:
        spawn(self._confirm_delete_rejected(), name="delete-rejected")

    async def _confirm_delete_rejected(self) -> None:
        """Say exactly what goes (jobs, files only they use, their size), then delete those jobs."""
        plan = await asyncio.to_thread(self.backend.library.rejected_files)
        if not isValid(self):
            return
        if not plan.jobs:
            self.message.emit(self.tr("No job is rejected: press X on an image to reject it."))
            return
        jobs = plural(plan.jobs, self.tr("{count} rejected job"), self.tr("{count} rejected jobs"))
        files = plural(plan.files, self.tr("{count} image file"), self.tr("{count} image files"))
        text = self.tr(
            "Delete {jobs} and {files} ({size}) from the library?\n"
            "Files that other jobs also use are kept. This cannot be undone."
        ).format(jobs=jobs.format(count=plan.jobs), files=files.format(count=plan.files), size=human_size(plan.bytes))
        box = QMessageBox(
            QMessageBox.Icon.Warning, self.tr("Delete rejected"), text, QMessageBox.StandardButton.Cancel, self._widget
        )
        delete = box.addButton(self.tr("Delete"), QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        ids = list(plan.job_ids)  # exactly what the question named, even if more get rejected meanwhile
        box.buttonClicked.connect(
            lambda button: spawn(self.delete_jobs(ids), name="delete-rejected") if button is delete else None
        )
        self.dialog = box
        box.open()  # not exec(): the loop keeps running

    # -- dismiss --------------------------------------------------------------------------------

    def delete_pressed(self) -> None:
        jobs = self._selected()
        if jobs and all(dismissible(j) for j in jobs):
            self._dismiss()
        else:
            self.confirm_delete()

    def _dismiss(self) -> None:
        self.dismiss_soon([j.id for j in self._selected() if dismissible(j)])

    def dismiss_soon(self, ids: list[int]) -> None:
        if ids:
            spawn(self.dismiss_jobs(ids), name="dismiss")

    async def dismiss_jobs(self, ids: list[int]) -> None:
        """Hide failed jobs from the gallery; the library keeps them (hidden flag)."""
        await self._set_hidden(ids, True, self.tr("Dismissed from the gallery: {count} (kept in the library)."))

    def _bring_back(self) -> None:
        ids = [j.id for j in self._selected() if j.hidden]
        if ids:
            spawn(self._set_hidden(ids, False, self.tr("Back in the gallery: {count}.")), name="bring-back")

    async def _set_hidden(self, ids: list[int], hidden: bool, done: str) -> None:
        """Dismiss jobs or bring them back: either way they leave the view they are shown in."""
        await asyncio.to_thread(self.backend.library.set_hidden, ids, hidden)
        if not isValid(self):
            return
        self.model.remove_jobs(set(ids) & {j.id for j in self.model.jobs()})
        self.deleted.emit(set(ids))  # gone from view: the selection (and the detail) moves on
        self.message.emit(done.format(count=len(ids)))

    # -- delete ---------------------------------------------------------------------------------

    def confirm_delete(self) -> None:
        jobs = self._selected()
        if not jobs:
            return
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            self.tr("Delete jobs"),
            plural(
                len(jobs),
                self.tr("Delete this job and its image files from the library? This cannot be undone."),
                self.tr("Delete {count} jobs and their image files from the library? This cannot be undone."),
            ).format(count=len(jobs)),
            QMessageBox.StandardButton.Cancel,
            self._widget,
        )
        delete = box.addButton(self.tr("Delete"), QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        ids = [j.id for j in jobs]
        box.buttonClicked.connect(
            lambda button: spawn(self.delete_jobs(ids), name="delete") if button is delete else None
        )
        self.dialog = box
        box.open()  # not exec(): the loop keeps running

    async def delete_jobs(self, ids: list[int]) -> None:
        library = self.backend.library
        await asyncio.to_thread(library.delete_jobs, ids, delete_files=True)
        if not isValid(self):
            return
        self.model.remove_jobs(set(ids))
        self.deleted.emit(set(ids))
        deleted = plural(len(ids), self.tr("{count} job deleted."), self.tr("{count} jobs deleted."))
        self.message.emit(deleted.format(count=len(ids)))


def dismissible(job: JobRecord) -> bool:
    """A failed job (refused, failed on the server, lost) still in sight: nothing to keep looking at."""
    return state_of(job) is JobState.FAILED and not job.hidden


async def fetch_seed(backend: Backend, job: JobRecord) -> str | None:
    """The task's seed from the server (image-seed), or None when it has none or refuses."""
    if job.remote_id is None:
        return None
    try:
        seed = await backend.service.client(job.profile).image_seed(job.remote_id)
    except (MjError, LookupError) as exc:  # the server lacks image-seed, or its profile is gone
        log.info("no seed for job %s: %s", job.id, exc)
        return None
    return seed or None
