"""Culling in the library (issue 15): star ratings and rejects on jobs, the filters on them, and
what "Delete rejected" would remove — files another job shares by content are kept and not counted."""

from __future__ import annotations

import sqlite3

import pytest

from mjdesk.core.library import ImageKind, JobQuery, Library
from mjdesk.core.library.schema import MIGRATIONS, migrate
from mjdesk.core.paths import AppPaths

from .conftest import png


def _job(lib: Library, prompt: str) -> int:
    return lib.add_job(profile="p", action="IMAGINE", prompt=prompt).id


def test_an_old_library_gets_unrated_unrejected_jobs(paths: AppPaths) -> None:
    paths.ensure()
    conn = sqlite3.connect(paths.database, isolation_level=None)
    migrate(conn, MIGRATIONS[:4])
    conn.execute(
        "INSERT INTO jobs (profile, action, submit_state, status, created_at, updated_at) "
        "VALUES ('p', 'IMAGINE', 'accepted', 'SUCCESS', 1, 1)"
    )
    conn.close()
    with Library.open(paths) as lib:
        [job] = lib.recent_jobs()
        assert job.rating == 0 and job.rejected is False


def test_ratings_and_rejects_are_stored_and_filtered(lib: Library) -> None:
    a, b, c, d = (_job(lib, f"job {n}") for n in "abcd")
    before = lib.job(a).updated_at
    lib.set_rating([a], 5)
    lib.set_rating([b, c], 3)
    lib.set_rejected([c, d], True)
    assert (lib.job(a).rating, lib.job(b).rating, lib.job(c).rating, lib.job(d).rating) == (5, 3, 3, 0)
    assert lib.job(c).rejected is True and lib.job(a).rejected is False
    assert lib.job(a).updated_at > before  # a job event read earlier cannot paint the old stars back

    def ids(query: JobQuery) -> set[int]:
        return {j.id for j in lib.recent_jobs(query=query)}

    assert ids(JobQuery(min_rating=3)) == {a, b, c}
    assert ids(JobQuery(min_rating=4)) == {a}
    assert ids(JobQuery(min_rating=0)) == {a, b, c, d}
    assert ids(JobQuery(rejected=False)) == {a, b}
    assert ids(JobQuery(rejected=True)) == {c, d}
    assert ids(JobQuery(min_rating=3, rejected=False)) == {a, b}
    assert lib.count_jobs(JobQuery(rejected=True)) == 2

    # Taking a reject back keeps the stars it had; 0 clears a rating.
    lib.set_rejected([c], False)
    assert lib.job(c).rating == 3 and not lib.job(c).rejected
    lib.set_rating([a], 0)
    assert lib.job(a).rating == 0
    for bad in (-1, 6):
        with pytest.raises(ValueError, match="0 to 5"):
            lib.set_rating([a], bad)


def test_delete_rejected_counts_only_files_no_kept_job_shares(lib: Library) -> None:
    kept, twin, lone = _job(lib, "kept"), _job(lib, "rejected twin"), _job(lib, "rejected alone")
    shared = png("the same grid in two jobs")  # e.g. a job imported twice
    lib.add_image(kept, ImageKind.GRID, shared)
    lib.add_image(twin, ImageKind.GRID, shared)
    twin_own = lib.add_image(twin, ImageKind.CANDIDATE, png("twin's candidate 1") + b"x" * 1000, index=1)
    # Two rejected jobs sharing one file between them: it goes, once.
    both = png("only the rejected use this") + b"y" * 500
    lone_a = lib.add_image(lone, ImageKind.GRID, both)
    lib.add_image(lone, ImageKind.CANDIDATE, both, index=2)
    lib.add_image(twin, ImageKind.CANDIDATE, both, index=2)
    lib.set_rejected([twin, lone], True)

    plan = lib.rejected_files()
    assert plan.job_ids == (twin, lone) and plan.jobs == 2
    assert plan.files == 2  # twin's own candidate + the file only rejected jobs share; not the kept grid
    assert plan.bytes == twin_own.size + lone_a.size

    shared_path = lib.job(kept).images[0].path
    gone = [twin_own.path, lone_a.path]
    assert lib.delete_jobs(plan.job_ids) == 2
    assert shared_path.exists() and not any(p.exists() for p in gone)
    assert [j.id for j in lib.recent_jobs()] == [kept]
    assert lib.rejected_files().jobs == 0 and lib.rejected_files().files == 0


def test_delete_plan_of_nothing_and_of_unknown_ids(lib: Library) -> None:
    assert lib.delete_plan([]).jobs == 0
    job = _job(lib, "one")
    plan = lib.delete_plan([job, 9999])
    assert plan.job_ids == (job,) and plan.files == 0 and plan.bytes == 0
