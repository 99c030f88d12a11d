"""What a tile says about its job: the badge text and colour, and the tooltip with the reason."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor

from mjdesk.core.text import clip

from ..job_model import Job, JobState, endpoint_of, state_of

if TYPE_CHECKING:
    from mjdesk.core.library import JobRecord

_BADGE_COLOURS = {
    JobState.SUBMITTING: "#6c757d",
    JobState.IN_QUEUE: "#6c757d",
    JobState.QUEUED: "#6c757d",
    JobState.RUNNING: "#0a84ff",
    JobState.WAITING: "#bf5af2",
    JobState.FAILED: "#c0392b",
    JobState.UNKNOWN: "#d35400",
    JobState.DEFERRED: "#b7950b",
    JobState.WITHDRAWN: "#6c757d",
}


def badge(job: JobRecord) -> tuple[str, QColor] | None:
    """The corner badge of a tile; None for a finished, successful job (the image says it all)."""
    state = state_of(job)
    colour = _BADGE_COLOURS.get(state)
    if colour is None:
        return None
    tr = QCoreApplication.translate
    texts = {
        JobState.SUBMITTING: tr("Gallery", "Sending"),
        JobState.IN_QUEUE: tr("Gallery", "In your queue"),
        JobState.QUEUED: tr("Gallery", "Queued"),
        JobState.RUNNING: tr("Gallery", "Running"),
        JobState.WAITING: tr("Gallery", "Needs you"),
        JobState.FAILED: tr("Gallery", "Failed"),
        JobState.UNKNOWN: tr("Gallery", "Unknown"),
        JobState.DEFERRED: tr("Gallery", "Deferred"),
        JobState.WITHDRAWN: tr("Gallery", "Withdrawn"),
    }
    return texts[state], QColor(colour)


def as_job(record: JobRecord) -> Job:
    """The job list's view of a record, to reuse its wording of states and problems."""
    job = Job(0, endpoint_of(record.action), "")
    job.apply(record)
    return job


def tooltip(record: JobRecord) -> str:
    from ..job_texts import job_name, problem_text, state_label

    job = as_job(record)
    lines = [f"{job_name(record)} — {state_label(job)}"]
    if record.prompt:
        lines.append(clip(record.prompt, 301))
    problem = problem_text(job)
    if problem:
        lines.append(problem)
    return "\n".join(lines)


def caption(job: JobRecord) -> str:
    """A tile's one line: what made the job (U2, Zoom Out 2x, Blend…) and its lineage's prompt."""
    from ..job_texts import caption as job_caption  # lazily, as tooltip() does

    return job_caption(job)
