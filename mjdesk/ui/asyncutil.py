"""Background coroutines started from Qt slots, kept alive and never failing silently.

A task that nobody references can be garbage-collected mid-flight, and an exception in a task that
nobody awaits is lost; ``spawn`` keeps a strong reference and hands failures to ``sys.excepthook``
(which the app routes to the log and an error dialog).

asyncio is imported on first use, not here: the window is built and shown before the event loop
exists, and asyncio (with ssl behind it) would add ~25 ms to that first paint.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable, Coroutine
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    import asyncio

log = logging.getLogger("mjdesk.ui")
T = TypeVar("T")

_tasks: set[asyncio.Task[Any]] = set()


def spawn(coro: Coroutine[Any, Any, T], *, name: str | None = None) -> asyncio.Task[T]:
    import asyncio

    task = asyncio.ensure_future(coro)
    if name:
        task.set_name(name)
    _tasks.add(task)
    task.add_done_callback(_finished)
    return task


def _finished(task: asyncio.Task[Any]) -> None:
    _tasks.discard(task)
    if task.cancelled():
        return
    exc = task.exception()
    if exc is not None:
        sys.excepthook(type(exc), exc, exc.__traceback__)


def running() -> int:
    return len(_tasks)


async def cancel_all(timeout: float = 5.0) -> None:
    """Cancel every spawned task and wait for them to unwind (shutdown), re-cancelling a task
    whose cancellation was swallowed inside httpx (see mjdesk.core.cancel) for up to ``timeout``."""
    from mjdesk.core.cancel import cancel_and_wait

    await cancel_and_wait(list(_tasks), timeout=timeout)


def slot(fn: Callable[..., Coroutine[Any, Any, Any]]) -> Callable[..., None]:
    """A coroutine function as a Qt slot: each call runs in a spawned task."""

    def run(*args: Any) -> None:
        spawn(fn(*args), name=getattr(fn, "__qualname__", None))

    return run


def loop_running() -> bool:
    """Whether coroutines can run now: always in the app (qasync); not in a script or a synchronous
    test, where widgets show what is already known instead of starting background work."""
    import asyncio  # not at module level: the window paints before asyncio loads (start-up)

    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True
