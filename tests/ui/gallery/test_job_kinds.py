"""What each job is, as the gallery shows it: the action filters find follow-ups (U2 under Upscale),
and captions / detail titles name the job ("U2", "Zoom Out 2x", "Blend · 3 images") with the prompt
its lineage gives it — never a server's image links, "SOLO" or an id."""

from __future__ import annotations

import base64
import io

from PIL import Image

from mjdesk.core.api import ActionRequest, BlendRequest, Button, ButtonKind, ImagineRequest
from mjdesk.core.library import JobRecord
from mjdesk.sim import Simulator
from mjdesk.ui.gallery.filter_bar import ACTION_GROUPS
from mjdesk.ui.gallery.states import caption, tooltip
from mjdesk.ui.main_window import MainWindow

from ..conftest import until

PROMPT = "a red fox in snow --ar 3:2 --stylize 250"


def data_url(color: str) -> str:
    out = io.BytesIO()
    Image.new("RGB", (96, 64), color).save(out, "PNG")
    return "data:image/png;base64," + base64.b64encode(out.getvalue()).decode()


def custom_id(job: JobRecord, kind: ButtonKind, index: int | None = None, contains: str = "") -> str:
    for raw in job.buttons:
        b = Button.from_json(raw)
        if b is not None and b.kind is kind and (index is None or b.index == index) and contains in b.custom_id:
            return b.custom_id
    raise AssertionError(f"job {job.id} has no {kind} button")


async def press(window: MainWindow, parent: JobRecord, cid: str) -> JobRecord:
    service = window.backend.service
    job = await service.submit(
        "sim", ActionRequest(parent.remote_id or "", cid), parent_job_id=parent.id, parent_button=cid
    )
    return await service.wait(job.id, timeout=20)


async def imagine(window: MainWindow, request: ImagineRequest) -> JobRecord:
    service = window.backend.service
    return await service.wait((await service.submit("sim", request)).id, timeout=20)


async def test_the_upscale_filter_shows_the_u2_job(live_window: MainWindow) -> None:
    window = live_window
    window.show()
    grid = await imagine(window, ImagineRequest(PROMPT))
    u2 = await press(window, grid, custom_id(grid, ButtonKind.UPSCALE, 2))
    assert u2.action == "UPSCALE"

    bar = window.gallery.filter_bar
    offered = {bar.action.itemData(i) for i in range(1, bar.action.count())}
    assert {
        "upscale",
        "zoom",
        "pan",
        "variation",
        "shorten",
        "upload",
        "swap_face",
        "video",
        "describe",
        "blend",
    } <= offered
    model = window.gallery.model
    bar.action.setCurrentIndex(bar.action.findData("upscale"))
    await until(lambda: not model.loading and model.total == 1 and model.rowCount() == 1, what="filtered")
    assert model.job_at(0).id == u2.id
    assert window.gallery.stack.currentWidget() is window.gallery.view  # not "No job matches"

    # A new upscale arriving while the filter is on joins it; its grid's variations do not.
    u4 = await press(window, grid, custom_id(grid, ButtonKind.UPSCALE, 4))
    await until(lambda: model.rowCount() == 2 and model.job_at(0).id == u4.id, what="the new upscale")
    bar.action.setCurrentIndex(bar.action.findData("variation"))
    await until(lambda: not model.loading and model.total == 0, what="no variation yet")
    assert ACTION_GROUPS["zoom"] == ("ZOOM", "CUSTOM_ZOOM", "OUTPAINT")


async def test_captions_and_titles_name_the_job_without_links(live_window: MainWindow, sim: Simulator) -> None:
    window = live_window
    window.show()
    # An image prompt: the server echoes its link in front of the prompt (finalPrompt).
    grid = await imagine(window, ImagineRequest(PROMPT, images=[data_url("teal")]))
    assert "http" in (grid.final_prompt or "")
    u2 = await press(window, grid, custom_id(grid, ButtonKind.UPSCALE, 2))
    zoom = await press(window, u2, custom_id(u2, ButtonKind.ZOOM_OUT, contains="::50::"))
    service = window.backend.service
    blend = await service.wait(
        (await service.submit("sim", BlendRequest([data_url("red"), data_url("green"), data_url("blue")]))).id,
        timeout=20,
    )
    assert "http" in (blend.final_prompt or "")

    library = window.backend.library
    expected = {
        u2.id: f"U2 · {PROMPT}",
        zoom.id: f"Zoom Out 2x · {PROMPT}",
        blend.id: "Blend · 3 images",
        grid.id: f"Imagine · {PROMPT}",
    }
    for job_id, text in expected.items():
        record = library.job(job_id)
        assert caption(record) == text  # what the gallery tile paints
        assert "http" not in tooltip(record) and "SOLO" not in tooltip(record)
        await until(lambda job_id=job_id: window.gallery.select_job(job_id), what=f"tile of job {job_id}")
        await until(
            lambda job_id=job_id: window.detail.job is not None and window.detail.job.id == job_id,
            what="the detail panel",
        )
        title = window.detail.title.text()
        assert text in title and "http" not in title and "SOLO" not in title, title

    # A job kept before follow-ups had their family's prompt: the server's echo, links stripped.
    old = library.add_job(
        profile="sim",
        action="ACTION",
        parent_job_id=grid.id,
        parent_button="MJ::Outpaint::75::1::abc::SOLO",
        params={"custom_id": "MJ::Outpaint::75::1::abc::SOLO"},
    )
    library.mark_submitted(old.id, "old-task", {"code": 1})
    library.update_from_task(old.id, "SUCCESS", final_prompt=f"<https://s.mj.run/x> {sim.base_url}/a.png {PROMPT}")
    assert caption(library.job(old.id)) == f"Zoom Out 1.5x · {PROMPT}"
