"""Peak RSS of `mjdesk-cli` when a server answers with huge or never-ending bodies (issue 10).

Each case runs the real CLI in a child process against the hostile loopback server of the tests
(tests/support/hostile.py) and reads the child's peak RSS from getrusage(RUSAGE_CHILDREN) in a
fresh wrapper process (ru_maxrss is the maximum over the waited-for children, so one wrapper per
run). Printed: peak RSS per case and its ratio to a plain small-answer `fetch`, plus the size of
the library afterwards. Budget: every large-answer case stays within 2x the small-answer run.

    .venv/bin/python benchmarks/hostile_answers.py [--src /path/to/other/checkout]

``--src`` runs the CLI of another checkout (e.g. the main branch) for a before/after comparison.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.support.hostile import HostileServer, endless, hostile_server, sized  # noqa: E402

MB = 1024 * 1024
BUDGET_RATIO = 2.0
_WRAPPER = (
    "import resource, subprocess, sys; r = subprocess.run(sys.argv[1:], capture_output=True, text=True); "
    "print(r.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, "
    "(r.stderr.strip().splitlines() or [''])[-1])"
)


def _run(src: Path, home: Path, base_url: str, *argv: str) -> tuple[int, float, float, str]:
    """(exit code, peak RSS in MiB, seconds, last stderr line) of one CLI run."""
    env = dict(
        os.environ,
        MJDESK_BASE_URL=base_url,
        MJDESK_API_KEY="sk-bench",
        MJDESK_HOME=str(home),
        MJDESK_DIALECT="midjourney-proxy",
        PYTHONPATH=str(src),
    )
    started = time.monotonic()
    out = subprocess.run(
        [sys.executable, "-c", _WRAPPER, sys.executable, "-m", "mjdesk.cli", *argv],
        capture_output=True,
        text=True,
        env=env,
        cwd=src,
        check=True,
    ).stdout.split(" ", 2)
    # ru_maxrss is in KiB on Linux.
    return int(out[0]), int(out[1]) / 1024, time.monotonic() - started, out[2].strip()


def _library_mb(home: Path) -> float:
    return sum(p.stat().st_size for p in home.rglob("*.sqlite3*") if p.is_file()) / MB


LIST = ("POST", "/mj/task/list-by-condition")  # what `fetch` and the poller of `--wait` ask


def _cases(server: HostileServer) -> list[tuple[str, object, tuple[str, ...]]]:
    server.task("small", server.success_task("small"))
    big = sized(50 * MB, prefix=b'[{"id":"big","status":"SUCCESS","prompt":"', suffix=b'"}]')
    endless_list = endless(prefix=b'[{"id":"inf","status":"SUCCESS","prompt":"')
    polls = sized(50 * MB, prefix=b'[{"id":"h1","status":"IN_PROGRESS","prompt":"', suffix=b'"}]')
    return [
        ("fetch, small answer", None, ("fetch", "small", "--json")),
        ("fetch, 50 MB answer", big, ("fetch", "big", "--json")),
        ("fetch, endless answer", endless_list, ("fetch", "inf", "--json")),
        # The submit is accepted; every poll then answers 50 MB, until --timeout gives up.
        ("imagine --wait, 50 MB polls", polls, ("imagine", "a cat", "--wait", "--timeout", "8", "--json")),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--src", type=Path, default=ROOT, help="checkout whose CLI is measured")
    args = parser.parse_args()
    rows = []
    with hostile_server() as server:
        for label, list_answer, argv in _cases(server):
            if list_answer is None:
                server.routes.pop(LIST, None)
            else:
                server.route(*LIST, list_answer)  # type: ignore[arg-type]
            with tempfile.TemporaryDirectory() as tmp:
                code, rss, took, said = _run(args.src, Path(tmp), server.base_url, *argv)
                rows.append((label, code, rss, took, _library_mb(Path(tmp)), said))
    base = rows[0][2]
    print(f"CLI of {args.src}")
    print(f"{'case':30} {'exit':>4} {'peak RSS':>10} {'ratio':>6} {'time':>6} {'library':>10}  stderr")
    for label, code, rss, took, lib, said in rows:
        print(f"{label:30} {code:4d} {rss:6.1f} MiB {rss / base:5.2f}x {took:5.1f}s {lib:6.2f} MiB  {said[:90]}")
    ok = all(row[2] <= BUDGET_RATIO * base for row in rows)
    print("PASS" if ok else f"FAIL: a large answer took more than {BUDGET_RATIO:.0f}x the small-answer RSS")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
