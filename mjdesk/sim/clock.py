"""The simulator's sense of time: the event loop's clock, or a manual one that tests move forward.

Task lifecycles, queue holds and scheduling all read ``now()`` and wait with ``sleep_until``; with
a ``ManualClock`` a test advances time and sees exactly which task is where, without real waiting.
"""

from __future__ import annotations

import asyncio
import heapq
import itertools
import time
from collections.abc import Callable
from typing import Protocol


class Timer(Protocol):
    def cancel(self) -> None: ...


class SimClock(Protocol):
    def now(self) -> float: ...

    async def sleep_until(self, deadline: float) -> None: ...

    def call_later(self, delay: float, callback: Callable[[], None]) -> Timer: ...


class LoopClock:
    """Real time: ``time.monotonic`` and the running loop's timers."""

    def now(self) -> float:
        return time.monotonic()

    async def sleep_until(self, deadline: float) -> None:
        await asyncio.sleep(max(0.0, deadline - self.now()))

    def call_later(self, delay: float, callback: Callable[[], None]) -> Timer:
        return asyncio.get_running_loop().call_later(delay, callback)


class _ManualTimer:
    def __init__(self, callback: Callable[[], None]) -> None:
        self.callback: Callable[[], None] | None = callback

    def cancel(self) -> None:
        self.callback = None


class ManualClock:
    """Time that moves only when ``advance`` is awaited: every sleeper and timer whose moment has
    come runs, in order of that moment, and the tasks they wake get to run before it returns."""

    def __init__(self, start: float = 1000.0) -> None:
        self._now = start
        self._order = itertools.count()
        self._due: list[tuple[float, int, asyncio.Future[None] | _ManualTimer]] = []

    def now(self) -> float:
        return self._now

    async def sleep_until(self, deadline: float) -> None:
        if deadline <= self._now:
            await asyncio.sleep(0)
            return
        waiter: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        heapq.heappush(self._due, (deadline, next(self._order), waiter))
        await waiter

    def call_later(self, delay: float, callback: Callable[[], None]) -> Timer:
        timer = _ManualTimer(callback)
        heapq.heappush(self._due, (self._now + max(0.0, delay), next(self._order), timer))
        return timer

    async def advance(self, seconds: float) -> None:
        end = self._now + seconds
        while self._due and self._due[0][0] <= end:
            when, _, item = heapq.heappop(self._due)
            self._now = max(self._now, when)
            if isinstance(item, _ManualTimer):
                if item.callback is not None:
                    item.callback()
            elif not item.done():
                item.set_result(None)
            await _settle()
        self._now = end
        await _settle()


async def _settle(rounds: int = 5) -> None:
    """Let woken tasks run until they wait again (each await of theirs takes a loop turn)."""
    for _ in range(rounds):
        await asyncio.sleep(0)
