"""`mjdesk-cli --version` start-up time against a bare interpreter start, measured in the same run.

Target (issue 2): the CLI starts without importing PySide6 or Pillow (asserted by
tests/core/test_layering.py); here we print how long that start takes. Budget: the median is
at most 150 ms above a bare `python -c pass`, and `--help` is measured too because it builds
the whole parser.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time

RUNS = 15
BUDGET_OVER_BARE_MS = 150.0


def _median_ms(argv: list[str]) -> float:
    samples = []
    for _ in range(RUNS):
        start = time.perf_counter()
        subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def main() -> int:
    bare = _median_ms([sys.executable, "-c", "pass"])
    version = _median_ms([sys.executable, "-m", "mjdesk.cli", "--version"])
    helptext = _median_ms([sys.executable, "-m", "mjdesk.cli", "--help"])
    print(f"bare python start          {bare:7.1f} ms  (baseline)")
    print(
        f"mjdesk-cli --version       {version:7.1f} ms  ratio {version / bare:4.2f}x  "
        f"(+{version - bare:.1f} ms, budget +{BUDGET_OVER_BARE_MS:.0f} ms)"
    )
    print(f"mjdesk-cli --help          {helptext:7.1f} ms  ratio {helptext / bare:4.2f}x")
    ok = version - bare <= BUDGET_OVER_BARE_MS
    print("PASS" if ok else "FAIL: --version start-up is over budget")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
