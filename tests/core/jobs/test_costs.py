"""Estimate vs recorded figures, end to end against the simulator of new-api over loopback HTTP:
prices fetched from the gateway, jobs submitted, each accepted one recorded at its price, refused
ones at nothing, failed ones refunded; the ledger adds up to what the gateway kept."""

from __future__ import annotations

import asyncio

import pytest

from mjdesk.core.api import ActionRequest, ButtonKind, ImagineRequest, MjClient
from mjdesk.core.costs import PriceTable, from_new_api, quota_in
from mjdesk.core.jobs import JobService
from mjdesk.core.jobs.costs import CostRecorder
from mjdesk.core.library import Library, SubmitState
from mjdesk.core.library.ledger import SOURCE_MODAL_ABANDONED, SOURCE_PRICE_TABLE, SOURCE_REFUNDED

from .conftest import ServiceFactory, SimFactory, button, profile_for


async def test_recorded_costs_match_the_estimate_and_what_new_api_kept(
    make_sim: SimFactory, make_service: ServiceFactory, library: Library
) -> None:
    sim = await make_sim(dialect="new-api", speed=0.2, group_ratio=1.2)
    async with MjClient(profile_for(sim), sim.config.api_key) as client:
        table = from_new_api(await client.pricing())
    service: JobService = await make_service(sim, profile=profile_for(sim, prices=table))
    recorder = CostRecorder(service)
    try:
        ok = [await service.submit("sim", ImagineRequest(f"a lighthouse, take {i}")) for i in range(3)]
        sim.config.fail_rate = 1.0  # accepted, then the task fails: new-api refunds it
        failing = [await service.submit("sim", ImagineRequest(f"a storm, take {i}")) for i in range(2)]
        sim.config.fail_rate = 0.0
        banned = await service.submit("sim", ImagineRequest("a forbiddenword"))  # refused at submit
        sim.force_next_submit("quota")
        broke = await service.submit("sim", ImagineRequest("one too many"))
        assert [j.submit_state for j in (banned, broke)] == [SubmitState.REFUSED] * 2

        first = await service.wait(ok[0].id, timeout=10)
        u1 = button(first, ButtonKind.UPSCALE, 1)
        upscale = await service.submit(
            "sim", ActionRequest(first.remote_id or "", u1), parent_job_id=first.id, parent_button=u1
        )
        accepted = [*ok, *failing, upscale]
        estimate = table.estimate(j.action for j in accepted)
        assert estimate.complete and estimate.total == pytest.approx(1.2 * (5 * 0.1 + 0.05))
        finished = [await service.wait(j.id, timeout=10) for j in accepted]
        assert [j.status for j in finished] == ["SUCCESS"] * 3 + ["FAILURE"] * 2 + ["SUCCESS"]
        await recorder.flush()

        costs = library.job_costs([j.id for j in (*accepted, banned, broke)])
        assert set(costs) == {j.id for j in accepted}  # refused jobs cost nothing
        assert sum(c.estimate for c in costs.values()) == pytest.approx(estimate.total)
        for job in accepted:
            cost = costs[job.id]
            assert cost.estimate == pytest.approx(table.price(job.action)) and cost.unit == "$"
            if job in failing:
                assert (cost.amount, cost.source) == (0.0, SOURCE_REFUNDED)
            else:
                assert (cost.amount, cost.source) == (pytest.approx(cost.estimate), SOURCE_PRICE_TABLE)

        (day,) = library.ledger("day")
        assert day.jobs == 6 and day.refunded == 2 and day.unit == "$"
        assert day.estimate == pytest.approx(estimate.total)
        # What the gateway kept after its refunds, in its quota units, is what the ledger says.
        assert day.amount == pytest.approx(quota_in("$", sim._used_quota - sim.refunded_quota))
        assert day.amount == pytest.approx(1.2 * (3 * 0.1 + 0.05))
        # The key's own counter (all a token holder can read) does not subtract refunds.
        async with MjClient(profile_for(sim), sim.config.api_key) as client:
            used = (await client.account()).used
        assert quota_in("$", used or 0) == pytest.approx(day.estimate)
    finally:
        await recorder.aclose()


async def test_nothing_is_recorded_without_a_price_and_failures_keep_their_price_where_not_refunded(
    make_sim: SimFactory, make_service: ServiceFactory, library: Library
) -> None:
    sim = await make_sim(dialect="midjourney-proxy", speed=0.1, fail_rate=1.0)
    table = PriceTable({"UPSCALE": 2.0}, "credits")  # no price for IMAGINE
    service: JobService = await make_service(sim, profile=profile_for(sim, prices=table))
    recorder = CostRecorder(service)
    try:
        unpriced = await service.wait((await service.submit("sim", ImagineRequest("a fox"))).id, timeout=10)
        await recorder.flush()
        assert unpriced.status == "FAILURE" and library.job_cost(unpriced.id) is None

        recorder2 = CostRecorder(service, profile_of=lambda _name: profile_for(sim, prices=PriceTable({"IMAGINE": 1})))
        try:
            failed = await service.wait((await service.submit("sim", ImagineRequest("a hare"))).id, timeout=10)
            await recorder2.flush()
            cost = library.job_cost(failed.id)
            # midjourney-proxy gives nothing back: the failed job keeps its price.
            assert failed.status == "FAILURE" and cost is not None and (cost.amount, cost.unit) == (1.0, "$")
        finally:
            await recorder2.aclose()
    finally:
        await recorder.aclose()


async def test_an_abandoned_vary_region_keeps_only_the_price_of_the_press(
    make_sim: SimFactory, make_service: ServiceFactory, library: Library
) -> None:
    sim = await make_sim(dialect="new-api", speed=0.1)
    table = PriceTable({"IMAGINE": 0.1, "UPSCALE": 0.05, "INPAINT": 0.02, "MODAL": 0.1})
    service: JobService = await make_service(sim, profile=profile_for(sim, prices=table))
    recorder = CostRecorder(service)
    try:
        grid = await service.wait((await service.submit("sim", ImagineRequest("a red fox"))).id, timeout=10)
        u1 = button(grid, ButtonKind.UPSCALE, 1)
        up = await service.submit("sim", ActionRequest(grid.remote_id or "", u1), parent_job_id=grid.id)
        up = await service.wait(up.id, timeout=10)
        region = button(up, ButtonKind.VARY_REGION)
        pending = await service.submit("sim", ActionRequest(up.remote_id or "", region), parent_job_id=up.id)
        assert pending.status == "MODAL"
        await recorder.flush()
        cost = library.job_cost(pending.id)
        assert cost is not None and cost.amount == pytest.approx(0.12)  # the press and its answer
        await service.abandon_modal(pending.id)
        await asyncio.sleep(0)
        await recorder.flush()
        cost = library.job_cost(pending.id)
        assert cost is not None and (cost.amount, cost.source) == (pytest.approx(0.02), SOURCE_MODAL_ABANDONED)
        assert cost.estimate == pytest.approx(0.12)
    finally:
        await recorder.aclose()
