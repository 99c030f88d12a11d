"""Run a chain again: imagine → U2 → Vary (Strong) → Zoom Out … from its root to a chosen step,
as new jobs, maybe with another model version or on another server.

The root's prompt is imagined again (its ``--v``/``--niji`` replaced when asked); once that job has
finished, the same buttons are pressed in the same order — the same kind and number (U2 is U2, Zoom
Out 2x is not Zoom Out 1.5x), found among the new job's own buttons, since customIds carry task
hashes. Each step waits for the one before. Presses that ask the user something are answered from
what the library kept: a Custom Zoom's prompt, a Vary (Region)'s prompt and painted mask. Anything
else the run cannot answer by itself stops it there, saying where and why (``Replay.stop``).

Driven by the job service; no Qt. The window shows the new chain as its own tree, live.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

from mjdesk.core.api import ActionRequest, ImagineRequest, MjError
from mjdesk.core.api.buttons import ButtonKind, asks_the_user, matching_button, parse_custom_id
from mjdesk.core.library import ImageKind, JobRecord, SubmitState
from mjdesk.core.prompt import parse, set_model

from . import payloads

if TYPE_CHECKING:
    from .service import JobService

log = logging.getLogger(__name__)

STATUS_SUCCESS = "SUCCESS"
# A step of a chain may take as long as any job: a slow server's queue, a relaxed-mode imagine.
STEP_TIMEOUT = 30 * 60.0


class StopReason(StrEnum):
    """Why a run stopped before its last step (the window words each one)."""

    NOT_AN_IMAGINE = "not-an-imagine"  # the family does not start with an imagine with a prompt
    IMAGES_NOT_KEPT = "images-not-kept"  # the root sent images the library keeps only as hashes
    NOT_A_PRESS = "not-a-press"  # a step was not made by a button the run can press again
    SUBMIT_FAILED = "submit-failed"  # the server refused the submit, or it could not be sent
    STEP_FAILED = "step-failed"  # a step's job failed, was cancelled or its fate is unknown
    NO_BUTTON = "no-button"  # the new job has no such button (another model offers others)
    NEEDS_MASK = "needs-mask"  # a Vary (Region) whose mask the library did not keep
    NEEDS_ANSWER = "needs-answer"  # a press asking a question the library kept no answer to
    TIMEOUT = "timeout"
    CANCELLED = "cancelled"  # the user stopped the run


@dataclass(frozen=True)
class ChainStep:
    """One step of the chain as it was made: the original job, and the button press that made it
    from the step before (None for the root imagine)."""

    original: JobRecord
    custom_id: str | None


@dataclass
class Replay:
    """Where a run stands; handed to ``on_progress`` after every change."""

    steps: list[ChainStep]
    profile: str
    prompt: str  # the root prompt as sent again
    new_jobs: list[JobRecord] = field(default_factory=list)  # index i: the new job of steps[i]
    stop: StopReason | None = None
    stopped_at: int | None = None  # the index of the step the run could not do
    detail: str = ""  # the server's or the job's own words, when there are some
    finished: bool = False  # every step done

    @property
    def running(self) -> bool:
        return not self.finished and self.stop is None

    @property
    def root(self) -> JobRecord | None:
        return self.new_jobs[0] if self.new_jobs else None


def chain_of(ancestors: list[JobRecord]) -> list[ChainStep]:
    """The steps from the root to the last job of ``ancestors`` (Library.ancestors). A job sent again
    (``resubmit``) stands for its parent, the attempt whose fate was unknown: one step, not two."""
    steps: list[ChainStep] = []
    for i, job in enumerate(ancestors):
        if i > 0 and job.parent_button == "resubmit":
            steps[-1] = ChainStep(job, steps[-1].custom_id)
            continue
        steps.append(ChainStep(job, None if i == 0 else _pressed(job)))
    return steps


def _pressed(job: JobRecord) -> str | None:
    """The customId whose press made the job (the request's, else the recorded parent button)."""
    custom_id = job.params.get("custom_id")
    if isinstance(custom_id, str) and custom_id:
        return custom_id
    button = job.parent_button or ""
    return button if "::" in button and "fanned_out_of" not in job.request_summary else None


def with_model(prompt: str, model: tuple[str, str] | None) -> str:
    """``prompt`` with its model replaced: ("v", "7"), ("niji", "6"); ("", "") for the account's
    default (no --v/--niji); None keeps the prompt as it is."""
    if model is None:
        return prompt
    family, version = model
    return set_model(prompt, family or None, version)


class ChainReplayer:
    """Runs one chain again through ``service``; ``run()`` returns the final ``Replay``."""

    def __init__(
        self,
        service: JobService,
        job_id: int,
        *,
        profile: str | None = None,
        model: tuple[str, str] | None = None,
        on_progress: Callable[[Replay], None] | None = None,
        step_timeout: float = STEP_TIMEOUT,
    ) -> None:
        self._service = service
        self._job_id = job_id
        self._profile = profile
        self._model = model
        self._on_progress = on_progress
        self._timeout = step_timeout
        self.state: Replay | None = None

    def _report(self) -> None:
        if self._on_progress is not None and self.state is not None:
            try:
                self._on_progress(self.state)
            except Exception:  # a broken listener must not stop the chain half way
                log.exception("a chain replay listener failed")

    def _halt(self, reason: StopReason, at: int, detail: str = "") -> None:
        """Stop the run at step ``at``, saying why."""
        assert self.state is not None
        self.state.stop, self.state.stopped_at, self.state.detail = reason, at, detail
        self._report()

    async def run(self) -> Replay:
        library = self._service.library
        steps = chain_of(await asyncio.to_thread(library.ancestors, self._job_id))
        root = steps[0].original
        prompt = with_model(root.prompt, self._model)
        state = self.state = Replay(steps, self._profile or root.profile, prompt)
        try:
            await self._run(state)
            return state
        except asyncio.CancelledError:
            self._halt(StopReason.CANCELLED, max(0, len(state.new_jobs) - 1))
            raise

    async def _run(self, state: Replay) -> None:
        root = state.steps[0].original
        if root.action != "IMAGINE" or not parse(root.prompt).body:
            self._halt(StopReason.NOT_AN_IMAGINE, 0)
            return
        images = root.request_summary.get("images") or []
        if not isinstance(images, list) or not all(isinstance(i, str) for i in images):
            self._halt(StopReason.IMAGES_NOT_KEPT, 0)  # only their hashes were recorded
            return
        bot = root.request_summary.get("bot")
        imagine = ImagineRequest(prompt=state.prompt, images=list(images), bot=bot if bot in ("mj", "niji") else None)
        job = await self._send(state, 0, imagine, None)
        if job is None:
            return
        for index in range(1, len(state.steps)):
            step = state.steps[index]
            if step.custom_id is None:
                self._halt(StopReason.NOT_A_PRESS, index)
                return
            button = matching_button(job.buttons, step.custom_id)
            if button is None or not job.remote_id:
                self._halt(StopReason.NO_BUTTON, index)
                return
            press = ActionRequest(task_id=job.remote_id, custom_id=button.custom_id)
            child = await self._send(state, index, press, job)
            if child is None:
                return
            job = child
        state.finished = True
        self._report()

    async def _send(
        self, state: Replay, index: int, request: ImagineRequest | ActionRequest, parent: JobRecord | None
    ) -> JobRecord | None:
        """Submit one step and wait until it is settled; None when the run stops there."""
        service = self._service
        original = state.steps[index].original
        custom_id = request.custom_id if isinstance(request, ActionRequest) else None
        summary = {**payloads.summarize(request), "replay_of": original.id}
        try:
            job = await service.submit(
                state.profile,
                request,
                parent_job_id=parent.id if parent is not None else None,
                parent_button=custom_id,
                summary=summary,
                when_queue_full="defer",
                # A press that asks something goes out at once, as the window's own presses do.
                queued=False if custom_id is not None and asks_the_user(custom_id) else None,
            )
        except MjError as exc:  # no key for that server, say: nothing was recorded or sent
            self._halt(StopReason.SUBMIT_FAILED, index, str(exc))
            return None
        except LookupError as exc:  # a server profile that is gone
            self._halt(StopReason.SUBMIT_FAILED, index, str(exc))
            return None
        state.new_jobs.append(job)
        self._report()
        if job.submit_state is SubmitState.REFUSED:
            self._halt(StopReason.SUBMIT_FAILED, index, job.submit_reason or "")
            return None
        try:
            job = await service.wait(job.id, timeout=self._timeout)
            if job.modal_pending and custom_id is not None:
                answered = await self._answer(state, index, job, original, parent, custom_id)
                if answered is None:
                    return None
                job = await service.wait(answered.id, timeout=self._timeout)
        except TimeoutError:
            self._halt(StopReason.TIMEOUT, index)
            return None
        state.new_jobs[index] = job
        self._report()
        if job.status != STATUS_SUCCESS or job.submit_state is not SubmitState.ACCEPTED:
            detail = job.fail_reason or job.submit_reason or ""
            self._halt(StopReason.STEP_FAILED, index, detail)
            return None
        return job

    async def _answer(
        self, state: Replay, index: int, job: JobRecord, original: JobRecord, parent: JobRecord | None, custom_id: str
    ) -> JobRecord | None:
        """Answer the modal of a replayed press from what the original step kept; else withdraw it
        (nothing half-asked stays on the server) and stop."""
        service = self._service
        kind = parse_custom_id(custom_id)[0]
        prompt = with_model(original.prompt, self._model)
        mask: str | None = None
        reason: StopReason | None = None
        if kind is ButtonKind.VARY_REGION:
            mask = await self._mask(original, parent)
            reason = StopReason.NEEDS_MASK if mask is None else None
        elif kind is ButtonKind.CUSTOM_ZOOM:
            reason = None if parse(prompt).has("zoom") else StopReason.NEEDS_ANSWER
        else:
            reason = StopReason.NEEDS_ANSWER  # Remix, PicReader: a choice only the user can make
        if reason is not None:
            withdrawn = await service.abandon_modal(job.id)
            state.new_jobs[index] = withdrawn
            self._halt(reason, index)
            return None
        try:
            return await service.submit_modal(job.id, prompt, mask)
        except MjError as exc:
            await service.abandon_modal(job.id)
            self._halt(StopReason.SUBMIT_FAILED, index, str(exc))
            return None

    async def _mask(self, original: JobRecord, parent: JobRecord | None) -> str | None:
        """The mask painted for the original Vary (Region), fitted to the new parent's image."""
        kept = original.image(ImageKind.MASK)
        if kept is None or parent is None:
            return None
        target = next(
            (im for kind in (ImageKind.UPSCALE, ImageKind.GRID) for im in parent.images if im.kind is kind), None
        )
        if target is None or not target.width or not target.height:
            return None
        from mjdesk.core.imaging import ImageInputError, kept_mask_data_url

        try:
            return await asyncio.to_thread(kept_mask_data_url, kept.path, target.width, target.height)
        except (ImageInputError, OSError) as exc:
            log.info("the kept mask of job %s cannot be used: %s", original.id, exc)
            return None


async def replay_chain(
    service: JobService,
    job_id: int,
    *,
    profile: str | None = None,
    model: tuple[str, str] | None = None,
    on_progress: Callable[[Replay], None] | None = None,
    step_timeout: float = STEP_TIMEOUT,
) -> Replay:
    """Run the chain from the root of ``job_id``'s family down to it again (see the module)."""
    replayer = ChainReplayer(
        service, job_id, profile=profile, model=model, on_progress=on_progress, step_timeout=step_timeout
    )
    return await replayer.run()
