"""Server-side task state and the lifecycle scheduler (spec §5, §6).

A task runs NOT_START → SUBMITTED ("0%") → IN_PROGRESS ("NN%", preview image) → SUCCESS ("100%")
or FAILURE (progress ""), the whole run taking ``speed`` seconds. At most ``concurrency`` tasks
run at once; the next ``queue_size`` wait as NOT_START (the submit answered code 22); beyond
that the submit is refused as "queue full".
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import time
import uuid
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from . import buttons as btn
from .clock import LoopClock, SimClock, Timer

TERMINAL = ("SUCCESS", "FAILURE", "CANCEL")
# (fraction of the run, status, progress %) — the points where a running task changes.
_TIMELINE: tuple[tuple[float, str, int], ...] = (
    (0.1, "SUBMITTED", 0),
    (0.3, "IN_PROGRESS", 12),
    (0.45, "IN_PROGRESS", 37),
    (0.6, "IN_PROGRESS", 63),
    (0.75, "IN_PROGRESS", 88),
)
# What a failed Midjourney job looks like to a proxy (spec §5 failReason examples).
FAIL_REASONS = (
    "[Invalid parameter] Invalid value",
    "任务超时",
    "There was an error processing your request. Please try again later.",
)


def now_ms() -> int:
    return int(time.time() * 1000)


@dataclass
class MaskInfo:
    task_id: str
    width: int
    height: int
    white_fraction: float  # share of pixels brighter than 127 (white = repaint)
    expected_width: int
    expected_height: int


@dataclass
class SimTask:
    id: str
    action: str  # the server's own vocabulary (NZ/TA); new-api shows ``na_action``
    prompt: str = ""
    prompt_en: str = ""
    description: str = ""
    state: str | None = None
    status: str = "NOT_START"
    progress: str = "0%"
    fail_reason: str = ""
    quota: int = 0  # what new-api charged for it (refunded if it fails)
    submit_time: int = field(default_factory=now_ms)
    start_time: int = 0
    finish_time: int = 0
    parent_id: str | None = None
    custom_id: str | None = None  # the button pressed to create the task, if any
    index: int = 0  # candidate index for upscales
    na_action: str = ""
    bot_type: str = "MID_JOURNEY"
    mode: str = "FAST"
    job_hash: str = field(default_factory=lambda: str(uuid.uuid4()))
    # What the finished task shows: grid | upscale | upscale_hd | single | describe | shorten
    # | video | none.
    result_kind: str = "grid"
    width: int = 0
    height: int = 0
    art_prompt: str = ""  # drives the palette (same prompt, same colours)
    art_seed: str = ""  # drives the composition
    final_prompt: str = ""
    buttons: list[dict[str, Any]] = field(default_factory=list)
    modal_kind: str | None = None  # inpaint | custom_zoom | pic_reader | prompt_analyzer | remix
    mask_info: MaskInfo | None = None
    seed: str = ""
    inputs: list[bytes] = field(default_factory=list)  # decoded input images (describe, swap, ...)
    video_count: int = 0
    will_fail: str | None = None  # failReason the run ends with
    fail_early: bool = False  # fail at SUBMITTED time (TA's asynchronous banned-word check)
    preview_percent: int = 0
    na_polled: bool = False  # new-api: has a poll already refreshed this row?
    hold_until: float = 0.0  # monotonic time before which a forced-queued task may not start
    submit_description: str = "提交成功"  # new-api shows the submit answer's text as description

    @property
    def finished(self) -> bool:
        return self.status in TERMINAL


class QueueFull(Exception):
    pass


class TaskStore:
    def __init__(
        self,
        *,
        speed: float,
        concurrency: int,
        queue_size: int,
        rnd: random.Random,
        clock: SimClock | None = None,
    ) -> None:
        self.clock: SimClock = clock or LoopClock()
        self.speed = max(0.0, speed)
        self.concurrency = max(1, concurrency)
        self.queue_size = max(0, queue_size)
        self.tasks: dict[str, SimTask] = {}
        self._rnd = rnd
        self._running: dict[str, asyncio.Task[None]] = {}
        self._waiting: deque[str] = deque()
        self._timers: set[Timer] = set()
        self.on_finish: Callable[[SimTask], None] | None = None

    def new_id(self) -> str:
        # Epoch milliseconds + 3 random digits, like NZ/TA NewTask (spec §1.3); unique here.
        while True:
            tid = f"{now_ms()}{self._rnd.randint(0, 999):03d}"
            if tid not in self.tasks:
                return tid

    def add(self, task: SimTask) -> SimTask:
        self.tasks[task.id] = task
        return task

    def unfinished(self) -> list[SimTask]:
        return sorted(
            (t for t in self.tasks.values() if not t.finished and t.status != "MODAL"), key=lambda t: t.submit_time
        )

    def enqueue(self, task: SimTask, *, force_queue: bool = False) -> int | None:
        """Start the task or queue it.

        Returns None when it started, else how many tasks wait ahead of it in the queue (the N of
        code 22 "排队中，前面还有N个任务"). ``force_queue`` makes it wait even when a slot is free.
        """
        busy = len(self._running) >= self.concurrency or bool(self._waiting)
        if (busy or force_queue) and len(self._waiting) >= self.queue_size:
            raise QueueFull
        self.tasks[task.id] = task
        task.status, task.progress = "NOT_START", "0%"
        if not busy and not force_queue:
            self._start(task)
            return None
        ahead = len(self._waiting)
        self._waiting.append(task.id)
        if force_queue:
            task.hold_until = self.clock.now() + self.speed * 0.3
            self._later(self.speed * 0.3, self._pump)
        return ahead

    def cancel(self, task: SimTask, reason: str) -> None:
        """End an unfinished task as FAILURE (TA's cancel never uses the CANCEL status, §3.13)."""
        if task.finished:
            return
        runner = self._running.pop(task.id, None)
        if runner is not None:
            runner.cancel()
        with contextlib.suppress(ValueError):
            self._waiting.remove(task.id)
        self._fail(task, reason)
        self._pump()

    async def close(self) -> None:
        for timer in self._timers:
            timer.cancel()
        self._timers.clear()
        runners = list(self._running.values())
        for runner in runners:
            runner.cancel()
        await asyncio.gather(*runners, return_exceptions=True)
        self._running.clear()

    # --- internals ---------------------------------------------------------------------------

    def _later(self, delay: float, callback: Callable[[], None]) -> None:
        handle: Timer

        def fire() -> None:
            self._timers.discard(handle)
            callback()

        handle = self.clock.call_later(delay, fire)
        self._timers.add(handle)

    def _pump(self) -> None:
        now = self.clock.now()
        while self._waiting and len(self._running) < self.concurrency:
            task = self.tasks[self._waiting[0]]
            if task.hold_until > now:
                self._later(task.hold_until - now, self._pump)
                return
            self._waiting.popleft()
            self._start(task)

    def _start(self, task: SimTask) -> None:
        if self.speed == 0:
            # "Next poll already done": run the whole lifecycle synchronously.
            task.status, task.start_time = "SUBMITTED", now_ms()
            self._complete(task)
            return
        runner = asyncio.get_running_loop().create_task(self._run(task), name=f"sim-task-{task.id}")
        self._running[task.id] = runner

    async def _run(self, task: SimTask) -> None:
        started = self.clock.now()
        try:
            for fraction, status, percent in _TIMELINE:
                await self.clock.sleep_until(started + fraction * self.speed)
                if status == "SUBMITTED":
                    task.start_time = now_ms()
                    if task.fail_early and task.will_fail:
                        break
                task.status, task.progress = status, f"{percent}%"
                if status == "IN_PROGRESS" and task.result_kind not in ("describe", "shorten", "none"):
                    task.preview_percent = percent
            else:
                await self.clock.sleep_until(started + self.speed)
            self._running.pop(task.id, None)
            self._complete(task)
        except asyncio.CancelledError:
            self._running.pop(task.id, None)
            raise
        finally:
            self._pump()

    def _complete(self, task: SimTask) -> None:
        if task.will_fail:
            self._fail(task, task.will_fail)
            return
        task.status, task.progress, task.finish_time = "SUCCESS", "100%", now_ms()
        task.preview_percent = 0
        task.buttons = result_buttons(task)
        if self.on_finish is not None:
            self.on_finish(task)

    def _fail(self, task: SimTask, reason: str) -> None:
        task.status, task.progress, task.fail_reason = "FAILURE", "", reason
        task.finish_time = now_ms()
        task.preview_percent = 0
        task.buttons = []
        if self.on_finish is not None:
            self.on_finish(task)


def result_buttons(task: SimTask) -> list[dict[str, Any]]:
    """The buttons Midjourney puts under a finished result of this kind (spec §8.2)."""
    kind = task.result_kind
    if kind == "grid":
        return btn.grid_buttons(task.job_hash)
    if kind in ("upscale", "upscale_hd"):
        return btn.upscale_buttons(task.job_hash, hd=kind == "upscale_hd")
    if kind == "describe":
        return btn.describe_buttons()
    if kind == "shorten":
        return btn.shorten_buttons(task.job_hash)
    return []
