from __future__ import annotations

import pytest

from mjdesk.core.library import (
    STATUS_SUBMITTING,
    ImageKind,
    InvalidTransitionError,
    JobNotFoundError,
    Library,
    LibraryError,
    NewImage,
    PayloadInSummaryError,
    SubmitState,
    TaskUpdate,
)

from .conftest import png


def _imagine(lib: Library, prompt: str = "a lighthouse at dusk", profile: str = "home") -> int:
    summary = {"images": [{"name": "ref.png", "size": 1234, "sha256": "ab" * 32}]}
    return lib.add_job(
        profile=profile, action="IMAGINE", prompt=prompt, params={"ar": "16:9"}, request_summary=summary
    ).id


def test_a_job_is_recorded_as_sending_before_anything_is_sent(lib: Library) -> None:
    job = lib.job(_imagine(lib))
    assert job.submit_state is SubmitState.SENDING
    assert job.status == STATUS_SUBMITTING
    assert job.params == {"ar": "16:9"}
    assert job.request_summary["images"][0]["name"] == "ref.png"
    assert job.created_at > 0 and job.remote_id is None and not job.is_finished


def test_full_life_cycle_to_success_with_images(lib: Library) -> None:
    job_id = _imagine(lib)
    job = lib.mark_submitted(job_id, "1720000000001", {"code": 22, "description": "排队中"}, 3)
    assert (job.submit_state, job.status, job.queued_position) == (SubmitState.ACCEPTED, "SUBMITTED", 3)
    assert job.submit_answer == {"code": 22, "description": "排队中"}
    assert lib.unfinished_jobs("home")[0].id == job_id

    assert lib.update_from_task(job_id, "IN_PROGRESS", progress=45, image_url="https://cdn/preview.webp")
    buttons = [{"customId": f"MJ::JOB::upsample::{i}::h", "label": f"U{i}"} for i in range(1, 5)]
    assert lib.update_from_task(
        job_id,
        "SUCCESS",
        progress=100,
        final_prompt="a lighthouse at dusk --v 7",
        buttons=buttons,
        raw={"id": "1720000000001", "status": "SUCCESS"},
        image_url="https://cdn/grid.png",
        start_time=10,
        finish_time=20,
    )
    job = lib.job(job_id)
    assert job.status == "SUCCESS" and job.progress == 100 and job.is_finished
    assert job.queued_position is None
    assert job.buttons == buttons and job.raw == {"id": "1720000000001", "status": "SUCCESS"}
    assert (job.remote_start_time, job.remote_finish_time) == (10, 20)
    assert lib.unfinished_jobs() == []
    assert [j.id for j in lib.jobs_needing_download()] == [job_id]

    grid = NewImage(ImageKind.GRID, png("grid"), width=2048, height=2048, source_url="https://cdn/grid.png")
    quads = [NewImage(ImageKind.CANDIDATE, png(f"q{i}"), index=i, width=1024, height=1024) for i in range(1, 5)]
    thumb = NewImage(ImageKind.THUMBNAIL, png("thumb"), width=256, height=256, mime="image/png")
    stored = lib.add_images(job_id, [grid, *quads, thumb], downloaded=True)
    assert [im.kind for im in stored] == [ImageKind.GRID, *[ImageKind.CANDIDATE] * 4, ImageKind.THUMBNAIL]
    sources = [grid, *quads, thumb]
    assert all(im.path.read_bytes() == src.data for im, src in zip(stored, sources, strict=True))
    job = lib.job(job_id)
    assert job.downloaded_at is not None and lib.jobs_needing_download() == []
    assert job.cover is not None and job.cover.kind is ImageKind.THUMBNAIL
    candidate = job.image(ImageKind.CANDIDATE, 3)
    assert candidate is not None and (candidate.width, candidate.size) == (1024, len(png("q3")))
    assert lib.job_by_remote("home", "1720000000001").id == job_id
    assert lib.job_by_remote("other", "1720000000001") is None


def test_refused_is_final_and_explained(lib: Library) -> None:
    job_id = _imagine(lib)
    job = lib.mark_refused(job_id, "可能包含敏感词", {"code": 24, "properties": {"bannedWord": "x"}})
    assert job.submit_state is SubmitState.REFUSED and job.status == "FAILURE"
    assert job.fail_reason == job.submit_reason == "可能包含敏感词" and job.is_finished
    assert lib.unfinished_jobs() == []
    with pytest.raises(InvalidTransitionError):
        lib.mark_submitted(job_id, "late", {"code": 1})
    assert not lib.update_from_task(job_id, "SUCCESS")


def test_unknown_is_shown_and_never_sent_again_as_the_same_job(lib: Library) -> None:
    job_id = _imagine(lib)
    job = lib.mark_submit_unknown(job_id, "connection dropped after sending")
    assert job.submit_state is SubmitState.UNKNOWN and job.needs_attention
    assert job.submit_reason == "connection dropped after sending"
    assert lib.unfinished_jobs() == []  # nothing to poll or send: it waits for the user
    assert [j.id for j in lib.attention_jobs()] == [job_id]
    with pytest.raises(InvalidTransitionError):
        lib.mark_sending(job_id)


def test_unknown_job_found_on_the_server_is_reconciled(lib: Library) -> None:
    job_id = _imagine(lib)
    lib.mark_submit_unknown(job_id, "timeout")
    job = lib.mark_submitted(job_id, "42", {"code": 1})
    assert job.submit_state is SubmitState.ACCEPTED and job.submit_reason is None


def test_unknown_job_can_be_abandoned_by_the_user(lib: Library) -> None:
    job_id = _imagine(lib)
    lib.mark_submit_unknown(job_id, "timeout")
    job = lib.mark_abandoned(job_id, "user gave up")
    assert (job.submit_state, job.status, job.is_finished) == (SubmitState.CANCELLED, "CANCEL", True)
    assert lib.attention_jobs() == []


def test_deferred_is_resumed_and_only_one_claimant_resends(lib: Library) -> None:
    job_id = _imagine(lib)
    job = lib.mark_deferred(job_id, "队列已满，请稍后尝试", retry_at=5_000, submit_answer={"code": 23})
    assert job.submit_state is SubmitState.DEFERRED and job.retry_at == 5_000
    assert [j.id for j in lib.unfinished_jobs()] == [job_id]
    lib.mark_sending(job_id)
    with pytest.raises(InvalidTransitionError):
        lib.mark_sending(job_id)  # the second claimant must not send
    job = lib.job(job_id)
    assert job.submit_state is SubmitState.SENDING and job.retry_at is None and job.submit_attempts == 2
    assert lib.mark_submitted(job_id, "99", {"code": 1}).submit_state is SubmitState.ACCEPTED


def test_deferred_job_can_be_refused_or_abandoned(lib: Library) -> None:
    a, b = _imagine(lib), _imagine(lib)
    lib.mark_deferred(a, "queue full", retry_at=1)
    lib.mark_deferred(b, "queue full", retry_at=1)
    assert lib.mark_refused(a, "the saved request is gone").status == "FAILURE"
    assert lib.mark_abandoned(b, "cancelled while waiting").status == "CANCEL"
    assert lib.unfinished_jobs() == []


def _modal_job(lib: Library) -> int:
    parent = _imagine(lib)
    job_id = lib.add_job(
        profile="home", action="INPAINT", parent_job_id=parent, parent_button="MJ::Inpaint::1::h::SOLO"
    ).id
    remote = f"M{job_id}"
    job = lib.mark_submitted(job_id, remote, {"code": 21, "properties": {"finalPrompt": ""}}, status="MODAL")
    assert job.modal_pending and job.needs_attention
    return job_id


def test_modal_answer_keeps_the_job_and_its_task_id(lib: Library) -> None:
    job_id = _modal_job(lib)
    job = lib.note_modal_answer(job_id, "a red door", {"code": 1, "result": f"M{job_id}"})
    assert (job.submit_state, job.status, job.remote_id) == (SubmitState.ACCEPTED, "SUBMITTED", f"M{job_id}")
    assert job.prompt == "a red door" and job.submit_attempts == 2 and not job.modal_pending
    assert lib.search("red door")[0].id == job_id
    with pytest.raises(InvalidTransitionError):
        lib.note_modal_answer(job_id, "twice", {"code": 1})


def test_modal_answer_of_unknown_fate_stays_modal_and_polled(lib: Library) -> None:
    job_id = _modal_job(lib)
    job = lib.note_modal_answer(job_id, "a red door", None, "timeout")
    assert job.modal_pending and job.submit_reason == "timeout"
    assert job_id in [j.id for j in lib.unfinished_jobs()]
    assert lib.update_from_task(job_id, "IN_PROGRESS", progress=5)  # it did arrive after all
    assert not lib.job(job_id).modal_pending


def test_modal_can_be_refused_or_abandoned(lib: Library) -> None:
    job = lib.mark_refused(_modal_job(lib), "mask rejected", {"code": 4})
    assert (job.submit_state, job.status, job.is_finished) == (SubmitState.REFUSED, "FAILURE", True)
    job = lib.mark_abandoned(_modal_job(lib), "the modal was abandoned")
    assert (job.submit_state, job.status, job.is_finished) == (SubmitState.CANCELLED, "CANCEL", True)
    assert lib.attention_jobs() == []


def test_accepted_jobs_are_not_refused_or_abandoned_outside_a_modal(lib: Library) -> None:
    job_id = _imagine(lib)
    lib.mark_submitted(job_id, "r", {"code": 1})
    with pytest.raises(InvalidTransitionError):
        lib.mark_refused(job_id, "no")
    with pytest.raises(InvalidTransitionError):
        lib.mark_abandoned(job_id, "no")


def test_an_upload_is_done_when_answered(lib: Library) -> None:
    job = lib.add_job(profile="home", action="UPLOAD", request_summary={"files": [{"size": 10}]})
    urls = ["https://cdn.example/a.png", "https://cdn.example/b.png"]
    job = lib.mark_uploaded(job.id, {"code": 1, "result": urls}, urls)
    assert job.status == "SUCCESS" and job.is_finished and job.downloaded_at is not None
    assert job.raw == {"urls": urls} and job.image_url == urls[0]
    assert lib.unfinished_jobs() == [] and lib.jobs_needing_download() == []


def test_imagine_all_fans_out_into_children(lib: Library) -> None:
    describe = _imagine(lib)
    pressed = lib.add_job(
        profile="home", action="IMAGINE", parent_job_id=describe, parent_button="MJ::Job::PicReader::all"
    )
    done = lib.mark_fanned_out(pressed.id, {"code": 1, "result": "t1,t2"})
    assert done.status == "SUCCESS" and done.is_finished and done.remote_id is None
    for remote in ("t1", "t2"):
        child = lib.add_job(profile="home", action="IMAGINE", parent_job_id=pressed.id)
        lib.mark_submitted(child.id, remote, {"code": 1})
    assert [c.remote_id for c in lib.children(pressed.id)] == ["t1", "t2"]


def test_stale_poll_answers_never_unfinish_a_job(lib: Library) -> None:
    job_id = _imagine(lib)
    lib.mark_submitted(job_id, "7", {"code": 1})
    assert lib.update_from_task(job_id, "FAILURE", fail_reason="任务超时")
    assert not lib.update_from_task(job_id, "IN_PROGRESS", progress=80)
    job = lib.job(job_id)
    assert job.status == "FAILURE" and job.fail_reason == "任务超时"


def test_none_fields_leave_stored_values_alone(lib: Library) -> None:
    job_id = _imagine(lib)
    lib.mark_submitted(job_id, "8", {"code": 1})
    lib.update_from_task(job_id, "IN_PROGRESS", progress=30, final_prompt="fp", buttons=[{"customId": "a"}])
    lib.update_from_task(job_id, "IN_PROGRESS")
    job = lib.job(job_id)
    assert (job.progress, job.final_prompt, job.buttons) == (30, "fp", [{"customId": "a"}])


def test_new_api_100_percent_counts_as_terminal_when_the_caller_says_so(lib: Library) -> None:
    job_id = _imagine(lib)
    lib.mark_submitted(job_id, "9", {"code": 1})
    lib.update_from_task(job_id, "IN_PROGRESS", progress=100, terminal=True)
    assert lib.job(job_id).is_finished and lib.unfinished_jobs() == []


def test_update_many_is_one_batch_and_reports_what_changed(lib: Library) -> None:
    ids = [_imagine(lib, f"prompt {i}") for i in range(5)]
    for i, job_id in enumerate(ids[:4]):
        lib.mark_submitted(job_id, f"r{i}", {"code": 1})
    updates = [TaskUpdate(job_id, "IN_PROGRESS", progress=50) for job_id in ids]
    updates.append(TaskUpdate(10_000, "SUCCESS"))
    changed = lib.update_many(updates)
    assert changed == ids[:4]  # ids[4] is still sending; 10000 does not exist
    assert [j.progress for j in lib.jobs([*changed, 10_000])] == [50] * 4
    assert {j.progress for j in lib.unfinished_jobs() if j.submit_state is SubmitState.ACCEPTED} == {50}


def test_update_many_rolls_back_entirely_on_error(lib: Library) -> None:
    job_id = _imagine(lib)
    lib.mark_submitted(job_id, "r", {"code": 1})
    bad = TaskUpdate(job_id, "IN_PROGRESS", raw={"unserialisable": object()})
    with pytest.raises(TypeError):
        lib.update_many([TaskUpdate(job_id, "IN_PROGRESS", progress=10), bad])
    assert lib.job(job_id).progress is None


def test_one_remote_id_belongs_to_one_job_per_profile(lib: Library) -> None:
    a, b = _imagine(lib), _imagine(lib)
    lib.mark_submitted(a, "same", {"code": 1})
    with pytest.raises(LibraryError, match="already recorded"):
        lib.mark_submitted(b, "same", {"code": 1})
    assert lib.job(b).submit_state is SubmitState.SENDING


def test_interrupted_sends_become_unknown(lib: Library) -> None:
    job_id = _imagine(lib)
    assert lib.mark_stale_sending_unknown(older_than_ms=60_000, reason="app stopped") == []
    assert lib.mark_stale_sending_unknown(older_than_ms=-1, reason="app stopped") == [job_id]
    assert lib.job(job_id).submit_state is SubmitState.UNKNOWN


def test_download_failures_are_counted(lib: Library) -> None:
    job_id = _imagine(lib)
    assert lib.mark_download_failed(job_id, "HTTP 403").download_attempts == 1
    job = lib.mark_download_failed(job_id, "HTTP 403")
    assert (job.download_attempts, job.download_error) == (2, "HTTP 403")
    assert lib.mark_downloaded(job_id).download_error is None


@pytest.mark.parametrize("where", ["params", "request_summary"])
def test_image_payloads_are_refused(lib: Library, where: str) -> None:
    payload = {"images": ["data:image/png;base64,iVBORw0KGgo="]}
    with pytest.raises(PayloadInSummaryError, match=where):
        lib.add_job(profile="p", action="BLEND", **{where: payload})
    with pytest.raises(PayloadInSummaryError):
        lib.add_job(profile="p", action="BLEND", **{where: {"base64": "A" * 50_000}})
    assert lib.count_jobs() == 0


def test_unknown_ids_raise(lib: Library) -> None:
    with pytest.raises(JobNotFoundError):
        lib.job(123)
    with pytest.raises(JobNotFoundError):
        lib.mark_submitted(123, "x", {})
    with pytest.raises(JobNotFoundError):
        lib.add_job(profile="p", action="UPSCALE", parent_job_id=123)
    with pytest.raises(JobNotFoundError):
        lib.add_image(123, ImageKind.GRID, png("x"))


def test_candidates_need_an_index(lib: Library) -> None:
    with pytest.raises(ValueError, match="index"):
        lib.add_image(_imagine(lib), ImageKind.CANDIDATE, png("x"))


def test_outer_transaction_makes_calls_atomic(lib: Library) -> None:
    with pytest.raises(RuntimeError), lib.transaction():
        job_id = _imagine(lib)
        lib.mark_submitted(job_id, "t", {"code": 1})
        raise RuntimeError("crash before commit")
    assert lib.count_jobs() == 0


def test_a_failed_inner_call_rolls_back_only_itself(lib: Library) -> None:
    with lib.transaction():
        kept = _imagine(lib)
        with pytest.raises(PayloadInSummaryError):
            lib.add_job(profile="p", action="BLEND", params={"img": "data:image/png;base64,AAAA"})
        with pytest.raises(InvalidTransitionError):
            lib.mark_sending(kept)  # a failed compare-and-set inside the outer transaction
    assert [j.id for j in lib.recent_jobs()] == [kept]


def test_writes_are_refused_inside_a_read_snapshot(lib: Library) -> None:
    with lib._snapshot(), pytest.raises(RuntimeError, match="snapshot"):
        _imagine(lib)
    assert lib.count_jobs() == 0
