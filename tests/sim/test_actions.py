"""Buttons, actions, change, and the modal flow with masks (spec §3.5–3.7, §8)."""

from __future__ import annotations

import re

import pytest

from .helpers import DIALECTS, StartSim, data_url, imagine, png, press, submit, upscale, wait_done

UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"


@pytest.mark.parametrize("dialect", DIALECTS)
async def test_grid_and_upscale_buttons_use_midjourney_custom_ids(start_sim: StartSim, dialect: str) -> None:
    _, client = await start_sim(dialect)
    grid = await imagine(client)
    labels = [b["label"] or b["emoji"] for b in grid["buttons"]]
    assert labels == ["U1", "U2", "U3", "U4", "🔄", "V1", "V2", "V3", "V4"]
    ids = [b["customId"] for b in grid["buttons"]]
    assert re.fullmatch(rf"MJ::JOB::upsample::1::{UUID}", ids[0])
    assert re.fullmatch(rf"MJ::JOB::reroll::0::{UUID}::SOLO", ids[4])
    assert re.fullmatch(rf"MJ::JOB::variation::4::{UUID}", ids[8])
    assert all(b["type"] == 2 and b["style"] == 2 for b in grid["buttons"])

    up = await upscale(client)
    ids = {b["label"] or b["emoji"]: b["customId"] for b in up["buttons"]}
    h = ids["Vary (Region)"].split("::")[3]
    assert ids["Upscale (Subtle)"] == f"MJ::JOB::upsample_v6_2x_subtle::1::{h}::SOLO"
    assert ids["Upscale (Creative)"] == f"MJ::JOB::upsample_v6_2x_creative::1::{h}::SOLO"
    assert ids["Vary (Subtle)"] == f"MJ::JOB::low_variation::1::{h}::SOLO"
    assert ids["Vary (Strong)"] == f"MJ::JOB::high_variation::1::{h}::SOLO"
    assert ids["Zoom Out 2x"] == f"MJ::Outpaint::50::1::{h}::SOLO"
    assert ids["Zoom Out 1.5x"] == f"MJ::Outpaint::75::1::{h}::SOLO"
    assert ids["Custom Zoom"] == f"MJ::CustomZoom::{h}"
    assert ids["⬅️"] == f"MJ::JOB::pan_left::1::{h}::SOLO" and ids["⬇️"] == f"MJ::JOB::pan_down::1::{h}::SOLO"
    assert ids["❤️"] == f"MJ::BOOKMARK::{h}"


@pytest.mark.parametrize(
    ("dialect", "labels", "actions"),
    [
        ("trueai", ["🔄", "V1"], ["IMAGINE", "VARIATION"]),  # TA: a reroll keeps the parent's action
        ("midjourney-proxy", ["🔄", "V1"], ["REROLL", "VARIATION"]),
        ("new-api", ["🔄", "V1"], ["REROLL", "VARIATION"]),
    ],
)
async def test_grid_actions(start_sim: StartSim, dialect: str, labels: list[str], actions: list[str]) -> None:
    sim, client = await start_sim(dialect)
    grid = await imagine(client)
    for label, action in zip(labels, actions, strict=True):
        r = await press(client, grid, label)
        assert r.json()["code"] == 1, r.text
        task = await wait_done(client, r.json()["result"])
        assert task["action"] == action and task["status"] == "SUCCESS"
        assert sim.tasks[task["id"]].parent_id == grid["id"]


@pytest.mark.parametrize(
    ("dialect", "expected"),
    [
        (
            "trueai",
            {
                "Upscale (Subtle)": "UPSCALE_HD",
                "Vary (Strong)": "VARIATION",
                "Zoom Out 2x": "ZOOM",
                "➡️": "PAN",
            },
        ),
        (
            "new-api",
            {
                "Upscale (Subtle)": "UPSCALE",
                "Vary (Strong)": "HIGH_VARIATION",
                "Zoom Out 2x": "ZOOM",
                "➡️": "PAN",
            },
        ),
        (
            "midjourney-proxy",
            {
                "Upscale (Creative)": "UPSCALE",
                "Vary (Subtle)": "VARIATION",
                "Zoom Out 1.5x": "ZOOM",
                "⬆️": "PAN",
            },
        ),
    ],
)
async def test_upscale_actions(start_sim: StartSim, dialect: str, expected: dict[str, str]) -> None:
    _, client = await start_sim(dialect)
    up = await upscale(client, 3)
    assert up["action"] == "UPSCALE"
    for label, action in expected.items():
        r = await press(client, up, label)
        assert r.json()["code"] == 1, (label, r.text)
        task = await wait_done(client, r.json()["result"])
        assert task["action"] == action, label


@pytest.mark.parametrize("dialect", DIALECTS)
async def test_action_needs_a_successful_existing_parent(start_sim: StartSim, dialect: str) -> None:
    _, client = await start_sim(dialect, speed=0.25)
    grid = await imagine(client)
    cid = grid["buttons"][0]["customId"]
    r = await client.post("/mj/submit/action", json={"taskId": "404404", "customId": cid})
    if dialect == "trueai":
        assert (r.status_code, r.json()["code"], r.json()["description"]) == (
            404,
            3,
            "关联任务不存在或已失效",
        )
    elif dialect == "new-api":
        assert (r.status_code, r.json()["description"]) == (400, "task_not_found ")
    else:
        assert (r.status_code, r.json()["code"]) == (200, 3)
    running = await submit(client, "/mj/submit/imagine", {"prompt": "still running"})
    r = await client.post("/mj/submit/action", json={"taskId": running["result"], "customId": cid})
    assert r.json().get("description") in ("关联任务状态错误", "task_status_not_success ")
    r = await client.post("/mj/submit/action", json={"taskId": grid["id"], "customId": "MJ::Nonsense::1"})
    if dialect == "new-api":
        assert r.status_code == 400
        assert r.json()["error"]["message"] == "Invalid request, unknown_action:MJ::Nonsense::1"
    else:
        assert r.json()["description"] == "未知的 Action 类型"
    r = await client.post("/mj/submit/action", json={"taskId": grid["id"]})
    assert r.status_code == (400 if dialect == "new-api" else 200)


async def test_custom_id_must_belong_to_the_parent(start_sim: StartSim) -> None:
    _, client = await start_sim("trueai")
    a, b = await imagine(client, "a"), await imagine(client, "b")
    r = await client.post("/mj/submit/action", json={"taskId": a["id"], "customId": b["buttons"][0]["customId"]})
    assert r.json()["code"] == 4 and "not a button" in r.json()["description"]


@pytest.mark.parametrize("dialect", DIALECTS)
async def test_bookmark_is_refused_everywhere(start_sim: StartSim, dialect: str) -> None:
    _, client = await start_sim(dialect)
    up = await upscale(client)
    r = await press(client, up, "❤️")
    assert r.status_code == 400 if dialect == "new-api" else r.json()["description"] == "未知的 Action 类型"


# --- change / simple-change ---------------------------------------------------------------------


async def test_new_api_change_requires_index_even_for_reroll(start_sim: StartSim) -> None:
    _, client = await start_sim("new-api")
    grid = await imagine(client)
    r = await client.post("/mj/submit/change", json={"taskId": grid["id"], "action": "REROLL"})
    assert (r.status_code, r.json()["description"]) == (400, "index_is_required ")
    r = await client.post("/mj/submit/change", json={"taskId": grid["id"], "index": 1})
    assert r.json()["description"] == "action_is_required "
    answer = await submit(client, "/mj/submit/change", {"taskId": grid["id"], "action": "REROLL", "index": 1})
    assert (await wait_done(client, answer["result"]))["action"] == "REROLL"


async def test_midjourney_proxy_change_and_simple_change(start_sim: StartSim) -> None:
    _, client = await start_sim("midjourney-proxy")
    grid = await imagine(client)
    up = await wait_done(
        client,
        (await submit(client, "/mj/submit/change", {"taskId": grid["id"], "action": "UPSCALE", "index": 2}))["result"],
    )
    assert up["action"] == "UPSCALE" and up["description"] == f"/up {grid['id']} U2"
    r = await client.post("/mj/submit/change", json={"taskId": grid["id"], "action": "ZOOM", "index": 2})
    assert r.json()["description"] == "action参数错误"
    r = await client.post("/mj/submit/change", json={"taskId": up["id"], "action": "UPSCALE", "index": 1})
    assert r.json()["description"] == "关联任务不允许执行变化"
    r = await client.post("/mj/submit/simple-change", json={"content": f"{grid['id']} X9"})
    assert r.json()["description"] == "content参数错误"
    for content, action in ((f"{grid['id']} v3", "VARIATION"), (f"{grid['id']} R", "REROLL")):
        answer = await submit(client, "/mj/submit/simple-change", {"content": content})
        assert (await wait_done(client, answer["result"]))["action"] == action


# --- the modal flow -------------------------------------------------------------------------------


@pytest.mark.parametrize("dialect", DIALECTS)
async def test_vary_region_modal_with_mask(start_sim: StartSim, dialect: str) -> None:
    sim, client = await start_sim(dialect)
    up = await upscale(client, prompt="a cat --ar 3:2")
    r = await press(client, up, "Vary (Region)")
    answer = r.json()
    assert answer["code"] == 21, answer  # new-api keeps 21 for INPAINT
    assert answer["properties"] == {"finalPrompt": "", "remix": True}
    modal_id = answer["result"]
    modal = (await client.get(f"/mj/task/{modal_id}/fetch")).json()
    modal = (await client.get(f"/mj/task/{modal_id}/fetch")).json()  # new-api: first poll shows ""
    assert modal["status"] == "MODAL"
    w, h = 1024, 682
    assert (sim.tasks[up["id"]].width, sim.tasks[up["id"]].height) == (w, h)

    wrong = data_url(png((550, 366), (0, 0, 100, 100)))
    r = await client.post("/mj/submit/modal", json={"taskId": modal_id, "prompt": "a dog", "maskBase64": wrong})
    assert r.json()["code"] == 4 and "1024x682" in r.json()["description"]
    assert (await client.get(f"/mj/task/{modal_id}/fetch")).json()["status"] == "MODAL"

    jpeg = data_url(b"\xff\xd8\xff", "image/jpeg")
    r = await client.post("/mj/submit/modal", json={"taskId": modal_id, "prompt": "a dog", "maskBase64": jpeg})
    assert r.json()["code"] == 4

    # A quarter of the image white: 512 x 341 of 1024 x 682.
    mask = png((w, h), (0, 0, 511, 340))
    r = await client.post(
        "/mj/submit/modal", json={"taskId": modal_id, "prompt": "a dog", "maskBase64": data_url(mask)}
    )
    assert r.json()["code"] == 1 and r.json()["result"] == modal_id
    done = await wait_done(client, modal_id)
    assert done["status"] == "SUCCESS" and done["prompt"] == "a dog"
    info = sim.tasks[modal_id].mask_info
    assert info is not None and (info.width, info.height) == (w, h) == (
        info.expected_width,
        info.expected_height,
    )
    assert info.white_fraction == pytest.approx(0.25, abs=0.01)
    assert [m.width for m in sim.masks] == [550, w]  # every decodable mask is recorded


async def test_bare_base64_mask_is_accepted(start_sim: StartSim) -> None:
    sim, client = await start_sim("trueai")
    up = await upscale(client)
    modal_id = (await press(client, up, "Vary (Region)")).json()["result"]
    mask = data_url(png((1024, 1024))).split(",", 1)[1]
    answer = await submit(client, "/mj/submit/modal", {"taskId": modal_id, "prompt": "x", "maskBase64": mask})
    assert answer["result"] == modal_id
    assert sim.masks[-1].white_fraction == 0.0


@pytest.mark.parametrize("dialect", DIALECTS)
async def test_custom_zoom_modal(start_sim: StartSim, dialect: str) -> None:
    _, client = await start_sim(dialect)
    up = await upscale(client, prompt="a tower")
    answer = (await press(client, up, "Custom Zoom")).json()
    assert answer["code"] == 21 and answer["properties"]["finalPrompt"] == "a tower"
    for bad in ("a tower", "a tower --zoom 3", "a tower --zoom 0.5"):
        r = await client.post("/mj/submit/modal", json={"taskId": answer["result"], "prompt": bad})
        assert r.json()["code"] == 4, bad
    ok = await submit(client, "/mj/submit/modal", {"taskId": answer["result"], "prompt": "a tower --zoom 1.5"})
    task = await wait_done(client, ok["result"])
    assert task["status"] == "SUCCESS" and task["action"] == ("CUSTOM_ZOOM" if dialect == "new-api" else "ZOOM")


async def test_modal_errors(start_sim: StartSim) -> None:
    _, client = await start_sim("trueai")
    r = await client.post("/mj/submit/modal", json={"prompt": "x"})
    assert r.json()["description"] == "参数错误"
    r = await client.post("/mj/submit/modal", json={"taskId": "123", "prompt": "x"})
    assert (r.status_code, r.json()["code"]) == (404, 3)
    grid = await imagine(client)
    r = await client.post("/mj/submit/modal", json={"taskId": grid["id"], "prompt": "x"})
    assert r.json()["description"] == "关联任务状态错误"


@pytest.mark.parametrize("dialect", ["trueai", "midjourney-proxy"])
async def test_pic_reader_opens_a_prefilled_modal(start_sim: StartSim, dialect: str) -> None:
    _, client = await start_sim(dialect)
    from .helpers import photo

    described = await wait_done(client, (await submit(client, "/mj/submit/describe", {"base64": photo()}))["result"])
    answer = (await press(client, described, "2")).json()
    assert answer["code"] == 21
    prefill = answer["properties"]["finalPrompt"]
    assert prefill and prefill in described["properties"]["finalPrompt"] and "2️⃣" not in prefill
    ok = await submit(client, "/mj/submit/modal", {"taskId": answer["result"], "prompt": prefill})
    task = await wait_done(client, ok["result"])
    assert task["action"] == "IMAGINE" and task["buttons"][0]["label"] == "U1"
    retry = await press(client, described, "🔄")
    assert (await wait_done(client, retry.json()["result"]))["action"] == "DESCRIBE"


async def test_pic_reader_all_on_trueai_returns_comma_separated_ids(start_sim: StartSim) -> None:
    _, client = await start_sim("trueai")
    from .helpers import photo

    described = await wait_done(client, (await submit(client, "/mj/submit/describe", {"base64": photo()}))["result"])
    answer = (await press(client, described, "Imagine all")).json()
    ids = answer["result"].split(",")
    assert answer["code"] == 1 and len(ids) == 4
    for task_id in ids:
        assert (await wait_done(client, task_id))["action"] == "IMAGINE"


async def test_new_api_refuses_pic_reader(start_sim: StartSim) -> None:
    _, client = await start_sim("new-api")
    from .helpers import photo

    described = await wait_done(client, (await submit(client, "/mj/submit/describe", {"base64": photo()}))["result"])
    r = await press(client, described, "1")
    assert r.status_code == 400 and "unknown_action:MJ::Job::PicReader::1" in r.json()["error"]["message"]


async def test_trueai_remix_turns_variation_into_a_modal(start_sim: StartSim) -> None:
    _, client = await start_sim("trueai")
    grid = await imagine(client, "a boat")
    answer = (await press(client, grid, "V1", enableRemix=True)).json()
    assert answer["code"] == 21 and answer["properties"]["finalPrompt"] == "a boat"
    ok = await submit(client, "/mj/submit/modal", {"taskId": answer["result"], "prompt": "a red boat"})
    task = await wait_done(client, ok["result"])
    assert task["action"] == "VARIATION" and task["prompt"] == "a red boat"


async def test_prompt_analyzer_on_midjourney_proxy_only(start_sim: StartSim) -> None:
    _, nz = await start_sim("midjourney-proxy")
    shortened = await wait_done(nz, (await submit(nz, "/mj/submit/shorten", {"prompt": "a big red barn"}))["result"])
    answer = (await press(nz, shortened, "1")).json()
    assert answer["code"] == 21 and answer["properties"]["finalPrompt"]
    _, ta = await start_sim("trueai")
    shortened = await wait_done(ta, (await submit(ta, "/mj/submit/shorten", {"prompt": "a big red barn"}))["result"])
    assert (await press(ta, shortened, "1")).json()["description"] == "未知的 Action 类型"


async def test_trueai_cancel_abandons_a_modal(start_sim: StartSim) -> None:
    _, client = await start_sim("trueai")
    up = await upscale(client)
    modal_id = (await press(client, up, "Vary (Region)")).json()["result"]
    assert (await client.post(f"/mj/task/{modal_id}/cancel")).status_code == 200
    assert (await client.get(f"/mj/task/{modal_id}/fetch")).json()["status"] == "FAILURE"
