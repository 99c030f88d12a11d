"""Submit → track → download, lineage, and how each kind of refusal ends up in the library."""

from __future__ import annotations

import asyncio
import hashlib
import io
import time

from PIL import Image

from mjdesk.core.api import ActionRequest, ButtonKind, ImagineRequest, UrlRewrite
from mjdesk.core.jobs import JobService
from mjdesk.core.library import ImageKind, Library, SubmitState
from mjdesk.sim import Simulator

from .conftest import Recorder, ServiceFactory, SimFactory, api_requests, button, mask_data_url, profile_for


async def test_imagine_is_tracked_and_its_grid_and_candidates_land_on_disk(
    sim: Simulator, make_service: ServiceFactory
) -> None:
    service: JobService = await make_service(sim)
    rec = Recorder(service)
    job = await service.submit("sim", ImagineRequest(prompt="a lighthouse at dusk --ar 3:2"))
    assert job.submit_state is SubmitState.ACCEPTED and job.remote_id in sim.tasks
    job = await service.wait(job.id, timeout=10)

    assert job.status == "SUCCESS" and job.downloaded_at is not None and job.download_error is None
    grid = job.image(ImageKind.GRID)
    assert grid is not None and (grid.source_url or "").startswith(sim.image_base_url)
    candidates = [job.image(ImageKind.CANDIDATE, i) for i in range(1, 5)]
    for image in [grid, *candidates]:
        assert image is not None
        data = image.path.read_bytes()
        assert hashlib.sha256(data).hexdigest() == image.sha256 and len(data) == image.size
        with Image.open(io.BytesIO(data)) as img:
            assert (img.width, img.height) == (image.width, image.height)
    # The quadrants are the grid's own pixels: candidate 2 is the top-right quarter.
    with Image.open(grid.path) as g, Image.open(candidates[1].path) as c:  # type: ignore[union-attr]
        assert c.size == (g.width // 2, g.height // 2)
        assert g.convert("RGB").crop((g.width // 2, 0, g.width, g.height // 2)).tobytes() == c.convert("RGB").tobytes()
    kinds = rec.kinds(job.id)
    assert kinds[0] == "added" and kinds[-2:] == ["finished", "downloaded"]
    assert set(kinds[1:-2]) <= {"updated"}


async def test_imagine_u2_vary_region_zoom_is_a_four_level_tree(
    sim: Simulator, make_service: ServiceFactory, library: Library
) -> None:
    service: JobService = await make_service(sim)
    imagine = await service.wait((await service.submit("sim", ImagineRequest(prompt="a red fox"))).id, timeout=10)

    u2_id = button(imagine, ButtonKind.UPSCALE, 2)
    upscale = await service.submit(
        "sim", ActionRequest(imagine.remote_id or "", u2_id), parent_job_id=imagine.id, parent_button=u2_id
    )
    upscale = await service.wait(upscale.id, timeout=10)
    image = upscale.image(ImageKind.UPSCALE)
    assert image is not None and image.width and image.height

    region_id = button(upscale, ButtonKind.VARY_REGION)
    region = await service.submit(
        "sim", ActionRequest(upscale.remote_id or "", region_id), parent_job_id=upscale.id, parent_button=region_id
    )
    assert region.status == "MODAL" and region.needs_attention
    region = await service.submit_modal(region.id, "a red fox wearing a hat", mask_data_url(image.width, image.height))
    assert region.remote_id and sim.masks[-1].width == image.width  # the modal kept the same task
    region = await service.wait(region.id, timeout=10)
    assert region.status == "SUCCESS" and region.image(ImageKind.CANDIDATE, 4) is not None

    upscaled_region = await service.wait(
        (
            await service.submit(
                "sim",
                ActionRequest(region.remote_id or "", button(region, ButtonKind.UPSCALE, 1)),
                parent_job_id=region.id,
            )
        ).id,
        timeout=10,
    )
    zoom_id = button(upscaled_region, ButtonKind.ZOOM_OUT)
    zoom = await service.wait(
        (
            await service.submit(
                "sim",
                ActionRequest(upscaled_region.remote_id or "", zoom_id),
                parent_job_id=upscaled_region.id,
                parent_button=zoom_id,
            )
        ).id,
        timeout=10,
    )
    assert zoom.status == "SUCCESS"

    tree = await asyncio.to_thread(library.lineage, zoom.id)
    chain = [node.job.id for node in tree.walk()]
    assert chain == [imagine.id, upscale.id, region.id, upscaled_region.id, zoom.id]
    assert [n.job.parent_button for n in tree.walk()][1:3] == [u2_id, region_id]


async def test_a_refused_modal_answer_keeps_the_job_waiting_for_a_better_one(
    sim: Simulator, make_service: ServiceFactory
) -> None:
    from mjdesk.core.api import MjError

    service: JobService = await make_service(sim)
    imagine = await service.submit("sim", ImagineRequest(prompt="a barn"))
    imagine = await service.wait(imagine.id, timeout=10)
    up = await service.wait(
        (
            await service.submit(
                "sim",
                ActionRequest(imagine.remote_id or "", button(imagine, ButtonKind.UPSCALE, 1)),
                parent_job_id=imagine.id,
            )
        ).id,
        timeout=10,
    )
    zoom = await service.submit(
        "sim", ActionRequest(up.remote_id or "", button(up, ButtonKind.CUSTOM_ZOOM)), parent_job_id=up.id
    )
    try:
        await service.submit_modal(zoom.id, "a barn")  # no --zoom: the server refuses
        raise AssertionError("the refusal must reach the caller")
    except MjError as exc:
        assert "zoom" in str(exc).lower()
    assert (await service.job(zoom.id)).status == "MODAL"
    zoom = await service.wait((await service.submit_modal(zoom.id, "a barn --zoom 1.5")).id, timeout=10)
    assert zoom.status == "SUCCESS" and zoom.parent_job_id == up.id


async def test_a_poll_asked_before_the_modal_answer_cannot_send_the_job_back_to_modal(
    sim: Simulator, make_service: ServiceFactory, library: Library
) -> None:
    # The CI failure behind this test: a poll answered "MODAL" (computed before the server had our
    # answer) and was written after the answer was recorded, so `--wait` ended on MODAL.
    service: JobService = await make_service(sim)
    imagine = await service.wait((await service.submit("sim", ImagineRequest(prompt="a barn"))).id, timeout=10)
    up = await service.wait(
        (
            await service.submit(
                "sim",
                ActionRequest(imagine.remote_id or "", button(imagine, ButtonKind.UPSCALE, 1)),
                parent_job_id=imagine.id,
            )
        ).id,
        timeout=10,
    )
    # Polls land 0.3 s after the server computed them, and the library is slow to hand back the
    # recorded answer: the first poll of the new task ("MODAL") arrives while the answer is written.
    original = library.note_modal_answer

    def slow_note(*args: object, **kwargs: object) -> object:
        record = original(*args, **kwargs)  # type: ignore[arg-type]
        time.sleep(0.4)
        return record

    library.note_modal_answer = slow_note  # type: ignore[method-assign]
    sim.faults.slow_answers = {"/mj/task/": 0.3}
    zoom = await service.submit(
        "sim", ActionRequest(up.remote_id or "", button(up, ButtonKind.CUSTOM_ZOOM)), parent_job_id=up.id
    )
    assert zoom.status == "MODAL"
    await asyncio.sleep(0.05)  # the first poll of the task is under way
    answered = await service.submit_modal(zoom.id, "a barn --zoom 1.5")
    assert answered.status != "MODAL"
    # What `mjdesk-cli action ... --wait` does next: it ended here on MODAL.
    assert (await service.job(zoom.id)).status != "MODAL"
    done = await service.wait(zoom.id, timeout=10)
    assert done.status == "SUCCESS"


async def test_banned_word_quota_and_validation_refusals_are_final_and_explained(
    make_sim: SimFactory, make_service: ServiceFactory
) -> None:
    sim = await make_sim(dialect="midjourney-proxy", quota=1)
    service: JobService = await make_service(sim)
    rec = Recorder(service)
    banned = await service.submit("sim", ImagineRequest(prompt="a forbiddenword cat"))
    assert banned.submit_state is SubmitState.REFUSED and banned.status == "FAILURE"
    assert "forbiddenword" in (banned.fail_reason or "") and "not allow" in (banned.fail_reason or "")
    empty = await service.submit("sim", ImagineRequest(prompt="  "))
    assert empty.submit_state is SubmitState.REFUSED and "empty" in (empty.fail_reason or "")
    unknown_parent = await service.submit("sim", ActionRequest("1234567890123456", "MJ::JOB::upsample::1::x"))
    assert unknown_parent.submit_state is SubmitState.REFUSED
    ok = await service.submit("sim", ImagineRequest(prompt="a calm sea"))
    assert ok.submit_state is SubmitState.ACCEPTED
    over = await service.submit("sim", ImagineRequest(prompt="one more"))
    assert over.submit_state is SubmitState.REFUSED and "balance" in (over.fail_reason or "").lower()
    for job in (banned, empty, unknown_parent, over):
        assert rec.kinds(job.id) == ["added", "failed"]
        assert service.planned(job.id) == frozenset()  # final: nothing sends it again
    assert len(api_requests(sim, "/submit/imagine")) == 3  # the empty prompt never left


async def test_trueai_fails_a_banned_prompt_later_and_the_job_says_why(
    make_sim: SimFactory, make_service: ServiceFactory
) -> None:
    sim = await make_sim(dialect="trueai")
    service: JobService = await make_service(sim)
    job = await service.submit("sim", ImagineRequest(prompt="a forbiddenword dog"))
    assert job.submit_state is SubmitState.ACCEPTED
    job = await service.wait(job.id, timeout=10)
    assert job.status == "FAILURE" and "not allow" in (job.fail_reason or "")
    assert "敏感词" in (job.fail_reason or "")  # the server's own words are kept too


async def test_queue_full_is_deferred_and_sent_once_the_queue_frees(
    make_sim: SimFactory, make_service: ServiceFactory
) -> None:
    sim = await make_sim(dialect="midjourney-proxy", concurrency=1, queue_size=1, speed=0.4)
    service: JobService = await make_service(sim)
    rec = Recorder(service)
    first = await service.submit("sim", ImagineRequest(prompt="first"))
    second = await service.submit("sim", ImagineRequest(prompt="second"))
    assert second.queued_position == 0 and second.status == "NOT_START"  # code 22, next in line
    third = await service.submit("sim", ImagineRequest(prompt="third"), when_queue_full="defer")
    assert third.submit_state is SubmitState.DEFERRED and third.retry_at
    assert "queue" in (third.submit_reason or "").lower()
    third = await service.wait(third.id, timeout=15)
    assert third.status == "SUCCESS" and third.submit_attempts >= 2
    assert [t.prompt for t in sim.tasks.values()].count("third") == 1  # exactly one accepted submit
    assert rec.kinds(third.id)[:2] == ["added", "deferred"]
    for job in (first, second):
        assert (await service.wait(job.id, timeout=10)).status == "SUCCESS"


async def test_queue_full_without_deferring_is_refused_and_can_be_sent_again(
    sim: Simulator, make_service: ServiceFactory
) -> None:
    service: JobService = await make_service(sim)
    sim.force_next_submit("queue_full")
    job = await service.submit("sim", ImagineRequest(prompt="busy day"))
    assert job.submit_state is SubmitState.REFUSED and "queue" in (job.fail_reason or "").lower()
    again = await service.resubmit(job.id)
    assert again.parent_job_id == job.id and again.parent_button == "resubmit"
    assert (await service.wait(again.id, timeout=10)).status == "SUCCESS"


async def test_a_submit_that_may_have_arrived_is_unknown_and_never_resent(
    sim: Simulator, make_service: ServiceFactory, library: Library
) -> None:
    service: JobService = await make_service(sim)
    rec = Recorder(service)
    sim.faults.drop_after_processing_rate = 1.0
    job = await service.submit("sim", ImagineRequest(prompt="a fragile connection"))
    sim.faults.drop_after_processing_rate = 0.0
    assert job.submit_state is SubmitState.UNKNOWN and job.needs_attention
    assert rec.kinds(job.id) == ["added", "unknown"]
    assert [j.id for j in await asyncio.to_thread(library.attention_jobs)] == [job.id]
    assert service.planned(job.id) == frozenset()  # not resent, not tracked: the user decides
    assert len(api_requests(sim, "/submit/imagine")) == 1 and len(sim.tasks) == 1

    # Only the user's explicit decision sends it again: as a new job, the old one withdrawn.
    again = await service.resubmit(job.id)
    assert again.parent_job_id == job.id
    assert (await service.job(job.id)).submit_state is SubmitState.CANCELLED
    assert (await service.wait(again.id, timeout=10)).status == "SUCCESS"
    assert len(api_requests(sim, "/submit/imagine")) == 2


async def test_a_job_left_sending_by_a_crash_is_unknown_at_start_and_not_resent(
    sim: Simulator, make_service: ServiceFactory, library: Library
) -> None:
    # The crash: the job was written, the request may have left, the app died before the answer.
    job_id = (await asyncio.to_thread(library.add_job, profile="sim", action="IMAGINE", prompt="lost?")).id
    service: JobService = await make_service(sim, start=False)
    rec = Recorder(service)
    await service.start()
    assert rec.kinds(job_id) == ["unknown"]
    job = await service.job(job_id)
    assert job.submit_state is SubmitState.UNKNOWN and "stopped" in (job.submit_reason or "")
    assert service.planned(job_id) == frozenset()
    assert api_requests(sim, "/submit/") == []


async def test_a_restarted_service_resumes_tracking_and_downloads(
    make_sim: SimFactory, make_service: ServiceFactory, library: Library
) -> None:
    sim = await make_sim(dialect="new-api", speed=0.6)
    first: JobService = await make_service(sim)
    job = await first.submit("sim", ImagineRequest(prompt="an old mill"))
    await first.aclose()  # the app quits while the task runs
    assert not (await asyncio.to_thread(library.job, job.id)).is_finished

    second: JobService = await make_service(sim)
    job = await second.wait(job.id, timeout=10)
    assert job.status == "SUCCESS" and job.image(ImageKind.CANDIDATE, 1) is not None


async def test_a_task_the_server_forgot_keeps_its_entry_and_is_marked_lost(
    make_sim: SimFactory, make_service: ServiceFactory
) -> None:
    sim = await make_sim(dialect="midjourney-proxy", speed=5.0)
    service: JobService = await make_service(sim)
    rec = Recorder(service)
    job = await service.submit("sim", ImagineRequest(prompt="ephemeral"))
    assert service.planned(job.id) == {"track"}
    del sim.tasks[job.remote_id or ""]
    job = await service.wait(job.id, timeout=5)
    assert job.status == "LOST" and job.is_finished and "no longer knows" in (job.fail_reason or "")
    assert rec.kinds(job.id)[-1] == "lost"
    assert service.planned(job.id) == frozenset()  # no longer polled


async def test_downloads_are_retried_after_the_image_host_failed(sim: Simulator, make_service: ServiceFactory) -> None:
    service: JobService = await make_service(sim, retry_attempts=1)
    seen: list[tuple[str, str | None]] = []

    def on_event(event: object) -> None:
        kind, job = event.kind, event.job  # type: ignore[attr-defined]
        seen.append((kind, job.download_error))
        if kind == "finished":  # the image host breaks just as the result is ready
            sim.faults.include_image_host = True
            sim.faults.error_rate = 1.0
        elif kind == "updated" and job.download_error:
            sim.faults.error_rate = 0.0  # ... and recovers after the first failed round

    service.subscribe(on_event)
    job = await service.submit("sim", ImagineRequest(prompt="stormy harbour"))
    deadline = time.monotonic() + 30  # by the clock: a loaded CI machine makes each check slower
    while not job.downloaded_at and time.monotonic() < deadline:
        await asyncio.sleep(0.1)
        job = await service.job(job.id)
    image_gets = [
        (r.path.rsplit("/", 1)[-1], r.status)
        for r in sim.requests
        if r.server == "image" and "_progress_" not in r.path  # live previews are not results
    ]
    story = f"events {seen}, image requests {image_gets}"
    assert job.downloaded_at and job.download_error is None and job.download_attempts >= 1, story
    assert any(err for kind, err in seen if kind == "updated"), story
    assert seen[-1] == ("downloaded", None), story
    assert len(image_gets) >= 3 and image_gets[0][1] != 200 and image_gets[-1][1] == 200, story


async def test_the_image_url_rewrite_is_applied_to_downloads(sim: Simulator, make_service: ServiceFactory) -> None:
    port = sim.image_base_url.rsplit(":", 1)[1]
    rewrite = UrlRewrite(kind="host", value=f"http://localhost:{port}", match="127.0.0.1")
    service: JobService = await make_service(sim, profile=profile_for(sim, image_url_rewrite=rewrite))
    job = await service.wait((await service.submit("sim", ImagineRequest(prompt="a mirror"))).id, timeout=10)
    assert job.downloaded_at is not None
    hosts = {r.headers.get("host") for r in sim.requests if r.server == "image"}
    assert hosts == {f"localhost:{port}"}
    grid = job.image(ImageKind.GRID)
    assert grid is not None and (grid.source_url or "").startswith("http://127.0.0.1")  # as the server said


async def test_upload_finishes_at_once_with_the_urls(make_sim: SimFactory, make_service: ServiceFactory) -> None:
    from mjdesk.core.api import UploadRequest

    from .conftest import mask_data_url as png_data_url

    sim = await make_sim(dialect="trueai")
    service: JobService = await make_service(sim)
    job = await service.submit("sim", UploadRequest(images=[png_data_url(64, 64)]))
    assert job.is_finished and job.status == "SUCCESS" and job.submit_state is SubmitState.ACCEPTED
    assert job.raw and job.raw["urls"][0].startswith("http") and job.downloaded_at
    assert "data:" not in str(job.request_summary)  # only type, size and hash of the image
