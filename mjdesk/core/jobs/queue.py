"""One server's share of the user's queue: takes jobs out of the library's queue while the server
has room (its cap in the profile, and a few submits in flight at a time) and hands them to the
job service to send. Woken whenever something may have freed a slot or changed the queue."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable

from mjdesk.core.library import JobRecord, QueueClaim

log = logging.getLogger(__name__)

Claim = Callable[[int], Awaitable[QueueClaim]]
Send = Callable[[JobRecord], Awaitable[object]]
Spawn = Callable[[Awaitable[object], str], object]


class QueueRunner:
    def __init__(
        self,
        profile: str,
        *,
        claim: Claim,
        send: Send,
        spawn: Spawn,
        slots: int,
        clock: Callable[[], float] = time.time,
    ) -> None:
        """``claim(limit)`` takes up to ``limit`` jobs out of the queue (the cap is its business);
        ``send(job)`` sends one; at most ``slots`` sends run at once."""
        self.profile = profile
        self._claim = claim
        self._send = send
        self._spawn = spawn
        self._slots = max(1, slots)
        self._clock = clock
        self._wake = asyncio.Event()
        self._sending = 0

    def wake(self) -> None:
        self._wake.set()

    async def run(self) -> None:
        while True:
            self._wake.clear()
            delay: float | None = None
            free = self._slots - self._sending
            if free > 0:
                try:
                    claim = await self._claim(free)
                except Exception as exc:  # a busy library: look again in a moment, never give up
                    log.warning("the queue of %r could not be read: %r", self.profile, exc)
                    delay = 5.0
                else:
                    for job in claim.jobs:
                        self._sending += 1
                        self._spawn(self._send_one(job), f"mjdesk-queue-send-{job.id}")
                    if claim.next_retry_at is not None:
                        delay = max(0.0, claim.next_retry_at / 1000 - self._clock())
            try:
                async with asyncio.timeout(delay):
                    await self._wake.wait()
            except TimeoutError:
                pass

    async def _send_one(self, job: JobRecord) -> None:
        try:
            await self._send(job)
        finally:
            self._sending -= 1
            self.wake()
