"""Threads of the pipeline: background priority, and the helpers that resize one image on all cores."""

from __future__ import annotations

import contextlib
import os
import sys
import threading
from concurrent.futures import ThreadPoolExecutor

_BACKGROUND_NICE = 5  # a 3:1 CPU share for the GUI thread over each worker, yet no starvation


def lower_thread_priority() -> None:
    """Make the calling thread yield the CPU to the GUI thread (Linux: a per-thread nice value).

    With every core busy decoding, the event loop thread would otherwise queue for a core behind the
    workers and the window would stutter. Elsewhere this does nothing; the bounded pool still helps.
    """
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError):
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), _BACKGROUND_NICE)


_helper_lock = threading.Lock()
_helpers: list[ThreadPoolExecutor] = []


def helper_pool() -> ThreadPoolExecutor:
    """Shared threads for the parts of one image (never for whole jobs, so they cannot deadlock)."""
    with _helper_lock:
        if not _helpers:
            _helpers.append(
                ThreadPoolExecutor(
                    max_workers=os.cpu_count() or 1,
                    thread_name_prefix="mjdesk-resize",
                    initializer=lower_thread_priority,
                )
            )
        return _helpers[0]
