"""Every follow-up is recorded as what it is (UPSCALE, ZOOM, INPAINT…), with its family's prompt."""

from __future__ import annotations

import asyncio
import base64
import io

import pytest
from PIL import Image

from mjdesk.core.api import ActionRequest, BlendRequest, ButtonKind, ImagineRequest
from mjdesk.core.api.buttons import action_of_custom_id, human_label
from mjdesk.core.jobs import JobService
from mjdesk.core.library import ImageKind, JobQuery, Library
from mjdesk.sim import Simulator

from .conftest import ServiceFactory, SimFactory, button, mask_data_url

PROMPT = "a red fox in snow --ar 3:2 --stylize 250"


def png_data_url(color: str) -> str:
    out = io.BytesIO()
    Image.new("RGB", (64, 64), color).save(out, "PNG")
    return "data:image/png;base64," + base64.b64encode(out.getvalue()).decode()


@pytest.mark.parametrize("dialect", ["midjourney-proxy", "trueai", "new-api"])
async def test_follow_ups_are_recorded_by_their_real_action(
    dialect: str, make_sim: SimFactory, make_service: ServiceFactory, library: Library
) -> None:
    sim = await make_sim(dialect=dialect)
    service: JobService = await make_service(sim)
    imagine = await service.wait((await service.submit("sim", ImagineRequest(prompt=PROMPT))).id, timeout=10)

    async def press(parent_id: int, kind: ButtonKind, index: int | None = None):
        parent = await asyncio.to_thread(library.job, parent_id)
        custom_id = button(parent, kind, index)
        return await service.submit(
            "sim", ActionRequest(parent.remote_id or "", custom_id), parent_job_id=parent.id, parent_button=custom_id
        )

    u2 = await service.wait((await press(imagine.id, ButtonKind.UPSCALE, 2)).id, timeout=10)
    assert u2.action == "UPSCALE" and u2.status == "SUCCESS"
    v1 = await press(imagine.id, ButtonKind.VARIATION, 1)
    zoom = await press(u2.id, ButtonKind.ZOOM_OUT)
    pan = await press(u2.id, ButtonKind.PAN)
    region = await press(u2.id, ButtonKind.VARY_REGION)
    assert (v1.action, zoom.action, pan.action, region.action) == ("VARIATION", "ZOOM", "PAN", "INPAINT")
    # The gallery's Upscale filter asks the library for UPSCALE: the U2 job is there.
    assert [j.id for j in library.recent_jobs(query=JobQuery(action="UPSCALE"))] == [u2.id]
    assert {j.id for j in library.recent_jobs(query=JobQuery(action=("ZOOM", "CUSTOM_ZOOM")))} == {zoom.id}

    # A follow-up carries its family's prompt, parameters included, never the server's links.
    for job in (u2, v1, zoom, pan, region):
        assert job.prompt == PROMPT, (job.action, job.prompt)
    # An empty Vary Region answer (the server falls back to the parent's prompt) keeps it too.
    image = u2.image(ImageKind.UPSCALE)
    assert image is not None and image.width and image.height and region.modal_pending
    region = await service.submit_modal(region.id, "", mask_data_url(image.width, image.height))
    assert region.status == "SUBMITTED" and region.prompt == PROMPT


def test_custom_ids_map_to_the_spec_action_names() -> None:
    cases = {
        "MJ::JOB::upsample::2::abc": "UPSCALE",
        "MJ::JOB::upsample_v6_2x_subtle::1::abc::SOLO": "UPSCALE_HD",
        "MJ::JOB::variation::1::abc": "VARIATION",
        "MJ::JOB::low_variation::1::abc::SOLO": "LOW_VARIATION",
        "MJ::JOB::high_variation::1::abc::SOLO": "HIGH_VARIATION",
        "MJ::JOB::reroll::0::abc::SOLO": "REROLL",
        "MJ::Inpaint::1::abc::SOLO": "INPAINT",
        "MJ::Outpaint::50::1::abc::SOLO": "ZOOM",
        "MJ::CustomZoom::abc": "CUSTOM_ZOOM",
        "MJ::JOB::pan_left::1::abc::SOLO": "PAN",
        "MJ::JOB::animate_high::1::abc::SOLO": "VIDEO",
        "MJ::Job::PicReader::2": "IMAGINE",
        "MJ::Picread::Retry": "DESCRIBE",
        "MJ::BOOKMARK::abc": "ACTION",
        "something else": "ACTION",
    }
    assert {c: action_of_custom_id(c) for c in cases} == cases
    assert human_label("MJ::Outpaint::50::1::abc::SOLO") == "Zoom Out 2x"
    assert human_label("MJ::Outpaint::75::1::abc::SOLO") == "Zoom Out 1.5x"


async def test_a_blend_hands_down_no_links_only_prompt(sim: Simulator, make_service: ServiceFactory) -> None:
    service: JobService = await make_service(sim)
    request = BlendRequest([png_data_url("red"), png_data_url("blue")])
    blend = await service.wait((await service.submit("sim", request)).id, timeout=10)
    assert "http" in (blend.final_prompt or "")  # the server's echo: links and --ar only
    u1 = button(blend, ButtonKind.UPSCALE, 1)
    upscale = await service.submit(
        "sim", ActionRequest(blend.remote_id or "", u1), parent_job_id=blend.id, parent_button=u1
    )
    # "--ar 1:1" alone would make a Vary Region or Remix forget the blended images: nothing is carried.
    assert upscale.action == "UPSCALE" and upscale.prompt == ""
