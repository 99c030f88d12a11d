"""Running the pipeline off the event loop, in a bounded pool of worker threads.

Threads rather than processes: Pillow releases the GIL while it decodes, resizes and encodes, and
threads share the encode cache. The bound keeps memory predictable when a designer drops 50 files.
Measured on 2 cores with benchmarks/imaging.py figure 2: CPU per thumbnail is the same with 1 and 2
workers and the machine has no idle time during the run, so the GIL is not a limit here and a process pool
(with freeze_support in the frozen app) would buy nothing.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar

from .model import DEFAULT_BUDGET, ImageBudget, PreparedImage
from .threads import lower_thread_priority

if TYPE_CHECKING:
    from .prepare import ImageSource

P = ParamSpec("P")
T = TypeVar("T")


def default_workers() -> int:
    return max(1, min(4, os.cpu_count() or 1))


class ImagingPool:
    """``await pool.run(fn, *args, **kw)`` runs ``fn`` in a worker; the loop keeps running meanwhile."""

    def __init__(self, max_workers: int | None = None) -> None:
        self.max_workers = max_workers or default_workers()
        self._executor = ThreadPoolExecutor(
            max_workers=self.max_workers, thread_name_prefix="mjdesk-imaging", initializer=lower_thread_priority
        )

    async def run(self, fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        import asyncio  # not at the top: the GUI builds its pool before its event loop exists

        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, functools.partial(fn, *args, **kwargs))

    async def prepare_image(
        self, source: ImageSource, *, budget: ImageBudget = DEFAULT_BUDGET, name: str | None = None
    ) -> PreparedImage:
        # Imported here, not at the top: the GUI builds its pool at start-up, before any Pillow work.
        from .prepare import prepare_image

        return await self.run(prepare_image, source, budget=budget, name=name)

    async def prepare_images(self, sources: Sequence[ImageSource], **kwargs: Any) -> list[PreparedImage]:
        from .prepare import prepare_images

        return await self.run(prepare_images, sources, **kwargs)

    async def make_thumbnail(self, source: ImageSource, size: int = 256, *, cache_dir: Path | None = None) -> Path:
        from .thumbnails import make_thumbnail

        return await self.run(make_thumbnail, source, size, cache_dir=cache_dir)

    def shutdown(self, *, wait: bool = True) -> None:
        """Drop queued work and (by default) wait for what is running; call once, on app shutdown."""
        self._executor.shutdown(wait=wait, cancel_futures=True)

    async def __aenter__(self) -> ImagingPool:
        return self

    async def __aexit__(self, *exc: object) -> None:
        self.shutdown()
