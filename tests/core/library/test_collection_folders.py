"""Collections: named folders of jobs (a job in many), renamed and deleted without losing jobs."""

from __future__ import annotations

import sqlite3

import pytest

from mjdesk.core.contact_sheet import cell_text, default_paper, grid_of, page_label, paginate
from mjdesk.core.library import (
    CollectionExistsError,
    CollectionNotFoundError,
    JobQuery,
    Library,
)
from mjdesk.core.library.schema import MIGRATIONS, migrate
from mjdesk.core.paths import AppPaths


def _jobs(lib: Library, n: int) -> list[int]:
    return [lib.add_job(profile="p", action="IMAGINE", prompt=f"job {i}").id for i in range(n)]


def test_create_rename_delete_keeps_the_jobs(lib: Library) -> None:
    ids = _jobs(lib, 5)
    moods = lib.create_collection("  Mood   board ")
    assert (moods.name, moods.count) == ("Mood board", 0)  # an empty collection exists
    client = lib.create_collection("Client X")
    assert [c.name for c in lib.collections()] == ["Mood board", "Client X"]  # in the order made

    assert lib.add_to_collection(moods.id, ids[:3]) == 3
    assert lib.add_to_collection(moods.id, [ids[2], ids[3], 9999]) == 1  # already in / unknown: skipped
    assert lib.add_to_collection(client.id, [ids[0]]) == 1  # a job in two collections
    assert {c.name: c.count for c in lib.collections()} == {"Mood board": 4, "Client X": 1}
    assert lib.collection_job_ids(moods.id) == list(reversed(ids[:4]))  # newest first
    assert lib.collections_of(ids) == {ids[0]: ["Mood board", "Client X"], ids[1]: ["Mood board"],
                                       ids[2]: ["Mood board"], ids[3]: ["Mood board"]}  # fmt: skip
    assert {j.id for j in lib.recent_jobs(query=JobQuery(collection=moods.id))} == set(ids[:4])
    assert lib.count_jobs(JobQuery(collection=client.id, search="job 0")) == 1

    with pytest.raises(CollectionExistsError):
        lib.create_collection("mood BOARD")  # names compare without case
    with pytest.raises(CollectionExistsError):
        lib.rename_collection(client.id, "Mood Board")
    with pytest.raises(ValueError):
        lib.create_collection("   ")
    renamed = lib.rename_collection(moods.id, "Autumn moods")
    assert (renamed.name, renamed.count) == ("Autumn moods", 4)
    assert lib.rename_collection(moods.id, "autumn Moods").name == "autumn Moods"  # its own name, recased
    assert lib.collection_named("AUTUMN MOODS") is not None

    assert lib.remove_from_collection(moods.id, [ids[1], ids[4]]) == 1  # ids[4] was never in it
    assert lib.delete_collection(moods.id) == 3  # says how many it held
    assert lib.count_jobs() == 5  # ...and they all stay in the library
    assert lib.collections_of(ids) == {ids[0]: ["Client X"]}
    with pytest.raises(CollectionNotFoundError):
        lib.delete_collection(moods.id)
    with pytest.raises(CollectionNotFoundError):
        lib.add_to_collection(moods.id, ids)


def test_deleting_a_job_takes_it_out_of_its_collections(lib: Library) -> None:
    ids = _jobs(lib, 3)
    folder = lib.create_collection("Keep")
    lib.add_to_collection(folder.id, ids)
    lib.delete_jobs([ids[1]])
    assert lib.collection(folder.id).count == 2
    assert lib.collection_job_ids(folder.id) == [ids[2], ids[0]]


def test_collections_can_be_reordered(lib: Library) -> None:
    a, _b, c = (lib.create_collection(n) for n in ("A", "B", "C"))
    lib.reorder_collections([c.id, a.id])
    assert [x.name for x in lib.collections()] == ["C", "A", "B"]
    lib.create_collection("D")
    assert lib.collections()[-1].name == "D"  # a new one goes last


def test_the_migration_upgrades_a_library_of_the_previous_version(paths: AppPaths) -> None:
    paths.data.mkdir(parents=True)
    conn = sqlite3.connect(paths.database, isolation_level=None)
    migrate(conn, MIGRATIONS[:-1])
    conn.execute(
        "INSERT INTO jobs (profile, action, submit_state, status, created_at, updated_at) "
        "VALUES ('p', 'IMAGINE', 'accepted', 'SUCCESS', 1, 1)"
    )
    conn.close()
    with Library.open(paths) as lib:
        folder = lib.create_collection("Old jobs")
        assert lib.add_to_collection(folder.id, [1]) == 1
        assert lib.collections_of([1]) == {1: ["Old jobs"]}


def test_the_contact_sheet_plan() -> None:
    assert grid_of(4) == (2, 2) and grid_of(6) == (2, 3) and grid_of(12) == (3, 4) and grid_of(7) == (3, 3)
    assert paginate(list(range(7)), 4) == [[0, 1, 2, 3], [4, 5, 6]]
    assert paginate([], 6) == [[]]  # a sheet has a page even when empty
    assert page_label(1, 3) == "1 / 3"
    assert default_paper("en_US.UTF-8") == "Letter" and default_paper("es-MX") == "Letter"
    assert default_paper("zh_CN") == "A4" and default_paper("en_GB") == "A4" and default_paper("C") == "A4"
    text = cell_text("https://cdn.example/ref.png  一只 红狐狸\n in snow --ar 3:2 --v 7 --raw")
    assert (text.prompt, text.parameters) == ("一只 红狐狸 in snow", "--ar 3:2 --v 7 --raw")
