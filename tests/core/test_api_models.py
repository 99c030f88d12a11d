"""Parsing tasks, buttons and submit answers as each dialect sends them (spec §4-§8)."""

from __future__ import annotations

import json

import pytest

from mjdesk.core.api import (
    Button,
    ButtonKind,
    Dialect,
    SubmitCode,
    SubmitResult,
    Task,
    TaskAction,
    TaskStatus,
    parse_progress,
)

H = "a1b2c3d4-0000-1111-2222-333344445555"

NZ_TASK = {
    "id": "1712205491372345",
    "action": "IMAGINE",
    "prompt": "a cat --v 6",
    "promptEn": "a cat --v 6",
    "description": "/imagine a cat --v 6",
    "state": None,
    "submitTime": 1712205491372,
    "startTime": 1712205492000,
    "finishTime": 1712205551000,
    "imageUrl": "https://cdn.discordapp.com/attachments/1/2/user_a_cat_grid_0.png",
    "status": "SUCCESS",
    "progress": "100%",
    "failReason": None,
    "properties": {"finalPrompt": "a cat --v 6 --fast", "messageHash": H, "discordInstanceId": "99"},
}

TA_TASK = {
    "id": "1734567890123456",
    "parentId": "1734567890000001",
    "action": "VIDEO",
    "status": "SUCCESS",
    "progress": "100%",
    "prompt": "waves --motion low --video 1",
    "promptEn": "waves --motion low --video 1",
    "botType": "MID_JOURNEY",
    "realBotType": "MID_JOURNEY",
    "mode": "FAST",
    "seed": "2735212",
    "submitTime": "1734567890123",
    "imageUrl": "https://cdn.midjourney.com/video/abc/0_0.webp",
    "imageUrls": [
        {"url": "https://cdn.midjourney.com/abc/0_0.png", "thumbnail": "https://t/0_0_640_N.webp"},
        {"url": "https://cdn.midjourney.com/abc/0_1.png", "thumbnail": None},
    ],
    "videoUrl": "https://cdn.midjourney.com/video/abc/0_0.mp4",
    "videoUrls": [
        {"url": "https://cdn.midjourney.com/video/abc/0_0.mp4", "thumbnail": "x"},
        {"url": "https://cdn.midjourney.com/video/abc/0_1.mp4"},
    ],
    "buttons": [
        {
            "customId": f"MJ::JOB::animate_high_extend::1::{H}::SOLO",
            "emoji": "⏩",
            "label": "Extend",
            "type": 2,
            "style": 2,
        },
    ],
    "properties": {"finalPrompt": "waves", "custom_id": "x", "botType": "MID_JOURNEY"},
    "displays": {"status": "成功"},
    "useTime": "12.34 s",
    "isCompleted": True,
    "contentType": "video/mp4",
}

NA_TASK = {
    "id": "1734567890999999",
    "action": "UPSCALE",
    "customId": "",
    "botType": "",
    "prompt": "a cat",
    "promptEn": "",
    "description": "提交成功",
    "state": "",
    "submitTime": 1734567890999,
    "startTime": 0,
    "finishTime": 0,
    "imageUrl": "https://gw.example/mj/image/1734567890999999?rand=1",
    "status": "",
    "progress": "",
    "failReason": "",
    "buttons": None,
    "maskBase64": "",
    "properties": None,
    "videoUrl": "",
    "videoUrls": [],
}


def test_nz_task_fields() -> None:
    task = Task.from_json(NZ_TASK)
    assert task.id == "1712205491372345"
    assert task.action is TaskAction.IMAGINE and task.action_raw == "IMAGINE"
    assert task.status is TaskStatus.SUCCESS and task.is_terminal
    assert task.progress == 100 and task.progress_raw == "100%"
    assert task.submit_time == 1712205491372 and task.finish_time == 1712205551000
    assert task.final_prompt == "a cat --v 6 --fast"
    assert task.image_url and task.image_url.endswith("_grid_0.png")
    assert task.buttons == [] and task.fail_reason is None and task.state is None


def test_ta_big_task_with_url_objects_and_extras() -> None:
    task = Task.from_json(TA_TASK)
    assert task.action is TaskAction.VIDEO
    assert task.image_urls == [
        "https://cdn.midjourney.com/abc/0_0.png",
        "https://cdn.midjourney.com/abc/0_1.png",
    ]
    assert task.video_urls == [
        "https://cdn.midjourney.com/video/abc/0_0.mp4",
        "https://cdn.midjourney.com/video/abc/0_1.mp4",
    ]
    assert task.video_url == "https://cdn.midjourney.com/video/abc/0_0.mp4"
    assert task.submit_time == 1734567890123  # a numeric string is still a time
    assert (task.parent_id, task.bot_type, task.mode, task.seed) == (
        "1734567890000001",
        "MID_JOURNEY",
        "FAST",
        "2735212",
    )
    assert task.buttons[0].kind is ButtonKind.VIDEO and task.buttons[0].type == 2
    # Unknown fields stay available.
    assert task.extra["useTime"] == "12.34 s" and task.extra["displays"] == {"status": "成功"}
    assert "realBotType" in task.extra and "id" not in task.extra


def test_na_small_dto_status_empty_is_pending() -> None:
    task = Task.from_json(NA_TASK, Dialect.NEW_API)
    assert task.status is TaskStatus.PENDING and task.status_raw == ""
    assert task.progress is None and not task.is_terminal
    assert task.buttons == [] and task.properties == {} and task.final_prompt is None
    assert task.video_url is None and task.video_urls == []
    assert task.extra["maskBase64"] == "" and task.extra["customId"] == ""


def test_new_api_progress_100_is_terminal_only_for_new_api() -> None:
    obj = {**NA_TASK, "status": "", "progress": "100%"}
    assert Task.from_json(obj, Dialect.NEW_API).is_terminal
    assert not Task.from_json(obj, Dialect.TRUEAI).is_terminal
    assert not Task.from_json(obj).is_terminal


def test_progress_never_overrides_a_status_that_says_running() -> None:
    # "100%" next to IN_PROGRESS, or a nonsense "999%", must not finish a job with its preview.
    for progress in ("100%", "999%", 999, float("inf")):
        task = Task.from_json({**NA_TASK, "status": "IN_PROGRESS", "progress": progress}, Dialect.NEW_API)
        assert not task.is_terminal


def test_numeric_id_becomes_string() -> None:
    assert Task.from_json({"id": 1734567890123456}).id == "1734567890123456"


@pytest.mark.parametrize(
    ("raw", "status"),
    [
        ("NOT_START", TaskStatus.NOT_START),
        ("SUBMITTED", TaskStatus.SUBMITTED),
        ("MODAL", TaskStatus.MODAL),
        ("IN_PROGRESS", TaskStatus.IN_PROGRESS),
        ("SUCCESS", TaskStatus.SUCCESS),
        ("FAILURE", TaskStatus.FAILURE),
        ("CANCEL", TaskStatus.CANCEL),
        ("", TaskStatus.PENDING),
        (None, TaskStatus.PENDING),
        ("WEIRD", TaskStatus.UNKNOWN),
        (3, TaskStatus.UNKNOWN),
        ("PENDING", TaskStatus.UNKNOWN),
        ("success", TaskStatus.SUCCESS),
    ],
)
def test_status_parsing(raw: object, status: TaskStatus) -> None:
    task = Task.from_json({"id": "1", "status": raw})
    assert task.status is status
    if status is TaskStatus.UNKNOWN and isinstance(raw, str):
        assert task.status_raw == raw


def test_terminal_statuses() -> None:
    assert {s for s in TaskStatus if s.is_terminal} == {
        TaskStatus.SUCCESS,
        TaskStatus.FAILURE,
        TaskStatus.CANCEL,
    }


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("0%", 0),
        ("45%", 45),
        ("100%", 100),
        ("", None),
        (None, None),
        ("45", 45),
        (" 7 % ", 7),
        ("45.5%", 45),
        (62, 62),
        (150, None),  # out of range: no progress at all, never "done" (issue 10)
        (-3, None),
        ("999%", None),
        (float("nan"), None),
        ("Waiting to start", None),
        ("%", None),
        ("abc%", None),
        ([], None),
        (True, None),
        ({"a": 1}, None),
    ],
)
def test_progress_parsing(raw: object, expected: int | None) -> None:
    assert parse_progress(raw) == expected
    assert Task.from_json({"id": "1", "progress": raw}).progress == expected


def test_unknown_action_keeps_raw_text() -> None:
    task = Task.from_json({"id": "1", "action": "HOLOGRAM"})
    assert task.action is TaskAction.UNKNOWN and task.action_raw == "HOLOGRAM"
    for name in ("HIGH_VARIATION", "CUSTOM_ZOOM", "INPAINT", "EDITS", "UPLOAD", "PIC_READER", "RETEXTURE"):
        assert Task.from_json({"id": "1", "action": name}).action.value == name


@pytest.mark.parametrize(
    "obj",
    [
        None,
        [],
        "text",
        42,
        {},
        {"id": None},
        {"id": {"x": 1}},
        {"id": "1", "buttons": "x"},
        {"id": "1", "buttons": [None, 3, {"customId": 5}, {"label": "no id"}]},
        {"id": "1", "properties": ["x"], "imageUrls": "x", "videoUrls": [None, 1, {"url": 2}]},
        {"id": "1", "submitTime": "soon", "startTime": True, "finishTime": 1.5e12, "prompt": ["x"]},
    ],
)
def test_odd_input_never_raises(obj: object) -> None:
    task = Task.from_json(obj)
    assert isinstance(task.id, str)
    assert isinstance(task.buttons, list) and isinstance(task.properties, dict)


def test_to_json_round_trips_raw() -> None:
    for obj in (NZ_TASK, TA_TASK, NA_TASK):
        task = Task.from_json(json.loads(json.dumps(obj)))
        assert task.to_json() == obj
        assert Task.from_json(task.to_json()) == task
    task = Task.from_json(NZ_TASK)
    task.to_json()["id"] = "changed"
    assert task.raw["id"] == NZ_TASK["id"]


# -- buttons (spec §8.2) ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("custom_id", "kind", "index"),
    [
        (f"MJ::JOB::upsample::1::{H}", ButtonKind.UPSCALE, 1),
        (f"MJ::JOB::upsample::4::{H}", ButtonKind.UPSCALE, 4),
        (f"MJ::JOB::variation::3::{H}", ButtonKind.VARIATION, 3),
        (f"MJ::JOB::reroll::0::{H}::SOLO", ButtonKind.REROLL, None),
        (f"MJ::JOB::upsample_v5_2x::1::{H}::SOLO", ButtonKind.UPSCALE_HD, None),
        (f"MJ::JOB::upsample_v5_4x::1::{H}::SOLO", ButtonKind.UPSCALE_HD, None),
        (f"MJ::JOB::upsample_v6_2x_subtle::1::{H}::SOLO", ButtonKind.UPSCALE_HD, None),
        (f"MJ::JOB::upsample_v6_2x_creative::1::{H}::SOLO", ButtonKind.UPSCALE_HD, None),
        (f"MJ::JOB::upsample_v6r1_2x_subtle::1::{H}::SOLO", ButtonKind.UPSCALE_HD, None),
        (f"MJ::JOB::upsample_v7_2x_creative::1::{H}::SOLO", ButtonKind.UPSCALE_HD, None),
        (f"MJ::JOB::low_variation::1::{H}::SOLO", ButtonKind.VARY_SUBTLE, None),
        (f"MJ::JOB::high_variation::1::{H}::SOLO", ButtonKind.VARY_STRONG, None),
        (f"MJ::Inpaint::1::{H}::SOLO", ButtonKind.VARY_REGION, None),
        (f"MJ::Outpaint::50::1::{H}::SOLO", ButtonKind.ZOOM_OUT, None),
        (f"MJ::Outpaint::75::1::{H}::SOLO", ButtonKind.ZOOM_OUT, None),
        (f"MJ::CustomZoom::{H}", ButtonKind.CUSTOM_ZOOM, None),
        (f"MJ::CustomZoom::1::{H}", ButtonKind.CUSTOM_ZOOM, None),
        (f"MJ::JOB::pan_left::1::{H}::SOLO", ButtonKind.PAN, None),
        (f"MJ::JOB::pan_right::1::{H}::SOLO", ButtonKind.PAN, None),
        (f"MJ::JOB::pan_up::1::{H}::SOLO", ButtonKind.PAN, None),
        (f"MJ::JOB::pan_down::1::{H}::SOLO", ButtonKind.PAN, None),
        (f"MJ::JOB::animate_high::1::{H}::SOLO", ButtonKind.VIDEO, None),
        (f"MJ::JOB::animate_low::1::{H}::SOLO", ButtonKind.VIDEO, None),
        (f"MJ::JOB::animate_high_extend::1::{H}", ButtonKind.VIDEO, None),
        (f"MJ::JOB::animate_low_extend::1::{H}", ButtonKind.VIDEO, None),
        (f"MJ::JOB::video_virtual_upscale::2::{H}", ButtonKind.UPSCALE, 2),
        ("MJ::Job::PicReader::1", ButtonKind.PIC_READER, 1),
        ("MJ::Job::PicReader::4", ButtonKind.PIC_READER, 4),
        ("MJ::Job::PicReader::all", ButtonKind.PIC_READER, None),
        ("MJ::Picread::Retry", ButtonKind.RETRY, None),
        (f"MJ::Job::PromptAnalyzer::{H}::2", ButtonKind.PROMPT_ANALYZER, 2),
        (f"MJ::BOOKMARK::{H}", ButtonKind.BOOKMARK, None),
        (f"MJ::JOB::something_new::1::{H}", ButtonKind.OTHER, None),
        ("not a custom id", ButtonKind.OTHER, None),
        ("", ButtonKind.OTHER, None),
        (f"MJ::JOB::upsample::9::{H}", ButtonKind.UPSCALE, None),
    ],
)
def test_button_kinds(custom_id: str, kind: ButtonKind, index: int | None) -> None:
    button = Button(custom_id=custom_id, label="x")
    assert button.kind is kind
    assert button.index == index


def test_pan_direction_and_button_json() -> None:
    obj = {"customId": f"MJ::JOB::pan_left::1::{H}::SOLO", "emoji": "⬅️", "label": "", "type": 2, "style": 2}
    button = Button.from_json(obj)
    assert button is not None and button.pan_direction == "left"
    assert button.to_json() == obj
    assert Button(custom_id=f"MJ::JOB::upsample::1::{H}").pan_direction is None


# -- submit answers (spec §4) -----------------------------------------------------------------


def test_submit_success() -> None:
    res = SubmitResult.from_json(
        {
            "code": 1,
            "description": "提交成功",
            "result": "1712205491372345",
            "properties": {"discordInstanceId": "99"},
        }
    )
    assert res.code is SubmitCode.SUCCESS and res.task_id == "1712205491372345"
    assert not res.queued and not res.modal_required and res.queue_position is None


def test_submit_comma_separated_ids_and_numeric_result() -> None:
    res = SubmitResult.from_json({"code": 1, "result": "111, 222,333,"})
    assert res.task_ids == ["111", "222", "333"] and res.task_id == "111"
    assert SubmitResult.from_json({"code": 1, "result": 1712205491372345}).task_id == "1712205491372345"


def test_submit_upload_urls() -> None:
    res = SubmitResult.from_json(
        {"code": 1, "description": "success", "result": ["https://cdn/a.png", "https://cdn/b.png", 3]}
    )
    assert res.urls == ["https://cdn/a.png", "https://cdn/b.png"]
    assert res.task_ids == [] and res.task_id is None


def test_submit_queued_positions() -> None:
    res = SubmitResult.from_json(
        {
            "code": 22,
            "description": "排队中，前面还有3个任务",
            "result": "1",
            "properties": {"numberOfQueues": 3},
        }
    )
    assert res.queued and res.queue_position == 3
    # Through new-api the code became 1 but the text stays.
    res = SubmitResult.from_json({"code": 1, "description": "排队中，前面还有5个任务", "result": "1"})
    assert res.queued and res.queue_position == 5


def test_submit_modal_required() -> None:
    res = SubmitResult.from_json(
        {
            "code": 21,
            "description": "Waiting for window confirm",
            "result": "77",
            "properties": {"finalPrompt": "a cat --zoom 2", "remix": True},
        }
    )
    assert res.modal_required and res.task_id == "77" and res.final_prompt == "a cat --zoom 2"


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        (1, SubmitCode.SUCCESS),
        ("22", SubmitCode.IN_QUEUE),
        (24, SubmitCode.BANNED_PROMPT),
        (77, SubmitCode.UNKNOWN),
        (None, SubmitCode.UNKNOWN),
        ("x", SubmitCode.UNKNOWN),
    ],
)
def test_submit_code_parsing(raw: object, code: SubmitCode) -> None:
    res = SubmitResult.from_json({"code": raw})
    assert res.code is code
    if raw == 77:
        assert res.code_raw == 77


def test_submit_odd_input() -> None:
    res = SubmitResult.from_json("nonsense")
    assert res.code is SubmitCode.UNKNOWN and res.task_ids == [] and res.urls == []
    assert SubmitResult.from_json({"code": 1, "result": None, "properties": 5}).properties == {}
