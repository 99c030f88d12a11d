"""Prompts that keep their parameters, on every dialect: Vary (Region) and Custom Zoom open with the
parent's prompt (``--ar 3:2 --stylize 250`` included, the server's image links stripped) and the
simulator receives them; Shorten's "Use" keeps the shortened prompt's parameters up to the imagine."""

from __future__ import annotations

import base64
import io
from collections.abc import AsyncIterator
from typing import Any

import pytest
from PIL import Image
from PySide6.QtCore import QRect
from PySide6.QtWidgets import QApplication, QPushButton

from mjdesk.core.api import ActionRequest, Button, ButtonKind, ImagineRequest, parse_custom_id
from mjdesk.core.jobs.prefill import modal_prefill
from mjdesk.core.library import JobRecord, Library
from mjdesk.sim import SimConfig, Simulator
from mjdesk.ui.dialogs.custom_zoom import CustomZoomDialog
from mjdesk.ui.dialogs.remix import RemixDialog
from mjdesk.ui.main_window import MainWindow
from mjdesk.ui.mask.painter_dialog import VaryRegionDialog

from .conftest import SIM_KEY, until

PARAMS = "--ar 3:2 --stylize 250"
PROMPT = f"a red fox in snow {PARAMS}"


@pytest.fixture(params=["new-api", "midjourney-proxy", "trueai"])
async def sim(request: pytest.FixtureRequest) -> AsyncIterator[Simulator]:
    s = Simulator(SimConfig(dialect=request.param, api_key=SIM_KEY, speed=0.15))
    await s.start()
    yield s
    await s.stop()


def data_url(color: str) -> str:
    out = io.BytesIO()
    Image.new("RGB", (96, 64), color).save(out, "PNG")
    return "data:image/png;base64," + base64.b64encode(out.getvalue()).decode()


def top_level(cls: type) -> Any:
    return next((w for w in QApplication.topLevelWidgets() if isinstance(w, cls) and w.isVisible()), None)


def detail_button(window: MainWindow, kind: ButtonKind) -> QPushButton:
    for widget in window.detail.action_buttons():
        if parse_custom_id(widget.property("custom_id"))[0] is kind:
            return widget
    raise AssertionError(f"no {kind} button among {[b.text() for b in window.detail.action_buttons()]}")


def bodies(sim: Simulator, suffix: str) -> list[dict[str, Any]]:
    return [r.json for r in sim.requests if r.server == "api" and r.path.endswith(suffix) and r.json]


async def upscaled(window: MainWindow) -> JobRecord:
    """imagine (with an image prompt, so the server echoes a link before the prompt) → U2, finished."""
    service = window.backend.service
    grid = await service.wait(
        (await service.submit("sim", ImagineRequest(PROMPT, images=[data_url("teal")]))).id, timeout=20
    )
    u2 = next(
        b.custom_id
        for raw in grid.buttons
        if (b := Button.from_json(raw)) is not None and b.kind is ButtonKind.UPSCALE and b.index == 2
    )
    job = await service.submit("sim", ActionRequest(grid.remote_id or "", u2), parent_job_id=grid.id, parent_button=u2)
    return await service.wait(job.id, timeout=20)


async def select(window: MainWindow, job_id: int) -> None:
    await until(lambda: window.gallery.select_job(job_id), what=f"tile of job {job_id}")
    await until(
        lambda: (
            window.detail.job is not None
            and window.detail.job.id == job_id
            and window.detail.job.updated_at >= window.backend.library.job(job_id).updated_at
        ),
        what="detail",
    )


async def test_vary_region_and_custom_zoom_keep_the_parent_prompt(live_window: MainWindow, sim: Simulator) -> None:
    window = live_window
    window.show()
    u2 = await upscaled(window)
    await select(window, u2.id)

    # Vary (Region): the prompt box holds the parent's prompt; the answer the server gets keeps it.
    detail_button(window, ButtonKind.VARY_REGION).click()
    await until(lambda: top_level(VaryRegionDialog) is not None, what="the painter")
    painter = top_level(VaryRegionDialog)
    assert painter.prompt_edit.text() == PROMPT
    w, h = painter.image.width(), painter.image.height()
    painter.document.rectangle(QRect(w // 4, h // 4, w // 3, h // 3))
    painter.prompt_edit.setText(painter.prompt_edit.text().replace("a red fox", "a red fox wearing a hat"))
    painter.submit_button.click()
    await until(lambda: len(bodies(sim, "/submit/modal")) == 1, what="the Vary Region answer")
    sent = bodies(sim, "/submit/modal")[0]
    assert sent["prompt"] == f"a red fox wearing a hat in snow {PARAMS}" and sent.get("maskBase64")

    # Custom Zoom: the same prompt with --zoom added; the aspect ratio stays the parent's.
    await select(window, u2.id)
    detail_button(window, ButtonKind.CUSTOM_ZOOM).click()
    await until(lambda: top_level(CustomZoomDialog) is not None, what="the zoom dialog")
    zoom = top_level(CustomZoomDialog)
    assert "http" not in zoom.prompt() and PARAMS in zoom.prompt() and "--zoom 1.5" in zoom.prompt()
    zoom.submit_button.click()
    await until(lambda: len(bodies(sim, "/submit/modal")) == 2, what="the Custom Zoom answer")
    sent = bodies(sim, "/submit/modal")[1]["prompt"]
    assert sent.startswith("a red fox in snow") and PARAMS in sent and "--zoom 1.5" in sent

    if sim.config.dialect != "trueai":
        return  # only TrueAI turns a V1 into a Remix modal on request (enableRemix)
    # Remix: the server's offer has the image link in front; the editor shows the prompt without it.
    assert u2.parent_job_id is not None
    await select(window, u2.parent_job_id)
    window.detail.remix.setChecked(True)
    detail_button(window, ButtonKind.VARIATION).click()
    await until(lambda: top_level(RemixDialog) is not None, what="the remix editor")
    remix = top_level(RemixDialog)
    assert remix.prompt() == PROMPT
    remix.submit_button.click()
    await until(lambda: len(bodies(sim, "/submit/modal")) == 3, what="the Remix answer")
    assert bodies(sim, "/submit/modal")[2]["prompt"] == PROMPT


async def test_shorten_use_keeps_the_parameters_up_to_the_imagine(live_window: MainWindow, sim: Simulator) -> None:
    window = live_window
    tab = window.shorten
    tab.editor.setPlainText(f"a very long and winding prompt about a castle on a hill at sunset, dramatic {PARAMS}")
    tab.refresh()
    assert tab.submit_button.isEnabled(), tab.reason.text()
    tab.submit_button.click()
    await until(lambda: len(tab.results.rows) >= 1, timeout=20, what="shortened prompts")
    tab.results.rows[0].findChildren(QPushButton)[0].click()
    assert window.tabs.currentWidget() is window.imagine
    prompt = window.imagine.editor.toPlainText()
    assert prompt.endswith(PARAMS) and prompt.count("--ar") == 1
    window.imagine.refresh()
    assert window.imagine.submit_button.isEnabled(), window.imagine.reason.text()
    window.imagine.submit_button.click()
    await until(lambda: bool(bodies(sim, "/submit/imagine")), what="the imagine")
    assert bodies(sim, "/submit/imagine")[-1]["prompt"].endswith(PARAMS)


def test_a_modal_offer_of_only_links_is_kept_whole(library: Library) -> None:
    """A blend's Remix offer is its images' links and --ar: stripped, it would name no image."""
    parent = library.add_job(profile="p", action="BLEND")

    def child(offer: str, prompt: str = "") -> JobRecord:
        job = library.add_job(profile="p", action="VARIATION", prompt=prompt, parent_job_id=parent.id)
        return library.mark_submitted(
            job.id, f"t{job.id}", {"code": 21, "properties": {"finalPrompt": offer}}, status="MODAL"
        )

    links = "http://127.0.0.1:9/uploads/a.png http://127.0.0.1:9/uploads/b.png --ar 1:1"
    assert modal_prefill(child(links), parent) == links
    assert modal_prefill(child(f"<https://s.mj.run/x> {PROMPT}"), parent) == PROMPT
    assert modal_prefill(child("", PROMPT), parent) == PROMPT
