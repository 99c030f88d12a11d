"""Pressing a follow-up button, and the modal answers some buttons ask for (server code 21).

Vary Region opens the mask painter over the parent's image, Custom Zoom its dialog, everything
else (Remix, PicReader, ...) the prompt editor pre-filled with the server's ``finalPrompt``.
Closing a dialog abandons the modal: cancelled on the server where it can be, closed locally.
"""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QWidget

from mjdesk.core.api.buttons import ButtonKind, parse_custom_id
from mjdesk.core.api.errors import MjError
from mjdesk.core.jobs.prefill import modal_prefill

from ..gallery.files import original_path

if TYPE_CHECKING:
    from mjdesk.core.library import JobRecord

    from ..backend import Backend

log = logging.getLogger(__name__)


async def press(backend: Backend, job: JobRecord, custom_id: str, parent: QWidget, *, remix: bool = False) -> JobRecord:
    """Send the button of ``job``; the child job reaches the gallery through the service's
    "added" event before the server answers. Answers a modal straight away when one is asked."""
    if job.remote_id is None:
        raise ValueError("a job without a task id has no buttons")
    from mjdesk.core.api.buttons import asks_the_user
    from mjdesk.core.api.requests import ActionRequest  # here: the window is built before requests are needed

    request = ActionRequest(task_id=job.remote_id, custom_id=custom_id, enable_remix=remix)
    # A press that asks the user something (a mask, a zoom, a Remix prompt) goes out now: they
    # wait for that question. Every other press waits its turn in the queue like any job.
    child = await backend.service.submit(
        job.profile,
        request,
        parent_job_id=job.id,
        parent_button=custom_id,
        when_queue_full="defer",
        queued=False if remix or asks_the_user(custom_id) else None,
    )
    if child.modal_pending:
        child = await answer_modal(backend, child, parent)
    return child


def _read_image(path: Path) -> QImage:
    image = QImage(str(path))
    if image.isNull():
        raise OSError(f"cannot read {path}")
    return image


async def answer_modal(backend: Backend, child: JobRecord, parent: QWidget) -> JobRecord:
    """Ask the user for what the waiting modal needs and send it; abandon it when they close."""
    from ..dialogs.custom_zoom import ask_custom_zoom
    from ..dialogs.remix import ask_remix
    from ..mask.painter_dialog import ask_vary_region

    library = backend.library
    parent_job = await asyncio.to_thread(library.job, child.parent_job_id) if child.parent_job_id else None
    kind = parse_custom_id(child.parent_button or "")[0]
    prompt = modal_prefill(child, parent_job)
    mask: str | None = None
    answer: str | None
    if kind is ButtonKind.VARY_REGION:
        path = original_path(parent_job) if parent_job is not None else None
        if path is None:
            raise OSError("the image to paint on is not in the library yet")
        image = await asyncio.to_thread(_read_image, path)
        painted = await ask_vary_region(parent, image, prompt)
        answer, mask = (painted[1], painted[0]) if painted is not None else (None, None)
    elif kind is ButtonKind.CUSTOM_ZOOM:
        answer = await ask_custom_zoom(parent, prompt)
    else:
        title = (
            QCoreApplication.translate("Modal", "Imagine from this prompt")
            if kind is ButtonKind.PIC_READER
            else QCoreApplication.translate("Modal", "Remix")
        )
        answer = await ask_remix(parent, prompt, title)
    if answer is None:
        return await backend.service.abandon_modal(child.id)
    try:
        return await backend.service.submit_modal(child.id, answer, mask)
    except MjError:
        log.info("the server refused the modal answer of job %s; it still waits", child.id)
        raise
