"""How a job is described in words: its action, where it stands, and what went wrong.

Shared by the job list, the gallery, the detail panel and the action tabs. The translation context
stays "JobList", where these strings were first written.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QCoreApplication

from mjdesk.core.api.dialects import Endpoint
from mjdesk.core.api.errors import NetworkError, SubmitOutcomeUnknown

from .backend import Job, JobState
from .texts import error_text


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
    }
    return labels.get(endpoint, endpoint.value)


def state_label(job: Job) -> str:
    state = job.state
    if state is JobState.SUBMITTING:
        return QCoreApplication.translate("JobList", "Submitting…")
    if state is JobState.QUEUED:
        if job.queue_position:
            return QCoreApplication.translate("JobList", "Queued ({count} ahead)").format(
                count=job.queue_position
            )
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
        job.state is JobState.FAILED
        and isinstance(error, NetworkError)
        and not isinstance(error, SubmitOutcomeUnknown)
    )
