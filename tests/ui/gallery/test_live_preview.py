"""A running job's tile shows the server's preview as it arrives (issue 12), then the result."""

from __future__ import annotations

from mjdesk.core.api import ImagineRequest
from mjdesk.core.library import ImageKind
from mjdesk.sim import SimConfig, Simulator
from mjdesk.ui import asyncutil
from mjdesk.ui.gallery.model import JobRole
from mjdesk.ui.main_window import MainWindow

from ..conftest import SIM_KEY, sim_profile, until


async def test_the_running_tile_shows_the_preview_then_the_grid(make_window, backend) -> None:
    sim = Simulator(SimConfig(dialect="trueai", api_key=SIM_KEY, speed=2.5))
    await sim.start()
    try:
        window: MainWindow = make_window(sim_profile(sim), SIM_KEY)
        await backend.start()
        window.show()
        job = backend.submit(ImagineRequest(prompt="a kite over dunes"), "a kite over dunes")
        await until(lambda: job.id is not None, what="the job")
        model = window.gallery.model

        def tile_cover() -> ImageKind | None:
            row = model.row_of(job.id or 0)
            record = model.index(row).data(JobRole) if row is not None else None
            return record.cover.kind if record is not None and record.cover is not None else None

        await until(lambda: tile_cover() is ImageKind.PREVIEW, timeout=15, what="the preview on the tile")
        assert window.gallery.loader.requested >= 1  # its thumbnail was asked for, to be painted
        await until(lambda: tile_cover() is ImageKind.GRID, timeout=15, what="the grid on the tile")
    finally:
        await asyncutil.cancel_all()
        await backend.aclose()
        await sim.stop()
