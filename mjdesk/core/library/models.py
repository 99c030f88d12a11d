"""The records the library hands out. Plain frozen dataclasses: safe to pass between threads."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property
from pathlib import Path
from typing import Any

from .files import content_path

# The placeholder status of a job that has no answer from the server yet; every other status string
# is the server's own (spec §6), stored as received so unknown values survive.
STATUS_SUBMITTING = "SUBMITTING"
STATUS_SUCCESS = "SUCCESS"
STATUS_FAILURE = "FAILURE"
STATUS_CANCEL = "CANCEL"
STATUS_MODAL = "MODAL"
STATUS_SUBMITTED = "SUBMITTED"
# Ours, like SUBMITTING: waiting in the user's own queue, never sent yet.
STATUS_QUEUED = "QUEUED"
TERMINAL_STATUSES = frozenset({STATUS_SUCCESS, STATUS_FAILURE, STATUS_CANCEL})


class SubmitState(StrEnum):
    """Where the submit request of a job stands, separate from the server's task status.

    ``sending``   written before the request goes out; the answer is not known yet.
    ``accepted``  the server gave a task id; the job is tracked by polling.
    ``refused``   the server answered no (validation, banned word, ...): final, with a reason.
    ``unknown``   the request may or may not have reached the server; shown to the user and never
                  re-sent without the user's say-so.
    ``deferred``  not sent yet, safe to send: waiting in the user's own queue (``queue_order``), or
                  refused by a full server queue and sent again no earlier than ``retry_at``.
    ``cancelled`` the user withdrew a deferred or unknown job.
    """

    SENDING = "sending"
    ACCEPTED = "accepted"
    REFUSED = "refused"
    UNKNOWN = "unknown"
    DEFERRED = "deferred"
    CANCELLED = "cancelled"


class ImageKind(StrEnum):
    GRID = "grid"  # the 2x2 result of imagine/variation/...
    CANDIDATE = "candidate"  # one quadrant of a grid, index 1-4 (spec §12.2)
    UPSCALE = "upscale"
    PREVIEW = "preview"  # the in-progress image
    VIDEO = "video"
    THUMBNAIL = "thumbnail"  # a small rendition for the gallery
    UPLOAD = "upload"  # an input the user sent (blend, describe, image prompt), index = position
    MASK = "mask"  # the Vary (Region) mask the user painted (white = repaint), kept to run it again
    OTHER = "other"


# Which image stands for a job in the gallery, best first.
_COVER_ORDER = (
    ImageKind.THUMBNAIL,
    ImageKind.UPSCALE,
    ImageKind.GRID,
    ImageKind.CANDIDATE,
    ImageKind.PREVIEW,
    ImageKind.VIDEO,
    ImageKind.UPLOAD,
    ImageKind.OTHER,
)


@dataclass(frozen=True)
class ProfileRecord:
    """A saved server. Never the API key: that lives in the OS keychain under the profile name."""

    name: str
    base_url: str
    dialect: str
    settings: dict[str, Any] = field(default_factory=dict)
    is_default: bool = False
    created_at: int | None = None  # epoch ms, filled in by the library
    updated_at: int | None = None


@dataclass(frozen=True)
class ImageRecord:
    id: int
    job_id: int
    kind: ImageKind
    index: int | None  # candidate 1-4, upload position, video number; None when not applicable
    sha256: str
    ext: str
    size: int
    store_root: Path = field(repr=False)  # the FileStore's folder
    width: int | None = None
    height: int | None = None
    mime: str | None = None
    source_url: str | None = None
    created_at: int = 0

    @cached_property
    def path(self) -> Path:
        # Built on first use: a gallery page holds a thousand images and shows one per job.
        return content_path(self.store_root, self.sha256, self.ext)


@dataclass(frozen=True)
class NewImage:
    """An image to add to a job: bytes in memory or a file to copy into the library."""

    kind: ImageKind
    data: bytes | Path
    index: int | None = None
    source_url: str | None = None
    width: int | None = None
    height: int | None = None
    mime: str | None = None


@dataclass(frozen=True)
class TaskUpdate:
    """What one poll learnt about one job. ``None`` leaves the stored value as it is."""

    job_id: int
    status: str
    progress: int | None = None
    final_prompt: str | None = None
    fail_reason: str | None = None
    buttons: list[dict[str, Any]] | None = None
    raw: dict[str, Any] | None = None
    image_url: str | None = None
    submit_time: int | None = None  # the server's times, epoch ms
    start_time: int | None = None
    finish_time: int | None = None
    # None: terminal when the status is; the job service passes True for new-api's "100%" quirk.
    terminal: bool | None = None

    @property
    def is_terminal(self) -> bool:
        return self.terminal if self.terminal is not None else self.status in TERMINAL_STATUSES


@dataclass(frozen=True)
class JobRecord:
    """One job. JSON columns arrive as text and are parsed on first use (``params``, ``buttons``,
    ``raw``...): a gallery page lists hundreds of jobs and looks inside few."""

    id: int
    profile: str
    action: str
    submit_state: SubmitState
    status: str
    prompt: str
    created_at: int
    updated_at: int
    remote_id: str | None = None
    progress: int | None = None
    final_prompt: str | None = None
    params_json: str = "{}"
    request_summary_json: str = "{}"
    submit_answer_json: str | None = None
    submit_reason: str | None = None  # why refused / unknown / deferred / cancelled
    submit_attempts: int = 1
    queued_position: int | None = None
    retry_at: int | None = None  # deferred: resubmit no earlier than this (epoch ms)
    fail_reason: str | None = None
    buttons_json: str = "[]"
    raw_json: str | None = None  # the last task JSON the server sent
    image_url: str | None = None
    parent_job_id: int | None = None
    parent_button: str | None = None  # the customId that produced this job from its parent
    favourite: bool = False
    hidden: bool = False  # the user dismissed it from the gallery; it stays in the library
    submitted_at: int | None = None  # when the server accepted it
    finished_at: int | None = None  # when the library first saw it final
    downloaded_at: int | None = None  # when its results were stored
    download_error: str | None = None
    download_attempts: int = 0
    remote_submit_time: int | None = None
    remote_start_time: int | None = None
    remote_finish_time: int | None = None
    queue_order: int | None = None  # place in the user's own queue (deferred jobs), lowest first
    held: bool = False  # the user put this queued job on hold: skipped until released
    rating: int = 0  # the user's stars, 1-5; 0 = not rated
    rejected: bool = False  # culled: dimmed or hidden in the gallery, gone with "Delete rejected"
    images: tuple[ImageRecord, ...] = ()
    tags: tuple[str, ...] = ()

    @cached_property
    def params(self) -> dict[str, Any]:
        value: dict[str, Any] = json.loads(self.params_json)
        return value

    @cached_property
    def request_summary(self) -> dict[str, Any]:
        """What was sent, without image payloads: names, sizes, hashes."""
        value: dict[str, Any] = json.loads(self.request_summary_json)
        return value

    @cached_property
    def submit_answer(self) -> dict[str, Any] | None:
        return None if self.submit_answer_json is None else json.loads(self.submit_answer_json)

    @cached_property
    def buttons(self) -> list[dict[str, Any]]:
        value: list[dict[str, Any]] = json.loads(self.buttons_json)
        return value

    @cached_property
    def raw(self) -> dict[str, Any] | None:
        return None if self.raw_json is None else json.loads(self.raw_json)

    @property
    def is_finished(self) -> bool:
        """Nothing more will happen on the server: success, failure, refusal or cancellation."""
        return self.finished_at is not None

    @property
    def waits_in_queue(self) -> bool:
        """Waiting in the user's own queue, never sent (a queue-full retry has ``retry_at``)."""
        return self.submit_state is SubmitState.DEFERRED and self.retry_at is None

    @property
    def modal_pending(self) -> bool:
        """The server waits for the user's modal answer (code 21: Vary Region, Custom Zoom, ...)."""
        return self.submit_state is SubmitState.ACCEPTED and self.status == STATUS_MODAL

    @property
    def needs_attention(self) -> bool:
        """The user must decide: the submit may have reached the server, or it waits for a modal."""
        return self.submit_state is SubmitState.UNKNOWN or self.modal_pending

    @property
    def cover(self) -> ImageRecord | None:
        """The image the gallery shows for this job."""
        for kind in _COVER_ORDER:
            matches = [im for im in self.images if im.kind is kind]
            if matches:
                return min(matches, key=lambda im: im.index or 0)
        return None

    def image(self, kind: ImageKind, index: int | None = None) -> ImageRecord | None:
        return next((im for im in self.images if im.kind is kind and im.index == index), None)


@dataclass(frozen=True)
class DeletePlan:
    """What deleting some jobs would remove: the jobs, and the files only they use (a file whose
    content another job keeps stays, so it is not counted)."""

    job_ids: tuple[int, ...] = ()
    files: int = 0
    bytes: int = 0

    @property
    def jobs(self) -> int:
        return len(self.job_ids)


@dataclass
class LineageNode:
    """One job in a family tree (imagine → U2 → Vary Region → Zoom ...), children oldest first."""

    job: JobRecord
    children: list[LineageNode] = field(default_factory=list)

    def walk(self) -> list[LineageNode]:
        """This node and all below it, depth first."""
        out = [self]
        for child in self.children:
            out.extend(child.walk())
        return out
