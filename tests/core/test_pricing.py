"""new-api's price list: the parser (strict about an untrusted answer) and the route against the
simulator of each dialect, over loopback HTTP."""

from __future__ import annotations

import json
import math
from collections.abc import AsyncIterator

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from mjdesk.core.api import Dialect, Endpoint, MjClient, MjError, ProxySetting, ServerProfile, UnsupportedError
from mjdesk.core.api.responses import server_prices
from mjdesk.core.costs import from_new_api
from mjdesk.sim import SimConfig, Simulator
from mjdesk.sim.pricing import DEFAULT_PRICES


def answer(obj: object, status: int = 200) -> httpx.Response:
    return httpx.Response(status, content=json.dumps(obj).encode(), request=httpx.Request("GET", "http://x/"))


def entry(name: object, price: object, quota_type: object = 1) -> dict[str, object]:
    return {"model_name": name, "quota_type": quota_type, "model_price": price, "model_ratio": 0}


def test_fixed_prices_and_group_ratios_are_read() -> None:
    prices = server_prices(
        answer(
            {
                "success": True,
                "data": [entry("mj_imagine", 0.1), entry("mj_video", 0.8), entry("gpt-4o", 0, quota_type=0)],
                "group_ratio": {"default": 1, "vip": 0.8},
                "usable_group": {"default": "默认分组"},
            }
        )
    )
    assert prices.model_prices == {"mj_imagine": 0.1, "mj_video": 0.8}
    assert prices.group_ratios == {"default": 1.0, "vip": 0.8}
    assert prices.group_ratio() == 1.0 and prices.group_ratio("vip") == 0.8


def test_entries_that_are_not_exactly_a_fixed_price_are_skipped() -> None:
    data = [
        "junk",
        None,
        entry("mj_a", -1),
        entry("mj_b", "0.1"),
        entry("mj_c", 0.1, quota_type=True),
        entry("mj_d", 0.1, quota_type="1"),
        entry("", 0.1),
        entry("x" * 201, 0.1),
        entry(7, 0.1),
        entry("mj_e", None),
        entry("mj_imagine", 0.2),
        entry("mj_imagine", 0.9),  # a duplicate: the first one counts
    ]
    prices = server_prices(answer({"success": True, "data": data, "group_ratio": {"default": "1", "": 2, "g": -1}}))
    assert prices.model_prices == {"mj_imagine": 0.2}
    assert prices.group_ratios == {}


@pytest.mark.parametrize(
    ("obj", "status"),
    [
        ({"success": False, "message": "系统维护中"}, 200),
        ({"success": True, "data": {"mj_imagine": 0.1}}, 200),
        ({"success": True}, 200),
        ([entry("mj_imagine", 0.1)], 200),
        ({"error": {"message": "Invalid URL (GET /api/pricing)", "type": "invalid_request_error"}}, 404),
        ("not an object", 200),
    ],
)
def test_anything_but_the_list_is_a_typed_error(obj: object, status: int) -> None:
    with pytest.raises(MjError):
        server_prices(answer(obj, status))


def test_a_body_that_is_not_json_is_a_typed_error() -> None:
    response = httpx.Response(200, content=b"<html>maintenance</html>", request=httpx.Request("GET", "http://x/"))
    with pytest.raises(MjError):
        server_prices(response)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
    max_leaves=30,
)


@given(
    st.one_of(
        json_values,
        st.fixed_dictionaries(
            {"success": json_values, "data": st.lists(json_values, max_size=6), "group_ratio": json_values}
        ),
        st.fixed_dictionaries(
            {
                "data": st.lists(
                    st.fixed_dictionaries(
                        {"model_name": json_values, "quota_type": json_values, "model_price": json_values}
                    ),
                    max_size=6,
                )
            }
        ),
    )
)
def test_any_answer_gives_clean_prices_or_a_typed_error(obj: object) -> None:
    try:
        prices = server_prices(answer(obj))
    except MjError:
        return
    for name, price in prices.model_prices.items():
        assert isinstance(name, str) and name and math.isfinite(price) and price >= 0
    assert all(math.isfinite(r) and r >= 0 for r in prices.group_ratios.values())


@pytest.fixture(params=[d.value for d in Dialect])
async def sim(request: pytest.FixtureRequest) -> AsyncIterator[Simulator]:
    simulator = Simulator(SimConfig(dialect=request.param, speed=0.1, group_ratio=1.5))
    await simulator.start()
    try:
        yield simulator
    finally:
        await simulator.stop()


async def test_prices_come_from_new_api_and_nowhere_else(sim: Simulator) -> None:
    profile = ServerProfile("sim", sim.base_url, Dialect(sim.config.dialect), proxy=ProxySetting("none"))
    async with MjClient(profile, sim.config.api_key) as client:
        if sim.config.dialect != "new-api":
            assert Endpoint.PRICING not in profile.capabilities
            with pytest.raises(UnsupportedError):
                await client.pricing()
            return
        prices = await client.pricing()
    assert prices.model_prices == DEFAULT_PRICES
    table = from_new_api(prices)
    assert table.prices["IMAGINE"] == pytest.approx(0.15) and table.prices["VIDEO"] == pytest.approx(1.2)
    assert "gpt-4o-mini" not in prices.model_prices  # priced by tokens, not per call
    asked = [r for r in sim.requests if r.path == "/api/pricing"]
    assert len(asked) == 1 and asked[0].status == 200


async def test_the_simulator_serves_prices_without_a_key_and_only_as_new_api(sim: Simulator) -> None:
    async with httpx.AsyncClient(base_url=sim.base_url) as http:
        response = await http.get("/api/pricing")
    assert (response.status_code == 200) is (sim.config.dialect == "new-api")
    if response.status_code != 200:
        assert response.status_code == 404


async def test_a_probe_finds_the_price_list_where_it_is() -> None:
    for dialect in ("new-api", "trueai"):
        async with Simulator(SimConfig(dialect=dialect)) as sim:
            profile = ServerProfile("sim", sim.base_url, Dialect(dialect), proxy=ProxySetting("none"))
            async with MjClient(profile, sim.config.api_key) as client:
                found = await client.probe()
            assert found[Endpoint.PRICING] is (dialect == "new-api")
