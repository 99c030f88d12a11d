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

log = logging.getLogger("mjdesk.cancel")


async def cancel_and_wait(tasks: Iterable[asyncio.Task[object]], *, grace: float = 0.5) -> None:
    """Cancel ``tasks`` and return once every one has finished, re-cancelling stragglers."""
    pending = {t for t in tasks if not t.done()}
    attempts = 0
    while pending:
        for task in pending:
            task.cancel()
        _, pending = await asyncio.wait(pending, timeout=grace)
        attempts += 1
        if pending and attempts == 2:
            log.warning("%d task(s) ignored cancellation; cancelling again", len(pending))
