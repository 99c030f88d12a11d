"""What a tile says about its job: the badge text and colour, and the tooltip with the reason."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor

from mjdesk.core.text import clip

from ..backend import Job, JobState, endpoint_of, state_of

if TYPE_CHECKING:
    from mjdesk.core.library import JobRecord

_BADGE_COLOURS = {
    JobState.SUBMITTING: "#6c757d",
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
    from ..job_texts import endpoint_label, problem_text, state_label

    job = as_job(record)
    lines = [f"{endpoint_label(job.endpoint)} — {state_label(job)}"]
    if record.prompt:
        lines.append(clip(record.prompt, 301))
    problem = problem_text(job)
    if problem:
        lines.append(problem)
    return "\n".join(lines)


def caption(job: JobRecord) -> str:
    """A tile's one line: what made the job (U2, V1, Zoom…) and its prompt."""
    text = job.prompt or job.final_prompt or ""
    if not job.parent_button:
        from ..job_texts import endpoint_label

        return text or endpoint_label(endpoint_of(job.action))  # "Describe", translated; not the raw action
    from mjdesk.core.api.buttons import Button

    from ..detail.buttons import button_text

    made_by = button_text(Button(job.parent_button, label=_label_of(job)))
    return f"{made_by} · {text}" if text else made_by


def _label_of(job: JobRecord) -> str:
    """The pressed button's short label (U2, V1), from the kind and index in its customId."""
    from mjdesk.core.api.buttons import ButtonKind, parse_custom_id

    kind, index = parse_custom_id(job.parent_button or "")
    prefixes = {ButtonKind.UPSCALE: "U", ButtonKind.VARIATION: "V"}
    return f"{prefixes[kind]}{index}" if kind in prefixes and index else ""
