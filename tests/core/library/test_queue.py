"""The user's queue in the library: order, cap, holds, pause — decided in one transaction each, so
two processes never send the same job or together exceed a server's cap."""

from __future__ import annotations

from mjdesk.core.library import STATUS_QUEUED, Library, SubmitState


def _queue(lib: Library, *prompts: str, profile: str = "home") -> list[int]:
    return [lib.add_job(profile=profile, action="IMAGINE", prompt=p, queued=True).id for p in prompts]


def test_a_queued_job_waits_unsent_last_in_line(lib: Library) -> None:
    a, b = _queue(lib, "a", "b")
    job = lib.job(b)
    assert (job.submit_state, job.status, job.held) == (SubmitState.DEFERRED, STATUS_QUEUED, False)
    assert job.waits_in_queue and not job.is_finished
    assert [j.id for j in lib.queued_jobs("home")] == [a, b]
    assert [j.id for j in lib.unfinished_jobs()] == [a, b]  # resumed at the next start


def test_claims_respect_the_cap_counting_jobs_sent_by_anyone(lib: Library) -> None:
    a, b, c, d = _queue(lib, "a", "b", "c", "d")
    other = lib.add_job(profile="home", action="IMAGINE", prompt="sent by the CLI")  # sending
    claim = lib.claim_queued("home", limit=10, cap=3)
    assert [j.id for j in claim.jobs] == [a, b] and claim.waiting == 2
    assert all(j.submit_state is SubmitState.SENDING for j in claim.jobs)
    assert lib.in_flight("home") == 3
    assert lib.claim_queued("home", limit=10, cap=3).jobs == []  # full: nothing more
    lib.mark_submitted(other.id, "t-1", {})
    lib.update_from_task(other.id, "SUCCESS", terminal=True)  # a slot frees
    assert [j.id for j in lib.claim_queued("home", limit=10, cap=3).jobs] == [c]
    assert [j.id for j in lib.claim_queued("home", limit=10, cap=None).jobs] == [d]
    assert lib.job(a).submit_attempts == 1  # leaving the queue is not a second attempt


def test_other_servers_and_modal_jobs_take_no_slot(lib: Library) -> None:
    (a,) = _queue(lib, "a")
    lib.add_job(profile="work", action="IMAGINE")
    modal = lib.add_job(profile="home", action="INPAINT")
    lib.mark_submitted(modal.id, "t-2", {}, status="MODAL")
    assert lib.in_flight("home") == 0 and lib.in_flight("work") == 1
    assert [j.id for j in lib.claim_queued("home", limit=5, cap=1).jobs] == [a]


def test_reorder_move_hold_and_pause(lib: Library) -> None:
    a, b, c, d = _queue(lib, "a", "b", "c", "d")
    lib.reorder_queue("home", [c, a])  # c and a swap places; b and d stay where they were
    assert [j.prompt for j in lib.queued_jobs("home")] == ["c", "b", "a", "d"]
    lib.move_in_queue(d, "top")
    lib.move_in_queue(c, "bottom")
    lib.move_in_queue(a, "up")
    assert [j.prompt for j in lib.queued_jobs("home")] == ["d", "a", "b", "c"]
    assert lib.set_held([a, b], True) == [a, b] and lib.set_held([a], True) == []
    lib.set_queue_paused("home", True)
    assert lib.queue_paused("home") and not lib.queue_paused("work")
    assert lib.claim_queued("home", limit=5, cap=None).jobs == []
    lib.set_queue_paused("home", False)
    assert [j.prompt for j in lib.claim_queued("home", limit=5, cap=None).jobs] == ["d", "c"]  # held skipped
    lib.set_held([a], False)
    assert [j.prompt for j in lib.claim_queued("home", limit=5, cap=None).jobs] == ["a"]


def test_a_refused_full_queue_blocks_the_line_until_its_retry(lib: Library) -> None:
    a, b = _queue(lib, "a", "b")
    (claimed,) = lib.claim_queued("home", limit=1, cap=None, now=1_000).jobs
    lib.mark_deferred(claimed.id, "queue full", retry_at=5_000)
    # Back in its place, first in line: nothing behind it goes before the server has room.
    assert [j.id for j in lib.queued_jobs("home")] == [a, b]
    claim = lib.claim_queued("home", limit=5, cap=None, now=2_000)
    assert claim.jobs == [] and claim.next_retry_at == 5_000
    claim = lib.claim_queued("home", limit=5, cap=None, now=5_000)
    assert [j.id for j in claim.jobs] == [a, b]
    assert lib.job(a).submit_attempts == 2  # its second try
