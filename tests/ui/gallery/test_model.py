"""The gallery model over a real library: paging, filters, search, live updates; 10,000 jobs."""

from __future__ import annotations

import time

from mjdesk.core.library import Library
from mjdesk.ui.gallery.model import PAGE, GalleryFilter, GalleryModel, JobRole
from tests.support.gallery_library import fill

from ..conftest import until


async def test_ten_thousand_jobs_load_page_by_page(library: Library, qtbot) -> None:
    start = time.perf_counter()
    ids = fill(library, 10_000)
    assert time.perf_counter() - start < 10
    model = GalleryModel()
    model.set_library(library)
    await until(lambda: model.rowCount() == PAGE and not model.loading, what="the first page")
    assert model.total == 10_000
    assert model.index(0).data(JobRole).id == ids[-1]  # newest first
    assert model.canFetchMore()
    model.fetchMore()
    await until(lambda: model.rowCount() == 2 * PAGE, what="the second page")
    rows = [model.job_at(r).id for r in range(model.rowCount())]
    assert rows == sorted(rows, reverse=True) and len(set(rows)) == len(rows)


async def test_filters_and_search_reload(library: Library, qtbot) -> None:
    fill(library, 500, running_every=5)
    model = GalleryModel()
    model.set_library(library)
    await until(lambda: model.total == 500, what="load")
    model.set_filter(GalleryFilter(statuses=("IN_PROGRESS",)))
    await until(lambda: model.total == 100 and model.rowCount() == 100, what="status filter")
    assert all(model.job_at(r).status == "IN_PROGRESS" for r in range(100))
    model.set_filter(GalleryFilter(search="lighthouse"))
    await until(lambda: not model.loading and model.rowCount() > 0, what="search")
    assert all("lighthouse" in model.job_at(r).prompt for r in range(model.rowCount()))
    assert model.total < 500


async def test_a_new_job_goes_to_the_top_and_updates_change_only_their_row(library: Library, qtbot) -> None:
    fill(library, 10)
    model = GalleryModel()
    model.set_library(library)
    await until(lambda: model.rowCount() == 10, what="load")
    changed: list[tuple[int, int]] = []
    model.dataChanged.connect(lambda a, b: changed.append((a.row(), b.row())))
    job = library.add_job(profile="bench", action="IMAGINE", prompt="a new one")
    model.job_changed(job)
    # New jobs go in together, a moment later: a burst of them (a matrix) is one insert.
    others = [library.add_job(profile="bench", action="IMAGINE", prompt=f"burst {n}") for n in range(3)]
    inserted: list[tuple[int, int]] = []
    model.rowsInserted.connect(lambda _parent, first, last: inserted.append((first, last)))
    for other in others:
        model.job_changed(other)
    await until(lambda: model.rowCount() == 14, what="the burst")
    assert inserted == [(0, 3)]
    assert [model.job_at(r).prompt for r in range(4)] == ["burst 2", "burst 1", "burst 0", "a new one"]
    assert model.row_of(job.id) == 3
    library.mark_submitted(job.id, "r-new", {"code": 1})
    library.update_from_task(job.id, "IN_PROGRESS", progress=50)
    model.job_changed(library.job(job.id))
    assert changed == [(3, 3)]
    assert model.job_at(3).progress == 50
    model.set_filter(GalleryFilter(favourite=True))
    await until(lambda: not model.loading, what="reload")
    model.job_changed(library.job(job.id))  # not a favourite: stays out
    assert model.rowCount() == 0
