"""A job whose task has 10,000 buttons (issue 10), opened in the real detail panel, offscreen:
the longest stall of the Qt event loop, measured as the longest gap of a 5 ms heartbeat timer,
from the click until the follow-ups are shown and the "More…" menu was opened once.

                                                                               target ≤ 50 ms

The job is written into a real library in a temporary home (as the job service stores a task).

    .venv/bin/python benchmarks/many_buttons.py [--buttons 10000] [--runs 5]

The first run also pays the first lookup of an emoji font for the server's emoji in labels (~35 ms
here; without emoji the worst run was 38 ms): labels that drop server emoji remove that.

Prints each run, then the worst and the median with their ratio to the target; exits 1 when the
median misses it.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

TARGET_MS = 50.0
H = "0123456789abcdef"


def buttons(n: int) -> list[dict[str, object]]:
    """Unknown junk first, the real U/V buttons last: the panel must still put those first."""
    junk = [{"customId": f"MJ::JOB::junk_{i}::{H}", "label": f"Junk {i}", "emoji": "🔥"} for i in range(n - 8)]
    real = [
        {"customId": f"MJ::JOB::{w}::{i}::{H}", "label": f"{w[0].upper()}{i}"}
        for w in ("upsample", "variation")
        for i in range(1, 5)
    ]
    return junk + real


async def measure(window: object, job: object) -> float:
    from PySide6.QtCore import QTimer

    detail = window.detail  # type: ignore[attr-defined]
    detail.show_job(None)
    await asyncio.sleep(0.1)
    beats: list[float] = []
    timer = QTimer()
    timer.setInterval(5)
    timer.timeout.connect(lambda: beats.append(time.perf_counter()))
    timer.start()
    await asyncio.sleep(0.1)
    detail.show_job(job)
    deadline = time.monotonic() + 10
    while not detail.action_buttons() and time.monotonic() < deadline:
        await asyncio.sleep(0.005)
    await asyncio.sleep(0.05)
    detail.more_button.menu().aboutToShow.emit()  # what opening the menu builds
    await asyncio.sleep(0.1)
    timer.stop()
    return max(b - a for a, b in itertools.pairwise(beats)) * 1000


async def run(n: int, runs: int) -> list[float]:
    from mjdesk.core.imaging import ImagingPool
    from mjdesk.core.library import Library
    from mjdesk.core.paths import app_paths
    from mjdesk.ui.backend import Backend
    from mjdesk.ui.main_window import MainWindow
    from mjdesk.ui.services import Services

    paths = app_paths().ensure()
    library = Library.open(paths)
    pool = ImagingPool(max_workers=2)
    backend = Backend(library, pool)
    window = MainWindow(Services(backend=backend, pool=pool, paths=paths))
    window.show()
    try:
        job = library.add_job(profile="bench", action="IMAGINE", prompt="a fox")
        library.mark_submitted(job.id, "r-many", {"code": 1})
        library.update_from_task(job.id, "SUCCESS", progress=100, buttons=buttons(n), terminal=True)
        # The first job shown at all pays the panel's one-time set-up (~150 ms whatever its buttons,
        # measured with --buttons 9): a job with the usual nine buttons takes that first.
        usual = library.add_job(profile="bench", action="IMAGINE", prompt="a cat")
        library.mark_submitted(usual.id, "r-usual", {"code": 1})
        library.update_from_task(usual.id, "SUCCESS", progress=100, buttons=buttons(9), terminal=True)
        print(f"warm-up, a job with 9 buttons: {await measure(window, library.job(usual.id)):.1f} ms")
        results = []
        for _ in range(runs):
            results.append(await measure(window, library.job(job.id)))  # a fresh record each time
        return results
    finally:
        window.close()
        pool.shutdown(wait=True)
        library.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--buttons", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["MJDESK_HOME"] = tempfile.mkdtemp(prefix="mjdesk-bench-buttons-")

    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    app.setQuitOnLastWindowClosed(False)
    stalls = _run_loop(app, args)
    for i, stall in enumerate(stalls, 1):
        print(f"run {i}: longest event-loop stall {stall:6.1f} ms")
    worst, median = max(stalls), statistics.median(stalls)
    print(
        f"{args.buttons} buttons: worst {worst:.1f} ms (ratio {worst / TARGET_MS:.2f}), "
        f"median {median:.1f} ms (ratio {median / TARGET_MS:.2f}) to the {TARGET_MS:.0f} ms target"
    )
    return 0 if median <= TARGET_MS else 1


def _run_loop(app: object, args: argparse.Namespace) -> list[float]:
    import qasync

    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    with loop:
        return loop.run_until_complete(run(args.buttons, args.runs))


if __name__ == "__main__":
    raise SystemExit(main())
