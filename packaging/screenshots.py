"""Screenshots of the real window on the built-in simulator, for looking at (and for AppStream).

One language, theme and scale per run (Qt reads the scale before the application exists):

    Xvfb :9 -screen 0 3840x2160x24 &
    DISPLAY=:9 QT_QPA_PLATFORM=xcb .venv/bin/python packaging/screenshots.py --out shots \\
        --size 1280x800 --lang zh_CN --theme light --scale 2

Scenes (``<out>/<size>-<lang>-<theme>-<scale>x-<scene>.png``): empty library, a running job with
its preview, the full gallery (the 10,000-job benchmark library under a few real jobs), the viewer,
a video playing in the viewer, the mask painter, a new version's offer (window and dialog),
Settings' General page, the Server history window, a 3×3 variation matrix.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PROMPTS = (
    "a lighthouse on a cliff at dusk, watercolor --ar 3:2",
    "paper boats on a still lake --ar 2:3",
    "neon city street in the rain --ar 16:9",
    "a fox in the snow, ink wash --ar 1:1",
    "山水画，薄雾中的群山 --ar 4:3",
    "ceramic teapot, studio light --ar 1:1",
)


async def until(predicate: Callable[[], bool], timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise TimeoutError("the scene did not get ready")
        await asyncio.sleep(0.05)


async def scenes(args: argparse.Namespace, home: Path) -> None:
    from PySide6.QtCore import QPointF, Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QWidget

    from mjdesk.app.startup import open_library, show_window
    from mjdesk.core import settings as settings_store
    from mjdesk.core.api import ImagineRequest, VideoRequest
    from mjdesk.core.library import ImageKind
    from mjdesk.core.paths import app_paths
    from mjdesk.ui import asyncutil
    from mjdesk.ui.mask.painter_dialog import VaryRegionDialog
    from tests.support.gallery_library import fill

    paths = app_paths(home)
    settings = settings_store.load(paths)
    width, height = (int(v) for v in args.size.split("x"))
    started = show_window(argparse.Namespace(selftest=False), paths, settings)
    window, backend = started.window, started.backend
    window.resize(width, height)
    prefix = f"{args.size}-{args.lang}-{args.theme}-{args.scale:g}x"
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)

    def grab(scene: str, widget: QWidget | None = None) -> None:
        QApplication.processEvents()
        (widget or window).grab().save(str(out / f"{prefix}-{scene}.png"))
        print(out / f"{prefix}-{scene}.png", flush=True)

    library = await asyncio.to_thread(open_library, paths)
    try:
        await backend.start(library)
        await backend.start_demo()
        asyncutil.spawn(backend.check_connection(), name="connection-check")  # as the app does
        await asyncio.sleep(1.0)
        grab("empty")

        # The 10,000-job benchmark library under the real jobs made next.
        await asyncio.to_thread(fill, library, 10_000, with_files=60, running_every=10_001)
        service = backend.service
        assert service is not None
        jobs = [await service.submit("Demo", ImagineRequest(prompt)) for prompt in PROMPTS]
        done = [await service.wait(job.id, timeout=120) for job in jobs]
        u2 = await service.submit("Demo", _u2(done[0]), parent_job_id=done[0].id)
        upscale = await service.wait(u2.id, timeout=120)  # U2 of the first grid: the painter's image
        video = await service.wait(
            (await service.submit("Demo", VideoRequest(prompt="slow push-in", image=_png()))).id, timeout=120
        )
        await until(lambda: library.job(video.id).downloaded_at is not None)
        window.gallery.model.reload()  # the rows written straight into SQLite
        await asyncio.sleep(1.5)

        # A running job, its preview arriving (the simulator slowed down for it).
        demo = started.demo.sim
        assert demo is not None
        demo._store.speed = 40.0  # seconds per task: time to catch it halfway
        running = await service.submit("Demo", ImagineRequest("a glass greenhouse at night, fireflies --ar 3:2"))
        await until(lambda: (library.job(running.id).progress or 0) >= 40, timeout=120)
        await asyncio.sleep(1.5)
        window.gallery.select_job(running.id)
        await asyncio.sleep(0.8)
        grab("running")
        demo._store.speed = 6.0
        await service.wait(running.id, timeout=120)
        await asyncio.sleep(1.0)
        window.gallery.select_job(done[2].id)
        await asyncio.sleep(1.0)
        grab("gallery")

        window.viewer.open_job(library.job(done[0].id))
        await asyncio.sleep(1.0)
        grab("viewer")
        window.viewer.open_job(library.job(video.id))
        bar = window.viewer.panel.video
        await until(lambda: bar.frames > 8, timeout=20)
        grab("video")
        window.viewer.close_viewer()

        image = library.job(upscale.id).image(ImageKind.UPSCALE)
        assert image is not None
        dialog = VaryRegionDialog(str(image.path), "a red lighthouse", window)
        dialog.resize(min(1100, width - 80), min(760, height - 60))
        dialog.show()
        await asyncio.sleep(0.5)
        view = dialog.view
        w, h = dialog.image.width(), dialog.image.height()
        a, b = view.mapFromScene(QPointF(w * 0.3, h * 0.45)), view.mapFromScene(QPointF(w * 0.7, h * 0.6))
        QTest.mousePress(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, a)
        for step in range(1, 21):
            QTest.mouseMove(view.viewport(), a + (b - a) * step / 20)
        QTest.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, b)
        await asyncio.sleep(0.5)
        grab("mask", dialog)
        dialog.reject()

        sys.path.insert(0, str(ROOT / "packaging"))
        import release_info

        from mjdesk.core.updates import Release

        release = Release("0.2.0", "2026-12-10", tuple(release_info.changelog_notes()), release_info.RELEASES_URL)
        window.updates.release = release
        window.updates.available.emit(release)
        await asyncio.sleep(0.3)
        window.update_button.open_dialog()
        await asyncio.sleep(0.5)
        offer = window.update_button.dialog
        assert offer is not None
        grab("update-offer")
        grab("update", offer)
        offer.reject()
        window.show_settings()
        settings_dialog = window.dialog
        assert settings_dialog is not None
        settings_dialog.pages.setCurrentIndex(2)
        await asyncio.sleep(0.5)
        grab("settings", settings_dialog)
        settings_dialog.reject()

        window.show_server_history()
        history = window.dialog
        assert history is not None
        await until(lambda: history.history.rowCount() > 0, timeout=20)
        await asyncio.sleep(0.5)
        grab("server", history)
        history.reject()

        window.imagine.set_prompt("a paper lantern, {red, jade, amber} --s {50, 250, 750}")
        window.imagine.submit_button.click()
        await until(lambda: getattr(window, "matrix_grid", None) is not None)
        grid = window.matrix_grid
        await until(lambda: all(j.state.finished for j in grid.jobs), timeout=180)
        await until(lambda: all(not c.icon().isNull() for c in grid.cells.values()), timeout=30)
        await asyncio.sleep(0.5)
        grab("matrix", grid)
        grid.reject()

        # The user's queue: one job at a time on the demo server, paused, one held back.
        await backend.set_max_running("Demo", 1)
        await service.pause_queue("Demo")
        queued = [await service.submit("Demo", ImagineRequest(p), queued=True) for p in PROMPTS[:5]]
        await service.hold([queued[2].id])
        window.show_queue()
        queue = window.queue_dialog
        assert queue is not None
        queue.resize(720, 420)
        await until(lambda: queue.list.count() == 5)
        await asyncio.sleep(0.5)
        grab("queue", queue)
        queue.close()
        await service.pause_queue("Demo", paused=False)
        await service.hold([queued[2].id], held=False)
        await backend.set_max_running("Demo", 0)

        # The reference library: two results kept as references and a style code.
        await asyncio.to_thread(library.add_reference, "sref", "Lantern glow", image=_file(library, done[0].id))
        await asyncio.to_thread(library.add_reference, "cref", "The keeper", image=_file(library, upscale.id))
        await asyncio.to_thread(library.add_reference, "sref", "Ink wash", code="3209421", tags=["line"])
        window.show_references()
        refs = window.references_dialog
        assert refs is not None
        await until(lambda: refs.list.count() == 3)
        refs.list.setCurrentRow(0)
        await asyncio.sleep(0.5)
        grab("references", refs)
        refs.close()

        # A family tree: the first grid, its U2 and what came after.
        window.show_lineage(done[0].id)
        lineage = window.lineage_window
        assert lineage is not None
        lineage.resize(min(1100, width - 80), min(700, height - 60))
        await asyncio.sleep(1.5)
        grab("lineage", lineage)
        lineage.close()

        # Compare: two grids of the same family of prompts, side by side with their differences.
        window.open_compare([library.job(done[0].id), library.job(done[1].id)])
        compare = window.compare_window
        assert compare is not None
        compare.resize(min(1200, width - 40), min(760, height - 40))
        await asyncio.sleep(2.0)
        grab("compare", compare)
        compare.close()

        window.show_costs()
        costs = window.dialog
        assert costs is not None
        await asyncio.sleep(1.0)
        grab("costs", costs)
        costs.reject()
    finally:
        await asyncutil.cancel_all()
        await backend.aclose()
        started.pool.shutdown(wait=False)
        await started.demo.stop()
        library.close()
        window.close()


def _file(library: object, job_id: int) -> Path:
    """The image a job stands for in the gallery (its cover), as a library file."""
    from mjdesk.core.library import ImageKind

    job = library.job(job_id)  # type: ignore[attr-defined]
    full = [im for im in job.images if im.kind in (ImageKind.UPSCALE, ImageKind.GRID)]
    image = full[0] if full else job.cover
    assert image is not None
    return Path(image.path)


def _png() -> str:
    import base64
    import io

    from PIL import Image, ImageDraw

    image = Image.new("RGB", (512, 512), (30, 60, 90))
    ImageDraw.Draw(image).ellipse((120, 120, 392, 392), fill=(240, 180, 60))
    buf = io.BytesIO()
    image.save(buf, "PNG")
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode()


def _u2(grid: object) -> object:
    from mjdesk.core.api import ActionRequest, Button, ButtonKind

    for raw in getattr(grid, "buttons", []):
        button = Button.from_json(raw)
        if button is not None and button.kind is ButtonKind.UPSCALE and button.index == 2:
            return ActionRequest(getattr(grid, "remote_id", "") or "", button.custom_id)
    raise RuntimeError("the grid has no U2")


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--out", default="shots")
    p.add_argument("--size", default="1280x800")
    p.add_argument("--lang", default="en", choices=("en", "zh_CN"))
    p.add_argument("--theme", default="dark", choices=("dark", "light"))
    p.add_argument("--scale", type=float, default=1.0)
    args = p.parse_args()
    os.environ["QT_SCALE_FACTOR"] = f"{args.scale:g}"
    home = Path(tempfile.mkdtemp(prefix="mjdesk-shots-"))
    os.environ["MJDESK_HOME"] = str(home)

    import qasync
    from PySide6.QtWidgets import QApplication

    from mjdesk.app.i18n import install_translators
    from mjdesk.core import settings as settings_store
    from mjdesk.core.paths import app_paths
    from mjdesk.ui.theme import apply_theme

    paths = app_paths(home).ensure()
    app = QApplication([sys.argv[0]])
    app.setApplicationName("mjdesk")
    translators = install_translators(app, args.lang, paths)
    apply_theme(app, args.theme)
    settings_store.save(paths, settings_store.load(paths))
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    with loop:
        loop.run_until_complete(scenes(args, home))
    del translators
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
