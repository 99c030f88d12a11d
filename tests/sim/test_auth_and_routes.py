"""Auth and routing per dialect (spec §1.1, §1.2, §2)."""

from __future__ import annotations

import httpx
import pytest

from .helpers import DIALECTS, KEY, StartSim

BODY = {"prompt": "a cat"}


async def _post(sim_url: str, headers: dict[str, str], path: str = "/mj/submit/imagine") -> httpx.Response:
    async with httpx.AsyncClient(base_url=sim_url, verify=False) as c:
        return await c.post(path, json=BODY, headers=headers)


@pytest.mark.parametrize(
    "headers",
    [
        {"Authorization": f"Bearer {KEY}"},
        {"Authorization": "bearer test"},  # sk- is stripped on both sides
        {"mj-api-secret": KEY},
        {"Authorization": "Bearer midjourney-proxy", "mj-api-secret": KEY},  # falls back to mj-api-secret
    ],
)
async def test_new_api_accepts_bearer_and_mj_api_secret(start_sim: StartSim, headers: dict[str, str]) -> None:
    sim, _ = await start_sim("new-api")
    r = await _post(sim.base_url, headers)
    assert r.status_code == 200 and r.json()["code"] == 1


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer sk-wrong"}, {"mj-api-secret": "nope"}])
async def test_new_api_refuses_with_openai_error(start_sim: StartSim, headers: dict[str, str]) -> None:
    sim, _ = await start_sim("new-api")
    r = await _post(sim.base_url, headers)
    assert r.status_code == 401
    assert r.json() == {"error": {"message": "无效的令牌", "type": "new_api_error"}}


async def test_midjourney_proxy_auth_uses_mj_api_secret_only(start_sim: StartSim) -> None:
    sim, _ = await start_sim("midjourney-proxy")
    assert (await _post(sim.base_url, {"mj-api-secret": KEY})).json()["code"] == 1
    for headers in ({}, {"Authorization": f"Bearer {KEY}"}, {"mj-api-secret": "wrong"}):
        r = await _post(sim.base_url, headers)
        assert r.status_code == 401 and r.content == b""


async def test_trueai_takes_the_raw_authorization_value(start_sim: StartSim) -> None:
    sim, _ = await start_sim("trueai")
    assert (await _post(sim.base_url, {"Authorization": KEY})).json()["code"] == 1
    assert (await _post(sim.base_url, {"Mj-Api-Secret": KEY})).json()["code"] == 1
    # No "Bearer " stripping on trueai (spec §1.2).
    for headers in ({"Authorization": f"Bearer {KEY}"}, {}, {"Mj-Api-Secret": "wrong"}):
        r = await _post(sim.base_url, headers)
        assert r.status_code == 401 and r.text == "Authorization header missing."


async def test_empty_key_disables_auth(start_sim: StartSim) -> None:
    sim, _ = await start_sim("midjourney-proxy", api_key="")
    assert (await _post(sim.base_url, {})).json()["code"] == 1


@pytest.mark.parametrize(
    ("dialect", "path", "status"),
    [
        ("midjourney-proxy", "/mj/submit/video", 404),
        ("midjourney-proxy", "/mj/task/1/cancel", 404),
        ("new-api", "/mj/task/list", 404),
        ("new-api", "/mj/submit/simple-change", 404),
        ("trueai", "/mj/submit/change", 404),
        ("trueai", "/mj/task/queue", 404),
    ],
)
async def test_endpoints_a_dialect_lacks_are_404(start_sim: StartSim, dialect: str, path: str, status: int) -> None:
    _, client = await start_sim(dialect)
    method = "GET" if path.endswith(("list", "queue")) else "POST"
    r = await client.request(method, path, json={})
    assert r.status_code == status


async def test_404_bodies_are_dialect_typical(start_sim: StartSim) -> None:
    _, na = await start_sim("new-api")
    _, nz = await start_sim("midjourney-proxy")
    _, ta = await start_sim("trueai")
    assert (await na.post("/mj/submit/nothing", json={})).json()["error"]["type"] == "invalid_request_error"
    spring = (await nz.post("/mj/submit/nothing", json={})).json()
    assert spring["status"] == 404 and spring["error"] == "Not Found" and spring["path"] == "/mj/submit/nothing"
    assert (await ta.post("/mj/submit/nothing", json={})).content == b""


@pytest.mark.parametrize("prefix", ["/mj-fast", "/mj-relax", "/mj-turbo"])
async def test_trueai_mode_prefixes_select_the_mode(start_sim: StartSim, prefix: str) -> None:
    sim, client = await start_sim("trueai")
    r = await client.post(f"{prefix}/mj/submit/imagine", json=BODY)
    assert r.json()["code"] == 1
    assert sim.tasks[r.json()["result"]].mode == prefix.removeprefix("/mj-").upper()
    assert (await client.get(f"{prefix}/mj/task/{r.json()['result']}/fetch")).status_code == 200


async def test_trueai_mode_from_account_filter_and_prompt(start_sim: StartSim) -> None:
    sim, client = await start_sim("trueai")
    a = (await client.post("/mj/submit/imagine", json={**BODY, "accountFilter": {"modes": ["RELAX"]}})).json()
    b = (await client.post("/mj/submit/imagine", json={"prompt": "a cat --turbo"})).json()
    assert sim.tasks[a["result"]].mode == "RELAX" and sim.tasks[b["result"]].mode == "TURBO"


async def test_new_api_accepts_and_ignores_any_mj_prefix(start_sim: StartSim) -> None:
    _, client = await start_sim("new-api")
    r = await client.post("/mj-relax/mj/submit/imagine", json=BODY)
    assert r.status_code == 200 and r.json()["code"] == 1


@pytest.mark.parametrize("dialect", DIALECTS)
async def test_non_json_body_is_a_validation_error(start_sim: StartSim, dialect: str) -> None:
    _, client = await start_sim(dialect)
    r = await client.post("/mj/submit/imagine", content=b"not json", headers={"content-type": "application/json"})
    if dialect == "new-api":
        assert r.status_code == 400 and r.json()["description"] == "bind_request_body_failed "
    else:
        assert r.status_code == 200 and r.json()["code"] == 4
