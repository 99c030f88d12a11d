"""The simulator on a thread of its own, for synchronous callers (the CLI demo, subprocess tests).

The GUI and async tests run the simulator directly in their own event loop instead.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .server import SimConfig, Simulator


@contextmanager
def running_simulator(config: SimConfig, *, start_timeout: float = 20.0) -> Iterator[Simulator]:
    from .server import Simulator

    sim = Simulator(config)
    ready = threading.Event()
    failure: list[BaseException] = []
    holder: dict[str, object] = {}

    async def main() -> None:
        stop = asyncio.Event()
        holder["loop"], holder["stop"] = asyncio.get_running_loop(), stop
        try:
            await sim.start()
        except BaseException as exc:
            failure.append(exc)
            ready.set()
            return
        ready.set()
        try:
            await stop.wait()
        finally:
            await sim.stop()

    thread = threading.Thread(target=asyncio.run, args=(main(),), name="mjdesk-sim", daemon=True)
    thread.start()
    if not ready.wait(start_timeout):
        raise TimeoutError("the simulator did not start")
    if failure:
        raise failure[0]
    try:
        yield sim
    finally:
        loop, stop = holder["loop"], holder["stop"]
        assert isinstance(loop, asyncio.AbstractEventLoop) and isinstance(stop, asyncio.Event)
        loop.call_soon_threadsafe(stop.set)
        thread.join(timeout=10)
