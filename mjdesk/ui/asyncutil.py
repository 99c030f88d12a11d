"""Background coroutines started from Qt slots, kept alive and never failing silently.

A task that nobody references can be garbage-collected mid-flight, and an exception in a task that
nobody awaits is lost; ``spawn`` keeps a strong reference and hands failures to ``sys.excepthook``
(which the app routes to the log and an error dialog).
"""

from __future__ import annotations

import asyncio
import logging
import sys
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

log = logging.getLogger("mjdesk.ui")
T = TypeVar("T")

_tasks: set[asyncio.Task[Any]] = set()


def spawn(coro: Coroutine[Any, Any, T], *, name: str | None = None) -> asyncio.Task[T]:
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
    """Cancel every spawned task and wait for them to unwind (shutdown)."""
    pending = [t for t in _tasks if not t.done()]
    for task in pending:
        task.cancel()
    if pending:
        await asyncio.wait(pending, timeout=timeout)


def slot(fn: Callable[..., Coroutine[Any, Any, Any]]) -> Callable[..., None]:
    """A coroutine function as a Qt slot: each call runs in a spawned task."""

    def run(*args: Any) -> None:
        spawn(fn(*args), name=getattr(fn, "__qualname__", None))

    return run
