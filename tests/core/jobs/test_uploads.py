"""Links for stored images against the simulator: uploaded once per content and server, reused
while alive, renewed before a submit once expired."""

from __future__ import annotations

import asyncio
import io
from pathlib import Path

from PIL import Image

from mjdesk.core.jobs import JobService
from mjdesk.core.jobs.uploads import link_expiry, link_for, renew_links
from mjdesk.core.library import Library
from mjdesk.sim import Simulator

from .conftest import ServiceFactory, api_requests


def _stored(library: Library, colour: str) -> Path:
    out = io.BytesIO()
    Image.new("RGB", (96, 64), colour).save(out, "PNG")
    ref = library.add_reference("sref", colour, image=out.getvalue())
    assert ref.image_path is not None
    return ref.image_path


def test_discord_links_say_when_they_expire() -> None:
    url = "https://cdn.discordapp.com/attachments/1/2/a.png?ex=67a1b2c3&is=67a06143&hm=ab"
    assert link_expiry(url) == 0x67A1B2C3 * 1000
    assert link_expiry("https://cdn.example/a.png") is None
    assert link_expiry("https://cdn.example/a.png?ex=zz") is None


async def test_an_image_is_uploaded_once_and_renewed_when_its_link_expired(
    sim: Simulator, make_service: ServiceFactory, library: Library
) -> None:
    service: JobService = await make_service(sim)
    image = await asyncio.to_thread(_stored, library, "teal")
    first = await link_for(service, "sim", image)
    assert first.startswith("http")
    assert await link_for(service, "sim", image) == first  # remembered: no second upload
    assert len(api_requests(sim, "/submit/upload-discord-images")) == 1

    prompt = f"a harbour at dawn --sref {first} --sw 300"
    assert await renew_links(service, "sim", prompt) == prompt  # alive: left alone
    # The link's time is up (as Discord's ex= says): the same image goes up again, once.
    sha = image.name.partition(".")[0]
    await asyncio.to_thread(library.remember_upload, "sim", sha, first, 1_000)
    renewed = await renew_links(service, "sim", prompt)
    assert first not in renewed and renewed.startswith("a harbour at dawn --sref http")
    assert renewed.endswith("--sw 300")
    assert len(api_requests(sim, "/submit/upload-discord-images")) == 2
    pasted = "a cat --sref https://elsewhere.example/x.png"
    assert await renew_links(service, "sim", pasted) == pasted  # not ours: nothing to renew
