"""The built-in simulator as the app's server (``--demo``, "Try the demo") and the GUI half of
``--selftest``: one imagine through the real window, service and library."""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mjdesk.core.api.profile import ServerProfile
    from mjdesk.sim import Simulator
    from mjdesk.ui.main_window import MainWindow

log = logging.getLogger("mjdesk")

DEMO_KEY = "sk-demo"
DEMO_PROFILE = "Demo"
SELFTEST_PROMPT = "a lighthouse on a cliff at dusk, watercolor --ar 3:2 --v 7"
SELFTEST_TIMEOUT = 60.0


class DemoServer:
    """The built-in simulator, started on demand (``--demo``, ``--selftest``, "Try the demo")."""

    def __init__(self, speed: float) -> None:
        self.speed = speed
        self.sim: Simulator | None = None

    async def start(self) -> tuple[ServerProfile, str]:
        from mjdesk.core.api.dialects import Dialect
        from mjdesk.core.api.profile import ServerProfile
        from mjdesk.sim import SimConfig, Simulator

        if self.sim is None:
            self.sim = Simulator(SimConfig(dialect="trueai", api_key=DEMO_KEY, speed=self.speed))
            await self.sim.start()
            log.info("demo simulator at %s", self.sim.base_url)
        return ServerProfile(name=DEMO_PROFILE, base_url=self.sim.base_url, dialect=Dialect.TRUEAI), DEMO_KEY

    async def stop(self) -> None:
        if self.sim is not None:
            await self.sim.stop()
            self.sim = None


async def run_selftest(window: MainWindow) -> int:
    """Submit an imagine through the job service and wait until its images are in the library."""
    import asyncio

    from mjdesk.ui.job_model import JobState

    started = time.monotonic()
    window.imagine.set_prompt(SELFTEST_PROMPT)
    window.imagine.refresh()
    if not window.imagine.submit_button.isEnabled():
        print(f"selftest FAILED: submit disabled: {window.imagine.reason.text()}", flush=True)
        return 1
    window.imagine.submit_button.click()
    job = window.backend.jobs[-1]
    try:
        await asyncio.wait_for(window.backend.wait(job), SELFTEST_TIMEOUT)
        if job.state is not JobState.SUCCESS or job.id is None:
            print(f"selftest FAILED: imagine {job.state.value}: {job.error or job.record}", flush=True)
            return 1
        record = await window.backend.service.wait(job.id, timeout=SELFTEST_TIMEOUT)
    except TimeoutError:
        print(f"selftest FAILED: imagine still {job.state.value} after {SELFTEST_TIMEOUT:.0f} s", flush=True)
        return 1
    files = [im.path for im in record.images if im.path.is_file()]
    if record.downloaded_at is None or not files:
        print(f"selftest FAILED: no result images in the library ({record.download_error})", flush=True)
        return 1
    print(
        f"selftest ok: imagine {job.task_id} finished in {time.monotonic() - started:.1f} s, "
        f"{len(files)} images in the library",
        flush=True,
    )
    return 0
