"""GUI start-up and responsiveness.

1. Cold start to the first shown window: ``mjdesk`` (the real entry, empty home, offscreen) against
   a bare PySide6 ``QMainWindow``, each in fresh subprocesses, median of N runs. "Shown" means
   painted: for mjdesk, the current tab's page in its main window. Target: ≤ 2×.
2. While 8 large photos (6000×4000 JPEGs) are added to the image input, a 5 ms heartbeat timer on
   the event loop must never wait more than 50 ms.

Usage: .venv/bin/python benchmarks/gui_startup.py [--runs 15]
Exit status 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RATIO_TARGET = 2.0
HEARTBEAT_TARGET_MS = 50.0

# Each child prints the seconds from its own interpreter start to the window's first paint (a Show
# event comes before anything is drawn). Both watch only their window, through an event filter on
# it: an application-wide Python filter would tax every event of the bigger window's construction.
_BARE = r"""
import sys, time
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv[:1])
w = QMainWindow()
class Painted(QObject):
    def eventFilter(self, obj, ev):
        if ev.type() == QEvent.Type.Paint:
            print(time.perf_counter() - START, flush=True)
            obj.removeEventFilter(self)
            QTimer.singleShot(0, app.quit)
        return False
f = Painted(); w.installEventFilter(f)
w.show()
app.exec()
"""

# mjdesk counts when the page of the current tab in its own main window is painted: the window
# with its tabs really on screen, not a splash or an empty frame filled in later. The child starts
# like the real `mjdesk` script (mjdesk.app first, PySide6 when main() wants it); the paint watch
# is attached when mjdesk.ui.main_window is imported, by a finder, so nothing is imported early.
# Its second line is when the gallery and the detail panel (built right after that paint) exist.
_MJDESK = r"""
import sys, time, importlib.abc, importlib.machinery
import mjdesk.app as mjapp

def watch(main_window):
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication
    class Painted(QObject):
        def eventFilter(self, obj, ev):
            if ev.type() == QEvent.Type.Paint:
                window = obj.window()
                if not (isinstance(window, main_window.MainWindow) and window.isVisible()
                        and window.tabs.isVisible() and window.tabs.count() >= 7):
                    print(f"not the main window with its tabs: {window!r}", flush=True)
                print(time.perf_counter() - START, flush=True)
                obj.removeEventFilter(self)
            return False
    f = Painted()
    _init, _panels = main_window.MainWindow.__init__, main_window.MainWindow.build_panels
    def init(self, *args, **kwargs):
        _init(self, *args, **kwargs)
        self.tabs.currentWidget().installEventFilter(f)
    def panels(self):
        _panels(self)
        print(time.perf_counter() - START, flush=True)
        QTimer.singleShot(0, lambda: [w.close() for w in QApplication.topLevelWidgets()])
    main_window.MainWindow.__init__ = init
    main_window.MainWindow.build_panels = panels

class Hook(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        if name != "mjdesk.ui.main_window":
            return None
        spec = importlib.machinery.PathFinder.find_spec(name, path)
        run = spec.loader.exec_module
        def exec_module(module):
            run(module)
            watch(module)
        spec.loader.exec_module = exec_module
        return spec

sys.meta_path.insert(0, Hook())
sys.exit(mjapp.main(["--lang", "en", "--home", sys.argv[1]]))
"""


def _child(code: str, *args: str) -> list[float]:
    # START is taken as early as the child can: the interpreter's own start-up counts for both.
    prelude = "import time; START = time.perf_counter()\n"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run(
        [sys.executable, "-c", prelude + code, *args], capture_output=True, text=True, env=env, cwd=ROOT, timeout=120
    )
    lines = [line for line in out.stdout.splitlines() if line.strip()]
    if out.returncode not in (0,) or not lines:
        raise RuntimeError(f"child failed ({out.returncode}): {out.stderr[-2000:]}")
    try:
        return [float(line) for line in lines]
    except ValueError:
        raise RuntimeError(f"child measured the wrong thing: {lines}") from None


def startup(runs: int) -> tuple[float, float, float]:
    """Medians: bare first paint, mjdesk first paint, mjdesk with gallery and detail built."""
    bare, app, ready = [], [], []
    for _ in range(runs):  # interleaved, so both see the same machine load and disk cache
        bare.append(_child(_BARE)[0])
        with tempfile.TemporaryDirectory(prefix="mjdesk-bench-") as home:
            painted, panels = _child(_MJDESK, home)[:2]
        app.append(painted)
        ready.append(panels)
    return statistics.median(bare), statistics.median(app), statistics.median(ready)


def compile_bytecode() -> None:
    # PySide6 in site-packages was byte-compiled by pip, and an installed or frozen mjdesk is too;
    # a source checkout (with PYTHONDONTWRITEBYTECODE, as in this environment) would otherwise be
    # compiled again by every child, ~45 ms the user never pays.
    import compileall

    compileall.compile_dir(str(ROOT / "mjdesk"), quiet=1)


_HEARTBEAT = r"""
import asyncio, sys, time
from pathlib import Path
import qasync
from PySide6.QtWidgets import QApplication
from mjdesk.core.imaging import ImagingPool
from mjdesk.ui.widgets.image_input import ImageInput

app = QApplication(sys.argv[:1])
loop = qasync.QEventLoop(app)
asyncio.set_event_loop(loop)
photos = sorted(str(p) for p in Path(sys.argv[1]).glob("*.jpg"))

async def main():
    pool = ImagingPool()
    widget = ImageInput(pool, title="bench", max_count=8)
    widget.resize(900, 400)
    widget.show()
    delays = []
    stop = False
    async def heartbeat():
        while not stop:
            t = time.perf_counter()
            await asyncio.sleep(0.005)
            delays.append((time.perf_counter() - t - 0.005) * 1000)
    beat = asyncio.ensure_future(heartbeat())
    await asyncio.sleep(0.2)
    started = time.perf_counter()
    widget.add_sources(photos)
    while widget.busy or len(widget.images()) < len(photos):
        await asyncio.sleep(0.01)
    took = time.perf_counter() - started
    await asyncio.sleep(0.2)  # thumbnails and repaint after the last image
    stop = True
    await beat
    pool.shutdown()
    delays.sort()
    p99 = delays[int(len(delays) * 0.99) - 1]
    print(f"{max(delays):.1f} {p99:.1f} {took:.2f} {len(delays)} {len(widget.images())}", flush=True)

with loop:
    loop.run_until_complete(main())
"""


def make_photos(folder: Path, count: int = 8) -> None:
    from PIL import Image, ImageDraw

    for i in range(count):
        img = Image.radial_gradient("L").resize((6000, 4000)).convert("RGB")
        ImageDraw.Draw(img).rectangle((500 + i * 300, 400, 2500 + i * 300, 2400), fill=(40 * i % 255, 90, 160))
        img.save(folder / f"photo{i}.jpg", quality=90)


def heartbeat() -> tuple[float, float, float, int]:
    with tempfile.TemporaryDirectory(prefix="mjdesk-photos-") as folder:
        make_photos(Path(folder))
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "MJDESK_HOME": folder}
        out = subprocess.run(
            [sys.executable, "-c", _HEARTBEAT, folder], capture_output=True, text=True, env=env, cwd=ROOT, timeout=300
        )
    if out.returncode != 0 or not out.stdout.strip():
        raise RuntimeError(f"heartbeat child failed ({out.returncode}): {out.stderr[-2000:]}")
    worst, p99, took, beats, ready = out.stdout.split()
    if int(ready) != 8:
        raise RuntimeError(f"only {ready} of 8 photos became ready")
    return float(worst), float(p99), float(took), int(beats)


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--runs", type=int, default=15)
    args = p.parse_args()
    ok = True

    compile_bytecode()
    bare, app, ready = startup(args.runs)
    ratio = app / bare
    passed = ratio <= RATIO_TARGET
    ok &= passed
    print(f"start-up to first shown window (median of {args.runs}, offscreen):")
    print(f"  bare QMainWindow  {bare * 1000:7.0f} ms")
    print(f"  mjdesk            {app * 1000:7.0f} ms")
    print(f"  ratio             {ratio:7.2f}x  (target ≤ {RATIO_TARGET:.1f}x)  {'PASS' if passed else 'FAIL'}")
    print(f"  gallery + detail  {ready * 1000:7.0f} ms  (built right after the first paint; {ready / bare:.2f}x)")

    worst, p99, took, beats = heartbeat()
    passed = worst <= HEARTBEAT_TARGET_MS
    ok &= passed
    print("adding 8 photos of 6000×4000 to the image input:")
    print(f"  ready after       {took:7.2f} s ({beats} heartbeats of 5 ms)")
    print(
        f"  heartbeat delay   max {worst:.1f} ms, p99 {p99:.1f} ms  (target max ≤ {HEARTBEAT_TARGET_MS:.0f} ms)  "
        f"{'PASS' if passed else 'FAIL'}"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
