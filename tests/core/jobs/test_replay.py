"""Run a chain again (core/jobs/replay.py) against the simulator over loopback HTTP: the same presses
in the same order, on the same or another server, with another model, and a clear stop where the
run cannot go on by itself."""

from __future__ import annotations

import asyncio
from typing import Any

from mjdesk.core.api import ActionRequest, BlendRequest, ButtonKind, ImagineRequest, MjClient, ServerProfile
from mjdesk.core.api.buttons import human_label, matching_button, press_key
from mjdesk.core.jobs import JobService
from mjdesk.core.jobs.replay import Replay, StopReason, chain_of, replay_chain, with_model
from mjdesk.core.library import ImageKind, JobRecord, Library
from mjdesk.sim import Simulator

from .conftest import FAST, ServiceFactory, SimFactory, api_requests, button, mask_data_url

PROMPT = "a lighthouse at dusk, oil painting --ar 3:2 --v 6.1 --stylize 200"


async def _press(service: JobService, library: Library, parent_id: int, kind: ButtonKind, index: int | None = None):
    parent = await asyncio.to_thread(library.job, parent_id)
    custom_id = button(parent, kind, index)
    child = await service.submit(
        parent.profile,
        ActionRequest(parent.remote_id or "", custom_id),
        parent_job_id=parent.id,
        parent_button=custom_id,
    )
    return await service.wait(child.id, timeout=15)


async def _four_steps(service: JobService, library: Library) -> list[JobRecord]:
    """imagine → U2 → Vary (Strong) → U1 → Zoom Out 2x. Vary (Strong) makes a grid, and Zoom Out is
    offered on an upscale (as on Midjourney), hence the U1 between them."""
    imagine = await service.wait((await service.submit("sim", ImagineRequest(prompt=PROMPT))).id, timeout=15)
    u2 = await _press(service, library, imagine.id, ButtonKind.UPSCALE, 2)
    strong = await _press(service, library, u2.id, ButtonKind.VARY_STRONG)
    u1 = await _press(service, library, strong.id, ButtonKind.UPSCALE, 1)
    zoom_id = next(
        b["customId"] for b in u1.buttons if human_label(b["customId"]) == "Zoom Out 2x"
    )  # 2x, not 1.5x: the run must tell them apart
    zoom = await service.submit(
        "sim", ActionRequest(u1.remote_id or "", zoom_id), parent_job_id=u1.id, parent_button=zoom_id
    )
    zoom = await service.wait(zoom.id, timeout=15)
    chain = [imagine, u2, strong, u1, zoom]
    assert all(j.status == "SUCCESS" for j in chain), [(j.action, j.status) for j in chain]
    return chain


def _presses(jobs: list[JobRecord]) -> list[tuple[object, ...]]:
    return [press_key(j.parent_button or "") for j in jobs[1:]]


async def test_a_chain_runs_again_with_the_same_presses_in_order(
    sim: Simulator, make_service: ServiceFactory, library: Library
) -> None:
    service: JobService = await make_service(sim)
    chain = await _four_steps(service, library)
    seen: list[int] = []

    def progress(state: Replay) -> None:
        seen.append(len(state.new_jobs))

    result = await replay_chain(service, chain[-1].id, on_progress=progress, step_timeout=20)
    assert result.finished and result.stop is None, (result.stop, result.stopped_at, result.detail)
    new = result.new_jobs
    assert len(new) == len(chain) and all(j.status == "SUCCESS" for j in new)
    assert {j.id for j in new}.isdisjoint(j.id for j in chain)  # new jobs, the old ones untouched
    assert [j.action for j in new] == ["IMAGINE", "UPSCALE", "HIGH_VARIATION", "UPSCALE", "ZOOM"]
    assert _presses(new) == _presses(chain)
    assert human_label(new[-1].parent_button or "") == "Zoom Out 2x"
    assert new[1].parent_button != chain[1].parent_button  # pressed on the new task, not the old
    # The new chain is its own family: each step the child of the one before.
    assert [j.parent_job_id for j in new] == [None, *(j.id for j in new[:-1])]
    assert new[0].prompt == PROMPT and all(j.prompt == PROMPT for j in new)
    assert all(j.request_summary.get("replay_of") == o.id for j, o in zip(new, chain, strict=True))
    # Progress was told as it went, step by step, not only at the end.
    assert seen[0] == 1 and seen[-1] == len(chain) and len(seen) >= 2 * len(chain)
    # The server saw one imagine and four presses, each on the task made by the step before.
    actions = [r.json for r in api_requests(sim, "/submit/action")]
    assert [a["taskId"] for a in actions[-4:]] == [j.remote_id for j in new[:-1]]


async def test_run_again_on_another_server_with_another_model(make_sim: SimFactory, library: Library) -> None:
    first = await make_sim(dialect="midjourney-proxy")
    second = await make_sim(dialect="trueai", api_key="sk-second")
    profiles = {
        "sim": (ServerProfile(name="sim", base_url=first.base_url, dialect=first.config.dialect), "sk-test"),
        "studio": (ServerProfile(name="studio", base_url=second.base_url, dialect=second.config.dialect), "sk-second"),
    }

    def client_for(name: str) -> MjClient:
        profile, key = profiles[name]
        return MjClient(profile, key)

    async with JobService(library, client_for=client_for, poll=FAST) as service:
        chain = await _four_steps(service, library)
        before = len(api_requests(first, "/submit/imagine"))
        result = await replay_chain(service, chain[-1].id, profile="studio", model=("niji", "6"), step_timeout=20)
        assert result.finished, (result.stop, result.stopped_at, result.detail)
        assert all(j.profile == "studio" for j in result.new_jobs)
        assert _presses(result.new_jobs) == _presses(chain)
        assert "--niji 6" in result.new_jobs[0].prompt and "--v" not in result.new_jobs[0].prompt
        assert "--ar 3:2" in result.new_jobs[0].prompt and "--stylize 200" in result.new_jobs[0].prompt
        # Everything went to the second server; the first saw nothing more.
        assert len(api_requests(first, "/submit/imagine")) == before
        sent = [r.json["prompt"] for r in api_requests(second, "/submit/imagine")]
        assert sent == [result.new_jobs[0].prompt]


async def test_a_vary_region_is_run_again_with_its_kept_mask(
    sim: Simulator, make_service: ServiceFactory, library: Library
) -> None:
    service: JobService = await make_service(sim)
    imagine = await service.wait((await service.submit("sim", ImagineRequest(prompt=PROMPT))).id, timeout=15)
    u1 = await _press(service, library, imagine.id, ButtonKind.UPSCALE, 1)
    image = u1.image(ImageKind.UPSCALE)
    assert image is not None and image.width and image.height
    region_id = button(u1, ButtonKind.VARY_REGION)
    region = await service.submit(
        "sim", ActionRequest(u1.remote_id or "", region_id), parent_job_id=u1.id, parent_button=region_id
    )
    assert region.modal_pending
    mask = mask_data_url(image.width, image.height)
    region = await service.submit_modal(region.id, "a lighthouse with a red door --ar 3:2 --v 6.1", mask)
    region = await service.wait(region.id, timeout=15)
    kept = region.image(ImageKind.MASK)
    assert kept is not None and kept.width == image.width  # the mask stays with its job

    result = await replay_chain(service, region.id, step_timeout=20)
    assert result.finished, (result.stop, result.stopped_at, result.detail)
    new_region = result.new_jobs[-1]
    assert new_region.action == "INPAINT" and new_region.status == "SUCCESS"
    assert new_region.prompt == "a lighthouse with a red door --ar 3:2 --v 6.1"
    modals = [r.json for r in api_requests(sim, "/submit/modal")]
    assert modals[-1]["taskId"] == new_region.remote_id
    assert modals[-1]["maskBase64"] == modals[0]["maskBase64"]  # the same painted area


async def test_a_run_stops_where_it_cannot_go_on_and_says_why(make_sim: SimFactory, library: Library) -> None:
    good = await make_sim(dialect="midjourney-proxy")
    failing = await make_sim(dialect="midjourney-proxy", fail_rate=1.0)
    profiles = {
        "sim": ServerProfile(name="sim", base_url=good.base_url, dialect=good.config.dialect),
        "broken": ServerProfile(name="broken", base_url=failing.base_url, dialect=failing.config.dialect),
    }
    async with JobService(library, client_for=lambda n: MjClient(profiles[n], "sk-test"), poll=FAST) as service:
        imagine = await service.wait((await service.submit("sim", ImagineRequest(prompt=PROMPT))).id, timeout=15)
        u3 = await _press(service, library, imagine.id, ButtonKind.UPSCALE, 3)
        stopped = await replay_chain(service, u3.id, profile="broken", step_timeout=20)
        assert stopped.stop is StopReason.STEP_FAILED and stopped.stopped_at == 0 and not stopped.finished
        assert stopped.detail  # the server's reason, for the window to show
        assert len(stopped.new_jobs) == 1 and stopped.new_jobs[0].status == "FAILURE"

        # A family that starts with a blend cannot be imagined again from a prompt.
        blend = await service.submit("sim", BlendRequest(images=[mask_data_url(64, 64), mask_data_url(64, 64)]))
        blend = await service.wait(blend.id, timeout=15)
        result = await replay_chain(service, blend.id, step_timeout=5)
        assert result.stop is StopReason.NOT_AN_IMAGINE and result.new_jobs == []


def test_presses_are_matched_by_kind_number_and_name_never_by_task_hash() -> None:
    def buttons(h: str) -> list[dict[str, Any]]:
        ids = [
            f"MJ::JOB::upsample::2::{h}",
            f"MJ::JOB::variation::2::{h}",
            f"MJ::Outpaint::75::1::{h}::SOLO",
            f"MJ::Outpaint::50::1::{h}::SOLO",
            f"MJ::JOB::pan_left::1::{h}::SOLO",
            f"MJ::JOB::pan_up::1::{h}::SOLO",
        ]
        return [{"customId": i} for i in ids]

    new = buttons("9f8e7d6c-0000-1111-2222-333344445555")
    old = buttons("abcdef12-3456-7890-abcd-ef1234567890")
    for raw in old:
        found = matching_button(new, raw["customId"])
        assert found is not None and found.custom_id == new[old.index(raw)]["customId"]
    assert matching_button(new, "MJ::JOB::upsample::3::abc") is None


def test_the_chain_of_a_resubmitted_step_and_the_model_swap() -> None:
    def job(i: int, parent: int | None, button: str | None, **kw: Any) -> JobRecord:
        return JobRecord(
            id=i, profile="p", action=kw.get("action", "UPSCALE"), submit_state="accepted",  # type: ignore[arg-type]
            status="SUCCESS", prompt="x", created_at=i, updated_at=i,
            parent_job_id=parent, parent_button=button,
        )  # fmt: skip

    root = job(1, None, None, action="IMAGINE")
    unknown = job(2, 1, "MJ::JOB::upsample::2::h")
    again = job(3, 2, "resubmit")
    steps = chain_of([root, unknown, again])
    assert [(s.original.id, s.custom_id) for s in steps] == [(1, None), (3, "MJ::JOB::upsample::2::h")]
    assert with_model("cat --v 6.1 --ar 1:1", ("v", "7")) == "cat --v 7 --ar 1:1"
    assert "--v" not in with_model("cat --v 6.1", ("", ""))
    assert with_model("cat --v 6.1", None) == "cat --v 6.1"
