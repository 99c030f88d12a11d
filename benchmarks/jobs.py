"""Poll-cycle figures of the job service (issue 4), each beside its target.

    .venv/bin/python benchmarks/jobs.py [--jobs 500] [--batch 200] [--interval 1.0] [--seconds 14]

Submits ``--jobs`` imagines through a JobService (real library in a temporary folder) to one
simulated midjourney-proxy server and lets them run; the tasks take minutes, so all stay unfinished
while the poll cycles are measured:

1. requests per poll cycle, counted by the server          target <= ceil(jobs / batch)
2. CPU per poll cycle (time.process_time of this process:
   event loop, library threads), median of the cycles       target <= 20 ms
   (the max, and the cycles that wrote changes, are shown beside it)
3. delay from a task's status change on the server (its startTime, when it turns SUBMITTED) to
   the service's event for it, worst case                   target <= interval + 100 ms

The simulator runs in a child process, so its work (building 500 task objects per cycle) is not
counted as the client's CPU. Exits 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from mjdesk.core.api import ImagineRequest, MjClient, ServerProfile  # noqa: E402 - after sys.path
from mjdesk.core.jobs import JobEvent, JobService, PollPolicy  # noqa: E402
from mjdesk.core.jobs.tracker import CycleStats  # noqa: E402
from mjdesk.core.library import Library  # noqa: E402
from mjdesk.core.paths import app_paths  # noqa: E402

KEY = "sk-bench"
# The simulator in a child process: prints its URL, serves until a line arrives on stdin, then
# prints its request log (time, path, number of ids) as JSON.
CHILD = f"""
import asyncio, json, sys
sys.path.insert(0, {str(ROOT)!r})
from mjdesk.sim import SimConfig, Simulator

async def main():
    sim = Simulator(SimConfig(dialect="midjourney-proxy", api_key={KEY!r}, speed=float(sys.argv[1]),
                              concurrency=100000, queue_size=100000))
    await sim.start()
    print(sim.base_url, flush=True)
    await asyncio.get_running_loop().run_in_executor(None, sys.stdin.readline)
    log = [(r.time, r.path, len((r.json or {{}}).get("ids") or []) if isinstance(r.json, dict) else 0)
           for r in sim.requests if r.server == "api"]
    print(json.dumps(log), flush=True)
    await sim.stop()

asyncio.run(main())
"""


@dataclass(frozen=True)
class Figure:
    name: str
    value: float
    target: float
    unit: str

    @property
    def ok(self) -> bool:
        return self.value <= self.target

    def line(self) -> str:
        return (
            f"{self.name:<44} {self.value:9.1f} {self.unit:<3} "
            f"target <= {self.target:7.1f} {self.unit:<3} ratio {self.value / self.target:5.2f}  "
            f"{'ok' if self.ok else 'MISSED'}"
        )


async def client_share(profile: ServerProfile, ids: list[str], batch: int) -> float:
    """CPU ms the protocol client alone takes to ask for and parse every task (best of 5): the
    floor under any poll cycle, whatever the job service does."""
    samples = []
    async with MjClient(profile, KEY) as client:
        for _ in range(5):
            start = time.process_time()
            for i in range(0, len(ids), batch):
                await client.list_by_condition(ids[i : i + batch])
            samples.append((time.process_time() - start) * 1000)
    return min(samples)


async def measure(
    args: argparse.Namespace, base_url: str, home: Path
) -> tuple[list[float], list[CycleStats], tuple[float, float], float]:
    library = Library.open(app_paths(home).ensure())
    profile = ServerProfile(name="bench", base_url=base_url, dialect="midjourney-proxy")
    policy = PollPolicy(running_interval=args.interval, waiting_interval=args.interval, batch_size=args.batch)
    service = JobService(library, client_for=lambda name: MjClient(profile, KEY), poll=policy)
    delays: list[float] = []
    started_seen: set[int] = set()

    def on_event(event: JobEvent) -> None:
        job = event.job
        if job.remote_start_time and job.id not in started_seen:
            started_seen.add(job.id)
            delays.append(time.time() - job.remote_start_time / 1000)

    service.subscribe(on_event)
    await service.start()
    gate = asyncio.Semaphore(32)

    async def submit(i: int) -> None:
        async with gate:
            await service.submit("bench", ImagineRequest(prompt=f"benchmark tile {i} --ar 3:2"))

    await asyncio.gather(*(submit(i) for i in range(args.jobs)))
    submitted_at = time.time()
    await asyncio.sleep(args.seconds)
    watched_until = time.time()
    tracker = service.tracker("bench")
    assert tracker is not None
    cycles = [s for s in tracker.stats if s.started > submitted_at and s.tracked == args.jobs]
    if cycles:
        # The server's requests are counted from the first watched cycle on: a cycle a submit woke
        # a moment before ``submitted_at`` may still be asking then, and would merge with the next
        # one into a single "burst".
        submitted_at = cycles[0].started
    await service.aclose()
    ids = [j.remote_id or "" for j in library.unfinished_jobs("bench")]
    library.close()
    return delays, cycles, (submitted_at, watched_until), await client_share(profile, ids, args.batch)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--jobs", type=int, default=500)
    parser.add_argument("--batch", type=int, default=200)
    parser.add_argument("--interval", type=float, default=1.0, help="poll interval, seconds")
    parser.add_argument("--seconds", type=float, default=14.0, help="how long the cycles are watched")
    args = parser.parse_args()

    # Tasks turn SUBMITTED at 10 % of their run: late enough that every job is submitted first.
    speed = max(60.0, args.seconds * 4)
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(speed)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert child.stdin is not None and child.stdout is not None
    try:
        base_url = child.stdout.readline().strip()
        with tempfile.TemporaryDirectory(prefix="mjdesk-bench-jobs-") as tmp:
            delays, cycles, window, client_ms = asyncio.run(measure(args, base_url, Path(tmp)))
        child.stdin.write("\n")
        child.stdin.flush()
        log = json.loads(child.stdout.readline())
    finally:
        child.wait(timeout=30)

    per_batch = math.ceil(args.jobs / args.batch)
    # The server's own count: list-by-condition requests per cycle, a cycle being a burst of
    # requests separated from the next by most of an interval.
    polls = sorted(t for t, path, _ in log if path.endswith("/task/list-by-condition") and window[0] < t < window[1])
    bursts: list[list[float]] = []
    for t in polls:
        if bursts and t - bursts[-1][-1] < args.interval / 2:
            bursts[-1].append(t)
        else:
            bursts.append([t])
    sizes = [len(b) for b in bursts]
    largest_batch = max((n for _, path, n in log if path.endswith("/task/list-by-condition")), default=0)
    cpu_by_cycle = [(c.cpu * 1000, c.changed) for c in cycles]
    cpu = [c for c, _ in cpu_by_cycle]
    writing = [c.cpu * 1000 for c in cycles if c.changed]

    print(
        f"{args.jobs} unfinished jobs on one simulated server, batch {args.batch}, "
        f"interval {args.interval:.1f} s: {len(cycles)} cycles watched, {len(writing)} of them wrote "
        f"changes; {len(delays)} status changes timed"
    )
    figures = [
        Figure("requests per poll cycle (server count, max)", max(sizes, default=0), per_batch, ""),
        Figure("CPU per poll cycle, median", statistics.median(cpu), 20.0, "ms"),
        Figure("delay server change -> event, max", max(delays) * 1000, (args.interval + 0.1) * 1000, "ms"),
    ]
    for f in figures:
        print(f.line())
    quiet = [c for c in cpu_by_cycle if not c[1]]
    print(f"  ids per request <= {largest_batch}; requests per server burst: {sorted(set(sizes))}")
    print(
        f"  CPU per cycle: max {max(cpu):.1f} ms; cycles without changes "
        f"{statistics.median(c[0] for c in quiet) if quiet else float('nan'):.1f} ms, cycles writing "
        f"changes {statistics.median(writing) if writing else float('nan'):.1f} ms (median); the client "
        f"alone asking for and parsing all {args.jobs} tasks: {client_ms:.1f} ms"
    )
    print(
        "  cycles (changes/CPU ms/wall ms): "
        + ", ".join(f"{c.changed}/{c.cpu * 1000:.0f}/{c.wall * 1000:.0f}" for c in cycles)
    )
    print(f"  delay server change -> event: median {statistics.median(delays) * 1000:.0f} ms")
    return 0 if all(f.ok for f in figures) and len(delays) == args.jobs and cycles else 1


if __name__ == "__main__":
    sys.exit(main())
