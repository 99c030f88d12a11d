"""Price tables: estimates, the saved form (tolerant of junk), new-api's model names and prices."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mjdesk.core import profiles
from mjdesk.core.api import Dialect, ServerProfile
from mjdesk.core.costs import (
    ACTIONS,
    MODAL,
    NEW_API_MODELS,
    PriceTable,
    ServerPrices,
    format_amount,
    from_new_api,
    quota_in,
)
from mjdesk.core.library import Library
from mjdesk.core.paths import app_paths

TABLE = PriceTable({"IMAGINE": 0.36, "UPSCALE": 0.18, "INPAINT": 0.0, MODAL: 0.1}, "$")


def test_an_estimate_adds_each_action_at_its_price_and_names_the_unpriced_ones() -> None:
    estimate = TABLE.estimate(["IMAGINE"] * 9 + ["UPSCALE", "UPSCALE", "VIDEO"])
    assert estimate.jobs == 12 and estimate.priced_jobs == 11
    assert estimate.total == pytest.approx(9 * 0.36 + 2 * 0.18)
    assert {a: (n, round(cost, 6)) for a, (n, cost) in estimate.per_action.items()} == {
        "IMAGINE": (9, 3.24),
        "UPSCALE": (2, 0.36),
    }
    assert estimate.unpriced == ("VIDEO",) and not estimate.complete
    assert TABLE.estimate([]).total == 0 and TABLE.estimate([]).complete


def test_vary_region_includes_the_modal_answer_new_api_bills_separately() -> None:
    assert TABLE.price("INPAINT") == pytest.approx(0.1)
    assert TABLE.price(MODAL) == pytest.approx(0.1)
    assert PriceTable({"CUSTOM_ZOOM": 0.2}).price("CUSTOM_ZOOM") == pytest.approx(0.2)  # no modal price
    assert TABLE.price("CUSTOM_ZOOM") is None


def test_an_empty_table_is_false_and_estimates_nothing() -> None:
    table = PriceTable()
    assert not table and table.unit == "$"
    assert table.estimate(["IMAGINE"]).unpriced == ("IMAGINE",)


def test_with_price_checks_the_action_and_the_price() -> None:
    table = TABLE.with_price(" imagine ", 0.5).with_price("UPSCALE", None)
    assert table.prices["IMAGINE"] == 0.5 and "UPSCALE" not in table.prices
    assert TABLE.prices["IMAGINE"] == 0.36  # the original is untouched
    for bad in (-1, math.nan, math.inf, "0.3", True):
        with pytest.raises(ValueError):
            TABLE.with_price("IMAGINE", bad)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        TABLE.with_price("no such; action", 1)


def test_a_saved_table_round_trips_through_the_profile_and_the_library(tmp_path: Path) -> None:
    profile = ServerProfile(name="gw", base_url="https://gw.example", dialect=Dialect.NEW_API, prices=TABLE)
    assert ServerProfile.from_dict(profile.to_dict()) == profile
    with Library.open(app_paths(tmp_path)) as lib:
        profiles.save(lib, profile)
        assert profiles.load(lib, "gw").prices == TABLE  # type: ignore[union-attr]
    # Profiles saved before price tables load with an empty one.
    old = {k: v for k, v in profile.to_dict().items() if k != "prices"}
    assert not ServerProfile.from_dict(old).prices


@pytest.mark.parametrize(
    "junk",
    [None, 3, "x", [], {"prices": "x"}, {"prices": {"IMAGINE": "1"}, "unit": 5}, {"fetched_at": "yesterday"}],
)
def test_a_malformed_saved_table_loads_as_what_can_be_used(junk: Any) -> None:
    table = PriceTable.from_dict(junk)
    assert table.prices == {} and table.unit == "$" and table.fetched_at == 0.0


def test_malformed_entries_are_dropped_one_by_one() -> None:
    table = PriceTable.from_dict(
        {
            "prices": {"IMAGINE": 0.3, "UPSCALE": -1, "ZOOM": float("nan"), "lower": 1, 7: 1, "PAN": 2, "BLEND": None},
            "unit": "  credits \n per job ",
        }
    )
    assert table.prices == {"IMAGINE": 0.3, "PAN": 2.0}
    assert table.unit == "credits per job"
    assert PriceTable.from_dict({"unit": "x" * 100}).unit == "x" * 15 + "…"
    many = PriceTable.from_dict({"prices": {f"A{i}": 1 for i in range(500)}})
    assert len(many.prices) == 64


@given(
    st.dictionaries(st.one_of(st.text(max_size=40), st.integers()), st.one_of(st.floats(), st.integers(), st.text())),
    st.one_of(st.text(), st.none(), st.integers()),
)
def test_any_saved_table_loads_and_round_trips(prices: dict[Any, Any], unit: Any) -> None:
    table = PriceTable.from_dict({"prices": prices, "unit": unit})
    assert all(0 <= p <= 1e9 and math.isfinite(p) for p in table.prices.values())
    assert 1 <= len(table.unit) <= 16
    assert PriceTable.from_dict(table.to_dict()) == table
    estimate = table.estimate(list(table.prices))
    assert estimate.complete and estimate.total == pytest.approx(
        sum(table.price(a) or 0 for a in table.prices), rel=1e-9, abs=1e-9
    )


def test_every_offered_action_but_retexture_has_a_new_api_model() -> None:
    assert set(NEW_API_MODELS) == set(ACTIONS) - {"RETEXTURE"}
    assert NEW_API_MODELS["SWAP_FACE"] == "swap_face"  # CoverActionToModelName's one exception
    assert all(m == "mj_" + a.lower() for a, m in NEW_API_MODELS.items() if a not in ("SWAP_FACE", "UPSCALE_HD"))


def test_new_api_prices_become_a_table_in_dollars_or_quota() -> None:
    server = ServerPrices(
        {"mj_imagine": 0.1, "mj_upscale": 0.05, "mj_video": 0.8, "gpt-4o": 2.5}, {"default": 1.0, "vip": 0.5}
    )
    table = from_new_api(server, fetched_at=5.0)
    assert table.unit == "$" and table.fetched_at == 5.0
    assert table.prices == {"IMAGINE": 0.1, "UPSCALE": 0.05, "UPSCALE_HD": 0.05, "VIDEO": 0.8}
    assert from_new_api(server, group="vip").prices["IMAGINE"] == pytest.approx(0.05)
    assert from_new_api(server, group="unknown").prices["IMAGINE"] == pytest.approx(0.1)
    assert from_new_api(server, unit="quota").prices["IMAGINE"] == pytest.approx(50_000)


def test_quota_converts_to_dollars_and_amounts_read_well() -> None:
    assert quota_in("$", 250_000) == 0.5 and quota_in("quota", 7) == 7 and quota_in("credits", 7) is None
    assert format_amount(3.24, "$") == "3.24 $"
    assert format_amount(50_000, "quota") == "50,000 quota"
    assert format_amount(0.005, "$") == "0.005 $"
    assert format_amount(0, "credits") == "0 credits"
