"""Favourites, tags and the gallery's filters and paging."""

from __future__ import annotations

import pytest

from mjdesk.core.library import JobNotFoundError, JobQuery, Library, SubmitState


def _jobs(lib: Library, n: int) -> list[int]:
    return [
        lib.add_job(profile="p" if i % 2 else "q", action="IMAGINE" if i % 3 else "BLEND", prompt=f"job {i}").id
        for i in range(n)
    ]


def test_favourites(lib: Library) -> None:
    a, b = _jobs(lib, 2)
    lib.set_favourite(a, True)
    assert lib.job(a).favourite and not lib.job(b).favourite
    assert [j.id for j in lib.recent_jobs(query=JobQuery(favourite=True))] == [a]
    lib.set_favourite(a, False)
    assert lib.count_jobs(query=JobQuery(favourite=True)) == 0
    with pytest.raises(JobNotFoundError):
        lib.set_favourite(999, True)


def test_tags(lib: Library) -> None:
    a, b, _c = _jobs(lib, 3)
    lib.add_tag(a, " Client X ")
    lib.add_tag(a, "client x")  # same tag, whatever the case
    lib.add_tag(a, "poster")
    lib.add_tag(b, "poster")
    assert lib.tags(a) == ["Client X", "poster"]
    assert lib.job(a).tags == ("Client X", "poster")
    assert lib.all_tags() == [("Client X", 1), ("poster", 2)]
    assert [j.id for j in lib.recent_jobs(query=JobQuery(tag="POSTER"))] == [b, a]
    lib.remove_tag(a, "poster")
    assert lib.count_jobs(query=JobQuery(tag="poster")) == 1
    with pytest.raises(ValueError):
        lib.add_tag(a, "  ")
    lib.delete_jobs([b])
    assert lib.all_tags() == [("Client X", 1)]


def test_recent_jobs_is_newest_first_and_pages(lib: Library) -> None:
    ids = _jobs(lib, 10)
    newest = list(reversed(ids))
    assert [j.id for j in lib.recent_jobs(limit=4)] == newest[:4]
    assert [j.id for j in lib.recent_jobs(limit=4, offset=4)] == newest[4:8]
    assert lib.count_jobs() == 10


def test_filters(lib: Library) -> None:
    ids = _jobs(lib, 6)
    lib.mark_submitted(ids[1], "r1", {"code": 1})
    lib.update_from_task(ids[1], "SUCCESS")
    lib.mark_refused(ids[2], "no")
    assert [j.id for j in lib.recent_jobs(query=JobQuery(status="SUCCESS"))] == [ids[1]]
    assert {j.id for j in lib.recent_jobs(query=JobQuery(status=["SUCCESS", "FAILURE"]))} == {ids[1], ids[2]}
    assert lib.recent_jobs(query=JobQuery(status=[])) == []
    assert lib.count_jobs(query=JobQuery(action="BLEND")) == 2
    assert lib.count_jobs(query=JobQuery(profile="p")) == 3
    assert lib.count_jobs(query=JobQuery(submit_state=SubmitState.SENDING)) == 4
    job = lib.job(ids[3])
    assert [j.id for j in lib.recent_jobs(query=JobQuery(since=job.created_at, until=job.created_at + 1))] == [
        j.id for j in lib.recent_jobs() if j.created_at == job.created_at
    ]
