"""Figures for the image pipeline (issue 3), each beside its target and a baseline measured in this run.

    .venv/bin/python benchmarks/imaging.py [--quick]

1. A 6000×4000 JPEG to a ≤ 2048 px data URL: median time, against the naive
   ``open → exif_transpose → resize(LANCZOS) → save`` path; and the peak memory of one conversion
   (measured in a fresh child process, as growth of its peak RSS).
2. 256 px thumbnails of 100 mixed images on all cores, against the naive path on one thread.
3. An asyncio heartbeat while 8 such photos encode through ImagingPool, against encoding them on
   the event loop itself.

The test images are made here with Pillow: a photo-like picture (smooth shapes plus per-channel noise,
about 2.3 bits per pixel as JPEG, typical of a 24 MP camera file). Exits 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import io
import json
import math
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from PIL import Image, ImageChops, ImageOps, ImageStat  # noqa: E402 - after the sys.path fix-up, so a checkout runs as is

from mjdesk.core.imaging import ImageBudget, ImagingPool, clear_cache, prepare_image  # noqa: E402
from mjdesk.core.imaging.pool import default_workers  # noqa: E402

MiB = 1024 * 1024


def photo(size: tuple[int, int], seed: int = 0) -> Image.Image:
    width, height = size
    extent = (-2 + seed * 0.01, -1.2, 1, 1.2)
    base = Image.effect_mandelbrot((width // 4, height // 4), extent, 80).convert("RGB")
    base = base.resize(size, Image.Resampling.BICUBIC)
    return Image.merge("RGB", [Image.blend(c, Image.effect_noise(size, 16), 0.25) for c in base.split()])


def jpeg(image: Image.Image, quality: int = 92) -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "BenchCam"  # Make: a camera file carries EXIF; Orientation 1, so no rotation cost
    buf = io.BytesIO()
    image.save(buf, "JPEG", quality=quality, exif=exif)
    return buf.getvalue()


def naive_data_url(path: Path, max_side: int = 2048) -> bytes:
    """What one writes first: full decode, rotate, LANCZOS, save."""
    with Image.open(path) as opened:
        image = ImageOps.exif_transpose(opened)
    scale = max_side / max(image.size)
    image = image.resize((round(image.width * scale), round(image.height * scale)), Image.Resampling.LANCZOS)
    buf = io.BytesIO()
    image.save(buf, "JPEG", quality=92)
    return base64.b64encode(buf.getvalue())


def psnr(a: Image.Image, b: Image.Image) -> float:
    diff = ImageChops.difference(a, b)
    mse = sum(ImageStat.Stat(diff.point(lambda v: v * v)).mean) / len(diff.getbands())
    return 10 * math.log10(255**2 / mse) if mse else math.inf


def naive_thumbnail(path: Path, out: Path, size: int = 256) -> None:
    with Image.open(path) as opened:
        image = ImageOps.exif_transpose(opened).convert("RGB")
    scale = size / max(image.size)
    image = image.resize(
        (max(1, round(image.width * scale)), max(1, round(image.height * scale))), Image.Resampling.LANCZOS
    )
    image.save(out, "JPEG", quality=85)


def timed_ms(fn: Callable[[], object], before: Callable[[], None] = lambda: None) -> float:
    before()
    started = time.perf_counter()
    fn()
    return (time.perf_counter() - started) * 1000


class Report:
    def __init__(self) -> None:
        self.failed: list[str] = []

    def figure(self, label: str, value: str, target: str, ok: bool, baseline: str = "") -> None:
        verdict = "ok" if ok else "MISSED"
        print(f"  {label}: {value}  (target {target}){'; ' + baseline if baseline else ''}  [{verdict}]")
        if not ok:
            self.failed.append(label)


def _peak_rss_bytes() -> int:
    # VmHWM belongs to this process image alone; ru_maxrss on Linux carries the parent's peak across
    # fork and exec, which would hide the conversion under the benchmark's own footprint.
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * (1 if sys.platform == "darwin" else 1024)


def child_memory(path: str, mode: str) -> None:
    """Run in a fresh process: how much the peak RSS grows during one conversion."""
    before = _peak_rss_bytes()
    if mode == "ours":
        prepare_image(path)
    else:
        naive_data_url(Path(path))
    after = _peak_rss_bytes()
    print(json.dumps({"grown_mb": (after - before) / 1e6, "peak_mb": after / 1e6}))


def measure_memory(path: Path, mode: str) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, __file__, "--child-memory", str(path), mode],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def bench_conversion(report: Report, folder: Path, runs: int) -> list[bytes]:
    print("Preparing a 6000×4000 JPEG ...", flush=True)
    big = photo((6000, 4000))
    variants = [jpeg(big, quality=92 - i) for i in range(8)]  # 8 files, same work, different hashes
    path = folder / "photo-6000x4000.jpg"
    path.write_bytes(variants[0])
    bpp = len(variants[0]) * 8 / (6000 * 4000)
    print(
        f"1. 6000×4000 JPEG ({len(variants[0]) / MiB:.1f} MiB, {bpp:.1f} bits/px) → ≤ 2048 px data URL, "
        f"median of {runs}, {os.cpu_count()} cores"
    )
    prepared = prepare_image(path)
    assert max(prepared.width, prepared.height) == 2048, prepared
    # Interleaved, so a neighbour's burst of CPU use lands on both sides of the ratio alike.
    ours_times: list[float] = []
    naive_times: list[float] = []
    for _ in range(runs):
        ours_times.append(timed_ms(lambda: prepare_image(path), before=clear_cache))
        naive_times.append(timed_ms(lambda: naive_data_url(path)))
    ours, naive = statistics.median(ours_times), statistics.median(naive_times)
    report.figure("conversion time", f"{ours:.0f} ms", "≤ 250 ms", ours <= 250)
    report.figure(
        "speed-up over naive path",
        f"{naive / ours:.1f}×",
        "≥ 3×",
        naive / ours >= 3,
        f"naive open → exif_transpose → resize(LANCZOS) → save: {naive:.0f} ms",
    )
    # Same pixels? Our output against the naive one (JPEG-decoded both), as PSNR.
    ours_img = Image.open(io.BytesIO(base64.b64decode(prepare_image(path).data_url.partition(",")[2])))
    naive_img = Image.open(io.BytesIO(base64.b64decode(naive_data_url(path))))
    quality = psnr(ours_img.convert("RGB"), naive_img.convert("RGB"))
    report.figure(
        "output vs naive output", f"PSNR {quality:.1f} dB", "≥ 40 dB, i.e. no visible difference", quality >= 40
    )
    mem = measure_memory(path, "ours")
    naive_mem = measure_memory(path, "naive")
    report.figure(
        "peak memory of one conversion",
        f"+{mem['grown_mb']:.0f} MB (process peak {mem['peak_mb']:.0f} MB)",
        "≤ 200 MB",
        mem["grown_mb"] <= 200,
        f"naive path: +{naive_mem['grown_mb']:.0f} MB, ratio {naive_mem['grown_mb'] / max(mem['grown_mb'], 1):.1f}×",
    )
    return variants


def mixed_images(folder: Path, count: int) -> list[Path]:
    """Phone photos, result grids, WebP, GIF, BMP, TIFF; every file distinct so no cache hit helps."""
    kinds: list[tuple[str, Image.Image, dict[str, object]]] = [
        ("jpg", photo((4032, 3024), 1), {"quality": 90}),
        ("png", photo((2048, 2048), 2), {}),  # default compression, as encoders write them
        ("webp", photo((1536, 1024), 3), {"quality": 85}),
        ("gif", photo((800, 600), 4).convert("P"), {}),
        ("bmp", photo((1200, 900), 5), {}),
        ("tiff", photo((1200, 900), 6), {}),
    ]
    weights = [40, 30, 15, 5, 5, 5]
    paths = []
    for (ext, image, options), weight in zip(kinds, weights, strict=True):
        for i in range(count * weight // 100):
            path = folder / f"mixed-{ext}-{i:03d}.{ext}"
            variant = image.copy()
            variant.putpixel((i, 0), (i % 256, 0, 0) if variant.mode == "RGB" else i % 256)
            variant.save(path, **options)
            paths.append(path)
    return paths


class CpuUse:
    """CPU seconds used by this process and, on Linux, by the whole machine (from /proc/stat)."""

    def __init__(self, process: float, machine_busy: float | None, machine_total: float) -> None:
        self.process, self.machine_busy, self.machine_total = process, machine_busy, machine_total

    @classmethod
    def now(cls) -> CpuUse:
        times = os.times()
        try:
            ticks = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]]
        except (OSError, ValueError):
            return cls(times.user + times.system, None, 0.0)
        hz = os.sysconf("SC_CLK_TCK")
        idle = ticks[3] + ticks[4]  # idle + iowait
        return cls(times.user + times.system, (sum(ticks) - idle) / hz, sum(ticks) / hz)

    def __sub__(self, other: CpuUse) -> CpuUse:
        busy = (
            None if self.machine_busy is None or other.machine_busy is None else self.machine_busy - other.machine_busy
        )
        return CpuUse(self.process - other.process, busy, self.machine_total - other.machine_total)


def bench_thumbnails(report: Report, folder: Path, count: int) -> None:
    print(f"Preparing {count} mixed images ...", flush=True)
    paths = mixed_images(folder, count)
    print(f"2. 256 px thumbnails of {len(paths)} mixed images (40% 12 MP JPEG, 30% 2048² PNG, 15% WebP, GIF/BMP/TIFF)")

    async def all_thumbnails(cache: Path) -> tuple[float, CpuUse]:
        async with ImagingPool() as pool:
            before = CpuUse.now()
            started = time.perf_counter()
            await asyncio.gather(*(pool.make_thumbnail(p, 256, cache_dir=cache) for p in paths))
            return time.perf_counter() - started, CpuUse.now() - before

    # A new cache folder each time, so every thumbnail is really made.
    runs = sorted((asyncio.run(all_thumbnails(folder / f"thumbs-{i}")) for i in range(3)), key=lambda r: r[0])
    ours, use = runs[1]  # the median run, with the CPU accounting of that same run
    naive_dir = folder / "naive-thumbs"
    naive_dir.mkdir()
    started = time.perf_counter()
    for p in paths:
        naive_thumbnail(p, naive_dir / (p.name + ".jpg"))
    naive = time.perf_counter() - started
    threads = default_workers()
    report.figure(
        "thumbnails",
        f"{ours:.2f} s on {threads} workers (median of 3)",
        "≤ 3 s",
        ours <= 3.0,
        f"naive path on one thread: {naive:.2f} s, {naive / ours:.1f}× slower",
    )
    # The work is CPU-bound decoding (a 2048² PNG alone is ~80 ms of zlib), so the wall time is the CPU
    # it needs divided by the cores it gets: this line tells a slow pipeline from a busy machine.
    if use.machine_busy is not None:
        idle = use.machine_total - use.machine_busy
        others = max(0.0, use.machine_busy - use.process)
        print(
            f"     CPU in that run: this process {use.process:.2f} core-s, other processes {others:.2f}, "
            f"idle {idle:.2f}; with {os.cpu_count()} free cores ≈ {use.process / (os.cpu_count() or 1):.2f} s"
        )


async def heartbeat_during(work: Callable[[], object]) -> float:
    worst = 0.0
    done = False

    async def beat() -> None:
        nonlocal worst
        while not done:
            started = time.perf_counter()
            await asyncio.sleep(0.005)
            worst = max(worst, time.perf_counter() - started - 0.005)

    task = asyncio.create_task(beat())
    await asyncio.sleep(0.02)
    try:
        result = work()
        if asyncio.iscoroutine(result):
            await result
    finally:
        done = True
        await task
    return worst * 1000


def bench_heartbeat(report: Report, variants: list[bytes]) -> None:
    print("3. asyncio heartbeat (5 ms tick) while 8 photos of 6000×4000 encode")
    budget = ImageBudget()

    async def through_pool() -> None:
        pool = ImagingPool()
        try:
            await asyncio.gather(*(pool.prepare_image(v, budget=budget) for v in variants))
        finally:
            pool.shutdown()

    async def run() -> tuple[float, float]:
        clear_cache()
        ours = await heartbeat_during(through_pool)
        clear_cache()
        blocking = await heartbeat_during(lambda: [prepare_image(v, budget=budget) for v in variants])
        return ours, blocking

    ours, blocking = asyncio.run(run())
    ratio = blocking / max(ours, 0.1)
    report.figure(
        "worst heartbeat delay",
        f"{ours:.1f} ms",
        "≤ 30 ms",
        ours <= 30,
        f"encoding on the event loop instead: {blocking:.0f} ms, {ratio:.0f}× worse",
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer runs and images (a smoke run)")
    parser.add_argument("--child-memory", nargs=2, metavar=("PATH", "MODE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child_memory:
        child_memory(*args.child_memory)
        return 0
    import PIL

    print(
        f"Pillow {PIL.__version__}, Python {sys.version.split()[0]}, {os.cpu_count()} cores, "
        f"load average {os.getloadavg()[0]:.1f} (other processes compete for the same cores)"
    )
    report = Report()
    with tempfile.TemporaryDirectory(prefix="mjdesk-bench-") as tmp:
        folder = Path(tmp)
        variants = bench_conversion(report, folder, runs=3 if args.quick else 9)
        bench_thumbnails(report, folder, count=20 if args.quick else 100)
        bench_heartbeat(report, variants)
    print(f"load average at the end: {os.getloadavg()[0]:.1f}")
    if report.failed:
        print(f"MISSED: {', '.join(report.failed)}")
        return 1
    print("All targets met.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
