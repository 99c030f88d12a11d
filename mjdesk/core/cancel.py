"""Stopping background tasks for sure.

A cancellation can be lost: a cancel scope inside a library (anyio under httpx/httpcore, on
Python 3.11) may swallow the CancelledError it did not raise, and the task then runs on into its
next ``await`` — in our poller, an idle ``Event.wait()`` nobody will set, so shutdown waited
forever (seen as the CLI hanging after Custom Zoom under load). So cancel again until it ends.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable
from typing import Any

log = logging.getLogger("mjdesk.cancel")


def log_failure(task: asyncio.Task[Any]) -> None:
    """A done-callback for background tasks: their exception is retrieved and logged, so asyncio
    never prints "Task exception was never retrieved" (and the failure is in the log, once)."""
    if not task.cancelled() and task.exception() is not None:
        log.error("background task %s failed", task.get_name(), exc_info=task.exception())


async def cancel_and_wait(
    tasks: Iterable[asyncio.Task[Any]], *, grace: float = 0.5, timeout: float | None = None
) -> None:
    """Cancel ``tasks`` and return once every one has finished, re-cancelling stragglers; after
    ``timeout`` seconds (when given) return anyway, logging what still runs."""
    pending = {t for t in tasks if not t.done()}
    loop = asyncio.get_running_loop()
    deadline = None if timeout is None else loop.time() + timeout
    attempts = 0
    while pending:
        if deadline is not None and loop.time() >= deadline:
            log.warning(
                "gave up waiting for %d task(s): %s", len(pending), ", ".join(sorted(t.get_name() for t in pending))
            )
            return
        for task in pending:
            task.cancel()
        done, pending = await asyncio.wait(pending, timeout=grace)
        for task in done:
            if not task.cancelled():
                task.exception()  # retrieved: ended by an error while cancelled, logged elsewhere
        attempts += 1
        if pending and attempts == 2:
            log.warning("%d task(s) ignored cancellation; cancelling again", len(pending))
