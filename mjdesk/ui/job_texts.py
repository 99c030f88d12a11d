"""How a job is described in words: its action, where it stands, and what went wrong.

Shared by the job list, the gallery, the detail panel and the action tabs. The translation context
stays "JobList", where these strings were first written.
"""

from __future__ import annotations

import re
import time
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from mjdesk.core.api.dialects import Endpoint
from mjdesk.core.api.errors import NetworkError, SubmitOutcomeUnknown

from .job_model import Job, JobState
from .texts import error_text

if TYPE_CHECKING:
    from mjdesk.core.library import JobRecord


def endpoint_label(endpoint: Endpoint) -> str:
    labels = {
        Endpoint.IMAGINE: QCoreApplication.translate("JobList", "Imagine"),
        Endpoint.BLEND: QCoreApplication.translate("JobList", "Blend"),
        Endpoint.DESCRIBE: QCoreApplication.translate("JobList", "Describe"),
        Endpoint.SHORTEN: QCoreApplication.translate("JobList", "Shorten"),
        Endpoint.SWAP_FACE: QCoreApplication.translate("JobList", "Swap Face"),
        Endpoint.VIDEO: QCoreApplication.translate("JobList", "Video"),
        Endpoint.UPLOAD: QCoreApplication.translate("JobList", "Upload"),
        Endpoint.ACTION: QCoreApplication.translate("JobList", "Follow-up"),
        Endpoint.MODAL: QCoreApplication.translate("JobList", "Answers to the server's questions"),
        Endpoint.CHANGE: QCoreApplication.translate("JobList", "Follow-up (older form)"),
        Endpoint.SIMPLE_CHANGE: QCoreApplication.translate("JobList", "Follow-up by text"),
        Endpoint.EDITS: QCoreApplication.translate("JobList", "Edit"),
        Endpoint.RETEXTURE: QCoreApplication.translate("JobList", "Retexture"),
        Endpoint.LIST: QCoreApplication.translate("JobList", "Task list"),
        Endpoint.QUEUE: QCoreApplication.translate("JobList", "Task queue"),
        Endpoint.QUERY: QCoreApplication.translate("JobList", "Paged task history"),
        Endpoint.ACCOUNT: QCoreApplication.translate("JobList", "Quota information"),
        Endpoint.PRICING: QCoreApplication.translate("JobList", "Price list"),
    }
    return labels.get(endpoint, endpoint.value)


def task_status_label(status: str) -> str:
    """A server's task status (spec §6: NOT_START, SUBMITTED, MODAL, IN_PROGRESS, FAILURE, SUCCESS,
    CANCEL) in the user's language; an unknown word as the server wrote it."""
    translate = QCoreApplication.translate
    names = {
        "NOT_START": translate("JobList", "Not started"),
        "SUBMITTED": translate("JobList", "Submitted"),
        "MODAL": translate("JobList", "Waiting for an answer"),
        "IN_PROGRESS": translate("JobList", "Running"),
        "FAILURE": translate("JobList", "Failed"),
        "SUCCESS": translate("JobList", "Done"),
        "CANCEL": translate("JobList", "Cancelled"),
    }
    return names.get(status.upper(), status)


def action_label(action: str) -> str:
    """The human name of a job's recorded action (spec §7 names: UPSCALE, INPAINT, SWAP_FACE...)."""
    translate = QCoreApplication.translate
    names = {
        "IMAGINE": translate("JobList", "Imagine"),
        "BLEND": translate("JobList", "Blend"),
        "DESCRIBE": translate("JobList", "Describe"),
        "SHORTEN": translate("JobList", "Shorten"),
        "SWAP_FACE": translate("JobList", "Swap Face"),
        "SWAP_VIDEO_FACE": translate("JobList", "Swap Face"),
        "VIDEO": translate("JobList", "Video"),
        "VIDEO_EXTEND": translate("JobList", "Video"),
        "UPLOAD": translate("JobList", "Upload"),
        "EDIT": translate("JobList", "Edit"),
        "EDITS": translate("JobList", "Edit"),
        "RETEXTURE": translate("JobList", "Retexture"),
        "UPSCALE": translate("JobList", "Upscale"),
        "UPSCALE_HD": translate("JobList", "Upscale"),
        "VARIATION": translate("JobList", "Variation"),
        "LOW_VARIATION": translate("FollowUps", "Vary (Subtle)"),
        "HIGH_VARIATION": translate("FollowUps", "Vary (Strong)"),
        "INPAINT": translate("FollowUps", "Vary (Region)"),
        "REROLL": translate("FollowUps", "Reroll"),
        "ZOOM": translate("FollowUps", "Zoom Out"),
        "OUTPAINT": translate("FollowUps", "Zoom Out"),
        "CUSTOM_ZOOM": translate("FollowUps", "Custom Zoom"),
        "PAN": translate("JobList", "Pan"),
        "ACTION": translate("JobList", "Follow-up"),
    }
    # A server's own word we do not know yet still reads as a name, not a constant.
    return names.get(action) or action.replace("_", " ").title()


def follow_up_name(custom_id: str) -> str:
    """The short human name of a button press by its customId: U2, V1, Zoom Out 2x, Vary (Region)…

    The same names the follow-up buttons show (core.api.buttons.human_label); never the customId's
    own words ("SOLO" is the zoom code of a Zoom Out, not a name)."""
    from mjdesk.core.api.buttons import button_number, human_label

    name = human_label(custom_id)
    if name is None:
        return QCoreApplication.translate("JobList", "Follow-up")
    return QCoreApplication.translate("FollowUps", name).format(n=button_number(custom_id) or "")


def _pressed_custom_id(record: JobRecord) -> str | None:
    """The customId whose press made the job, if one did: the request's (kept in params, also for a
    job sent again), else the parent_button. Jobs fanned out of "Imagine all" are plain imagines."""
    custom_id = record.params.get("custom_id")
    if isinstance(custom_id, str) and custom_id:
        return custom_id
    button = record.parent_button or ""
    if "::" in button and "fanned_out_of" not in record.request_summary:
        return button
    return None


def job_name(record: JobRecord) -> str:
    """What made the job, in words: "U2", "Zoom Out 2x", "Vary (Region)", "Blend", "Imagine"…"""
    custom_id = _pressed_custom_id(record)
    return follow_up_name(custom_id) if custom_id else action_label(record.action)


def _images_text(record: JobRecord) -> str:
    images = record.request_summary.get("images")
    count = len(images) if isinstance(images, list) else 0
    if count == 1:
        return QCoreApplication.translate("JobList", "1 image")
    return QCoreApplication.translate("JobList", "{count} images").format(count=count) if count else ""


def caption(record: JobRecord) -> str:
    """A job's one line, for a gallery tile and the detail title: its name and the prompt its
    lineage gives it, parameters kept — never a server's image links or any id."""
    from mjdesk.core.prompt import strip_links

    name = job_name(record)
    if record.action in ("BLEND", "UPLOAD"):
        text = _images_text(record)  # their final prompt is the server's list of image links
    else:
        text = strip_links(record.prompt) or strip_links(record.final_prompt or "")
    text = " ".join(text.split())
    return f"{name} · {text}" if text else name


def state_label(job: Job) -> str:
    state = job.state
    if job.server_waiting and state in (JobState.QUEUED, JobState.RUNNING):
        # Polling fails: the last progress seen may be long gone; say what we actually know.
        return QCoreApplication.translate("JobList", "waiting for the server…")
    if state is JobState.SUBMITTING:
        return QCoreApplication.translate("JobList", "Submitting…")
    if state is JobState.IN_QUEUE:
        if job.record is not None and job.record.held:
            return QCoreApplication.translate("JobList", "On hold in your queue")
        return QCoreApplication.translate("JobList", "Waiting in your queue")
    if state is JobState.QUEUED:
        if job.queue_position:
            return QCoreApplication.translate("JobList", "Queued ({count} ahead)").format(count=job.queue_position)
        return QCoreApplication.translate("JobList", "Queued")
    if state is JobState.RUNNING:
        if job.progress:
            return QCoreApplication.translate("JobList", "Running {progress}%").format(progress=job.progress)
        return QCoreApplication.translate("JobList", "Running")
    if state is JobState.WAITING:
        return QCoreApplication.translate("JobList", "Waiting for your answer")
    if state is JobState.SUCCESS:
        record = job.record
        if record is not None and record.download_error:
            return QCoreApplication.translate("JobList", "Done — some results could not be saved")
        if record is not None and record.downloaded_at is None:
            return QCoreApplication.translate("JobList", "Done — saving the results…")
        return QCoreApplication.translate("JobList", "Done")
    if state is JobState.UNKNOWN:
        return QCoreApplication.translate("JobList", "May not have reached the server")
    if state is JobState.DEFERRED:
        return QCoreApplication.translate("JobList", "Queue full — will submit when it frees")
    if state is JobState.WITHDRAWN:
        return QCoreApplication.translate("JobList", "Withdrawn — nothing more is sent")
    return QCoreApplication.translate("JobList", "Failed")


def problem_text(job: Job) -> str | None:
    """Why a job did not (or may not have) worked, in the user's language; None when it did."""
    record = job.record
    if job.state is JobState.UNKNOWN:
        return QCoreApplication.translate(
            "JobList",
            "The connection broke after the request left, so the server may have accepted (and "
            "charged) it. Resubmit only if it does not show up; Dismiss if it did.",
        )
    if job.state is JobState.DEFERRED:
        retry = record.retry_at if record is not None else None
        when = time.strftime("%H:%M:%S", time.localtime(retry / 1000)) if retry else "—"
        text = QCoreApplication.translate(
            "JobList", "The server's queue is full. mjdesk will try again by itself (next try at {time})."
        ).format(time=when)
        if job.error is not None and job.error.server_text:
            text += "\n" + QCoreApplication.translate("texts", "The server said: {server}").format(
                server=job.error.server_text
            )
        return text
    if job.state is not JobState.FAILED:
        return None
    if job.error is not None:
        return error_text(job.error)
    if record is not None and record.status == "LOST":
        return QCoreApplication.translate(
            "JobList", "The server no longer knows this task. Whatever was downloaded is kept."
        )
    reason = (record.fail_reason or record.submit_reason) if record is not None else None
    return reason or QCoreApplication.translate("JobList", "The job failed.")


def can_send_again(job: Job) -> bool:
    """Unknown outcome, or a network failure that proves the request never left."""
    if job.id is None:
        return False
    if job.state is JobState.UNKNOWN:
        return True
    error = job.error
    return (
        job.state is JobState.FAILED and isinstance(error, NetworkError) and not isinstance(error, SubmitOutcomeUnknown)
    )


_NUMBERED_RE = re.compile(r"^\s*(?:[1-9]\ufe0f?\u20e3|\d+[.)、])\s*")


def numbered_items(text: str) -> list[str]:
    """Lines such as "1️⃣ a cat ..." (describe, shorten) without their numbers; blank lines dropped."""
    items = []
    for line in text.splitlines():
        match = _NUMBERED_RE.match(line)
        if match and line[match.end() :].strip():
            items.append(line[match.end() :].strip())
    return items
