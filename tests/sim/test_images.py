"""The image host: grids, upscales, previews, TA candidates, new-api's /mj/image route (spec §12)."""

from __future__ import annotations

import io

import httpx
import pytest
from PIL import Image, ImageChops, ImageStat

from mjdesk.sim import images

from .helpers import StartSim, imagine, press, upscale, wait_done


def _open(data: bytes) -> Image.Image:
    img = Image.open(io.BytesIO(data))
    img.load()
    return img.convert("RGB")


def _quadrants(img: Image.Image) -> list[Image.Image]:
    w, h = img.size
    return [img.crop((x, y, x + w // 2, y + h // 2)) for y in (0, h // 2) for x in (0, w // 2)]


def _difference(a: Image.Image, b: Image.Image) -> float:
    return sum(ImageStat.Stat(ImageChops.difference(a, b.resize(a.size))).mean) / 3


@pytest.mark.parametrize(
    ("aspect", "size"),
    [
        ("1:1", (1024, 1024)),
        ("2:3", (682, 1024)),
        ("3:2", (1024, 682)),
        ("16:9", (1024, 576)),
        ("9:16", (576, 1024)),
        ("4:3", (1024, 768)),
        ("3:4", (768, 1024)),
    ],
)
def test_grid_sizes_follow_the_aspect_ratio(aspect: str, size: tuple[int, int]) -> None:
    assert images.aspect_of(f"a cat --ar {aspect} --v 6") == aspect
    assert images.grid_size(aspect) == size


def test_unknown_aspect_falls_back_to_square() -> None:
    assert images.aspect_of("a cat --ar 5:7") == "1:1" and images.aspect_of("a cat") == "1:1"


async def test_grid_has_four_visibly_different_quadrants_and_needs_no_auth(start_sim: StartSim) -> None:
    _, client = await start_sim("midjourney-proxy")
    grid = await imagine(client, "a harbour --ar 16:9")
    async with httpx.AsyncClient(verify=False) as anonymous:  # the image host has no auth
        r = await anonymous.get(grid["imageUrl"])
    assert r.status_code == 200 and r.headers["content-type"] == "image/png"
    img = _open(r.content)
    assert img.size == (1024, 576)
    quads = _quadrants(img)
    for i in range(4):
        for j in range(i + 1, 4):
            assert _difference(quads[i], quads[j]) > 10, (i, j)


def test_same_prompt_same_palette_other_prompt_other_colours() -> None:
    assert images.palette("a cat") == images.palette("a cat") != images.palette("a dog")


async def test_upscale_is_the_chosen_quadrant_at_full_size(start_sim: StartSim) -> None:
    sim, client = await start_sim("trueai")
    up = await upscale(client, 3, prompt="a mill --ar 3:2")
    grid = sim.tasks[sim.tasks[up["id"]].parent_id]
    grid_img = _open(
        (await client.get(f"{sim.image_base_url}/attachments/{grid.id}/mjdesk_{grid.job_hash}.png")).content
    )
    up_img = _open((await client.get(up["imageUrl"])).content)
    assert up_img.size == grid_img.size == (1024, 682)
    quads = _quadrants(grid_img)
    diffs = [_difference(q, up_img) for q in quads]
    assert diffs.index(min(diffs)) == 2 and min(diffs) < 8
    assert up["buttons"][0]["label"] == "Upscale (Subtle)"
    hd = await wait_done(client, (await press(client, up, "Upscale (Subtle)")).json()["result"])
    assert _open((await client.get(hd["imageUrl"])).content).size == (2048, 1364)
    assert all("Upscale" not in b["label"] for b in hd["buttons"])


async def test_trueai_image_urls_are_the_four_candidates(start_sim: StartSim) -> None:
    _, client = await start_sim("trueai")
    grid = await imagine(client, "a forest")
    assert [u["url"].rsplit("/", 1)[1] for u in grid["imageUrls"]] == [
        "0_0.png",
        "0_1.png",
        "0_2.png",
        "0_3.png",
    ]
    first = _open((await client.get(grid["imageUrls"][0]["url"])).content)
    second = _open((await client.get(grid["imageUrls"][1]["url"])).content)
    assert first.size == (1024, 1024) and _difference(first, second) > 10
    thumb = await client.get(grid["imageUrls"][0]["thumbnail"])
    assert thumb.headers["content-type"] == "image/webp" and max(_open(thumb.content).size) == 640


async def test_new_api_image_route_streams_without_auth(start_sim: StartSim) -> None:
    sim, client = await start_sim("new-api")
    grid = await imagine(client)
    assert grid["imageUrl"] == f"{sim.base_url}/mj/image/{grid['id']}"
    async with httpx.AsyncClient(verify=False) as anonymous:
        r = await anonymous.get(grid["imageUrl"])
        assert r.status_code == 200 and _open(r.content).size == (1024, 1024)
        missing = await anonymous.get(f"{sim.base_url}/mj/image/404")
        assert (missing.status_code, missing.json()) == (400, {"error": "midjourney_task_not_found"})


async def test_new_api_image_route_serves_the_preview_while_running(start_sim: StartSim) -> None:
    sim, client = await start_sim("new-api", speed=0.4)
    answer = (await client.post("/mj/submit/imagine", json={"prompt": "slow"})).json()
    while sim.tasks[answer["result"]].status != "IN_PROGRESS":
        await client.get(f"/mj/task/{answer['result']}/fetch")
    r = await client.get(f"/mj/image/{answer['result']}?rand=1")
    assert r.status_code == 200 and r.headers["content-type"] == "image/webp"


async def test_image_host_refuses_unknown_paths(start_sim: StartSim) -> None:
    sim, client = await start_sim("trueai")
    grid = await imagine(client)
    for path in (
        "/nothing",
        f"/attachments/{grid['id']}/other.png",
        "/attachments/1/0_0.png",
        "/uploads/x.png",
    ):
        assert (await client.get(sim.image_base_url + path)).status_code == 404
    assert sim.requests[-1].server == "image"


def test_mask_stats_counts_white_pixels() -> None:
    from .helpers import png

    w, h, white, fmt = images.mask_stats(png((100, 50), (0, 0, 49, 49))) or (0, 0, 0.0, "")
    assert (w, h, fmt) == (100, 50, "PNG") and white == pytest.approx(0.5)
