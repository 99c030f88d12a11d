"""Jobs the user dismissed from the gallery stay in the library, marked hidden; a library from
before the flag is upgraded with every job visible."""

from __future__ import annotations

import sqlite3

from mjdesk.core.library import JobQuery, Library
from mjdesk.core.library.schema import MIGRATIONS, migrate
from mjdesk.core.paths import AppPaths


def test_an_old_library_gets_the_flag_with_every_job_visible(paths: AppPaths) -> None:
    paths.ensure()
    conn = sqlite3.connect(paths.database, isolation_level=None)
    migrate(conn, MIGRATIONS[:1])
    conn.execute(
        "INSERT INTO jobs (profile, action, submit_state, status, created_at, updated_at) "
        "VALUES ('p', 'IMAGINE', 'refused', 'FAILURE', 1, 1)"
    )
    conn.close()
    with Library.open(paths) as lib:
        [job] = lib.recent_jobs()
        assert job.hidden is False


def test_hidden_jobs_stay_in_the_library_but_out_of_visible_queries(lib: Library) -> None:
    kept = lib.add_job(profile="p", action="IMAGINE", prompt="a good one")
    failed = [lib.add_job(profile="p", action="IMAGINE", prompt=f"failed {i}") for i in range(3)]
    for job in failed:
        lib.mark_refused(job.id, "no")
    lib.set_hidden([failed[0].id, failed[1].id], True)
    assert lib.job(failed[0].id).hidden and not lib.job(failed[2].id).hidden
    assert [j.id for j in lib.recent_jobs(query=JobQuery(hidden=False))] == [failed[2].id, kept.id]
    assert lib.count_jobs(query=JobQuery(hidden=False)) == 2 and lib.count_jobs() == 4
    assert {j.id for j in lib.recent_jobs(query=JobQuery(hidden=True))} == {failed[0].id, failed[1].id}
    lib.set_hidden([failed[0].id], False)
    assert not lib.job(failed[0].id).hidden
