"""Request bodies and paths per dialect, speed modes, the action → change fallback, profiles."""

from __future__ import annotations

import json

import pytest

from mjdesk.core.api import (
    ActionRequest,
    AuthStyle,
    BlendRequest,
    ChangeRequest,
    DescribeRequest,
    Dialect,
    EditsRequest,
    Endpoint,
    ImagineRequest,
    ModalRequest,
    ProxySetting,
    ServerProfile,
    ShortenRequest,
    SpeedMode,
    SpeedVia,
    SwapFaceRequest,
    UnsupportedError,
    UploadRequest,
    UrlRewrite,
    ValidationError,
    VideoRequest,
    dialect_info,
    prepare,
)

H = "a1b2c3d4-0000-1111-2222-333344445555"
PNG = "data:image/png;base64,iVBORw0KGgo="
NA, NZ, TA = Dialect.NEW_API, Dialect.MIDJOURNEY_PROXY, Dialect.TRUEAI


def profile(dialect: Dialect, **kw: object) -> ServerProfile:
    return ServerProfile(name="p", base_url="https://mj.example", dialect=dialect, **kw)  # type: ignore[arg-type]


# -- profile ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("base", "root"),
    [
        ("https://h", "https://h"),
        ("https://h/", "https://h"),
        ("https://h/mj", "https://h"),
        ("https://h/mj/", "https://h"),
        ("https://h/api", "https://h/api"),
        ("https://h/api/mj", "https://h/api"),
        ("  https://h:8080/x/mj/  ", "https://h:8080/x"),
    ],
)
def test_base_url_normalised(base: str, root: str) -> None:
    assert ServerProfile("p", base, NA).api_root == root
    assert prepare(ImagineRequest("cat"), ServerProfile("p", base, NA)).path == "/mj/submit/imagine"


def test_dialect_defaults() -> None:
    assert profile(NA).effective_auth_style is AuthStyle.BEARER
    assert profile(NZ).effective_auth_style is AuthStyle.MJ_API_SECRET
    assert profile(TA).effective_auth_style is AuthStyle.RAW
    assert profile(TA).effective_speed_via is SpeedVia.PATH_PREFIX
    assert profile(NA).effective_speed_via is SpeedVia.BODY_MODE
    assert profile(NZ).effective_speed_via is SpeedVia.PROMPT_FLAG
    assert profile(NA, auth_style=AuthStyle.MJ_API_SECRET).effective_auth_style is AuthStyle.MJ_API_SECRET


def test_dialect_facts() -> None:
    assert Endpoint.CANCEL in profile(TA).capabilities and Endpoint.CANCEL not in profile(NA).capabilities
    assert Endpoint.CHANGE not in profile(TA).capabilities  # removed in trueai v10
    assert Endpoint.SIMPLE_CHANGE not in profile(NA).capabilities  # broken through new-api
    assert {Endpoint.ACTION, Endpoint.MODAL} <= profile(NZ).capabilities
    assert dialect_info(NZ).queue_full_code == 23 and dialect_info(TA).queue_full_code == 9
    assert not dialect_info(TA).banned_words_fail_at_submit and dialect_info(NZ).banned_words_fail_at_submit
    assert dialect_info(NA).modal_mostly_rewritten and not dialect_info(TA).modal_mostly_rewritten
    only = frozenset({Endpoint.IMAGINE, Endpoint.FETCH})
    assert profile(NZ, endpoints_override=only).capabilities == only


def test_profile_round_trip_is_json_safe_and_keyless() -> None:
    p = profile(
        TA,
        auth_style=AuthStyle.BEARER,
        speed=SpeedMode.RELAX,
        speed_via=SpeedVia.ACCOUNT_FILTER,
        proxy=ProxySetting("socks5", "socks5://127.0.0.1:1080"),
        image_url_rewrite=UrlRewrite("host", "https://mirror.example", match="cdn.discordapp.com"),
        query_timeout=12.0,
        endpoints_override=frozenset({Endpoint.IMAGINE, Endpoint.FETCH}),
    )
    data = json.loads(json.dumps(p.to_dict()))
    assert ServerProfile.from_dict(data) == p
    assert not any("key" in k.lower() or "secret" in k.lower() for k in data)
    assert ServerProfile.from_dict(profile(NA).to_dict()) == profile(NA)


def test_proxy_setting_validation() -> None:
    with pytest.raises(ValueError):
        ProxySetting("http")
    with pytest.raises(ValueError):
        ProxySetting("ftp", "x")  # type: ignore[arg-type]


def test_url_rewrite() -> None:
    url = "https://cdn.discordapp.com/attachments/1/2/a.png?ex=1"
    assert UrlRewrite("prefix", "https://proxy.example/?u=").apply(url) == "https://proxy.example/?u=" + url
    host = UrlRewrite("host", "https://mirror.example")
    assert host.apply(url) == "https://mirror.example/attachments/1/2/a.png?ex=1"
    only = UrlRewrite("host", "mirror.example", match="cdn.discordapp.com")
    assert only.apply(url) == "https://mirror.example/attachments/1/2/a.png?ex=1"
    assert only.apply("https://other.example/a.png") == "https://other.example/a.png"


# -- bodies and paths -------------------------------------------------------------------------


def test_imagine_body_per_dialect() -> None:
    req = ImagineRequest("  a cat  ", images=[PNG], bot="niji", state="s1")
    assert prepare(req, profile(TA)).body == {
        "prompt": "a cat",
        "base64Array": [PNG],
        "botType": "NIJI_JOURNEY",
        "state": "s1",
    }
    # botType is trueai's; elsewhere Niji is chosen by the prompt flag.
    for dialect in (NA, NZ):
        body = prepare(req, profile(dialect)).body
        assert body == {"prompt": "a cat --niji", "base64Array": [PNG], "state": "s1"}
    assert prepare(ImagineRequest("a --niji 6", bot="niji"), profile(NA)).body["prompt"] == "a --niji 6"
    assert "botType" not in prepare(ImagineRequest("a", bot="mj"), profile(NA)).body
    assert prepare(ImagineRequest("a", bot="mj"), profile(TA)).body["botType"] == "MID_JOURNEY"
    prepared = prepare(req, profile(TA))
    assert prepared.method == "POST" and prepared.has_images
    assert not prepare(ImagineRequest("a"), profile(TA)).has_images


def test_image_links_only_for_trueai() -> None:
    req = ImagineRequest("a", images=["https://img.example/a.png"])
    assert prepare(req, profile(TA)).body["base64Array"] == ["https://img.example/a.png"]
    with pytest.raises(UnsupportedError):
        prepare(req, profile(NZ))


@pytest.mark.parametrize(
    ("dialect", "path", "prompt", "extra"),
    [
        (TA, "/mj-fast/mj/submit/imagine", "a cat", None),
        (NA, "/mj/submit/imagine", "a cat --fast", None),
        (NZ, "/mj/submit/imagine", "a cat --fast", None),
    ],
)
def test_speed_default_mechanism(dialect: Dialect, path: str, prompt: str, extra: object) -> None:
    prepared = prepare(ImagineRequest("a cat"), profile(dialect, speed=SpeedMode.FAST))
    assert prepared.path == path and prepared.body["prompt"] == prompt
    assert "accountFilter" not in prepared.body


def test_speed_account_filter_only_when_chosen() -> None:
    p = profile(TA, speed=SpeedMode.TURBO, speed_via=SpeedVia.ACCOUNT_FILTER)
    prepared = prepare(ImagineRequest("a cat"), p)
    assert prepared.path == "/mj/submit/imagine"
    assert prepared.body == {"prompt": "a cat", "accountFilter": {"modes": ["TURBO"]}}
    assert "accountFilter" not in prepare(ImagineRequest("a"), profile(TA)).body


def test_speed_flag_not_doubled_and_default_adds_nothing() -> None:
    p = profile(NA, speed=SpeedMode.RELAX)
    assert prepare(ImagineRequest("a cat --fast"), p).body["prompt"] == "a cat --fast"
    assert prepare(ImagineRequest("a cat --TURBO --ar 2:3"), p).body["prompt"] == "a cat --TURBO --ar 2:3"
    assert prepare(ImagineRequest("a cat--relaxed"), p).body["prompt"] == "a cat--relaxed --relax"
    assert prepare(ImagineRequest("a cat"), profile(NA)).body["prompt"] == "a cat"
    assert prepare(ImagineRequest("a cat"), profile(TA)).path == "/mj/submit/imagine"


def test_speed_prefix_applies_to_every_submit_but_flag_only_to_prompts_that_generate() -> None:
    ta = profile(TA, speed=SpeedMode.RELAX)
    assert prepare(ActionRequest("1", f"MJ::JOB::upsample::1::{H}"), ta).path == "/mj-relax/mj/submit/action"
    na = profile(NA, speed=SpeedMode.RELAX)
    assert prepare(ShortenRequest("a long prompt"), na).body == {"prompt": "a long prompt", "mode": "RELAX"}
    assert prepare(ModalRequest("7", prompt=""), na).body["prompt"] == ""  # empty = keep the original
    assert prepare(ModalRequest("7", prompt="x --zoom 2"), na).body["prompt"] == "x --zoom 2 --relax"


def test_blend_describe_shorten_bodies() -> None:
    assert prepare(BlendRequest([PNG, PNG], "PORTRAIT", bot="niji"), profile(TA)).body == {
        "base64Array": [PNG, PNG],
        "dimensions": "PORTRAIT",
        "botType": "NIJI_JOURNEY",
    }
    assert prepare(BlendRequest([PNG, PNG]), profile(NZ)).body == {
        "base64Array": [PNG, PNG],
        "dimensions": "SQUARE",
    }
    with pytest.raises(ValidationError):
        prepare(BlendRequest([PNG]), profile(NZ))
    with pytest.raises(ValidationError):
        prepare(BlendRequest([PNG] * 6), profile(NZ))
    assert prepare(DescribeRequest(image=PNG), profile(NZ)).body == {"base64": PNG}
    assert prepare(DescribeRequest(link="https://x/a.png", language="zh"), profile(TA)).body == {
        "link": "https://x/a.png",
        "language": "zh",
    }
    with pytest.raises(UnsupportedError):
        prepare(DescribeRequest(link="https://x/a.png"), profile(NZ))
    with pytest.raises(ValidationError):
        prepare(DescribeRequest(), profile(TA))
    assert prepare(ShortenRequest("p"), profile(TA)).path == "/mj/submit/shorten"
    with pytest.raises(ValidationError):
        prepare(ImagineRequest("   "), profile(TA))


def test_action_and_modal_bodies() -> None:
    cid = f"MJ::Inpaint::1::{H}::SOLO"
    assert prepare(ActionRequest("1", cid), profile(NA)).body == {"taskId": "1", "customId": cid}
    assert prepare(ActionRequest("1", cid, enable_remix=True), profile(TA)).body["enableRemix"] is True
    mask = "data:image/png;base64,AAAA"
    prepared = prepare(ModalRequest("9", "a red hat", mask_base64=mask), profile(TA))
    assert prepared.body == {"taskId": "9", "prompt": "a red hat", "maskBase64": mask} and prepared.has_images
    assert prepared.path == "/mj/submit/modal"


def test_change_index_for_reroll_through_new_api() -> None:
    assert prepare(ChangeRequest("1", "REROLL"), profile(NA)).body == {
        "taskId": "1",
        "action": "REROLL",
        "index": 1,
    }
    assert prepare(ChangeRequest("1", "REROLL", 0), profile(NA)).body["index"] == 1
    assert prepare(ChangeRequest("1", "REROLL"), profile(NZ)).body == {"taskId": "1", "action": "REROLL"}
    assert prepare(ChangeRequest("1", "UPSCALE", 3), profile(NZ)).body == {
        "taskId": "1",
        "action": "UPSCALE",
        "index": 3,
    }
    with pytest.raises(ValidationError):
        prepare(ChangeRequest("1", "UPSCALE", 5), profile(NZ))
    with pytest.raises(UnsupportedError):
        prepare(ChangeRequest("1", "UPSCALE", 1), profile(TA))  # trueai v10 dropped /submit/change


@pytest.mark.parametrize(
    ("custom_id", "body"),
    [
        (f"MJ::JOB::upsample::2::{H}", {"taskId": "5", "action": "UPSCALE", "index": 2}),
        (f"MJ::JOB::variation::4::{H}", {"taskId": "5", "action": "VARIATION", "index": 4}),
        (f"MJ::JOB::reroll::0::{H}::SOLO", {"taskId": "5", "action": "REROLL"}),
    ],
)
def test_action_falls_back_to_change(custom_id: str, body: dict[str, object]) -> None:
    plain = profile(NZ, endpoints_override=frozenset({Endpoint.IMAGINE, Endpoint.CHANGE, Endpoint.FETCH}))
    prepared = prepare(ActionRequest("5", custom_id), plain)
    assert prepared.endpoint is Endpoint.CHANGE and prepared.path == "/mj/submit/change"
    assert prepared.body == body


@pytest.mark.parametrize(
    "custom_id",
    [
        f"MJ::Inpaint::1::{H}::SOLO",
        f"MJ::JOB::upsample_v6_2x_subtle::1::{H}::SOLO",
        f"MJ::JOB::video_virtual_upscale::1::{H}",
        "MJ::Job::PicReader::1",
    ],
)
def test_action_without_change_equivalent_is_unsupported(custom_id: str) -> None:
    plain = profile(NZ, endpoints_override=frozenset({Endpoint.IMAGINE, Endpoint.CHANGE, Endpoint.FETCH}))
    with pytest.raises(UnsupportedError) as info:
        prepare(ActionRequest("5", custom_id), plain)
    assert "action API" in str(info.value)


def test_unsupported_endpoint_names_it() -> None:
    with pytest.raises(UnsupportedError) as info:
        prepare(VideoRequest("w", image=PNG), profile(NZ))
    assert "video" in str(info.value) and info.value.exit_code == 2
    with pytest.raises(UnsupportedError):
        prepare(ActionRequest("1", "x"), profile(NZ, endpoints_override=frozenset({Endpoint.IMAGINE})))


def test_swap_face_urls_only_for_trueai() -> None:
    assert prepare(SwapFaceRequest(PNG, PNG), profile(NA)).body == {"sourceBase64": PNG, "targetBase64": PNG}
    assert prepare(SwapFaceRequest("https://x/a.png", PNG), profile(TA)).body == {
        "sourceUrl": "https://x/a.png",
        "targetBase64": PNG,
    }
    assert prepare(SwapFaceRequest(PNG, PNG), profile(TA)).path == "/mj/insight-face/swap"
    with pytest.raises(UnsupportedError):
        prepare(SwapFaceRequest("https://x/a.png", PNG), profile(NA))


def test_video_edits_upload_bodies() -> None:
    req = VideoRequest("waves", image=PNG, end_image=PNG, motion="high", loop=True, batch_size=2)
    assert prepare(req, profile(TA)).body == {
        "prompt": "waves",
        "motion": "high",
        "image": PNG,
        "endImage": PNG,
        "loop": True,
        "batchSize": 2,
    }
    extend = VideoRequest("more", task_id="8", index=1, action="extend")
    assert prepare(extend, profile(TA)).body == {
        "prompt": "more",
        "motion": "low",
        "taskId": "8",
        "index": 1,
        "action": "extend",
    }
    with pytest.raises(ValidationError):
        prepare(VideoRequest("x"), profile(TA))
    with pytest.raises(ValidationError):
        prepare(VideoRequest("x", image=PNG, batch_size=3), profile(TA))
    assert prepare(EditsRequest("hat", PNG), profile(NA)).body == {"prompt": "hat", "image": PNG}
    prepared = prepare(UploadRequest([PNG]), profile(TA))
    assert prepared.body == {"base64Array": [PNG]} and prepared.path == "/mj/submit/upload-discord-images"
    assert prepare(VideoRequest("w", image=PNG), profile(TA, speed=SpeedMode.FAST)).path == "/mj-fast/mj/submit/video"


def test_speed_as_a_body_mode_keeps_the_prompt_flag() -> None:
    p = profile(NA, speed=SpeedMode.RELAX)
    prepared = prepare(ImagineRequest("a cat"), p)
    assert prepared.body["mode"] == "RELAX" and prepared.body["prompt"] == "a cat --relax"
    assert prepared.path == "/mj/submit/imagine"
    typed = prepare(ImagineRequest("a cat --fast"), p)
    assert typed.body["prompt"] == "a cat --fast"  # the user's own flag is left alone
    assert "mode" not in prepare(ImagineRequest("a cat"), profile(NA)).body  # the server's default


def test_hd_video_asks_for_the_720p_type() -> None:
    body = prepare(VideoRequest("waves", image=PNG, hd=True), profile(TA)).body
    assert body["videoType"] == "vid_1.1_i2v_720"
    assert "videoType" not in prepare(VideoRequest("waves", image=PNG), profile(TA)).body  # the server's 480p


def test_a_trueai_account_instance_goes_into_every_body() -> None:
    ta = profile(TA, instance_id="1234567890", speed=SpeedMode.RELAX, speed_via=SpeedVia.ACCOUNT_FILTER)
    body = prepare(ImagineRequest("a cat"), ta).body
    assert body["accountFilter"] == {"modes": ["RELAX"], "instanceId": "1234567890"}
    assert prepare(ActionRequest("1", f"MJ::JOB::upsample::1::{H}"), ta).body["accountFilter"]["instanceId"]
    assert "accountFilter" not in prepare(ImagineRequest("a cat"), profile(NA, instance_id="x")).body
    assert ServerProfile.from_dict(ta.to_dict()) == ta
