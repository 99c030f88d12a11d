"""Submit answers per dialect: happy paths, validation texts, queueing, banned words, quota (spec §3, §4)."""

from __future__ import annotations

import pytest

from .helpers import DIALECTS, StartSim, photo, submit, wait_done


@pytest.mark.parametrize(
    ("dialect", "status", "body"),
    [
        (
            "midjourney-proxy",
            200,
            {"code": 4, "description": "prompt不能为空", "result": None, "properties": {}},
        ),
        ("trueai", 200, {"code": 4, "description": "prompt不能为空", "result": None, "properties": {}}),
        ("new-api", 400, {"description": "prompt_is_required ", "type": "upstream_error", "code": 4}),
    ],
)
async def test_imagine_without_prompt(start_sim: StartSim, dialect: str, status: int, body: dict) -> None:
    _, client = await start_sim(dialect)
    r = await client.post("/mj/submit/imagine", json={"prompt": "  "})
    assert (r.status_code, r.json()) == (status, body)


@pytest.mark.parametrize("dialect", DIALECTS)
async def test_imagine_answer_and_task_basics(start_sim: StartSim, dialect: str) -> None:
    sim, client = await start_sim(dialect)
    answer = await submit(client, "/mj/submit/imagine", {"prompt": "a cat --ar 3:2", "state": "mine"})
    assert answer["code"] == 1 and answer["description"] == "提交成功"
    assert answer["properties"]["discordInstanceId"]
    tid = answer["result"]
    assert tid.isdigit() and len(tid) == 16
    task = await wait_done(client, tid)
    assert task["status"] == "SUCCESS" and task["progress"] == "100%" and task["action"] == "IMAGINE"
    assert task["prompt"] == "a cat --ar 3:2" and task["state"] == "mine"
    assert task["submitTime"] <= task["startTime"] <= task["finishTime"]
    assert task["properties"]["finalPrompt"] == "a cat --ar 3:2"
    if dialect == "new-api":
        assert set(task) == {
            "id",
            "action",
            "customId",
            "botType",
            "prompt",
            "promptEn",
            "description",
            "state",
            "submitTime",
            "startTime",
            "finishTime",
            "imageUrl",
            "status",
            "progress",
            "failReason",
            "buttons",
            "maskBase64",
            "properties",
            "videoUrl",
            "videoUrls",
        }
        assert task["description"] == "提交成功"
    else:
        assert task["description"] == "/imagine a cat --ar 3:2"
    if dialect == "trueai":
        assert task["botType"] == "MID_JOURNEY" and task["mode"] == "FAST" and len(task["imageUrls"]) == 4
    assert sim.tasks[tid].status == "SUCCESS"


async def test_imagine_with_reference_images_prepends_their_urls(start_sim: StartSim) -> None:
    sim, client = await start_sim("midjourney-proxy")
    answer = await submit(client, "/mj/submit/imagine", {"prompt": "a cat", "base64Array": [photo()]})
    task = sim.tasks[answer["result"]]
    assert task.prompt_en.startswith(sim.image_base_url + "/uploads/") and task.prompt_en.endswith(" a cat")
    r = await client.post("/mj/submit/imagine", json={"prompt": "a cat", "base64Array": ["AAAA"]})
    assert r.json() == {"code": 4, "description": "base64格式错误", "result": None, "properties": {}}


@pytest.mark.parametrize(
    ("dialect", "text"),
    [
        ("midjourney-proxy", "base64List参数错误"),
        ("trueai", "图片参数错误，2~5张图片"),
        ("new-api", "base64List参数错误"),  # relayed from the midjourney-proxy upstream, HTTP 200
    ],
)
async def test_blend(start_sim: StartSim, dialect: str, text: str) -> None:
    _, client = await start_sim(dialect)
    r = await client.post("/mj/submit/blend", json={"base64Array": [photo()]})
    assert r.status_code == 200 and r.json()["code"] == 4 and r.json()["description"] == text
    r = await client.post("/mj/submit/blend", json={"base64Array": [photo(), photo((1, 2, 3))], "dimensions": None})
    assert r.json()["description"] == "dimensions参数错误"
    answer = await submit(
        client, "/mj/submit/blend", {"base64Array": [photo(), photo((1, 2, 3))], "dimensions": "PORTRAIT"}
    )
    task = await wait_done(client, answer["result"])
    assert task["status"] == "SUCCESS" and task["action"] == "BLEND"


@pytest.mark.parametrize("dialect", DIALECTS)
async def test_describe(start_sim: StartSim, dialect: str) -> None:
    _, client = await start_sim(dialect)
    r = await client.post("/mj/submit/describe", json={})
    assert r.status_code == 200 and r.json()["code"] == 4
    answer = await submit(client, "/mj/submit/describe", {"base64": photo()})
    task = await wait_done(client, answer["result"])
    text = task["properties"]["finalPrompt"]
    if dialect == "trueai":
        assert len(text.split("\r\n")) == 4 and task["promptEn"] == text
    else:
        blocks = text.split("\n\n")
        assert [b[:3] for b in blocks] == ["1️⃣", "2️⃣", "3️⃣", "4️⃣"]
    assert task["action"] == "DESCRIBE"
    if dialect == "new-api":
        assert task["buttons"]  # copied from upstream, even if NA itself refuses PicReader presses


async def test_trueai_describe_by_link(start_sim: StartSim) -> None:
    _, client = await start_sim("trueai")
    assert (await client.post("/mj/submit/describe", json={"link": "ftp://x"})).json()["description"] == "链接格式错误"
    assert (await client.post("/mj/submit/describe", json={})).json()["description"] == "base64或link不能为空"
    answer = await submit(client, "/mj/submit/describe", {"link": "https://example.com/cat.png"})
    assert (await wait_done(client, answer["result"]))["status"] == "SUCCESS"


@pytest.mark.parametrize("dialect", DIALECTS)
async def test_shorten(start_sim: StartSim, dialect: str) -> None:
    _, client = await start_sim(dialect)
    answer = await submit(client, "/mj/submit/shorten", {"prompt": "a very very detailed painting of a cat"})
    task = await wait_done(client, answer["result"])
    text = task["properties"]["finalPrompt"]
    assert "Important tokens" in text and "Shortened prompts" in text
    assert all(k in text for k in ("1️⃣", "5️⃣")) and task["action"] == "SHORTEN"
    assert any("PromptAnalyzer" in b["customId"] for b in task["buttons"])


@pytest.mark.parametrize("dialect", ["trueai", "new-api"])
async def test_video(start_sim: StartSim, dialect: str) -> None:
    sim, client = await start_sim(dialect)
    r = await client.post("/mj/submit/video", json={"image": photo()})
    assert r.json()["description"] in ("Prompt 不能为空",)
    r = await client.post("/mj/submit/video", json={"prompt": "waves", "batchSize": 3})
    assert r.json()["code"] == 4
    answer = await submit(
        client,
        "/mj/submit/video",
        {"prompt": "waves", "image": photo(), "motion": "high", "loop": True, "batchSize": 2},
    )
    task = await wait_done(client, answer["result"])
    assert task["action"] == "VIDEO" and len(task["videoUrls"]) == 2
    prompt_en = sim.tasks[task["id"]].prompt_en
    assert "--motion high" in prompt_en and "--end loop" in prompt_en and "--bs 2" in prompt_en
    video = await client.get(task["videoUrls"][0]["url"])
    assert video.headers["content-type"] == "video/mp4" and video.content[4:8] == b"ftyp"
    # Extend one of the finished videos.
    r = await client.post("/mj/submit/video", json={"action": "extend", "taskId": task["id"], "index": 5})
    assert r.json()["code"] == 4
    r = await client.post("/mj/submit/video", json={"action": "wrong", "taskId": task["id"], "index": 0})
    assert r.json()["description"] == "任务类型错误"
    answer = await submit(client, "/mj/submit/video", {"action": "extend", "taskId": task["id"], "index": 1})
    extended = await wait_done(client, answer["result"])
    assert extended["status"] == "SUCCESS" and sim.tasks[extended["id"]].parent_id == task["id"]


@pytest.mark.parametrize("dialect", ["trueai", "new-api"])
async def test_edits(start_sim: StartSim, dialect: str) -> None:
    _, client = await start_sim(dialect)
    assert (await client.post("/mj/submit/edits", json={"prompt": "x"})).json()[
        "description"
    ] == "image或prompt不能为空"
    answer = await submit(client, "/mj/submit/edits", {"prompt": "make it blue", "image": photo()})
    task = await wait_done(client, answer["result"])
    assert task["action"] == ("EDITS" if dialect == "new-api" else "EDIT") and task["status"] == "SUCCESS"


@pytest.mark.parametrize("dialect", DIALECTS)
async def test_upload_discord_images(start_sim: StartSim, dialect: str) -> None:
    sim, client = await start_sim(dialect)
    assert (await client.post("/mj/submit/upload-discord-images", json={"base64Array": []})).json()["code"] == 4
    r = await client.post("/mj/submit/upload-discord-images", json={"base64Array": [photo(), photo((9, 9, 9))]})
    answer = r.json()
    assert answer["code"] == 1 and isinstance(answer["result"], list) and len(answer["result"]) == 2
    got = await client.get(answer["result"][0], headers={})
    assert got.status_code == 200 and got.headers["content-type"] == "image/png"
    assert answer["result"][0].startswith(sim.image_base_url)


@pytest.mark.parametrize("dialect", DIALECTS)
async def test_face_swap(start_sim: StartSim, dialect: str) -> None:
    _, client = await start_sim(dialect)
    source, target = photo((250, 200, 180)), photo((20, 40, 200), (300, 200))
    r = await client.post("/mj/insight-face/swap", json={"sourceBase64": source})
    if dialect == "new-api":
        assert (r.status_code, r.json()["description"]) == (400, "sour_base64_and_target_base64_is_required ")
    else:
        assert r.json()["description"] == "目标图片不能为空"
    r = await client.post("/mj/insight-face/swap", json={"sourceBase64": source, "targetBase64": source})
    assert r.json()["description"] == "人脸图片和目标图片不能相同"
    answer = await submit(client, "/mj/insight-face/swap", {"sourceBase64": source, "targetBase64": target})
    task = await wait_done(client, answer["result"])
    assert task["action"] == "SWAP_FACE" and task["status"] == "SUCCESS"
    image = await client.get(task["imageUrl"])
    from io import BytesIO

    from PIL import Image

    assert Image.open(BytesIO(image.content)).size == (300, 200)  # derived from the target


async def test_trueai_swap_accepts_urls_new_api_does_not(start_sim: StartSim) -> None:
    _, ta = await start_sim("trueai")
    answer = await submit(ta, "/mj/insight-face/swap", {"sourceUrl": "https://a/1.png", "targetUrl": "https://a/2.png"})
    assert (await wait_done(ta, answer["result"]))["status"] == "SUCCESS"
    _, na = await start_sim("new-api")
    r = await na.post("/mj/insight-face/swap", json={"sourceUrl": "https://a/1.png", "targetUrl": "https://a/2.png"})
    assert r.status_code == 400


# --- queueing ------------------------------------------------------------------------------------


async def test_midjourney_proxy_queues_then_refuses_when_full(start_sim: StartSim) -> None:
    sim, client = await start_sim("midjourney-proxy", concurrency=1, queue_size=2, speed=0.25)
    answers = [(await client.post("/mj/submit/imagine", json={"prompt": f"p{i}"})).json() for i in range(4)]
    assert [a["code"] for a in answers] == [1, 22, 22, 23]
    assert answers[1]["description"] == "排队中，前面还有0个任务" and answers[1]["properties"]["numberOfQueues"] == 0
    assert answers[2]["description"] == "排队中，前面还有1个任务" and answers[2]["properties"]["numberOfQueues"] == 1
    assert answers[3]["description"] == "队列已满，请稍后尝试" and answers[3]["result"] is None
    queued = (await client.get(f"/mj/task/{answers[2]['result']}/fetch")).json()
    assert queued["status"] == "NOT_START"
    queue = (await client.get("/mj/task/queue")).json()
    assert [t["id"] for t in queue] == [a["result"] for a in answers[:3]]
    # The queue drains in order.
    last = await wait_done(client, answers[2]["result"])
    first = sim.tasks[answers[0]["result"]]
    assert last["status"] == "SUCCESS" and last["startTime"] >= first.finish_time


async def test_trueai_queue_full_is_code_9(start_sim: StartSim) -> None:
    _, client = await start_sim("trueai", concurrency=1, queue_size=0, speed=0.5)
    assert (await client.post("/mj/submit/imagine", json={"prompt": "a"})).json()["code"] == 1
    full = (await client.post("/mj/submit/imagine", json={"prompt": "b"})).json()
    assert (full["code"], full["description"]) == (9, "提交失败，队列已满，请稍后重试")


async def test_new_api_turns_queued_into_code_1_and_relays_queue_full(start_sim: StartSim) -> None:
    _, client = await start_sim("new-api", concurrency=1, queue_size=1, speed=0.5)
    codes = []
    for i in range(3):
        r = await client.post("/mj/submit/imagine", json={"prompt": f"p{i}"})
        codes.append((r.status_code, r.json()["code"]))
    # Upstream 22 is rewritten to 1; upstream 23 is passed through at upstream's HTTP 200.
    assert codes == [(200, 1), (200, 1), (200, 23)]


@pytest.mark.parametrize("dialect", DIALECTS)
async def test_forced_answers(start_sim: StartSim, dialect: str) -> None:
    sim, client = await start_sim(dialect)
    sim.force_next_submit("queued")
    r = await client.post("/mj/submit/imagine", json={"prompt": "q"})
    assert r.json()["code"] == (1 if dialect == "new-api" else 22)
    assert (await wait_done(client, r.json()["result"]))["status"] == "SUCCESS"
    sim.force_next_submit("server_error")
    r = await client.post("/mj/submit/imagine", json={"prompt": "q"})
    assert r.status_code == 500
    sim.force_next_submit("html_error")
    r = await client.post("/mj/submit/imagine", json={"prompt": "q"})
    assert r.status_code == 502 and "<h1>502 Bad Gateway</h1>" in r.text
    sim.force_next_submit("queue_full")
    # An invalid submit is refused before the forced answer and does not use it up.
    assert (await client.post("/mj/submit/imagine", json={"prompt": ""})).status_code in (200, 400)
    r = await client.post("/mj/submit/imagine", json={"prompt": "q"})
    assert r.json()["code"] == {"trueai": 9}.get(dialect, 23)
    # One-shot: the next submit is normal again.
    assert (await client.post("/mj/submit/imagine", json={"prompt": "q"})).json()["code"] == 1
    with pytest.raises(ValueError):
        sim.force_next_submit("nonsense")


# --- banned words and quota ---------------------------------------------------------------------


@pytest.mark.parametrize("dialect", ["midjourney-proxy", "new-api"])
async def test_banned_word_refused_at_submit(start_sim: StartSim, dialect: str) -> None:
    sim, client = await start_sim(dialect)
    r = await client.post("/mj/submit/imagine", json={"prompt": "a ForbiddenWord cat"})
    assert r.status_code == 200  # new-api passes the upstream answer through
    answer = r.json()
    assert (answer["code"], answer["description"]) == (24, "可能包含敏感词")
    assert answer["properties"] == {"promptEn": "a ForbiddenWord cat", "bannedWord": "forbiddenword"}
    assert not sim.tasks
    sim.force_next_submit("banned")
    assert (await client.post("/mj/submit/imagine", json={"prompt": "clean"})).json()["code"] == 24


async def test_trueai_accepts_banned_prompt_then_fails_the_task(start_sim: StartSim) -> None:
    _, client = await start_sim("trueai")
    answer = await submit(client, "/mj/submit/imagine", {"prompt": "a forbiddenword cat"})
    task = await wait_done(client, answer["result"])
    assert (task["status"], task["failReason"], task["progress"]) == ("FAILURE", "可能包含敏感词", "")


@pytest.mark.parametrize(
    ("dialect", "status", "body"),
    [
        ("new-api", 400, {"description": "quota_not_enough ", "type": "upstream_error", "code": 4}),
        ("midjourney-proxy", 200, None),
        ("trueai", 200, None),
    ],
)
async def test_quota(start_sim: StartSim, dialect: str, status: int, body: dict | None) -> None:
    _, client = await start_sim(dialect, quota=1)
    assert (await client.post("/mj/submit/imagine", json={"prompt": "a"})).json()["code"] == 1
    r = await client.post("/mj/submit/imagine", json={"prompt": "b"})
    assert r.status_code == status
    if body is not None:
        assert r.json() == body
    elif dialect == "trueai":
        got = r.json()
        assert got["success"] is False and got["code"] == -1 and got["message"] == "今日绘图次数已达上限"
        assert got["timestamp"]
    else:
        assert r.json()["code"] == 4 and r.json()["description"]


async def test_fail_rate_ends_tasks_in_failure(start_sim: StartSim) -> None:
    _, client = await start_sim("midjourney-proxy", fail_rate=1.0, speed=0.1)
    answer = await submit(client, "/mj/submit/imagine", {"prompt": "a"})
    task = await wait_done(client, answer["result"])
    assert task["status"] == "FAILURE" and task["failReason"] and task["progress"] == "" and not task["buttons"]
