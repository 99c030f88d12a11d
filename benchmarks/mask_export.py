"""Exporting a 2048×2048 Vary Region mask (issue 6): target ≤ 100 ms, median of N runs.

The export is what Submit does on the GUI thread: the document's bytes (Qt row padding removed)
→ mask_to_data_url (threshold, empty/full check, PNG, base64). The mask holds a few brush strokes,
a rectangle and a lasso, about what a designer paints, since PNG time depends on the content.
Exits 1 on FAIL.

    .venv/bin/python benchmarks/mask_export.py [--runs N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtCore import QPointF, QRect
from PySide6.QtGui import QGuiApplication

from mjdesk.ui.mask.document import MaskDocument

SIZE = 2048
TARGET_MS = 100.0


def painted_document() -> MaskDocument:
    doc = MaskDocument(SIZE, SIZE)
    for i in range(6):
        points = [QPointF(150 + i * 280 + 60 * (t % 3), 120 + t * 150) for t in range(12)]
        doc.stroke(points, 40 + i * 25)
    doc.rectangle(QRect(1200, 1300, 600, 450))
    doc.lasso([QPointF(300, 1500), QPointF(900, 1350), QPointF(1000, 1950), QPointF(250, 1900)])
    return doc


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    app = QGuiApplication.instance() or QGuiApplication([])  # noqa: F841 - QPainter needs one
    doc = painted_document()
    doc.export_data_url()  # warm-up: imports, allocator
    times = []
    for _ in range(args.runs):
        start = time.perf_counter()
        url = doc.export_data_url()
        times.append((time.perf_counter() - start) * 1000)
    median = statistics.median(times)
    ok = median <= TARGET_MS
    print(f"mask export {SIZE}×{SIZE}, {doc.coverage() * 100:.1f} % painted, {len(url) / 1024:.0f} KiB data URL")
    print(
        f"  median {median:.1f} ms (min {min(times):.1f}, max {max(times):.1f}, {args.runs} runs)"
        f"  target ≤ {TARGET_MS:.0f} ms  {'PASS' if ok else 'FAIL'}"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
